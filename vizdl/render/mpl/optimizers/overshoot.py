"""Nesterov vs momentum, same η and γ. Reads :mod:`vizdl.sim.optimizers.overshoot`."""

from __future__ import annotations

import matplotlib.ticker
import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from vizdl.checks.overshoot import settle_step, steep_coordinate
from vizdl.render.mpl.optimizers import draw_contours
from vizdl.render.mpl.slides import is_slide, slide_pages
from vizdl.sim.optimizers.overshoot import NesterovOvershoot
from vizdl.style import THEME, racer_style

__all__ = ["figure_nesterov_overshoot"]


def figure_nesterov_overshoot(fig: Figure, r: NesterovOvershoot) -> None:
    """Both paths on the contours (left); the steep coordinate per step, excursions past the
    minimum shaded (top right); the distance to the minimum on a log scale (bottom right)."""
    gs = fig.add_gridspec(2, 2, width_ratios=[1.0, 1.25], hspace=0.38, wspace=0.22)
    ax = fig.add_subplot(gs[:, 0])
    draw_contours(ax, r)
    ax.plot(*r.minimum, marker="*", ms=14, color=THEME.ink, ls="none", label="minimum")
    runs = (("Momentum", "standard momentum", r.momentum), ("NAG", "Nesterov (NAG)", r.nesterov))
    for key, label, tr in runs:
        st = racer_style(key)
        p = tr.points[:, 0]
        ax.plot(
            p[:, 0],
            p[:, 1],
            color=st["color"],
            marker=st["marker"],
            ls=st["ls"],
            ms=3,
            lw=1.3,
            label=label,
        )
    ax.plot(
        *r.momentum.points[0, 0],
        marker="o",
        ms=9,
        mfc=THEME.background,
        mec=THEME.ink,
        ls="none",
        label="start",
    )
    ax.set_aspect("equal")
    ax.set_xlim(r.X.min(), r.X.max())
    ax.set_ylim(r.Y.min(), r.Y.max())
    ax.set_xlabel(f"θ₁ (flat direction, curvature {r.curvatures[0]:g})")
    ax.set_ylabel(f"θ₂ (steep direction, curvature {r.curvatures[-1]:g})")
    ax.set_title(f"Same η = {r.lr:g}, γ = {r.gamma:g}, same start")
    ax.legend(loc="upper left", fontsize=9)

    top = fig.add_subplot(gs[0, 1])
    bottom = fig.add_subplot(gs[1, 1], sharex=top)
    steps = np.arange(r.momentum.steps + 1)
    top.axhline(0, color=THEME.reference, lw=0.9)
    top.axhspan(-10, 0, color=THEME.off, zorder=0)
    worst: list[str] = []
    swings: dict[str, str] = {}  # the same, by run (the slide's legend)
    settled: list[str] = []
    for key, label, tr in runs:
        st = racer_style(key)
        s = steep_coordinate(r, tr)
        top.plot(
            steps,
            s,
            color=st["color"],
            marker=st["marker"],
            ls=st["ls"],
            ms=2.5,
            lw=1.2,
            label=label,
        )
        k = int(np.argmin(s))
        if s[k] < 0:
            top.plot(k, s[k], marker="o", ms=11, mfc="none", mec=st["color"], mew=1.6, ls="none")
            worst.append(f"{label} {-s[k]:.2f} (step {k})")
            swings[key] = f": {-s[k]:.2f}, step {k}"
        d = np.linalg.norm(tr.points[:, 0] - r.minimum, axis=1)
        bottom.semilogy(steps, d, color=st["color"], ls=st["ls"], lw=1.3, label=label)
        n = settle_step(d, r.tol)
        name = "Nesterov" if key == "NAG" else "momentum"
        settled.append(f"{name}: step {n}" if n is not None else f"{name}: never")
        if n is not None:
            bottom.axvline(n, color=st["color"], ls=":", lw=1.0)
            bottom.annotate(
                f"step {n}", (n, r.tol), xytext=(n + 2, r.tol * 8), color=st["color"], fontsize=9
            )
    top.set_yscale("symlog", linthresh=r.tol, linscale=0.6)
    top.axhspan(-r.tol, r.tol, color=THEME.grid, alpha=0.6, zorder=0)
    top.set_ylim(
        -4 * abs(steep_coordinate(r, r.momentum)[0]), 4 * abs(steep_coordinate(r, r.momentum)[0])
    )
    notes = [top.text(
        0.99,
        0.04,
        f"shaded: past the minimum; band: within tol = {r.tol:g}",
        transform=top.transAxes,
        ha="right",
        fontsize=8.5,
        color=THEME.muted,
    )]  # fmt: skip
    if worst:
        notes.append(top.text(
            0.99,
            0.2,
            "largest excursion past the minimum (circled):\n" + ", ".join(worst),
            transform=top.transAxes,
            ha="right",
            fontsize=8.5,
            color=THEME.ink,
        ))  # fmt: skip
    top.set_ylabel("θ₂ − θ₂* (steep, symlog)")
    top.set_title("Along the steep direction: the swings across the minimum")
    top.legend(loc="upper right", fontsize=9)
    bottom.axhline(r.tol, color=THEME.reference, ls="--", lw=0.9)
    bottom.text(
        steps[-1],
        r.tol * 0.5,
        f"tol = {r.tol:g}",
        ha="right",
        va="top",
        fontsize=8.5,
        color=THEME.muted,
    )
    bottom.set_xlabel("step t")
    bottom.set_ylabel("‖θ − θ*‖")
    bottom.set_title(
        "Distance to the minimum (within tol for good from the dotted line)", fontsize=10.5
    )
    bottom.set_xlim(0, steps[-1])
    if is_slide(fig):  # a panel a slide, legends beside; the top panel's notes in its legend
        short = ["momentum", "Nesterov"]
        handles, _ = ax.get_legend_handles_labels()
        ax.legend(handles, ["minimum", *short, "start"], title=f"η = {r.lr:g}, γ = {r.gamma:g}",
                  loc="upper left", bbox_to_anchor=(1.02, 1.0))  # fmt: skip
        ax.set_title("")
        # the paths' own box (the surface's corners are empty): they fill the panel
        pts = np.concatenate([tr.points[:, 0] for _, _, tr in runs] + [[r.minimum]])
        pts = pts[np.all(np.isfinite(pts), axis=1)]
        lo, hi = pts.min(axis=0), pts.max(axis=0)
        pad = 0.12 * float((hi - lo).max())
        ax.set_xlim(max(lo[0] - pad, r.X.min()), min(hi[0] + pad, r.X.max()))
        ax.set_ylim(max(lo[1] - pad, r.Y.min()), min(hi[1] + pad, r.Y.max()))
        ax.set_xlabel(f"θ₁ (flat, curvature {r.curvatures[0]:g})")
        ax.set_ylabel(f"θ₂ (steep, curvature {r.curvatures[-1]:g})")
        for t in notes:
            t.set_visible(False)
        handles, _ = top.get_legend_handles_labels()
        handles += [Patch(color=THEME.off), Patch(color=THEME.grid, alpha=0.6)]
        top.legend(
            handles,
            [
                *(
                    name + swings.get(key, "")
                    for name, (key, _, _) in zip(short, runs, strict=True)
                ),
                "past the minimum",
                f"within tol {r.tol:g}",
            ],
            title="largest swing past (circled)" if swings else None,
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
        )
        s0 = abs(steep_coordinate(r, r.momentum)[0])
        k_top = int(np.floor(np.log10(4 * s0)))
        top.set_yticks([-(10.0**k_top), 0, 10.0**k_top])
        top.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:g}"))
        top.set_ylabel("steep: θ₂ − θ₂*")
        top.set_xlabel("step t")
        top.tick_params(labelbottom=True)
        top.set_title("Swings across the minimum")
        for t in bottom.texts:
            t.set_visible(False)
        handles, _ = bottom.get_legend_handles_labels()
        tol_line = bottom.get_lines()[-1]  # drawn last
        bottom.legend(
            [*handles, tol_line],
            [*settled, f"tol {r.tol:g}"],
            title="within tol for\ngood (dotted) at",
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
        )
        bottom.set_title("Distance to the minimum")
        slide_pages(fig, [[0], [1], [2]])
