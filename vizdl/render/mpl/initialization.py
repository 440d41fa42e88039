"""Matplotlib renderers for the initialization topic. They read :mod:`vizdl.sim.initialization`."""

from __future__ import annotations

import math

import numpy as np
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.colors import FuncNorm
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from vizdl.render.mpl.slides import MIN_PT, is_slide, keep_lines, slide_pages
from vizdl.sim.initialization import (
    Distributions,
    GainUse,
    HeStep,
    LayerHistograms,
    LinearChain,
    SignalPropagation,
    Symmetry,
    TaperingStack,
)
from vizdl.style import THEME, init_style

__all__ = [
    "plot_log_clipped",
    "plot_variance_panel",
    "figure_forward_variance",
    "figure_backward_variance",
    "figure_variance_heatmap",
    "figure_tapering",
    "figure_layer_histograms",
    "figure_symmetry",
    "figure_linear_chain",
    "figure_distributions",
]

ACT_TITLES = {"linear": "Linear", "tanh": "Tanh", "sigmoid": "Sigmoid", "relu": "ReLU"}
LOG_RANGE = 1e15  # variance axes span [1/LOG_RANGE, LOG_RANGE]; beyond, curves stop at the edge


HEAT_DECADES = 12.0  # the heatmaps' colour scale spans log₁₀ ratios −12 … 12 (clipped beyond)
_HEAT_KNEE = 0.3  # log₁₀ 2: the scale is pale within a factor 2 of 1 and tinted beyond


def heat_position(z: np.ndarray | float) -> np.ndarray:
    """Where a log₁₀ ratio ``z`` sits on the heatmaps' diverging colour map, 0 … 1 (0.5: ratio 1).

    Logarithmic in |z|: a factor 2 (z = 0.3) moves 19% of the way from white to full colour, a
    factor 10 (z = 1) 39%, 10⁶ 82%. On a scale linear in z over ±12 decades a factor 10 looked
    white, the same as a preserved signal."""
    z = np.clip(np.asarray(z, dtype=float), -HEAT_DECADES, HEAT_DECADES)
    g = np.log10(1.0 + np.abs(z) / _HEAT_KNEE) / math.log10(1.0 + HEAT_DECADES / _HEAT_KNEE)
    return 0.5 + 0.5 * np.sign(z) * g


def _heat_inverse(p: np.ndarray) -> np.ndarray:
    u = 2.0 * (np.asarray(p, dtype=float) - 0.5)
    a = _HEAT_KNEE * ((1.0 + HEAT_DECADES / _HEAT_KNEE) ** np.abs(u) - 1.0)
    return np.sign(u) * a


def _fmt_pow(v: float) -> str:
    if not np.isfinite(v) or v <= 0:
        return "0" if v == 0 else "∞"
    # the nearest power of ten: rounding down once showed 1.03e-3 as 10⁻³ beside a theory of
    # 9.77e-4 as 10⁻⁴, a disagreement that is not there
    e = round(math.log10(v))
    return f"10$^{{{e}}}$" if abs(e) >= 3 else f"{v:.2g}"


def plot_log_clipped(
    ax: Axes,
    x: np.ndarray,
    y: np.ndarray,
    lo: float,
    hi: float,
    note: bool = True,
    notes: list | None = None,
    **kw: object,
) -> list:
    """Plot ``y`` on a log axis limited to ``[lo, hi]``.

    A curve that leaves the range is drawn up to the edge and ends in a triangle pointing the way it
    went, labelled with its final value, so explosion and vanishing stay visible (never dropped).
    With ``notes`` (a list) the label is not drawn but appended as ``(x, edge, text, color)``, for
    :func:`place_edge_notes` to set several apart.
    """
    y = np.asarray(y, dtype=float)
    out = ~((y >= lo) & (y <= hi))
    k = int(np.argmax(out)) if out.any() else len(y)
    artists = ax.plot(x[:k], y[:k], **kw)
    if k < len(y):
        edge = hi if (not np.isfinite(y[k]) or y[k] > hi) else lo
        color = kw.get("color")
        # the last visible segment continues to the edge of the axis
        if k > 0:
            x_edge = x[k - 1] + (x[k] - x[k - 1]) * (
                (math.log(edge) - math.log(y[k - 1])) / (math.log(y[k]) - math.log(y[k - 1]))
                if np.isfinite(y[k]) and y[k] > 0
                else 1.0
            )
            artists += ax.plot(
                [x[k - 1], x_edge],
                [y[k - 1], edge],
                color=color,
                lw=kw.get("lw"),
                ls=kw.get("ls", "-"),
            )
        else:
            x_edge = x[0]
        artists.append(
            ax.scatter(
                [x_edge],
                [edge],
                marker="^" if edge == hi else "v",
                color=color,
                s=45,
                zorder=5,
                clip_on=False,
            )
        )
        if note and notes is not None:
            final = y[np.isfinite(y)][-1] if np.isfinite(y).any() else np.inf
            notes.append((float(x_edge), edge, f"→ {_fmt_pow(final)}", color))
        elif note:
            final = y[np.isfinite(y)][-1] if np.isfinite(y).any() else np.inf
            artists.append(
                ax.annotate(
                    f"→ {_fmt_pow(final)}",
                    (x_edge, edge),
                    xytext=(4, -12 if edge == hi else 6),
                    textcoords="offset points",
                    fontsize=8.5,
                    color=color,
                )
            )
    return artists


def place_edge_notes(ax: Axes, notes: list, hi: float) -> None:
    """Label the curves that left a log axis (:func:`plot_log_clipped`'s ``notes``) without
    overlaps: at each edge, labels closer than a label's width are stacked inwards."""
    x0, x1 = ax.get_xlim()
    near = 0.16 * abs(x1 - x0)  # about a label's width on a panel
    for edge in {n[1] for n in notes}:
        row = sorted((n for n in notes if n[1] == edge), key=lambda n: n[0])
        placed: list[tuple[float, int]] = []
        for x, _, text, color in row:
            level = 0
            while any(abs(x - px) < near and lv == level for px, lv in placed):
                level += 1
            placed.append((x, level))
            dy = -(12 + 11 * level) if edge == hi else 6 + 11 * level
            ax.annotate(
                text, (x, edge), xytext=(4, dy), textcoords="offset points", fontsize=8.5,
                color=color,
            )  # fmt: skip


