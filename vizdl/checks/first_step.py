"""Checks on :mod:`vizdl.sim.optimizers.first_step` results (RMSprop's first step, Adam's bias
correction), each against the closed form of a constant gradient: after t steps an average
started at 0 with decay β holds (1 − βᵗ) of the value it averages."""

from __future__ import annotations

import numpy as np

from vizdl.checks import Verdict, not_applicable, verdict

__all__ = [
    "step_factors",
    "rmsprop_first_step_is_eta_over_root",
    "rmsprop_steps_follow_the_closed_form",
    "adam_corrected_steps_are_eta",
    "adam_uncorrected_steps_follow_the_closed_form",
    "uncorrected_steps_grow_before_they_shrink",
    "uncorrected_variant_has_adams_moments",
    "averages_start_biased_to_zero",
]

RTOL = 1e-9


def step_factors(points: np.ndarray, lr: float) -> np.ndarray:
    """|θ_t − θ_{t−1}| / η per step and coordinate, ``(steps, d)``: the step in units of η."""
    p = np.asarray(points, dtype=float)
    if p.ndim == 3:
        p = p[:, 0]
    return np.abs(np.diff(p, axis=0)) / float(lr)


def _t(r: object) -> np.ndarray:
    return np.arange(1, r.rmsprop.steps + 1, dtype=float)[:, None]


def _close(measured: np.ndarray, expected: np.ndarray) -> tuple[bool, float]:
    gap = float(np.max(np.abs(measured - expected) / np.abs(expected)))
    return gap < RTOL, gap


def rmsprop_first_step_is_eta_over_root(r: object) -> Verdict:
    """RMSprop's first step is η/√(1 − α) in every coordinate whatever its slope (its E[g²]
    starts at 0, so after one step it holds (1 − α)g²): measured against the closed form
    |g| / (√(1 − α)|g| + ε), to 1e-9."""
    a, eps = float(r.rmsprop.hparams["alpha"]), float(r.rmsprop.hparams["eps"])
    g = np.abs(np.asarray(r.slopes, dtype=float))
    first = step_factors(r.rmsprop.points, r.lr)[0]
    ok, gap = _close(first, g / (np.sqrt(1 - a) * g + eps))
    return verdict(
        ok,
        rms_first_factor=float(first.max()),
        rms_first_min=float(first.min()),
        rms_expected_factor=float(1 / np.sqrt(1 - a)),
        alpha=a,
        slope_ratio=float(g.max() / g.min()),
        rms_first_gap=gap,
    )


def rmsprop_steps_follow_the_closed_form(r: object) -> Verdict:
    """Every RMSprop step is η/√(1 − αᵗ) (with ε: |g| / (√(1 − αᵗ)|g| + ε)), to 1e-9: the
    factor falls towards 1 as the average fills up. Measures it at the last step, and the first
    step at which it is under 1.1."""
    a, eps = float(r.rmsprop.hparams["alpha"]), float(r.rmsprop.hparams["eps"])
    g = np.abs(np.asarray(r.slopes, dtype=float))[None, :]
    f = step_factors(r.rmsprop.points, r.lr)
    ok, gap = _close(f, g / (np.sqrt(1 - a ** _t(r)) * g + eps))
    under = np.flatnonzero(f.max(axis=1) < 1.1)
    return verdict(
        ok,
        rms_last_factor=float(f[-1].max()),
        rms_under_1_1=int(under[0] + 1) if under.size else -1,
        rms_under_text=f"from step {under[0] + 1}" if under.size else f"not by step {len(f)}",
        last_step=int(len(f)),
        rms_gap=gap,
    )


def adam_corrected_steps_are_eta(r: object) -> Verdict:
    """With the bias correction every Adam step is η (m̂ = g and v̂ = g² exactly on a constant
    gradient; with ε: |g| / (|g| + ε)), from the first step on, to 1e-9."""
    eps = float(r.adam.hparams["eps"])
    g = np.abs(np.asarray(r.slopes, dtype=float))[None, :]
    f = step_factors(r.adam.points, r.lr)
    ok, gap = _close(f, np.broadcast_to(g / (g + eps), f.shape))
    return verdict(ok, adam_first_factor=float(f[0].max()), adam_gap=gap)


