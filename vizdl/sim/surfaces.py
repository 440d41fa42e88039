"""Loss surfaces with analytic value and gradient, for optimizer trajectories.

Each surface maps an ``(n, d)`` float64 array of points to values ``(n,)`` and gradients ``(n, d)``.
Gradients are analytic (tests check them against autograd).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from vizdl.sim._checks import check_choice, check_positive

__all__ = ["Surface", "quadratic", "ravine", "parabola", "get_surface", "SURFACES", "grid"]


@dataclass(frozen=True)
class Surface:
    """A differentiable loss surface.

    Attributes
    ----------
    name, title:
        Identifier and human-readable name.
    value:
        ``(n, d) -> (n,)`` loss values.
    grad:
        ``(n, d) -> (n, d)`` analytic gradient.
    domain:
        ``(d, 2)`` array of ``[low, high]`` per coordinate: the plotted region and the region start
        points must lie in.
    minima:
        ``(k, d)`` known minimisers.
    """

    name: str
    title: str
    value: Callable[[np.ndarray], np.ndarray]
    grad: Callable[[np.ndarray], np.ndarray]
    domain: np.ndarray
    minima: np.ndarray
    saddles: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))

    @property
    def dim(self) -> int:
        return int(self.domain.shape[0])

    def check_inside(self, x0: np.ndarray) -> None:
        """Raise ``ValueError`` if any start point lies outside :attr:`domain`."""
        x0 = np.atleast_2d(x0)
        lo, hi = self.domain[:, 0], self.domain[:, 1]
        bad = np.any((x0 < lo) | (x0 > hi), axis=1)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            bounds = ", ".join(f"[{a:g}, {b:g}]" for a, b in self.domain)
            raise ValueError(
                f"start point {x0[i].tolist()} lies outside the domain of surface "
                f"{self.name!r}: {bounds}"
            )


def quadratic(
    hessian: np.ndarray,
    center: np.ndarray | None = None,
    *,
    name: str = "quadratic",
    title: str = "Quadratic bowl",
    extent: float = 3.0,
) -> Surface:
    """Quadratic ``f(x) = ½ (x − c)ᵀ H (x − c)`` with symmetric positive semi-definite ``H``."""
    h = np.asarray(hessian, dtype=np.float64)
    if h.ndim != 2 or h.shape[0] != h.shape[1]:
        raise ValueError(f"hessian must be a square matrix, got shape {h.shape}")
    if not np.allclose(h, h.T):
        raise ValueError("hessian must be symmetric")
    d = h.shape[0]
    c = np.zeros(d) if center is None else np.asarray(center, dtype=np.float64).reshape(d)

    def value(x: np.ndarray) -> np.ndarray:
        z = np.asarray(x, dtype=np.float64) - c
        return 0.5 * np.einsum("ni,ij,nj->n", z, h, z)

    def grad(x: np.ndarray) -> np.ndarray:
        return (np.asarray(x, dtype=np.float64) - c) @ h.T

    domain = np.stack([c - extent, c + extent], axis=1)
    return Surface(name, title, value, grad, domain, c[None, :].copy())


def parabola(curvature: float = 1.0, extent: float = 3.0) -> Surface:
    """The 1-D parabola ``f(x) = ½ a x²``; gradient descent converges iff ``0 < η < 2/a``."""
    a = check_positive("curvature", curvature)
    return quadratic([[a]], name="parabola", title=f"Parabola ½·{a:g}·x²", extent=extent)


def ravine(condition: float = 100.0, angle_deg: float = 30.0, scale: float = 1.0) -> Surface:
    """A rotated ill-conditioned quadratic: curvature ``scale`` along the valley floor and
    ``scale·condition`` across it, the valley turned by ``angle_deg`` degrees."""
    k = check_positive("condition", condition)
    s = check_positive("scale", scale)
    a = np.deg2rad(angle_deg)
    r = np.array([[np.cos(a), -np.sin(a)], [np.sin(a), np.cos(a)]])
    h = r @ np.diag([s, s * k]) @ r.T
    h = 0.5 * (h + h.T)
    return quadratic(h, name="ravine", title=f"Ravine (condition number {k:g})", extent=3.0)


SURFACES: dict[str, Callable[[], Surface]] = {
    "bowl": lambda: quadratic(np.eye(2), name="bowl", title="Round bowl"),
    "elongated": lambda: quadratic(np.diag([1.0, 10.0]), name="elongated", title="Elongated bowl"),
    "ravine": ravine,
    "parabola": parabola,
}


def get_surface(name: str) -> Surface:
    """Return the named surface with its default parameters."""
    return SURFACES[check_choice("surface", name, SURFACES)]()


def grid(surface: Surface, resolution: int = 200) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Values of a 2-D surface on a regular ``resolution × resolution`` grid over its domain.

    Returns ``(X, Y, Z)`` each of shape ``(resolution, resolution)`` (``Z[i, j]`` at ``Y[i], X[j]``).
    """
    if surface.dim != 2:
        raise ValueError(f"grid needs a 2-D surface, {surface.name!r} has {surface.dim} dimensions")
    xs = np.linspace(*surface.domain[0], resolution)
    ys = np.linspace(*surface.domain[1], resolution)
    x, y = np.meshgrid(xs, ys)
    z = surface.value(np.stack([x.ravel(), y.ravel()], axis=1)).reshape(x.shape)
    return x, y, z