def plot_variance_panel(
    ax: Axes,
    r: SignalPropagation,
    j: int,
    direction: str,
    legend: bool = False,
    ends: dict | None = None,
) -> None:
    """One activation's per-layer variances: measured mean (markers), spread over the networks
    (band), theory (dashed), for every initializer. A curve that leaves the range is labelled
    at the edge with where it ends up, or, given ``ends``, not labelled: ``ends[i]`` is then
    that value's text for initializer ``i``."""
    lo, hi = 1.0 / LOG_RANGE, LOG_RANGE
    if direction == "forward":
        layers = np.arange(r.depth + 1)
        meas, nets, theory = r.forward, r.forward_nets, r.theory_forward
    else:
        layers = np.arange(1, r.depth + 1)
        meas, nets, theory = r.backward, r.backward_nets, r.theory_backward
    # Draw each curve from where the signal enters (layer 0 forward, the last layer backward), so
    # a curve that leaves the range is cut where it leaves and labelled with where it ends up.
    order = slice(None) if direction == "forward" else slice(None, None, -1)
    notes: list = []
    for i, init in enumerate(r.initializers):
        st = init_style(init)
        band_lo, band_hi = nets[i, j].min(axis=0), nets[i, j].max(axis=0)
        ok = (band_lo > lo) & (band_hi < hi)
        if ok.any():
            ax.fill_between(
                layers[ok], band_lo[ok], band_hi[ok], color=st["color"], alpha=0.15, lw=0
            )
        x, th, m = layers[order], theory[i, j][order], meas[i, j][order]
        before = len(notes)
        plot_log_clipped(ax, x, th, lo, hi, note=False, color=st["color"], ls="--", lw=1.3)
        plot_log_clipped(
            ax,
            x,
            m,
            lo,
            hi,
            color=st["color"],
            marker=st["marker"],
            ms=3.5,
            lw=1.6,
            markevery=5,
            label=r.labels[i],
            notes=notes,
        )
        if ends is not None and len(notes) > before:
            ends[i] = notes.pop()[2]
    ax.set_yscale("log")
    ax.set_ylim(lo, hi)
    ax.axhline(1.0, color=THEME.greys["0.3"], lw=0.8, zorder=0)
    ax.set_title(ACT_TITLES.get(r.activations[j], r.activations[j]))
    # backward, the direction goes in the axis label: an arrow inside the panel sat on the labels
    # of the curves that vanish
    ax.set_xlabel("layer l" if direction == "forward" else "layer l   (← backprop)")
    ax.set_xlim(layers[0], layers[-1])
    place_edge_notes(ax, notes, hi)


def _variance_figure(fig: Figure, r: SignalPropagation, direction: str) -> None:
    if is_slide(fig):
        _slide_variance(fig, r, direction)
        return
    axes = fig.subplots(1, len(r.activations), sharey=True)
    axes = np.atleast_1d(axes)
    for j, ax in enumerate(axes):
        plot_variance_panel(ax, r, j, direction)
    what = "Var(aₗ), activations" if direction == "forward" else "Var(∂L/∂sₗ), gradients"
    axes[0].set_ylabel(what)
    handles, labels = axes[0].get_legend_handles_labels()
    from matplotlib.lines import Line2D

    handles += [Line2D([], [], color=THEME.greys["0.3"], ls="--", lw=1.3)]
    labels += ["theory (same colour, dashed)"]
    fig.legend(handles, labels, loc="outside lower center", ncol=min(len(labels), 4))
    src = "standardized Fashion-MNIST rows" if r.inputs == "fashion-mnist" else "Gaussian inputs"
    fig.suptitle(
        f"{'Forward' if direction == 'forward' else 'Backward'}: per-layer variance at "
        f"initialization ({r.input_dim} → {r.width} × {r.depth} layers, {src}; mean of "
        f"{r.forward_nets.shape[2]} networks, band = min–max)",
        fontsize=12.5,
    )


def _slide_variance(fig: Figure, r: SignalPropagation, direction: str) -> None:
    """The slide version: an activation a slide, its name and the initializers in a legend
    beside the panel; where a curve leaves the range goes into its legend entry (at 14 pt the
    notes at the panel's edge would pile up)."""
    from matplotlib.lines import Line2D

    axes = np.atleast_1d(fig.subplots(1, len(r.activations)))
    for j, ax in enumerate(axes):
        ends: dict = {}
        plot_variance_panel(ax, r, j, direction, ends=ends)
        handles, _ = ax.get_legend_handles_labels()
        labels = []
        for i, lab in enumerate(r.labels):
            lab = lab.replace(" random", "").replace(" (nn.Linear)", "").replace(" normal", "")
            if i in ends:  # "→ 10$^{-51}$" as "→ 1e−51": every glyph 14 pt, none a script
                end = ends[i].replace("10$^{", "1e").replace("}$", "").replace("-", "−")
                lab = f"{lab} {end}"
            labels.append(lab)
        handles.append(Line2D([], [], color=THEME.greys["0.3"], ls="--", lw=1.3))
        labels.append("dashed: theory")
        ax.legend(
            handles,
            labels,
            title=ax.get_title() + ("" if direction == "forward" else ", ← backprop"),
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
        )
        ax.set_title("")
        ax.set_ylabel("Var(aₗ)" if direction == "forward" else "Var(∂L/∂sₗ)")
        ax.set_xlabel("layer l")
        ax.yaxis.set_major_locator(ticker.LogLocator(numticks=3))
    slide_pages(fig, [[j] for j in range(len(axes))])


def figure_forward_variance(fig: Figure, r: SignalPropagation) -> None:
    """Var(a_l) per layer for each initializer, one panel per activation, with the theory."""
    _variance_figure(fig, r, "forward")


def figure_backward_variance(fig: Figure, r: SignalPropagation) -> None:
    """Var(∂L/∂s_l) per layer for each initializer, one panel per activation, with the theory."""
    _variance_figure(fig, r, "backward")


def figure_variance_heatmap(fig: Figure, r: SignalPropagation) -> None:
    """log₁₀ of the last layer's variance relative to the first, initializer × activation,
    forward and backward, each cell annotated with the measured and predicted values."""
    from matplotlib.patches import Rectangle

    from vizdl.checks.initialization import saturated_cells

    sat = saturated_cells(r)
    frac = np.asarray(r.saturated)[..., -1]
    axes = fig.subplots(1, 2)
    for ax, direction in zip(axes, ("forward", "backward"), strict=True):
        if direction == "forward":
            meas, theory = r.forward[..., -1] / r.forward[..., :1][..., 0], None
            theory = r.theory_forward[..., -1] / r.theory_forward[..., 0]
            title = f"Forward: Var(a$_{{{r.depth}}}$) / Var(x)"
        else:
            meas = r.backward[..., 0] / r.backward[..., -1]
            theory = r.theory_backward[..., 0] / r.theory_backward[..., -1]
            title = f"Backward: Var(δ$_1$) / Var(δ$_{{{r.depth}}}$)"
        with np.errstate(divide="ignore"):
            z = np.log10(meas)
        zc = np.clip(z, -HEAT_DECADES, HEAT_DECADES)
        norm = FuncNorm((heat_position, _heat_inverse), vmin=-HEAT_DECADES, vmax=HEAT_DECADES)
        im = ax.imshow(zc, cmap=THEME.diverging, norm=norm, aspect="auto")
        # saturated pairs (more than half the last layer's units pinned at a bound): hatched, so
        # that a ratio near 1 there does not read as "preserved"
        for i, j in zip(*np.nonzero(sat), strict=True):
            ax.add_patch(
                Rectangle(
                    (j - 0.5, i - 0.5),
                    1,
                    1,
                    fill=False,
                    hatch="///",
                    edgecolor=THEME.greys["0.45"],
                    lw=0,
                    zorder=2,
                )
            )
            ax.text(
                j,
                i + 0.4,
                f"saturated {frac[i, j]:.0%}",
                ha="center",
                va="bottom",
                fontsize=7,
                color=THEME.greys["0.15"],
                zorder=4,
                bbox=dict(facecolor=THEME.background, alpha=0.8, lw=0, pad=0.5),
            )
        ax.set_xticks(range(len(r.activations)), [ACT_TITLES.get(a, a) for a in r.activations])
        ax.set_yticks(range(len(r.initializers)), r.labels if ax is axes[0] else [])
        ax.grid(False)
        ax.set_title(title)
        for i in range(z.shape[0]):
            for j in range(z.shape[1]):
                dark = abs(heat_position(zc[i, j]) - 0.5) > 0.33
                ax.text(
                    j,
                    i - 0.18 if sat[i, j] else i - 0.12,
                    _fmt_pow(meas[i, j]),
                    ha="center",
                    va="center",
                    fontsize=10.5,
                    color=THEME.on_dark if dark else "black",
                    fontweight="bold",
                )
                ax.text(
                    j,
                    i + 0.08 if sat[i, j] else i + 0.22,
                    f"theory {_fmt_pow(theory[i, j])}",
                    ha="center",
                    va="center",
                    fontsize=7.5,
                    color=THEME.on_dark if dark else "0.25",
                )
    cb = fig.colorbar(
        im, ax=axes, shrink=0.8, label="log₁₀ ratio (clipped at ±12; white: within a factor 2)"
    )
    cb.set_ticks([-12, -6, -3, -1, 0, 1, 3, 6, 12])
    if sat.any():
        fig.supxlabel(
            "hatched: saturated (more than half the last layer's units within 0.01 of a bound) — "
            "a ratio near 1 there is pinned units, not a preserved signal",
            fontsize=9.5,
            color=THEME.greys["0.25"],
        )


