"""Adagrad's motivation, sparse features: per-parameter learning rates on a linear model where
some features are rare.

A least-squares linear model ``y = x·w* + noise`` with ``w* = 1`` for every feature; ``d_common``
features are on (x = 1) in a share ``p_common`` of the examples, ``d_rare`` in ``p_rare``. Both
optimizers are ``torch.optim``'s (SGD and Adagrad), fed the same stream of mini-batches from
``w = 0``, each at the learning rate of a log-spaced grid with the lowest mean training loss over
its last 10% of steps. Adagrad's effective learning rate of parameter ``i`` after step ``t`` is
``η / (√G_t,ii + ε)``, read from torch's own state (``state["sum"]``); SGD's is ``η`` for all.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import torch

from vizdl.sim._checks import check_int, check_positive
from vizdl.sim._tables import columns
from vizdl.sim._threads import one_thread

__all__ = ["SPARSE_OPTIMIZERS", "SparseFeatures", "sparse_features"]

SPARSE_OPTIMIZERS = ("SGD", "Adagrad")
_TORCH = {"SGD": torch.optim.SGD, "Adagrad": torch.optim.Adagrad}
_GRIDS = {"SGD": np.geomspace(0.01, 1.0, 9), "Adagrad": np.geomspace(0.01, 3.0, 11)}


@dataclass(frozen=True)
class SparseFeatures:
    """Per optimizer ``k`` (``labels[k]``, at ``lrs[k]``): ``error[k, t, g]`` the RMS distance of
    group ``g``'s weights (0: common, 1: rare) to w* after ``t`` steps, ``eff_lr[k, t, i]`` each
    parameter's effective learning rate at step ``t + 1``, ``loss[k, t]`` the mini-batch loss.
    ``grid`` / ``grid_loss[k]`` the tuning (NaN: diverged). ``on_share[i]`` how often feature
    ``i`` was on in the examples drawn; ``rare`` marks the rare features."""

    labels: tuple[str, ...]
    lrs: np.ndarray
    grid: np.ndarray
    grid_loss: np.ndarray
    error: np.ndarray
    eff_lr: np.ndarray
    loss: np.ndarray
    on_share: np.ndarray
    rare: np.ndarray
    p_common: float
    p_rare: float
    steps: int
    batch_size: int
    noise: float
    seconds: float

    def table(self) -> dict[str, list]:
        """One row per optimizer and feature group: η, the final error and effective rate."""
        rows = [(k, g) for k in range(len(self.labels)) for g in (0, 1)]
        mask = [~self.rare, self.rare]
        return columns(
            {
                "optimizer": [self.labels[k] for k, _ in rows],
                "features": ["common" if g == 0 else "rare" for _, g in rows],
                "lr": [self.lrs[k] for k, _ in rows],
                "final_error": [self.error[k, -1, g] for k, g in rows],
                "final_effective_lr": [self.eff_lr[k, -1, mask[g]].mean() for k, g in rows],
            }
        )


def _stream(d_common, d_rare, p_common, p_rare, steps, batch, noise, seed):
    rng = np.random.default_rng(seed)
    p = np.r_[np.full(d_common, p_common), np.full(d_rare, p_rare)]
    x = (rng.random((steps, batch, len(p))) < p).astype(np.float64)
    y = x.sum(axis=2) + noise * rng.standard_normal((steps, batch))  # w* = 1
    return x, y


def _run(name: str, lr: float, x: np.ndarray, y: np.ndarray, rare: np.ndarray):
    steps, _, d = x.shape
    w = torch.zeros(d, dtype=torch.float64, requires_grad=True)
    opt = _TORCH[name]([w], lr=lr)
    err = np.full((steps + 1, 2), np.nan)
    eff = np.full((steps, d), np.nan)
    loss = np.full(steps, np.nan)
    e = -np.ones(d)
    err[0] = [np.sqrt(np.mean(e[~rare] ** 2)), np.sqrt(np.mean(e[rare] ** 2))]
    for t in range(steps):
        xb, yb = torch.from_numpy(x[t]), torch.from_numpy(y[t])
        batch_loss = 0.5 * ((xb @ w - yb) ** 2).mean()
        opt.zero_grad()
        batch_loss.backward()
        opt.step()
        loss[t] = float(batch_loss.detach())
        if not np.isfinite(loss[t]) or not torch.isfinite(w).all():
            break
        if name == "Adagrad":  # torch: w -= lr · g / (√sum + eps)
            eps = opt.param_groups[0]["eps"]
            eff[t] = lr / (np.sqrt(opt.state[w]["sum"].numpy()) + eps)
        else:
            eff[t] = lr
        e = w.detach().numpy() - 1.0
        err[t + 1] = [np.sqrt(np.mean(e[~rare] ** 2)), np.sqrt(np.mean(e[rare] ** 2))]
    return err, eff, loss


def sparse_features(
    d_common: int = 10,
    d_rare: int = 10,
    p_common: float = 0.5,
    p_rare: float = 0.02,
    steps: int = 1500,
    batch_size: int = 10,
    noise: float = 0.1,
    seed: int = 0,
) -> SparseFeatures:
    """SGD and Adagrad on the sparse linear model (see the module), each at its best grid rate.
    Returns a :class:`SparseFeatures`."""
    t0 = time.perf_counter()
    d_common, d_rare = check_int("d_common", d_common, 1), check_int("d_rare", d_rare, 1)
    steps, batch_size = check_int("steps", steps, 20), check_int("batch_size", batch_size, 1)
    check_positive("noise", noise)
    for name, p in (("p_common", p_common), ("p_rare", p_rare)):
        if not 0.0 < p <= 1.0:
            raise ValueError(f"{name} must be in (0, 1], got {p!r}")
    if p_rare >= p_common:
        raise ValueError(
            f"p_rare must be below p_common (rare features), got {p_rare} ≥ {p_common}"
        )
    x, y = _stream(d_common, d_rare, p_common, p_rare, steps, batch_size, noise, seed)
    rare = np.r_[np.zeros(d_common, bool), np.ones(d_rare, bool)]
    tail = max(1, steps // 10)
    lrs, grid_loss, error, eff, loss = [], [], [], [], []
    with one_thread():  # tiny tensors; and the same numbers on any machine (vizdl.sim._threads)
        for name in SPARSE_OPTIMIZERS:
            runs = [_run(name, float(lr), x, y, rare) for lr in _GRIDS[name]]
            finals = np.array([np.mean(r[2][-tail:]) for r in runs])  # NaN: diverged
            best = int(np.nanargmin(finals))
            lrs.append(float(_GRIDS[name][best]))
            grid_loss.append(finals)
            error.append(runs[best][0])
            eff.append(runs[best][1])
            loss.append(runs[best][2])
    width = max(len(g) for g in _GRIDS.values())
    pad = np.full((len(SPARSE_OPTIMIZERS), width), np.nan)
    grid = pad.copy()
    for k, name in enumerate(SPARSE_OPTIMIZERS):
        grid[k, : len(_GRIDS[name])] = _GRIDS[name]
        pad[k, : len(_GRIDS[name])] = grid_loss[k]
    return SparseFeatures(
        labels=SPARSE_OPTIMIZERS,
        lrs=np.array(lrs),
        grid=grid,
        grid_loss=pad,
        error=np.array(error),
        eff_lr=np.array(eff),
        loss=np.array(loss),
        on_share=x.mean(axis=(0, 1)),
        rare=rare,
        p_common=float(p_common),
        p_rare=float(p_rare),
        steps=steps,
        batch_size=batch_size,
        noise=float(noise),
        seconds=time.perf_counter() - t0,
    )
