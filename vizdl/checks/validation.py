"""Checks on :mod:`vizdl.sim.validation` results (the validation protocol)."""

from __future__ import annotations

import math

import numpy as np

from vizdl.checks import Verdict, verdict

__all__ = [
    "chosen_by_validation",
    "tested_once",
    "test_agrees_with_validation",
    "grid_brackets_the_choice",
]

# "Agree": within this many standard errors of the difference of two independent accuracies.
AGREE_SE = 3.0
# The grid's ends must be this much worse than the choice (accuracy, absolute) to bracket it.
BRACKET_MARGIN = 0.02


def _final(p: object) -> np.ndarray:
    v = np.asarray(p.val_acc, dtype=float)[:, -1]
    return np.where(np.isfinite(v), v, -np.inf)


def chosen_by_validation(p: object) -> Verdict:
    """The chosen learning rate has the best final validation accuracy. Measures it, its
    accuracy, and the runner-up's."""
    final = _final(p)
    order = np.argsort(-final)
    best, second = int(order[0]), int(order[1])
    return verdict(
        p.chosen == best and final[best] > final[second],
        chosen_lr=float(p.lrs[best]),
        chosen_val=float(final[best]),
        runner_up_lr=float(p.lrs[second]),
        runner_up_val=float(final[second]),
    )


def tested_once(p: object) -> Verdict:
    """Only one run was given the test split, and it is the chosen model: its validation curve
    equals the chosen candidate's exactly. The evaluations are counted from the candidates' own
    records (a candidate that was given test images, or has a test accuracy, saw the test
    split), not taken from the protocol's tally, which must agree. Measures the test accuracy
    and the split sizes."""
    same = np.array_equal(np.asarray(p.chosen_val_acc), np.asarray(p.val_acc)[p.chosen])
    given = np.asarray(p.candidate_n_test)
    scored = np.asarray(p.candidate_test_acc, dtype=float)
    if not len(given) == len(scored) == len(p.lrs):  # a record per candidate, or no count
        given, scored = np.ones(len(p.lrs)), np.zeros(len(p.lrs))
    seen = (given > 0) | np.isfinite(scored)
    rerun = int(p.n_test) > 0 and math.isfinite(p.test_acc)
    count = int(seen.sum()) + int(rerun)
    return verdict(
        not seen.any()
        and rerun
        and count == p.test_evaluations == 1
        and same
        and 0 <= p.test_acc <= 1,
        test_acc=float(p.test_acc),
        n_train=int(p.n_train),
        n_val=int(p.n_val),
        n_test=int(p.n_test),
    )


def test_agrees_with_validation(p: object) -> Verdict:
    """The chosen model's test accuracy is within :data:`AGREE_SE` standard errors of its
    validation accuracy (SE of the difference of two independent accuracies of these sizes).
    Measures the gap in points, the SE in points and the gap in SEs."""
    val = float(np.asarray(p.val_acc)[p.chosen, -1])
    acc = (val + float(p.test_acc)) / 2
    se = math.sqrt(acc * (1 - acc) * (1 / p.n_val + 1 / p.n_test))
    gap = float(p.test_acc) - val
    return verdict(
        abs(gap) <= AGREE_SE * se,
        gap_points=100 * gap,
        se_points=100 * se,
        gap_se=abs(gap) / se,
        agree_se=AGREE_SE,
    )


def grid_brackets_the_choice(p: object) -> Verdict:
    """The smallest and the largest learning rate tried both end at least
    :data:`BRACKET_MARGIN` below the choice (the best is inside the grid, not at its edge), the
    smallest still learning (its training loss falls every epoch) and both with a higher final
    training loss than the choice. Measures both ends' rates, accuracies and losses."""
    final = _final(p)
    lo, hi = int(np.argmin(p.lrs)), int(np.argmax(p.lrs))
    best = float(final[p.chosen])
    loss = np.asarray(p.train_loss, dtype=float)
    return verdict(
        p.chosen not in (lo, hi)
        and best - final[lo] >= BRACKET_MARGIN
        and best - final[hi] >= BRACKET_MARGIN
        # the smallest is still learning (its loss falls every epoch), and both end above the
        # choice's training loss
        and bool(np.all(np.diff(loss[lo]) < 0))
        and loss[lo, -1] > loss[p.chosen, -1]
        and loss[hi, -1] > loss[p.chosen, -1],
        smallest_lr=float(p.lrs[lo]),
        smallest_val=float(final[lo]),
        smallest_loss=float(loss[lo, -1]),
        largest_lr=float(p.lrs[hi]),
        largest_val=float(final[hi]),
        largest_loss=float(loss[hi, -1]),
        chosen_loss=float(loss[p.chosen, -1]),
        bracket_points=100 * BRACKET_MARGIN,
    )
