"""The validation protocol's checks: each holds on a protocol run as the lecture says and fails
on one that breaks its sentence."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from vizdl.checks import validation as V
from vizdl.sim.validation import Protocol


def good() -> Protocol:
    val = np.array([[0.38, 0.52, 0.57], [0.78, 0.82, 0.83], [0.78, 0.80, 0.85], [0.57, 0.59, 0.62]])
    return Protocol(
        lrs=np.array([1e-5, 1e-3, 1e-2, 1e-1]),
        epochs=3,
        val_acc=val,
        train_loss=np.array(
            [[2.25, 2.14, 2.03], [0.93, 0.58, 0.51], [0.73, 0.50, 0.44], [2.8, 1.0, 0.95]]
        ),
        chosen=2,
        chosen_val_acc=val[2].copy(),
        test_acc=0.8472,
        test_evaluations=1,
        candidate_n_test=np.zeros(4, dtype=np.int64),
        candidate_test_acc=np.full(4, np.nan),
        n_train=10_000,
        n_val=10_500,
        n_test=10_500,
        batch_size=100,
        seed=0,
        seconds=1.0,
    )


def test_every_check_holds_on_a_faithful_protocol() -> None:
    p = good()
    for name in V.__all__:
        assert getattr(V, name)(p).holds, name
    m = V.chosen_by_validation(p).measured
    assert (m["chosen_lr"], m["runner_up_lr"]) == (1e-2, 1e-3)
    m = V.test_agrees_with_validation(p).measured
    # SE of a difference of two accuracies near 0.85 on 10,500 images each: √(2·p(1−p)/n)
    assert m["se_points"] == pytest.approx(100 * np.sqrt(2 * 0.8486 * 0.1514 / 10_500), rel=1e-3)
    assert m["gap_points"] == pytest.approx(-0.28, abs=1e-9)


def test_checks_fail_on_protocols_that_break_them() -> None:
    p = good()
    assert not V.chosen_by_validation(dataclasses.replace(p, chosen=1)).holds
    assert not V.tested_once(dataclasses.replace(p, test_evaluations=5)).holds  # test peeked at
    # counted from the candidates' own records, not the tally: a candidate that was given the
    # test split fails the claim although the protocol's tally still says 1
    peeked = np.array([0, 10_500, 0, 0])
    assert not V.tested_once(dataclasses.replace(p, candidate_n_test=peeked)).holds
    scored = np.array([np.nan, np.nan, 0.85, np.nan])
    assert not V.tested_once(dataclasses.replace(p, candidate_test_acc=scored)).holds
    assert not V.tested_once(dataclasses.replace(p, n_test=0)).holds  # the chosen never tested
    assert not V.tested_once(dataclasses.replace(p, candidate_n_test=np.zeros(3))).holds
    other = dataclasses.replace(p, chosen_val_acc=p.val_acc[1].copy())  # not the chosen model
    assert not V.tested_once(other).holds
    assert not V.test_agrees_with_validation(dataclasses.replace(p, test_acc=0.80)).holds
    # the best at the grid's edge: the grid does not bracket it
    edge = dataclasses.replace(p, lrs=np.array([1e-5, 1e-3, 1e-1, 1.0]))
    assert V.grid_brackets_the_choice(edge).holds  # still inside
    val = p.val_acc.copy()
    val[3, -1] = 0.845  # the largest nearly as good as the choice
    assert not V.grid_brackets_the_choice(dataclasses.replace(p, val_acc=val)).holds
    loss = p.train_loss.copy()
    loss[0, 2] = 2.2  # the smallest stopped learning
    assert not V.grid_brackets_the_choice(dataclasses.replace(p, train_loss=loss)).holds
