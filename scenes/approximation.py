"""Universal-approximation scenes, read from :mod:`vizdl.sim.approximation` results."""

from __future__ import annotations

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
    make_switching_label,
    to_scene,
)
from vizdl.style import THEME

__all__ = ["StepSharpening", "BumpsAdded", "StaircaseRefine", "OneLayerTraining", "ReluRelays"]


def _axes(x_len: float, y_len: float, y_range: tuple[float, float]) -> Axes:
    return Axes(
        x_range=[0, 1, 0.5],
        y_range=[y_range[0], y_range[1], (y_range[1] - y_range[0]) / 2],
        x_length=x_len,
        y_length=y_len,
        tips=False,
        axis_config={"color": THEME.grid, "include_ticks": False},
    )


def _curve(ax: Axes, x: np.ndarray, y: np.ndarray, color: str, width: float = 4) -> VMobject:
    m = VMobject(stroke_color=color, stroke_width=width)
    m.set_points_as_corners(to_scene(ax, np.column_stack([x, y])))
    return m


class StepSharpening(DataScene):
    """σ(w x + b) with b = −w·s as w rises through short decimals between the computed values
    of w: the curve drawn is always the one whose exact w and b the readout prints."""

    seconds = 7.0

    def construct(self) -> None:
        from vizdl.sim.approximation import decimal_text, readout_steepnesses, step_bias_text

        s = self.load()
        title = label("A steep sigmoid is a step at s = −b/w", font_size=30).to_edge(UP, buff=0.3)
        ax = _axes(10.5, 4.8, (0.0, 1.0)).next_to(title, DOWN, buff=0.4)
        marker = DashedLine(ax.c2p(s.step, 0), ax.c2p(s.step, 1), color=THEME.ink, stroke_width=2)
        s_lbl = label(f"s = {decimal_text(s.step)}", font_size=20).next_to(
            ax.c2p(s.step, 1), UP, buff=0.1
        )
        self.add(title, ax, marker, s_lbl)
        shown = readout_steepnesses(s.ws)
        t = ValueTracker(0.0)  # index into ``shown``: the curve steps from one value to the next
        curve = VMobject(stroke_color=THEME.palette.blue, stroke_width=5)

        def index(v: float) -> int:
            return int(np.clip(np.floor(v + 1e-9), 0, len(shown) - 1))

        def upd(m: VMobject) -> None:
            w = float(shown[index(t.get_value())])
            y = 1.0 / (1.0 + np.exp(-np.clip(w * (s.x - s.step), -60, 60)))
            m.set_points_as_corners(to_scene(ax, np.column_stack([s.x, y])))

        upd(curve)
        curve.add_updater(upd)

        def text(k: int) -> VGroup:
            w = float(shown[k])
            b = step_bias_text(w, s.step).replace("-", "−")
            rise = 2 * np.log(9) / w
            return label(
                f"w = {decimal_text(w)}   b = −w·s = {b}   rises over ≈ {rise:.3g}",
                font_size=22,
            ).next_to(ax, DOWN, buff=0.4)

        readout = make_switching_label(t, index, text)
        self.add(curve, readout)
        self.play(t.animate.set_value(len(shown) - 1), run_time=self.seconds, rate_func=linear)
        self.wait(1.5)


