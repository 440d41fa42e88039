"""Learning-rate figures: the regimes on a parabola and in 2-D, and each optimizer's sensitivity.
Reads :mod:`vizdl.sim.optimizers.learning_rates`."""

from __future__ import annotations

import numpy as np
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from vizdl.checks.sensitivity import CONVERGED as WORKS
from vizdl.render.mpl.optimizers import draw_contours
from vizdl.render.mpl.slides import is_slide, keep_lines, slide_note, slide_pages, wrap
from vizdl.sim.optimizers.learning_rates import (
    LearningRateRegimes,
    LearningRateRegimes2D,
    LRSensitivity,
)
from vizdl.style import THEME, racer_style

__all__ = [
    "plot_parabola_path",
    "plot_loss_curves",
    "figure_learning_rates",
    "figure_lr_sensitivity",
    "figure_learning_rates_2d",
]


def _last_finite(points: np.ndarray) -> int:
    ok = np.flatnonzero(np.all(np.isfinite(points.reshape(len(points), -1)), axis=1))
    return int(ok[-1]) if len(ok) else 0


def plot_parabola_path(ax: Axes, r: LearningRateRegimes, i: int, color: str) -> list:
    """Gradient descent iterates on the parabola as a zig-zag ``(θ_t, J(θ_t))``.

    A path that leaves the plotted domain is drawn up to its first point outside (clipped at the
    axes edge) and labelled with that step, so divergence is visible rather than dropped.
    """
    path = r.paths[i]
    x = path.points[:, 0, 0]
    f = path.losses[:, 0]
    ext = r.extent
    fmax = float(r.f_grid.max())
    artists = [ax.plot(r.x_grid, r.f_grid, color=THEME.greys["0.55"], lw=1.5, zorder=1)[0]]
    last = _last_finite(path.points)
    outside = np.flatnonzero(np.abs(x[: last + 1]) > ext)
    k = int(outside[0]) if len(outside) else last
    xs, fs = x[: k + 1], f[: k + 1]
    artists += ax.plot(xs, fs, "-", color=color, lw=1.2, alpha=0.85, zorder=2)
    inside = np.abs(xs) <= ext
    artists.append(
        ax.scatter(
            xs[inside],
            fs[inside],
            c=np.arange(k + 1)[inside],
            cmap=THEME.sequential,
            vmin=0,
            vmax=path.steps,
            s=22,
            zorder=3,
            edgecolor=THEME.figure_ink,
            lw=0.3,
        )
    )
    artists += ax.plot(
        [xs[0]], [fs[0]], marker="*", ms=12, color=THEME.figure_ink, zorder=4, ls="none"
    )
    g = float(r.factors[i])
    verdict = f"|θ| × {g:.2g} per step"
    if len(outside):
        verdict += f"\nleaves the plot at step {k}"
    if path.diverged[0] >= 0:
        verdict += f"\ndiverged at step {int(path.diverged[0])}"
    artists.append(
        ax.text(
            0.5,
            0.97,
            verdict,
            transform=ax.transAxes,
            ha="center",
            va="top",
            fontsize=9.5,
            color=THEME.palette[1] if g >= 1 else THEME.greys["0.25"],
            weight="bold" if g >= 1 else "normal",
        )
    )
    ax.set_xlim(-ext * 1.05, ext * 1.05)
    ax.set_ylim(-0.05 * fmax, fmax * 1.35)
    ax.set_title(
        f"η = {r.lrs[i]:.3g} ({r.lrs[i] * r.curvature:.2g}/a)\n{r.labels[i]}", fontsize=10.5
    )
    ax.set_xlabel("θ")
    return artists


def plot_loss_curves(ax: Axes, r: LearningRateRegimes) -> list:
    """Loss against step on a log axis, one line per learning rate; divergent runs end in ✕."""
    artists = []
    for i, path in enumerate(r.paths):
        loss = path.losses[:, 0]
        steps = np.arange(len(loss))
        ok = np.isfinite(loss) & (loss > 0)
        (line,) = ax.semilogy(
            steps[ok],
            loss[ok],
            color=THEME.palette[i % len(THEME.palette)],
            ls=THEME.linestyles[i % len(THEME.linestyles)],
            marker=THEME.markers[i % len(THEME.markers)],
            ms=4,
            label=f"η = {r.lrs[i]:.3g}: {r.labels[i]}",
        )
        artists.append(line)
        if path.diverged[0] >= 0:
            j = int(np.flatnonzero(ok)[-1])
            artists += ax.plot(
                [steps[j]],
                [loss[j]],
                marker="X",
                ms=11,
                color=THEME.palette[i % len(THEME.palette)],
                ls="none",
            )
    ax.set_xlabel("step t")
    ax.set_ylabel("loss  ½·a·θ²")
    ax.set_title("Loss per step (log scale)")
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5))
    return artists


