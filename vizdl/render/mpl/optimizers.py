"""Matplotlib renderers for the optimizer topic. They read :mod:`vizdl.sim.optimizers` results."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from vizdl.render.mpl import LINESTYLES, MARKERS, PALETTE
from vizdl.sim.optimizers import (
    RULES,
    AdaptiveRates,
    Basins,
    BatchPaths,
    LearningRateRegimes,
    LearningRateRegimes2D,
    LRSensitivity,
    NesterovGeometry,
    PropertyTable,
    Race,
    RavineRace,
    Trajectory,
)

__all__ = [
    "plot_parabola_path",
    "plot_loss_curves",
    "plot_contours",
    "plot_path",
    "figure_learning_rates",
    "figure_momentum_ravine",
    "racer_style",
    "RACER_ORDER",
    "RACER_COLORS",
    "plot_surface_contours",
    "plot_race_paths",
    "plot_race_progress",
    "figure_race",
    "figure_property_table",
    "basin_image",
    "figure_basins",
    "figure_adaptive_rates",
    "figure_batch_paths",
    "plot_nag_step",
    "figure_nesterov",
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
    artists = [ax.plot(r.x_grid, r.f_grid, color="0.55", lw=1.5, zorder=1)[0]]
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
            cmap="viridis",
            vmin=0,
            vmax=path.steps,
            s=22,
            zorder=3,
            edgecolor="k",
            lw=0.3,
        )
    )
    artists += ax.plot([xs[0]], [fs[0]], marker="*", ms=12, color="k", zorder=4, ls="none")
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
            color=PALETTE[1] if g >= 1 else "0.25",
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
            color=PALETTE[i % len(PALETTE)],
            ls=LINESTYLES[i % len(LINESTYLES)],
            marker=MARKERS[i % len(MARKERS)],
            ms=4,
            label=f"η = {r.lrs[i]:.3g}: {r.labels[i]}",
        )
        artists.append(line)
        if path.diverged[0] >= 0:
            j = int(np.flatnonzero(ok)[-1])
            artists += ax.plot(
                [steps[j]], [loss[j]], marker="X", ms=11, color=PALETTE[i % len(PALETTE)], ls="none"
            )
    ax.set_xlabel("step t")
    ax.set_ylabel("loss  ½·a·θ²")
    ax.set_title("Loss per step (log scale)")
    ax.legend(loc="center left", bbox_to_anchor=(1.0, 0.5))
    return artists


def figure_learning_rates(fig: Figure, r: LearningRateRegimes) -> None:
    """Four learning rates on the parabola (top) and their loss curves (bottom)."""
    n = len(r.paths)
    gs = fig.add_gridspec(2, n, height_ratios=[1.25, 1])
    for i in range(n):
        ax = fig.add_subplot(gs[0, i])
        plot_parabola_path(ax, r, i, PALETTE[i % len(PALETTE)])
        if i == 0:
            ax.set_ylabel("loss")
    plot_loss_curves(fig.add_subplot(gs[1, :]), r)
    fig.suptitle(
        f"Gradient descent θ ← θ − η·∇J on J(θ) = ½·a·θ², a = {r.curvature:g}: "
        f"stable iff η < 2/a = {r.critical_lr:g}",
        fontsize=13,
        weight="bold",
    )


def plot_contours(ax: Axes, race: RavineRace) -> list:
    cs = ax.contour(race.X, race.Y, race.Z, levels=race.levels, colors="0.6", linewidths=0.8)
    ax.plot(*race.minimum, marker="*", ms=14, color="k", ls="none", label="minimum")
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
    plot_path(ax, race.plain, f"plain GD (η = {h['lr']:g})", PALETTE[1], "o", "-")
    plot_path(
        ax,
        race.momentum,
        f"momentum (η = {h['lr']:g}, γ = {race.momentum.hparams['momentum']:g})",
        PALETTE[0],
        "s",
        "-",
    )
    ax.plot(
        *race.plain.points[0, 0], marker="o", ms=9, mfc="white", mec="k", ls="none", label="start"
    )
    ax.legend(loc="upper left", fontsize=9.5)
    ax.set_title(f"Ravine, condition number {race.condition:g}")
    ax2 = fig.add_subplot(gs[0, 1])
    steps = np.arange(race.plain.steps + 1)
    ax2.semilogy(
        steps, race.plain.losses[:, 0], color=PALETTE[1], marker="o", ms=3, label="plain GD"
    )
    ax2.semilogy(
        steps,
        race.momentum.losses[:, 0],
        color=PALETTE[0],
        ls="--",
        marker="s",
        ms=3,
        label="momentum",
    )
    ax2.set_xlabel("step t")
    ax2.set_ylabel("loss J(θ)")
    ax2.set_title("Loss per step")
    ax2.legend()


# --- The optimizer race -----------------------------------------------------------------------------

RACER_ORDER = ("SGD", "Momentum", "NAG", "Adagrad", "Adadelta", "RMSprop", "Adam")
# Okabe-Ito without the yellow, which vanishes on light contour fills; black takes its place.
RACER_COLORS = PALETTE[:6] + (PALETTE[7],)


def racer_style(label: str) -> dict:
    """Colour, marker and line style of a racer, the same in every figure and animation."""
    i = RACER_ORDER.index(label) if label in RACER_ORDER else len(RACER_ORDER)
    return {
        "color": RACER_COLORS[i % len(RACER_COLORS)],
        "marker": MARKERS[i % len(MARKERS)],
        "ls": LINESTYLES[i % len(LINESTYLES)],
    }


def plot_surface_contours(ax: Axes, race: Race) -> list:
    """Filled contours of the loss (log-spaced levels above the minimum), minima and saddles."""
    artists = [
        ax.contourf(
            race.X, race.Y, race.Z, levels=race.levels, cmap="Greys", alpha=0.35, extend="both"
        ),
        ax.contour(race.X, race.Y, race.Z, levels=race.levels, colors="0.55", linewidths=0.6),
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
            ms=9,
            color="k",
            mfc="white",
            label="saddle point",
            ls="none",
        )
    ax.set_xlim(*race.domain[0])
    ax.set_ylim(*race.domain[1])
    ax.set_aspect("equal")
    ax.set_xlabel("θ₁")
    ax.set_ylabel("θ₂")
    return artists


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
        ax.set_ylabel("loss J(θ)")
        ax.set_title("Loss per step")
    else:
        ax.set_ylabel("|θ₂|  (distance along the unstable direction)")
        ax.set_title("Escaping the saddle")
    return artists


def figure_race(fig: Figure, race: Race) -> None:
    """The race on the contours (left) and each racer's progress per step (right)."""
    gs = fig.add_gridspec(1, 2, width_ratios=[1.1, 1])
    ax = fig.add_subplot(gs[0, 0])
    plot_surface_contours(ax, race)
    plot_race_paths(ax, race)
    how = "each at its best learning rate from a grid" if race.tuned else "all at one learning rate"
    ax.set_title(f"{race.title}: {how}", fontsize=12)
    ax2 = fig.add_subplot(gs[0, 1])
    plot_race_progress(ax2, race)
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=5, fontsize=10)


