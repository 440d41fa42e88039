"""Initializers against torch.nn.init, variance propagation against the closed-form theory."""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest
import torch

from vizdl.sim import initialization as I

FAN_OUT, FAN_IN = 500, 2000  # 10⁶ weights; unequal fans tell fan_in from fan_out


@pytest.mark.parametrize(
    ("nonlinearity", "param"),
    [
        ("linear", None),
        ("sigmoid", None),
        ("tanh", None),
        ("relu", None),
        ("leaky_relu", None),
        ("leaky_relu", 0.2),
        ("selu", None),
    ],
)
def test_gain_matches_torch_calculate_gain(nonlinearity: str, param: float | None) -> None:
    assert I.gain(nonlinearity, param) == pytest.approx(
        torch.nn.init.calculate_gain(nonlinearity, param), rel=1e-12
    )


CASES = [
    (name, mode)
    for name in I.INITIALIZERS
    for mode in (("fan_in", "fan_out") if name.startswith("kaiming") else ("fan_in",))
]


@pytest.mark.parametrize(("name", "mode"), CASES)
def test_samples_match_the_formula_and_torch_nn_init(name: str, mode: str) -> None:
    m = I.weight_moments(name, FAN_IN, FAN_OUT, mode=mode)
    ours = I.sample_weights(name, FAN_OUT, FAN_IN, seed=3, mode=mode).numpy()
    torch.manual_seed(5)
    ref = I.torch_reference(
        name, torch.empty(FAN_OUT, FAN_IN, dtype=torch.float64), mode=mode
    ).numpy()
    for w in (ours, ref):
        if m.var == 0:
            assert np.all(w == m.mean)
            continue
        # 10⁶ draws: the sample variance is within 2% of the formula, the mean within 5 s.e.
        assert w.var() == pytest.approx(m.var, rel=0.02)
        assert abs(w.mean() - m.mean) < 5 * math.sqrt(m.var / w.size)
        if m.kind == "uniform":
            assert w.min() >= m.low and w.max() <= m.high
            assert w.min() < m.low * 0.999 and w.max() > m.high * 0.999
    if name == "orthogonal":  # rows orthonormal (fan_out < fan_in)
        np.testing.assert_allclose(ours @ ours.T, np.eye(FAN_OUT), atol=1e-10)


def test_torch_default_is_what_nn_linear_actually_does() -> None:
    torch.manual_seed(0)
    lin = torch.nn.Linear(FAN_IN, FAN_OUT)
    w, b = lin.weight.detach().numpy(), lin.bias.detach().numpy()
    m = I.weight_moments("torch-default", FAN_IN, FAN_OUT)
    assert w.var() == pytest.approx(m.var, rel=0.02)
    assert np.abs(w).max() <= m.high
    bound = 1 / math.sqrt(FAN_IN)
    ours_b = I.sample_bias("torch-default", FAN_OUT, FAN_IN).numpy()
    assert np.abs(b).max() <= bound and np.abs(ours_b).max() <= bound
    assert np.abs(ours_b).max() > 0.9 * bound
    assert np.all(I.sample_bias("xavier-normal", FAN_OUT, FAN_IN).numpy() == 0)


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu", "linear"])
@pytest.mark.parametrize("q", [1e-6, 0.3, 1.0, 300.0])
def test_gaussian_moments_against_monte_carlo(activation: str, q: float) -> None:
    from vizdl.sim.activations import derivative, values

    s = np.random.default_rng(1).standard_normal(2_000_000) * math.sqrt(q)
    m1, m2, d2 = I.gaussian_moments(activation, q)
    f, df = values(activation, s), derivative(activation, s)
    se = lambda v: 5 * v.std() / math.sqrt(v.size) + 1e-15  # noqa: E731
    assert abs(m1 - f.mean()) < se(f)
    assert abs(m2 - (f**2).mean()) < se(f**2)
    assert abs(d2 - (df**2).mean()) < se(df**2)


@pytest.fixture(scope="module")
def prop() -> I.SignalPropagation:
    return I.signal_propagation(
        initializers=("xavier-normal", "kaiming-normal", "small-normal", "orthogonal"),
        activations=("linear", "tanh", "sigmoid", "relu"),
        width=512,
        depth=30,
        inputs="gaussian",
        n_samples=256,
        n_nets=4,
        seed=0,
    )


def _curve(r: I.SignalPropagation, init: str, act: str, which: str = "forward") -> np.ndarray:
    i, j = r.initializers.index(init), r.activations.index(act)
    return getattr(r, which)[i, j]


def test_relu_kaiming_keeps_the_variance_within_a_factor_2_over_30_layers(prop) -> None:
    v = _curve(prop, "kaiming-normal", "relu")[1:]
    assert v.max() / v.min() < 2
    g = _curve(prop, "kaiming-normal", "relu", "backward")
    assert g.max() / g.min() < 2


def test_relu_xavier_halves_the_variance_per_layer(prop) -> None:
    v = _curve(prop, "xavier-normal", "relu")[1:]
    slope = np.polyfit(np.arange(1, 31), np.log2(v), 1)[0]
    assert slope == pytest.approx(-1.0, abs=0.1)


