"""Stochastic, mini-batch and batch gradient descent. Reads
:mod:`vizdl.sim.optimizers.batches`."""

from __future__ import annotations

import numpy as np
from matplotlib import ticker
from matplotlib.figure import Figure

from vizdl.render.mpl.optimizers import draw_contours
from vizdl.render.mpl.slides import is_slide, slide_pages
from vizdl.sim.optimizers.batches import BatchPaths
from vizdl.style import THEME

__all__ = [
    "figure_batch_paths",
]


def _batch_label(bs: int, n: int) -> str:
    if bs == 1:
        return "stochastic (batch 1)"
    if bs == n:
        return f"batch (all {n})"
    return f"mini-batch {bs}"


def figure_batch_paths(fig: Figure, r: BatchPaths) -> None:
    """The paths on the exact loss contours (left) and the loss per update (right)."""
    gs = fig.add_gridspec(1, 2, width_ratios=[1.1, 1])
    ax = fig.add_subplot(gs[0, 0])
    draw_contours(ax, r)
    ax.plot(
        *r.optimum, "*", ms=15, color=THEME.figure_ink, ls="none", label="least-squares solution"
    )
    n = len(r.x)
    for k, (bs, path) in enumerate(zip(r.batch_sizes, r.paths, strict=True)):
        p = path.points[:, 0]
        ax.plot(
            p[:, 0],
            p[:, 1],
            color=THEME.palette[k],
            ls=THEME.linestyles[k],
            lw=1.6,
            marker=THEME.markers[k],
            ms=3,
            markevery=max(1, len(p) // 20),
            label=_batch_label(bs, n),
        )
    ax.plot(
        *r.paths[0].points[0, 0],
        "o",
        ms=9,
        mfc=THEME.background,
        mec=THEME.figure_ink,
        ls="none",
        label="start",
    )
    ax.set_xlim(*r.domain[0])
    ax.set_ylim(*r.domain[1])
    ax.set_aspect("equal")
    ax.set_xlabel("slope w")
    ax.set_ylabel("intercept b")
    ax.set_title(f"SGD, η = {r.lr:g}, {r.paths[0].steps} updates each")
    ax.legend(fontsize=9, loc="upper right")
    ax2 = fig.add_subplot(gs[0, 1])
    for k, (bs, path) in enumerate(zip(r.batch_sizes, r.paths, strict=True)):
        ax2.semilogy(
            np.arange(path.steps + 1),
            path.losses[:, 0],
            color=THEME.palette[k],
            ls=THEME.linestyles[k],
            lw=1.6,
            label=_batch_label(bs, n),
        )
    zmin = float(r.Z.min())
    ax2.axhline(r.levels[0] - 1e-3, color=THEME.greys["0.4"], lw=0.8, ls="--")
    ax2.set_xlabel("update t")
    ax2.set_ylabel("loss on all the data, J(w, b)")
    ax2.set_title(f"Full-data loss per update (best possible: {zmin:.3g})")
    ax2.legend(fontsize=9)
    if is_slide(fig):  # the paths, then the losses, a slide each; titles into the legends
        ax.set_title("")
        handles, labels = ax.get_legend_handles_labels()
        ax.legend(
            handles,
            labels,
            title=f"η = {r.lr:g}, {r.paths[0].steps} updates",
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
        )
        ax2.set_title("")
        ax2.set_ylabel("loss on all the data")
        handles, labels = ax2.get_legend_handles_labels()
        ax2.legend(
            handles,
            labels,
            title=f"best possible: {zmin:.3g}",
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
        )
        # a decade or two: labelled ticks at 1 and 3 of each decade
        ax2.yaxis.set_major_locator(ticker.LogLocator(subs=(1.0, 3.0)))
        ax2.yaxis.set_major_formatter(ticker.FormatStrFormatter("%g"))
        slide_pages(fig, [[0], [1]])
