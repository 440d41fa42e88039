"""Matplotlib renderers for the activations / vanishing-gradient topic (:mod:`vizdl.sim.activations`)."""

from __future__ import annotations

import math

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from vizdl.render.mpl.slides import decade_labels, is_slide, slide_pages
from vizdl.sim.activations import ActivationGallery, SoftmaxSigmoid
from vizdl.sim.vanishing import (
    FLAT_SLOPE,
    Composition,
    DerivativeProducts,
    DyingReLU,
    GradientNorms,
)
from vizdl.style import THEME

__all__ = [
    "figure_activation_gallery",
    "figure_sigmoid_bound",
    "figure_derivative_products",
    "figure_gradient_norms",
    "figure_composition",
    "figure_softmax_sigmoid",
    "figure_dying_relu",
]


def _err(v: float) -> str:
    return "0" if v == 0 else f"{v:.0e}"


def _gallery_curves(ax, g: ActivationGallery, k: int) -> float:
    """Activation ``k`` (solid) and its derivative (dashed) with the axes through 0, its y range
    padded (at most ±6); the range of its values."""
    ax.axhline(0, color=THEME.greys["0.6"], lw=0.7)
    ax.axvline(0, color=THEME.greys["0.6"], lw=0.7)
    ax.plot(g.x, g.f[k], color=THEME.curves["function"], lw=2.0, label="f(x)")
    ax.plot(g.x, g.df[k], color=THEME.curves["derivative"], lw=1.8, ls="--", label="f'(x)")
    lo = min(float(g.f[k].min()), float(g.df[k].min()))
    hi = max(float(g.f[k].max()), float(g.df[k].max()))
    pad = 0.08 * (hi - lo)
    ax.set_ylim(max(lo - pad, -6), min(hi + pad, 6))
    return hi - lo


# a formula's mathtext as plain text: on a slide a mathtext script needs 20 pt to be 14 pt
_PLAIN = {
    "\\sigma": "σ",
    "\\alpha": "α",
    "\\Phi": "Φ",
    "\\tanh": "tanh",
    "\\max": "max",
    "\\min": "min",
    "\\log": "log",
    "\\cdot": "·",
    "\\,": " ",
    "^{-x}": "⁻ˣ",
    "^x": "ˣ",
    "-": "−",
    "$": "",
}


def _plain_formula(tex: str) -> str:
    """``tex`` (a mathtext formula of the gallery) in plain text, or as it is where it holds
    markup this does not know."""
    out = tex
    for a, b in _PLAIN.items():
        out = out.replace(a, b)
    return tex if any(c in out for c in "\\^_{}") else out


def _slide_activation_gallery(fig: Figure, g: ActivationGallery) -> None:
    """The slide layout: two activations a slide, each titled by its name with its formula in
    plain text below; the checks against torch in a table over the last slides."""
    from matplotlib import ticker

    n = len(g.names)
    half = math.ceil(n / 2)
    axes = np.atleast_1d(fig.subplots(1, n + 2))
    for k in range(n):
        ax = axes[k]
        span = _gallery_curves(ax, g, k)
        ax.set_title(g.labels[k])
        formula = _plain_formula(g.formulas[k])
        ax.set_xlabel(formula if "=" in formula else f"f(x) = {formula}")
        ax.xaxis.set_major_locator(ticker.MaxNLocator(4))
        _magnify_negative_side(ax, g.x, g.f[k], g.df[k], span, slide=True)
    names = [lab.split(" (")[0] for lab in g.labels]
    for ax, rows in ((axes[n], range(half)), (axes[n + 1], range(half, n))):
        ax.axis("off")
        ax.set_xticks([])  # no tick labels of the hidden axis to measure
        ax.set_yticks([])
        table = ax.table(
            cellText=[[names[k], _err(g.value_error[k]), _err(g.grad_error[k])] for k in rows],
            colLabels=["", "f vs torch", "f' vs autograd"],
            cellLoc="left",
            bbox=[0.0, 0.0, 1.0, 1.0],
        )
        table.auto_set_font_size(False)
        table.set_fontsize(14)
        ax.set_title("Largest difference from torch")
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside upper right", ncol=2)
    pairs = [list(range(k, min(k + 2, n))) for k in range(0, n, 2)]
    slide_pages(fig, [*pairs, [n], [n + 1]])


