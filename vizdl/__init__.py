"""vizdl: verified figures and animations of how deep networks are trained.

Layers (see ``shared/DESIGN.md``): :mod:`vizdl.sim` computes numbers (numpy/torch only),
:mod:`vizdl.render` turns numbers into matplotlib figures and Manim mobjects, :mod:`vizdl.gallery`
plans, caches, runs and publishes the gallery, and :mod:`vizdl.cli` is the command line.
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__"]
