"""Depth at fixed parameter counts (the lecture's figures 6.6/6.7 in spirit). Reads
:mod:`vizdl.sim.depth_params`."""

from __future__ import annotations

import matplotlib
import numpy as np
from matplotlib.figure import Figure

from vizdl.render.mpl.slides import is_slide, slide_note, slide_pages
from vizdl.sim.depth_params import DepthParams
from vizdl.style import THEME

__all__ = ["figure_depth_params"]


def _bars(acc: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean over the last axis and (below, above) distances to the seeds' min and max."""
    mean = acc.mean(axis=-1)
    return mean, np.stack([mean - acc.min(axis=-1), acc.max(axis=-1) - mean])


def figure_depth_params(fig: Figure, r: DepthParams) -> None:
    """Mean test accuracy (bars: min–max over the seeds) against depth, one line per parameter
    budget (left, figure 6.6's axes), and against the parameter count, one line per depth
    (right, figure 6.7's)."""
    left, right = fig.subplots(1, 2, sharey=True)
    acc = np.asarray(r.test_acc, dtype=float) * 100
    cmap = matplotlib.colormaps[THEME.sequential]
    nb = len(r.budgets)
    for j, b in enumerate(r.budgets):
        mean, err = _bars(acc[:, j])
        c = cmap(0.2 + 0.65 * j / max(nb - 1, 1))
        left.errorbar(
            r.depths,
            mean,
            yerr=err,
            color=c,
            marker=THEME.markers[j % len(THEME.markers)],
            capsize=3,
            label=f"≈ {int(b):,} parameters",
        )
        best = int(np.argmax(mean))
        left.plot(r.depths[best], mean[best], "*", ms=13, color=c, mec="black", mew=0.6, zorder=5)
    left.set_xticks(r.depths)
    left.set_xlabel("hidden layers (width shrinks to keep the parameter count)")
    left.set_ylabel(f"test accuracy (%), {r.n_test:,} test images")
    left.set_title("Accuracy against depth at fixed parameter counts (★ best)", fontsize=11)
    left.legend(fontsize=9, loc="best")
    for i, d in enumerate(r.depths):
        mean, err = _bars(acc[i])
        right.errorbar(
            r.params[i],
            mean,
            yerr=err,
            color=THEME.palette[i % len(THEME.palette)],
            marker=THEME.markers[i % len(THEME.markers)],
            capsize=3,
            label=f"{int(d)} hidden layer{'s' if d > 1 else ''} (widths "
            f"{', '.join(str(int(w)) for w in r.widths[i])})",
        )
    right.set_xscale("log")
    right.set_xticks([int(b) for b in r.budgets], [f"{int(b):,}" for b in r.budgets])
    right.minorticks_off()
    right.set_xlabel("parameters (log scale)")
    right.set_title("Accuracy against parameters, one line per depth", fontsize=11)
    right.legend(fontsize=9, loc="best")
    for ax in (left, right):
        ax.grid(True, alpha=0.3)
    fig.suptitle(
        f"Depth at fixed parameter counts: ReLU MLPs on a {r.n_images:,}-image Fashion-MNIST "
        f"subset ({r.n_train:,} / {r.n_val:,} / {r.n_test:,}), early stopping, "
        f"{len(r.seeds)} seeds (bars: min–max)",
        fontsize=12,
    )
    if is_slide(fig):  # a panel a slide; legends beside, the widths in the depth legend
        beside = dict(loc="upper left", bbox_to_anchor=(1.02, 1.0))
        handles, _ = left.get_legend_handles_labels()
        left.legend(
            handles, [f"≈ {int(b):,}" for b in r.budgets], title="parameters\n(★ best)", **beside
        )
        left.set_xlabel("hidden layers (width shrinks)")
        left.set_ylabel("test accuracy (%)")
        left.set_title("Accuracy against depth")
        handles, _ = right.get_legend_handles_labels()
        right.legend(
            handles,
            [
                f"{int(d)}: {', '.join(str(int(w)) for w in r.widths[i])}"
                for i, d in enumerate(r.depths)
            ],
            title="hidden layers:\nwidths",
            **beside,
        )
        right.yaxis.set_tick_params(labelleft=True)
        right.set_ylabel("test accuracy (%)")
        right.set_xlabel("parameters (log scale)")
        right.set_title("Accuracy vs. parameters")
        slide_note(fig, f"{r.n_test:,} test images; bars: min–max of {len(r.seeds)} seeds")
        slide_pages(fig, [[0], [1]])
