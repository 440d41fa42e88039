"""Nesterov's geometry: jump, then correct. Reads :mod:`vizdl.sim.optimizers.nesterov`."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from vizdl.render.mpl.optimizers import draw_contours
from vizdl.render.mpl.slides import is_slide, slide_pages
from vizdl.sim.optimizers.nesterov import NesterovGeometry
from vizdl.style import THEME

__all__ = [
    "plot_nag_step",
    "figure_nesterov",
]


def _arrow(
    ax: Axes,
    start: np.ndarray,
    vec: np.ndarray,
    color: str,
    lw: float,
    ls: str = "-",
    label: str | None = None,
):
    from matplotlib.patches import FancyArrowPatch

    patch = FancyArrowPatch(
        tuple(start),
        tuple(start + vec),
        arrowstyle="-|>",
        mutation_scale=14,
        color=color,
        lw=lw,
        linestyle=ls,
        shrinkA=0,
        shrinkB=0,
        label=label,
        zorder=5,
    )
    ax.add_patch(patch)
    return patch


def plot_nag_step(ax: Axes, g: NesterovGeometry, t: int, labels: bool = True) -> list:
    """The vectors of NAG's step ``t`` (1-based) and of standard momentum from the same point."""
    i = t - 1
    th = g.theta[i]
    c = THEME.nesterov
    out = [
        _arrow(
            ax,
            th,
            g.std_grad[i],
            c["standard"],
            1.8,
            ":",
            "standard momentum: gradient here, then jump" if labels else None,
        ),
        _arrow(ax, th + g.std_grad[i], g.jump[i], c["standard"], 1.8, ":"),
        _arrow(
            ax, th, g.jump[i], c["jump"], 2.2, "--", "NAG: jump γ·v (brown)" if labels else None
        ),
        _arrow(
            ax,
            g.lookahead[i],
            g.correction[i],
            c["correction"],
            2.2,
            "-",
            "NAG: correction −η∇J at the look-ahead (red)" if labels else None,
        ),
        _arrow(
            ax,
            th,
            g.accumulated[i],
            c["accumulated"],
            3.0,
            "-",
            "NAG: accumulated step −vₜ (green)" if labels else None,
        ),
    ]
    out += ax.plot(*th, "o", color=THEME.figure_ink, ms=6, zorder=6)
    out += ax.plot(*g.lookahead[i], "o", mfc=THEME.background, mec=c["jump"], ms=7, zorder=6)
    return out


def figure_nesterov(fig: Figure, g: NesterovGeometry, zoom_step: int = 6) -> None:
    """The NAG path with its vectors (left) and one step enlarged (right)."""
    ax, axz = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.15, 1]})
    draw_contours(ax, g)
    ax.plot(*g.minimum, "*", ms=14, color=THEME.figure_ink, ls="none")
    ax.plot(
        g.theta[:, 0],
        g.theta[:, 1],
        "-o",
        color=THEME.greys["0.35"],
        ms=3,
        lw=1,
        label="NAG path θₜ (lecture's form)",
    )
    ax.plot(
        g.torch_points[:, 0],
        g.torch_points[:, 1],
        "x",
        color=THEME.nesterov["jump"],
        ms=5,
        label="torch's iterates = look-ahead points θₜ − γvₜ",
    )
    for t in (3, zoom_step):
        if t <= len(g.jump):
            plot_nag_step(ax, g, t, labels=False)
    span = np.vstack([g.theta, g.torch_points, g.minimum[None]])
    lo, hi = span.min(axis=0), span.max(axis=0)
    pad = 0.12 * (hi - lo).max()
    ax.set_xlim(max(lo[0] - pad, g.domain[0, 0]), min(hi[0] + pad, g.domain[0, 1]))
    ax.set_ylim(max(lo[1] - pad, g.domain[1, 0]), min(hi[1] + pad, g.domain[1, 1]))
    ax.set_aspect("equal")
    ax.set_xlabel("θ₁")
    ax.set_ylabel("θ₂")
    ax.set_title(f"Nesterov's momentum, η = {g.lr:g}, γ = {g.momentum:g}", fontsize=12)
    ax.legend(fontsize=8.5, loc="lower right")
    i = zoom_step - 1
    pts = np.vstack(
        [
            g.theta[i],
            g.lookahead[i],
            g.theta[i + 1],
            g.theta[i] + g.std_step[i],
            g.theta[i] + g.std_grad[i],
        ]
    )
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    pad = 0.25 * (hi - lo).max()
    # The enlarged window, marked on the whole path; the other step drawn there is named too.
    from matplotlib.patches import Rectangle

    ax.add_patch(
        Rectangle(
            tuple(lo - pad),
            *(hi - lo + 2 * pad),
            fill=False,
            ec=THEME.figure_ink,
            lw=1.2,
            ls="-",
            zorder=7,
        )
    )
    ax.annotate(
        f"step {zoom_step}, enlarged →",
        (hi[0] + pad, hi[1] + pad),
        xytext=(4, 2),
        textcoords="offset points",
        fontsize=9.5,
        weight="bold",
        zorder=8,
    )
    if 3 <= len(g.jump) and zoom_step != 3:
        ax.annotate(
            "step 3",
            g.theta[2],
            xytext=(-8, 10),
            textcoords="offset points",
            fontsize=9.5,
            ha="right",
            zorder=8,
        )
    draw_contours(axz, g)
    plot_nag_step(axz, g, zoom_step)
    axz.set_xlim(lo[0] - pad, hi[0] + pad)
    axz.set_ylim(lo[1] - pad, hi[1] + pad)
    axz.set_aspect("equal")
    axz.set_title(f"Step {zoom_step} enlarged: jump, then correct where you land", fontsize=12)
    axz.legend(fontsize=8.5, loc="best")
    axz.annotate("θₜ₋₁", g.theta[i], xytext=(-18, -14), textcoords="offset points", fontsize=10)
    axz.annotate(
        "look-ahead",
        g.lookahead[i],
        xytext=(6, 6),
        textcoords="offset points",
        fontsize=9,
        color=THEME.nesterov["jump"],
    )
    if is_slide(fig):
        _slide_nesterov(fig, g, ax, axz, zoom_step, lo - pad)


def _slide_nesterov(
    fig: Figure, g: NesterovGeometry, ax: Axes, axz: Axes, step: int, corner
) -> None:
    """The slide version: the path, then the enlarged step, a slide each; titles and long
    labels go into legends beside the panels, the notes inside them are cut to the few that
    fit at 14 pt."""
    for t in list(ax.texts):
        t.remove()
    # below the enlarged window's box (the minimum is often beside it)
    ax.annotate(
        f"step {step}",
        tuple(corner),
        xytext=(0, -2),
        textcoords="offset points",
        va="top",
        weight="bold",
    )
    for t in list(axz.texts):
        if t.get_text() != "θₜ₋₁":
            t.remove()
    ax.set_title("")
    axz.set_title("")
    handles, _ = ax.get_legend_handles_labels()
    ax.legend(
        handles,
        ["NAG path θₜ", "torch's iterates:\nthe look-ahead points"],
        title=f"η = {g.lr:g}, γ = {g.momentum:g}",
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
    )
    handles, _ = axz.get_legend_handles_labels()
    axz.legend(
        handles,
        [
            "standard momentum",
            "NAG: jump γ·v",
            "NAG: correction −η∇J\nat the look-ahead",
            "NAG: step −vₜ",
        ],
        title=f"step {step}: jump, then correct",
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
    )
    slide_pages(fig, [[0], [1]])
