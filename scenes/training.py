"""Trainer scenes: real training runs from :mod:`vizdl.sim.training` replayed; nothing computed."""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Axes,
    Dot,
    ValueTracker,
    VGroup,
    VMobject,
    linear,
)

from vizdl.numeric import moving_average, rebin
from vizdl.render import RIDGE_INITS
from vizdl.render.manim import (
    DataScene,
    interpolate_rows,
    label,
    make_step_counter,
    make_switching_label,
    to_scene,
)
from vizdl.style import THEME

__all__ = ["LearningCurvesScene", "WeightHistogramScene"]


def _panel(x_max: float, y_range: tuple[float, float, float], ylabel: str) -> VGroup:
    ax = Axes(
        x_range=[0, x_max, x_max],
        y_range=list(y_range),
        x_length=5.6,
        y_length=3.7,
        tips=False,
        axis_config={"color": THEME.grid, "stroke_width": 1.5, "include_ticks": False},
    )
    name = label(ylabel, font_size=20).next_to(ax, UP, buff=0.15)
    lo, hi, step = y_range
    ticks = VGroup(
        *(
            label(f"{v:g}", font_size=14, color=THEME.muted).next_to(ax.c2p(0, v), LEFT, buff=0.08)
            for v in np.arange(lo, hi + 1e-9, step)
        )
    )
    return VGroup(ax, name, ticks)


