"""Matplotlib renderers for the optimizer topic, one module per concept, beside the computation of
the same name in :mod:`vizdl.sim.optimizers` whose results they read.

================== ===========================================================================
module             draws
================== ===========================================================================
``learning_rates`` the learning-rate regimes (1-D and 2-D) and each optimizer's sensitivity to it
``momentum``       momentum in a ravine
``nesterov``       Nesterov's jump / correction / accumulated vectors
``races``          the optimizer race, and :func:`racer_style`: each racer's colour, marker and
                   line style, the same in every figure and animation
``batches``        stochastic vs mini-batch vs batch gradient descent
``adaptive``       adaptive learning rates and Adam's bias correction
``basins``         basins of convergence
``properties``     the lecture's comparison table, measured
================== ===========================================================================

Only :func:`racer_style`, which figures and scenes of several concepts share, is re-exported here;
draw functions are named by their module (``vizdl.render.mpl.optimizers.races:figure_race``).
"""

from __future__ import annotations

from vizdl.render.mpl.optimizers.races import racer_style

__all__ = ["racer_style"]
