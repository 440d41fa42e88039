"""Manim helpers: mobjects and animations built from simulation results.

Scenes (in ``scenes/``) subclass :class:`DataScene`; they read results and never compute maths.
Colours and fonts come from :data:`vizdl.style.THEME`, as the figures' do; :class:`DataScene`
sets the background. Formulas come from matplotlib's mathtext rendered to SVG (:func:`formula`),
so no TeX is needed.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UP,
    Axes,
    Mobject,
    Scene,
    SVGMobject,
    Text,
    ValueTracker,
    VGroup,
    VMobject,
)
from manim.constants import CapStyleType

from vizdl.style import THEME

__all__ = [
    "DataScene",
    "label",
    "pow10",
    "formula",
    "contour_lines",
    "interpolate_path",
    "make_trace",
    "make_marker",
    "make_log_panel",
    "make_step_counter",
    "to_scene",
    "clip_segments",
    "plane_axes",
    "make_switching_label",
    "interpolate_rows",
    "arrow_geometry",
    "make_live_arrow",
    "make_dot_cloud",
    "polyline_points",
]

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def label(text: str, font_size: float = 22, color: str | None = None, **kw: object) -> Text:
    """Plain text in the theme's font (Pango, no TeX), in its ink unless ``color`` is given."""
    return Text(text, font=THEME.font, font_size=font_size, color=color or THEME.ink, **kw)


def pow10(exponent: int) -> str:
    """``10⁻³`` style text for a power of ten (tick labels without TeX)."""
    return "10" + str(int(exponent)).translate(_SUPERSCRIPT)


