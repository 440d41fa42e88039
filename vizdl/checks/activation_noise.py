"""Checks on :mod:`vizdl.sim.activation_noise` results (input noise through ReLU, Leaky ReLU
and ELU for x < 0). Standard deviations are quoted as multiples of the noise's own (σ)."""

from __future__ import annotations

import numpy as np

from vizdl.checks import Verdict, all_of, not_applicable, verdict

__all__ = [
    "noise_setting",
    "elu_saturates",
    "elu_noise_falls_to_the_left",
    "leaky_noise_stays_at_its_slope",
    "elu_and_leaky_cross_once",
    "relu_passes_the_least",
    "lecture_elu_less_resistant",
]

# Rounding only: a standard deviation computed twice from the same samples in another order.
_RTOL = 1e-9


def _row(r: object, name: str, field: str = "out_std") -> np.ndarray:
    if name not in r.names:
        raise ValueError(f"the result has no {name} row (it has {', '.join(r.names)})")
    return np.asarray(getattr(r, field)[r.names.index(name)], dtype=float)


def _ratio(r: object, name: str) -> np.ndarray:
    """The output's standard deviation in units of the noise's."""
    return _row(r, name) / float(r.noise_std)


def _quiet(r: object) -> np.ndarray:
    """The centres where every noisy input is below 0 (the centre plus the largest noise
    sample), from the inputs, not from any activation's output."""
    return np.asarray(r.centres, dtype=float) + float(r.noise_max) < 0.0


def noise_setting(r: object) -> Verdict:
    """The setting the caption names (σ, the centres, the samples), and the samples' own
    standard deviation within 10% of σ."""
    c = np.asarray(r.centres, dtype=float)
    return verdict(
        abs(float(r.noise_std) / float(r.sigma) - 1.0) < 0.1 and c[-1] == 0.0 and c[0] < 0,
        sigma=float(r.sigma),
        x_lo=float(c[0]),
        n_noise=int(r.n_noise),
        alpha=float(r.alpha),
        leaky_slope=float(r.leaky_slope),
    )


# "Saturated": at the leftmost centre ELU's mean output within this of −α and its slope under it
# (quoted in the claim as elu_tol, never typed there).
SATURATED_TOL = 0.01


def elu_saturates(r: object) -> Verdict:
    """At the leftmost centre ELU's mean output is within :data:`SATURATED_TOL` of −α and its
    slope under it (the saturation the lecture names)."""
    mean = float(_row(r, "elu", "out_mean")[0])
    slope = float(_row(r, "elu", "slope")[0])
    return verdict(
        abs(mean + float(r.alpha)) < SATURATED_TOL and 0 <= slope < SATURATED_TOL,
        elu_mean_lo=mean,
        elu_slope_lo=slope,
        elu_tol=SATURATED_TOL,
    )


def elu_noise_falls_to_the_left(r: object) -> Verdict:
    """ELU's output standard deviation never rises from one centre to the next one to its left
    (to rounding), and at the leftmost centre it is under 1% of its value at x₀ = 0."""
    s = _ratio(r, "elu")
    rises = np.diff(s) < -_RTOL * np.abs(s[1:])  # s[j] > s[j + 1]: more noise further left
    return verdict(
        not rises.any() and s[0] < 0.01 * s[-1],
        elu_std_0=float(s[-1]),
        elu_std_lo=float(s[0]),
    )


def leaky_noise_stays_at_its_slope(r: object) -> Verdict:
    """Leaky ReLU's output standard deviation is never under its slope times the noise's, and
    where every noisy input is below 0 it is exactly that (to rounding), however far left: it
    does not fall as ELU's does. Not applicable when no centre has all its inputs below 0."""
    quiet = _quiet(r)
    if not quiet.any():
        return not_applicable("no centre has all its noisy inputs below 0")
    s = _ratio(r, "leaky_relu")
    deep = s[quiet]
    slope = float(r.leaky_slope)
    return verdict(
        bool(np.all(np.abs(deep - slope) <= _RTOL * slope))
        and bool(np.all(s >= slope * (1 - _RTOL))),
        leaky_flat_from=float(np.asarray(r.centres, dtype=float)[quiet].max()),
        leaky_std_deep=float(deep.mean()),
    )


def elu_and_leaky_cross_once(r: object) -> Verdict:
    """ELU passes less noise than Leaky ReLU at every centre up to one x₀ and more at every
    centre above it (one crossing, both sides on the grid). Quotes both at the centre nearest
    x₀ = −1. Not applicable when ELU passes less at no centre (the centres stop short of the
    crossing)."""
    c = np.asarray(r.centres, dtype=float)
    elu, leaky = _ratio(r, "elu"), _ratio(r, "leaky_relu")
    less = elu < leaky
    if not less.any():
        return not_applicable("ELU passes less noise than Leaky ReLU at no centre drawn")
    j = int(np.abs(c + 1.0).argmin())
    n = int(less.sum())
    one_crossing = n < len(c) and bool(less[:n].all()) and not less[n:].any()
    return verdict(
        one_crossing,
        cross=float(c[n - 1]),
        x_probe=float(c[j]),
        elu_std_probe=float(elu[j]),
        leaky_std_probe=float(leaky[j]),
    )


def relu_passes_the_least(r: object) -> Verdict:
    """At every centre ReLU's output standard deviation is at most ELU's and Leaky ReLU's (to
    rounding), and exactly 0 where the noisy inputs are all below 0."""
    relu = _ratio(r, "relu")
    tol = _RTOL * relu
    holds = bool(np.all(relu <= _ratio(r, "elu") + tol)) and bool(
        np.all(relu <= _ratio(r, "leaky_relu") + tol)
    )
    holds &= bool(np.all(relu[_quiet(r)] == 0.0))  # where every input is below 0: exactly 0
    return verdict(holds, relu_std_0=float(relu[-1]))


def lecture_elu_less_resistant(r: object) -> Verdict:
    """The lecture's "ELU saturates for x < 0, so less resistant to noise", read literally
    against the two it is listed with: ELU saturates, and passes more noise than ReLU and than
    Leaky ReLU at every centre drawn. (Against ReLU it always does; against Leaky ReLU only
    above the crossing, so over a range reaching far below 0 the data disagree.)"""
    elu = _ratio(r, "elu")
    more = bool(np.all(elu >= _ratio(r, "relu")) and np.all(elu > _ratio(r, "leaky_relu")))
    return all_of(elu_saturates(r), verdict(more))
