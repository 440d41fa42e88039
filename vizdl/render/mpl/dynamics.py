"""Per-layer gradient norms during training. Reads :mod:`vizdl.sim.dynamics`."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from vizdl.render.mpl.slides import decade_labels, is_slide, slide_pages
from vizdl.sim.dynamics import LayerDynamics
from vizdl.style import THEME

__all__ = ["figure_gradients_over_training"]


def figure_gradients_over_training(fig: Figure, d: LayerDynamics) -> None:
    """One panel per (activation, initializer): each hidden layer's ‖∂L/∂W_l‖ on the probe batch
    against the SGD updates taken, on one shared log scale."""
    n = len(d.pairs)
    cols = min(n, 2)
    rows = -(-n // cols)
    axes = np.atleast_1d(fig.subplots(rows, cols, sharex=True, sharey=True)).ravel()
    colors = [THEME.palette[i % len(THEME.palette)] for i in range(d.depth)]
    for k, (act, init) in enumerate(d.pairs):
        ax = axes[k]
        for layer in range(d.depth):
            first, last = layer == 0, layer == d.depth - 1
            ax.plot(
                d.iterations,
                d.grad_norm[k, :, layer],
                color=colors[layer],
                marker=THEME.markers[layer % len(THEME.markers)],
                ms=4,
                lw=2.2 if first or last else 1.2,
                label=f"layer {layer + 1}"
                + (" (input side)" if first else " (output side)" if last else ""),
            )
        ratio = d.grad_norm[k, -1, 0] / d.grad_norm[k, -1, -1]
        ax.set_title(
            f"{act}, {init}: probe accuracy {d.probe_acc[k, -1]:.0%} at the end\n"
            f"layer 1 / layer {d.depth} at the end: {ratio:.2g}",
            fontsize=10,
        )
        ax.set_yscale("log")
        if k % cols == 0:
            ax.set_ylabel("‖∂L/∂Wₗ‖ on the probe batch")
        if k // cols == rows - 1:
            ax.set_xlabel(f"SGD updates (η = {d.lr:g}, batch {d.batch_size})")
    for ax in axes[n:]:
        ax.set_visible(False)
    # the legend where the curves are not: below the ReLU curves of the last panel
    axes[n - 1].legend(fontsize=8, loc="lower right", ncol=3)
    if is_slide(fig):
        _slide(fig, d, axes[:n])


def _slide(fig: Figure, d: LayerDynamics, axes) -> None:
    """A panel a slide, on the full figure's shared scale; each with the layers' legend beside,
    the panel's accuracy and layer ratio and the SGD settings in its title."""
    handles = axes[0].get_legend_handles_labels()[0]
    labels = [
        f"layer {layer + 1}"
        + (" (input)" if layer == 0 else " (output)" if layer == d.depth - 1 else "")
        for layer in range(d.depth)
    ]
    for k, ((act, init), ax) in enumerate(zip(d.pairs, axes, strict=True)):
        ratio = d.grad_norm[k, -1, 0] / d.grad_norm[k, -1, -1]
        ax.legend(
            handles,
            labels,
            title=f"at the end:\naccuracy {d.probe_acc[k, -1]:.0%}\nlayer 1 / {d.depth}: {ratio:.2g}",
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
        )
        ax.set_title(f"{act}, {init}")
        ax.set_ylabel("‖∂L/∂Wₗ‖ (probe batch)")
        ax.set_xlabel(f"SGD updates (η = {d.lr:g}, batch {d.batch_size})")
        # the shared axes' inner tick labels were hidden: each slide shows its own
        ax.tick_params(labelbottom=True, labelleft=True)
        decade_labels(ax.yaxis)
    slide_pages(fig, [[k] for k in range(len(axes))])
