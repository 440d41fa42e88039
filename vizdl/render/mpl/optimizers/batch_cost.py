"""What a mini-batch costs: training loss against updates, examples processed and measured time.
Reads :mod:`vizdl.sim.optimizers.batch_cost`."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from vizdl.checks.batch_cost import TARGET_MARGIN, time_to
from vizdl.render.mpl.slides import is_slide, slide_pages
from vizdl.sim.optimizers.batch_cost import BatchCost
from vizdl.style import THEME

__all__ = ["figure_batch_cost"]


def _label(b: int, n: int) -> str:
    if b == 1:
        return "stochastic (batch 1)"
    if b == n:
        return f"batch (all {n:,})"
    return f"mini-batch {b:,}"


def _style(k: int) -> dict:
    return dict(color=THEME.palette[k % 7], ls=THEME.linestyles[k % len(THEME.linestyles)])


def figure_batch_cost(fig: Figure, r: BatchCost) -> None:
    """Top: the training loss against updates and against examples processed, with the equal-
    updates and equal-examples marks. Bottom: against the measured seconds of training, with the
    target loss, and the measured cost per update and per example against the batch size."""
    (a, b), (c, d) = fig.subplots(2, 2)
    order = list(np.argsort(r.batch_sizes))
    ink, grey = THEME.figure_ink, THEME.greys["0.45"]
    target = (1 + TARGET_MARGIN) * r.loss_at(order[-1], r.updates)
    for j, k in enumerate(order):
        bs = int(r.batch_sizes[k])
        at, examples, loss, secs = r.curve(k)
        style = dict(**_style(j), lw=1.6, label=_label(bs, r.n))
        a.plot(at[1:], loss[1:], **style)
        a.plot(r.updates, r.loss_at(k, r.updates), "o", ms=6, color=style["color"], zorder=4)
        b.plot(examples[1:], loss[1:], **style)
        mark = r.epochs * int(r.epoch_updates[k])
        b.plot(mark * bs, r.loss_at(k, mark), "o", ms=6, color=style["color"], zorder=4)
        c.plot(secs[1:], loss[1:], **style)
        hit = time_to(r, k, target)
        if np.isfinite(hit):
            c.plot(hit, loss[np.flatnonzero(loss <= target)[0]], "o", ms=6, color=style["color"],
                   zorder=4)  # fmt: skip
    for ax in (a, b, c):
        ax.set_xscale("log")
        ax.axhline(r.start_loss, color=grey, lw=0.8, ls=":")
        ax.set_ylabel("training loss J(θ, X) on all images")
    a.axvline(r.updates, color=ink, lw=0.9, ls="--")
    a.set_xlabel("updates (log scale)")
    a.set_title(f"Per update: at {r.updates} updates (dots) larger batches lower")
    a.legend(fontsize=8.5, loc="lower left")
    b.axvline(r.epochs * r.n, color=ink, lw=0.9, ls="--")
    b.set_xlabel("examples processed = updates × batch size (log scale)")
    b.set_title(f"Per example: at {r.epochs} epochs (dots) smaller batches lower")
    c.axhline(target, color=ink, lw=0.9, ls="--")
    c.set_xlabel(f"seconds of training, measured when computed on {r.cpu} (log scale)")
    c.set_title(f"By the clock: time to loss {target:.3f} (dashed line, dots)")

    sizes = np.asarray(r.batch_sizes)[order]
    per_update = (np.asarray(r.total_seconds) / np.asarray(r.total_updates))[order]
    d.loglog(sizes, 1e3 * per_update, marker="o", color=ink, lw=1.4, label="ms per update")
    d.loglog(sizes, 1e3 * per_update / sizes, marker="s", color=grey, lw=1.4, ls="--",
             label="ms per example (per update ÷ batch)")  # fmt: skip
    d.set_xlabel("batch size (log scale)")
    d.set_ylabel("measured milliseconds (log scale)")
    d.set_title("What an update costs (measured, one thread)")
    d.legend(fontsize=8.5)
    for ax in (a, b, c):
        ax.text(0.99, 0.98, f"start {r.start_loss:.2f}", transform=ax.transAxes, ha="right",
                va="top", fontsize=8, color=grey)  # fmt: skip
    if is_slide(fig):  # a panel a slide, the batch sizes' legend beside each, short labels
        handles, _ = a.get_legend_handles_labels()
        names = []
        for k in order:
            bs = int(r.batch_sizes[k])
            names.append(
                "1 (stochastic)" if bs == 1 else f"{bs:,} (all)" if bs == r.n else f"{bs:,}"
            )
        for ax in (a, b, c):
            ax.legend(handles, names, title="batch size", loc="upper left",
                      bbox_to_anchor=(1.02, 1.0))  # fmt: skip
            ax.set_ylabel("training loss")
        a.set_xlabel("updates")
        a.set_title(f"At {r.updates} updates (dots): larger batches lower")
        b.set_xlabel("examples processed")
        b.set_title(f"At {r.epochs} epochs (dots): smaller batches lower")
        c.set_xlabel("seconds of training (measured)")
        c.set_title(f"Time to loss {target:.3f} (dashed line, dots)")
        handles, _ = d.get_legend_handles_labels()
        d.legend(handles, ["per update", "per example"], loc="upper left",
                 bbox_to_anchor=(1.02, 1.0))  # fmt: skip
        d.set_xlabel("batch size")
        d.set_ylabel("milliseconds")
        d.set_title("What an update costs (measured, one thread)")
        slide_pages(fig, [[0], [1], [2], [3]])