_RULE_STYLE = {
    "fan-in": dict(color=THEME.palette[0], marker="o"),
    "xavier": dict(color=THEME.palette[1], marker="s"),
    "fan-out": dict(color=THEME.palette[2], marker="^"),
}


def figure_tapering(fig: Figure, r: TaperingStack) -> None:
    """Forward Var(a_l) and backward Var(∂L/∂a_l) of a linear stack of changing widths under the
    forward rule 1/n_in, Xavier and the backward rule 1/n_out: measured (solid, band min–max over
    the networks) beside the theory (dashed)."""
    axes = fig.subplots(1, 2, sharey=True)
    layers = np.arange(len(r.sizes))
    for k, rule in enumerate(r.rules):
        st = _RULE_STYLE.get(rule, dict(color=THEME.palette[k % len(THEME.palette)], marker="o"))
        for ax, meas, nets, th in (
            (axes[0], r.forward[k], r.forward_nets[k], r.theory_forward[k]),
            (axes[1], r.backward[k], r.backward_nets[k], r.theory_backward[k]),
        ):
            ax.fill_between(
                layers, nets.min(axis=0), nets.max(axis=0), color=st["color"], alpha=0.15, lw=0
            )
            ax.plot(layers, th, color=st["color"], ls="--", lw=1.3)
            ax.plot(
                layers,
                meas,
                color=st["color"],
                marker=st["marker"],
                ms=6,
                lw=2,
                label=r.labels[k] if ax is axes[0] else None,
            )
        ax = axes[0]
        ax.annotate(
            f"× {r.forward[k, -1] / r.forward[k, 0]:.3g}",
            (layers[-1], r.forward[k, -1]),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
            color=st["color"],
        )
        axes[1].annotate(
            f"× {r.backward[k, 0] / r.backward[k, -1]:.3g}",
            (layers[0], r.backward[k, 0]),
            xytext=(-6, 0),
            textcoords="offset points",
            va="center",
            ha="right",
            fontsize=9,
            color=st["color"],
        )
    ticks = [f"{'x' if k == 0 else f'a{k}'}\n{n}" for k, n in enumerate(r.sizes)]
    for ax, title in zip(
        axes,
        (
            "Forward: Var(aₗ), the input's variance carried to the output",
            "Backward: Var(∂L/∂aₗ), a N(0, 1) gradient arriving at the output",
        ),
        strict=True,
    ):
        ax.set_yscale("log")
        ax.set_xticks(layers, ticks)
        ax.set_xlim(-0.6, layers[-1] + 0.6)
        ax.axhline(1.0, color=THEME.greys["0.3"], lw=0.8, zorder=0)
        ax.set_title(title, fontsize=11.5)
        ax.set_xlabel("layer (and its width)")
    axes[1].annotate(
        "",
        xy=(0.55, 0.93),
        xytext=(0.83, 0.93),
        xycoords="axes fraction",
        arrowprops=dict(arrowstyle="->", color=THEME.greys["0.4"]),
    )
    axes[1].text(
        0.84,
        0.93,
        "backprop",
        transform=axes[1].transAxes,
        va="center",
        fontsize=9,
        color=THEME.greys["0.4"],
    )
    axes[0].set_ylabel("variance (log)")
    from matplotlib.lines import Line2D

    handles, labels = axes[0].get_legend_handles_labels()
    handles += [Line2D([], [], color=THEME.greys["0.3"], ls="--", lw=1.3)]
    labels += ["theory Π n·Var(W) (same colour, dashed)"]
    fig.legend(handles, labels, loc="outside lower center", ncol=4, fontsize=9.5)
    fig.suptitle(
        f"A linear stack {' → '.join(str(n) for n in r.sizes)}: no single Var(W) keeps both "
        f"directions (mean of {r.forward_nets.shape[1]} networks, band = min–max)",
        fontsize=12.5,
    )
    if is_slide(fig):  # a direction a slide; each rule's factor in its legend entry beside
        for leg in list(fig.legends):
            leg.remove()
        for ax in axes:
            for t in list(ax.texts):
                t.remove()
        short = {"fan-in": "1/n_in", "xavier": "Xavier", "fan-out": "1/n_out"}
        for ax, ratios, title in (
            (axes[0], r.forward[:, -1] / r.forward[:, 0], "Forward: Var(aₗ)"),
            (axes[1], r.backward[:, 0] / r.backward[:, -1], "Backward: Var(∂L/∂aₗ)"),
        ):
            lines = [ln for ln in axes[0].get_lines() if ln.get_label() in r.labels]
            ax.legend(
                [*lines, Line2D([], [], color=THEME.greys["0.3"], ls="--", lw=1.3)],
                [
                    *(
                        f"{short.get(rule, lab)}: × {q:.3g}"
                        for rule, lab, q in zip(r.rules, r.labels, ratios, strict=True)
                    ),
                    "dashed: theory",
                ],
                title="Var(W), overall",
                loc="upper left",
                bbox_to_anchor=(1.02, 1.0),
            )
            ax.set_title(title)
            ax.set_xlabel("layer, width")
            ax.set_ylabel("variance")
            ax.yaxis.set_tick_params(labelleft=True)
        axes[1].set_xlabel("layer (← backprop)")
        slide_pages(fig, [[0], [1]])


