"""Universal approximation: steep sigmoids as steps, pairs of steps as bumps, bumps as staircases.

The construction of Nielsen's chapter 4 (the lecture's source), as a real ``torch.nn`` model: a
hidden sigmoid unit σ(w x + b) is a step at s = −b/w once w is large; two of them with output
weights +h and −h make a bump of height h; N bumps with heights f(midpoints) make a Riemann-like
staircase whose sup error for Lipschitz f falls like 1/N. Trained networks, ReLU "switches" and a
depth-vs-width comparison complete the topic.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
import torch

from vizdl.sim import activations as acts
from vizdl.sim._checks import check_choice, check_int, check_positive
from vizdl.sim._tables import columns
from vizdl.sim.networks import drop_params

__all__ = [
    "FUNCTIONS",
    "lecture_function",
    "resolve_function",
    "step_units",
    "StepUnits",
    "decimal_text",
    "readout_steepnesses",
    "bump_parameters",
    "bump_network",
    "staircase",
    "BumpBuild",
    "bump_build",
    "ErrorSweep",
    "error_sweep",
    "TrainedFits",
    "trained_fits",
    "ReluSwitches",
    "relu_switches",
    "DepthWidth",
    "depth_vs_width",
]


def lecture_function(x: np.ndarray) -> np.ndarray:
    """The lecture's (Nielsen's) example: 0.2 + 0.4x² + 0.3x·sin(15x) + 0.05·cos(50x)."""
    x = np.asarray(x, dtype=np.float64)
    return 0.2 + 0.4 * x**2 + 0.3 * x * np.sin(15 * x) + 0.05 * np.cos(50 * x)


FUNCTIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "lecture": lecture_function,
    "sine": lambda x: 0.5 + 0.4 * np.sin(2 * np.pi * np.asarray(x, dtype=np.float64)),
    "abs": lambda x: np.abs(np.asarray(x, dtype=np.float64) - 0.5) * 1.6,
}


def resolve_function(f: str | Callable[[np.ndarray], np.ndarray]) -> Callable:
    """A named function of :data:`FUNCTIONS` or any callable mapping an array on [0, 1] to finite
    values of the same shape (checked on a grid)."""
    if isinstance(f, str):
        fn = FUNCTIONS[check_choice("function", f, FUNCTIONS)]
    elif callable(f):
        fn = f
    else:
        raise ValueError(f"f must be a callable or one of {', '.join(FUNCTIONS)}, got {f!r}")
    probe = np.linspace(0.0, 1.0, 257)
    try:
        with np.errstate(all="ignore"):  # a bad value is reported below, not warned about
            y = np.asarray(fn(probe), dtype=np.float64)
    except Exception as exc:  # the user's function failed: say so in one line
        raise ValueError(
            f"f could not be evaluated on [0, 1]: {type(exc).__name__}: {exc}"
        ) from None
    if y.shape != probe.shape or not np.all(np.isfinite(y)):
        raise ValueError("f must return finite values, one per input, on [0, 1]")
    return fn


@dataclass(frozen=True)
class StepUnits:
    """σ(w x + b) on ``x`` for each steepness ``w`` (rows of ``y``), with b = −w·s."""

    x: np.ndarray
    ws: np.ndarray
    step: float
    y: np.ndarray
    width: np.ndarray  # distance over which each unit rises from 0.1 to 0.9: 2·ln 9 / w


def step_units(
    ws: tuple[float, ...] = (1.0, 5.0, 20.0, 100.0, 1000.0), step: float = 0.4, points: int = 2001
) -> StepUnits:
    """A sigmoid unit sharpening into a step at s = −b/w as w grows (b = −w·s keeps s fixed)."""
    w = np.array([check_positive("w", v) for v in ws])
    x = np.linspace(0.0, 1.0, check_int("points", points, 3))
    y = acts.values("sigmoid", w[:, None] * (x[None, :] - step))
    return StepUnits(x, w, float(step), y, 2 * math.log(9) / w)


def decimal_text(x: float) -> str:
    """``x`` written out exactly as the decimal its shortest repr names (no exponent, no
    rounding): ``decimal_text(1000.0)`` is "1000", ``decimal_text(-0.48)`` is "-0.48"."""
    d = Decimal(repr(float(x)))
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def step_bias_text(w: float, step: float) -> str:
    """b = −w·s written exactly: the product of the two decimals as shown (so that −b/w read
    off the screen is s, with no rounding in between)."""
    d = -(Decimal(repr(float(w))) * Decimal(repr(float(step))))
    text = format(d.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# Mantissas of the steepnesses an animation's readout steps through: short decimals, so that
# w and b = −w·s both print exactly with few digits.
_NICE = (1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0)


def readout_steepnesses(ws: tuple[float, ...] | np.ndarray) -> np.ndarray:
    """The steepnesses an animation shows between min(ws) and max(ws): the given ones and the
    short decimals m·10ᵏ (m in 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8) in between, sorted."""
    w = np.asarray([check_positive("w", v) for v in ws], dtype=float)
    lo, hi = float(w.min()), float(w.max())
    out = set(float(v) for v in w)
    for e in range(math.floor(math.log10(lo)) - 1, math.ceil(math.log10(hi)) + 1):
        for m in _NICE:
            v = float(Decimal(repr(m)).scaleb(e))
            if lo < v < hi:
                out.add(v)
    return np.array(sorted(out))


def bump_parameters(
    f: str | Callable, n_bumps: int, w: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Weights of the bump network: hidden weights ``w1`` (2N), biases ``b1``, output weights
    ``w2`` (2N) and the bin edges. Bump i covers [i/N, (i+1)/N] with height f(midpoint): a step up
    at its left edge (output +h) and a step down at its right edge (output −h); the first and last
    bumps extend one bin beyond [0, 1]."""
    n = check_int("N", n_bumps, 1)
    w = check_positive("w", w)
    fn = resolve_function(f)
    edges = np.linspace(0.0, 1.0, n + 1)
    h = np.asarray(fn(0.5 * (edges[:-1] + edges[1:])), dtype=np.float64)
    steps = np.empty(2 * n)
    steps[0::2], steps[1::2] = edges[:-1], edges[1:]
    # The outermost steps sit one bin outside [0, 1]: a step exactly at 0 or 1 would be half-way
    # up there (σ(0) = 1/2) and leave an error of f/2 at the ends of the interval.
    steps[0], steps[-1] = -1.0 / n, 1.0 + 1.0 / n
    w1 = np.full(2 * n, w)
    b1 = -w * steps  # s = −b/w
    w2 = np.empty(2 * n)
    w2[0::2], w2[1::2] = h, -h
    return w1, b1, w2, edges


