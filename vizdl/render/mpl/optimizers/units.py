"""Adadelta's units, measured. Reads :mod:`vizdl.sim.optimizers.units`."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from vizdl.render.mpl.optimizers import draw_contours
from vizdl.sim.optimizers.units import NEWTON, UNITS_ADADELTA, Units
from vizdl.style import THEME, racer_style

__all__ = ["figure_units"]


def _style(label: str) -> dict:
    if label == UNITS_ADADELTA:
        return {**racer_style("Adadelta"), "color": THEME.palette.vermillion}
    if label == NEWTON:
        return {**racer_style("SGD"), "color": THEME.ink}
    return racer_style(label)


def figure_units(fig: Figure, u: Units) -> None:
    """Left: each rule's path directly in θ (solid) and in φ = θ/c mapped back (dashed), one
    panel per rule. Right: torch's Adadelta's accumulators in both runs, and its first step
    against ε."""
    # Laid out by hand: constrained layout leaves rows of equal-aspect panels far apart.
    fig.set_layout_engine("none")
    gs = fig.add_gridspec(
        2,
        5,
        width_ratios=(1, 1, 1, 0.12, 1.3),
        wspace=0.3,
        hspace=0.5,
        bottom=0.17,
        top=0.9,
        right=0.97,
        left=0.05,
    )
    c = u.scale
    # The view: where the paths go (within the surface's domain), with a margin.
    pts = np.concatenate([u.direct.reshape(-1, 2), u.mapped.reshape(-1, 2)])
    inside = np.all(np.isfinite(pts), axis=1)
    inside &= (pts[:, 0] >= u.X.min()) & (pts[:, 0] <= u.X.max())
    inside &= (pts[:, 1] >= u.Y.min()) & (pts[:, 1] <= u.Y.max())
    lo, hi = pts[inside].min(axis=0), pts[inside].max(axis=0)
    pad = 0.12 * float(max(hi - lo))
    x_lo, x_hi = max(lo[0] - pad, float(u.X.min())), min(hi[0] + pad, float(u.X.max()))
    y_lo, y_hi = max(lo[1] - pad, float(u.Y.min())), min(hi[1] + pad, float(u.Y.max()))
    for k, label in enumerate(u.labels):
        ax = fig.add_subplot(gs[k // 3, k % 3])
        draw_contours(ax, u, linewidth=0.5)
        st = _style(label)
        d, m = u.direct[k], u.mapped[k]
        ax.plot(d[:, 0], d[:, 1], color=st["color"], lw=1.8, label="in θ")
        finite = np.all(np.isfinite(m), axis=1)
        shown = m[: int(np.argmin(finite)) if not finite.all() else len(m)]
        ax.plot(shown[:, 0], shown[:, 1], color=st["color"], lw=1.8, ls=(0, (2, 2)), alpha=0.8)
        ax.plot(*d[-1], marker="o", color=st["color"], ms=7, zorder=5)  # where each run ends
        if finite.all():
            ax.plot(*m[-1], marker="s", mfc="none", mec=st["color"], mew=1.6, ms=9, zorder=5)
        ax.plot(*u.start, marker="*", color=THEME.ink, ms=9, zorder=4)
        ax.set_xlim(x_lo, x_hi)
        ax.set_ylim(y_lo, y_hi)
        ax.set_aspect("equal", adjustable="datalim")  # true ellipses, filling the panel
        ratio = float(u.first_ratio[k])
        note = f"first step ×{ratio:.3g}"
        if not finite.all():
            note += ", leaves the plot"
        ax.set_title(f"{label}\n{note}", fontsize=10, color=st["color"])
        ax.tick_params(labelsize=8)
        if k % 3 == 0:
            ax.set_ylabel("θ₂")
        if k // 3 == 1:
            ax.set_xlabel("θ₁")
    ax0 = fig.axes[0]
    handles = [
        ax0.plot([], [], color=THEME.ink, marker="*", ms=9, ls="none")[0],
        ax0.plot([], [], color=THEME.ink, lw=1.8, marker="o", ms=7)[0],
        ax0.plot([], [], color=THEME.ink, lw=1.8, ls=(0, (2, 2)), marker="s", mfc="none", ms=9)[0],
    ]
    fig.legend(
        handles,
        [
            "start (2, 1)",
            f"run in θ, and where it is after {u.steps} steps",
            f"run in φ = θ/{c:g}, mapped back (θ = {c:g}·φ)",
        ],
        loc="lower center",
        ncol=3,
        fontsize=10,
        frameon=False,
        bbox_to_anchor=(0.36, 0.0),
    )

    acc = fig.add_subplot(gs[0, 4])
    t = np.arange(1, u.steps + 1)
    ada = racer_style("Adadelta")["color"]
    acc.plot(t, u.sq_direct[:, 0], color=ada, lw=1.6, label="E[g²], run in θ")
    acc.plot(t, u.sq_mapped[:, 0], color=ada, lw=1.6, ls=(0, (2, 2)), label="E[g²], run in φ")
    acc.plot(t, u.acc_direct[:, 0], color=THEME.muted, lw=1.6, label="E[Δθ²], run in θ")
    acc.plot(
        t, u.acc_mapped[:, 0], color=THEME.muted, lw=1.6, ls=(0, (2, 2)), label="E[Δφ²], run in φ"
    )
    acc.set_yscale("log")
    acc.set_xlabel("step t")
    acc.set_title(
        f"torch's Adadelta (ε = {u.eps:g}), θ₁:\nE[g²] {c**2:g}× apart, E[Δθ²] starts the same",
        fontsize=10,
    )
    acc.legend(fontsize=8, loc="center right")

    eps = fig.add_subplot(gs[1, 4])
    e = np.asarray(u.eps_values)
    fine = np.geomspace(e.min(), e.max(), 50)
    eps.plot(
        fine, np.sqrt(2 * fine / (1 - u.rho)), color=THEME.muted, lw=1.2, label="√(2ε/(1 − ρ))"
    )
    eps.plot(e, u.eps_first, ls="none", marker="o", color=ada, label="first step, measured")
    i = int(np.argmin(np.abs(e - u.eps)))
    eps.annotate(
        f"torch's ε = {u.eps:g}:\n{u.eps_first[i]:.2e}",
        (e[i], u.eps_first[i]),
        xytext=(14, -42),
        textcoords="offset points",
        fontsize=9,
        arrowprops={"arrowstyle": "-", "color": THEME.muted},
    )
    eps.set_xscale("log")
    eps.set_yscale("log")
    eps.set_xlabel("ε")
    eps.set_ylabel("length of the first step")
    eps.set_title(f"Its first step is set by ε (ρ = {u.rho:g})", fontsize=10)
    eps.legend(fontsize=8, loc="upper left")
