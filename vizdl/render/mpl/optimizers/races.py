"""The optimizer race on the contours. Reads :mod:`vizdl.sim.optimizers.races`; each racer is
drawn with :func:`vizdl.style.racer_style`."""

from __future__ import annotations

import numpy as np
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from vizdl.render.mpl.optimizers import draw_contours
from vizdl.render.mpl.slides import is_slide, slide_note
from vizdl.sim.optimizers.races import LOSS_CLIP, Race
from vizdl.style import THEME, racer_style

__all__ = [
    "LOSS_CLIP",
    "leaves_plot",
    "plot_surface_contours",
    "plot_race_paths",
    "plot_race_progress",
    "figure_race",
]


def plot_surface_contours(ax: Axes, race: Race) -> list:
    """Filled contours of the loss (log-spaced levels above the minimum), minima and saddles."""
    artists = [
        ax.contourf(
            race.X, race.Y, race.Z, levels=race.levels, cmap=THEME.fills, alpha=0.35, extend="both"
        ),
        draw_contours(ax, race),
    ]
    if len(race.minima):
        artists += ax.plot(
            race.minima[:, 0],
            race.minima[:, 1],
            "*",
            ms=14,
            color=THEME.figure_ink,
            label="minimum",
            ls="none",
        )
    if len(race.saddles):
        artists += ax.plot(
            race.saddles[:, 0],
            race.saddles[:, 1],
            "X",
            ms=12,
            color=THEME.figure_ink,
            mfc=THEME.palette.yellow,  # no racer wears yellow: the saddle stays apart from Adam's black
            label="saddle point",
            ls="none",
        )
    ax.set_xlim(*race.domain[0])
    ax.set_ylim(*race.domain[1])
    # θ₁ and θ₂ on one scale, so the contours keep their true shape; a domain far from square
    # would be a strip on one scale, so it fills the panel and the axis labels say the scales
    # differ
    (x0, x1), (y0, y1) = race.domain
    ratio = (y1 - y0) / (x1 - x0)
    if 0.4 <= ratio <= 2.5:
        ax.set_aspect("equal")
        ax.set_xlabel("θ₁")
    else:
        ax.set_xlabel("θ₁  (θ₁ and θ₂ drawn to different scales)")
    ax.set_ylabel("θ₂")
    return artists


def leaves_plot(p: np.ndarray, domain: np.ndarray) -> tuple[int, np.ndarray] | None:
    """``(k, point)``: the first step ``k`` whose point is outside the square ``domain`` and
    where the segment from step ``k − 1`` crosses its edge; None if the path stays inside."""
    lo, hi = np.asarray(domain, dtype=float).T
    finite = np.all(np.isfinite(p), axis=1)
    outside = finite & np.any((p < lo) | (p > hi), axis=1)
    if not outside.any():
        return None
    k = int(np.argmax(outside))
    a, b = p[k - 1], p[k]
    d = b - a
    with np.errstate(divide="ignore", invalid="ignore"):
        ts = np.concatenate([(lo - a) / d, (hi - a) / d])
    ts = ts[np.isfinite(ts) & (ts >= 0) & (ts <= 1)]
    edge = a + d * (ts.min() if ts.size else 1.0)
    return k, np.clip(edge, lo, hi)


