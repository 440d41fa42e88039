"""Data of the learning-rate and bump explorer pages, computed from vizdl's simulation.

``learning-rate-spec.js`` (:func:`lr_spec`) and ``bumps-spec.js`` (:func:`bumps_spec`) in
``vizdl/gallery/assets/explorer/`` are written by ``python -m vizdl.gallery.explorer`` (see its
``SPECS``); tests/test_explorer_lr.py and tests/test_explorer_bumps.py check that the pages'
numbers equal the Python simulation's. The pages recompute everything themselves (gradient
descent, the target functions, the staircase, the errors); what comes from here is what they
cannot recompute without duplicating Python's choices: the gallery's defaults and knob ranges,
the quadratics' Hessians and curvatures exactly as Python computes them, the contour levels and
the grids' sizes.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from vizdl.gallery.explorer import _plain

__all__ = ["lr_spec", "bumps_spec", "LR_ENTRIES", "BUMP_ENTRIES"]

# the gallery entries whose defaults the pages start from
LR_ENTRIES = ("learning-rate-regimes", "learning-rate-regimes-2d")
BUMP_ENTRIES = ("bumps-staircase", "bump-error")
QUADRATICS = ("bowl", "elongated", "ravine")
CURVE_NS = (1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 25, 32, 40, 50, 64, 80, 100, 128, 160, 200)
# vizdl.sim.approximation.FUNCTIONS' formulas as the page shows them
FORMULAS = {
    "lecture": "0.2 + 0.4x² + 0.3x·sin(15x) + 0.05·cos(50x)",
    "sine": "0.5 + 0.4·sin(2πx)",
    "abs": "1.6·|x − 0.5|",
}


@lru_cache(maxsize=1)
def _registry():
    from vizdl.gallery.registry import load_gallery

    return load_gallery(Path(__file__).resolve().parents[2])


def _knob(entry: str, name: str) -> dict:
    """A knob's default and range, as the gallery declares them."""
    e = _registry().get(entry)
    k = e.knobs[name]
    out = {"default": _plain(e.params[name])}
    for attr in ("low", "high"):
        v = getattr(k, attr, None)
        if v is not None:
            out[attr] = float(v)
    return out


def lr_spec() -> dict:
    """What the learning-rate page needs: the parabola's defaults, and per 2-D quadratic its
    Hessian (read off its gradient at the unit vectors, the matrix Python's gradient multiplies
    by), its curvatures (the eigenvalues ``learning_rate_regimes_2d`` computes) and the contour
    levels of the gallery's figure."""
    import numpy as np

    from vizdl.sim.optimizers.learning_rates import learning_rate_regimes, learning_rate_regimes_2d
    from vizdl.sim.surfaces import SURFACES, get_surface
    from vizdl.style import THEME

    one, two = LR_ENTRIES
    p1 = _registry().get(one).params
    r1 = learning_rate_regimes(**p1)
    p2 = dict(_registry().get(two).params)
    surfaces = {}
    for name in QUADRATICS:
        s = get_surface(name)
        r2 = learning_rate_regimes_2d(**{**p2, "surface": name}, two_curvatures=False)
        c = np.asarray(s.minima[0], dtype=np.float64)
        if np.any(c != 0):
            raise ValueError(f"the learning-rate page expects {name!r} centred at 0, got {c}")
        surfaces[name] = {
            "title": s.title,
            "domain": _plain(s.domain),
            # grad(x) = x @ H.T: the unit vectors read the Hessian's columns exactly
            "hessian": _plain(np.stack([s.grad(np.eye(2)[i : i + 1])[0] for i in (0, 1)], 1)),
            "curvatures": _plain(r2.curvatures),
            "levels": _plain(r2.levels),
        }
    return {
        "ink": THEME.ink,
        "contour": THEME.contour,
        "parabola": {
            "curvature": _knob(one, "curvature"),
            "x0": _knob(one, "x0"),
            "steps": _knob(one, "steps"),
            "lr_factors": _plain(p1["lr_factors"]),
            "extent": float(r1.extent),
            "grid": len(r1.x_grid),
        },
        "bowl2d": {
            "surface": p2["surface"],
            # the start's slider spans the built-in bowls' drawn square (the knob itself also
            # takes a formula's wider domain, which the page does not offer)
            "start": {
                **_knob(two, "start"),
                "low": float(min(SURFACES[q]().domain.min() for q in QUADRATICS)),
                "high": float(max(SURFACES[q]().domain.max() for q in QUADRATICS)),
            },
            "steps": _knob(two, "steps"),
            "lr_factors": _plain(p2["lr_factors"]),
        },
        "surfaces": surfaces,
        "bound": 1e6,  # vizdl.sim.optimizers.rules.trajectory's default divergence bound
    }


def bumps_spec() -> dict:
    """What the bump page needs: the target functions (their names and formulas; the page
    computes them itself), the grid size and the defaults and ranges of N and w."""
    from vizdl.sim.approximation import FUNCTIONS
    from vizdl.style import THEME

    build, sweep = BUMP_ENTRIES
    p = _registry().get(build).params
    return {
        "ink": THEME.ink,
        # the page writes each formula in JavaScript (bumps.js); a new Python function needs
        # its formula there and here, or this fails
        "functions": {name: FORMULAS[name] for name in FUNCTIONS},
        "f": p["f"],
        "n": _knob(build, "n_bumps"),
        "w": _knob(build, "w"),
        "points": int(p["points"]),
        "fit_counts": _plain(p["fit_counts"]),
        "sweep_ns": _plain(_registry().get(sweep).params["ns"]),
        # the error-vs-N curve's bump counts (about 4 per octave, up to the N slider's end); the
        # page adds the current N
        "curve_ns": [n for n in CURVE_NS if n <= _knob(build, "n_bumps")["high"]],
    }
