"""Helpers shared by several of the optimizer topic's computations."""

from __future__ import annotations

import numpy as np

from vizdl.sim._checks import check_int
from vizdl.sim.surfaces import Surface, grid


def _contour_levels(z: np.ndarray, surf: Surface, n: int = 18) -> np.ndarray:
    """Geometric levels above the minimum when the surface has one (valleys show), else linear."""
    if len(surf.minima):
        zmin = float(np.min(surf.value(surf.minima)))
        span = float(np.percentile(z, 95)) - zmin
        return zmin + np.geomspace(span * 1e-4, span, n)
    return np.linspace(float(np.percentile(z, 2)), float(np.percentile(z, 98)), n)


def contour_field(surf: Surface, resolution: int, n_levels: int = 18) -> dict[str, np.ndarray]:
    """The loss on a ``resolution × resolution`` grid over the surface's domain and its contour
    levels, as the ``X, Y, Z, levels`` fields every optimizer result with a contour map holds."""
    x, y, z = grid(surf, check_int("resolution", resolution, 10))
    return {"X": x, "Y": y, "Z": z, "levels": _contour_levels(z, surf, n_levels)}
