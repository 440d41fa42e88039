"""Optimizer scenes: trajectories from :mod:`vizdl.sim.optimizers`, nothing computed here."""

from __future__ import annotations

import numpy as np
from manim import (
    DEGREES,
    DOWN,
    DR,
    LEFT,
    RIGHT,
    UP,
    UR,
    Arrow,
    Axes,
    DashedLine,
    Dot,
    FadeIn,
    FadeOut,
    GrowArrow,
    Line,
    Star,
    ThreeDAxes,
    ThreeDScene,
    ValueTracker,
    VGroup,
    VMobject,
    config,
    linear,
)

from vizdl.render.manim import (
    DataScene,
    contour_lines,
    formula,
    interpolate_path,
    label,
    make_dot_cloud,
    make_live_arrow,
    make_log_panel,
    make_marker,
    make_step_counter,
    make_switching_label,
    make_trace,
    plane_axes,
    polyline_points,
    to_scene,
)
from vizdl.render.manim.lean import MeshSurface, RasterOverlay
from vizdl.sim.optimizers.races import ANIMATION_LOSS_FLOOR
from vizdl.style import THEME, racer_style

__all__ = [
    "LRSweepScene",
    "LearningRates2D",
    "AdaptiveRatesScene",
    "BasinFlowScene",
    "LearningRateBalls",
    "SaddleRace3D",
    "NoisyGradients",
    "NesterovSteps",
    "MomentumRavine",
    "OptimizerRace",
]


