"""Train / validation / test splits of the real Fashion-MNIST IDX files.

Used by the trainer (:mod:`vizdl.sim.training`) and by every computation that trains or
evaluates on real images (dying ReLU, depth vs width), so it sits below all of them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import torch

from vizdl.sim import data as fmnist
from vizdl.sim._checks import SettingError, check_choice, check_int, check_seed
from vizdl.sim._checks import setting as _setting

__all__ = ["SPLITS", "Splits", "make_splits"]

SPLITS = ("standard", "lecture")


@dataclass(frozen=True)
class Splits:
    """Float32 images in [0, 1] as rows of 784, int64 labels, for train/val/test."""

    x_train: torch.Tensor
    y_train: torch.Tensor
    x_val: torch.Tensor
    y_val: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor
    source: str


def _rows(images: np.ndarray) -> torch.Tensor:
    # the lecture's transforms.ToTensor(): uint8 -> float in [0, 1]; then .view(-1, 28*28)
    return torch.from_numpy(images.reshape(len(images), 28 * 28).astype(np.float32) / 255.0)


def make_splits(
    split: str = "standard",
    val_size: int = 0,
    limit: int = 0,
    seed: int = 0,
    data_dir: str | os.PathLike | None = None,
) -> Splits:
    """Train/val/test from the real IDX files.

    ``standard``: the official 60,000 / 10,000, with ``val_size`` examples of the 60,000 held out
    for validation after one seeded shuffle. ``lecture``: all 70,000 shuffled once, then 70/15/15
    (49,000 / 10,500 / 10,500). ``limit`` > 0 keeps that many training examples (tests, CI).
    """
    with _setting("split"):
        check_choice("split", split, SPLITS)
    with _setting("val_size"):
        val_size = check_int("val_size", val_size, 0)
    with _setting("limit"):
        limit = check_int("limit", limit, 0)
    with _setting("seed"):
        seed = check_seed(seed)
    tr, te = fmnist.load("train", data_dir), fmnist.load("test", data_dir)
    rng = np.random.default_rng(seed)
    if split == "standard":
        if val_size >= len(tr.labels):
            raise SettingError(
                "val_size",
                f"val_size must be below the {len(tr.labels)} training images in "
                f"{tr.source!r} (some must be left to train on), got {val_size}",
            )
        perm = rng.permutation(len(tr.labels))
        tr_idx, va_idx = perm[val_size:], perm[:val_size]
        x_tr, y_tr = tr.images[tr_idx], tr.labels[tr_idx]
        x_va, y_va = tr.images[va_idx], tr.labels[va_idx]
        x_te, y_te = te.images, te.labels
    else:
        x_all = np.concatenate([tr.images, te.images])
        y_all = np.concatenate([tr.labels, te.labels])
        perm = rng.permutation(len(y_all))  # "shuffle all of the data once before the split"
        n = len(perm)
        a, b = int(round(0.70 * n)), int(round(0.85 * n))
        x_tr, y_tr = x_all[perm[:a]], y_all[perm[:a]]
        x_va, y_va = x_all[perm[a:b]], y_all[perm[a:b]]
        x_te, y_te = x_all[perm[b:]], y_all[perm[b:]]
    if limit:
        x_tr, y_tr = x_tr[:limit], y_tr[:limit]
    return Splits(
        x_train=_rows(x_tr),
        y_train=torch.from_numpy(y_tr),
        x_val=_rows(x_va),
        y_val=torch.from_numpy(y_va),
        x_test=_rows(x_te),
        y_test=torch.from_numpy(y_te),
        source=tr.source,
    )
