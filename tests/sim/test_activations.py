"""Activation values against torch.nn.functional, derivatives against autograd (kinks included)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from vizdl.sim import activations as A

# a grid that hits every kink exactly (0, ±1, ±3) and the softplus threshold (20)
GRID = np.unique(np.concatenate([np.linspace(-25, 25, 2001), [-3, -1, 0, 1, 3, 20, 20.000001]]))


def torch_reference(name: str, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    t = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    F = torch.nn.functional
    fns = {
        "linear": lambda v: v,
        "sigmoid": torch.sigmoid,
        "tanh": torch.tanh,
        "relu": F.relu,
        "leaky_relu": F.leaky_relu,
        "prelu": lambda v: F.prelu(v, torch.tensor([0.25], dtype=torch.float64)),
        "elu": F.elu,
        "hardsigmoid": F.hardsigmoid,
        "hardtanh": F.hardtanh,
        "hardswish": F.hardswish,
        "logsigmoid": F.logsigmoid,
        "softplus": F.softplus,
        "gelu": F.gelu,
    }
    y = fns[name](t)
    (g,) = torch.autograd.grad(y.sum(), t)
    return y.detach().numpy(), g.numpy()


@pytest.mark.parametrize("name", list(A.ACTIVATIONS))
def test_values_and_derivatives_match_torch_and_autograd(name: str) -> None:
    value, grad = torch_reference(name, GRID)
    np.testing.assert_allclose(A.values(name, GRID), value, rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(A.derivative(name, GRID), grad, rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("name", list(A.ACTIVATIONS))
def test_the_torch_module_computes_the_same_function(name: str) -> None:
    x = torch.tensor(GRID, dtype=torch.float64)
    with torch.no_grad():
        y = A.torch_module(name).to(torch.float64)(x).numpy()
    np.testing.assert_allclose(A.values(name, GRID), y, rtol=1e-6, atol=1e-6)


def test_sigmoid_derivative_is_at_most_a_quarter_with_equality_at_zero() -> None:
    d = A.derivative("sigmoid", GRID)
    assert d.max() == pytest.approx(0.25, abs=1e-15)
    assert GRID[np.argmax(d)] == 0.0
    np.testing.assert_allclose(
        A.values("tanh", GRID), 2 * A.values("sigmoid", 2 * GRID) - 1, atol=1e-12
    )


def test_unknown_activation_names_the_allowed_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown activation 'rellu' \(did you mean 'relu'\?\)"):
        A.values("rellu", GRID)


# --- the topic's computations ---------------------------------------------------------------------


def test_gallery_records_agreement_with_torch_and_autograd() -> None:
    g = A.activation_gallery()
    assert g.names == tuple(A.ACTIVATIONS)
    assert g.value_error.max() < 1e-6 and g.grad_error.max() < 1e-6


def test_softmax_of_two_equals_the_sigmoid_of_the_difference() -> None:
    s = A.softmax_sigmoid()
    assert s.max_diff_curve < 1e-15 and s.max_diff_pairs < 1e-15
    np.testing.assert_allclose(s.pair_softmax, s.pair_sigmoid, atol=1e-15)
