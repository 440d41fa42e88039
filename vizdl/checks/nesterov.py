"""Checks on :mod:`vizdl.sim.optimizers.nesterov` results (Nesterov's jump, then correct)."""

from __future__ import annotations

import numpy as np

from vizdl.checks import Verdict, verdict

__all__ = [
    "accumulated_is_jump_plus_correction",
    "torch_iterates_are_the_look_ahead_points",
    "nesterov_brakes_before_standard_momentum",
]


def _gradient(surface: str, points: np.ndarray) -> np.ndarray:
    """∇J at ``points`` of a built-in surface (its own gradient) or of a formula (autograd)."""
    from vizdl.sim.surfaces import SURFACES

    if surface in SURFACES:
        return np.asarray(SURFACES[surface]().grad(points), dtype=float)
    import torch

    from vizdl.sim.expr import parse

    p = torch.tensor(points, dtype=torch.float64, requires_grad=True)
    parse(surface).value(p[:, 0], p[:, 1]).sum().backward()
    return p.grad.numpy()


def surface_named(r: object) -> str:
    """How the caption names the run's surface: a built-in one by its title, a formula as J = …"""
    from vizdl.sim.surfaces import SURFACES

    title = getattr(r, "title", "Elongated bowl (features of unequal scale)")
    if getattr(r, "surface", "elongated") in SURFACES:
        return "the " + title[0].lower() + title[1:]
    return f"J = {title}"


def accumulated_is_jump_plus_correction(r: object) -> Verdict:
    """At every step the accumulated step (green) is the jump (brown) plus the correction (red),
    to 1e-12, and the correction is −η∇J measured at the look-ahead point: the gradient is
    recomputed here from the surface the run names, at θ_{t−1} − γ·v_{t−1} (the look-ahead
    point rebuilt from θ and v, not from the stored jump; a formula's by torch autograd on the
    formula, not by the dual numbers the run used), and compared with the stored correction.
    Measures the largest gap, written "exactly" when it is 0."""
    theta, v = np.asarray(r.theta, dtype=float), np.asarray(r.v, dtype=float)
    ahead = theta[:-1] - r.momentum * v[:-1]
    expected = -r.lr * _gradient(r.surface, ahead)
    gaps = (
        np.abs(r.accumulated - (r.jump + r.correction)).max(),
        np.abs(np.asarray(r.lookahead) - ahead).max(),
        np.abs(np.asarray(r.correction) - expected).max(),
        np.abs(np.asarray(r.jump) + r.momentum * v[:-1]).max(),
        np.abs(np.asarray(r.accumulated) + v[1:]).max(),
    )
    gap = float(max(gaps))
    return verdict(
        gap < 1e-12,
        sum_gap=gap,
        sum_gap_text="exactly" if gap == 0 else f"to {gap:.0e}",
        correction_gap=float(gaps[2]),
        nag_steps=len(r.jump),
        surface_text=surface_named(r),
    )


def torch_iterates_are_the_look_ahead_points(r: object) -> Verdict:
    """torch.optim.SGD(nesterov=True)'s iterates are the lecture's look-ahead points θ_t − γ·v_t
    (to 1e-12)."""
    ahead = r.theta[1:] - r.momentum * r.v[1:]
    gap = float(np.abs(np.asarray(r.torch_points)[1:] - ahead).max())
    return verdict(gap < 1e-12, torch_gap=gap)


# The last step the braking claim covers: the steps the pictures explain (the figure enlarges
# steps 3 and 6, the animation explains 4, 6 and 8; the steps knob starts at 8). Later, once the run
# circles the minimum, the look-ahead gradient may lengthen a step (the round bowl does by step 25),
# so the claim does not speak for them.
BRAKE_LAST = 8


def nesterov_brakes_before_standard_momentum(r: object) -> Verdict:
    """From step 2 to step :data:`BRAKE_LAST`, Nesterov's step is shorter than standard
    momentum's from the same point and accumulated step: the gradient at the look-ahead point
    already holds it back. Both steps are rebuilt from the stored vectors: Nesterov's is the
    jump plus the correction, standard momentum's the jump plus −η∇J at θ, recomputed here from
    the surface the run names (not the stored ``std_step``)."""
    theta = np.asarray(r.theta, dtype=float)
    jump = np.asarray(r.jump, dtype=float)
    std_grad = -r.lr * _gradient(r.surface, theta[:-1])
    nag = np.linalg.norm(jump + np.asarray(r.correction, dtype=float), axis=1)[1:BRAKE_LAST]
    std = np.linalg.norm(jump + std_grad, axis=1)[1:BRAKE_LAST]
    shorter = 1 - nag / std
    return verdict(
        nag.size > 0 and bool(np.all(nag < std)),
        brake_min=float(shorter.min()) if nag.size else float("nan"),
        brake_max=float(shorter.max()) if nag.size else float("nan"),
        brake_last=min(BRAKE_LAST, len(jump)),
    )
