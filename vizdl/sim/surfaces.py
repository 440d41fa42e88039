"""Loss surfaces with analytic value and gradient, for optimizer trajectories.

Each surface maps an ``(n, d)`` float64 array of points to values ``(n,)`` and gradients ``(n, d)``.
Gradients are analytic (tests check them against autograd).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from vizdl.sim._checks import check_choice, check_positive

__all__ = [
    "Surface",
    "quadratic",
    "ravine",
    "parabola",
    "saddle",
    "monkey_saddle",
    "beale",
    "rosenbrock",
    "himmelblau",
    "get_surface",
    "SURFACES",
    "grid",
]


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
        ``(k, d)`` known minimisers (none for the saddles, which are unbounded below).
    saddles:
        ``(k, d)`` known saddle points.
    """

    name: str
    title: str
    value: Callable[[np.ndarray], np.ndarray]  # also evaluates (n, d) torch tensors
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
    """Quadratic ``f(x) = ½ (x − c)ᵀ H (x − c)`` with symmetric positive semi-definite ``H``.

    The value is written with scalar arithmetic only, so it also evaluates torch tensors (the tests
    differentiate it with autograd to check :attr:`Surface.grad`).
    """
    h = np.asarray(hessian, dtype=np.float64)
    if h.ndim != 2 or h.shape[0] != h.shape[1]:
        raise ValueError(f"hessian must be a square matrix, got shape {h.shape}")
    if not np.allclose(h, h.T):
        raise ValueError("hessian must be symmetric")
    d = h.shape[0]
    c = np.zeros(d) if center is None else np.asarray(center, dtype=np.float64).reshape(d)
    hf = [[float(v) for v in row] for row in h]
    cf = [float(v) for v in c]

    def value(x):
        z = [x[:, i] - cf[i] for i in range(d)]
        return 0.5 * sum(hf[i][j] * z[i] * z[j] for i in range(d) for j in range(d))

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


def _xy(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(x, dtype=np.float64)
    return x[:, 0], x[:, 1]


def saddle() -> Surface:
    """``f = x² − y²``: a saddle point at the origin, stable along x and unstable along y."""

    def value(x):
        return x[:, 0] ** 2 - x[:, 1] ** 2

    def grad(x):
        a, b = _xy(x)
        return np.stack([2 * a, -2 * b], axis=1)

    return Surface(
        "saddle",
        "Saddle x² − y²",
        value,
        grad,
        np.array([[-2.0, 2.0], [-2.0, 2.0]]),
        np.zeros((0, 2)),
        np.zeros((1, 2)),
    )


def monkey_saddle() -> Surface:
    """``f = x³ − 3xy²``: a degenerate (monkey) saddle at the origin with zero Hessian."""

    def value(x):
        return x[:, 0] ** 3 - 3 * x[:, 0] * x[:, 1] ** 2

    def grad(x):
        a, b = _xy(x)
        return np.stack([3 * a**2 - 3 * b**2, -6 * a * b], axis=1)

    return Surface(
        "monkey-saddle",
        "Monkey saddle x³ − 3xy²",
        value,
        grad,
        np.array([[-1.5, 1.5], [-1.5, 1.5]]),
        np.zeros((0, 2)),
        np.zeros((1, 2)),
    )


def beale() -> Surface:
    """Beale's function; global minimum 0 at (3, 0.5), flat plateaus and steep walls."""

    def value(x):
        a, b = x[:, 0], x[:, 1]
        return (1.5 - a + a * b) ** 2 + (2.25 - a + a * b**2) ** 2 + (2.625 - a + a * b**3) ** 2

    def grad(x):
        a, b = _xy(x)
        t1 = 1.5 - a + a * b
        t2 = 2.25 - a + a * b**2
        t3 = 2.625 - a + a * b**3
        ga = 2 * t1 * (b - 1) + 2 * t2 * (b**2 - 1) + 2 * t3 * (b**3 - 1)
        gb = 2 * t1 * a + 2 * t2 * 2 * a * b + 2 * t3 * 3 * a * b**2
        return np.stack([ga, gb], axis=1)

    return Surface(
        "beale",
        "Beale's function",
        value,
        grad,
        np.array([[-4.5, 4.5], [-4.5, 4.5]]),
        np.array([[3.0, 0.5]]),
    )


def rosenbrock(b: float = 100.0) -> Surface:
    """Rosenbrock's banana ``(1 − x)² + b(y − x²)²``; minimum 0 at (1, 1) in a curved valley."""
    bb = check_positive("b", b)

    def value(x):
        return (1 - x[:, 0]) ** 2 + bb * (x[:, 1] - x[:, 0] ** 2) ** 2

    def grad(x):
        u, v = _xy(x)
        return np.stack([-2 * (1 - u) - 4 * bb * u * (v - u**2), 2 * bb * (v - u**2)], axis=1)

    return Surface(
        "rosenbrock",
        "Rosenbrock's banana",
        value,
        grad,
        np.array([[-2.0, 2.0], [-1.0, 3.0]]),
        np.array([[1.0, 1.0]]),
    )


# Himmelblau's four minima and its four saddle points / one maximum (to 6 decimals).
_HIMMELBLAU_MINIMA = np.array(
    [[3.0, 2.0], [-2.805118, 3.131312], [-3.779310, -3.283186], [3.584428, -1.848126]]
)
_HIMMELBLAU_SADDLES = np.array(
    [[0.086677, 2.884255], [-3.073025, -0.081353], [3.385154, 0.073852], [-0.127961, -1.953715]]
)


def _newton(
    grad: Callable[[np.ndarray], np.ndarray], points: np.ndarray, iters: int = 8
) -> np.ndarray:
    """Polish stationary points with Newton's method on the gradient (central-difference Jacobian)."""
    x = np.array(points, dtype=np.float64)
    eps = 1e-6
    for _ in range(iters):
        g = grad(x)
        jac = np.stack(
            [(grad(x + eps * e) - grad(x - eps * e)) / (2 * eps) for e in np.eye(x.shape[1])],
            axis=2,
        )
        x = x - np.linalg.solve(jac, g[..., None])[..., 0]
    return x


def himmelblau() -> Surface:
    """Himmelblau's function ``(x² + y − 11)² + (x + y² − 7)²``: four minima of value 0."""

    def value(x):
        a, b = x[:, 0], x[:, 1]
        return (a**2 + b - 11) ** 2 + (a + b**2 - 7) ** 2

    def grad(x):
        a, b = _xy(x)
        p = a**2 + b - 11
        q = a + b**2 - 7
        return np.stack([4 * a * p + 2 * q, 2 * p + 4 * b * q], axis=1)

    return Surface(
        "himmelblau",
        "Himmelblau's function",
        value,
        grad,
        np.array([[-5.0, 5.0], [-5.0, 5.0]]),
        _newton(grad, _HIMMELBLAU_MINIMA),
        _newton(grad, _HIMMELBLAU_SADDLES),
    )


SURFACES: dict[str, Callable[[], Surface]] = {
    "bowl": lambda: quadratic(
        np.eye(2), name="bowl", title="Round bowl (all features equally important)"
    ),
    "elongated": lambda: quadratic(
        np.diag([1.0, 10.0]), name="elongated", title="Elongated bowl (features of unequal scale)"
    ),
    "ravine": ravine,
    "saddle": saddle,
    "monkey-saddle": monkey_saddle,
    "beale": beale,
    "rosenbrock": rosenbrock,
    "himmelblau": himmelblau,
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
