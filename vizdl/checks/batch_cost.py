"""Checks on :mod:`vizdl.sim.optimizers.batch_cost` results (what a mini-batch costs).

The losses of a result are deterministic (one thread, fixed seeds); its times are not: they are
what this machine measured when the result was computed. So the checks about time ask for
ratios far inside what was measured (:data:`PER_EXAMPLE_FACTOR`, :data:`WALL_FACTOR`), which a
busy or a faster machine does not overturn.
"""

from __future__ import annotations

import math

import numpy as np

from vizdl.checks import Verdict, verdict

__all__ = [
    "same_start_same_rate",
    "equal_examples_smaller_batches_lower",
    "equal_updates_larger_batches_lower",
    "per_example_cost_falls_with_the_batch",
    "largest_batch_slowest_to_the_target",
    "timed_here_on_one_thread",
]

# At equal updates a larger batch may end this much (relative) above a smaller one and still
# count as "lower": from about 100 examples up the gradient is nearly exact and the losses agree
# to a few parts in 10⁴.
UPDATES_TOL = 0.005
# ... but the smallest batch must end at least this much (relative) above the largest.
UPDATES_GAP = 0.10
# Per example, the smallest batch's update must cost at least this many times the largest's.
PER_EXAMPLE_FACTOR = 5.0
# The target loss: this much (relative) above the largest batch's loss after `updates` updates.
TARGET_MARGIN = 0.05
# The largest batch must take at least this many times as long to the target as the first run
# and as the smallest batch.
WALL_FACTOR = 2.0


def _order(r: object) -> list[int]:
    return [int(k) for k in np.argsort(r.batch_sizes)]


def _name(r: object, k: int) -> str:
    b = int(r.batch_sizes[k])
    return f"the full batch of {b:,}" if b == int(r.n) else f"batch {b:,}"


def _text(r: object, order: list[int], values: list[float], fmt: str) -> str:
    return ", ".join(
        f"{int(r.batch_sizes[k]):,}: {format(v, fmt)}" for k, v in zip(order, values, strict=True)
    )


def same_start_same_rate(r: object) -> Verdict:
    """Every run's first recorded loss (update 0) is the start loss, bit for bit: all start
    from the same weights. Measures the start loss and the rate."""
    first = [float(r.curve(k)[2][0]) for k in range(len(r.batch_sizes))]
    at0 = [int(r.curve(k)[0][0]) for k in range(len(r.batch_sizes))]
    return verdict(
        all(v == r.start_loss for v in first) and all(a == 0 for a in at0),
        start_loss=float(r.start_loss),
        lr=float(r.lr),
        n_runs=len(r.batch_sizes),
        n_images=int(r.n),
        model_text="softmax regression (784 → 10)"
        if int(r.hidden) == 0
        else f"a 784-{int(r.hidden)}-10 ReLU network",
        sizes_text=", ".join(f"{int(r.batch_sizes[k]):,}" for k in _order(r)),
    )


def equal_examples_smaller_batches_lower(r: object) -> Verdict:
    """After ``epochs`` epochs (every run has then processed the same examples, up to the
    partial batch dropped per epoch) the smaller the batch, the lower the training loss, every
    step of the order strict. Measures each run's loss and the largest batch's update count."""
    order = _order(r)
    marks = [int(r.epochs) * int(r.epoch_updates[k]) for k in order]
    loss = [r.loss_at(k, m) for k, m in zip(order, marks, strict=True)]
    examples = [m * int(r.batch_sizes[k]) for k, m in zip(order, marks, strict=True)]
    # drop_last: at most one batch short per epoch of epochs · n
    same = all(
        int(r.epochs) * (int(r.n) - int(r.batch_sizes[k]) + 1) <= e <= int(r.epochs) * int(r.n)
        for k, e in zip(order, examples, strict=True)
    )
    return verdict(
        same and len(order) >= 2 and all(a < b for a, b in zip(loss, loss[1:], strict=False)),
        epochs=int(r.epochs),
        epoch_examples=int(r.epochs) * int(r.n),
        examples_losses_text=_text(r, order, loss, ".2f"),
        smallest_examples_loss=loss[0],
        largest_examples_loss=loss[-1],
        largest_name=_name(r, order[-1]),
        largest_epoch_updates=marks[-1],
        smallest_epoch_updates=marks[0],
    )


