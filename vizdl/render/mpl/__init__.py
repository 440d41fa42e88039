"""Matplotlib renderers: functions that draw onto a ``Figure``/``Axes`` they are given.

They never call ``show()`` or ``savefig()``; the engine turns a figure into bytes with
:func:`figure_bytes`, which are reproducible: the same inputs give the same PNG, SVG and PDF.
Colours, markers, line styles and fonts come from :data:`vizdl.style.THEME`; ``vizdl.mplstyle``
holds what only matplotlib has (sizes, spines, grid, reproducible output).
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator
from pathlib import Path

# No matplotlib.use(...): the renderers draw on pyplot-free Figures, which need no backend, so
# importing vizdl leaves a notebook's inline backend (and plt.show()) alone.
import matplotlib
from matplotlib import cycler
from matplotlib.figure import Figure

from vizdl.style import THEME

__all__ = [
    "STYLE",
    "theme_rc",
    "style_context",
    "new_figure",
    "figure_bytes",
    "pdf_pages_bytes",
    "mathtext_svg",
]

STYLE = Path(__file__).with_name("vizdl.mplstyle")

# Metadata that would make the bytes depend on the time or the version.
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}


def theme_rc() -> dict:
    """The rcParams that come from the theme: the colour cycle, background, font, colormap."""
    return {
        "axes.prop_cycle": cycler(color=list(THEME.palette)),
        "figure.facecolor": THEME.background,
        "savefig.facecolor": THEME.background,
        "font.family": [THEME.font],
        "image.cmap": THEME.sequential,
        **THEME.rc,  # a dark page's text and axes colours; a .mplstyle theme's own rcParams
    }


@contextlib.contextmanager
def style_context() -> Iterator[None]:
    """matplotlib rcParams of vizdl's style: ``vizdl.mplstyle`` (Agg, fonttype 42, fixed SVG hash
    salt), then the theme's (:func:`theme_rc`)."""
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    with matplotlib.rc_context(fname=str(STYLE), rc=theme_rc()):
        yield


def new_figure(figsize: tuple[float, float] = (10.0, 5.625)) -> Figure:
    """A pyplot-free ``Figure`` (call inside :func:`style_context`)."""
    return Figure(figsize=figsize)


def figure_bytes(fig: Figure, fmt: str, dpi: float | None = None) -> bytes:
    """Render ``fig`` to ``fmt`` (png, svg or pdf) with reproducible metadata."""
    if fmt not in _METADATA:
        raise ValueError(f"unknown figure format {fmt!r}; allowed: {', '.join(_METADATA)}")
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, metadata=_METADATA[fmt], dpi=dpi)
    return buf.getvalue()


def pdf_pages_bytes(figs: list[Figure]) -> bytes:
    """``figs`` as one PDF, a page each, with the reproducible metadata of :func:`figure_bytes`."""
    from matplotlib.backends.backend_pdf import PdfPages

    buf = io.BytesIO()
    with PdfPages(buf, metadata=_METADATA["pdf"]) as pdf:
        for fig in figs:
            pdf.savefig(fig)
    return buf.getvalue()


def mathtext_svg(equation: str, fontsize: float = 20.0, color: str | None = None) -> bytes:
    """An equation written in matplotlib mathtext (``$...$``, no TeX needed) as SVG bytes."""
    with style_context():
        fig = Figure(figsize=(0.01, 0.01))
        fig.set_layout_engine(None)
        fig.text(0, 0, equation, fontsize=fontsize, color=color or THEME.figure_ink)
        buf = io.BytesIO()
        fig.savefig(
            buf,
            format="svg",
            metadata=_METADATA["svg"],
            bbox_inches="tight",
            pad_inches=0.04,
            transparent=True,
        )
    return buf.getvalue()
