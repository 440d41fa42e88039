"""The measured table's claims: each holds at the gallery setting, with values compared against
closed forms, and fails on a table that contradicts it."""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
import pytest

from vizdl.checks import properties as P
from vizdl.sim.optimizers.properties import optimizer_properties


@functools.cache
def table(**kw):
    return optimizer_properties(**kw)


def row(t, label: str) -> int:
    return t.labels.index(label)


def swapped_rows(t, a: str, b: str, *fields: str):
    """``t`` with rows ``a`` and ``b`` of ``fields`` exchanged."""
    i, j = row(t, a), row(t, b)
    out = {}
    for f in fields:
        v = np.array(getattr(t, f), copy=True)
        v[[i, j]] = v[[j, i]]
        out[f] = v
    return dataclasses.replace(t, **out)


def test_every_table_claim_holds_at_the_gallery_setting() -> None:
    t = table()
    for name in (
        "adaptive_column",
        "no_rule_has_consistent_units",
        "normalised_rules_handle_saddles",
        "momentum_escape_depends_on_the_offset",
        "adagrad_escapes_slower_than_sgd",
        "cells_that_differ",
    ):
        assert getattr(P, name)(t).holds, name
    # The lecture's own cells where the data disagree: shown as disagreeing, not asserted.
    assert not P.adagrad_handles_saddles(t).holds
    assert not P.adadelta_has_consistent_units(t).holds


def test_measured_values_are_the_closed_forms() -> None:
    t = table()
    m = P.adaptive_column(t).measured
    # From (2, 1) on ½(θ₁² + 10θ₂²) the gradient is (2, 10): equal first steps give Δθ/g ratio 5.
    assert m["grad_ratio"] == 5.0 and m["adaptive_adapt"] == pytest.approx(5.0, rel=1e-6)
    assert m["plain_adapt"] == pytest.approx(1.0)
    m = P.no_rule_has_consistent_units(t).measured
    assert m["plain_units"] == pytest.approx(10.0**2) and m["adaptive_units"] == pytest.approx(10.0)
    m = P.momentum_escape_depends_on_the_offset(t).measured
    # SGD's |θ₂| grows ×(1 + 2η) per step: from 1e-3 it needs ⌈ln 10³ / ln 1.02⌉ steps to pass 1.
    assert m["sgd_escape_far"] == np.ceil(np.log(1e3) / np.log(1.02))
    assert m["sgd_escape_near"] == np.ceil(np.log(1e9) / np.log(1.02))
    assert (m["offset_far"], m["offset_near"]) == ("10⁻³", "10⁻⁹")
    assert P.power_of_ten(1e-6) == "10⁻⁶" and P.power_of_ten(100.0) == "10²"
    assert P.power_of_ten(2e-3) == "0.002"
    assert P.cells_that_differ(t).measured == {"cells_agree": 19, "cells_compared": 21}
    m = P.normalised_rules_handle_saddles(t).measured
    assert (m["saddle_speedup"], m["saddle_growth"]) == (2.0, 0.1)  # the stated rule's margins
    assert P.adagrad_escapes_slower_than_sgd(t).measured["adagrad_growth"] < 0.1


def test_each_table_claim_fails_where_the_table_says_otherwise() -> None:
    t = table()
    # SGD's row in Adam's place: a plain rule measured as adaptive, an adaptive one as plain.
    assert not P.adaptive_column(swapped_rows(t, "SGD", "Adam", "adapt_ratio", "measured")).holds
    # With c = 1 the units test is trivial: every ratio is 1, nothing is shown.
    assert not P.no_rule_has_consistent_units(table(scale=1.0)).holds
    assert not P.no_rule_has_consistent_units(
        swapped_rows(t, "SGD", "RMSprop", "units_ratio")
    ).holds
    # Adagrad's slow escape in RMSprop's row.
    slow = swapped_rows(t, "Adagrad", "RMSprop", "saddle_speedup", "saddle_growth", "measured")
    assert not P.normalised_rules_handle_saddles(slow).holds
    # Momentum's escape in Adam's place and Adam's in momentum's.
    fast = swapped_rows(t, "Momentum", "Adam", "saddle_speedup", "saddle_growth", "measured")
    assert not P.momentum_escape_depends_on_the_offset(fast).holds
    # At η = 0.2 Adagrad reaches |θ₂| > 1 before its steps have shrunk much: it outruns SGD.
    assert not P.adagrad_escapes_slower_than_sgd(table(saddle_lr=0.2)).holds
    # An Adagrad whose escape depends on the offset like SGD's (SGD's growth in its row): the
    # caption's "its steps barely depend on the offset" is false, the check must fail.
    growth = np.array(t.saddle_growth, copy=True)
    growth[row(t, "Adagrad")] = growth[row(t, "SGD")]
    assert growth[row(t, "SGD")] >= 0.1
    assert not P.adagrad_escapes_slower_than_sgd(dataclasses.replace(t, saddle_growth=growth)).holds
    assert P.adagrad_handles_saddles(table(saddle_lr=0.2)).holds
    # A table that agrees with the lecture everywhere is not the one the caption describes.
    agreeing = dataclasses.replace(t, measured=np.array(t.lecture, copy=True))
    assert not P.cells_that_differ(agreeing).holds
    assert P.adadelta_has_consistent_units(agreeing).holds