# --- The comparison table, measured ------------------------------------------------------------------

AGREE = "#DCEBF5"  # Okabe-Ito blue, tinted
DISAGREE = "#FBE0CC"  # Okabe-Ito vermillion, tinted; disagreement is also spelled out in the cell


def _yn(v: bool) -> str:
    return "Yes" if v else "No"


def figure_property_table(fig: Figure, t: PropertyTable) -> None:
    """The lecture's yes/no table beside what was measured, disagreements marked and explained."""
    ax = fig.add_subplot()
    ax.set_axis_off()
    offs = " / ".join(f"{o:.0e}".replace("e-0", "e-") for o in t.offsets)
    header = [
        "Optimizer\n(η)",
        "Adaptive learning rate\nlecture → measured\n(Δθ/g, coord. 1 : coord. 2)",
        "Consistent units\nlecture → measured\n(first step after θ = " + f"{t.scale:g}·φ)",
        "Loss rescaled ×" + f"{t.loss_scale:g}\nmeasured\n(first step ratio)",
        "Easily handles saddles\nlecture → measured\n(steps to escape from " + offs + ")",
    ]
    cells, colours = [], []
    for i, label in enumerate(t.labels):
        row, row_c = [f"{label}\n(η = {t.lrs[i]:g})"], ["white"]
        values = [
            f"×{t.adapt_ratio[i]:.3g}",
            f"×{t.units_ratio[i]:.3g}",
            " / ".join(str(int(s)) if s >= 0 else "never" for s in t.saddle_steps[i]),
        ]
        for k, val in zip((0, 1, 2), values, strict=True):
            lec, mea = bool(t.lecture[i, k]), bool(t.measured[i, k])
            mark = "" if lec == mea else "   ≠ lecture"
            row.append(f"{_yn(lec)} → {_yn(mea)}{mark}\n{val}")
            row_c.append(AGREE if lec == mea else DISAGREE)
            if k == 1:
                inv = abs(t.loss_ratio[i] - 1) < 0.01
                row.append(f"{'invariant' if inv else 'not invariant'}\n×{t.loss_ratio[i]:.3g}")
                row_c.append("white")
        cells.append(row)
        colours.append(row_c)
    table = ax.table(
        cellText=cells,
        colLabels=header,
        cellColours=colours,
        loc="upper center",
        cellLoc="center",
        colWidths=[0.13, 0.2, 0.22, 0.15, 0.3],
    )
    table.auto_set_font_size(False)
    table.set_fontsize(10)
    table.scale(1, 2.9)
    for (r, _c), cell in table.get_celld().items():
        cell.set_edgecolor("0.75")
        if r == 0:
            cell.set_text_props(weight="bold")
            cell.set_facecolor("#EEF0F3")
            cell.set_height(cell.get_height() * 1.35)
    n_dis = int((t.lecture != t.measured).sum())
    notes = [
        "Rules: " + "; ".join(RULES) + ".",
        f"Agreement: {t.lecture.size - n_dis} of {t.lecture.size} cells.",
    ]
    if n_dis:
        notes.append(
            "Where they differ: the lecture's derivation ignores ε. With torch's ε, the first steps' size "
            "is fixed in absolute units, so rescaling θ rescales the first step: Adadelta's 'consistent units' "
            "holds for its idealised rule, not for the rule torch runs."
        )
    fig.text(0.02, 0.02, "\n".join(notes), fontsize=9.5, va="bottom", wrap=True)
    fig.suptitle("The lecture's comparison table, measured", fontsize=14, weight="bold")


