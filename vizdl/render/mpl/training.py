"""Matplotlib renderers for the trainer topic. They read :mod:`vizdl.sim.training` results."""

from __future__ import annotations

import matplotlib
import matplotlib.patches
import matplotlib.ticker
import matplotlib.transforms
import numpy as np
from matplotlib.figure import Figure

from vizdl.numeric import moving_average, rebin
from vizdl.render import RIDGE_INITS
from vizdl.render.mpl.slides import is_slide, keep_lines, slide_note, slide_pages
from vizdl.sim.training import (
    InitComparison,
    LectureCheck,
    ModelSummary,
    SplitArithmetic,
    TrainResult,
)
from vizdl.style import THEME, init_style, text_on

__all__ = [
    "figure_learning_curves",
    "figure_overfitting",
    "figure_inference",
    "figure_confusion",
    "figure_init_histograms",
    "figure_ridgelines",
    "figure_splits",
    "figure_lecture_check",
]


def _epoch_axis(ax, r: TrainResult) -> None:
    top = ax.secondary_xaxis(
        "top",
        functions=(lambda x: x / r.iterations_per_epoch, lambda e: e * r.iterations_per_epoch),
    )
    top.set_xlabel("epoch", fontsize=10)


def figure_learning_curves(fig: Figure, r: TrainResult) -> None:
    """Loss and accuracy against iteration: every mini-batch (faint), its moving average, and the
    validation set after each epoch."""
    ax1, ax2 = fig.subplots(1, 2)
    it = np.arange(1, len(r.it_loss) + 1)
    w = max(r.iterations_per_epoch // 10, 1)
    ends = r.iterations_per_epoch * np.arange(1, len(r.val_loss) + 1)
    for ax, batch, val, name in (
        (ax1, r.it_loss, r.val_loss, "loss (cross-entropy)"),
        (ax2, r.it_acc * 100, r.val_acc * 100, "accuracy (%)"),
    ):
        ax.plot(
            it,
            batch,
            color=THEME.splits["train"],
            alpha=0.18,
            lw=0.7,
            label="train, each mini-batch",
        )
        ax.plot(
            it,
            moving_average(batch, w),
            color=THEME.splits["train"],
            lw=2.0,
            label=f"train, mean of the last {w} batches",
        )
        if np.isfinite(val).any():
            ax.plot(
                ends,
                val,
                "o-",
                color=THEME.splits["validation"],
                lw=2.0,
                ms=5,
                label="validation, after each epoch",
            )
        ax.set_xlabel("iteration (mini-batch)")
        ax.set_ylabel(name)
        ax.set_xlim(0, it[-1] if len(it) else 1)
        _epoch_axis(ax, r)
    ax1.set_ylim(0, min(float(np.nanmax(r.it_loss[: max(w, 1) * 3])) * 1.1, 3.0))
    ax2.set_ylim(max(float(np.nanmin(moving_average(r.it_acc * 100, w))) - 10, 0), 100)
    ax1.legend(loc="upper right")
    cfg = r.config
    acc = f"test accuracy {r.test_acc * 100:.2f}%" if np.isfinite(r.test_acc) else "diverged"
    fig.suptitle(
        f"{cfg['model']}, {cfg['optimizer']} lr {cfg['lr']:g}, batch {cfg['batch_size']}, "
        f"{r.n_train:,} training / {r.n_val:,} validation images: {acc}",
        fontsize=12.5,
    )
    if is_slide(fig):  # a panel a slide, the legend beside each, the settings in its title
        for ax, name in ((ax1, "loss"), (ax2, "accuracy (%)")):
            handles, labels = ax1.get_legend_handles_labels()
            ax.legend(
                handles,
                ["train, each batch", f"train, mean of {w}", "validation, per epoch"][
                    : len(handles)
                ],
                title=f"{cfg['optimizer']} lr {cfg['lr']:g}, batch {cfg['batch_size']}\n{acc}",
                loc="upper left",
                bbox_to_anchor=(1.02, 1.0),
            )
            ax.set_ylabel(name)
            ax.set_xlabel("iteration")
            for top in ax.child_axes:  # the epoch axis: whole epochs, named in their labels
                top.set_xlabel("")
                # the middle and the last epoch: one near the left met the y axis's top label
                epochs = max(len(r.val_loss), 1)
                top.set_xticks(sorted({max(epochs // 2, 1), epochs}))
                top.xaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("epoch {x:g}"))
        slide_pages(fig, [[0], [1]])


def figure_overfitting(fig: Figure, r: TrainResult) -> None:
    """Training vs validation loss per epoch on a small training set: the gap opens, the
    validation loss turns up; the epoch with the lowest validation loss is marked."""
    ax1, ax2 = fig.subplots(1, 2)
    ep = np.arange(1, len(r.train_loss) + 1)
    best = int(np.nanargmin(r.val_loss)) + 1
    ax1.plot(ep, r.train_loss, color=THEME.splits["train"], label="training loss")
    ax1.plot(ep, r.val_loss, color=THEME.splits["validation"], ls="--", label="validation loss")
    ax1.set_yscale("log")
    ax2.plot(ep, r.train_acc * 100, color=THEME.splits["train"], label="training accuracy")
    ax2.plot(
        ep, r.val_acc * 100, color=THEME.splits["validation"], ls="--", label="validation accuracy"
    )
    for ax in (ax1, ax2):
        ax.axvline(best, color=THEME.greys["0.35"], lw=1.0, ls=":")
        ax.set_xlabel("epoch")
        ax.legend(loc="center right")
    ax1.annotate(
        f"lowest validation loss\n{r.val_loss[best - 1]:.3f} at epoch {best}",
        (best, r.val_loss[best - 1]),
        xytext=(12, 30),
        textcoords="offset points",
        arrowprops=dict(arrowstyle="->", color=THEME.greys["0.35"]),
        fontsize=9.5,
    )
    ax1.text(
        ep[-1],
        r.val_loss[-1],
        f" {r.val_loss[-1]:.3f}",
        va="center",
        fontsize=9.5,
        color=THEME.splits["validation"],
    )
    ax1.set_ylabel("loss (cross-entropy, log scale)")
    ax2.set_ylabel("accuracy (%)")
    fig.suptitle(
        f"Overfitting: {r.n_train:,} training images, {r.config['model']}, "
        f"{len(ep)} epochs — training loss keeps falling, validation loss turns up",
        fontsize=12.5,
    )
    if is_slide(fig):  # a panel a slide; the annotations' numbers in the legends beside them
        for t in list(ax1.texts):
            t.remove()
        low = f"lowest validation\nloss {r.val_loss[best - 1]:.3f},\nepoch {best}"
        ax1.plot([best], [r.val_loss[best - 1]], "o", color=THEME.splits["validation"], ms=6)
        ax1.yaxis.set_major_locator(matplotlib.ticker.LogLocator(subs=(1.0, 2.0, 5.0)))
        ax1.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:g}"))
        for ax, labels in (
            (ax1, ["training", f"validation,\nends {r.val_loss[-1]:.3f}", low]),
            (ax2, ["training", "validation", f"lowest validation\nloss: epoch {best}"]),
        ):
            (train, val) = ax.get_lines()[:2]
            mark = [ln for ln in ax.get_lines() if ln.get_linestyle() == ":"][0]
            ax.legend(
                [train, val, mark],
                labels,
                title=f"trained on\n{r.n_train:,} images",
                loc="upper left",
                bbox_to_anchor=(1.02, 1.0),
            )
            ax.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(4, integer=True))
        ax1.set_ylabel("loss (log scale)")
        slide_pages(fig, [[0], [1]])


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max())
    return e / e.sum()


def figure_inference(fig: Figure, r: TrainResult, index: int = 0) -> None:
    """One test image and the network's ten outputs: raw scores ("soft decisions", as the lecture
    prints them) and their softmax probabilities, the hard decision highlighted."""
    ax_img, ax_bar = fig.subplots(1, 2, width_ratios=[1, 2.2])
    img = r.example_images[index]
    true = int(r.example_labels[index])
    logits = r.example_logits[index]
    p = _softmax(logits)
    hard = int(np.argmax(logits))
    ax_img.imshow(img, cmap=THEME.images, vmin=0, vmax=255)
    ax_img.set_xticks([])
    ax_img.set_yticks([])
    ax_img.grid(False)
    ax_img.set_title(f"test image {index}: {r.classes[true]}")
    y = np.arange(len(r.classes))[::-1]
    colors = [THEME.palette[2] if k == hard else THEME.greys["0.7"] for k in range(len(p))]
    ax_bar.barh(y, p * 100, color=colors)
    ax_bar.set_yticks(y, [f"{k} {c}" for k, c in enumerate(r.classes)])
    ax_bar.set_xlim(0, 115)
    ax_bar.set_xlabel("softmax probability (%)")
    for k in range(len(p)):
        mark = "  ← hard decision" if k == hard else ""
        ax_bar.text(
            p[k] * 100 + 1,
            y[k],
            f"{p[k] * 100:.2f}%  (score {logits[k]:+.2f}){mark}",
            va="center",
            fontsize=9,
        )
    ax_bar.grid(axis="y", visible=False)
    verdict = "correct" if hard == true else f"wrong (true: {r.classes[true]})"
    ax_bar.set_title(f"the network says {r.classes[hard]}: {verdict}")
    fig.suptitle(
        f"Inference with the trained {r.config['model']} (test accuracy {r.test_acc * 100:.2f}%): "
        "model(x) gives ten scores; softmax turns them into probabilities",
        fontsize=12,
    )
    if is_slide(fig):  # the image, then the bars with their numbers in a column beside them
        for t in list(ax_bar.texts):
            t.remove()
        ax_bar.set_xlim(0, 100)
        # the numbers are written beside each bar: no x axis, the column says what they are
        ax_bar.set_xticks([])
        ax_bar.set_xlabel("")
        ax_bar.spines["bottom"].set_visible(False)
        ax_bar.tick_params(axis="y", length=0)
        col = ax_bar.secondary_yaxis("right")
        col.set_yticks(y, [f"{p[k] * 100:.2f}%, {logits[k]:+.2f}" for k in range(len(p))])
        col.tick_params(length=0)
        col.spines["right"].set_visible(False)
        col.set_ylabel("softmax %, score")
        col.get_yticklabels()[hard].set_color(THEME.palette[2])
        # the verdict under both slides: a title over the narrow bars would take two lines
        ax_bar.set_title("")
        said = "correct" if hard == true else f"true: {r.classes[true]}"
        slide_note(fig, f"hard decision (green): {r.classes[hard]}, {said}")
        ax_img.set_xlabel(f"{r.config['model']}, test accuracy {r.test_acc * 100:.2f}%")
        slide_pages(fig, [[0], [1]])


def figure_confusion(fig: Figure, r: TrainResult) -> None:
    """The 10 × 10 confusion matrix on the test set: counts, coloured by the share of each row."""
    conf = r.confusion.astype(float)
    rows = conf.sum(axis=1, keepdims=True)
    share = np.divide(conf, rows, out=np.zeros_like(conf), where=rows > 0)
    if is_slide(fig):
        _slide_confusion(fig, r, conf, share)
        return
    ax = fig.subplots()
    im = ax.imshow(share * 100, cmap=THEME.shares, vmin=0, vmax=100)
    ax.grid(False)
    names = [c.replace("T-shirt/top", "T-shirt") for c in r.classes]
    ax.set_xticks(range(10), names, rotation=40, ha="right")
    ax.set_yticks(range(10), names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    for i in range(10):
        for j in range(10):
            if conf[i, j]:
                ax.text(
                    j,
                    i,
                    f"{int(conf[i, j])}",
                    ha="center",
                    va="center",
                    fontsize=8.5,
                    color="white" if share[i, j] > 0.5 else "black",
                )
    fig.colorbar(im, ax=ax, shrink=0.8, label="% of the true class")
    worst = np.unravel_index(np.argmax(conf - np.diag(np.diag(conf))), conf.shape)
    ax.set_title(
        f"Test accuracy {r.test_acc * 100:.2f}% on {r.n_test:,} images; most confused: "
        f"{names[worst[0]]} → {names[worst[1]]} ({int(conf[worst])}×)",
        fontsize=11.5,
    )


def _slide_confusion(fig: Figure, r: TrainResult, conf: np.ndarray, share: np.ndarray) -> None:
    """The matrix on a slide: ten rows at 14 pt leave no room for the counts in the cells (the
    colour, each cell's share of its row, stays); the columns are named by the class numbers the
    rows spell out, the largest confusion is outlined, and the title's numbers stand beside it."""
    names = [c.replace("T-shirt/top", "T-shirt") for c in r.classes]
    ax, side = fig.subplots(1, 2, width_ratios=[1.0, 0.6])
    im = ax.imshow(share * 100, cmap=THEME.shares, vmin=0, vmax=100)
    ax.grid(False)
    ax.set_xticks(range(10), [str(k) for k in range(10)])
    ax.set_yticks(range(10), [f"{k} {c}" for k, c in enumerate(names)])
    ax.tick_params(length=2)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    off = conf - np.diag(np.diag(conf))
    i, j = (int(k) for k in np.unravel_index(np.argmax(off), conf.shape))
    ax.add_patch(
        matplotlib.patches.Rectangle(
            (j - 0.5, i - 0.5), 1, 1, fill=False, lw=2.0, ec=THEME.palette[3], zorder=3
        )
    )
    side.axis("off")
    keep_lines(
        side.text(
            0.0,
            1.0,
            f"test accuracy\n{r.test_acc * 100:.2f}%\nmost confused\n(outlined):\n"
            f"{names[i]} →\n{names[j]},\n{int(conf[i, j])} images",
            transform=side.transAxes,
            ha="left",
            va="top",
        )
    )
    cax = side.inset_axes([0.0, 0.17, 0.9, 0.07])
    cb = fig.colorbar(im, cax=cax, orientation="horizontal")
    cb.set_ticks([0, 50, 100])
    cb.set_label("% of its row")
    slide_pages(fig, [[0, 1]])


def _hist_panel(ax, edges: np.ndarray, first: np.ndarray, last: np.ndarray, color: str) -> None:
    total = max(last.sum(), 1)
    ax.stairs(last / total * 100, edges, fill=True, color=color, alpha=0.55, label="after training")
    ax.stairs(
        first / max(first.sum(), 1) * 100, edges, color=THEME.greys["0.2"], lw=1.0, label="at init"
    )
    ax.set_yticks([])
    ax.tick_params(labelsize=7.5)
    ax.set_xlim(edges[0], edges[-1])


def figure_init_histograms(fig: Figure, c: InitComparison) -> None:
    """The lecture's slide: weight histograms after training, one panel per initializer, for the
    second junction (hidden → output) and the first (input → hidden), the initial ones outlined."""
    n = len(c.inits)
    cols = min(n, 5)
    rows = int(np.ceil(n / cols))
    subs = fig.subfigures(2, 1)
    for s, (sub, layer, name) in enumerate(
        zip(subs, (1, 0), ("second junction (200 → 10)", "first junction (784 → 200)"), strict=True)
    ):
        axes = np.atleast_1d(sub.subplots(rows, cols)).ravel()
        for i in range(n):
            ax = axes[i]
            st = init_style(c.inits[i])
            edges, counts = rebin(c.hist_edges[i, layer], c.hist_counts[i, [0, -1], layer])
            _hist_panel(ax, edges, counts[0], counts[1], st["color"])
            if c.hist_outside[i, -1, layer]:
                ax.text(
                    0.98,
                    0.95,
                    f"{int(c.hist_outside[i, -1, layer])} beyond ±{c.hist_edges[i, layer, -1]:.2g}",
                    transform=ax.transAxes,
                    ha="right",
                    va="top",
                    fontsize=7,
                )
            acc = f"{c.test_acc[i] * 100:.1f}%" if np.isfinite(c.test_acc[i]) else "diverged"
            ax.set_title(f"{c.labels[i]}\ntest {acc}", fontsize=9.5)
        for ax in axes[n:]:
            ax.set_visible(False)
        sub.suptitle(
            f"Weights of the {name} after {c.epochs} epochs (filled) and at "
            "initialization (outline)",
            fontsize=11.5,
        )
        if s == 0:
            axes[0].legend(fontsize=7.5, loc="upper left")
    fig.suptitle(
        f"{c.model}, {c.optimizer.upper()} lr {c.lr:g}, {c.n_train:,} Fashion-MNIST images, "
        "no regularization: one run per initializer",
        fontsize=12.5,
    )


def figure_ridgelines(fig: Figure, c: InitComparison) -> None:
    """TensorBoard-style ridgelines: the second junction's weight histogram after every epoch,
    stacked from epoch 0 (back) to the last (front), for a few initializers."""
    chosen = [i for i, name in enumerate(c.inits) if name in RIDGE_INITS] or list(
        range(min(4, len(c.inits)))
    )
    axes = np.atleast_1d(fig.subplots(1, len(chosen)))
    cmap = matplotlib.colormaps["viridis"]
    n_ep = len(c.hist_epochs)
    for ax, i in zip(axes, chosen, strict=True):
        edges, counts = rebin(c.hist_edges[i, 1], c.hist_counts[i, :, 1], target=60)
        centers = 0.5 * (edges[:-1] + edges[1:])
        peak = counts.max() or 1
        step = 0.35
        for e in range(n_ep):
            base = e * step
            y = counts[e] / peak
            color = cmap(e / max(n_ep - 1, 1) * 0.9)
            ax.fill_between(centers, base, base + y, color=color, alpha=0.75, lw=0, zorder=n_ep - e)
            ax.plot(centers, base + y, color=THEME.background, lw=0.8, zorder=n_ep - e)
        ax.set_yticks(
            [e * step for e in range(0, n_ep, max(n_ep // 5, 1))],
            [f"epoch {int(c.hist_epochs[e])}" for e in range(0, n_ep, max(n_ep // 5, 1))],
        )
        ax.set_title(c.labels[i], fontsize=11, color=init_style(c.inits[i])["color"])
        ax.set_xlabel("weight value")
        ax.grid(False)
    fig.suptitle(
        f"Second-junction weights (200 → 10) of {c.model} after every epoch: how the distribution "
        f"moves away from its initializer ({c.optimizer.upper()} lr {c.lr:g})",
        fontsize=12.5,
    )


def figure_splits(fig: Figure, s: SplitArithmetic) -> None:
    """The lecture's split example drawn to scale: 100,000 → 70/15/15, the 70,000 training
    examples as 1000 mini-batches of 70, and the same split of Fashion-MNIST's 70,000 images."""
    if is_slide(fig):
        _slide_splits(fig, s)
        return
    ax1, ax2, ax3 = fig.subplots(3, 1, height_ratios=[1, 1.1, 2.2])
    colors = (THEME.splits["train"], THEME.splits["validation"], THEME.splits["test"])
    names = ("train", "validation", "test")
    left = 0
    for k in range(3):
        ax1.barh(0, s.sizes[k], left=left, color=colors[k], height=0.6)
        ax1.text(
            left + s.sizes[k] / 2,
            0,
            f"{names[k]}\n{s.sizes[k]:,} ({s.fractions[k]:.0%})",
            ha="center",
            va="center",
            color=THEME.on_dark,
            fontsize=10.5,
            fontweight="bold",
        )
        left += s.sizes[k]
    ax1.set_xlim(0, s.total)
    ax1.xaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    ax1.set_yticks([])
    ax1.set_title(
        f"{s.total:,} examples split {' / '.join(f'{f:.0%}' for f in s.fractions)}",
        fontsize=11.5,
    )
    ax1.grid(False)
    # mini-batches of the training set: the first few and the last two, each a labelled cell
    # (a strip of 1000 thin cells is only a moiré), the ones between as an ellipsis
    n_it = s.iterations
    first = list(range(min(n_it, 6)))
    last = [b for b in range(max(n_it - 2, len(first)), n_it)]
    slots = first + ([None] if last and last[0] > first[-1] + 1 else []) + last
    for pos, b in enumerate(slots):
        if b is None:
            ax2.text(
                pos + 0.5, 0.5, "…", ha="center", va="center", fontsize=20, color=THEME.greys["0.3"]
            )
            continue
        lo = b * s.batch_size + 1
        hi = min((b + 1) * s.batch_size, int(s.sizes[0]))
        ax2.add_patch(
            matplotlib.patches.Rectangle(
                (pos + 0.05, 0.1),
                0.9,
                0.8,
                color=(THEME.splits["train"], THEME.splits["batch"])[b % 2],
            )
        )
        ax2.text(
            pos + 0.5,
            0.5,
            f"batch {b + 1:,}\nexamples\n{lo:,}–{hi:,}",
            ha="center",
            va="center",
            color=text_on((THEME.splits["train"], THEME.splits["batch"])[b % 2]),
            fontsize=9.5,
            fontweight="bold",
        )
    ax2.set_xlim(0, len(slots))
    ax2.set_ylim(0, 1)
    ax2.set_xticks([])
    ax2.set_yticks([])
    ax2.grid(False)
    for side in ("left", "bottom"):
        ax2.spines[side].set_visible(False)
    last_note = "" if s.last_batch == s.batch_size else f" (the last one has {s.last_batch})"
    ax2.set_title(
        f"{s.sizes[0]:,} training examples / batch {s.batch_size} = {n_it:,} mini-batches"
        f"{last_note}: 1 epoch = {n_it:,} iterations = {n_it:,} gradient updates\n"
        "(one epoch, mini-batch after mini-batch; the order is reshuffled every epoch)",
        fontsize=11.5,
    )
    # Fashion-MNIST's own split, per class
    x = np.arange(10)
    share = s.fmnist_class_counts / s.fmnist_class_counts.sum(axis=1, keepdims=True) * 100
    for k in range(3):
        ax3.bar(
            x + (k - 1) * 0.27,
            share[k],
            width=0.27,
            color=colors[k],
            label=f"{names[k]}: {int(s.fmnist_sizes[k]):,} images",
        )
    ax3.axhline(10, color=THEME.greys["0.3"], lw=0.8, ls=":")
    from vizdl.sim.data import CLASSES

    ax3.set_xticks(x, CLASSES, fontsize=9)
    ax3.set_ylim(8, 12)
    ax3.set_ylabel("% of the split")
    ax3.legend(ncol=3, loc="upper center", fontsize=9.5)
    ax3.set_title(
        f"Fashion-MNIST's {int(s.fmnist_sizes.sum()):,} images split the same way: every class "
        f"is {share.min():.1f}–{share.max():.1f}% of each split; batch {s.batch_size} → "
        f"{s.fmnist_iterations:,} iterations per epoch",
        fontsize=11.5,
    )


def _slide_splits(fig: Figure, s: SplitArithmetic) -> None:
    """The slide version: the split (sizes in a legend beside the bar), then the mini-batches
    as a column of cells; Fashion-MNIST's per-class shares are left to the full figure."""
    ax1, ax2 = fig.subplots(1, 2)
    colors = (THEME.splits["train"], THEME.splits["validation"], THEME.splits["test"])
    names = ("train", "validation", "test")
    left = 0
    for k in range(3):
        ax1.barh(
            0,
            s.sizes[k],
            left=left,
            color=colors[k],
            height=0.6,
            label=f"{names[k]}: {s.sizes[k]:,} ({s.fractions[k]:.0%})",
        )
        left += s.sizes[k]
    ax1.set_xlim(0, s.total)
    ax1.set_xticks([0, s.total])
    ax1.xaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    ax1.set_yticks([])
    ax1.grid(False)
    ax1.set_title(f"{s.total:,} examples")
    ax1.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0))
    n_it = s.iterations
    first = list(range(min(n_it, 3)))
    last = [b for b in range(max(n_it - 1, len(first)), n_it)]
    slots = first + ([None] if last and last[0] > first[-1] + 1 else []) + last
    rows = len(slots)
    for pos, b in enumerate(slots):
        y = rows - 1 - pos
        if b is None:
            ax2.text(0.5, y + 0.5, "…", ha="center", va="center", color=THEME.greys["0.3"])
            continue
        lo = b * s.batch_size + 1
        hi = min((b + 1) * s.batch_size, int(s.sizes[0]))
        color = (THEME.splits["train"], THEME.splits["batch"])[b % 2]
        ax2.add_patch(matplotlib.patches.Rectangle((0.02, y + 0.08), 0.96, 0.84, color=color))
        ax2.text(
            0.5,
            y + 0.5,
            f"batch {b + 1:,}: examples {lo:,}–{hi:,}",
            ha="center",
            va="center",
            color=text_on(color),
        )
    ax2.set_xlim(0, 1)
    ax2.set_ylim(0, rows)
    ax2.set_xticks([])
    ax2.set_yticks([])
    ax2.grid(False)
    for side in ("left", "bottom"):
        ax2.spines[side].set_visible(False)
    last_note = "" if s.last_batch == s.batch_size else f", the last one of {s.last_batch}"
    ax2.set_title(
        f"{s.sizes[0]:,} training examples: {n_it:,} mini-batches of {s.batch_size}{last_note}; "
        f"1 epoch = {n_it:,} updates"
    )
    slide_note(fig, "Fashion-MNIST's split per class: see the full figure")
    slide_pages(fig, [[0], [1]])


def figure_lecture_check(fig: Figure, c: LectureCheck) -> None:
    """Our runs beside the lecture's printed numbers, one marker per seed, the tolerance of the
    claims shaded: per-epoch running training accuracy at the code's lr 1e-4 (left); test
    accuracy after the last epoch at lr 1e-4 and at lr 1e-3 (right)."""
    from vizdl.checks.training import TEST_TOLERANCE, TRAIN_TOLERANCE

    if c.train_acc.shape[1] != len(c.lecture_train_acc) or c.train_acc.shape[1] > 4:
        raise ValueError(
            f"the lecture printed 4 epochs; cannot compare {c.train_acc.shape[1]} epochs"
        )
    ax1, ax2 = fig.subplots(1, 2, width_ratios=[1.5, 1])
    ep = np.arange(1, c.train_acc.shape[1] + 1)
    ax1.fill_between(
        ep,
        (c.lecture_train_acc - TRAIN_TOLERANCE) * 100,
        (c.lecture_train_acc + TRAIN_TOLERANCE) * 100,
        color=THEME.greys["0.85"],
        label=f"lecture ± {TRAIN_TOLERANCE * 100:g} point",
    )
    ax1.plot(ep, c.lecture_train_acc * 100, "k*-", ms=11, label="lecture (printed)")
    for k, s in enumerate(c.seeds):
        ax1.plot(
            ep,
            c.train_acc[k] * 100,
            "o--",
            color=THEME.palette[k % 8],
            ms=5,
            label=f"vizdl, seed {s}",
        )
    ax1.set_xticks(ep)
    ax1.set_xlabel(f"epoch ({c.iterations_per_epoch} iterations each)")
    ax1.set_ylabel("running training accuracy (%)")
    ax1.set_title(
        f"The lecture's code, Adam lr {c.lr_code:g}: training accuracy per epoch", fontsize=11.5
    )
    ax1.legend(fontsize=9)
    lec = c.lecture_test_acc * 100
    ax2.axhspan(
        lec - TEST_TOLERANCE * 100,
        lec + TEST_TOLERANCE * 100,
        color=THEME.greys["0.85"],
        label=f"lecture ± {TEST_TOLERANCE * 100:g} point",
    )
    ax2.axhline(lec, color=THEME.figure_ink, lw=1.5, label=f"lecture (printed) {lec:.2f}%")
    n = len(c.seeds)
    x = np.arange(n)
    for acc, dx, color, marker, name in (
        (c.test_acc_code, -0.12, THEME.palette[1], "s", f"vizdl, lr {c.lr_code:g} (the code's)"),
        (c.test_acc, 0.12, THEME.palette[0], "o", f"vizdl, lr {c.lr_fast:g}"),
    ):
        ax2.plot(x + dx, acc * 100, marker, color=color, ms=9, ls="none", label=name)
        for k in range(n):
            ax2.text(k + dx + 0.07, acc[k] * 100, f"{acc[k] * 100:.2f}%", va="center", fontsize=9.5)
    ax2.set_xticks(x, [f"seed {s}" for s in c.seeds])
    ax2.set_xlim(-0.5, n - 0.1)
    lo = min(float(np.min(c.test_acc_code)), float(np.min(c.test_acc)), c.lecture_test_acc)
    hi = max(float(np.max(c.test_acc_code)), float(np.max(c.test_acc)), c.lecture_test_acc)
    ax2.set_ylim(lo * 100 - 1.5, hi * 100 + 2.5)
    ax2.set_ylabel("test accuracy (%)")
    ax2.set_title(
        f"Test accuracy after {c.train_acc.shape[1]} epochs "
        f"({c.train_acc.shape[1] * c.iterations_per_epoch} iterations)",
        fontsize=11.5,
    )
    ax2.legend(fontsize=8.5, loc="upper left")
    fig.suptitle(
        f"The lecture's 784-128-10 on Fashion-MNIST (Adam, batch {c.batch_size}, "
        f"{c.n_train:,} training images), retrained by vizdl from {n} seeds",
        fontsize=12.5,
    )


__all__ += ["figure_model_summary"]


def _summary_text(names, shapes, params, total: int, trainable: int, mb: float) -> str:
    """torchsummary's printout of the rows."""
    rule = "-" * 56
    lines = [rule, f"{'Layer (type)':>20}{'Output Shape':>22}{'Param #':>14}", "=" * 56]
    lines += [f"{n:>20}{s:>22}{int(p):>14,}" for n, s, p in zip(names, shapes, params, strict=True)]
    lines += [
        "=" * 56,
        f"Total params: {total:,}",
        f"Trainable params: {trainable:,}",
        f"Non-trainable params: {total - trainable:,}",
        rule,
        f"Params size (MB): {mb:.2f}",
        rule,
    ]
    return "\n".join(lines)


def _slide_summary(fig: Figure, r: ModelSummary) -> None:
    """The summary on a slide: the nn.Module's table in torchsummary's columns, narrowed to fit
    at 14 pt, and one line each for the nn.Sequential's total and the outputs' difference (the
    Sequential's own table, the image and the logits are left to the full figure)."""
    mb = int(r.module_total) * int(r.param_bytes) / 2**20
    rule = "-" * 38
    lines = [f"{'Layer (type)':<13}{'Output Shape':>16}{'Param #':>9}", rule]
    lines += [
        f"{n:<13}{s:>16}{int(p):>9,}"
        for n, s, p in zip(r.module_names, r.module_shapes, r.module_params, strict=True)
    ]
    lines += [
        rule,
        f"Total params: {int(r.module_total):,}",
        f"Trainable params: {int(r.module_trainable):,}",
        f"Params size (MB): {mb:.2f}",
        rule,
        f"nn.Sequential: {int(r.sequential_total):,} params",
        f"max |Sequential − Module|: {r.diff_after:.3g}",
    ]
    ax = fig.add_subplot()
    ax.axis("off")
    ax.text(
        0.5,
        0.5,
        "\n".join(lines),
        transform=ax.transAxes,
        ha="center",
        va="center",
        family=THEME.mono,
        fontsize=14,
        linespacing=1.15,
        multialignment="left",
    )


def figure_model_summary(fig: Figure, r: ModelSummary) -> None:
    """The lecture's torchsummary table computed from the real model, written as an nn.Module
    subclass and as nn.Sequential, and the two shown to compute the same function: the first test
    image's outputs, and the largest difference over the test images before and after the copy."""
    if is_slide(fig):
        _slide_summary(fig, r)
        return
    sub = fig.subfigures(2, 1, height_ratios=[1.0, 1.05])
    top = sub[0].subplots(1, 2)
    mb = int(r.module_total) * int(r.param_bytes) / 2**20
    shape = ", ".join(str(n) for n in r.input_size)
    for ax, title, rows in (
        (
            top[0],
            "class Net(nn.Module): hidden, output; forward: F.relu",
            (r.module_names, r.module_shapes, r.module_params, r.module_total, r.module_trainable),
        ),
        (
            top[1],
            "nn.Sequential(nn.Linear, nn.ReLU(), nn.Linear)",
            (
                r.sequential_names,
                r.sequential_shapes,
                r.sequential_params,
                r.sequential_total,
                r.sequential_trainable,
            ),
        ),
    ):
        ax.axis("off")
        ax.text(
            0.5,
            0.5,
            _summary_text(*rows, mb),
            transform=ax.transAxes,
            ha="center",
            va="center",
            family=THEME.mono,
            fontsize=9.5,
            bbox=dict(facecolor=THEME.table["header"], lw=0, pad=6),
        )
        ax.set_title(f"{title}\nsummary(model, input_size=({shape}))", fontsize=11)
    bottom = sub[1].subplots(1, 2, width_ratios=[0.55, 1.6])
    ax = bottom[0]
    ax.imshow(r.image, cmap=THEME.images)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title(f"first test image: {r.label_name}", fontsize=11)
    ax = bottom[1]
    xs = np.arange(len(r.logits_sequential))
    w = 0.27
    ax.bar(xs - w, r.logits_sequential, w, color=THEME.palette.blue, label="nn.Sequential")
    ax.bar(
        xs,
        r.logits_module,
        w,
        color=THEME.palette.orange,
        label="nn.Module, the Sequential's weights copied in",
    )
    ax.bar(
        xs + w,
        r.logits_module_before,
        w,
        color=THEME.faint,
        hatch="//",
        edgecolor=THEME.greys["0.5"],
        lw=0,
        label="nn.Module, its own initial weights",
    )
    ax.axhline(0, color=THEME.greys["0.3"], lw=0.8)
    from vizdl.sim.data import CLASSES

    ax.set_xticks(xs, CLASSES[: len(xs)], fontsize=8.5, rotation=20)
    ax.set_ylabel("output (logit), untrained")
    ax.legend(fontsize=9, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3)
    ax.set_title(
        f"Over {r.n_images:,} test images: max |Sequential − Module| = {r.diff_after:.3g} after "
        f"the copy ({r.diff_before:.2f} before)",
        fontsize=11,
    )
    fig.suptitle(
        f"The lecture's first model ({r.model}), two ways to write it: one table, one function",
        fontsize=12.5,
    )
