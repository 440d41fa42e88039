"""The dying-ReLU claims: each holds on data like the gallery's and fails on data against it."""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
import pytest

from vizdl.checks import vanishing as V
from vizdl.sim.vanishing import DyingReLU, derivative_products

VARIANTS = ("relu", "leaky_relu", "relu-bias")


def run(relu1, relu2, leaky1, leaky2, bias1, bias2) -> DyingReLU:
    """A DyingReLU result whose off-shares per recorded step are the given lists."""
    off = np.array([[relu1, relu2], [leaky1, leaky2], [bias1, bias2]], dtype=float)
    n = off.shape[2]
    return DyingReLU(
        variants=VARIANTS,
        labels=("ReLU", "Leaky ReLU (0.01)", "ReLU, biases start at 0.1"),
        lr=0.2,
        momentum=0.9,
        steps=np.arange(n) * 20,
        off=off,
        loss=np.ones((3, n)),
        accuracy=np.full((3, n), 0.7),
    )


# Like the gallery's run: ReLU's layer 1 only climbs, its layer 2 dips and climbs.
GOOD = run(
    [0.0, 0.2, 0.4, 0.45],
    [0.0, 0.2, 0.1, 0.35],
    [0.0, 0.3, 0.45, 0.5],
    [0.0, 0.1, 0.02, 0.05],
    [0.0, 0.2, 0.4, 0.42],
    [0.0, 0.05, 0.1, 0.09],
)


def test_the_checks_hold_on_data_like_the_gallerys() -> None:
    for check in (c for c in V.__all__ if c.startswith("dying_relu")):
        assert getattr(V, check)(GOOD).holds, check
    v = V.dying_relu_many_die(GOOD)
    assert v.measured["relu_l1_end"] == 0.45 and v.measured["relu_l2_end"] == 0.35
    # the run's setting, quoted by the caption, comes from the result
    assert (v.measured["steps"], v.measured["lr"], v.measured["hidden"]) == (60, 0.2, 128)


def test_few_dead_units_fail_many_die() -> None:
    r = run([0, 0.1, 0.1], [0, 0.3, 0.3], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0])
    assert not V.dying_relu_many_die(r).holds


def test_a_first_layer_that_recovers_fails_stays_dead() -> None:
    r = run([0, 0.4, 0.3], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0])
    v = V.dying_relu_first_layer_stays_dead(r)
    assert not v.holds and v.measured["relu_l1_drops"] == 1
    # a run without the ReLU variant cannot support the claim (NaN compares false)
    no_relu = dataclasses.replace(GOOD, variants=("leaky_relu", "relu-bias", "elu"))
    assert not V.dying_relu_first_layer_stays_dead(no_relu).holds


def test_a_second_layer_that_never_falls_fails_recovers() -> None:
    r = run([0, 0, 0], [0, 0.1, 0.2], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0])
    assert not V.dying_relu_second_layer_recovers(r).holds


def test_leaky_and_bias_claims_fail_when_they_do_not_help() -> None:
    r = run([0, 0.5], [0, 0.3], [0, 0.2], [0, 0.2], [0, 0.5], [0, 0.3])
    assert not V.dying_relu_leaky_second_layer(r).holds  # 0.2 > half of 0.3
    assert not V.dying_relu_leaky_first_layer(r).holds  # 0.2 < half of 0.5
    near = run([0, 0.5], [0, 0.3], [0, 0.26], [0, 0.1], [0, 0.5], [0, 0.2])
    assert V.dying_relu_leaky_first_layer(near).holds  # 0.26 ≥ half of 0.5: still off
    assert not V.dying_relu_bias_second_layer(r).holds  # 0.3 is not fewer than 0.3
    assert not V.dying_relu_leaky_helps_inconsistently(r).holds  # the lecture's quote: disagree


# -- derivative products ---------------------------------------------------------------------------


@functools.cache
def products(**kw):
    return derivative_products(width=64, depth=12, n_samples=32, n_paths=16, **kw)


PRODUCT_CHECKS = (
    "sigmoid_products_under_the_bound",
    "relu_products_halve_but_never_vanish",
    "relu_kaiming_keeps_the_signal",
    "sigmoid_xavier_loses_the_signal",
)


def test_the_product_claims_hold_on_the_lectures_pairing() -> None:
    d = products()  # sigmoid and tanh with Xavier, ReLU with Kaiming
    for name in PRODUCT_CHECKS:
        assert getattr(V, name)(d).holds, name


def test_relu_with_xavier_weights_fails_the_keeps_its_signal_claim() -> None:
    d = products(inits=("xavier-normal", "xavier-normal", "xavier-normal"))
    v = V.relu_kaiming_keeps_the_signal(d)
    assert not v.holds and v.measured["relu_sig_end"] < 0.25  # halves per layer


def test_the_product_claims_fail_on_data_against_them() -> None:
    d = products()
    k = d.activations.index("sigmoid")
    above = d.mean.copy()
    above[k, 5] = 2 * d.bound[5]
    assert not V.sigmoid_products_under_the_bound(dataclasses.replace(d, mean=above)).holds
    zero = d.mean.copy()
    zero[d.activations.index("relu"), -1] = 0.0  # what sampling once printed
    assert not V.relu_products_halve_but_never_vanish(dataclasses.replace(d, mean=zero)).holds
    level = d.signal.copy()
    level[k] = 1.0  # sigmoid's signal not vanishing
    assert not V.sigmoid_xavier_loses_the_signal(dataclasses.replace(d, signal=level)).holds


# -- repeated composition -------------------------------------------------------------------------

from vizdl.sim.vanishing import GradientNorms, repeated_composition  # noqa: E402


