"""Manim helpers: mobjects and animations built from simulation results.

Scenes (in ``scenes/``) subclass :class:`DataScene`; they read results and never compute maths.
Formulas come from matplotlib's mathtext rendered to SVG (:func:`formula`), so no TeX is needed.
"""

from __future__ import annotations

import hashlib
import importlib
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from manim import (
    Axes,
    Scene,
    SVGMobject,
    Text,
    ValueTracker,
    VGroup,
    VMobject,
    always_redraw,
)

__all__ = [
    "DataScene",
    "OKABE_ITO",
    "INK",
    "FONT",
    "label",
    "pow10",
    "formula",
    "contour_lines",
    "interpolate_path",
    "make_trace",
    "make_marker",
]

OKABE_ITO = {
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "green": "#009E73",
    "purple": "#CC79A7",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "yellow": "#F0E442",
    "black": "#000000",
}
INK = "#1d2330"
FONT = (
    "DejaVu Sans"  # shipped with matplotlib's fonts' Debian package; matches the mathtext formulas
)
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def label(text: str, font_size: float = 22, color: str = INK, **kw: object) -> Text:
    """Plain text in vizdl's scene font (Pango, no TeX)."""
    return Text(text, font=FONT, font_size=font_size, color=color, **kw)


def pow10(exponent: int) -> str:
    """``10⁻³`` style text for a power of ten (tick labels without TeX)."""
    return "10" + str(int(exponent)).translate(_SUPERSCRIPT)


class DataScene(Scene):
    """A scene driven by a simulation result.

    Class attributes: ``compute`` (``"module:function"`` of the simulation), ``params`` (its keyword
    arguments; variants are subclasses) and ``data`` (a precomputed result; the gallery engine sets
    it so that the numbers written beside the video are the ones drawn). Run with the plain manim CLI
    (``manim -ql scenes/optimizers.py MomentumRavine``), the scene computes its own data.
    """

    compute: str = ""
    params: dict = {}
    data: object = None

    def load(self) -> object:
        if self.data is not None:
            return self.data
        modname, _, attr = self.compute.partition(":")
        fn = getattr(importlib.import_module(modname), attr)
        return fn(**self.params)


_FORMULA_DIR = Path(tempfile.gettempdir()) / "vizdl-formulas"


def formula(equation: str, height: float = 0.5, color: str = INK) -> SVGMobject:
    """A mathtext equation (``"$v_t = \\gamma v_{t-1} + \\eta\\nabla J$"``) as an SVG mobject."""
    from vizdl.render.mpl import mathtext_svg

    svg = mathtext_svg(equation, color=color)
    _FORMULA_DIR.mkdir(parents=True, exist_ok=True)
    path = _FORMULA_DIR / (hashlib.sha256(svg).hexdigest()[:16] + ".svg")
    if not path.exists():
        tmp = path.with_suffix(f".{id(svg)}.tmp")
        tmp.write_bytes(svg)
        tmp.replace(path)
    mob = SVGMobject(str(path), height=height)
    return mob


def contour_lines(
    axes: Axes,
    X: np.ndarray,
    Y: np.ndarray,
    Z: np.ndarray,
    levels: Sequence[float],
    color: str = "#9aa3b2",
    stroke_width: float = 1.5,
) -> VGroup:
    """Contour lines of ``Z`` (on the grid ``X, Y``) as smooth VMobjects in ``axes`` coordinates."""
    import contourpy

    gen = contourpy.contour_generator(X, Y, Z)
    group = VGroup()
    for level in levels:
        for line in gen.lines(level):
            if len(line) < 3:
                continue
            pts = [axes.c2p(x, y) for x, y in line]
            m = VMobject(stroke_color=color, stroke_width=stroke_width)
            m.set_points_smoothly(pts)
            group.add(m)
    return group


def interpolate_path(points: np.ndarray, t: float) -> np.ndarray:
    """The position at fractional step ``t`` along ``points`` ``(T+1, d)`` (linear between steps)."""
    t = float(np.clip(t, 0, len(points) - 1))
    k = int(np.floor(t))
    if k >= len(points) - 1:
        return points[-1]
    frac = t - k
    return (1 - frac) * points[k] + frac * points[k + 1]


def make_trace(
    axes: Axes, points: np.ndarray, tracker: ValueTracker, color: str, width: float = 3.5
) -> VMobject:
    """A polyline through ``points`` up to the tracker's (fractional) step, redrawn every frame."""

    def draw() -> VMobject:
        t = tracker.get_value()
        k = int(np.floor(t))
        pts = list(points[: k + 1]) + [interpolate_path(points, t)]
        m = VMobject(stroke_color=color, stroke_width=width)
        m.set_points_as_corners(
            [axes.c2p(*p) for p in pts] if len(pts) > 1 else [axes.c2p(*pts[0])] * 2
        )
        return m

    return always_redraw(draw)


def make_marker(
    axes: Axes, points: np.ndarray, tracker: ValueTracker, factory: Callable[[], VMobject]
) -> VMobject:
    """A mobject from ``factory`` that follows ``points`` with the tracker."""
    mob = factory()
    mob.add_updater(lambda m: m.move_to(axes.c2p(*interpolate_path(points, tracker.get_value()))))
    return mob
