"""Every scene rendered: the last frame at 480 × 270, checked for what it must show.

Each scene the gallery uses, and every public :class:`DataScene` in ``scenes/``, has a case
here: its data come from the gallery entry's compute function (the class's own where no entry
uses it) with small parameters, and only the last frame is drawn (:mod:`tests.scenes.frames`:
animations skipped, as manim's ``frames_comparison`` does). Every frame is checked for a
title, ink and motion; each case then checks what that scene must show where it must show it
(colours from the palettes the scenes draw with, places from the scene's own axes).
"""

from __future__ import annotations

import contextlib
import importlib
import inspect
from collections.abc import Callable
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from manim import Axes, Line, Rectangle, VGroup, VMobject

from scenes.optimizers import LearningRateBalls
from tests.scenes.frames import H, Shot, W, count, ink, movie_frames, over_white, render, rgb, tint
from vizdl.gallery.registry import Entry, load_gallery
from vizdl.gallery.runner import call_compute, import_ref
from vizdl.render.manim import DataScene
from vizdl.style import THEME, racer_style

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
GALLERY = load_gallery(ROOT)

# The tiny training preset (tests/gallery/test_training_entries.py): 2000 real images, 2 epochs.
TINY_TRAINING = dict(limit=2000, epochs=2, device="cpu")
_SIGNAL = dict(
    initializers=("small-normal", "torch-default", "xavier-normal", "kaiming-normal"),
    activations=("tanh", "relu"),
    width=32,
    depth=8,
    inputs="gaussian",
    n_samples=32,
    n_nets=1,
)
# Per scene: parameters laid over the entry's (fewer steps, layers, units, grid points).
SMALL: dict[str, dict] = {
    "SigmoidSlope": dict(points=301),
    "BackwardProducts": dict(depth=8, width=32, n_samples=16, n_paths=8),
    "GradientNormBars": dict(
        pairs=(("sigmoid", "xavier-normal"), ("tanh", "xavier-normal"), ("relu", "kaiming-normal")),
        width=32,
        depth=6,
        n_samples=16,
    ),
    "CompositionScene": dict(dim=20, steps=3, points=401),
    "StepSharpening": dict(points=401),
    "BumpsAdded": dict(n_bumps=5, fit_counts=(5,), points=401),
    "StaircaseRefine": dict(ns=(2, 4, 8, 16), fit_range=(2, 16), ws=(10, 100), points=2001),
    "OneLayerTraining": dict(steps=100, units=10, snapshots=4),
    "ReluRelays": dict(steps=200),
    "ForwardSignal": _SIGNAL,
    "BackwardSignal": _SIGNAL,
    "HeatmapDepth": _SIGNAL,
    "LayerHistogramScene": dict(depth=3, width=64, inputs="gaussian", n_samples=64, bins=30),
    "SymmetryScene": dict(steps=10, n_samples=100, checkpoints=3),
    "MomentumRavine": dict(steps=30, resolution=60),
    "OptimizerRace": dict(steps=60, resolution=60),
    "SaddleRace3D": dict(steps=60, resolution=60),
    "NoisyGradients": dict(steps=20, resolution=60),
    "NesterovSteps": dict(steps=12, resolution=60),
    "LearningRateBalls": dict(steps=10),
    "LearningRates2D": dict(steps=15, resolution=60),
    "LRSweepScene": dict(n_lrs=7, steps=30),
    "BasinFlowScene": dict(resolution=8, steps=30, classify_steps=100),
    "AdaptiveRatesScene": dict(steps=60, switch=20, adam_steps=15),
    "LearningCurvesScene": TINY_TRAINING,
    "WeightHistogramScene": dict(
        inits=("torch-default", "xavier-normal", "kaiming-normal", "large-normal"), **TINY_TRAINING
    ),
}


# -- which scenes exist --------------------------------------------------------------------------


def gallery_scenes() -> dict[str, type]:
    """The scene class of every animation entry, by class name."""
    return {cls.__name__: cls for cls, _ in CASES.values()}


def scene_cases() -> dict[str, tuple[type, Entry]]:
    """(scene class, entry) for every animation entry, by case name: the class's name for the
    first entry that uses it, ``Class@entry-name`` for the others (the four races share one
    scene)."""
    out: dict[str, tuple[type, Entry]] = {}
    for e in GALLERY.entries.values():
        if e.kind == "animation":
            cls = import_ref(e.scene)
            key = cls.__name__ if cls.__name__ not in out else f"{cls.__name__}@{e.name}"
            out[key] = (cls, e)
    return out


def module_scenes() -> dict[str, type]:
    """Every public DataScene subclass defined in ``scenes/*.py``, by class name."""
    out: dict[str, type] = {}
    for path in sorted((ROOT / "scenes").glob("*.py")):
        if path.stem.startswith("_"):
            continue
        module = importlib.import_module(f"scenes.{path.stem}")
        for name, obj in vars(module).items():
            if (
                inspect.isclass(obj)
                and issubclass(obj, DataScene)
                and obj.__module__ == module.__name__
                and not name.startswith("_")
            ):
                assert name not in out, f"two scene classes are named {name}"
                out[name] = obj
    return out


CASES = scene_cases()
SCENES = {name: cls for name, (cls, _) in CASES.items()}


def job(name: str) -> tuple[str, dict, int]:
    """(compute, small params, seed) of the case's gallery entry: the scene's SMALL parameters
    laid over the entry's."""
    cls, e = CASES[name]
    return e.compute, {**e.params, **SMALL[cls.__name__]}, e.seed


