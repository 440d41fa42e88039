"""The optimizer race on the contours. Reads :mod:`vizdl.sim.optimizers.races`; each racer is
drawn with :func:`vizdl.style.racer_style`."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from vizdl.render.mpl.optimizers import draw_contours
from vizdl.sim.optimizers.races import LOSS_CLIP, Race
from vizdl.style import THEME, racer_style

__all__ = [
    "LOSS_CLIP",
    "leaves_plot",
    "plot_surface_contours",
    "plot_race_paths",
    "plot_race_progress",
    "figure_race",
]


def plot_surface_contours(ax: Axes, race: Race) -> list:
    """Filled contours of the loss (log-spaced levels above the minimum), minima and saddles."""
    artists = [
        ax.contourf(
            race.X, race.Y, race.Z, levels=race.levels, cmap="Greys", alpha=0.35, extend="both"
        ),
        draw_contours(ax, race),
    ]
    if len(race.minima):
        artists += ax.plot(
            race.minima[:, 0], race.minima[:, 1], "*", ms=14, color="k", label="minimum", ls="none"
        )
    if len(race.saddles):
        artists += ax.plot(
            race.saddles[:, 0],
            race.saddles[:, 1],
            "X",
            ms=12,
            color="k",
            mfc=THEME.palette.yellow,  # no racer wears yellow: the saddle stays apart from Adam's black
            label="saddle point",
            ls="none",
        )
    ax.set_xlim(*race.domain[0])
    ax.set_ylim(*race.domain[1])
    ax.set_aspect("equal")
    ax.set_xlabel("θ₁")
    ax.set_ylabel("θ₂")
    return artists


def leaves_plot(p: np.ndarray, domain: np.ndarray) -> tuple[int, np.ndarray] | None:
    """``(k, point)``: the first step ``k`` whose point is outside the square ``domain`` and
    where the segment from step ``k − 1`` crosses its edge; None if the path stays inside."""
    lo, hi = np.asarray(domain, dtype=float).T
    finite = np.all(np.isfinite(p), axis=1)
    outside = finite & np.any((p < lo) | (p > hi), axis=1)
    if not outside.any():
        return None
    k = int(np.argmax(outside))
    a, b = p[k - 1], p[k]
    d = b - a
    with np.errstate(divide="ignore", invalid="ignore"):
        ts = np.concatenate([(lo - a) / d, (hi - a) / d])
    ts = ts[np.isfinite(ts) & (ts >= 0) & (ts <= 1)]
    edge = a + d * (ts.min() if ts.size else 1.0)
    return k, np.clip(edge, lo, hi)


def plot_race_paths(ax: Axes, race: Race) -> list:
    artists = []
    every = max(1, race.steps // 25)
    for label, lr, path in zip(race.labels, race.lrs, race.paths, strict=True):
        st = racer_style(label)
        p = path.points[:, 0]
        (line,) = ax.plot(
            p[:, 0],
            p[:, 1],
            color=st["color"],
            ls=st["ls"],
            lw=1.8,
            marker=st["marker"],
            ms=4,
            markevery=every,
            label=f"{label} (η = {lr:.3g})",
        )
        artists.append(line)
        exit_at = leaves_plot(p, race.domain)
        if exit_at is not None:  # where the path leaves the square: marked, with its step
            k, edge = exit_at
            artists += ax.plot(*edge, ">", color=st["color"], mec="k", ms=9, ls="none")
        if exit_at is not None and len(race.minima):  # on a saddle leaving is the point: no label
            k, edge = exit_at
            artists.append(
                ax.annotate(
                    f"{label} off the plot (step {k})",
                    edge,
                    # the label sits a quarter of the way in from the edge, towards the centre
                    xytext=edge + 0.25 * (np.mean(race.domain, axis=1) - edge),
                    ha="center",
                    fontsize=9,
                    color=st["color"],
                    arrowprops=dict(arrowstyle="->", color=st["color"], lw=1),
                    bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="none", alpha=0.85),
                )
            )
        if path.diverged[0] >= 0:
            last = p[np.all(np.isfinite(p), axis=1)][-1]
            artists += ax.plot(*last, "x", color=st["color"], ms=10, mew=2)
    artists += ax.plot(*race.start, "o", ms=9, mfc="white", mec="k", ls="none", label="start")
    return artists


def plot_race_progress(ax: Axes, race: Race) -> list:
    """Loss per step (log) — or, on a saddle (no minimum), the distance along the unstable axis."""
    artists = []
    steps = np.arange(race.steps + 1)
    for label, path in zip(race.labels, race.paths, strict=True):
        st = racer_style(label)
        if len(race.minima):
            y = path.losses[:, 0]
        else:
            y = np.abs(path.points[:, 0, 1])
        (line,) = ax.semilogy(
            steps, np.where(y > 0, y, np.nan), color=st["color"], ls=st["ls"], lw=1.6, label=label
        )
        artists.append(line)
    ax.set_xlabel("step t")
    if len(race.minima):
        # The fastest runs fall to 1e-200 and below: clip the axis where it stops being readable.
        start = float(race.paths[0].losses[0, 0])
        seen = np.concatenate([p.losses[:, 0] for p in race.paths])
        seen = seen[np.isfinite(seen) & (seen > 0)]
        if start > 0 and seen.size:
            ax.set_ylim(LOSS_CLIP * start, 3 * float(seen.max()))
        ax.set_ylabel("loss J(θ)")
        ax.set_title("Loss per step")
    else:
        artists.append(ax.axhline(1.0, color=THEME.reference, ls=":", lw=1.2))
        artists.append(
            ax.text(
                steps[-1], 1.0, "|θ₂| = 1 ", ha="right", va="top", fontsize=9, color=THEME.muted
            )
        )
        ax.set_ylabel("|θ₂|  (distance along the unstable direction)")
        ax.set_title("Escaping the saddle")
    return artists


def figure_race(fig: Figure, race: Race) -> None:
    """The race on the contours (left) and each racer's progress per step (right)."""
    gs = fig.add_gridspec(1, 2, width_ratios=[1.1, 1])
    ax = fig.add_subplot(gs[0, 0])
    plot_surface_contours(ax, race)
    plot_race_paths(ax, race)
    how = "each at its best grid learning rate" if race.tuned else "all at one learning rate"
    ax.set_title(f"{race.title}:\n{how}", fontsize=12)
    ax2 = fig.add_subplot(gs[0, 1])
    plot_race_progress(ax2, race)
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=5, fontsize=10)
