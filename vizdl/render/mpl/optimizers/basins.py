"""Basins of convergence. Reads :mod:`vizdl.sim.optimizers.basins`."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from vizdl.render.mpl.slides import is_slide, slide_note, slide_pages
from vizdl.sim.optimizers.basins import Basins
from vizdl.style import THEME

__all__ = [
    "basin_image",
    "figure_basins",
]


def basin_image(b: Basins, k: int) -> np.ndarray:
    """RGB image of racer ``k``'s basins: the colour says which minimum, the shade how fast
    (full colour: at once; pale: only by the last step); grey: no minimum; dark: diverged."""
    from matplotlib.colors import to_rgb

    which, steps_to = b.which[k], b.steps_to[k]
    img = np.empty((*which.shape, 3))
    img[:] = to_rgb(THEME.basins["none"])
    img[which == -2] = to_rgb(THEME.basins["diverged"])
    frac = np.clip(steps_to / b.steps, 0, 1)[..., None]
    for m in range(len(b.minima)):
        mask = which == m
        base = np.array(to_rgb(THEME.minima[m % len(THEME.minima)]))
        img[mask] = (base * (1 - 0.75 * frac) + 0.75 * frac)[mask]
    return img


def figure_basins(fig: Figure, b: Basins) -> None:
    """One basin map per optimizer, minima starred, with a legend panel."""
    n = len(b.labels)
    cols = 4
    rows = int(np.ceil((n + 1) / cols))
    extent = (b.xs[0], b.xs[-1], b.ys[0], b.ys[-1])
    axes = fig.subplots(rows, cols, squeeze=False)
    for k, ax in enumerate(axes.flat):
        if k >= n:
            ax.set_axis_off()
            continue
        ax.imshow(basin_image(b, k), origin="lower", extent=extent, interpolation="nearest")
        ax.plot(
            b.minima[:, 0],
            b.minima[:, 1],
            "*",
            ms=11,
            color=THEME.background,
            mec=THEME.figure_ink,
            mew=0.8,
            ls="none",
        )
        conv = b.which[k] >= 0
        med = np.median(b.steps_to[k][conv]) if conv.any() else float("nan")
        ax.set_title(
            f"{b.labels[k]} (η = {b.lrs[k]:g})\n{conv.mean():.0%} converge, median {med:.0f} steps",
            fontsize=10,
        )
        # ticks at the ends and the middle of the mapped domain (Himmelblau's: -5, 0, 5)
        ax.set_xticks([b.xs[0], 0.5 * (b.xs[0] + b.xs[-1]), b.xs[-1]])
        ax.set_yticks([b.ys[0], 0.5 * (b.ys[0] + b.ys[-1]), b.ys[-1]])
        ax.grid(False)
    legend_ax = axes.flat[n] if n < axes.size else None
    if legend_ax is not None:
        from matplotlib.patches import Patch

        handles = [
            Patch(color=THEME.minima[m], label=f"minimum ({x:.2f}, {y:.2f})")
            for m, (x, y) in enumerate(b.minima)
        ]
        handles += [
            Patch(
                color=THEME.basins["none"],
                label=f"no minimum within {b.tol:g} after {b.steps} steps",
            ),
            Patch(color=THEME.basins["diverged"], label="diverged"),
        ]
        legend_ax.legend(
            handles=handles,
            loc="center",
            fontsize=9,
            title="Start point reaches",
            title_fontsize=10,
        )
        legend_ax.text(
            0.5,
            0.02,
            "paler = more steps needed",
            ha="center",
            fontsize=9,
            transform=legend_ax.transAxes,
        )
    fig.suptitle(
        f"Basins of convergence on {b.title}: where each start point ends up",
        fontsize=13,
        weight="bold",
    )
    if is_slide(fig):  # a map a slide, short title; its numbers and the colours' key beside
        from matplotlib.patches import Patch

        for ax in axes.flat[n:]:  # the key's panel and the empty one: the key goes on each map
            ax.set_visible(False)
        for k, ax in enumerate(axes.flat[:n]):
            conv = b.which[k] >= 0
            med = np.median(b.steps_to[k][conv]) if conv.any() else float("nan")
            ax.set_title(b.labels[k])
            ax.tick_params(axis="x", pad=8)  # the corner's two −5s apart at 14 pt
            key = [
                Patch(color=THEME.minima[m], label=f"min. ({x:.2f}, {y:.2f})")
                for m, (x, y) in enumerate(b.minima)
            ]
            key += [
                Patch(color=THEME.basins["none"], label=f"none within {b.tol:g}"),
                Patch(color=THEME.basins["diverged"], label="diverged"),
            ]
            ax.legend(
                handles=key,
                title=f"η = {b.lrs[k]:g}: {conv.mean():.0%} reach a\nminimum, median {med:.0f} steps",
                loc="upper left",
                bbox_to_anchor=(1.02, 1.0),
            )
        slide_note(fig, f"paler: more of the {b.steps} steps needed")
        slide_pages(fig, [[k] for k in range(n)])
