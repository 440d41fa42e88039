"""The sigmoid-bound claims: they hold on the drawn curves and fail on curves against them."""

from __future__ import annotations

import dataclasses

import numpy as np

from vizdl.checks.activations import sigmoid_slope_peaks_at_a_quarter, tanh_is_a_stretched_sigmoid
from vizdl.sim.activations import activation_gallery


def gallery(points: int = 1201):
    return activation_gallery(names=("sigmoid", "tanh"), x_range=6.0, points=points)


def test_the_claims_hold_on_the_drawn_curves_even_without_a_grid_point_at_zero() -> None:
    for g in (gallery(), gallery(points=1200)):
        assert sigmoid_slope_peaks_at_a_quarter(g).holds
        assert tanh_is_a_stretched_sigmoid(g).holds
    assert sigmoid_slope_peaks_at_a_quarter(gallery()).measured["sig_slope_max"] == 0.25


def test_the_claims_fail_on_curves_that_contradict_them() -> None:
    g = gallery()
    df = g.df.copy()
    df[0] *= 1.1  # a "sigmoid" steeper than 1/4
    assert not sigmoid_slope_peaks_at_a_quarter(dataclasses.replace(g, df=df)).holds
    f = g.f.copy()
    f[1] = np.tanh(f[1])  # not 2σ(2x) − 1
    assert not tanh_is_a_stretched_sigmoid(dataclasses.replace(g, f=f)).holds
    only = activation_gallery(names=("relu",), x_range=6.0, points=101)
    assert not sigmoid_slope_peaks_at_a_quarter(only).holds


# -- the activation gallery and softmax-vs-sigmoid ------------------------------------------------

from vizdl.checks import activations as A  # noqa: E402
from vizdl.sim.activations import LEAKY_SLOPE, PRELU_INIT, softmax_sigmoid  # noqa: E402


def full(points: int = 1001):
    return activation_gallery(x_range=5.0, points=points)


def test_the_gallery_claims_hold_on_every_activation() -> None:
    g = full()
    v = A.closed_forms_match_torch(g)
    assert v.holds and v.measured["n_act"] == len(g.names) == 13
    assert (v.measured["x_lo"], v.measured["x_hi"]) == (-5.0, 5.0)
    # the largest autograd difference is Hardsigmoid's: torch's backward uses float32(1/6)
    assert v.measured["grad_err_worst"] == "Hardsigmoid"
    assert v.measured["grad_err_max"] == abs(float(np.float32(1 / 6)) - 1 / 6)
    assert A.relu_derivative_at_zero_is_torchs(g).measured == {"relu_d0": 0.0}
    v = A.leaky_slopes(g)
    assert v.holds and v.measured == {"leaky_slope": LEAKY_SLOPE, "prelu_slope": PRELU_INIT}
    assert (LEAKY_SLOPE, PRELU_INIT) == (0.01, 0.25)  # torch's defaults


def test_the_gallery_claims_fail_on_curves_against_them() -> None:
    g = full()
    k = g.names.index("relu")
    ve = g.value_error.copy()
    ve[k] = 1e-6
    assert not A.closed_forms_match_torch(dataclasses.replace(g, value_error=ve)).holds
    df = g.df.copy()
    df[k][np.flatnonzero(g.x == 0)] = 1.0  # ReLU'(0) = 1: not torch's choice
    assert not A.relu_derivative_at_zero_is_torchs(dataclasses.replace(g, df=df)).holds
    # a grid without x = 0 cannot show ReLU'(0)
    assert not A.relu_derivative_at_zero_is_torchs(full(points=1000)).holds
    # a leaky slope drawn as 0 (plain ReLU) or a curved negative side
    j = g.names.index("leaky_relu")
    df = g.df.copy()
    df[j][g.x < 0] = 0.0
    assert not A.leaky_slopes(dataclasses.replace(g, df=df)).holds
    f = g.f.copy()
    f[j] = np.where(g.x < 0, 0.01 * g.x**2, g.x)
    assert not A.leaky_slopes(dataclasses.replace(g, f=f)).holds


def test_softmax_is_a_sigmoid_holds_to_rounding_and_fails_otherwise() -> None:
    s = softmax_sigmoid()
    v = A.softmax_is_a_sigmoid(s)
    assert v.holds and v.measured["n_pairs"] == 200 and v.measured["s_hi"] == 8.0
    assert v.measured["curve_diff"] <= 2.3e-16  # one rounding of numbers below 1
    # σ(s₁ + s₂) instead of σ(s₁ − s₂): wrong
    wrong = 1 / (1 + np.exp(-(s.pairs[:, 0] + s.pairs[:, 1])))
    diff = float(np.max(np.abs(s.pair_softmax - wrong)))
    assert not A.softmax_is_a_sigmoid(dataclasses.replace(s, max_diff_pairs=diff)).holds
