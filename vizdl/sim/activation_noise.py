"""How much input noise passes through an activation for x < 0 (ELU's saturation, measured).

Each activation is fed ``x = x₀ + σ·z`` for many standard-normal ``z`` at each centre ``x₀``,
and the mean and standard deviation of its output are measured. The same ``z`` serve every
centre and every activation (common random numbers), so the curves differ only by the
activations themselves, not by sampling luck.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vizdl.sim._checks import check_finite, check_int, check_positive, check_seed
from vizdl.sim._tables import long_table
from vizdl.sim.activations import ACTIVATIONS, ELU_ALPHA, LEAKY_SLOPE, derivative, values

__all__ = ["ActivationNoise", "NOISE_ACTIVATIONS", "activation_noise"]

# The three the lecture's lines compare: ReLU (dies), Leaky ReLU (slope 0.01), ELU (saturates).
NOISE_ACTIVATIONS = ("relu", "leaky_relu", "elu")


@dataclass(frozen=True)
class ActivationNoise:
    """Per activation ``k`` and centre ``centres[j]``: ``out_mean[k, j]`` and ``out_std[k, j]``,
    the mean and standard deviation of ``f(centres[j] + sigma·z)`` over the ``n_noise`` samples
    ``z``; ``slope[k, j]`` is ``f'(centres[j])`` (the closed form, torch's at kinks). ``x`` and
    ``curves[k]`` are the activation drawn on a fine grid. ``noise_std`` is the samples' own
    standard deviation of ``sigma·z`` (what a linear unit of slope 1 would pass), ``noise_max``
    its largest sample (a centre below ``-noise_max`` has every noisy input below 0)."""

    names: tuple[str, ...]
    labels: tuple[str, ...]
    centres: np.ndarray
    out_mean: np.ndarray
    out_std: np.ndarray
    slope: np.ndarray
    x: np.ndarray
    curves: np.ndarray
    sigma: float
    noise_std: float
    n_noise: int
    noise_max: float
    alpha: float
    leaky_slope: float
    seed: int

    def table(self) -> dict[str, list]:
        return long_table(
            [{"activation": self.names}, {"centre": self.centres}],
            {"output_mean": self.out_mean, "output_std": self.out_std, "slope": self.slope},
        )


def activation_noise(
    sigma: float = 0.5,
    x_min: float = -8.0,
    points: int = 161,
    n_noise: int = 20_000,
    seed: int = 0,
) -> ActivationNoise:
    """ReLU, Leaky ReLU (slope 0.01) and ELU (α = 1) under Gaussian input noise of standard
    deviation ``sigma``, at ``points`` centres from ``x_min`` (< 0) to 0.

    Returns an :class:`ActivationNoise`; output means and standard deviations are in the
    activations' own units (those of x).
    """
    sigma = check_positive("sigma", sigma)
    x_min = check_finite("x_min", x_min)
    if x_min >= 0:
        raise ValueError(f"x_min must be below 0 (the centres run from x_min to 0), got {x_min!r}")
    points = check_int("points", points, 3)
    n_noise = check_int("n_noise", n_noise, 100)
    seed = check_seed(seed)
    centres = np.linspace(x_min, 0.0, points)
    noise = sigma * np.random.default_rng(seed).standard_normal(n_noise)
    xs = centres[:, None] + noise[None, :]
    names = NOISE_ACTIVATIONS
    mean = np.empty((len(names), points))
    std = np.empty((len(names), points))
    for k, name in enumerate(names):
        y = values(name, xs)
        mean[k] = y.mean(axis=1)
        std[k] = y.std(axis=1)
    grid = np.linspace(x_min - 1.0, 2.0, 601)
    return ActivationNoise(
        names=names,
        labels=tuple(ACTIVATIONS[n].label for n in names),
        centres=centres,
        out_mean=mean,
        out_std=std,
        slope=np.stack([derivative(n, centres) for n in names]),
        x=grid,
        curves=np.stack([values(n, grid) for n in names]),
        sigma=sigma,
        noise_std=float(noise.std()),
        noise_max=float(noise.max()),
        n_noise=n_noise,
        alpha=ELU_ALPHA,
        leaky_slope=LEAKY_SLOPE,
        seed=seed,
    )
