"""Optimizer scenes: trajectories from :mod:`vizdl.sim.optimizers`, nothing computed here."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UP,
    Arrow,
    Axes,
    Dot,
    Line,
    Star,
    ValueTracker,
    VGroup,
    always_redraw,
    linear,
)

from vizdl.render.manim import (
    INK,
    OKABE_ITO,
    DataScene,
    contour_lines,
    formula,
    interpolate_path,
    label,
    make_log_panel,
    make_marker,
    make_step_counter,
    make_trace,
)

__all__ = ["MomentumRavine", "OptimizerRace", "RaceBowl", "RaceBeale", "RaceRavine", "RaceSaddle"]


class MomentumRavine(DataScene):
    """Gradient descent without and with momentum in a ravine, with the velocity arrow.

    The lecture's "without / with momentum" picture, computed: both paths are
    ``torch.optim.SGD``'s update rule (checked in the tests).
    """

    compute = "vizdl.sim.optimizers:momentum_ravine"
    params = dict(lr=0.018, momentum=0.8, steps=80, condition=100.0)
    seconds = 9.0
    velocity_scale = 3.0

    def construct(self) -> None:
        d = self.load()
        self.camera.background_color = "#ffffff"
        lo_x, hi_x = float(d.X.min()), float(d.X.max())
        lo_y, hi_y = float(d.Y.min()), float(d.Y.max())
        axes = (
            Axes(
                x_range=[lo_x, hi_x, 1],
                y_range=[lo_y, hi_y, 1],
                x_length=6.9,
                y_length=6.9,
                tips=False,
                axis_config={"color": "#c3c9d4", "stroke_width": 1.5, "include_ticks": False},
            )
            .to_corner(UL, buff=0.3)
            .shift(DOWN * 0.5)
        )
        contours = contour_lines(axes, d.X, d.Y, d.Z, d.levels)
        minimum = Star(n=5, outer_radius=0.14, color=INK, fill_opacity=1).move_to(
            axes.c2p(*d.minimum)
        )

        title = label("Gradient descent in a ravine: without vs with momentum", font_size=30)
        title.to_edge(UP, buff=0.25)

        plain = d.plain.points[:, 0]
        mom = d.momentum.points[:, 0]
        steps = len(plain) - 1
        t = ValueTracker(0)
        trace_plain = make_trace(axes, plain, t, OKABE_ITO["vermillion"])
        trace_mom = make_trace(axes, mom, t, OKABE_ITO["blue"])
        dot_plain = make_marker(
            axes, plain, t, lambda: Dot(radius=0.09, color=OKABE_ITO["vermillion"])
        )
        dot_mom = make_marker(axes, mom, t, lambda: Dot(radius=0.09, color=OKABE_ITO["blue"]))

        vel = d.velocity  # (steps, 2): v_t = θ_{t-1} − θ_t, the lecture's velocity
        scale = self.velocity_scale

        def velocity_arrow() -> Arrow:
            k = int(min(np.floor(t.get_value()), steps - 1))
            p = interpolate_path(mom, t.get_value())
            step = -vel[k] * scale  # direction of motion θ_t − θ_{t-1}
            start, end = axes.c2p(*p), axes.c2p(*(p + step))
            if np.linalg.norm(end - start) < 0.05:
                end = start + 0.05 * RIGHT
            return Arrow(
                start,
                end,
                buff=0,
                color=OKABE_ITO["green"],
                stroke_width=5,
                max_tip_length_to_length_ratio=0.35,
                tip_length=0.18,
            )

        arrow = always_redraw(velocity_arrow)

        # Right-hand panel: legend, equations, loss curves.
        lr = d.plain.hparams["lr"]
        gamma = d.momentum.hparams["momentum"]
        legend = VGroup(
            _legend_row(OKABE_ITO["vermillion"], f"plain GD, η = {lr:g}"),
            _legend_row(OKABE_ITO["blue"], f"momentum, η = {lr:g}, γ = {gamma:g}"),
            _legend_row(OKABE_ITO["green"], f"velocity v (drawn ×{scale:g})", arrow=True),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        eq = VGroup(
            formula(r"$v_t = \gamma\, v_{t-1} + \eta\, \nabla_\theta J(\theta)$", height=0.38),
            formula(r"$\theta_t = \theta_{t-1} - v_t$", height=0.34),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)

        losses = make_log_panel(
            [d.plain.losses[:, 0], d.momentum.losses[:, 0]],
            [OKABE_ITO["vermillion"], OKABE_ITO["blue"]],
            t,
            "loss per step (log scale)",
        )
        panel = VGroup(legend, eq, losses).arrange(DOWN, aligned_edge=LEFT, buff=0.4)
        panel.next_to(axes, RIGHT, buff=0.5).align_to(axes, UP)
        counter = make_step_counter(t, steps).next_to(losses, DOWN, buff=0.15)

        # Static first (cached as one image), then everything with an updater.
        self.add(title, axes, contours, minimum, legend, eq, *losses[:3])
        self.add(losses[3], trace_plain, trace_mom, dot_plain, dot_mom, arrow, counter)
        self.play(t.animate.set_value(steps), run_time=self.seconds, rate_func=linear)
        self.wait(1.0)


def _legend_row(color: str, text: str, arrow: bool = False) -> VGroup:
    if arrow:
        mark = Arrow(
            LEFT * 0.25, RIGHT * 0.25, buff=0, color=color, stroke_width=5, tip_length=0.15
        )
    else:
        mark = Line(LEFT * 0.25, RIGHT * 0.25, color=color, stroke_width=6)
    return VGroup(mark, label(text, font_size=20)).arrange(RIGHT, buff=0.2)


class OptimizerRace(DataScene):
    """The lecture's optimizers racing from one start on one surface; variants are subclasses.

    Every path is the real update rule (checked against torch.optim); each optimizer runs at its
    best learning rate from a grid unless the surface fixes one (see ``optimizer_race``).
    """

    compute = "vizdl.sim.optimizers:optimizer_race"
    params = dict(surface="beale")
    seconds = 10.0

    def construct(self) -> None:
        d = self.load()
        self.camera.background_color = "#ffffff"
        (x0, x1), (y0, y1) = d.domain
        side = 6.9
        scale = side / max(x1 - x0, y1 - y0)
        axes = (
            Axes(
                x_range=[x0, x1, 1],
                y_range=[y0, y1, 1],
                x_length=(x1 - x0) * scale,
                y_length=(y1 - y0) * scale,
                tips=False,
                axis_config={"color": "#c3c9d4", "stroke_width": 1.5, "include_ticks": False},
            )
            .to_corner(UL, buff=0.3)
            .shift(DOWN * 0.5)
        )
        contours = contour_lines(axes, d.X, d.Y, d.Z, d.levels)
        marks = VGroup(
            *(
                Star(n=5, outer_radius=0.13, color=INK, fill_opacity=1).move_to(axes.c2p(*m))
                for m in d.minima
            ),
            *(Dot(axes.c2p(*p), radius=0.08, color=INK) for p in d.saddles),
        )
        how = "each at its best learning rate" if d.tuned else "all at one learning rate"
        title = label(f"{d.title}: {how}", font_size=28).to_edge(UP, buff=0.25)

        t = ValueTracker(0)
        steps = d.steps
        colors = [racer_color(lab) for lab in d.labels]
        traces, dots = VGroup(), VGroup()
        for path, color in zip(d.paths, colors, strict=True):
            # Clipped to the plotted square: a path that leaves it shows a gap, never a slide.
            pts = path.points[:, 0]
            box = (d.domain[:, 0], d.domain[:, 1])
            traces.add(make_trace(axes, pts, t, color, width=3, box=box))
            dots.add(make_marker(axes, pts, t, lambda c=color: Dot(radius=0.08, color=c), box=box))

        legend = VGroup(
            *(
                _legend_row(c, f"{lab}  η = {lr:.3g}")
                for lab, lr, c in zip(d.labels, d.lrs, colors, strict=True)
            )
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.12)
        if len(d.minima):
            series, what = [p.losses[:, 0] for p in d.paths], "loss per step (log scale)"
        else:
            series, what = (
                [np.abs(p.points[:, 0, 1]) for p in d.paths],
                "|θ₂|: escape along the unstable axis",
            )
        panel_curves = make_log_panel(series, colors, t, what, width=5.0, height=2.3)
        panel = VGroup(legend, panel_curves).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        panel.next_to(axes, RIGHT, buff=0.45).align_to(axes, UP)
        counter = make_step_counter(t, steps).next_to(panel_curves, DOWN, buff=0.12)

        start = Dot(axes.c2p(*d.start), radius=0.1, color=INK, fill_opacity=0).set_stroke(INK, 3)
        # Static mobjects first, updating ones last: manim redraws everything from the first
        # mobject with an updater onwards, and caches what comes before it as one image.
        self.add(title, axes, contours, marks, legend, *panel_curves[:3], start)
        self.add(panel_curves[3], traces, dots, counter)
        self.play(t.animate.set_value(steps), run_time=self.seconds, rate_func=linear)
        self.wait(1.0)


class RaceBowl(OptimizerRace):
    params = dict(surface="bowl")


class RaceBeale(OptimizerRace):
    params = dict(surface="beale")


class RaceRavine(OptimizerRace):
    params = dict(surface="ravine")


class RaceSaddle(OptimizerRace):
    params = dict(surface="saddle")


def racer_color(label_: str) -> str:
    """The racer's colour, shared with the matplotlib figures."""
    from vizdl.render.mpl.optimizers import racer_style

    return racer_style(label_)["color"]
