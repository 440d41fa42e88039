"""The sparse-features checks hold on the computed result and fail on data against them."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from vizdl.checks import sparse as C
from vizdl.sim.optimizers.sparse import sparse_features


@pytest.fixture(scope="module")
def r():
    return sparse_features()


def test_every_check_holds_on_the_default_run(r) -> None:
    for name in C.__all__:
        assert getattr(C, name)(r).holds, (name, getattr(C, name)(r).measured)


def test_checks_fail_on_contradicting_data(r) -> None:
    eff = r.eff_lr.copy()
    k = r.labels.index("Adagrad")
    eff[k, -1, r.rare] = eff[k, -1, ~r.rare].mean()  # no preference for the rare features
    assert not C.adagrad_rates_favour_rare_features(dataclasses.replace(r, eff_lr=eff)).holds
    err = r.error.copy()
    sgd = r.error[r.labels.index("SGD"), :, 1]
    err[k, :, 1] = np.r_[sgd[0], sgd[0], sgd[1:-1]]  # Adagrad one step behind SGD on the rare ones
    v = C.rare_weights_learned(dataclasses.replace(r, error=err))
    assert v.holds and v.measured["rare_speedup"] < 1  # said (SGD "0.99× as many"), but
    assert not C.adagrad_larger_updates_for_infrequent(dataclasses.replace(r, error=err)).holds
    err = r.error.copy()
    err[k, :, 1] = np.linspace(1.0, 0.2, err.shape[1])  # Adagrad never learns the rare ones
    assert not C.rare_weights_learned(dataclasses.replace(r, error=err)).holds
    err = r.error.copy()
    err[k, 0, 1] = 0.5  # the rare weights start nearer w* than w = 0 is
    assert not C.rare_weights_learned(dataclasses.replace(r, error=err)).holds
    err = r.error.copy()
    err[k, 0, 0] = 0.5  # Adagrad's common weights start nearer w* than w = 0 is
    assert not C.common_weights_compared(dataclasses.replace(r, error=err)).holds
    eff = r.eff_lr.copy()
    eff[k, -1, 0] = 2 * eff[k, -2, 0]  # an Adagrad rate that grows: G only adds squares
    assert not C.common_weights_compared(dataclasses.replace(r, eff_lr=eff)).holds
    eff = r.eff_lr.copy()
    eff[r.labels.index("SGD"), -1, 0] *= 0.5  # SGD with two rates
    assert not C.common_weights_compared(dataclasses.replace(r, eff_lr=eff)).holds
    share = r.on_share.copy()
    share[r.rare] = 0.2
    assert not C.features_as_stated(dataclasses.replace(r, on_share=share)).holds


def test_sgd_never_getting_there_is_said_so(r) -> None:
    err = r.error.copy()
    err[r.labels.index("SGD"), :, 1] = 0.9  # never below 10% of the start
    err[r.labels.index("SGD"), 0, 1] = 1.0
    v = C.rare_weights_learned(dataclasses.replace(r, error=err))
    assert v.holds and v.measured["sgd_rare_steps_text"] == f"not within {r.steps} steps"
    assert "rare_speedup" not in v.measured  # the caption's "(…× as many)" leaves


@pytest.mark.parametrize(
    ("a", "s", "words"),
    [
        (25, 21, "the two are alike, within 2× of each other"),
        (62, 4, "SGD gets there 16× sooner"),
        (9, 293, "Adagrad gets there 33× sooner"),
        (-1, 12, "only SGD gets there"),
        (12, -1, "only Adagrad gets there"),
        (-1, -1, "neither gets there"),
    ],
)
def test_the_common_features_words_follow_the_step_counts(r, a, s, words) -> None:
    # error curves that first fall below 10% of the start at step a (Adagrad) and s (SGD)
    err = r.error.copy()
    for lab, n in (("Adagrad", a), ("SGD", s)):
        curve = np.ones(err.shape[1])
        if n > 0:
            curve[n:] = 0.05
        err[r.labels.index(lab), :, 0] = curve
    v = C.common_weights_compared(dataclasses.replace(r, error=err))
    assert v.holds and v.measured["common_compare"] == words
    for n, key in ((a, "adagrad_common_text"), (s, "sgd_common_text")):
        assert v.measured[key] == (f"in {n} steps" if n > 0 else f"not within {r.steps} steps")