class DataScene(Scene):
    """A scene driven by a simulation result.

    A scene holds no parameters: its numbers come from the gallery entry that uses it (the
    entry's ``compute``, ``params`` and ``seed``, declared once in ``gallery/``). The gallery
    engine sets ``data`` to the entry's computed result, so that the numbers written beside the
    video are the ones drawn. Run with the plain manim CLI (``manim -ql scenes/optimizers.py
    MomentumRavine``), the scene computes the data of the first gallery entry that uses it; set
    ``VIZDL_ENTRY=race-ravine-animation`` to pick another entry drawn by the same scene. The
    frames' background is the theme's.
    """

    data: object = None

    def __init__(self, **kwargs: object) -> None:
        # Cameras that also draw vizdl's lean mobjects (dot clouds, mesh surfaces, overlays).
        from manim import ThreeDScene

        from vizdl.render.manim.encoding import use_zero_copy_frames
        from vizdl.render.manim.lean import LeanCamera, LeanThreeDCamera

        use_zero_copy_frames()  # the encoder thread wraps frames instead of copying them
        lean = LeanThreeDCamera if isinstance(self, ThreeDScene) else LeanCamera
        kwargs.setdefault("camera_class", lean)
        super().__init__(**kwargs)
        self.camera.background_color = THEME.background

    def play_traced(
        self, targets: dict[ValueTracker, float], run_time: float, chunks: int = 8
    ) -> None:
        """Move each tracker linearly to its target over ``run_time``, in ``chunks`` plays,
        handing what every trace (:func:`make_trace`) has drawn so far to a still copy between
        plays.

        The frames are those of one linear ``play`` (frame i at alpha = i / (run_time × fps),
        the target set afterwards). But manim caches still mobjects as one background image at
        the start of each play, so a frame redraws at most about 1/chunks of each path instead
        of its whole history.
        """
        from manim import config

        fps = float(config.frame_rate)
        total = len(np.arange(0, run_time, 1 / fps))  # manim's own frame count for one play
        chunks = max(1, min(chunks, total))
        bounds = np.linspace(0, total, chunks + 1).round().astype(int)
        starts = {tr: tr.get_value() for tr in targets}

        def at(tr: ValueTracker, frame: int) -> float:
            # one linear play shows frame i at alpha = (i / fps) / run_time
            return starts[tr] + (targets[tr] - starts[tr]) * frame / (run_time * fps)

        for c in range(chunks):
            n = int(bounds[c + 1] - bounds[c])
            if c > 0:
                self._freeze_traces()
            for tr in targets:
                tr.set_value(at(tr, bounds[c]))
            # manim shows frames at t = 0, 1/fps, … < run_time, alpha = t / run_time: a run
            # time of (n − ½)/fps gives exactly n frames, and this rate puts frame i at i/n.
            self.play(
                *(tr.animate.set_value(at(tr, bounds[c + 1])) for tr in targets),
                run_time=(n - 0.5) / fps,
                rate_func=lambda a, n=n: a * (n - 0.5) / n,
            )
        for tr in targets:
            tr.set_value(targets[tr])
        # The last play stops one frame short of the targets; without this update the hold that
        # follows (a still wait) would show that frame, e.g. "step 29 / 30" and a trace not quite
        # at its end.
        self.update_mobjects(0)

    def _freeze_traces(self) -> None:
        layer = getattr(self, "_frozen_layer", None)
        if layer is None:
            # Still copies must sit before the first mobject that moves: manim redraws every
            # frame all mobjects from that one on, and caches those before it.
            layer = self._frozen_layer = VGroup()
            moving = [i for i, m in enumerate(self.mobjects) if m.get_family_updaters()]
            self.mobjects.insert(moving[0] if moving else len(self.mobjects), layer)
        seen: set[int] = set()
        for mob in self.mobjects:
            for m in mob.get_family():
                freeze = getattr(m, "freeze_here", None)
                if freeze is None or id(m) in seen:
                    continue
                seen.add(id(m))
                if m.has_points():
                    still = VMobject().set_points(m.points.copy())
                    still.match_style(m)
                    still.cap_style = m.cap_style
                    layer.add(still)
                freeze()

    def load(self) -> object:
        """The result this scene draws: the engine's, else its gallery entry's, computed now."""
        if self.data is not None:
            return self.data
        from vizdl.gallery.runner import call_compute

        entry = type(self).gallery_entry()
        np.random.seed(entry.seed)  # as the gallery runner does
        return call_compute(entry.compute, dict(entry.params), entry.seed)

    @classmethod
    def gallery_entry(cls, name: str | None = None) -> object:
        """The gallery entry whose animation this scene draws (an :class:`~vizdl.gallery.Entry`).

        ``name`` (default: ``$VIZDL_ENTRY``, else the first entry that uses this scene) picks
        one of the entries drawn by this scene. The gallery is the ``gallery/`` folder beside the
        scene's own ``scenes/`` folder. Raises :class:`~vizdl.gallery.GalleryError` with the
        entries allowed when no entry or another scene's entry is named.
        """
        import inspect

        from vizdl.gallery.registry import GalleryError, load_gallery

        name = name or os.environ.get("VIZDL_ENTRY") or None
        source = Path(inspect.getfile(cls)).resolve()
        reg = load_gallery(source.parents[1])
        me = f"{source.stem}:{cls.__name__}"
        uses = [
            e
            for e in reg.entries.values()
            if e.kind == "animation" and e.scene and e.scene.rpartition(".")[2] == me
        ]
        if not uses:
            raise GalleryError(
                f"no gallery entry in {source.parents[1] / 'gallery'} uses scene {me!r}; "
                "an entry names it with scene='scenes.<module>:<Class>'"
            )
        if name is None:
            return uses[0]
        for e in uses:
            if e.name == name:
                return e
        raise GalleryError(
            f"entry {name!r} is not drawn by scene {cls.__name__}; allowed: "
            + ", ".join(e.name for e in uses)
        )


_FORMULA_DIR = Path(tempfile.gettempdir()) / "vizdl-formulas"


def formula(equation: str, height: float = 0.5, color: str | None = None) -> SVGMobject:
    """A mathtext equation (``"$v_t = \\gamma v_{t-1} + \\eta\\nabla J$"``) as an SVG mobject,
    in the theme's ink unless ``color`` is given."""
    from vizdl.render.mpl import mathtext_svg

    svg = mathtext_svg(equation, color=color or THEME.ink)
    _FORMULA_DIR.mkdir(parents=True, exist_ok=True)
    path = _FORMULA_DIR / (hashlib.sha256(svg).hexdigest()[:16] + ".svg")
    if not path.exists():
        tmp = path.with_suffix(f".{id(svg)}.tmp")
        tmp.write_bytes(svg)
        tmp.replace(path)
    mob = SVGMobject(str(path), height=height)
    return mob


