"""Adadelta's "consistent units", measured: the same problem in parameters 10× smaller.

Rescale the parameters, ``θ = c·φ``: the loss is the same function, ``J_φ(φ) = J(c·φ)``, its
gradient ``c·∇J(c·φ)`` and its Hessian ``c²·H``. An update with the units of θ (the lecture's
"consistent units": Newton's ``H⁻¹g``) takes the same path either way, once the φ-run is mapped
back (``θ = c·φ``). SGD's step ``η·g`` has the units of 1/θ: mapped back it is ``c²`` times the
direct one. A step normalised by the gradient's own size (RMSprop, Adam) is a pure number: the
same numbers in φ as in θ, so ``c`` times the direct step once mapped back.

Adadelta's update ``RMS[Δθ]_{t−1} / RMS[g]_t · g`` would have θ's units if ``RMS[Δθ]`` did; but
``E[Δθ²]`` starts at 0 and ``RMS[Δθ] = √(E[Δθ²] + ε)`` starts at ``√ε``, a constant without units
that sets the length of the first steps whatever the parameters' scale. The runs here are the
real update rules (:func:`~vizdl.sim.optimizers.rules.trajectory`, torch's); only the damped
Newton step, the yardstick with θ's units, and Adadelta with an ε that carries units (one in the
numerator's θ², one in the denominator's g²: the rule the units argument is about) are written
here (torch has neither).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vizdl.sim._checks import check_int, check_positive
from vizdl.sim._tables import columns
from vizdl.sim.optimizers._common import contour_field
from vizdl.sim.optimizers.races import RACERS
from vizdl.sim.optimizers.rules import OPTIMIZERS, trajectory
from vizdl.sim.surfaces import get_surface

__all__ = [
    "UNITS_RACERS",
    "UNITS_ADADELTA",
    "NEWTON",
    "Units",
    "adadelta_units",
    "adadelta_with_units",
    "damped_newton",
]

# The rules compared, by the lecture's names (their fixed hyperparameters: RACERS's).
UNITS_RACERS = ("SGD", "RMSprop", "Adam", "Adadelta")
UNITS_ADADELTA = "Adadelta, ε with units"
NEWTON = "Newton (damped)"


@dataclass(frozen=True)
class Units:
    """Each rule run on the elongated bowl ``½(θ₁² + 10θ₂²)`` directly and in ``φ = θ/c``.

    ``labels`` the rules (then Adadelta with ε carrying units and the damped Newton step); ``lrs`` their η; ``direct`` and
    ``mapped`` ``(rules, steps + 1, 2)``: the direct path and the φ-path mapped back to θ (NaN
    after a path leaves the plot); ``first_ratio[i]`` the mapped-back first step's length over
    the direct one's (1: θ's units; ``c²``: SGD's; ``c``: a unitless step); ``path_error[i]``
    the largest distance between the two paths over the steps, relative to the direct path's
    extent (NaN where one diverged).

    Adadelta's accumulators after each step, per coordinate, ``(steps, 2)``: ``sq_direct`` /
    ``sq_mapped`` (E[g²]) and ``acc_direct`` / ``acc_mapped`` (E[Δθ²]), each in its own run's
    units (φ's for the mapped run). ``eps_values`` and ``eps_first``: Adadelta's first step
    length (direct run) at each ε; ``eps_steps`` ``(len(eps_values), steps)`` every step's
    length at each ε.
    """

    labels: tuple[str, ...]
    lrs: np.ndarray
    scale: float
    rho: float
    eps: float
    steps: int
    start: np.ndarray
    curvatures: np.ndarray
    direct: np.ndarray
    mapped: np.ndarray
    first_ratio: np.ndarray
    path_error: np.ndarray
    sq_direct: np.ndarray
    sq_mapped: np.ndarray
    acc_direct: np.ndarray
    acc_mapped: np.ndarray
    eps_values: np.ndarray
    eps_first: np.ndarray
    eps_steps: np.ndarray
    X: np.ndarray
    Y: np.ndarray
    Z: np.ndarray
    levels: np.ndarray

    def table(self) -> dict[str, list]:
        """One row per rule: η, the first step's ratio and the paths' largest difference."""
        return columns(
            {
                "rule": self.labels,
                "lr": self.lrs,
                "first_step_ratio": self.first_ratio,
                "path_difference": self.path_error,
                "direct_end_x": self.direct[:, -1, 0],
                "direct_end_y": self.direct[:, -1, 1],
                "mapped_end_x": self.mapped[:, -1, 0],
                "mapped_end_y": self.mapped[:, -1, 1],
            }
        )


def damped_newton(hessian: np.ndarray, grad: object, x0: np.ndarray, steps: int, lr: float):
    """``θ ← θ − η·H⁻¹∇J(θ)``, ``(steps + 1, d)`` iterates from ``x0`` (a quadratic's constant
    Hessian ``H``): the update with the units of θ."""
    h_inv = np.linalg.inv(np.asarray(hessian, dtype=np.float64))
    out = [np.asarray(x0, dtype=np.float64).reshape(-1)]
    for _ in range(steps):
        g = grad(out[-1][None, :])[0]  # type: ignore[operator]
        out.append(out[-1] - lr * (h_inv @ g))
    return np.asarray(out)


def adadelta_with_units(
    grad: object,
    x0: np.ndarray,
    steps: int,
    rho: float = 0.9,
    eps_delta: float = 1e-6,
    eps_grad: float = 1e-6,
) -> np.ndarray:
    """Adadelta with two ε: ``Δθ = √(E[Δθ²] + ε_Δ) / √(E[g²] + ε_g) · g`` (torch's rule when
    they are equal), so that each can carry its own units (θ² and 1/θ²). Not torch's: a
    variant to show the units argument holding. Returns ``(steps + 1, d)`` iterates."""
    x = np.asarray(x0, dtype=np.float64).reshape(-1).copy()
    sq, acc = np.zeros_like(x), np.zeros_like(x)
    out = [x.copy()]
    for _ in range(steps):
        g = grad(x[None, :])[0]  # type: ignore[operator]
        sq = sq * rho + (1 - rho) * g * g
        delta = np.sqrt(acc + eps_delta) / np.sqrt(sq + eps_grad) * g
        acc = acc * rho + (1 - rho) * delta * delta
        x = x - delta
        out.append(x.copy())
    return np.asarray(out)


def _path_error(a: np.ndarray, b: np.ndarray) -> float:
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return float("nan")
    extent = float(np.abs(a - a[-1]).max()) or 1.0
    return float(np.linalg.norm(a - b, axis=1).max() / extent)


def adadelta_units(
    scale: float = 10.0,
    lr: float = 0.01,
    newton_lr: float = 0.1,
    steps: int = 60,
    rho: float = 0.9,
    eps: float = 1e-6,
    eps_values: tuple[float, ...] = (1e-10, 1e-8, 1e-6, 1e-4),
    resolution: int = 160,
) -> Units:
    """Run SGD, RMSprop and Adam (at ``lr``), Adadelta (torch's lr = 1, ``rho``, ``eps``) and a
    damped Newton step (``newton_lr``) on the elongated bowl from (2, 1), directly and with the
    parameters rescaled by ``scale`` (``θ = scale·φ``), and Adadelta's first steps at each of
    ``eps_values``. Returns a :class:`Units`."""
    c = check_positive("scale", scale)
    if c == 1.0:
        raise ValueError("scale must differ from 1 (rescaling by 1 changes nothing)")
    check_positive("lr", lr)
    check_positive("newton_lr", newton_lr)
    steps = check_int("steps", steps, 2)
    check_positive("eps", eps)
    if not 0.0 < rho < 1.0:
        raise ValueError(f"rho must be in (0, 1), got {rho!r}")
    eps_values = tuple(float(check_positive("eps_values", e)) for e in eps_values)
    if len(eps_values) < 2 or len(set(eps_values)) != len(eps_values):
        raise ValueError(f"eps_values must be at least two different numbers, got {eps_values!r}")
    surf = get_surface("elongated")
    hessian = np.diag([1.0, 10.0])
    x0 = np.array([[2.0, 1.0]])

    def grad_phi(p: np.ndarray) -> np.ndarray:
        return c * surf.grad(c * p)

    labels = (*UNITS_RACERS, UNITS_ADADELTA, NEWTON)
    lrs, direct, mapped = [], [], []
    acc: dict[str, np.ndarray] = {}
    for label in UNITS_RACERS:
        rule, fixed = RACERS[label]
        extra = {"rho": rho, "eps": eps} if rule == "adadelta" else {}
        use = float(OPTIMIZERS[rule].defaults["lr"]) if rule == "adadelta" else float(lr)
        rec = ("sq", "acc") if rule == "adadelta" else ()
        d = trajectory(rule, surf.grad, x0, steps, lr=use, record=rec, **fixed, **extra)
        m = trajectory(rule, grad_phi, x0 / c, steps, lr=use, record=rec, **fixed, **extra)
        lrs.append(use)
        direct.append(d.points[:, 0])
        mapped.append(m.points[:, 0] * c)
        if rule == "adadelta":
            acc = {
                "sq_direct": d.extras["sq"][:, 0],
                "acc_direct": d.extras["acc"][:, 0],
                "sq_mapped": m.extras["sq"][:, 0],
                "acc_mapped": m.extras["acc"][:, 0],
            }
    # the same rule with ε carrying units: ε_Δ in θ² (φ²: ε/c²), ε_g in 1/θ² (φ's gradient²: c²ε)
    lrs.append(1.0)
    direct.append(adadelta_with_units(surf.grad, x0[0], steps, rho, eps, eps))
    mapped.append(adadelta_with_units(grad_phi, x0[0] / c, steps, rho, eps / c**2, eps * c**2) * c)
    lrs.append(float(newton_lr))
    direct.append(damped_newton(hessian, surf.grad, x0[0], steps, newton_lr))
    mapped.append(damped_newton(c * c * hessian, grad_phi, x0[0] / c, steps, newton_lr) * c)
    direct_a, mapped_a = np.asarray(direct), np.asarray(mapped)
    with np.errstate(invalid="ignore"):
        first_ratio = np.linalg.norm(mapped_a[:, 1] - mapped_a[:, 0], axis=1) / np.linalg.norm(
            direct_a[:, 1] - direct_a[:, 0], axis=1
        )
    path_error = np.array([_path_error(a, b) for a, b in zip(direct_a, mapped_a, strict=True)])
    eps_steps = []
    for e in eps_values:
        p = trajectory("adadelta", surf.grad, x0, steps, rho=rho, eps=e).points[:, 0]
        eps_steps.append(np.linalg.norm(np.diff(p, axis=0), axis=1))
    eps_steps_a = np.asarray(eps_steps)
    return Units(
        labels=labels,
        lrs=np.asarray(lrs),
        scale=c,
        rho=float(rho),
        eps=float(eps),
        steps=steps,
        start=x0[0].copy(),
        curvatures=np.diag(hessian).copy(),
        direct=direct_a,
        mapped=mapped_a,
        first_ratio=first_ratio,
        path_error=path_error,
        eps_values=np.asarray(eps_values),
        eps_first=eps_steps_a[:, 0].copy(),
        eps_steps=eps_steps_a,
        **acc,
        **contour_field(surf, resolution),
    )
