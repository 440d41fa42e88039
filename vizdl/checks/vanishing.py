"""Checks on :mod:`vizdl.sim.vanishing` results (the dying-ReLU run, derivative products)."""

from __future__ import annotations

import numpy as np

from vizdl.checks import Verdict, verdict

__all__ = [
    "dying_relu_many_die",
    "dying_relu_first_layer_stays_dead",
    "dying_relu_second_layer_recovers",
    "dying_relu_leaky_second_layer",
    "dying_relu_leaky_first_layer",
    "dying_relu_bias_second_layer",
]


def _off(r: object, variant: str, layer: int) -> np.ndarray:
    """Share of units off for every training image, per recorded step (``layer`` 0 or 1);
    NaN when the run leaves the variant out (the claims about it then do not hold)."""
    if variant not in r.variants:
        return np.full(len(r.steps), np.nan)
    return np.asarray(r.off[r.variants.index(variant), layer], dtype=float)


def dying_relu_many_die(r: object) -> Verdict:
    """Many ReLU units end off: at least 20% of each hidden layer at the last step. Also
    measures the run's setting, which the caption quotes."""
    l1, l2 = _off(r, "relu", 0)[-1], _off(r, "relu", 1)[-1]
    return verdict(
        min(l1, l2) >= 0.2,
        relu_l1_end=l1,
        relu_l2_end=l2,
        steps=int(r.steps[-1]),
        lr=float(r.lr),
        momentum=float(r.momentum),
        hidden=int(r.hidden),
        n_train=int(r.n_train),
        batch_size=int(r.batch_size),
    )


def dying_relu_first_layer_stays_dead(r: object) -> Verdict:
    """ReLU's first-layer share of off units never falls between recorded steps (the first
    layer's inputs are the fixed images, so a unit off for all of them gets no gradient)."""
    off = _off(r, "relu", 0)
    drops = int(np.sum(np.diff(off) < 0))
    return verdict(drops == 0, relu_l1_drops=drops, relu_l1_end=off[-1])


def dying_relu_second_layer_recovers(r: object) -> Verdict:
    """ReLU's second-layer share of off units falls at least once: units there come back."""
    off = _off(r, "relu", 1)
    falls = np.diff(off) < 0
    largest = float(-np.diff(off).min()) if len(off) > 1 else 0.0
    return verdict(falls.any(), relu_l2_falls=int(falls.sum()), relu_l2_largest_fall=largest)


def dying_relu_leaky_second_layer(r: object) -> Verdict:
    """Leaky ReLU ends with at most half of ReLU's share of second-layer units off."""
    leaky, relu = _off(r, "leaky_relu", 1)[-1], _off(r, "relu", 1)[-1]
    return verdict(leaky <= 0.5 * relu, leaky_l2_end=leaky, relu_l2_end=relu)


def dying_relu_leaky_first_layer(r: object) -> Verdict:
    """In the first layer Leaky ReLU ends with at least as many units off as ReLU."""
    leaky, relu = _off(r, "leaky_relu", 0)[-1], _off(r, "relu", 0)[-1]
    return verdict(leaky >= relu, leaky_l1_end=leaky, relu_l1_end=relu)


def dying_relu_bias_second_layer(r: object) -> Verdict:
    """Biases started at 0.1 end with fewer second-layer units off than plain ReLU."""
    bias, relu = _off(r, "relu-bias", 1)[-1], _off(r, "relu", 1)[-1]
    return verdict(bias < relu, bias_l2_end=bias, relu_l2_end=relu)
