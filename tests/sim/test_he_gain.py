"""He's step and calculate_gain in use: the simulations behind init-he-step and
init-calculate-gain, held to torch.nn.init and to closed forms computed here."""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest
import torch

from vizdl.sim import initialization as I


@pytest.mark.parametrize(
    ("kw", "fan"),
    [
        (dict(mode="fan_in", nonlinearity="relu"), "in"),
        (dict(mode="fan_out", nonlinearity="relu"), "out"),
        (dict(mode="fan_in", nonlinearity="tanh"), "in"),
        (dict(mode="fan_in", nonlinearity="leaky_relu", a=0.3), "in"),
        (dict(mode="fan_in", nonlinearity="linear"), "in"),
    ],
)
def test_torch_kaiming_layers_draw_gain_squared_over_fan(kw: dict, fan: str) -> None:
    sizes = [300, 400, 200]
    layers = I.torch_kaiming_layers(sizes, seed=3, **kw)
    param = kw.get("a")
    g = torch.nn.init.calculate_gain(kw["nonlinearity"], param)
    for (w, b), n_in, n_out in zip(layers, sizes[:-1], sizes[1:], strict=True):
        assert w.shape == (n_out, n_in) and w.dtype == torch.float64
        assert torch.all(b == 0)
        n = n_in if fan == "in" else n_out
        var = float(w.var())
        # sample variance of n_in·n_out normal draws: standard error √(2/N) of the target
        assert var == pytest.approx(g * g / n, rel=5 * math.sqrt(2 / w.numel()))
    again = I.torch_kaiming_layers(sizes, seed=3, **kw)
    assert all(torch.equal(a[0], b[0]) for a, b in zip(layers, again, strict=True))


def test_layer_moments_on_a_net_whose_numbers_are_known() -> None:
    w = torch.tensor([[1.0, 0.0], [0.0, -2.0]], dtype=torch.float64)
    net = I.build_mlp([(w, torch.zeros(2, dtype=torch.float64))], "relu")
    x = np.array([[1.0, 1.0], [-3.0, 2.0]])
    y = x @ w.numpy().T  # [[1, -2], [-3, -4]]
    a = np.maximum(y, 0)
    m = I.layer_moments(net, x)
    assert m["pre_var"][0] == pytest.approx(y.var())
    assert m["pre_mean"][0] == pytest.approx(-2.0)
    assert m["pre_positive"][0] == 0.25
    assert m["post_second"][0] == pytest.approx(0.25)
    assert m["post_mean"][0] == pytest.approx(0.25) and m["post_var"][0] == pytest.approx(a.var())


@functools.cache
def small_he() -> I.HeStep:
    return I.he_step(width=128, depth=4, inputs="gaussian", n_samples=300, n_nets=3, bins=20)


def test_he_step_shapes_and_closed_forms() -> None:
    r = small_he()
    assert r.sizes == (128, 128, 128, 128, 128)
    assert r.pre_var_nets.shape == r.post_second_nets.shape == (3, 4)
    assert r.weight_var.shape == (3, 4)
    np.testing.assert_allclose(r.weight_var_theory, 2 / 128)
    # Var(y_l) = n·(2/n)·E[x_{l-1}²] and E[x²] = q/2 for ReLU: 2·E[x₀²] at every layer
    np.testing.assert_allclose(r.theory_pre_var, 2 * r.input_second)
    np.testing.assert_allclose(r.pre_var, r.pre_var_nets.mean(axis=0))
    assert r.hist_layer == 2 and r.hist_counts.shape == (20,) and r.hist_edges.shape == (21,)
    # the density integrates to the share of values inside ±4 sd (nearly all)
    assert 0.99 < float(np.sum(r.hist_counts * np.diff(r.hist_edges))) <= 1.0 + 1e-9
    assert r.activations == ("tanh", "relu", "sigmoid") and r.next_gain == pytest.approx(1.0)
    # sigmoid's E[σ(z)] and E[σ(z)²] for z ~ N(0, q), by an independent quadrature
    z = np.linspace(-12, 12, 20001) * math.sqrt(r.mean_q)
    pdf = np.exp(-0.5 * z**2 / r.mean_q) / math.sqrt(2 * math.pi * r.mean_q)
    sig = 1 / (1 + np.exp(-z))
    assert r.theory_mean[2] == pytest.approx(np.trapezoid(sig * pdf, z), abs=1e-6)
    assert r.theory_second[2] == pytest.approx(np.trapezoid(sig**2 * pdf, z), abs=1e-6)
    assert r.theory_second[1] == pytest.approx(r.mean_q / 2)
    assert r.theory_mean[1] == pytest.approx(math.sqrt(r.mean_q / (2 * math.pi)))


