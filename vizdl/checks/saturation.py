"""Checks on :mod:`vizdl.sim.saturation` results (Glorot & Bengio's activations over training).

Run 0 is the sigmoid network with the "standard" initialization, run 1 the same with the
"normalized" one, run 2 the tanh network (:data:`vizdl.sim.saturation.RUNS`); each check finds
its runs by name and measures the activations and losses the result holds.
"""

from __future__ import annotations

import math

import numpy as np

from vizdl.checks import Verdict, not_applicable, verdict
from vizdl.sim.saturation import BAND, MARGIN

__all__ = [
    "FAST_BY",
    "LN10",
    "LOWER_ABOVE",
    "NEAR_HALF",
    "NORMALIZED_FACTOR",
    "RECOVERED_DROP",
    "SATURATED",
    "STILL_AT",
    "STUCK",
    "TANH_CENTRED",
    "TANH_SATURATED",
    "normalized_does_not_collapse",
    "runs_as_stated",
    "stuck_then_recovered",
    "tanh_layers_saturate_in_order",
    "top_layer_saturates_fast",
]

LN10 = math.log(10.0)  # the cross-entropy of a uniform guess over 10 classes
# The top layer counts as saturated while its mean activation is under SATURATED ...
SATURATED = 0.1
# ... which it reaches by FAST_BY updates, from a start within NEAR_HALF of 0.5;
FAST_BY = 3000
NEAR_HALF = 0.05
# the lower layers' means stay above LOWER_ABOVE while it is saturated.
LOWER_ABOVE = 0.4
# "Stuck": the probe loss within STUCK of ln 10 at every checkpoint from FAST_BY to STILL_AT.
STILL_AT = 15_000
STUCK = 0.05
# "Recovered": the top layer's mean back at SATURATED or more and the loss RECOVERED_DROP below
# ln 10.
RECOVERED_DROP = 0.5
# The normalized network's lowest top-layer mean is at least NORMALIZED_FACTOR times the
# standard one's over the same updates.
NORMALIZED_FACTOR = 2.0
# Every layer's largest initial |weight| within BOUND_TOL (relative) of its bound;
BOUND_TOL = 0.01
# A tanh layer counts as saturating once TANH_SATURATED of its values lie within the
# simulation's MARGIN of ±1;
TANH_SATURATED = 0.005
# its top layer's mean stays within TANH_CENTRED of 0.
TANH_CENTRED = 0.1


def _run(r: object, act: str, init: str) -> int | None:
    for k, pair in enumerate(r.runs):
        if tuple(pair) == (act, init):
            return k
    return None


def _upto(r: object, k: int) -> np.ndarray:
    """The checkpoints run ``k`` reached (a boolean mask over ``r.iterations``)."""
    return np.asarray(r.iterations) <= int(r.run_updates[k])


def _at_or_before(r: object, k: int, update: int) -> int | None:
    """The index of run ``k``'s last checkpoint at or before ``update`` (None: none after 0)."""
    it = np.asarray(r.iterations)
    idx = np.flatnonzero((it <= update) & (it > 0) & _upto(r, k))
    return int(idx[-1]) if len(idx) else None


def _first(mask: np.ndarray) -> int | None:
    idx = np.flatnonzero(mask)
    return int(idx[0]) if len(idx) else None


