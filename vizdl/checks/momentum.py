"""Checks on :mod:`vizdl.sim.optimizers.momentum` results (momentum in a ravine)."""

from __future__ import annotations

import numpy as np

from vizdl.checks import Verdict, all_of, sign_flips, verdict

__all__ = [
    "condition_number",
    "plain_keeps_zigzagging",
    "momentum_damps_the_zigzag",
    "momentum_runs_along_the_floor",
    "momentum_accelerates_and_damps",
]


def condition_number(r: object) -> Verdict:
    """The ravine's Hessian has the condition number the result names (λ_max / λ_min)."""
    lam = np.asarray(r.curvatures, dtype=float)
    measured = float(lam.max() / lam.min())
    return verdict(abs(measured / float(r.condition) - 1) < 1e-9, condition=measured)


def _errors(r: object, path: object) -> tuple[np.ndarray, np.ndarray]:
    """(along, across): the path's signed distance to the minimum along the valley floor and
    across the valley, per step."""
    e = np.asarray(path.points[:, 0], dtype=float) - np.asarray(r.minimum, dtype=float)
    along, across = np.asarray(r.directions, dtype=float)
    return e @ along, e @ across


def _left(x: np.ndarray, tail: int = 10) -> float:
    """Largest |x| over the last ``tail`` steps over |x| at the start: what is left of it (the
    tail's maximum, so an oscillation caught near a zero crossing is not called gone)."""
    return float(np.abs(x[-tail:]).max() / abs(x[0]))


def plain_keeps_zigzagging(r: object) -> Verdict:
    """Plain gradient descent, stable but close to its limit (1.9 ≤ η·λ_max < 2), jumps across
    the valley on every step and still has more than a tenth of its cross-valley distance at
    the end."""
    _, across = _errors(r, r.plain)
    flips = sign_flips(across)
    steps = len(across) - 1
    left = _left(across)
    steep = float(r.plain.hparams["lr"]) * float(np.max(r.curvatures))
    return verdict(
        flips == steps and left > 0.1 and 1.9 <= steep < 2,
        gd_steep=steep,
        gd_flat=float(r.plain.hparams["lr"]) * float(np.min(r.curvatures)),
        gd_cross_left=left,
        steps=steps,
    )


def momentum_damps_the_zigzag(r: object) -> Verdict:
    """With momentum, what is left of the cross-valley distance at the end is under a tenth of
    what plain gradient descent has left."""
    _, gd = _errors(r, r.plain)
    _, mom = _errors(r, r.momentum)
    return verdict(
        _left(mom) < 0.1 * _left(gd),
        mom_cross_left=_left(mom),
        gd_cross_left=_left(gd),
        gamma=float(r.momentum.hparams["momentum"]),
    )


def momentum_runs_along_the_floor(r: object) -> Verdict:
    """Along the valley floor, momentum has under a tenth of plain gradient descent's distance
    to the minimum left at the end."""
    gd, _ = _errors(r, r.plain)
    mom, _ = _errors(r, r.momentum)
    return verdict(_left(mom) < 0.1 * _left(gd), mom_along_left=_left(mom), gd_along_left=_left(gd))


def momentum_accelerates_and_damps(r: object) -> Verdict:
    """The lecture's "accelerate SGD in the relevant direction and dampens oscillations",
    measured: momentum is both further along the floor and less across the valley than plain
    gradient descent by the end (each under a tenth of plain descent's)."""
    return all_of(momentum_runs_along_the_floor(r), momentum_damps_the_zigzag(r))
