"""Checks on :mod:`vizdl.sim.optimizers.races` results (the optimizer races)."""

from __future__ import annotations

import numpy as np

from vizdl.checks import Verdict, verdict

__all__ = [
    "adadelta_untuned_finishes_last",
    "sgd_is_ideal_on_the_bowl",
    "momentum_methods_win_the_ravine",
    "per_coordinate_rates_do_not_undo_a_rotation",
    "sgd_escapes_geometrically",
    "adaptive_methods_leave_at_once",
    "adadelta_leaves_slowly",
    "momentum_compounds_the_escape",
    "rmsprop_adadelta_adagrad_escape_sooner",
    "one_learning_rate",
    "adadelta_passes_sgd",
]

nan = float("nan")


def _path(r: object, label: str) -> object | None:
    return r.paths[r.labels.index(label)] if label in r.labels else None


def _final_loss(r: object, label: str) -> float:
    p = _path(r, label)
    if p is None:
        return nan
    loss = np.asarray(p.losses[:, 0], dtype=float)
    return float(loss[-1]) if np.isfinite(loss[-1]) else np.inf


def _first_step(p: object) -> float:
    pts = np.asarray(p.points[:, 0], dtype=float)
    return float(np.linalg.norm(pts[1] - pts[0]))


def adadelta_untuned_finishes_last(r: object) -> Verdict:
    """Adadelta runs at torch's lr = 1, its first step is under 1% of the median first step of
    the others, and it ends with the highest loss of all racers."""
    p = _path(r, "Adadelta")
    if p is None:
        return verdict(False, adadelta_first=nan, others_first=nan, adadelta_loss=nan)
    others = [q for lab, q in zip(r.labels, r.paths, strict=True) if lab != "Adadelta"]
    first, median = _first_step(p), float(np.median([_first_step(q) for q in others]))
    loss = _final_loss(r, "Adadelta")
    worst_other = max(_final_loss(r, lab) for lab in r.labels if lab != "Adadelta")
    lr = float(r.lrs[r.labels.index("Adadelta")])
    return verdict(
        lr == 1.0 and first < 0.01 * median and loss > worst_other,
        adadelta_first=first,
        others_first=median,
        adadelta_loss=loss,
        next_worst_loss=worst_other,
    )


def _steps_to(r: object, label: str, level: float) -> float:
    """The first step at which ``label``'s loss is below ``level`` (inf: never)."""
    p = _path(r, label)
    if p is None:
        return np.inf
    below = np.asarray(p.losses[:, 0], dtype=float) < level
    return float(np.argmax(below)) if below.any() else np.inf


def sgd_is_ideal_on_the_bowl(r: object, level: float = 1e-12) -> Verdict:
    """On the round bowl plain SGD (at its best rate) gets the loss under 10⁻¹² in fewer steps
    than any other racer."""
    sgd = _steps_to(r, "SGD", level)
    others = {lab: _steps_to(r, lab, level) for lab in r.labels if lab != "SGD"}
    best = min(others, key=others.get) if others else ""
    runner_up = others.get(best, np.inf)
    return verdict(
        sgd < runner_up,
        sgd_steps=sgd,
        runner_up=best,
        runner_up_steps=runner_up,
    )


def momentum_methods_win_the_ravine(r: object) -> Verdict:
    """Momentum and NAG end at least 1000× below plain SGD's loss."""
    sgd, mom, nag = (_final_loss(r, lab) for lab in ("SGD", "Momentum", "NAG"))
    return verdict(max(mom, nag) * 1000 <= sgd, sgd_loss=sgd, momentum_loss=mom, nag_loss=nag)


def per_coordinate_rates_do_not_undo_a_rotation(r: object) -> Verdict:
    """Adagrad and RMSprop, which rescale each coordinate but carry no momentum, end at least
    100× above every method with momentum (Momentum, NAG, Adam)."""
    ada, rms, mom, nag, adam = (
        _final_loss(r, lab) for lab in ("Adagrad", "RMSprop", "Momentum", "NAG", "Adam")
    )
    return verdict(
        min(ada, rms) >= 100 * max(mom, nag, adam),
        adagrad_loss=ada,
        rmsprop_loss=rms,
        adam_loss=adam,
    )