def bump_network(f: str | Callable, n_bumps: int, w: float) -> torch.nn.Sequential:
    """The constructed network as a real ``torch.nn`` model: Linear(1, 2N) → Sigmoid → Linear(2N, 1)."""
    w1, b1, w2, _ = bump_parameters(f, n_bumps, w)
    net = torch.nn.Sequential(
        torch.nn.Linear(1, len(w1), dtype=torch.float64),
        torch.nn.Sigmoid(),
        torch.nn.Linear(len(w1), 1, dtype=torch.float64),
    )
    with torch.no_grad():
        net[0].weight.copy_(torch.as_tensor(w1)[:, None])
        net[0].bias.copy_(torch.as_tensor(b1))
        net[2].weight.copy_(torch.as_tensor(w2)[None, :])
        net[2].bias.zero_()
    return net


def staircase(f: str | Callable, n_bumps: int, w: float, x: np.ndarray) -> np.ndarray:
    """The bump network's output by the formula Σᵢ w2ᵢ σ(w1ᵢ x + b1ᵢ) (no torch)."""
    w1, b1, w2, _ = bump_parameters(f, n_bumps, w)
    return acts.values("sigmoid", np.outer(x, w1) + b1) @ w2


def _errors(y: np.ndarray, target: np.ndarray) -> tuple[float, float]:
    d = y - target
    return float(np.abs(d).max()), float(np.sqrt(np.mean(d**2)))


@dataclass(frozen=True)
class BumpBuild:
    """Staircases with 1…N bumps: ``y[k]`` uses ``counts[k]`` bumps (the first bumps of an
    N-bump build added one at a time when ``cumulative``, else a fresh k-bump fit);
    ``f`` the target on ``x``; ``sup``/``l2`` errors of the full fits ``fits`` of
    ``fit_counts`` bumps."""

    x: np.ndarray
    f: np.ndarray
    w: float
    n_bumps: int
    counts: np.ndarray
    partial: np.ndarray
    fit_counts: np.ndarray
    fits: np.ndarray
    sup: np.ndarray
    l2: np.ndarray
    edges: np.ndarray
    heights: np.ndarray
    example: int  # the bump shown alone: its two units' outputs ``example_up``/``example_down``
    example_up: np.ndarray
    example_down: np.ndarray
    # ``fits`` are the outputs of the torch.nn models (bump_network); the largest difference to
    # the formula Σᵢ w2ᵢ σ(w1ᵢ x + b1ᵢ) over all fits, and the model's layer sizes
    torch_formula_gap: float
    layer_sizes: tuple[int, ...]  # (1, 2N, 1) of the last fit's model