class BumpsAdded(DataScene):
    """The bump network's output with its bumps switched on one at a time."""

    seconds = 8.0

    def construct(self) -> None:
        b = self.load()
        title = label("Bumps added one by one: a staircase that follows f", font_size=30)
        title.to_edge(UP, buff=0.3)
        top = float(max(b.f.max(), b.partial.max())) * 1.1
        ax = _axes(10.5, 4.8, (0.0, top)).next_to(title, DOWN, buff=0.4)
        target = _curve(ax, b.x, b.f, THEME.reference, 6)
        self.add(
            title,
            ax,
            target,
            label("f(x)", font_size=20, color=THEME.reference).next_to(ax, RIGHT, buff=0.1),
        )
        t = ValueTracker(0.0)
        n = len(b.partial)
        out = VMobject(stroke_color=THEME.palette.blue, stroke_width=4)
        rows = np.vstack([np.zeros_like(b.x), b.partial])  # row k: the first k bumps

        def upd(m: VMobject) -> None:
            y = interpolate_rows(rows, t.get_value())
            m.set_points_as_corners(to_scene(ax, np.column_stack([b.x, y])))

        upd(out)
        out.add_updater(upd)
        readout = make_switching_label(
            t,
            lambda v: int(np.clip(np.floor(v), 0, n)),
            lambda k: label(f"{k} of {n} bumps ({2 * k} hidden units)", font_size=22).next_to(
                ax, DOWN, buff=0.4
            ),
        )
        self.add(out, readout)
        self.play(t.animate.set_value(n), run_time=self.seconds, rate_func=linear)
        self.wait(1.5)


class StaircaseRefine(DataScene):
    """N doubling from 2 to 512: the staircase closing in on f, and its sup error landing on a
    log-log plot next to it."""

    seconds_per_step = 1.0

    def construct(self) -> None:
        from vizdl.sim.approximation import resolve_function, staircase

        e = self.load()
        fn = resolve_function(e.function)
        x = np.linspace(0, 1, 3001)
        f = fn(x)
        title = label("Doubling the bumps halves the error", font_size=30).to_edge(UP, buff=0.3)
        ax = _axes(6.2, 4.2, (0.0, float(f.max()) * 1.15))
        lx = np.log10(e.ns)
        ly = np.log10(e.sup)
        err_ax = Axes(
            x_range=[float(lx.min()) - 0.1, float(lx.max()) + 0.1, 1],
            y_range=[float(ly.min()) - 0.3, float(ly.max()) + 0.3, 1],
            x_length=5.0,
            y_length=4.2,
            tips=False,
            axis_config={"color": THEME.grid, "include_ticks": False},
        )
        VGroup(ax, err_ax).arrange(RIGHT, buff=1.0).next_to(title, DOWN, buff=0.5)
        heads = VGroup(
            label("staircase vs f", font_size=20).next_to(ax, UP, buff=0.1),
            label("sup error vs N (log-log)", font_size=20).next_to(err_ax, UP, buff=0.1),
        )
        ticks = VGroup(
            label(f"N = {e.ns[0]}", font_size=15, color=THEME.muted).next_to(
                err_ax.c2p(lx[0], err_ax.y_range[0]), DOWN, buff=0.1
            ),
            label(f"N = {e.ns[-1]}", font_size=15, color=THEME.muted).next_to(
                err_ax.c2p(lx[-1], err_ax.y_range[0]), DOWN, buff=0.1
            ),
            label(f"{e.sup[0]:.2g}", font_size=15, color=THEME.muted).next_to(
                err_ax.c2p(err_ax.x_range[0], ly[0]), LEFT, buff=0.1
            ),
            label(f"{e.sup[-1]:.2g}", font_size=15, color=THEME.muted).next_to(
                err_ax.c2p(err_ax.x_range[0], ly[-1]), LEFT, buff=0.1
            ),
        )
        self.add(title, ax, err_ax, heads, ticks, _curve(ax, x, f, THEME.reference, 6))
        # the slope line fitted in the simulation, through the fitted range
        lo, hi = e.fit_range
        sel = (e.ns >= lo) & (e.ns <= hi)
        c0 = np.polyfit(lx[sel], ly[sel], 1)[1]
        fit = DashedLine(
            err_ax.c2p(lx[0], c0 + e.slope_sup * lx[0]),
            err_ax.c2p(lx[-1], c0 + e.slope_sup * lx[-1]),
            color=THEME.ink,
            stroke_width=2,
        )
        slope_lbl = label(f"slope {e.slope_sup:.2f}", font_size=18).next_to(fit, DOWN, buff=0.1)
        ys = [staircase(fn, int(n), e.w_factor * n, x) for n in e.ns]
        t = ValueTracker(0.0)
        k_max = len(e.ns) - 1
        # one updater morphs the curve between consecutive N (no Transform: re-aligning 3001-point
        # curves overflows manim's subdivision and costs seconds)
        stair = VMobject(stroke_color=THEME.palette.blue, stroke_width=3)

        ys = np.stack(ys)

        def upd(m: VMobject) -> None:
            y = interpolate_rows(ys, t.get_value())
            m.set_points_as_corners(to_scene(ax, np.column_stack([x, y])))

        upd(stair)
        stair.add_updater(upd)
        dots = VGroup(
            *(
                Dot(err_ax.c2p(lx[k], ly[k]), radius=0.07, color=THEME.palette.vermillion)
                for k in range(len(e.ns))
            )
        )

        def upd_dots(group: VGroup) -> None:
            for k, d in enumerate(group):
                d.set_opacity(1.0 if k <= t.get_value() + 1e-9 else 0.0)

        upd_dots(dots)
        dots.add_updater(upd_dots)
        readout = make_switching_label(
            t,
            lambda v: int(np.clip(np.round(v), 0, k_max)),
            lambda k: label(f"N = {e.ns[k]}: sup error {e.sup[k]:.4f}", font_size=22).next_to(
                VGroup(ax, err_ax), DOWN, buff=0.4
            ),
        )
        self.add(stair, dots, readout)
        for k in range(1, len(e.ns)):
            self.play(
                t.animate.set_value(k), run_time=self.seconds_per_step * 0.6, rate_func=linear
            )
            self.wait(self.seconds_per_step * 0.4)
        self.add(fit, slope_lbl)
        self.wait(1.5)