# --- Basins of convergence --------------------------------------------------------------------------

BASIN_COLORS = PALETTE[:4]  # one Okabe-Ito colour per minimum
NOT_CONVERGED = "#D9D9D9"
DIVERGED = "#4D4D4D"


def basin_image(b: Basins, k: int) -> np.ndarray:
    """RGB image of racer ``k``'s basins: the colour says which minimum, the shade how fast
    (full colour: at once; pale: only by the last step); grey: no minimum; dark: diverged."""
    from matplotlib.colors import to_rgb

    which, steps_to = b.which[k], b.steps_to[k]
    img = np.empty((*which.shape, 3))
    img[:] = to_rgb(NOT_CONVERGED)
    img[which == -2] = to_rgb(DIVERGED)
    frac = np.clip(steps_to / b.steps, 0, 1)[..., None]
    for m in range(len(b.minima)):
        mask = which == m
        base = np.array(to_rgb(BASIN_COLORS[m % len(BASIN_COLORS)]))
        img[mask] = (base * (1 - 0.75 * frac) + 0.75 * frac)[mask]
    return img


def figure_basins(fig: Figure, b: Basins) -> None:
    """One basin map per optimizer, minima starred, with a legend panel."""
    n = len(b.labels)
    cols = 4
    rows = int(np.ceil((n + 1) / cols))
    extent = (b.xs[0], b.xs[-1], b.ys[0], b.ys[-1])
    axes = fig.subplots(rows, cols, squeeze=False)
    for k, ax in enumerate(axes.flat):
        if k >= n:
            ax.set_axis_off()
            continue
        ax.imshow(basin_image(b, k), origin="lower", extent=extent, interpolation="nearest")
        ax.plot(
            b.minima[:, 0], b.minima[:, 1], "*", ms=11, color="white", mec="k", mew=0.8, ls="none"
        )
        conv = b.which[k] >= 0
        med = np.median(b.steps_to[k][conv]) if conv.any() else float("nan")
        ax.set_title(
            f"{b.labels[k]} (η = {b.lrs[k]:g})\n{conv.mean():.0%} converge, median {med:.0f} steps",
            fontsize=10,
        )
        ax.set_xticks([-4, 0, 4])
        ax.set_yticks([-4, 0, 4])
        ax.grid(False)
    legend_ax = axes.flat[n] if n < axes.size else None
    if legend_ax is not None:
        from matplotlib.patches import Patch

        handles = [
            Patch(color=BASIN_COLORS[m], label=f"minimum ({x:.2f}, {y:.2f})")
            for m, (x, y) in enumerate(b.minima)
        ]
        handles += [
            Patch(color=NOT_CONVERGED, label=f"no minimum within {b.tol:g} after {b.steps} steps"),
            Patch(color=DIVERGED, label="diverged"),
        ]
        legend_ax.legend(
            handles=handles,
            loc="center",
            fontsize=9,
            title="Start point reaches",
            title_fontsize=10,
        )
        legend_ax.text(
            0.5,
            0.02,
            "paler = more steps needed",
            ha="center",
            fontsize=9,
            transform=legend_ax.transAxes,
        )
    fig.suptitle(
        f"Basins of convergence on {b.title}: where each start point ends up",
        fontsize=13,
        weight="bold",
    )