class MomentumRavine(DataScene):
    """Gradient descent without and with momentum in a ravine, with the velocity arrow.

    The lecture's "without / with momentum" picture, computed: both paths are
    ``torch.optim.SGD``'s update rule (checked in the tests).
    """

    seconds = 9.0
    velocity_scale = 3.0

    def construct(self) -> None:
        d = self.load()
        # The racers' colours: plain GD is the races' SGD, momentum their Momentum.
        gd_color, mom_color = racer_style("SGD")["color"], racer_style("Momentum")["color"]
        axes = plane_axes([[d.X.min(), d.X.max()], [d.Y.min(), d.Y.max()]])
        contours = contour_lines(axes, d.X, d.Y, d.Z, d.levels)
        minimum = Star(n=5, outer_radius=0.14, color=THEME.ink, fill_opacity=1).move_to(
            axes.c2p(*d.minimum)
        )

        title = label("Gradient descent in a ravine: without vs with momentum", font_size=30)
        title.to_edge(UP, buff=0.25)

        plain = d.plain.points[:, 0]
        mom = d.momentum.points[:, 0]
        steps = len(plain) - 1
        t = ValueTracker(0)
        trace_plain = make_trace(axes, plain, t, gd_color)
        trace_mom = make_trace(axes, mom, t, mom_color)
        dot_plain = make_marker(axes, plain, t, lambda: Dot(radius=0.09, color=gd_color))
        dot_mom = make_marker(axes, mom, t, lambda: Dot(radius=0.09, color=mom_color))

        vel = d.velocity  # (steps, 2): v_t = θ_{t-1} − θ_t, the lecture's velocity
        scale = self.velocity_scale

        def velocity_ends() -> tuple[np.ndarray, np.ndarray]:
            k = int(min(np.floor(t.get_value()), steps - 1))
            p = interpolate_path(mom, t.get_value())
            step = -vel[k] * scale  # direction of motion θ_t − θ_{t-1}
            start, end = to_scene(axes, np.vstack([p, p + step]))
            if np.linalg.norm(end - start) < 0.05:
                end = start + 0.05 * RIGHT
            return start, end

        arrow = make_live_arrow(
            velocity_ends,
            THEME.palette.green,
            stroke_width=5,
            tip_length=0.18,
            max_tip_length_to_length_ratio=0.35,
        )

        # Right-hand panel: legend, equations, loss curves.
        lr = d.plain.hparams["lr"]
        gamma = d.momentum.hparams["momentum"]
        legend = VGroup(
            _legend_row(gd_color, f"plain GD, η = {lr:g}"),
            _legend_row(mom_color, f"momentum, η = {lr:g}, γ = {gamma:g}"),
            _legend_row(THEME.palette.green, f"velocity v (drawn ×{scale:g})", arrow=True),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.18)
        eq = VGroup(
            formula(r"$v_t = \gamma\, v_{t-1} + \eta\, \nabla_\theta J(\theta)$", height=0.38),
            formula(r"$\theta_t = \theta_{t-1} - v_t$", height=0.34),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.15)

        losses = make_log_panel(
            [d.plain.losses[:, 0], d.momentum.losses[:, 0]],
            [gd_color, mom_color],
            t,
            "loss per step (log scale)",
        )
        panel = VGroup(legend, eq, losses).arrange(DOWN, aligned_edge=LEFT, buff=0.4)
        panel.next_to(axes, RIGHT, buff=0.5).align_to(axes, UP)
        counter = make_step_counter(t, steps).next_to(losses, DOWN, buff=0.15)

        # Static first (cached as one image), then everything with an updater.
        self.add(title, axes, contours, minimum, legend, eq, *losses[:3])
        self.add(losses[3], trace_plain, trace_mom, dot_plain, dot_mom, arrow, counter)
        self.play_traced({t: steps}, run_time=self.seconds)
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
    """The lecture's optimizers racing from one start on one surface (the
    surface is the entry's: race-bowl-animation, race-beale-animation, …).

    Every path is the real update rule (checked against torch.optim); each optimizer runs at its
    best learning rate from a grid unless the surface fixes one (see ``optimizer_race``).
    """

    seconds = 10.0

    def construct(self) -> None:
        d = self.load()
        axes = plane_axes(d.domain)
        contours = contour_lines(axes, d.X, d.Y, d.Z, d.levels)
        marks = VGroup(
            *(
                Star(n=5, outer_radius=0.13, color=THEME.ink, fill_opacity=1).move_to(axes.c2p(*m))
                for m in d.minima
            ),
            *(Dot(axes.c2p(*p), radius=0.08, color=THEME.ink) for p in d.saddles),
        )
        title = label(f"{d.title}: {d.how()}", font_size=28).to_edge(UP, buff=0.25)
        title.scale_to_fit_width(min(title.width, config.frame_width - 0.5))  # never clipped

        t = ValueTracker(0)
        steps = d.steps
        colors = [racer_style(lab)["color"] for lab in d.labels]
        traces, dots = VGroup(), VGroup()
        for path, color in zip(d.paths, colors, strict=True):
            # Clipped to the plotted square: a path that leaves it shows a gap, never a slide.
            pts = path.points[:, 0]
            box = (d.domain[:, 0], d.domain[:, 1])
            traces.add(make_trace(axes, pts, t, color, width=3, box=box))
            dots.add(make_marker(axes, pts, t, lambda c=color: Dot(radius=0.08, color=c), box=box))

        legend = VGroup(*(_legend_row(c, d.legend_label(i)) for i, c in enumerate(colors))).arrange(
            DOWN, aligned_edge=LEFT, buff=0.12
        )
        progress, kind = d.progress()
        series = list(progress)
        what = {
            "loss": "loss per step (log scale)",
            "above minimum": f"J − J_min, J_min = {d.j_min:.4g} (log scale)",
            "above lowest": "J − the lowest loss reached, per step (log scale)",
            "escape": "|θ₂|: escape along the unstable axis",
        }[kind]
        panel_curves = make_log_panel(
            series, colors, t, what, width=5.0, height=2.3, floor=ANIMATION_LOSS_FLOOR
        )
        panel = VGroup(legend, panel_curves).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        panel.next_to(axes, RIGHT, buff=0.45).align_to(axes, UP)
        counter = make_step_counter(t, steps).next_to(panel_curves, DOWN, buff=0.12)

        start = Dot(axes.c2p(*d.start), radius=0.1, color=THEME.ink, fill_opacity=0).set_stroke(
            THEME.ink, 3
        )
        # Static mobjects first, updating ones last: manim redraws everything from the first
        # mobject with an updater onwards, and caches what comes before it as one image.
        self.add(title, axes, contours, marks, legend, *panel_curves[:3], start)
        self.add(panel_curves[3], traces, dots, counter)
        # Most of a race happens in its first steps: spend time on them, then speed up (the step
        # counter shows where the clock is), and hold the finish.
        for share, seconds in self.schedule:
            self.play_traced({t: max(1, round(share * steps))}, run_time=seconds)
        self.wait(2.0)

    # (share of the steps reached, seconds to get there), in order: slow first, then faster.
    schedule = ((0.1, 4.0), (0.4, 3.0), (1.0, 3.0))