def figure_layer_histograms(fig: Figure, h: LayerHistograms) -> None:
    """Activation values per layer (Glorot & Bengio's figure), one panel per initializer."""
    import matplotlib

    axes = np.atleast_1d(fig.subplots(1, len(h.initializers), sharey=True))
    cmap = matplotlib.colormaps[THEME.sequential]
    centers = 0.5 * (h.edges[:-1] + h.edges[1:])
    n = len(h.layers)
    for i, ax in enumerate(axes):
        for k, layer in enumerate(h.layers):
            c = cmap(k / max(n - 1, 1) * 0.9)
            ax.plot(
                centers,
                h.counts[i, k] * 100,
                color=c,
                lw=1.8,
                label=f"layer {layer} (Var {h.var[i, k]:.2g})",
            )
        ax.set_yscale("log")
        ax.set_ylim(1e-3, 100)
        ax.set_title(h.labels[i], fontsize=12)
        ax.set_xlabel(f"{h.activation} activation value")
        ax.legend(loc="upper center", fontsize=8.5)
        sat = h.saturated[i, -1] * 100
        growth = h.grad_var[i, 0] / h.grad_var[i, -1]
        ax.text(
            0.02,
            0.02,
            f"saturated (within 0.01 of a bound) in layer {h.layers[-1]}: {sat:.1f}%\n"
            f"gradient Var(δ$_1$)/Var(δ$_{{{h.layers[-1]}}}$) = {growth:.2g}",
            transform=ax.transAxes,
            fontsize=9,
            color=THEME.greys["0.25"],
            bbox=dict(facecolor=THEME.background, alpha=0.85, lw=0, pad=1.5),
        )
    axes[0].set_ylabel("% of activation values (log)")
    fig.suptitle(
        f"Activation values per layer, {h.activation}, {h.width} units per layer: saturation, "
        "collapse, or a spread that survives",
        fontsize=12.5,
    )
    if is_slide(fig):  # an initializer a slide: the layers' variances beside, the notes on top
        sub = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
        last = str(h.layers[-1]).translate(sub)
        for i, ax in enumerate(axes):
            handles, _ = ax.get_legend_handles_labels()
            ax.legend(
                handles,
                [f"{layer}: {h.var[i, k]:.2g}" for k, layer in enumerate(h.layers)],
                title="layer: Var",
                loc="upper left",
                bbox_to_anchor=(1.02, 1.0),
            )
            note = ax.texts[0]
            note.set_text(
                f"layer {h.layers[-1]}: {h.saturated[i, -1] * 100:.1f}% saturated\n"
                f"Var(δ₁)/Var(δ{last}) = {h.grad_var[i, 0] / h.grad_var[i, -1]:.2g}"
            )
            note.set_position((0.03, 0.97))
            note.set_va("top")
            keep_lines(note)
            ax.set_ylim(1e-3, 1e5)
            ax.set_ylabel("% of values")
            ax.yaxis.set_tick_params(labelleft=True)
            ax.yaxis.set_major_locator(ticker.FixedLocator([1e-3, 1e-1, 1e1]))
        slide_pages(fig, [[i] for i in range(len(axes))])


def _symmetry_curves(ax1: Axes, ax2: Axes, s: Symmetry) -> list[str]:
    """The largest difference between two units' weights (``ax1``, log, 0 drawn at 10⁻²⁰) and
    the training loss (``ax2``) over the steps, a line per start; the starts whose first-layer
    gradient is 0 at every step."""
    steps = np.arange(s.steps + 1)
    for r, init in enumerate(s.inits):
        st = init_style(init)
        sp = s.spread[r]
        exact = bool(np.all(sp == 0))
        lbl = s.labels[r] + (" (exactly 0: identical units)" if exact else "")
        # zeros and the constant overlap at exactly 0: thick solid under dashed
        ls, lw = ("-", 3.5) if r == 0 else (("--", 2.0) if r == 1 else ("-", 2.0))
        ax1.plot(steps, np.where(sp > 0, sp, 1e-20), color=st["color"], label=lbl, ls=ls, lw=lw)
        ax2.plot(
            steps,
            s.loss[r],
            color=st["color"],
            ls=ls,
            lw=lw,
            label=f"{s.labels[r]}: accuracy {s.accuracy[r, -1] * 100:.0f}%",
        )
    ax1.set_yscale("log")
    ax1.set_ylim(1e-20, 10)
    ax1.set_yticks([1e-20, 1e-10, 1])
    ax1.set_yticklabels(["0", "10$^{-10}$", "1"])
    return [s.labels[r] for r in range(len(s.inits)) if np.all(s.grad_first[r] == 0)]


