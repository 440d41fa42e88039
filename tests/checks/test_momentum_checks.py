"""The momentum-ravine claims: their words follow the runs, the runs follow the closed-form
recursions, and a doctored run fails."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from vizdl.checks import momentum as M
from vizdl.sim.optimizers.momentum import momentum_ravine


def _m(r: object) -> dict:
    out: dict = {}
    for name in M.__all__:
        out.update(getattr(M, name)(r).measured)
    return out


def _roots_radius(lr: float, lam: float, mu: float) -> float:
    """The spectral radius of momentum's recursion e_{t+1} = (1+μ−ηλ)e_t − μ e_{t−1}."""
    return float(np.max(np.abs(np.roots([1.0, -(1 + mu - lr * lam), mu]))))


def test_the_lectures_picture_jumps_across_and_momentum_wins_by_a_tenth() -> None:
    r = momentum_ravine(resolution=20)  # η·λ_max = 1.98, γ = 0.8
    for name in M.__all__:
        assert getattr(M, name)(r).holds, name
    m = _m(r)
    assert m["gd_steep"] == pytest.approx(1.98)
    assert m["gd_across_text"] == "jumps across the valley on every one of its 80 steps"
    # across the valley plain GD shrinks |1 − 1.98| = 0.98 per step: 0.98^71 at the tail's start
    assert m["gd_cross_left"] == pytest.approx(0.98**71, rel=1e-6)
    # with momentum both eigen-directions shrink by √γ per step (complex roots of the recursion)
    assert _roots_radius(0.0198, 100.0, 0.8) == pytest.approx(0.8**0.5)
    assert m["mom_cross_left"] < 20 * 0.8 ** (70 / 2)
    assert m["across_compare"] == m["along_compare"] == "under a tenth of"
    assert m["condition"] == pytest.approx(100.0)


def test_where_plain_descent_settles_faster_the_caption_says_so() -> None:
    # η·λ_max = 1.8: plain GD's zig-zag shrinks ×0.8 per step, momentum's only ×√0.8 ≈ 0.89
    # (issue 14, item 1: the caption used to claim momentum damped it better here)
    assert abs(1 - 1.8) < _roots_radius(0.018, 100.0, 0.8)
    r = momentum_ravine(lr=0.018, resolution=20)
    m = _m(r)
    assert M.momentum_across_the_valley(r).holds
    assert m["across_compare"] == "more than"
    assert m["mom_cross_left"] > m["gd_cross_left"]
    assert m["along_compare"] == "under a tenth of"
    assert not M.momentum_accelerates_and_damps(r).holds  # the lecture's quote: disagree


def test_small_steps_slide_in_without_crossing() -> None:
    r = momentum_ravine(lr=1e-3, resolution=20)  # η·λ_max = 0.1 < 1
    v = M.plain_across_the_valley(r)
    assert v.holds
    assert v.measured["gd_across_text"] == "slides into the valley without crossing it in 80 steps"
    assert v.measured["gd_cross_left"] == pytest.approx(0.9**71, rel=1e-6)


def test_without_momentum_the_runs_are_the_same() -> None:
    r = momentum_ravine(momentum=0.0, resolution=20)
    m = _m(r)
    assert m["across_compare"] == m["along_compare"] == "the same as"
    assert not M.momentum_accelerates_and_damps(r).holds


def test_the_comparison_words() -> None:
    assert M._compare(0.05, 1.0) == "under a tenth of"
    assert M._compare(0.1, 1.0) == "less than"
    assert M._compare(0.99, 1.0) == "less than"
    assert M._compare(1.0, 1.0) == "the same as"
    assert M._compare(1.5, 1.0) == "more than"
    assert M.share(0.2) == "20%" and M.share(0.0012) == "1.2e-03"


def _doctor(path: object, k: int, dx: float) -> object:
    points = path.points.copy()
    points[k:, 0, 0] += dx
    return dataclasses.replace(path, points=points)


def test_a_run_that_is_not_its_rule_fails_every_comparison() -> None:
    r = momentum_ravine(resolution=20)
    bad_mom = dataclasses.replace(r, momentum=_doctor(r.momentum, 40, 1e-3))
    assert not M.momentum_across_the_valley(bad_mom).holds
    assert not M.momentum_along_the_floor(bad_mom).holds
    bad_gd = dataclasses.replace(r, plain=_doctor(r.plain, 40, 1e-3))
    assert not M.plain_across_the_valley(bad_gd).holds
    assert not M.momentum_across_the_valley(bad_gd).holds
    # a momentum run labelled with another γ than it ran with
    relabelled = dataclasses.replace(
        r, momentum=dataclasses.replace(r.momentum, hparams={**r.momentum.hparams, "momentum": 0.7})
    )
    assert not M.momentum_across_the_valley(relabelled).holds


def test_beyond_the_stability_limit_the_plain_claim_fails() -> None:
    r = momentum_ravine(lr=0.0202, resolution=20)  # η·λ_max = 2.02: diverges
    assert not M.plain_across_the_valley(r).holds


def test_a_wrong_condition_number_fails() -> None:
    r = momentum_ravine(resolution=20)
    assert not M.condition_number(dataclasses.replace(r, condition=50.0)).holds