class NoisyGradients(DataScene):
    """Stochastic vs mini-batch vs batch: each run's gradient arrow beside the true gradient.

    The arrows are the gradients the runs really used (from ``batch_paths``): the one-example
    gradient scatters around the true gradient, the mini-batch one less, the full batch not at all.
    """

    seconds = 12.0
    arrow_length = 0.9  # scene units for the true gradient at the start
    longest = 2.5  # no arrow longer than this: the scale shrinks instead

    def construct(self) -> None:
        d = self.load()
        axes = plane_axes(d.domain)
        contours = contour_lines(axes, d.X, d.Y, d.Z, d.levels)
        best = Star(n=5, outer_radius=0.13, color=THEME.ink, fill_opacity=1).move_to(
            axes.c2p(*d.optimum)
        )
        title = label("Noisy gradients: stochastic vs mini-batch vs batch", font_size=28).to_edge(
            UP, buff=0.25
        )
        n = len(d.x)
        colors = list(THEME.palette[:4])
        t = ValueTracker(0)
        steps = d.paths[0].steps
        box = (d.domain[:, 0], d.domain[:, 1])
        moving = VGroup()
        scale = self._scale(axes, d)
        for k, path in enumerate(d.paths):
            pts = path.points[:, 0]
            c = colors[k % len(colors)]
            moving.add(make_trace(axes, pts, t, c, width=2.5, box=box))
            moving.add(make_marker(axes, pts, t, lambda c=c: Dot(radius=0.07, color=c), box=box))
            moving.add(
                self._gradient_arrows(axes, pts, d.batch_grads[k], d.full_grads[k], t, c, scale)
            )
        rows = [
            _legend_row(colors[k % len(colors)], _batch_text(bs, n))
            for k, bs in enumerate(d.batch_sizes)
        ]
        rows.append(_legend_row(THEME.ink, "true gradient (all data)", arrow=True))
        legend = VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=0.15)
        note = VGroup(
            label("Arrows: −gradient used for the step;", font_size=18),
            label("black = the true one; all at one scale.", font_size=18),
            label(f"All runs: η = {d.lr:g}, same start.", font_size=18),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.08)
        eq = formula(
            r"$\theta = \theta - \eta\, \nabla_\theta J(\theta;\, x^{(i:i+n)})$", height=0.42
        )
        panel = VGroup(legend, note, eq).arrange(DOWN, aligned_edge=LEFT, buff=0.4)
        panel.next_to(axes, RIGHT, buff=0.45).align_to(axes, UP)
        counter = make_step_counter(t, steps).next_to(panel, DOWN, buff=0.35).align_to(panel, LEFT)
        self.add(title, axes, contours, best, panel)
        self.add(moving, counter)
        self.play_traced({t: steps}, run_time=self.seconds)
        self.wait(1.0)

    def _scale(self, axes, d) -> float:
        """Scene units per gradient unit, one for every run and step: the true gradient at the
        start is ``arrow_length`` long unless some arrow would then exceed ``longest``. (Scaling
        each arrow by its own true gradient once made batch 10 look noisier than batch 1.)"""
        per_unit = float(
            np.linalg.norm(to_scene(axes, np.eye(2))[0] - to_scene(axes, np.zeros((1, 2)))[0])
        )
        true0 = max(float(np.linalg.norm(g[0])) for g in d.full_grads)
        biggest = max(float(np.linalg.norm(g, axis=1).max()) for g in d.batch_grads)
        return (
            min(self.arrow_length / max(true0, 1e-12), self.longest / max(biggest, 1e-12))
            / per_unit
        )

    def _gradient_arrows(self, axes, pts, used, true, t, color, scale) -> VGroup:
        def arrow(vectors: np.ndarray, c: str, width: float) -> VGroup:
            def ends() -> tuple[np.ndarray, np.ndarray]:
                k = int(np.clip(np.floor(t.get_value()), 0, len(vectors) - 1))
                a, tip = to_scene(axes, np.vstack([pts[k], pts[k] - scale * vectors[k]]))
                b = tip
                if np.linalg.norm(b - a) < 0.04:
                    b = a + 0.04 * RIGHT
                return a, b

            return make_live_arrow(
                ends, c, stroke_width=width, tip_length=0.14, max_tip_length_to_length_ratio=0.3
            )

        return VGroup(arrow(true, THEME.ink, 3), arrow(used, color, 4))


def _batch_text(bs: int, n: int) -> str:
    if bs == 1:
        return "stochastic (1 example)"
    if bs == n:
        return f"batch (all {n})"
    return f"mini-batch of {bs}"


