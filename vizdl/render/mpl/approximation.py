"""Matplotlib renderers for universal approximation (:mod:`vizdl.sim.approximation`)."""

from __future__ import annotations

import matplotlib
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from vizdl.render.mpl.slides import is_slide, slide_pages
from vizdl.sim.approximation import (
    BumpBuild,
    DepthWidth,
    ErrorSweep,
    ReluSwitches,
    StepUnits,
    TrainedFits,
    decimal_text,
    step_bias_text,
)
from vizdl.style import THEME

__all__ = [
    "figure_steps",
    "figure_bumps",
    "figure_error_sweep",
    "figure_one_layer_fit",
    "figure_dropout_fits",
    "figure_relu_switches",
    "figure_depth_width",
]


def figure_steps(fig: Figure, s: StepUnits) -> None:
    """σ(w x + b) with b = −w·s for growing w: a step at s = −b/w."""
    ax = fig.subplots()
    cmap = matplotlib.colormaps[THEME.sequential]
    for k, w in enumerate(s.ws):
        ax.plot(
            s.x,
            s.y[k],
            color=cmap(k / max(len(s.ws) - 1, 1) * 0.9),
            lw=2.2,
            label=f"w = {decimal_text(w)}, b = {step_bias_text(w, s.step)}  "
            f"(rises over {s.width[k]:.2g})".replace("-", "−"),
        )
    ax.axvline(s.step, color=THEME.greys["0.3"], ls=":", lw=1.2)
    ax.annotate(
        f"step position s = −b/w = {s.step:g}",
        (s.step, 0.5),
        xytext=(18, -40),
        textcoords="offset points",
        arrowprops=dict(arrowstyle="->", color=THEME.greys["0.3"]),
    )
    ax.set_xlabel("x")
    ax.set_ylabel("σ(w x + b)")
    ax.legend(loc="upper left", fontsize=9.5)
    ax.set_title("A steep sigmoid is a step: the larger w, the sharper; −b/w says where")
    if is_slide(fig):  # the legend beside, as "w, b (rise)"; the step's note shortened
        handles, _ = ax.get_legend_handles_labels()
        ax.legend(
            handles,
            [
                f"{decimal_text(w)}, {step_bias_text(w, s.step)} ({s.width[k]:.2g})".replace(
                    "-", "−"
                )
                for k, w in enumerate(s.ws)
            ],
            title="w, b (rises over)",
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
        )
        ax.texts[0].set_text(f"s = {s.step:g}")
        ax.texts[0].set_position((12, -30))
        ax.set_title("A step at s = −b/w")


def figure_bumps(fig: Figure, b: BumpBuild) -> None:
    """Two steps (+h, −h) make a bump; N bumps make a staircase that follows f."""
    ax1, ax2 = fig.subplots(1, 2, width_ratios=[1, 1.5])
    k = b.example
    lo, hi, h = b.edges[k], b.edges[k + 1], b.heights[k]
    up, down = b.example_up, b.example_down
    ax1.plot(b.x, up, color=THEME.palette[0], ls="--", label=f"+h·σ(w(x − {lo:.2f}))")
    ax1.plot(b.x, down, color=THEME.palette[1], ls="--", label=f"−h·σ(w(x − {hi:.2f}))")
    ax1.plot(
        b.x, up + down, color=THEME.figure_ink, lw=2.5, label=f"sum: a bump of height h = {h:.2f}"
    )
    ax1.axhline(0, color=THEME.greys["0.6"], lw=0.7)
    ax1.set_title("Two hidden units, one bump")
    ax1.legend(fontsize=9, loc="lower left")
    ax1.set_xlabel("x")
    ax2.plot(b.x, b.f, color=THEME.target, lw=3.0, label="f(x)")
    cmap = matplotlib.colormaps[THEME.sequential]
    for j, n in enumerate(b.fit_counts):
        ax2.plot(
            b.x,
            b.fits[j],
            color=cmap(j / max(len(b.fit_counts) - 1, 1) * 0.9),
            lw=1.4,
            label=f"N = {n} bumps ({2 * n} units): sup error {b.sup[j]:.3f}",
        )
    ax2.set_title("N bumps with heights f(midpoints): a Riemann-like staircase")
    ax2.legend(fontsize=9, loc="upper left")
    ax2.set_xlabel("x")
    fig.suptitle(
        f"f(x) = 0.2 + 0.4x² + 0.3x·sin(15x) + 0.05·cos(50x), steepness w = {b.w:g}", fontsize=12
    )
    if is_slide(fig):  # the bump, then the staircases, a slide each; short legends beside
        handles, _ = ax1.get_legend_handles_labels()
        ax1.legend(
            handles,
            [f"+h·σ(w(x − {lo:.2f}))", f"−h·σ(w(x − {hi:.2f}))", f"sum: height h = {h:.2f}"],
            title=f"steepness w = {b.w:g}",
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
        )
        handles, _ = ax2.get_legend_handles_labels()
        ax2.legend(
            handles,
            [
                "f(x)",
                *(f"N = {n}: sup error {e:.3f}" for n, e in zip(b.fit_counts, b.sup, strict=True)),
            ],
            title="N bumps, 2N units",
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
        )
        ax2.set_title("N bumps: a staircase")
        slide_pages(fig, [[0], [1]])


