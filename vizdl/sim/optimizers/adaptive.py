"""Adaptive learning rates (Adagrad, RMSprop, Adadelta), Adam's bias correction and Adamax's
∞-norm, recorded from the update rules' own state."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vizdl.sim._checks import check_int, check_positive
from vizdl.sim.optimizers.rules import GradFn, trajectory
from vizdl.sim.surfaces import get_surface

__all__ = [
    "AdaptiveRates",
    "adaptive_learning_rates",
]


@dataclass(frozen=True)
class AdaptiveRates:
    """Effective learning rates, recorded from the real update rules.

    - ``bowl_eff_lr[name]``: ``(steps, 2)`` per-parameter step size ``η/√(G+…)`` of Adagrad and
      RMSprop on the elongated bowl ``½(θ₁² + 10θ₂²)``: the steep parameter gets the smaller one;
      ``bowl_grad`` the bowl's gradient at the start, evaluated from the surface.
    - ``stream``: a stream of gradients, ``g_t = big`` for ``t ≤ switch`` then ``small`` (a loss
      whose slope flattens); ``stream_eff_lr[name]`` ``(steps,)`` for Adagrad, RMSprop and Adadelta:
      Adagrad's sum keeps growing so its rate never recovers; the windowed methods adapt.
    - ``adam_g``: a noisy gradient stream (mean ``adam_mean``); ``adam_m, adam_v`` Adam's raw
      moments and ``adam_m_hat, adam_v_hat`` the bias-corrected ones, ``(adam_steps,)`` each.
    - ``adamax_u``: Adamax's ∞-norm ``u_t = max(β₂·u_{t−1}, |g_t| + ε)`` on the same stream, what
      it divides by where Adam divides by ``√v̂_t`` (``(adam_steps,)``; no bias correction: the
      max reaches ``|g₁|`` at the first step).
    """

    bowl_eff_lr: dict
    bowl_lrs: dict
    stream: np.ndarray
    stream_eff_lr: dict
    stream_lrs: dict
    switch: int
    adam_g: np.ndarray
    adam_m: np.ndarray
    adam_v: np.ndarray
    adam_m_hat: np.ndarray
    adam_v_hat: np.ndarray
    adamax_u: np.ndarray
    adam_mean: float
    betas: tuple[float, float]
    bowl_grad: np.ndarray | None = None  # the bowl's gradient at the start (θ₁, θ₂ components)


def _stream_grad(stream: np.ndarray) -> GradFn:
    """A gradient oracle that returns the next value of ``stream`` at each call (any x)."""
    it = iter(stream)

    def grad(x: np.ndarray) -> np.ndarray:
        return np.full_like(x, next(it))

    return grad


def adaptive_learning_rates(
    steps: int = 300,
    switch: int = 100,
    big: float = 1.0,
    small: float = 0.1,
    adam_steps: int = 40,
    adam_mean: float = 1.0,
    adam_noise: float = 0.5,
    betas: tuple[float, float] = (0.9, 0.999),
    seed: int = 0,
) -> AdaptiveRates:
    """Record effective learning rates and Adam's moments from the real rules (see
    :class:`AdaptiveRates`)."""
    steps = check_int("steps", steps, 2)
    switch = check_int("switch", switch, 1)
    if switch >= steps:
        raise ValueError(f"switch must be < steps ({steps}), got {switch}")
    check_positive("big", big)
    check_positive("small", small)
    adam_steps = check_int("adam_steps", adam_steps, 1)
    bowl = get_surface("elongated")
    x0 = np.array([[2.0, 1.0]])
    bowl_lrs = {"adagrad": 0.3, "rmsprop": 0.01}
    bowl_eff = {
        name: trajectory(name, bowl.grad, x0, steps, lr=lr, record=("eff_lr",)).extras["eff_lr"][
            :, 0
        ]
        for name, lr in bowl_lrs.items()
    }
    stream = np.where(np.arange(1, steps + 1) <= switch, big, small).astype(np.float64)
    stream_lrs = {"adagrad": 0.1, "rmsprop": 0.01, "adadelta": 1.0}
    stream_eff = {
        name: trajectory(
            name, _stream_grad(stream), np.zeros((1, 1)), steps, lr=lr, record=("eff_lr",)
        ).extras["eff_lr"][:, 0, 0]
        for name, lr in stream_lrs.items()
    }
    rng = np.random.default_rng(seed)
    g = adam_mean + adam_noise * rng.standard_normal(adam_steps)
    tr = trajectory(
        "adam",
        _stream_grad(g),
        np.zeros((1, 1)),
        adam_steps,
        lr=1e-3,
        betas=tuple(betas),
        record=("m", "v"),
    )
    m, v = tr.extras["m"][:, 0, 0], tr.extras["v"][:, 0, 0]
    adamax = trajectory(
        "adamax",
        _stream_grad(g),
        np.zeros((1, 1)),
        adam_steps,
        lr=1e-3,
        betas=tuple(betas),
        record=("u",),
    )
    t = np.arange(1, adam_steps + 1)
    b1, b2 = betas
    return AdaptiveRates(
        bowl_eff_lr=bowl_eff,
        bowl_lrs=bowl_lrs,
        stream=stream,
        stream_eff_lr=stream_eff,
        stream_lrs=stream_lrs,
        switch=switch,
        adam_g=g,
        adam_m=m,
        adam_v=v,
        adam_m_hat=m / (1 - b1**t),
        adam_v_hat=v / (1 - b2**t),
        adamax_u=adamax.extras["u"][:, 0, 0],
        adam_mean=float(adam_mean),
        bowl_grad=np.asarray(bowl.grad(x0)[0], dtype=np.float64),
        betas=(float(b1), float(b2)),
    )