def bump_build(
    f: str = "lecture",
    n_bumps: int = 20,
    w: float = 2000.0,
    fit_counts: tuple[int, ...] = (2, 5, 10, 20, 50),
    points: int = 4001,
) -> BumpBuild:
    """Two steps make a bump; bumps added one by one make the staircase (``partial``); full
    staircases with more bumps approach f (``fits``), their errors measured on a fine grid."""
    fn = resolve_function(f)
    n = check_int("N", n_bumps, 1)
    x = np.linspace(0.0, 1.0, check_int("points", points, 3))
    w1, b1, w2, edges = bump_parameters(fn, n, w)
    units = acts.values("sigmoid", np.outer(x, w1) + b1) * w2  # each hidden unit's contribution
    pair = units[:, 0::2] + units[:, 1::2]  # each bump
    partial = np.cumsum(pair, axis=1).T  # (n, points): the first k bumps
    fit_counts_arr = np.array([check_int("N", c, 1) for c in fit_counts])
    fits, gap, sizes = [], 0.0, (1, 1, 1)
    xt = torch.as_tensor(x, dtype=torch.float64)[:, None]
    for c in fit_counts_arr:
        net = bump_network(fn, int(c), w)
        with torch.no_grad():
            y = net(xt).numpy()[:, 0]
        fits.append(y)
        gap = max(gap, float(np.abs(y - staircase(fn, int(c), w, x)).max()))
        sizes = (net[0].in_features, net[0].out_features, net[2].out_features)
    fits = np.stack(fits)
    target = np.asarray(fn(x), dtype=np.float64)
    errs = np.array([_errors(y, target) for y in fits])
    return BumpBuild(
        x=x,
        f=target,
        w=float(w),
        n_bumps=n,
        counts=np.arange(1, n + 1),
        partial=partial,
        fit_counts=fit_counts_arr,
        fits=fits,
        sup=errs[:, 0],
        l2=errs[:, 1],
        edges=edges,
        heights=w2[0::2],
        example=n // 2,
        example_up=units[:, 2 * (n // 2)],
        example_down=units[:, 2 * (n // 2) + 1],
        torch_formula_gap=gap,
        layer_sizes=sizes,
    )


@dataclass(frozen=True)
class ErrorSweep:
    """Sup and L2 errors of the N-bump staircase against N (at steepness ``w_factor``·N, so each
    step stays sharp relative to its bin) and against w at fixed ``n_fixed``; the fitted
    log-log slopes over ``fit_range``."""

    function: str
    ns: np.ndarray
    sup: np.ndarray
    l2: np.ndarray
    slope_sup: float
    slope_l2: float
    fit_range: tuple[int, int]
    ws: np.ndarray
    sup_w: np.ndarray
    l2_w: np.ndarray
    n_fixed: int
    w_factor: float
    lipschitz: float  # max |f'| on a fine grid: the sup error is at most about L/(2N)

    def table(self) -> dict[str, list]:
        return columns({"N": self.ns, "sup_error": self.sup, "l2_error": self.l2})


def error_sweep(
    f: str = "lecture",
    ns: tuple[int, ...] = (2, 4, 8, 16, 32, 64, 128, 256, 512),
    w_factor: float = 200.0,
    ws: tuple[float, ...] = (5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000),
    n_fixed: int = 32,
    fit_range: tuple[int, int] = (16, 512),
    points: int = 20001,
) -> ErrorSweep:
    """Error of the bump staircase against the number of bumps N and the steepness w."""
    fn = resolve_function(f)
    x = np.linspace(0.0, 1.0, check_int("points", points, 3))
    target = np.asarray(fn(x), dtype=np.float64)
    n_arr = np.array([check_int("N", n, 1) for n in ns])
    errs = np.array([_errors(staircase(fn, int(n), w_factor * n, x), target) for n in n_arr])
    w_arr = np.array([check_positive("w", v) for v in ws])
    errs_w = np.array([_errors(staircase(fn, n_fixed, v, x), target) for v in w_arr])
    sel = (n_arr >= fit_range[0]) & (n_arr <= fit_range[1])
    if sel.sum() < 2:
        raise ValueError(f"fit_range {fit_range} must contain at least two of ns {tuple(ns)}")
    s_sup = float(np.polyfit(np.log(n_arr[sel]), np.log(errs[sel, 0]), 1)[0])
    s_l2 = float(np.polyfit(np.log(n_arr[sel]), np.log(errs[sel, 1]), 1)[0])
    lip = float(np.abs(np.gradient(target, x)).max())
    return ErrorSweep(
        function=f if isinstance(f, str) else getattr(f, "__name__", "f"),
        ns=n_arr,
        sup=errs[:, 0],
        l2=errs[:, 1],
        slope_sup=s_sup,
        slope_l2=s_l2,
        fit_range=(int(fit_range[0]), int(fit_range[1])),
        ws=w_arr,
        sup_w=errs_w[:, 0],
        l2_w=errs_w[:, 1],
        n_fixed=int(n_fixed),
        w_factor=float(w_factor),
        lipschitz=lip,
    )


def _mlp(sizes: list[int], act: type[torch.nn.Module], dropout: float = 0.0) -> torch.nn.Sequential:
    mods: list[torch.nn.Module] = []
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:], strict=True)):
        mods.append(torch.nn.Linear(a, b))
        if i < len(sizes) - 2:
            mods.append(act())
            if dropout:
                mods.append(torch.nn.Dropout(dropout))
    return torch.nn.Sequential(*mods)


def _fit(
    net: torch.nn.Module, x: torch.Tensor, y: torch.Tensor, steps: int, lr: float, record: int = 50
) -> np.ndarray:
    opt = torch.optim.Adam(net.parameters(), lr=lr)
    losses = []
    net.train()
    for step in range(steps):
        loss = torch.nn.functional.mse_loss(net(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % record == 0:
            losses.append(float(loss.detach()))
    net.eval()
    return np.array(losses)


@dataclass(frozen=True)
class TrainedFits:
    """Networks trained on ``n_samples`` noisy samples (σ = ``noise``) of the lecture's function.

    ``one_layer``: a 1-hidden-layer sigmoid net with 2N units trained by full-batch Adam for
    ``steps`` steps, beside ``bumps``, the constructed N-bump net with the same units (steepness
    ``bumps_w``); its training loss and sup error against the clean f every ``record`` steps
    (``record_steps``, ``one_layer_loss``, ``one_layer_sup``) and its curve at ``snapshot_steps``.
    ``relu``/``relu_dropout``: 3 hidden layers of 64 ReLU units without and with dropout, trained
    for ``relu_steps``. Curves are on ``x``; ``*_error`` are sup errors against the clean f."""

    x: np.ndarray
    f: np.ndarray
    x_train: np.ndarray
    y_train: np.ndarray
    noise: float
    units: int
    steps: int
    one_layer: np.ndarray
    one_layer_w1: np.ndarray  # the trained hidden layer's weights (one per unit)
    bumps: np.ndarray
    bumps_w: float
    relu: np.ndarray
    relu_dropout: np.ndarray
    relu_steps: int
    dropout: float
    one_layer_error: float
    bumps_error: float
    relu_error: float
    relu_dropout_error: float
    record_steps: np.ndarray
    one_layer_loss: np.ndarray  # full-batch training MSE before the step at ``record_steps``
    one_layer_sup: np.ndarray  # sup error against the clean f at ``record_steps``
    one_layer_snapshots: np.ndarray  # (snapshots, points): the one-layer fit during training
    snapshot_steps: np.ndarray


def trained_fits(
    n_samples: int = 100,
    noise: float = 0.03,
    units: int = 40,
    steps: int = 20_000,
    lr: float = 0.01,
    relu_steps: int = 3000,
    dropout: float = 0.2,
    snapshots: int = 25,
    record: int = 100,
    seed: int = 0,
) -> TrainedFits:
    """Train on noisy samples of the lecture's f: what gradient descent finds vs the bump
    construction (with its loss and sup error along the way), and 3 × 64 ReLU with and without
    dropout (the lecture's figure)."""
    n_samples = check_int("n_samples", n_samples, 2)
    units = check_int("units", units, 2)
    steps = check_int("steps", steps, 1)
    relu_steps = check_int("relu_steps", relu_steps, 1)
    record = check_int("record", record, 1)
    rng = np.random.default_rng(seed)
    xs = np.sort(rng.uniform(0, 1, n_samples))
    ys = lecture_function(xs) + rng.normal(0, noise, n_samples)
    x = np.linspace(0, 1, 1001)
    f = lecture_function(x)
    xt = torch.as_tensor(xs, dtype=torch.float32)[:, None]
    yt = torch.as_tensor(ys, dtype=torch.float32)[:, None]
    xg = torch.as_tensor(x, dtype=torch.float32)[:, None]
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        one = _mlp([1, units, 1], torch.nn.Sigmoid)
        relu = _mlp([1, 64, 64, 64, 1], torch.nn.ReLU)
        torch.manual_seed(seed)
        relu_d = _mlp([1, 64, 64, 64, 1], torch.nn.ReLU, dropout)
        snap_at = np.unique(np.linspace(0, steps, snapshots).round().astype(int))
        snaps, rec_steps, rec_loss, rec_sup = [], [], [], []
        opt = torch.optim.Adam(one.parameters(), lr=lr)
        for step in range(steps + 1):
            loss = torch.nn.functional.mse_loss(one(xt), yt)
            if step in snap_at or step % record == 0 or step == steps:
                with torch.no_grad():
                    curve = one(xg).numpy()[:, 0].astype(np.float64)
                if step in snap_at:
                    snaps.append(curve)
                if step % record == 0 or step == steps:
                    rec_steps.append(step)
                    rec_loss.append(float(loss.detach()))
                    rec_sup.append(float(np.abs(curve - f).max()))
            if step == steps:
                break
            opt.zero_grad()
            loss.backward()
            opt.step()
        _fit(relu, xt, yt, relu_steps, 1e-3)
        _fit(relu_d, xt, yt, relu_steps, 1e-3)
    with torch.no_grad():
        out = [m(xg).numpy()[:, 0].astype(np.float64) for m in (one, relu, relu_d)]
    bumps_w = 2000.0
    bumps = staircase("lecture", units // 2, bumps_w, x)
    err = [float(np.abs(v - f).max()) for v in (out[0], bumps, out[1], out[2])]
    return TrainedFits(
        x=x,
        f=f,
        x_train=xs,
        y_train=ys,
        noise=float(noise),
        units=units,
        steps=steps,
        one_layer=out[0],
        one_layer_w1=one[0].weight.detach().numpy()[:, 0].astype(np.float64),
        bumps=bumps,
        bumps_w=bumps_w,
        relu=out[1],
        relu_dropout=out[2],
        relu_steps=relu_steps,
        dropout=float(dropout),
        one_layer_error=err[0],
        bumps_error=err[1],
        relu_error=err[2],
        relu_dropout_error=err[3],
        record_steps=np.array(rec_steps),
        one_layer_loss=np.array(rec_loss),
        one_layer_sup=np.array(rec_sup),
        one_layer_snapshots=np.stack(snaps),
        snapshot_steps=snap_at,
    )


@dataclass(frozen=True)
class ReluSwitches:
    """A 1-20-1 ReLU network fitted to the lecture's function: ``on[u, i]`` whether hidden unit u
    is on for input ``x[i]``; ``region[i]`` the index of the on/off pattern (a linear piece);
    ``breaks`` the inputs where a unit switches; ``slope``/``intercept`` of each piece."""

    x: np.ndarray
    y: np.ndarray
    f: np.ndarray
    on: np.ndarray
    region: np.ndarray
    n_regions: int
    breaks: np.ndarray
    slope: np.ndarray
    intercept: np.ndarray
    order: np.ndarray  # units sorted by where they switch


def relu_switches(
    hidden: int = 20, steps: int = 4000, lr: float = 0.01, seed: int = 0
) -> ReluSwitches:
    """ReLU units as relays: for every input, which of the 20 hidden units conduct; each on/off
    pattern is a region where the network is exactly one linear function."""
    hidden = check_int("hidden", hidden, 1)
    x = np.linspace(0, 1, 2001)
    f = lecture_function(x)
    xt = torch.as_tensor(x, dtype=torch.float64)[:, None]
    rng = np.random.default_rng(seed)
    xs = np.linspace(0, 1, 400)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        net = _mlp([1, hidden, 1], torch.nn.ReLU)
        with torch.no_grad():
            # kinks spread over [0, 1] with random directions: a 1-D ReLU net starts with every
            # unit switching somewhere in the data instead of on (or off) everywhere
            sign = torch.as_tensor(rng.choice([-1.0, 1.0], hidden), dtype=torch.float32)
            kink = torch.as_tensor(np.sort(rng.uniform(0, 1, hidden)), dtype=torch.float32)
            net[0].weight.copy_(sign[:, None])
            net[0].bias.copy_(-sign * kink)
        _fit(
            net,
            torch.as_tensor(xs, dtype=torch.float32)[:, None],
            torch.as_tensor(lecture_function(xs), dtype=torch.float32)[:, None],
            check_int("steps", steps, 1),
            lr,
        )
    net = net.double()
    with torch.no_grad():
        s = net[0](xt).numpy()
        y = net(xt).numpy()[:, 0]
    on = (s > 0).T  # (units, points)
    # a new region wherever any unit changes state
    change = np.any(on[:, 1:] != on[:, :-1], axis=0)
    region = np.concatenate([[0], np.cumsum(change)])
    n_regions = int(region[-1]) + 1
    w1 = net[0].weight.detach().numpy()[:, 0]
    b1 = net[0].bias.detach().numpy()
    w2 = net[2].weight.detach().numpy()[0]
    b2 = float(net[2].bias.detach().numpy()[0])
    slope = np.empty(n_regions)
    intercept = np.empty(n_regions)
    for r in range(n_regions):
        active = on[:, np.flatnonzero(region == r)[0]]
        slope[r] = float(np.sum(w2[active] * w1[active]))
        intercept[r] = float(np.sum(w2[active] * b1[active]) + b2)
    with np.errstate(divide="ignore", invalid="ignore"):
        sw = np.where(w1 != 0, -b1 / w1, np.inf)
    order = np.argsort(np.where((sw >= 0) & (sw <= 1), sw, 2 + np.abs(sw)))
    return ReluSwitches(
        x=x,
        y=y,
        f=f,
        on=on,
        region=region,
        n_regions=n_regions,
        breaks=x[1:][change],
        slope=slope,
        intercept=intercept,
        order=order,
    )


@dataclass(frozen=True)
class DepthWidth:
    """MLPs of depth 1…D on Fashion-MNIST with (about) the same number of parameters, each
    trained until its validation error stopped improving (early stopping).

    ``widths[d]``, ``params[d]``, ``first_layer_params[d]``; per depth and seed: ``best_epoch``
    (1-based, the epoch of the lowest validation error, whose weights are kept),
    ``stop_epoch`` (the last epoch run), and the ``test_error``, ``train_error`` and
    ``val_error`` of the kept weights; ``val_curve[d, seed, epoch]`` the validation error after
    each epoch (NaN after the stop)."""

    depths: np.ndarray
    widths: np.ndarray
    params: np.ndarray
    first_layer_params: np.ndarray
    budget: int
    n_train: int
    val_size: int
    n_test: int
    max_epochs: int
    patience: int
    batch_size: int
    seeds: np.ndarray
    best_epoch: np.ndarray
    stop_epoch: np.ndarray
    test_error: np.ndarray
    train_error: np.ndarray
    val_error: np.ndarray
    val_curve: np.ndarray
    seconds: float  # wall time of all the training runs

    def table(self) -> dict[str, list]:
        return columns(
            {
                "depth": self.depths,
                "width": self.widths,
                "parameters": self.params,
                "first_layer_share": self.first_layer_params / self.params,
                "test_error_mean": self.test_error.mean(axis=1),
                "train_error_mean": self.train_error.mean(axis=1),
                "val_error_mean": self.val_error.mean(axis=1),
                "best_epoch_mean": self.best_epoch.mean(axis=1),
            }
        )


def _count(depth: int, width: int) -> int:
    return 785 * width + (depth - 1) * (width * width + width) + 10 * width + 10


def width_for(depth: int, budget: int) -> int:
    """The largest width whose depth-``depth`` MLP (784 → width × depth → 10) fits ``budget``."""
    w = 1
    while _count(depth, w + 1) <= budget:
        w += 1
    return w


def _error(net: torch.nn.Module, x: torch.Tensor, y: torch.Tensor) -> float:
    with torch.no_grad():
        return float((net(x).argmax(1) != y).float().mean())


def depth_vs_width(
    depths: tuple[int, ...] = (1, 2, 3, 4, 5),
    budget: int = 60_000,
    n_train: int = 10_000,
    val_size: int = 5000,
    max_epochs: int = 100,
    patience: int = 10,
    batch_size: int = 500,
    seeds: tuple[int, ...] = (0, 1, 2),
    lr: float = 2e-3,
    batched: bool = True,
) -> DepthWidth:
    """Test error of ReLU MLPs with the same parameter budget and 1…5 hidden layers, trained
    with Adam (mini-batches of ``batch_size``) on ``n_train`` Fashion-MNIST images until the
    validation error (``val_size`` other training images) has not improved for ``patience``
    epochs; the test error (the official 10,000 test images) is that of the weights of the
    best validation epoch.

    ``batched`` trains all the networks together (:func:`_train_depths`: the same networks, the
    same batches, torch's fused Adam, one step for all); ``False`` one after another with
    ``torch.optim.Adam`` (the reference, kept for the benchmark). Both run the same update rule;
    their numbers agree to rounding, which early stopping can turn into a different best epoch."""
    import copy
    import time

    from vizdl.sim.splits import make_splits

    budget = check_int("budget", budget, 1000)
    n_train = check_int("n_train", n_train, 100)
    val_size = check_int("val_size", val_size, 100)
    max_epochs = check_int("max_epochs", max_epochs, 1)
    patience = check_int("patience", patience, 1)
    batch_size = check_int("batch_size", batch_size, 1)
    widths = np.array([width_for(check_int("depth", d, 1), budget) for d in depths])
    shape = (len(depths), len(seeds))
    test, train_err, val_err = np.empty(shape), np.empty(shape), np.empty(shape)
    best_ep, stop_ep = np.empty(shape, dtype=int), np.empty(shape, dtype=int)
    curves = np.full(shape + (max_epochs,), np.nan)
    t0 = time.perf_counter()
    n_test = n_used = 0
    sps = []
    for si, seed in enumerate(seeds):
        sp = make_splits(val_size=val_size, limit=n_train, seed=seed)
        n_test, n_used = len(sp.y_test), len(sp.y_train)
        if batched:
            sps.append(sp)  # trained below, all at once
            continue
        for di, (d, w) in enumerate(zip(depths, widths, strict=True)):
            with torch.random.fork_rng(devices=[]):
                torch.manual_seed(seed)
                net = _mlp([784] + [int(w)] * d + [10], torch.nn.ReLU)
            opt = torch.optim.Adam(net.parameters(), lr=lr)
            g = torch.Generator().manual_seed(seed)
            n = len(sp.y_train)
            best, best_state, since = math.inf, None, 0
            for epoch in range(max_epochs):
                perm = torch.randperm(n, generator=g)
                for i in range(0, n, batch_size):
                    idx = perm[i : i + batch_size]
                    loss = torch.nn.functional.cross_entropy(net(sp.x_train[idx]), sp.y_train[idx])
                    opt.zero_grad()
                    loss.backward()
                    opt.step()
                err = _error(net, sp.x_val, sp.y_val)
                curves[di, si, epoch] = err
                stop_ep[di, si] = epoch + 1
                if err < best:
                    best, best_state, since = err, copy.deepcopy(net.state_dict()), 0
                    best_ep[di, si] = epoch + 1
                else:
                    since += 1
                    if since >= patience:
                        break
            net.load_state_dict(best_state)
            test[di, si] = _error(net, sp.x_test, sp.y_test)
            train_err[di, si] = _error(net, sp.x_train, sp.y_train)
            val_err[di, si] = best
    if batched:
        out = _train_depths(depths, widths, sps, seeds, max_epochs, patience, batch_size, lr)
        test, train_err, val_err, best_ep, stop_ep, curves = out
    params = np.array([_count(int(d), int(w)) for d, w in zip(depths, widths, strict=True)])
    return DepthWidth(
        depths=np.array(depths),
        widths=widths,
        params=params,
        first_layer_params=785 * widths,
        budget=budget,
        n_train=n_used,
        val_size=val_size,
        n_test=n_test,
        max_epochs=max_epochs,
        patience=patience,
        batch_size=batch_size,
        seeds=np.array(seeds),
        best_epoch=best_ep,
        stop_epoch=stop_ep,
        test_error=test,
        train_error=train_err,
        val_error=val_err,
        val_curve=curves,
        seconds=time.perf_counter() - t0,
    )


def _train_depths(
    depths: tuple[int, ...],
    widths: np.ndarray,
    sps: list,
    seeds: tuple[int, ...],
    max_epochs: int,
    patience: int,
    batch_size: int,
    lr: float,
) -> tuple[np.ndarray, ...]:
    """:func:`depth_vs_width`'s runs, all at once: per seed, the networks of every depth see the
    same batches (one seeded permutation per epoch), so their first layers (784 → width, most of
    the work) are one matrix product ``x @ [W₁ | W₂ | …]ᵀ``; the deeper layers run per network;
    one loss (the sum of the networks' mean losses: each gets its own gradient), one backward and
    one fused Adam step (a parameter group per network) serve all. A network that stops early
    leaves the batch and keeps the weights of its best validation epoch.

    Returns test, train and best validation errors, best and stop epochs, validation curves."""
    shape = (len(depths), len(seeds))
    test, train_err, val_err = np.empty(shape), np.empty(shape), np.empty(shape)
    best_ep, stop_ep = np.zeros(shape, dtype=int), np.zeros(shape, dtype=int)
    curves = np.full(shape + (max_epochs,), np.nan)
    runs = [(di, si) for si in range(len(seeds)) for di in range(len(depths))]
    nets = {}
    for di, si in runs:
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seeds[si])  # the network depth_vs_width(batched=False) trains
            nets[di, si] = _mlp([784] + [int(widths[di])] * depths[di] + [10], torch.nn.ReLU)
    # one parameter group: one pass of Adam's step and one fused kernel for all the networks
    opt = torch.optim.Adam([p for r in runs for p in nets[r].parameters()], lr=lr, fused=True)
    gens = [torch.Generator().manual_seed(s) for s in seeds]
    best = {r: math.inf for r in runs}
    best_state: dict = {}
    since = dict.fromkeys(runs, 0)
    active = list(runs)

    def forward(x: torch.Tensor, members: list) -> list[torch.Tensor]:
        first = [nets[r][0] for r in members]
        w1 = torch.cat([m.weight for m in first])
        b1 = torch.cat([m.bias for m in first])
        hidden = torch.relu(torch.nn.functional.linear(x, w1, b1))
        parts = hidden.split([m.out_features for m in first], dim=1)
        return [nets[r][2:](h) for r, h in zip(members, parts, strict=True)]

    for epoch in range(max_epochs):
        by_seed = [(si, [r for r in active if r[1] == si]) for si in range(len(seeds))]
        by_seed = [(si, members) for si, members in by_seed if members]
        n = len(sps[0].y_train)
        perms = {si: torch.randperm(len(sps[si].y_train), generator=gens[si]) for si, _ in by_seed}
        for i in range(0, n, batch_size):
            total = None
            for si, members in by_seed:
                idx = perms[si][i : i + batch_size]
                x = sps[si].x_train.index_select(0, idx)
                y = sps[si].y_train.index_select(0, idx)
                for out in forward(x, members):
                    loss = torch.nn.functional.cross_entropy(out, y)
                    total = loss if total is None else total + loss
            opt.zero_grad()
            total.backward()
            opt.step()
        with torch.no_grad():
            for si, members in by_seed:
                outs = forward(sps[si].x_val, members)
                for r, out in zip(members, outs, strict=True):
                    err = float((out.argmax(1) != sps[si].y_val).float().mean())
                    curves[r][epoch] = err
                    stop_ep[r] = epoch + 1
                    if err < best[r]:
                        best[r], since[r] = err, 0
                        best_state[r] = {k: v.clone() for k, v in nets[r].state_dict().items()}
                        best_ep[r] = epoch + 1
                    else:
                        since[r] += 1
                        if since[r] >= patience:
                            active.remove(r)
                            drop_params(opt, list(nets[r].parameters()))
        if not active:
            break
    for r in runs:
        di, si = r
        net, sp = nets[r], sps[si]
        net.load_state_dict(best_state[r])
        test[r] = _error(net, sp.x_test, sp.y_test)
        train_err[r] = _error(net, sp.x_train, sp.y_train)
        val_err[r] = best[r]
    return test, train_err, val_err, best_ep, stop_ep, curves