def test_linear_xavier_keeps_the_variance_when_fans_are_equal(prop) -> None:
    v = _curve(prop, "xavier-normal", "linear")
    assert v.max() / v.min() < 2
    assert prop.input_dim == prop.width


def test_measured_curves_follow_the_theory_lines(prop) -> None:
    for which, theory in (("forward", "theory_forward"), ("backward", "theory_backward")):
        meas, th = getattr(prop, which), getattr(prop, theory)
        dev = np.abs(np.log(meas / th))
        assert dev.max() < math.log(2), (which, np.unravel_index(dev.argmax(), dev.shape))


def test_sigmoid_gradients_vanish_geometrically_with_depth(prop) -> None:
    g = _curve(prop, "xavier-normal", "sigmoid", "backward")
    per_layer = np.exp(np.polyfit(np.arange(30), np.log(g), 1)[0])
    # going back one layer multiplies Var(δ) by n·Var(W)·E[σ'²] <= 1 · 1/16 (σ' <= 1/4)
    assert g[0] < g[-1] * 1e-20
    assert 1 / per_layer <= 1 / 16 * 1.05


def test_real_fashion_mnist_inputs_give_the_same_theory_agreement() -> None:
    r = I.signal_propagation(
        initializers=("kaiming-normal",),
        activations=("relu", "tanh"),
        width=256,
        depth=10,
        inputs="fashion-mnist",
        n_samples=128,
        n_nets=2,
    )
    assert r.input_dim == 784
    assert np.abs(np.log(r.forward / r.theory_forward)).max() < math.log(2)


def test_zero_initialization_never_sends_a_gradient_to_the_first_layer() -> None:
    s = I.symmetry(inits=("zeros", "constant", "xavier-normal"), steps=60, n_samples=500)
    zeros, const, rand = 0, 1, 2
    assert np.all(s.grad_first[zeros] == 0) and np.all(s.grad_second[zeros] == 0)
    assert np.all(s.receptive[zeros] == 0)
    # a constant start keeps every hidden unit identical, and they do learn
    assert s.spread[const].max() < 1e-9
    assert np.abs(s.receptive[const, -1] - s.receptive[const, 0]).max() > 1e-3
    assert s.spread[rand].min() > 0.01
    assert s.loss[rand, -1] < s.loss[const, -1] < s.loss[zeros, -1]


def test_linear_chain_multiplies_the_variance_by_c_squared_per_layer() -> None:
    c = I.linear_chain(scales=(0.9, 1.0, 1.1), width=256, depth=40, n_samples=500)
    for k, scale in enumerate(c.scales):
        slope = np.polyfit(np.arange(41), np.log(c.forward[k]), 1)[0]
        assert slope == pytest.approx(2 * math.log(scale), abs=0.01)
        assert c.forward[k, -1] / c.theory_forward[k, -1] == pytest.approx(1, abs=0.5)


