"""Checks on :mod:`vizdl.sim.optimizers.overshoot` results (Nesterov vs momentum, same η, γ)."""

from __future__ import annotations

import numpy as np

from vizdl.checks import Verdict, not_applicable, sign_flips, verdict

__all__ = [
    "same_settings",
    "nesterov_overshoots_less",
    "nesterov_settles_sooner_across",
    "nesterov_arrives_sooner",
    "steep_coordinate",
    "settle_step",
]


def steep_coordinate(r: object, traj: object) -> np.ndarray:
    """The path's signed distance to the minimum along the steep direction (the Hessian's
    eigenvector of the largest curvature), per step, oriented so that the start is positive:
    a negative value is an excursion past the minimum."""
    e = np.asarray(traj.points[:, 0], dtype=float) - np.asarray(r.minimum, dtype=float)
    s = e @ np.asarray(r.directions, dtype=float)[-1]
    return s * (1.0 if s[0] >= 0 else -1.0)


def settle_step(x: np.ndarray, tol: float) -> int | None:
    """The first step from which |x| stays under ``tol`` to the end of the run (``x`` a series
    of distances or signed coordinates), or None when it is not there at the end. NaN (a
    diverged path) counts as not there."""
    far = ~(np.abs(np.asarray(x, dtype=float)) < tol)
    if far[-1]:
        return None
    idx = np.flatnonzero(far)
    return int(idx[-1] + 1) if idx.size else 0


def _diverged(r: object) -> bool:
    return bool((r.momentum.diverged >= 0).any() or (r.nesterov.diverged >= 0).any())


def same_settings(r: object) -> Verdict:
    """Both runs use the same η and γ, the same start, and differ only in ``nesterov``
    (measures the bowl's curvatures too, which the caption quotes)."""
    hm, hn = dict(r.momentum.hparams), dict(r.nesterov.hparams)
    same_start = bool(np.array_equal(r.momentum.points[0], r.nesterov.points[0]))
    differ = {k for k in hm if hm[k] != hn.get(k)}
    return verdict(
        same_start and differ == {"nesterov"} and hn["nesterov"] and not hm["nesterov"],
        lr=float(hm["lr"]),
        gamma=float(hm["momentum"]),
        steps=int(r.momentum.steps),
        flat_curvature=float(np.min(r.curvatures)),
        steep_curvature=float(np.max(r.curvatures)),
    )


def nesterov_overshoots_less(r: object) -> Verdict:
    """Along the steep direction, the largest excursion past the minimum (how far a path lands
    on the other side of it) is smaller for NAG than for standard momentum. Not applicable
    when standard momentum does not overshoot at all, or a run diverges."""
    if _diverged(r):
        return not_applicable("a run diverged")
    mom = steep_coordinate(r, r.momentum)
    nag = steep_coordinate(r, r.nesterov)
    mom_over = float(max(0.0, -mom.min()))
    nag_over = float(max(0.0, -nag.min()))
    if mom_over == 0:
        return not_applicable("standard momentum does not overshoot the minimum")
    return verdict(
        nag_over < mom_over,
        mom_over=mom_over,
        nag_over=nag_over,
        over_ratio=nag_over / mom_over,
        mom_over_step=int(np.argmin(mom)),
        nag_over_step=int(np.argmin(nag)),
        start_steep=float(mom[0]),
    )


def nesterov_settles_sooner_across(r: object) -> Verdict:
    """Along the steep direction NAG is within ``tol`` of the minimum for good at an earlier
    step than standard momentum, and crosses the minimum fewer times before it gets there
    (crossings counted up to each one's own settling step). Not applicable when neither
    settles within the run, or a run diverges."""
    if _diverged(r):
        return not_applicable("a run diverged")
    mom = steep_coordinate(r, r.momentum)
    nag = steep_coordinate(r, r.nesterov)
    sm, sn = settle_step(mom, r.tol), settle_step(nag, r.tol)
    if sm is None and sn is None:
        return not_applicable("neither run settles along the steep direction within its steps")
    steps = len(mom) - 1
    mom_flips = sign_flips(mom[: (steps if sm is None else sm) + 1])
    nag_flips = sign_flips(nag[: (steps if sn is None else sn) + 1])
    holds = sn is not None and (sm is None or sn < sm) and nag_flips < mom_flips
    return verdict(
        holds,
        mom_steep_settle=steps if sm is None else sm,
        mom_steep_settle_text=f"from step {sm} on" if sm is not None else f"not by step {steps}",
        nag_steep_settle=-1 if sn is None else sn,
        mom_flips=mom_flips,
        nag_flips=nag_flips,
        tol=float(r.tol),
    )


def nesterov_arrives_sooner(r: object) -> Verdict:
    """NAG's iterate is within ``tol`` of the minimum (in distance) for good at an earlier step
    than standard momentum's: the lecture's "often works better", measured. Not applicable when
    neither arrives within the run, or a run diverges."""
    if _diverged(r):
        return not_applicable("a run diverged")
    at = np.asarray(r.minimum, dtype=float)
    dm = np.linalg.norm(np.asarray(r.momentum.points[:, 0]) - at, axis=1)
    dn = np.linalg.norm(np.asarray(r.nesterov.points[:, 0]) - at, axis=1)
    sm, sn = settle_step(dm, r.tol), settle_step(dn, r.tol)
    if sm is None and sn is None:
        return not_applicable("neither run gets within tol of the minimum within its steps")
    steps = len(dm) - 1
    return verdict(
        sn is not None and (sm is None or sn < sm),
        mom_settle=steps if sm is None else sm,
        mom_settle_text=f"from step {sm}" if sm is not None else f"not by step {steps}",
        nag_settle=-1 if sn is None else sn,
        nag_settle_text=f"from step {sn}" if sn is not None else f"not by step {steps}",
        tol=float(r.tol),
    )