def contour_lines(
    axes: Axes,
    X: np.ndarray,
    Y: np.ndarray,
    Z: np.ndarray,
    levels: Sequence[float],
    color: str | None = None,
    stroke_width: float = 1.5,
) -> VGroup:
    """Contour lines of ``Z`` (on the grid ``X, Y``) as smooth VMobjects in ``axes`` coordinates,
    in the theme's contour grey unless ``color`` is given."""
    import contourpy

    color = color or THEME.contour

    gen = contourpy.contour_generator(X, Y, Z)
    group = VGroup()
    for level in levels:
        for line in gen.lines(level):
            if len(line) < 3:
                continue
            m = VMobject(stroke_color=color, stroke_width=stroke_width)
            m.set_points_smoothly(to_scene(axes, line))
            group.add(m)
    return group


_AFFINE_CACHE: dict[int, tuple[bytes, np.ndarray, np.ndarray]] = {}


def _affine(axes: Axes, dim: int) -> tuple[np.ndarray, np.ndarray]:
    """Origin and unit vectors of ``axes`` in scene coordinates, cached until the axes move.

    The key is the axis lines' end points (a few array reads); recomputing needs ``dim + 1``
    ``c2p`` calls, which cost ~30 µs each and were a visible share of the frame time.
    """
    lines = [axes.x_axis, axes.y_axis] + ([axes.z_axis] if dim == 3 else [])
    key = b"".join(line.points[[0, -1]].tobytes() for line in lines)
    hit = _AFFINE_CACHE.get(id(axes))
    if hit is not None and hit[0] == key:
        return hit[1], hit[2]
    zero = [0.0] * dim
    o = np.asarray(axes.c2p(*zero), dtype=np.float64)
    units = []
    for i in range(dim):
        unit = list(zero)
        unit[i] = 1.0
        units.append(np.asarray(axes.c2p(*unit), dtype=np.float64) - o)
    basis = np.array(units)
    _AFFINE_CACHE[id(axes)] = (key, o, basis)
    return o, basis


def to_scene(axes: Axes, points: np.ndarray) -> np.ndarray:
    """``(T, 2)`` (or ``(T, 3)`` for 3-D axes) data coordinates to ``(T, 3)`` scene points, through
    the axes' current affine map (linear axes only); follows the axes wherever they have moved."""
    pts = np.asarray(points, dtype=np.float64)
    dim = pts.shape[-1]
    o, basis = _affine(axes, dim)
    return o + pts.reshape(-1, dim) @ basis


