"""Helpers shared by several of the optimizer topic's computations."""

from __future__ import annotations

import numpy as np

from vizdl.sim.surfaces import Surface


def _contour_levels(z: np.ndarray, surf: Surface, n: int = 18) -> np.ndarray:
    """Geometric levels above the minimum when the surface has one (valleys show), else linear."""
    if len(surf.minima):
        zmin = float(np.min(surf.value(surf.minima)))
        span = float(np.percentile(z, 95)) - zmin
        return zmin + np.geomspace(span * 1e-4, span, n)
    return np.linspace(float(np.percentile(z, 2)), float(np.percentile(z, 98)), n)
