"""Checks on :mod:`vizdl.sim.activations` results (the activation curves and their slopes)."""

from __future__ import annotations

import numpy as np

from vizdl.checks import Verdict, verdict

__all__ = [
    "sigmoid_slope_peaks_at_a_quarter",
    "tanh_is_a_stretched_sigmoid",
    "closed_forms_match_torch",
    "relu_derivative_at_zero_is_torchs",
    "leaky_slopes",
    "softmax_is_a_sigmoid",
]


def _curve(g: object, name: str, field: str) -> np.ndarray:
    if name not in g.names:
        return np.full(len(g.x), np.nan)
    return np.asarray(getattr(g, field)[g.names.index(name)], dtype=float)


def sigmoid_slope_peaks_at_a_quarter(g: object) -> Verdict:
    """σ'(x) on the grid never exceeds 1/4 and comes within 10⁻⁴ of it at the grid point
    nearest x = 0."""
    d = _curve(g, "sigmoid", "df")
    x = np.asarray(g.x, dtype=float)
    k = int(np.nanargmax(d)) if np.isfinite(d).any() else 0
    peak, at = float(d[k]), float(x[k])
    nearest = float(np.min(np.abs(x)))  # (two grid points may be equally near)
    holds = bool(np.all(d <= 0.25 + 1e-12)) and peak > 0.25 - 1e-4 and abs(at) <= nearest + 1e-12
    return verdict(holds, sig_slope_max=peak, sig_slope_at=at)


def tanh_is_a_stretched_sigmoid(g: object) -> Verdict:
    """tanh(x) = 2σ(2x) − 1 on the grid (to 1e-12), and tanh's largest slope is within 10⁻⁴ of
    tanh'(0) = 1."""
    t, s = _curve(g, "tanh", "f"), _curve(g, "sigmoid", "f")
    x = np.asarray(g.x, dtype=float)
    # σ(2x) on the same grid: σ is known in closed form, the check compares the curves drawn
    err = float(np.max(np.abs(t - (2.0 / (1.0 + np.exp(-2.0 * x)) - 1.0))))
    sig_err = float(np.max(np.abs(s - 1.0 / (1.0 + np.exp(-x)))))
    dt = _curve(g, "tanh", "df")
    holds = err < 1e-12 and sig_err < 1e-12 and abs(float(np.nanmax(dt)) - 1.0) < 1e-4
    return verdict(holds, tanh_identity_error=err, tanh_slope_max=float(np.nanmax(dt)))


def _settings(g: object) -> dict:
    x = np.asarray(g.x, dtype=float)
    return {"n_act": len(g.names), "x_lo": float(x[0]), "x_hi": float(x[-1])}


def closed_forms_match_torch(g: object) -> Verdict:
    """Every closed form matches torch.nn.functional to 1e-12 on the grid, and every derivative
    matches autograd to 1e-7 (torch's Hardsigmoid backward uses 1/6 in single precision)."""
    ve = np.asarray(g.value_error, dtype=float)
    ge = np.asarray(g.grad_error, dtype=float)
    worst = int(np.argmax(ge))
    return verdict(
        float(ve.max()) < 1e-12 and float(ge.max()) < 1e-7,
        value_err_max=float(ve.max()),
        grad_err_max=float(ge.max()),
        grad_err_worst=str(g.labels[worst]),
        **_settings(g),
    )


def relu_derivative_at_zero_is_torchs(g: object) -> Verdict:
    """The grid contains x = 0 and ReLU's drawn derivative there is 0, torch's choice (its
    autograd difference is exactly 0)."""
    x = np.asarray(g.x, dtype=float)
    at = np.flatnonzero(x == 0.0)
    if "relu" not in g.names or not len(at):
        return verdict(False, relu_d0=float("nan"))
    k = g.names.index("relu")
    d0 = float(g.df[k][at[0]])
    return verdict(d0 == 0.0 and float(g.grad_error[k]) == 0.0, relu_d0=d0)


def leaky_slopes(g: object) -> Verdict:
    """Leaky ReLU's negative side is the straight line f = a·x with one slope a in (0, 0.05):
    at full scale it spans under 5% of its panel (hence the inset); PReLU's slope is measured
    too."""

    def slope(name: str) -> tuple[float, bool]:
        if name not in g.names:
            return float("nan"), False
        k = g.names.index(name)
        x = np.asarray(g.x, dtype=float)
        neg = x < 0
        d = np.asarray(g.df[k], dtype=float)[neg]
        a = float(d[0])
        straight = np.ptp(d) == 0 and np.allclose(g.f[k][neg], a * x[neg], rtol=0, atol=1e-12)
        return a, bool(straight)

    leaky, ok_l = slope("leaky_relu")
    prelu, ok_p = slope("prelu")
    return verdict(ok_l and ok_p and 0 < leaky < 0.05, leaky_slope=leaky, prelu_slope=prelu)


def softmax_is_a_sigmoid(s: object) -> Verdict:
    """torch.sigmoid(s) and torch.softmax([s, 0])[0] agree to 1e-15 on the drawn range, and so do
    softmax([s₁, s₂])₀ and σ(s₁ − s₂) for every random pair (rounding only)."""
    return verdict(
        float(s.max_diff_curve) <= 1e-15 and float(s.max_diff_pairs) <= 1e-15,
        curve_diff=float(s.max_diff_curve),
        pairs_diff=float(s.max_diff_pairs),
        n_pairs=len(s.pairs),
        s_hi=float(np.max(s.s)),
    )
