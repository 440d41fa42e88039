"""Checks on :mod:`vizdl.sim.initialization` results (signal propagation through depth)."""

from __future__ import annotations

import numpy as np

from vizdl.checks import Verdict, verdict

__all__ = [
    "forward_matches_theory",
    "linear_xavier_and_orthogonal_stay_level",
    "relu_needs_kaimings_factor_two",
    "normal_weights_scale_by_width",
    "torch_default_settles_on_its_biases",
]

nan = float("nan")


def _curve(r: object, init: str, act: str) -> np.ndarray:
    """Var(a_l) for l = 1..depth (mean over the networks), NaN when the pair was not run."""
    if init not in r.initializers or act not in r.activations:
        return np.full(r.depth, nan)
    return np.asarray(r.forward[r.initializers.index(init), r.activations.index(act), 1:], float)


def _per_layer(v: np.ndarray, layers: int = 10) -> float:
    """The geometric mean factor per layer over the first ``layers`` layers."""
    v = v[: layers + 1]
    return float(np.exp(np.mean(np.diff(np.log(v))))) if np.all(v > 0) else nan


def forward_matches_theory(r: object) -> Verdict:
    """Every measured Var(a_l), for every initializer, activation and layer, is within a
    factor 2 of the theory's."""
    meas, theory = (
        np.asarray(r.forward, float)[..., 1:],
        np.asarray(r.theory_forward, float)[..., 1:],
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        off = np.abs(np.log2(meas / theory))
    worst = float(2 ** np.nanmax(off)) if np.isfinite(off).any() else nan
    return verdict(bool(np.all(np.isfinite(off))) and worst < 2, worst_theory_factor=worst)


def linear_xavier_and_orthogonal_stay_level(r: object) -> Verdict:
    """Linear layers with Xavier or orthogonal weights keep Var(a_l) within 1/1.5 to 1.5 of 1 at
    every layer."""
    both = np.concatenate([_curve(r, "xavier-normal", "linear"), _curve(r, "orthogonal", "linear")])
    return verdict(
        bool(np.all((both > 1 / 1.5) & (both < 1.5))),
        level_min=float(np.min(both)),
        level_max=float(np.max(both)),
    )


def relu_needs_kaimings_factor_two(r: object) -> Verdict:
    """ReLU with Kaiming stays within a factor 2 of its first layer; with Xavier it halves per
    layer (factor 0.45 to 0.55)."""
    kaiming, xavier = _curve(r, "kaiming-normal", "relu"), _curve(r, "xavier-normal", "relu")
    level = float(np.max(np.abs(np.log2(kaiming / kaiming[0]))))
    halves = _per_layer(xavier)
    return verdict(
        level < 1 and 0.45 < halves < 0.55,
        relu_kaiming_drift=float(2**level),
        relu_xavier_per_layer=halves,
        relu_xavier_end=float(xavier[-1]),
    )


def normal_weights_scale_by_width(r: object) -> Verdict:
    """Linear layers multiply Var(a) by n·Var(W) per layer (within 5%): n·10⁻⁴ for N(0, 0.01²)
    weights and n for N(0, 1); tanh and sigmoid under N(0, 1) saturate instead (their variance
    stays within 10% of its first layer's)."""
    n = int(r.width)
    small, large = (
        _per_layer(_curve(r, "small-normal", "linear")),
        _per_layer(_curve(r, "large-normal", "linear")),
    )
    sat = [_curve(r, "large-normal", a) for a in ("tanh", "sigmoid")]
    flat = all(np.all(np.abs(v / v[0] - 1) < 0.1) for v in sat)
    holds = abs(small / (n * 1e-4) - 1) < 0.05 and abs(large / n - 1) < 0.05 and flat
    return verdict(holds, small_per_layer=small, large_per_layer=large, width=n)


def torch_default_settles_on_its_biases(r: object) -> Verdict:
    """PyTorch's nn.Linear default (weights and biases U(±1/√n)) multiplies a linear network's
    variance by 1/3 at first (within 10%), and its biases then hold it within 20% of the fixed
    point v = v/3 + 1/(3n), i.e. 1/(2n)."""
    v = _curve(r, "torch-default", "linear")
    first = float(v[1] / v[0])
    fixed = 1.0 / (2 * int(r.width))
    holds = abs(first * 3 - 1) < 0.1 and abs(v[-1] / fixed - 1) < 0.2
    return verdict(holds, torch_first_factor=first, torch_end=float(v[-1]), torch_fixed_point=fixed)
