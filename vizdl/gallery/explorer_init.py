"""The initialization explorer's data (``explorer/initialization-spec.js``), from vizdl's simulation.

The page recomputes :func:`vizdl.sim.initialization.theory_variances` itself, by the same
formulas; what it needs from Python is written here once: the initializers and activations the
gallery's ``init-*`` entries use (their labels and ``torch.nn.init`` calls), the gain Kaiming's
rule uses (ReLU's, as the gallery's theory does), the constants of the fixed-scale initializers,
and the quadrature :func:`~vizdl.sim.initialization.gaussian_moments` uses for tanh and sigmoid:
its nodes are ``numpy.linspace(start, stop, num)``, which the page rebuilds by numpy's own
formula (``start + i·step``, the last node ``stop``), its weights the standard normal density
times the spacing. A few nodes and weights are shipped too, so the page can show that it rebuilt
them (``tests/test_explorer_init.py`` compares every one)."""

from __future__ import annotations

__all__ = ["init_spec", "INIT_ACTIVATIONS", "INIT_INITIALIZERS"]

# the activations signal_propagation predicts (gallery/initialization.py's _THEORY_ACTIVATIONS)
INIT_ACTIVATIONS = ("linear", "tanh", "sigmoid", "relu")
# vizdl.sim.initialization.VARIANCE_INITIALIZERS, written out so the site need not import the
# simulation (tests/test_explorer_init.py checks they agree)
INIT_INITIALIZERS = (
    "small-normal",
    "large-normal",
    "uniform",
    "xavier-normal",
    "xavier-uniform",
    "kaiming-normal",
    "kaiming-uniform",
    "torch-default",
    "orthogonal",
)


def init_spec() -> dict:
    """What the initialization explorer needs from Python."""
    from vizdl.sim import initialization as ini
    from vizdl.sim.activations import activation

    if tuple(ini.VARIANCE_INITIALIZERS) != INIT_INITIALIZERS:
        raise ValueError(
            f"the explorer's initializers {INIT_INITIALIZERS} differ from the simulation's "
            f"{tuple(ini.VARIANCE_INITIALIZERS)}: update vizdl/gallery/explorer_init.py"
        )
    grid, weights = ini._GRID, ini._GRID_W
    probe = [0, 1, 7, len(grid) // 3, len(grid) // 2, len(grid) - 2, len(grid) - 1]
    return {
        "initializers": {
            name: {
                "label": ini.INITIALIZERS[name][0],
                "torch": ini.INITIALIZERS[name][1],
                "kind": ini.weight_moments(name, 4, 4).kind,
            }
            for name in INIT_INITIALIZERS
        },
        "activations": {name: activation(name).label for name in INIT_ACTIVATIONS},
        # Kaiming's gain: the gallery's theory (and sampler) use the default nonlinearity, ReLU
        "kaiming_gain": ini.gain("relu"),
        "small_std": ini._SMALL_STD,
        "large_std": ini._LARGE_STD,
        "uniform_a": ini._UNIFORM_A,
        "quadrature": {
            "start": float(grid[0]),
            "stop": float(grid[-1]),
            "num": int(len(grid)),
            "probe": probe,
            "nodes": [float(grid[i]) for i in probe],
            "weights": [float(weights[i]) for i in probe],
        },
        "defaults": {
            "init": "xavier-normal",
            "activation": "tanh",
            "width": 256,
            "depth": 20,
            "samples": 32,
            "seed": 0,
        },
    }
