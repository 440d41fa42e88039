"""Activation / vanishing-gradient scenes, read from :mod:`vizdl.sim.activations` results."""

from __future__ import annotations

import matplotlib
import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    DashedLine,
    Dot,
    Line,
    Polygon,
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
    pow10,
    to_scene,
)
from vizdl.sim.vanishing import FLAT_SLOPE
from vizdl.style import THEME

__all__ = ["SigmoidSlope", "BackwardProducts", "GradientNormBars", "CompositionScene"]


class SigmoidSlope(DataScene):
    """A point running along σ(x) with its tangent; below, the slope σ'(x) traced and compared
    with the 1/4 line."""

    seconds = 8.0

    def construct(self) -> None:
        g = self.load()
        i = g.names.index("sigmoid")
        x, f, df = g.x, g.f[i], g.df[i]
        lo, hi = float(x[0]), float(x[-1])
        title = label("The slope of the sigmoid is at most 1/4", font_size=30).to_edge(
            UP, buff=0.25
        )
        top = Axes(
            x_range=[lo, hi, 2],
            y_range=[0, 1, 0.5],
            x_length=10,
            y_length=2.6,
            tips=False,
            axis_config={"color": THEME.grid, "include_ticks": False},
        )
        bot = Axes(
            x_range=[lo, hi, 2],
            y_range=[0, 0.3, 0.25],
            x_length=10,
            y_length=2.2,
            tips=False,
            axis_config={"color": THEME.grid, "include_ticks": False},
        )
        VGroup(top, bot).arrange(DOWN, buff=0.7).next_to(title, DOWN, buff=0.35)
        blue, orange = THEME.curves["function"], THEME.curves["derivative"]
        curve = VMobject(stroke_color=blue, stroke_width=4)
        curve.set_points_as_corners(to_scene(top, np.column_stack([x, f])))
        quarter = DashedLine(bot.c2p(lo, 0.25), bot.c2p(hi, 0.25), color=THEME.ink, stroke_width=2)
        labels = VGroup(
            label("σ(x)", font_size=22, color=blue).next_to(top, LEFT, buff=0.2),
            label("σ'(x)", font_size=22, color=orange).next_to(bot, LEFT, buff=0.2),
            label("1/4", font_size=18).next_to(bot.c2p(hi, 0.25), RIGHT, buff=0.1),
        )
        self.add(title, top, bot, curve, quarter, labels)
        t = ValueTracker(lo)
        dot = Dot(radius=0.08, color=blue)
        dot.add_updater(lambda m: m.move_to(top.c2p(t.get_value(), np.interp(t.get_value(), x, f))))
        tangent = Line(color=THEME.ink, stroke_width=2)

        def upd_tan(m: Line) -> None:
            x0 = t.get_value()
            y0, s = np.interp(x0, x, f), np.interp(x0, x, df)
            a, b = x0 - 1.2, x0 + 1.2
            m.put_start_and_end_on(top.c2p(a, y0 + s * (a - x0)), top.c2p(b, y0 + s * (b - x0)))

        upd_tan(tangent)
        tangent.add_updater(upd_tan)
        trace = VMobject(stroke_color=orange, stroke_width=4)
        pts = to_scene(bot, np.column_stack([x, df]))

        def upd_trace(m: VMobject) -> None:
            k = int(np.searchsorted(x, t.get_value()))
            m.set_points_as_corners(pts[: max(k, 2)])

        upd_trace(trace)
        trace.add_updater(upd_trace)

        def slope_text(k: int) -> VGroup:
            x0 = lo + (hi - lo) * k / 60
            return label(
                f"x = {x0:+.2f}   slope σ'(x) = {np.interp(x0, x, df):.4f}", font_size=20
            ).next_to(bot, DOWN, buff=0.3)

        # 61 readings along the sweep (x in steps of (hi − lo)/60)
        readout = make_switching_label(
            t, lambda v: int(round((v - lo) / (hi - lo) * 60)), slope_text
        )
        self.add(trace, tangent, dot, readout)
        self.play(t.animate.set_value(hi), run_time=self.seconds, rate_func=linear)
        k = int(np.argmax(df))
        peak = Dot(bot.c2p(x[k], df[k]), radius=0.09, color=orange)
        note = label(f"maximum {df[k]:.4f} = 1/4 at x = {x[k]:g}", font_size=20, color=orange)
        note.next_to(peak, UP, buff=0.15)
        self.add(peak, note)
        self.wait(1.5)