class NesterovSteps(DataScene):
    """Nesterov's momentum, one step at a time: jump, measure the gradient where you land,
    correct; standard momentum's vectors from the same point for comparison."""

    shown_steps = (4, 6, 8)

    def construct(self) -> None:
        d = self.load()
        # View the steps being explained, not the whole run: their vectors should be large.
        idx = [s - 1 for s in self.shown_steps]
        span = np.vstack(
            [
                d.theta[idx],
                d.theta[[i + 1 for i in idx]],
                d.lookahead[idx],
                d.theta[idx] + d.std_step[idx],
                d.theta[idx] + d.std_grad[idx],
            ]
        )
        lo, hi = span.min(axis=0), span.max(axis=0)
        pad = 0.15 * (hi - lo).max()
        lo, hi = lo - pad, hi + pad
        scale = min(8.2 / (hi[0] - lo[0]), 5.6 / (hi[1] - lo[1]))
        axes = (
            Axes(
                x_range=[lo[0], hi[0], 1],
                y_range=[lo[1], hi[1], 1],
                x_length=(hi[0] - lo[0]) * scale,
                y_length=(hi[1] - lo[1]) * scale,
                tips=False,
                axis_config={"color": THEME.grid, "stroke_width": 1.5, "include_ticks": False},
            )
            .to_edge(LEFT, buff=0.3)
            .shift(DOWN * 0.4)
        )
        clip_box = (lo, hi)
        inside = (d.X >= lo[0]) & (d.X <= hi[0])
        cols = np.flatnonzero(inside.any(axis=0))
        rows = np.flatnonzero(((d.Y >= lo[1]) & (d.Y <= hi[1])).any(axis=1))
        sub = np.ix_(rows, cols)
        contours = contour_lines(axes, d.X[sub], d.Y[sub], d.Z[sub], d.levels)
        title = label("Nesterov's momentum: jump, then correct", font_size=30).to_edge(
            UP, buff=0.25
        )
        self.add(title, axes, contours)
        if np.all((d.minimum >= lo) & (d.minimum <= hi)):
            self.add(
                Star(n=5, outer_radius=0.13, color=THEME.ink, fill_opacity=1).move_to(
                    axes.c2p(*d.minimum)
                )
            )
        colors = THEME.nesterov
        legend = (
            VGroup(
                _legend_row(colors["jump"], "1. jump along the previous step γ·v", arrow=True),
                _legend_row(
                    colors["correction"], "2. gradient where you land: correct", arrow=True
                ),
                _legend_row(colors["accumulated"], "3. the step taken: −vₜ", arrow=True),
                _legend_row(colors["standard"], "standard momentum, same point", arrow=True),
            )
            .arrange(DOWN, aligned_edge=LEFT, buff=0.12)
            .scale(0.9)
            .to_corner(DR, buff=0.3)
        )
        eq = formula(
            r"$v_t = \gamma v_{t-1} + \eta \nabla_\theta J(\theta - \gamma v_{t-1})$", height=0.4
        )
        eq.next_to(legend, UP, buff=0.3).align_to(legend, LEFT)
        self.add(legend, eq)

        def vec(a, v, c, width=6):
            p, q = to_scene(axes, np.vstack([a, a + v]))
            return Arrow(
                p,
                q,
                buff=0,
                color=c,
                stroke_width=width,
                tip_length=0.2,
                max_tip_length_to_length_ratio=0.3,
            )

        # The run so far, cut where it leaves the view; it stops at each explained step.
        t = ValueTracker(0)
        trail = make_trace(axes, d.theta, t, THEME.nesterov["trail"], width=2.5, box=clip_box)
        follower = make_marker(
            axes, d.theta, t, lambda: Dot(radius=0.08, color=THEME.ink), box=clip_box
        )
        self.add(trail, follower)
        for step in self.shown_steps:
            i = step - 1
            self.play(t.animate.set_value(i), run_time=1.0, rate_func=linear)
            th = d.theta[i]
            jump = vec(th, d.jump[i], colors["jump"])
            corr = vec(d.lookahead[i], d.correction[i], colors["correction"])
            acc = vec(th, d.accumulated[i], colors["accumulated"], 8)
            std = VGroup(
                vec(th, d.std_grad[i], colors["standard"], 4),
                vec(th + d.std_grad[i], d.jump[i], colors["standard"], 4),
            )
            self.play(GrowArrow(jump), run_time=0.8)
            self.play(GrowArrow(corr), run_time=0.8)
            self.play(GrowArrow(acc), run_time=0.8)
            self.play(FadeIn(std), run_time=0.6)
            self.wait(0.8)
            self.play(
                FadeOut(VGroup(jump, corr, std, acc)), t.animate.set_value(step), run_time=0.7
            )
        # The rest of the run, then every explained step's vectors at once: the ending (and the
        # poster, its last frame) shows what the animation explained, not a bare path.
        self.play(t.animate.set_value(len(d.theta) - 1), run_time=3.0, rate_func=linear)
        recap = VGroup(
            *(
                VGroup(
                    vec(d.theta[s - 1], d.jump[s - 1], colors["jump"]),
                    vec(d.lookahead[s - 1], d.correction[s - 1], colors["correction"]),
                    vec(d.theta[s - 1], d.accumulated[s - 1], colors["accumulated"], 8),
                )
                for s in self.shown_steps
            )
        )
        self.play(FadeIn(recap), run_time=0.8)
        self.wait(2.5)