def clip_segments(points: np.ndarray, low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """Liang–Barsky clipping of each segment ``points[i] → points[i+1]`` to the box ``[low, high]``.

    Returns ``(T-1, 2)`` parameters ``(t0, t1)`` of the visible part of each segment (``t0 > t1``
    when none of it is visible, e.g. outside the box or not finite).
    """
    a, b = points[:-1], points[1:]
    t0 = np.zeros(len(a))
    t1 = np.ones(len(a))
    with np.errstate(divide="ignore", invalid="ignore"):
        d = b - a  # inf − inf for a diverged run: NaN, marked invisible below
        for axis in range(points.shape[1]):
            for p, q in (
                (-d[:, axis], a[:, axis] - low[axis]),
                (d[:, axis], high[axis] - a[:, axis]),
            ):
                r = q / p
                t0 = np.where(p < 0, np.maximum(t0, r), t0)
                t1 = np.where(p > 0, np.minimum(t1, r), t1)
                t1 = np.where((p == 0) & (q < 0), -1.0, t1)
    bad = ~np.all(np.isfinite(a) & np.isfinite(b), axis=1)
    t1[bad] = -1.0
    return np.stack([t0, t1], axis=1)


def interpolate_path(points: np.ndarray, t: float) -> np.ndarray:
    """The position at fractional step ``t`` along ``points`` ``(T+1, d)`` (linear between steps)."""
    t = float(np.clip(t, 0, len(points) - 1))
    k = int(np.floor(t))
    if k >= len(points) - 1:
        return points[-1]
    frac = t - k
    return (1 - frac) * points[k] + frac * points[k + 1]


def _visible_pieces(
    points: np.ndarray, clips: np.ndarray, t: float, start: float = 0.0
) -> list[np.ndarray]:
    """Polylines of the path from fractional step ``start`` to ``t``, cut where it leaves the box.

    Segment i runs from ``points[i]`` to ``points[i+1]``; ``clips[i] = (t0, t1)`` is its visible
    part (:func:`clip_segments`). A polyline continues from one segment to the next when the
    first leaves the box at its end (t1 = 1) and the next starts inside (t0 = 0).
    """
    t = float(np.clip(t, 0, len(points) - 1))
    start = float(np.clip(start, 0, t))
    k = int(np.floor(t))
    k0 = min(int(np.floor(start)), len(clips))
    n = min(k + 1, len(clips))
    if n <= k0:
        return []
    c = clips[k0:n].copy()
    c[0, 0] = max(c[0, 0], start - k0)
    if k < len(clips):
        c[k - k0, 1] = min(c[k - k0, 1], t - k)
    idx = k0 + np.flatnonzero(c[:, 0] <= c[:, 1])
    if len(idx) == 0:
        return []
    a = points[idx]
    d = points[idx + 1] - a
    ci = c[idx - k0]
    starts = a + ci[:, 0, None] * d
    ends = a + ci[:, 1, None] * d
    joined = (np.diff(idx) == 1) & (ci[:-1, 1] == 1.0) & (ci[1:, 0] == 0.0)
    breaks = np.flatnonzero(~joined) + 1
    return [
        np.vstack([starts[lo], ends[lo:hi]])
        for lo, hi in zip(np.r_[0, breaks], np.r_[breaks, len(idx)], strict=True)
    ]


def polyline_points(corners: np.ndarray) -> np.ndarray:
    """manim's cubic-Bézier points of the polyline through ``corners`` ``(m, 3)`` (what
    ``set_points_as_corners`` builds), in one numpy expression. A batch ``(n, m, 3)`` gives the
    n polylines one after another (separate sub-paths where they do not touch)."""
    a, b = corners[..., :-1, :], corners[..., 1:, :]
    return np.stack([a, a + (b - a) / 3, b - (b - a) / 3, b], axis=-2).reshape(-1, 3)


def make_trace(
    axes: Axes,
    points: np.ndarray,
    tracker: ValueTracker,
    color: str,
    width: float = 3.5,
    box: tuple[np.ndarray, np.ndarray] | None = None,
) -> VMobject:
    """The path through ``points`` up to the tracker's (fractional) step, redrawn every frame.

    With ``box=(low, high)`` the path is clipped to that box: parts outside are not drawn, and a
    path that leaves and comes back shows a gap (never a slide along the edge).

    The trace draws from ``frozen_until`` (a step, 0 at first) on: :meth:`DataScene.play_traced`
    hands the part drawn so far to a still copy between plays, so a frame redraws only the
    newest part instead of the whole history. Round caps make the two parts join seamlessly.
    """
    pts = np.asarray(points, dtype=np.float64)
    if box is None:
        box = (np.full(pts.shape[1], -np.inf), np.full(pts.shape[1], np.inf))
    clips = clip_segments(pts, np.asarray(box[0], float), np.asarray(box[1], float))
    # Fast path: while every segment so far lies wholly inside the box, the trace is one polyline.
    whole = (clips[:, 0] == 0.0) & (clips[:, 1] == 1.0)
    clean_upto = int(np.argmin(whole)) if not whole.all() else len(whole)
    mob = VMobject(stroke_color=color, stroke_width=width, cap_style=CapStyleType.ROUND)
    mob.frozen_until = 0.0

    def update(m: VMobject) -> None:
        t = float(np.clip(tracker.get_value(), 0, len(pts) - 1))
        s = float(min(m.frozen_until, t))
        k = int(np.floor(t))
        if k < clean_upto:
            corners = np.vstack(
                [
                    interpolate_path(pts, s)[None],
                    pts[int(np.floor(s)) + 1 : k + 1],
                    interpolate_path(pts, t)[None],
                ]
            )
            pieces = [corners]
        else:
            pieces = _visible_pieces(pts, clips, t, s)
        pieces = [p for p in pieces if len(p) >= 2]
        if not pieces:
            m.clear_points()
            return
        m.points = np.vstack([polyline_points(to_scene(axes, p)) for p in pieces])

    def freeze_here() -> None:
        """From now on draw only what comes after the tracker's current step."""
        mob.frozen_until = float(np.clip(tracker.get_value(), 0, len(pts) - 1))
        update(mob)

    update(mob)
    mob.add_updater(update)
    mob.freeze_here = freeze_here
    return mob


def make_marker(
    axes: Axes,
    points: np.ndarray,
    tracker: ValueTracker,
    factory: Callable[[], VMobject],
    box: tuple[np.ndarray, np.ndarray] | None = None,
) -> VMobject:
    """A mobject from ``factory`` that follows ``points`` with the tracker; hidden while the
    position is outside ``box`` (or not finite)."""
    pts = np.asarray(points, dtype=np.float64)
    mob = factory()
    opacity = mob.get_fill_opacity()
    lo = np.asarray(box[0], float) if box else np.full(pts.shape[1], -np.inf)
    hi = np.asarray(box[1], float) if box else np.full(pts.shape[1], np.inf)

    shown = [True]

    def update(m: VMobject) -> None:
        p = interpolate_path(pts, tracker.get_value())
        visible = bool(np.all(np.isfinite(p)) and np.all((p >= lo) & (p <= hi)))
        if visible != shown[0]:  # restyling every frame costs more than moving
            m.set_opacity(opacity if visible else 0.0)
            shown[0] = visible
        if visible:
            m.move_to(to_scene(axes, p)[0])

    update(mob)
    mob.add_updater(update)
    return mob


def arrow_geometry(
    start: np.ndarray,
    end: np.ndarray,
    stroke_width: float = 6.0,
    tip_length: float = 0.35,
    max_tip_length_to_length_ratio: float = 0.25,
    max_stroke_width_to_length_ratio: float = 5.0,
) -> tuple[np.ndarray, np.ndarray, float]:
    """Shaft end points ``(2, 3)``, tip triangle ``(3, 3)`` and stroke width of manim's
    ``Arrow(start, end, buff=0, ...)``: the same rules for short arrows (the tip shrinks to
    ``max_tip_length_to_length_ratio`` of the length, the stroke to ``5 × length``), in numpy."""
    a = np.asarray(start, dtype=np.float64)
    b = np.asarray(end, dtype=np.float64)
    v = b - a
    length = float(np.linalg.norm(v))
    u = v / length if length > 0 else np.array([1.0, 0.0, 0.0])
    tip = min(tip_length, max_tip_length_to_length_ratio * length)
    normal = np.array([-u[1], u[0], 0.0])
    base = b - tip * u
    shaft = np.array([a, base])
    triangle = np.array([b, base + 0.5 * tip * normal, base - 0.5 * tip * normal])
    width = min(stroke_width, max_stroke_width_to_length_ratio * length)
    return shaft, triangle, width


def make_live_arrow(
    ends: Callable[[], tuple[np.ndarray, np.ndarray]],
    color: str,
    stroke_width: float = 6.0,
    tip_length: float = 0.35,
    max_tip_length_to_length_ratio: float = 0.25,
) -> VGroup:
    """An arrow from ``ends()[0]`` to ``ends()[1]`` (scene points), moved every frame.

    Looks like manim's ``Arrow(..., buff=0)`` but is two fixed mobjects whose points are reset,
    where ``always_redraw(lambda: Arrow(...))`` builds a new arrow (~1 ms) per frame.
    """
    shaft = VMobject(stroke_color=color, stroke_width=stroke_width)
    tip = VMobject(stroke_width=0, fill_color=color, fill_opacity=1.0)
    arrow = VGroup(shaft, tip)

    def update(group: VGroup) -> None:
        a, b = ends()
        line, triangle, width = arrow_geometry(
            a, b, stroke_width, tip_length, max_tip_length_to_length_ratio
        )
        group[0].set_points_as_corners(line)
        if group[0].stroke_width != width:
            group[0].set_stroke(width=width)
        group[1].set_points_as_corners(np.vstack([triangle, triangle[:1]]))

    update(arrow)
    arrow.add_updater(update)
    return arrow


def make_dot_cloud(
    axes: Axes,
    paths: np.ndarray,
    tracker: ValueTracker,
    colors: Sequence[str],
    radius: float = 0.05,
    box: tuple[np.ndarray, np.ndarray] | None = None,
) -> VMobject:
    """Many dots following ``paths`` ``(T+1, n, 2)`` with the tracker, one colour each.

    A :class:`~vizdl.render.manim.lean.DotCloud`: the positions of all dots are set with numpy
    and each colour is one Cairo fill, where n markers would be n mobjects with n updaters
    (~150 ms per 1080p frame for 800 dots). Dots outside ``box`` or not finite are left out.
    """
    from vizdl.render.manim.lean import DotCloud

    pts = np.asarray(paths, dtype=np.float64)
    lo = np.asarray(box[0], float) if box else np.full(pts.shape[2], -np.inf)
    hi = np.asarray(box[1], float) if box else np.full(pts.shape[2], np.inf)
    cloud = DotCloud(colors, radius=radius)

    def update(m: DotCloud) -> None:
        at = interpolate_rows(pts, tracker.get_value())  # (n, 2)
        with np.errstate(invalid="ignore"):
            ok = np.all(np.isfinite(at) & (at >= lo) & (at <= hi), axis=1)
        centers = np.full((len(at), 3), np.nan)
        centers[ok] = to_scene(axes, at[ok])
        m.set_centers(centers)

    update(cloud)
    cloud.add_updater(update)
    return cloud


def make_log_panel(
    series: Sequence[np.ndarray],
    colors: Sequence[str],
    tracker: ValueTracker,
    title: str,
    width: float = 5.2,
    height: float = 2.4,
    floor: float = 1e-16,
) -> VGroup:
    """Per-step curves of positive quantities on a log scale, drawn up to the tracker's step.

    ``series[i]`` is ``(steps + 1,)``; values below ``floor`` (machine precision, by default) are
    drawn at it, and values ≤ 0 or non-finite (a diverged run) leave a gap. The step axis
    sits at the bottom (values are shifted by the lowest decade) and the decades are labelled
    ``10ⁿ`` with :func:`pow10`, so no TeX is needed. Returns a group: title, axes, tick labels, traces.
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = [
            np.log10(np.where(np.isfinite(s) & (s > 0), np.maximum(s, floor), np.nan))
            for s in series
        ]
    finite = np.concatenate([v[np.isfinite(v)] for v in logs]) if logs else np.zeros(1)
    lo = float(np.floor(finite.min())) if finite.size else 0.0
    hi = float(np.ceil(finite.max())) if finite.size else 1.0
    hi = max(hi, lo + 1)
    steps = len(logs[0]) - 1
    ax = Axes(
        x_range=[0, steps, max(10, steps // 4)],
        y_range=[0, hi - lo, 1],
        x_length=width,
        y_length=height,
        tips=False,
        axis_config={"color": THEME.reference, "stroke_width": 1.5, "include_numbers": False},
    )
    every = max(1, int(hi - lo) // 4)
    ticks = VGroup(
        *(
            label(pow10(v), font_size=15).next_to(ax.c2p(0, v - lo), LEFT, buff=0.1)
            for v in range(int(lo), int(hi) + 1, every)
        )
    )
    head = label(title, font_size=20).next_to(ax, UP, buff=0.12)
    traces = VGroup(
        *(
            make_trace(ax, np.column_stack([np.arange(steps + 1), v - lo]), tracker, c, width=3)
            for v, c in zip(logs, colors, strict=True)
        )
    )
    return VGroup(head, ax, ticks, traces)


def make_step_counter(
    tracker: ValueTracker, steps: int, font_size: float = 22, word: str = "step"
) -> VGroup:
    """ "step t / T" (or ``word`` t / T) following the tracker, from cached monospace digit outlines.

    Shaping a new Text with Pango every frame dominated the frame time. Each digit slot is one
    fixed VMobject (manim fixes the set of drawn mobjects when ``play`` starts, so slots must not be
    swapped out); a frame only copies the outline of the digit it shows into the slot.
    """
    width = len(str(steps))
    outlines = {}
    for c in "0123456789":
        glyph = Text(c, font=THEME.mono, font_size=font_size, color=THEME.ink)[0]
        outlines[c] = glyph.points - glyph.get_center()
    template = Text("0" * width, font=THEME.mono, font_size=font_size, color=THEME.ink)
    prefix = Text(word, font=THEME.font, font_size=font_size, color=THEME.ink)
    suffix = Text(f"/ {steps}", font=THEME.mono, font_size=font_size, color=THEME.ink)
    VGroup(prefix, template, suffix).arrange(RIGHT, buff=0.15)
    # Sit the word on the digits' baseline ("step" has a descender; centring would lift it).
    prefix.shift((template.get_bottom()[1] - prefix[0].get_bottom()[1]) * UP)
    offsets = [template[i].get_center() - prefix.get_center() for i in range(width)]
    slots = VGroup(*(template[i].copy() for i in range(width)))
    counter = VGroup(prefix, slots, suffix)

    def update(digits: VGroup) -> None:
        k = int(np.clip(np.floor(tracker.get_value()), 0, steps))
        anchor = prefix.get_center()  # follows the counter wherever it is moved
        for i, ch in enumerate(f"{k:>{width}d}"):
            slot = digits[i]
            if ch == " ":
                slot.clear_points()
            else:
                slot.points = outlines[ch] + (anchor + offsets[i])

    # Only the digits update: a scene may show the word and "/ T" as still parts (counter[0],
    # counter[2]) and add just counter[1] as the moving part.
    update(slots)
    slots.add_updater(update)
    return counter


def make_switching_label(
    tracker: ValueTracker, index: Callable[[float], int], build: Callable[[int], Mobject]
) -> VGroup:
    """A readout rebuilt only when ``index(tracker value)`` changes (a layer, an epoch, a region).

    Shaping text with Pango every frame costs milliseconds; most readouts change a few dozen times
    per clip. ``build(k)`` returns the positioned mobject for index ``k``.
    """
    state = {"k": index(tracker.get_value())}
    group = VGroup(build(state["k"]))

    def update(g: VGroup) -> None:
        k = index(tracker.get_value())
        if k != state["k"]:
            state["k"] = k
            g[0].become(build(k))

    group.add_updater(update)
    return group


def interpolate_rows(rows: np.ndarray, v: float) -> np.ndarray:
    """Row ``v`` of ``rows`` for a fractional index ``v``: linear between the two nearest rows
    (clipped to the first and last), so snapshots morph smoothly into each other."""
    n = len(rows)
    v = float(np.clip(v, 0, n - 1))
    k = int(min(np.floor(v), max(n - 2, 0)))
    f = v - k
    return rows[k] * (1 - f) + rows[min(k + 1, n - 1)] * f


def plane_axes(domain: np.ndarray, side: float = 6.9, color: str | None = None) -> Axes:
    """Tick-less axes for a 2-D parameter plane ``domain = [[x0, x1], [y0, y1]]``, equal units on
    both axes and the longer side ``side`` scene units long; placed top-left under a title. The
    axis lines are the theme's grid grey unless ``color`` is given."""
    (x0, x1), (y0, y1) = np.asarray(domain, dtype=np.float64)
    scale = side / max(x1 - x0, y1 - y0)
    axes = Axes(
        x_range=[x0, x1, 1],
        y_range=[y0, y1, 1],
        x_length=(x1 - x0) * scale,
        y_length=(y1 - y0) * scale,
        tips=False,
        axis_config={"color": color or THEME.grid, "stroke_width": 1.5, "include_ticks": False},
    )
    return axes.to_corner(UL, buff=0.3).shift(DOWN * 0.5)
