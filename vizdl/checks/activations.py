"""Checks on :mod:`vizdl.sim.activations` results (the activation curves and their slopes)."""

from __future__ import annotations

import numpy as np

from vizdl.checks import Verdict, verdict

__all__ = ["sigmoid_slope_peaks_at_a_quarter", "tanh_is_a_stretched_sigmoid"]


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
