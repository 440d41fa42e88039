"""The optimizer topic's computations, one module per concept.

================== ===========================================================================
module             concept
================== ===========================================================================
``rules``          the update rules, checked against ``torch.optim``: :func:`trajectory`,
                   :class:`Trajectory`, :data:`OPTIMIZERS`, :data:`TORCH_NAMES`; the optimizers
                   by the lecture's names (:data:`NAMED`)
``learning_rates`` the learning-rate regimes (1-D and 2-D) and each optimizer's sensitivity to it
``momentum``       momentum in a ravine
``nesterov``       Nesterov's geometry: jump, then correct
``races``          the optimizer race (the racers, their setups and the learning-rate grid)
``batches``        stochastic vs mini-batch vs batch gradient descent
``batch_cost``     what a mini-batch costs: loss per update, per example and per second
``adaptive``       adaptive learning rates and Adam's bias correction
``basins``         basins of convergence
``properties``     the lecture's comparison table, measured
================== ===========================================================================

Only the update-rule API is re-exported here (``from vizdl.sim.optimizers import trajectory``);
everything else is imported from its module (``vizdl.sim.optimizers.races:optimizer_race``).
"""

from __future__ import annotations

from vizdl.sim.optimizers.rules import NAMED, OPTIMIZERS, TORCH_NAMES, Trajectory, trajectory

__all__ = ["Trajectory", "OPTIMIZERS", "NAMED", "TORCH_NAMES", "trajectory"]