def figure_error_sweep(fig: Figure, e: ErrorSweep) -> None:
    """Sup and L2 error against N (log-log, fitted slopes, the L/(2N) bound) and against w."""
    ax1, ax2 = fig.subplots(1, 2)
    ax1.loglog(
        e.ns, e.sup, "o-", color=THEME.palette[0], label=f"sup error (slope {e.slope_sup:.2f})"
    )
    ax1.loglog(e.ns, e.l2, "s-", color=THEME.palette[1], label=f"L2 error (slope {e.slope_l2:.2f})")
    ax1.loglog(
        e.ns,
        e.lipschitz / (2 * e.ns),
        color=THEME.figure_ink,
        ls=":",
        label=f"L/(2N), L = max|f'| = {e.lipschitz:.2f}",
    )
    lo, hi = e.fit_range
    sel = (e.ns >= lo) & (e.ns <= hi)
    ax1.axvspan(
        lo, hi, color=THEME.greys["0.92"], zorder=0, label=f"slopes fitted over N = {lo}…{hi}"
    )
    ax1.set_xlabel("number of bumps N (2N hidden units)")
    ax1.set_ylabel("error against f on [0, 1]")
    ax1.set_title(f"Error falls like 1/N (steepness w = {e.w_factor:g}·N)")
    ax1.legend(fontsize=9)
    ax1.set_xticks(e.ns[sel | (e.ns == e.ns[0])], [str(n) for n in e.ns[sel | (e.ns == e.ns[0])]])
    ax2.semilogx(e.ws, e.sup_w, "o-", color=THEME.palette[0], label="sup error")
    ax2.semilogx(e.ws, e.l2_w, "s-", color=THEME.palette[1], label="L2 error")
    ax2.axhline(e.lipschitz / (2 * e.n_fixed), color=THEME.figure_ink, ls=":", label="L/(2N)")
    best = int(np.argmin(e.sup_w))
    ax2.annotate(
        f"best sup error at w = {e.ws[best]:g}:\nsmooth steps blend neighbours",
        (e.ws[best], e.sup_w[best]),
        xytext=(-30, 110),
        textcoords="offset points",
        ha="center",
        arrowprops=dict(arrowstyle="->", color=THEME.greys["0.3"]),
        fontsize=9,
        bbox=dict(facecolor=THEME.background, lw=0, alpha=0.85),
    )
    ax2.set_xlabel("steepness w")
    ax2.set_title(f"N = {e.n_fixed} bumps: error against the steepness")
    ax2.legend(fontsize=9)
    if is_slide(fig):  # a panel a slide, short legends beside, fewer N ticks
        beside = dict(loc="upper left", bbox_to_anchor=(1.02, 1.0))
        handles, _ = ax1.get_legend_handles_labels()
        ax1.legend(
            handles,
            [
                f"sup: slope {e.slope_sup:.2f}",
                f"L2: slope {e.slope_l2:.2f}",
                f"L/(2N), L = {e.lipschitz:.2f}",
                f"fit: N = {lo}…{hi}",
            ],
            title=f"error, w = {e.w_factor:g}·N",
            **beside,
        )
        ticks = sorted({int(e.ns[0]), int(lo), int(hi)})
        ax1.set_xticks(ticks, [str(n) for n in ticks])
        ax1.xaxis.set_minor_formatter(matplotlib.ticker.NullFormatter())
        ax1.set_xlabel("bumps N (2N units)")
        ax1.set_ylabel("error on [0, 1]")
        ax1.set_title("Error falls like 1/N")
        ax2.legend(title="error", **beside)
        note = ax2.texts[0]
        note.set_text(f"best at w = {e.ws[best]:g}:\nsmooth steps\nblend neighbours")
        note.set_fontsize(14)
        note.set_ha("left")
        note.xyann = (20, 45)
        ax2.set_xlabel("steepness w")
        ax2.set_title(f"N = {e.n_fixed}: error against w")
        slide_pages(fig, [[0], [1]])


