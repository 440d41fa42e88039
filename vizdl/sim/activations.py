"""Activation functions and their derivatives, in closed form (numpy).

Each one matches ``torch.nn.functional`` in value and autograd in derivative, including torch's
choice of derivative at the kinks (ReLU'(0) = 0, Hardtanh' = 0 at ±1, ...); the tests check both.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch

from vizdl.sim._checks import check_choice

__all__ = ["Activation", "ACTIVATIONS", "activation", "values", "derivative", "torch_module"]


def _sigmoid(x: np.ndarray) -> np.ndarray:
    # exp of a non-positive number only: no overflow warnings for large |x|
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def _softplus(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def _erf(x: np.ndarray) -> np.ndarray:
    return torch.special.erf(torch.as_tensor(x, dtype=torch.float64)).numpy()


_PHI = 1.0 / math.sqrt(2.0 * math.pi)


@dataclass(frozen=True)
class Activation:
    """One activation: its label, formula, value ``f`` and derivative ``df`` (numpy, vectorized)."""

    name: str
    label: str
    formula: str
    f: Callable[[np.ndarray], np.ndarray]
    df: Callable[[np.ndarray], np.ndarray]
    module: Callable[[], torch.nn.Module]


LEAKY_SLOPE = 0.01  # torch's default negative_slope
PRELU_INIT = 0.25  # torch's nn.PReLU initial slope
ELU_ALPHA = 1.0
SOFTPLUS_THRESHOLD = 20.0  # torch reverts to the identity above it (beta = 1)


def _where(cond: np.ndarray, a: np.ndarray | float, b: np.ndarray | float) -> np.ndarray:
    return np.where(cond, a, b).astype(np.float64)


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation(
            "linear",
            "Linear (identity)",
            r"$x$",
            lambda x: np.asarray(x, dtype=np.float64),
            lambda x: np.ones_like(x, dtype=np.float64),
            torch.nn.Identity,
        ),
        Activation(
            "sigmoid",
            "Sigmoid",
            r"$\sigma(x) = 1/(1+e^{-x})$",
            _sigmoid,
            lambda x: _sigmoid(x) * (1.0 - _sigmoid(x)),
            torch.nn.Sigmoid,
        ),
        Activation(
            "tanh",
            "Tanh",
            r"$\tanh(x) = 2\sigma(2x) - 1$",
            np.tanh,
            lambda x: 1.0 - np.tanh(x) ** 2,
            torch.nn.Tanh,
        ),
        Activation(
            "relu",
            "ReLU",
            r"$\max(0, x)$",
            lambda x: np.maximum(x, 0.0),
            lambda x: _where(np.asarray(x) > 0, 1.0, 0.0),
            torch.nn.ReLU,
        ),
        Activation(
            "leaky_relu",
            "Leaky ReLU (slope 0.01)",
            r"$\max(0.01x, x)$",
            lambda x: np.where(x > 0, x, LEAKY_SLOPE * np.asarray(x)),
            lambda x: _where(np.asarray(x) > 0, 1.0, LEAKY_SLOPE),
            torch.nn.LeakyReLU,
        ),
        Activation(
            "prelu",
            "PReLU (learned slope, init 0.25)",
            r"$\max(ax, x)$",
            lambda x: np.where(x > 0, x, PRELU_INIT * np.asarray(x)),
            lambda x: _where(np.asarray(x) > 0, 1.0, PRELU_INIT),
            lambda: torch.nn.PReLU(init=PRELU_INIT, dtype=torch.float64),
        ),
        Activation(
            "elu",
            "ELU (α = 1)",
            r"$x$ if $x>0$ else $\alpha(e^x - 1)$",
            lambda x: np.where(x > 0, x, ELU_ALPHA * np.expm1(np.minimum(x, 0.0))),
            lambda x: _where(np.asarray(x) > 0, 1.0, ELU_ALPHA * np.exp(np.minimum(x, 0.0))),
            torch.nn.ELU,
        ),
        Activation(
            "hardsigmoid",
            "Hardsigmoid",
            r"$\min(1, \max(0, x/6 + 1/2))$",
            lambda x: np.clip(np.asarray(x) / 6.0 + 0.5, 0.0, 1.0),
            lambda x: _where((np.asarray(x) > -3) & (np.asarray(x) < 3), 1.0 / 6.0, 0.0),
            torch.nn.Hardsigmoid,
        ),
        Activation(
            "hardtanh",
            "Hardtanh",
            r"$\min(1, \max(-1, x))$",
            lambda x: np.clip(x, -1.0, 1.0),
            lambda x: _where((np.asarray(x) > -1) & (np.asarray(x) < 1), 1.0, 0.0),
            torch.nn.Hardtanh,
        ),
        Activation(
            "hardswish",
            "Hardswish",
            r"$x \cdot \min(1, \max(0, x/6 + 1/2))$",
            lambda x: np.asarray(x) * np.clip(np.asarray(x) / 6.0 + 0.5, 0.0, 1.0),
            lambda x: np.select(
                [np.asarray(x) <= -3, np.asarray(x) < 3], [0.0, np.asarray(x) / 3.0 + 0.5], 1.0
            ).astype(np.float64),
            torch.nn.Hardswish,
        ),
        Activation(
            "logsigmoid",
            "LogSigmoid",
            r"$\log \sigma(x)$",
            lambda x: -_softplus(-np.asarray(x)),
            lambda x: _sigmoid(-np.asarray(x)),
            torch.nn.LogSigmoid,
        ),
        Activation(
            "softplus",
            "Softplus",
            r"$\log(1 + e^x)$",
            lambda x: np.where(np.asarray(x) > SOFTPLUS_THRESHOLD, x, _softplus(np.asarray(x))),
            lambda x: _where(np.asarray(x) > SOFTPLUS_THRESHOLD, 1.0, _sigmoid(np.asarray(x))),
            torch.nn.Softplus,
        ),
        Activation(
            "gelu",
            "GELU",
            r"$x\,\Phi(x)$",
            lambda x: np.asarray(x) * 0.5 * (1.0 + _erf(np.asarray(x) / math.sqrt(2.0))),
            lambda x: (
                0.5 * (1.0 + _erf(np.asarray(x) / math.sqrt(2.0)))
                + np.asarray(x) * _PHI * np.exp(-0.5 * np.asarray(x) ** 2)
            ),
            torch.nn.GELU,
        ),
    )
}


def activation(name: str) -> Activation:
    """The :class:`Activation` called ``name`` (ValueError naming the allowed ones otherwise)."""
    return ACTIVATIONS[check_choice("activation", name, ACTIVATIONS)]


def values(name: str, x: np.ndarray) -> np.ndarray:
    """``f(x)`` of activation ``name`` (float64)."""
    return np.asarray(activation(name).f(np.asarray(x, dtype=np.float64)), dtype=np.float64)


def derivative(name: str, x: np.ndarray) -> np.ndarray:
    """``f'(x)`` of activation ``name`` (float64), with torch's convention at kinks."""
    return np.asarray(activation(name).df(np.asarray(x, dtype=np.float64)), dtype=np.float64)


def torch_module(name: str) -> torch.nn.Module:
    """A fresh ``torch.nn`` module computing activation ``name``."""
    return activation(name).module()


# --- gallery computations -------------------------------------------------------------------------

from dataclasses import dataclass as _dataclass  # noqa: E402

from vizdl.sim._checks import check_int, check_positive  # noqa: E402


@_dataclass(frozen=True)
class ActivationGallery:
    """Each activation's values ``f[k]`` and derivative ``df[k]`` on ``x``, with the largest
    difference from ``torch.nn.functional`` (``value_error``) and autograd (``grad_error``)."""

    names: tuple[str, ...]
    labels: tuple[str, ...]
    formulas: tuple[str, ...]
    x: np.ndarray
    f: np.ndarray
    df: np.ndarray
    value_error: np.ndarray
    grad_error: np.ndarray

    def table(self) -> dict[str, list]:
        return {
            "activation": list(self.names),
            "max_abs_error_vs_torch": self.value_error.tolist(),
            "max_abs_error_vs_autograd": self.grad_error.tolist(),
            "derivative_max": self.df.max(axis=1).tolist(),
        }


def _torch_reference(name: str, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    y = torch_module(name).to(torch.float64)(t)
    (g,) = torch.autograd.grad(y.sum(), t)
    return y.detach().numpy(), g.numpy()


def activation_gallery(
    names: tuple[str, ...] = tuple(ACTIVATIONS), x_range: float = 5.0, points: int = 1001
) -> ActivationGallery:
    """Every activation and its derivative on [−x_range, x_range], checked against torch."""
    for n in names:
        activation(n)
    x = np.linspace(-check_positive("x_range", x_range), x_range, check_int("points", points, 3))
    f = np.stack([values(n, x) for n in names])
    df = np.stack([derivative(n, x) for n in names])
    ve, ge = [], []
    for k, n in enumerate(names):
        tv, tg = _torch_reference(n, x)
        ve.append(float(np.abs(tv - f[k]).max()))
        ge.append(float(np.abs(tg - df[k]).max()))
    return ActivationGallery(
        tuple(names),
        tuple(ACTIVATIONS[n].label for n in names),
        tuple(ACTIVATIONS[n].formula for n in names),
        x,
        f,
        df,
        np.array(ve),
        np.array(ge),
    )


@_dataclass(frozen=True)
class DerivativeProducts:
    """Products of activation derivatives along random paths through a real MLP at init.

    For activation ``k`` and depth ``L``: ``mean[k, L]`` = E[Π_{l≤L} φ'(s_l)] over (sample, path),
    ``q10/q50/q90[k, L]`` quantiles of that product, ``alive[k, L]`` the share of non-zero
    products; ``bound[L]`` = 4^−L (σ' ≤ 1/4); ``per_layer[k, l]`` = the mean φ'(s_l) at layer l.
    """

    activations: tuple[str, ...]
    init: str
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
    mean_paths: int  # (input, path) pairs averaged per point


def derivative_products(
    activations: tuple[str, ...] = ("sigmoid", "tanh", "relu"),
    init: str = "xavier-normal",
    width: int = 256,
    depth: int = 30,
    n_samples: int = 256,
    n_paths: int = 64,
    seed: int = 0,
) -> DerivativeProducts:
    """The lecture's chain δ₁ = σ̇(s₁) ⊙ W₂ᵀδ₂ …: the activation-derivative factors a gradient
    picks up on its way back, along ``n_paths`` random unit paths (one unit per layer) for each of
    ``n_samples`` Fashion-MNIST inputs through a real ``torch.nn`` MLP at initialization."""
    from vizdl.sim.initialization import build_mlp, sample_layers

    for a in activations:
        activation(a)
    width, depth = check_int("width", width, 1), check_int("depth", depth, 1)
    n_samples, n_paths = check_int("n_samples", n_samples, 1), check_int("n_paths", n_paths, 1)
    from vizdl.sim.data import standardized_rows

    x = torch.as_tensor(standardized_rows(n_samples, seed=seed))
    sizes = [x.shape[1]] + [width] * depth
    layers = sample_layers(init, sizes, seed)
    rng = np.random.default_rng(seed + 1)
    paths = rng.integers(0, width, size=(n_paths, depth))
    k_act = len(activations)
    mean = np.empty((k_act, depth + 1))
    q = np.empty((3, k_act, depth + 1))
    alive = np.empty((k_act, depth + 1))
    per_layer = np.empty((k_act, depth))
    for k, name in enumerate(activations):
        net = build_mlp(layers, name)
        mods = list(net)
        a = x
        prod = np.ones((n_samples, n_paths))
        mean[k, 0], alive[k, 0] = 1.0, 1.0
        q[:, k, 0] = 1.0
        with torch.no_grad():
            for l in range(depth):  # noqa: E741
                s = mods[2 * l](a)
                a = mods[2 * l + 1](s)
                d = derivative(name, s.numpy())
                per_layer[k, l] = d.mean()
                prod = prod * d[:, paths[:, l]]
                mean[k, l + 1] = prod.mean()
                alive[k, l + 1] = (prod > 0).mean()
                q[:, k, l + 1] = np.quantile(prod, (0.1, 0.5, 0.9))
    layer_idx = np.arange(depth + 1)
    return DerivativeProducts(
        tuple(activations),
        init,
        width,
        depth,
        layer_idx,
        mean,
        q[0],
        q[1],
        q[2],
        alive,
        per_layer,
        0.25**layer_idx,
        n_samples * n_paths,
    )


@_dataclass(frozen=True)
class GradientNorms:
    """‖∂L/∂W_l‖ per layer at initialization (autograd, a real cross-entropy loss on a batch of
    Fashion-MNIST): ``norms[k, l]`` for the pair ``pairs[k]`` = (activation, initializer)."""

    pairs: tuple[tuple[str, str], ...]
    width: int
    depth: int
    n_samples: int
    norms: np.ndarray

    def table(self) -> dict[str, list]:
        rows: dict[str, list] = {"activation": [], "initializer": [], "layer": [], "grad_norm": []}
        for k, (a, i) in enumerate(self.pairs):
            for layer in range(self.depth):
                rows["activation"].append(a)
                rows["initializer"].append(i)
                rows["layer"].append(layer + 1)
                rows["grad_norm"].append(self.norms[k, layer])
        return rows


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
    deep MLP (784 → width × depth → 10) at initialization, per activation and initializer."""
    from vizdl.sim.data import load
    from vizdl.sim.initialization import INITIALIZERS, build_mlp, sample_layers

    width, depth = check_int("width", width, 1), check_int("depth", depth, 1)
    n_samples = check_int("n_samples", n_samples, 1)
    for a, i in pairs:
        activation(a)
        if i not in INITIALIZERS:
            raise ValueError(f"unknown initializer {i!r}; allowed: {', '.join(INITIALIZERS)}")
    ds = load("train")
    idx = np.random.default_rng(seed).choice(len(ds.labels), n_samples, replace=False)
    x = torch.as_tensor(ds.images[idx].reshape(n_samples, -1) / 255.0, dtype=torch.float64)
    x = (x - x.mean()) / x.std()
    y = torch.as_tensor(ds.labels[idx])
    sizes = [784] + [width] * depth
    norms = np.empty((len(pairs), depth))
    for k, (a, init) in enumerate(pairs):
        gain_init = init
        net = build_mlp(sample_layers(gain_init, sizes, seed), a)
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


@_dataclass(frozen=True)
class Composition:
    """Goodfellow et al.'s figure 10.15: ``y[t, i]`` = projection of the hidden state after t
    applications of h ← tanh(W h) (100 dimensions), for initial states x[i]·u."""

    x: np.ndarray
    y: np.ndarray
    steps: int
    dim: int
    scale: float
    turns: np.ndarray  # number of direction changes of y_t
    small_slope: np.ndarray  # share of |dy/dx| below 1% of its largest value


def repeated_composition(
    dim: int = 100,
    steps: int = 5,
    scale: float = 6.0,
    points: int = 2001,
    extent: float = 0.8,
    seed: int = 0,
) -> Composition:
    """A 100-dimensional state through the same linear-tanh transition t = 0…``steps`` times,
    W ~ N(0, scale²/dim), started at x·√dim·u along a random unit direction u and projected on
    another random unit direction v: the more compositions, the more turns and the more of the
    function has a tiny derivative."""
    dim, steps = check_int("dim", dim, 1), check_int("steps", steps, 0)
    scale = check_positive("scale", scale)
    rng = np.random.default_rng(seed)
    w = rng.standard_normal((dim, dim)) * scale / np.sqrt(dim)
    u = rng.standard_normal(dim)
    u /= np.linalg.norm(u)
    v = rng.standard_normal(dim)
    v /= np.linalg.norm(v)
    x = np.linspace(-extent, extent, check_int("points", points, 3))
    h = np.outer(x, u) * np.sqrt(dim)
    ys, turns, small = [], [], []
    for _ in range(steps + 1):
        yt = h @ v
        ys.append(yt)
        d = np.gradient(yt, x)
        turns.append(int(np.sum(np.diff(np.sign(d[np.abs(d) > 0])) != 0)))
        small.append(float(np.mean(np.abs(d) < 0.01 * np.abs(d).max())))
        h = np.tanh(h @ w.T)
    return Composition(x, np.stack(ys), steps, dim, scale, np.array(turns), np.array(small))


@_dataclass(frozen=True)
class SoftmaxSigmoid:
    """σ(s) against softmax([s, 0])₀ on ``s``, and for random score pairs (s₁, s₂) against
    σ(s₁ − s₂); ``max_diff_*`` are the largest absolute differences (rounding only)."""

    s: np.ndarray
    sigmoid: np.ndarray
    softmax: np.ndarray
    pairs: np.ndarray
    pair_softmax: np.ndarray
    pair_sigmoid: np.ndarray
    max_diff_curve: float
    max_diff_pairs: float


def softmax_sigmoid(
    extent: float = 8.0, points: int = 801, n_pairs: int = 200, seed: int = 0
) -> SoftmaxSigmoid:
    """One sigmoid output and two softmax outputs give the same probability: σ(s) =
    softmax([s, 0])₀, and softmax([s₁, s₂])₀ = σ(s₁ − s₂). Computed with torch's own functions."""
    s = torch.linspace(-extent, extent, check_int("points", points, 3), dtype=torch.float64)
    sig = torch.sigmoid(s)
    soft = torch.softmax(torch.stack([s, torch.zeros_like(s)], dim=1), dim=1)[:, 0]
    g = torch.Generator().manual_seed(seed)
    pairs = torch.randn(check_int("n_pairs", n_pairs, 1), 2, generator=g, dtype=torch.float64) * 3
    psoft = torch.softmax(pairs, dim=1)[:, 0]
    psig = torch.sigmoid(pairs[:, 0] - pairs[:, 1])
    return SoftmaxSigmoid(
        s.numpy(),
        sig.numpy(),
        soft.numpy(),
        pairs.numpy(),
        psoft.numpy(),
        psig.numpy(),
        float((sig - soft).abs().max()),
        float((psoft - psig).abs().max()),
    )


@_dataclass(frozen=True)
class DyingReLU:
    """Share of hidden units that are off (pre-activation ≤ 0) for every one of the ``n_train``
    training images, per variant, layer and recorded step: ``off[v, layer, r]`` at ``steps[r]``;
    ``loss[v, r]``, ``accuracy[v, r]`` on the training slice."""

    variants: tuple[str, ...]
    labels: tuple[str, ...]
    lr: float
    momentum: float
    steps: np.ndarray
    off: np.ndarray
    loss: np.ndarray
    accuracy: np.ndarray


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
    from vizdl.sim.training import make_splits

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
        tuple(variants),
        tuple(_DYING_VARIANTS[v][0] for v in variants),
        lr,
        momentum,
        rec,
        off,
        loss,
        acc,
    )