def runs_as_stated(r: object) -> Verdict:
    """Each run's largest |weight| at initialization is its layer's bound to within 1% (weights
    drawn from the stated uniform), every bias starts at 0, no run diverged, and every checkpoint up to a run's last
    update holds finite statistics. Measures the shape, the update counts and the ratios."""
    ratio = np.asarray(r.w_max, dtype=float) / np.asarray(r.w_bound, dtype=float)
    finite = all(
        bool(np.all(np.isfinite(np.asarray(r.act_mean)[k][_upto(r, k)])))
        and bool(np.all(np.isfinite(np.asarray(r.probe_loss)[k][_upto(r, k)])))
        for k in range(len(r.runs))
    )
    std, norm = _run(r, "sigmoid", "standard"), _run(r, "sigmoid", "normalized")
    if std is None or norm is None:
        return not_applicable("the standard and normalized sigmoid runs are not both here")
    it = np.asarray(r.iterations)
    return verdict(
        finite
        and not bool(np.any(r.diverged))
        and bool(np.all((ratio > 1 - BOUND_TOL) & (ratio <= 1.0)))
        and float(np.max(r.b_max)) == 0.0
        and int(it[0]) == 0
        and int(it[_upto(r, std)][-1]) == int(r.run_updates[std]),
        depth=int(r.depth),
        width=int(r.width),
        updates=int(r.run_updates[std]),
        compare_updates=int(r.run_updates[norm]),
        batch_size=int(r.batch_size),
        lr=float(r.lr),
        n_train=int(r.n_train),
        n_probe=int(r.n_probe),
        bound_tol=BOUND_TOL,
        band_share=(BAND[1] - BAND[0]) / 100,
        band_low=BAND[0],
        band_high=BAND[1],
        n_checkpoints=int(np.sum(_upto(r, std))),
        every=int(it[1] - it[0]) if len(it) > 1 else 0,
        bound_ratio_min=float(ratio.min()),
        bias_max=float(np.max(r.b_max)),
    )


def top_layer_saturates_fast(r: object) -> Verdict:
    """Standard-init sigmoid: the top hidden layer's mean activation starts within
    :data:`NEAR_HALF` of 0.5 and is under :data:`SATURATED` at the last checkpoint at or before
    :data:`FAST_BY` updates; while it is under :data:`SATURATED`, every lower layer's mean stays
    above :data:`LOWER_ABOVE`. Measures the start, the value by FAST_BY, the lowest mean and
    where, and the lowest lower-layer mean."""
    k = _run(r, "sigmoid", "standard")
    if k is None:
        return not_applicable("no standard-init sigmoid run")
    c = _at_or_before(r, k, FAST_BY)
    if c is None:
        return not_applicable(f"no checkpoint between initialization and update {FAST_BY}")
    m = np.asarray(r.act_mean, dtype=float)[k][_upto(r, k)]
    it = np.asarray(r.iterations)[_upto(r, k)]
    top = m[:, -1]
    low = int(np.argmin(top))
    stuck = top < SATURATED
    lower_min = float(m[stuck, :-1].min()) if stuck.any() else float("nan")
    return verdict(
        abs(top[0] - 0.5) <= NEAR_HALF
        and top[c] < SATURATED
        and stuck.any()
        and lower_min > LOWER_ABOVE,
        near_half=NEAR_HALF,
        top_start=float(top[0]),
        top_fast=float(top[c]),
        fast_at=int(it[c]),
        top_min=float(top[low]),
        top_min_at=int(it[low]),
        lower_min=lower_min,
        saturated_below=SATURATED,
        lower_above=LOWER_ABOVE,
    )


def stuck_then_recovered(r: object) -> Verdict:
    """Standard-init sigmoid: from :data:`FAST_BY` to :data:`STILL_AT` updates the probe loss is
    within :data:`STUCK` of ln 10 at every checkpoint and the top layer's mean under
    :data:`SATURATED`. Then either it has recovered by the last update (top mean at least
    SATURATED, loss at least :data:`RECOVERED_DROP` below ln 10) or it is still stuck there
    (both as before); ``recovery_text`` says which, with the numbers. Between the two fails."""
    k = _run(r, "sigmoid", "standard")
    if k is None:
        return not_applicable("no standard-init sigmoid run")
    if int(r.run_updates[k]) < STILL_AT:
        return not_applicable(f"the run stops before update {STILL_AT:,}")
    up = _upto(r, k)
    it = np.asarray(r.iterations)[up]
    loss = np.asarray(r.probe_loss, dtype=float)[k][up]
    top = np.asarray(r.act_mean, dtype=float)[k][up][:, -1]
    span = (it >= FAST_BY) & (it <= STILL_AT)
    dev = float(np.max(np.abs(loss[span] - LN10)))
    top_span = float(np.max(top[span]))
    end_top, end_loss, end = float(top[-1]), float(loss[-1]), int(it[-1])
    recovered = end_top >= SATURATED and end_loss <= LN10 - RECOVERED_DROP
    still = end_top < SATURATED and abs(end_loss - LN10) <= STUCK
    if recovered:
        drop = _first(loss <= LN10 - RECOVERED_DROP)
        under = np.flatnonzero(top < SATURATED)
        back = int(under[-1]) + 1 if len(under) else 0  # from here on it stays back
        text = (
            f"by the last update ({end:,}) it has recovered: the loss first fell {RECOVERED_DROP:g} "
            f"below ln 10 at update {int(it[drop]):,}, the top layer's mean has been back above "
            f"{SATURATED:g} since update {int(it[back]):,} and ends at {end_top:.2f}, the loss at "
            f"{end_loss:.2f}"
        )
    else:
        text = (
            f"after {end:,} updates it has not recovered yet (top-layer mean {end_top:.3f}, loss "
            f"{end_loss:.3f})"
        )
    return verdict(
        dev <= STUCK and top_span < SATURATED and (recovered or still),
        still_at=STILL_AT,
        stuck_dev=dev,
        stuck_within=STUCK,
        top_span_max=top_span,
        ln10=LN10,
        top_end=end_top,
        loss_end=end_loss,
        recovery_text=text,
    )


