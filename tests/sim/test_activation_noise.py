"""Input noise through ReLU, Leaky ReLU and ELU: the measured output moments against the closed
forms of a Gaussian input, and torch's functions."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from vizdl.sim.activation_noise import activation_noise


def _phi(t: float) -> float:
    return math.exp(-0.5 * t * t) / math.sqrt(2 * math.pi)


def _cdf(t: float) -> float:
    return 0.5 * (1 + math.erf(t / math.sqrt(2)))


def _moments(name: str, mu: float, s: float) -> tuple[float, float]:
    """E[f(x)] and E[f(x)²] for x ~ N(mu, s²), in closed form (truncated Gaussian moments and
    the lognormal's partial moments E[e^{kx}; x ≤ 0] = e^{kμ + k²s²/2} Φ(−(μ + k s²)/s))."""
    a = mu / s
    pos1 = mu * _cdf(a) + s * _phi(a)  # E[x; x > 0]
    pos2 = (mu * mu + s * s) * _cdf(a) + mu * s * _phi(a)  # E[x²; x > 0]
    neg1 = mu - pos1  # E[x; x ≤ 0]
    neg2 = mu * mu + s * s - pos2
    if name == "relu":
        return pos1, pos2
    if name == "leaky_relu":
        return pos1 + 0.01 * neg1, pos2 + 1e-4 * neg2
    e1 = math.exp(mu + s * s / 2) * _cdf(-(mu + s * s) / s)
    e2 = math.exp(2 * mu + 2 * s * s) * _cdf(-(mu + 2 * s * s) / s)
    p_neg = _cdf(-a)
    return pos1 + e1 - p_neg, pos2 + e2 - 2 * e1 + p_neg


@pytest.mark.parametrize("sigma", [0.3, 1.0])
def test_output_moments_match_the_gaussian_closed_forms(sigma: float) -> None:
    r = activation_noise(sigma=sigma, x_min=-6.0, points=13, n_noise=200_000, seed=3)
    n, compared = 2e5, 0
    for j, mu in enumerate(r.centres):
        p = _cdf(float(mu) / sigma)  # the share of inputs above 0
        # a sample's spread is a fair estimate where each side of 0 holds many draws, or where
        # one side is too rare to hold any (the other side's formula alone); between, a handful
        # of draws above 0 decide ReLU's spread, and the closed form is not a fair target
        if n * min(p, 1 - p) < 1000 and n * min(p, 1 - p) > 1e-3:
            continue
        compared += 1
        for k, name in enumerate(r.names):
            m1, m2 = _moments(name, float(mu), sigma)
            std = math.sqrt(max(m2 - m1 * m1, 0.0))
            # what the side too rare to be sampled adds to the spread: about σ√p (ReLU's deep
            # centres: 0 in the sample, under 1e-8 in truth)
            floor = 10 * sigma * math.sqrt(min(p, 1 - p)) + 1e-15
            assert r.out_mean[k, j] == pytest.approx(m1, abs=5 * std / math.sqrt(n) + floor)
            assert r.out_std[k, j] == pytest.approx(std, rel=0.02, abs=floor), (name, mu)
    assert compared >= 6


def test_elu_deep_spread_is_the_lognormals() -> None:
    # every input below 0: ELU(x) = e^x − 1 exactly, so its spread is the lognormal's
    sigma, mu = 0.5, -8.0
    r = activation_noise(sigma=sigma, x_min=mu, points=3, n_noise=200_000, seed=1)
    want = math.exp(mu + sigma**2 / 2) * math.sqrt(math.expm1(sigma**2))
    assert r.out_std[r.names.index("elu"), 0] == pytest.approx(want, rel=0.02)


def test_curves_and_slopes_are_torchs() -> None:
    r = activation_noise(points=41, n_noise=1000)
    x = torch.tensor(r.x, dtype=torch.float64)
    f = torch.nn.functional
    for k, want in enumerate((f.relu(x), f.leaky_relu(x, 0.01), f.elu(x, 1.0))):
        np.testing.assert_allclose(r.curves[k], want.numpy(), rtol=0, atol=1e-15)
    c = torch.tensor(r.centres, dtype=torch.float64, requires_grad=True)
    for k, fn in enumerate((f.relu, lambda t: f.leaky_relu(t, 0.01), lambda t: f.elu(t, 1.0))):
        (g,) = torch.autograd.grad(fn(c).sum(), c)
        np.testing.assert_allclose(r.slope[k], g.numpy(), rtol=0, atol=1e-15)


def test_the_same_noise_at_every_centre() -> None:
    r = activation_noise(points=5, n_noise=5000, seed=7)
    # Leaky ReLU at the deep centres (all inputs below 0) is 0.01·(x₀ + noise): one spread
    lr = r.out_std[r.names.index("leaky_relu")]
    assert lr[0] == pytest.approx(lr[1], rel=1e-12)
    assert lr[0] == pytest.approx(0.01 * r.noise_std, rel=1e-12)
    again = activation_noise(points=5, n_noise=5000, seed=7)
    np.testing.assert_array_equal(r.out_std, again.out_std)
    assert not np.array_equal(activation_noise(points=5, n_noise=5000, seed=8).out_std, r.out_std)


def test_table_rows() -> None:
    r = activation_noise(points=4, n_noise=1000)
    t = r.table()
    assert len(t["activation"]) == 12 and t["activation"][:4] == ["relu"] * 4
    assert t["output_std"][4] == float(r.out_std[1, 0])


@pytest.mark.parametrize(
    ("kw", "says"),
    [
        ({"sigma": 0.0}, "sigma"),
        ({"sigma": float("nan")}, "sigma"),
        ({"x_min": 0.0}, "x_min"),
        ({"points": 2}, "points"),
        ({"n_noise": 99}, "n_noise"),
        ({"seed": -1}, "seed"),
    ],
)
def test_bad_input_is_refused_in_one_line(kw: dict, says: str) -> None:
    with pytest.raises(ValueError, match=says) as err:
        activation_noise(**kw)
    assert "\n" not in str(err.value)
