"""Momentum in a ravine. Reads :mod:`vizdl.sim.optimizers.momentum`."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from vizdl.render.mpl.optimizers import draw_contours
from vizdl.render.mpl.slides import is_slide, slide_pages
from vizdl.sim.optimizers.momentum import RavineRace
from vizdl.sim.optimizers.rules import Trajectory
from vizdl.style import THEME, racer_style

__all__ = [
    "plot_contours",
    "plot_path",
    "figure_momentum_ravine",
]


def plot_contours(ax: Axes, race: RavineRace) -> list:
    cs = draw_contours(ax, race)
    ax.plot(*race.minimum, marker="*", ms=14, color=THEME.figure_ink, ls="none", label="minimum")
    ax.set_aspect("equal")
    ax.set_xlim(race.X.min(), race.X.max())
    ax.set_ylim(race.Y.min(), race.Y.max())
    ax.set_xlabel("θ₁")
    ax.set_ylabel("θ₂")
    return [cs]


def plot_path(
    ax: Axes, traj: Trajectory, label: str, color: str, marker: str = "o", ls: str = "-"
) -> list:
    p = traj.points[:, 0]
    return ax.plot(p[:, 0], p[:, 1], ls=ls, marker=marker, ms=3.5, lw=1.6, color=color, label=label)


def figure_momentum_ravine(fig: Figure, race: RavineRace) -> None:
    """Paths without and with momentum on the ravine's contours (left), losses per step (right)."""
    gs = fig.add_gridspec(1, 2, width_ratios=[1.15, 1])
    ax = fig.add_subplot(gs[0, 0])
    plot_contours(ax, race)
    h = race.plain.hparams
    gd, mom = racer_style("SGD")["color"], racer_style("Momentum")["color"]  # as in the races
    plot_path(ax, race.plain, f"plain GD (η = {h['lr']:g})", gd, "o", "-")
    plot_path(
        ax,
        race.momentum,
        f"momentum (η = {h['lr']:g}, γ = {race.momentum.hparams['momentum']:g})",
        mom,
        "s",
        "-",
    )
    ax.plot(
        *race.plain.points[0, 0],
        marker="o",
        ms=9,
        mfc=THEME.background,
        mec=THEME.figure_ink,
        ls="none",
        label="start",
    )
    ax.legend(loc="upper left", fontsize=9.5)
    ax.set_title(f"Ravine, condition number {race.condition:g}")
    ax2 = fig.add_subplot(gs[0, 1])
    steps = np.arange(race.plain.steps + 1)
    ax2.semilogy(steps, race.plain.losses[:, 0], color=gd, marker="o", ms=3, label="plain GD")
    ax2.semilogy(
        steps,
        race.momentum.losses[:, 0],
        color=mom,
        ls="--",
        marker="s",
        ms=3,
        label="momentum",
    )
    ax2.set_xlabel("step t")
    ax2.set_ylabel("loss J(θ)")
    ax2.set_title("Loss per step")
    ax2.legend()
    if is_slide(fig):  # two slides: the paths, then the losses; legends beside, short labels
        handles, _ = ax.get_legend_handles_labels()
        ax.legend(
            handles,
            [
                "minimum",
                "plain GD",
                f"momentum, γ = {race.momentum.hparams['momentum']:g}",
                "start",
            ],
            title=f"condition number {race.condition:g}\nboth η = {h['lr']:g}",
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
        )
        ax.set_title("")
        # the paths' own box (the ravine's corners are empty): they fill the panel
        pts = np.concatenate([race.plain.points[:, 0], race.momentum.points[:, 0]])
        pts = np.concatenate([pts[np.all(np.isfinite(pts), axis=1)], [race.minimum]])
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        pad = 0.12 * float((hi - lo).max())
        ax.set_xlim(max(lo[0] - pad, race.X.min()), min(hi[0] + pad, race.X.max()))
        ax.set_ylim(max(lo[1] - pad, race.Y.min()), min(hi[1] + pad, race.Y.max()))
        ax2.set_ylabel("loss")
        ax2.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0))
        slide_pages(fig, [[0], [1]])
