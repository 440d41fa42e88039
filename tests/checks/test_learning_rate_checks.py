"""The learning-rate regime claims: they hold on the real runs and fail on runs against them."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from vizdl.checks import learning_rates as L
from vizdl.sim.optimizers.learning_rates import learning_rate_regimes

GALLERY = learning_rate_regimes()  # the entry's defaults: factors 0.1, 0.7, 1.8, 2.1


def test_the_claims_hold_on_the_gallerys_runs_with_the_closed_form_numbers() -> None:
    for name in ("creeps", "converges_smoothly", "oscillates_and_converges", "diverges"):
        assert getattr(L, name)(GALLERY).holds, name
    # θ_t = (1 − ηa)^t θ_0: the measured per-step factors are |1 − ηa|
    assert L.oscillates_and_converges(GALLERY).measured["osc_factor"] == pytest.approx(0.8)
    assert L.diverges(GALLERY).measured["div_factor"] == pytest.approx(1.1)
    assert L.creeps(GALLERY).measured["small_left"] == pytest.approx(0.9**20)


def test_without_a_run_in_a_regime_its_claim_fails() -> None:
    r = learning_rate_regimes(lr_factors=(0.5, 0.7, 0.9, 1.0))
    assert not L.creeps(r).holds
    assert not L.oscillates_and_converges(r).holds
    assert not L.diverges(r).holds


def _with_path(r, index: int, theta: np.ndarray):
    """``r`` with run ``index``'s θ per step replaced (the checks read only θ)."""
    paths = list(r.paths)
    paths[index] = dataclasses.replace(paths[index], points=theta.reshape(-1, 1, 1))
    return dataclasses.replace(r, paths=tuple(paths))


def test_each_claim_fails_on_a_path_that_contradicts_it() -> None:
    n = len(GALLERY.paths[0].points)
    creeping_past = np.array([2.5, -0.1] + [-0.1] * (n - 2))  # overshoots once
    assert not L.creeps(_with_path(GALLERY, 0, creeping_past)).holds
    slow = np.linspace(2.5, 1.0, n)  # never gets within 1%
    assert not L.converges_smoothly(_with_path(GALLERY, 1, slow)).holds
    one_side = 2.5 * 0.8 ** np.arange(n)  # converges without oscillating
    assert not L.oscillates_and_converges(_with_path(GALLERY, 2, one_side)).holds
    shrinking = 2.5 * (-0.9) ** np.arange(n)  # oscillates but comes closer
    assert not L.diverges(_with_path(GALLERY, 3, shrinking)).holds


# -- two dimensions ------------------------------------------------------------------------------

from vizdl.sim.optimizers.learning_rates import learning_rate_regimes_2d  # noqa: E402

TWO_D = (
    "axis_aligned",
    "steep_axis_decides_stability",
    "flat_axis_decides_speed",
    "fastest_run_is_near_the_best_fixed_rate",
)


def test_the_2d_claims_hold_on_the_elongated_bowl_with_the_closed_form_numbers() -> None:
    r = learning_rate_regimes_2d(steps=30, resolution=20)  # λ = 1 along θ₁, 10 along θ₂
    for name in TWO_D:
        assert getattr(L, name)(r).holds, name
    m = L.steep_axis_decides_stability(r).measured
    assert m["div2_steep"] == pytest.approx(1.1) and m["div2_flat"] == pytest.approx(0.79)
    m = L.flat_axis_decides_speed(r).measured
    assert m["small2_flat_left"] == pytest.approx(0.99**30)
    assert m["small2_steep_left"] == pytest.approx(0.9**30)
    m = L.fastest_run_is_near_the_best_fixed_rate(r).measured
    assert m["best_factor"] == pytest.approx(20 / 11) and m["closest_factor"] == pytest.approx(1.8)


def test_the_2d_claims_fail_where_the_geometry_says_otherwise() -> None:
    # The rotated ravine: its steep direction is not θ₂, so the text's θ₁/θ₂ would be false.
    ravine = learning_rate_regimes_2d(surface="ravine", steps=30, resolution=20)
    assert not L.axis_aligned(ravine).holds
    assert not L.fastest_run_is_near_the_best_fixed_rate(ravine).holds
    # The round bowl: no flat and steep axis, both shrink alike.
    bowl = learning_rate_regimes_2d(surface="bowl", steps=30, resolution=20)
    assert not L.flat_axis_decides_speed(bowl).holds
    assert not L.steep_axis_decides_stability(bowl).holds
    # Rates that never reach 2/λ_max or start above 1/λ_max leave their claims unsupported.
    tame = learning_rate_regimes_2d(lr_factors=(1.2, 1.5, 1.8, 1.9), steps=30, resolution=20)
    assert not L.steep_axis_decides_stability(tame).holds
    assert not L.flat_axis_decides_speed(tame).holds
