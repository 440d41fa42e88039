"""Stochastic, mini-batch and batch gradient descent on one least-squares line fit."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vizdl.sim._checks import check_int, check_positive
from vizdl.sim.optimizers.rules import Trajectory, trajectory

__all__ = [
    "BatchPaths",
    "batch_paths",
]


@dataclass(frozen=True)
class BatchPaths:
    """Gradient descent on a least-squares line fit ``J(w, b) = ½·mean((w·xᵢ + b − yᵢ)²)``.

    ``paths[k]`` is the :class:`Trajectory` for batch size ``batch_sizes[k]`` (the data reshuffled
    every epoch, seeded); ``batch_grads[k]`` ``(steps, 2)`` the mini-batch gradient each step used
    and ``full_grads[k]`` ``(steps, 2)`` the true (full-data) gradient at the same point. ``X, Y, Z``
    are the exact loss on a grid, ``optimum`` the least-squares solution (normal equations).
    """

    x: np.ndarray
    y: np.ndarray
    batch_sizes: tuple[int, ...]
    paths: tuple[Trajectory, ...]
    batch_grads: tuple[np.ndarray, ...]
    full_grads: tuple[np.ndarray, ...]
    lr: float
    optimum: np.ndarray
    X: np.ndarray
    Y: np.ndarray
    Z: np.ndarray
    levels: np.ndarray
    domain: np.ndarray


def _lsq_grad(x: np.ndarray, y: np.ndarray, params: np.ndarray) -> np.ndarray:
    """Gradient of ½·mean((w·x + b − y)²) for each row ``(w, b)`` of ``params``."""
    r = params[:, :1] * x[None, :] + params[:, 1:2] - y[None, :]
    return np.stack([(r * x[None, :]).mean(axis=1), r.mean(axis=1)], axis=1)


def batch_paths(
    n: int = 200,
    batch_sizes: tuple[int, ...] = (1, 10, 50, 200),
    lr: float = 0.3,
    steps: int = 100,
    true_w: float = 2.0,
    true_b: float = -1.0,
    noise: float = 0.5,
    x_mean: float = 1.0,
    x_std: float = 0.8,
    start: tuple[float, float] = (-1.5, 2.0),
    seed: int = 0,
    resolution: int = 160,
) -> BatchPaths:
    """SGD with batch size 1 (stochastic), mini-batches and the full data (batch) on one problem.

    Returns a :class:`BatchPaths`; every run takes ``steps`` updates of ``torch.optim.SGD``'s rule.
    """
    n = check_int("n", n, 2)
    steps = check_int("steps", steps, 1)
    check_positive("lr", lr)
    for bs in batch_sizes:
        if check_int("batch size", bs, 1) > n:
            raise ValueError(f"batch size {bs} is larger than the data set (n = {n})")
    rng = np.random.default_rng(seed)
    x = x_mean + x_std * rng.standard_normal(n)
    y = true_w * x + true_b + noise * rng.standard_normal(n)
    design = np.column_stack([x, np.ones(n)])
    optimum = np.linalg.solve(design.T @ design, design.T @ y)
    x0 = np.array([start], dtype=np.float64)
    paths, bgrads, fgrads = [], [], []
    for bs in batch_sizes:
        order = np.concatenate([rng.permutation(n) for _ in range(steps * bs // n + 2)])
        batches = iter(order[i * bs : (i + 1) * bs] for i in range(steps))
        used: list[np.ndarray] = []
        full: list[np.ndarray] = []

        def grad(p: np.ndarray, batches=batches, used=used, full=full) -> np.ndarray:
            idx = next(batches)
            g = _lsq_grad(x[idx], y[idx], p)
            used.append(g[0])
            full.append(_lsq_grad(x, y, p)[0])
            return g

        loss = lambda p: 0.5 * ((p[:, :1] * x[None, :] + p[:, 1:2] - y[None, :]) ** 2).mean(axis=1)  # noqa: E731
        paths.append(trajectory("sgd", grad, x0, steps, loss=loss, lr=lr))
        bgrads.append(np.array(used))
        fgrads.append(np.array(full))
    domain = np.array([[optimum[0] - 4.5, optimum[0] + 4.5], [optimum[1] - 3.5, optimum[1] + 3.5]])
    ws = np.linspace(*domain[0], check_int("resolution", resolution, 10))
    bs_ = np.linspace(*domain[1], resolution)
    gw, gb = np.meshgrid(ws, bs_)
    flat = np.column_stack([gw.ravel(), gb.ravel()])
    z = (0.5 * ((flat[:, :1] * x[None, :] + flat[:, 1:2] - y[None, :]) ** 2).mean(axis=1)).reshape(
        gw.shape
    )
    zmin = float(0.5 * np.mean((design @ optimum - y) ** 2))
    levels = zmin + np.geomspace(1e-3, float(z.max()) - zmin, 14)
    return BatchPaths(
        x=x,
        y=y,
        batch_sizes=tuple(batch_sizes),
        paths=tuple(paths),
        batch_grads=tuple(bgrads),
        full_grads=tuple(fgrads),
        lr=float(lr),
        optimum=optimum,
        X=gw,
        Y=gb,
        Z=z,
        levels=levels,
        domain=domain,
    )