def _slide_learning_rates(fig: Figure, r: LearningRateRegimes) -> None:
    """The slide version: two learning rates on the parabola a slide, then the loss curves with
    their legend beside them."""
    n = len(r.paths)
    axes = fig.subplots(1, n + 1, squeeze=False)[0]
    for i in range(n):
        plot_parabola_path(axes[i], r, i, THEME.palette[i % len(THEME.palette)])
        axes[i].set_title(f"η = {r.lrs[i]:.3g}: {r.labels[i]}")
        axes[i].set_ylabel("loss")
        axes[i].set_ylim(top=float(r.f_grid.max()) * 1.75)  # room for the 14 pt verdict
    ax = axes[n]
    plot_loss_curves(ax, r)
    ax.set_title("Loss per step, log scale")
    ax.set_ylabel("loss")
    ax.yaxis.set_major_locator(ticker.LogLocator(numticks=4))
    ax.legend(
        ax.get_legend_handles_labels()[0],
        [f"η = {lr:.3g}" for lr in r.lrs],
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
    )
    slide_pages(fig, [list(range(k, min(k + 2, n))) for k in range(0, n, 2)] + [[n]])


def figure_learning_rates(fig: Figure, r: LearningRateRegimes) -> None:
    """Four learning rates on the parabola (top) and their loss curves (bottom)."""
    if is_slide(fig):
        _slide_learning_rates(fig, r)
        return
    n = len(r.paths)
    gs = fig.add_gridspec(2, n, height_ratios=[1.25, 1])
    for i in range(n):
        ax = fig.add_subplot(gs[0, i])
        plot_parabola_path(ax, r, i, THEME.palette[i % len(THEME.palette)])
        if i == 0:
            ax.set_ylabel("loss")
    plot_loss_curves(fig.add_subplot(gs[1, :]), r)
    fig.suptitle(
        f"Gradient descent θ ← θ − η·∇J on J(θ) = ½·a·θ², a = {r.curvature:g}: "
        f"stable iff η < 2/a = {r.critical_lr:g}",
        fontsize=13,
        weight="bold",
    )


MACHINE_FLOOR = 1e-16


def figure_lr_sensitivity(fig: Figure, r: LRSensitivity) -> None:
    """One panel per surface: final loss against learning rate, a line per optimizer; runs that
    diverged are drawn as ✕ along the top edge, not dropped."""
    n = len(r.surfaces)
    axes = fig.subplots(1, n, squeeze=False)[0]
    for s, ax in enumerate(axes):
        top = np.nanmax(r.final[s]) if np.isfinite(r.final[s]).any() else 1.0
        for k, label in enumerate(r.labels):
            st = racer_style(label)
            # Below 1e-16 the loss is at machine precision: drawn on that floor, not as 1e-290.
            y = np.maximum(r.final[s, k] - r.floor[s], MACHINE_FLOOR)
            ax.loglog(
                r.lrs,
                y,
                color=st["color"],
                ls=st["ls"],
                marker=st["marker"],
                ms=3.5,
                lw=1.5,
                label=label,
            )
            d = r.diverged[s, k]
            if d.any():
                ax.plot(
                    r.lrs[d],
                    np.full(d.sum(), top * 10 ** (0.3 + 0.15 * k)),
                    "x",
                    color=st["color"],
                    ms=6,
                    mew=1.6,
                )
        # What "works" means in the caption: 1000× closer to the minimum than the start.
        works_at = WORKS * (r.start_loss[s] - r.floor[s])
        ax.axhline(works_at, color=THEME.reference, ls="--", lw=1.2, zorder=1)
        ax.text(r.lrs[-1], works_at, "1000× below the start ", fontsize=8, ha="right", va="bottom")
        ax.axhline(MACHINE_FLOOR, color=THEME.reference, ls=":", lw=1.2, zorder=1)
        ax.set_xlabel("learning rate η")
        ax.set_title(r.titles[s].split(" (")[0], fontsize=11)
        ax.axhspan(top * 1.5, top * 10**1.5, color=THEME.greys["0.93"], zorder=0)
        ax.text(r.lrs[0], top * 10**1.35, "✕ = diverged", fontsize=8, va="top")
    axes[0].set_ylabel(
        f"loss above the minimum after {r.steps} steps\n(dotted: machine precision; dashed: works)"
    )
    handles, labels = axes[0].get_legend_handles_labels()
    if is_slide(fig):  # a surface a slide, the optimizers beside, the lines' notes off the curves
        for s, ax in enumerate(axes):
            for t in list(ax.texts):  # at 14 pt they would cover the curves: redrawn below
                t.remove()
            top = np.nanmax(r.final[s]) if np.isfinite(r.final[s]).any() else 1.0
            # room above the band of ✕ and below the floor (where no curve goes) for their notes
            ax.set_ylim(MACHINE_FLOOR / 10**4.5, top * 10**5)
            edge = ax.get_xaxis_transform()  # x in data, y in the panel's height
            ax.text(r.lrs[0], 0.98, "✕ = diverged", va="top", transform=edge)
            ax.text(r.lrs[0], 0.02, "machine precision", va="bottom", transform=edge)
            ax.set_ylabel(f"loss above min. ({r.steps} steps)")
            ax.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.02, 1.0))
        slide_note(fig, f"dashed: works, {1 / WORKS:g}× below the start")
        slide_pages(fig, [[s] for s in range(n)])
        return
    fig.legend(handles, labels, loc="outside lower center", ncols=len(r.labels), fontsize=9.5)