@functools.cache
def composition():
    return repeated_composition()


def test_the_composition_claims_hold_at_the_gallery_setting() -> None:
    c = composition()
    v = V.composition_starts_on_the_diagonal(c)
    assert v.holds and v.measured["diag_err"] < 1e-12
    assert (v.measured["dim"], v.measured["steps"]) == (100, 5)
    v = V.composition_turns_more_and_more(c)
    assert v.holds and v.measured["turns_end"] == c.turns[-1] >= 8
    v = V.composition_a_few_steep_places(c)
    assert v.holds and v.measured["flat_end"] == c.small_slope[-1]
    # near x = 0 every tanh is in its middle: each composition multiplies the slope by about
    # the weights' gain (6 here), far more than the diagonal's 1
    assert v.measured["steep_end"] > 6**2
    # the shares, counted independently of the check from a finite-difference slope
    d = np.abs(np.diff(c.y[-1]) / np.diff(c.x))
    assert v.measured["flat_end"] == pytest.approx(np.mean(d < 0.1), abs=0.02)
    assert v.measured["below_one"] == pytest.approx(np.mean(d < 1.0), abs=0.02)
    # at this scale most of the cross-section is NOT nearly flat: the lecture's "most of the
    # values associated with a tiny derivative" does not hold, and its check says so
    assert v.measured["flat_end"] < 0.5 and v.measured["median_slope"] > 1
    assert not V.composition_mostly_flat_a_few_steep(c).holds
    assert not V.composition_is_highly_nonlinear(c).holds


def test_the_lecture_composition_check_holds_where_most_of_it_is_flat() -> None:
    # a wider x-range reaches the saturated tails: there most of it is flat (slope < 0.1)
    c = repeated_composition(scale=6.0, extent=4.0)
    d = np.abs(np.diff(c.y[-1]) / np.diff(c.x))
    assert np.mean(d < 0.1) > 0.5
    assert V.composition_mostly_flat_a_few_steep(c).holds


def test_the_composition_claims_fail_on_data_against_them() -> None:
    c = composition()
    # a flat t = 0 (the old projection on a direction orthogonal to the initial one)
    flat = c.y.copy()
    flat[0] = 0.0
    assert not V.composition_starts_on_the_diagonal(dataclasses.replace(c, y=flat)).holds
    turns = c.turns.copy()
    turns[3] = turns[4] + 1  # fewer turns at t = 4 than at t = 3
    assert not V.composition_turns_more_and_more(dataclasses.replace(c, turns=turns)).holds
    # a single composition with a small weight scale stays gentle: no claim holds for it
    gentle = repeated_composition(steps=1, scale=0.5)
    assert not V.composition_mostly_flat_a_few_steep(gentle).holds
    assert not V.composition_a_few_steep_places(gentle).holds
    assert not V.composition_is_highly_nonlinear(gentle).holds
    assert not V.composition_turns_more_and_more(gentle).holds


# -- per-layer gradient norms ---------------------------------------------------------------------

PAIRS = (
    ("sigmoid", "xavier-normal"),
    ("relu", "xavier-normal"),
    ("relu", "kaiming-normal"),
    ("gelu", "kaiming-normal"),
)


def norms(rows) -> GradientNorms:
    rows = np.asarray(rows, dtype=float)
    return GradientNorms(PAIRS, 256, rows.shape[1], 256, rows)


GOOD_NORMS = norms(
    [
        [1e-12, 1e-9, 1e-5, 0.2],  # sigmoid: 2e11 between the first layer and the last
        [1e-3, 1.2e-3, 0.9e-3, 0.8e-3],
        [1.2, 1.1, 1.0, 1.0],
        [0.15, 0.1, 0.05, 0.03],  # spread 5
    ]
)


def test_the_gradient_norm_claims_hold_on_data_like_the_gallerys() -> None:
    v = V.gradient_norms_sigmoid_first_layers_starve(GOOD_NORMS)
    assert v.holds and v.measured["sig_ratio"] == pytest.approx(2e11)
    v = V.gradient_norms_kaiming_keeps_every_layer(GOOD_NORMS)
    assert v.holds and v.measured["kaiming_spread_max"] == pytest.approx(5.0)
    assert (v.measured["kaiming_worst"], v.measured["n_kaiming"]) == ("gelu", 2)
    v = V.gradient_norms_relu_xavier_small(GOOD_NORMS)
    # layer by layer Kaiming / Xavier: 1200, 917, 1111, 1250; the least is 1.1 / 1.2e-3
    assert v.holds and v.measured["relu_xavier_smaller"] == pytest.approx(1.1 / 1.2e-3)


def test_the_gradient_norm_claims_fail_on_data_against_them() -> None:
    rows = GOOD_NORMS.norms.copy()
    rows[0] = [0.1, 0.12, 0.15, 0.2]  # sigmoid's first layers get a fair share
    rows[3] = [1.0, 0.3, 0.1, 0.05]  # GELU's spread 20
    rows[1] = rows[2] / 10  # ReLU with Xavier only 10 times smaller
    bad = norms(rows)
    assert not V.gradient_norms_sigmoid_first_layers_starve(bad).holds
    assert not V.gradient_norms_kaiming_keeps_every_layer(bad).holds
    assert not V.gradient_norms_relu_xavier_small(bad).holds


def test_the_gradient_norm_claims_hold_on_a_real_small_network() -> None:
    from vizdl.sim.vanishing import gradient_norms

    n = gradient_norms(pairs=PAIRS, width=64, depth=8, n_samples=64)
    assert V.gradient_norms_sigmoid_first_layers_starve(n).measured["sig_ratio"] > 1e3
    assert V.gradient_norms_kaiming_keeps_every_layer(n).holds
