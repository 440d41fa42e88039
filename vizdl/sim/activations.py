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