def figure_activation_gallery(fig: Figure, g: ActivationGallery) -> None:
    """Every activation (solid) with its derivative (dashed), each checked against torch."""
    if is_slide(fig):
        _slide_activation_gallery(fig, g)
        return
    n = len(g.names)
    cols = 4
    rows = math.ceil(n / cols)
    axes = np.atleast_1d(fig.subplots(rows, cols, sharex=True)).ravel()
    for k in range(n):
        ax = axes[k]
        span = _gallery_curves(ax, g, k)
        ax.set_title(g.labels[k], fontsize=10.5)
        ax.text(
            0.03,
            0.97,
            g.formulas[k],
            transform=ax.transAxes,
            fontsize=8.5,
            va="top",
            color=THEME.greys["0.25"],
        )
        ax.text(
            0.97,
            0.03,
            f"vs torch {_err(g.value_error[k])}\nvs autograd {_err(g.grad_error[k])}",
            transform=ax.transAxes,
            fontsize=7,
            ha="right",
            va="bottom",
            color=THEME.greys["0.4"],
            family="monospace",
        )
        ax.tick_params(labelsize=8)
        _magnify_negative_side(ax, g.x, g.f[k], g.df[k], span)
    for ax in axes[n:]:
        ax.set_visible(False)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside upper right", ncol=2)
    fig.suptitle(
        "The lecture's activations and their derivatives\n(values checked against "
        "torch.nn.functional, derivatives against autograd: largest difference shown)",
        fontsize=12,
    )


def _magnify_negative_side(
    ax, x: np.ndarray, f: np.ndarray, df: np.ndarray, panel_range: float, slide: bool = False
) -> None:
    """An inset with x < 0 magnified where the curve's negative side is a straight line with a
    non-zero slope spanning under 5% of the panel (Leaky ReLU's slope 0.01 draws as flat as
    ReLU's 0 otherwise), its slope printed from the data (on a slide: larger, without ticks)."""
    neg = x < 0
    if not neg.any() or np.ptp(df[neg]) != 0 or df[neg][0] == 0:
        return  # only a straight negative side with a non-zero slope (a leaky one)
    span = float(np.ptp(f[neg]))
    if not span < 0.05 * panel_range:
        return
    if slide:
        ins = ax.inset_axes([0.04, 0.42, 0.62, 0.34])
        ins.plot(x[neg], f[neg], color=THEME.curves["function"], lw=1.8)
        ins.set_xticks([])
        ins.set_yticks([])
        ins.set_title("x < 0, zoomed", pad=2, fontweight="normal")
        ins.text(
            0.95,
            0.08,
            f"f' = {df[neg][0]:g}",
            transform=ins.transAxes,
            ha="right",
            va="bottom",
            color=THEME.curves["derivative"],
        )
        return
    ins = ax.inset_axes([0.2, 0.4, 0.36, 0.34])
    ins.plot(x[neg], f[neg], color=THEME.curves["function"], lw=1.8)
    ins.axhline(0, color=THEME.greys["0.6"], lw=0.6)
    ins.tick_params(labelsize=6.5)
    ins.set_title("x < 0, magnified", fontsize=7.5, pad=2)
    ins.text(
        0.95,
        0.08,
        f"slope f' = {df[neg][0]:g}",
        transform=ins.transAxes,
        ha="right",
        va="bottom",
        fontsize=7,
        color=THEME.curves["derivative"],
    )