def figure_one_layer_fit(fig: Figure, t: TrainedFits) -> None:
    """What gradient descent finds with 2N sigmoid units vs the constructed N bumps (left), and
    the trained network's sup error and training loss over its steps (right)."""
    ax, ax2 = fig.subplots(1, 2, width_ratios=[1.35, 1])
    ax.plot(t.x, t.f, color=THEME.target, lw=3, label="target f(x)")
    ax.scatter(
        t.x_train,
        t.y_train,
        s=12,
        color=THEME.greys["0.5"],
        zorder=3,
        label=f"{len(t.x_train)} noisy samples",
    )
    ax.plot(
        t.x,
        t.one_layer,
        color=THEME.palette[0],
        lw=2,
        label=f"trained, {t.units} sigmoid units: sup error {t.one_layer_error:.3f}",
    )
    ax.plot(
        t.x,
        t.bumps,
        color=THEME.palette[1],
        lw=1.5,
        ls="--",
        label=f"constructed, {t.units // 2} bumps ({t.units} units): {t.bumps_error:.3f}",
    )
    ax.set_xlabel("x")
    ax.legend(fontsize=9.5, loc="upper left")
    ax.set_title(f"After {t.steps:,} Adam steps: the curves against f", fontsize=11.5)
    st = np.maximum(t.record_steps, 1)
    ax2.semilogy(
        st, t.one_layer_sup, color=THEME.palette[0], lw=1.8, label="trained: sup error vs f"
    )
    ax2.semilogy(
        st, t.one_layer_loss, color=THEME.palette[2], lw=1.4, label="trained: training loss (MSE)"
    )
    ax2.axhline(
        t.bumps_error, color=THEME.palette[1], ls="--", lw=1.5, label="constructed: sup error"
    )
    ax2.axhline(
        t.noise**2,
        color=THEME.greys["0.4"],
        ls=":",
        lw=1.2,
        label=f"noise variance σ² = {t.noise**2:.2g}",
    )
    ax2.set_xlabel("Adam step")
    ax2.legend(fontsize=9, loc="upper right")
    ax2.set_title("Error and loss during training", fontsize=11.5)
    fig.suptitle(
        "Gradient descent does not find the bump construction; trained to the end, its own "
        "smooth fit has the smaller sup error",
        fontsize=12,
    )
    if is_slide(fig):  # the curves, then the training, a slide each; short legends beside
        beside = dict(loc="upper left", bbox_to_anchor=(1.02, 1.0))
        handles, _ = ax.get_legend_handles_labels()
        ax.legend(
            handles,
            [
                "f(x)",
                f"{len(t.x_train)} noisy samples",
                f"trained: {t.one_layer_error:.3f}",
                f"{t.units // 2} bumps: {t.bumps_error:.3f}",
            ],
            title=f"sup error, {t.units} units",
            **beside,
        )
        ax.set_title(f"After {t.steps:,} Adam steps")
        handles, _ = ax2.get_legend_handles_labels()
        ax2.legend(
            handles,
            [
                "trained: sup error",
                "trained: loss (MSE)",
                "bumps: sup error",
                f"noise σ² = {t.noise**2:.2g}",
            ],
            **beside,
        )
        ax2.set_title("During training")
        slide_pages(fig, [[0], [1]])


