"""The lecture's comparison table beside what was measured. Reads
:mod:`vizdl.sim.optimizers.properties`."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from vizdl.render.mpl.slides import is_slide
from vizdl.sim.optimizers.properties import RULES, PropertyTable
from vizdl.style import THEME

__all__ = [
    "figure_property_table",
]


def _yn(v: bool) -> str:
    return "Yes" if v else "No"


def _slide_table(fig: Figure, t: PropertyTable) -> None:
    """The table on a slide: the lecture's yes/no and the measured one per property, the cells
    coloured as on the site and a disagreement marked ≠; the rates, the measured ratios, the
    rules and the explanations are left to the full figure."""
    ax = fig.add_subplot()
    ax.set_axis_off()
    header = [
        "lecture →\nmeasured",
        "Adaptive η",
        "Consistent\nunits",
        "Handles\nsaddles",
    ]
    cells, colours = [], []
    for i, label in enumerate(t.labels):
        row, row_c = [label], [THEME.background]
        for k in range(3):
            lec, mea = bool(t.lecture[i, k]), bool(t.measured[i, k])
            if not t.in_lecture[i]:
                row.append(f"– → {_yn(mea)}")
                row_c.append(THEME.background)
            else:
                row.append(f"{_yn(lec)} → {_yn(mea)}{'' if lec == mea else ' ≠'}")
                row_c.append(THEME.table["agree"] if lec == mea else THEME.table["disagree"])
        cells.append(row)
        colours.append(row_c)
    n = len(cells) + 2  # the header takes two rows' height
    table = ax.table(
        cellText=cells,
        colLabels=header,
        cellColours=colours,
        cellLoc="center",
        colWidths=[0.28, 0.24, 0.24, 0.24],
        bbox=[0, 0, 1, 1],
    )
    table.auto_set_font_size(False)
    table.set_fontsize(14)
    for (r, _c), cell in table.get_celld().items():
        cell.set_edgecolor(THEME.greys["0.75"])
        cell.set_height(2 / n if r == 0 else 1 / n)
        cell.PAD = 0.02
        if r == 0:
            cell.set_text_props(weight="bold")
            cell.set_facecolor(THEME.table["header"])


def figure_property_table(fig: Figure, t: PropertyTable) -> None:
    """The lecture's yes/no table beside what was measured, disagreements marked and explained."""
    if is_slide(fig):
        _slide_table(fig, t)
        return
    ax = fig.add_subplot()
    ax.set_axis_off()
    offs = " / ".join(f"{o:.0e}".replace("e-0", "e-") for o in t.offsets)
    header = [
        "Optimizer\n(η)",
        "Adaptive learning rate\nlecture → measured\n(Δθ/g, coord. 1 : coord. 2)",
        "Consistent units\nlecture → measured\n(first step after θ = " + f"{t.scale:g}·φ)",
        "Loss rescaled ×" + f"{t.loss_scale:g}\nmeasured\n(first step ratio)",
        "Easily handles saddles\nlecture → measured\n(steps to |θ₂| > 1 from " + offs + ")",
    ]
    cells, colours = [], []
    for i, label in enumerate(t.labels):
        row, row_c = [f"{label}\n(η = {t.lrs[i]:g})"], [THEME.background]
        escape = " / ".join(str(int(s)) if s >= 0 else "never" for s in t.saddle_steps[i])
        values = [
            f"×{t.adapt_ratio[i]:.3g}",
            f"×{t.units_ratio[i]:.3g}",
            escape if i == 0 else f"{escape}  (at least ×{t.saddle_speedup[i]:.2g} SGD's speed)",
        ]
        for k, val in zip((0, 1, 2), values, strict=True):
            lec, mea = bool(t.lecture[i, k]), bool(t.measured[i, k])
            if not t.in_lecture[i]:  # not in the lecture's table: measured only
                row.append(f"(not in the lecture) → {_yn(mea)}\n{val}")
                row_c.append(THEME.background)
            else:
                mark = "" if lec == mea else "   ≠ lecture"
                row.append(f"{_yn(lec)} → {_yn(mea)}{mark}\n{val}")
                row_c.append(THEME.table["agree"] if lec == mea else THEME.table["disagree"])
            if k == 1:
                inv = abs(t.loss_ratio[i] - 1) < 0.01
                row.append(f"{'invariant' if inv else 'not invariant'}\n×{t.loss_ratio[i]:.3g}")
                row_c.append(THEME.background)
        cells.append(row)
        colours.append(row_c)
    table = ax.table(
        cellText=cells,
        colLabels=header,
        cellColours=colours,
        loc="upper center",
        cellLoc="center",
        colWidths=[0.13, 0.2, 0.22, 0.15, 0.3],
    )
    table.auto_set_font_size(False)
    table.set_fontsize(10)
    table.scale(1, 2.9)
    for (r, _c), cell in table.get_celld().items():
        cell.set_edgecolor(THEME.greys["0.75"])
        if r == 0:
            cell.set_text_props(weight="bold")
            cell.set_facecolor(THEME.table["header"])
            cell.set_height(cell.get_height() * 1.35)
    compared = t.in_lecture[:, None] & np.ones_like(t.lecture, dtype=bool)
    dis = compared & (t.lecture != t.measured)
    notes = [
        "Rules: " + "; ".join(RULES) + ".",
        f"Agreement: {int(compared.sum() - dis.sum())} of {int(compared.sum())} of the lecture's "
        "cells.",
    ]
    units = [t.labels[i] for i in np.flatnonzero(dis[:, 1])]
    saddle = [t.labels[i] for i in np.flatnonzero(dis[:, 2])]
    if units:
        notes.append(
            f"Consistent units ({', '.join(units)}): the lecture's derivation ignores ε. With "
            "torch's ε the first steps' size is fixed in absolute units, so rescaling θ rescales "
            "the first step: the idealised rule has consistent units, the rule torch runs does not."
        )
    if saddle:
        notes.append(
            f"Saddles ({', '.join(saddle)}): the sum of squared gradients only grows, so the step "
            f"shrinks as the run goes on; at η = {t.saddle_lr:g} it reaches |θ₂| > 1 more slowly "
            "than plain SGD, although starting closer costs it nothing."
        )
    fig.text(0.02, 0.02, "\n".join(notes), fontsize=9.5, va="bottom", wrap=True)
    fig.suptitle("The lecture's comparison table, measured", fontsize=14, weight="bold")
