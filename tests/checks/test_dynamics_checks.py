"""The per-layer gradient checks: each holds on a run shaped as the lecture says and fails on
one that breaks its sentence."""

from __future__ import annotations

import dataclasses

import numpy as np

from vizdl.checks import dynamics as D
from vizdl.sim.dynamics import LayerDynamics

PAIRS = (
    ("sigmoid", "torch-default"),
    ("sigmoid", "xavier-normal"),
    ("relu", "torch-default"),
    ("relu", "kaiming-normal"),
)


def good() -> LayerDynamics:
    c, depth = 3, 4
    layer = np.arange(depth)
    g = np.empty((4, c, depth))
    g[0] = 1e-4 * 10.0**layer  # sigmoid, default: first/last 1e-3
    g[1] = 1e-3 * 4.0**layer  # sigmoid, Xavier: 1/64
    g[2] = 0.5
    g[3] = np.linspace(1.0, 0.6, depth)
    acc = np.array([[0.1, 0.09, 0.09], [0.1, 0.1, 0.09], [0.1, 0.3, 0.44], [0.1, 0.6, 0.8]])
    nan = np.full((4, c, depth), 0.5)
    return LayerDynamics(
        pairs=PAIRS, width=10, depth=depth, lr=0.1, batch_size=100, epochs=2, n_train=1000,
        n_probe=100, iterations=np.array([0, 10, 20]), grad_norm=g, act_mean=nan, act_std=nan,
        saturated=nan, probe_loss=np.ones((4, c)), probe_acc=acc, diverged=np.zeros(4, bool),
        seconds=1.0,
    )  # fmt: skip


def test_every_check_holds_on_the_lectures_picture() -> None:
    d = good()
    for name in D.__all__:
        assert getattr(D, name)(d).holds, name
    m = D.sigmoid_first_layer_learns_slower(d).measured
    assert m["sigmoid_max_ratio"] == 1 / 64 and m["sigmoid_min_factor"] == 64
    assert D.xavier_narrows_sigmoids_gap(d).measured["sigmoid_default_ratio"] == 1e-3


def test_checks_fail_when_their_sentence_is_false() -> None:
    d = good()
    g = d.grad_norm.copy()
    g[1, 1, 0] = g[1, 1, -1] * 0.5  # sigmoid's first layer catching up at one checkpoint
    assert not D.sigmoid_first_layer_learns_slower(dataclasses.replace(d, grad_norm=g)).holds
    g = d.grad_norm.copy()
    g[3, 2, 0] = 0.1  # ReLU's first layer falling behind
    assert not D.relu_first_layer_keeps_up(dataclasses.replace(d, grad_norm=g)).holds
    g = d.grad_norm.copy()
    g[1] = g[0]  # Xavier no better than the default
    assert not D.xavier_narrows_sigmoids_gap(dataclasses.replace(d, grad_norm=g)).holds
    acc = d.probe_acc.copy()
    acc[0, -1] = 0.5  # a sigmoid network that learned
    assert not D.relu_learns_sigmoid_does_not(dataclasses.replace(d, probe_acc=acc)).holds
    assert not D.runs_as_stated(dataclasses.replace(d, iterations=np.array([0, 10, 15]))).holds
    assert not D.runs_as_stated(dataclasses.replace(d, diverged=np.array([1, 0, 0, 0], bool))).holds


def test_claims_about_missing_runs_are_left_out() -> None:
    d = good()
    relu_only = dataclasses.replace(
        d, pairs=PAIRS[2:], grad_norm=d.grad_norm[2:], probe_acc=d.probe_acc[2:]
    )
    assert not D.sigmoid_first_layer_learns_slower(relu_only).applies
    assert not D.xavier_narrows_sigmoids_gap(relu_only).applies
    assert not D.relu_learns_sigmoid_does_not(relu_only).applies
    assert D.relu_first_layer_keeps_up(relu_only).holds
