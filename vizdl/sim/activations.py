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

from vizdl.sim._checks import check_choice, check_int, check_positive
from vizdl.sim._tables import columns

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


@dataclass(frozen=True)
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
        return columns(
            {
                "activation": self.names,
                "max_abs_error_vs_torch": self.value_error,
                "max_abs_error_vs_autograd": self.grad_error,
                "derivative_max": self.df.max(axis=1),
            }
        )


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
        names=tuple(names),
        labels=tuple(ACTIVATIONS[n].label for n in names),
        formulas=tuple(ACTIVATIONS[n].formula for n in names),
        x=x,
        f=f,
        df=df,
        value_error=np.array(ve),
        grad_error=np.array(ge),
    )


@dataclass(frozen=True)
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
        s=s.numpy(),
        sigmoid=sig.numpy(),
        softmax=soft.numpy(),
        pairs=pairs.numpy(),
        pair_softmax=psoft.numpy(),
        pair_sigmoid=psig.numpy(),
        max_diff_curve=float((sig - soft).abs().max()),
        max_diff_pairs=float((psoft - psig).abs().max()),
    )
