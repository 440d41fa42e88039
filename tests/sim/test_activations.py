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


@pytest.fixture(scope="module")
def products() -> A.DerivativeProducts:
    return A.derivative_products(depth=20, width=128, n_samples=64, n_paths=32)


def test_sigmoid_derivative_products_respect_the_4_to_the_minus_L_bound(products) -> None:
    k = products.activations.index("sigmoid")
    # every path's product, not just the mean, is below 4^-L: check the 90% quantile and the mean
    assert np.all(products.q90[k] <= products.bound * (1 + 1e-12))
    assert np.all(products.mean[k] <= products.bound * (1 + 1e-12))
    assert products.mean[k, -1] < 1e-12


def test_relu_paths_are_all_or_nothing(products) -> None:
    k = products.activations.index("relu")
    # a ReLU path's product is 1 while every unit is on, else 0: mean = share alive
    np.testing.assert_allclose(products.mean[k], products.alive[k])
    assert products.alive[k, 1] == pytest.approx(0.5, abs=0.1)


def test_gradient_norms_vanish_geometrically_for_sigmoid_and_not_for_relu_kaiming() -> None:
    n = A.gradient_norms(
        pairs=(("sigmoid", "xavier-normal"), ("relu", "kaiming-normal")), width=256, depth=20
    )
    sig, relu = n.norms
    rate = np.polyfit(np.arange(20), np.log10(sig), 1)[0]
    assert rate > 0.3  # each layer closer to the output: > 2x larger gradient
    assert sig[-1] / sig[0] > 1e6
    assert relu.max() / relu.min() < 4  # "within a factor of a few over 20 layers"


def test_repeated_composition_gets_more_nonlinear() -> None:
    c = A.repeated_composition()
    assert c.turns[0] == 0  # t = 0 is a linear projection
    assert c.turns[-1] > c.turns[1] and c.turns[-1] >= 8
    assert c.small_slope[-1] > 0.5  # most of the function is nearly flat


def test_softmax_of_two_equals_the_sigmoid_of_the_difference() -> None:
    s = A.softmax_sigmoid()
    assert s.max_diff_curve < 1e-15 and s.max_diff_pairs < 1e-15
    np.testing.assert_allclose(s.pair_softmax, s.pair_sigmoid, atol=1e-15)


def test_dying_relu_units_never_come_back_while_leaky_ones_do() -> None:
    r = A.dying_relu(steps=200, record_every=20, n_train=3000)
    relu, leaky = r.variants.index("relu"), r.variants.index("leaky_relu")
    # once a first-layer ReLU unit is off for every input it gets no gradient: the share never drops
    assert np.all(np.diff(r.off[relu, 0]) >= 0)
    assert r.off[relu, 1, -1] > 2 * r.off[leaky, 1, -1]
    assert r.off[relu, 0, -1] > 0.1


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: A.derivative_products(activations=("swish",)), r"unknown activation 'swish'"),
        (lambda: A.derivative_products(depth=0), r"depth must be an integer >= 1, got 0"),
        (lambda: A.gradient_norms(width=0), r"width must be an integer >= 1, got 0"),
        (lambda: A.gradient_norms(pairs=(("relu", "he"),)), r"unknown initializer 'he'"),
        (lambda: A.dying_relu(variants=("elu",)), r"unknown variant 'elu'"),
    ],
)
def test_bad_input_gets_a_clear_error(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()
