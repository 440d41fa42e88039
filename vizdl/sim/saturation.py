"""Glorot & Bengio (2010)'s view over training: each hidden layer's activations (mean and the
band holding 98% of them) at checkpoints of a real SGD run, for a sigmoid network with the
paper's "standard" initialization, the same network with its "normalized" (Xavier)
initialization, and a tanh network.

The setting follows the paper's Section 3: 4 hidden layers of 300 units, weights
U[−1/√n_in, 1/√n_in] ("standard") or U[±√6/√(n_in + n_out)] ("normalized"), biases 0, plain SGD
with batches of 10, on Fashion-MNIST (pixels in [0, 1]) instead of the paper's Shapeset. At each
checkpoint a fixed probe batch of held-out images passes through the network (no update taken)
and every hidden layer's activations over all its units and probe images are summarized.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
import torch

from vizdl.sim._checks import check_int, check_positive, check_seed
from vizdl.sim._tables import long_table
from vizdl.sim._threads import one_thread
from vizdl.sim.splits import make_splits

__all__ = ["INITS", "RUNS", "Saturation", "init_bound", "saturation"]

# The paper's two uniform initializations: name -> the bound a of U[−a, a] for (n_in, n_out).
INITS = {
    "standard": lambda n_in, n_out: 1.0 / math.sqrt(n_in),
    "normalized": lambda n_in, n_out: math.sqrt(6.0 / (n_in + n_out)),
}
# The runs, in order: the paper's Figure 2 network first (it alone trains for ``updates``).
RUNS = (("sigmoid", "standard"), ("sigmoid", "normalized"), ("tanh", "standard"))
_ACT = {"sigmoid": torch.sigmoid, "tanh": torch.tanh}
# a unit is saturated within 0.01 of a bound (as vizdl.sim.initialization.saturated_fraction)
_BOUNDS = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}
MARGIN = 0.01
# the band drawn around each mean: these percentiles of the layer's values (98% between them)
BAND = (1.0, 99.0)


def init_bound(init: str, n_in: int, n_out: int) -> float:
    """The bound a of the uniform U[−a, a] that initialization ``init`` draws a layer's weights
    from."""
    if init not in INITS:
        raise ValueError(f"unknown initialization {init!r}; allowed: {', '.join(INITS)}")
    return INITS[init](n_in, n_out)


@dataclass(frozen=True)
class Saturation:
    """Per run ``k`` (``runs[k]`` = (activation, initialization)), checkpoint ``c`` (after
    ``iterations[c]`` SGD updates; 0 = at initialization) and hidden layer ``l`` (0 = nearest the
    input): ``act_mean[k, c, l]``, ``act_std``, ``act_lo`` / ``act_hi`` (the 1st and 99th
    percentiles: 98% of the values lie between them) and ``saturated`` (the share within 0.01 of
    a bound) of the layer's activations over every unit and probe image; ``probe_loss[k, c]``
    (cross-entropy) and ``probe_acc[k, c]``. A run stops after ``run_updates[k]`` updates; its
    later checkpoints are NaN. ``w_max[k, l]``: the largest |weight| of layer ``l`` (the output
    layer last) at initialization, ``w_bound[k, l]`` the bound it was drawn under, and
    ``b_max[k]`` the largest |bias| of any layer at initialization."""

    runs: tuple[tuple[str, str], ...]
    width: int
    depth: int
    lr: float
    batch_size: int
    n_train: int
    n_probe: int
    run_updates: np.ndarray
    iterations: np.ndarray
    act_mean: np.ndarray
    act_std: np.ndarray
    act_lo: np.ndarray
    act_hi: np.ndarray
    saturated: np.ndarray
    probe_loss: np.ndarray
    probe_acc: np.ndarray
    w_max: np.ndarray
    w_bound: np.ndarray
    b_max: np.ndarray
    diverged: np.ndarray
    seconds: float

    def table(self) -> dict[str, list]:
        runs = {
            "activation": [a for a, _ in self.runs],
            "initialization": [i for _, i in self.runs],
        }
        return long_table(
            [runs, {"iteration": self.iterations}, {"layer": range(1, self.depth + 1)}],
            {
                "act_mean": self.act_mean,
                "act_std": self.act_std,
                "act_p01": self.act_lo,
                "act_p99": self.act_hi,
                "saturated": self.saturated,
            },
        )


def _layers(
    init: str, sizes: list[int], gen: torch.Generator
) -> list[tuple[torch.Tensor, torch.Tensor]]:
    out = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:], strict=True):
        a = init_bound(init, n_in, n_out)
        w = (2.0 * torch.rand((n_out, n_in), generator=gen) - 1.0) * a
        out.append((w.requires_grad_(), torch.zeros(n_out, requires_grad=True)))
    return out


def _forward(
    layers: list[tuple[torch.Tensor, torch.Tensor]], act: str, x: torch.Tensor
) -> tuple[torch.Tensor, list[torch.Tensor]]:
    """Logits and every hidden layer's activations."""
    f = _ACT[act]
    hidden = []
    h = x
    for w, b in layers[:-1]:
        h = f(torch.nn.functional.linear(h, w, b))
        hidden.append(h)
    w, b = layers[-1]
    return torch.nn.functional.linear(h, w, b), hidden


