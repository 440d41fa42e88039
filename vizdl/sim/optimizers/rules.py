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

from vizdl.sim._checks import check_choice, check_int, check_nonnegative

__all__ = [
    "Trajectory",
    "OPTIMIZERS",
    "Named",
    "NAMED",
    "TORCH_NAMES",
    "trajectory",
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


@dataclass(frozen=True)
class Named:
    """What an optimizer's name means: the ``torch.optim`` class, the hyperparameters the name
    implies beyond that class's defaults, and the update rule of :data:`OPTIMIZERS` that runs it
    here (``None``: none; ``vizdl train`` runs it with torch)."""

    torch_class: str
    implied: dict
    rule: str | None


# The optimizers by the names the lecture and its students use, with one meaning everywhere:
# ``vizdl train --optimizer`` (vizdl.sim.training.OPTIMIZERS), the race's racers
# (vizdl.sim.optimizers.races.RACERS) and the update rules' parity with torch (TORCH_NAMES).
NAMED: dict[str, Named] = {
    "sgd": Named("SGD", {}, "sgd"),
    "momentum": Named("SGD", {"momentum": 0.9}, "sgd"),
    "nesterov": Named("SGD", {"momentum": 0.9, "nesterov": True}, "sgd"),
    "adagrad": Named("Adagrad", {}, "adagrad"),
    "adadelta": Named("Adadelta", {}, "adadelta"),
    "rmsprop": Named("RMSprop", {}, "rmsprop"),
    "adam": Named("Adam", {}, "adam"),
    "amsgrad": Named("Adam", {"amsgrad": True}, "amsgrad"),
    "adamw": Named("AdamW", {}, None),
    "adamax": Named("Adamax", {}, "adamax"),
    "nadam": Named("NAdam", {}, "nadam"),
}

# torch.optim class for each update rule (the parity tests and the comparison use these).
TORCH_NAMES = {rule: NAMED[rule].torch_class for rule in OPTIMIZERS}


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
