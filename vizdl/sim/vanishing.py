"""Vanishing and exploding gradients through depth, measured on real ``torch.nn`` networks.

The lecture's chain of derivative factors along a path, per-layer gradient norms at
initialization, Goodfellow et al.'s repeated composition, and dying ReLU units during training.
The activations themselves (values and derivatives) are in :mod:`vizdl.sim.activations`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from vizdl.sim._checks import check_int, check_positive
from vizdl.sim._tables import long_table
from vizdl.sim._threads import one_thread
from vizdl.sim.activations import activation, derivative, torch_module
from vizdl.sim.data import standardized_rows, standardized_sample
from vizdl.sim.initialization import INITIALIZERS, sample_layers
from vizdl.sim.networks import build_mlp
from vizdl.sim.splits import make_splits

__all__ = [
    "DerivativeProducts",
    "derivative_products",
    "GradientNorms",
    "gradient_norms",
    "Composition",
    "repeated_composition",
    "DyingReLU",
    "dying_relu",
]


@dataclass(frozen=True)
class DerivativeProducts:
    """The backward signal through a real MLP at initialization, with and without the weights.

    For activation ``k`` (weights from ``inits[k]``) and depth ``L``: ``mean[k, L]`` =
    E[Π_{l≤L} φ'(s_l)] over inputs and over *every* path of one unit per layer, exactly (for a
    fixed input the units of a random path are independent across layers, so the path average
    is Π_l of the layer's mean φ'); ``q10/q50/q90[k, L]`` quantiles of the product over the
    ``n_paths`` sampled paths per input; ``alive[k, L]`` the share of sampled products that are
    non-zero; ``bound[L]`` = 4^−L (σ' ≤ 1/4); ``per_layer[k, l]`` = the mean φ'(s_l) at layer l.

    With the weights (the lecture's δ_l = φ'(s_l) ⊙ W_{l+1}ᵀ δ_{l+1}, started from a standard
    normal signal at the last hidden layer): ``signal[k, m]`` = E[δ²] after passing back ``m``
    layers over E[δ²] at the last one (``m = 0 … depth − 1``).
    """

    activations: tuple[str, ...]
    inits: tuple[str, ...]
    width: int
    depth: int
    layers: np.ndarray
    mean: np.ndarray
    q10: np.ndarray
    q50: np.ndarray
    q90: np.ndarray
    alive: np.ndarray
    per_layer: np.ndarray
    bound: np.ndarray
    signal: np.ndarray
    n_samples: int
    n_paths: int


def derivative_products(
    activations: tuple[str, ...] = ("sigmoid", "tanh", "relu"),
    inits: tuple[str, ...] = ("xavier-normal", "xavier-normal", "kaiming-normal"),
    width: int = 256,
    depth: int = 30,
    n_samples: int = 256,
    n_paths: int = 64,
    seed: int = 0,
) -> DerivativeProducts:
    """The lecture's chain δ₁ = σ̇(s₁) ⊙ W₂ᵀδ₂ …: the activation-derivative factors a gradient
    picks up on its way back (exactly over all paths, and on ``n_paths`` sampled paths for the
    spread), and the whole signal with the weights, for each of ``n_samples`` Fashion-MNIST
    inputs through a real ``torch.nn`` MLP at initialization; activation ``k`` uses
    ``inits[k]`` (sigmoid and tanh with Xavier, ReLU with Kaiming, as the lecture pairs them)."""

    for a in activations:
        activation(a)
    if len(inits) != len(activations):
        raise ValueError(
            f"inits must name one initializer per activation: {len(activations)} activations, "
            f"{len(inits)} inits"
        )
    width, depth = check_int("width", width, 1), check_int("depth", depth, 1)
    n_samples, n_paths = check_int("n_samples", n_samples, 1), check_int("n_paths", n_paths, 1)

    x = torch.as_tensor(standardized_rows(n_samples, seed=seed))
    sizes = [x.shape[1]] + [width] * depth
    rng = np.random.default_rng(seed + 1)
    paths = rng.integers(0, width, size=(n_paths, depth))
    g_top = np.random.default_rng(seed + 2).standard_normal((n_samples, width))
    k_act = len(activations)
    mean = np.empty((k_act, depth + 1))
    q = np.empty((3, k_act, depth + 1))
    alive = np.empty((k_act, depth + 1))
    per_layer = np.empty((k_act, depth))
    signal = np.empty((k_act, depth))
    for k, (name, init) in enumerate(zip(activations, inits, strict=True)):
        layers = sample_layers(init, sizes, seed)
        net = build_mlp(layers, name)
        mods = list(net)
        a = x
        prod = np.ones((n_samples, n_paths))
        exact = np.ones(n_samples)  # Π over layers of the layer's mean φ', per input
        mean[k, 0], alive[k, 0] = 1.0, 1.0
        q[:, k, 0] = 1.0
        derivs, weights = [], []
        with torch.no_grad():
            for l in range(depth):  # noqa: E741
                s = mods[2 * l](a)
                a = mods[2 * l + 1](s)
                d = derivative(name, s.numpy())
                derivs.append(d)
                weights.append(mods[2 * l].weight.numpy().astype(np.float64))
                per_layer[k, l] = d.mean()
                exact = exact * d.mean(axis=1)
                prod = prod * d[:, paths[:, l]]
                mean[k, l + 1] = exact.mean()
                alive[k, l + 1] = (prod > 0).mean()
                q[:, k, l + 1] = np.quantile(prod, (0.1, 0.5, 0.9))
        delta = derivs[-1] * g_top  # ∂/∂s at the last hidden layer
        top = float(np.mean(delta**2))
        signal[k, 0] = 1.0
        for m in range(1, depth):
            l = depth - 1 - m  # noqa: E741
            delta = derivs[l] * (delta @ weights[l + 1])
            signal[k, m] = float(np.mean(delta**2)) / top
    layer_idx = np.arange(depth + 1)
    return DerivativeProducts(
        activations=tuple(activations),
        inits=tuple(inits),
        width=width,
        depth=depth,
        layers=layer_idx,
        mean=mean,
        q10=q[0],
        q50=q[1],
        q90=q[2],
        alive=alive,
        per_layer=per_layer,
        bound=0.25**layer_idx,
        signal=signal,
        n_samples=n_samples,
        n_paths=n_paths,
    )


@dataclass(frozen=True)
class GradientNorms:
    """‖∂L/∂W_l‖ per layer at initialization (autograd, a real cross-entropy loss on a batch of
    Fashion-MNIST): ``norms[k, l]`` for the pair ``pairs[k]`` = (activation, initializer)."""

    pairs: tuple[tuple[str, str], ...]
    width: int
    depth: int
    n_samples: int
    norms: np.ndarray

    def table(self) -> dict[str, list]:
        pairs = {
            "activation": [a for a, _ in self.pairs],
            "initializer": [i for _, i in self.pairs],
        }
        return long_table([pairs, {"layer": range(1, self.depth + 1)}], {"grad_norm": self.norms})


def gradient_norms(
    pairs: tuple[tuple[str, str], ...] = (
        ("sigmoid", "xavier-normal"),
        ("tanh", "xavier-normal"),
        ("relu", "xavier-normal"),
        ("relu", "kaiming-normal"),
        ("leaky_relu", "kaiming-normal"),
        ("gelu", "kaiming-normal"),
    ),
    width: int = 256,
    depth: int = 20,
    n_samples: int = 256,
    seed: int = 0,
) -> GradientNorms:
    """The "speed of learning per layer": the gradient norm of each hidden layer's weights in a
    deep MLP (784 → width × depth → 10) at initialization, per activation and initializer, on
    ``n_samples`` standardized Fashion-MNIST images (:func:`~vizdl.sim.data.standardized_sample`)."""

    width, depth = check_int("width", width, 1), check_int("depth", depth, 1)
    n_samples = check_int("n_samples", n_samples, 1)
    for a, i in pairs:
        activation(a)
        if i not in INITIALIZERS:
            raise ValueError(f"unknown initializer {i!r}; allowed: {', '.join(INITIALIZERS)}")
    x, y = (torch.as_tensor(a) for a in standardized_sample(n_samples, seed=seed))
    sizes = [x.shape[1]] + [width] * depth
    norms = np.empty((len(pairs), depth))
    for k, (a, init) in enumerate(pairs):
        net = build_mlp(sample_layers(init, sizes, seed), a)
        head = torch.nn.Linear(width, 10, dtype=torch.float64)
        with torch.no_grad():
            head.weight.normal_(
                0, 1 / np.sqrt(width), generator=torch.Generator().manual_seed(seed)
            )
            head.bias.zero_()
        loss = torch.nn.functional.cross_entropy(head(net(x)), y)
        loss.backward()
        lins = [m for m in net if isinstance(m, torch.nn.Linear)]
        norms[k] = [float(m.weight.grad.norm()) for m in lins]
    return GradientNorms(tuple(tuple(p) for p in pairs), width, depth, n_samples, norms)


@dataclass(frozen=True)
class Composition:
    """Goodfellow et al.'s figure 10.15: ``y[t, i]`` = projection of the hidden state after t
    applications of h ← tanh(W h) (100 dimensions) on p = u/√dim + v (v ⟂ u), for initial
    states x[i]·√dim·u (so ``y[0]`` is ``x``)."""

    x: np.ndarray
    y: np.ndarray
    steps: int
    dim: int
    scale: float
    turns: np.ndarray  # number of direction changes of y_t
    small_slope: np.ndarray  # share of |dy/dx| below FLAT_SLOPE (a tenth of the diagonal's 1)


# A stretch of the cross-section is "nearly flat" where its slope is under a tenth of the
# diagonal's (t = 0's) slope 1: an absolute threshold, not one relative to the steepest slope.
FLAT_SLOPE = 0.1


def repeated_composition(
    dim: int = 100,
    steps: int = 5,
    scale: float = 6.0,
    points: int = 2001,
    extent: float = 0.8,
    seed: int = 0,
) -> Composition:
    """A 100-dimensional state through the same linear-tanh transition t = 0…``steps`` times,
    W ~ N(0, scale²/dim), started at h₀ = x·√dim·u along a random unit direction u (each
    coordinate of size about |x|) and projected on p = u/√dim + v, v a random unit direction
    orthogonal to u: h₀·p = x, so t = 0 is the diagonal y = x (as in Goodfellow et al.'s figure),
    and later states, no longer along u, are read mostly through v: the more compositions, the
    more turns and the more of the function has a tiny derivative."""
    dim, steps = check_int("dim", dim, 1), check_int("steps", steps, 0)
    scale = check_positive("scale", scale)
    rng = np.random.default_rng(seed)
    w = rng.standard_normal((dim, dim)) * scale / np.sqrt(dim)
    u = rng.standard_normal(dim)
    u /= np.linalg.norm(u)
    v = rng.standard_normal(dim)
    v -= (v @ u) * u  # orthogonal to u: it reads nothing of the initial state
    v /= np.linalg.norm(v) if dim > 1 else 1.0
    proj = u / np.sqrt(dim) + v  # h₀ = x·√dim·u projects to exactly x: t = 0 is the diagonal
    x = np.linspace(-extent, extent, check_int("points", points, 3))
    h = np.outer(x, u) * np.sqrt(dim)
    ys, turns, small = [], [], []
    for _ in range(steps + 1):
        yt = h @ proj
        ys.append(yt)
        d = np.gradient(yt, x)
        turns.append(int(np.sum(np.diff(np.sign(d[np.abs(d) > 0])) != 0)))
        small.append(float(np.mean(np.abs(d) < FLAT_SLOPE)))
        h = np.tanh(h @ w.T)
    return Composition(
        x=x,
        y=np.stack(ys),
        steps=steps,
        dim=dim,
        scale=scale,
        turns=np.array(turns),
        small_slope=np.array(small),
    )


@dataclass(frozen=True)
class DyingReLU:
    """Share of hidden units that are off (pre-activation ≤ 0) for every one of the ``n_train``
    training images, per variant, layer and recorded step: ``off[v, layer, r]`` at ``steps[r]``;
    ``loss[v, r]``, ``accuracy[v, r]`` on the training slice. The network is
    784-``hidden``-``hidden``-10, trained on ``batch_size`` images per step."""

    variants: tuple[str, ...]
    labels: tuple[str, ...]
    lr: float
    momentum: float
    steps: np.ndarray
    off: np.ndarray
    loss: np.ndarray
    accuracy: np.ndarray
    hidden: int = 128
    n_train: int = 10_000
    batch_size: int = 64


_DYING_VARIANTS = {
    "relu": ("ReLU", "relu", 0.0),
    "leaky_relu": ("Leaky ReLU (0.01)", "leaky_relu", 0.0),
    "relu-bias": ("ReLU, biases start at 0.1", "relu", 0.1),
}


def dying_relu(
    variants: tuple[str, ...] = ("relu", "leaky_relu", "relu-bias"),
    lr: float = 0.2,
    momentum: float = 0.9,
    steps: int = 600,
    batch_size: int = 64,
    n_train: int = 10_000,
    hidden: int = 128,
    record_every: int = 20,
    seed: int = 0,
) -> DyingReLU:
    """A 784-128-128-10 network trained by SGD with momentum at a large learning rate: ReLU
    units pushed to negative pre-activations for every input get no gradient and stay off
    ("dying ReLU"); Leaky ReLU keeps a small gradient, a small positive bias starts units on."""

    lr, steps = check_positive("lr", lr), check_int("steps", steps, 1)
    for v in variants:
        if v not in _DYING_VARIANTS:
            raise ValueError(f"unknown variant {v!r}; allowed: {', '.join(_DYING_VARIANTS)}")
    sp = make_splits(limit=check_int("n_train", n_train, 10), seed=seed)
    x, y = sp.x_train, sp.y_train
    rec = np.arange(0, steps + 1, check_int("record_every", record_every, 1))
    off = np.empty((len(variants), 2, len(rec)))
    loss = np.empty((len(variants), len(rec)))
    acc = np.empty((len(variants), len(rec)))
    # one thread: a chaotic run's numbers must not depend on the core count (vizdl.sim._threads)
    with one_thread():
        for k, v in enumerate(variants):
            _, act, bias = _DYING_VARIANTS[v]
            with torch.random.fork_rng(devices=[]):
                torch.manual_seed(seed)
                lin = [
                    torch.nn.Linear(784, hidden),
                    torch.nn.Linear(hidden, hidden),
                    torch.nn.Linear(hidden, 10),
                ]
            with torch.no_grad():
                lin[0].bias.fill_(bias)
                lin[1].bias.fill_(bias)
            net = torch.nn.Sequential(lin[0], torch_module(act), lin[1], torch_module(act), lin[2])
            opt = torch.optim.SGD(net.parameters(), lr=lr, momentum=momentum)
            g = torch.Generator().manual_seed(seed)
            r = 0
            for step in range(steps + 1):
                if step == rec[r]:
                    with torch.no_grad():
                        s1 = net[0](x)
                        s2 = net[2](net[1](s1))
                        out = net[4](net[3](s2))
                        off[k, 0, r] = float((s1.max(dim=0).values <= 0).double().mean())
                        off[k, 1, r] = float((s2.max(dim=0).values <= 0).double().mean())
                        loss[k, r] = float(torch.nn.functional.cross_entropy(out, y))
                        acc[k, r] = float((out.argmax(1) == y).double().mean())
                    r += 1
                    if r == len(rec):
                        break
                idx = torch.randint(0, len(y), (batch_size,), generator=g)
                batch_loss = torch.nn.functional.cross_entropy(net(x[idx]), y[idx])
                opt.zero_grad()
                batch_loss.backward()
                opt.step()
    return DyingReLU(
        variants=tuple(variants),
        labels=tuple(_DYING_VARIANTS[v][0] for v in variants),
        lr=lr,
        momentum=momentum,
        steps=rec,
        off=off,
        loss=loss,
        accuracy=acc,
        hidden=hidden,
        n_train=len(y),
        batch_size=batch_size,
    )
