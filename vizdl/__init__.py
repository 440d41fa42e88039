"""vizdl: verified figures and animations of how deep networks are trained.

Layers (see ``shared/DESIGN.md``): :mod:`vizdl.sim` computes numbers (numpy/torch only),
:mod:`vizdl.render` turns numbers into matplotlib figures and Manim mobjects, :mod:`vizdl.gallery`
plans, caches, runs and publishes the gallery, and :mod:`vizdl.cli` is the command line.
"""

from __future__ import annotations

__version__ = "0.1.0"

# The notebook API (vizdl/api.py), imported on first use so that ``import vizdl`` stays light
# (the command line's listing and cache checks import nothing heavy).
_API = ("entries", "knobs", "compute", "figure", "animate", "Animation", "ClaimsDoNotHold")
__all__ = ["__version__", *_API]


def __getattr__(name: str) -> object:
    if name in _API:
        from vizdl import api

        return getattr(api, name)
    raise AttributeError(f"module 'vizdl' has no attribute {name!r}")
