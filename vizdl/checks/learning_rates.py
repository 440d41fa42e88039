"""Checks on :mod:`vizdl.sim.optimizers.learning_rates` results (the learning-rate regimes)."""

from __future__ import annotations

import numpy as np

from vizdl.checks import Verdict, sign_flips, verdict

nan = float("nan")

__all__ = [
    "creeps",
    "converges_smoothly",
    "oscillates_and_converges",
    "diverges",
    "axis_aligned",
    "steep_axis_decides_stability",
    "flat_axis_decides_speed",
    "fastest_run_is_near_the_best_fixed_rate",
]


def _run(r: object, low: float, high: float) -> tuple[float, np.ndarray] | None:
    """(η·a, θ per step) of the first run whose η·a lies in [low, high), else None."""
    for lr, path in zip(r.lrs, r.paths, strict=True):
        x = float(lr) * float(r.curvature)
        if low <= x < high:
            return x, np.asarray(path.points[:, 0, 0], dtype=float)
    return None


def _ratio(theta: np.ndarray) -> float:
    """The median of |θ_{t+1} / θ_t|: what one step multiplies the distance to the minimum by."""
    a = np.abs(theta)
    ok = a[:-1] > 0
    return float(np.median(a[1:][ok] / a[:-1][ok])) if ok.any() else 0.0


def creeps(r: object) -> Verdict:
    """The run with η·a < 0.3 never overshoots and, after all its steps, is still more than a
    tenth of its start distance from the minimum."""
    run = _run(r, 0.0, 0.3)
    if run is None:
        return verdict(False, small_factor=nan, small_left=nan, small_steps=0)
    x, theta = run
    left = float(abs(theta[-1]) / abs(theta[0]))
    holds = sign_flips(theta) == 0 and left > 0.1
    return verdict(holds, small_factor=x, small_left=left, small_steps=len(theta) - 1)


def converges_smoothly(r: object) -> Verdict:
    """The run with 0.3 ≤ η·a ≤ 1 never overshoots and ends within 1% of its start distance."""
    run = _run(r, 0.3, 1.0 + 1e-12)
    if run is None:
        return verdict(False, right_factor=float("nan"), right_left=float("nan"))
    x, theta = run
    left = float(abs(theta[-1]) / abs(theta[0]))
    return verdict(sign_flips(theta) == 0 and left < 0.01, right_factor=x, right_left=left)


def oscillates_and_converges(r: object) -> Verdict:
    """The run with 1 < η·a < 2 lands on the other side of the minimum every step, and each
    step shrinks the distance to it (|θ| times a factor below 1)."""
    run = _run(r, 1.0 + 1e-12, 2.0)
    if run is None:
        return verdict(False, osc_lr_factor=float("nan"), osc_factor=float("nan"))
    x, theta = run
    steps = len(theta) - 1
    ratio = _ratio(theta)
    holds = sign_flips(theta) == steps and ratio < 1 and abs(theta[-1]) < abs(theta[0])
    return verdict(holds, osc_lr_factor=x, osc_factor=ratio)


def diverges(r: object) -> Verdict:
    """The run with η·a ≥ 2 overshoots every step and ends further away than it started."""
    run = _run(r, 2.0, np.inf)
    if run is None:
        return verdict(False, div_lr_factor=float("nan"), div_factor=float("nan"))
    x, theta = run
    steps = len(theta) - 1
    ratio = _ratio(theta)
    holds = sign_flips(theta) == steps and abs(theta[-1]) > abs(theta[0])
    return verdict(holds, div_lr_factor=x, div_factor=ratio)


# -- two dimensions: one learning rate, two curvatures ------------------------------------------


def _runs_2d(r: object) -> list[tuple[float, np.ndarray]]:
    """(η·λ_max, θ per step with shape (steps + 1, 2)) of each run of a 2-D regimes result."""
    lmax = float(np.max(r.curvatures))
    return [
        (float(lr) * lmax, np.asarray(p.points[:, 0], dtype=float))
        for lr, p in zip(r.lrs, r.paths, strict=True)
    ]


def _axes(r: object) -> tuple[int, int]:
    """(flat, steep): the coordinates along the smallest and largest curvature."""
    d = np.diag(np.asarray(r.hessian, dtype=float))
    return int(np.argmin(d)), int(np.argmax(d))


def axis_aligned(r: object) -> Verdict:
    """The quadratic's Hessian is diagonal: its flat and steep directions are the coordinate
    axes θ₁ and θ₂ (so "θ₁" and "θ₂" in the text are the flat and steep directions)."""
    h = np.asarray(r.hessian, dtype=float)
    flat, steep = _axes(r)
    holds = abs(h[0, 1]) <= 1e-9 * np.abs(h).max() and (flat, steep) == (0, 1)
    return verdict(holds, lam_min=float(np.min(r.curvatures)), lam_max=float(np.max(r.curvatures)))


def steep_axis_decides_stability(r: object) -> Verdict:
    """The run with η ≥ 2/λ_max grows along the steep axis (every step flips its sign and it
    ends further out than it started) while it still shrinks along the flat axis."""
    flat, steep = _axes(r)
    for x, p in _runs_2d(r):
        if x >= 2:
            ok = np.all(np.isfinite(p), axis=1)
            q = p[ok]
            grows = sign_flips(q[:, steep]) == len(q) - 1 and abs(q[-1, steep]) > abs(q[0, steep])
            shrinks = abs(q[-1, flat]) < abs(q[0, flat])
            return verdict(
                grows and shrinks,
                div2_factor=x,
                div2_steep=_ratio(q[:, steep]),
                div2_flat=_ratio(q[:, flat]),
            )
    return verdict(False, div2_factor=nan, div2_steep=nan, div2_flat=nan)


def flat_axis_decides_speed(r: object) -> Verdict:
    """In the run at the smallest rate (η < 1/λ_max), the flat axis keeps more of its distance
    to the minimum than the steep one, and more than a tenth of it."""
    flat, steep = _axes(r)
    runs = sorted(_runs_2d(r), key=lambda run: run[0])
    x, p = runs[0]
    if x >= 1:
        return verdict(False, small2_factor=x, small2_flat_left=nan, small2_steep_left=nan)
    flat_left = abs(p[-1, flat] / p[0, flat])
    steep_left = abs(p[-1, steep] / p[0, steep])
    return verdict(
        flat_left > steep_left and flat_left > 0.1,
        small2_factor=x,
        small2_flat_left=flat_left,
        small2_steep_left=steep_left,
        small2_steps=len(p) - 1,
    )


def fastest_run_is_near_the_best_fixed_rate(r: object) -> Verdict:
    """Of the runs, the one ending closest to the minimum has the rate nearest the fastest fixed
    rate 2/(λ_min + λ_max), and it is one whose steep axis zig-zags (1 < η·λ_max < 2)."""
    lmin, lmax = float(np.min(r.curvatures)), float(np.max(r.curvatures))
    best = 2 / (lmin + lmax) * lmax  # as a multiple of 1/λ_max
    runs = _runs_2d(r)
    dist = [np.linalg.norm(p[-1]) if np.all(np.isfinite(p[-1])) else np.inf for _, p in runs]
    k = int(np.argmin(dist))
    nearest = int(np.argmin([abs(x - best) for x, _ in runs]))
    x = runs[k][0]
    return verdict(
        k == nearest and 1 < x < 2,
        best_factor=best,
        closest_factor=x,
        closest_distance=float(dist[k]),
    )
