"""Renderers: pictures from numbers. No maths here; renderers read simulation results.

Both renderers draw with :mod:`vizdl.style`; what they share beyond style is here.
"""

__all__ = ["RIDGE_INITS"]

# The initializers whose weight histograms the ridgeline figure and its animation show.
RIDGE_INITS = ("torch-default", "xavier-normal", "kaiming-normal", "large-normal")
