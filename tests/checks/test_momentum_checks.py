"""The momentum-ravine claims: they hold at the gallery's setting and fail where they are false."""

from __future__ import annotations

import pytest

from vizdl.checks import momentum as M
from vizdl.sim.optimizers.momentum import momentum_ravine


def test_the_claims_hold_at_the_gallerys_setting_with_the_closed_form_rates() -> None:
    r = momentum_ravine(resolution=20)  # η·λ_max = 1.98, γ = 0.8
    for name in M.__all__:
        assert getattr(M, name)(r).holds, name
    m = M.plain_keeps_zigzagging(r).measured
    assert m["gd_steep"] == pytest.approx(1.98)
    # across the valley plain GD shrinks |1 − 1.98| = 0.98 per step: 0.98^70 at the tail's start
    assert 0.98**80 < m["gd_cross_left"] <= 0.98**70
    # with momentum both eigen-directions shrink by √γ per step (complex roots of the recursion)
    assert M.momentum_damps_the_zigzag(r).measured["mom_cross_left"] < 20 * 0.8 ** (70 / 2)
    assert M.condition_number(r).measured["condition"] == pytest.approx(100.0)


def test_at_the_old_setting_plain_descent_settles_and_the_damping_claim_fails() -> None:
    # η·λ_max = 1.8: plain GD's zig-zag shrinks ×0.8, momentum's only ×0.89 (issue 14, item 1)
    r = momentum_ravine(lr=0.018, resolution=20)
    assert not M.plain_keeps_zigzagging(r).holds
    assert not M.momentum_damps_the_zigzag(r).holds
    assert not M.momentum_accelerates_and_damps(r).holds  # the lecture's quote: disagree
    assert M.momentum_runs_along_the_floor(r).holds  # what did hold then, and still does


def test_without_momentum_nothing_is_damped_or_faster() -> None:
    r = momentum_ravine(momentum=0.0, resolution=20)
    assert not M.momentum_damps_the_zigzag(r).holds
    assert not M.momentum_runs_along_the_floor(r).holds


def test_beyond_the_stability_limit_the_zigzag_claim_fails() -> None:
    r = momentum_ravine(lr=0.0202, resolution=20)  # η·λ_max = 2.02: diverges
    assert not M.plain_keeps_zigzagging(r).holds
