"""Choosing the learning rate: the regimes on a parabola and on a 2-D quadratic, and how
sensitive each optimizer is to it (the final loss of a sweep, and the sweep's whole paths)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from vizdl.sim._checks import check_choice, check_int, check_nonnegative, check_positive
from vizdl.sim._tables import long_table
from vizdl.sim.expr import resolve_surface
from vizdl.sim.optimizers._common import contour_field
from vizdl.sim.optimizers.races import RACERS, _formula_start, _race_start
from vizdl.sim.optimizers.rules import Trajectory, trajectory
from vizdl.sim.surfaces import SURFACES, Surface, get_surface, parabola

__all__ = [
    "LearningRateRegimes",
    "learning_rate_regimes",
    "LearningRateRegimes2D",
    "learning_rate_regimes_2d",
    "LRSensitivity",
    "lr_sensitivity",
    "LRSweepPaths",
    "lr_sweep_paths",
]


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


def _regime_label_2d(lr: float, lam: np.ndarray) -> str:
    """What gradient descent at ``lr`` does on a quadratic with curvatures ``lam``: each
    eigen-direction is multiplied by ``1 − η·λ`` per step."""
    steep = lr * float(lam.max())
    if steep < 1 and np.isclose(lam.min(), lam.max()):
        return "smooth"  # a round bowl has no flat or steep axis
    if steep >= 2:
        return "steep axis diverges"
    if steep > 1:
        return "steep axis zig-zags"
    if 1 - lr * float(lam.min()) > 0.98:
        return "too small"
    return "smooth, flat axis slow"


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
class LearningRateRegimes2D:
    """Gradient descent on a 2-D quadratic at learning rates ``factors / λ_max``.

    ``paths[i]`` runs at ``lrs[i]``; ``labels[i]`` says what the run does (the steepest
    direction decides stability: it diverges once ``η ≥ 2/λ_max``; between 1/λ_max and 2/λ_max
    it zig-zags in); ``hessian`` is the surface's (constant) Hessian, ``curvatures`` its
    eigenvalues in ascending order and ``directions`` the unit eigenvectors as columns (flat,
    steep), ``minimum`` the bowl's centre; ``X, Y, Z, levels`` are contours. ``surface`` is the
    name or formula asked for, ``title`` how the figure names it, ``formula`` whether it is a
    formula, ``formula_domain`` the domain given for it (None: the default one, or a built-in).
    """

    surface: str
    curvatures: np.ndarray
    hessian: np.ndarray
    lrs: np.ndarray
    labels: tuple[str, ...]
    paths: tuple[Trajectory, ...]
    X: np.ndarray
    Y: np.ndarray
    Z: np.ndarray
    levels: np.ndarray
    domain: np.ndarray
    minimum: np.ndarray = field(default_factory=lambda: np.zeros(2))
    directions: np.ndarray = field(default_factory=lambda: np.eye(2))
    title: str = "Elongated bowl (features of unequal scale)"
    formula_domain: tuple[float, float, float, float] | None = None
    formula: bool = False  # the surface is a formula in x and y, not a built-in one


def quadratic_bowl(
    surface: str, domain: tuple[float, float, float, float] | None = None
) -> tuple[Surface, np.ndarray, np.ndarray]:
    """``(surface, centre, Hessian)`` of a positive-definite quadratic: a built-in bowl or a
    formula in x and y (the Hessian from the exact gradient; a formula that is not a quadratic
    with a minimum inside its domain is refused in one line saying so)."""
    surf = resolve_surface(surface, domain)
    if not len(surf.minima):
        raise ValueError(
            f"surface {surface!r} has no minimum inside its domain: this entry needs a "
            "positive-definite quadratic, e.g. 0.5*x**2 + 5*y**2"
        )
    at = np.asarray(surf.minima[0], dtype=np.float64)
    g0 = surf.grad(at[None])[0]
    h = np.stack([surf.grad((at + e)[None])[0] - g0 for e in np.eye(2)])
    h = 0.5 * (h + h.T)
    lam = np.linalg.eigvalsh(h)
    lo, hi = surf.domain[:, 0], surf.domain[:, 1]
    probe = lo + (hi - lo) * np.array([[0.13, 0.71], [0.87, 0.22], [0.41, 0.95]])
    linear = np.allclose(
        surf.grad(probe), (probe - at) @ h.T, rtol=1e-7, atol=1e-9 * (1 + np.abs(h).max())
    )
    if not (np.all(lam > 0) and linear):
        raise ValueError(
            f"surface {surface!r} is not a positive-definite quadratic (its gradient is not "
            "H·(θ − θ*) with H's curvatures > 0): use a built-in bowl or a formula such as "
            "0.5*x**2 + 5*y**2"
        )
    return surf, at, h


def learning_rate_regimes_2d(
    surface: str = "elongated",
    lr_factors: tuple[float, ...] = (0.1, 0.7, 1.8, 2.1),
    start: tuple[float, float] = (-2.5, 1.5),
    steps: int = 30,
    resolution: int = 200,
    domain: tuple[float, float, float, float] | None = None,
    two_curvatures: bool = True,
) -> LearningRateRegimes2D:
    """The four learning-rate regimes on a 2-D quadratic (``η = factor / λ_max``): a built-in
    bowl or a quadratic formula in x and y over ``domain``. The gallery's entry contrasts a flat
    and a steep direction, so a bowl equally curved everywhere is refused unless
    ``two_curvatures`` is False (the explorer also shows the round bowl)."""
    surf, at, h = quadratic_bowl(surface, domain)
    lam, vecs = np.linalg.eigh(h)
    if two_curvatures and not lam[1] > lam[0] * (1 + 1e-9):
        raise ValueError(
            f"surface {surface!r} is equally curved in every direction (λ = {lam[0]:g}): this "
            "entry contrasts a flat and a steep direction; give two different curvatures, e.g. "
            "0.5*x**2 + 5*y**2"
        )
    vecs = vecs * np.where(vecs[np.argmax(np.abs(vecs), axis=0), range(2)] < 0, -1.0, 1.0)
    if not lr_factors:
        raise ValueError("lr_factors must name at least one learning rate factor")
    x0 = np.array([start], dtype=np.float64)
    surf.check_inside(x0)
    lrs = np.array([check_nonnegative("lr factor", f) for f in lr_factors]) / lam.max()
    paths = tuple(
        trajectory("sgd", surf.grad, x0, steps, loss=surf.value, lr=float(lr)) for lr in lrs
    )
    return LearningRateRegimes2D(
        surface=surface,
        curvatures=lam,
        lrs=lrs,
        hessian=h,
        labels=tuple(_regime_label_2d(float(lr), lam) for lr in lrs),
        paths=paths,
        **contour_field(surf, resolution, 14),
        domain=surf.domain,
        minimum=at,
        directions=vecs,
        title=surf.title,
        formula_domain=None if domain is None else tuple(float(v) for v in domain),
        formula=surface not in SURFACES,
    )


BLOWUP = 1e3  # a run that ends this many times further above the minimum than it started diverged


@dataclass(frozen=True)
class LRSensitivity:
    """Final loss after ``steps`` steps against the learning rate, per racer and surface.

    ``final[s, k, j]`` is the mean loss over the last 10% of steps on ``surfaces[s]`` for
    ``labels[k]`` at ``lrs[j]`` (NaN where the run diverged — left the finite range, or ended
    :data:`BLOWUP` times further above the minimum than it started; ``diverged[s, k, j]`` says so);
    ``start[s]`` is the start point, ``start_loss[s]`` the loss there and ``floor[s]`` the minimum
    value of the loss.
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
    start_loss: np.ndarray

    def table(self) -> dict[str, list]:
        axes = [{"surface": self.surfaces}, {"optimizer": self.labels}, {"lr": self.lrs}]
        return long_table(axes, {"final_loss": self.final, "diverged": self.diverged})


