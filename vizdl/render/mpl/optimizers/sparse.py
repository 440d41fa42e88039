"""Adagrad on sparse features. Reads :mod:`vizdl.sim.optimizers.sparse`."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from vizdl.checks.sparse import LEARNED
from vizdl.render.mpl.slides import is_slide, slide_pages
from vizdl.sim.optimizers.sparse import SparseFeatures
from vizdl.style import THEME, racer_style

__all__ = ["figure_sparse_features"]


def figure_sparse_features(fig: Figure, r: SparseFeatures) -> None:
    """Left: each parameter's effective learning rate at the end, per optimizer. Right: the RMS
    error of the common and the rare features' weights over the steps."""
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": (1.0, 1.25)})
    d = len(r.rare)
    idx = np.arange(d)
    width = 0.4
    for k, label in enumerate(r.labels):
        st = racer_style(label)
        left.bar(idx + (k - 0.5) * width, r.eff_lr[k, -1], width, color=st["color"],
                 label=f"{label} (η = {r.lrs[k]:.3g})")  # fmt: skip
    n_common = int((~r.rare).sum())
    left.axvline(n_common - 0.5, color=THEME.muted, lw=1, ls="--")
    groups = [
        left.text(n_common / 2 - 0.5, 1.02, f"common: on in {r.p_common:.0%}", ha="center",
                  transform=left.get_xaxis_transform(), fontsize=9),
        left.text(n_common + (d - n_common) / 2 - 0.5, 1.02, f"rare: on in {r.p_rare:.0%}",
                  ha="center", transform=left.get_xaxis_transform(), fontsize=9),
    ]  # fmt: skip
    left.set_xticks(idx)
    left.set_xticklabels([str(i + 1) for i in idx], fontsize=7)
    left.set_xlabel("feature (weight) i")
    left.set_ylabel(f"effective learning rate after step {r.steps}")
    left.set_title("Adagrad: η/(√Gᵢᵢ + ε) per parameter; SGD: η for all", pad=18)
    left.legend(fontsize=9, loc="upper left")

    t = np.arange(r.steps + 1)
    for k, label in enumerate(r.labels):
        st = racer_style(label)
        right.plot(t, r.error[k, :, 0], color=st["color"], lw=1.6, ls="-",
                   label=f"{label}, common features")  # fmt: skip
        right.plot(t, r.error[k, :, 1], color=st["color"], lw=1.6, ls="--",
                   label=f"{label}, rare features")  # fmt: skip
    right.axhline(LEARNED * r.error[0, 0, 0], color=THEME.muted, lw=1, ls=":",
                  label=f"{LEARNED:.0%} of the start's error")  # fmt: skip
    right.set_xscale("symlog", linthresh=10)
    right.set_xlim(0, r.steps)
    right.set_yscale("log")
    right.set_xlabel(f"step (mini-batches of {r.batch_size})")
    right.set_ylabel("RMS error of the group's weights, |w − w*|")
    right.set_title("How fast each group of weights is learned")
    right.legend(fontsize=9, loc="lower left")
    if is_slide(fig):  # a panel a slide, the legends beside, short labels
        # the groups named under their bars (their shares with them) instead of above
        for t in groups:
            t.set_visible(False)
        left.set_xticks(
            [n_common / 2 - 0.5, n_common + (d - n_common) / 2 - 0.5],
            [f"common: {r.p_common:.0%}", f"rare: {r.p_rare:.0%}"],
        )
        left.tick_params(axis="x", length=0)
        left.set_xlabel("feature group (on in % of examples)")
        left.set_ylabel(f"effective η, step {r.steps}")
        left.set_title("Adagrad: η/(√Gᵢᵢ + ε); SGD: η for all")
        handles, _ = left.get_legend_handles_labels()
        left.legend(
            handles,
            [f"{label}, η = {r.lrs[k]:.3g}" for k, label in enumerate(r.labels)],
            loc="upper left",
        )
        # the legend inside, over room made above the bars (beside, it left them no width)
        left.set_ylim(0, float(np.nanmax(r.eff_lr[:, -1])) * 1.5)
        fig._vizdl_keep_legends = True  # type: ignore[attr-defined]
        # colour names the optimizer, the line style the group (as in the full legend)
        handles = [
            *(right.plot([], [], color=racer_style(label)["color"])[0] for label in r.labels),
            right.plot([], [], color=THEME.muted, ls="-")[0],
            right.plot([], [], color=THEME.muted, ls="--")[0],
            right.get_lines()[2 * len(r.labels)],
        ]
        right.legend(
            handles,
            [*r.labels, "common", "rare", f"{LEARNED:.0%} of start"],
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
        )
        right.set_xlabel(f"step (batches of {r.batch_size})")
        right.set_ylabel("|w − w*| (RMS)")
        right.set_title("How fast each group is learned")
        slide_pages(fig, [[0], [1]])
