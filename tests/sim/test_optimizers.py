"""Optimizer trajectories against torch.optim, step by step, and the claims the figures make."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
import torch

from vizdl.sim.optimizers import NAMED, OPTIMIZERS, TORCH_NAMES, trajectory
from vizdl.sim.optimizers.learning_rates import learning_rate_regimes
from vizdl.sim.optimizers.momentum import momentum_ravine
from vizdl.sim.surfaces import get_surface, parabola, quadratic, ravine

ALL_SURFACES = [
    "bowl",
    "elongated",
    "ravine",
    "saddle",
    "monkey-saddle",
    "beale",
    "rosenbrock",
    "himmelblau",
]

# Several settings per optimizer. SGD's lr is given as η·λ_max (the largest curvature at the
# surface's minimum, or 2 at the saddles) so that the setting is meaningful on every surface.
# All settings are in non-chaotic regimes: see test_chaotic_regimes_agree_until_rounding_amplifies.
SETTINGS: dict[str, list[dict]] = {
    "sgd": [
        dict(lr=0.1),
        dict(lr=1.5),
        dict(lr=0.5, momentum=0.9),
        dict(lr=0.4, momentum=0.5, dampening=0.3),
        dict(lr=0.3, momentum=0.9, nesterov=True),
        dict(lr=0.3, momentum=0.7, weight_decay=0.1),
        dict(lr=0.2, maximize=False, weight_decay=0.01),
    ],
    "adagrad": [
        dict(lr=0.1),
        dict(lr=0.5, lr_decay=0.01, initial_accumulator_value=0.1),
        dict(lr=0.2, weight_decay=0.05, eps=1e-6),
    ],
    "adadelta": [dict(lr=0.3), dict(lr=0.2, rho=0.95), dict(lr=0.2, rho=0.95, weight_decay=0.01)],
    "rmsprop": [
        dict(lr=0.003),
        dict(lr=0.002, momentum=0.9),
        dict(lr=0.001, centered=True, momentum=0.5, weight_decay=0.01),
    ],
    "adam": [dict(lr=0.01), dict(lr=0.005, betas=(0.8, 0.99), weight_decay=0.01)],
    "amsgrad": [dict(lr=0.01), dict(lr=0.05, betas=(0.5, 0.9)), dict(lr=0.01, weight_decay=0.01)],
    "adamax": [
        dict(lr=0.05),  # the races' setting: torch's defaults but the learning rate
        dict(lr=0.02, weight_decay=0.01),
        dict(lr=0.02, betas=(0.8, 0.99), weight_decay=0.01),
    ],
    "nadam": [
        dict(lr=0.01),
        dict(lr=0.02, momentum_decay=0.01, weight_decay=0.01),
        dict(lr=0.01, weight_decay=0.05, decoupled_weight_decay=True),
    ],
}
CASES = [(opt, i) for opt, settings in SETTINGS.items() for i in range(len(settings))]


def lambda_max(surf) -> float:
    at = surf.minima[0] if len(surf.minima) else surf.saddles[0]
    e = 1e-5
    h = np.stack(
        [
            (surf.grad((at + e * v)[None, :]) - surf.grad((at - e * v)[None, :]))[0] / (2 * e)
            for v in np.eye(surf.dim)
        ]
    )
    lam = float(np.abs(np.linalg.eigvalsh(0.5 * (h + h.T))).max())
    return lam if lam > 0 else 2.0


def torch_path(name: str, surface, x0: np.ndarray, steps: int, hparams: dict) -> np.ndarray:
    """The same runs with torch.optim, one float64 parameter tensor per start point.

    The default dtype is float64 while the optimizer runs, so that torch's own scalar state (NAdam's
    running product of μ, the step counters) is float64 too, not float32.
    """
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        return _torch_path(name, surface, x0, steps, hparams)
    finally:
        torch.set_default_dtype(previous)


def _torch_path(name: str, surface, x0: np.ndarray, steps: int, hparams: dict) -> np.ndarray:
    cls = getattr(torch.optim, TORCH_NAMES[name])
    out = np.empty((steps + 1, *x0.shape))
    params = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in x0]
    opt = cls(params, foreach=False, **hparams)
    out[0] = x0
    for t in range(1, steps + 1):
        for p in params:
            with np.errstate(all="ignore"):  # torch keeps stepping diverged paths to inf/nan
                g = surface.grad(p.detach().numpy()[None, :])[0]
            p.grad = torch.tensor(g, dtype=torch.float64)
        opt.step()
        out[t] = np.stack([p.detach().numpy() for p in params])
    return out


@pytest.mark.parametrize("surface_name", ALL_SURFACES)
@pytest.mark.parametrize(("opt", "i"), CASES, ids=[f"{o}{i}" for o, i in CASES])
def test_every_optimizer_matches_torch_optim_for_500_steps(
    surface_name: str, opt: str, i: int
) -> None:
    surf = get_surface(surface_name)
    rng = np.random.default_rng(0)
    x0 = rng.uniform(surf.domain[:, 0], surf.domain[:, 1], size=(4, surf.dim)) * 0.8
    hp = dict(SETTINGS[opt][i])
    if opt == "sgd":
        hp["lr"] = hp["lr"] / lambda_max(surf)
    ours = trajectory(opt, surf.grad, x0, 500, **hp)
    ref = torch_path(opt, surf, x0, 500, ours.hparams)
    assert ours.points.shape == (501, 4, 2)
    # Compare every step before a path is marked diverged (torch keeps going to inf/nan).
    for k in range(4):
        stop = ours.diverged[k] if ours.diverged[k] >= 0 else 501
        np.testing.assert_allclose(ours.points[:stop, k], ref[:stop, k], rtol=1e-9, atol=1e-12)
        if ours.diverged[k] >= 0:
            d = ours.diverged[k]
            assert not (np.all(np.isfinite(ref[d, k])) and np.all(np.abs(ref[d, k]) <= 1e6))


def test_chaotic_regimes_agree_until_rounding_amplifies() -> None:
    """Adam with small betas never settles: it orbits the minimum chaotically. There, torch's
    fused multiply-adds and our numpy arithmetic (both correct to the last bit or two) drift apart
    after ~100 steps, as any two implementations would; before that they agree to 1e-12."""
    surf = get_surface("bowl")
    x0 = np.array([[1.3, -0.7]])
    ours = trajectory("adam", surf.grad, x0, 300, lr=0.02, betas=(0.3, 0.6))
    ref = torch_path("adam", surf, x0, 300, ours.hparams)
    np.testing.assert_allclose(ours.points[:100], ref[:100], rtol=0, atol=1e-12)
    assert np.abs(ours.points[100:] - ref[100:]).max() > 1e-12  # the drift the settings above avoid


def test_defaults_are_torchs_defaults() -> None:
    import inspect

    for name, spec in OPTIMIZERS.items():
        sig = inspect.signature(getattr(torch.optim, TORCH_NAMES[name]).__init__).parameters
        for key, ours in spec.defaults.items():
            theirs = sig[key].default
            if name == "amsgrad" and key == "amsgrad":
                assert ours is True
                continue
            assert ours == (tuple(theirs) if isinstance(theirs, tuple) else theirs), (name, key)


def test_every_racer_and_every_rule_is_compared_with_torch_optim() -> None:
    from vizdl.sim.optimizers.races import RACERS

    assert "Adamax" in RACERS and RACERS["Adamax"][0] == "adamax"
    assert {rule for rule, _ in RACERS.values()} <= set(SETTINGS) == set(OPTIMIZERS)


@pytest.mark.parametrize("name", sorted(n for n, v in NAMED.items() if v.rule))
def test_a_named_optimizer_is_the_same_here_in_torch_in_the_race_and_in_the_trainer(
    name: str,
) -> None:
    """Our rule with the name's implied hyperparameters (our defaults otherwise) follows the named
    torch.optim class given only those (torch's defaults otherwise); the racers and ``vizdl train``
    read their meaning from the same table."""
    from vizdl.sim import training
    from vizdl.sim.optimizers.races import RACERS

    named = NAMED[name]
    surf = get_surface("beale")
    x0 = np.array([[0.7, 1.4], [-1.0, 2.0]])
    lr = {"adadelta": 1.0, "adagrad": 0.1}.get(named.rule, 1e-3)
    ours = trajectory(named.rule, surf.grad, x0, 200, lr=lr, **named.implied)
    previous = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    try:
        params = [torch.tensor(x, requires_grad=True) for x in x0]
        opt = getattr(torch.optim, named.torch_class)(params, lr=lr, foreach=False, **named.implied)
        for t in range(1, 201):
            for p in params:
                p.grad = torch.tensor(surf.grad(p.detach().numpy()[None, :])[0])
            opt.step()
            ref = np.stack([p.detach().numpy() for p in params])
            np.testing.assert_allclose(ours.points[t], ref, rtol=1e-9, atol=1e-12)
    finally:
        torch.set_default_dtype(previous)
    for label, (rule, fixed) in RACERS.items():
        if label.lower() == name or (label, name) == ("NAG", "nesterov"):
            assert (rule, fixed) == (named.rule, named.implied)
    if name in training.OPTIMIZERS:
        assert training.OPTIMIZERS[name] == named.torch_class
        assert training.check_hyperparameters(name, {}) == named.implied


@pytest.mark.parametrize("name", ALL_SURFACES + ["parabola"])
def test_surface_gradients_match_autograd(name: str) -> None:
    surf = get_surface(name)
    rng = np.random.default_rng(1)
    x = rng.uniform(surf.domain[:, 0], surf.domain[:, 1], size=(50, surf.dim))
    xt = torch.tensor(x, requires_grad=True)
    val = surf.value(xt)  # the same expression, differentiated by autograd
    val.sum().backward()
    np.testing.assert_allclose(surf.value(x), val.detach().numpy(), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(surf.grad(x), xt.grad.numpy(), rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("name", ALL_SURFACES)
def test_known_minima_and_saddles_are_stationary(name: str) -> None:
    surf = get_surface(name)
    for pts in (surf.minima, surf.saddles):
        if len(pts):
            np.testing.assert_allclose(surf.grad(pts), 0, atol=1e-9)
    if len(surf.minima):
        # Minima are minima: the Hessian (by central differences) is positive definite there.
        e = 1e-5
        for m in surf.minima:
            h = np.stack(
                [
                    (surf.grad((m + e * v)[None]) - surf.grad((m - e * v)[None]))[0] / (2 * e)
                    for v in np.eye(2)
                ]
            )
            assert np.linalg.eigvalsh(0.5 * (h + h.T)).min() > 0


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
        "from vizdl.sim.optimizers import (rules, learning_rates, momentum, nesterov, races,"
        " batches, adaptive, basins, properties);"
        "bad = [m for m in ('matplotlib', 'manim') if m in sys.modules];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_race_runs_each_racer_at_its_best_grid_rate() -> None:
    from vizdl.sim.optimizers.races import LR_GRID, RACERS, optimizer_race

    r = optimizer_race("ravine", racers=("SGD", "Adam", "Adadelta"), resolution=40)
    assert r.tuned and r.labels == ("SGD", "Adam", "Adadelta")
    assert r.lrs[2] == 1.0  # Adadelta keeps torch's default: it needs no learning rate
    surf = get_surface("ravine")
    for label, lr, path in zip(r.labels[:2], r.lrs[:2], r.paths[:2], strict=True):
        assert lr in LR_GRID
        opt, fixed = RACERS[label]
        tail = path.losses[-r.steps // 10 :, 0].mean()
        # No other grid rate does better over the last 10% of steps (among those that stay finite).
        for other in LR_GRID:
            alt = trajectory(
                opt, surf.grad, r.start[None], r.steps, loss=surf.value, lr=float(other), **fixed
            )
            if alt.diverged[0] < 0 and np.all(np.abs(alt.points) < 9):
                assert alt.losses[-r.steps // 10 :, 0].mean() >= tail * (1 - 1e-12)


def test_adaptive_methods_leave_the_saddle_first_from_near_its_stable_axis() -> None:
    """What the saddle race shows: from 1e-6 off the stable axis, the adaptive methods normalise
    the tiny gradient and leave at once; plain SGD's offset grows by (1 + 2η) per step."""
    from vizdl.sim.optimizers.races import optimizer_race

    r = optimizer_race("saddle", resolution=20)
    assert not r.tuned and set(r.lrs) == {0.05, 1.0}
    escape = {}
    for label, path in zip(r.labels, r.paths, strict=True):
        y = np.abs(np.nan_to_num(path.points[:, 0, 1], nan=np.inf))
        escape[label] = int(np.argmax(y > 0.5))
    for adaptive in ("Adagrad", "RMSprop", "Adam"):
        assert escape[adaptive] < escape["SGD"]
    sgd = r.paths[0].points[:, 0, 1]
    np.testing.assert_allclose(sgd[:50], 1e-6 * 1.1 ** np.arange(50), rtol=1e-9)


def test_record_keeps_optimizer_state_per_step() -> None:
    surf = get_surface("elongated")
    tr = trajectory(
        "adagrad", surf.grad, np.array([[1.0, 1.0]]), 5, lr=0.5, record=("eff_lr", "sum")
    )
    g = surf.grad(tr.points[:5, 0])
    np.testing.assert_allclose(tr.extras["sum"][:, 0], np.cumsum(g**2, axis=0))
    np.testing.assert_allclose(
        tr.extras["eff_lr"][:, 0], 0.5 / (np.sqrt(np.cumsum(g**2, axis=0)) + 1e-10)
    )
    with pytest.raises(ValueError, match="optimizer 'sgd' has no state 'eff_lr' to record"):
        trajectory("sgd", surf.grad, np.zeros(2), 2, record=("eff_lr",))


def test_measured_table_agrees_with_the_lecture_except_adadeltas_units_and_adagrads_saddles() -> (
    None
):
    from vizdl.sim.optimizers.properties import LECTURE_TABLE, optimizer_properties

    t = optimizer_properties()
    compared = t.in_lecture[:, None] & (t.measured != t.lecture)
    disagree = {(t.labels[i], k) for i, k in zip(*np.nonzero(compared), strict=True)}
    assert disagree == {("Adadelta", 1), ("Adagrad", 2)}
    assert [t.labels[i] for i in np.flatnonzero(~t.in_lecture)] == ["Adamax"]
    assert [
        tuple(map(bool, row)) for row, inl in zip(t.lecture, t.in_lecture, strict=True) if inl
    ] == [LECTURE_TABLE[lab] for lab in t.labels if lab != "Adamax"]
    i = {lab: k for k, lab in enumerate(t.labels)}
    # Closed forms: SGD's first step scales with c² under θ = cφ, the normalised rules' with c;
    # on the elongated bowl from (2, 1) the gradient is (2, 10): the adaptive rules take equal first
    # steps, so their Δθ/g ratio is 10/2 = 5.
    assert t.grad_ratio == 5.0
    assert t.units_ratio[i["SGD"]] == pytest.approx(t.scale**2)
    for lab in ("Adagrad", "RMSprop", "Adam", "Adadelta", "Adamax"):
        assert t.units_ratio[i[lab]] == pytest.approx(t.scale, rel=1e-3)
        assert t.adapt_ratio[i[lab]] == pytest.approx(5.0, rel=1e-3)
        assert t.loss_ratio[i[lab]] == pytest.approx(1.0, rel=1e-3)
    assert t.loss_ratio[i["SGD"]] == pytest.approx(t.loss_scale)
    # SGD's escape from the saddle costs log(10³)/log(1 + 2η) steps per three decades, and from
    # 1e-3 it needs log(1000)/log(1.02) steps to reach 1.
    steps = t.saddle_steps[i["SGD"]]
    assert np.diff(steps) == pytest.approx(3 * np.log(10) / np.log(1.02), abs=2)
    assert steps[0] == np.ceil(np.log(1e3) / np.log(1.02))
    # The speed-up is SGD's steps over the optimizer's, the worst over the offsets.
    for k in i.values():
        assert t.saddle_speedup[k] == pytest.approx(min(steps / t.saddle_steps[k]))
    # Adagrad's first step is η·sign(g) per coordinate, then its rate decays as its sum grows:
    # reaching |θ₂| > 1 takes about (1/(2η))² steps whatever the offset (its growth is 0).
    assert t.saddle_growth[i["Adagrad"]] == 0
    assert 0.3 < t.saddle_steps[i["Adagrad"], 0] * (2 * t.saddle_lr) ** 2 < 1


def test_basin_map_matches_single_trajectories() -> None:
    from vizdl.sim.optimizers.basins import basin_map, basins

    surf = get_surface("himmelblau")
    b = basins(resolution=12, steps=300, racers=("SGD", "Adam", "RMSprop"))
    assert b.which.shape == (3, 12, 12)
    for k, label in enumerate(b.labels):
        lr = b.lrs[k]
        opt = {"SGD": "sgd", "Adam": "adam", "RMSprop": "rmsprop"}[label]
        for i, j in [(0, 0), (5, 7), (11, 3)]:
            x0 = np.array([[b.xs[j], b.ys[i]]])
            tr = trajectory(opt, surf.grad, x0, 300, lr=lr)
            d = np.linalg.norm(tr.points[:, 0, None, :] - surf.minima[None], axis=2)
            near = np.where(d.min(axis=1) <= b.tol, d.argmin(axis=1), -1)
            assert b.which[k, i, j] == near[-1]
            if near[-1] >= 0:
                stayed = np.flatnonzero(near != near[-1])
                assert b.steps_to[k, i, j] == (stayed[-1] + 1 if len(stayed) else 0)
    # Diverging starts are labelled as such, not as "no minimum".
    which, steps_to = basin_map(
        "sgd", surf.grad, np.array([[4.9, 4.9], [3.0, 2.0]]), surf.minima, 50, lr=0.1
    )
    assert which.tolist() == [-2, 0] and steps_to.tolist() == [-1, 0]
    with pytest.raises(ValueError, match="surface 'saddle' has no minima"):
        basins(surface="saddle")


def test_adaptive_rates_follow_their_closed_forms() -> None:
    from vizdl.sim.optimizers.adaptive import adaptive_learning_rates

    r = adaptive_learning_rates(steps=200, switch=50, big=1.0, small=0.1)
    t = np.arange(1, 201)
    g2 = np.where(t <= 50, 1.0, 0.01)
    # Adagrad: η / (√Σg² + ε), ever shrinking; RMSprop: η / (√E[g²] + ε) with decay α = 0.99.
    np.testing.assert_allclose(
        r.stream_eff_lr["adagrad"], 0.1 / (np.sqrt(np.cumsum(g2)) + 1e-10), rtol=1e-12
    )
    ema = np.zeros(200)
    acc = 0.0
    for i, v in enumerate(g2):
        acc = 0.99 * acc + 0.01 * v
        ema[i] = acc
    np.testing.assert_allclose(r.stream_eff_lr["rmsprop"], 0.01 / (np.sqrt(ema) + 1e-8), rtol=1e-12)
    assert np.all(np.diff(r.stream_eff_lr["adagrad"]) < 0)
    assert r.stream_eff_lr["rmsprop"][-1] > 2 * r.stream_eff_lr["rmsprop"][49]
    # Adam: m̂ and v̂ are the raw moments divided by 1 − βᵗ; for the first step m̂₁ = g₁, v̂₁ = g₁².
    assert r.adam_m_hat[0] == pytest.approx(r.adam_g[0]) and r.adam_v_hat[0] == pytest.approx(
        r.adam_g[0] ** 2
    )
    assert r.adam_m[0] == pytest.approx(0.1 * r.adam_g[0])
    # On the elongated bowl the steep parameter gets the smaller rate at every step.
    for eff in r.bowl_eff_lr.values():
        assert np.all(eff[:, 1] < eff[:, 0])


def test_batch_paths_use_unbiased_minibatch_gradients_of_the_real_loss() -> None:
    from vizdl.sim.optimizers.batches import batch_paths

    r = batch_paths(n=60, batch_sizes=(1, 6, 60), steps=40, seed=3, resolution=20)
    # The gradient is that of ½·mean((w·x + b − y)²): check against autograd at the path's points
    # (the gradient used for update t is taken at point t).
    xt, yt = torch.tensor(r.x), torch.tensor(r.y)
    for t in range(5):
        pt = torch.tensor(r.paths[2].points[t, 0], requires_grad=True)
        (0.5 * ((pt[0] * xt + pt[1] - yt) ** 2).mean()).backward()
        np.testing.assert_allclose(r.full_grads[2][t], pt.grad.numpy(), rtol=1e-12)
    # Batch = all the data: every step uses the exact gradient, and the path is plain GD on J.
    np.testing.assert_allclose(r.batch_grads[2], r.full_grads[2], rtol=1e-12)
    design = np.column_stack([r.x, np.ones_like(r.x)])
    np.testing.assert_allclose(r.optimum, np.linalg.lstsq(design, r.y, rcond=None)[0], rtol=1e-10)
    # Every example is used once per epoch (batch size 6, 60 examples: 10 steps an epoch), so over
    # a whole epoch the mini-batch gradients at a fixed point would average to the full gradient;
    # along the path, their deviation shrinks with the batch size.
    dev = [
        np.linalg.norm(b - f, axis=1).mean()
        for b, f in zip(r.batch_grads, r.full_grads, strict=True)
    ]
    assert dev[0] > dev[1] > 1e6 * dev[2]
    assert dev[2] < 1e-12  # the same gradient, summed in shuffled order


def test_nesterov_vectors_and_torchs_iterates_are_the_lecture_look_ahead_points() -> None:
    from vizdl.sim.optimizers.nesterov import nesterov_geometry

    g = nesterov_geometry(steps=30, resolution=20)
    np.testing.assert_allclose(g.theta[:-1] + g.jump, g.lookahead)
    np.testing.assert_allclose(g.jump + g.correction, g.accumulated, atol=1e-15)
    np.testing.assert_allclose(g.theta[1:] - g.theta[:-1], g.accumulated, atol=1e-15)
    # torch.optim.SGD(nesterov=True) iterates are the look-ahead points θ_t − γ v_t.
    np.testing.assert_allclose(g.theta - g.momentum * g.v, g.torch_points, rtol=1e-12, atol=1e-14)
    # Standard momentum from the same state differs from NAG exactly by the gradient difference.
    np.testing.assert_allclose(g.accumulated - g.std_step, g.correction - g.std_grad, atol=1e-15)


def test_lr_sensitivity_marks_divergence_where_theory_says() -> None:
    from vizdl.sim.optimizers.learning_rates import lr_sensitivity

    r = lr_sensitivity(surfaces=("bowl",), racers=("SGD", "Adam"), steps=100, n_lrs=12)
    sgd_div = r.diverged[0, 0]
    # Round bowl ½|θ|²: SGD multiplies θ by (1 − η) per step; diverges iff |1 − η| > 1, i.e. η > 2.
    np.testing.assert_array_equal(sgd_div, r.lrs > 2)
    ok = ~sgd_div
    t = np.arange(91, 101)
    f0 = 0.5 * float(np.sum(r.start[0] ** 2))
    expected = [f0 * np.mean((1 - lr) ** (2 * t)) for lr in r.lrs[ok]]
    np.testing.assert_allclose(r.final[0, 0, ok], expected, rtol=1e-9, atol=1e-300)
    assert np.isnan(r.final[0, 0, sgd_div]).all()


def test_2d_learning_rate_regimes_follow_the_per_coordinate_closed_form() -> None:
    from vizdl.sim.optimizers.learning_rates import learning_rate_regimes_2d

    r = learning_rate_regimes_2d(steps=30, resolution=20)
    np.testing.assert_allclose(np.sort(r.curvatures), [1.0, 10.0])
    t = np.arange(31)[:, None]
    for lr, path in zip(r.lrs, r.paths, strict=True):
        expected = np.array([-2.5, 1.5]) * (1 - lr * np.array([1.0, 10.0])) ** t
        finite = np.all(np.isfinite(path.points[:, 0]), axis=1)
        np.testing.assert_allclose(path.points[finite, 0], expected[finite], rtol=1e-12, atol=1e-15)
    # 1.8/λ_max is not "too large" here: it is close to the fastest fixed rate 2/(λ_min + λ_max)
    assert r.labels == (
        "too small",
        "smooth, flat axis slow",
        "steep axis zig-zags",
        "steep axis diverges",
    )
    np.testing.assert_allclose(r.hessian, np.diag([1.0, 10.0]), atol=1e-9)
    with pytest.raises(ValueError, match="not a positive-definite quadratic"):
        learning_rate_regimes_2d(surface="beale")


def test_basin_flow_colours_agree_with_the_basin_map() -> None:
    from vizdl.sim.optimizers.basins import basin_flow, basin_map

    f = basin_flow(resolution=6, steps=20, classify_steps=300)
    surf = get_surface("himmelblau")
    assert f.paths[0].points.shape == (21, 36, 2)
    for k, label in enumerate(f.labels):
        opt, fixed = {"SGD": ("sgd", {}), "Adam": ("adam", {})}[label]
        which, _ = basin_map(
            opt, surf.grad, f.paths[k].points[0], surf.minima, 300, lr=f.lrs[k], **fixed
        )
        np.testing.assert_array_equal(f.which[k], which)


def test_lr_sweep_paths_agree_with_the_sensitivity_sweep() -> None:
    from vizdl.sim.optimizers.learning_rates import lr_sensitivity, lr_sweep_paths

    kw = dict(lr_min=1e-3, lr_max=1.0, n_lrs=9, steps=60)
    paths = lr_sweep_paths(surface="ravine", racers=("SGD", "Adam"), **kw)
    sens = lr_sensitivity(surfaces=("ravine",), racers=("SGD", "Adam"), **kw)
    np.testing.assert_array_equal(paths.diverged, sens.diverged[0])
    np.testing.assert_allclose(paths.final, sens.final[0] - sens.floor[0], rtol=1e-12)
    # SGD stops working past its stability limit 2/λ_max = 0.02 on the ravine; Adam does not
    sgd = paths.labels.index("SGD")
    assert paths.diverged[sgd, paths.lrs > 0.021].all()
    assert not paths.diverged[paths.labels.index("Adam")].any()