# --- Adaptive learning rates and bias correction ----------------------------------------------------

_RULE_LABEL = {"adagrad": "Adagrad", "rmsprop": "RMSprop", "adadelta": "Adadelta"}


def plot_per_parameter_rates(ax: Axes, r: AdaptiveRates) -> list:
    artists = []
    steps = np.arange(1, len(next(iter(r.bowl_eff_lr.values()))) + 1)
    for name, eff in r.bowl_eff_lr.items():
        st = racer_style(_RULE_LABEL[name])
        for c, (lw, alpha) in enumerate(((2.2, 1.0), (1.4, 0.75))):
            (line,) = ax.semilogy(
                steps,
                eff[:, c],
                color=st["color"],
                ls=st["ls"] if c == 0 else ":",
                lw=lw,
                alpha=alpha,
                label=f"{_RULE_LABEL[name]} (η = {r.bowl_lrs[name]:g}), θ{'₁₂'[c]}",
            )
            artists.append(line)
    ax.set_xlabel("step t")
    ax.set_ylabel("effective learning rate per parameter")
    ax.set_title("Per parameter: the steep θ₂ gets the smaller rate", fontsize=11)
    ax.legend(fontsize=8.5)
    return artists


def plot_stream_rates(ax: Axes, r: AdaptiveRates) -> list:
    steps = np.arange(1, len(r.stream) + 1)
    artists = [ax.axvspan(r.switch + 0.5, len(r.stream), color="0.92", zorder=0)]
    for name, eff in r.stream_eff_lr.items():
        st = racer_style(_RULE_LABEL[name])
        (line,) = ax.semilogy(
            steps,
            eff,
            color=st["color"],
            ls=st["ls"],
            lw=2,
            label=f"{_RULE_LABEL[name]} (η = {r.stream_lrs[name]:g})",
        )
        artists.append(line)
    big, small = r.stream[0], r.stream[-1]
    artists.append(
        ax.text(
            r.switch + 3,
            ax.get_ylim()[1] * 0.6,
            f"gradient drops\n{big:g} → {small:g}",
            fontsize=9,
            va="top",
        )
    )
    ax.set_xlabel("step t")
    ax.set_ylabel("effective learning rate")
    ax.set_title("Adagrad's sum only grows; RMSprop/Adadelta forget", fontsize=11)
    ax.legend(fontsize=8.5, loc="lower left")
    return artists