def _theta2(r: object, label: str) -> np.ndarray:
    p = _path(r, label)
    if p is None:
        return np.full(2, nan)
    return np.abs(np.asarray(p.points[:, 0, 1], dtype=float))


def one_learning_rate(r: object) -> Verdict:
    """Every racer but Adadelta runs at one learning rate (not tuned), Adadelta at torch's 1."""
    lrs = {lab: float(lr) for lab, lr in zip(r.labels, r.lrs, strict=True)}
    shared = {v for k, v in lrs.items() if k != "Adadelta"}
    return verdict(
        not r.tuned and len(shared) == 1 and lrs.get("Adadelta", 1.0) == 1.0,
        shared_lr=shared.pop() if len(shared) == 1 else nan,
    )


def adadelta_passes_sgd(r: object, steps: int = 30) -> Verdict:
    """After 30 steps Adadelta is at least 1000× further from the stable axis than SGD."""
    ada, sgd = _theta2(r, "Adadelta"), _theta2(r, "SGD")
    k = min(steps, len(ada) - 1, len(sgd) - 1)
    return verdict(
        ada[k] >= 1000 * sgd[k], adadelta_theta2_30=float(ada[k]), sgd_theta2_30=float(sgd[k])
    )


def sgd_escapes_geometrically(r: object) -> Verdict:
    """SGD's distance from the stable axis, |θ₂|, grows by exactly 1 + 2η per step while it is
    still small (on x² − y², θ₂ ← θ₂ + 2ηθ₂)."""
    y = _theta2(r, "SGD")
    small = y[:-1] < 0.1
    growth = y[1:][small] / y[:-1][small]
    lr = float(r.lrs[r.labels.index("SGD")]) if "SGD" in r.labels else nan
    measured = float(np.median(growth)) if growth.size else nan
    holds = growth.size > 5 and np.allclose(growth, 1 + 2 * lr, rtol=1e-9)
    return verdict(holds, sgd_growth=measured, sgd_lr=lr, start_offset=float(y[0]))


def adaptive_methods_leave_at_once(r: object) -> Verdict:
    """Adagrad, RMSprop and Adam move |θ₂| at least 1000× away from its start in one step:
    they divide the tiny gradient by its own size."""
    firsts = {
        lab: _theta2(r, lab)[1] / _theta2(r, lab)[0] for lab in ("Adagrad", "RMSprop", "Adam")
    }
    low = min(firsts.values())
    return verdict(
        low >= 1000, adaptive_first_growth=float(low), adam_theta2_1=float(_theta2(r, "Adam")[1])
    )


def adadelta_leaves_slowly(r: object) -> Verdict:
    """Adadelta, at torch's lr = 1, grows |θ₂| less than 10× in its first step (its step is
    about the raw gradient while its accumulators are near ε)."""
    y = _theta2(r, "Adadelta")
    growth = float(y[1] / y[0])
    return verdict(growth < 10, adadelta_first_growth=growth)


def momentum_compounds_the_escape(r: object, steps: int = 30) -> Verdict:
    """After 30 steps momentum is further from the stable axis than plain SGD."""
    mom, sgd = _theta2(r, "Momentum"), _theta2(r, "SGD")
    k = min(steps, len(mom) - 1, len(sgd) - 1)
    return verdict(mom[k] > sgd[k], momentum_theta2_30=float(mom[k]), sgd_theta2_30=float(sgd[k]))


def rmsprop_adadelta_adagrad_escape_sooner(r: object, steps: int = 30) -> Verdict:
    """The lecture's statement, measured: after 30 steps RMSprop, Adadelta and Adagrad are each
    further from the stable axis than plain SGD."""
    sgd = _theta2(r, "SGD")
    k = min(steps, len(sgd) - 1)
    far = {lab: float(_theta2(r, lab)[k]) for lab in ("RMSprop", "Adadelta", "Adagrad")}
    return verdict(
        all(v > sgd[k] for v in far.values()),
        rmsprop_theta2_30=far["RMSprop"],
        adadelta_theta2_30=far["Adadelta"],
        adagrad_theta2_30=far["Adagrad"],
        sgd_theta2_30=float(sgd[k]),
    )