class SaddleRace3D(DataScene, ThreeDScene):
    """The saddle race on the 3-D surface x² − y², the camera circling while the paths run."""

    seconds = 10.0
    z_limit = 4.0
    mesh = 12  # faces per side: the quadric is smooth; 18 looked the same at 2.7× the Cairo time

    def construct(self) -> None:
        d = self.load()
        (x0, x1), (y0, y1) = d.domain
        zl = self.z_limit
        axes = ThreeDAxes(
            x_range=[x0, x1, 1],
            y_range=[y0, y1, 1],
            z_range=[-zl, zl, 2],
            x_length=6,
            y_length=6,
            z_length=4.5,
            tips=False,
            axis_config={"color": THEME.reference, "include_ticks": False},
        )

        # The surface as a lean quad mesh, drawn like manim's Surface but in a few numpy passes
        # and one Cairo fill and stroke per face: the saddle's own formula on a 12 × 12 grid.
        u = np.linspace(x0, x1, self.mesh + 1)
        v = np.linspace(y0, y1, self.mesh + 1)
        U, V = np.meshgrid(u, v, indexing="ij")
        grid = np.stack([U, V, U * U - V * V], axis=-1)  # x² − y², the surface in the data
        surface = MeshSurface(
            to_scene(axes, grid.reshape(-1, 3)).reshape(grid.shape),
            checkerboard=list(THEME.surface),
            fill_opacity=0.55,
            stroke_color=THEME.contour,
            stroke_width=0.4,
            shading=0.35,  # manim's full shading washes the lit lobe out to white
        )
        self.set_camera_orientation(phi=62 * DEGREES, theta=-50 * DEGREES, zoom=0.85)
        t = ValueTracker(0)
        steps = d.steps
        low = np.array([x0, y0, -zl])
        high = np.array([x1, y1, zl])
        paths = VGroup()
        colors = [racer_style(lab)["color"] for lab in d.labels]
        on_surface = []
        for path, color in zip(d.paths, colors, strict=True):
            p = path.points[:, 0]
            pts = np.column_stack([p, p[:, 0] ** 2 - p[:, 1] ** 2])
            paths.add(make_trace(axes, pts, t, color, width=4, box=(low, high)))
            on_surface.append(pts)
        # The racers' markers: discs facing the camera, all in one mobject.
        dots = make_dot_cloud(axes, np.stack(on_surface, axis=1), t, colors, 0.07, (low, high))
        title = label("Escaping the saddle x² − y², in 3-D", font_size=28).to_edge(UP, buff=0.25)
        legend = (
            VGroup(
                *(
                    _legend_row(c, f"{lab}  η = {lr:.3g}")
                    for lab, lr, c in zip(d.labels, d.lrs, colors, strict=True)
                )
            )
            .arrange(DOWN, aligned_edge=LEFT, buff=0.1)
            .scale(0.85)
            .to_corner(UR, buff=0.3)
            .shift(DOWN * 0.6)
        )
        counter = make_step_counter(t, steps).to_corner(DR, buff=0.4)
        # The axes as one mobject of three straight lines: ThreeDAxes draws each axis as 20
        # shaded pieces, which cost more per frame than the whole surface; it only maps here.
        ends = [
            [[x0, 0, 0], [x1, 0, 0]],
            [[0, y0, 0], [0, y1, 0]],
            [[0, 0, -zl], [0, 0, zl]],
        ]
        axis_lines = VMobject(stroke_color=THEME.reference, stroke_width=2)
        axis_lines.points = np.vstack([polyline_points(to_scene(axes, np.array(e))) for e in ends])
        # Title, legend and the counter's words never change: one image, composited each frame.
        self.add(
            surface, axis_lines, paths, dots, RasterOverlay(title, legend, counter[0], counter[2])
        )
        self.add_fixed_in_frame_mobjects(counter[1])
        self.begin_ambient_camera_rotation(rate=0.12)
        self.play(t.animate.set_value(steps), run_time=self.seconds, rate_func=linear)
        self.wait(1.0)
        self.stop_ambient_camera_rotation()


class LearningRateBalls(DataScene):
    """Gradient descent on the parabola ½·a·θ² at four learning rates, step by step: creeping,
    converging, oscillating, diverging (drawn to the edge and labelled, never dropped)."""

    seconds_per_step = 0.45

    def construct(self) -> None:
        d = self.load()
        title = label("Learning rate: too small, about right, too large, divergent", font_size=28)
        title.to_edge(UP, buff=0.25)
        ext = d.extent
        fmax = float(d.f_grid.max())
        n = len(d.paths)
        panels = VGroup()
        colors = list(THEME.palette[:4])
        for i in range(n):
            ax = Axes(
                x_range=[-ext, ext, 1],
                y_range=[0, fmax * 1.2, 1],
                x_length=3.1,
                y_length=3.4,
                tips=False,
                axis_config={"color": THEME.grid, "stroke_width": 1.5, "include_ticks": False},
            )
            curve = VMobject(stroke_color=THEME.reference, stroke_width=3)
            curve.set_points_smoothly(to_scene(ax, np.column_stack([d.x_grid, d.f_grid])))
            head = VGroup(
                label(f"η = {d.lrs[i]:.3g}", font_size=20),
                label(d.labels[i], font_size=20, color=colors[i % len(colors)]),
                label(f"|θ| × {d.factors[i]:.2g} per step", font_size=17),
            ).arrange(DOWN, buff=0.08)
            panels.add(VGroup(ax, curve, head.next_to(ax, UP, buff=0.15)))
        panels.arrange(RIGHT, buff=0.35).next_to(title, DOWN, buff=0.3)
        self.add(title, panels)
        t = ValueTracker(0)
        steps = d.paths[0].steps
        moving = VGroup()
        for i, path in enumerate(d.paths):
            ax = panels[i][0]
            pts = np.column_stack([path.points[:, 0, 0], path.losses[:, 0]])
            box = (np.array([-ext, 0.0]), np.array([ext, fmax * 1.2]))
            c = colors[i % len(colors)]
            # The loss is never negative, so "outside the box" is |θ| > ext, loss above the top,
            # or not finite.
            moving.add(_traced_run(ax, pts, t, c, box, dot_radius=0.1, font_size=18))
        counter = make_step_counter(t, steps).to_edge(DOWN, buff=0.35)
        self.add(moving, counter)
        self.play_traced({t: steps}, run_time=self.seconds_per_step * steps)
        self.wait(1.0)


