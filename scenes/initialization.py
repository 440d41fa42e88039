"""Initialization scenes: per-layer variances and training runs from :mod:`vizdl.sim.initialization`.

Nothing is computed here: every height, colour and number is read from the simulation result.
"""

from __future__ import annotations

import matplotlib
import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    DashedVMobject,
    Dot,
    Line,
    Rectangle,
    ValueTracker,
    VGroup,
    VMobject,
    linear,
)

from vizdl.render.manim import (
    DataScene,
    interpolate_rows,
    label,
    make_step_counter,
    make_switching_label,
    polyline_points,
    pow10,
    to_scene,
)
from vizdl.render.manim.lean import PixelImage
from vizdl.render.mpl.initialization import heat_position
from vizdl.style import THEME

__all__ = [
    "ForwardSignal",
    "BackwardSignal",
    "LayerHistogramScene",
    "HeatmapDepth",
    "SymmetryScene",
]

_SHORT = {
    "small-normal": "N(0, 0.01²)",
    "large-normal": "N(0, 1)",
    "torch-default": "PyTorch default",
    "xavier-normal": "Xavier normal",
    "xavier-uniform": "Xavier uniform",
    "kaiming-normal": "Kaiming normal",
    "kaiming-uniform": "Kaiming uniform",
    "orthogonal": "Orthogonal",
    "uniform": "U(±0.05)",
}
_DECADES = 12  # bars span 10^-12 .. 10^12 around Var = 1


