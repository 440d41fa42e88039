"""Nesterov vs standard momentum at the same η and γ: how far each overshoots the minimum."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vizdl.sim._checks import check_int, check_positive
from vizdl.sim.optimizers._common import contour_field
from vizdl.sim.optimizers.rules import Trajectory, trajectory
from vizdl.sim.surfaces import get_surface

__all__ = [
    "NesterovOvershoot",
    "nesterov_overshoot",
]


@dataclass(frozen=True)
class NesterovOvershoot:
    """Standard momentum and Nesterov's momentum from one start, with the same η and γ.

    ``momentum`` and ``nesterov`` are :class:`Trajectory` objects of ``torch.optim.SGD``'s rule
    (``nesterov=False`` / ``True``; Nesterov's iterates are torch's, the lecture's look-ahead
    points). ``curvatures`` are the Hessian's eigenvalues (ascending) and ``directions[i]`` the
    unit eigenvector of ``curvatures[i]``: the last is the steep direction. ``tol`` is the
    distance to the minimum that counts as arrived.
    """

    momentum: Trajectory
    nesterov: Trajectory
    lr: float
    gamma: float
    tol: float
    minimum: np.ndarray
    curvatures: np.ndarray
    directions: np.ndarray
    X: np.ndarray
    Y: np.ndarray
    Z: np.ndarray
    levels: np.ndarray
    surface: str = "elongated"


def nesterov_overshoot(
    lr: float = 0.03,
    momentum: float = 0.9,
    steps: int = 200,
    start: tuple[float, float] = (-2.6, 1.2),
    tol: float = 1e-3,
    resolution: int = 160,
) -> NesterovOvershoot:
    """Run momentum and NAG (torch's rules) on the elongated bowl ``½(θ₁² + 10θ₂²)``.

    Returns a :class:`NesterovOvershoot`.
    """
    surface = "elongated"
    surf = get_surface(surface)
    check_positive("lr", lr)
    check_positive("momentum", momentum)
    check_positive("tol", tol)
    steps = check_int("steps", steps, 1)
    x0 = np.array([start], dtype=np.float64)
    surf.check_inside(x0)
    runs = [
        trajectory(
            "sgd", surf.grad, x0, steps, loss=surf.value, lr=lr, momentum=momentum, nesterov=nes
        )
        for nes in (False, True)
    ]
    at = surf.minima[0]
    h = np.stack([surf.grad((at + e)[None])[0] - surf.grad(at[None])[0] for e in np.eye(2)])
    lam, vec = np.linalg.eigh(0.5 * (h + h.T))
    return NesterovOvershoot(
        momentum=runs[0],
        nesterov=runs[1],
        lr=float(lr),
        gamma=float(momentum),
        tol=float(tol),
        minimum=np.asarray(at, dtype=float),
        curvatures=lam,
        directions=vec.T,
        **contour_field(surf, resolution, 14),
        surface=surface,
    )