_DATA: dict[tuple, object] = {}


@contextlib.contextmanager
def one_torch_thread():
    """Small torch runs on one thread: on two shared cores, torch's default of two threads made
    the tiny trainings here four to five times slower."""
    import torch

    n = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(n)


def data_of(name: str) -> object:
    """The scene's data, computed once per (compute, params) and shared between scenes."""
    compute, params, seed = job(name)
    key = (compute, seed, repr(sorted(params.items())))
    if key not in _DATA:
        np.random.seed(seed)  # as the gallery runner does
        with one_torch_thread():
            _DATA[key] = call_compute(compute, params, seed)
    return _DATA[key]


CHECKS: dict[str, tuple[Callable[[Shot, object], None], tuple[int, ...]]] = {}


def case(*names: str, snap_after: tuple[int, ...] = ()):
    """Register a frame check for the named scenes (``snap_after``: plays to keep frames of)."""

    def register(fn: Callable[[Shot, object], None]) -> Callable[[Shot, object], None]:
        for n in names:
            assert n not in CHECKS, f"{n} has two cases"
            CHECKS[n] = (fn, snap_after)
        return fn

    return register


def shot_of(name: str) -> Shot:
    """The scene rendered on its (shared) data: rendered for its test, not kept."""
    return render(SCENES[name], data_of(name), CHECKS[name][1])


# -- helpers for the checks ----------------------------------------------------------------------


def axes_of(s: Shot) -> list:
    return s.find(Axes)


def inside(s: Shot, mob: object, pad: float = 0.0, frame: np.ndarray | None = None) -> np.ndarray:
    rows, cols = s.box(mob, pad)
    return (s.frame if frame is None else frame)[rows, cols]


def new(s: Shot, mob: object, colour: str, pad: float = 0.0, **kw: float) -> int:
    """Pixels inside ``mob``'s box that show ``colour`` in the last frame and did not when the
    first play started: what the animation drew in that colour."""
    last = tint(inside(s, mob, pad), colour, **kw)
    first = tint(inside(s, mob, pad, s.first), colour, **kw)
    return int((last & ~first).sum())


def patch(s: Shot, point: np.ndarray, r: int = 1, frame: np.ndarray | None = None) -> np.ndarray:
    """The (2r + 1)² pixels around the scene point."""
    c, rr = (int(round(v)) for v in s.px(point))
    f = s.frame if frame is None else frame
    return f[max(rr - r, 0) : rr + r + 1, max(c - r, 0) : c + r + 1].reshape(-1, 3)


def _dilate(m: np.ndarray, r: int = 1) -> np.ndarray:
    """``m`` grown by ``r`` pixels (a square neighbourhood)."""
    h, w = m.shape
    padded = np.pad(m, r)
    out = np.zeros_like(m)
    for dr in range(2 * r + 1):
        for dc in range(2 * r + 1):
            out |= padded[dr : dr + h, dc : dc + w]
    return out


def _run_pixels(s: Shot, ax: object, pts: np.ndarray, box: tuple) -> np.ndarray:
    """(H, W) mask of the polyline through the data points ``pts`` in ``ax``: the segments with
    both ends in ``box`` (the scenes clip their traces to it), one sample per pixel."""
    from vizdl.render.manim import to_scene

    with np.errstate(invalid="ignore"):
        ok = np.all(np.isfinite(pts) & (pts >= box[0]) & (pts <= box[1]), axis=1)
    mask = np.zeros((H, W), bool)
    if ok.sum() < 2:
        return mask
    scene_pts = np.full((len(pts), 3), np.nan)
    scene_pts[ok] = to_scene(ax, pts[ok])
    px = np.array([s.px(p) if np.isfinite(p).all() else (np.nan, np.nan) for p in scene_pts])
    for a, b in zip(px[:-1], px[1:], strict=True):
        if not (np.isfinite(a).all() and np.isfinite(b).all()):
            continue
        n = int(np.ceil(np.abs(b - a).max())) + 1
        c, r = np.linspace(a, b, n).round().astype(int).T
        keep = (r >= 0) & (r < H) & (c >= 0) & (c < W)
        mask[r[keep], c[keep]] = True
    return mask


