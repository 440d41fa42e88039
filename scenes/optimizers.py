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
    make_marker,
    make_trace,
    pow10,
)

__all__ = ["MomentumRavine"]


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

        # Loss panel: log10 loss, shifted so the step axis sits at the bottom of the panel.
        losses_p = np.log10(np.maximum(d.plain.losses[:, 0], 1e-12))
        losses_m = np.log10(np.maximum(d.momentum.losses[:, 0], 1e-12))
        lo = float(np.floor(min(losses_p.min(), losses_m.min())))
        hi = float(np.ceil(max(losses_p.max(), losses_m.max())))
        loss_ax = Axes(
            x_range=[0, steps, max(10, steps // 4)],
            y_range=[0, hi - lo, 1],
            x_length=5.2,
            y_length=2.4,
            tips=False,
            axis_config={"color": "#8b93a3", "stroke_width": 1.5, "include_numbers": False},
        )
        loss_label = label("loss per step (log scale)", font_size=20).next_to(
            loss_ax, UP, buff=0.12
        )
        every = max(1, int(hi - lo) // 4)
        ticks = VGroup(
            *(
                label(pow10(v), font_size=15).next_to(loss_ax.c2p(0, v - lo), LEFT, buff=0.1)
                for v in range(int(lo), int(hi) + 1, every)
            )
        )
        step_pts_p = np.column_stack([np.arange(steps + 1), losses_p - lo])
        step_pts_m = np.column_stack([np.arange(steps + 1), losses_m - lo])
        loss_p = make_trace(loss_ax, step_pts_p, t, OKABE_ITO["vermillion"], width=3)
        loss_m = make_trace(loss_ax, step_pts_m, t, OKABE_ITO["blue"], width=3)
        counter = always_redraw(
            lambda: label(
                f"step {int(np.floor(t.get_value())):3d} / {steps}", font_size=22
            ).next_to(loss_ax, DOWN, buff=0.15)
        )
        panel = VGroup(legend, eq, VGroup(loss_label, loss_ax, ticks)).arrange(
            DOWN, aligned_edge=LEFT, buff=0.4
        )
        panel.next_to(axes, RIGHT, buff=0.5).align_to(axes, UP)

        self.add(title, axes, contours, minimum, panel, loss_p, loss_m, counter)
        self.add(trace_plain, trace_mom, dot_plain, dot_mom, arrow)
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