class _LayerBars(DataScene):
    """Rows of bars, one bar per layer with height log₁₀(value), revealed from the last layer back
    to the first (the way the gradient travels). Subclasses say what the rows are."""

    seconds = 8.0
    decades = 20
    heading = ""
    from_right = True  # bars appear from the last layer back (False: left to right)
    end_name = "layer 1"
    axis_note = "layer 1 (input side) … last layer"

    def rows(self, d: object) -> list[tuple[str, str, np.ndarray, np.ndarray | None]]:
        """(label, colour, values per layer 1..L, optional reference per layer)."""
        raise NotImplementedError

    def construct(self) -> None:
        d = self.load()
        rows = self.rows(d)
        title = label(self.heading, font_size=28).to_edge(UP, buff=0.22)
        n_rows = len(rows)
        depth = len(rows[0][2])
        cell_w = 9.4
        cell_h = min(1.25, 5.8 / n_rows - 0.25)
        x0 = -3.3
        bar_w = cell_w / depth
        scale = cell_h / self.decades
        static = VGroup(title)
        t = ValueTracker(0.0)
        bars = VGroup()
        finals = []
        for r, (name, color, vals, ref) in enumerate(rows):
            y_top = 2.75 - r * (cell_h + 0.3)
            y0 = y_top  # bars hang down from 10⁰ (value 1) ...
            z = np.log10(np.maximum(vals, 10.0**-self.decades))
            z = np.clip(z, -self.decades, 1.0)
            static.add(
                Line([x0, y0, 0], [x0 + cell_w, y0, 0], color=THEME.muted, stroke_width=1.5),
                label(name, font_size=16, color=color).move_to([x0 - 1.75, y0 - cell_h / 2, 0]),
                label("1", font_size=11, color=THEME.muted).next_to([x0, y0, 0], LEFT, buff=0.05),
                label(pow10(-self.decades), font_size=11, color=THEME.muted).next_to(
                    [x0, y0 - cell_h, 0], LEFT, buff=0.05
                ),
            )
            if ref is not None:
                zr = np.clip(np.log10(ref), -self.decades, 1.0)
                pts = []
                for k in range(depth):
                    pts += [
                        [x0 + k * bar_w, y0 + zr[k] * scale, 0],
                        [x0 + (k + 1) * bar_w, y0 + zr[k] * scale, 0],
                    ]
                outline = VMobject(stroke_color=THEME.ink, stroke_width=1.6)
                outline.set_points_as_corners(np.array(pts))
                static.add(outline)
            for k in range(depth):
                xl = x0 + k * bar_w
                reach = depth - 1 - k if self.from_right else k
                # an exact 0 has no logarithm: a faint grey bar to the floor, not a coloured one
                zero = vals[k] <= 0
                bar = Polygon(
                    [xl, y0, 0],
                    [xl + 1e-3, y0, 0],
                    [xl, y0 - 1e-3, 0],
                    stroke_width=0,
                    fill_color=THEME.faint if zero else color,
                    fill_opacity=0.35 if zero else 0.85,
                )

                def upd(m: Polygon, reach=reach, xl=xl, h=z[k] * scale, y0=y0) -> None:
                    f = float(np.clip(t.get_value() - reach, 0.0, 1.0))
                    top = y0 + h * f
                    w = bar_w * 0.86
                    m.set_points_as_corners(
                        np.array(
                            [
                                [xl, y0, 0],
                                [xl + w, y0, 0],
                                [xl + w, top, 0],
                                [xl, top, 0],
                                [xl, y0, 0],
                            ]
                        )
                    )

                upd(bar)
                bar.add_updater(upd)
                bars.add(bar)
            end = vals[0] if self.from_right else vals[-1]
            txt = (
                "0"
                if end <= 0
                else (pow10(int(np.floor(np.log10(end)))) if end < 0.01 else f"{end:.2g}")
            )
            tag = label(f"{self.end_name}: {txt}", font_size=14)
            finals.append(
                tag.move_to(
                    [
                        x0 + tag.width / 2 if self.from_right else x0 + cell_w - tag.width / 2,
                        y0 + 0.2,
                        0,
                    ]
                )
            )
        counter = make_step_counter(t, depth, font_size=20, word="layers passed back")
        note = label(self.axis_note, font_size=15, color=THEME.muted)
        VGroup(note, counter).arrange(RIGHT, buff=0.8).to_edge(DOWN, buff=0.2)
        self.add(static, bars, note, counter)
        self.play(t.animate.set_value(depth), run_time=self.seconds, rate_func=linear)
        self.add(*finals)
        self.wait(1.5)