def figure_dropout_fits(fig: Figure, t: TrainedFits) -> None:
    """3 hidden layers of 64 ReLU units on the noisy samples, without and with dropout."""
    axes = fig.subplots(1, 2, sharey=True)
    for ax, y, err, name in (
        (axes[0], t.relu, t.relu_error, "no dropout"),
        (axes[1], t.relu_dropout, t.relu_dropout_error, f"dropout p = {t.dropout:g}"),
    ):
        ax.plot(t.x, t.f, color=THEME.target, lw=3, label="f(x)")
        ax.scatter(
            t.x_train, t.y_train, s=12, color=THEME.greys["0.5"], zorder=3, label="noisy samples"
        )
        ax.plot(t.x, y, color=THEME.palette[2], lw=2, label=f"3 × 64 ReLU: sup error {err:.3f}")
        ax.set_title(name)
        ax.set_xlabel("x")
        ax.legend(fontsize=9.5, loc="upper left")
        if is_slide(fig):  # a network a slide, the legend beside, the net in its title
            handles, _ = ax.get_legend_handles_labels()
            ax.legend(
                handles,
                ["f(x)", "noisy samples", f"fit: sup error {err:.3f}"],
                title="3 × 64 ReLU",
                loc="upper left",
                bbox_to_anchor=(1.02, 1.0),
            )
            ax.yaxis.set_tick_params(labelleft=True)
    if is_slide(fig):
        slide_pages(fig, [[0], [1]])
    fig.suptitle(
        "The lecture's experiment: 3 hidden layers of 64 ReLU units trained on noisy samples of f",
        fontsize=12,
    )


def figure_relu_switches(fig: Figure, r: ReluSwitches) -> None:
    """Which of the hidden ReLU units are on for each input, and the linear pieces that each
    on/off pattern produces."""
    ax1, ax2 = fig.subplots(2, 1, sharex=True, height_ratios=[1, 1.2])
    on = r.on[r.order].astype(float)
    ax1.imshow(
        on,
        aspect="auto",
        cmap=ListedColormap([THEME.off, THEME.palette.green]),
        extent=(r.x[0], r.x[-1], len(on) - 0.5, -0.5),
        interpolation="nearest",
    )
    ax1.set_ylabel("hidden unit (by switch point)")
    ax1.set_yticks(range(0, len(on), 5), [str(k + 1) for k in range(0, len(on), 5)])
    ax1.set_title(
        f"{len(on)} ReLU units as relays: green = on for that input "
        f"({r.n_regions} distinct on/off patterns)",
        fontsize=11.5,
    )
    ax1.grid(False)
    ax2.plot(r.x, r.f, color=THEME.target, lw=3, label="f(x)")
    colors = [THEME.palette[0], THEME.palette[1]]
    for k in range(r.n_regions):
        sel = r.region == k
        ax2.plot(
            r.x[sel],
            r.y[sel],
            color=colors[k % 2],
            lw=2.4,
            label="network output: one straight piece per pattern" if k == 0 else None,
        )
    for b in r.breaks:
        ax1.axvline(b, color=THEME.greys["0.3"], lw=0.6, ls=":")
        ax2.axvline(b, color=THEME.greys["0.3"], lw=0.6, ls=":")
    ax2.set_xlabel("x")
    ax2.legend(fontsize=9.5, loc="upper left")
    ax2.set_title(
        "Between switch points the network is one linear function: "
        "output = Σ_on w₂w₁ · x + Σ_on w₂b₁ + b₂",
        fontsize=11.5,
    )
    if is_slide(fig):  # the relays, then the pieces, a slide each; the formula as the note
        ax1.set_title(f"{len(on)} ReLU units: green = on ({r.n_regions} patterns)")
        ax1.set_ylabel("unit (by switch)")
        ax1.xaxis.set_tick_params(labelbottom=True)
        ax1.set_xlabel("x")
        handles, _ = ax2.get_legend_handles_labels()
        ax2.legend(
            handles,
            ["f(x)", "network:\none line\nper pattern"],
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
        )
        ax2.set_title("Per pattern: output = Σ_on w₂w₁ · x + Σ_on w₂b₁ + b₂")
        slide_pages(fig, [[0], [1]])


