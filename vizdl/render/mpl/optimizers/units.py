"""Adadelta's units, measured. Reads :mod:`vizdl.sim.optimizers.units`."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from vizdl.render.mpl.optimizers import draw_contours
from vizdl.render.mpl.slides import is_slide, slide_pages
from vizdl.sim.optimizers.units import NEWTON, UNITS_ADADELTA, Units
from vizdl.style import THEME, racer_style

__all__ = ["figure_units"]


def _style(label: str) -> dict:
    if label == UNITS_ADADELTA:
        return {**racer_style("Adadelta"), "color": THEME.palette.vermillion}
    if label == NEWTON:
        return {**racer_style("SGD"), "color": THEME.ink}
    return racer_style(label)


def _view(u: Units) -> tuple[float, float, float, float]:
    """Where the paths go (within the surface's domain), with a margin: x and y limits."""
    pts = np.concatenate([u.direct.reshape(-1, 2), u.mapped.reshape(-1, 2)])
    inside = np.all(np.isfinite(pts), axis=1)
    inside &= (pts[:, 0] >= u.X.min()) & (pts[:, 0] <= u.X.max())
    inside &= (pts[:, 1] >= u.Y.min()) & (pts[:, 1] <= u.Y.max())
    lo, hi = pts[inside].min(axis=0), pts[inside].max(axis=0)
    pad = 0.12 * float(max(hi - lo))
    x_lo, x_hi = max(lo[0] - pad, float(u.X.min())), min(hi[0] + pad, float(u.X.max()))
    y_lo, y_hi = max(lo[1] - pad, float(u.Y.min())), min(hi[1] + pad, float(u.Y.max()))
    return x_lo, x_hi, y_lo, y_hi


def _rule_panel(ax: Axes, u: Units, k: int, view: tuple[float, float, float, float]):
    """Rule ``k``'s two paths on the contours, where each ends and the start; returns its style
    and which of the mapped path's points are finite."""
    draw_contours(ax, u, linewidth=0.5)
    st = _style(u.labels[k])
    d, m = u.direct[k], u.mapped[k]
    ax.plot(d[:, 0], d[:, 1], color=st["color"], lw=1.8, label="in θ")
    finite = np.all(np.isfinite(m), axis=1)
    shown = m[: int(np.argmin(finite)) if not finite.all() else len(m)]
    ax.plot(shown[:, 0], shown[:, 1], color=st["color"], lw=1.8, ls=(0, (2, 2)), alpha=0.8)
    ax.plot(*d[-1], marker="o", color=st["color"], ms=7, zorder=5)  # where each run ends
    if finite.all():
        ax.plot(*m[-1], marker="s", mfc="none", mec=st["color"], mew=1.6, ms=9, zorder=5)
    ax.plot(*u.start, marker="*", color=THEME.ink, ms=9, zorder=4)
    ax.set_xlim(view[0], view[1])
    ax.set_ylim(view[2], view[3])
    ax.set_aspect("equal", adjustable="datalim")  # true ellipses, filling the panel
    return st, finite


def _accumulators(acc: Axes, u: Units) -> None:
    """torch's Adadelta's E[g²] and E[Δθ²] (θ₁) over the steps, in both runs, log scale."""
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


def _first_steps(eps: Axes, u: Units) -> tuple[np.ndarray, int]:
    """Adadelta's first step against ε, measured and √(2ε/(1 − ρ)), log-log; returns the ε
    values and the index of the runs' ε."""
    ada = racer_style("Adadelta")["color"]
    e = np.asarray(u.eps_values)
    fine = np.geomspace(e.min(), e.max(), 50)
    eps.plot(
        fine, np.sqrt(2 * fine / (1 - u.rho)), color=THEME.muted, lw=1.2, label="√(2ε/(1 − ρ))"
    )
    eps.plot(e, u.eps_first, ls="none", marker="o", color=ada, label="first step, measured")
    eps.set_xscale("log")
    eps.set_yscale("log")
    return e, int(np.argmin(np.abs(e - u.eps)))


def _slide_units(fig: Figure, u: Units) -> None:
    """The slide version: a rule a slide (its paths, the legend beside with its first step's
    ratio), then the accumulators, then the first step against ε, each with its legend beside."""
    n = len(u.labels)
    axes = fig.subplots(1, n + 2)
    c = u.scale
    view = _view(u)
    for k, label in enumerate(u.labels):
        ax = axes[k]
        st, finite = _rule_panel(ax, u, k, view)
        ax.set_title(label, color=st["color"])
        ax.set_xlabel("θ₁")
        ax.set_ylabel("θ₂")
        handles = [
            ax.plot([], [], color=THEME.ink, marker="*", ms=9, ls="none")[0],
            ax.plot([], [], color=st["color"], lw=1.8, marker="o", ms=7)[0],
            ax.plot(
                [], [], color=st["color"], lw=1.8, ls=(0, (2, 2)), marker="s", mfc="none", ms=9
            )[0],
        ]
        note = f"first step ×{float(u.first_ratio[k]):.3g}"
        if not finite.all():
            note += ",\nleaves the plot"
        ax.legend(
            handles,
            [
                f"start ({u.start[0]:g}, {u.start[1]:g})",
                f"run in θ, {u.steps} steps",
                f"run in φ = θ/{c:g},\nmapped back",
            ],
            title=note,
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
        )
    acc = axes[n]
    _accumulators(acc, u)
    acc.set_title("torch's Adadelta")
    handles, _ = acc.get_legend_handles_labels()
    acc.legend(
        handles,
        ["E[g²], in θ", "E[g²], in φ", "E[Δθ²], in θ", "E[Δφ²], in φ"],
        title=f"ε = {u.eps:g}, θ₁:\nE[g²] {c**2:g}× apart,\nE[Δθ²] starts\nthe same",
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
    )
    eps = axes[n + 1]
    e, i = _first_steps(eps, u)
    eps.plot(
        e[i],
        u.eps_first[i],
        ls="none",
        marker="o",
        ms=11,
        mfc="none",
        mec=THEME.figure_ink,
        mew=1.6,
        label=f"torch's ε = {u.eps:g}:\n{u.eps_first[i]:.2e}",
    )
    eps.set_xlabel("ε")
    eps.set_ylabel("length of step 1")
    eps.set_title("First step set by ε")
    handles, _ = eps.get_legend_handles_labels()
    eps.legend(
        handles,
        ["√(2ε/(1 − ρ))", "measured", f"torch's ε = {u.eps:g}:\n{u.eps_first[i]:.2e}"],
        title=f"ρ = {u.rho:g}",
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
    )
    slide_pages(fig, [[k] for k in range(n + 2)])


def figure_units(fig: Figure, u: Units) -> None:
    """Left: each rule's path directly in θ (solid) and in φ = θ/c mapped back (dashed), one
    panel per rule. Right: torch's Adadelta's accumulators in both runs, and its first step
    against ε."""
    if is_slide(fig):
        _slide_units(fig, u)
        return
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
    view = _view(u)
    for k, label in enumerate(u.labels):
        ax = fig.add_subplot(gs[k // 3, k % 3])
        st, finite = _rule_panel(ax, u, k, view)
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
    _accumulators(acc, u)
    acc.set_title(
        f"torch's Adadelta (ε = {u.eps:g}), θ₁:\nE[g²] {c**2:g}× apart, E[Δθ²] starts the same",
        fontsize=10,
    )
    acc.legend(fontsize=8, loc="center right")

    eps = fig.add_subplot(gs[1, 4])
    e, i = _first_steps(eps, u)
    eps.annotate(
        f"torch's ε = {u.eps:g}:\n{u.eps_first[i]:.2e}",
        (e[i], u.eps_first[i]),
        xytext=(14, -42),
        textcoords="offset points",
        fontsize=9,
        arrowprops={"arrowstyle": "-", "color": THEME.muted},
    )
    eps.set_xlabel("ε")
    eps.set_ylabel("length of the first step")
    eps.set_title(f"Its first step is set by ε (ρ = {u.rho:g})", fontsize=10)
    eps.legend(fontsize=8, loc="upper left")