class BackwardProducts(_LayerBars):
    """The gradient passing back: sigmoid's derivative product alone (outlined by its bound
    4⁻ᴸ), then each activation's whole signal with the weights, E[δ²] relative to the last
    layer's."""

    heading = "The gradient passing back: σ' alone, then with the weights"
    decades = 40
    from_right = False
    axis_note = "bar: log₁₀ of the mean (σ' alone: over every path) · outline: 4⁻ᴸ"
    end_name = "after all layers"

    def rows(self, d: object) -> list:
        out = []
        if "sigmoid" in d.activations:
            k = d.activations.index("sigmoid")
            out.append(
                ("sigmoid: σ' alone", THEME.activations["sigmoid"], d.mean[k, 1:], d.bound[1:])
            )
        for k, (name, init) in enumerate(zip(d.activations, d.inits, strict=True)):
            color = THEME.activations.get(name, THEME.ink)
            out.append((f"{name} + {init.split('-')[0]}", color, d.signal[k], None))
        return out


class GradientNormBars(_LayerBars):
    """Per-layer gradient norms at initialization, relative to the last hidden layer's."""

    heading = "‖∂L/∂Wₗ‖ relative to the last layer's, layer by layer back to the input"
    decades = 12
    end_name = "layer 1"

    def rows(self, d: object) -> list:
        colors = list(THEME.palette)
        return [
            (f"{a} + {i}", colors[k % 7], d.norms[k] / d.norms[k, -1], None)
            for k, (a, i) in enumerate(d.pairs)
        ]


class CompositionScene(DataScene):
    """The linear-tanh cross-section morphing from t = 0 to t = T compositions."""

    seconds_per_step = 1.6

    def construct(self) -> None:
        c = self.load()
        title = label("Composing h ← tanh(W h) again and again", font_size=30).to_edge(
            UP, buff=0.25
        )
        ymax = float(np.abs(c.y).max()) * 1.05
        ax = Axes(
            x_range=[c.x[0], c.x[-1], 1],
            y_range=[-ymax, ymax, ymax],
            x_length=11,
            y_length=5.0,
            tips=False,
            axis_config={"color": THEME.grid, "include_ticks": False},
        )
        ax.next_to(title, DOWN, buff=0.35)
        self.add(title, ax)
        t = ValueTracker(0.0)
        cmap = matplotlib.colormaps[THEME.sequential]
        curve = VMobject(stroke_width=4)

        def upd(m: VMobject) -> None:
            v = float(np.clip(t.get_value(), 0, c.steps))
            y = interpolate_rows(c.y, v)
            m.set_points_as_corners(to_scene(ax, np.column_stack([c.x, y])))
            m.set_stroke(matplotlib.colors.to_hex(cmap(v / max(c.steps, 1) * 0.9)), width=4)

        upd(curve)
        curve.add_updater(upd)
        readout = make_switching_label(
            t,
            lambda v: int(np.clip(np.round(v), 0, c.steps)),
            lambda k: label(
                f"t = {k}: {c.turns[k]} turns, {c.small_slope[k] * 100:.0f}% with slope < {FLAT_SLOPE:g}",
                font_size=22,
            ).next_to(ax, DOWN, buff=0.35),
        )
        self.add(curve, readout)
        for k in range(c.steps):
            self.play(t.animate.set_value(k + 1), run_time=self.seconds_per_step, rate_func=linear)
            self.wait(0.4)
        self.wait(1.0)
