"""Seed-spread claims: the verdict follows the intervals, in both directions, and the checks
fail on results that contradict them."""

from __future__ import annotations

import dataclasses

import numpy as np

from vizdl.checks import seed_spread as C
from vizdl.sim.seed_spread import SeedSpread, spread_ratio_interval


def _result(final: np.ndarray, diverged: bool = False) -> SeedSpread:
    final = np.asarray(final, dtype=float)
    ratio, lo, hi = spread_ratio_interval(final, 2000, 0)
    n = final.shape[1]
    return SeedSpread(
        names=("relu", "leaky_relu", "elu"),
        labels=("ReLU", "Leaky ReLU (slope 0.01)", "ELU (α = 1)"),
        seeds=np.arange(n),
        final=final,
        spread=final.std(axis=1, ddof=1),
        ratio=ratio,
        ratio_lo=lo,
        ratio_hi=hi,
        train_loss=np.full(final.shape, 0.5),
        diverged=np.full(final.shape, diverged),
        hidden=64,
        n_train=3000,
        n_test=10_000,
        epochs=3,
        batch_size=50,
        lr=0.05,
        momentum=0.9,
        n_boot=2000,
        seconds=1.0,
    )


RNG = np.random.default_rng(11)
BASE = 0.8 + 0.01 * RNG.standard_normal((3, 12))


def test_alike_spreads_are_not_called_inconsistent() -> None:
    r = _result(BASE)
    v = C.leaky_spread_against_the_others(r)
    assert v.holds
    assert v.measured["leaky_verdict"].startswith("this measurement does not show it")
    assert v.measured["ratio_relu_lo"] < 1 < v.measured["ratio_relu_hi"]
    assert not C.lecture_leaky_inconsistent(r).holds
    assert C.spreads_measured(r).holds and C.spread_setting(r).holds
    m = C.spreads_measured(r).measured
    assert m["leaky_sd"] == np.std(BASE[1], ddof=1) * 100
    assert m["elu_mean"] == np.mean(BASE[2])


def test_a_leaky_relu_five_times_as_spread_is_inconsistent() -> None:
    final = BASE.copy()
    final[1] = 0.8 + 5 * (BASE[1] - BASE[1].mean())
    r = _result(final)
    v = C.leaky_spread_against_the_others(r)
    assert v.measured["leaky_verdict"].startswith("this measurement agrees")
    assert v.measured["ratio_relu_lo"] > 1 and v.measured["ratio_elu_lo"] > 1
    assert C.lecture_leaky_inconsistent(r).holds


def test_larger_than_one_only_is_said_so() -> None:
    final = BASE.copy()
    final[0] = 0.8 + 0.1 * (BASE[0] - BASE[0].mean())  # ReLU: a tenth of the spread
    r = _result(final)
    text = C.leaky_spread_against_the_others(r).measured["leaky_verdict"]
    assert "not clearly larger than ELU's" in text and "clearly larger than ReLU's" in text
    assert not C.lecture_leaky_inconsistent(r).holds


def test_the_checks_fail_on_results_that_contradict_them() -> None:
    r = _result(BASE)
    assert not C.spread_setting(dataclasses.replace(r, seeds=np.arange(2))).holds
    wrong = np.array(r.ratio, dtype=float)
    wrong[1, 0] = r.ratio_hi[1, 0] * 2  # a ratio outside its own interval
    assert not C.spreads_measured(dataclasses.replace(r, ratio=wrong)).holds
    nan = BASE.copy()
    nan[1, 3] = np.nan
    assert not C.spreads_measured(dataclasses.replace(r, final=nan)).holds
    gone = dataclasses.replace(r, ratio_lo=np.full((3, 3), np.nan))
    assert not C.leaky_spread_against_the_others(gone).holds


def test_diverged_runs_are_said_and_their_spreads_left_out() -> None:
    gone = np.zeros((3, 12), dtype=bool)
    gone[1, 4] = True
    final = BASE.copy()
    final[1, 4] = np.nan
    r = dataclasses.replace(_result(BASE), final=final, diverged=gone)
    v = C.spread_setting(r)
    assert v.holds
    assert v.measured["diverged_text"].startswith("1 run diverged (ReLU 0, Leaky ReLU")
    for name in (
        "spreads_measured",
        "leaky_spread_against_the_others",
        "lecture_leaky_inconsistent",
    ):
        assert not getattr(C, name)(r).applies, name
    assert C.spread_setting(_result(BASE)).measured["diverged_text"] == "no run diverged"
    # the setting is measured on the results, not restated: a record whose flags disagree with
    # its own accuracies fails either way, and so do seeds that are not the results' columns
    assert not C.spread_setting(dataclasses.replace(r, diverged=np.zeros((3, 12), bool))).holds
    assert not C.spread_setting(dataclasses.replace(_result(BASE), diverged=gone)).holds
    assert not C.spread_setting(dataclasses.replace(r, seeds=np.arange(13))).holds
    assert not C.spread_setting(dataclasses.replace(r, seeds=np.r_[np.arange(11), 0])).holds
    too_good = BASE.copy()
    too_good[0, 0] = 1.5  # not an accuracy
    assert not C.spread_setting(_result(too_good)).holds


def test_the_claims_leave_runs_without_all_three() -> None:
    r = _result(BASE)
    two = dataclasses.replace(r, names=("relu", "elu", "gelu"))
    for name in (
        "spreads_measured",
        "leaky_spread_against_the_others",
        "lecture_leaky_inconsistent",
    ):
        assert not getattr(C, name)(two).applies, name
