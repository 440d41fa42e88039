"""What each layer does during training: per-layer gradient norms and activation statistics of a
deep MLP on Fashion-MNIST, measured at checkpoints over a real training run.

Every gradient entry before this one looked at initialization only. Here a 784 → width × depth → 10
MLP (our own sampler's weights, :func:`~vizdl.sim.initialization.sample_layers`) trains with plain
SGD on Fashion-MNIST, and at each checkpoint a fixed probe batch of held-out images measures, per
hidden layer, ‖∂L/∂W_l‖ (Nielsen's "speed of learning" of the layer; autograd on the probe loss, no
update taken) and the mean, spread and saturated share of its activations (Glorot & Bengio's
Figure 2 view).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import torch

from vizdl.sim._checks import check_int, check_positive
from vizdl.sim._tables import long_table
from vizdl.sim._threads import one_thread
from vizdl.sim.activations import activation
from vizdl.sim.initialization import INITIALIZERS, sample_layers, saturated_fraction
from vizdl.sim.networks import build_mlp
from vizdl.sim.splits import make_splits

__all__ = ["LayerDynamics", "layer_dynamics"]


@dataclass(frozen=True)
class LayerDynamics:
    """Per run ``k`` (``pairs[k]`` = (activation, initializer)), checkpoint ``c`` (after
    ``iterations[c]`` SGD updates; 0 = at initialization) and hidden layer ``l`` (1 = nearest the
    input): ``grad_norm[k, c, l]`` = ‖∂L/∂W_l‖ on the probe batch, ``act_mean`` / ``act_std`` /
    ``saturated`` of the layer's activations there; ``probe_loss[k, c]`` and ``probe_acc[k, c]``.
    ``diverged[k]``: the run's loss stopped being finite (its later checkpoints are NaN)."""

    pairs: tuple[tuple[str, str], ...]
    width: int
    depth: int
    lr: float
    batch_size: int
    epochs: int
    n_train: int
    n_probe: int
    iterations: np.ndarray
    grad_norm: np.ndarray
    act_mean: np.ndarray
    act_std: np.ndarray
    saturated: np.ndarray
    probe_loss: np.ndarray
    probe_acc: np.ndarray
    diverged: np.ndarray
    seconds: float

    def table(self) -> dict[str, list]:
        runs = {
            "activation": [a for a, _ in self.pairs],
            "initializer": [i for _, i in self.pairs],
        }
        return long_table(
            [runs, {"iteration": self.iterations}, {"layer": range(1, self.depth + 1)}],
            {
                "grad_norm": self.grad_norm,
                "act_mean": self.act_mean,
                "act_std": self.act_std,
                "saturated": self.saturated,
            },
        )


def _probe(
    net: torch.nn.Sequential, head: torch.nn.Linear, x: torch.Tensor, y: torch.Tensor, act: str
) -> tuple[list[float], list[float], list[float], list[float], float, float]:
    """Gradient norms and activation statistics of every hidden layer on the probe batch."""
    acts = []
    h = x
    for m in net:
        h = m(h)
        if not isinstance(m, torch.nn.Linear):
            acts.append(h)
    logits = head(h)
    loss = torch.nn.functional.cross_entropy(logits, y)
    lins = [m for m in net if isinstance(m, torch.nn.Linear)]
    grads = torch.autograd.grad(loss, [m.weight for m in lins])
    a = [t.detach().numpy() for t in acts]
    return (
        [float(g.norm()) for g in grads],
        [float(v.mean()) for v in a],
        [float(v.std()) for v in a],
        [saturated_fraction(act, v) for v in a],
        float(loss.detach()),
        float((logits.argmax(1) == y).double().mean()),
    )