def _slide_symmetry(fig: Figure, s: Symmetry) -> None:
    """The slide layout: the units' weight images as one panel (a tile a unit, each row on its
    own colour scale, as in the full figure), then the difference and the loss, a panel a
    slide, legends beside."""
    from matplotlib.patches import Rectangle

    ax0, ax1, ax2 = fig.subplots(1, 3)
    final = s.receptive[:, -1]
    n_rows, n_units = final.shape[:2]
    h, w = final.shape[2:]
    gap = max(2, w // 6)
    mosaic = np.full((n_rows * (h + gap) - gap, n_units * (w + gap) - gap), np.nan)
    for r in range(n_rows):
        lim = float(np.abs(final[r]).max()) or 1.0
        for u in range(n_units):
            y0, x0 = r * (h + gap), u * (w + gap)
            mosaic[y0 : y0 + h, x0 : x0 + w] = final[r, u] / lim
            ax0.add_patch(
                Rectangle((x0 - 0.5, y0 - 0.5), w, h, fill=False, lw=0.6, ec=THEME.greys["0.8"])
            )
    ax0.imshow(mosaic, cmap=THEME.diverging, vmin=-1, vmax=1, interpolation="nearest")
    ax0.grid(False)
    for spine in ax0.spines.values():
        spine.set_visible(False)
    every = max(1, math.ceil(n_units / 8))
    ax0.set_xticks(
        [u * (w + gap) + (w - 1) / 2 for u in range(0, n_units, every)],
        [str(u + 1) for u in range(0, n_units, every)],
    )
    ax0.set_yticks([r * (h + gap) + (h - 1) / 2 for r in range(n_rows)], list(s.labels))
    ax0.tick_params(length=0)
    ax0.set_xlabel(f"hidden unit ({h} × {w} incoming weights each)")
    ax0.set_title(f"Incoming weights after {s.steps} steps")
    no_grad = _symmetry_curves(ax1, ax2, s)
    beside = dict(loc="upper left", bbox_to_anchor=(1.02, 1.0))
    handles, _ = ax1.get_legend_handles_labels()
    ax1.legend(
        handles,
        [
            s.labels[r] + ("\n(exactly 0)" if np.all(s.spread[r] == 0) else "")
            for r in range(n_rows)
        ],
        title="0: identical\nunits",
        **beside,
    )
    ax1.set_title("Largest difference between units")
    ax1.set_yticklabels(["0", "10⁻¹⁰", "1"])  # no mathtext: its exponent would need 20 pt
    ax1.set_xlabel("gradient-descent step")
    if no_grad:
        keep_lines(
            ax1.text(
                0.03,
                0.5,
                f"{', '.join(no_grad)}:\nfirst-layer gradient\n= 0 at every step",
                transform=ax1.transAxes,
                va="center",
                color=THEME.greys["0.25"],
            )
        )
    handles, _ = ax2.get_legend_handles_labels()
    ax2.legend(
        handles,
        [f"{s.labels[r]}: {s.accuracy[r, -1] * 100:.0f}%" for r in range(n_rows)],
        title="final accuracy",
        **beside,
    )
    ax2.set_title("Training loss (cross-entropy)")
    ax2.set_xlabel("gradient-descent step")
    slide_pages(fig, [[0], [1], [2]])


def figure_symmetry(fig: Figure, s: Symmetry) -> None:
    """Hidden units' incoming weights after training from zeros, a constant and random weights,
    beside the difference between units and the training loss over the steps."""
    if is_slide(fig):  # without subfigures: slide_pages splits the figure's own panels
        _slide_symmetry(fig, s)
        return
    sub = fig.subfigures(1, 2, width_ratios=[1.5, 1.0])
    grid = sub[0].subplots(len(s.inits), s.hidden)
    grid = np.atleast_2d(grid)
    final = s.receptive[:, -1]
    for r in range(len(s.inits)):
        lim = float(np.abs(final[r]).max()) or 1.0
        for u in range(s.hidden):
            ax = grid[r, u]
            ax.imshow(final[r, u], cmap=THEME.diverging, vmin=-lim, vmax=lim)
            ax.set_xticks([])
            ax.set_yticks([])
            ax.grid(False)
            for spine in ax.spines.values():
                spine.set_visible(True)
                spine.set_color(THEME.greys["0.8"])
            if u == 0:
                ax.set_ylabel(s.labels[r], fontsize=10, rotation=0, ha="right", va="center")
            if r == 0:
                ax.set_title(f"unit {u + 1}", fontsize=9, fontweight="normal")
    sub[0].suptitle(
        f"Incoming weights of the {s.hidden} hidden units after {s.steps} steps (28 × 28 each)",
        fontsize=11.5,
    )
    ax1, ax2 = sub[1].subplots(2, 1)
    no_grad = _symmetry_curves(ax1, ax2, s)
    ax1.set_title("Largest difference between two units' weights", fontsize=11)
    ax1.legend(fontsize=8.5, loc="center right")
    ax2.set_title("Training loss (cross-entropy)", fontsize=11)
    ax2.set_xlabel("gradient-descent step")
    ax2.legend(fontsize=8.5, loc="upper right")
    if no_grad:
        ax1.text(
            0.02,
            0.14,
            f"{', '.join(no_grad)}: first-layer gradient = 0 at every step",
            transform=ax1.transAxes,
            fontsize=8.5,
            color=THEME.greys["0.25"],
        )


def figure_linear_chain(fig: Figure, c: LinearChain) -> None:
    """Var of activations (forward) and gradients (backward) through a deep linear chain for
    weight scales c (W ~ N(0, c²/n)), with the theory c^{2l}."""
    axes = fig.subplots(1, 2, sharey=True)
    lo, hi = 1.0 / LOG_RANGE, LOG_RANGE
    layers = np.arange(c.depth + 1)
    slide = is_slide(fig)
    ends: list[dict] = [{}, {}]  # on a slide, where a curve leaves the plot: its legend entry
    for k, scale in enumerate(c.scales):
        color = THEME.palette[k % len(THEME.palette)]
        lbl = f"c = {scale:g}  (×{scale**2:.3g} per layer)"
        for ax, meas, th, order in (
            (axes[0], c.forward[k], c.theory_forward[k], slice(None)),
            # backward from the last layer, where the gradient enters
            (axes[1], c.backward[k], c.theory_backward[k], slice(None, None, -1)),
        ):
            x = layers[order]
            meas, th = meas[order], th[order]
            plot_log_clipped(ax, x, th, lo, hi, note=False, color=color, ls="--", lw=1.2)
            notes: list | None = [] if slide else None
            plot_log_clipped(
                ax,
                x,
                meas,
                lo,
                hi,
                color=color,
                marker=THEME.markers[k],
                ms=3.5,
                markevery=5,
                label=lbl if ax is axes[0] else None,
                notes=notes,
            )
            if notes:
                ends[0 if ax is axes[0] else 1][k] = notes[-1][2]
    for ax, title in zip(axes, ("Forward: Var(aₗ)", "Backward: Var(∂L/∂aₗ)"), strict=True):
        ax.set_yscale("log")
        ax.set_ylim(lo, hi)
        ax.set_xlim(0, c.depth)
        ax.axhline(1.0, color=THEME.greys["0.3"], lw=0.8, zorder=0)
        ax.set_title(title)
        ax.set_xlabel("layer l")
    axes[0].set_ylabel("variance (log)")
    axes[0].legend(loc="upper left", fontsize=9)
    axes[1].text(
        0.98,
        0.03,
        "dashed: theory Var = c$^{2l}$ · Var(x)",
        ha="right",
        transform=axes[1].transAxes,
        fontsize=9,
        color=THEME.greys["0.3"],
    )
    fig.suptitle(
        f"A deep linear chain aₗ = Wₗ aₗ₋₁, width {c.width}, W ~ N(0, c²/n): too small vanishes, "
        "too large explodes",
        fontsize=12.5,
    )
    if slide:  # a direction a slide, the scales beside; where a curve leaves, in its entry
        for t in list(axes[1].texts):
            t.remove()
        lines = [ln for ln in axes[0].get_lines() if ln.get_label().startswith("c = ")]
        for ax, end in zip(axes, ends, strict=True):
            labels = []
            for k, scale in enumerate(c.scales):
                lab = f"{scale:g}"
                if k in end:  # "→ 10$^{-30}$" as "→ 1e−30": every glyph 14 pt
                    lab += " " + end[k].replace("10$^{", "1e").replace("}$", "").replace("-", "−")
                labels.append(lab)
            ax.legend(
                [*lines, Line2D([], [], color=THEME.greys["0.3"], ls="--", lw=1.2)],
                [*labels, "theory c²ˡ"],
                title="c: × c² a layer",
                loc="upper left",
                bbox_to_anchor=(1.02, 1.0),
            )
            ax.set_ylabel("variance")
            ax.yaxis.set_tick_params(labelleft=True)
            ax.yaxis.set_major_locator(ticker.LogLocator(numticks=4))
        axes[1].set_xlabel("layer l (← backprop)")
        slide_pages(fig, [[0], [1]])


_GAIN_NOTE = "tanh 5/3, ReLU √2,\nLeaky ReLU √(2/(1 + a²)),\nSELU 3/4"


def _distribution_panel(ax: Axes, d: Distributions, i: int) -> list:
    """Initializer ``i``'s histogram, its theoretical density (black) and, for a uniform one,
    its bounds ±a (dotted); the three artists (the bounds' None where it has none)."""
    st = init_style(d.initializers[i])
    hist = ax.stairs(d.density[i], d.edges[i], fill=True, color=st["color"], alpha=0.45)
    (pdf,) = ax.plot(d.grid[i], d.pdf[i], color=THEME.figure_ink, lw=1.2)
    bound = None
    if np.isfinite(d.high[i]):
        for b in (d.low[i], d.high[i]):
            bound = ax.axvline(b, color=THEME.greys["0.2"], ls=":", lw=1.0)
    return [hist, pdf, bound]


def _gain_table(ax: Axes, d: Distributions, **kw) -> object:
    """torch.nn.init.calculate_gain's table on an axes without axis."""
    ax.axis("off")
    rows_ = [[n.replace("_", " "), f"{g:.4g}"] for n, g in zip(d.gain_names, d.gains, strict=True)]
    table = ax.table(cellText=rows_, colLabels=["nonlinearity", "gain"], cellLoc="left", **kw)
    table.auto_set_font_size(False)
    return table


def _slide_distributions(fig: Figure, d: Distributions) -> None:
    """The slide layout: an initializer a slide, its variances in the legend beside (ours, the
    formula's, torch's, and the bound a), then the gain table."""
    k = len(d.initializers)
    axes = np.atleast_1d(fig.subplots(1, k + 1))
    for i in range(k):
        ax = axes[i]
        hist, pdf, bound = _distribution_panel(ax, d, i)
        blank = Line2D([], [], color="none")
        handles = [hist, pdf, blank]
        labels = [
            f"ours {d.var[i]:.3g}",
            f"formula {d.theory_var[i]:.3g}",
            f"torch {d.torch_var[i]:.3g}",
        ]
        if bound is not None:
            handles.append(bound)
            labels.append(f"±a, a = {d.high[i]:.3g}")
        ax.legend(
            handles,
            labels,
            title=f"variance of\n{d.n_draws:,} draws",
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
        )
        ax.set_title(d.labels[i])
        ax.set_yticks([])
        ax.xaxis.set_major_locator(ticker.MaxNLocator(4, symmetric=True))
        ax.set_xlabel(f"weight of a {d.fan_in} → {d.fan_out} layer")
    ax = axes[k]
    ax.set_xticks([])  # no tick labels of the hidden axis to measure
    ax.set_yticks([])
    table = _gain_table(ax, d, bbox=[0.0, 0.0, 1.0, 1.0])
    table.set_fontsize(MIN_PT)
    ax.set_title("calculate_gain")
    keep_lines(
        ax.text(
            1.08, 0.5, _GAIN_NOTE, transform=ax.transAxes, va="center", color=THEME.greys["0.3"]
        )
    )
    slide_pages(fig, [[i] for i in range(k + 1)])


def figure_distributions(fig: Figure, d: Distributions) -> None:
    """Histogram of each initializer's weights for one layer with the theoretical density, the
    uniform bounds, and variances (ours, torch.nn.init's, the formula); the gain table beside."""
    if is_slide(fig):  # without subfigures: slide_pages splits the figure's own panels
        _slide_distributions(fig, d)
        return
    sub = fig.subfigures(1, 2, width_ratios=[4.0, 1.0])
    k = len(d.initializers)
    cols = 4
    rows = math.ceil(k / cols)
    axes = np.atleast_1d(sub[0].subplots(rows, cols)).ravel()
    for i in range(k):
        ax = axes[i]
        _distribution_panel(ax, d, i)
        ax.set_title(d.labels[i], fontsize=10.5)
        ax.set_yticks([])
        ax.tick_params(labelsize=8)
        ax.text(
            0.02,
            0.97,
            f"Var formula {d.theory_var[i]:.3g}\nours {d.var[i]:.3g}\ntorch {d.torch_var[i]:.3g}"
            + (f"\na = {d.high[i]:.3g}" if np.isfinite(d.high[i]) else ""),
            transform=ax.transAxes,
            fontsize=7.5,
            va="top",
            family="monospace",
            bbox=dict(facecolor=THEME.background, alpha=0.85, lw=0, pad=1.5),
        )
    for ax in axes[k:]:
        ax.set_visible(False)
    sub[0].suptitle(
        f"Weights of one {d.fan_in} → {d.fan_out} layer ({d.n_draws:,} draws): histogram, "
        "theoretical density (black), uniform bounds (dotted)",
        fontsize=11.5,
    )
    ax = sub[1].subplots()
    table = _gain_table(ax, d, loc="center")
    table.set_fontsize(10)
    table.scale(1.0, 1.6)
    ax.set_title("calculate_gain", fontsize=11)
    ax.text(
        0.0,
        0.12,
        _GAIN_NOTE,
        transform=ax.transAxes,
        fontsize=9,
        color=THEME.greys["0.3"],
        va="top",
    )


__all__ += ["figure_he_step", "figure_gain_in_use"]


def figure_he_step(fig: Figure, r: HeStep) -> None:
    """He's step measured: E[x²] beside ½ Var(y) layer by layer in ReLU networks initialised by
    kaiming_normal_, one layer's y with the half ReLU keeps, and the next layer's variance split
    into n·Var(w)·Var(x) and the mean's term n·Var(w)·E[x]² for tanh, ReLU and sigmoid."""
    ax1, ax2, ax3 = fig.subplots(1, 3, width_ratios=[1.25, 1.0, 1.0])
    layers = np.arange(1, len(r.sizes))
    c_y, c_x = THEME.palette.blue, THEME.palette.vermillion
    ax1.fill_between(
        layers, r.pre_var_nets.min(axis=0), r.pre_var_nets.max(axis=0), color=c_y, alpha=0.12, lw=0
    )
    ax1.plot(layers, r.pre_var, color=c_y, marker="o", lw=2, label="Var(yₗ), pre-activation")
    ax1.plot(layers, r.theory_pre_var, color=c_y, ls="--", lw=1.2, label="theory n·Var(w)·E[xₗ₋₁²]")
    ax1.plot(layers, r.post_second, color=c_x, marker="s", lw=2, label="E[xₗ²], x = max(0, y)")
    ax1.plot(
        layers, r.theory_pre_var / 2, color=c_x, ls="--", lw=1.2, label="theory ½·n·Var(w)·E[xₗ₋₁²]"
    )
    ax1.plot(
        layers,
        r.pre_var / 2,
        color=c_x,
        marker="s",
        mfc=THEME.background,
        ms=9,
        ls=":",
        lw=1.5,
        label="½ Var(yₗ)",
    )
    ax1.set_ylim(0, 1.35 * float(np.max(r.pre_var_nets)))
    ax1.set_xticks(layers)
    ax1.set_xlabel("layer l")
    ax1.set_ylabel("variance / second moment")
    ax1.legend(loc="lower right", fontsize=9)
    ax1.set_title(
        f"ReLU + kaiming_normal_ (Var(w) = 2/n), {len(r.sizes) - 1} layers of {r.sizes[1]}",
        fontsize=11,
    )
    ax1.text(
        0.02,
        0.97,
        f"mean of {r.pre_var_nets.shape[0]} networks; band: Var(y) min–max over them",
        transform=ax1.transAxes,
        va="top",
        fontsize=8.5,
        color=THEME.greys["0.3"],
    )

    # one layer's y: ReLU keeps the positive half
    centers = 0.5 * (r.hist_edges[:-1] + r.hist_edges[1:])
    pos = centers > 0
    relu_c = THEME.activations.get("relu", THEME.palette.green)
    ax2.bar(
        centers[pos], r.hist_counts[pos], width=np.diff(r.hist_edges)[pos], color=relu_c, alpha=0.6
    )
    ax2.bar(
        centers[~pos],
        r.hist_counts[~pos],
        width=np.diff(r.hist_edges)[~pos],
        color=THEME.faint,
        hatch="//",
        edgecolor=THEME.greys["0.55"],
        lw=0,
    )
    sd = math.sqrt(float(r.pre_var_nets[0, r.hist_layer - 1]))
    grid = np.linspace(r.hist_edges[0], r.hist_edges[-1], 400)
    ax2.plot(
        grid,
        np.exp(-0.5 * (grid / sd) ** 2) / (sd * math.sqrt(2 * math.pi)),
        "k--",
        lw=1,
        label="Gaussian of the same variance",
    )
    ax2.legend(loc="upper left", fontsize=8.5)
    k = r.hist_layer - 1
    ax2.text(
        0.98,
        0.97,
        f"all {r.pre_var_nets.shape[0]} networks, layer {r.hist_layer}:\n"
        f"P(y > 0) = {r.pre_positive[k]:.3f}\nE[y] / sd = {r.pre_mean[k] / math.sqrt(r.pre_var[k]):+.3f}"
        f"\nE[x²] / (½ Var(y)) = {r.post_second[k] / (r.pre_var[k] / 2):.3f}",
        transform=ax2.transAxes,
        ha="right",
        va="top",
        fontsize=9,
        bbox=dict(facecolor=THEME.background, alpha=0.85, lw=0, pad=1.5),
    )
    ax2.text(
        0.03,
        0.5,
        "set to 0\nby ReLU",
        transform=ax2.transAxes,
        fontsize=9,
        color=THEME.greys["0.35"],
    )
    ax2.set_yticks([])
    ax2.set_xlabel(f"pre-activation y of layer {r.hist_layer} (one network)")
    ax2.set_title("y symmetric around 0: ReLU keeps half of E[y²]", fontsize=11)

    # the mean's term
    names = list(r.activations)
    xs = np.arange(len(names))
    var_term = r.next_gain * r.act_var
    mean_term = r.next_gain * r.act_mean**2
    for i, a in enumerate(names):
        c = THEME.activations.get(a, THEME.palette[i])
        ax3.bar(xs[i], var_term[i], color=c, alpha=0.85, width=0.6)
        ax3.bar(xs[i], mean_term[i], bottom=var_term[i], color=c, alpha=0.35, hatch="//", width=0.6)
        share = mean_term[i] / (var_term[i] + mean_term[i])
        ax3.text(
            xs[i],
            var_term[i] + mean_term[i] + 0.012,
            f"E[x] = {r.act_mean[i]:.2f}\nmean term {share:.0%}",
            ha="center",
            va="bottom",
            fontsize=9,
        )
    ax3.scatter(
        xs, r.next_var, marker="D", color=THEME.figure_ink, zorder=3, s=40, label="measured Var(y₂)"
    )
    ax3.hlines(
        r.next_gain * r.theory_second,
        xs - 0.36,
        xs + 0.36,
        colors=THEME.figure_ink,
        linestyles="--",
        lw=1.2,
        label="closed form n·Var(w)·E[x²]",
    )
    from matplotlib.patches import Patch

    handles, labels = ax3.get_legend_handles_labels()
    handles += [
        Patch(facecolor=THEME.greys["0.5"], alpha=0.85),
        Patch(facecolor=THEME.greys["0.5"], alpha=0.35, hatch="//"),
    ]
    labels += ["n·Var(w)·Var(x)", "n·Var(w)·E[x]²"]
    ax3.legend(handles, labels, loc="upper left", fontsize=8.5)
    ax3.set_xticks(xs, [ACT_TITLES.get(a, a) for a in names])
    ax3.set_ylim(0, 1.45 * float(max(np.max(r.next_var), np.max(var_term + mean_term))))
    ax3.set_ylabel("Var(y₂) of the next layer")
    ax3.set_title("x₁ = φ(y₁), y₂ = W₂x₁ with n·Var(w) = 1", fontsize=11)
    fig.suptitle(
        "He's step E[x²] = ½ Var(y), measured; and why the activations' mean should be zero",
        fontsize=12.5,
    )
    if is_slide(fig):  # a panel a slide; notes into the legends beside, the bars' into ticks
        beside = dict(loc="upper left", bbox_to_anchor=(1.02, 1.0))
        n_nets = r.pre_var_nets.shape[0]
        ax1.texts[0].remove()  # "mean of n networks": the legend's title
        handles, _ = ax1.get_legend_handles_labels()
        ax1.legend(
            handles,
            ["Var(yₗ) (band)", "theory", "E[xₗ²]", "½ · theory", "½ Var(yₗ)"],
            title=f"{len(r.sizes) - 1} × {r.sizes[1]}, mean of {n_nets}",
            **beside,
        )
        ax1.set_ylabel("variance")
        ax1.set_title("ReLU, Var(w) = 2/n")
        ax1.set_xticks(layers[:: max(1, len(layers) // 4)])
        stats, zero = ax2.texts[0], ax2.texts[1]
        stats.remove()
        blank = Line2D([], [], color="none")
        handles, _ = ax2.get_legend_handles_labels()
        ax2.legend(
            [*handles, blank, blank, blank],
            [
                "Gaussian, same Var",
                f"P(y > 0) = {r.pre_positive[k]:.3f}",
                f"E[y]/sd = {r.pre_mean[k] / math.sqrt(r.pre_var[k]):+.3f}",
                f"E[x²]/(½Var(y)) = {r.post_second[k] / (r.pre_var[k] / 2):.3f}",
            ],
            title=f"layer {r.hist_layer}, {n_nets} nets",
            **beside,
        )
        zero.set_text("ReLU:\n→ 0")
        ax2.set_xlabel(f"y of layer {r.hist_layer} (one net)")
        ax2.set_title("ReLU keeps half of E[y²]")
        for t in list(ax3.texts):
            t.remove()
        shares = mean_term / (var_term + mean_term)
        ax3.set_xticks(
            xs,
            [
                f"{ACT_TITLES.get(a, a)}\nE[x] {m:.2f}\n{sh:.0%}"
                for a, m, sh in zip(names, r.act_mean, shares, strict=True)
            ],
        )
        ax3.legend(
            ax3.get_legend().legend_handles,
            ["measured", "closed form", "Var(x) part", "E[x]² part (%)"],
            title="Var(y₂)",
            **beside,
        )
        ax3.set_ylabel("Var(y₂)")
        ax3.set_title("x₁ = φ(y₁), y₂ = W₂x₁, n·Var(w) = 1")
        slide_pages(fig, [[0], [1], [2]])


def figure_gain_in_use(fig: Figure, g: GainUse) -> None:
    """calculate_gain in use: tanh with gain 1 vs 5/3 through depth (forward and backward),
    kaiming_normal_'s fan_in vs fan_out on a stack whose widths change, and Leaky ReLU's gain
    √(2/(1 + a²)) measured against torch's."""
    import matplotlib

    axes = fig.subplots(2, 3)
    gain_colors = {"g1": THEME.palette.blue, "g53": THEME.palette.vermillion}
    mode_colors = {"fan_in": THEME.palette.green, "fan_out": THEME.palette.purple}
    depth = len(g.tanh_sizes) - 1
    layers = np.arange(depth + 1)
    labels = ("gain 1 ('linear')", f"gain {g.tanh_gains[1]:.4g} = 5/3 ('tanh')")
    for k, key in enumerate(("g1", "g53")):
        c = gain_colors[key]
        for ax, meas, nets, th, x in (
            (
                axes[0, 0],
                g.tanh_forward[k, 1:],
                g.tanh_forward_nets[k, :, 1:],
                g.tanh_forward_theory[k, 1:],
                layers[1:],
            ),
            (
                axes[0, 1],
                g.tanh_backward[k, 1:],
                g.tanh_backward_nets[k, :, 1:],
                g.tanh_backward_theory[k, 1:],
                layers[1:],
            ),
        ):
            ax.fill_between(x, nets.min(axis=0), nets.max(axis=0), color=c, alpha=0.15, lw=0)
            ax.plot(x, th, color=c, ls="--", lw=1.2)
            ax.plot(
                x, meas, color=c, marker=THEME.markers[k], ms=4, markevery=3, lw=2, label=labels[k]
            )
    axes[0, 0].set_title(f"Tanh, {depth} layers of {g.tanh_sizes[1]}: forward Var(aₗ)", fontsize=11)
    axes[0, 1].set_title("Tanh: backward Var(δₗ), gradient entering at the last layer", fontsize=11)
    for ax in axes[0, :2]:
        ax.set_yscale("log")
        ax.set_xlabel("layer l")
    axes[0, 0].legend(fontsize=9, loc="lower left")
    growth = g.tanh_backward[:, 1] / g.tanh_backward[:, -1]
    axes[0, 1].text(
        0.98,
        0.97,
        f"Var(δ₁)/Var(δ_L): gain 1 × {growth[0]:.2g}, gain 5/3 × {growth[1]:.3g}",
        transform=axes[0, 1].transAxes,
        ha="right",
        va="top",
        fontsize=9,
        bbox=dict(facecolor=THEME.background, alpha=0.85, lw=0, pad=1.5),
    )

    # fan_in vs fan_out
    fl = np.arange(1, len(g.fan_sizes))
    for m, mode in enumerate(g.modes):
        c = mode_colors.get(mode, THEME.palette[m])
        for ax, meas, nets, th in (
            (axes[1, 0], g.fan_pre[m], g.fan_pre_nets[m], g.fan_pre_theory[m]),
            (
                axes[1, 1],
                g.fan_backward[m, 1:],
                g.fan_backward_nets[m, :, 1:],
                g.fan_backward_theory[m, 1:],
            ),
        ):
            ax.fill_between(fl, nets.min(axis=0), nets.max(axis=0), color=c, alpha=0.15, lw=0)
            ax.plot(fl, th, color=c, ls="--", lw=1.2)
            ax.plot(
                fl,
                meas,
                color=c,
                marker=THEME.markers[m + 2],
                ms=7,
                lw=2,
                label=f"kaiming_normal_(w, mode='{mode}', nonlinearity='relu')",
            )
    ticks = [
        f"{n_in} → {n_out}" for n_in, n_out in zip(g.fan_sizes[:-1], g.fan_sizes[1:], strict=True)
    ]
    for ax, title in zip(
        axes[1, :2], ("ReLU stack, forward: Var(yₗ)", "ReLU stack, backward: Var(δₗ)"), strict=True
    ):
        ax.set_yscale("log")
        ax.set_xticks(fl, ticks, fontsize=8.5)
        ax.set_xlabel("layer (n_in → n_out)")
        ax.set_title(title, fontsize=11)
    axes[1, 0].legend(fontsize=8, loc="upper left")

    # Leaky ReLU's gain
    ax = axes[0, 2]
    a = np.linspace(0, max(1.0, float(np.max(g.slopes))), 200)
    ax.plot(
        a, np.sqrt(2 / (1 + a * a)), color=THEME.figure_ink, lw=1.2, ls="--", label="√(2/(1 + a²))"
    )
    ax.plot(
        g.slopes,
        g.measured_gains(),
        "o",
        color=THEME.activations.get("leaky_relu"),
        ms=8,
        label="measured √(Var(y)/E[x²])",
    )
    ax.plot(
        g.slopes,
        g.torch_gains,
        "x",
        color=THEME.figure_ink,
        ms=8,
        mew=1.5,
        label="torch calculate_gain('leaky_relu', a)",
    )
    ax.set_xlabel("negative slope a")
    ax.set_ylabel("gain")
    ax.set_title("Leaky ReLU's gain, measured", fontsize=11)
    ax.legend(fontsize=8.5, loc="lower left")

    ax = axes[1, 2]
    cmap = matplotlib.colormaps[THEME.sequential]
    ll = np.arange(1, len(g.leaky_sizes))
    for s, slope in enumerate(g.slopes):
        c = cmap(0.9 * s / max(len(g.slopes) - 1, 1))
        ax.plot(
            ll,
            g.leaky_pre_var[s] / g.leaky_pre_var[s, 0],
            color=c,
            lw=2,
            marker="o",
            ms=4,
            label=f"a = {slope:g}",
        )
        ax.plot(ll, g.relu_gain_pre_var[s] / g.relu_gain_pre_var[s, 0], color=c, lw=1.3, ls="--")
    ax.set_yscale("log")
    ax.set_xlabel("layer l")
    ax.set_ylabel("Var(yₗ) / Var(y₁)")
    ax.set_title("Leaky ReLU: its own gain (solid) vs ReLU's √2 (dashed)", fontsize=11)
    ax.legend(fontsize=8, loc="upper left", ncol=2)
    fig.suptitle(
        "torch.nn.init.calculate_gain in use (every weight drawn by kaiming_normal_; dashed: "
        f"theory; bands: min–max over {g.n_nets} networks)",
        fontsize=12.5,
    )
    if is_slide(fig):  # a panel a slide, each with its own legend beside, short labels
        beside = dict(loc="upper left", bbox_to_anchor=(1.02, 1.0))
        theory = Line2D([], [], color=THEME.greys["0.3"], ls="--", lw=1.2)
        tanh_lines = [ln for ln in axes[0, 0].get_lines() if ln.get_label() in labels]
        short = ["gain 1", f"gain {g.tanh_gains[1]:.4g} = 5/3"]
        axes[0, 0].legend(
            [*tanh_lines, theory],
            [*short, "theory"],
            title=f"tanh, {depth} × {g.tanh_sizes[1]}",
            **beside,
        )
        axes[0, 0].set_title("Forward: Var(aₗ)")
        axes[0, 1].texts[0].remove()
        axes[0, 1].legend(
            [*tanh_lines, theory],
            [f"{lab}: × {q:.3g}" for lab, q in zip(short, growth, strict=True)] + ["theory"],
            title="Var(δ₁)/Var(δ_L)",
            **beside,
        )
        axes[0, 1].set_title("Backward: Var(δₗ)")
        fan_lines = [ln for ln in axes[1, 0].get_lines() if "mode=" in ln.get_label()]
        fan_ticks = [
            f"{n_in} →\n{n_out}"
            for n_in, n_out in zip(g.fan_sizes[:-1], g.fan_sizes[1:], strict=True)
        ]
        for ax, title in zip(
            axes[1, :2], ("ReLU, forward: Var(yₗ)", "ReLU, backward: Var(δₗ)"), strict=True
        ):
            ax.legend(
                [*fan_lines, theory],
                [*(f"mode='{m}'" for m in g.modes), "theory"],
                title="kaiming_normal_",
                **beside,
            )
            ax.set_xticks(fl, fan_ticks, fontsize=14)
            ax.set_xlabel("layer: n_in → n_out")
            ax.set_title(title)
        h, _ = axes[0, 2].get_legend_handles_labels()
        axes[0, 2].legend(h, ["√(2/(1 + a²))", "measured", "torch calculate_gain"], **beside)
        h, lab = axes[1, 2].get_legend_handles_labels()
        axes[1, 2].legend(
            [*h, theory], [*lab, "ReLU's √2"], title="solid: own gain", ncols=1, **beside
        )
        axes[1, 2].set_title("Leaky ReLU: own gain vs √2")
        axes[1, 2].xaxis.set_major_locator(ticker.MaxNLocator(4, integer=True))
        for ax in (axes[0, 0], axes[1, 0], axes[1, 1]):  # under two decades: plain 1-2-5 ticks
            ax.yaxis.set_major_locator(ticker.LogLocator(subs=(1.0, 2.0, 5.0), numticks=12))
            ax.yaxis.set_major_formatter(ticker.FuncFormatter(lambda v, _: f"{v:g}"))
            ax.yaxis.set_minor_formatter(ticker.NullFormatter())
        slide_pages(fig, [[i] for i in range(6)])
