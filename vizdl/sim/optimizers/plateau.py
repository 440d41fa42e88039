"""A saddle surrounded by a plateau: which optimizers leave it, at one η and at each one's best.

The lecture: "saddle points are usually surrounded by a plateau of the same error, which makes
it notoriously hard for SGD to escape, as the gradient is close to zero in all dimensions".
The surface ``J = x⁴ + y⁶/3 − y⁴`` has a saddle at the origin whose Hessian is 0 (the loss
around it is flat to fourth order: a plateau at the saddle's loss 0) and two minima at
(0, ±√2), J = −4/3. The races are :func:`vizdl.sim.optimizers.races.optimizer_race` on that
formula: torch-checked update rules and the race's own learning-rate tuning.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vizdl.sim._checks import check_finite, check_int, check_positive
from vizdl.sim._tables import columns
from vizdl.sim.expr import resolve_surface
from vizdl.sim.optimizers.races import RACERS, Race, optimizer_race

__all__ = ["PLATEAU_FORMULA", "PLATEAU_DOMAIN", "PlateauSaddle", "plateau_saddle"]

PLATEAU_FORMULA = "x**4 + y**6/3 - y**4"
PLATEAU_DOMAIN = (-1.5, 1.5, -2.0, 2.0)


@dataclass(frozen=True)
class PlateauSaddle:
    """The same racers from one start at one learning rate (``shared``) and each at its best
    grid rate (``best``; Adadelta at torch's lr = 1 in both, as in every race). ``escape``: the
    loss a path must fall below to count as having left the plateau (half way from the
    saddle's loss to the minima's). ``radius``: the plateau's extent measured around the saddle,
    where ``plateau_dj`` is the largest |J − J(saddle)| and ``plateau_grad`` the largest ‖∇J‖
    (on a 201 × 201 grid of the disc)."""

    shared: Race
    best: Race
    formula: str
    saddle: np.ndarray
    saddle_loss: float
    minimum_loss: float
    escape: float
    radius: float
    plateau_dj: float
    plateau_grad: float
    steps: int
    lr: float

    def table(self) -> dict[str, list]:
        def first_below(r: Race) -> list[int]:
            out = []
            for p in r.paths:
                hit = np.flatnonzero(p.losses[:, 0] < self.escape)
                out.append(int(hit[0]) if hit.size else -1)
            return out

        return columns(
            {
                "optimizer": self.shared.labels,
                "lr_shared": self.shared.lrs,
                "left_at_step_shared": first_below(self.shared),
                "lr_best": self.best.lrs,
                "left_at_step_best": first_below(self.best),
            }
        )


def plateau_saddle(
    lr: float = 0.05,
    steps: int = 300,
    offset: float = 0.01,
    x_start: float = 1.2,
    radius: float = 0.5,
    resolution: int = 160,
) -> PlateauSaddle:
    """The eight racers from ``(x_start, offset)``: on the stable side of the saddle, ``offset``
    off its unstable axis (y), at one rate ``lr`` and each at its best grid rate.

    Returns a :class:`PlateauSaddle`.
    """
    lr = check_positive("lr", lr)
    steps = check_int("steps", steps, 1)
    offset = check_positive("offset", offset)
    x_start = check_finite("x_start", x_start)
    radius = check_positive("radius", radius)
    kw = dict(
        surface=PLATEAU_FORMULA,
        domain=PLATEAU_DOMAIN,
        racers=tuple(RACERS),
        start=(x_start, offset),
        steps=steps,
        resolution=check_int("resolution", resolution, 10),
    )
    shared = optimizer_race(lr=lr, **kw)
    best = optimizer_race(lr=None, **kw)
    surf = resolve_surface(PLATEAU_FORMULA, PLATEAU_DOMAIN)
    saddle = np.zeros(2)
    j0 = float(surf.value(saddle[None])[0])
    jmin = float(best.j_min)
    g = np.linspace(-radius, radius, 201)
    gx, gy = np.meshgrid(g, g)
    pts = np.stack([gx.ravel(), gy.ravel()], axis=1)
    pts = pts[np.hypot(pts[:, 0], pts[:, 1]) <= radius]
    return PlateauSaddle(
        shared=shared,
        best=best,
        formula=PLATEAU_FORMULA,
        saddle=saddle,
        saddle_loss=j0,
        minimum_loss=jmin,
        escape=0.5 * (j0 + jmin),
        radius=radius,
        plateau_dj=float(np.max(np.abs(surf.value(pts) - j0))),
        plateau_grad=float(np.max(np.linalg.norm(surf.grad(pts), axis=1))),
        steps=steps,
        lr=lr,
    )