def figure_sigmoid_bound(fig: Figure, g: ActivationGallery) -> None:
    """σ and σ' with the bound σ' ≤ 1/4 (equality at 0); tanh = 2σ(2x) − 1 and tanh' ≤ 1."""
    ax1, ax2 = fig.subplots(1, 2)
    i, j = g.names.index("sigmoid"), g.names.index("tanh")
    ax1.plot(g.x, g.f[i], color=THEME.curves["function"], label="σ(x) = 1/(1 + e⁻ˣ)")
    ax1.plot(
        g.x, g.df[i], color=THEME.curves["derivative"], ls="--", label="σ'(x) = σ(x)(1 − σ(x))"
    )
    ax1.axhline(0.25, color=THEME.greys["0.3"], lw=1.0, ls=":")
    k = int(np.argmax(g.df[i]))
    ax1.plot([g.x[k]], [g.df[i][k]], "o", color=THEME.curves["derivative"], ms=8)
    note = ax1.annotate(
        f"max σ' = {g.df[i][k]:.4f} = 1/4 at x = {g.x[k]:g}",
        (g.x[k], g.df[i][k]),
        xytext=(20, 40),
        textcoords="offset points",
        arrowprops=dict(arrowstyle="->", color=THEME.greys["0.3"]),
        fontsize=10,
    )
    ax1.set_title("Sigmoid: the derivative factor of a layer is at most 1/4")
    ax1.legend(loc="center right")
    sig2 = 2 * np.interp(2 * g.x, g.x, g.f[i], left=0.0, right=1.0) - 1
    ax2.plot(g.x, g.f[j], color=THEME.curves["function"], label="tanh(x)")
    inside = np.abs(2 * g.x) <= g.x[-1]
    ax2.plot(
        g.x[inside],
        sig2[inside],
        color=THEME.figure_ink,
        ls=(0, (2, 3)),
        lw=2.2,
        label="2σ(2x) − 1 (same curve)",
    )
    ax2.plot(
        g.x, g.df[j], color=THEME.curves["derivative"], ls="--", label="tanh'(x) = 1 − tanh²(x) ≤ 1"
    )
    ax2.set_title("Tanh is a rescaled sigmoid, with slope up to 1")
    ax2.legend(loc="lower right")
    for ax in (ax1, ax2):
        ax.axhline(0, color=THEME.greys["0.6"], lw=0.7)
        ax.axvline(0, color=THEME.greys["0.6"], lw=0.7)
        ax.set_xlabel("x")
    if is_slide(fig):  # a panel a slide, short legends beside, the maximum's note top left
        note.remove()
        ax1.annotate(
            f"max σ' = {g.df[i][k]:.4f}\n= 1/4 at x = {g.x[k]:g}",
            (g.x[k], g.df[i][k]),
            xytext=(0.03, 0.72),
            textcoords="axes fraction",
            arrowprops=dict(arrowstyle="->", color=THEME.greys["0.3"]),
        )
        ax1.set_title("Sigmoid: σ' ≤ 1/4")
        ax1.legend(
            ax1.get_legend_handles_labels()[0],
            ["σ(x)", "σ'(x) = σ(1 − σ)"],
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
        )
        ax2.set_title("Tanh: a rescaled sigmoid")
        ax2.legend(
            ax2.get_legend_handles_labels()[0],
            ["tanh(x)", "2σ(2x) − 1\n(same curve)", "tanh'(x) ≤ 1"],
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
        )
        slide_pages(fig, [[0], [1]])


def _floor_log(v: np.ndarray, floor: float) -> np.ndarray:
    return np.where(v > 0, v, np.nan) if floor <= 0 else np.maximum(v, floor)


