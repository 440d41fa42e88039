"""Basins of convergence: which minimum each start point of a grid reaches, per optimizer, and
the paths from a coarse grid for animating how the basins form."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vizdl.sim._checks import check_choice, check_int, check_positive
from vizdl.sim._tables import long_table
from vizdl.sim.expr import resolve_surface
from vizdl.sim.optimizers._common import contour_field
from vizdl.sim.optimizers.races import RACERS
from vizdl.sim.optimizers.rules import GradFn, Trajectory, _iterate, _prepare, trajectory

__all__ = [
    "BASIN_LRS",
    "Basins",
    "basin_map",
    "basins",
    "BasinFlow",
    "basin_flow",
]

# Learning rates for the basin maps: each rule at a rate that converges from most of the plane.
BASIN_LRS: dict[str, float] = {
    "SGD": 0.005,
    "Momentum": 0.001,
    "NAG": 0.001,
    "Adagrad": 0.5,
    "Adadelta": 1.0,
    "RMSprop": 0.02,
    "Adam": 0.05,
    "Adamax": 0.05,
}


@dataclass(frozen=True)
class Basins:
    """Which minimum each start point of a grid reaches, per optimizer, and how fast.

    ``which[k]`` is ``(res, res)``: the index into ``minima`` of the minimum optimizer ``labels[k]``
    reached from the start at ``(xs[j], ys[i])`` (it stayed within ``tol`` of it from some step on,
    and was there at the end), ``-1`` if it ended elsewhere, ``-2`` if it diverged. ``steps_to[k]``
    is the first step after which the path stayed within ``tol`` of that minimum (``-1``
    otherwise); ``final_dist[k]`` the distance from the path's end to its nearest minimum (NaN
    where it diverged).
    """

    surface: str
    title: str
    labels: tuple[str, ...]
    lrs: np.ndarray
    xs: np.ndarray
    ys: np.ndarray
    which: np.ndarray
    steps_to: np.ndarray
    final_dist: np.ndarray
    minima: np.ndarray
    steps: int
    tol: float

    def table(self) -> dict[str, list]:
        """Per optimizer and outcome (each minimum, then "none" and "diverged"): the share of
        starts and the median steps to get there (NaN, empty in CSV, for no minimum)."""
        outcomes = [*range(len(self.minima)), -1, -2]
        names = [str(tuple(np.round(m, 4).tolist())) for m in self.minima] + ["none", "diverged"]
        shape = (len(self.labels), len(outcomes))
        fraction, median = np.empty(shape), np.full(shape, np.nan)
        for k, j in np.ndindex(shape):
            hit = self.which[k] == outcomes[j]
            fraction[k, j] = hit.sum() / hit.size
            if outcomes[j] >= 0 and hit.any():
                median[k, j] = np.median(self.steps_to[k][hit])
        return long_table(
            [{"optimizer": self.labels}, {"minimum": names}],
            {"fraction_of_starts": fraction, "median_steps": median},
        )


def basin_map(
    name: str,
    grad: GradFn,
    starts: np.ndarray,
    minima: np.ndarray,
    steps: int,
    tol: float = 1e-2,
    bound: float = 1e6,
    with_distance: bool = False,
    **hparams: object,
) -> tuple[np.ndarray, ...]:
    """Run optimizer ``name`` from every row of ``starts`` (batched, nothing stored per step).

    Returns ``(which, steps_to)``, each ``(n,)``: the index of the minimum each path ended within
    ``tol`` of (``-1`` none, ``-2`` diverged), and the first step from which it stayed there;
    with ``with_distance``, also each path's final distance to its nearest minimum (NaN where it
    diverged).
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
    last = x
    for t, xt, alive, bad, _state in _iterate(spec, h, grad, x, steps, bound):
        last = xt
        diverged |= bad
        near = nearest_minimum(xt)
        near[~alive] = -1
        # "Stayed since": reset whenever the nearest minimum changes or the path leaves.
        changed = near != nearest
        since = np.where(changed, np.where(near >= 0, t, -1), since)
        nearest = near
    which = np.where(diverged, -2, nearest)
    steps_to = np.where(which >= 0, since, -1)
    if not with_distance:
        return which, steps_to
    dist = np.min(np.linalg.norm(last[:, None, :] - minima[None, :, :], axis=2), axis=1)
    return which, steps_to, np.where(diverged, np.nan, dist)


def basins(
    surface: str = "himmelblau",
    racers: tuple[str, ...] = tuple(r for r in RACERS if r != "Adamax"),
    resolution: int = 200,
    steps: int = 500,
    tol: float = 1e-2,
    domain: tuple[float, float, float, float] | None = None,
) -> Basins:
    """Basins of convergence of each racer on ``surface`` (a built-in name, or a formula in x and
    y over ``domain``: its minima found numerically), on a ``resolution²`` grid of starts.

    Each racer runs at :data:`BASIN_LRS`; by default the lecture's table's seven (the map is a
    grid of eight panels, one of them the legend). Returns a :class:`Basins`.
    """
    surf = resolve_surface(surface, domain)
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
    which, steps_to, final = [], [], []
    for label in racers:
        opt, fixed = RACERS[label]
        w, s, f = basin_map(
            opt,
            surf.grad,
            starts,
            surf.minima,
            steps,
            tol,
            with_distance=True,
            lr=BASIN_LRS[label],
            **fixed,
        )
        which.append(w.reshape(res, res))
        steps_to.append(s.reshape(res, res))
        final.append(f.reshape(res, res))
    return Basins(
        surface=surface if surf.name != "expression" else "formula",
        title=surf.title,
        labels=tuple(racers),
        lrs=np.array([BASIN_LRS[r] for r in racers]),
        xs=xs,
        ys=ys,
        which=np.array(which),
        steps_to=np.array(steps_to),
        final_dist=np.array(final),
        minima=surf.minima,
        steps=steps,
        tol=float(tol),
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
    domain: tuple[float, float, float, float] | None = None,
) -> BasinFlow:
    """Run each racer from a ``resolution²`` grid of starts, keeping the paths (see
    :class:`BasinFlow`); ``surface`` and ``domain`` as in :func:`basins`."""
    surf = resolve_surface(surface, domain)
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
    return BasinFlow(
        surface=surface if surf.name != "expression" else "formula",
        title=surf.title,
        labels=tuple(racers),
        lrs=np.array([BASIN_LRS[r] for r in racers]),
        paths=tuple(paths),
        which=np.array(which),
        minima=surf.minima,
        domain=surf.domain,
        **contour_field(surf, 200, 14),
        classify_steps=check_int("classify_steps", classify_steps, 1),
    )