def plot_race_paths(ax: Axes, race: Race) -> list:
    artists = []
    exits: list[tuple[str, int, np.ndarray, str]] = []
    every = max(1, race.steps // 25)
    for i, (label, path) in enumerate(zip(race.labels, race.paths, strict=True)):
        st = racer_style(label)
        p = path.points[:, 0]
        (line,) = ax.plot(
            p[:, 0],
            p[:, 1],
            color=st["color"],
            ls=st["ls"],
            lw=1.8,
            marker=st["marker"],
            ms=4,
            markevery=every,
            label=race.legend_label(i),
        )
        artists.append(line)
        exit_at = leaves_plot(p, race.domain)
        if exit_at is not None:  # where the path leaves the square: marked, with its step
            k, edge = exit_at
            artists += ax.plot(*edge, ">", color=st["color"], mec=THEME.figure_ink, ms=9, ls="none")
            exits.append((label, k, edge, st["color"]))
        if path.diverged[0] >= 0:
            last = p[np.all(np.isfinite(p), axis=1)][-1]
            artists += ax.plot(*last, "x", color=st["color"], ms=10, mew=2)
    if len(race.minima):  # on a saddle leaving is the point: no label
        artists += _label_exits(ax, exits, race.domain)
    artists += ax.plot(
        *race.start, "o", ms=9, mfc=THEME.background, mec=THEME.figure_ink, ls="none", label="start"
    )
    return artists


def _label_exits(ax: Axes, exits: list, domain: np.ndarray) -> list:
    """One label per place where paths leave the plot: racers leaving within a tenth of the
    plot's size of each other share it ("Adam, NAG off the plot (steps 2, 5)"), so labels
    never pile up on one another."""
    span = np.ptp(np.asarray(domain, dtype=float), axis=1)
    groups: list[list] = []
    for ex in exits:
        for g in groups:
            if np.all(np.abs(ex[2] - g[0][2]) <= 0.1 * span):
                g.append(ex)
                break
        else:
            groups.append([ex])
    artists = []
    for g in groups:
        edge = g[0][2]
        names = ", ".join(lab for lab, *_ in g)
        steps = ", ".join(str(k) for _, k, *_ in g)
        color = g[0][3] if len(g) == 1 else THEME.ink
        artists.append(
            ax.annotate(
                f"{names} off the plot (step{'s' if len(g) > 1 else ''} {steps})",
                edge,
                # the label sits a quarter of the way in from the edge, towards the centre
                xytext=edge + 0.25 * (np.mean(domain, axis=1) - edge),
                ha="center",
                fontsize=9,
                color=color,
                arrowprops=dict(arrowstyle="->", color=color, lw=1),
                bbox=dict(boxstyle="round,pad=0.2", fc=THEME.background, ec="none", alpha=0.85),
            )
        )
    return artists


_PROGRESS_LABELS = {
    "loss": "loss J(θ)",
    "above minimum": "J(θ) − J_min  (J_min = {j_min:.4g})",
    "above lowest": "J(θ) − the lowest loss reached",
}


def plot_race_progress(ax: Axes, race: Race) -> list:
    """Loss per step (log) above the minimum — or, on a saddle (no minimum), the distance along
    the unstable axis."""
    artists = []
    steps = np.arange(race.steps + 1)
    series, what = race.progress()
    for label, y in zip(race.labels, series, strict=True):
        st = racer_style(label)
        (line,) = ax.semilogy(
            steps, np.where(y > 0, y, np.nan), color=st["color"], ls=st["ls"], lw=1.6, label=label
        )
        artists.append(line)
    ax.set_xlabel("step t")
    if what != "escape":
        # The fastest runs fall to 1e-200 and below: clip the axis where it stops being readable.
        start = float(series[0][0])
        seen = series[np.isfinite(series) & (series > 0)]
        if start > 0 and seen.size:
            ax.set_ylim(LOSS_CLIP * start, 3 * float(seen.max()))
        ax.set_ylabel(_PROGRESS_LABELS[what].format(j_min=race.j_min))
        ax.set_title("Loss per step")
    else:
        artists.append(ax.axhline(1.0, color=THEME.reference, ls=":", lw=1.2))
        artists.append(
            ax.text(
                steps[-1], 1.0, "|θ₂| = 1 ", ha="right", va="top", fontsize=9, color=THEME.muted
            )
        )
        ax.set_ylabel("|θ₂|  (distance along the unstable direction)")
        ax.set_title("Escaping the saddle")
    return artists


def _slide_race(fig: Figure, race: Race) -> None:
    """The race on a slide: the contours with the paths, the legend beside them in one column
    (racers with their η, as on the site), the per-step panel left to the full figure."""
    ax = fig.add_subplot()
    plot_surface_contours(ax, race)
    plot_race_paths(ax, race)
    # no x tick at the lower-left corner, where at 14 pt it would sit on the lowest y tick
    # (race-saddle's "−2" and "−2" overlapped, measured on the compiled deck)
    ax.xaxis.set_major_locator(ticker.MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10], prune="lower"))
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set"):  # the θ₂ label's glyph box stays inside
        engine.set(rect=(0.01, 0, 0.99, 1))
    if ax.get_xlabel().startswith("θ₁  ("):  # a non-square domain: say so, shorter
        ax.set_xlabel("θ₁ (θ₂ to another scale)")
    handles, labels = ax.get_legend_handles_labels()
    # the same labels, written tighter: "Adadelta (η=1, torch)" fits beside a square panel
    labels = [
        lab.replace(" = ", "=").replace("torch's default", "torch").replace("; ", ", ")
        for lab in labels
    ]
    fig.legend(handles, labels, loc="outside right upper", ncols=1, labelspacing=0.2)
    fig._vizdl_keep_legends = True  # type: ignore[attr-defined]
    slide_note(fig, "loss per step: see the full figure", x=0.99, ha="right")


def figure_race(fig: Figure, race: Race) -> None:
    """The race on the contours (left) and each racer's progress per step (right)."""
    if is_slide(fig):
        _slide_race(fig, race)
        return
    gs = fig.add_gridspec(1, 2, width_ratios=[1.1, 1])
    ax = fig.add_subplot(gs[0, 0])
    plot_surface_contours(ax, race)
    plot_race_paths(ax, race)
    ax.set_title(f"{race.title}:\n{race.how()}", fontsize=12)
    ax2 = fig.add_subplot(gs[0, 1])
    plot_race_progress(ax2, race)
    handles, labels = ax.get_legend_handles_labels()
    # at least two rows: constrained layout lets a one-row outside legend push the titles off
    # the top of the figure (measured: matplotlib 3.10)
    ncols = max(1, min(5, -(-len(labels) // 2)))
    engine = fig.get_layout_engine()
    if engine is not None and hasattr(engine, "set"):  # and a margin above the long titles
        engine.set(rect=(0, 0, 1, 0.985))
    fig.legend(handles, labels, loc="outside lower center", ncols=ncols, fontsize=10)
