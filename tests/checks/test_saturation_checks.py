"""The saturation checks: each holds on a result shaped as Glorot & Bengio describe and fails on
one that breaks its sentence."""

from __future__ import annotations

import dataclasses

import numpy as np

from vizdl.checks import saturation as C
from vizdl.sim.saturation import RUNS, Saturation

IT = np.arange(0, 30_001, 1000)  # 31 checkpoints
COMPARE = 6000


def good() -> Saturation:
    k, c, depth = len(RUNS), len(IT), 4
    mean = np.full((k, c, depth), np.nan)
    sat = np.full((k, c, depth), np.nan)
    loss = np.full((k, c), np.nan)
    short = IT <= COMPARE
    # sigmoid, standard: the top layer falls to 0.05 by 1000, 0.02 at its lowest, back after 24,000
    top = np.interp(
        IT, [0, 1000, 15_000, 22_000, 24_000, 30_000], [0.5, 0.05, 0.02, 0.05, 0.12, 0.14]
    )
    mean[0] = 0.55
    mean[0, :, -1] = top
    loss[0] = np.interp(IT, [0, 21_000, 30_000], [2.31, 2.30, 0.9])
    sat[0] = 0.0
    # sigmoid, normalized: lowest 0.08, the loss down by 3000
    mean[1, short] = 0.5
    mean[1, short, -1] = np.interp(IT[short], [0, 2000, 6000], [0.5, 0.08, 0.17])
    loss[1, short] = np.interp(IT[short], [0, 2000, 3000, 6000], [2.4, 2.3, 1.4, 0.8])
    sat[1, short] = 0.0
    # tanh: layer l reaches 0.5% saturated at 1000·(l + 1)
    mean[2, short] = 0.01
    for layer in range(depth):
        sat[2, short, layer] = np.where(IT[short] >= 1000 * (layer + 1), 0.01, 0.0)
    loss[2, short] = 0.5
    bound = np.array([[1 / 28, 1 / np.sqrt(300)] * 2 + [1 / np.sqrt(300)]] * k)
    return Saturation(
        runs=RUNS, width=300, depth=depth, lr=0.1, batch_size=10, n_train=59_700, n_probe=300,
        run_updates=np.array([30_000, COMPARE, COMPARE]), iterations=IT, act_mean=mean,
        act_std=np.where(np.isnan(mean), np.nan, 0.1), act_lo=mean - 0.1, act_hi=mean + 0.1,
        saturated=sat, probe_loss=loss, probe_acc=np.where(np.isnan(loss), np.nan, 0.5),
        w_max=bound * 0.9999, w_bound=bound, b_max=np.zeros(k), diverged=np.zeros(k, bool), seconds=1.0,
    )  # fmt: skip


def _with(r: Saturation, **arrays: np.ndarray) -> Saturation:
    return dataclasses.replace(r, **arrays)


def test_every_check_holds_on_the_papers_picture() -> None:
    r = good()
    for name in C.__all__:
        if name.islower():
            v = getattr(C, name)(r)
            assert v.applies and v.holds, (name, v.measured)
    m = C.top_layer_saturates_fast(r).measured
    assert m["top_start"] == 0.5 and m["top_min"] == 0.02 and m["top_min_at"] == 15_000
    assert m["fast_at"] == 3000
    m = C.stuck_then_recovered(r).measured
    assert "has recovered" in m["recovery_text"] and "update 24,000" in m["recovery_text"]
    m = C.normalized_does_not_collapse(r).measured
    assert m["normalized_top_min"] == 0.08 and m["compare_at"] == COMPARE
    assert m["normalized_drop_at"] == 3000
    assert C.tanh_layers_saturate_in_order(r).measured["tanh_order"] == "1,000, 2,000, 3,000, 4,000"
    m = C.runs_as_stated(r).measured
    assert m["updates"] == 30_000 and m["compare_updates"] == COMPARE and m["every"] == 1000


def test_runs_as_stated_fails_on_other_weights_or_a_diverged_run() -> None:
    r = good()
    assert not C.runs_as_stated(_with(r, w_max=r.w_bound * 0.5)).holds  # not the stated uniform
    assert not C.runs_as_stated(_with(r, w_max=r.w_bound * 1.01)).holds
    assert not C.runs_as_stated(_with(r, diverged=np.array([0, 1, 0], bool))).holds
    assert not C.runs_as_stated(_with(r, b_max=np.array([0.0, 0.01, 0.0]))).holds
    mean = r.act_mean.copy()
    mean[0, 5, 1] = np.nan
    assert not C.runs_as_stated(_with(r, act_mean=mean)).holds


