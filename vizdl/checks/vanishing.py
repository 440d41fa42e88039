"""Checks on :mod:`vizdl.sim.vanishing` results (the dying-ReLU run, derivative products)."""

from __future__ import annotations

import numpy as np

from vizdl.checks import Verdict, all_of, verdict

__all__ = [
    "dying_relu_leaky_helps_inconsistently",
    "sigmoid_products_under_the_bound",
    "relu_products_halve_but_never_vanish",
    "relu_kaiming_keeps_the_signal",
    "sigmoid_xavier_loses_the_signal",
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
    return verdict(
        drops == 0 and bool(np.all(np.isfinite(off))), relu_l1_drops=drops, relu_l1_end=off[-1]
    )


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


def dying_relu_leaky_helps_inconsistently(r: object) -> Verdict:
    """The lecture's "Leaky ReLU solves this, but inconsistent results", measured: Leaky ReLU
    ends with at most half of ReLU's share of second-layer units off, but not fewer first-layer
    units off than ReLU."""
    return all_of(dying_relu_leaky_second_layer(r), dying_relu_leaky_first_layer(r))


def dying_relu_bias_second_layer(r: object) -> Verdict:
    """Biases started at 0.1 end with fewer second-layer units off than plain ReLU."""
    bias, relu = _off(r, "relu-bias", 1)[-1], _off(r, "relu", 1)[-1]
    return verdict(bias < relu, bias_l2_end=bias, relu_l2_end=relu)


# -- derivative products and the signal with the weights -----------------------------------------


def _row(d: object, name: str, field: str) -> np.ndarray:
    if name not in d.activations:
        return np.full(d.depth, np.nan)
    return np.asarray(getattr(d, field)[d.activations.index(name)], dtype=float)


def _setting(d: object) -> dict:
    return {"width": int(d.width), "depth": int(d.depth), "n_samples": int(d.n_samples)}


def sigmoid_products_under_the_bound(d: object) -> Verdict:
    """Sigmoid's mean derivative product is at most 4^−L at every depth L (σ' ≤ 1/4)."""
    m = _row(d, "sigmoid", "mean")
    holds = bool(np.all(m[1:] <= d.bound[1:] * (1 + 1e-12)))
    return verdict(holds, sig_prod_end=float(m[-1]), **_setting(d))


def relu_products_halve_but_never_vanish(d: object) -> Verdict:
    """ReLU's mean derivative product over every path is positive at every depth and within a
    factor 10 of (1/2)^L."""
    m = _row(d, "relu", "mean")
    ratio = m[1:] / 0.5 ** np.arange(1, len(m))
    holds = bool(np.all(m > 0) and np.all((ratio > 0.1) & (ratio < 10)))
    return verdict(holds, relu_prod_end=float(m[-1]), relu_vs_half_end=float(ratio[-1]))


def relu_kaiming_keeps_the_signal(d: object) -> Verdict:
    """With its weights from Kaiming's initializer, ReLU's back-propagated signal E[δ²] stays
    between 1/4 and 4 of its size at the last layer, at every layer."""
    sig = _row(d, "relu", "signal")
    init = d.inits[d.activations.index("relu")] if "relu" in d.activations else ""
    holds = init.startswith("kaiming") and bool(np.all((sig >= 0.25) & (sig <= 4)))
    return verdict(
        holds,
        relu_sig_min=float(np.min(sig)),
        relu_sig_max=float(np.max(sig)),
        relu_sig_end=float(sig[-1]),
    )


def sigmoid_xavier_loses_the_signal(d: object) -> Verdict:
    """With Xavier's weights sigmoid's signal ends under 10⁻¹⁰ of its size at the last layer,
    while tanh's (also Xavier) ends above it."""
    sig, tanh = _row(d, "sigmoid", "signal"), _row(d, "tanh", "signal")
    return verdict(
        sig[-1] < 1e-10 < tanh[-1],
        sig_sig_end=float(sig[-1]),
        tanh_sig_end=float(tanh[-1]),
        passes=len(sig) - 1,
    )
