"""RMSprop's first step ≈ 10η and Adam's bias correction, on a loss of constant slope.

On ``J(θ) = s·θ`` the gradient is the constant ``s`` at every step, so every running average is
a closed form: after ``t`` steps RMSprop's ``E[g²]`` is ``(1 − αᵗ)s²``, Adam's ``m`` is
``(1 − β₁ᵗ)s`` and ``v`` is ``(1 − β₂ᵗ)s²``. The runs here are the real update rules
(:func:`~vizdl.sim.optimizers.rules.trajectory`, torch's); only "Adam without bias correction"
(:func:`adam_uncorrected`) is a variant written here, which torch does not have.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vizdl.sim._checks import check_int, check_nonnegative, check_positive
from vizdl.sim.optimizers.rules import Trajectory, trajectory

__all__ = [
    "UncorrectedAdam",
    "FirstSteps",
    "adam_uncorrected",
    "first_steps",
]


@dataclass(frozen=True)
class UncorrectedAdam:
    """Adam's moments without the division by ``1 − βᵗ``: ``points`` ``(steps + 1, d)``, ``m``
    and ``v`` ``(steps, d)`` after each step."""

    points: np.ndarray
    m: np.ndarray
    v: np.ndarray
    lr: float
    betas: tuple[float, float]
    eps: float


def _check_beta(name: str, b: float) -> float:
    b = float(b)
    if not 0.0 <= b < 1.0:
        raise ValueError(f"{name} must be in [0, 1), got {b!r}")
    return b


def adam_uncorrected(
    grad: object,
    x0: np.ndarray,
    steps: int,
    lr: float = 1e-3,
    betas: tuple[float, float] = (0.9, 0.999),
    eps: float = 1e-8,
) -> UncorrectedAdam:
    """Adam as the lecture writes it before the bias correction: ``m_t = β₁m_{t−1} + (1 − β₁)g``,
    ``v_t = β₂v_{t−1} + (1 − β₂)g²``, ``θ_t = θ_{t−1} − η·m_t / (√v_t + ε)`` (ε outside the root,
    as torch's Adam). Not torch's: a variant to show what the correction removes."""
    b1, b2 = _check_beta("beta1", betas[0]), _check_beta("beta2", betas[1])
    check_nonnegative("lr", lr)
    check_nonnegative("eps", eps)
    steps = check_int("steps", steps, 1)
    x = np.array(x0, dtype=np.float64).reshape(-1)
    m = np.zeros_like(x)
    v = np.zeros_like(x)
    pts, ms, vs = [x.copy()], [], []
    for _ in range(steps):
        g = np.asarray(grad(x[None]), dtype=np.float64)[0]
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        x = x - lr * m / (np.sqrt(v) + eps)
        pts.append(x.copy())
        ms.append(m.copy())
        vs.append(v.copy())
    return UncorrectedAdam(
        np.array(pts), np.array(ms), np.array(vs), float(lr), (b1, b2), float(eps)
    )


@dataclass(frozen=True)
class FirstSteps:
    """RMSprop, Adam and Adam without bias correction on ``J(θ) = slopes·θ``.

    ``rmsprop`` (``extras["sq"]``: E[g²] per step) and ``adam`` (``extras["m"]``, ``["v"]``)
    are :class:`Trajectory` objects of torch's rules; ``raw`` the uncorrected variant. All use
    the same ``lr``; RMSprop its ``alpha``, both Adams ``betas``.
    """

    rmsprop: Trajectory
    adam: Trajectory
    raw: UncorrectedAdam
    slopes: np.ndarray
    lr: float
    alpha: float
    betas: tuple[float, float]


def first_steps(
    lr: float = 0.01,
    alpha: float = 0.99,
    beta1: float = 0.9,
    beta2: float = 0.999,
    steps: int = 500,
    slopes: tuple[float, float] = (0.1, 10.0),
) -> FirstSteps:
    """Run the three rules for ``steps`` steps from 0 on the plane ``J(θ) = slopes·θ``.

    Returns a :class:`FirstSteps`.
    """
    check_positive("lr", lr)
    a = _check_beta("alpha", alpha)
    b1, b2 = _check_beta("beta1", beta1), _check_beta("beta2", beta2)
    steps = check_int("steps", steps, 1)
    s = np.asarray(slopes, dtype=np.float64).reshape(-1)
    if s.shape != (2,) or not np.all(np.isfinite(s)) or np.any(s == 0):
        raise ValueError(f"slopes must be two finite non-zero numbers, got {slopes!r}")

    def grad(x: np.ndarray) -> np.ndarray:
        return np.broadcast_to(s, np.shape(x)).copy()

    def loss(x: np.ndarray) -> np.ndarray:
        return np.asarray(x) @ s

    x0 = np.zeros((1, 2))
    rms = trajectory(
        "rmsprop", grad, x0, steps, loss=loss, bound=np.inf, record=("sq",), lr=lr, alpha=a
    )
    adam = trajectory(
        "adam", grad, x0, steps, loss=loss, bound=np.inf, record=("m", "v"), lr=lr, betas=(b1, b2)
    )
    raw = adam_uncorrected(grad, x0[0], steps, lr=lr, betas=(b1, b2))
    return FirstSteps(rms, adam, raw, s, float(lr), a, (b1, b2))