class OneLayerTraining(DataScene):
    """The one-hidden-layer network's curve during training, against the noisy samples and the
    constructed bump network with the same number of units."""

    seconds = 8.0

    def construct(self) -> None:
        r = self.load()
        title = label(f"Training {r.units} sigmoid units by gradient descent", font_size=30)
        title.to_edge(UP, buff=0.3)
        top = float(max(r.y_train.max(), r.f.max())) * 1.15
        ax = _axes(10.5, 4.6, (0.0, top)).next_to(title, DOWN, buff=0.4)
        samples = VGroup(
            *(
                Dot(ax.c2p(a, b), radius=0.035, color=THEME.reference)
                for a, b in zip(r.x_train, r.y_train, strict=True)
            )
        )
        bumps = _curve(ax, r.x, r.bumps, THEME.palette.vermillion, 2.5)
        target = _curve(ax, r.x, np.clip(r.f, 0, top), THEME.palette.green, 3)
        legend = (
            VGroup(
                label("— target f", font_size=17, color=THEME.palette.green),
                label("● noisy samples", font_size=17, color=THEME.reference),
                label(
                    f"— constructed ({r.units // 2} bumps)",
                    font_size=17,
                    color=THEME.palette.vermillion,
                ),
                label("— trained network", font_size=17, color=THEME.palette.blue),
            )
            .arrange(RIGHT, buff=0.5)
            .next_to(ax, DOWN, buff=0.35)
        )
        self.add(title, ax, target, samples, bumps, legend)
        t = ValueTracker(0.0)
        k_max = len(r.snapshot_steps) - 1
        sup = np.abs(r.one_layer_snapshots - r.f[None, :]).max(axis=1)
        curve = VMobject(stroke_color=THEME.palette.blue, stroke_width=4)

        def upd(m: VMobject) -> None:
            y = interpolate_rows(r.one_layer_snapshots, t.get_value())
            m.set_points_as_corners(to_scene(ax, np.column_stack([r.x, np.clip(y, 0, top)])))

        upd(curve)
        curve.add_updater(upd)
        readout = make_switching_label(
            t,
            lambda v: int(np.clip(np.round(v), 0, k_max)),
            lambda k: label(
                f"step {int(r.snapshot_steps[k]):,}: sup error {sup[k]:.3f} "
                f"(constructed {r.bumps_error:.3f})",
                font_size=20,
            ).next_to(legend, DOWN, buff=0.2),
        )
        self.add(curve, readout)
        self.play(t.animate.set_value(k_max), run_time=self.seconds, rate_func=linear)
        self.wait(1.5)


