"""The dying-ReLU claims: each holds on data like the gallery's and fails on data against it."""

from __future__ import annotations

import dataclasses
import functools

import numpy as np

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
    r = run([0, 0.5], [0, 0.3], [0, 0.4], [0, 0.2], [0, 0.5], [0, 0.3])
    assert not V.dying_relu_leaky_second_layer(r).holds  # 0.2 > half of 0.3
    assert not V.dying_relu_leaky_first_layer(r).holds  # 0.4 < 0.5
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
