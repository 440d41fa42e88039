"""RMSprop's first step and Adam's bias correction. Reads :mod:`vizdl.sim.optimizers.first_step`."""

from __future__ import annotations

import numpy as np
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from vizdl.checks.first_step import step_factors
from vizdl.render.mpl.slides import is_slide, slide_pages
from vizdl.sim.optimizers.first_step import FirstSteps
from vizdl.style import THEME, racer_style

__all__ = ["figure_first_steps"]


def figure_first_steps(fig: Figure, r: FirstSteps) -> None:
    """What the zero-started averages hold per step (left) and each step in units of η
    (right), measured from the runs (lines), the closed forms (grey circles) on them."""
    gs = fig.add_gridspec(1, 2, wspace=0.25)
    left, right = fig.add_subplot(gs[0, 0]), fig.add_subplot(gs[0, 1])
    t = np.arange(1, r.rmsprop.steps + 1)
    g = np.asarray(r.slopes, dtype=float)
    a, (b1, b2) = r.alpha, r.betas
    rms, adam = racer_style("RMSprop"), racer_style("Adam")
    raw = THEME.palette.vermillion
    k = int(np.argmax(np.abs(g)))  # the steep coordinate (the other one overlays it)

    marks = np.unique(np.round(np.geomspace(1, t[-1], 14)).astype(int)) - 1

    def closed(ax, y):
        ax.plot(
            t[marks], y[marks], color=THEME.muted, marker="o", ms=6, mfc="none", ls="none", zorder=3
        )

    shares = (
        (
            "RMSprop E[g²] / g²",
            np.asarray(r.rmsprop.extras["sq"])[:, 0, k] / g[k] ** 2,
            1 - a**t,
            rms["color"],
            "-",
        ),
        (
            "Adam m / g",
            np.asarray(r.adam.extras["m"])[:, 0, k] / g[k],
            1 - b1**t,
            adam["color"],
            "-",
        ),
        (
            "Adam v / g²",
            np.asarray(r.adam.extras["v"])[:, 0, k] / g[k] ** 2,
            1 - b2**t,
            adam["color"],
            "--",
        ),
    )
    for label, y, y0, color, ls in shares:
        closed(left, y0)
        left.plot(t, y, color=color, ls=ls, lw=1.6, label=label, zorder=2)
    left.plot(
        [],
        [],
        color=THEME.muted,
        marker="o",
        mfc="none",
        ls="none",
        label="closed form 1 − βᵗ (β: α, β₁, β₂)",
    )
    left.set_xscale("log")
    left.set_yscale("log")
    left.axhline(1, color=THEME.ink, lw=0.8)
    left.set_xlabel("step t")
    left.set_ylabel("share of the value it averages")
    left.set_title("Averages started at 0 hold only (1 − βᵗ) of it")
    left.legend(loc="lower right", fontsize=9)

    runs = (
        (f"RMSprop (α = {a:g})", step_factors(r.rmsprop.points, r.lr), 1 / np.sqrt(1 - a**t), rms),
        (
            "Adam, bias-corrected (torch)",
            step_factors(r.adam.points, r.lr),
            np.ones_like(t, dtype=float),
            adam,
        ),
        (
            "Adam without correction",
            step_factors(r.raw.points, r.lr),
            (1 - b1**t) / np.sqrt(1 - b2**t),
            {"color": raw, "ls": "-.", "marker": "v"},
        ),
    )
    for label, f, f0, st in runs:
        closed(right, f0)
        right.plot(t, f[:, k], color=st["color"], ls=st["ls"], lw=1.6, label=label, zorder=2)
        other = 1 - k
        right.plot(
            t[:1], f[:1, other], color=st["color"], marker="x", ms=9, mew=1.8, ls="none", zorder=4
        )
        right.annotate(
            f"{f[0, k]:.3g}η",
            (1, f[0, k]),
            xytext=(1.4, f[0, k] + 0.25),
            va="center",
            color=st["color"],
            fontsize=10,
        )
    right.plot(
        [],
        [],
        color=THEME.ink,
        marker="x",
        mew=1.8,
        ls="none",
        label=f"first step of the coordinate of slope {g[1 - k]:g} (lines: {g[k]:g})",
    )
    right.plot([], [], color=THEME.muted, marker="o", mfc="none", ls="none", label="closed form")
    right.set_xscale("log")
    right.set_xlabel("step t")
    right.set_ylabel("|Δθ| / η")
    right.set_ylim(0, 1.15 * max(float(f.max()) for _, f, _, _ in runs))
    right.set_title(f"Each step in units of η (η = {r.lr:g})")
    right.legend(loc="upper right", fontsize=9)
    if is_slide(fig):
        _slide_first_steps(fig, left, right, r, g, k)


def _plain_log(axis) -> None:
    """Log ticks labelled as plain numbers (1, 10, 100; 0.01): 14 pt, not 20 pt powers of 10."""
    axis.set_major_locator(ticker.LogLocator(numticks=4))
    axis.set_major_formatter(ticker.FormatStrFormatter("%g"))


def _slide_first_steps(fig: Figure, left: Axes, right: Axes, r: FirstSteps, g, k: int) -> None:
    """The slide version: the averages, then the steps, a slide each, short legends beside."""
    a = r.alpha
    left.set_title("Averages started at 0 hold 1 − βᵗ of it")
    left.set_ylabel("share of the value")
    handles, _ = left.get_legend_handles_labels()
    left.legend(
        handles,
        ["RMSprop E[g²] / g²", "Adam m / g", "Adam v / g²", "closed form 1 − βᵗ"],
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
    )
    for axis in (left.xaxis, left.yaxis, right.xaxis):
        _plain_log(axis)
    right.set_title("Each step in units of η")
    handles, _ = right.get_legend_handles_labels()
    right.legend(
        handles,
        [
            f"RMSprop, α = {a:g}",
            "Adam (torch)",
            "Adam, no correction",
            f"first step, slope {g[1 - k]:g}",
            "closed form",
        ],
        title=f"η = {r.lr:g}; lines: slope {g[k]:g}",
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
    )
    slide_pages(fig, [[0], [1]])
