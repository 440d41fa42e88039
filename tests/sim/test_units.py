"""Adadelta's units (vizdl.sim.optimizers.units) against closed forms and torch.optim."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from vizdl.sim.optimizers.units import (
    NEWTON,
    UNITS_ADADELTA,
    adadelta_units,
    adadelta_with_units,
    damped_newton,
)
from vizdl.sim.surfaces import get_surface


@pytest.fixture(scope="module")
def u():
    return adadelta_units(resolution=20)


def test_first_steps_follow_the_units_of_each_rule(u) -> None:
    r = dict(zip(u.labels, u.first_ratio, strict=True))
    # SGD: η·c·g(θ) in φ, ×c back: c² = 100; normalised steps: the same numbers in φ, ×c back
    assert r["SGD"] == pytest.approx(100.0, rel=1e-12)
    for name in ("RMSprop", "Adam", "Adadelta"):
        assert r[name] == pytest.approx(10.0, rel=1e-5), name
    assert r[NEWTON] == pytest.approx(1.0, abs=1e-12)
    assert r[UNITS_ADADELTA] == pytest.approx(1.0, abs=1e-12)


def test_adadelta_with_equal_eps_is_torchs_adadelta() -> None:
    bowl = get_surface("elongated")
    x0 = np.array([2.0, 1.0])
    ours = adadelta_with_units(bowl.grad, x0, 40, rho=0.9, eps_delta=1e-6, eps_grad=1e-6)
    p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
    opt = torch.optim.Adadelta([p], lr=1.0, rho=0.9, eps=1e-6, foreach=False)
    ref = [x0]
    for _ in range(40):
        p.grad = torch.tensor(bowl.grad(p.detach().numpy()[None, :])[0])
        opt.step()
        ref.append(p.detach().numpy().copy())
    np.testing.assert_allclose(ours, np.asarray(ref), rtol=1e-12, atol=1e-15)


def test_first_step_of_adadelta_is_sqrt_eps_over_one_minus_rho(u) -> None:
    # step 1: Δ = √ε / √((1 − ρ)g² + ε) · g per coordinate; g = (2, 10) at the start (2, 1)
    g = np.array([2.0, 10.0])
    for eps, first in zip(u.eps_values, u.eps_first, strict=True):
        expected = np.linalg.norm(np.sqrt(eps) / np.sqrt(0.1 * g**2 + eps) * g)
        assert first == pytest.approx(expected, rel=1e-12)
    # E[Δθ²] after step 1 is (1 − ρ)Δ²: the same number in θ and in φ, up to ε's share
    d1 = np.sqrt(1e-6) / np.sqrt(0.1 * g**2 + 1e-6) * g
    np.testing.assert_allclose(u.acc_direct[0], 0.1 * d1**2, rtol=1e-12)
    np.testing.assert_allclose(u.sq_direct[0], 0.1 * g**2, rtol=1e-12)
    np.testing.assert_allclose(u.sq_mapped[0], 0.1 * (10 * g) ** 2, rtol=1e-12)


def test_damped_newton_moves_a_fixed_share_of_the_way_each_step() -> None:
    # on a quadratic, θ − η H⁻¹ g moves (1 − η) of the way to the minimum each step
    bowl = get_surface("elongated")
    path = damped_newton(np.diag([1.0, 10.0]), bowl.grad, np.array([2.0, 1.0]), 5, 0.1)
    np.testing.assert_allclose(path[5], np.array([2.0, 1.0]) * 0.9**5, rtol=1e-12)


def test_sgd_rescaled_leaves_the_plot(u) -> None:
    # in φ the curvature is 100 × 10 = 1000: SGD at η = 0.01 has ηλ = 10 > 2 and diverges
    i = u.labels.index("SGD")
    assert not np.all(np.isfinite(u.mapped[i]))
    assert np.all(np.isfinite(u.direct[i]))


@pytest.mark.parametrize(
    ("kw", "says"),
    [
        ({"scale": 1.0}, "scale must differ from 1"),
        ({"scale": -2.0}, "scale"),
        ({"rho": 1.0}, "rho must be in"),
        ({"eps_values": (1e-6,)}, "at least two"),
        ({"steps": 1}, "steps"),
    ],
)
def test_bad_settings_are_refused(kw: dict, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        adadelta_units(resolution=10, **kw)
