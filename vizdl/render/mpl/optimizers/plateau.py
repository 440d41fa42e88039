"""A saddle surrounded by a plateau: the racers at one η and at their best. Reads
:mod:`vizdl.sim.optimizers.plateau`."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from vizdl.checks.plateau import left_at
from vizdl.render.mpl.optimizers import draw_contours
from vizdl.render.mpl.slides import is_slide, slide_pages
from vizdl.sim.optimizers.plateau import PlateauSaddle
from vizdl.style import THEME, racer_style

__all__ = ["figure_plateau_saddle"]


def _paths(ax: object, r: PlateauSaddle, race: object, title: str) -> None:
    draw_contours(ax, race)
    # the plateau: where the loss is within 5% of the drop to the minima of the saddle's
    drop = abs(r.saddle_loss - r.minimum_loss)
    ax.contourf(
        race.X,
        race.Y,
        np.abs(race.Z - r.saddle_loss),
        levels=[0, 0.05 * drop],
        colors=[THEME.off],
        zorder=0,
    )
    for label, p in zip(race.labels, race.paths, strict=True):
        st = racer_style(label)
        xy = p.points[:, 0]
        ax.plot(xy[:, 0], xy[:, 1], color=st["color"], ls=st["ls"], lw=1.4, label=label)
        ax.plot(*xy[-1], marker=st["marker"], color=st["color"], ms=6, ls="none")
    ax.plot(*r.saddle, marker="X", ms=10, color=THEME.figure_ink, ls="none")
    ax.plot(*race.start, marker="o", ms=8, mfc="white", mec=THEME.figure_ink, ls="none")
    ax.set_xlim(race.domain[0])
    ax.set_ylim(race.domain[1])
    ax.set_aspect("equal")
    ax.set_xlabel("x")
    ax.set_title(title, fontsize=10.5)


def figure_plateau_saddle(fig: Figure, r: PlateauSaddle) -> None:
    """Paths at one η (left) and at each one's best (middle) on the contours, the plateau
    shaded; the step at which each leaves the plateau, or that it stays (right)."""
    a, b, c = fig.subplots(1, 3, gridspec_kw={"width_ratios": [1, 1, 1.05]})
    _paths(a, r, r.shared, f"All at one rate η = {r.lr:g} (Adadelta at torch's lr = 1)")
    _paths(b, r, r.best, "Each at its best grid rate")
    a.set_ylabel("y")
    a.legend(loc="lower left", fontsize=7.5, ncol=2)
    labels = list(r.shared.labels)
    ys = np.arange(len(labels))
    said: dict[str, list[str]] = {lab: [] for lab in labels}  # each racer's two texts
    widest: dict[str, float] = {lab: 0.0 for lab in labels}
    for race, dy, hatch, name in ((r.shared, -0.2, "", "one η"), (r.best, 0.2, "//", "best η")):
        left = left_at(r, race)
        for i, lab in enumerate(labels):
            st = racer_style(lab)
            n = left[lab]
            gone = race.paths[race.labels.index(lab)].diverged[0] >= 0
            width = r.steps if n is None else n
            said[lab].append(("diverged" if gone else "never") if n is None else f"{n}")
            widest[lab] = max(widest[lab], width)
            c.barh(
                i + dy,
                width,
                height=0.38,
                color=st["color"] if n is not None else THEME.off,
                edgecolor=st["color"],
                hatch=hatch,
                lw=1.2,
                label=name if i == 0 else None,
            )
            c.text(
                width + r.steps * 0.01,
                i + dy,
                ("diverged" if gone else "never") if n is None else f"{n}",
                va="center",
                fontsize=8,
                color=THEME.greys["0.2"],
            )
    c.set_yticks(ys, labels)
    c.invert_yaxis()
    c.set_xlim(0, r.steps * 1.18)
    c.axvline(r.steps, color=THEME.greys["0.45"], ls="--", lw=0.9)
    c.set_xlabel(f"step at which the loss first falls below {r.escape:.3g} (of {r.steps})")
    c.set_title("Leaving the plateau: upper bar one η, lower bar best η", fontsize=10.5)
    fig.suptitle(
        f"J = {r.formula.replace('**', '^')}: a saddle at (0, 0) with zero Hessian, in a plateau "
        f"(shaded: |J| within 5% of the drop to the minima, J = {r.minimum_loss:.3g})",
        fontsize=11.5,
    )
    if is_slide(fig):  # a panel a slide, the racers' legend beside each map
        fig._vizdl_keep_legends = True  # type: ignore[attr-defined]  # two columns, as here
        for ax in (a, b):
            handles, names = ax.get_legend_handles_labels()
            ax.legend(handles, names, ncols=2, title=f"shaded: |J| within 5% of\nthe drop to J = {r.minimum_loss:.3g}",
                      loc="upper left", bbox_to_anchor=(1.02, 1.0))  # fmt: skip
            ax.set_ylabel("y")
        a.set_title(f"All at η = {r.lr:g}, Adadelta at lr 1")
        b.set_title("Each at its best rate")
        for t in c.texts:  # one text a racer, both its steps: two at 14 pt overlap
            t.set_visible(False)
        for i, lab in enumerate(labels):
            inside = widest[lab] > r.steps / 2
            c.text(
                r.steps * 0.02 if inside else widest[lab] + r.steps * 0.01,
                i,
                " / ".join(said[lab]),
                va="center",
                color=THEME.greys["0.2"],
            )
        handles, names = c.get_legend_handles_labels()
        c.legend(handles, names, title="text: one η\n/ best η", loc="upper left",
                 bbox_to_anchor=(1.02, 1.0))  # fmt: skip
        c.set_xlabel(f"first step with loss < {r.escape:.3g} (of {r.steps})")
        c.set_title("Leaving the plateau")
        c.set_ylim(len(labels) - 0.4, -0.6)  # the bars' own room: 8 names at 14 pt
        slide_pages(fig, [[0], [1], [2]])