def _log10(v: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.log10(np.asarray(v, dtype=float))
    return np.where(np.isfinite(z), z, np.where(np.asarray(v) > 0, _DECADES, -_DECADES))


def _final_text(value: float) -> str:
    """A variance as the figures print it (vizdl.render.mpl.initialization._fmt_pow): the nearest
    power of ten from 10^±3 on, two significant digits below (rounding down had shown 9.8e-10 as
    10⁻¹⁰ here beside the figure's 10⁻⁹)."""
    z = float(_log10(np.array([value]))[0])
    e = int(np.round(z))
    if abs(e) < 3:
        return f"{value:.2g}"
    return pow10(e)


class ForwardSignal(DataScene):
    """Bars of log₁₀ Var(aₗ) appearing layer by layer as the signal travels forward, one row per
    initializer, tanh and ReLU side by side; the dashed outline is the theory."""

    direction = "forward"
    # N(0, 1) included: the row whose ReLU explodes (and whose tanh saturates instead)
    rows = ("small-normal", "large-normal", "torch-default", "xavier-normal", "kaiming-normal")
    columns = ("tanh", "relu")
    seconds = 9.0

    def _values(self, d: object, i: int, j: int) -> tuple[np.ndarray, np.ndarray]:
        if self.direction == "forward":
            return d.forward[i, j, 1:], d.theory_forward[i, j, 1:]
        return d.backward[i, j], d.theory_backward[i, j]

    def construct(self) -> None:
        d = self.load()
        fwd = self.direction == "forward"
        rows = [r for r in self.rows if r in d.initializers]
        cols = [c for c in self.columns if c in d.activations]
        depth = d.depth
        title = label(
            "Forward: Var(activations) layer by layer"
            if fwd
            else "Backward: Var(gradients) from the last layer back",
            font_size=28,
        ).to_edge(UP, buff=0.2)
        cell_w = 4.85
        gap = 0.22
        cell_h = min(1.12, (5.75 - gap * (len(rows) - 1)) / max(len(rows), 1))
        half = cell_h / 2
        scale = half / _DECADES
        x0s = [-3.85 + c * (cell_w + 0.85) for c in range(len(cols))]
        y0s = [2.45 - r * (cell_h + gap) - half for r in range(len(rows))]
        bar_w = cell_w / depth
        static = VGroup(title)
        for c, act in enumerate(cols):
            static.add(
                label(
                    {"tanh": "Tanh", "relu": "ReLU", "sigmoid": "Sigmoid"}.get(act, act),
                    font_size=24,
                ).move_to([x0s[c] + cell_w / 2, y0s[0] + half + 0.3, 0])
            )
        t = ValueTracker(0.0)
        bars_all = VGroup()
        finals = []
        for r, init in enumerate(rows):
            i = d.initializers.index(init)
            color = THEME.initializers.get(init, THEME.palette.blue)
            y0 = y0s[r]
            name = label(_SHORT.get(init, d.labels[i]), font_size=17, color=color)
            static.add(name.move_to([x0s[0] - 0.5 - name.width / 2, y0, 0]))
            for c, act in enumerate(cols):
                j = d.activations.index(act)
                x0 = x0s[c]
                meas, theory = self._values(d, i, j)
                zm = np.clip(_log10(meas), -_DECADES, _DECADES)
                zt = np.clip(_log10(theory), -_DECADES, _DECADES)
                frame = VGroup(
                    Line([x0, y0, 0], [x0 + cell_w, y0, 0], color=THEME.muted, stroke_width=1.5),
                    Line([x0, y0 - half, 0], [x0, y0 + half, 0], color=THEME.grid, stroke_width=1),
                )
                if c == 0:
                    for z, txt in ((_DECADES, pow10(_DECADES)), (-_DECADES, pow10(-_DECADES))):
                        frame.add(
                            label(txt, font_size=13, color=THEME.muted).next_to(
                                [x0, y0 + z * scale, 0], LEFT, buff=0.06
                            )
                        )
                    frame.add(
                        label("1", font_size=13, color=THEME.muted).next_to(
                            [x0, y0, 0], LEFT, buff=0.06
                        )
                    )
                outline = VMobject(stroke_color=THEME.ink, stroke_width=1.6)
                pts = []
                for k in range(depth):
                    xl = x0 + k * bar_w
                    pts += [[xl, y0 + zt[k] * scale, 0], [xl + bar_w, y0 + zt[k] * scale, 0]]
                outline.set_points_as_corners(np.array(pts))
                static.add(frame, DashedVMobject(outline, num_dashes=60))
                # All the cell's bars are one mobject (one Cairo fill), their corners set with
                # numpy: 30 Polygons with 30 updaters per cell cost ~8 ms per 1080p frame.
                bars = VMobject(stroke_width=0, fill_color=color, fill_opacity=0.85)
                # the order in which the signal reaches the layers
                reach = np.arange(depth) if fwd else depth - 1 - np.arange(depth)
                left = x0 + np.arange(depth) * bar_w
                bars.add_updater(self._bars_updater(t, reach, left, bar_w * 0.86, y0, zm * scale))
                bars.update()
                bars_all.add(bars)
                end = meas[-1] if fwd else meas[0]
                where = f"layer {depth}" if fwd else "layer 1"
                tag = label(f"{where}: {_final_text(end)}", font_size=14, color=THEME.ink)
                # in the half of the cell that the bars leave free
                ytag = y0 + (half * 0.6 if zm[-1 if fwd else 0] < 0 else -half * 0.6)
                xtag = x0 + cell_w - tag.width / 2 if fwd else x0 + tag.width / 2
                finals.append(tag.move_to([xtag, ytag, 0]))
        pulse = VGroup()
        for r in range(len(rows)):
            for c in range(len(cols)):
                x0, y0 = x0s[c], y0s[r]
                dot = Dot(radius=0.06, color=THEME.ink)
                dot.add_updater(
                    lambda m, x0=x0, y0=y0: m.move_to(
                        [x0 + (t.get_value() if fwd else depth - t.get_value()) * bar_w, y0, 0]
                    )
                )
                pulse.add(dot)
        counter = make_step_counter(t, depth, font_size=20, word="layers reached")
        counter.move_to([-3.2, -3.72, 0])
        note = label(
            "bars: measured (mean of the networks) · dashed: theory",
            font_size=15,
            color=THEME.muted,
        ).move_to([2.9, -3.72, 0])
        self.add(static, note, bars_all, pulse, counter)
        self.play(t.animate.set_value(depth), run_time=self.seconds, rate_func=linear)
        self.remove(pulse)
        self.add(*finals)
        self.wait(1.5)

    @staticmethod
    def _bars_updater(
        t: ValueTracker, reach: np.ndarray, left: np.ndarray, w: float, y0: float, h: np.ndarray
    ):
        """Bars rising from y0 to y0 + h[k], each in the step after the signal reaches it."""

        def update(m: VMobject) -> None:
            f = np.clip(t.get_value() - reach, 0.0, 1.0)
            shown = f > 0
            if not shown.any():
                m.clear_points()
                return
            x, top = left[shown], y0 + h[shown] * f[shown]
            n = len(x)
            corners = np.zeros((n, 5, 3))
            corners[:, :, 0] = np.column_stack([x, x + w, x + w, x, x])
            corners[:, :, 1] = np.column_stack(
                [np.full(n, y0), np.full(n, y0), top, top, np.full(n, y0)]
            )
            m.points = polyline_points(corners)  # each bar's outline, one sub-path per bar

        return update


class BackwardSignal(ForwardSignal):
    """The gradients: bars of log₁₀ Var(∂L/∂sₗ) appearing from the last layer back to the first."""

    direction = "backward"


def _cmap_hex(name: str, values: np.ndarray) -> list[str]:
    cmap = matplotlib.colormaps[name]
    return [matplotlib.colors.to_hex(c) for c in cmap(np.clip(values, 0.0, 1.0))]


class LayerHistogramScene(DataScene):
    """Histograms of tanh activation values morphing from layer 1 to the last, one panel per
    initializer (log scale of the share of values per bin)."""

    seconds_per_layer = 1.6

    def construct(self) -> None:
        from manim import Axes

        h = self.load()
        title = label(
            f"{h.activation} activation values, layer by layer ({h.width} units per layer)",
            font_size=28,
        ).to_edge(UP, buff=0.25)
        n = len(h.initializers)
        centers = 0.5 * (h.edges[:-1] + h.edges[1:])
        lo, hi = float(h.edges[0]), float(h.edges[-1])
        logc = np.log10(np.maximum(h.counts * 100.0, 1e-3))  # percent, floored at 0.001%
        panels = VGroup()
        # shifted coordinates (x - lo, log10 % + 3) so the axes sit at the left and bottom
        for i in range(n):
            ax = Axes(
                x_range=[0, hi - lo, 0.5],
                y_range=[0, 5, 1],
                x_length=3.5,
                y_length=3.6,
                tips=False,
                axis_config={"color": THEME.grid, "stroke_width": 1.5, "include_ticks": False},
            )
            color = THEME.initializers.get(h.initializers[i], THEME.palette.blue)
            head = label(h.labels[i], font_size=19, color=color).next_to(ax, UP, buff=0.15)
            ticks = VGroup(
                *(
                    label(txt, font_size=13, color=THEME.muted).next_to(
                        ax.c2p(0, z + 3), LEFT, buff=0.08
                    )
                    for z, txt in ((-3, "0.001%"), (-1, "0.1%"), (1, "10%"))
                )
            )
            xt = VGroup(
                *(
                    label(f"{v:g}", font_size=13, color=THEME.muted).next_to(
                        ax.c2p(v - lo, 0), DOWN, buff=0.08
                    )
                    for v in (-1, 0, 1)
                )
            )
            panels.add(VGroup(ax, head, ticks, xt))
        panels.arrange(RIGHT, buff=0.9)
        if panels.width > 13.2:
            panels.scale_to_fit_width(13.2)
        panels.next_to(title, DOWN, buff=0.45).set_x(0)
        axis_note = label(
            f"x: {h.activation} value · y: share of the layer's values per bin (log scale)",
            font_size=17,
            color=THEME.muted,
        ).next_to(panels, DOWN, buff=0.9)
        self.add(title, panels, axis_note)
        t = ValueTracker(0.0)
        depth = len(h.layers)
        curves = VGroup()
        for i in range(n):
            ax = panels[i][0]
            color = THEME.initializers.get(h.initializers[i], THEME.palette.blue)
            curve = VMobject(stroke_color=color, stroke_width=4)

            def upd(m: VMobject, i: int = i, ax: Axes = ax) -> None:
                y = interpolate_rows(logc[i], t.get_value())
                m.set_points_as_corners(to_scene(ax, np.column_stack([centers - lo, y + 3])))

            upd(curve)
            curve.add_updater(upd)
            curves.add(curve)
        shown = ValueTracker(1.0)  # the layer number under the cursor, 1-based
        shown.add_updater(lambda m: m.set_value(np.round(t.get_value()) + 1))
        layer_counter = make_step_counter(shown, depth, font_size=20, word="layer")
        layer_counter.to_edge(DOWN, buff=0.3)
        readouts = make_switching_label(
            t,
            lambda v: int(np.clip(np.round(v), 0, depth - 1)),
            lambda k: VGroup(
                *(
                    label(
                        f"Var {h.var[i, k]:.2g} · saturated: {h.saturated[i, k] * 100:.0f}%",
                        font_size=16,
                    ).next_to(panels[i][0], DOWN, buff=0.45)
                    for i in range(n)
                )
            ),
        )
        self.add(shown)
        self.add(curves, readouts, layer_counter)
        self.play(
            t.animate.set_value(depth - 1),
            run_time=self.seconds_per_layer * (depth - 1),
            rate_func=linear,
        )
        self.wait(1.5)


class HeatmapDepth(DataScene):
    """Initializer × activation heatmap of log₁₀ Var(aₗ) as l runs from 1 to the last layer."""

    seconds = 9.0

    def construct(self) -> None:
        d = self.load()
        title = label("log₁₀ Var(aₗ) as the signal goes deeper", font_size=28).to_edge(
            UP, buff=0.25
        )
        ni, na = len(d.initializers), len(d.activations)
        cw, ch = 1.75, 0.88
        x0, y0 = -1.6, 2.3
        z = np.clip(_log10(d.forward), -_DECADES, _DECADES)  # (ni, na, depth + 1)
        static = VGroup(title)
        cells = VGroup()
        for j, act in enumerate(d.activations):
            static.add(
                label(
                    {"linear": "Linear", "tanh": "Tanh", "sigmoid": "Sigmoid", "relu": "ReLU"}.get(
                        act, act
                    ),
                    font_size=20,
                ).move_to([x0 + (j + 0.5) * cw, y0 + 0.3, 0])
            )
        for i in range(ni):
            static.add(
                label(
                    d.labels[i],
                    font_size=17,
                    color=THEME.initializers.get(d.initializers[i], THEME.ink),
                ).next_to([x0, y0 - (i + 0.5) * ch, 0], LEFT, buff=0.2)
            )
            for j in range(na):
                cell = Rectangle(
                    width=cw * 0.96, height=ch * 0.94, stroke_width=0, fill_opacity=1.0
                )
                cell.move_to([x0 + (j + 0.5) * cw, y0 - (i + 0.5) * ch, 0])
                cells.add(cell)
        depth = d.depth
        # the figure's colour scale: pale only within a factor 2 of 1 (a factor 10 is tinted)
        colors = [
            [_cmap_hex(THEME.diverging, heat_position(z[i, j])) for j in range(na)]
            for i in range(ni)
        ]
        values = [
            [[_final_text(d.forward[i, j, k]) for k in range(depth + 1)] for j in range(na)]
            for i in range(ni)
        ]
        # more than half the units of layer k pinned at a bound: the cell says so (its white is
        # saturation, not a preserved signal)
        from vizdl.checks.initialization import SATURATED_CELL

        pinned = np.asarray(d.saturated) > SATURATED_CELL  # (ni, na, depth): layers 1..depth
        t = ValueTracker(1.0)
        texts = VGroup(*(label("", font_size=16) for _ in range(ni * na)))
        state = {"k": -1}

        def upd(group: VGroup) -> None:
            k = int(np.clip(np.floor(t.get_value()), 1, depth))
            for i in range(ni):
                for j in range(na):
                    group[i * na + j].set_fill(colors[i][j][k], opacity=1.0)
            if k != state["k"]:
                state["k"] = k
                for i in range(ni):
                    for j in range(na):
                        dark = abs(heat_position(z[i, j, k]) - 0.5) > 0.33
                        color = THEME.on_dark if dark else THEME.ink
                        text = label(values[i][j][k], font_size=17, color=color)
                        if pinned[i, j, k - 1]:
                            text = VGroup(
                                text, label("saturated", font_size=12, color=color)
                            ).arrange(DOWN, buff=0.04)
                        texts[i * na + j].become(text.move_to(group[i * na + j]))

        upd(cells)
        bar = VGroup()
        ramp = _cmap_hex(THEME.diverging, np.linspace(0, 1, 48))  # 47 steps of heat_position
        for k, c in enumerate(ramp):
            bar.add(
                Rectangle(
                    width=0.35, height=0.09, stroke_width=0, fill_color=c, fill_opacity=1
                ).move_to([x0 + na * cw + 0.8, y0 - ni * ch + 0.3 + k * 0.09, 0])
            )
        static.add(bar)
        ticks = ((-_DECADES, pow10(-_DECADES)), (-1, "0.1"), (0, "1"), (1, "10"))
        for v, txt in (*ticks, (_DECADES, pow10(_DECADES))):
            static.add(
                label(txt, font_size=14, color=THEME.muted).next_to(
                    [
                        x0 + na * cw + 1.0,
                        y0 - ni * ch + 0.3 + float(heat_position(v)) * 47 * 0.09,
                        0,
                    ],
                    RIGHT,
                    buff=0.05,
                )
            )
        counter = make_step_counter(t, depth, font_size=22, word="layer").to_edge(DOWN, buff=0.3)
        self.add(static, cells, texts, counter)
        # The cells change only when the layer does: one play per layer, the cells and their
        # numbers set between plays, so manim draws them once into its background per layer
        # instead of redrawing 24 cells and ~200 glyphs every frame.
        for k in range(1, depth):
            upd(cells)
            self.play(
                t.animate.set_value(k + 1), run_time=self.seconds / (depth - 1), rate_func=linear
            )
        upd(cells)
        self.wait(1.5)


def _rgb_images(frames: np.ndarray, lim: float | np.ndarray) -> np.ndarray:
    """(…, 28, 28) weights -> (…, 28, 28, 4) uint8 RGBA in the theme's diverging colormap,
    symmetric around 0."""
    cmap = matplotlib.colormaps[THEME.diverging]
    return (cmap(0.5 + 0.5 * np.clip(frames / lim, -1, 1)) * 255).astype(np.uint8)


class SymmetryScene(DataScene):
    """The hidden units' incoming weights during training from zeros, a constant and random
    weights: blank, identical copies, and different detectors."""

    seconds = 10.0

    def construct(self) -> None:
        s = self.load()
        title = label(
            "Zero, constant and random initialization: do the units differ?", font_size=28
        ).to_edge(UP, buff=0.25)
        self.add(title)
        nck = len(s.checkpoints)
        size = min(1.25, 10.2 / s.hidden - 0.12)
        images: list[list[PixelImage]] = []
        rgba = []
        lefts = []
        for r in range(len(s.inits)):
            # one symmetric colour scale per row and checkpoint: structure stays visible while the
            # weights grow (the readout gives the numbers)
            lim = np.abs(s.receptive[r]).reshape(nck, -1).max(axis=1)
            lim = np.where(lim > 0, lim, 1.0)[:, None, None, None]
            rgba.append(_rgb_images(s.receptive[r], lim))  # (nck, hidden, 28, 28, 4)
            row = []
            y = 1.9 - r * (size + 0.75)
            for u in range(s.hidden):
                # square pixels, painted by Cairo (manim's ImageMobject composites each image
                # over the whole frame with PIL: ~10 ms per image per redraw at 1080p)
                img = PixelImage(rgba[r][0, u], size, [-3.7 + u * (size + 0.12), y, 0])
                row.append(img)
                self.add(img)
            images.append(row)
            name = label(
                s.labels[r], font_size=19, color=THEME.initializers.get(s.inits[r], THEME.ink)
            )
            name.next_to(row[0], LEFT, buff=0.25)
            lefts.append(name)
            self.add(name)
        t = ValueTracker(0.0)
        steps_at = s.checkpoints
        readouts = VGroup(*(label("", font_size=16) for _ in s.inits))
        state = {"c": -1}

        def readout_text(r: int, c: int) -> str:
            step = int(steps_at[c])
            spread = s.spread[r, step]
            same = "identical units" if spread == 0 else f"units differ by up to {spread:.2g}"
            big = float(np.abs(s.receptive[r, c]).max())
            return (
                f"loss {s.loss[r, step]:.2f} · accuracy {s.accuracy[r, step] * 100:.0f}% · "
                f"{same} · colours ±{big:.2g}"
            )

        def upd(group: VGroup) -> None:
            c = int(np.clip(np.floor(t.get_value()), 0, nck - 1))
            if c == state["c"]:
                return
            state["c"] = c
            for r in range(len(s.inits)):
                for u in range(s.hidden):
                    images[r][u].set_pixels(rgba[r][c, u])
                group[r].become(
                    label(readout_text(r, c), font_size=16, color=THEME.soft_ink).next_to(
                        images[r][0], DOWN, buff=0.12, aligned_edge=LEFT
                    )
                )

        upd(readouts)
        readouts.add_updater(upd)
        steps_tracker = ValueTracker(0.0)
        steps_tracker.add_updater(
            lambda m: m.set_value(
                float(steps_at[int(np.clip(np.floor(t.get_value()), 0, nck - 1))])
            )
        )
        counter = make_step_counter(steps_tracker, s.steps, font_size=20).to_edge(DOWN, buff=0.25)
        self.add(readouts, steps_tracker, counter)
        # One play per checkpoint: the images are still mobjects, which manim draws once into its
        # background at the start of a play, so they must change between plays (within one long
        # play they stayed at the first checkpoint until the final hold).
        for c in range(1, nck):
            readouts.update()  # images and readouts of checkpoint c - 1
            self.play(t.animate.set_value(c), run_time=self.seconds / (nck - 1), rate_func=linear)
        readouts.update()
        self.wait(1.5)
