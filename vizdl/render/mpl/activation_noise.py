"""Input noise through ReLU, Leaky ReLU and ELU for x < 0. Reads
:mod:`vizdl.sim.activation_noise`."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from vizdl.checks.activation_noise import elu_and_leaky_cross_once
from vizdl.render.mpl.slides import decade_labels, is_slide, slide_pages
from vizdl.sim.activation_noise import ActivationNoise
from vizdl.style import THEME

__all__ = ["figure_activation_noise"]


def _style(r: ActivationNoise, k: int) -> dict:
    name = r.names[k]
    return {
        "color": THEME.activations.get(name, THEME.palette[k]),
        "ls": THEME.linestyles[k],
        "marker": THEME.markers[k],
    }


def figure_activation_noise(fig: Figure, r: ActivationNoise) -> None:
    """The three activations with ELU's asymptote −α (left); the output's standard deviation
    under the same input noise at each centre x₀, in units of the noise's, on a log scale
    (right), with the centre where ELU and Leaky ReLU cross."""
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.0, 1.35]})
    left.axvspan(r.x[0], 0, color=THEME.off, zorder=0)
    left.axhline(0, color=THEME.greys["0.6"], lw=0.7)
    left.axhline(-r.alpha, color=THEME.greys["0.45"], lw=0.9, ls=":")
    left.text(
        r.x[-1] - 0.1,
        -r.alpha + 0.06,
        f"−α = {-r.alpha:g}",
        ha="right",
        fontsize=9,
        color=THEME.greys["0.3"],
    )
    for k, label in enumerate(r.labels):
        st = _style(r, k)
        left.plot(r.x, r.curves[k], color=st["color"], ls=st["ls"], lw=2.0, label=label)
    # the noise at two centres and the range of ELU's outputs it gives (x₀ ± σ → ELU(x₀ ± σ))
    k = r.names.index("elu")
    elu = _style(r, k)
    spans = []  # (band, centre, ELU's outputs at its ends): the slide names them in its legend
    for c in (-1.0, 0.75 * float(r.centres[0])):
        lo, hi = c - r.sigma, c + r.sigma
        if lo < r.x[0] or hi > 0:
            continue
        band = left.axvspan(lo, hi, color=elu["color"], alpha=0.15, lw=0)
        y = np.interp([lo, hi], r.x, r.curves[k])
        spans.append((band, c, y))
        left.plot([c, c], y, color=elu["color"], lw=3.0, solid_capstyle="butt")
        left.text(
            c,
            -1.25,
            f"x₀ ± σ = {c:g} ± {r.sigma:g}\nELU out: {y[0]:.3f} … {y[1]:.3f}",
            ha="center",
            fontsize=8,
            color=THEME.greys["0.25"],
        )
    left.set_xlim(r.x[0], r.x[-1])
    left.set_ylim(-1.4, 2.0)
    left.set_xlabel("x")
    left.set_ylabel("f(x)")
    left.set_title("The activations (shaded: x < 0)")
    left.legend(loc="upper left", fontsize=9)

    x0 = np.asarray(r.centres)
    quiet = r.out_std[r.names.index("relu")] == 0.0
    edge = cross = None
    for k, label in enumerate(r.labels):
        st = _style(r, k)
        s = r.out_std[k] / r.noise_std
        shown = s > 0  # ReLU's exact zeros have no place on a log axis: said in the text instead
        right.semilogy(
            x0[shown],
            s[shown],
            color=st["color"],
            ls=st["ls"],
            marker=st["marker"],
            markevery=max(1, len(x0) // 16),
            ms=5,
            lw=1.8,
            label=label,
        )
    if quiet.any():
        edge = float(x0[quiet].max())
        right.axvspan(x0[0], edge, color=THEME.off, zorder=0)
        right.text(
            (x0[0] + edge) / 2,
            0.03,
            f"ReLU's output: exactly 0\n(every noisy input < 0, x₀ ≤ {edge:.2f})",
            transform=right.get_xaxis_transform(),
            ha="center",
            fontsize=8.5,
            color=THEME.greys["0.3"],
        )
    v = elu_and_leaky_cross_once(r)
    if v.holds:
        c = v.measured["cross"]
        cross = (right.axvline(c, color=THEME.greys["0.45"], ls="--", lw=1.0), c)
        right.text(
            c + 0.08,
            0.93,
            f"x₀ = {c:.2f}: to the left ELU\npasses less noise than Leaky ReLU",
            transform=right.get_xaxis_transform(),
            fontsize=8.5,
            va="top",
            color=THEME.greys["0.25"],
        )
    right.set_xlim(x0[0], x0[-1])
    right.set_xlabel("centre x₀ of the input  x = x₀ + noise")
    right.set_ylabel("std of f(x) / std of the noise")
    right.set_title(
        f"Output spread under the same input noise N(0, {r.sigma:g}²), {r.n_noise:,} samples",
        fontsize=10.5,
    )
    right.legend(loc="lower right", fontsize=9)
    if is_slide(fig):
        _slide(fig, r, left, right, spans, edge, cross)


def _slide(fig: Figure, r: ActivationNoise, left, right, spans, edge, cross) -> None:
    """A panel a slide: the notes under the curves and beside the crossing go into the legends
    beside the panels (at 14 pt they would cover the curves and each other)."""
    for t in list(left.texts):
        if t.get_text().startswith("−α"):  # at the left end, clear of ELU's knee and bar
            t.set_x(r.x[0] + 0.2)
            t.set_ha("left")
        else:
            t.remove()
    for t in list(right.texts):
        t.remove()
    left.set_ylim(-1.15, 2.0)
    handles = left.get_legend_handles_labels()[0]
    labels = [lbl.replace(" (", "\n(") if len(lbl) > 12 else lbl for lbl in r.labels]
    for band, c, y in spans:
        handles.append(band)
        labels.append(f"x₀ = {c:g} ± {r.sigma:g}:\nELU {y[0]:.3f} … {y[1]:.3f}")
    left.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    left.set_title("The activations")
    handles = right.get_legend_handles_labels()[0]
    labels = [lbl.replace(" (", "\n(") if len(lbl) > 12 else lbl for lbl in r.labels]
    if edge is not None:
        i = r.names.index("relu")
        labels[i] = f"{labels[i]}: exactly 0\nfor x₀ ≤ {edge:.2f}"
    if cross is not None:
        handles.append(cross[0])
        labels.append(f"x₀ = {cross[1]:.2f}: left of it\nELU passes less\nthan Leaky ReLU")
    right.legend(handles, labels, loc="upper left", bbox_to_anchor=(1.02, 1.0))
    right.set_title(f"x = x₀ + N(0, {r.sigma:g}²)")
    decade_labels(right.yaxis)
    right.set_ylabel("std f(x) / std noise")
    right.set_xlabel("centre x₀")
    slide_pages(fig, [[0], [1]])