def figure_derivative_products(fig: Figure, d: DerivativeProducts) -> None:
    """Left: the mean product of activation derivatives over every path, vs depth (log scale),
    with the sigmoid bound 4^−L and (1/2)^L; middle: the whole back-propagated signal with the
    weights, E[δ²] relative to the last layer's; right: the mean φ'(s) in each layer."""
    ax1, ax3, ax2 = fig.subplots(1, 3, width_ratios=[1.25, 1.25, 1])
    L = d.layers
    ax1.plot(L, d.bound, color=THEME.figure_ink, lw=1.5, ls=":", label="bound 4⁻ᴸ (σ' ≤ 1/4)")
    ax1.plot(L, 0.5**L, color=THEME.greys["0.45"], ls="--", lw=1.2, label="(1/2)ᴸ")
    passes = np.arange(d.depth)
    for k, (name, init) in enumerate(zip(d.activations, d.inits, strict=True)):
        c = THEME.activations.get(name, THEME.palette[k % len(THEME.palette)])
        style = dict(color=c, marker=THEME.markers[k % len(THEME.markers)], markevery=5, ms=5)
        ax1.plot(L, d.mean[k], label=name, **style)
        if name != "relu":  # a ReLU path's product is 1 or 0: no band between
            lo, hi = d.q10[k], d.q90[k]
            ok = (lo > 0) & (hi > 0)
            ax1.fill_between(L[ok], lo[ok], hi[ok], color=c, alpha=0.15, lw=0)
        ax3.plot(passes, d.signal[k], label=f"{name} + {init}", **style)
        ax2.plot(np.arange(1, d.depth + 1), d.per_layer[k], label=name, **style)
    for ax, values in ((ax1, d.mean), (ax3, d.signal)):
        ax.set_yscale("log")
        ax.set_ylim(max(float(np.min(values)) / 30, 1e-300), 3)
    ax1.set_xlabel("depth L (layers passed back)")
    ax1.set_ylabel("mean Π φ'(sₗ) over all paths")
    ax1.set_title("Derivatives alone (band: 10–90% of paths)", fontsize=11.5)
    ax1.legend(fontsize=9, loc="lower left")
    ax3.axhline(1.0, color=THEME.greys["0.45"], lw=1.0, ls="--")
    ax3.set_xlabel("layers passed back")
    ax3.set_ylabel("E[δ²] / E[δ²] at the last layer")
    ax3.set_title("With the weights: δₗ = φ'(sₗ) ⊙ Wₗ₊₁ᵀδₗ₊₁", fontsize=11.5)
    ax3.legend(fontsize=9, loc="lower left")
    ax2.axhline(0.25, color=THEME.figure_ink, ls=":", lw=1.2)
    ax2.set_ylim(0, 1.05)
    ax2.set_xlabel("layer l")
    ax2.set_ylabel("mean φ'(sₗ) over units and inputs")
    ax2.set_title("The factor each layer contributes", fontsize=11.5)
    ax2.legend(fontsize=9)
    fig.suptitle(
        f"A real {d.width}-wide, {d.depth}-layer MLP at initialization on Fashion-MNIST: the "
        "gradient picks up φ'(sₗ) at every layer it passes, and the weights multiply it too",
        fontsize=12,
    )
    if is_slide(fig):  # a panel a slide, legends beside, short titles and labels
        ax1.set_title("Derivatives alone")
        ax1.set_xlabel("depth L")
        ax1.set_ylabel("mean Π φ'(sₗ)")
        ax1.legend(title="band: 10–90% of paths", loc="upper left", bbox_to_anchor=(1.02, 1.0))
        ax3.set_title("With the weights")
        ax3.set_ylabel("E[δ²], relative")
        ax3.set_xlabel("layers back")
        ax3.legend(
            ax3.get_legend_handles_labels()[0],
            [f"{a}, {i.split('-')[0]}" for a, i in zip(d.activations, d.inits, strict=True)],
            title="activation, init",
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
        )
        ax2.set_title("The factor of each layer")
        ax2.set_ylabel("mean φ'(sₗ)")
        ax2.legend(title="dotted: 1/4", loc="upper left", bbox_to_anchor=(1.02, 1.0))
        slide_pages(fig, [[0], [1], [2]])


