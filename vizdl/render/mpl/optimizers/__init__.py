"""Matplotlib renderers for the optimizer topic, one module per concept, beside the computation of
the same name in :mod:`vizdl.sim.optimizers` whose results they read.

================== ===========================================================================
module             draws
================== ===========================================================================
``learning_rates`` the learning-rate regimes (1-D and 2-D) and each optimizer's sensitivity to it
``momentum``       momentum in a ravine
``nesterov``       Nesterov's jump / correction / accumulated vectors
``races``          the optimizer race
``batches``        stochastic vs mini-batch vs batch gradient descent
``batch_cost``     what a mini-batch costs: loss per update, per example and per second
``adaptive``       adaptive learning rates and Adam's bias correction
``basins``         basins of convergence
``properties``     the lecture's comparison table, measured
================== ===========================================================================

Draw functions are named by their module (``vizdl.render.mpl.optimizers.races:figure_race``).
Each racer's colour, marker and line style, the same in every figure and animation, is
:func:`vizdl.style.racer_style`; every contour map is drawn by :func:`draw_contours`.
"""

from __future__ import annotations

__all__ = ["draw_contours"]


def draw_contours(ax: object, field: object, linewidth: float = 0.7) -> object:
    """The contour lines of a result's ``X, Y, Z, levels`` (what every optimizer result with a
    contour map holds), in the theme's contour colour (the scenes' too) and one line width."""
    from vizdl.style import THEME

    return ax.contour(  # type: ignore[attr-defined]
        field.X, field.Y, field.Z, levels=field.levels, colors=THEME.contour, linewidths=linewidth
    )