class BasinFlowScene(DataScene):
    """Start points flowing to Himmelblau's minima under two optimizers, side by side; each dot
    is coloured by the minimum it finally reaches (grey: none), so the basins appear as the
    colours sort themselves."""

    seconds = 10.0

    def construct(self) -> None:
        d = self.load()
        title = label(f"Basins of convergence on {d.title}", font_size=28).to_edge(UP, buff=0.25)
        basin_colors = THEME.minima
        (x0, x1), (y0, y1) = d.domain
        panels = VGroup()
        for _ in d.labels:
            ax = Axes(
                x_range=[x0, x1, 1],
                y_range=[y0, y1, 1],
                x_length=5.6,
                y_length=5.6,
                tips=False,
                axis_config={"color": THEME.grid, "stroke_width": 1.2, "include_ticks": False},
            )
            panels.add(ax)
        panels.arrange(RIGHT, buff=0.9).next_to(title, DOWN, buff=0.55)
        self.add(title, panels)
        box = (d.domain[:, 0], d.domain[:, 1])
        t = ValueTracker(0)
        steps = d.paths[0].steps
        moving = VGroup()
        for k, (ax, lab, lr, path) in enumerate(zip(panels, d.labels, d.lrs, d.paths, strict=True)):
            self.add(contour_lines(ax, d.X, d.Y, d.Z, d.levels, stroke_width=1.0))
            self.add(
                *(
                    Star(n=5, outer_radius=0.12, color=THEME.ink, fill_opacity=1).move_to(
                        ax.c2p(*m)
                    )
                    for m in d.minima
                )
            )
            self.add(label(f"{lab} (η = {lr:g})", font_size=22).next_to(ax, UP, buff=0.1))
            colors = [
                basin_colors[w % len(basin_colors)] if w >= 0 else THEME.basins["none"]
                for w in d.which[k].astype(int)
            ]
            moving.add(make_dot_cloud(ax, path.points, t, colors, radius=0.045, box=box))
        counter = make_step_counter(t, steps).to_edge(DOWN, buff=0.25)
        self.add(moving, counter)
        self.wait(0.5)
        self.play(
            t.animate.set_value(steps),
            run_time=self.seconds,
            rate_func=linear,
        )
        self.wait(1.0)