def shows_runs(
    s: Shot,
    ax: object,
    runs: list[np.ndarray],
    colours: list[str],
    box: tuple,
    names: list,
    chunks: int = 8,
    dot: float = 0.0,
    cuts: list[int] | None = None,
) -> None:
    """Each run's path is on screen in its colour wherever nothing drawn later covers it: of
    the pixels it must show, most show its colour (and did not when the first play started).

    The paths come from the data through the scene's axes, not from what the scene drew, so a
    run drawn in the wrong colour, in the wrong place or not at all fails here. Drawing order:
    ``DataScene.play_traced`` hands each trace's part to a still copy after each of its
    ``chunks`` plays, so the parts stack chunk by chunk (within one, run by run), and the
    markers (discs of radius ``dot`` at the runs' ends) come last.
    """
    steps = len(runs[0]) - 1
    if cuts is None:  # one play_traced over all the steps
        cuts = np.linspace(0, steps, chunks + 1).round().astype(int)
    chunks = len(cuts) - 1
    layers = []  # (run, mask) in drawing order
    for c in range(chunks):
        for i, p in enumerate(runs):
            piece = p[cuts[c] : cuts[c + 1] + 1]
            layers.append((i, _run_pixels(s, ax, piece, box)))
    rr, cc = np.mgrid[:H, :W]
    for i, p in enumerate(runs):
        end = p[-1]
        if dot and np.all(np.isfinite(end) & (end >= box[0]) & (end <= box[1])):
            col, row = s.px(ax.c2p(*end))
            r = dot * s.per_unit
            layers.append((i, (rr - row) ** 2 + (cc - col) ** 2 <= r * r))
    own = [np.zeros((H, W), bool) for _ in runs]
    covered = np.zeros((H, W), bool)
    for i, m in reversed(layers):
        own[i] |= m & ~_dilate(covered, 2)
        covered |= m
    for i in range(len(runs)):
        if own[i].sum() < 12:  # (nearly) all of it under what came later: nothing to see
            continue
        # black needs a solid cover: grey lines are black at low coverage; where two paths
        # meet, the upper one's edges blend into the lower one, not into white
        kw = dict(min_cover=0.8) if colours[i] == "#000000" else {}
        kw["over"] = (THEME.background, *colours, THEME.contour)
        r, c = np.nonzero(own[i])  # (only the part of the frame where it must show)
        rows = slice(max(r.min() - 1, 0), r.max() + 2)
        cols = slice(max(c.min() - 1, 0), c.max() + 2)
        last, first = s.frame[rows, cols], s.first[rows, cols]
        drawn = tint(last, colours[i], **kw) & ~tint(first, colours[i], **kw)
        shown = (own[i][rows, cols] & _dilate(drawn, 1)).sum() / own[i].sum()
        assert shown > 0.5, f"{names[i]}: {shown:.0%} of its visible path is drawn"


def racer_color(name: str) -> str:
    return racer_style(name)["color"]


FOUR = list(THEME.palette[:4])  # the panels' colours


# -- every scene ---------------------------------------------------------------------------------


def test_every_scene_has_a_render_case() -> None:
    """A new scene (in the gallery or in scenes/) fails here until it gets a case; a scene no
    entry uses fails too (scenes hold no parameters: their numbers are an entry's)."""
    used = gallery_scenes()
    defined = module_scenes()
    outside = sorted(set(used) - set(defined))
    assert used and not outside, f"gallery scenes not defined in scenes/*.py: {outside}"
    unused = sorted(set(defined) - set(used))
    assert not unused, f"scenes no gallery entry draws: {unused}"
    missing = sorted(set(CASES) - set(CHECKS))
    assert not missing, f"scenes without a render case in {Path(__file__).name}: {missing}"
    assert not set(CHECKS) - set(CASES), "cases for scenes that no longer exist"
    for name, (cls, _) in CASES.items():  # small parameters for every scene, all accepted
        assert cls.__name__ in SMALL, f"{name} has no small parameters"
        compute, params, _ = job(name)
        accepted = inspect.signature(import_ref(compute)).parameters
        takes_any = any(p.kind is p.VAR_KEYWORD for p in accepted.values())
        assert takes_any or set(SMALL[cls.__name__]) <= set(accepted), name


def test_scenes_hold_no_parameters_of_their_own() -> None:
    """The entry is the one place for an entry's parameters: no scene class declares
    ``params`` or ``compute`` (18 of 29 once disagreed with their entries)."""
    for cls in module_scenes().values():
        for klass in cls.__mro__:
            if klass.__module__.startswith("scenes."):
                own = {"params", "compute"} & set(vars(klass))
                assert not own, f"{klass.__name__} declares {sorted(own)}"


@pytest.mark.parametrize(
    ("name", "short"), [("LearningRates2D", dict(seconds_per_step=0.07))], ids=["LearningRates2D"]
)
def test_the_frames_are_the_movies(name: str, short: dict) -> None:
    """The skipped render's first and last frames are the movie's (a short version of the scene
    rendered in full): what the checks read is what the gallery's video shows."""
    cls = type(name, (SCENES[name],), short)
    s = render(cls, data_of(name))
    frames = movie_frames(cls, data_of(name))
    assert len(frames) > 15
    np.testing.assert_array_equal(s.first, frames[0])
    # (manim paints a still hold over its own background image: edges a shade darker)
    np.testing.assert_allclose(s.frame, frames[-1], rtol=0, atol=12)
    assert (s.frame != frames[-1]).any(axis=2).mean() < 0.005