def test_a_top_layer_that_stays_up_or_lower_layers_that_fall_fail() -> None:
    r = good()
    mean = r.act_mean.copy()
    mean[0, 1:4, -1] = 0.3  # still at 0.3 by update 3000
    assert not C.top_layer_saturates_fast(_with(r, act_mean=mean)).holds
    mean = r.act_mean.copy()
    mean[0, 0, -1] = 0.7  # not starting near 0.5
    assert not C.top_layer_saturates_fast(_with(r, act_mean=mean)).holds
    mean = r.act_mean.copy()
    mean[0, 10, 0] = 0.2  # a lower layer saturating too
    assert not C.top_layer_saturates_fast(_with(r, act_mean=mean)).holds


def test_a_loss_that_moves_early_or_a_half_recovery_fails() -> None:
    r = good()
    loss = r.probe_loss.copy()
    loss[0, 10] = 1.5  # learning at update 10,000
    assert not C.stuck_then_recovered(_with(r, probe_loss=loss)).holds
    loss = r.probe_loss.copy()
    loss[0, -1] = 2.3  # the top layer back up but the loss still at ln 10
    assert not C.stuck_then_recovered(_with(r, probe_loss=loss)).holds
    mean = r.act_mean.copy()
    mean[0, 12, -1] = 0.2  # the top layer up inside the stuck span
    assert not C.stuck_then_recovered(_with(r, act_mean=mean)).holds


def test_a_run_still_stuck_at_its_end_is_said_so() -> None:
    r = good()
    keep = IT <= 20_000
    short = _with(
        r, iterations=IT[keep], act_mean=r.act_mean[:, keep], saturated=r.saturated[:, keep],
        probe_loss=r.probe_loss[:, keep], run_updates=np.array([20_000, COMPARE, COMPARE]),
    )  # fmt: skip
    v = C.stuck_then_recovered(short)
    assert v.holds and "has not recovered yet" in v.measured["recovery_text"]
    shorter = _with(short, run_updates=np.array([14_000, COMPARE, COMPARE]))
    assert not C.stuck_then_recovered(shorter).applies


def test_a_normalized_run_that_collapses_or_does_not_learn_fails() -> None:
    r = good()
    mean = r.act_mean.copy()
    mean[1, 2, -1] = 0.03  # under twice the standard run's lowest (0.039 at 6000)
    assert not C.normalized_does_not_collapse(_with(r, act_mean=mean)).holds
    loss = r.probe_loss.copy()
    loss[1, 6] = 2.0  # not 0.5 below ln 10 at its end
    assert not C.normalized_does_not_collapse(_with(r, probe_loss=loss)).holds
    loss = r.probe_loss.copy()
    loss[0, 6] = 1.0  # the standard run learning by then too
    assert not C.normalized_does_not_collapse(_with(r, probe_loss=loss)).holds


def test_tanh_layers_out_of_order_or_never_saturating_fail() -> None:
    r = good()
    sat = r.saturated.copy()
    sat[2, 1, 2] = 0.01  # layer 3 at 1000, before layer 2 (2000)
    assert not C.tanh_layers_saturate_in_order(_with(r, saturated=sat)).holds
    sat = r.saturated.copy()
    sat[2, :, 3] = 0.0  # layer 4 never
    v = C.tanh_layers_saturate_in_order(_with(r, saturated=sat))
    assert not v.holds and v.measured["tanh_order"].endswith("-1")
    mean = r.act_mean.copy()
    mean[2, 3, -1] = 0.3  # the top layer's mean off centre
    assert not C.tanh_layers_saturate_in_order(_with(r, act_mean=mean)).holds


def test_claims_about_missing_runs_are_left_out() -> None:
    r = good()
    tanh_only = _with(r, runs=(("tanh", "standard"),) * 3)
    for check in (
        C.top_layer_saturates_fast, C.stuck_then_recovered, C.normalized_does_not_collapse,
        C.runs_as_stated,
    ):  # fmt: skip
        assert not check(tanh_only).applies
    assert not C.tanh_layers_saturate_in_order(_with(r, runs=RUNS[:2] * 2)).applies