class AdaptiveRatesScene(DataScene):
    """Effective learning rates as the gradient stream changes (left) and Adam's raw vs
    bias-corrected first moment (right), drawn step by step from the recorded optimizer state."""

    seconds = 12.0

    def construct(self) -> None:
        d = self.load()
        title = label("Adaptive learning rates, from the optimizers' own state", font_size=28)
        title.to_edge(UP, buff=0.25)
        names = list(d.stream_eff_lr)
        labels = {"adagrad": "Adagrad", "rmsprop": "RMSprop", "adadelta": "Adadelta"}
        colors = [racer_style(labels[n])["color"] for n in names]
        t = ValueTracker(0)
        ta = ValueTracker(0)
        left = make_log_panel(
            [d.stream_eff_lr[n] for n in names],
            colors,
            t,
            "effective learning rate (log)",
            width=5.6,
            height=3.6,
        )
        legend = (
            VGroup(
                *(
                    _legend_row(c, f"{labels[n]} (η = {d.stream_lrs[n]:g})")
                    for n, c in zip(names, colors, strict=True)
                )
            )
            .arrange(DOWN, aligned_edge=LEFT, buff=0.1)
            .scale(0.85)
        )
        a_steps = len(d.adam_g)
        lo = float(min(d.adam_g.min(), 0.0))
        hi = float(max(d.adam_g.max(), d.adam_m_hat.max(), d.adamax_u.max()))
        ax2 = Axes(
            x_range=[0, a_steps, 10],
            y_range=[lo, hi, 0.5],
            x_length=5.2,
            y_length=3.6,
            tips=False,
            axis_config={"color": THEME.reference, "stroke_width": 1.5, "include_ticks": False},
        )
        head2 = label("Adam's moments, raw and corrected; Adamax's u", font_size=18).next_to(
            ax2, UP, buff=0.12
        )
        legend2 = (
            VGroup(
                _legend_row(THEME.contour, "gradient gₜ (noisy, mean 1)"),
                _legend_row(THEME.palette.vermillion, "raw mₜ: starts near 0"),
                _legend_row(THEME.palette.blue, "m̂ₜ = mₜ / (1 − β₁ᵗ)"),
                _legend_row(racer_style("Adam")["color"], "Adam's √v̂ₜ (corrected)"),
                _legend_row(racer_style("Adamax")["color"], "Adamax uₜ = max(β₂uₜ₋₁, |gₜ|)"),
            )
            .arrange(DOWN, aligned_edge=LEFT, buff=0.1)
            .scale(0.85)
        )
        left_group = VGroup(left, legend).arrange(DOWN, aligned_edge=LEFT, buff=0.35)
        right_group = VGroup(VGroup(head2, ax2), legend2).arrange(
            DOWN, aligned_edge=LEFT, buff=0.35
        )
        VGroup(left_group, right_group).arrange(RIGHT, buff=0.8, aligned_edge=UP).next_to(
            title, DOWN, buff=0.4
        )

        # Everything placed by data coordinates is made after the layout has moved the axes.
        ax = left[1]
        top = ax.y_range[1]
        drop = DashedLine(ax.c2p(d.switch, 0), ax.c2p(d.switch, top), color=THEME.reference)
        drop_label = label(f"gradient {d.stream[0]:g} → {d.stream[-1]:g}", font_size=16)
        drop_label.next_to(ax.c2p(d.switch, top), RIGHT + DOWN, buff=0.1)
        mean = DashedLine(
            ax2.c2p(0, d.adam_mean), ax2.c2p(a_steps, d.adam_mean), color=THEME.reference
        )
        mean_label = (
            label(f"true mean {d.adam_mean:g}", font_size=15)
            .next_to(mean, UP, buff=0.05)
            .align_to(mean, RIGHT)
        )
        steps_a = np.arange(1, a_steps + 1)
        raw = make_trace(
            ax2, np.column_stack([steps_a, d.adam_m]), ta, THEME.palette.vermillion, width=3
        )
        hat = make_trace(
            ax2, np.column_stack([steps_a, d.adam_m_hat]), ta, THEME.palette.blue, width=4
        )
        vhat = make_trace(
            ax2,
            np.column_stack([steps_a, np.sqrt(d.adam_v_hat)]),
            ta,
            racer_style("Adam")["color"],
            width=2.5,
        )
        umax = make_trace(
            ax2, np.column_stack([steps_a, d.adamax_u]), ta, racer_style("Adamax")["color"], width=3
        )
        grads = VGroup(
            *(
                Dot(ax2.c2p(i + 1, g), radius=0.035, color=THEME.contour)
                for i, g in enumerate(d.adam_g)
            )
        )

        def show_grads(m: VGroup) -> None:
            k = ta.get_value()
            for i, dot in enumerate(m):
                dot.set_opacity(1.0 if i + 1 <= k else 0.0)

        show_grads(grads)
        grads.add_updater(show_grads)
        self.add(title, *left[:3], legend, drop, drop_label, head2, ax2, mean, mean_label, legend2)
        self.add(left[3], raw, hat, vhat, umax, grads)
        self.play_traced({t: len(d.stream) - 1, ta: a_steps}, run_time=self.seconds)
        self.wait(1.0)


class LearningRates2D(DataScene):
    """The four learning-rate regimes on the elongated bowl, step by step, side by side."""

    seconds_per_step = 0.35

    def construct(self) -> None:
        d = self.load()
        lmax = float(d.curvatures.max())
        title = label(
            f"One learning rate, two curvatures: stable iff η < 2/λ_max = {2 / lmax:g}",
            font_size=26,
        )
        title.to_edge(UP, buff=0.25)
        colors = list(THEME.palette[:4])
        panels = VGroup(*(plane_axes(d.domain, side=3.0) for _ in d.paths)).arrange(RIGHT, buff=0.3)
        panels.move_to(DOWN * 0.3)
        self.add(title, panels)
        box = (d.domain[:, 0], d.domain[:, 1])
        t = ValueTracker(0)
        steps = d.paths[0].steps
        moving = VGroup()
        for i, (ax, path) in enumerate(zip(panels, d.paths, strict=True)):
            c = colors[i % len(colors)]
            self.add(contour_lines(ax, d.X, d.Y, d.Z, d.levels, stroke_width=1.0))
            self.add(
                VGroup(
                    label(f"η = {d.lrs[i]:.3g} ({d.lrs[i] * lmax:.2g}/λ_max)", font_size=18),
                    label(d.labels[i], font_size=18, color=c),
                )
                .arrange(DOWN, buff=0.06)
                .next_to(ax, UP, buff=0.12)
            )
            pts = path.points[:, 0]
            moving.add(_traced_run(ax, pts, t, c, box, dot_radius=0.07, font_size=17))
        counter = make_step_counter(t, steps).to_edge(DOWN, buff=0.35)
        self.add(moving, counter)
        self.play_traced({t: steps}, run_time=self.seconds_per_step * steps)
        self.wait(1.0)