def _sweep_grid(
    steps: int, lr_min: float, lr_max: float, n_lrs: int, racers: tuple[str, ...]
) -> tuple[int, np.ndarray]:
    """The checked step count and the log-spaced learning rates of a sweep."""
    steps = check_int("steps", steps, 1)
    check_positive("lr_min", lr_min)
    if not lr_max > lr_min:
        raise ValueError(f"lr_max must be > lr_min ({lr_min}), got {lr_max}")
    lrs = np.geomspace(lr_min, lr_max, check_int("n_lrs", n_lrs, 2))
    for r in racers:
        check_choice("racer", r, RACERS)
    return steps, lrs


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
    racers: tuple[str, ...] = tuple(RACERS),
    steps: int = 200,
    lr_min: float = 1e-4,
    lr_max: float = 3.0,
    n_lrs: int = 30,
) -> LRSensitivity:
    """Sweep the learning rate for each racer on each surface, from the race's start points.

    Every racer by default, Adadelta too: its ``lr`` scales its steps like any other rule's,
    although the lecture says it needs no tuning. Returns an :class:`LRSensitivity`.
    """
    steps, lrs = _sweep_grid(steps, lr_min, lr_max, n_lrs, racers)
    final = np.full((len(surfaces), len(racers), len(lrs)), np.nan)
    div = np.zeros_like(final, dtype=bool)
    starts, floors, titles, start_losses = [], [], [], []
    for s, name in enumerate(surfaces):
        surf = get_surface(name)
        if not len(surf.minima):
            raise ValueError(f"surface {name!r} has no minimum to measure the final loss against")
        x0 = _race_start(name, surf)
        starts.append(x0[0])
        start_losses.append(float(surf.value(x0)[0]))
        floors.append(float(surf.value(surf.minima).min()))
        titles.append(surf.title)
        for k, label in enumerate(racers):
            for j, lr in enumerate(lrs):
                _, end = _sweep_run(surf, label, x0, float(lr), steps, floors[-1])
                div[s, k, j] = np.isnan(end)
                final[s, k, j] = end
    return LRSensitivity(
        surfaces=tuple(surfaces),
        titles=tuple(titles),
        labels=tuple(racers),
        lrs=lrs,
        final=final,
        diverged=div,
        start=np.array(starts),
        floor=np.array(floors),
        steps=steps,
        start_loss=np.array(start_losses),
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
    domain: tuple[float, float, float, float] | None = None,
) -> LRSweepPaths:
    """The learning-rate sensitivity sweep with the paths kept, for the animation that walks η up:
    SGD's window closes at its stability limit while Adam's step stays about η per coordinate.
    ``surface`` is a built-in name or a formula in x and y over ``domain`` (starting as the race
    does on a formula: 20% along x, 80% up y)."""
    surf = resolve_surface(surface, domain)
    if not len(surf.minima):
        raise ValueError(f"surface {surface!r} has no minimum to measure the final loss against")
    steps, lrs = _sweep_grid(steps, lr_min, lr_max, n_lrs, racers)
    if surf.name == "expression":
        x0 = np.array([_formula_start(surf.domain)], dtype=np.float64)
    else:
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
    return LRSweepPaths(
        surface=surface if surf.name != "expression" else "formula",
        title=surf.title,
        labels=tuple(racers),
        lrs=lrs,
        points=pts,
        final=final,
        diverged=div,
        **contour_field(surf, 160),
        domain=np.asarray(surf.domain, dtype=np.float64),
        start=x0[0],
        steps=steps,
    )
