"""Depth at fixed parameter counts: the lecture's figures 6.6/6.7 (Goodfellow et al. 2014) in
spirit, for fully connected ReLU networks on Fashion-MNIST.

Every depth is trained at every parameter budget (the width solved so that the count is the
nearest to the budget), with Adam and early stopping on validation accuracy, on a 70/15/15 split
of a seeded Fashion-MNIST subset; the test images are evaluated once, with the weights of the
best validation epoch. The training loop is :func:`vizdl.sim.approximation._train_depths` (the
depth-vs-width entry's), fed every (depth, budget) network at once.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from vizdl.sim._checks import check_int, check_positive
from vizdl.sim._tables import long_table
from vizdl.sim._threads import one_thread
from vizdl.sim.approximation import _count, _train_depths, width_for

__all__ = ["DepthParams", "depth_at_fixed_parameters", "nearest_width", "SPLIT_FRACTIONS"]

#: train / validation / test shares of the subset
SPLIT_FRACTIONS = (0.70, 0.15, 0.15)


def nearest_width(depth: int, budget: int) -> int:
    """The width whose depth-``depth`` MLP (784 → width × depth → 10) has the parameter count
    nearest to ``budget`` (the smaller width on a tie)."""
    w = width_for(depth, budget)  # the largest that fits
    return w if budget - _count(depth, w) <= _count(depth, w + 1) - budget else w + 1


@dataclass(frozen=True)
class DepthParams:
    """Per depth ``depths[i]`` and budget ``budgets[j]``: ``widths[i, j]`` and ``params[i, j]``;
    per depth, budget and seed: ``test_acc`` and ``train_acc`` of the kept weights (those of
    the best validation epoch), ``val_acc`` (that best), ``best_epoch`` (1-based) and
    ``stop_epoch`` (the last epoch run); ``val_curve[i, j, seed, epoch]`` the validation accuracy
    after each epoch (NaN after the stop)."""

    depths: np.ndarray
    budgets: np.ndarray
    widths: np.ndarray
    params: np.ndarray
    n_images: int
    n_train: int
    n_val: int
    n_test: int
    max_epochs: int
    patience: int
    batch_size: int
    lr: float
    seeds: np.ndarray
    test_acc: np.ndarray
    train_acc: np.ndarray
    val_acc: np.ndarray
    best_epoch: np.ndarray
    stop_epoch: np.ndarray
    val_curve: np.ndarray
    seconds: float  # wall time of the training

    def table(self) -> dict[str, list]:
        acc = self.test_acc
        return long_table(
            [{"depth": self.depths}, {"budget": self.budgets}],
            {
                "width": self.widths,
                "parameters": self.params,
                "test_acc_mean": acc.mean(axis=2),
                "test_acc_min": acc.min(axis=2),
                "test_acc_max": acc.max(axis=2),
                "train_acc_mean": self.train_acc.mean(axis=2),
                "best_epoch_mean": self.best_epoch.mean(axis=2),
            },
        )


def _subset(n_images: int, seed: int):
    """A seeded subset of ``n_images`` of Fashion-MNIST's 70,000, split 70/15/15."""
    from vizdl.sim.splits import Splits, make_splits

    sp = make_splits("lecture", seed=seed)  # all 70,000 shuffled once, then 70/15/15
    a, b = (round(f * n_images) for f in SPLIT_FRACTIONS[:2])
    c = n_images - a - b
    # the first a / b / c of each part of one shuffle: a random subset, split 70/15/15
    return Splits(
        sp.x_train[:a],
        sp.y_train[:a],
        sp.x_val[:b],
        sp.y_val[:b],
        sp.x_test[:c],
        sp.y_test[:c],
        sp.source,
    )


def depth_at_fixed_parameters(
    max_depth: int = 4,
    smallest_budget: int = 25_000,
    n_budgets: int = 3,
    n_images: int = 10_000,
    max_epochs: int = 100,
    patience: int = 10,
    batch_size: int = 200,
    lr: float = 2e-3,
    n_seeds: int = 2,
) -> DepthParams:
    """Test accuracy of ReLU MLPs with 1 … ``max_depth`` hidden layers, each at ``n_budgets``
    parameter budgets (``smallest_budget``, doubling), each trained by Adam (``lr``,
    mini-batches of ``batch_size``) on 70% of a seeded ``n_images`` subset until its accuracy on
    the next 15% had not improved for ``patience`` epochs (at most ``max_epochs``); the last 15%
    are tested once, with the best epoch's weights. Seeds 0 … ``n_seeds`` − 1 (each draws the
    subset, the batches and the initial weights). One torch thread."""
    max_depth = check_int("max_depth", max_depth, 2)
    smallest_budget = check_int("smallest_budget", smallest_budget, 20_000)
    n_budgets = check_int("n_budgets", n_budgets, 2)
    n_images = check_int("n_images", n_images, 2000)
    if n_images > 70_000:
        raise ValueError(f"n_images must be at most Fashion-MNIST's 70,000, got {n_images}")
    max_epochs = check_int("max_epochs", max_epochs, 1)
    patience = check_int("patience", patience, 1)
    batch_size = check_int("batch_size", batch_size, 1)
    lr = check_positive("lr", lr)
    n_seeds = check_int("n_seeds", n_seeds, 2)
    depths = tuple(range(1, max_depth + 1))
    budgets = tuple(smallest_budget * 2**k for k in range(n_budgets))
    seeds = tuple(range(n_seeds))
    widths = np.array([[nearest_width(d, b) for b in budgets] for d in depths])
    params = np.array(
        [[_count(d, int(w)) for w in row] for d, row in zip(depths, widths, strict=True)]
    )
    runs = [(i, j) for j in range(len(budgets)) for i in range(len(depths))]
    t0 = time.perf_counter()
    with one_thread():
        sps = [_subset(n_images, s) for s in seeds]
        err = _train_depths(
            tuple(depths[i] for i, _ in runs),
            np.array([widths[i, j] for i, j in runs]),
            sps,
            seeds,
            max_epochs,
            patience,
            batch_size,
            lr,
        )
    seconds = time.perf_counter() - t0
    test, train, val, best, stop, curves = err
    shape = (len(depths), len(budgets), len(seeds))

    def grid(a: np.ndarray) -> np.ndarray:
        out = np.empty(shape + a.shape[2:], dtype=a.dtype)
        for k, (i, j) in enumerate(runs):
            out[i, j] = a[k]
        return out

    return DepthParams(
        depths=np.array(depths),
        budgets=np.array(budgets),
        widths=widths,
        params=params,
        n_images=n_images,
        n_train=len(sps[0].y_train),
        n_val=len(sps[0].y_val),
        n_test=len(sps[0].y_test),
        max_epochs=max_epochs,
        patience=patience,
        batch_size=batch_size,
        lr=lr,
        seeds=np.array(seeds),
        test_acc=1.0 - grid(test),
        train_acc=1.0 - grid(train),
        val_acc=1.0 - grid(val),
        best_epoch=grid(best),
        stop_epoch=grid(stop),
        val_curve=1.0 - grid(curves),
        seconds=seconds,
    )