def _traced_run(
    ax, pts: np.ndarray, t: ValueTracker, color: str, box, dot_radius: float, font_size: float
) -> VGroup:
    """A run's trace and marker in ``ax``, plus "left the plot at step k" once it leaves ``box``."""
    group = VGroup(
        make_trace(ax, pts, t, color, width=2.5, box=box),
        make_marker(ax, pts, t, lambda: Dot(radius=dot_radius, color=color), box=box),
    )
    outside = np.flatnonzero(~np.all(np.isfinite(pts) & (pts >= box[0]) & (pts <= box[1]), axis=1))
    if len(outside):
        k = int(outside[0])
        note = label(f"left the plot at step {k}", font_size=font_size, color=color).next_to(
            ax, DOWN, buff=0.1
        )
        note.add_updater(lambda m: m.set_opacity(1.0 if t.get_value() >= k else 0.0))
        group.add(note)
    return group


class LRSweepScene(DataScene):
    """The learning rate walking up a log scale: SGD's and Adam's whole paths on the ravine at the
    current η (left) and the loss each leaves after the run, drawn up to the current η (right)."""

    seconds = 12.0

    def construct(self) -> None:
        from vizdl.render.manim import _visible_pieces, clip_segments

        d = self.load()
        title = label(f"Sweeping the learning rate on the {d.title.lower()}", font_size=28)
        title.to_edge(UP, buff=0.25)
        plane = plane_axes(d.domain, side=6.2)
        lx = np.log10(d.lrs)
        with np.errstate(divide="ignore", invalid="ignore"):
            ly = np.log10(d.final)
        finite = ly[np.isfinite(ly)]
        y_lo, y_hi = float(finite.min()) - 0.3, float(finite.max()) + 0.3
        panel = Axes(
            x_range=[float(lx[0]), float(lx[-1]), 1],
            y_range=[y_lo, y_hi, 1],
            x_length=5.2,
            y_length=4.4,
            tips=False,
            axis_config={"color": THEME.grid, "stroke_width": 1.5, "include_ticks": False},
        )
        VGroup(plane, panel).arrange(RIGHT, buff=1.0).next_to(title, DOWN, buff=0.45)
        box = (d.domain[:, 0], d.domain[:, 1])
        ticks = VGroup(
            *(
                label(f"η = {10.0**v:g}", font_size=15, color=THEME.muted).next_to(
                    panel.c2p(v, y_lo), DOWN, buff=0.1
                )
                for v in (lx[0], lx[-1])
            ),
            label("loss left after the run (log)", font_size=17).next_to(panel, UP, buff=0.12),
        )
        self.add(title, plane, contour_lines(plane, d.X, d.Y, d.Z, d.levels, stroke_width=1.0))
        self.add(panel, ticks)
        t = ValueTracker(0.0)
        n = len(d.lrs)
        moving = VGroup()
        legend = VGroup()
        for k, name in enumerate(d.labels):
            color = racer_style(name)["color"]
            clips = [clip_segments(d.points[k, j], *box) for j in range(n)]
            path = VMobject(stroke_color=color, stroke_width=2.5)

            def upd_path(m: VMobject, k: int = k, clips=clips) -> None:
                j = int(np.clip(round(t.get_value()), 0, n - 1))
                pieces = _visible_pieces(d.points[k, j], clips[j], d.steps)
                m.clear_points()
                for piece in pieces:
                    if len(piece) >= 2:
                        sp = to_scene(plane, piece)
                        m.start_new_path(sp[0])
                        m.add_points_as_corners(sp[1:])

            upd_path(path)
            path.add_updater(upd_path)
            pts = np.column_stack([lx, ly[k]])
            curve = VMobject(stroke_color=color, stroke_width=3.5)

            def upd_curve(m: VMobject, pts=pts) -> None:
                j = int(np.clip(round(t.get_value()), 0, n - 1))
                ok = np.isfinite(pts[: j + 1, 1])
                shown = pts[: j + 1][ok]
                # stop at the first divergence: the curve ends where the method stops working
                first_bad = np.flatnonzero(~ok)
                if len(first_bad):
                    shown = pts[: first_bad[0]]
                if len(shown) >= 2:
                    m.set_points_as_corners(to_scene(panel, shown))
                else:
                    m.clear_points()

            upd_curve(curve)
            curve.add_updater(upd_curve)
            moving.add(path, curve)
            legend.add(label(f"— {name}", font_size=19, color=color))
        legend.arrange(RIGHT, buff=0.5).next_to(panel, DOWN, buff=0.55)

        def sweep_text(j: int) -> VGroup:
            parts = [f"η = {d.lrs[j]:.3g}"] + [
                f"{name}: {'diverged' if d.diverged[k, j] else 'converging'}"
                for k, name in enumerate(d.labels)
            ]
            return label("   ".join(parts), font_size=20).next_to(plane, DOWN, buff=0.3)

        readout = make_switching_label(t, lambda v: int(np.clip(round(v), 0, n - 1)), sweep_text)
        self.add(moving, legend, readout)
        self.play(t.animate.set_value(n - 1), run_time=self.seconds, rate_func=linear)
        self.wait(1.5)
