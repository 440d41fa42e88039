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
from vizdl.sim.training import build_model, make_splits, resolve_device, train


class LectureFashionMNIST(Dataset):
    """What ``torchvision.datasets.FashionMNIST(transform=ToTensor())`` does per sample."""

    def __init__(self, images: np.ndarray, labels: np.ndarray) -> None:
        self.images, self.labels = images, labels

    def __len__(self) -> int:
        return len(self.labels)

    def __getitem__(self, i: int) -> tuple[torch.Tensor, int]:
        img = Image.fromarray(self.images[i], mode="L")
        x = torch.from_numpy(np.asarray(img, dtype=np.float32) / 255.0).unsqueeze(0)
        return x, int(self.labels[i])


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


def vizdl_epoch(device: torch.device, seed: int, splits) -> float:
    r = train(epochs=1, seed=seed, splits=splits, device=device.type)
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
    print(f"ratio: {t_lec / t_ours:.1f}x (goal >= 4x)")


if __name__ == "__main__":
    main()