def figure_depth_width(fig: Figure, d: DepthWidth) -> None:
    """Test and training error at the early-stopping epoch against depth at a fixed parameter
    budget (left), and the validation error per epoch of every run (right)."""
    ax, ax2 = fig.subplots(1, 2, width_ratios=[1.15, 1])
    for err, name, c, m in (
        (d.test_error, "test error", THEME.palette[0], THEME.markers[0]),
        (d.val_error, "validation error", THEME.palette[2], THEME.markers[2]),
        (d.train_error, "training error", THEME.palette[1], THEME.markers[1]),
    ):
        mean = err.mean(axis=1) * 100
        ax.plot(d.depths, mean, marker=m, color=c, label=f"{name} (mean of {err.shape[1]} seeds)")
        ax.fill_between(
            d.depths, err.min(axis=1) * 100, err.max(axis=1) * 100, color=c, alpha=0.15, lw=0
        )
    for k, (dep, w, p) in enumerate(zip(d.depths, d.widths, d.params, strict=True)):
        ax.annotate(
            f"width {w}\n{p:,} params",
            (dep, d.test_error[k].mean() * 100),
            xytext=(0, 12),
            textcoords="offset points",
            ha="center",
            fontsize=8.5,
        )
    ax.set_xticks(d.depths)
    ax.set_xlabel("hidden layers")
    ax.set_ylabel("error at the early-stopping epoch (%)")
    ax.legend(fontsize=9, loc="center right")
    ax.set_title("Error of the kept weights (band: min–max over seeds)", fontsize=11)
    cmap = matplotlib.colormaps[THEME.sequential]
    for k, dep in enumerate(d.depths):
        color = cmap(k / max(len(d.depths) - 1, 1) * 0.9)
        for si in range(d.val_curve.shape[1]):
            curve = d.val_curve[k, si]
            ep = np.arange(1, len(curve) + 1)
            ax2.plot(
                ep,
                curve * 100,
                color=color,
                lw=1.1,
                alpha=0.8,
                label=f"{dep} hidden layer{'s' if dep > 1 else ''}" if si == 0 else None,
            )
            b = int(d.best_epoch[k, si])
            ax2.plot(b, curve[b - 1] * 100, "o", color=color, ms=4)
    last = int(np.nanmax(d.stop_epoch))
    ax2.set_xlim(0.5, last + 0.5)
    finite = d.val_curve[np.isfinite(d.val_curve)] * 100
    ax2.set_ylim(float(np.min(finite)) - 0.5, float(np.percentile(finite, 97)) + 0.5)
    ax2.set_xlabel(f"epoch (a run stops {d.patience} epochs after its best)")
    ax2.set_ylabel("validation error (%)")
    ax2.legend(fontsize=9, loc="upper right")
    ax2.set_title("Validation error per epoch (dot: the best epoch, kept)", fontsize=11)
    fig.suptitle(
        f"Depth vs width at ≤ {d.budget:,} parameters: ReLU MLPs on {d.n_train:,} Fashion-MNIST "
        f"images, early stopping on {d.val_size:,} validation images",
        fontsize=12,
    )
    if is_slide(fig):  # a panel a slide; each network's width in its tick, legends beside
        beside = dict(loc="upper left", bbox_to_anchor=(1.02, 1.0))
        for t in list(ax.texts):
            t.remove()
        ax.set_xticks(d.depths, [f"{dep}\n{w}" for dep, w in zip(d.depths, d.widths, strict=True)])
        ax.set_xlabel("hidden layers, width")
        handles, _ = ax.get_legend_handles_labels()
        ax.legend(
            handles,
            ["test", "validation", "training"],
            title=f"{min(d.params):,}–{max(d.params):,}\nparams; mean of\n"
            f"{d.test_error.shape[1]} seeds (band:\nmin–max)",
            **beside,
        )
        ax.set_ylabel("error at early stop (%)")
        ax.set_title("Error of the kept weights")
        handles, _ = ax2.get_legend_handles_labels()
        ax2.legend(handles, [str(dep) for dep in d.depths], title="hidden layers", **beside)
        ax2.set_xlabel(f"epoch (stops {d.patience} after best)")
        ax2.set_title("Validation error (dot: kept)")
        ax2.set_ylabel("validation error (%)")
        ax2.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(4, integer=True))
        slide_pages(fig, [[0], [1]])