def layer_dynamics(
    pairs: tuple[tuple[str, str], ...] = (
        ("sigmoid", "torch-default"),
        ("sigmoid", "xavier-normal"),
        ("relu", "torch-default"),
        ("relu", "kaiming-normal"),
    ),
    width: int = 100,
    depth: int = 5,
    lr: float = 0.1,
    batch_size: int = 100,
    epochs: int = 3,
    limit: int = 10_000,
    n_probe: int = 1000,
    checkpoints: int = 16,
    seed: int = 0,
) -> LayerDynamics:
    """Train one MLP per (activation, initializer) in ``pairs`` with SGD at ``lr`` on the first
    ``limit`` shuffled training images (the same images and order for every run) and measure it
    on ``n_probe`` held-out images at ``checkpoints`` evenly spaced points (plus initialization).
    Returns a :class:`LayerDynamics`."""
    t0 = time.perf_counter()
    width, depth = check_int("width", width, 1), check_int("depth", depth, 1)
    epochs, batch_size = check_int("epochs", epochs, 1), check_int("batch_size", batch_size, 1)
    checkpoints, n_probe = (
        check_int("checkpoints", checkpoints, 1),
        check_int("n_probe", n_probe, 1),
    )
    check_positive("lr", lr)
    pairs = tuple((str(a), str(i)) for a, i in pairs)
    if not pairs:
        raise ValueError("pairs must name at least one (activation, initializer)")
    for a, i in pairs:
        activation(a)
        if i not in INITIALIZERS:
            raise ValueError(f"unknown initializer {i!r}; allowed: {', '.join(INITIALIZERS)}")
    sp = make_splits("standard", n_probe, limit, seed)
    x_tr, y_tr = sp.x_train.double(), sp.y_train
    x_pr, y_pr = sp.x_val.double(), sp.y_val
    n = len(y_tr)
    per_epoch = -(-n // batch_size)
    total = per_epoch * epochs
    marks = np.unique(np.linspace(0, total, checkpoints + 1).round().astype(int))
    order = torch.Generator().manual_seed(seed + 1)
    perms = [torch.randperm(n, generator=order) for _ in range(epochs)]  # one order for all runs
    shape = (len(pairs), len(marks), depth)
    out = {k: np.full(shape, np.nan) for k in ("grad", "mean", "std", "sat")}
    probe_loss = np.full((len(pairs), len(marks)), np.nan)
    probe_acc = np.full((len(pairs), len(marks)), np.nan)
    diverged = np.zeros(len(pairs), dtype=bool)
    # one thread: a chaotic run's numbers must not depend on the core count (vizdl.sim._threads)
    with one_thread():
        for k, (act, init) in enumerate(pairs):
            sizes = [x_tr.shape[1]] + [width] * depth
            net = build_mlp(sample_layers(init, sizes, seed), act)
            ((w_out, b_out),) = sample_layers(init, [width, 10], seed + 97)
            head = torch.nn.Linear(width, 10, dtype=torch.float64)
            with torch.no_grad():
                head.weight.copy_(w_out)
                head.bias.copy_(b_out)
            params = [*net.parameters(), *head.parameters()]
            opt = torch.optim.SGD(params, lr=lr)
            it, c = 0, 0
            while True:
                if c < len(marks) and it == marks[c]:
                    g, m, s, sat, loss, acc = _probe(net, head, x_pr, y_pr, act)
                    out["grad"][k, c], out["mean"][k, c], out["std"][k, c] = g, m, s
                    out["sat"][k, c] = sat
                    probe_loss[k, c], probe_acc[k, c] = loss, acc
                    c += 1
                if it == total:
                    break
                e, b = divmod(it, per_epoch)
                idx = perms[e][b * batch_size : (b + 1) * batch_size]
                opt.zero_grad()
                loss = torch.nn.functional.cross_entropy(head(net(x_tr[idx])), y_tr[idx])
                if not torch.isfinite(loss):
                    diverged[k] = True
                    break
                loss.backward()
                opt.step()
                it += 1
    return LayerDynamics(
        pairs=pairs,
        width=width,
        depth=depth,
        lr=float(lr),
        batch_size=batch_size,
        epochs=epochs,
        n_train=n,
        n_probe=len(y_pr),
        iterations=marks,
        grad_norm=out["grad"],
        act_mean=out["mean"],
        act_std=out["std"],
        saturated=out["sat"],
        probe_loss=probe_loss,
        probe_acc=probe_acc,
        diverged=diverged,
        seconds=time.perf_counter() - t0,
    )