def _slide_regimes_2d(fig: Figure, r: LearningRateRegimes2D) -> None:
    """The slide version: one learning rate a slide, its path on the contours and, beside it,
    the rate, its regime and what a step does along each direction."""
    axes = fig.subplots(1, len(r.paths), squeeze=False)[0]
    lmax, lmin = float(r.curvatures.max()), float(r.curvatures.min())
    for i, (ax, path) in enumerate(zip(axes, r.paths, strict=True)):
        p = _draw_regime_2d(ax, r, i, path)
        flat = f"{1 - r.lrs[i] * lmin:.2f}".replace("-", "−")
        steep = f"{1 - r.lrs[i] * lmax:.2f}".replace("-", "−")
        lines = [
            f"η = {r.lrs[i]:.3g} = {r.lrs[i] * lmax:.2g}/λ_max",
            *wrap(r.labels[i], 2.6).split("\n"),
            "",
            "a step multiplies",
            f"the flat distance by {flat}",
            f"the steep one by {steep}",
        ]
        inside = np.all((p >= r.domain[:, 0]) & (p <= r.domain[:, 1]), axis=1)
        if not inside.all():
            lines += ["", f"leaves the plot at step {int(np.argmin(inside))}"]
        note = ax.text(
            1.06,
            1.0,
            "\n".join(lines),
            transform=ax.transAxes,
            ha="left",
            va="top",
            color=THEME.palette[1] if not inside.all() else THEME.figure_ink,
        )
        keep_lines(note)
        ax.set_xlabel("θ₁")
        ax.set_ylabel("θ₂")
    slide_pages(fig, [[i] for i in range(len(r.paths))])


def _draw_regime_2d(ax: Axes, r: LearningRateRegimes2D, i: int, path) -> np.ndarray:
    """Path ``i`` on the contours, its start (★) and the minimum (+); returns its points."""
    draw_contours(ax, r)
    p = path.points[:, 0]
    ax.plot(p[:, 0], p[:, 1], "-o", color=THEME.palette[i % len(THEME.palette)], ms=3.5, lw=1.4)
    ax.plot(*p[0], "*", ms=12, color=THEME.figure_ink)
    centre = np.asarray(getattr(r, "minimum", np.zeros(2)), dtype=float)
    ax.plot(*centre, "+", ms=12, color=THEME.figure_ink, mew=2)
    ax.set_xlim(*r.domain[0])
    ax.set_ylim(*r.domain[1])
    ax.set_aspect("equal")
    return p


def figure_learning_rates_2d(fig: Figure, r: LearningRateRegimes2D) -> None:
    """One contour panel per learning rate; a path that leaves the plot is cut at the edge."""
    if is_slide(fig):
        _slide_regimes_2d(fig, r)
        return
    axes = fig.subplots(1, len(r.paths), squeeze=False)[0]
    lmax = float(r.curvatures.max())
    for i, (ax, path) in enumerate(zip(axes, r.paths, strict=True)):
        p = _draw_regime_2d(ax, r, i, path)
        inside = np.all((p >= r.domain[:, 0]) & (p <= r.domain[:, 1]), axis=1)
        if not inside.all():
            k = int(np.argmin(inside))
            ax.text(
                0.5,
                0.04,
                f"leaves the plot at step {k}",
                transform=ax.transAxes,
                ha="center",
                color=THEME.palette[1],
                weight="bold",
                fontsize=10,
                bbox={"facecolor": THEME.background, "edgecolor": "none", "alpha": 0.9},
            )
        lmin = float(r.curvatures.min())
        ax.text(
            0.5,
            0.96,
            f"per step: flat axis × {1 - r.lrs[i] * lmin:.2f}, "
            f"steep × {1 - r.lrs[i] * lmax:.2f}".replace("-", "−"),
            transform=ax.transAxes,
            ha="center",
            va="top",
            fontsize=9.5,
            color=THEME.greys["0.25"],
            bbox={"facecolor": THEME.background, "edgecolor": "none", "alpha": 0.85, "pad": 1.5},
        )
        ax.set_title(
            f"η = {r.lrs[i]:.3g} ({r.lrs[i] * lmax:.2g}/λ_max)\n{r.labels[i]}", fontsize=11
        )
        ax.set_xlabel("θ₁")
    axes[0].set_ylabel("θ₂")
    lmin = float(r.curvatures.min())
    named = f"J(θ) = {r.title}: the" if getattr(r, "formula", False) else "The"
    fig.suptitle(
        f"{named} steepest direction (λ_max = {lmax:.3g}) decides: stable iff η < 2/λ_max = "
        f"{2 / lmax:.3g}; the flat one (λ_min = {lmin:.3g}) decides the speed.\nThe fastest "
        f"fixed rate is 2/(λ_min + λ_max) = {2 / (lmax + lmin):.3g}: each "
        "step multiplies a direction's distance to the minimum by 1 − ηλ",
        fontsize=12,
        weight="bold",
    )
