"""Momentum in a ravine: gradient descent with and without momentum from the same start."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vizdl.sim._checks import check_int
from vizdl.sim.optimizers.rules import Trajectory, trajectory
from vizdl.sim.surfaces import grid, ravine

__all__ = [
    "RavineRace",
    "momentum_ravine",
]


@dataclass(frozen=True)
class RavineRace:
    """Plain gradient descent and momentum from the same start in a ravine.

    ``plain`` and ``momentum`` are :class:`Trajectory` objects; ``velocity`` is the lecture's
    ``v_t = θ_{t−1} − θ_t`` of the momentum path, shape ``(steps, 2)``. ``X, Y, Z`` is the loss on a
    grid for contours; ``levels`` are contour levels (geometric, so the valley floor shows).
    ``curvatures`` are the Hessian's eigenvalues (ascending: along the floor, across the valley)
    and ``directions[i]`` the unit eigenvector of ``curvatures[i]``.
    """

    plain: Trajectory
    momentum: Trajectory
    velocity: np.ndarray
    X: np.ndarray
    Y: np.ndarray
    Z: np.ndarray
    levels: np.ndarray
    minimum: np.ndarray
    condition: float
    curvatures: np.ndarray
    directions: np.ndarray


def momentum_ravine(
    lr: float = 0.0198,
    momentum: float = 0.8,
    steps: int = 80,
    condition: float = 100.0,
    angle_deg: float = 30.0,
    start: tuple[float, float] = (-2.6, -0.6),
    resolution: int = 200,
) -> RavineRace:
    """Gradient descent with and without momentum in :func:`~vizdl.sim.surfaces.ravine`.

    Returns a :class:`RavineRace`; both runs use the same ``lr``; the momentum run uses
    ``torch.optim.SGD(momentum=momentum)``'s rule. The defaults put plain gradient descent where the
    lecture's picture has it: ``η·λ_max = 1.98`` (every step jumps across the valley, the zig-zag
    shrinking only ×0.98) and ``η·λ_min = 0.0198`` (it crawls along the floor), while with momentum
    0.8 both directions shrink ×√0.8 ≈ 0.89 per step.
    """
    surf = ravine(condition, angle_deg)
    x0 = np.array([start], dtype=np.float64)
    surf.check_inside(x0)
    plain = trajectory("sgd", surf.grad, x0, steps, loss=surf.value, lr=lr)
    mom = trajectory("sgd", surf.grad, x0, steps, loss=surf.value, lr=lr, momentum=momentum)
    velocity = mom.points[:-1, 0] - mom.points[1:, 0]
    at = surf.minima[0]
    h = np.stack([surf.grad((at + e)[None])[0] - surf.grad(at[None])[0] for e in np.eye(2)])
    lam, vec = np.linalg.eigh(0.5 * (h + h.T))
    x, y, z = grid(surf, check_int("resolution", resolution, 10))
    zmax = float(z.max())
    levels = np.geomspace(zmax * 1e-3, zmax, 14)
    return RavineRace(
        plain=plain,
        momentum=mom,
        velocity=velocity,
        X=x,
        Y=y,
        Z=z,
        levels=levels,
        minimum=surf.minima[0],
        condition=float(condition),
        curvatures=lam,
        directions=vec.T,
    )