def test_he_step_measures_what_it_says() -> None:
    r = small_he()
    assert np.all(r.pre_positive > 0.4) and np.all(r.pre_positive < 0.6)
    assert abs(r.act_mean[2] - 0.5) < 0.02 and abs(r.act_mean[0]) < 0.05
    assert r.table()["layer"] == [1, 2, 3, 4]


@pytest.mark.parametrize(
    ("kw", "says"),
    [
        (dict(inputs="mnist"), "unknown inputs 'mnist'"),
        (dict(n_nets=0), "n_nets must be an integer >= 1"),
        (dict(bins=1), "bins must be an integer >= 2"),
        (dict(width=0), "width must be an integer >= 1"),
    ],
)
def test_he_step_refuses_bad_settings_in_one_line(kw: dict, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        I.he_step(**kw)


@functools.cache
def small_gain() -> I.GainUse:
    return I.gain_in_use(
        width=64,
        depth=6,
        fan_sizes=(64, 128, 32),
        slopes=(0.0, 0.3, 1.0),
        leaky_depth=3,
        inputs="gaussian",
        n_samples=200,
        n_nets=2,
    )


def test_gain_in_use_uses_torchs_gains() -> None:
    g = small_gain()
    init = torch.nn.init
    assert list(g.tanh_gains) == [init.calculate_gain("linear"), init.calculate_gain("tanh")]
    for a, ours, theirs in zip(g.slopes, g.gains, g.torch_gains, strict=True):
        assert theirs == init.calculate_gain("leaky_relu", float(a))
        assert ours == pytest.approx(theirs, abs=1e-15)
    # layer 2's weights: N(0, gain²/64)
    np.testing.assert_allclose(
        g.leaky_weight_var, g.torch_gains**2 / 64, rtol=5 * math.sqrt(2 / 64**2)
    )


def test_gain_in_use_shapes_and_theory() -> None:
    g = small_gain()
    assert g.tanh_forward.shape == g.tanh_backward.shape == (2, 7)
    assert g.tanh_forward_nets.shape == (2, 2, 7)
    assert g.fan_pre.shape == (2, 2) and g.fan_backward.shape == (2, 3)
    assert g.leaky_pre_var.shape == g.relu_gain_pre_var.shape == (3, 3)
    # fan_in: Var(y_l) = 2·E[x₀²] at every layer; fan_out: × n_in/n_out per layer
    second = g.fan_pre_theory[0, 0]
    assert second == pytest.approx(2.0, rel=0.05)  # 64·(2/64)·E[x₀²], Gaussian rows of Var 1
    np.testing.assert_allclose(g.fan_pre_theory[0], second)
    assert g.fan_pre_theory[1, 0] == pytest.approx(second * 64 / 128)
    assert g.fan_pre_theory[1, 1] == pytest.approx(second * 64 / 128 * 128 / 32)


def test_the_relu_gain_scales_every_layer_by_one_plus_a_squared() -> None:
    # the same normal draws, scaled by gain: Leaky ReLU is positively homogeneous, so layer l's
    # Var(y) under ReLU's √2 is (1 + a²)^l times the one under the leaky gain
    g = small_gain()
    layers = np.arange(1, 4)
    for s, a in enumerate(g.slopes):
        np.testing.assert_allclose(
            g.relu_gain_pre_var[s] / g.leaky_pre_var[s], (1 + a * a) ** layers, rtol=1e-9
        )


def test_with_equal_widths_the_two_modes_agree() -> None:
    g = I.gain_in_use(
        width=16,
        depth=2,
        fan_sizes=(32, 32, 32),
        slopes=(0.0,),
        leaky_depth=2,
        inputs="gaussian",
        n_samples=50,
        n_nets=1,
    )
    np.testing.assert_array_equal(g.fan_pre[0], g.fan_pre[1])
    np.testing.assert_array_equal(g.fan_backward[0], g.fan_backward[1])


@pytest.mark.parametrize(
    ("kw", "says"),
    [
        (dict(fan_sizes=(784,)), "at least two layer sizes"),
        (dict(fan_sizes=(100, 50)), "the first size must be 784"),
        (dict(slopes=(-0.1,)), "negative slope must be >= 0"),
        (dict(slopes=()), "at least one negative slope"),
        (dict(leaky_depth=1), "leaky_depth must be an integer >= 2"),
        (dict(inputs="cifar"), "unknown inputs 'cifar'"),
    ],
)
def test_gain_in_use_refuses_bad_settings_in_one_line(kw: dict, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        I.gain_in_use(**kw)
