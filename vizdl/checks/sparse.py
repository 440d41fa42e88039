"""Checks on :mod:`vizdl.sim.optimizers.sparse` results (Adagrad on sparse features)."""

from __future__ import annotations

import numpy as np

from vizdl.checks import Verdict, verdict

__all__ = [
    "features_as_stated",
    "adagrad_rates_favour_rare_features",
    "rare_weights_learned_faster",
    "common_weights_alike",
    "adagrad_larger_updates_for_infrequent",
]

# A group's weights are "learned" once their RMS error is below this share of the start's.
LEARNED = 0.1
# Adagrad's rates "favour" the rare features by at least this factor; "alike": within this one.
FAVOUR = 2.0
ALIKE = 2.0


def _k(r: object, label: str) -> int:
    return list(r.labels).index(label)


def _steps_to_learn(e: np.ndarray) -> int:
    """The first step after which the error is below LEARNED of its start (-1: never)."""
    below = np.nonzero(np.nan_to_num(e, nan=np.inf) < LEARNED * e[0])[0]
    return int(below[0]) if len(below) else -1


def features_as_stated(r: object) -> Verdict:
    """The examples drawn turn the rare features on about p_rare of the time and the common ones
    about p_common (each group's measured share within 25% of its p). Measures both shares and
    the group sizes."""
    rare = np.asarray(r.rare, dtype=bool)
    on = np.asarray(r.on_share, dtype=float)
    common_share, rare_share = float(on[~rare].mean()), float(on[rare].mean())
    return verdict(
        abs(rare_share / r.p_rare - 1) < 0.25 and abs(common_share / r.p_common - 1) < 0.25,
        rare_share=rare_share,
        common_share=common_share,
        n_rare=int(rare.sum()),
        n_common=int((~rare).sum()),
        n_examples=int(r.steps) * int(r.batch_size),
    )


def adagrad_rates_favour_rare_features(r: object) -> Verdict:
    """After the last step Adagrad's effective learning rate of the rare features is at least
    twice the common ones' (mean over each group), and SGD's is one rate for all. Measures the
    ratio and both of Adagrad's group rates."""
    rare = np.asarray(r.rare, dtype=bool)
    a, s = r.eff_lr[_k(r, "Adagrad"), -1], r.eff_lr[_k(r, "SGD"), -1]
    ratio = float(a[rare].mean() / a[~rare].mean())
    return verdict(
        ratio >= FAVOUR and bool(np.all(s == s[0])),
        eff_ratio=ratio,
        adagrad_rare_lr=float(a[rare].mean()),
        adagrad_common_lr=float(a[~rare].mean()),
        sgd_lr=float(s[0]),
        favour_bound=FAVOUR,
    )


def rare_weights_learned_faster(r: object) -> Verdict:
    """Adagrad gets the rare features' weights within LEARNED of their start error in fewer
    steps than SGD (which may never). Measures both step counts and the speed-up."""
    a = _steps_to_learn(r.error[_k(r, "Adagrad"), :, 1])
    s = _steps_to_learn(r.error[_k(r, "SGD"), :, 1])
    measured = {
        "adagrad_rare_steps": a,
        "sgd_rare_steps_text": f"{s}" if s > 0 else f"not within {r.steps}",
        "learned": LEARNED,
    }
    if s > 0 and a > 0:  # how many times as many steps SGD took (none: it never got there)
        measured["rare_speedup"] = s / a
    return verdict(a > 0 and (s < 0 or a < s), **measured)


def common_weights_alike(r: object) -> Verdict:
    """On the common features both get within LEARNED of the start error, within a factor 2 of
    each other's step count. Measures both."""
    a = _steps_to_learn(r.error[_k(r, "Adagrad"), :, 0])
    s = _steps_to_learn(r.error[_k(r, "SGD"), :, 0])
    return verdict(
        a > 0 and s > 0 and max(a, s) <= ALIKE * min(a, s),
        adagrad_common_steps=a,
        sgd_common_steps=s,
        alike_bound=ALIKE,
    )


def adagrad_larger_updates_for_infrequent(r: object) -> Verdict:
    """The lecture's "larger updates for infrequent updated parameters, and smaller updates for
    frequent updated parameters", measured: both of the two checks above."""
    from vizdl.checks import all_of

    return all_of(adagrad_rates_favour_rare_features(r), rare_weights_learned_faster(r))