class LearningCurvesScene(DataScene):
    """Mini-batch loss and accuracy streaming in iteration by iteration, the validation point
    landing after each epoch."""

    seconds_per_epoch = 2.2

    def construct(self) -> None:
        r = self.load()
        cfg = r.config
        title = label(
            f"Training {cfg['model']} on Fashion-MNIST ({cfg['optimizer']} lr {cfg['lr']:g}, "
            f"batch {cfg['batch_size']})",
            font_size=26,
        ).to_edge(UP, buff=0.25)
        n = len(r.it_loss)
        per = r.iterations_per_epoch
        epochs = len(r.train_loss)
        w = max(per // 10, 1)
        loss_top = float(min(np.ceil(np.nanmax(moving_average(r.it_loss, w)) * 2) / 2, 3.0))
        left = _panel(n, (0, loss_top, loss_top / 2), "loss (cross-entropy)")
        right = _panel(n, (0, 100, 25), "accuracy (%)")
        VGroup(left, right).arrange(RIGHT, buff=1.1).next_to(title, DOWN, buff=0.45)
        ax_l, ax_r = left[0], right[0]
        static = VGroup(title, left, right)
        for ax in (ax_l, ax_r):
            for e in range(1, epochs + 1):
                x = ax.c2p(e * per, 0)
                static.add(
                    label(f"{e}", font_size=13, color=THEME.muted).next_to(x, DOWN, buff=0.08)
                )
        static.add(label("epoch", font_size=14, color=THEME.muted).next_to(ax_l, DOWN, buff=0.35))
        static.add(label("epoch", font_size=14, color=THEME.muted).next_to(ax_r, DOWN, buff=0.35))
        self.add(static)
        t = ValueTracker(0.0)
        it = np.arange(1, n + 1)
        series = [
            (
                ax_l,
                np.clip(r.it_loss, 0, loss_top),
                np.clip(moving_average(r.it_loss, w), 0, loss_top),
                r.val_loss,
            ),
            (ax_r, r.it_acc * 100, moving_average(r.it_acc * 100, w), r.val_acc * 100),
        ]
        blue, orange = THEME.splits["train"], THEME.splits["validation"]
        moving = VGroup()
        for ax, raw, smooth, val in series:
            raw_pts = to_scene(ax, np.column_stack([it, raw]))
            sm_pts = to_scene(ax, np.column_stack([it, smooth]))
            val_pts = to_scene(ax, np.column_stack([per * np.arange(1, len(val) + 1), val]))
            faint = VMobject(stroke_color=blue, stroke_width=1, stroke_opacity=0.3)
            bold = VMobject(stroke_color=blue, stroke_width=3.5)
            vline = VMobject(stroke_color=orange, stroke_width=3)
            dots = VGroup(*(Dot(p, radius=0.06, color=orange) for p in val_pts))

            def upd(m: VGroup, raw_pts=raw_pts, sm_pts=sm_pts, val_pts=val_pts, val=val) -> None:
                k = int(np.clip(t.get_value(), 1, n))
                for line, pts in ((m[0], raw_pts), (m[1], sm_pts)):
                    # from the last point handed to a still copy on (play_traced): a frame
                    # strokes only the newest part of the thousands of iterations, not all
                    part = pts[max(line.frozen_until - 1, 0) : k]
                    if len(part) >= 2:
                        line.set_points_as_corners(part)
                    else:
                        line.clear_points()
                done = int(min(k // per, len(val)))
                shown = val_pts[:done] if np.isfinite(val).all() else val_pts[:0]
                if len(shown) >= 2:
                    m[2].set_points_as_corners(shown)
                else:
                    m[2].clear_points()
                for j, d in enumerate(m[3]):
                    d.set_opacity(1.0 if j < len(shown) else 0.0)

            group = VGroup(faint, bold, vline, dots)
            for line in (faint, bold):
                line.frozen_until = 0

                def freeze_here(group=group, upd=upd, line=line) -> None:
                    line.frozen_until = int(np.clip(t.get_value(), 1, n))
                    upd(group)

                line.freeze_here = freeze_here
            upd(group)
            group.add_updater(upd)
            moving.add(group)
        legend = VGroup(
            label(
                "— train, each mini-batch (faint) and its moving average", font_size=16, color=blue
            ),
            label("● validation set, after each epoch", font_size=16, color=orange),
        ).arrange(RIGHT, buff=0.6)
        counter = make_step_counter(t, n, font_size=20, word="iteration")
        VGroup(legend, counter).arrange(DOWN, buff=0.18).to_edge(DOWN, buff=0.25)
        self.add(moving, legend, counter)
        # the frames of one linear play, in one chunk per epoch (at most 20)
        self.play_traced({t: n}, run_time=self.seconds_per_epoch * epochs, chunks=min(epochs, 20))
        final = (
            label(
                f"test accuracy {r.test_acc * 100:.2f}%" if np.isfinite(r.test_acc) else "diverged",
                font_size=22,
                color=THEME.ink,
            )
            .next_to(right, DOWN, buff=0.55)
            .align_to(right, RIGHT)
        )
        self.add(final)
        self.wait(1.5)


class WeightHistogramScene(DataScene):
    """The second junction's weight histogram of a few initializers, morphing epoch by epoch."""

    seconds_per_epoch = 1.2

    def construct(self) -> None:
        c = self.load()
        title = label(
            f"Second-junction weights (200 → 10) of {c.model}, epoch by epoch "
            f"({c.optimizer.upper()} lr {c.lr:g})",
            font_size=24,
        ).to_edge(UP, buff=0.25)
        chosen = [i for i, n in enumerate(c.inits) if n in RIDGE_INITS] or list(
            range(min(4, len(c.inits)))
        )
        panels = VGroup()
        for i in chosen:
            ax = Axes(
                x_range=[0, 1, 1],
                y_range=[0, 1, 1],
                x_length=3.0,
                y_length=3.3,
                tips=False,
                axis_config={"color": THEME.grid, "stroke_width": 1.5, "include_ticks": False},
            )
            color = THEME.initializers.get(c.inits[i], THEME.ink)
            # the recorded fine bins merged over the occupied range, as in the figures
            edges, _ = rebin(c.hist_edges[i, 1], c.hist_counts[i, :, 1], target=60)
            head = label(c.labels[i], font_size=18, color=color).next_to(ax, UP, buff=0.15)
            xt = VGroup(
                label(f"{edges[0]:.2g}", font_size=13, color=THEME.muted).next_to(
                    ax.c2p(0, 0), DOWN, buff=0.08
                ),
                label(f"{edges[-1]:.2g}", font_size=13, color=THEME.muted).next_to(
                    ax.c2p(1, 0), DOWN, buff=0.08
                ),
            )
            panels.add(VGroup(ax, head, xt))
        panels.arrange(RIGHT, buff=0.45)
        if panels.width > 13.0:  # long initializer names: keep every panel on screen
            panels.scale_to_fit_width(13.0)
        panels.next_to(title, DOWN, buff=0.5).set_x(0)
        self.add(title, panels)
        t = ValueTracker(0.0)
        n_ep = len(c.hist_epochs)
        curves = VGroup()
        readouts = VGroup()
        for p, i in enumerate(chosen):
            ax = panels[p][0]
            _, counts = rebin(c.hist_edges[i, 1], c.hist_counts[i, :, 1], target=60)
            shares = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
            peak = float(shares.max()) or 1.0
            bins = shares.shape[1]
            xs = np.repeat(np.linspace(0, 1, bins + 1), 2)[1:-1]
            color = THEME.initializers.get(c.inits[i], THEME.ink)
            shape = VMobject(
                stroke_color=color, stroke_width=2.5, fill_color=color, fill_opacity=0.45
            )

            def upd(m: VMobject, ax=ax, shares=shares, peak=peak, xs=xs) -> None:
                y = interpolate_rows(shares, t.get_value())
                ys = np.repeat(y / peak, 2)
                pts = np.column_stack([xs, ys])
                pts = np.vstack([[0, 0], pts, [1, 0]])
                m.set_points_as_corners(to_scene(ax, pts))

            upd(shape)
            shape.add_updater(upd)
            curves.add(shape)

        def losses(e: int) -> VGroup:
            out = VGroup()
            for p, i in enumerate(chosen):
                loss = c.train_loss[i, e - 1] if e > 0 else float("nan")
                txt = f"train loss {loss:.3f}" if np.isfinite(loss) else "at initialization"
                out.add(
                    label(txt, font_size=15, color=THEME.muted).next_to(panels[p], DOWN, buff=0.25)
                )
            return out

        readouts = make_switching_label(t, lambda v: int(np.clip(np.round(v), 0, n_ep - 1)), losses)
        shown = ValueTracker(0.0)
        shown.add_updater(lambda m: m.set_value(np.round(t.get_value())))
        counter = make_step_counter(shown, n_ep - 1, font_size=20, word="epoch").to_edge(
            DOWN, buff=0.3
        )
        self.add(curves, readouts, shown, counter)
        self.play(
            t.animate.set_value(n_ep - 1),
            run_time=self.seconds_per_epoch * (n_ep - 1),
            rate_func=linear,
        )
        accs = VGroup(
            *(
                label(
                    f"test {c.test_acc[i] * 100:.1f}%",
                    font_size=17,
                    color=THEME.initializers.get(c.inits[i], THEME.ink),
                ).next_to(panels[p], DOWN, buff=0.6)
                for p, i in enumerate(chosen)
            )
        )
        self.add(accs)
        self.wait(1.5)
