"""The validation protocol. Reads :mod:`vizdl.sim.validation`."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from vizdl.render.mpl.slides import decade_labels, is_slide, slide_pages
from vizdl.sim.validation import Protocol
from vizdl.style import THEME

__all__ = ["figure_validation_protocol"]


def figure_validation_protocol(fig: Figure, p: Protocol) -> None:
    """Left: each candidate's validation accuracy after every epoch. Right: the final validation
    accuracy against η, the choice ringed, and the one test accuracy, of the chosen run only."""
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": (1.0, 1.1)})
    epochs = np.arange(1, p.epochs + 1)
    colors = [THEME.palette[i % len(THEME.palette)] for i in range(len(p.lrs))]
    for i, lr in enumerate(p.lrs):
        chosen = i == p.chosen
        left.plot(
            epochs,
            100 * p.val_acc[i],
            color=colors[i],
            marker=THEME.markers[i % len(THEME.markers)],
            lw=2.6 if chosen else 1.4,
            label=f"η = {lr:g}" + ("  (chosen)" if chosen else ""),
            zorder=3 if chosen else 2,
        )
    left.set_xticks(epochs)
    left.set_xlabel("epoch")
    left.set_ylabel("validation accuracy (%)")
    left.set_title(f"Every candidate, validated after each epoch\n({p.n_val:,} validation images)")
    left.legend(fontsize=9, loc="lower right")

    final = 100 * p.val_acc[:, -1]
    right.plot(p.lrs, final, color=THEME.muted, lw=1.2, zorder=1)
    for i, lr in enumerate(p.lrs):
        right.plot(lr, final[i], marker=THEME.markers[i % len(THEME.markers)], ms=8,
                   color=colors[i], ls="none", zorder=2)  # fmt: skip
    c = p.chosen
    right.plot(p.lrs[c], final[c], marker="o", ms=18, mfc="none", mec=THEME.ink, mew=1.6,
               ls="none", label=f"chosen by validation: η = {p.lrs[c]:g}")  # fmt: skip
    right.plot(p.lrs[c], 100 * p.test_acc, marker="*", ms=16, color=THEME.ink,
               ls="none", label=f"test accuracy, measured once: {100 * p.test_acc:.2f}%")  # fmt: skip
    note = right.annotate(
        f"validation {final[c]:.2f}%",
        (p.lrs[c], final[c]),
        xytext=(16, -4),
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=9,
    )
    right.set_xscale("log")
    right.set_xlabel("learning rate η (Adam)")
    right.set_ylabel(f"accuracy after {p.epochs} epochs (%)")
    right.set_title(
        f"Pick by validation, then test once\n({p.n_test:,} test images, untouched until then)"
    )
    right.legend(fontsize=9, loc="lower center")
    lo = min(float(np.nanmin(final)), 100 * p.test_acc)
    right.set_ylim(lo - 0.18 * (100 - lo), min(100.0, max(final.max(), 100 * p.test_acc) + 3))
    if is_slide(fig):  # a panel a slide, the legends beside, the chosen run's numbers in them
        left.set_title(f"Validated each epoch ({p.n_val:,} images)")
        left.set_ylabel("validation acc. (%)")
        handles, labels = left.get_legend_handles_labels()
        left.legend(
            handles,
            [s.replace("  (chosen)", ", chosen") for s in labels],
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
        )
        note.set_visible(False)
        handles, _ = right.get_legend_handles_labels()
        right.legend(
            handles,
            [
                f"chosen: η = {p.lrs[c]:g}\nvalidation {final[c]:.2f}%",
                f"test ({p.n_test:,} images),\nonce: {100 * p.test_acc:.2f}%",
            ],
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
        )
        right.set_xlabel("learning rate η (Adam)")
        right.set_ylabel("accuracy (%)")
        right.set_title(f"After {p.epochs} epochs: pick, then test")
        decade_labels(right.xaxis)
        right.tick_params(axis="x", pad=8)  # 1e−5 clear of the lowest accuracy label
        slide_pages(fig, [[0], [1]])
