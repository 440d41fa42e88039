"""Vanishing gradients through depth, on real torch networks (vizdl.sim.vanishing)."""

from __future__ import annotations

from itertools import product

import numpy as np
import pytest
import torch

from vizdl.sim import vanishing as V
from vizdl.sim.activations import derivative
from vizdl.sim.data import standardized_rows
from vizdl.sim.initialization import sample_layers
from vizdl.sim.networks import build_mlp


@pytest.fixture(scope="module")
def products() -> V.DerivativeProducts:
    return V.derivative_products(depth=20, width=128, n_samples=64, n_paths=32)


def test_sigmoid_derivative_products_respect_the_4_to_the_minus_L_bound(products) -> None:
    k = products.activations.index("sigmoid")
    # every path's product, not just the mean, is below 4^-L: check the 90% quantile and the mean
    assert np.all(products.q90[k] <= products.bound * (1 + 1e-12))
    assert np.all(products.mean[k] <= products.bound * (1 + 1e-12))
    assert products.mean[k, -1] < 1e-12


def test_the_mean_over_every_path_is_exact_and_never_zero(products) -> None:
    k = products.activations.index("relu")
    # A sampled ReLU path's product is 1 or 0; the mean over every path is Π of each layer's
    # share of live units: about (1/2)^L, small but never 0 (sampling once printed 0 there).
    assert products.alive[k, 1] == pytest.approx(0.5, abs=0.1)
    assert np.all(products.mean[k] > 0)
    ratio = products.mean[k, 1:] / 0.5 ** np.arange(1, products.depth + 1)
    assert 0.1 < ratio.min() and ratio.max() < 10
    # brute force over every path on a tiny net: the exact mean equals the enumeration
    tiny = V.derivative_products(width=3, depth=3, n_samples=4, n_paths=1)
    x = torch.as_tensor(standardized_rows(4, seed=0))
    for k, (name, init) in enumerate(zip(tiny.activations, tiny.inits, strict=True)):
        mods = list(build_mlp(sample_layers(init, [x.shape[1], 3, 3, 3], 0), name))
        a, ds = x, []
        with torch.no_grad():
            for l in range(3):  # noqa: E741
                s = mods[2 * l](a)
                a = mods[2 * l + 1](s)
                ds.append(derivative(name, s.numpy()))
        every = [
            np.prod([ds[j][:, u] for j, u in enumerate(p)], axis=0)
            for p in product(range(3), repeat=3)
        ]
        assert tiny.mean[k, 3] == pytest.approx(np.mean(every), rel=1e-12)


def test_with_the_weights_relu_kaiming_keeps_the_signal_and_sigmoid_xavier_loses_it(
    products,
) -> None:
    sig, tanh, relu = (products.activations.index(a) for a in ("sigmoid", "tanh", "relu"))
    assert products.inits[relu] == "kaiming-normal" and products.inits[sig] == "xavier-normal"
    # theory per layer passed: n·Var(W)·E[φ'²] = 1 for ReLU + Kaiming, ≤ 1/16 for sigmoid + Xavier
    assert 0.25 < products.signal[relu].min() and products.signal[relu].max() < 4
    assert products.signal[sig, -1] < 16.0 ** -(products.depth - 1) * 10
    assert products.signal[sig, -1] < products.signal[tanh, -1] < products.signal[relu].min()


def test_gradient_norms_vanish_geometrically_for_sigmoid_and_not_for_relu_kaiming() -> None:
    n = V.gradient_norms(
        pairs=(("sigmoid", "xavier-normal"), ("relu", "kaiming-normal")), width=256, depth=20
    )
    sig, relu = n.norms
    rate = np.polyfit(np.arange(20), np.log10(sig), 1)[0]
    assert rate > 0.3  # each layer closer to the output: > 2x larger gradient
    assert sig[-1] / sig[0] > 1e6
    assert relu.max() / relu.min() < 4  # "within a factor of a few over 20 layers"


def test_repeated_composition_gets_more_nonlinear() -> None:
    c = V.repeated_composition()
    assert c.turns[0] == 0  # t = 0 is a linear projection
    assert c.turns[-1] > c.turns[1] and c.turns[-1] >= 8
    # the share with slope under 0.1, counted from a finite difference
    d = np.abs(np.diff(c.y[-1]) / np.diff(c.x))
    assert abs(c.small_slope[-1] - np.mean(d < 0.1)) < 0.02


def test_repeated_composition_starts_on_the_diagonal() -> None:
    # Goodfellow et al.'s figure 10.15: before any composition the cross-section is y = x
    for dim in (1, 2, 100):
        c = V.repeated_composition(dim=dim, steps=1, points=11)
        np.testing.assert_allclose(c.y[0], np.linspace(-0.8, 0.8, 11), atol=1e-12)
    # and the next state is read through the projection: one step by hand
    rng = np.random.default_rng(0)
    w = rng.standard_normal((3, 3)) * 6.0 / np.sqrt(3)
    u = rng.standard_normal(3)
    u /= np.linalg.norm(u)
    v = rng.standard_normal(3)
    v -= (v @ u) * u
    v /= np.linalg.norm(v)
    c = V.repeated_composition(dim=3, steps=1, points=5, extent=0.5)
    h1 = np.tanh(np.outer(c.x, u) * np.sqrt(3) @ w.T)
    np.testing.assert_allclose(c.y[1], h1 @ (u / np.sqrt(3) + v), atol=1e-12)


def test_dying_relu_units_never_come_back_while_leaky_ones_do() -> None:
    r = V.dying_relu(steps=200, record_every=20, n_train=3000)
    relu, leaky = r.variants.index("relu"), r.variants.index("leaky_relu")
    # once a first-layer ReLU unit is off for every input it gets no gradient: the share never drops
    assert np.all(np.diff(r.off[relu, 0]) >= 0)
    assert r.off[relu, 1, -1] > 2 * r.off[leaky, 1, -1]
    assert r.off[relu, 0, -1] > 0.1


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: V.derivative_products(activations=("swish",)), r"unknown activation 'swish'"),
        (lambda: V.derivative_products(depth=0), r"depth must be an integer >= 1, got 0"),
        (lambda: V.gradient_norms(width=0), r"width must be an integer >= 1, got 0"),
        (lambda: V.gradient_norms(pairs=(("relu", "he"),)), r"unknown initializer 'he'"),
        (lambda: V.dying_relu(variants=("elu",)), r"unknown variant 'elu'"),
    ],
)
def test_bad_input_gets_a_clear_error(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()
