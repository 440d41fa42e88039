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
    err[k, :, 1] = r.error[r.labels.index("SGD"), :, 1] * 1.5  # Adagrad slower on the rare ones
    v = C.rare_weights_learned_faster(dataclasses.replace(r, error=err))
    assert not v.holds
    assert not C.adagrad_larger_updates_for_infrequent(dataclasses.replace(r, error=err)).holds
    err = r.error.copy()
    err[k, :, 0] = np.linspace(1.0, 0.2, err.shape[1])  # never learns the common ones
    assert not C.common_weights_alike(dataclasses.replace(r, error=err)).holds
    share = r.on_share.copy()
    share[r.rare] = 0.2
    assert not C.features_as_stated(dataclasses.replace(r, on_share=share)).holds


def test_sgd_never_getting_there_is_said_so(r) -> None:
    err = r.error.copy()
    err[r.labels.index("SGD"), :, 1] = 0.9  # never below 10% of the start
    err[r.labels.index("SGD"), 0, 1] = 1.0
    v = C.rare_weights_learned_faster(dataclasses.replace(r, error=err))
    assert v.holds and v.measured["sgd_rare_steps_text"] == f"not within {r.steps}"
    assert "rare_speedup" not in v.measured  # the caption's "(…× as many)" leaves
