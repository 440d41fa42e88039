"""Samples per second of vizdl's training loop vs the lecture's DataLoader style, side by side.

Both train the lecture's 784-128-10 with Adam (lr 1e-3, batch 100) for one epoch over the same
60,000 Fashion-MNIST images, from the same initial weights, in this one process:

- lecture style: a per-sample ``Dataset`` that converts each image the way torchvision's
  ``FashionMNIST`` + ``transforms.ToTensor()`` do (uint8 array -> PIL image -> float tensor / 255),
  and a ``DataLoader(batch_size=100, shuffle=True)`` that collates the samples;
- vizdl: the whole split as one float tensor, each mini-batch an index into it
  (``vizdl.sim.training.train``).

Usage: python bench/bench_trainer.py [--epochs 1] [--rounds 2] [--device cpu]
Prints the epoch time and samples/s of each and the ratio (goal: >= 4x).
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch
from PIL import Image
from torch.utils.data import DataLoader, Dataset

from vizdl.sim.data import load
from vizdl.sim.splits import make_splits
from vizdl.sim.training import build_model, resolve_device, train


class LectureFashionMNIST(Dataset):
    """What ``torchvision.datasets.FashionMNIST(transform=ToTensor())`` does per sample."""

    def __init__(self, images: np.ndarray, labels: np.ndarray) -> None:
        # torchvision keeps the IDX data as uint8 tensors
        self.images, self.labels = torch.from_numpy(images), torch.from_numpy(labels)

    def __len__(self) -> int:
        return len(self.labels)

    def __getitem__(self, i: int) -> tuple[torch.Tensor, int]:
        # torchvision.datasets.MNIST.__getitem__ ...
        img, target = self.images[i], int(self.labels[i])
        pic = Image.fromarray(img.numpy(), mode="L")
        # ... then transforms.ToTensor() (torchvision.transforms.functional.to_tensor, mode "L")
        x = torch.from_numpy(np.array(pic, np.uint8, copy=True))
        x = x.view(pic.size[1], pic.size[0], 1).permute((2, 0, 1)).contiguous()
        return x.to(dtype=torch.get_default_dtype()).div(255), target


def lecture_epoch(device: torch.device, seed: int) -> float:
    ds = load("train")
    loader = DataLoader(
        LectureFashionMNIST(ds.images, ds.labels),
        batch_size=100,
        shuffle=True,
        generator=torch.Generator().manual_seed(seed),
    )
    model = build_model(seed=seed).to(device)
    loss_func = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    t0 = time.perf_counter()
    correct = 0
    for images, labels in loader:
        images, labels = images.to(device), labels.to(device)
        outputs = model(images.view(-1, 28 * 28))
        loss = loss_func(outputs, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        correct += int((outputs.argmax(1) == labels).sum())
    if device.type == "cuda":
        torch.cuda.synchronize()
    return time.perf_counter() - t0


def lecture_batches(seed: int) -> float:
    """Only the data pipeline of the lecture style: every mini-batch of one epoch, no model."""
    ds = load("train")
    loader = DataLoader(
        LectureFashionMNIST(ds.images, ds.labels),
        batch_size=100,
        shuffle=True,
        generator=torch.Generator().manual_seed(seed),
    )
    t0 = time.perf_counter()
    for images, _labels in loader:
        images.view(-1, 28 * 28)
    return time.perf_counter() - t0


def vizdl_batches(seed: int, splits) -> float:
    """Only vizdl's data path: a permutation and an index per mini-batch."""
    x, y = splits.x_train, splits.y_train
    t0 = time.perf_counter()
    perm = torch.randperm(len(y), generator=torch.Generator().manual_seed(seed))
    for i in range(0, len(y), 100):
        idx = perm[i : i + 100]
        x[idx], y[idx]
    return time.perf_counter() - t0


def vizdl_epoch(device: torch.device, seed: int, splits, fused: bool = True) -> float:
    hyper = {} if fused else {"fused": False}  # vizdl asks torch for the fused Adam by default
    r = train(epochs=1, seed=seed, splits=splits, device=device.type, hyper=hyper)
    return float(r.epoch_seconds[0])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=2, help="alternating rounds of each (median)")
    ap.add_argument("--device", default="cpu", help="auto, cpu or cuda")
    args = ap.parse_args()
    device = resolve_device(args.device)
    splits = make_splits("standard")
    n = len(splits.y_train)
    lec, ours = [], []
    for k in range(args.rounds):
        lec.append(lecture_epoch(device, k))
        ours.append(vizdl_epoch(device, k, splits))
        print(f"round {k + 1}: lecture style {lec[-1]:.2f} s/epoch, vizdl {ours[-1]:.2f} s/epoch")
    t_lec, t_ours = float(np.median(lec)), float(np.median(ours))
    print(
        f"device {device}, torch {torch.__version__}, {torch.get_num_threads()} threads, "
        f"{n:,} samples per epoch, batch 100, 784-128-10, Adam"
    )
    print(f"lecture style (Dataset + DataLoader): {t_lec:.2f} s/epoch = {n / t_lec:,.0f} samples/s")
    print(
        f"vizdl (one tensor, index batches):    {t_ours:.2f} s/epoch = {n / t_ours:,.0f} samples/s"
    )
    print(f"ratio (whole training epoch): {t_lec / t_ours:.1f}x (goal >= 4x)")
    t_plain = float(
        np.median([vizdl_epoch(device, k, splits, fused=False) for k in range(args.rounds)])
    )
    print(
        f"vizdl with the same unfused Adam as the lecture: {t_plain:.2f} s/epoch, ratio "
        f"{t_lec / t_plain:.1f}x (the data path alone)"
    )
    d_lec = float(np.median([lecture_batches(k) for k in range(args.rounds)]))
    d_ours = float(np.median([vizdl_batches(k, splits) for k in range(args.rounds)]))
    print(
        f"data pipeline alone: lecture style {d_lec:.3f} s/epoch, vizdl {d_ours:.4f} s/epoch, "
        f"ratio {d_lec / d_ours:.0f}x"
    )
    print(
        f"model compute share of vizdl's epoch: {(t_ours - d_ours) / t_ours:.0%} (the rest of "
        "the lecture style's time is the per-sample pipeline)"
    )


if __name__ == "__main__":
    main()
