"""Weight initialization: every initializer's distribution and the signal it lets through a deep net.

Both lectures derive Xavier and Kaiming initialization from one idea: keep the variance of the
activations (forward) and of the back-propagated gradients (backward) the same in every layer. A
layer ``s = W a`` with i.i.d. zero-mean weights gives ``Var(s) = n_in · Var(W) · E[a²]``. This module

- samples each initializer itself (checked against ``torch.nn.init`` in the tests),
- runs real ``torch.nn`` MLPs forward and backward and measures the per-layer variances,
- and computes the theory those measurements should follow: the recursion above, with the
  Gaussian expectations ``E[φ(s)²]`` and ``E[φ'(s)²]`` taken exactly (closed form for linear and
  ReLU, fine quadrature for tanh and sigmoid: the infinite-width "mean-field" limit).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

from vizdl.sim import activations as acts
from vizdl.sim._checks import check_choice, check_finite, check_int, check_positive
from vizdl.sim._tables import columns, long_table
from vizdl.sim.networks import build_mlp

__all__ = [
    "INITIALIZERS",
    "VARIANCE_INITIALIZERS",
    "MODES",
    "GAIN_NONLINEARITIES",
    "Moments",
    "gain",
    "weight_moments",
    "sample_weights",
    "sample_bias",
    "torch_reference",
    "gaussian_moments",
    "theory_variances",
    "SignalPropagation",
    "signal_propagation",
    "measure_stack",
    "TAPER_RULES",
    "TaperingStack",
    "tapering_stack",
    "LayerHistograms",
    "layer_histograms",
    "Distributions",
    "init_distributions",
    "Symmetry",
    "symmetry",
    "LinearChain",
    "linear_chain",
]

MODES = ("fan_in", "fan_out")
GAIN_NONLINEARITIES = ("linear", "sigmoid", "tanh", "relu", "leaky_relu", "selu")

# name -> (label, the torch.nn.init call it corresponds to)
INITIALIZERS: dict[str, tuple[str, str]] = {
    "zeros": ("Zeros", "nn.init.zeros_(w)"),
    "constant": ("Constant", "nn.init.constant_(w, value)"),
    "small-normal": ("Small random N(0, 0.01²)", "nn.init.normal_(w, 0, 0.01)"),
    "large-normal": ("Large random N(0, 1)", "nn.init.normal_(w, 0, 1)"),
    "uniform": ("Uniform U(−0.05, 0.05)", "nn.init.uniform_(w, -0.05, 0.05)"),
    "xavier-normal": ("Xavier normal", "nn.init.xavier_normal_(w)"),
    "xavier-uniform": ("Xavier uniform", "nn.init.xavier_uniform_(w)"),
    "kaiming-normal": ("Kaiming normal", "nn.init.kaiming_normal_(w, mode=mode)"),
    "kaiming-uniform": ("Kaiming uniform", "nn.init.kaiming_uniform_(w, mode=mode)"),
    "torch-default": (
        "PyTorch default (nn.Linear)",
        "nn.init.kaiming_uniform_(w, a=math.sqrt(5)); bias U(±1/√n_in)",
    ),
    "orthogonal": ("Orthogonal", "nn.init.orthogonal_(w)"),
}
# The initializers whose weights have mean zero: the ones the variance recursion applies to.
VARIANCE_INITIALIZERS = tuple(n for n in INITIALIZERS if n not in ("zeros", "constant"))
_SMALL_STD, _LARGE_STD, _UNIFORM_A = 0.01, 1.0, 0.05


def gain(nonlinearity: str, param: float | None = None) -> float:
    """The recommended gain of ``torch.nn.init.calculate_gain``, derived rather than looked up.

    Linear and sigmoid: 1 (sigmoid is near-linear with slope 1/4 but centred at 1/2; torch keeps 1);
    tanh: 5/3; ReLU: √2 (half the units are off, so twice the variance); Leaky ReLU with slope a:
    √(2/(1 + a²)); SELU: 3/4.
    """
    check_choice("nonlinearity", nonlinearity, GAIN_NONLINEARITIES)
    if nonlinearity in ("linear", "sigmoid"):
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3.0
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "selu":
        return 3.0 / 4.0
    slope = 0.01 if param is None else check_finite("negative slope", param)
    return math.sqrt(2.0 / (1.0 + slope**2))


@dataclass(frozen=True)
class Moments:
    """The distribution of one initializer's weights: mean, variance and support ``[low, high]``."""

    mean: float
    var: float
    low: float
    high: float
    kind: str  # "normal", "uniform", "constant" or "orthogonal"


def _check_init(name: str, fan_in: int, fan_out: int, mode: str) -> None:
    check_choice("initializer", name, INITIALIZERS)
    check_int("fan_in", fan_in, 1)
    check_int("fan_out", fan_out, 1)
    check_choice("mode", mode, MODES)


def weight_moments(
    name: str,
    fan_in: int,
    fan_out: int,
    *,
    mode: str = "fan_in",
    nonlinearity: str = "relu",
    value: float = 0.05,
) -> Moments:
    """Closed-form mean, variance and bounds of initializer ``name`` for a ``fan_out × fan_in`` weight.

    Xavier: Var = 2/(n_in + n_out) (normal) and a = √(6/(n_in + n_out)) (uniform, Var = a²/3).
    Kaiming: Var = gain²/n with n = fan_in or fan_out (``mode``) and the gain of ``nonlinearity``.
    PyTorch's ``nn.Linear`` default: kaiming_uniform with a = √5, i.e. U(±1/√n_in), Var = 1/(3 n_in).
    Orthogonal: rows (or columns) orthonormal, so every entry has Var = 1/max(n_in, n_out).
    """
    _check_init(name, fan_in, fan_out, mode)
    inf = math.inf
    if name == "zeros":
        return Moments(0.0, 0.0, 0.0, 0.0, "constant")
    if name == "constant":
        v = check_finite("value", value)
        return Moments(v, 0.0, v, v, "constant")
    if name == "small-normal":
        return Moments(0.0, _SMALL_STD**2, -inf, inf, "normal")
    if name == "large-normal":
        return Moments(0.0, _LARGE_STD**2, -inf, inf, "normal")
    if name == "uniform":
        return Moments(0.0, _UNIFORM_A**2 / 3.0, -_UNIFORM_A, _UNIFORM_A, "uniform")
    if name == "xavier-normal":
        return Moments(0.0, 2.0 / (fan_in + fan_out), -inf, inf, "normal")
    if name == "xavier-uniform":
        a = math.sqrt(6.0 / (fan_in + fan_out))
        return Moments(0.0, a * a / 3.0, -a, a, "uniform")
    n = fan_in if mode == "fan_in" else fan_out
    g = gain(nonlinearity)
    if name == "kaiming-normal":
        return Moments(0.0, g * g / n, -inf, inf, "normal")
    if name == "kaiming-uniform":
        a = g * math.sqrt(3.0 / n)
        return Moments(0.0, a * a / 3.0, -a, a, "uniform")
    if name == "torch-default":
        a = 1.0 / math.sqrt(fan_in)
        return Moments(0.0, a * a / 3.0, -a, a, "uniform")
    # orthogonal
    return Moments(0.0, 1.0 / max(fan_in, fan_out), -1.0, 1.0, "orthogonal")


