"""The forward-variance claims: they hold on real torch nets and fail on data against them."""

from __future__ import annotations

import dataclasses
import functools

import numpy as np

from vizdl.checks import initialization as I
from vizdl.sim.initialization import signal_propagation

INITS = (
    "small-normal",
    "large-normal",
    "torch-default",
    "xavier-normal",
    "kaiming-normal",
    "orthogonal",
)


@functools.cache
def run():
    # narrower than the gallery's (512 × 30), Gaussian inputs: the same laws, seconds not minutes
    return signal_propagation(
        initializers=INITS,
        activations=("linear", "tanh", "sigmoid", "relu"),
        width=256,
        depth=12,
        inputs="gaussian",
        n_samples=256,
        n_nets=2,
    )


def test_the_forward_claims_hold_on_real_networks() -> None:
    r = run()
    for name in I.__all__:
        assert getattr(I, name)(r).holds, (name, getattr(I, name)(r).measured)
    m = I.torch_default_settles_on_its_biases(r).measured
    assert m["torch_fixed_point"] == 1 / 512


def _scaled(r, init: str, act: str, factor: np.ndarray):
    f = r.forward.copy()
    f[r.initializers.index(init), r.activations.index(act), 1:] *= factor
    return dataclasses.replace(r, forward=f)


def test_the_forward_claims_fail_on_data_against_them() -> None:
    r = run()
    grow = 1.1 ** np.arange(r.depth)  # a drift of 10% per layer
    assert not I.linear_xavier_and_orthogonal_stay_level(
        _scaled(r, "orthogonal", "linear", grow)
    ).holds
    assert not I.relu_needs_kaimings_factor_two(_scaled(r, "kaiming-normal", "relu", grow**2)).holds
    assert not I.normal_weights_scale_by_width(_scaled(r, "large-normal", "linear", grow)).holds
    assert not I.torch_default_settles_on_its_biases(
        _scaled(r, "torch-default", "linear", grow)
    ).holds
    assert not I.forward_matches_theory(_scaled(r, "xavier-normal", "tanh", 3.0 + 0 * grow)).holds