def equal_updates_larger_batches_lower(r: object) -> Verdict:
    """After ``updates`` updates (every run makes at least that many) each larger batch ends no
    more than :data:`UPDATES_TOL` (relative) above the next smaller one, and the smallest at
    least :data:`UPDATES_GAP` above the largest; from some batch below the largest up, every run
    agrees with the largest to within the tolerance. Measures each run's loss, where that
    agreement starts and its spread."""
    order = _order(r)
    loss = [r.loss_at(k, int(r.updates)) for k in order]
    lower = all(b <= a * (1 + UPDATES_TOL) for a, b in zip(loss, loss[1:], strict=False))
    gap = loss[0] >= loss[-1] * (1 + UPDATES_GAP)
    agree = [i for i, v in enumerate(loss) if abs(v - loss[-1]) <= UPDATES_TOL * loss[-1]]
    first = min(i for i in range(len(loss)) if all(j in agree for j in range(i, len(loss))))
    return verdict(
        # the agreement the caption reports is between at least two runs
        lower and gap and len(order) >= 2 and first < len(order) - 1,
        updates=int(r.updates),
        updates_losses_text=_text(r, order, loss, ".3f"),
        smallest_updates_loss=loss[0],
        largest_updates_loss=loss[-1],
        updates_ratio=loss[0] / loss[-1],
        agree_from=int(r.batch_sizes[order[first]]),
        agree_spread=(max(loss[first:]) - min(loss[first:])) / loss[-1],
        updates_tol=UPDATES_TOL,
        updates_gap_factor=1 + UPDATES_GAP,
    )


def per_example_cost_falls_with_the_batch(r: object) -> Verdict:
    """Per example processed, the smallest batch's updates took at least
    :data:`PER_EXAMPLE_FACTOR` times as long as the largest batch's (mean over each run).
    Measures both per-example and per-update times."""
    order = _order(r)
    per_update = np.asarray(r.total_seconds, dtype=float) / np.asarray(r.total_updates)
    per_example = per_update / np.asarray(r.batch_sizes)
    s, l_ = order[0], order[-1]
    ratio = float(per_example[s] / per_example[l_]) if per_example[l_] > 0 else math.inf
    return verdict(
        len(order) >= 2 and np.isfinite(per_example[s]) and ratio >= PER_EXAMPLE_FACTOR,
        smallest_batch=int(r.batch_sizes[s]),
        largest_batch=int(r.batch_sizes[l_]),
        smallest_us_per_example=1e6 * float(per_example[s]),
        largest_us_per_example=1e6 * float(per_example[l_]),
        per_example_ratio=ratio,
        smallest_ms_per_update=1e3 * float(per_update[s]),
        largest_ms_per_update=1e3 * float(per_update[l_]),
        update_cost_ratio=float(per_update[l_] / per_update[s]),
        size_ratio=int(r.batch_sizes[l_]) // int(r.batch_sizes[s]),
        per_example_factor=PER_EXAMPLE_FACTOR,
    )


def time_to(r: object, k: int, target: float) -> float:
    """Seconds of training run ``k`` had taken at its first checkpoint with a loss at or below
    ``target`` (infinity: never)."""
    _, _, loss, seconds = r.curve(k)
    hit = np.flatnonzero(loss <= target)
    return float(seconds[hit[0]]) if len(hit) else math.inf


def largest_batch_slowest_to_the_target(r: object) -> Verdict:
    """The target is :data:`TARGET_MARGIN` above the largest batch's loss after ``updates``
    updates. By the measured time (at the checkpoints) the largest batch is not the first at or
    below it, and it took at least :data:`WALL_FACTOR` times as long as the first and as the
    smallest batch. Measures every run's time to the target."""
    order = _order(r)
    target = (1 + TARGET_MARGIN) * r.loss_at(order[-1], int(r.updates))
    t = [time_to(r, k, target) for k in order]
    best = int(np.argmin(t))
    fast = t[best]
    holds = (
        len(order) >= 2
        and best < len(order) - 1
        and t[-1] >= WALL_FACTOR * fast
        and t[-1] >= WALL_FACTOR * t[0]
    )
    return verdict(
        holds,
        target_loss=target,
        target_margin=TARGET_MARGIN,
        fastest_name=_name(r, order[best]),
        fastest_seconds=fast,
        smallest_seconds=t[0],
        largest_seconds=t[-1],
        largest_vs_fastest=t[-1] / fast if fast > 0 else math.inf,
        largest_vs_smallest=t[-1] / t[0] if t[0] > 0 else math.inf,
        target_seconds_text=_text(r, order, t, ".2f"),
        wall_factor=WALL_FACTOR,
    )


def timed_here_on_one_thread(r: object) -> Verdict:
    """The times were taken on one torch thread, start at 0 and only grow along each run, and
    each run's total is its last checkpoint's time. Measures the processor's name and the
    training time in all."""
    ok = int(r.threads) == 1
    for k in range(len(r.batch_sizes)):
        s = np.asarray(r.curve(k)[3], dtype=float)
        ok = ok and s[0] == 0.0 and bool(np.all(np.diff(s) >= 0))
        ok = ok and float(s[-1]) == float(r.total_seconds[k]) and float(s[-1]) > 0
    return verdict(
        ok,
        cpu=str(r.cpu),
        threads_text="one thread" if int(r.threads) == 1 else f"{int(r.threads)} threads",
        train_seconds=float(np.sum(r.total_seconds)),
    )