def _generator(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(int(seed))


def sample_weights(
    name: str,
    fan_out: int,
    fan_in: int,
    seed: int = 0,
    *,
    mode: str = "fan_in",
    nonlinearity: str = "relu",
    value: float = 0.05,
) -> torch.Tensor:
    """A ``fan_out × fan_in`` float64 weight matrix drawn from initializer ``name`` (own sampler)."""
    m = weight_moments(name, fan_in, fan_out, mode=mode, nonlinearity=nonlinearity, value=value)
    g = _generator(seed)
    shape = (fan_out, fan_in)
    if m.kind == "constant":
        return torch.full(shape, m.mean, dtype=torch.float64)
    if m.kind == "normal":
        return torch.randn(shape, generator=g, dtype=torch.float64) * math.sqrt(m.var)
    if m.kind == "uniform":
        u = torch.rand(shape, generator=g, dtype=torch.float64)
        return m.low + (m.high - m.low) * u
    # orthogonal: QR of a Gaussian matrix, signs fixed so the result is Haar-distributed
    rows, cols = shape
    a = torch.randn((max(rows, cols), min(rows, cols)), generator=g, dtype=torch.float64)
    q, r = torch.linalg.qr(a)
    q = q * torch.sign(torch.diagonal(r))
    return q if rows >= cols else q.T


def sample_bias(name: str, fan_out: int, fan_in: int, seed: int = 0) -> torch.Tensor:
    """Biases: zero, except PyTorch's ``nn.Linear`` default, U(±1/√n_in)."""
    check_choice("initializer", name, INITIALIZERS)
    if name != "torch-default":
        return torch.zeros(fan_out, dtype=torch.float64)
    a = 1.0 / math.sqrt(check_int("fan_in", fan_in, 1))
    u = torch.rand(fan_out, generator=_generator(seed + 7919), dtype=torch.float64)
    return -a + 2 * a * u


def torch_reference(
    name: str,
    weight: torch.Tensor,
    *,
    mode: str = "fan_in",
    nonlinearity: str = "relu",
    value: float = 0.05,
    generator: torch.Generator | None = None,
) -> torch.Tensor:
    """Fill ``weight`` in place with ``torch.nn.init``'s own version of ``name`` (the reference).

    ``generator`` makes the draw reproducible (torch's global generator otherwise: a figure's
    numbers would change from one build to the next)."""
    init = torch.nn.init
    g = {"generator": generator}
    check_choice("initializer", name, INITIALIZERS)
    check_choice("mode", mode, MODES)
    with torch.no_grad():
        if name == "zeros":
            init.zeros_(weight)
        elif name == "constant":
            init.constant_(weight, value)
        elif name == "small-normal":
            init.normal_(weight, 0.0, _SMALL_STD, **g)
        elif name == "large-normal":
            init.normal_(weight, 0.0, _LARGE_STD, **g)
        elif name == "uniform":
            init.uniform_(weight, -_UNIFORM_A, _UNIFORM_A, **g)
        elif name == "xavier-normal":
            init.xavier_normal_(weight, **g)
        elif name == "xavier-uniform":
            init.xavier_uniform_(weight, **g)
        elif name == "kaiming-normal":
            init.kaiming_normal_(weight, mode=mode, nonlinearity=nonlinearity, **g)
        elif name == "kaiming-uniform":
            init.kaiming_uniform_(weight, mode=mode, nonlinearity=nonlinearity, **g)
        elif name == "torch-default":
            init.kaiming_uniform_(weight, a=math.sqrt(5), **g)
        else:
            init.orthogonal_(weight, **g)
    return weight


# --- theory -------------------------------------------------------------------------------------

_GRID = np.linspace(-12.0, 12.0, 48001)
_GRID_W = np.exp(-0.5 * _GRID**2) / math.sqrt(2.0 * math.pi) * (_GRID[1] - _GRID[0])


def gaussian_moments(activation: str, q: float) -> tuple[float, float, float]:
    """``(E[φ(s)], E[φ(s)²], E[φ'(s)²])`` for ``s ~ N(0, q)``.

    Closed form for linear (0, q, 1) and ReLU (√(q/2π), q/2, 1/2); otherwise a trapezoid rule on
    48,001 points over ±12 standard deviations, which resolves φ'(s) = sech²(s) even when
    q is in the hundreds (a 121-node Gauss-Hermite rule was off by 10¹⁶ after 30 saturated layers).
    """
    act = acts.activation(activation)
    q = max(float(q), 0.0)
    if activation == "linear":
        return 0.0, q, 1.0
    if activation == "relu":
        return math.sqrt(q / (2 * math.pi)), q / 2.0, 0.5 if q > 0 else 0.0
    if q == 0.0:
        f0, d0 = float(act.f(np.zeros(1))[0]), float(act.df(np.zeros(1))[0])
        return f0, f0 * f0, d0 * d0
    # Trapezoid on a fine grid in units of the standard deviation: robust when q is large and
    # φ' is a narrow peak (Gauss-Hermite nodes would step right over it).
    sd = math.sqrt(q)
    s = _GRID * sd
    w = _GRID_W
    f = act.f(s)
    # tanh' = 1 − tanh², σ' = σ(1 − σ): from f, the same numbers as act.df(s) (which evaluates
    # tanh or σ again: most of this function's time, and the theory calls it once per layer)
    df = _DF_FROM_F[activation](f) if activation in _DF_FROM_F else act.df(s)
    return float(w @ f), float(w @ f**2), float(w @ df**2)


_DF_FROM_F = {"tanh": lambda f: 1.0 - f**2, "sigmoid": lambda f: f * (1.0 - f)}


def theory_variances(
    weight_vars: np.ndarray,
    sizes: np.ndarray,
    activation: str,
    input_second_moment: float = 1.0,
    bias_vars: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Predicted ``Var(a_l)`` for l = 0..L and ``Var(∂/∂s_l)`` for l = 1..L (output gradient Var 1).

    ``sizes`` are the layer widths ``n_0, …, n_L`` (``L + 1`` of them): layer l's weight ``W_l`` is
    ``n_l × n_{l-1}``, so its fan-in is ``n_{l-1}`` and its fan-out ``n_l``.
    Forward: ``q_l = n_{l-1} Var(W_l) E[a_{l-1}²] + Var(b_l)``; ``Var(a_l) = E[φ²] − E[φ]²`` at ``q_l``.
    Backward: ``Var(δ_L) = E[φ'(s_L)²]``, ``Var(δ_l) = E[φ'(s_l)²] · n_{l+1} Var(W_{l+1}) Var(δ_{l+1})``:
    ``Wᵀ_{l+1} δ_{l+1}`` sums over the ``n_{l+1}`` rows of ``W_{l+1}``, its fan-out (an earlier version
    multiplied by ``n_l``, the layer's own width, which only equal widths hide). These are the
    lecture's ``Var(y) = N Var(w) Var(x)`` applied layer after layer, with the activation's exact
    effect.
    """
    depth = len(weight_vars)
    sizes = np.asarray(sizes, dtype=np.float64)
    if sizes.shape != (depth + 1,):
        raise ValueError(
            f"give {depth + 1} layer sizes for {depth} weight variances, got {sizes.size}"
        )
    bias_vars = np.zeros(depth) if bias_vars is None else bias_vars
    fwd = np.empty(depth + 1)
    fwd[0] = input_second_moment  # standardized inputs: mean 0, so variance = second moment
    second = input_second_moment
    dphi2 = np.empty(depth)
    for i in range(depth):  # weight_vars[i] is W_{i+1}: n_{i+1} × n_i
        q = sizes[i] * weight_vars[i] * second + bias_vars[i]
        m1, m2, d2 = gaussian_moments(activation, q)
        fwd[i + 1] = max(m2 - m1 * m1, 0.0)
        second = m2
        dphi2[i] = d2
    bwd = np.empty(depth)
    bwd[-1] = dphi2[-1]
    for i in range(depth - 2, -1, -1):  # δ at s_{i+1} from δ at s_{i+2} through W_{i+2}
        bwd[i] = dphi2[i] * sizes[i + 2] * weight_vars[i + 1] * bwd[i + 1]
    return fwd, bwd


# --- real torch runs ------------------------------------------------------------------------------


def _check_inputs(inputs: str) -> str:
    return check_choice("inputs", inputs, ("fashion-mnist", "gaussian"))


def _input_rows(inputs: str, n_samples: int, dim: int, seed: int) -> np.ndarray:
    if inputs == "gaussian":
        return np.random.default_rng(seed).standard_normal((n_samples, dim))
    from vizdl.sim.data import standardized_rows

    return standardized_rows(n_samples, seed=seed)


def sample_layers(
    initializer: str, sizes: list[int], seed: int, **init_kw: object
) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """Weights and biases ``[(W_1, b_1), …]`` of an MLP with layer ``sizes``, from our sampler."""
    return [
        (
            sample_weights(initializer, n_out, n_in, seed + 1000 * i, **init_kw),
            sample_bias(initializer, n_out, n_in, seed + 1000 * i),
        )
        for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True))
    ]


# Bounded activations and their bounds: a unit within SATURATION_MARGIN of one is "saturated"
# (tanh: |a| > 0.99, where tanh' = 1 − a² < 0.02; sigmoid: a < 0.01 or a > 0.99, σ' < 0.01).
SATURATING: dict[str, tuple[float, float]] = {"tanh": (-1.0, 1.0), "sigmoid": (0.0, 1.0)}
SATURATION_MARGIN = 0.01


def saturated_fraction(activation: str, a: np.ndarray) -> float:
    """The fraction of values ``a`` of ``activation`` within 0.01 of one of its bounds (0 for an
    activation without bounds, such as linear or ReLU: it cannot pin)."""
    if activation not in SATURATING:
        return 0.0
    lo, hi = SATURATING[activation]
    a = np.asarray(a)
    return float(np.mean((a < lo + SATURATION_MARGIN) | (a > hi - SATURATION_MARGIN)))


def _propagate(
    net: torch.nn.Sequential,
    x: np.ndarray,
    seed: int,
    keep: tuple[int, ...] = (),
    input_grad: bool = False,
    activation: str | None = None,
) -> tuple[np.ndarray, np.ndarray, dict[int, np.ndarray], np.ndarray]:
    """Forward ``x`` through ``net`` and back-propagate a N(0, 1) gradient from the last activation.

    Returns ``Var(a_l)`` for l = 0..L, ``Var(∂loss/∂s_l)`` for l = 1..L (autograd; with
    ``input_grad``, ``Var(∂loss/∂x)`` first, l = 0..L), and the raw activations of the layers in
    ``keep``, and per layer 1..L the fraction of units pinned near a bound of ``activation``
    (:func:`saturated_fraction`; zeros without ``activation``). Only the signal's gradients are
    computed, not the weights' (the input requires the gradient, the parameters do not).
    """
    net.requires_grad_(False)
    a = x0 = torch.as_tensor(x, dtype=torch.float64).clone().requires_grad_(True)
    fwd = [float(a.detach().var(unbiased=False))]
    pre: list[torch.Tensor] = []
    kept: dict[int, np.ndarray] = {}
    sat: list[float] = []
    mods = list(net)
    for i in range(0, len(mods), 2):
        s = mods[i](a)
        s.retain_grad()
        pre.append(s)
        a = mods[i + 1](s)
        layer = i // 2 + 1
        fwd.append(float(a.detach().var(unbiased=False)))
        sat.append(saturated_fraction(activation, a.detach().numpy()) if activation else 0.0)
        if layer in keep:
            kept[layer] = a.detach().numpy().copy()
    g = torch.randn(a.shape, generator=_generator(seed + 31), dtype=torch.float64)
    a.backward(g)
    bwd = [float(s.grad.var(unbiased=False)) for s in pre]
    if input_grad:
        bwd.insert(0, float(x0.grad.var(unbiased=False)))
    return np.array(fwd), np.array(bwd), kept, np.array(sat)


@dataclass(frozen=True)
class SignalPropagation:
    """Measured and predicted per-layer variances for initializer × activation.

    ``forward_nets[i, j, k, l]``: Var(a_l) in network k (independent weights), l = 0..depth (l = 0 is
    the input); ``backward_nets[i, j, k, l]``: Var(∂loss/∂s_{l+1}) for l = 0..depth−1, with a N(0, 1)
    gradient arriving at the last layer. ``forward``/``backward`` average over the networks: the
    theory predicts that expectation; the spread between networks is the finite-width fluctuation.
    ``theory_*`` hold the predictions of :func:`theory_variances` in the averaged layout.
    """

    initializers: tuple[str, ...]
    labels: tuple[str, ...]
    activations: tuple[str, ...]
    width: int
    depth: int
    input_dim: int
    inputs: str
    n_samples: int
    forward_nets: np.ndarray
    backward_nets: np.ndarray
    forward: np.ndarray
    backward: np.ndarray
    theory_forward: np.ndarray
    theory_backward: np.ndarray
    # saturated[i, j, l]: fraction of layer l + 1's units within 0.01 of a bound of the activation
    # (tanh |a| > 0.99, sigmoid a < 0.01 or > 0.99; 0 for linear and ReLU), mean over the networks
    saturated: np.ndarray

    def ratio(self, direction: str = "forward") -> np.ndarray:
        """Last-layer over first-layer variance, ``(initializers, activations)``."""
        v = self.forward if direction == "forward" else self.backward
        first = v[..., 1] if direction == "forward" else v[..., -1]
        last = v[..., -1] if direction == "forward" else v[..., 0]
        with np.errstate(divide="ignore", invalid="ignore"):
            return last / first

    def table(self) -> dict[str, list]:
        """One row per layer 0..depth; the input (layer 0) has no gradient: NaN (empty in CSV)."""
        gap = np.full(self.backward.shape[:-1] + (1,), np.nan)
        axes = ({"initializer": self.initializers}, {"activation": self.activations})
        return long_table(
            [*axes, {"layer": range(self.depth + 1)}],
            {
                "forward_var": self.forward,
                "forward_theory": self.theory_forward,
                "backward_var": np.concatenate([gap, self.backward], axis=-1),
                "backward_theory": np.concatenate([gap, self.theory_backward], axis=-1),
                "saturated_share": np.concatenate([gap, self.saturated], axis=-1),
            },
        )


def _check_net(width: int, depth: int, n_samples: int) -> tuple[int, int, int]:
    return (
        check_int("width", width, 1),
        check_int("depth", depth, 1),
        check_int("n_samples", n_samples, 2),
    )


def _layer_theory(
    init: str, activation: str, sizes: list[int], input_second_moment: float, **init_kw: object
) -> tuple[np.ndarray, np.ndarray]:
    wv = np.array(
        [
            weight_moments(init, a, b, **init_kw).var
            for a, b in zip(sizes[:-1], sizes[1:], strict=True)
        ]
    )
    bv = np.array([(1.0 / (3.0 * a)) if init == "torch-default" else 0.0 for a in sizes[:-1]])
    fwd, bwd = theory_variances(wv, np.array(sizes), activation, input_second_moment, bv)
    fwd[0] = input_second_moment
    return fwd, bwd


def signal_propagation(
    initializers: tuple[str, ...] = (
        "small-normal",
        "large-normal",
        "torch-default",
        "xavier-normal",
        "kaiming-normal",
        "orthogonal",
    ),
    activations: tuple[str, ...] = ("linear", "tanh", "sigmoid", "relu"),
    width: int = 512,
    depth: int = 30,
    inputs: str = "fashion-mnist",
    n_samples: int = 256,
    n_nets: int = 4,
    seed: int = 0,
) -> SignalPropagation:
    """Per-layer activation and gradient variances of real ``torch.nn`` MLPs at initialization.

    Each network is ``input → width → … → width`` (``depth`` Linear layers, each followed by the
    activation), initialized by our sampler; ``inputs`` are standardized Fashion-MNIST rows (784
    pixels, Var = 1) or Gaussian rows of dimension ``width``. Every (initializer, activation) pair
    uses the same weights' seeds and the same inputs, so the curves differ only by the rule;
    ``n_nets`` independent networks per pair are averaged.
    """
    width, depth, n_samples = _check_net(width, depth, n_samples)
    n_nets = check_int("n_nets", n_nets, 1)
    inputs = _check_inputs(inputs)
    initializers = tuple(
        check_choice("initializer", i, VARIANCE_INITIALIZERS) for i in initializers
    )
    activations = tuple(
        check_choice("activation", a, ("linear", "tanh", "sigmoid", "relu")) for a in activations
    )
    if not initializers or not activations:
        raise ValueError("give at least one initializer and one activation")
    x = _input_rows(inputs, n_samples, width, seed)
    sizes = [x.shape[1]] + [width] * depth
    second = float(np.mean(x**2))
    shape = (len(initializers), len(activations))
    fwd = np.empty(shape + (n_nets, depth + 1))
    bwd = np.empty(shape + (n_nets, depth))
    sat = np.empty(shape + (n_nets, depth))
    tf, tb = np.empty(shape + (depth + 1,)), np.empty(shape + (depth,))
    with np.errstate(over="ignore", invalid="ignore"):
        for i, init in enumerate(initializers):
            for k in range(n_nets):
                # the same weights under every activation: curves differ only by φ
                layers = sample_layers(init, sizes, seed + 101 * k)
                for j, act in enumerate(activations):
                    net = build_mlp(layers, act)
                    fwd[i, j, k], bwd[i, j, k], _, sat[i, j, k] = _propagate(
                        net, x, seed + 101 * k, activation=act
                    )
            for j, act in enumerate(activations):
                tf[i, j], tb[i, j] = _layer_theory(init, act, sizes, second)
    return SignalPropagation(
        initializers=initializers,
        labels=tuple(INITIALIZERS[i][0] for i in initializers),
        activations=activations,
        width=width,
        depth=depth,
        input_dim=x.shape[1],
        inputs=inputs,
        n_samples=n_samples,
        forward_nets=fwd,
        backward_nets=bwd,
        forward=fwd.mean(axis=2),
        backward=bwd.mean(axis=2),
        theory_forward=tf,
        theory_backward=tb,
        saturated=sat.mean(axis=2),
    )


def measure_stack(
    initializer: str,
    activation: str,
    sizes: list[int],
    x: np.ndarray,
    n_nets: int = 4,
    seed: int = 0,
    **init_kw: object,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Measured and predicted per-layer variances of real ``torch.nn`` MLPs of any layer ``sizes``.

    Returns ``(forward_nets, backward_nets, theory_forward, theory_backward)``: ``forward_nets[k, l]``
    is Var(a_l) in network k for l = 0..L (l = 0: the input ``x``), ``backward_nets[k, l]`` is
    Var(∂loss/∂x) for l = 0 and Var(∂loss/∂s_l) for l = 1..L, a N(0, 1) gradient arriving at the
    last activation; the theory (:func:`theory_variances`) in the same layout, ``∂loss/∂x =
    W_1ᵀ δ_1`` giving ``Var = n_1 Var(W_1) Var(δ_1)``. ``init_kw`` (``mode``, ``nonlinearity``) go to
    the sampler and to the weights' closed-form variance alike.
    """
    sizes = [int(n) for n in sizes]
    if x.shape[1] != sizes[0]:
        raise ValueError(f"inputs have {x.shape[1]} columns but the first layer takes {sizes[0]}")
    depth = len(sizes) - 1
    fwd = np.empty((n_nets, depth + 1))
    bwd = np.empty((n_nets, depth + 1))
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(n_nets):
            net = build_mlp(
                sample_layers(initializer, sizes, seed + 101 * k, **init_kw), activation
            )
            fwd[k], bwd[k], _, _ = _propagate(net, x, seed + 101 * k, input_grad=True)
    second = float(np.mean(x**2))
    tf, tb = _layer_theory(initializer, activation, sizes, second, **init_kw)
    w1 = weight_moments(initializer, sizes[0], sizes[1], **init_kw).var
    tb = np.concatenate([[sizes[1] * w1 * tb[0]], tb])
    return fwd, bwd, tf, tb


# The three rules for a layer whose fan-in and fan-out differ: name -> (label, torch.nn.init call,
# the sampler's initializer and keywords). Linear layers, so the gain is 1.
TAPER_RULES: dict[str, tuple[str, str, str, dict]] = {
    "fan-in": (
        "Forward rule: Var(W) = 1/n_in",
        "nn.init.kaiming_normal_(w, mode='fan_in', nonlinearity='linear')",
        "kaiming-normal",
        {"mode": "fan_in", "nonlinearity": "linear"},
    ),
    "xavier": (
        "Xavier: Var(W) = 2/(n_in + n_out)",
        "nn.init.xavier_normal_(w)",
        "xavier-normal",
        {},
    ),
    "fan-out": (
        "Backward rule: Var(W) = 1/n_out",
        "nn.init.kaiming_normal_(w, mode='fan_out', nonlinearity='linear')",
        "kaiming-normal",
        {"mode": "fan_out", "nonlinearity": "linear"},
    ),
}


@dataclass(frozen=True)
class TaperingStack:
    """A linear stack whose widths change (``sizes``, e.g. 784 → 1024 → 256 → 64) under each rule.

    ``forward_nets[r, k, l]``: Var(a_l) in network k of rule r, l = 0..L (l = 0: the input);
    ``backward_nets[r, k, l]``: Var(∂loss/∂a_l), l = 0..L (l = L: the N(0, 1) gradient that
    arrives; l = 0: the gradient reaching the input). ``forward``/``backward`` average the
    networks; ``theory_*`` are :func:`theory_variances`' predictions in the same layout.
    ``weight_var[r, l]`` is Var(W_{l+1}) under rule r.
    """

    rules: tuple[str, ...]
    labels: tuple[str, ...]
    calls: tuple[str, ...]
    sizes: tuple[int, ...]
    inputs: str
    n_samples: int
    weight_var: np.ndarray
    forward_nets: np.ndarray
    backward_nets: np.ndarray
    forward: np.ndarray
    backward: np.ndarray
    theory_forward: np.ndarray
    theory_backward: np.ndarray

    def table(self) -> dict[str, list]:
        return long_table(
            [{"rule": self.rules}, {"layer": range(len(self.sizes))}],
            {
                "width": np.broadcast_to(np.array(self.sizes, float), self.forward.shape),
                "forward_var": self.forward,
                "forward_theory": self.theory_forward,
                "backward_var": self.backward,
                "backward_theory": self.theory_backward,
            },
        )


def tapering_stack(
    sizes: tuple[int, ...] = (784, 1024, 256, 64),
    rules: tuple[str, ...] = ("fan-in", "xavier", "fan-out"),
    inputs: str = "fashion-mnist",
    n_samples: int = 512,
    n_nets: int = 8,
    seed: int = 0,
) -> TaperingStack:
    """Xavier's compromise on a stack of linear layers of changing width, measured beside theory.

    Forward, a linear layer multiplies Var(a) by ``n_in · Var(W)``; backward it multiplies
    Var(∂L/∂a) by ``n_out · Var(W)``. With ``n_in ≠ n_out`` no Var(W) keeps both: 1/n_in keeps the
    forward signal level, 1/n_out the backward one, Xavier's 2/(n_in + n_out) lies in between on
    both (Glorot & Bengio's compromise). Biases are zero; ``inputs`` are standardized
    Fashion-MNIST rows (then ``sizes[0]`` must be 784) or Gaussian rows of width ``sizes[0]``.
    """
    sizes = tuple(check_int("layer size", n, 1) for n in sizes)
    if len(sizes) < 2:
        raise ValueError(f"give at least two layer sizes (input and one layer), got {sizes}")
    rules = tuple(check_choice("rule", r, TAPER_RULES) for r in rules)
    if not rules:
        raise ValueError("give at least one rule")
    inputs = _check_inputs(inputs)
    n_samples = check_int("n_samples", n_samples, 2)
    n_nets = check_int("n_nets", n_nets, 1)
    if inputs == "fashion-mnist" and sizes[0] != 784:
        raise ValueError(
            f"Fashion-MNIST rows have 784 pixels: the first size must be 784, got {sizes[0]}"
        )
    x = _input_rows(inputs, n_samples, sizes[0], seed)
    depth = len(sizes) - 1
    shape = (len(rules), n_nets, depth + 1)
    fwd, bwd = np.empty(shape), np.empty(shape)
    tf, tb = np.empty((len(rules), depth + 1)), np.empty((len(rules), depth + 1))
    wv = np.empty((len(rules), depth))
    for r, rule in enumerate(rules):
        _, _, init, kw = TAPER_RULES[rule]
        fwd[r], bwd[r], tf[r], tb[r] = measure_stack(
            init, "linear", list(sizes), x, n_nets, seed, **kw
        )
        wv[r] = [
            weight_moments(init, a, b, **kw).var for a, b in zip(sizes[:-1], sizes[1:], strict=True)
        ]
    return TaperingStack(
        rules=rules,
        labels=tuple(TAPER_RULES[r][0] for r in rules),
        calls=tuple(TAPER_RULES[r][1] for r in rules),
        sizes=sizes,
        inputs=inputs,
        n_samples=n_samples,
        weight_var=wv,
        forward_nets=fwd,
        backward_nets=bwd,
        forward=fwd.mean(axis=1),
        backward=bwd.mean(axis=1),
        theory_forward=tf,
        theory_backward=tb,
    )


@dataclass(frozen=True)
class LayerHistograms:
    """Histograms of activation values per layer: ``counts[i, l, b]`` (fraction of values per bin)
    for initializer ``i`` and layer ``layers[l]``, on fixed ``edges``; ``var[i, l]`` alongside."""

    activation: str
    initializers: tuple[str, ...]
    labels: tuple[str, ...]
    layers: tuple[int, ...]
    width: int
    edges: np.ndarray
    counts: np.ndarray
    var: np.ndarray
    # fraction of units within 0.01 of a bound (tanh: |a| > 0.99) per initializer and layer
    saturated: np.ndarray
    # Var(∂loss/∂s_l) per initializer and layer, a N(0, 1) gradient arriving at the last layer
    grad_var: np.ndarray
    # n·Var(W) of the hidden layers (width × the initializer's weight variance), per initializer
    gain_per_layer: np.ndarray
    inputs: str = "fashion-mnist"


def layer_histograms(
    activation: str = "tanh",
    initializers: tuple[str, ...] = ("large-normal", "torch-default", "xavier-uniform"),
    depth: int = 5,
    width: int = 1000,
    inputs: str = "fashion-mnist",
    n_samples: int = 1000,
    bins: int = 60,
    seed: int = 0,
) -> LayerHistograms:
    """Glorot & Bengio's view: the distribution of activation values in each layer.

    Their "standard" initialization U(±1/√n) is exactly PyTorch's ``nn.Linear`` default, so it is
    shown as ``torch-default``; large N(0, 1) weights saturate tanh at ±1.
    """
    width, depth, n_samples = _check_net(width, depth, n_samples)
    bins = check_int("bins", bins, 2)
    inputs = _check_inputs(inputs)
    acts.activation(activation)
    initializers = tuple(
        check_choice("initializer", i, VARIANCE_INITIALIZERS) for i in initializers
    )
    x = _input_rows(inputs, n_samples, width, seed)
    sizes = [x.shape[1]] + [width] * depth
    layers = tuple(range(1, depth + 1))
    probe = [acts.values(activation, np.array([-4.0, 4.0]))]
    lo, hi = float(min(probe[0])), float(max(probe[0]))
    pad = 0.05 * (hi - lo)
    edges = np.linspace(lo - pad, hi + pad, bins + 1)
    counts = np.empty((len(initializers), depth, bins))
    var = np.empty((len(initializers), depth))
    sat = np.empty((len(initializers), depth))
    grad = np.empty((len(initializers), depth))
    gain_per_layer = np.empty(len(initializers))
    for i, init in enumerate(initializers):
        net = build_mlp(sample_layers(init, sizes, seed), activation)
        _, grad[i], kept, sat[i] = _propagate(net, x, seed, keep=layers, activation=activation)
        gain_per_layer[i] = width * weight_moments(init, width, width).var
        for k, layer in enumerate(layers):
            a = kept[layer].ravel()
            h, _ = np.histogram(np.clip(a, edges[0], edges[-1]), bins=edges)
            counts[i, k] = h / a.size
            var[i, k] = a.var()
    return LayerHistograms(
        activation=activation,
        initializers=initializers,
        labels=tuple(INITIALIZERS[i][0] for i in initializers),
        layers=layers,
        width=width,
        edges=edges,
        counts=counts,
        var=var,
        saturated=sat,
        grad_var=grad,
        gain_per_layer=gain_per_layer,
        inputs=inputs,
    )


@dataclass(frozen=True)
class Distributions:
    """Sampled weights of each initializer for one ``fan_out × fan_in`` layer.

    ``density[i]``: histogram density on ``edges[i]``; ``grid[i]``/``pdf[i]``: the theoretical
    density; ``mean``/``var``: sample statistics of ours and of ``torch.nn.init`` (``torch_*``)
    beside the closed form (``theory_var``); ``low``/``high``: the uniform bounds (±inf if none).
    ``gain_names``/``gains``: the ``calculate_gain`` table.
    """

    initializers: tuple[str, ...]
    labels: tuple[str, ...]
    calls: tuple[str, ...]
    fan_in: int
    fan_out: int
    n_draws: int
    edges: np.ndarray
    density: np.ndarray
    grid: np.ndarray
    pdf: np.ndarray
    mean: np.ndarray
    var: np.ndarray
    torch_mean: np.ndarray
    torch_var: np.ndarray
    theory_var: np.ndarray
    low: np.ndarray
    high: np.ndarray
    gain_names: tuple[str, ...]
    gains: np.ndarray

    def table(self) -> dict[str, list]:
        return columns(
            {
                "initializer": self.initializers,
                "torch_call": self.calls,
                "theory_var": self.theory_var,
                "sample_var": self.var,
                "torch_sample_var": self.torch_var,
                "sample_mean": self.mean,
                "torch_sample_mean": self.torch_mean,
                "low": self.low,
                "high": self.high,
            }
        )


def init_distributions(
    initializers: tuple[str, ...] = (
        "small-normal",
        "uniform",
        "xavier-normal",
        "xavier-uniform",
        "kaiming-normal",
        "kaiming-uniform",
        "torch-default",
        "orthogonal",
    ),
    fan_in: int = 784,
    fan_out: int = 200,
    bins: int = 60,
    seed: int = 0,
) -> Distributions:
    """Histograms of one layer's weights (784 → 200, the lecture's first junction) per initializer."""
    check_int("bins", bins, 2)
    for name in initializers:
        _check_init(name, fan_in, fan_out, "fan_in")
    k = len(initializers)
    edges = np.empty((k, bins + 1))
    density = np.empty((k, bins))
    grid = np.empty((k, 400))
    pdf = np.empty((k, 400))
    stats = {key: np.empty(k) for key in ("mean", "var", "tmean", "tvar", "theory", "low", "high")}
    for i, name in enumerate(initializers):
        m = weight_moments(name, fan_in, fan_out)
        w = sample_weights(name, fan_out, fan_in, seed).numpy().ravel()
        ref = torch_reference(
            name, torch.empty(fan_out, fan_in, dtype=torch.float64), generator=_generator(seed + 7)
        )
        ref = ref.numpy().ravel()
        sd = math.sqrt(m.var) if m.var > 0 else 1.0
        if m.kind == "uniform":
            # bin edges on the bounds (no bin straddles ±a); 10% margin outside
            step = (m.high - m.low) / (bins - 2 * (bins // 12))
            edges[i] = m.low + step * (np.arange(bins + 1) - bins // 12)
        else:
            edges[i] = np.linspace(-4.0 * sd, 4.0 * sd, bins + 1)
        lim = edges[i][-1]
        density[i], _ = np.histogram(w, bins=edges[i], density=True)
        grid[i] = np.linspace(-lim, lim, 400)
        if m.kind == "uniform":
            pdf[i] = np.where(np.abs(grid[i]) <= m.high, 1.0 / (m.high - m.low), 0.0)
        else:  # normal; orthogonal entries are close to N(0, 1/max(n)) for large layers
            pdf[i] = np.exp(-0.5 * (grid[i] / sd) ** 2) / (sd * math.sqrt(2 * math.pi))
        stats["mean"][i], stats["var"][i] = w.mean(), w.var()
        stats["tmean"][i], stats["tvar"][i] = ref.mean(), ref.var()
        stats["theory"][i] = m.var
        bounded = m.kind == "uniform"
        stats["low"][i] = m.low if bounded else -math.inf
        stats["high"][i] = m.high if bounded else math.inf
    return Distributions(
        initializers=tuple(initializers),
        labels=tuple(INITIALIZERS[n][0] for n in initializers),
        calls=tuple(INITIALIZERS[n][1] for n in initializers),
        fan_in=fan_in,
        fan_out=fan_out,
        n_draws=fan_in * fan_out,
        edges=edges,
        density=density,
        grid=grid,
        pdf=pdf,
        mean=stats["mean"],
        var=stats["var"],
        torch_mean=stats["tmean"],
        torch_var=stats["tvar"],
        theory_var=stats["theory"],
        low=stats["low"],
        high=stats["high"],
        gain_names=GAIN_NONLINEARITIES,
        gains=np.array([gain(n) for n in GAIN_NONLINEARITIES]),
    )


@dataclass(frozen=True)
class Symmetry:
    """Training a small tanh network from zeros, a constant and a random (Xavier) start.

    ``receptive[r, c, u]``: hidden unit u's incoming weights (28 × 28) at checkpoint c of run r;
    ``spread[r, s]``: the largest difference between two hidden units' weight rows after step s;
    ``grad_first[r, s]``/``grad_second[r, s]``: gradient norms of the two weight matrices;
    ``loss``/``accuracy`` per step on the training slice.
    """

    inits: tuple[str, ...]
    labels: tuple[str, ...]
    hidden: int
    steps: int
    lr: float
    checkpoints: np.ndarray
    receptive: np.ndarray
    spread: np.ndarray
    grad_first: np.ndarray
    grad_second: np.ndarray
    loss: np.ndarray
    accuracy: np.ndarray
    n_samples: int = 0
    value: float = 0.0  # every weight's value in the "constant" start
    class_freq: np.ndarray | None = None  # share of each class in the training slice
    # share of hidden tanh units with |a| > 0.99 at step 0, per run (over units and images)
    start_saturated: np.ndarray | None = None


def symmetry(
    inits: tuple[str, ...] = ("zeros", "constant", "xavier-normal"),
    hidden: int = 8,
    n_samples: int = 2000,
    steps: int = 300,
    lr: float = 0.3,
    value: float = 0.002,
    checkpoints: int = 31,
    seed: int = 0,
) -> Symmetry:
    """Full-batch gradient descent on a Fashion-MNIST slice, 784 → ``hidden`` (tanh) → 10.

    With all-zero weights tanh(0) = 0 reaches the output, so the output weights get no gradient and
    stay zero, and then δ₁ = σ̇ ⊙ W₂ᵀδ₂ = 0: the first layer never receives a gradient. With a
    constant every hidden unit computes the same thing, receives the same gradient and stays
    identical forever. Biases start at zero in every run. The constant is small (0.002) so that tanh
    is not saturated: what stops learning is the symmetry, not a vanishing derivative. In floating
    point the units stay identical to the last bit as long as the matrix kernels treat every row
    alike (they do here for 8 units; with some widths rounding differs by row and gradient descent
    slowly amplifies 1e-18 differences: ``spread`` records what actually happened).
    """
    for name in inits:
        check_choice("initializer", name, INITIALIZERS)
    hidden = check_int("hidden", hidden, 2)
    n_samples = check_int("n_samples", n_samples, 10)
    steps = check_int("steps", steps, 1)
    lr = check_positive("lr", lr)
    checkpoints = check_int("checkpoints", checkpoints, 2)
    from vizdl.sim.data import load

    ds = load("train")
    idx = np.sort(np.random.default_rng(seed).choice(len(ds.images), n_samples, replace=False))
    x = torch.as_tensor(ds.images[idx].reshape(n_samples, -1) / 255.0, dtype=torch.float64)
    y = torch.as_tensor(ds.labels[idx])
    ckpt = np.unique(np.linspace(0, steps, checkpoints).round().astype(int))
    r = len(inits)
    receptive = np.empty((r, len(ckpt), hidden, 28, 28), dtype=np.float32)
    spread = np.empty((r, steps + 1))
    g1, g2 = np.zeros((r, steps + 1)), np.zeros((r, steps + 1))
    start_sat = np.empty(r)
    loss, acc = np.empty((r, steps + 1)), np.empty((r, steps + 1))
    for k, name in enumerate(inits):
        net = torch.nn.Sequential(
            torch.nn.Linear(784, hidden, dtype=torch.float64),
            torch.nn.Tanh(),
            torch.nn.Linear(hidden, 10, dtype=torch.float64),
        )
        with torch.no_grad():
            for j, lin in enumerate((net[0], net[2])):
                w = sample_weights(name, lin.out_features, lin.in_features, seed + j, value=value)
                lin.weight.copy_(w)
                lin.bias.zero_()
        opt = torch.optim.SGD(net.parameters(), lr=lr)
        c = 0
        for step in range(steps + 1):
            w1 = net[0].weight.detach()
            spread[k, step] = float((w1.max(dim=0).values - w1.min(dim=0).values).max())
            if step == ckpt[c]:
                receptive[k, c] = w1.numpy().reshape(hidden, 28, 28)
                c += 1
            opt.zero_grad()
            if step == 0:
                with torch.no_grad():
                    start_sat[k] = saturated_fraction("tanh", net[1](net[0](x)).numpy())
            out = net(x)
            batch_loss = torch.nn.functional.cross_entropy(out, y)
            batch_loss.backward()
            loss[k, step] = float(batch_loss.detach())
            acc[k, step] = float((out.argmax(1) == y).double().mean())
            g1[k, step] = float(net[0].weight.grad.norm())
            g2[k, step] = float(net[2].weight.grad.norm())
            if step < steps:
                opt.step()
    return Symmetry(
        inits=tuple(inits),
        labels=tuple(INITIALIZERS[n][0] for n in inits),
        hidden=hidden,
        steps=steps,
        lr=lr,
        checkpoints=ckpt,
        receptive=receptive,
        spread=spread,
        grad_first=g1,
        grad_second=g2,
        loss=loss,
        accuracy=acc,
        n_samples=n_samples,
        value=float(value),
        class_freq=np.bincount(y.numpy(), minlength=10) / n_samples,
        start_saturated=start_sat,
    )


@dataclass(frozen=True)
class LinearChain:
    """A deep linear chain ``a_l = W_l a_{l-1}`` with ``W ~ N(0, c²/n)``: ``forward[k, l]`` is
    Var(a_l) and ``backward[k, l]`` Var(∂loss/∂a_l) for scale ``scales[k]``; theory ``c^{2l}``."""

    scales: np.ndarray
    width: int
    depth: int
    forward: np.ndarray
    backward: np.ndarray
    theory_forward: np.ndarray
    theory_backward: np.ndarray


def linear_chain(
    scales: tuple[float, ...] = (0.5, 0.9, 1.0, 1.1, 1.5),
    width: int = 256,
    depth: int = 50,
    n_samples: int = 1000,
    seed: int = 0,
) -> LinearChain:
    """Too small and too large weights in a deep linear chain: Var multiplies by c² per layer.

    ``Var(a_L) = Π n Var(W) Var(x) = c^{2L} Var(x)``: with c = 0.9 the signal is 0.9^100 ≈ 3e-5 of
    itself after 50 layers, with c = 1.1 it is 1.4e4 times larger. Gaussian inputs, Var(x) = 1.
    """
    width, depth, n_samples = _check_net(width, depth, n_samples)
    sc = np.array([check_positive("scale", s) for s in scales], dtype=np.float64)
    if not (np.any(sc < 1) and np.any(sc > 1) and np.any(sc == 1)):
        raise ValueError(
            f"scales = {', '.join(f'{v:g}' for v in sc)}: give 1 and at least one scale below and "
            "one above it (the picture compares them)"
        )
    x = torch.as_tensor(np.random.default_rng(seed).standard_normal((n_samples, width)))
    fwd = np.empty((len(sc), depth + 1))
    bwd = np.empty((len(sc), depth + 1))
    for k, c in enumerate(sc):
        a = x.clone().requires_grad_(True)
        h = a
        outs = [h]
        for layer in range(depth):
            w = torch.randn((width, width), generator=_generator(seed + layer), dtype=torch.float64)
            h = h @ (w * (c / math.sqrt(width))).T
            h.retain_grad()
            outs.append(h)
        g = torch.randn(h.shape, generator=_generator(seed + 31), dtype=torch.float64)
        h.backward(g)
        fwd[k] = [float(o.detach().var(unbiased=False)) for o in outs]
        bwd[k] = [float(o.grad.var(unbiased=False)) for o in outs]
    layers = np.arange(depth + 1)
    theory_f = sc[:, None] ** (2 * layers[None, :]) * fwd[:, :1]
    theory_b = sc[:, None] ** (2 * (depth - layers[None, :])) * bwd[:, -1:]
    return LinearChain(
        scales=sc,
        width=width,
        depth=depth,
        forward=fwd,
        backward=bwd,
        theory_forward=theory_f,
        theory_backward=theory_b,
    )


# --- He's step and calculate_gain in use (issue 15, items 7 and 8) -------------------------------


def torch_kaiming_layers(
    sizes: list[int], seed: int, **kaiming_kw: object
) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """Weights ``[(W_1, b_1), …]`` filled by ``torch.nn.init.kaiming_normal_(w, **kaiming_kw)``
    itself (torch's own ``calculate_gain`` and fan), from a seeded generator; biases zero."""
    out = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        w = torch.empty(n_out, n_in, dtype=torch.float64)
        with torch.no_grad():
            torch.nn.init.kaiming_normal_(w, generator=_generator(seed + 1000 * i), **kaiming_kw)
        out.append((w, torch.zeros(n_out, dtype=torch.float64)))
    return out


def _stack(layers: list[tuple[torch.Tensor, torch.Tensor]], module: object) -> torch.nn.Sequential:
    """``build_mlp`` with the activation module ``module()`` (Leaky ReLU of any negative slope)."""
    net = build_mlp(layers, "linear")
    for i in range(1, len(net), 2):
        net[i] = module()
    return net


def layer_moments(net: torch.nn.Sequential, x: np.ndarray) -> dict[str, np.ndarray]:
    """Per layer l = 1..L of an alternating Linear/activation stack, pooled over units and rows:
    ``pre_var`` Var(y_l), ``pre_mean`` E[y_l], ``pre_positive`` P(y_l > 0) (y the pre-activation),
    ``post_second`` E[x_l²], ``post_mean`` E[x_l], ``post_var`` Var(x_l) (x = φ(y))."""
    keys = ("pre_var", "pre_mean", "pre_positive", "post_second", "post_mean", "post_var")
    out: dict[str, list[float]] = {k: [] for k in keys}
    a = torch.as_tensor(x, dtype=torch.float64)
    mods = list(net)
    with torch.no_grad():
        for i in range(0, len(mods), 2):
            y = mods[i](a)
            a = mods[i + 1](y)
            # statistics in numpy: many small torch reductions cost more than the layers
            yn, an = y.numpy(), a.numpy()
            out["pre_var"].append(float(yn.var()))
            out["pre_mean"].append(float(yn.mean()))
            out["pre_positive"].append(float(np.mean(yn > 0)))
            out["post_second"].append(float(np.mean(an * an)))
            out["post_mean"].append(float(an.mean()))
            out["post_var"].append(float(an.var()))
    return {k: np.array(v) for k, v in out.items()}


def _pre_theory(sizes: list[int], weight_vars: list[float], activation: str, second: float):
    """Closed-form Var(y_l), l = 1..L: q_l = n_{l-1}·Var(W_l)·E[x_{l-1}²], E[x²] at q (Gaussian)."""
    q = np.empty(len(weight_vars))
    prev = second
    for i, wv in enumerate(weight_vars):
        q[i] = sizes[i] * wv * prev
        prev = gaussian_moments(activation, q[i])[1]
    return q


MEAN_ACTIVATIONS = ("tanh", "relu", "sigmoid")


@dataclass(frozen=True)
class HeStep:
    """He's step E[x²] = ½ Var(y) in ReLU networks initialised by ``torch.nn.init.kaiming_normal_``,
    and what a non-zero mean of the activations adds to the next layer's variance.

    ReLU networks (``sizes``; ``n_nets`` of them, independent weights), layer l = 1..depth:
    ``pre_var_nets[k, l-1]`` Var(y_l) in network k, ``post_second_nets[k, l-1]`` E[x_l²] with x_l =
    max(0, y_l), pooled over units and rows; ``pre_var``/``post_second`` their means over the
    networks; ``pre_mean`` E[y_l] and ``pre_positive`` P(y_l > 0) over all networks;
    ``input_second`` E[x_0²]; ``weight_var[k, l-1]`` the sample variance of each kaiming_normal_
    matrix beside ``weight_var_theory`` 2/n_in; ``theory_pre_var`` the closed-form recursion
    Var(y_l) = n_{l-1}·Var(w)·E[x_{l-1}²], E[x²] = q/2, from the input on. ``hist_counts``
    (density on ``hist_edges``): y of layer ``hist_layer``, network 0.

    The mean's term: for each of ``activations`` the same two layers (``sizes[0]`` → ``sizes[1]``
    → ``sizes[1]``, kaiming_normal_ with gain 1, so n·Var(w) = ``next_gain`` = 1): x₁ = φ(y₁),
    y₂ = W₂ x₁. ``act_mean``/``act_var``: measured E[x₁], Var(x₁); ``next_var``: measured
    Var(y₂) (means over ``n_nets`` draws of the two layers); ``theory_mean``/``theory_second``: E[φ], E[φ²] for y₁ ~ N(0, ``mean_q``).
    """

    sizes: tuple[int, ...]
    inputs: str
    n_samples: int
    input_second: float
    weight_var: np.ndarray
    weight_var_theory: np.ndarray
    pre_var_nets: np.ndarray
    post_second_nets: np.ndarray
    pre_var: np.ndarray
    post_second: np.ndarray
    pre_mean: np.ndarray
    pre_positive: np.ndarray
    theory_pre_var: np.ndarray
    hist_layer: int
    hist_edges: np.ndarray
    hist_counts: np.ndarray
    activations: tuple[str, ...]
    mean_q: float
    act_mean: np.ndarray
    act_var: np.ndarray
    next_var: np.ndarray
    theory_mean: np.ndarray
    theory_second: np.ndarray
    next_gain: float

    def table(self) -> dict[str, list]:
        return columns(
            {
                "layer": range(1, len(self.sizes)),
                "fan_in": self.sizes[:-1],
                "weight_var": self.weight_var.mean(axis=0),
                "weight_var_theory": self.weight_var_theory,
                "pre_var": self.pre_var,
                "pre_var_theory": self.theory_pre_var,
                "half_pre_var": self.pre_var / 2,
                "post_second": self.post_second,
                "pre_mean": self.pre_mean,
                "pre_positive": self.pre_positive,
            }
        )


def he_step(
    width: int = 512,
    depth: int = 10,
    inputs: str = "fashion-mnist",
    n_samples: int = 500,
    n_nets: int = 8,
    bins: int = 60,
    seed: int = 0,
) -> HeStep:
    """The lecture's He derivation measured: Var(y_l) = n·Var(w)·E[x_{l-1}²] and, for ReLU with y
    symmetric around 0, E[x²] = ½ Var(y), so Var(w) = 2/n (``kaiming_normal_``, mode fan_in,
    nonlinearity 'relu') keeps Var(y) level; beside it, Var(w·x) = Var(w)·(Var(x) + E[x]²): an
    activation whose mean is not zero (sigmoid's ½) adds n·Var(w)·E[x]² to the next layer's variance.
    """
    width, depth, n_samples = _check_net(width, depth, n_samples)
    n_nets = check_int("n_nets", n_nets, 1)
    bins = check_int("bins", bins, 2)
    inputs = _check_inputs(inputs)
    x = _input_rows(inputs, n_samples, width, seed)
    sizes = [x.shape[1]] + [width] * depth
    pre, post = np.empty((n_nets, depth)), np.empty((n_nets, depth))
    wvar, mean, pos = np.empty((n_nets, depth)), np.zeros(depth), np.zeros(depth)
    for k in range(n_nets):
        layers = torch_kaiming_layers(sizes, seed + 101 * k, mode="fan_in", nonlinearity="relu")
        m = layer_moments(build_mlp(layers, "relu"), x)
        pre[k], post[k] = m["pre_var"], m["post_second"]
        mean += m["pre_mean"] / n_nets
        pos += m["pre_positive"] / n_nets
        wvar[k] = [float(w.var(unbiased=False)) for w, _ in layers]
        if k == 0:
            first = layers
    second = float(np.mean(x**2))
    theory = _pre_theory(sizes, [gain("relu") ** 2 / n for n in sizes[:-1]], "relu", second)
    hist_layer = max(1, depth // 2)
    net = _stack(first[:hist_layer], torch.nn.ReLU)
    net[-1] = torch.nn.Identity()  # y of layer hist_layer, before its ReLU
    with torch.no_grad():
        y = net(torch.as_tensor(x, dtype=torch.float64)).numpy().ravel()
    sd = math.sqrt(pre[0, hist_layer - 1])
    edges = np.linspace(-4 * sd, 4 * sd, bins + 1)
    counts, _ = np.histogram(np.clip(y, edges[0], edges[-1]), bins=edges, density=True)
    # the mean's term: the same two layers under each activation, n·Var(w) = 1, n_nets draws
    j_n = len(MEAN_ACTIVATIONS)
    act_mean, act_var, next_var = np.zeros(j_n), np.zeros(j_n), np.zeros(j_n)
    th_mean, th_second = np.empty(j_n), np.empty(j_n)
    q1 = sizes[0] * (1.0 / sizes[0]) * second
    for k in range(n_nets):
        two = torch_kaiming_layers(sizes[:3], seed + 1 + 101 * k, nonlinearity="linear")
        for j, act in enumerate(MEAN_ACTIVATIONS):
            mm = layer_moments(build_mlp(two, act), x)
            act_mean[j] += mm["post_mean"][0] / n_nets
            act_var[j] += mm["post_var"][0] / n_nets
            next_var[j] += mm["pre_var"][1] / n_nets
    for j, act in enumerate(MEAN_ACTIVATIONS):
        th_mean[j], th_second[j], _ = gaussian_moments(act, q1)
    return HeStep(
        sizes=tuple(sizes),
        inputs=inputs,
        n_samples=n_samples,
        input_second=second,
        weight_var=wvar,
        weight_var_theory=np.array([2.0 / n for n in sizes[:-1]]),
        pre_var_nets=pre,
        post_second_nets=post,
        pre_var=pre.mean(axis=0),
        post_second=post.mean(axis=0),
        pre_mean=mean,
        pre_positive=pos,
        theory_pre_var=theory,
        hist_layer=hist_layer,
        hist_edges=edges,
        hist_counts=counts,
        activations=MEAN_ACTIVATIONS,
        mean_q=q1,
        act_mean=act_mean,
        act_var=act_var,
        next_var=next_var,
        theory_mean=th_mean,
        theory_second=th_second,
        next_gain=float(sizes[1] * (1.0 / sizes[1])),
    )


GAIN_MODES = ("fan_in", "fan_out")


def _torch_stack_runs(
    activation: str,
    sizes: list[int],
    x: np.ndarray,
    n_nets: int,
    seed: int,
    pre_activations: bool = True,
    **kaiming_kw: object,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n_nets`` networks from :func:`torch_kaiming_layers`: per network Var(a_l) for l = 0..L,
    Var(∂L/∂x) then Var(δ_l) for l = 1..L (:func:`_propagate`, a N(0, 1) gradient arriving at the
    last activation), and Var(y_l) for l = 1..L (the pre-activations; NaN without
    ``pre_activations``)."""
    depth = len(sizes) - 1
    fwd, bwd = np.empty((n_nets, depth + 1)), np.empty((n_nets, depth + 1))
    pre = np.empty((n_nets, depth))
    with np.errstate(over="ignore", invalid="ignore"):
        for k in range(n_nets):
            net = build_mlp(torch_kaiming_layers(sizes, seed + 101 * k, **kaiming_kw), activation)
            pre[k] = layer_moments(net, x)["pre_var"] if pre_activations else np.nan
            fwd[k], bwd[k], _, _ = _propagate(net, x, seed + 101 * k, input_grad=True)
    return fwd, bwd, pre


def _torch_stack_theory(
    activation: str, sizes: list[int], second: float, **kaiming_kw: object
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_torch_stack_runs`' layout in theory: Var(a_l), Var(∂L/∂x) and Var(δ_l), Var(y_l),
    with Var(W) = gain²/fan as kaiming_normal_ draws it."""
    tf, tb = _layer_theory("kaiming-normal", activation, sizes, second, **kaiming_kw)
    wv = [
        weight_moments("kaiming-normal", a, b, **kaiming_kw).var
        for a, b in zip(sizes[:-1], sizes[1:], strict=True)
    ]
    tb = np.concatenate([[sizes[1] * wv[0] * tb[0]], tb])
    return tf, tb, _pre_theory(sizes, wv, activation, second)


@dataclass(frozen=True)
class GainUse:
    """``torch.nn.init.calculate_gain`` in use, three ways; every weight drawn by
    ``torch.nn.init.kaiming_normal_`` itself.

    Tanh through depth (``tanh_sizes``) with nonlinearity 'linear' (gain 1) and 'tanh' (gain 5/3),
    ``tanh_gains``: ``tanh_forward[g, l]`` Var(a_l), l = 0..L (0: the input), ``tanh_backward[g,
    l]`` Var(∂L/∂x) (l = 0) then Var(δ_l), l = 1..L (a N(0, 1) gradient arriving at the last
    layer); ``*_nets`` per network (axis 1), ``*_theory`` :func:`theory_variances`'.

    ReLU on a stack of changing widths (``fan_sizes``) under mode 'fan_in' and 'fan_out'
    (``modes``, nonlinearity 'relu'): ``fan_pre[m, l-1]`` Var(y_l) (forward, pre-activation) and
    ``fan_backward[m, l]`` (the tanh layout), with ``*_nets`` and ``*_theory``.

    Leaky ReLU for each negative slope of ``slopes`` (``leaky_sizes``): ``leaky_pre_var[s, l-1]``
    Var(y_l) and ``leaky_post_second[s, l-1]`` E[x_l²] under ``kaiming_normal_(w, a=slope,
    nonlinearity='leaky_relu')``, and ``relu_gain_pre_var[s, l-1]`` Var(y_l) of the same activation
    under the plain ReLU gain √2 (the same draws, scaled), means over the ``n_nets`` networks; ``torch_gains[s]``:
    torch.nn.init.calculate_gain('leaky_relu', a), ``gains[s]``: vizdl's :func:`gain`;
    ``leaky_weight_var[s]`` the sample Var(W) of layer 2 (fan-in ``leaky_sizes[1]``).
    """

    inputs: str
    n_samples: int
    n_nets: int
    tanh_sizes: tuple[int, ...]
    tanh_gains: np.ndarray
    tanh_forward: np.ndarray
    tanh_backward: np.ndarray
    tanh_forward_nets: np.ndarray
    tanh_backward_nets: np.ndarray
    tanh_forward_theory: np.ndarray
    tanh_backward_theory: np.ndarray
    fan_sizes: tuple[int, ...]
    modes: tuple[str, ...]
    fan_pre: np.ndarray
    fan_backward: np.ndarray
    fan_pre_nets: np.ndarray
    fan_backward_nets: np.ndarray
    fan_pre_theory: np.ndarray
    fan_backward_theory: np.ndarray
    leaky_sizes: tuple[int, ...]
    slopes: np.ndarray
    torch_gains: np.ndarray
    gains: np.ndarray
    leaky_weight_var: np.ndarray
    leaky_pre_var: np.ndarray
    leaky_post_second: np.ndarray
    relu_gain_pre_var: np.ndarray

    def measured_gains(self) -> np.ndarray:
        """Per slope, √(Var(y_l)/E[x_l²]) (geometric mean over the layers): the gain that carries
        E[x²] back to Var(y), measured."""
        return np.sqrt(np.exp(np.mean(np.log(self.leaky_pre_var / self.leaky_post_second), axis=1)))

    def table(self) -> dict[str, list]:
        return columns(
            {
                "slope": self.slopes,
                "gain_vizdl": self.gains,
                "gain_torch": self.torch_gains,
                "gain_measured": self.measured_gains(),
                "weight_var_layer2": self.leaky_weight_var,
            }
        )


def gain_in_use(
    width: int = 256,
    depth: int = 30,
    fan_sizes: tuple[int, ...] = (784, 1024, 512, 256, 128),
    slopes: tuple[float, ...] = (0.0, 0.01, 0.2, 0.5, 1.0),
    leaky_depth: int = 8,
    inputs: str = "fashion-mnist",
    n_samples: int = 400,
    n_nets: int = 4,
    seed: int = 0,
) -> GainUse:
    """Tanh with gain 5/3 vs 1 through ``depth`` layers, fan_in vs fan_out on a ReLU stack whose
    widths change (forward and backward), and Leaky ReLU's gain √(2/(1 + a²)) measured as
    √(Var(y)/E[x²]) in real ``kaiming_normal_`` networks of ``leaky_depth`` layers."""
    from vizdl.sim._checks import check_nonnegative

    width, depth, n_samples = _check_net(width, depth, n_samples)
    leaky_depth = check_int("leaky_depth", leaky_depth, 2)
    n_nets = check_int("n_nets", n_nets, 1)
    inputs = _check_inputs(inputs)
    fan_sizes = tuple(check_int("layer size", n, 1) for n in fan_sizes)
    if len(fan_sizes) < 2:
        raise ValueError(f"give at least two layer sizes (input and one layer), got {fan_sizes}")
    sl = np.array([check_nonnegative("negative slope", a) for a in slopes], dtype=np.float64)
    if not sl.size:
        raise ValueError("give at least one negative slope")
    if inputs == "fashion-mnist" and fan_sizes[0] != 784:
        raise ValueError(
            f"Fashion-MNIST rows have 784 pixels: the first size must be 784, got {fan_sizes[0]}"
        )
    x = _input_rows(inputs, n_samples, width, seed)
    second = float(np.mean(x**2))
    tanh_sizes = [x.shape[1]] + [width] * depth
    tanh_kw = [dict(mode="fan_in", nonlinearity=nl) for nl in ("linear", "tanh")]
    tanh = [_torch_stack_runs("tanh", tanh_sizes, x, n_nets, seed, False, **kw) for kw in tanh_kw]
    tanh_th = [_torch_stack_theory("tanh", tanh_sizes, second, **kw) for kw in tanh_kw]
    xf = x if x.shape[1] == fan_sizes[0] else _input_rows(inputs, n_samples, fan_sizes[0], seed)
    fan_kw = [dict(mode=m, nonlinearity="relu") for m in GAIN_MODES]
    fan = [_torch_stack_runs("relu", list(fan_sizes), xf, n_nets, seed, **kw) for kw in fan_kw]
    second_f = float(np.mean(xf**2))
    fan_th = [_torch_stack_theory("relu", list(fan_sizes), second_f, **kw) for kw in fan_kw]
    leaky_sizes = [x.shape[1]] + [width] * leaky_depth
    shape = (sl.size, leaky_depth)
    wvar = np.empty(sl.size)
    pre, post, relu_pre = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    for k in range(n_nets):  # the same draws for every slope, scaled by its gain
        net_seed = seed + 101 * k
        relu_layers = torch_kaiming_layers(
            leaky_sizes, net_seed, mode="fan_in", nonlinearity="relu"
        )
        for s, a in enumerate(sl):
            layers = torch_kaiming_layers(
                leaky_sizes, net_seed, a=float(a), mode="fan_in", nonlinearity="leaky_relu"
            )
            if k == 0:
                wvar[s] = float(layers[min(1, leaky_depth - 1)][0].var(unbiased=False))

            def module(a: float = float(a)) -> torch.nn.Module:
                return torch.nn.LeakyReLU(a)

            m = layer_moments(_stack(layers, module), x)
            pre[s] += m["pre_var"] / n_nets
            post[s] += m["post_second"] / n_nets
            relu_pre[s] += layer_moments(_stack(relu_layers, module), x)["pre_var"] / n_nets

    def stacked(runs: list, k: int) -> np.ndarray:
        return np.stack([r[k] for r in runs])

    return GainUse(
        inputs=inputs,
        n_samples=n_samples,
        n_nets=n_nets,
        tanh_sizes=tuple(tanh_sizes),
        tanh_gains=np.array([gain("linear"), gain("tanh")]),
        tanh_forward=stacked(tanh, 0).mean(axis=1),
        tanh_backward=stacked(tanh, 1).mean(axis=1),
        tanh_forward_nets=stacked(tanh, 0),
        tanh_backward_nets=stacked(tanh, 1),
        tanh_forward_theory=stacked(tanh_th, 0),
        tanh_backward_theory=stacked(tanh_th, 1),
        fan_sizes=fan_sizes,
        modes=GAIN_MODES,
        fan_pre=stacked(fan, 2).mean(axis=1),
        fan_backward=stacked(fan, 1).mean(axis=1),
        fan_pre_nets=stacked(fan, 2),
        fan_backward_nets=stacked(fan, 1),
        fan_pre_theory=stacked(fan_th, 2),
        fan_backward_theory=stacked(fan_th, 1),
        leaky_sizes=tuple(leaky_sizes),
        slopes=sl,
        torch_gains=np.array([torch.nn.init.calculate_gain("leaky_relu", float(a)) for a in sl]),
        gains=np.array([gain("leaky_relu", float(a)) for a in sl]),
        leaky_weight_var=wvar,
        leaky_pre_var=pre,
        leaky_post_second=post,
        relu_gain_pre_var=relu_pre,
    )
