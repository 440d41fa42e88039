"""Checks on :mod:`vizdl.sim.optimizers.properties` results (the lecture's table, measured)."""

from __future__ import annotations

import numpy as np

from vizdl.checks import Verdict, verdict
from vizdl.checks.races import power_of_ten
from vizdl.sim.optimizers.properties import SADDLE_GROWTH, SADDLE_SPEEDUP

__all__ = [
    "power_of_ten",
    "adaptive_column",
    "no_rule_has_consistent_units",
    "normalised_rules_handle_saddles",
    "momentum_escape_depends_on_the_offset",
    "adagrad_escapes_slower_than_sgd",
    "cells_that_differ",
    "adagrad_handles_saddles",
    "adadelta_has_consistent_units",
]

PLAIN = ("SGD", "Momentum", "NAG")
ADAPTIVE = ("Adagrad", "Adadelta", "RMSprop", "Adam", "Adamax")
NORMALISED = ("Adadelta", "RMSprop", "Adam", "Adamax")  # the rows the saddle rule says Yes to
ADAPTIVE_COL, UNITS_COL, SADDLE_COL = 0, 1, 2
nan = float("nan")


def _rows(t: object, labels: tuple[str, ...]) -> list[int]:
    return [t.labels.index(lab) for lab in labels if lab in t.labels]


def _all_there(t: object, labels: tuple[str, ...]) -> bool:
    return all(lab in t.labels for lab in labels)


def adaptive_column(t: object) -> Verdict:
    """SGD, momentum and NAG take the same Δθ/g in both coordinates (ratio 1, measured No); the
    five adaptive rules' ratio is the gradient ratio at the start (equal first steps: measured
    Yes), as the lecture's column says."""
    plain, adaptive = _rows(t, PLAIN), _rows(t, ADAPTIVE)
    ratio = np.asarray(t.adapt_ratio, dtype=float)
    yes = np.asarray(t.measured[:, ADAPTIVE_COL], dtype=bool)
    holds = (
        _all_there(t, PLAIN + ADAPTIVE)
        and np.allclose(ratio[plain], 1.0, rtol=1e-9)
        and np.allclose(ratio[adaptive], t.grad_ratio, rtol=1e-3)
        and not yes[plain].any()
        and yes[adaptive].all()
    )
    return verdict(
        holds,
        plain_adapt=float(np.max(np.abs(ratio[plain]))) if plain else nan,
        adaptive_adapt=float(np.median(ratio[adaptive])) if adaptive else nan,
        grad_ratio=float(t.grad_ratio),
    )


def no_rule_has_consistent_units(t: object) -> Verdict:
    """Rescaling θ = c·φ multiplies SGD's, momentum's and NAG's first step by c² and every
    adaptive rule's by c (to 0.1%): none gives ×1, so the measured column is No throughout."""
    plain, adaptive = _rows(t, PLAIN), _rows(t, ADAPTIVE)
    ratio = np.asarray(t.units_ratio, dtype=float)
    c = float(t.scale)
    holds = (
        _all_there(t, PLAIN + ADAPTIVE)
        and abs(c - 1) > 0.01
        and np.allclose(ratio[plain], c**2, rtol=1e-6)
        and np.allclose(ratio[adaptive], c, rtol=1e-3)
        and not np.asarray(t.measured[:, UNITS_COL], dtype=bool).any()
    )
    return verdict(
        holds,
        scale=c,
        plain_units=float(np.median(ratio[plain])) if plain else nan,
        adaptive_units=float(np.median(ratio[adaptive])) if adaptive else nan,
    )


def _escape(t: object, label: str) -> tuple[float, float, float]:
    """(speedup over SGD, growth per decade, most steps over the offsets) of ``label``."""
    if label not in t.labels:
        return nan, nan, nan
    i = t.labels.index(label)
    steps = np.asarray(t.saddle_steps[i], dtype=float)
    most = float(np.inf if (steps < 0).any() else steps.max())
    return float(t.saddle_speedup[i]), float(t.saddle_growth[i]), most