def adam_uncorrected_steps_follow_the_closed_form(r: object) -> Verdict:
    """Without the correction Adam's step t is η(1 − β₁ᵗ)/√(1 − β₂ᵗ) (with ε), to 1e-9: at
    step 1 (1 − β₁)/√(1 − β₂), then larger still while m fills up faster than v. Measures the
    first step's factor, the largest and where it is, and the last."""
    b1, b2 = r.raw.betas
    g = np.abs(np.asarray(r.slopes, dtype=float))[None, :]
    t = _t(r)
    f = step_factors(r.raw.points, r.lr)
    ok, gap = _close(f, (1 - b1**t) * g / (np.sqrt(1 - b2**t) * g + r.raw.eps))
    return verdict(
        ok,
        raw_first_factor=float(f[0].max()),
        raw_expected_first=float((1 - b1) / np.sqrt(1 - b2)),
        raw_last_factor=float(f[-1].max()),
        beta1=float(b1),
        beta2=float(b2),
        raw_gap=gap,
    )


# A shrink smaller than this share of the largest step is rounding, not a shrink (the closed-form
# check holds the steps to 1e-9).
SHRINK_TOL = 1e-9


def uncorrected_steps_grow_before_they_shrink(r: object) -> Verdict:
    """Without the correction Adam's steps first grow (m fills up faster than v when β₁ < β₂)
    to a largest step inside the run, larger than the first, then shrink. Not applicable when
    the largest step is the first (m is no slower than v: β₁ ≥ β₂, or β₁ = 0), the last (the
    run ends before it), or the steps level off without shrinking by more than rounding
    (:data:`SHRINK_TOL`; β₂ = 0 leaves v unbiased)."""
    f = step_factors(r.raw.points, r.lr).max(axis=1)
    peak = int(np.argmax(f))
    if peak == 0:
        return not_applicable("the uncorrected steps never grow: the first is the largest")
    if peak == len(f) - 1:
        return not_applicable("the run ends before the uncorrected steps stop growing")
    if f[peak] - f[-1] <= SHRINK_TOL * f[peak]:
        # no shrink beyond rounding: the steps level off at η (β₂ = 0, or v filling up no slower
        # than m), and the "peak" is where rounding put the largest of equal steps
        return not_applicable("the uncorrected steps grow and level off: they never shrink")
    return verdict(
        f[peak] > f[0] and f[-1] < f[peak],
        raw_peak_factor=float(f[peak]),
        raw_peak_step=peak + 1,
    )


def uncorrected_variant_has_adams_moments(r: object) -> Verdict:
    """The uncorrected variant's m and v are torch's Adam's own (to 1e-12 relative): it differs
    only in not dividing them by 1 − βᵗ."""
    m = np.asarray(r.adam.extras["m"])[:, 0]
    v = np.asarray(r.adam.extras["v"])[:, 0]
    gap = max(
        float(np.max(np.abs(r.raw.m - m) / np.abs(m))),
        float(np.max(np.abs(r.raw.v - v) / np.abs(v))),
    )
    return verdict(gap < 1e-12, moments_gap=gap)


def averages_start_biased_to_zero(r: object) -> Verdict:
    """The lecture's "biased towards zero, especially during the initial time steps": after
    step 1 Adam's m is (1 − β₁) of the gradient and v (1 − β₂) of its square, RMSprop's E[g²]
    (1 − α) of it (to 1e-9), and by the last step each holds more of it than at step 1."""
    g = np.asarray(r.slopes, dtype=float)
    m = np.asarray(r.adam.extras["m"])[:, 0] / g
    v = np.asarray(r.adam.extras["v"])[:, 0] / g**2
    sq = np.asarray(r.rmsprop.extras["sq"])[:, 0] / g**2
    b1, b2 = r.adam.hparams["betas"]
    a = r.rmsprop.hparams["alpha"]
    starts = [
        _close(m[0], np.full(2, 1 - b1)),
        _close(v[0], np.full(2, 1 - b2)),
        _close(sq[0], np.full(2, 1 - a)),
    ]
    grows = bool(np.all(m[-1] > m[0]) and np.all(v[-1] > v[0]) and np.all(sq[-1] > sq[0]))
    return verdict(
        all(ok for ok, _ in starts) and grows,
        m1_share=float(m[0].mean()),
        v1_share=float(v[0].mean()),
        sq1_share=float(sq[0].mean()),
        m_last_share=float(m[-1].mean()),
        v_last_share=float(v[-1].mean()),
        sq_last_share=float(sq[-1].mean()),
    )