def test_distributions_record_ours_torch_and_the_formula() -> None:
    d = I.init_distributions(initializers=("xavier-uniform", "kaiming-normal"))
    np.testing.assert_allclose(d.var, d.theory_var, rtol=0.02)
    np.testing.assert_allclose(d.torch_var, d.theory_var, rtol=0.02)
    assert d.high[0] == pytest.approx(math.sqrt(6 / (784 + 200)))
    assert d.edges[0][np.argmin(np.abs(d.edges[0] - d.high[0]))] == pytest.approx(d.high[0])


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: I.weight_moments("he", 3, 3), r"unknown initializer 'he'"),
        (
            lambda: I.weight_moments("kaiming-normal", 3, 3, mode="fan_avg"),
            r"unknown mode 'fan_avg'.*fan_in, fan_out",
        ),
        (lambda: I.signal_propagation(activations=("swish",)), r"unknown activation 'swish'"),
        (lambda: I.signal_propagation(width=0), r"width must be an integer >= 1, got 0"),
        (lambda: I.signal_propagation(depth=0), r"depth must be an integer >= 1, got 0"),
        (lambda: I.signal_propagation(inputs="cifar"), r"unknown inputs 'cifar'"),
        (lambda: I.signal_propagation(initializers=("zeros",)), r"unknown initializer 'zeros'"),
        (lambda: I.gain("relu6"), r"unknown nonlinearity 'relu6'"),
    ],
)
def test_bad_input_gets_a_clear_error(call, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        call()


def test_init_distributions_is_reproducible() -> None:
    # torch.nn.init's reference draw used torch's global generator: numbers changed every build
    from vizdl.sim.initialization import init_distributions

    kw = dict(initializers=("xavier-normal", "orthogonal", "torch-default"), fan_in=64, fan_out=32)
    a, b = init_distributions(**kw), init_distributions(**kw)
    np.testing.assert_array_equal(a.torch_mean, b.torch_mean)
    np.testing.assert_array_equal(a.torch_var, b.torch_var)


# --- unequal widths: the backward recursion's fan is the next layer's rows (fan-out) -----------

UNEQUAL = [173, 400, 60, 300, 90]


@functools.cache
def _unequal(init: str, act: str):
    x = np.random.default_rng(3).standard_normal((512, UNEQUAL[0]))
    return I.measure_stack(init, act, UNEQUAL, x, n_nets=16, seed=1)


@pytest.mark.parametrize(
    ("init", "act", "tol"),
    [
        ("xavier-normal", "linear", 0.05),
        ("xavier-normal", "tanh", 0.05),
        ("torch-default", "tanh", 0.05),
        # ReLU's backward mean field is ~4% high at width 60 (the mask and Wᵀδ are not quite
        # independent): a finite-width effect, far below the 4× of a wrong fan
        ("kaiming-normal", "relu", 0.08),
        ("orthogonal", "linear", 0.05),
    ],
)
def test_theory_follows_torch_nets_of_unequal_widths(init: str, act: str, tol: float) -> None:
    fwd, bwd, tf, tb = _unequal(init, act)
    assert fwd.shape == bwd.shape == (16, len(UNEQUAL))
    np.testing.assert_allclose(fwd.mean(axis=0), tf, rtol=tol)
    np.testing.assert_allclose(bwd.mean(axis=0), tb, rtol=tol)


def test_backward_theory_uses_the_fan_out_not_the_layers_own_width() -> None:
    # Independent closed form for a linear Xavier stack: going back through W_l multiplies
    # Var(δ) by n_l · 2/(n_{l-1} + n_l) (n_l rows of W_l), so from Var = 1 at the output
    # Var(δ at s_l) = Π_{m > l} 2 n_m / (n_{m-1} + n_m).
    n = UNEQUAL
    wv = np.array([2.0 / (a + b) for a, b in zip(n[:-1], n[1:], strict=True)])
    fwd, bwd = I.theory_variances(wv, np.array(n), "linear", 1.0)
    expect_b = [
        math.prod(2 * n[m] / (n[m - 1] + n[m]) for m in range(j + 1, 5)) for j in (1, 2, 3, 4)
    ]
    expect_f = [
        math.prod(2 * n[m - 1] / (n[m - 1] + n[m]) for m in range(1, j + 1)) for j in range(5)
    ]
    np.testing.assert_allclose(bwd, expect_b, rtol=1e-12)
    np.testing.assert_allclose(fwd, expect_f, rtol=1e-12)
    # the old recursion (× the layer's own width n_l) was off by Π n_l / n_{l+1}: 4.4× at δ_1
    wrong = math.prod(n[m - 1] / n[m] for m in range(2, 5))
    assert wrong == pytest.approx(400 / 90)
    # and the measured nets side with the fan-out, not with the old prediction
    _, meas, _, _ = _unequal("xavier-normal", "linear")
    assert meas.mean(axis=0)[1] == pytest.approx(expect_b[0], rel=0.05)
    assert meas.mean(axis=0)[1] < bwd[0] * wrong / 4


def test_theory_variances_needs_one_size_more_than_weights() -> None:
    with pytest.raises(ValueError, match="give 3 layer sizes for 2 weight variances, got 2"):
        I.theory_variances(np.ones(2), np.array([4, 4]), "linear")


def test_tapering_stack_measures_each_rule_beside_its_theory() -> None:
    r = I.tapering_stack(sizes=(300, 600, 150, 40), inputs="gaussian", n_samples=256, n_nets=8)
    n = r.sizes
    i = {rule: k for k, rule in enumerate(r.rules)}
    # the weights' variances are the three rules' formulas
    np.testing.assert_allclose(r.weight_var[i["fan-in"]], [1 / a for a in n[:-1]])
    np.testing.assert_allclose(r.weight_var[i["fan-out"]], [1 / b for b in n[1:]])
    np.testing.assert_allclose(
        r.weight_var[i["xavier"]], [2 / (a + b) for a, b in zip(n[:-1], n[1:], strict=True)]
    )
    # theory, closed form: forward Π n_in Var(W), backward Π n_out Var(W) (to the input, l = 0)
    for k in i.values():
        v = r.weight_var[k]
        f = [math.prod(n[m] * v[m] for m in range(j)) for j in range(4)]
        b = [math.prod(n[m + 1] * v[m] for m in range(j, 3)) for j in range(4)]
        np.testing.assert_allclose(r.theory_forward[k], np.array(f) * r.theory_forward[k, 0])
        np.testing.assert_allclose(r.theory_backward[k], b, rtol=1e-12)
        np.testing.assert_allclose(r.forward[k], r.theory_forward[k], rtol=0.06)
        np.testing.assert_allclose(r.backward[k], r.theory_backward[k], rtol=0.06)
    assert set(r.table()) >= {"rule", "layer", "width", "forward_var", "backward_theory"}


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        (dict(sizes=(784,)), r"at least two layer sizes"),
        (dict(sizes=(784, 0)), r"layer size must be an integer >= 1, got 0"),
        (dict(sizes=(100, 50)), r"the first size must be 784, got 100"),
        (dict(rules=("lecun",)), r"unknown rule 'lecun'"),
    ],
)
def test_tapering_stack_refuses_bad_input(kw: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        I.tapering_stack(**kw)
