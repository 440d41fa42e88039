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
    "flat_and_steep_directions",
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


# A direction within this angle of a coordinate axis is named by that axis (θ₁ or θ₂).
AXIS_TOLERANCE_DEG = 0.01


def _eigen(r: object) -> tuple[np.ndarray, np.ndarray]:
    """(curvatures ascending, unit directions as columns: flat, steep) of the result's Hessian,
    computed here from ``r.hessian``."""
    h = np.asarray(r.hessian, dtype=float)
    lam, vecs = np.linalg.eigh(0.5 * (h + h.T))
    return lam, vecs


def _runs_2d(r: object) -> list[tuple[float, np.ndarray]]:
    """(η·λ_max, the run's distance to the minimum along the flat and the steep direction per
    step, shape (steps + 1, 2): column 0 flat, column 1 steep) of each run of a 2-D result."""
    lam, vecs = _eigen(r)
    centre = np.asarray(getattr(r, "minimum", np.zeros(2)), dtype=float)
    return [
        (float(lr) * float(lam[-1]), (np.asarray(p.points[:, 0], dtype=float) - centre) @ vecs)
        for lr, p in zip(r.lrs, r.paths, strict=True)
    ]


def _direction_name(v: np.ndarray) -> tuple[str, str]:
    """(how the text names direction ``v``, how a sentence calls it): θ₁/θ₂ when ``v`` is within
    :data:`AXIS_TOLERANCE_DEG` of that axis, else its components."""
    v = v if v[np.argmax(np.abs(v))] > 0 else -v
    for i, name in enumerate(("θ₁", "θ₂")):
        if np.degrees(np.arccos(min(1.0, abs(float(v[i]))))) <= AXIS_TOLERANCE_DEG:
            return f"the {name} axis", name
    return f"the direction ({v[0]:.2f}, {v[1]:.2f})".replace("-", "−"), ""


def flat_and_steep_directions(r: object) -> Verdict:
    """The quadratic has one flat and one steep direction (distinct curvatures λ_min < λ_max,
    eigenvectors of its Hessian): the text names them — by axis (θ₁, θ₂) where the Hessian is
    diagonal, else by their components — and the fields say how the other sentences call them."""
    lam, vecs = _eigen(r)
    flat_dir, flat_sym = _direction_name(vecs[:, 0])
    steep_dir, steep_sym = _direction_name(vecs[:, 1])
    distinct = bool(lam[0] > 0 and lam[1] > lam[0] * (1 + 1e-9))
    return verdict(
        distinct,
        lam_min=float(lam[0]),
        lam_max=float(lam[-1]),
        bowl_text=(
            f"J = {r.title}, a quadratic bowl"
            if getattr(r, "formula", False)
            else "a quadratic bowl"
        ),
        flat_dir=flat_dir,
        steep_dir=steep_dir,
        flat_name=flat_sym or "the flat direction",
        steep_name=steep_sym or "the steep direction",
    )


def steep_axis_decides_stability(r: object) -> Verdict:
    """The run with η ≥ 2/λ_max grows along the steep direction (every step flips its sign and it
    ends further out than it started) while it still shrinks along the flat one."""
    for x, p in _runs_2d(r):
        if x >= 2:
            ok = np.all(np.isfinite(p), axis=1)
            q = p[ok]
            grows = sign_flips(q[:, 1]) == len(q) - 1 and abs(q[-1, 1]) > abs(q[0, 1])
            shrinks = abs(q[-1, 0]) < abs(q[0, 0])
            return verdict(
                grows and shrinks,
                div2_factor=x,
                div2_steep=_ratio(q[:, 1]),
                div2_flat=_ratio(q[:, 0]),
            )
    return verdict(False, div2_factor=nan, div2_steep=nan, div2_flat=nan)


def flat_axis_decides_speed(r: object) -> Verdict:
    """In the run at the smallest rate (η < 1/λ_max), the flat direction keeps more of its
    distance to the minimum than the steep one, and more than a tenth of it."""
    runs = sorted(_runs_2d(r), key=lambda run: run[0])
    x, p = runs[0]
    if x >= 1:
        return verdict(False, small2_factor=x, small2_flat_left=nan, small2_steep_left=nan)
    flat_left = abs(p[-1, 0] / p[0, 0])
    steep_left = abs(p[-1, 1] / p[0, 1])
    return verdict(
        flat_left > steep_left and flat_left > 0.1,
        small2_factor=x,
        small2_flat_left=flat_left,
        small2_steep_left=steep_left,
        small2_steps=len(p) - 1,
    )


def fastest_run_is_near_the_best_fixed_rate(r: object) -> Verdict:
    """Of the runs that stay stable (η·λ_max < 2), the one ending closest to the minimum has the
    rate nearest the fastest fixed rate 2/(λ_min + λ_max), and its steep direction zig-zags
    (1 < η·λ_max < 2)."""
    lam, _ = _eigen(r)
    lmin, lmax = float(lam[0]), float(lam[-1])
    best = 2 / (lmin + lmax) * lmax  # as a multiple of 1/λ_max
    runs = [(x, p) for x, p in _runs_2d(r) if x < 2]
    if not runs:
        return verdict(False, best_factor=best, closest_factor=nan, closest_distance=nan)
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