def plot_bias_correction(ax: Axes, r: AdaptiveRates) -> list:
    t = np.arange(1, len(r.adam_g) + 1)
    b1, b2 = r.betas
    artists = [
        ax.plot(t, r.adam_g, "o", color="0.6", ms=3.5, label="gradient gₜ")[0],
        ax.axhline(r.adam_mean, color="0.4", lw=0.8, ls="--"),
        ax.plot(t, r.adam_m, color=PALETTE[1], ls="--", lw=1.8, label=f"raw mₜ (β₁ = {b1:g})")[0],
        ax.plot(t, r.adam_m_hat, color=PALETTE[1], lw=2.2, label="m̂ₜ = mₜ / (1 − β₁ᵗ)")[0],
        ax.plot(
            t, np.sqrt(r.adam_v), color=PALETTE[0], ls="--", lw=1.8, label=f"raw √vₜ (β₂ = {b2:g})"
        )[0],
        ax.plot(
            t, np.sqrt(r.adam_v_hat), color=PALETTE[0], lw=2.2, label="√v̂ₜ = √(vₜ / (1 − β₂ᵗ))"
        )[0],
    ]
    ax.set_xlabel("step t")
    ax.set_title("Adam: the raw moments start near 0", fontsize=11)
    lo = min(float(np.min(r.adam_g)), 0.0)
    ax.set_ylim(
        lo - 0.9 * (float(np.max(r.adam_g)) - lo), None
    )  # room for the legend below the data
    ax.legend(fontsize=8.5, loc="lower right", ncols=2, frameon=True, framealpha=0.92)
    return artists


def figure_adaptive_rates(fig: Figure, r: AdaptiveRates) -> None:
    axes = fig.subplots(1, 3)
    plot_per_parameter_rates(axes[0], r)
    plot_stream_rates(axes[1], r)
    plot_bias_correction(axes[2], r)


# --- Stochastic, mini-batch and batch ----------------------------------------------------------------


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
    ax.contour(r.X, r.Y, r.Z, levels=r.levels, colors="0.6", linewidths=0.7)
    ax.plot(*r.optimum, "*", ms=15, color="k", ls="none", label="least-squares solution")
    n = len(r.x)
    for k, (bs, path) in enumerate(zip(r.batch_sizes, r.paths, strict=True)):
        p = path.points[:, 0]
        ax.plot(
            p[:, 0],
            p[:, 1],
            color=PALETTE[k],
            ls=LINESTYLES[k],
            lw=1.6,
            marker=MARKERS[k],
            ms=3,
            markevery=max(1, len(p) // 20),
            label=_batch_label(bs, n),
        )
    ax.plot(*r.paths[0].points[0, 0], "o", ms=9, mfc="white", mec="k", ls="none", label="start")
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
            color=PALETTE[k],
            ls=LINESTYLES[k],
            lw=1.6,
            label=_batch_label(bs, n),
        )
    zmin = float(r.Z.min())
    ax2.axhline(r.levels[0] - 1e-3, color="0.4", lw=0.8, ls="--")
    ax2.set_xlabel("update t")
    ax2.set_ylabel("loss on all the data, J(w, b)")
    ax2.set_title(f"Full-data loss per update (best possible: {zmin:.3g})")
    ax2.legend(fontsize=9)


# --- Nesterov's geometry -----------------------------------------------------------------------------

