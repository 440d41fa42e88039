"""Momentum in a ravine. Reads :mod:`vizdl.sim.optimizers.momentum`."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from vizdl.render.mpl.optimizers import draw_contours
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
