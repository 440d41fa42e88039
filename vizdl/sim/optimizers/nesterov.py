"""Nesterov's accelerated gradient in the lecture's form, with the vectors of every step."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vizdl.sim._checks import check_int, check_positive
from vizdl.sim.expr import resolve_surface
from vizdl.sim.optimizers._common import contour_field
from vizdl.sim.optimizers.rules import trajectory

__all__ = [
    "NesterovGeometry",
    "nesterov_geometry",
]


@dataclass(frozen=True)
class NesterovGeometry:
    """Nesterov's accelerated gradient in the lecture's form, with the vectors of every step.

    ``theta[t]`` ``(steps + 1, 2)`` and ``v[t]`` (``v[0] = 0``) follow
    ``v_t = γ v_{t−1} + η ∇J(θ_{t−1} − γ v_{t−1})``, ``θ_t = θ_{t−1} − v_t``. For step ``t``
    (rows ``t − 1`` of the ``(steps, 2)`` arrays): ``jump = −γ v_{t−1}`` (brown, to the look-ahead
    point ``lookahead``), ``correction = −η ∇J(lookahead)`` (red), ``accumulated = −v_t`` (green,
    their sum). Standard momentum from the same θ and v: ``std_grad = −η ∇J(θ_{t−1})`` then the
    jump along the updated accumulated gradient, ``std_step`` in total. ``torch_points`` are
    ``torch.optim.SGD(nesterov=True)``'s iterates from the same start: the look-ahead points
    ``θ_t − γ v_t`` of the lecture's form.
    """

    theta: np.ndarray
    v: np.ndarray
    lookahead: np.ndarray
    jump: np.ndarray
    correction: np.ndarray
    accumulated: np.ndarray
    std_grad: np.ndarray
    std_step: np.ndarray
    torch_points: np.ndarray
    lr: float
    momentum: float
    X: np.ndarray
    Y: np.ndarray
    Z: np.ndarray
    levels: np.ndarray
    domain: np.ndarray
    minimum: np.ndarray
    surface: str = "elongated"  # the surface's name (vizdl.sim.surfaces) or formula in x and y
    formula_domain: tuple[float, float, float, float] | None = None  # a formula's given domain
    title: str = "Elongated bowl (features of unequal scale)"


def nesterov_geometry(
    surface: str = "elongated",
    lr: float = 0.03,
    momentum: float = 0.9,
    steps: int = 25,
    start: tuple[float, float] = (-2.6, 1.2),
    resolution: int = 200,
    domain: tuple[float, float, float, float] | None = None,
) -> NesterovGeometry:
    """Run the lecture's NAG and record its jump / correction / accumulated vectors per step.

    ``surface`` is a built-in one or a formula in x and y over ``domain`` (it needs a minimum
    inside the domain: the figure marks it). Returns a :class:`NesterovGeometry`.
    """
    surf = resolve_surface(surface, domain)
    if not len(surf.minima):
        raise ValueError(
            f"surface {surface!r} has no minimum inside its domain: give a bowl, e.g. "
            "0.5*x**2 + 5*y**2"
        )
    check_positive("lr", lr)
    check_positive("momentum", momentum)
    steps = check_int("steps", steps, 1)
    x0 = np.array([start], dtype=np.float64)
    surf.check_inside(x0)
    theta = np.zeros((steps + 1, 2))
    v = np.zeros((steps + 1, 2))
    theta[0] = x0[0]
    look, jump, corr, std_grad = (np.zeros((steps, 2)) for _ in range(4))
    for t in range(1, steps + 1):
        jump[t - 1] = -momentum * v[t - 1]
        look[t - 1] = theta[t - 1] + jump[t - 1]
        corr[t - 1] = -lr * surf.grad(look[t - 1][None])[0]
        v[t] = momentum * v[t - 1] + lr * surf.grad(look[t - 1][None])[0]
        theta[t] = theta[t - 1] - v[t]
        std_grad[t - 1] = -lr * surf.grad(theta[t - 1][None])[0]
    std_step = jump + std_grad  # standard momentum: −(γ v + η ∇J(θ)) from the same θ and v
    torch_pts = trajectory(
        "sgd", surf.grad, x0, steps, lr=lr, momentum=momentum, nesterov=True
    ).points[:, 0]
    field = contour_field(surf, resolution, 14)
    return NesterovGeometry(
        theta=theta,
        v=v,
        lookahead=look,
        jump=jump,
        correction=corr,
        accumulated=-v[1:],
        std_grad=std_grad,
        std_step=std_step,
        torch_points=torch_pts,
        lr=float(lr),
        momentum=float(momentum),
        **field,
        domain=surf.domain,
        minimum=surf.minima[0],
        surface=surface,
        formula_domain=None if domain is None else tuple(float(v) for v in domain),
        title=surf.title,
    )
