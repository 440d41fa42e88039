"""Checks on :mod:`vizdl.sim.dynamics` results (per-layer gradients during training)."""

from __future__ import annotations

import numpy as np

from vizdl.checks import Verdict, not_applicable, verdict

__all__ = [
    "runs_as_stated",
    "sigmoid_first_layer_learns_slower",
    "relu_first_layer_keeps_up",
    "xavier_narrows_sigmoids_gap",
    "relu_learns_sigmoid_does_not",
]

# "Slower": the first layer's gradient at most this share of the last one's, at every checkpoint.
SLOWER = 0.1
# "Keeps up": at least this share.
KEEPS_UP = 0.5


def _ratios(d: object, act: str) -> dict[str, np.ndarray]:
    """First-to-last hidden layer gradient ratio at every checkpoint, per run of ``act``."""
    g = np.asarray(d.grad_norm, dtype=float)
    return {f"{a}/{i}": g[k, :, 0] / g[k, :, -1] for k, (a, i) in enumerate(d.pairs) if a == act}


def runs_as_stated(d: object) -> Verdict:
    """Every run took epochs × ⌈images / batch⌉ updates (none diverged) and was measured at
    initialization and at every checkpoint. Measures the network's shape and the counts."""
    per_epoch = -(-int(d.n_train) // int(d.batch_size))
    g = np.asarray(d.grad_norm, dtype=float)
    return verdict(
        int(d.iterations[-1]) == per_epoch * int(d.epochs)
        and int(d.iterations[0]) == 0
        and not bool(np.any(d.diverged))
        and bool(np.all(np.isfinite(g))),
        depth=int(d.depth),
        width=int(d.width),
        total_updates=int(d.iterations[-1]),
        n_checkpoints=len(d.iterations),
        n_train=int(d.n_train),
        n_probe=int(d.n_probe),
    )


def sigmoid_first_layer_learns_slower(d: object) -> Verdict:
    """With sigmoid, the first hidden layer's gradient norm is at most :data:`SLOWER` of the last
    one's at every checkpoint of every run, initialization to the end. Measures the largest
    ratio seen (and its inverse: how many times smaller the first layer's gradient is at least)."""
    r = _ratios(d, "sigmoid")
    if not r:
        return not_applicable("no sigmoid network was trained")
    worst = max(float(np.max(v)) for v in r.values())
    return verdict(
        bool(np.all(np.isfinite(np.concatenate(list(r.values()))))) and worst <= SLOWER,
        sigmoid_max_ratio=worst,
        sigmoid_min_factor=1 / worst,
        slower_bound=SLOWER,
    )


def relu_first_layer_keeps_up(d: object) -> Verdict:
    """With ReLU, the first hidden layer's gradient norm is at least :data:`KEEPS_UP` of the last
    one's at every checkpoint of every run. Measures the smallest ratio seen."""
    r = _ratios(d, "relu")
    if not r:
        return not_applicable("no ReLU network was trained")
    least = min(float(np.min(v)) for v in r.values())
    return verdict(least >= KEEPS_UP, relu_min_ratio=least, keeps_up_bound=KEEPS_UP)


def xavier_narrows_sigmoids_gap(d: object) -> Verdict:
    """Sigmoid's first-to-last ratio (median over checkpoints) is larger with Xavier's normal
    weights than with PyTorch's default. Measures both medians."""
    r = _ratios(d, "sigmoid")
    if "sigmoid/torch-default" not in r or "sigmoid/xavier-normal" not in r:
        return not_applicable("needs sigmoid with both torch-default and xavier-normal")
    a = float(np.median(r["sigmoid/torch-default"]))
    b = float(np.median(r["sigmoid/xavier-normal"]))
    return verdict(b > a, sigmoid_default_ratio=a, sigmoid_xavier_ratio=b)


def relu_learns_sigmoid_does_not(d: object) -> Verdict:
    """After the last update every sigmoid network is below 20% probe accuracy (chance: 10%)
    and every ReLU network at least 20 points above the best sigmoid one. Measures the
    accuracies."""
    acc = np.asarray(d.probe_acc, dtype=float)[:, -1]
    sig = [acc[k] for k, (a, _) in enumerate(d.pairs) if a == "sigmoid"]
    rel = [acc[k] for k, (a, _) in enumerate(d.pairs) if a == "relu"]
    if not sig or not rel:
        return not_applicable("needs sigmoid and ReLU networks")
    return verdict(
        max(sig) < 0.2 and min(rel) >= max(sig) + 0.2,
        sigmoid_acc_max=float(max(sig)),
        relu_acc_min=float(min(rel)),
        relu_acc_max=float(max(rel)),
    )
