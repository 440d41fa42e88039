"""Renderers: pictures from numbers. No maths here; renderers read simulation results.

Both renderers draw with :mod:`vizdl.style`; what they share beyond style is here.
"""

__all__ = ["RIDGE_INITS", "SLIDE_SUFFIX", "MAX_SLIDES", "slide_files"]

# The initializers whose weight histograms the ridgeline figure and its animation show.
RIDGE_INITS = ("torch-default", "xavier-normal", "kaiming-normal", "large-normal")

# A figure's slide rendition is NAME-slide.pdf/svg/png (vizdl.render.mpl.slides); the site's
# snippets and `vizdl deck` name it without importing matplotlib.
SLIDE_SUFFIX = "-slide"
# At most this many slides per figure (a layout that needs more keeps one, the whole figure).
MAX_SLIDES = 12


def slide_files(name: str, fmt: str, pages: int = 1) -> list[str]:
    """The files of entry ``name``'s slide rendition in ``fmt``: one PDF of ``pages`` pages
    (``NAME-slide.pdf``); one image a slide otherwise (``NAME-slide.svg``, ``NAME-slide-2.svg``…)."""
    base = f"{name}{SLIDE_SUFFIX}"
    if fmt == "pdf" or pages <= 1:
        return [f"{base}.{fmt}"]
    return [f"{base}.{fmt}"] + [f"{base}-{k}.{fmt}" for k in range(2, pages + 1)]