class ReluRelays(DataScene):
    """A cursor sweeping x: which of the ReLU relays are on, and the output's current piece."""

    seconds = 9.0

    def construct(self) -> None:
        r = self.load()
        title = label("ReLU units as relays: the pattern picks the linear piece", font_size=28)
        title.to_edge(UP, buff=0.25)
        top = float(max(r.f.max(), r.y.max())) * 1.1
        ax = _axes(7.6, 4.6, (float(min(0.0, r.y.min())), top))
        n_units = r.on.shape[0]
        lamp_size = min(0.3, 5.2 / n_units - 0.04)
        lamps = VGroup(
            *(
                Rectangle(
                    width=0.55,
                    height=lamp_size,
                    stroke_width=1,
                    stroke_color=THEME.grid,
                    fill_opacity=1.0,
                    fill_color=THEME.off,
                )
                for _ in range(n_units)
            )
        ).arrange(DOWN, buff=0.04)
        VGroup(ax, lamps).arrange(RIGHT, buff=1.0).next_to(title, DOWN, buff=0.4)
        names = label("hidden units", font_size=16, color=THEME.muted).next_to(lamps, UP, buff=0.1)
        target = _curve(ax, r.x, r.f, THEME.reference, 6)
        out = _curve(ax, r.x, r.y, THEME.palette.blue, 2.5)
        self.add(title, ax, names, target, out)
        t = ValueTracker(0.0)
        green = THEME.palette.green
        cursor = Line(ax.c2p(0, 0), ax.c2p(0, top), color=THEME.ink, stroke_width=2)
        cursor.add_updater(
            lambda m: m.put_start_and_end_on(
                ax.c2p(t.get_value(), ax.y_range[0]), ax.c2p(t.get_value(), top)
            )
        )
        piece = VMobject(stroke_color=THEME.palette.vermillion, stroke_width=7)
        state = {"region": -1}
        readout = VGroup(label("", font_size=20))

        def upd_lamps(group: VGroup) -> None:
            # an updater of its own: mobjects changed only from another one's updater are
            # treated as static by manim and never redrawn
            i = int(np.clip(np.searchsorted(r.x, t.get_value()), 0, len(r.x) - 1))
            for lamp, is_on in zip(group, r.on[r.order, i], strict=True):
                lamp.set_fill(green if is_on else THEME.off, opacity=1.0)

        upd_lamps(lamps)
        lamps.add_updater(upd_lamps)

        def upd(m: VMobject) -> None:
            i = int(np.clip(np.searchsorted(r.x, t.get_value()), 0, len(r.x) - 1))
            reg = int(r.region[i])
            if reg == state["region"]:
                return
            state["region"] = reg
            sel = r.region == reg
            m.set_points_as_corners(to_scene(ax, np.column_stack([r.x[sel], r.y[sel]])))
            pattern = r.on[r.order, i]
            readout[0].become(
                label(
                    f"piece {reg + 1} of {r.n_regions}: {int(pattern.sum())} units on, "
                    f"output = {r.slope[reg]:+.2f}·x {r.intercept[reg]:+.2f}",
                    font_size=20,
                ).next_to(ax, DOWN, buff=0.35)
            )

        upd(piece)
        piece.add_updater(upd)
        self.add(lamps, piece, cursor, readout)
        self.play(t.animate.set_value(1.0), run_time=self.seconds, rate_func=linear)
        self.wait(1.5)
