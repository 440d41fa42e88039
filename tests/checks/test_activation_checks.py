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