def figure_gradient_norms(fig: Figure, n: GradientNorms) -> None:
    """Per-layer gradient norm ‖∂L/∂Wₗ‖ at initialization (autograd), per activation/initializer."""
    ax = fig.subplots()
    layers = np.arange(1, n.depth + 1)
    ratios = []
    for k, (a, i) in enumerate(n.pairs):
        ax.plot(
            layers,
            n.norms[k],
            color=THEME.palette[k % len(THEME.palette)],
            marker=THEME.markers[k % 8],
            ls=THEME.linestyles[k % len(THEME.linestyles)],
            ms=5,
            label=f"{a} + {i}",
        )
        ratio = n.norms[k, -1] / n.norms[k, 0]
        ratios.append(ratio)
        ax.text(
            n.depth + 0.3,
            n.norms[k, -1],
            f"×{ratio:.2g}",
            va="center",
            fontsize=8.5,
            color=THEME.palette[k % len(THEME.palette)],
        )
    ax.set_yscale("log")
    ax.set_xlabel("layer l (1 = next to the input)")
    ax.set_ylabel("‖∂L/∂Wₗ‖ (log)")
    ax.set_xlim(0.5, n.depth + 2.5)
    ax.set_xticks(layers[:: max(n.depth // 10, 1)])
    ax.legend(fontsize=9.5, loc="lower right")
    ax.set_title(
        f"Speed of learning per layer at initialization: {n.depth} hidden layers of {n.width},\n"
        f"cross-entropy on {n.n_samples} Fashion-MNIST images (×: last layer's norm / first's)",
        fontsize=11.5,
    )
    if is_slide(fig):  # each curve's ratio in its legend entry (at 14 pt the end notes collide)
        for t in list(ax.texts):
            t.remove()
        ax.set_xlim(0.5, n.depth + 0.5)
        inits = sorted({i for _, i in n.pairs})
        short = {i: i.split("-")[0][0].upper() for i in inits}
        if len(set(short.values())) < len(inits):  # letters would not tell them apart
            short = {i: i for i in inits}
        key = ", ".join(f"{short[i]}: {i.split('-')[0]}" for i in inits if short[i] != i)
        ax.legend(
            ax.get_legend_handles_labels()[0],
            [f"{a} {short[i]} ×{r:.2g}" for (a, i), r in zip(n.pairs, ratios, strict=True)],
            title="×: last layer / first" + (f"\n{key}" if key else ""),
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
        )
        decade_labels(ax.yaxis)
        ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(nbins=5, integer=True))
        for line in ax.lines:  # the small panel: markers that leave the lines readable
            line.set_markersize(3.5)
        ax.set_xlabel("layer (1: input)")
        ax.set_ylabel("‖∂L/∂Wₗ‖")
        ax.set_title(f"{n.depth} layers of {n.width}, {n.n_samples} images")


def figure_composition(fig: Figure, c: Composition) -> None:
    """The linear-tanh transition composed t = 0…T times, a 1-D cross-section (Goodfellow et
    al., figure 10.15)."""
    ax = fig.subplots()
    cmap = matplotlib.colormaps[THEME.sequential]
    for t in range(c.steps + 1):
        ax.plot(
            c.x,
            c.y[t],
            color=cmap(t / max(c.steps, 1) * 0.9),
            lw=2.0,
            label=f"t = {t}: {c.turns[t]} turns, {c.small_slope[t] * 100:.0f}% with slope < {FLAT_SLOPE:g}",
        )
    ax.set_xlabel("coordinate of the initial state along a random direction u")
    ax.set_ylabel("linear projection of the state\n(t = 0: the diagonal y = x)")
    ax.legend(fontsize=9.5, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_title(
        f"h ← tanh(W h), {c.dim} dimensions, W ~ N(0, {c.scale:g}²/{c.dim}):\ncomposing more "
        "makes the function turn more and more, with a steep cliff near x = 0",
        fontsize=11.5,
    )
    if is_slide(fig):  # short legend beside (what each entry counts in its title), short labels
        ax.legend(
            ax.get_legend_handles_labels()[0],
            [f"t = {t}: {c.turns[t]}, {c.small_slope[t] * 100:.0f}%" for t in range(c.steps + 1)],
            title=f"W ~ N(0, {c.scale:g}²/{c.dim})\nturns, % with\nslope < {FLAT_SLOPE:g}",
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
        )
        ax.set_xlabel("along random direction u")
        ax.set_ylabel("projection of h (t = 0: y = x)")
        ax.set_title("h ← tanh(W h), t times")


def figure_softmax_sigmoid(fig: Figure, s: SoftmaxSigmoid) -> None:
    """σ(s) and softmax([s, 0])₀ on top of each other, and softmax([s₁, s₂])₀ against
    σ(s₁ − s₂) for random score pairs: the same numbers up to rounding."""
    ax1, ax2 = fig.subplots(1, 2)
    ax1.plot(s.s, s.sigmoid, color=THEME.curves["function"], lw=3, label="one output: σ(s)")
    ax1.plot(
        s.s,
        s.softmax,
        color=THEME.curves["derivative"],
        ls="--",
        lw=2,
        label="two outputs: softmax([s, 0])₀",
    )
    ax1.set_xlabel("score s")
    ax1.set_ylabel("P(class 0)")
    ax1.legend(loc="upper left")
    ax1.set_title(f"The same curve: largest difference {s.max_diff_curve:.1e}")
    (diagonal,) = ax2.plot([0, 1], [0, 1], color=THEME.greys["0.6"], lw=1)
    dots = ax2.scatter(s.pair_sigmoid, s.pair_softmax, s=14, color=THEME.palette[2])
    ax2.set_xlabel("σ(s₁ − s₂)")
    ax2.set_ylabel("softmax([s₁, s₂])₀")
    ax2.set_title(f"{len(s.pairs)} random score pairs: largest difference {s.max_diff_pairs:.1e}")
    ax2.set_aspect("equal")
    fig.suptitle(
        "Binary classification: a sigmoid output and a 2-way softmax are the same model "
        "(softmax only sees the difference of the scores)",
        fontsize=12,
    )
    if is_slide(fig):  # a panel a slide, legends beside, the largest difference in their titles
        ax1.legend(
            ax1.get_legend_handles_labels()[0],
            ["one output:\nσ(s)", "two outputs:\nsoftmax([s, 0])₀"],
            title=f"largest difference\n{s.max_diff_curve:.1e}",
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
        )
        ax1.set_title("The same curve")
        ax2.set_aspect("auto")  # both axes run 0 to 1: the diagonal stays the diagonal
        ax2.legend(
            [dots, diagonal],
            [f"{len(s.pairs)} random\nscore pairs", "y = x"],
            title=f"largest difference\n{s.max_diff_pairs:.1e}",
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
        )
        ax2.set_title("Random score pairs")
        ax2.set_ylabel("softmax([s₁,s₂])₀")  # one line: at 14 pt the panel is that tall
        slide_pages(fig, [[0], [1]])


def figure_dying_relu(fig: Figure, r: DyingReLU) -> None:
    """Share of hidden units off for every training input, per layer, over training; accuracy."""
    axes = fig.subplots(1, 3)
    for k, lbl in enumerate(r.labels):
        st = dict(
            color=THEME.palette[k],
            marker=THEME.markers[k],
            markevery=5,
            ms=5,
            ls=THEME.linestyles[k],
        )
        for layer in range(2):
            axes[layer].plot(r.steps, r.off[k, layer] * 100, label=lbl, **st)
        axes[2].plot(r.steps, r.accuracy[k] * 100, label=lbl, **st)
    for layer in range(2):
        axes[layer].set_title(f"hidden layer {layer + 1}: units off for every input")
        axes[layer].set_ylabel("% of units")
        axes[layer].set_ylim(0, 100)
    axes[2].set_title("accuracy on the training images")
    axes[2].set_ylabel("%")
    for ax in axes:
        ax.set_xlabel("SGD step")
    axes[0].legend(fontsize=9)
    fig.suptitle(
        f"Dying ReLU: 784-{r.hidden}-{r.hidden}-10, SGD lr {r.lr:g} momentum {r.momentum:g}. "
        "A ReLU unit whose "
        "pre-activation is negative for every input\ngets zero gradient through it (first "
        "layer: it stays off; second layer: the layer below can turn it back on); a Leaky ReLU "
        "unit that is off still passes 1%",
        fontsize=11.5,
    )
    if is_slide(fig):  # a panel a slide, each with the legend beside, short titles
        handles = axes[0].get_legend_handles_labels()[0]
        labels = [lbl.replace("biases start at", "bias") for lbl in r.labels]
        for layer in range(2):
            axes[layer].set_title(f"Layer {layer + 1}: units off for every input")
        axes[2].set_title("Training accuracy")
        for ax in axes:
            ax.legend(
                handles,
                labels,
                title=f"SGD lr {r.lr:g},\nmomentum {r.momentum:g}",
                loc="upper left",
                bbox_to_anchor=(1.02, 1.0),
            )
        slide_pages(fig, [[0], [1], [2]])