@pytest.mark.parametrize("name", sorted(SCENES))
def test_last_frame_shows_the_scene(name: str) -> None:
    assert name in CHECKS, f"{name} has no render case"
    s = shot_of(name)
    f = s.frame
    assert f.shape == (H, W, 3)
    # the white background, with a good deal drawn on it
    assert (f == 255).all(axis=2).mean() > 0.4
    drawn = ink(f)
    assert drawn.mean() > 0.02, f"{name}: only {drawn.mean():.1%} of the frame is drawn"
    # a title: a line of text across the top band
    band = drawn[: H // 10]
    cols = np.flatnonzero(band.any(axis=0))
    assert band.mean() > 0.02 and cols.size and cols[-1] - cols[0] > 0.3 * W, f"{name}: no title"
    # the animation moved something: the last frame is not the one the first play started from
    changed = np.abs(f - s.first).max(axis=2) > 40
    assert changed.mean() > 0.002, f"{name}: the last frame equals the first"
    fn, _ = CHECKS[name]
    fn(s, data_of(name))


# -- activations ---------------------------------------------------------------------------------


@case("SigmoidSlope")
def _sigmoid_slope(s: Shot, g) -> None:
    top, bot = axes_of(s)[:2]
    blue, orange = THEME.curves["function"], THEME.curves["derivative"]
    assert count(inside(s, top), blue) > 150  # σ(x)
    # σ'(x) was traced all the way to the right end of its axes
    lo, hi = float(g.x[0]), float(g.x[-1])
    assert count(s.crop(bot.c2p(hi - 0.25 * (hi - lo), 0), bot.c2p(hi, 0.3)), orange) > 20
    # the maximum marked at x = 0, σ'(0) = 1/4
    k = int(np.argmax(g.df[g.names.index("sigmoid")]))
    peak = patch(s, bot.c2p(g.x[k], g.df[g.names.index("sigmoid")][k]))
    assert tint(peak, orange, min_cover=0.8).all()


def _bar_rows(s: Shot, length: float) -> list[float]:
    """The y of each row's base line (a Line ``length`` long), top row first."""
    ys = [
        float(m.get_start()[1])
        for m in s.find(Line)
        if abs(m.get_length() - length) < 1e-6 and abs(m.get_start()[1] - m.get_end()[1]) < 1e-9
    ]
    return sorted(set(np.round(ys, 6)), reverse=True)


def _layer_bar_check(s: Shot, rows: list[tuple[str, str, np.ndarray]]) -> None:
    """_LayerBars scenes: each row's bars in the row's colour (85% over white), in its band
    (bars must show where the values span more than a tenth of the row's decades)."""
    tall = max(1.0, s.scene.decades / 10)
    ys = _bar_rows(s, 9.4)
    assert len(ys) == len(rows)
    pitch = ys[0] - ys[1] if len(ys) > 1 else 2.0
    x0 = -3.3  # where the scene starts the bars (its names sit left of it)
    for (name, colour, vals), y in zip(rows, ys, strict=True):
        # the row: from just above its base line (bars of values > 1 rise) to the next row
        band = s.crop([x0, y + 0.1, 0], [x0 + 9.4, y - pitch + 0.2, 0])
        bars = count(band, over_white(colour, 0.85), min_cover=0.8, tol=10)
        if np.abs(np.log10(np.maximum(vals, 1e-300))).max() > tall:  # bars that must show
            assert bars > 60, f"{name}: {bars} bar pixels"
        for n, c, _ in rows:  # no other row's bars in this band
            if c != colour:
                assert count(band, over_white(c, 0.85), min_cover=0.8, tol=10) < 10, (name, n)
        # the row's name on the left in its colour
        names = s.crop([x0 - 3.3, y + 0.1, 0], [x0 - 0.2, y - pitch + 0.2, 0])
        assert count(names, colour, min_cover=0.4) > 5, name


@case("BackwardProducts")
def _backward_products(s: Shot, d) -> None:
    # sigmoid's derivative product alone, then every activation's signal with the weights
    sig = d.activations.index("sigmoid")
    rows = [("sigmoid: σ' alone", THEME.activations["sigmoid"], d.mean[sig, 1:])]
    rows += [(a, THEME.activations[a], d.signal[k]) for k, a in enumerate(d.activations)]
    _layer_bar_check(s, rows)


@case("GradientNormBars")
def _gradient_norms(s: Shot, d) -> None:
    colors = list(THEME.palette)
    rows = [
        (f"{a} + {i}", colors[k % 7], d.norms[k] / d.norms[k, -1])
        for k, (a, i) in enumerate(d.pairs)
    ]
    _layer_bar_check(s, rows)


@case("CompositionScene")
def _composition(s: Shot, c) -> None:
    (ax,) = axes_of(s)
    cmap = matplotlib.colormaps[THEME.sequential]
    final = matplotlib.colors.to_hex(cmap(0.9))  # the colour of t = T
    start = matplotlib.colors.to_hex(cmap(0.0))
    assert count(inside(s, ax), final) > 150
    assert count(inside(s, ax), start) < 5  # the curve has morphed all the way


# -- approximation -------------------------------------------------------------------------------


@case("StepSharpening")
def _step(s: Shot, st) -> None:
    (ax,) = axes_of(s)
    m = tint(inside(s, ax, pad=0.1), THEME.palette.blue, min_cover=0.4)
    rows, cols = s.box(ax, pad=0.1)
    c_step = s.px(ax.c2p(st.step, 0))[0] - cols.start
    low, high = (s.px(ax.c2p(0, y))[1] - rows.start for y in (0, 1))
    # the last w (a thousand) is a step: the curve lies on y = 0 left of s and on y = 1 right of it
    r, c = np.nonzero(m)
    away = np.abs(c - c_step) > 4
    want = np.where(c < c_step, low, high)
    assert np.abs(r - want)[away].max() <= 3
    assert len(np.unique(c[away])) > 0.8 * m.shape[1]  # all along the axes


@case("BumpsAdded")
def _bumps(s: Shot, b) -> None:
    (ax,) = axes_of(s)
    m = tint(inside(s, ax), THEME.palette.blue)
    assert count(inside(s, ax), THEME.reference, min_cover=0.6) > 100  # f
    cols = np.flatnonzero(m.any(axis=0))
    assert m.sum() > 150 and cols[0] < 0.1 * m.shape[1] and cols[-1] > 0.9 * m.shape[1]
    assert new(s, ax, THEME.palette.blue) > 50  # the bumps were added while it played


@case("StaircaseRefine")
def _staircase(s: Shot, e) -> None:
    ax, err_ax = axes_of(s)[:2]
    assert count(inside(s, ax), THEME.palette.blue) > 100
    # one error dot per N, where its sup error is, all visible at the end
    lx, ly = np.log10(e.ns), np.log10(e.sup)
    for k in range(len(e.ns)):
        p = patch(s, err_ax.c2p(lx[k], ly[k]))
        assert tint(p, THEME.palette.vermillion, min_cover=0.7).sum() >= 5, f"N = {e.ns[k]}"
    # the fitted slope line and its label, added at the end
    assert count(inside(s, err_ax), THEME.ink, min_cover=0.5, tol=30) > 20 + count(
        inside(s, err_ax, frame=s.first), THEME.ink, min_cover=0.5, tol=30
    )


@case("OneLayerTraining")
def _one_layer(s: Shot, r) -> None:
    (ax,) = axes_of(s)
    assert count(inside(s, ax), THEME.palette.blue) > 100  # the trained curve
    assert count(inside(s, ax), THEME.palette.vermillion) > 100  # the constructed one
    dots = sum(
        tint(patch(s, ax.c2p(a, b)), THEME.reference, min_cover=0.5, tol=25).any()  # samples
        for a, b in zip(r.x_train, r.y_train, strict=True)
    )
    assert dots > 0.6 * len(r.x_train)  # the samples (some under the curves)
    assert new(s, ax, THEME.palette.blue) > 30  # the curve trained while it played


@case("ReluRelays")
def _relays(s: Shot, r) -> None:
    lamps = [m for m in s.find(Rectangle) if abs(m.width - 0.55) < 1e-6]
    assert len(lamps) == r.on.shape[0]
    i = int(np.clip(np.searchsorted(r.x, 1.0), 0, len(r.x) - 1))  # the cursor at x = 1
    lit = [tint(patch(s, m.get_center()), THEME.palette.green, min_cover=0.9).all() for m in lamps]
    assert lit == list(r.on[r.order, i].astype(bool))
    (ax,) = axes_of(s)
    assert count(inside(s, ax), THEME.palette.vermillion) > 20  # the current linear piece


# -- initialization ------------------------------------------------------------------------------


def _signal_check(s: Shot, d, forward: bool) -> None:
    scene = type(s.scene)
    rows = [r for r in scene.rows if r in d.initializers]
    cols = [c for c in scene.columns if c in d.activations]
    ys = _bar_rows(s, 4.85)  # each cell's base line (Var = 1), 4.85 long
    x0s = sorted(
        {
            round(float(m.get_start()[0]), 6)
            for m in s.find(Line)
            if abs(m.get_length() - 4.85) < 1e-6
        }
    )
    assert len(ys) == len(rows) and len(x0s) == len(cols)
    pitch = ys[0] - ys[1]
    for init, y in zip(rows, ys, strict=True):
        i = d.initializers.index(init)
        colour = over_white(THEME.initializers[init], 0.85)
        for act, x0 in zip(cols, x0s, strict=True):
            j = d.activations.index(act)
            meas = d.forward[i, j, 1:] if forward else d.backward[i, j]
            cell = s.crop([x0, y + pitch / 2 - 0.05, 0], [x0 + 4.85, y - pitch / 2 + 0.05, 0])
            bars = count(cell, colour, min_cover=0.8, tol=10)
            if np.abs(np.log10(meas)).max() > 1.5:  # bars of more than 1.5 decades
                assert bars > 40, (init, act, bars)
            for other in rows:  # only this row's colour
                if THEME.initializers[other] != THEME.initializers[init]:
                    o = over_white(THEME.initializers[other], 0.85)
                    assert count(cell, o, min_cover=0.8, tol=10) < 10, (init, act, other)
    # the bars grew while it played (the first frame has none)
    small = over_white(THEME.initializers["small-normal"], 0.85)
    assert count(s.frame, small, min_cover=0.8) > 3 * count(s.first, small, min_cover=0.8) + 40


@case("ForwardSignal")
def _forward(s: Shot, d) -> None:
    _signal_check(s, d, forward=True)


@case("BackwardSignal")
def _backward(s: Shot, d) -> None:
    _signal_check(s, d, forward=False)


@case("HeatmapDepth")
def _heatmap(s: Shot, d) -> None:
    from scenes.initialization import _DECADES, _cmap_hex, _log10

    cells = [m for m in s.find(Rectangle) if abs(m.width - 1.75 * 0.96) < 1e-6]
    na = len(d.activations)
    assert len(cells) == len(d.initializers) * na
    z = np.clip(_log10(d.forward), -_DECADES, _DECADES)
    # the colour scale: logarithmic in |log₁₀ ratio|, pale within a factor 2 (knee log₁₀ 2 ≈ 0.3)
    pos = 0.5 + 0.5 * np.sign(z) * np.log10(1 + np.abs(z) / 0.3) / np.log10(1 + _DECADES / 0.3)
    for n, cell in enumerate(cells):
        i, j = divmod(n, na)
        want = rgb(_cmap_hex("RdBu_r", pos[i, j, -1:])[0])
        # the cell's colour at the last layer, left of its number
        got = np.median(patch(s, cell.get_center() - [0.65, 0, 0]), axis=0)
        assert np.abs(got - want).max() <= 6, (d.initializers[i], d.activations[j], got, want)


@case("LayerHistogramScene")
def _histograms(s: Shot, h) -> None:
    panels = axes_of(s)
    assert len(panels) == len(h.initializers)
    for ax, init in zip(panels, h.initializers, strict=True):
        assert count(inside(s, ax), THEME.initializers[init]) > 60, init
        for other in h.initializers:
            if THEME.initializers[other] != THEME.initializers[init]:
                assert count(inside(s, ax), THEME.initializers[other]) < 5


@case("SymmetryScene")
def _symmetry(s: Shot, sy) -> None:
    from vizdl.render.manim.lean import PixelImage

    images = s.find(PixelImage)
    assert len(images) == len(sy.inits) * sy.hidden
    rows = [images[r * sy.hidden : (r + 1) * sy.hidden] for r in range(len(sy.inits))]

    def crops(row):
        return [inside(s, m, pad=-0.08) for m in row]

    for init, row in zip(sy.inits, rows, strict=True):
        c = crops(row)
        n = min(x.shape[0] for x in c), min(x.shape[1] for x in c)
        c = [x[: n[0], : n[1]] for x in c]
        red = [((x[..., 0] > 150) & (x[..., 2] < 120)).mean() for x in c]
        blue = [((x[..., 2] > 150) & (x[..., 0] < 120)).mean() for x in c]
        spread = max(np.abs(x - c[0]).mean() for x in c)
        if init == "zeros":  # blank: zero weights are the colour map's white middle
            assert max(red) == 0 and max(blue) == 0
            assert max(np.ptp(x, axis=(0, 1)).max() for x in c) < 10
        elif init == "constant":  # one picture, copied into every unit
            assert spread < 3 and max(red) + max(blue) > 0.05
        else:  # random: different detectors, both signs
            assert spread > 15 and min(red) > 0.005 and min(blue) > 0.005


# -- optimizers ----------------------------------------------------------------------------------


@case("MomentumRavine", snap_after=(1,))
def _ravine(s: Shot, d) -> None:
    plane, losses = axes_of(s)[:2]
    runs = [d.plain.points[:, 0], d.momentum.points[:, 0]]
    colours = [racer_color("SGD"), racer_color("Momentum")]  # as in the races
    box = (np.full(2, -np.inf), np.full(2, np.inf))
    shows_runs(s, plane, runs, colours, box, ["plain GD", "momentum"], dot=0.09)
    curves = log_panel_runs([d.plain.losses[:, 0], d.momentum.losses[:, 0]])
    shows_runs(s, losses, curves, colours, box, ["plain GD's loss", "momentum's loss"])
    # the velocity arrow early on (a quarter of the run: two of the eight traced plays), when
    # momentum is fast; it has shrunk to a dot by the end
    early = tint(inside(s, plane, frame=s.snaps[1]), THEME.palette.green)
    assert early.sum() - count(inside(s, plane), THEME.palette.green) > 10


def log_panel_runs(series: list[np.ndarray], floor: float = 1e-16) -> list[np.ndarray]:
    """The curves of ``vizdl.render.manim.make_log_panel`` in its axes' coordinates: (step,
    log₁₀ value above the lowest decade), values below ``floor`` at it, the rest a gap."""
    with np.errstate(divide="ignore", invalid="ignore"):
        logs = [
            np.log10(np.where(np.isfinite(v) & (v > 0), np.maximum(v, floor), np.nan))
            for v in series
        ]
    lo = np.floor(np.nanmin(np.concatenate(logs)))
    return [np.column_stack([np.arange(len(v)), v - lo]) for v in logs]


def legend_marks(s: Shot) -> list:
    """The legend rows' colour marks (scenes.optimizers._legend_row lines), top to bottom."""
    return [m for m in s.find(Line) if abs(m.get_length() - 0.5) < 1e-9 and m.stroke_width == 6]


@case(
    "OptimizerRace",
    "OptimizerRace@race-beale-animation",
    "OptimizerRace@race-ravine-animation",
    "OptimizerRace@race-saddle-animation",
)
def _race(s: Shot, d) -> None:
    plane, curves = axes_of(s)[:2]
    colours = [racer_color(n) for n in d.labels]
    box = (d.domain[:, 0], d.domain[:, 1])
    runs = [p.points[:, 0] for p in d.paths]
    # the race plays its steps in the scene's schedule, one play_traced (8 chunks) per stretch
    from scenes.optimizers import OptimizerRace

    steps, cuts, prev = len(runs[0]) - 1, [0], 0
    for share, _ in OptimizerRace.schedule:
        end = max(1, round(share * steps))
        cuts += [int(v) for v in np.linspace(prev, end, 9).round()[1:]]
        prev = end
    shows_runs(s, plane, runs, colours, box, list(d.labels), dot=0.08, cuts=cuts)
    # the legend: each racer's line in its colour, in the order of the runs
    marks = legend_marks(s)
    assert len(marks) == len(d.labels)
    for m, colour, name in zip(marks, colours, d.labels, strict=True):
        assert tint(patch(s, m.get_center()), colour, min_cover=0.6).sum() >= 3, f"{name}'s legend"
    # the curves panel: each racer's loss per step (|θ₂| on the saddle, which has no minimum)
    if len(d.minima):
        series = [p.losses[:, 0] for p in d.paths]
    else:
        series = [np.abs(p.points[:, 0, 1]) for p in d.paths]
    names = [f"{n}'s curve" for n in d.labels]
    everywhere = (np.full(2, -np.inf), np.full(2, np.inf))
    shows_runs(s, curves, log_panel_runs(series), colours, everywhere, names)


@case("SaddleRace3D")
def _race_3d(s: Shot, d) -> None:
    def faces(f: np.ndarray) -> np.ndarray:
        # the surface: light blue-grey faces (its checkerboard, shaded), away from the title,
        # the legend and the counter
        f = f[int(0.12 * H) : int(0.95 * H), int(0.1 * W) : int(0.75 * W)]
        r, g, b = f[..., 0], f[..., 1], f[..., 2]
        return (b - r >= 6) & (b - r <= 40) & (g >= r) & (b >= g) & (r > 150) & (r < 250)

    last, first = faces(s.frame), faces(s.first)
    assert last.mean() > 0.2, f"surface covers {last.mean():.1%}"
    assert (last != first).mean() > 0.05  # the camera has circled: the surface turned
    for name in d.labels:
        colour = racer_color(name)
        kw = dict(min_cover=0.8) if colour == "#000000" else {}
        # (SGD's path runs under NAG's most of the way)
        assert count(s.frame, colour, **kw) - count(s.first, colour, **kw) > 8, name


@case("NoisyGradients")
def _noisy(s: Shot, d) -> None:
    plane = axes_of(s)[0]
    colours = [FOUR[k % 4] for k in range(len(d.paths))]
    box = (d.domain[:, 0], d.domain[:, 1])
    names = [f"batch size {b}" for b in d.batch_sizes]
    shows_runs(s, plane, [p.points[:, 0] for p in d.paths], colours, box, names, dot=0.07)
    # the arrows: the true gradient (black) and the batch's, at the end of the runs
    assert count(inside(s, plane), THEME.ink, min_cover=0.8, tol=20) > 5
    # ... all at one scale: screen length / gradient length is the same for every run's arrow
    # (each arrow once had its own scale, which made batch 10 look noisier than batch 1)
    ratios = []
    for k, c in enumerate(colours):
        arrows = [
            m
            for m in s.find(VGroup)
            if len(m.submobjects) == 2
            and type(m[0]) is VMobject  # make_live_arrow's shaft and tip, not a legend row
            and type(m[1]) is VMobject
            and m[1].get_fill_opacity() == 1.0
            and m[0].get_stroke_color().to_hex().lower() == c.lower()
        ]
        assert len(arrows) == 1, f"batch {d.batch_sizes[k]}: {len(arrows)} arrows"
        start = arrows[0][0].get_points()[0]
        tip = max(arrows[0][1].get_points(), key=lambda p: np.linalg.norm(p - start))
        g = np.linalg.norm(d.batch_grads[k][-1])
        if np.linalg.norm(tip - start) > 0.045:  # not clamped to the minimum length (0.04)
            ratios.append(np.linalg.norm(tip - start) / g)
    assert len(ratios) >= 2 and max(ratios) / min(ratios) < 1.02, ratios


@case("NesterovSteps", snap_after=(5,))
def _nesterov(s: Shot, d) -> None:
    # after the first explained step's arrows have grown (jump, correction, step, standard)
    mid = s.snaps[5]
    arrows = {k: THEME.nesterov[k] for k in ("jump", "correction", "accumulated", "standard")}
    for what, colour in arrows.items():
        # mid-way the step's arrows have grown beside what the first frame shows (the legend)
        assert count(mid, colour) - count(s.first, colour) > 20, what
    for what in ("jump", "correction", "accumulated"):
        # and the ending (the poster) shows every explained step's vectors again
        assert count(s.frame, arrows[what]) - count(s.first, arrows[what]) > 20, (
            f"{what} at the end"
        )
    (ax,) = axes_of(s)
    assert (
        new(s, ax, THEME.nesterov["trail"], min_cover=0.6, tol=20) > 40
    )  # the run's trail at the end


def _regime_runs(s: Shot, d) -> tuple[list[np.ndarray], tuple]:
    """The runs as the learning-rate scenes plot them, and the box they are clipped to."""
    if isinstance(s.scene, LearningRateBalls):  # (θ, loss) on the parabola
        lo, hi = np.array([-d.extent, 0.0]), np.array([d.extent, float(d.f_grid.max()) * 1.2])
        runs = [np.column_stack([p.points[:, 0, 0], p.losses[:, 0]]) for p in d.paths]
        return runs, (lo, hi)
    return [p.points[:, 0] for p in d.paths], (d.domain[:, 0], d.domain[:, 1])


@case("LearningRateBalls", "LearningRates2D")
def _lr_panels(s: Shot, d) -> None:
    from manim import Text

    panels = axes_of(s)
    assert len(panels) == len(d.paths)
    runs, (lo, hi) = _regime_runs(s, d)
    with np.errstate(invalid="ignore"):
        leaves = [
            bool((~np.all(np.isfinite(p) & (p >= lo) & (p <= hi), axis=1)).any()) for p in runs
        ]
    assert any(leaves) and not all(leaves)
    for i, ax in enumerate(panels):  # each run in its own panel, in its own colour only
        shows_runs(s, ax, [runs[i]], [FOUR[i % 4]], (lo, hi), [d.labels[i]])
        for j in range(len(panels)):
            if j != i:
                assert count(inside(s, ax), FOUR[j % 4]) < 3, (d.labels[i], d.labels[j])
    # a run that leaves the plot says so under its panel, in its colour, once it has left
    notes = [m for m in s.find(Text) if m.original_text.startswith("left the plot")]
    assert len(notes) == sum(leaves)
    for note in notes:
        (i,) = [i for i, ax in enumerate(panels) if abs(ax.get_x() - note.get_x()) < 0.5]
        assert leaves[i]
        shown = count(inside(s, note), FOUR[i % 4], min_cover=0.3)
        assert shown > 3 and count(inside(s, note, frame=s.first), FOUR[i % 4]) == 0


@case("LRSweepScene")
def _lr_sweep(s: Shot, d) -> None:
    plane, panel = axes_of(s)[:2]
    lx = np.log10(d.lrs)
    rows, cols = s.box(panel)
    for k, name in enumerate(d.labels):
        colour = racer_color(name)
        kw = dict(min_cover=0.8) if colour == "#000000" else {}
        curve = tint(s.frame[rows, cols], colour, **kw)
        bad = np.flatnonzero(~np.isfinite(d.final[k]) | d.diverged[k])
        # the loss curve runs up to the last η, or stops at the first one that diverged
        last = len(lx) - 1 if not len(bad) else bad[0] - 1
        if last >= 1:
            stop = int(round(s.px(panel.c2p(lx[last], panel.y_range[0]))[0])) - cols.start
            assert curve[:, max(stop - 6, 0) : stop + 1].sum() > 2, f"{name}'s curve ends early"
            assert curve[:, stop + 4 :].sum() == 0, f"{name}'s curve runs on past η {last}"
        else:
            assert curve.sum() < 3
        # and the whole path at the last η on the plane
        assert count(inside(s, plane), colour, **kw) > 20, f"{name}'s path at the last η"
    assert d.diverged.any()  # (so that the stop above is checked)


@case("BasinFlowScene")
def _basins(s: Shot, d) -> None:
    panels = axes_of(s)
    assert len(panels) == len(d.labels)
    for k, ax in enumerate(panels):
        # every start point's dot where its run ends, in the colour of the minimum it reaches
        # (grey: none); a later dot may cover an earlier one, so most, not all
        which = d.which[k].astype(int)
        ends = d.paths[k].points[-1]
        shown = [
            tint(
                patch(s, ax.c2p(*p)), FOUR[w % 4] if w >= 0 else THEME.basins["none"], min_cover=0.6
            ).any()
            for p, w in zip(ends, which, strict=True)
            if np.all((p >= d.domain[:, 0]) & (p <= d.domain[:, 1]))
        ]
        assert len(shown) > 0.5 * len(which) and np.mean(shown) > 0.7, (d.labels[k], np.mean(shown))
        for w in np.unique(which):
            colour = FOUR[w % 4] if w >= 0 else THEME.basins["none"]
            assert new(s, ax, colour, min_cover=0.6) > 3, (d.labels[k], w)


@case("AdaptiveRatesScene")
def _adaptive(s: Shot, d) -> None:
    left, right = axes_of(s)[:2]
    names = {"adagrad": "Adagrad", "rmsprop": "RMSprop", "adadelta": "Adadelta"}
    for n in d.stream_eff_lr:
        assert new(s, left, racer_color(names[n])) > 30, n
    assert new(s, right, THEME.palette.vermillion) > 30  # raw m
    assert new(s, right, THEME.palette.blue) > 30  # corrected m
    shown = [
        tint(patch(s, right.c2p(i + 1, g)), THEME.contour, min_cover=0.5, tol=25).any()
        for i, g in enumerate(d.adam_g)
    ]
    assert np.mean(shown) > 0.7  # every gradient dot shown at the end


# -- training ------------------------------------------------------------------------------------


@case("LearningCurvesScene")
def _curves(s: Shot, r) -> None:
    from manim import Text

    panels = axes_of(s)[:2]
    per, epochs = r.iterations_per_epoch, len(r.val_loss)
    for ax, val in zip(panels, (r.val_loss, r.val_acc * 100), strict=True):
        assert new(s, ax, THEME.palette.blue) > 60  # the training curve
        for e in range(epochs):  # a validation dot after each epoch
            y = float(np.clip(val[e], *ax.y_range[:2]))
            p = patch(s, ax.c2p(per * (e + 1), y))
            assert tint(p, THEME.palette.vermillion, min_cover=0.6).any(), f"epoch {e + 1}"
    # the test accuracy, written at the end
    (final,) = [m for m in s.find(Text) if m.original_text.startswith("test accuracy")]
    assert ink(inside(s, final)).sum() > 30 and not ink(inside(s, final, frame=s.first)).any()


@case("WeightHistogramScene")
def _weights(s: Shot, c) -> None:
    from vizdl.render.mpl.training import RIDGE_INITS

    panels = axes_of(s)
    chosen = [n for n in c.inits if n in RIDGE_INITS]
    assert len(panels) == len(chosen)
    for ax, init in zip(panels, chosen, strict=True):
        fill = over_white(THEME.initializers[init], 0.45)
        assert count(inside(s, ax), fill, min_cover=0.8, tol=10) > 80, init
        for other in chosen:
            if other != init:
                o = over_white(THEME.initializers[other], 0.45)
                assert count(inside(s, ax), o, min_cover=0.8, tol=10) < 5
