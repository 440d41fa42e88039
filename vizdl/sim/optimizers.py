"""Optimizer trajectories: the real update rules, batched over many start points.

``trajectory(name, grad, x0, steps, **hparams)`` runs one optimizer from ``n`` start points at once.
Hyperparameters are named as in :mod:`torch.optim` and default to torch's values; tests check the
paths against ``torch.optim`` step by step in float64.

The lecture writes momentum as ``v_t = γ v_{t−1} + η ∇J(θ)``, ``θ_t = θ_{t−1} − v_t``; torch keeps
``b_t = μ b_{t−1} + g_t`` and steps ``θ_t = θ_{t−1} − η b_t``. With a constant η they are the same
path with ``v_t = η b_t`` and ``γ = μ``, so the lecture's velocity is ``θ_{t−1} − θ_t``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from vizdl.sim._checks import check_choice, check_int, check_nonnegative, check_positive
from vizdl.sim.surfaces import Surface, get_surface, grid, parabola, ravine

__all__ = [
    "Trajectory",
    "LRSweepPaths",
    "lr_sweep_paths",
    "OPTIMIZERS",
    "TORCH_NAMES",
    "trajectory",
    "LearningRateRegimes",
    "learning_rate_regimes",
    "RavineRace",
    "momentum_ravine",
    "RACERS",
    "RACE_SETUPS",
    "LR_GRID",
    "Race",
    "optimizer_race",
    "LECTURE_TABLE",
    "RULES",
    "PropertyTable",
    "optimizer_properties",
    "BASIN_LRS",
    "Basins",
    "basin_map",
    "basins",
    "BasinFlow",
    "basin_flow",
    "AdaptiveRates",
    "adaptive_learning_rates",
    "BatchPaths",
    "batch_paths",
    "NesterovGeometry",
    "nesterov_geometry",
    "LRSensitivity",
    "lr_sensitivity",
    "LearningRateRegimes2D",
    "learning_rate_regimes_2d",
]

GradFn = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Trajectory:
    """Paths of one optimizer from ``n`` start points.

    Attributes
    ----------
    optimizer:
        Optimizer name (as in :data:`OPTIMIZERS`).
    hparams:
        The hyperparameters used, torch's defaults filled in.
    points:
        ``(steps + 1, n, d)`` parameters after each step (row 0 is the start). After a path diverges,
        its rows are NaN.
    losses:
        ``(steps + 1, n)`` loss at each row of ``points`` (NaN where unknown or diverged).
    diverged:
        ``(n,)`` index of the first step whose parameters left the finite range (or exceeded
        ``bound`` in absolute value), or ``-1`` for paths that never did.
    extras:
        Optimizer state recorded after every step when asked (``record=("eff_lr", "m", "v")``):
        each ``(steps, n, d)``. ``eff_lr`` is the per-parameter step size the rule applied to the
        gradient (or to its running average, for Adam-like rules).
    """

    optimizer: str
    hparams: dict
    points: np.ndarray
    losses: np.ndarray
    diverged: np.ndarray
    extras: dict = field(default_factory=dict)

    @property
    def steps(self) -> int:
        return self.points.shape[0] - 1


@dataclass(frozen=True)
class _Spec:
    defaults: dict
    init: Callable[[np.ndarray, dict], dict]
    step: Callable[[np.ndarray, np.ndarray, dict, dict, int], np.ndarray]
    check: Callable[[dict], None]


def _lerp(a: np.ndarray, b: np.ndarray, w: float) -> np.ndarray:
    # torch.lerp's two-branch formula (exact same rounding as exp_avg.lerp_(grad, w) on the CPU).
    if w < 0.5:
        return a + w * (b - a)
    return b - (b - a) * (1 - w)


def _check_common(h: dict) -> None:
    check_nonnegative("lr", h["lr"])
    check_nonnegative("weight_decay", h["weight_decay"])
    if "eps" in h:
        check_nonnegative("eps", h["eps"])
    if "betas" in h:
        betas = h["betas"]
        if not isinstance(betas, tuple | list) or len(betas) != 2:
            raise ValueError(f"betas must be a pair (beta1, beta2), got {betas!r}")
        for i, b in enumerate(betas):
            if not 0.0 <= float(b) < 1.0:
                raise ValueError(f"betas[{i}] must be in [0, 1), got {b!r}")


def _grad_in(x: np.ndarray, g: np.ndarray, h: dict) -> np.ndarray:
    if h["maximize"]:
        g = -g
    if h["weight_decay"]:
        g = g + h["weight_decay"] * x
    return g


# --- SGD (momentum, Nesterov) ----------------------------------------------------------------------


def _sgd_check(h: dict) -> None:
    _check_common(h)
    check_nonnegative("momentum", h["momentum"])
    check_nonnegative("dampening", h["dampening"])
    if h["nesterov"] and (h["momentum"] <= 0 or h["dampening"] != 0):
        raise ValueError(
            f"nesterov=True needs momentum > 0 and dampening = 0, got momentum={h['momentum']!r}, "
            f"dampening={h['dampening']!r}"
        )


def _sgd_step(x: np.ndarray, g: np.ndarray, h: dict, state: dict, t: int) -> np.ndarray:
    # Same order of operations as torch.optim.SGD (single-tensor path), so float64 paths agree.
    g = _grad_in(x, g, h)
    mu = h["momentum"]
    if mu:
        if t == 1:
            buf = g.copy()
        else:
            buf = state["buf"] * mu + (1 - h["dampening"]) * g
        state["buf"] = buf
        g = g + mu * buf if h["nesterov"] else buf
    return x - h["lr"] * g


# --- Adagrad ---------------------------------------------------------------------------------------


def _adagrad_check(h: dict) -> None:
    _check_common(h)
    check_nonnegative("lr_decay", h["lr_decay"])
    check_nonnegative("initial_accumulator_value", h["initial_accumulator_value"])


def _adagrad_step(x: np.ndarray, g: np.ndarray, h: dict, state: dict, t: int) -> np.ndarray:
    g = _grad_in(x, g, h)
    clr = h["lr"] / (1 + (t - 1) * h["lr_decay"])
    state["sum"] = state["sum"] + 1 * g * g
    std = np.sqrt(state["sum"]) + h["eps"]  # ε outside the root (the lecture puts it inside)
    state["eff_lr"] = clr / std
    return x + (-clr * g) / std


# --- Adadelta --------------------------------------------------------------------------------------


def _adadelta_check(h: dict) -> None:
    _check_common(h)
    if not 0.0 <= h["rho"] <= 1.0:
        raise ValueError(f"rho must be in [0, 1], got {h['rho']!r}")


def _adadelta_step(x: np.ndarray, g: np.ndarray, h: dict, state: dict, t: int) -> np.ndarray:
    g = _grad_in(x, g, h)
    rho, eps = h["rho"], h["eps"]
    state["sq"] = state["sq"] * rho + (1 - rho) * g * g
    std = np.sqrt(state["sq"] + eps)
    delta = np.sqrt(state["acc"] + eps) / std * g
    state["eff_lr"] = h["lr"] * np.sqrt(state["acc"] + eps) / std
    state["acc"] = state["acc"] * rho + (1 - rho) * delta * delta
    return x + (-h["lr"]) * delta


# --- RMSprop ---------------------------------------------------------------------------------------


def _rmsprop_check(h: dict) -> None:
    _check_common(h)
    check_nonnegative("momentum", h["momentum"])
    check_nonnegative("alpha", h["alpha"])


def _rmsprop_step(x: np.ndarray, g: np.ndarray, h: dict, state: dict, t: int) -> np.ndarray:
    g = _grad_in(x, g, h)
    a = h["alpha"]
    state["sq"] = state["sq"] * a + (1 - a) * g * g
    if h["centered"]:
        state["gavg"] = _lerp(state["gavg"], g, 1 - a)
        avg = np.sqrt(state["sq"] + (-1) * state["gavg"] * state["gavg"])
    else:
        avg = np.sqrt(state["sq"])
    avg = avg + h["eps"]
    state["eff_lr"] = h["lr"] / avg
    if h["momentum"] > 0:
        state["buf"] = state["buf"] * h["momentum"] + g / avg
        return x + (-h["lr"]) * state["buf"]
    return x + (-h["lr"] * g) / avg


# --- Adam / AMSGrad --------------------------------------------------------------------------------


def _adam_step(x: np.ndarray, g: np.ndarray, h: dict, state: dict, t: int) -> np.ndarray:
    g = _grad_in(x, g, h)
    b1, b2 = h["betas"]
    state["m"] = _lerp(state["m"], g, 1 - b1)
    state["v"] = state["v"] * b2 + (1 - b2) * g * g
    bc1 = 1 - b1**t
    bc2 = 1 - b2**t
    step_size = h["lr"] / bc1
    bc2_sqrt = bc2**0.5
    if h["amsgrad"]:
        state["vmax"] = np.maximum(state["vmax"], state["v"])
        denom = np.sqrt(state["vmax"]) / bc2_sqrt + h["eps"]
    else:
        denom = np.sqrt(state["v"]) / bc2_sqrt + h["eps"]
    state["eff_lr"] = step_size / denom
    return x + (-step_size * state["m"]) / denom


# --- Adamax ----------------------------------------------------------------------------------------


def _adamax_step(x: np.ndarray, g: np.ndarray, h: dict, state: dict, t: int) -> np.ndarray:
    g = _grad_in(x, g, h)
    b1, b2 = h["betas"]
    state["m"] = _lerp(state["m"], g, 1 - b1)
    state["u"] = np.maximum(state["u"] * b2, np.abs(g) + h["eps"])
    clr = h["lr"] / (1 - b1**t)
    state["eff_lr"] = clr / state["u"]
    return x + (-clr * state["m"]) / state["u"]


# --- NAdam -----------------------------------------------------------------------------------------


def _nadam_check(h: dict) -> None:
    _check_common(h)
    check_nonnegative("momentum_decay", h["momentum_decay"])


def _nadam_step(x: np.ndarray, g: np.ndarray, h: dict, state: dict, t: int) -> np.ndarray:
    if h["maximize"]:
        g = -g
    b1, b2 = h["betas"]
    lr, wd = h["lr"], h["weight_decay"]
    bc2 = 1 - b2**t
    if wd:
        if h["decoupled_weight_decay"]:
            x = x * (1 - lr * wd)
        else:
            g = g + wd * x
    mu = b1 * (1.0 - 0.5 * (0.96 ** (t * h["momentum_decay"])))
    mu_next = b1 * (1.0 - 0.5 * (0.96 ** ((t + 1) * h["momentum_decay"])))
    state["mu_product"] = state["mu_product"] * mu
    state["m"] = _lerp(state["m"], g, 1 - b1)
    state["v"] = state["v"] * b2 + (1 - b2) * g * g
    denom = np.sqrt(state["v"] / bc2) + h["eps"]
    mu_product_next = state["mu_product"] * mu_next
    x = x + (-lr * (1.0 - mu) / (1.0 - state["mu_product"])) * g / denom
    x = x + ((-lr * mu_next) / (1.0 - mu_product_next)) * state["m"] / denom
    state["eff_lr"] = lr / denom
    return x


def _zeros(*keys: str, fill: dict | None = None) -> Callable[[np.ndarray, dict], dict]:
    def init(x: np.ndarray, h: dict) -> dict:
        st = {k: np.zeros_like(x) for k in keys}
        for k, v in (fill or {}).items():
            st[k] = v(x, h)
        return st

    return init


_BETAS = (0.9, 0.999)
_ADAM_DEFAULTS = dict(
    lr=1e-3, betas=_BETAS, eps=1e-8, weight_decay=0.0, amsgrad=False, maximize=False
)

OPTIMIZERS: dict[str, _Spec] = {
    "sgd": _Spec(
        defaults=dict(
            lr=1e-3, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=False, maximize=False
        ),
        init=lambda x, h: {},
        step=_sgd_step,
        check=_sgd_check,
    ),
    "adagrad": _Spec(
        defaults=dict(
            lr=1e-2,
            lr_decay=0.0,
            weight_decay=0.0,
            initial_accumulator_value=0.0,
            eps=1e-10,
            maximize=False,
        ),
        init=lambda x, h: {"sum": np.full_like(x, h["initial_accumulator_value"])},
        step=_adagrad_step,
        check=_adagrad_check,
    ),
    "adadelta": _Spec(
        defaults=dict(lr=1.0, rho=0.9, eps=1e-6, weight_decay=0.0, maximize=False),
        init=_zeros("sq", "acc"),
        step=_adadelta_step,
        check=_adadelta_check,
    ),
    "rmsprop": _Spec(
        defaults=dict(
            lr=1e-2,
            alpha=0.99,
            eps=1e-8,
            weight_decay=0.0,
            momentum=0.0,
            centered=False,
            maximize=False,
        ),
        init=_zeros("sq", "gavg", "buf"),
        step=_rmsprop_step,
        check=_rmsprop_check,
    ),
    "adam": _Spec(
        defaults=dict(_ADAM_DEFAULTS),
        init=_zeros("m", "v", "vmax"),
        step=_adam_step,
        check=_check_common,
    ),
    "amsgrad": _Spec(
        defaults={**_ADAM_DEFAULTS, "amsgrad": True},
        init=_zeros("m", "v", "vmax"),
        step=_adam_step,
        check=_check_common,
    ),
    "adamax": _Spec(
        defaults=dict(lr=2e-3, betas=_BETAS, eps=1e-8, weight_decay=0.0, maximize=False),
        init=_zeros("m", "u"),
        step=_adamax_step,
        check=_check_common,
    ),
    "nadam": _Spec(
        defaults=dict(
            lr=2e-3,
            betas=_BETAS,
            eps=1e-8,
            weight_decay=0.0,
            momentum_decay=4e-3,
            decoupled_weight_decay=False,
            maximize=False,
        ),
        init=lambda x, h: {"m": np.zeros_like(x), "v": np.zeros_like(x), "mu_product": 1.0},
        step=_nadam_step,
        check=_nadam_check,
    ),
}

# torch.optim class for each name (the parity tests and the comparison use these).
TORCH_NAMES = {
    "sgd": "SGD",
    "adagrad": "Adagrad",
    "adadelta": "Adadelta",
    "rmsprop": "RMSprop",
    "adam": "Adam",
    "amsgrad": "Adam",
    "adamax": "Adamax",
    "nadam": "NAdam",
}


def _prepare(name: str, x0: np.ndarray, hparams: dict) -> tuple[_Spec, dict, np.ndarray]:
    """Validate an optimizer name, its hyperparameters and the start points."""
    spec = OPTIMIZERS[check_choice("optimizer", name, OPTIMIZERS)]
    unknown = sorted(set(hparams) - set(spec.defaults))
    if unknown:
        raise ValueError(
            f"unknown hyperparameter {unknown[0]!r} for optimizer {name!r}; "
            f"allowed: {', '.join(spec.defaults)}"
        )
    h = {**spec.defaults, **hparams}
    spec.check(h)
    x = np.array(x0, dtype=np.float64, copy=True)
    if x.ndim == 1:
        x = x[None, :]
    if x.ndim != 2 or not np.all(np.isfinite(x)):
        raise ValueError(f"x0 must be a finite (n, d) or (d,) array, got shape {np.shape(x0)}")
    return spec, h, x


def _iterate(spec: _Spec, h: dict, grad: GradFn, x: np.ndarray, steps: int, bound: float):
    """Yield ``(t, x, alive, newly_diverged, state)`` after each of ``steps`` updates.

    Paths whose parameters leave the finite range (or exceed ``bound``) are frozen: their rows of
    ``x`` and of the state are zeroed so they compute harmlessly, and ``alive`` turns False.
    Runs under ``np.errstate`` so diverging paths raise no warnings.
    """
    alive = np.ones(x.shape[0], dtype=bool)
    state = spec.init(x, h)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for t in range(1, steps + 1):
            g = np.asarray(grad(x), dtype=np.float64)
            x = spec.step(x, g, h, state, t)
            ok = np.abs(x) <= bound  # False for NaN too
            bad = alive & ~ok.all(axis=1)
            if bad.any() or not alive.all():  # masking costs as much as a step: only when needed
                alive = alive & ~bad
                x = np.where(alive[:, None], x, 0.0)
                for key, val in state.items():
                    if isinstance(val, np.ndarray) and val.shape == x.shape:
                        state[key] = np.where(alive[:, None], val, 0.0)
            yield t, x, alive, bad, state
            if not alive.any():
                return


def trajectory(
    name: str,
    grad: GradFn,
    x0: np.ndarray,
    steps: int,
    *,
    loss: Callable[[np.ndarray], np.ndarray] | None = None,
    bound: float = 1e6,
    record: tuple[str, ...] = (),
    **hparams: object,
) -> Trajectory:
    """Run optimizer ``name`` for ``steps`` steps from every start point in ``x0``.

    Parameters
    ----------
    name:
        One of :data:`OPTIMIZERS`.
    grad:
        Maps an ``(n, d)`` float64 array to its ``(n, d)`` gradient.
    x0:
        ``(n, d)`` start points, or one ``(d,)`` start point.
    steps:
        Number of updates (>= 0).
    loss:
        Optional ``(n, d) -> (n,)`` loss, evaluated at every row of ``points``.
    bound:
        A path whose parameters exceed this in absolute value (or stop being finite) is marked
        diverged at that step and frozen as NaN afterwards, without overflow warnings.
    record:
        Names of optimizer state to keep per step in :attr:`Trajectory.extras`.
    **hparams:
        ``torch.optim`` hyperparameters; unknown names raise ``ValueError``.

    Returns
    -------
    Trajectory
        ``points`` of shape ``(steps + 1, n, d)``, ``losses`` ``(steps + 1, n)`` and ``diverged``.
    """
    spec, h, x = _prepare(name, x0, hparams)
    steps = check_int("steps", steps, 0)
    n, d = x.shape
    points = np.full((steps + 1, n, d), np.nan)
    points[0] = x
    diverged = np.full(n, -1, dtype=np.int64)
    extras = {k: np.full((steps, n, d), np.nan) for k in record}
    for t, xt, alive, bad, state in _iterate(spec, h, grad, x, steps, bound):
        diverged[bad] = t
        points[t] = np.where(alive[:, None], xt, np.nan)
        for key in record:
            if key not in state:
                raise ValueError(
                    f"optimizer {name!r} has no state {key!r} to record; it has: "
                    f"{', '.join(sorted(state)) or 'none'}"
                )
            extras[key][t - 1] = np.where(alive[:, None], state[key], np.nan)
    losses = np.full((steps + 1, n), np.nan)
    if loss is not None:
        finite = np.all(np.isfinite(points), axis=2)
        with np.errstate(over="ignore", invalid="ignore"):
            flat = points.reshape(-1, d)
            vals = np.asarray(loss(np.nan_to_num(flat)), dtype=np.float64).reshape(steps + 1, n)
        losses = np.where(finite, vals, np.nan)
    return Trajectory(name, h, points, losses, diverged, extras)


# --- Gallery computations -------------------------------------------------------------------------


@dataclass(frozen=True)
class LearningRateRegimes:
    """Gradient descent on the parabola ``½ a x²`` at several learning rates.

    ``labels[i]`` names regime ``i``; ``paths[i]`` is its :class:`Trajectory` (one start point, 1-D).
    ``critical_lr = 2/a`` is the largest stable rate, ``optimal_lr = 1/a`` converges in one step.
    ``factors[i] = |1 − η_i a|`` is how much ``|θ|`` shrinks (< 1) or grows (> 1) per step.
    """

    curvature: float
    lrs: np.ndarray
    factors: np.ndarray
    labels: tuple[str, ...]
    paths: tuple[Trajectory, ...]
    critical_lr: float
    optimal_lr: float
    x_grid: np.ndarray
    f_grid: np.ndarray
    extent: float = field(default=3.0)


def _regime_label(lr: float, a: float) -> str:
    r = lr * a
    if r >= 2:
        return "divergent"
    if r > 1:
        return "too large (oscillates)"
    if r < 0.3:
        return "too small"
    return "about right"


def learning_rate_regimes(
    curvature: float = 1.0,
    lr_factors: tuple[float, ...] = (0.1, 0.7, 1.8, 2.1),
    x0: float = 2.5,
    steps: int = 20,
) -> LearningRateRegimes:
    """Gradient descent on ``½ a x²`` with ``η = factor / a`` for each factor.

    Factors below 2 converge (below 1 monotonically, between 1 and 2 by oscillating); 2 and above
    diverge. Returns a :class:`LearningRateRegimes` with one path per factor.
    """
    surf = parabola(curvature)
    a = float(surf.grad(np.ones((1, 1)))[0, 0])
    if not lr_factors:
        raise ValueError("lr_factors must name at least one learning rate factor")
    for f in lr_factors:
        check_nonnegative("lr factor", f)
    surf.check_inside(np.array([[x0]]))
    paths = tuple(
        trajectory("sgd", surf.grad, np.array([[x0]]), steps, loss=surf.value, lr=f / a)
        for f in lr_factors
    )
    xs = np.linspace(*surf.domain[0], 401)
    lrs = np.array(lr_factors, dtype=np.float64) / a
    return LearningRateRegimes(
        curvature=a,
        lrs=lrs,
        factors=np.abs(1.0 - lrs * a),
        labels=tuple(_regime_label(f / a, a) for f in lr_factors),
        paths=paths,
        critical_lr=2.0 / a,
        optimal_lr=1.0 / a,
        x_grid=xs,
        f_grid=surf.value(xs[:, None]),
        extent=float(surf.domain[0, 1]),
    )


@dataclass(frozen=True)
class RavineRace:
    """Plain gradient descent and momentum from the same start in a ravine.

    ``plain`` and ``momentum`` are :class:`Trajectory` objects; ``velocity`` is the lecture's
    ``v_t = θ_{t−1} − θ_t`` of the momentum path, shape ``(steps, 2)``. ``X, Y, Z`` is the loss on a
    grid for contours; ``levels`` are contour levels (geometric, so the valley floor shows).
    """

    plain: Trajectory
    momentum: Trajectory
    velocity: np.ndarray
    X: np.ndarray
    Y: np.ndarray
    Z: np.ndarray
    levels: np.ndarray
    minimum: np.ndarray
    condition: float


def momentum_ravine(
    lr: float = 0.018,
    momentum: float = 0.8,
    steps: int = 80,
    condition: float = 100.0,
    angle_deg: float = 30.0,
    start: tuple[float, float] = (-2.6, -0.6),
    resolution: int = 200,
) -> RavineRace:
    """Gradient descent with and without momentum in :func:`~vizdl.sim.surfaces.ravine`.

    Returns a :class:`RavineRace`; both runs use the same ``lr``; the momentum run uses
    ``torch.optim.SGD(momentum=momentum)``'s rule. The defaults put plain gradient descent where the
    lecture's picture has it: ``η·λ_max = 1.8`` (it zig-zags across the valley) and
    ``η·λ_min = 0.018`` (it crawls along the floor), while momentum 0.8 reaches the minimum.
    """
    surf = ravine(condition, angle_deg)
    x0 = np.array([start], dtype=np.float64)
    surf.check_inside(x0)
    plain = trajectory("sgd", surf.grad, x0, steps, loss=surf.value, lr=lr)
    mom = trajectory("sgd", surf.grad, x0, steps, loss=surf.value, lr=lr, momentum=momentum)
    velocity = mom.points[:-1, 0] - mom.points[1:, 0]
    x, y, z = grid(surf, check_int("resolution", resolution, 10))
    zmax = float(z.max())
    levels = np.geomspace(zmax * 1e-3, zmax, 14)
    return RavineRace(plain, mom, velocity, x, y, z, levels, surf.minima[0], float(condition))


# --- The optimizer race -----------------------------------------------------------------------------

# The contestants: label -> (optimizer, fixed hyperparameters). Learning rates are tuned per surface.
RACERS: dict[str, tuple[str, dict]] = {
    "SGD": ("sgd", {}),
    "Momentum": ("sgd", {"momentum": 0.9}),
    "NAG": ("sgd", {"momentum": 0.9, "nesterov": True}),
    "Adagrad": ("adagrad", {}),
    "Adadelta": ("adadelta", {}),
    "RMSprop": ("rmsprop", {}),
    "Adam": ("adam", {}),
}

# Per surface: start point, steps, and whether to tune the learning rate (False: use FIXED_LR).
RACE_SETUPS: dict[str, dict] = {
    "bowl": {"start": (-2.5, 2.0), "steps": 150},
    "beale": {"start": (0.7, 1.4), "steps": 400},
    "ravine": {"start": (-2.6, -0.6), "steps": 200},
    # On the saddle the loss is unbounded below, so "best" is meaningless: one fixed rate for all.
    "saddle": {"start": (-1.8, 1e-6), "steps": 150, "lr": 0.05},
    "rosenbrock": {"start": (-1.5, 2.5), "steps": 500},
    "himmelblau": {"start": (-0.5, 0.5), "steps": 200},
}
LR_GRID = np.geomspace(1e-4, 3.0, 24)


@dataclass(frozen=True)
class Race:
    """Several optimizers from one start on one surface.

    ``labels[i]`` races with ``paths[i]`` at learning rate ``lrs[i]``; ``X, Y, Z`` and ``levels``
    are the loss on a grid for contours; ``tuned`` says whether each learning rate was picked as
    the best of :data:`LR_GRID` (lowest mean loss over the last 10% of steps, without diverging).
    """

    surface: str
    title: str
    labels: tuple[str, ...]
    optimizers: tuple[str, ...]
    lrs: np.ndarray
    paths: tuple[Trajectory, ...]
    start: np.ndarray
    domain: np.ndarray
    minima: np.ndarray
    saddles: np.ndarray
    X: np.ndarray
    Y: np.ndarray
    Z: np.ndarray
    levels: np.ndarray
    tuned: bool
    steps: int

    def table(self) -> dict[str, list]:
        rows: dict[str, list] = {
            "optimizer": [],
            "step": [],
            "theta1": [],
            "theta2": [],
            "loss": [],
        }
        for lab, p in zip(self.labels, self.paths, strict=True):
            for t in range(p.points.shape[0]):
                rows["optimizer"].append(lab)
                rows["step"].append(t)
                rows["theta1"].append(float(p.points[t, 0, 0]))
                rows["theta2"].append(float(p.points[t, 0, 1]))
                rows["loss"].append(float(p.losses[t, 0]))
        return rows


def _best_lr(opt: str, fixed: dict, surf: Surface, x0: np.ndarray, steps: int) -> float:
    tail = max(1, steps // 10)
    best, best_score = float(LR_GRID[0]), np.inf
    for lr in LR_GRID:
        tr = trajectory(opt, surf.grad, x0, steps, loss=surf.value, lr=float(lr), **fixed)
        inside = np.all(np.isfinite(tr.points[:, 0]), axis=1)
        if tr.diverged[0] >= 0 or not inside.all():
            continue
        lo, hi = surf.domain[:, 0], surf.domain[:, 1]
        margin = hi - lo
        if np.any((tr.points[:, 0] < lo - margin) | (tr.points[:, 0] > hi + margin)):
            continue  # wandered far off the plotted surface
        score = float(np.mean(tr.losses[-tail:, 0]))
        if score < best_score:
            best, best_score = float(lr), score
    return best


def optimizer_race(
    surface: str = "beale",
    racers: tuple[str, ...] = tuple(RACERS),
    start: tuple[float, float] | None = None,
    steps: int | None = None,
    lr: float | None = None,
    resolution: int = 240,
) -> Race:
    """Race the lecture's optimizers on ``surface`` from one start point.

    With ``lr=None`` each optimizer runs at its best learning rate from :data:`LR_GRID` (a fair
    race) unless the surface's setup fixes one; with a number, all run at that learning rate.
    Adadelta always runs at torch's default ``lr=1`` (the lecture's point: it needs no learning
    rate). Returns a :class:`Race`.
    """
    surf = get_surface(surface)
    setup = RACE_SETUPS.get(surface, {})
    x0 = np.array(
        [start if start is not None else setup.get("start", surf.domain.mean(axis=1))],
        dtype=np.float64,
    )
    surf.check_inside(x0)
    steps = check_int("steps", steps if steps is not None else setup.get("steps", 200), 1)
    for r in racers:
        check_choice("racer", r, RACERS)
    if lr is None:
        lr = setup.get("lr")
    if lr is not None:
        check_nonnegative("lr", lr)
    paths, lrs, opts = [], [], []
    for label in racers:
        opt, fixed = RACERS[label]
        if opt == "adadelta":
            use = 1.0
        elif lr is None:
            use = _best_lr(opt, fixed, surf, x0, steps)
        else:
            use = float(lr)
        paths.append(trajectory(opt, surf.grad, x0, steps, loss=surf.value, lr=use, **fixed))
        lrs.append(use)
        opts.append(opt)
    x, y, z = grid(surf, check_int("resolution", resolution, 10))
    levels = _contour_levels(z, surf)
    return Race(
        surface,
        surf.title,
        tuple(racers),
        tuple(opts),
        np.array(lrs),
        tuple(paths),
        x0[0],
        surf.domain,
        surf.minima,
        surf.saddles,
        x,
        y,
        z,
        levels,
        lr is None,
        steps,
    )


def _contour_levels(z: np.ndarray, surf: Surface, n: int = 18) -> np.ndarray:
    """Geometric levels above the minimum when the surface has one (valleys show), else linear."""
    if len(surf.minima):
        zmin = float(np.min(surf.value(surf.minima)))
        span = float(np.percentile(z, 95)) - zmin
        return zmin + np.geomspace(span * 1e-4, span, n)
    return np.linspace(float(np.percentile(z, 2)), float(np.percentile(z, 98)), n)


# --- The lecture's comparison table, measured -------------------------------------------------------

# The lecture's table: adaptive learning rate / consistent units / easily handles saddle points.
LECTURE_TABLE: dict[str, tuple[bool, bool, bool]] = {
    "SGD": (False, False, False),
    "Momentum": (False, False, False),
    "NAG": (False, False, False),
    "Adagrad": (True, False, True),
    "Adadelta": (True, True, True),
    "RMSprop": (True, False, True),
    "Adam": (True, False, True),
}


@dataclass(frozen=True)
class PropertyTable:
    """Each racer's properties, measured, beside the lecture's claims.

    Per optimizer (``labels[i]``):

    - ``adapt_ratio``: on the elongated bowl ``½(θ₁² + 10θ₂²)`` from (2, 1), the first step's
      ``Δθᵢ/gᵢ`` of coordinate 1 over coordinate 2. 1 means one learning rate for all parameters.
    - ``units_ratio``: rescale the parameters, ``θ = c·φ`` (``c = scale``), optimise in φ and map
      back: the first step in θ-units over the first step taken directly in θ. 1 means the update
      has the units of θ ("consistent units"); SGD gives c², normalised methods give c.
    - ``units_error``: the same, as the largest path difference over ``steps`` steps relative to the
      path's size (NaN if the rescaled run diverged).
    - ``loss_ratio`` / ``loss_error``: the same for rescaling the loss by ``loss_scale``.
    - ``saddle_steps[i, j]``: steps to reach ``|θ₂| > 1`` on ``x² − y²`` from ``(−1, offsets[j])``;
      ``saddle_growth``: extra steps per 10× closer start, relative to the steps from the farthest
      offset. Small growth: the method normalises the tiny gradient away from the saddle.

    ``measured[i]`` applies the stated rules (``RULES``) to give yes/no per column;
    ``lecture[i]`` is the lecture's claim.
    """

    labels: tuple[str, ...]
    lrs: np.ndarray
    adapt_ratio: np.ndarray
    units_ratio: np.ndarray
    units_error: np.ndarray
    loss_ratio: np.ndarray
    loss_error: np.ndarray
    saddle_steps: np.ndarray
    saddle_growth: np.ndarray
    offsets: np.ndarray
    measured: np.ndarray
    lecture: np.ndarray
    scale: float
    loss_scale: float
    saddle_lr: float

    def table(self) -> dict[str, list]:
        cols: dict[str, list] = {
            "optimizer": list(self.labels),
            "lr": self.lrs.tolist(),
            "adapt_ratio": self.adapt_ratio.tolist(),
            "units_ratio": self.units_ratio.tolist(),
            "units_path_error": self.units_error.tolist(),
            "loss_ratio": self.loss_ratio.tolist(),
            "loss_path_error": self.loss_error.tolist(),
        }
        for j, off in enumerate(self.offsets):
            cols[f"saddle_steps_from_{off:g}"] = self.saddle_steps[:, j].tolist()
        cols["saddle_growth_per_decade"] = self.saddle_growth.tolist()
        for k, name in enumerate(("adaptive", "consistent_units", "handles_saddles")):
            cols[f"{name}_measured"] = self.measured[:, k].tolist()
            cols[f"{name}_lecture"] = self.lecture[:, k].tolist()
        return cols


RULES = (
    "adaptive: per-parameter step/gradient ratios differ by more than 1%",
    "consistent units: rescaling θ changes the first step (in θ's units) by less than 1%",
    "handles saddles: each 10× closer start costs less than 10% more steps",
)


def _path_error(a: np.ndarray, b: np.ndarray) -> float:
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return float("nan")
    return float(np.abs(a - b).max() / np.abs(a).max())


def optimizer_properties(
    lr: float = 0.01,
    scale: float = 10.0,
    loss_scale: float = 100.0,
    steps: int = 50,
    saddle_lr: float = 0.01,
    offsets: tuple[float, ...] = (1e-3, 1e-6, 1e-9),
) -> PropertyTable:
    """Measure the lecture's table for every racer (Adadelta at its default lr = 1).

    Returns a :class:`PropertyTable`.
    """
    check_positive("scale", scale)
    check_positive("loss_scale", loss_scale)
    check_positive("lr", lr)
    check_positive("saddle_lr", saddle_lr)
    if len(offsets) < 2 or any(o <= 0 for o in offsets):
        raise ValueError(f"offsets must be at least two positive numbers, got {offsets!r}")
    bowl = get_surface("elongated")
    sad = get_surface("saddle")
    x0 = np.array([[2.0, 1.0]])
    g0 = bowl.grad(x0)[0]
    labels = tuple(RACERS)
    n = len(labels)
    out = {k: np.zeros(n) for k in ("lr", "adapt", "units", "uerr", "loss", "lerr", "growth")}
    saddle_steps = np.zeros((n, len(offsets)), dtype=np.int64)
    for i, label in enumerate(labels):
        opt, fixed = RACERS[label]
        use = 1.0 if opt == "adadelta" else lr
        out["lr"][i] = use
        direct = trajectory(opt, bowl.grad, x0, steps, lr=use, **fixed).points[:, 0]
        step = direct[1] - direct[0]
        ratios = step / -g0
        out["adapt"][i] = ratios[0] / ratios[1]
        phi = (
            trajectory(
                opt, lambda p: scale * bowl.grad(scale * p), x0 / scale, steps, lr=use, **fixed
            ).points[:, 0]
            * scale
        )
        out["units"][i] = np.linalg.norm(phi[1] - phi[0]) / np.linalg.norm(step)
        out["uerr"][i] = _path_error(direct, phi)
        louder = trajectory(opt, lambda p: loss_scale * bowl.grad(p), x0, steps, lr=use, **fixed)
        lp = louder.points[:, 0]
        out["loss"][i] = np.linalg.norm(lp[1] - lp[0]) / np.linalg.norm(step)
        out["lerr"][i] = _path_error(direct, lp)
        s_use = 1.0 if opt == "adadelta" else saddle_lr
        for j, off in enumerate(offsets):
            tr = trajectory(opt, sad.grad, np.array([[-1.0, off]]), 20000, lr=s_use, **fixed)
            y = np.abs(np.nan_to_num(tr.points[:, 0, 1], nan=np.inf))
            saddle_steps[i, j] = int(np.argmax(y > 1)) if (y > 1).any() else -1
        decades = np.log10(offsets[0] / offsets[-1])
        first, last = saddle_steps[i, 0], saddle_steps[i, -1]
        out["growth"][i] = (
            (last - first) / decades / max(first, 1) if min(first, last) > 0 else np.inf
        )
    measured = np.column_stack(
        [
            np.abs(out["adapt"] - 1) > 0.01,
            np.abs(out["units"] - 1) < 0.01,
            out["growth"] < 0.10,
        ]
    )
    lecture = np.array([LECTURE_TABLE[lab] for lab in labels])
    return PropertyTable(
        labels,
        out["lr"],
        out["adapt"],
        out["units"],
        out["uerr"],
        out["loss"],
        out["lerr"],
        saddle_steps,
        out["growth"],
        np.array(offsets),
        measured,
        lecture,
        float(scale),
        float(loss_scale),
        float(saddle_lr),
    )


# --- Basins of convergence ------------------------------------------------------------------------

# Learning rates for the basin maps: each rule at a rate that converges from most of the plane.
BASIN_LRS: dict[str, float] = {
    "SGD": 0.005,
    "Momentum": 0.001,
    "NAG": 0.001,
    "Adagrad": 0.5,
    "Adadelta": 1.0,
    "RMSprop": 0.02,
    "Adam": 0.05,
}


@dataclass(frozen=True)
class Basins:
    """Which minimum each start point of a grid reaches, per optimizer, and how fast.

    ``which[k]`` is ``(res, res)``: the index into ``minima`` of the minimum optimizer ``labels[k]``
    reached from the start at ``(xs[j], ys[i])`` (it stayed within ``tol`` of it from some step on,
    and was there at the end), ``-1`` if it ended elsewhere, ``-2`` if it diverged. ``steps_to[k]``
    is the first step after which the path stayed within ``tol`` of that minimum (``-1``
    otherwise).
    """

    surface: str
    title: str
    labels: tuple[str, ...]
    lrs: np.ndarray
    xs: np.ndarray
    ys: np.ndarray
    which: np.ndarray
    steps_to: np.ndarray
    minima: np.ndarray
    steps: int
    tol: float

    def table(self) -> dict[str, list]:
        rows: dict[str, list] = {
            "optimizer": [],
            "minimum": [],
            "fraction_of_starts": [],
            "median_steps": [],
        }
        n = self.which[0].size
        for k, lab in enumerate(self.labels):
            for m in [*range(len(self.minima)), -1, -2]:
                hit = self.which[k] == m
                rows["optimizer"].append(lab)
                rows["minimum"].append(
                    {-1: "none", -2: "diverged"}.get(
                        m, str(tuple(np.round(self.minima[m], 4))) if m >= 0 else ""
                    )
                )
                rows["fraction_of_starts"].append(float(hit.sum() / n))
                rows["median_steps"].append(
                    float(np.median(self.steps_to[k][hit]))
                    if m >= 0 and hit.any()
                    else float("nan")
                )
        return rows


def basin_map(
    name: str,
    grad: GradFn,
    starts: np.ndarray,
    minima: np.ndarray,
    steps: int,
    tol: float = 1e-2,
    bound: float = 1e6,
    **hparams: object,
) -> tuple[np.ndarray, np.ndarray]:
    """Run optimizer ``name`` from every row of ``starts`` (batched, nothing stored per step).

    Returns ``(which, steps_to)``, each ``(n,)``: the index of the minimum each path ended within
    ``tol`` of (``-1`` none, ``-2`` diverged), and the first step from which it stayed there.
    """
    spec, h, x = _prepare(name, starts, hparams)
    steps = check_int("steps", steps, 1)
    n = x.shape[0]
    diverged = np.zeros(n, dtype=bool)
    tol2 = tol * tol

    def nearest_minimum(xt: np.ndarray) -> np.ndarray:
        near = np.full(n, -1, dtype=np.int64)
        for m, point in enumerate(minima):  # few minima: a loop beats an (n, k, d) temporary
            d2 = sum(
                (xt[:, c] - point[c]) ** 2 for c in range(xt.shape[1])
            )  # no (n, d) temporaries
            near[d2 <= tol2] = m
        return near

    nearest = nearest_minimum(x)
    since = np.where(nearest >= 0, 0, -1)
    for t, xt, alive, bad, _state in _iterate(spec, h, grad, x, steps, bound):
        diverged |= bad
        near = nearest_minimum(xt)
        near[~alive] = -1
        # "Stayed since": reset whenever the nearest minimum changes or the path leaves.
        changed = near != nearest
        since = np.where(changed, np.where(near >= 0, t, -1), since)
        nearest = near
    which = np.where(diverged, -2, nearest)
    return which, np.where(which >= 0, since, -1)


def basins(
    surface: str = "himmelblau",
    racers: tuple[str, ...] = tuple(RACERS),
    resolution: int = 200,
    steps: int = 500,
    tol: float = 1e-2,
) -> Basins:
    """Basins of convergence of each racer on ``surface``, on a ``resolution²`` grid of starts.

    Each racer runs at :data:`BASIN_LRS`. Returns a :class:`Basins`.
    """
    surf = get_surface(surface)
    if not len(surf.minima):
        raise ValueError(
            f"surface {surface!r} has no minima to converge to; pick one that has, e.g. 'himmelblau'"
        )
    res = check_int("resolution", resolution, 2)
    check_positive("tol", tol)
    for r in racers:
        check_choice("racer", r, RACERS)
    xs = np.linspace(*surf.domain[0], res)
    ys = np.linspace(*surf.domain[1], res)
    gx, gy = np.meshgrid(xs, ys)
    starts = np.column_stack([gx.ravel(), gy.ravel()])
    which, steps_to = [], []
    for label in racers:
        opt, fixed = RACERS[label]
        w, s = basin_map(
            opt, surf.grad, starts, surf.minima, steps, tol, lr=BASIN_LRS[label], **fixed
        )
        which.append(w.reshape(res, res))
        steps_to.append(s.reshape(res, res))
    return Basins(
        surface,
        surf.title,
        tuple(racers),
        np.array([BASIN_LRS[r] for r in racers]),
        xs,
        ys,
        np.array(which),
        np.array(steps_to),
        surf.minima,
        steps,
        float(tol),
    )


# --- Adaptive learning rates and Adam's bias correction --------------------------------------------


@dataclass(frozen=True)
class AdaptiveRates:
    """Effective learning rates, recorded from the real update rules.

    - ``bowl_eff_lr[name]``: ``(steps, 2)`` per-parameter step size ``η/√(G+…)`` of Adagrad and
      RMSprop on the elongated bowl ``½(θ₁² + 10θ₂²)``: the steep parameter gets the smaller one.
    - ``stream``: a stream of gradients, ``g_t = big`` for ``t ≤ switch`` then ``small`` (a loss
      whose slope flattens); ``stream_eff_lr[name]`` ``(steps,)`` for Adagrad, RMSprop and Adadelta:
      Adagrad's sum keeps growing so its rate never recovers; the windowed methods adapt.
    - ``adam_g``: a noisy gradient stream (mean ``adam_mean``); ``adam_m, adam_v`` Adam's raw
      moments and ``adam_m_hat, adam_v_hat`` the bias-corrected ones, ``(adam_steps,)`` each.
    """

    bowl_eff_lr: dict
    bowl_lrs: dict
    stream: np.ndarray
    stream_eff_lr: dict
    stream_lrs: dict
    switch: int
    adam_g: np.ndarray
    adam_m: np.ndarray
    adam_v: np.ndarray
    adam_m_hat: np.ndarray
    adam_v_hat: np.ndarray
    adam_mean: float
    betas: tuple[float, float]


def _stream_grad(stream: np.ndarray) -> GradFn:
    """A gradient oracle that returns the next value of ``stream`` at each call (any x)."""
    it = iter(stream)

    def grad(x: np.ndarray) -> np.ndarray:
        return np.full_like(x, next(it))

    return grad


def adaptive_learning_rates(
    steps: int = 300,
    switch: int = 100,
    big: float = 1.0,
    small: float = 0.1,
    adam_steps: int = 40,
    adam_mean: float = 1.0,
    adam_noise: float = 0.5,
    betas: tuple[float, float] = (0.9, 0.999),
    seed: int = 0,
) -> AdaptiveRates:
    """Record effective learning rates and Adam's moments from the real rules (see
    :class:`AdaptiveRates`)."""
    steps = check_int("steps", steps, 2)
    switch = check_int("switch", switch, 1)
    if switch >= steps:
        raise ValueError(f"switch must be < steps ({steps}), got {switch}")
    check_positive("big", big)
    check_positive("small", small)
    adam_steps = check_int("adam_steps", adam_steps, 1)
    bowl = get_surface("elongated")
    x0 = np.array([[2.0, 1.0]])
    bowl_lrs = {"adagrad": 0.3, "rmsprop": 0.01}
    bowl_eff = {
        name: trajectory(name, bowl.grad, x0, steps, lr=lr, record=("eff_lr",)).extras["eff_lr"][
            :, 0
        ]
        for name, lr in bowl_lrs.items()
    }
    stream = np.where(np.arange(1, steps + 1) <= switch, big, small).astype(np.float64)
    stream_lrs = {"adagrad": 0.1, "rmsprop": 0.01, "adadelta": 1.0}
    stream_eff = {
        name: trajectory(
            name, _stream_grad(stream), np.zeros((1, 1)), steps, lr=lr, record=("eff_lr",)
        ).extras["eff_lr"][:, 0, 0]
        for name, lr in stream_lrs.items()
    }
    rng = np.random.default_rng(seed)
    g = adam_mean + adam_noise * rng.standard_normal(adam_steps)
    tr = trajectory(
        "adam",
        _stream_grad(g),
        np.zeros((1, 1)),
        adam_steps,
        lr=1e-3,
        betas=tuple(betas),
        record=("m", "v"),
    )
    m, v = tr.extras["m"][:, 0, 0], tr.extras["v"][:, 0, 0]
    t = np.arange(1, adam_steps + 1)
    b1, b2 = betas
    return AdaptiveRates(
        bowl_eff,
        bowl_lrs,
        stream,
        stream_eff,
        stream_lrs,
        switch,
        g,
        m,
        v,
        m / (1 - b1**t),
        v / (1 - b2**t),
        float(adam_mean),
        (float(b1), float(b2)),
    )


# --- Stochastic, mini-batch and batch gradient descent --------------------------------------------


@dataclass(frozen=True)
class BatchPaths:
    """Gradient descent on a least-squares line fit ``J(w, b) = ½·mean((w·xᵢ + b − yᵢ)²)``.

    ``paths[k]`` is the :class:`Trajectory` for batch size ``batch_sizes[k]`` (the data reshuffled
    every epoch, seeded); ``batch_grads[k]`` ``(steps, 2)`` the mini-batch gradient each step used
    and ``full_grads[k]`` ``(steps, 2)`` the true (full-data) gradient at the same point. ``X, Y, Z``
    are the exact loss on a grid, ``optimum`` the least-squares solution (normal equations).
    """

    x: np.ndarray
    y: np.ndarray
    batch_sizes: tuple[int, ...]
    paths: tuple[Trajectory, ...]
    batch_grads: tuple[np.ndarray, ...]
    full_grads: tuple[np.ndarray, ...]
    lr: float
    optimum: np.ndarray
    X: np.ndarray
    Y: np.ndarray
    Z: np.ndarray
    levels: np.ndarray
    domain: np.ndarray


def _lsq_grad(x: np.ndarray, y: np.ndarray, params: np.ndarray) -> np.ndarray:
    """Gradient of ½·mean((w·x + b − y)²) for each row ``(w, b)`` of ``params``."""
    r = params[:, :1] * x[None, :] + params[:, 1:2] - y[None, :]
    return np.stack([(r * x[None, :]).mean(axis=1), r.mean(axis=1)], axis=1)


def batch_paths(
    n: int = 200,
    batch_sizes: tuple[int, ...] = (1, 10, 50, 200),
    lr: float = 0.3,
    steps: int = 100,
    true_w: float = 2.0,
    true_b: float = -1.0,
    noise: float = 0.5,
    x_mean: float = 1.0,
    x_std: float = 0.8,
    start: tuple[float, float] = (-1.5, 2.0),
    seed: int = 0,
    resolution: int = 160,
) -> BatchPaths:
    """SGD with batch size 1 (stochastic), mini-batches and the full data (batch) on one problem.

    Returns a :class:`BatchPaths`; every run takes ``steps`` updates of ``torch.optim.SGD``'s rule.
    """
    n = check_int("n", n, 2)
    steps = check_int("steps", steps, 1)
    check_positive("lr", lr)
    for bs in batch_sizes:
        if check_int("batch size", bs, 1) > n:
            raise ValueError(f"batch size {bs} is larger than the data set (n = {n})")
    rng = np.random.default_rng(seed)
    x = x_mean + x_std * rng.standard_normal(n)
    y = true_w * x + true_b + noise * rng.standard_normal(n)
    design = np.column_stack([x, np.ones(n)])
    optimum = np.linalg.solve(design.T @ design, design.T @ y)
    x0 = np.array([start], dtype=np.float64)
    paths, bgrads, fgrads = [], [], []
    for bs in batch_sizes:
        order = np.concatenate([rng.permutation(n) for _ in range(steps * bs // n + 2)])
        batches = iter(order[i * bs : (i + 1) * bs] for i in range(steps))
        used: list[np.ndarray] = []
        full: list[np.ndarray] = []

        def grad(p: np.ndarray, batches=batches, used=used, full=full) -> np.ndarray:
            idx = next(batches)
            g = _lsq_grad(x[idx], y[idx], p)
            used.append(g[0])
            full.append(_lsq_grad(x, y, p)[0])
            return g

        loss = lambda p: 0.5 * ((p[:, :1] * x[None, :] + p[:, 1:2] - y[None, :]) ** 2).mean(axis=1)  # noqa: E731
        paths.append(trajectory("sgd", grad, x0, steps, loss=loss, lr=lr))
        bgrads.append(np.array(used))
        fgrads.append(np.array(full))
    domain = np.array([[optimum[0] - 4.5, optimum[0] + 4.5], [optimum[1] - 3.5, optimum[1] + 3.5]])
    ws = np.linspace(*domain[0], check_int("resolution", resolution, 10))
    bs_ = np.linspace(*domain[1], resolution)
    gw, gb = np.meshgrid(ws, bs_)
    flat = np.column_stack([gw.ravel(), gb.ravel()])
    z = (0.5 * ((flat[:, :1] * x[None, :] + flat[:, 1:2] - y[None, :]) ** 2).mean(axis=1)).reshape(
        gw.shape
    )
    zmin = float(0.5 * np.mean((design @ optimum - y) ** 2))
    levels = zmin + np.geomspace(1e-3, float(z.max()) - zmin, 14)
    return BatchPaths(
        x,
        y,
        tuple(batch_sizes),
        tuple(paths),
        tuple(bgrads),
        tuple(fgrads),
        float(lr),
        optimum,
        gw,
        gb,
        z,
        levels,
        domain,
    )


# --- Nesterov's geometry --------------------------------------------------------------------------


@dataclass(frozen=True)
class NesterovGeometry:
    """Nesterov's accelerated gradient in the lecture's form, with the vectors of every step.

    ``theta[t]`` ``(steps + 1, 2)`` and ``v[t]`` (``v[0] = 0``) follow
    ``v_t = γ v_{t−1} + η ∇J(θ_{t−1} − γ v_{t−1})``, ``θ_t = θ_{t−1} − v_t``. For step ``t``
    (rows ``t − 1`` of the ``(steps, 2)`` arrays): ``jump = −γ v_{t−1}`` (brown, to the look-ahead
    point ``lookahead``), ``correction = −η ∇J(lookahead)`` (red), ``accumulated = −v_t`` (green,
    their sum). Standard momentum from the same θ and v: ``std_grad = −η ∇J(θ_{t−1})`` then the
    jump along the updated accumulated gradient, ``std_step`` in total. ``torch_points`` are
    ``torch.optim.SGD(nesterov=True)``'s iterates from the same start: the look-ahead points
    ``θ_t − γ v_t`` of the lecture's form.
    """

    theta: np.ndarray
    v: np.ndarray
    lookahead: np.ndarray
    jump: np.ndarray
    correction: np.ndarray
    accumulated: np.ndarray
    std_grad: np.ndarray
    std_step: np.ndarray
    torch_points: np.ndarray
    lr: float
    momentum: float
    X: np.ndarray
    Y: np.ndarray
    Z: np.ndarray
    levels: np.ndarray
    domain: np.ndarray
    minimum: np.ndarray


def nesterov_geometry(
    surface: str = "elongated",
    lr: float = 0.03,
    momentum: float = 0.9,
    steps: int = 25,
    start: tuple[float, float] = (-2.6, 1.2),
    resolution: int = 200,
) -> NesterovGeometry:
    """Run the lecture's NAG and record its jump / correction / accumulated vectors per step.

    Returns a :class:`NesterovGeometry`.
    """
    surf = get_surface(surface)
    check_positive("lr", lr)
    check_positive("momentum", momentum)
    steps = check_int("steps", steps, 1)
    x0 = np.array([start], dtype=np.float64)
    surf.check_inside(x0)
    theta = np.zeros((steps + 1, 2))
    v = np.zeros((steps + 1, 2))
    theta[0] = x0[0]
    look, jump, corr, std_grad = (np.zeros((steps, 2)) for _ in range(4))
    for t in range(1, steps + 1):
        jump[t - 1] = -momentum * v[t - 1]
        look[t - 1] = theta[t - 1] + jump[t - 1]
        corr[t - 1] = -lr * surf.grad(look[t - 1][None])[0]
        v[t] = momentum * v[t - 1] + lr * surf.grad(look[t - 1][None])[0]
        theta[t] = theta[t - 1] - v[t]
        std_grad[t - 1] = -lr * surf.grad(theta[t - 1][None])[0]
    std_step = jump + std_grad  # standard momentum: −(γ v + η ∇J(θ)) from the same θ and v
    torch_pts = trajectory(
        "sgd", surf.grad, x0, steps, lr=lr, momentum=momentum, nesterov=True
    ).points[:, 0]
    x, y, z = grid(surf, check_int("resolution", resolution, 10))
    return NesterovGeometry(
        theta,
        v,
        look,
        jump,
        corr,
        -v[1:],
        std_grad,
        std_step,
        torch_pts,
        float(lr),
        float(momentum),
        x,
        y,
        z,
        _contour_levels(z, surf, 14),
        surf.domain,
        surf.minima[0],
    )


# --- Learning-rate sensitivity ----------------------------------------------------------------------


BLOWUP = 1e3  # a run that ends this many times further above the minimum than it started diverged


@dataclass(frozen=True)
class LRSensitivity:
    """Final loss after ``steps`` steps against the learning rate, per racer and surface.

    ``final[s, k, j]`` is the mean loss over the last 10% of steps on ``surfaces[s]`` for
    ``labels[k]`` at ``lrs[j]`` (NaN where the run diverged — left the finite range, or ended
    :data:`BLOWUP` times further above the minimum than it started; ``diverged[s, k, j]`` says so);
    ``start[s]`` is the start point and ``floor[s]`` the minimum value of the loss.
    """

    surfaces: tuple[str, ...]
    titles: tuple[str, ...]
    labels: tuple[str, ...]
    lrs: np.ndarray
    final: np.ndarray
    diverged: np.ndarray
    start: np.ndarray
    floor: np.ndarray
    steps: int

    def table(self) -> dict[str, list]:
        rows: dict[str, list] = {
            "surface": [],
            "optimizer": [],
            "lr": [],
            "final_loss": [],
            "diverged": [],
        }
        for s, surf in enumerate(self.surfaces):
            for k, lab in enumerate(self.labels):
                for j, lr in enumerate(self.lrs):
                    rows["surface"].append(surf)
                    rows["optimizer"].append(lab)
                    rows["lr"].append(float(lr))
                    rows["final_loss"].append(float(self.final[s, k, j]))
                    rows["diverged"].append(bool(self.diverged[s, k, j]))
        return rows


def _race_start(name: str, surf: Surface) -> np.ndarray:
    """The race's start point on surface ``name`` (``(1, 2)``): its setup's, else the domain centre."""
    start = RACE_SETUPS.get(name, {}).get("start", surf.domain.mean(axis=1))
    return np.array([start], dtype=np.float64)


def _sweep_run(
    surf: Surface, racer: str, x0: np.ndarray, lr: float, steps: int, floor: float
) -> tuple[Trajectory, float]:
    """One run of a learning-rate sweep: the trajectory and the mean loss over its last 10% of
    steps, NaN when it diverged (left the finite range, or ended :data:`BLOWUP` times further above
    the minimum ``floor`` than it started)."""
    opt, fixed = RACERS[racer]
    tr = trajectory(opt, surf.grad, x0, steps, loss=surf.value, lr=lr, **fixed)
    end = float(np.mean(tr.losses[-max(1, steps // 10) :, 0]))
    if tr.diverged[0] >= 0 or not end <= BLOWUP * (tr.losses[0, 0] - floor) + floor:
        return tr, float("nan")
    return tr, end


def lr_sensitivity(
    surfaces: tuple[str, ...] = ("bowl", "ravine", "beale", "rosenbrock"),
    racers: tuple[str, ...] = ("SGD", "Momentum", "NAG", "Adagrad", "RMSprop", "Adam"),
    steps: int = 200,
    lr_min: float = 1e-4,
    lr_max: float = 3.0,
    n_lrs: int = 30,
) -> LRSensitivity:
    """Sweep the learning rate for each racer on each surface, from the race's start points.

    Adadelta is left out by default: its ``lr`` is a scale factor the lecture says needs no tuning.
    Returns an :class:`LRSensitivity`.
    """
    steps = check_int("steps", steps, 1)
    check_positive("lr_min", lr_min)
    if not lr_max > lr_min:
        raise ValueError(f"lr_max must be > lr_min ({lr_min}), got {lr_max}")
    lrs = np.geomspace(lr_min, lr_max, check_int("n_lrs", n_lrs, 2))
    for r in racers:
        check_choice("racer", r, RACERS)
    final = np.full((len(surfaces), len(racers), len(lrs)), np.nan)
    div = np.zeros_like(final, dtype=bool)
    starts, floors, titles = [], [], []
    for s, name in enumerate(surfaces):
        surf = get_surface(name)
        if not len(surf.minima):
            raise ValueError(f"surface {name!r} has no minimum to measure the final loss against")
        x0 = _race_start(name, surf)
        starts.append(x0[0])
        floors.append(float(surf.value(surf.minima).min()))
        titles.append(surf.title)
        for k, label in enumerate(racers):
            for j, lr in enumerate(lrs):
                _, end = _sweep_run(surf, label, x0, float(lr), steps, floors[-1])
                div[s, k, j] = np.isnan(end)
                final[s, k, j] = end
    return LRSensitivity(
        tuple(surfaces),
        tuple(titles),
        tuple(racers),
        lrs,
        final,
        div,
        np.array(starts),
        np.array(floors),
        steps,
    )


@dataclass(frozen=True)
class LearningRateRegimes2D:
    """Gradient descent on a 2-D quadratic at learning rates ``factors / λ_max``.

    ``paths[i]`` runs at ``lrs[i]``; ``labels[i]`` names the regime by ``η·λ_max`` (the steepest
    direction decides stability: it diverges once ``η > 2/λ_max``); ``X, Y, Z, levels`` are contours.
    """

    surface: str
    curvatures: np.ndarray
    lrs: np.ndarray
    labels: tuple[str, ...]
    paths: tuple[Trajectory, ...]
    X: np.ndarray
    Y: np.ndarray
    Z: np.ndarray
    levels: np.ndarray
    domain: np.ndarray


def learning_rate_regimes_2d(
    surface: str = "elongated",
    lr_factors: tuple[float, ...] = (0.1, 0.7, 1.8, 2.1),
    start: tuple[float, float] = (-2.5, 1.5),
    steps: int = 30,
    resolution: int = 200,
) -> LearningRateRegimes2D:
    """The four learning-rate regimes on a 2-D quadratic (``η = factor / λ_max``)."""
    surf = get_surface(surface)
    at = surf.minima[0]
    h = np.stack([surf.grad((at + e)[None])[0] - surf.grad(at[None])[0] for e in np.eye(2)])
    lam = np.linalg.eigvalsh(0.5 * (h + h.T))
    if not np.all(lam > 0) or not np.allclose(
        surf.grad(np.array([[1.3, -0.4]])), (np.array([1.3, -0.4]) - at) @ h.T
    ):
        raise ValueError(
            f"surface {surface!r} is not a positive-definite quadratic; use 'bowl', 'elongated' or 'ravine'"
        )
    if not lr_factors:
        raise ValueError("lr_factors must name at least one learning rate factor")
    x0 = np.array([start], dtype=np.float64)
    surf.check_inside(x0)
    lrs = np.array([check_nonnegative("lr factor", f) for f in lr_factors]) / lam.max()
    paths = tuple(
        trajectory("sgd", surf.grad, x0, steps, loss=surf.value, lr=float(lr)) for lr in lrs
    )
    x, y, z = grid(surf, check_int("resolution", resolution, 10))
    return LearningRateRegimes2D(
        surface,
        lam,
        lrs,
        tuple(_regime_label(lr * lam.max(), 1.0) for lr in lrs),
        paths,
        x,
        y,
        z,
        _contour_levels(z, surf, 14),
        surf.domain,
    )


@dataclass(frozen=True)
class BasinFlow:
    """A coarse grid of start points run by a few racers, for animating how basins form.

    ``paths[k]`` is racer ``labels[k]``'s :class:`Trajectory` from every start (``(steps + 1, n, 2)``);
    ``which[k]`` ``(n,)`` the minimum each start ends within ``tol`` of after ``classify_steps``
    steps (``-1`` none, ``-2`` diverged), by the same rule as :func:`basin_map`.
    """

    surface: str
    title: str
    labels: tuple[str, ...]
    lrs: np.ndarray
    paths: tuple[Trajectory, ...]
    which: np.ndarray
    minima: np.ndarray
    domain: np.ndarray
    X: np.ndarray
    Y: np.ndarray
    Z: np.ndarray
    levels: np.ndarray
    classify_steps: int


def basin_flow(
    surface: str = "himmelblau",
    racers: tuple[str, ...] = ("SGD", "Adam"),
    resolution: int = 20,
    steps: int = 60,
    classify_steps: int = 500,
    tol: float = 1e-2,
) -> BasinFlow:
    """Run each racer from a ``resolution²`` grid of starts, keeping the paths (see :class:`BasinFlow`)."""
    surf = get_surface(surface)
    if not len(surf.minima):
        raise ValueError(
            f"surface {surface!r} has no minima to converge to; pick one that has, e.g. 'himmelblau'"
        )
    res = check_int("resolution", resolution, 2)
    steps = check_int("steps", steps, 1)
    for r in racers:
        check_choice("racer", r, RACERS)
    lo, hi = surf.domain[:, 0], surf.domain[:, 1]
    margin = 0.04 * (hi - lo)  # starts just inside the frame, so every dot is visible at t = 0
    gx, gy = np.meshgrid(
        np.linspace(lo[0] + margin[0], hi[0] - margin[0], res),
        np.linspace(lo[1] + margin[1], hi[1] - margin[1], res),
    )
    starts = np.column_stack([gx.ravel(), gy.ravel()])
    paths, which = [], []
    for label in racers:
        opt, fixed = RACERS[label]
        lr = BASIN_LRS[label]
        paths.append(trajectory(opt, surf.grad, starts, steps, lr=lr, **fixed))
        which.append(
            basin_map(opt, surf.grad, starts, surf.minima, classify_steps, tol, lr=lr, **fixed)[0]
        )
    x, y, z = grid(surf, 200)
    return BasinFlow(
        surface,
        surf.title,
        tuple(racers),
        np.array([BASIN_LRS[r] for r in racers]),
        tuple(paths),
        np.array(which),
        surf.minima,
        surf.domain,
        x,
        y,
        z,
        _contour_levels(z, surf, 14),
        check_int("classify_steps", classify_steps, 1),
    )


@dataclass(frozen=True)
class LRSweepPaths:
    """Whole paths of each racer at every learning rate of a log-spaced sweep on one surface.

    ``points[k, j]`` is ``(steps + 1, 2)`` for ``labels[k]`` at ``lrs[j]`` (NaN after a divergence);
    ``final[k, j]`` the mean loss over the last 10% of steps minus the minimum (NaN where the run
    diverged, as in :func:`lr_sensitivity`); ``X, Y, Z, levels`` the contours.
    """

    surface: str
    title: str
    labels: tuple[str, ...]
    lrs: np.ndarray
    points: np.ndarray
    final: np.ndarray
    diverged: np.ndarray
    X: np.ndarray
    Y: np.ndarray
    Z: np.ndarray
    levels: np.ndarray
    domain: np.ndarray
    start: np.ndarray
    steps: int


def lr_sweep_paths(
    surface: str = "ravine",
    racers: tuple[str, ...] = ("SGD", "Adam"),
    lr_min: float = 1e-3,
    lr_max: float = 1.0,
    n_lrs: int = 41,
    steps: int = 100,
) -> LRSweepPaths:
    """The learning-rate sensitivity sweep with the paths kept, for the animation that walks η up:
    SGD's window closes at its stability limit while Adam's step stays about η per coordinate."""
    surf = get_surface(surface)
    if not len(surf.minima):
        raise ValueError(f"surface {surface!r} has no minimum to measure the final loss against")
    steps = check_int("steps", steps, 1)
    check_positive("lr_min", lr_min)
    if not lr_max > lr_min:
        raise ValueError(f"lr_max must be > lr_min ({lr_min}), got {lr_max}")
    lrs = np.geomspace(lr_min, lr_max, check_int("n_lrs", n_lrs, 2))
    for r in racers:
        check_choice("racer", r, RACERS)
    x0 = _race_start(surface, surf)
    floor = float(surf.value(surf.minima).min())
    pts = np.full((len(racers), len(lrs), steps + 1, 2), np.nan)
    final = np.full((len(racers), len(lrs)), np.nan)
    div = np.zeros((len(racers), len(lrs)), dtype=bool)
    for k, label in enumerate(racers):
        for j, lr in enumerate(lrs):
            tr, end = _sweep_run(surf, label, x0, float(lr), steps, floor)
            pts[k, j] = tr.points[:, 0]
            div[k, j] = np.isnan(end)
            final[k, j] = end - floor
    x, y, z = grid(surf, 160)
    return LRSweepPaths(
        surface,
        surf.title,
        tuple(racers),
        lrs,
        pts,
        final,
        div,
        x,
        y,
        z,
        _contour_levels(z, surf),
        np.asarray(surf.domain, dtype=np.float64),
        x0[0],
        steps,
    )
