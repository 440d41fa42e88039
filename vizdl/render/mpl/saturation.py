"""Glorot & Bengio's activations over training (their Figures 2 and 3), and the loss.
Reads :mod:`vizdl.sim.saturation`."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from vizdl.checks.saturation import LN10, SATURATED, TANH_SATURATED
from vizdl.render.mpl.slides import is_slide, slide_pages
from vizdl.sim.saturation import MARGIN, Saturation
from vizdl.style import THEME

__all__ = ["figure_saturation"]

# the loss panel's runs: colours apart from the layers' (blue, vermillion, green, purple)
_LOSS_COLORS = (
    lambda: THEME.palette.black,
    lambda: THEME.palette.orange,
    lambda: THEME.palette.sky,
)

_TITLES = {
    ("sigmoid", "standard"): "sigmoid, standard init U[±1/√n_in]",
    ("sigmoid", "normalized"): "sigmoid, normalized (Xavier) init",
    ("tanh", "standard"): "tanh, standard init U[±1/√n_in]",
}


def figure_saturation(fig: Figure, r: Saturation) -> None:
    """Per run, each hidden layer's mean activation on the probe batch (line with markers) and the
    band holding 98% of its values (1st to 99th percentile, shaded) against the SGD updates; a
    fourth panel draws every run's probe loss with ln 10 (a uniform guess) marked."""
    axes = fig.subplots(2, 2).ravel()
    colors = [THEME.palette[i % len(THEME.palette)] for i in range(r.depth)]
    it = np.asarray(r.iterations)
    for k, run in enumerate(r.runs):
        ax = axes[k]
        up = it <= r.run_updates[k]
        x = it[up]
        for layer in range(r.depth):
            ax.fill_between(
                x, r.act_lo[k, up, layer], r.act_hi[k, up, layer], color=colors[layer],
                alpha=0.06, lw=0,
            )  # fmt: skip
            for edge in (r.act_lo, r.act_hi):  # the band's edges, so overlapping bands read
                ax.plot(x, edge[k, up, layer], color=colors[layer], lw=0.8, alpha=0.7)
            ax.plot(
                x,
                r.act_mean[k, up, layer],
                color=colors[layer],
                marker=THEME.markers[layer % len(THEME.markers)],
                markevery=max(1, len(x) // 12),
                ms=4,
                lw=1.6,
                label=f"layer {layer + 1}" + (" (top)" if layer == r.depth - 1 else ""),
            )
        if run[0] == "sigmoid":
            ax.axhline(SATURATED, color=THEME.greys["0.4"], ls=":", lw=1)
        if run[0] == "tanh" and not is_slide(fig):  # the slide gives it a panel of its own
            _saturated_inset(ax, r, k, x, up, colors)
        title = _TITLES.get(tuple(run), f"{run[0]}, {run[1]} init")
        ax.set_title(f"{title}: {int(r.run_updates[k]):,} updates", fontsize=10)
        ax.set_ylabel("activation: mean, 98% band")
        ax.set_xlabel(f"SGD updates (η = {r.lr:g}, batch {r.batch_size})")
        ax.set_xlim(0, x[-1])
    handles, labels = axes[0].get_legend_handles_labels()
    if not is_slide(fig):
        fig.legend(
            handles, labels, loc="outside upper center", ncol=r.depth, fontsize=9, frameon=False
        )
    ax = axes[3]
    for k, run in enumerate(r.runs):
        up = it <= r.run_updates[k]
        ax.plot(
            it[up], r.probe_loss[k, up], color=_LOSS_COLORS[k % len(_LOSS_COLORS)](),
            ls=THEME.linestyles[k % len(THEME.linestyles)], lw=1.8,
            label=_TITLES.get(tuple(run), f"{run[0]}, {run[1]}").split(" U[")[0],
        )  # fmt: skip
    ax.axhline(LN10, color=THEME.greys["0.3"], ls=":", lw=1, label="ln 10 (a uniform guess)")
    ax.set_title(f"cross-entropy on the {r.n_probe} probe images", fontsize=10)
    ax.set_xlabel("SGD updates")
    ax.set_ylabel("loss")
    ax.set_xlim(0, it[-1])
    ax.legend(fontsize=8, loc="best")
    if is_slide(fig):
        _slide(fig, r, axes, colors)


def _saturated_inset(ax, r: Saturation, k: int, x, up, colors) -> None:
    """An inset over the upper (uninformative) middle of tanh's bands, clear of the means: each
    layer's share of values within 0.01 of ±1, with the share the caption's order is read at."""
    ins = ax.inset_axes([0.42, 0.56, 0.54, 0.3])
    for layer in range(r.depth):
        ins.plot(x, 100 * r.saturated[k, up, layer], color=colors[layer], lw=1.4,
                 marker=THEME.markers[layer % len(THEME.markers)], markevery=max(1, len(x) // 6),
                 ms=3)  # fmt: skip
    ins.axhline(100 * TANH_SATURATED, color=THEME.greys["0.3"], ls=":", lw=1)
    ins.set_title("% of values within 0.01 of ±1", fontsize=8)
    ins.tick_params(labelsize=7)
    ins.set_xlim(0, x[-1])
    ins.set_facecolor(THEME.background)


def _slide(fig: Figure, r: Saturation, axes, colors) -> None:
    """A panel a slide, each with its legend beside (the layers, the run's updates); tanh's share
    of saturated values, an inset in the full figure, gets a slide of its own after tanh's."""
    it = np.asarray(r.iterations)
    pages = []
    for k, run in enumerate(r.runs):
        ax = axes[k]
        handles, labels = ax.get_legend_handles_labels()
        title = f"{int(r.run_updates[k]):,} updates"
        if run[0] == "sigmoid":
            title += f"\ndotted: {SATURATED:g}"
        ax.legend(handles, labels, title=title, loc="upper left", bbox_to_anchor=(1.02, 1.0))
        ax.set_title(f"{run[0]}, {run[1]} init")
        ax.set_ylabel("mean, 98% band")
        pages.append([k])
        if run[0] == "tanh":
            up = it <= r.run_updates[k]
            share = fig.add_subplot(fig.add_gridspec(1, 1)[0])
            for layer in range(r.depth):
                share.plot(
                    it[up], 100 * r.saturated[k, up, layer], color=colors[layer], lw=1.6,
                    marker=THEME.markers[layer % len(THEME.markers)],
                    markevery=max(1, int(up.sum()) // 6), ms=4, label=labels[layer],
                )  # fmt: skip
            share.axhline(100 * TANH_SATURATED, color=THEME.greys["0.3"], ls=":", lw=1)
            share.set_xlim(0, it[up][-1])
            share.set_title(f"{run[0]}: values within {MARGIN:g} of ±1")
            share.set_ylabel("% of values")
            share.set_xlabel(ax.get_xlabel())
            share.legend(
                handles,
                labels,
                title=f"dotted: {100 * TANH_SATURATED:g}%",
                loc="upper left",
                bbox_to_anchor=(1.02, 1.0),
            )
            pages.append([len(axes)])
    loss = axes[3]
    handles, labels = loss.get_legend_handles_labels()
    loss.legend(
        handles,
        [
            lbl.replace(" (Xavier)", "").replace(" init", "").replace(" (a ", "\n(")
            for lbl in labels
        ],
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
    )
    loss.set_title(f"loss on {r.n_probe} probe images")
    slide_pages(fig, [*pages, [3]])