# Hinton's colours, as in the lecture's figure; line styles keep them apart without colour.
NAG_COLORS = {
    "jump": "#8C510A",
    "correction": PALETTE[1],
    "accumulated": PALETTE[2],
    "standard": PALETTE[0],
}


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
    c = NAG_COLORS
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
    out += ax.plot(*th, "o", color="k", ms=6, zorder=6)
    out += ax.plot(*g.lookahead[i], "o", mfc="white", mec=c["jump"], ms=7, zorder=6)
    return out


def figure_nesterov(fig: Figure, g: NesterovGeometry, zoom_step: int = 6) -> None:
    """The NAG path with its vectors (left) and one step enlarged (right)."""
    ax, axz = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.15, 1]})
    ax.contour(g.X, g.Y, g.Z, levels=g.levels, colors="0.65", linewidths=0.7)
    ax.plot(*g.minimum, "*", ms=14, color="k", ls="none")
    ax.plot(
        g.theta[:, 0],
        g.theta[:, 1],
        "-o",
        color="0.35",
        ms=3,
        lw=1,
        label="NAG path θₜ (lecture's form)",
    )
    ax.plot(
        g.torch_points[:, 0],
        g.torch_points[:, 1],
        "x",
        color=NAG_COLORS["jump"],
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
    axz.contour(g.X, g.Y, g.Z, levels=g.levels, colors="0.75", linewidths=0.7)
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
        color=NAG_COLORS["jump"],
    )


# --- Learning-rate sensitivity -------------------------------------------------------------------------


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
        ax.set_xlabel("learning rate η")
        ax.set_title(r.titles[s].split(" (")[0], fontsize=11)
        ax.axhspan(top * 1.5, top * 10**1.5, color="0.93", zorder=0)
        ax.text(r.lrs[0], top * 10**1.35, "✕ = diverged", fontsize=8, va="top")
    axes[0].set_ylabel(f"loss above the minimum after {r.steps} steps\n(dotted: machine precision)")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=len(r.labels), fontsize=9.5)


def figure_learning_rates_2d(fig: Figure, r: LearningRateRegimes2D) -> None:
    """One contour panel per learning rate; a path that leaves the plot is cut at the edge."""
    axes = fig.subplots(1, len(r.paths), squeeze=False)[0]
    lmax = float(r.curvatures.max())
    for i, (ax, path) in enumerate(zip(axes, r.paths, strict=True)):
        ax.contour(r.X, r.Y, r.Z, levels=r.levels, colors="0.65", linewidths=0.7)
        p = path.points[:, 0]
        ax.plot(p[:, 0], p[:, 1], "-o", color=PALETTE[i % len(PALETTE)], ms=3.5, lw=1.4)
        ax.plot(*p[0], "*", ms=12, color="k")
        ax.plot(0, 0, "+", ms=12, color="k", mew=2)
        inside = np.all((p >= r.domain[:, 0]) & (p <= r.domain[:, 1]), axis=1)
        if not inside.all():
            k = int(np.argmin(inside))
            ax.text(
                0.5,
                0.04,
                f"leaves the plot at step {k}",
                transform=ax.transAxes,
                ha="center",
                color=PALETTE[1],
                weight="bold",
                fontsize=10,
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.9},
            )
        ax.set_xlim(*r.domain[0])
        ax.set_ylim(*r.domain[1])
        ax.set_aspect("equal")
        ax.set_title(
            f"η = {r.lrs[i]:.3g} ({r.lrs[i] * lmax:.2g}/λ_max)\n{r.labels[i]}", fontsize=11
        )
        ax.set_xlabel("θ₁")
    axes[0].set_ylabel("θ₂")
    fig.suptitle(
        f"The steepest direction (λ_max = {lmax:g}) decides: stable iff η < 2/λ_max = {2 / lmax:g}; "
        f"the flat one (λ_min = {float(r.curvatures.min()):g}) decides the speed",
        fontsize=12,
        weight="bold",
    )
