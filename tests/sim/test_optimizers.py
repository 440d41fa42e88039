"""Optimizer trajectories against torch.optim, step by step, and the claims the figures make."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
import torch

from vizdl.sim.optimizers import learning_rate_regimes, momentum_ravine, trajectory
from vizdl.sim.surfaces import get_surface, parabola, quadratic, ravine

SURFACES = ["bowl", "elongated", "ravine"]
# lr is given as η·λ_max (the surface's largest curvature), so every setting is stable everywhere.
SGD_SETTINGS = [
    dict(lr=0.1),
    dict(lr=1.9),
    dict(lr=0.5, momentum=0.9),
    dict(lr=0.4, momentum=0.5, dampening=0.3),
    dict(lr=0.3, momentum=0.9, nesterov=True),
    dict(lr=0.3, momentum=0.7, weight_decay=0.1),
    dict(lr=0.2, maximize=False, weight_decay=0.01),
]


def lambda_max(surf) -> float:
    h = np.stack(
        [surf.grad(np.eye(surf.dim)[i][None, :] + surf.minima[0])[0] for i in range(surf.dim)]
    )
    return float(np.linalg.eigvalsh(0.5 * (h + h.T)).max())


def torch_path(surface, x0: np.ndarray, steps: int, **hp) -> np.ndarray:
    """The same runs with torch.optim.SGD, one parameter tensor per start point, float64."""
    out = np.empty((steps + 1, *x0.shape))
    params = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in x0]
    opt = torch.optim.SGD(params, **hp)
    out[0] = x0
    for t in range(1, steps + 1):
        opt.zero_grad()
        for p in params:
            g = surface.grad(p.detach().numpy()[None, :])[0]
            p.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        out[t] = np.stack([p.detach().numpy() for p in params])
    return out


@pytest.mark.parametrize("surface_name", SURFACES)
@pytest.mark.parametrize(
    "hp", SGD_SETTINGS, ids=lambda h: ",".join(f"{k}={v}" for k, v in h.items())
)
def test_sgd_matches_torch_optim_for_500_steps(surface_name: str, hp: dict) -> None:
    surf = get_surface(surface_name)
    rng = np.random.default_rng(0)
    x0 = rng.uniform(surf.domain[:, 0], surf.domain[:, 1], size=(5, surf.dim))
    hp = {**hp, "lr": hp["lr"] / lambda_max(surf)}
    ours = trajectory("sgd", surf.grad, x0, 500, **hp)
    ref = torch_path(surf, x0, 500, **hp)
    assert ours.points.shape == (501, 5, 2)
    assert (ours.diverged == -1).all()
    np.testing.assert_allclose(ours.points, ref, rtol=1e-9, atol=1e-12)


def test_surface_gradients_match_autograd() -> None:
    for name in ["bowl", "elongated", "ravine", "parabola"]:
        surf = get_surface(name)
        rng = np.random.default_rng(1)
        x = rng.uniform(surf.domain[:, 0], surf.domain[:, 1], size=(7, surf.dim))
        xt = torch.tensor(x, requires_grad=True)
        # The surfaces are quadratics: rebuild J from the Hessian the gradient implies, in torch.
        h = np.stack(
            [
                surf.grad(np.eye(surf.dim)[i][None, :])[0] - surf.grad(np.zeros((1, surf.dim)))[0]
                for i in range(surf.dim)
            ]
        )
        c = surf.minima[0]
        z = xt - torch.tensor(c)
        val = 0.5 * torch.einsum("ni,ij,nj->n", z, torch.tensor(h), z)
        val.sum().backward()
        np.testing.assert_allclose(surf.value(x), val.detach().numpy(), rtol=1e-12)
        np.testing.assert_allclose(surf.grad(x), xt.grad.numpy(), rtol=1e-12)


def test_ravine_hessian_has_the_requested_condition_number() -> None:
    s = ravine(condition=100.0, angle_deg=30.0)
    h = np.stack([s.grad(np.eye(2)[i][None, :])[0] for i in range(2)])
    eig = np.linalg.eigvalsh(h)
    assert eig.max() / eig.min() == pytest.approx(100.0, rel=1e-12)


def test_gradient_descent_on_parabola_is_the_closed_form() -> None:
    r = learning_rate_regimes(curvature=2.0, lr_factors=(0.1, 0.7, 1.8, 2.1), x0=2.5, steps=20)
    t = np.arange(21)
    for lr, path, factor in zip(r.lrs, r.paths, r.factors, strict=True):
        expected = (1 - lr * 2.0) ** t * 2.5
        np.testing.assert_allclose(path.points[:, 0, 0], expected, rtol=1e-12)
        assert factor == pytest.approx(abs(1 - lr * 2.0))
    assert r.labels == ("too small", "about right", "too large (oscillates)", "divergent")
    assert r.critical_lr == pytest.approx(1.0)


def test_divergence_is_marked_at_the_step_it_happens_without_warnings() -> None:
    surf = parabola(1.0)
    with np.errstate(all="raise"):  # any overflow warning would raise here
        tr = trajectory(
            "sgd", surf.grad, np.array([[1.0], [0.5]]), 400, loss=surf.value, lr=3.0, bound=1e6
        )
    # |1 - 3| = 2: |x_t| = 2^t |x_0| > 1e6 first at t = 20 for x0 = 1, t = 21 for x0 = 0.5.
    assert tr.diverged.tolist() == [20, 21]
    assert np.isfinite(tr.points[19, 0]).all() and np.isnan(tr.points[20, 0]).all()
    assert np.isnan(tr.losses[25]).all()


def test_momentum_beats_plain_descent_in_the_ravine_as_the_figure_says() -> None:
    r = momentum_ravine()
    plain, mom = r.plain.losses[:, 0], r.momentum.losses[:, 0]
    first = lambda loss: int(np.argmax(loss < 1e-2)) if (loss < 1e-2).any() else 10**9  # noqa: E731
    assert first(mom) < 40 < first(plain)
    # Plain descent zig-zags across the valley: the cross-valley coordinate changes sign each step.
    s = ravine(r.condition, 30.0)
    h = np.stack([s.grad(np.eye(2)[i][None, :])[0] for i in range(2)])
    steep = np.linalg.eigh(h)[1][:, 1]
    across = r.plain.points[:10, 0] @ steep
    assert np.all(np.sign(across[1:]) != np.sign(across[:-1]))
    # The lecture's velocity is θ_{t-1} − θ_t = η·b_t (torch's buffer).
    np.testing.assert_allclose(r.velocity, r.momentum.points[:-1, 0] - r.momentum.points[1:, 0])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (dict(name="sgdd"), "unknown optimizer 'sgdd' (did you mean 'sgd'?); allowed: sgd"),
        (dict(lr=-0.1), "lr must be >= 0, got -0.1"),
        (dict(momentum=-1), "momentum must be >= 0"),
        (dict(nesterov=True), "nesterov=True needs momentum > 0 and dampening = 0"),
        (dict(betas=(0.9, 0.99)), "unknown hyperparameter 'betas' for optimizer 'sgd'"),
        (dict(steps=-1), "steps must be an integer >= 0"),
    ],
)
def test_bad_hyperparameters_raise_one_clear_error(kwargs: dict, message: str) -> None:
    args = dict(name="sgd", grad=lambda x: x, x0=np.zeros(2), steps=3)
    args.update(kwargs)
    with pytest.raises(ValueError) as exc:
        trajectory(**args)
    assert message in str(exc.value)


def test_start_outside_domain_is_rejected() -> None:
    s = quadratic(np.eye(2), name="bowl")
    with pytest.raises(
        ValueError, match=r"start point \[5\.0, 0\.0\] lies outside the domain of surface 'bowl'"
    ):
        s.check_inside(np.array([5.0, 0.0]))
    with pytest.raises(ValueError, match="outside the domain"):
        momentum_ravine(start=(9.0, 0.0))


def test_importing_the_simulation_layer_does_not_import_plotting() -> None:
    code = (
        "import sys, vizdl.sim, vizdl.sim.optimizers, vizdl.sim.surfaces;"
        "bad = [m for m in ('matplotlib', 'manim') if m in sys.modules];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