def normalised_rules_handle_saddles(
    t: object, speedup: float = SADDLE_SPEEDUP, growth: float = SADDLE_GROWTH
) -> Verdict:
    """Adadelta, RMSprop, Adam and Adamax reach |θ₂| > 1 at least SADDLE_SPEEDUP (2)× faster
    than plain SGD from every start offset, and a 10× closer start costs each under
    SADDLE_GROWTH (10%) more steps: the table's rule says Yes to each (the other rows are the
    other checks'). Also measures the rule's two margins, for the caption."""
    got = [_escape(t, lab) for lab in NORMALISED]
    speed = min((g[0] for g in got), default=nan)
    grow = max((g[1] for g in got), default=nan)
    yes = [bool(t.measured[i, SADDLE_COL]) for i in _rows(t, NORMALISED)]
    holds = _all_there(t, NORMALISED) and speed >= speedup and grow < growth and all(yes)
    return verdict(
        holds,
        saddle_lr=float(t.saddle_lr),
        saddle_speedup=float(speedup),
        saddle_growth=float(growth),
        normalised_speedup=speed,
        normalised_growth=grow,
        rmsprop_escape=_escape(t, "RMSprop")[2],
        adam_escape=_escape(t, "Adam")[2],
        adamax_escape=_escape(t, "Adamax")[2],
        adadelta_escape=_escape(t, "Adadelta")[2],
    )


def momentum_escape_depends_on_the_offset(t: object, growth: float = SADDLE_GROWTH) -> Verdict:
    """Momentum and NAG escape faster than plain SGD, but each 10× closer start costs them at
    least SADDLE_GROWTH (10%) more steps, as it costs SGD: the rule says No to all three."""
    sgd, mom, nag = (_escape(t, lab) for lab in ("SGD", "Momentum", "NAG"))
    no = [not bool(t.measured[i, SADDLE_COL]) for i in _rows(t, PLAIN)]
    holds = (
        _all_there(t, PLAIN)
        and min(mom[0], nag[0]) > 1
        and min(sgd[1], mom[1], nag[1]) >= growth
        and all(no)
    )
    return verdict(
        holds,
        momentum_speedup=min(mom[0], nag[0]),
        momentum_growth=min(mom[1], nag[1]),
        sgd_growth=sgd[1],
        sgd_escape_far=float(t.saddle_steps[t.labels.index("SGD"), 0])
        if "SGD" in t.labels
        else nan,
        sgd_escape_near=sgd[2],
        offset_far=power_of_ten(float(np.max(t.offsets))),
        offset_near=power_of_ten(float(np.min(t.offsets))),
    )


def adagrad_escapes_slower_than_sgd(t: object, growth: float = SADDLE_GROWTH) -> Verdict:
    """From every start offset Adagrad needs more steps than plain SGD to reach |θ₂| > 1, though
    a 10× closer start costs it under SADDLE_GROWTH (10%) more (its steps barely depend on the
    offset): the rule says No."""
    if not _all_there(t, ("SGD", "Adagrad")):
        return verdict(False, adagrad_escape=nan, adagrad_growth=nan)
    sgd = np.asarray(t.saddle_steps[t.labels.index("SGD")], dtype=float)
    i = t.labels.index("Adagrad")
    ada = np.asarray(t.saddle_steps[i], dtype=float)
    ada = np.where(ada < 0, np.inf, ada)
    holds = (
        bool(np.all(ada > sgd))
        and float(t.saddle_growth[i]) < growth
        and not bool(t.measured[i, SADDLE_COL])
    )
    return verdict(
        holds,
        adagrad_escape=float(ada.max()),
        adagrad_growth=float(t.saddle_growth[i]),
        saddle_growth=float(growth),
    )


def cells_that_differ(t: object) -> Verdict:
    """Of the lecture's cells, exactly two differ from the measured table: Adadelta's consistent
    units and Adagrad's saddles."""
    compared = np.asarray(t.in_lecture, dtype=bool)[:, None] & np.ones_like(t.lecture, dtype=bool)
    dis = compared & (np.asarray(t.lecture) != np.asarray(t.measured))
    found = {(t.labels[i], int(k)) for i, k in zip(*np.nonzero(dis), strict=True)}
    return verdict(
        found == {("Adadelta", UNITS_COL), ("Adagrad", SADDLE_COL)},
        cells_agree=int(compared.sum() - dis.sum()),
        cells_compared=int(compared.sum()),
    )


def _cell(t: object, label: str, col: int) -> bool:
    return label in t.labels and bool(t.measured[t.labels.index(label), col])


def adagrad_handles_saddles(t: object) -> Verdict:
    """The lecture's "Adagrad: easily handles saddle points: Yes", by the table's stated rule."""
    return verdict(_cell(t, "Adagrad", SADDLE_COL))


def adadelta_has_consistent_units(t: object) -> Verdict:
    """The lecture's "Adadelta: consistent units: Yes", by the table's stated rule."""
    return verdict(_cell(t, "Adadelta", UNITS_COL))
