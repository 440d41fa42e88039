"""The cost-of-mini-batches checks: each holds on a result shaped like a real run and fails on a
doctored one that breaks its sentence."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from vizdl.checks import batch_cost as C
from vizdl.sim.optimizers.batch_cost import BatchCost

SIZES = (1, 10, 100, 2000)
N = 2000


def _run(b: int, losses: dict[int, float], per_update: float, total: int) -> tuple:
    """Checkpoints at the given update counts (0 and ``total`` included), their losses, and
    the time a run of constant cost per update had taken by then."""
    at = np.array(sorted(losses), dtype=np.int64)
    assert at[0] == 0 and at[-1] == total
    return at, np.array([losses[u] for u in at]), per_update * at.astype(float)


def good() -> BatchCost:
    # epochs 3 → marks 6000, 600, 60, 3; updates 300. Per update: 0.2, 0.22, 0.4, 5 ms.
    runs = [
        _run(
            1, {0: 2.33, 3: 2.4, 60: 2.0, 300: 1.20, 600: 1.0, 1000: 0.95, 6000: 0.46}, 2e-4, 6000
        ),
        _run(10, {0: 2.33, 3: 2.3, 60: 1.9, 300: 0.96, 400: 0.97, 600: 0.78}, 2.2e-4, 600),
        _run(100, {0: 2.33, 3: 2.3, 60: 1.54, 250: 0.985, 300: 0.940}, 4e-4, 300),
        _run(2000, {0: 2.33, 3: 2.25, 60: 1.6, 290: 0.98, 300: 0.9398}, 5e-3, 300),
    ]
    width = max(len(r[0]) for r in runs)

    def pad(i: int, fill: float) -> np.ndarray:
        return np.array([np.r_[r[i], np.full(width - len(r[i]), fill)] for r in runs])

    return BatchCost(
        batch_sizes=SIZES,
        n=N,
        lr=0.01,
        epochs=3,
        updates=300,
        hidden=0,
        at_update=pad(0, -1).astype(np.int64),
        loss=pad(1, np.nan),
        seconds=pad(2, np.nan),
        n_checks=np.array([len(r[0]) for r in runs]),
        epoch_updates=np.array([N // b for b in SIZES]),
        total_updates=np.array([6000, 600, 300, 300]),
        total_seconds=np.array([r[2][-1] for r in runs]),
        start_loss=2.33,
        cpu="a test CPU",
        threads=1,
        seed=0,
    )


def _with_loss(r: BatchCost, k: int, update: int, value: float) -> BatchCost:
    loss = r.loss.copy()
    loss[k, int(np.flatnonzero(r.at_update[k] == update)[0])] = value
    return dataclasses.replace(r, loss=loss)


def _with_per_update(r: BatchCost, k: int, per_update: float) -> BatchCost:
    """Run ``k`` re-timed at a constant cost per update (its clock and its total)."""
    seconds, total = r.seconds.copy(), r.total_seconds.copy()
    c = int(r.n_checks[k])
    seconds[k, :c] = per_update * r.at_update[k, :c]
    total[k] = seconds[k, c - 1]
    return dataclasses.replace(r, seconds=seconds, total_seconds=total)


def test_every_check_holds_on_a_faithful_result() -> None:
    r = good()
    for name in C.__all__:
        assert getattr(C, name)(r).holds, name
    m = C.equal_examples_smaller_batches_lower(r).measured
    assert m["examples_losses_text"] == "1: 0.46, 10: 0.78, 100: 1.54, 2,000: 2.25"
    assert (m["epoch_examples"], m["largest_epoch_updates"]) == (6000, 3)
    assert m["largest_name"] == "the full batch of 2,000"
    m = C.equal_updates_larger_batches_lower(r).measured
    assert m["updates_ratio"] == pytest.approx(1.20 / 0.9398)
    assert m["agree_from"] == 100  # 0.940 and 0.9398 agree to 0.02%
    m = C.per_example_cost_falls_with_the_batch(r).measured
    # 0.2 ms for 1 example against 5 ms for 2000: 2.5 µs per example, 80× less
    assert m["per_example_ratio"] == pytest.approx(80.0)
    assert m["smallest_us_per_example"] == pytest.approx(200.0)
    assert m["update_cost_ratio"] == pytest.approx(25.0) and m["size_ratio"] == 2000
    m = C.largest_batch_slowest_to_the_target(r).measured
    # target 1.05 × 0.9398 = 0.98679: batch 1 at update 1000 (0.2 s), batch 10 at 300 (0.066 s),
    # batch 100 at 250 (0.1 s), the full batch at 290 (1.45 s)
    assert m["target_loss"] == pytest.approx(1.05 * 0.9398)
    assert m["fastest_name"] == "batch 10" and m["fastest_seconds"] == pytest.approx(0.066)
    assert m["smallest_seconds"] == pytest.approx(0.2)
    assert m["largest_vs_fastest"] == pytest.approx(1.45 / 0.066)
    assert m["largest_vs_smallest"] == pytest.approx(1.45 / 0.2)
    m = C.timed_here_on_one_thread(r).measured
    assert m["threads_text"] == "one thread" and m["cpu"] == "a test CPU"
    assert m["train_seconds"] == pytest.approx(1.2 + 0.132 + 0.12 + 1.5)


def test_different_starts_fail() -> None:
    r = good()
    assert not C.same_start_same_rate(_with_loss(r, 2, 0, 2.3300001)).holds


def test_equal_examples_fails_when_a_smaller_batch_is_not_lower() -> None:
    r = good()
    assert not C.equal_examples_smaller_batches_lower(_with_loss(r, 0, 6000, 0.79)).holds
    # a tie is not "lower"
    assert not C.equal_examples_smaller_batches_lower(_with_loss(r, 2, 60, 2.25)).holds
    # runs that processed 6,000 examples are not 3 epochs of 2,400 images
    assert not C.equal_examples_smaller_batches_lower(dataclasses.replace(r, n=2400)).holds


def test_equal_updates_fails_when_a_larger_batch_ends_higher() -> None:
    r = good()
    # the full batch 1% above batch 100 at update 300: beyond the 0.5% tolerance
    assert not C.equal_updates_larger_batches_lower(_with_loss(r, 3, 300, 0.949)).holds
    # within the tolerance it still counts as lower
    assert C.equal_updates_larger_batches_lower(_with_loss(r, 3, 300, 0.942)).holds
    # the smallest batch barely above the largest: no gap of 10%
    flat = _with_loss(_with_loss(r, 0, 300, 1.0), 1, 300, 0.99)
    assert not C.equal_updates_larger_batches_lower(flat).holds
    # only the largest agrees with itself: no agreement to report (batch 100 0.6% above)
    alone = _with_loss(r, 2, 300, 0.9458)
    assert C.equal_updates_larger_batches_lower(alone).measured["agree_from"] == 2000
    assert not C.equal_updates_larger_batches_lower(alone).holds


def test_per_example_cost_fails_when_large_batches_cost_as_much_per_example() -> None:
    r = good()
    # the full batch at 0.5 s per update: 250 µs per example, more than batch 1's 200 µs
    assert not C.per_example_cost_falls_with_the_batch(_with_per_update(r, 3, 0.5)).holds
    # 4× cheaper per example is not the 5× the claim asks for
    assert not C.per_example_cost_falls_with_the_batch(_with_per_update(r, 3, 0.1)).holds
    assert C.per_example_cost_falls_with_the_batch(_with_per_update(r, 3, 0.07)).holds


def test_time_to_target_fails_when_the_full_batch_is_not_slow() -> None:
    r = good()
    # full batch at 0.3 ms per update: reaches the target at update 290 in 0.087 s, only 1.3×
    # batch 10's 0.066 s and faster than batch 1
    assert not C.largest_batch_slowest_to_the_target(_with_per_update(r, 3, 3e-4)).holds
    # the full batch first to the target
    assert not C.largest_batch_slowest_to_the_target(_with_per_update(r, 3, 1e-4)).holds
    # 1.9× as long as batch 1 is not the 2× asked for (batch 1 at 0.2 s; full batch at 0.38 s)
    assert not C.largest_batch_slowest_to_the_target(_with_per_update(r, 3, 0.38 / 290)).holds
    assert C.time_to(r, 0, 0.1) == math.inf  # never reached


def test_timing_fails_when_not_one_thread_or_not_a_running_clock() -> None:
    r = good()
    assert not C.timed_here_on_one_thread(dataclasses.replace(r, threads=2)).holds
    seconds = r.seconds.copy()
    seconds[1, 2] = seconds[1, 1] - 1e-6  # the clock went back
    assert not C.timed_here_on_one_thread(dataclasses.replace(r, seconds=seconds)).holds
    total = r.total_seconds.copy()
    total[2] += 0.01  # a total that is not the run's clock
    assert not C.timed_here_on_one_thread(dataclasses.replace(r, total_seconds=total)).holds
