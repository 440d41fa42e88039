"""Adaptive learning rates and Adam's bias correction. Reads
:mod:`vizdl.sim.optimizers.adaptive`."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from vizdl.render.mpl.slides import is_slide, slide_pages
from vizdl.sim.optimizers.adaptive import AdaptiveRates
from vizdl.style import THEME, racer_style

__all__ = [
    "figure_adaptive_rates",
]

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
    ax.set_title("Per parameter:\nthe steep θ₂ gets the smaller rate", fontsize=11)
    ax.legend(fontsize=8.5)
    return artists


def plot_stream_rates(ax: Axes, r: AdaptiveRates) -> list:
    steps = np.arange(1, len(r.stream) + 1)
    artists = [ax.axvspan(r.switch + 0.5, len(r.stream), color=THEME.greys["0.92"], zorder=0)]
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
    ax.set_title("Adagrad's sum only grows;\nRMSprop and Adadelta forget", fontsize=11)
    ax.legend(fontsize=8.5, loc="lower left")
    return artists


def plot_bias_correction(ax: Axes, r: AdaptiveRates) -> list:
    t = np.arange(1, len(r.adam_g) + 1)
    b1, b2 = r.betas
    artists = [
        ax.plot(t, r.adam_g, "o", color=THEME.greys["0.6"], ms=3.5, label="gradient gₜ")[0],
        ax.axhline(r.adam_mean, color=THEME.greys["0.4"], lw=0.8, ls="--"),
        ax.plot(
            t, r.adam_m, color=THEME.palette[1], ls="--", lw=1.8, label=f"raw mₜ (β₁ = {b1:g})"
        )[0],
        ax.plot(t, r.adam_m_hat, color=THEME.palette[1], lw=2.2, label="m̂ₜ = mₜ / (1 − β₁ᵗ)")[0],
        ax.plot(
            t,
            np.sqrt(r.adam_v),
            color=THEME.palette[0],
            ls="--",
            lw=1.8,
            label=f"raw √vₜ (β₂ = {b2:g})",
        )[0],
        ax.plot(
            t,
            np.sqrt(r.adam_v_hat),
            color=THEME.palette[0],
            lw=2.2,
            label="√v̂ₜ = √(vₜ / (1 − β₂ᵗ))",
        )[0],
        ax.plot(
            t,
            r.adamax_u,
            color=racer_style("Adamax")["color"],
            ls=racer_style("Adamax")["ls"],
            lw=2.2,
            label="Adamax uₜ = max(β₂uₜ₋₁, |gₜ|)",
        )[0],
    ]
    ax.set_xlabel("step t")
    ax.set_title("Adam: the raw moments start near 0;\nAdamax's u starts at |g₁|", fontsize=11)
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
    if is_slide(fig):
        _slide_adaptive(fig, r, axes)


def _beside(ax: Axes, labels: list[str], title: str) -> None:
    handles, _ = ax.get_legend_handles_labels()
    ax.legend(handles, labels, title=title, loc="upper left", bbox_to_anchor=(1.02, 1.0))


def _slide_adaptive(fig: Figure, r: AdaptiveRates, axes) -> None:
    """The slide version: a panel a slide, each with a one-line title and a short legend beside
    (the rates and β's in its title)."""
    ax1, ax2, ax3 = axes
    names = list(r.bowl_eff_lr)
    ax1.set_title("The steep θ₂ gets the smaller rate")
    ax1.set_ylabel("effective rate")
    _beside(
        ax1,
        [f"{_RULE_LABEL[n]}, θ{'₁₂'[c]}" for n in names for c in range(2)],
        "\n".join(f"{_RULE_LABEL[n]}: η = {r.bowl_lrs[n]:g}" for n in names),
    )
    ax2.set_title("Adagrad's sum only grows")
    ax2.set_ylabel("effective rate")
    _beside(
        ax2,
        [f"{_RULE_LABEL[n]}, η = {r.stream_lrs[n]:g}" for n in r.stream_eff_lr],
        "RMSprop, Adadelta forget",
    )
    for note in ax2.texts:  # into the empty corner under the curves, after the drop
        note.set_transform(ax2.transAxes)
        note.set_position((0.98, 0.03))
        note.set_ha("right")
        note.set_va("bottom")
    b1, b2 = r.betas
    ax3.set_title("Raw moments start near 0")
    lo = min(float(np.min(r.adam_g)), 0.0)
    hi = max(float(np.max(r.adam_g)), float(np.max(r.adamax_u)))
    ax3.set_ylim(lo - 0.05 * (hi - lo), hi + 0.05 * (hi - lo))
    _beside(
        ax3,
        ["gradient gₜ", "raw mₜ", "m̂ₜ, corrected", "raw √vₜ", "√v̂ₜ, corrected", "Adamax uₜ"],
        f"β₁ = {b1:g}, β₂ = {b2:g}",
    )
    slide_pages(fig, [[0], [1], [2]])
