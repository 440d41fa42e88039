"""The optimizer race: the lecture's optimizers from one start point on one surface, each at its
best learning rate from a grid."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vizdl.sim._checks import check_choice, check_int, check_nonnegative
from vizdl.sim._tables import long_table
from vizdl.sim.optimizers._common import contour_field
from vizdl.sim.optimizers.rules import NAMED, Trajectory, trajectory
from vizdl.sim.surfaces import Surface, get_surface

__all__ = [
    "RACERS",
    "RACE_SETUPS",
    "LR_GRID",
    "LOSS_CLIP",
    "ANIMATION_LOSS_FLOOR",
    "Race",
    "optimizer_race",
]

# The contestants: label -> (update rule, fixed hyperparameters), the lecture's optimizers as
# rules.NAMED defines them. Learning rates are tuned per surface.
RACERS: dict[str, tuple[str, dict]] = {
    label: (NAMED[name].rule, dict(NAMED[name].implied))
    for label, name in (
        ("SGD", "sgd"),
        ("Momentum", "momentum"),
        ("NAG", "nesterov"),
        ("Adagrad", "adagrad"),
        ("Adadelta", "adadelta"),
        ("RMSprop", "rmsprop"),
        ("Adam", "adam"),
        ("Adamax", "adamax"),
    )
}

# Per surface: start point and steps; "lr" fixes one learning rate for all racers (else tuned).
RACE_SETUPS: dict[str, dict] = {
    "bowl": {"start": (-2.5, 2.0), "steps": 150},
    "beale": {"start": (0.7, 1.4), "steps": 400},
    "ravine": {"start": (-2.6, -0.6), "steps": 200},
    # On the saddle the loss is unbounded below, so "best" is meaningless: one fixed rate for all.
    "saddle": {"start": (-1.8, 1e-6), "steps": 150, "lr": 0.05},
    "rosenbrock": {"start": (-1.5, 2.5), "steps": 500},
}
LR_GRID = np.geomspace(1e-4, 3.0, 24)
# The figure's loss axis ends this many times the start's loss below it; the animation's loss
# panel draws losses below ANIMATION_LOSS_FLOOR at it (the captions quote both, through checks).
LOSS_CLIP = 1e-14
ANIMATION_LOSS_FLOOR = 1e-16


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
        pts = np.stack([p.points[:, 0] for p in self.paths])  # (racers, steps + 1, 2)
        loss = np.stack([p.losses[:, 0] for p in self.paths])
        return long_table(
            [{"optimizer": self.labels}, {"step": range(pts.shape[1])}],
            {"theta1": pts[..., 0], "theta2": pts[..., 1], "loss": loss},
        )


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
    field = contour_field(surf, resolution)
    return Race(
        surface=surface,
        title=surf.title,
        labels=tuple(racers),
        optimizers=tuple(opts),
        lrs=np.array(lrs),
        paths=tuple(paths),
        start=x0[0],
        domain=surf.domain,
        minima=surf.minima,
        saddles=surf.saddles,
        **field,
        tuned=lr is None,
        steps=steps,
    )


def _race_start(name: str, surf: Surface) -> np.ndarray:
    """The race's start point on surface ``name`` (``(1, 2)``): its setup's, else the domain centre."""
    start = RACE_SETUPS.get(name, {}).get("start", surf.domain.mean(axis=1))
    return np.array([start], dtype=np.float64)