def saturation(
    updates: int = 30_000,
    compare_updates: int = 6_000,
    every: int = 300,
    width: int = 300,
    depth: int = 4,
    lr: float = 0.1,
    batch_size: int = 10,
    n_probe: int = 300,
    limit: int = 0,
    seed: int = 0,
) -> Saturation:
    """Train each of :data:`RUNS` with plain SGD (``lr``, batches of ``batch_size``, the same
    images in the same order for every run, reshuffled each pass) from its own initialization
    (the same random draws, scaled by each bound) and measure it on ``n_probe`` held-out images
    every ``every`` updates. The first run takes ``updates`` updates, the others
    ``compare_updates`` (at most ``updates``). ``limit`` > 0 trains on that many images only
    (0: every training image left after the probe's). Float32, one thread. Returns a
    :class:`Saturation`."""
    t0 = time.perf_counter()
    updates = check_int("updates", updates, 1)
    compare_updates = check_int("compare_updates", compare_updates, 1)
    if compare_updates > updates:
        raise ValueError(
            f"compare_updates must be at most updates ({updates}), got {compare_updates}"
        )
    every = check_int("every", every, 1)
    if every > compare_updates:
        raise ValueError(
            f"every must be at most compare_updates ({compare_updates}): each run needs a "
            f"checkpoint after initialization; got {every}"
        )
    width, depth = check_int("width", width, 1), check_int("depth", depth, 1)
    batch_size = check_int("batch_size", batch_size, 1)
    n_probe, limit = check_int("n_probe", n_probe, 1), check_int("limit", limit, 0)
    check_positive("lr", lr)
    seed = check_seed(seed)
    if limit and limit < batch_size:
        raise ValueError(f"limit must be 0 (every image) or at least batch_size, got {limit}")
    sp = make_splits("standard", n_probe, limit, seed)
    x_tr, y_tr, x_pr, y_pr = sp.x_train, sp.y_train, sp.x_val, sp.y_val
    n = len(y_tr)
    if n < batch_size:
        raise ValueError(f"batch_size must be at most the {n} training images, got {batch_size}")
    marks = np.unique(np.r_[np.arange(0, updates + 1, every), compare_updates, updates])
    run_updates = np.array([updates] + [compare_updates] * (len(RUNS) - 1))
    shape = (len(RUNS), len(marks), depth)
    out = {k: np.full(shape, np.nan) for k in ("mean", "std", "lo", "hi", "sat")}
    probe_loss = np.full(shape[:2], np.nan)
    probe_acc = np.full(shape[:2], np.nan)
    sizes = [x_tr.shape[1]] + [width] * depth + [10]
    w_max = np.zeros((len(RUNS), depth + 1))
    w_bound = np.zeros((len(RUNS), depth + 1))
    b_max = np.zeros(len(RUNS))
    diverged = np.zeros(len(RUNS), dtype=bool)
    per_pass = n // batch_size  # whole batches only; each pass is a fresh shuffle
    # one thread: the numbers must not depend on the core count (vizdl.sim._threads)
    with one_thread():
        for k, (act, init) in enumerate(RUNS):
            layers = _layers(init, sizes, torch.Generator().manual_seed(seed))
            w_max[k] = [float(w.detach().abs().max()) for w, _ in layers]
            b_max[k] = max(float(b.detach().abs().max()) for _, b in layers)
            w_bound[k] = [
                init_bound(init, a, b) for a, b in zip(sizes[:-1], sizes[1:], strict=True)
            ]
            opt = torch.optim.SGD([p for wb in layers for p in wb], lr=lr)
            order = torch.Generator().manual_seed(seed + 1)  # one order for every run
            perm = torch.randperm(n, generator=order)
            lo_hi = _BOUNDS[act]
            it, c = 0, 0
            while True:
                if c < len(marks) and it == marks[c]:
                    with torch.no_grad():
                        logits, hidden = _forward(layers, act, x_pr)
                        probe_loss[k, c] = float(torch.nn.functional.cross_entropy(logits, y_pr))
                        probe_acc[k, c] = float((logits.argmax(1) == y_pr).double().mean())
                    for j, h in enumerate(hidden):
                        a = h.double().numpy().ravel()
                        out["mean"][k, c, j], out["std"][k, c, j] = a.mean(), a.std()
                        out["lo"][k, c, j], out["hi"][k, c, j] = np.percentile(a, BAND)
                        out["sat"][k, c, j] = np.mean(
                            (a < lo_hi[0] + MARGIN) | (a > lo_hi[1] - MARGIN)
                        )
                    c += 1
                if it == run_updates[k]:
                    break
                b = it % per_pass
                if b == 0 and it:
                    perm = torch.randperm(n, generator=order)
                idx = perm[b * batch_size : (b + 1) * batch_size]
                opt.zero_grad()
                logits, _ = _forward(layers, act, x_tr[idx])
                loss = torch.nn.functional.cross_entropy(logits, y_tr[idx])
                if not torch.isfinite(loss):
                    diverged[k] = True
                    break
                loss.backward()
                opt.step()
                it += 1
    return Saturation(
        runs=RUNS,
        width=width,
        depth=depth,
        lr=float(lr),
        batch_size=batch_size,
        n_train=n,
        n_probe=len(y_pr),
        run_updates=run_updates,
        iterations=marks,
        act_mean=out["mean"],
        act_std=out["std"],
        act_lo=out["lo"],
        act_hi=out["hi"],
        saturated=out["sat"],
        probe_loss=probe_loss,
        probe_acc=probe_acc,
        w_max=w_max,
        w_bound=w_bound,
        b_max=b_max,
        diverged=diverged,
        seconds=time.perf_counter() - t0,
    )
