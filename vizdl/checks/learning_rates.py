"""Checks on :mod:`vizdl.sim.optimizers.learning_rates` results (the learning-rate regimes)."""

from __future__ import annotations

import numpy as np

from vizdl.checks import Verdict, verdict

__all__ = [
    "creeps",
    "converges_smoothly",
    "oscillates_and_converges",
    "diverges",
]


def _run(r: object, low: float, high: float) -> tuple[float, np.ndarray] | None:
    """(η·a, θ per step) of the first run whose η·a lies in [low, high), else None."""
    for lr, path in zip(r.lrs, r.paths, strict=True):
        x = float(lr) * float(r.curvature)
        if low <= x < high:
            return x, np.asarray(path.points[:, 0, 0], dtype=float)
    return None


def _flips(theta: np.ndarray) -> int:
    """How many steps change the sign of θ (land on the other side of the minimum)."""
    s = np.sign(theta)
    return int(np.sum(s[1:] * s[:-1] < 0))


def _ratio(theta: np.ndarray) -> float:
    """The median of |θ_{t+1} / θ_t|: what one step multiplies the distance to the minimum by."""
    a = np.abs(theta)
    ok = a[:-1] > 0
    return float(np.median(a[1:][ok] / a[:-1][ok])) if ok.any() else 0.0


def creeps(r: object) -> Verdict:
    """The run with η·a < 0.3 never overshoots and, after all its steps, is still more than a
    tenth of its start distance from the minimum."""
    run = _run(r, 0.0, 0.3)
    if run is None:
        return verdict(False, small_factor=float("nan"), small_left=float("nan"))
    x, theta = run
    left = float(abs(theta[-1]) / abs(theta[0]))
    return verdict(_flips(theta) == 0 and left > 0.1, small_factor=x, small_left=left)


def converges_smoothly(r: object) -> Verdict:
    """The run with 0.3 ≤ η·a ≤ 1 never overshoots and ends within 1% of its start distance."""
    run = _run(r, 0.3, 1.0 + 1e-12)
    if run is None:
        return verdict(False, right_factor=float("nan"), right_left=float("nan"))
    x, theta = run
    left = float(abs(theta[-1]) / abs(theta[0]))
    return verdict(_flips(theta) == 0 and left < 0.01, right_factor=x, right_left=left)


def oscillates_and_converges(r: object) -> Verdict:
    """The run with 1 < η·a < 2 lands on the other side of the minimum every step, and each
    step shrinks the distance to it (|θ| times a factor below 1)."""
    run = _run(r, 1.0 + 1e-12, 2.0)
    if run is None:
        return verdict(False, osc_lr_factor=float("nan"), osc_factor=float("nan"))
    x, theta = run
    steps = len(theta) - 1
    ratio = _ratio(theta)
    holds = _flips(theta) == steps and ratio < 1 and abs(theta[-1]) < abs(theta[0])
    return verdict(holds, osc_lr_factor=x, osc_factor=ratio)


def diverges(r: object) -> Verdict:
    """The run with η·a ≥ 2 overshoots every step and ends further away than it started."""
    run = _run(r, 2.0, np.inf)
    if run is None:
        return verdict(False, div_lr_factor=float("nan"), div_factor=float("nan"))
    x, theta = run
    steps = len(theta) - 1
    ratio = _ratio(theta)
    holds = _flips(theta) == steps and abs(theta[-1]) > abs(theta[0])
    return verdict(holds, div_lr_factor=x, div_factor=ratio)