def normalized_does_not_collapse(r: object) -> Verdict:
    """The normalized-init sigmoid's lowest top-layer mean is at least :data:`NORMALIZED_FACTOR`
    times the standard one's over the same updates, and at its last update its loss is at least
    :data:`RECOVERED_DROP` below ln 10 while the standard run's, at that update, is still within
    :data:`STUCK` of ln 10. Measures both minima, both losses and where the normalized run's
    loss first fell that far."""
    s, n = _run(r, "sigmoid", "standard"), _run(r, "sigmoid", "normalized")
    if s is None or n is None:
        return not_applicable("the standard and normalized sigmoid runs are not both here")
    up = _upto(r, n)
    it = np.asarray(r.iterations)[up]
    m = np.asarray(r.act_mean, dtype=float)
    loss = np.asarray(r.probe_loss, dtype=float)
    s_min, n_min = float(m[s][up][:, -1].min()), float(m[n][up][:, -1].min())
    n_loss, s_loss = float(loss[n][up][-1]), float(loss[s][up][-1])
    drop = _first(loss[n][up] <= LN10 - RECOVERED_DROP)
    return verdict(
        n_min >= NORMALIZED_FACTOR * s_min
        and n_loss <= LN10 - RECOVERED_DROP
        and abs(s_loss - LN10) <= STUCK,
        normalized_top_min=n_min,
        standard_top_min_same=s_min,
        normalized_factor=n_min / s_min,
        compare_at=int(it[-1]),
        normalized_loss_end=n_loss,
        standard_loss_same=s_loss,
        normalized_drop_at=int(it[drop]) if drop is not None else -1,
        recovered_drop=RECOVERED_DROP,
        factor_min=NORMALIZED_FACTOR,
        stuck_within=STUCK,
    )


def tanh_layers_saturate_in_order(r: object) -> Verdict:
    """Tanh (standard init): every hidden layer reaches :data:`TANH_SATURATED` of its values
    within 0.01 of ±1 during the run, layer 1 first and each higher layer no earlier than the
    one below; the top layer's mean stays within :data:`TANH_CENTRED` of 0. Measures the
    updates at which each layer first got there."""
    k = _run(r, "tanh", "standard")
    if k is None:
        return not_applicable("no tanh run")
    up = _upto(r, k)
    it = np.asarray(r.iterations)[up]
    sat = np.asarray(r.saturated, dtype=float)[k][up]
    firsts = [_first(sat[:, j] >= TANH_SATURATED) for j in range(sat.shape[1])]
    reached = all(f is not None for f in firsts)
    at = [int(it[f]) if f is not None else -1 for f in firsts]
    centred = float(np.max(np.abs(np.asarray(r.act_mean, dtype=float)[k][up][:, -1])))
    return verdict(
        reached
        and all(a <= b for a, b in zip(at[:-1], at[1:], strict=True))
        and centred <= TANH_CENTRED,
        tanh_share=TANH_SATURATED,
        tanh_margin=MARGIN,
        tanh_order=", ".join(f"{a:,}" for a in at),
        tanh_top_mean_max=centred,
    )
