"""Checks on :mod:`vizdl.sim.optimizers.units` results (Adadelta's units, measured)."""

from __future__ import annotations

import numpy as np

from vizdl.checks import Verdict, and_list, verdict

__all__ = [
    "sgd_step_has_inverse_units",
    "normalised_steps_are_unitless",
    "consistent_units_take_one_path",
    "adadelta_accumulator_starts_at_eps",
    "first_step_is_sqrt_eps",
    "adadelta_has_consistent_units",
]

# A ratio "equals" its closed form to this relative error (ε's share of the first step's
# denominator, ε/((1 − ρ)g²), is ~1e-6 here: well under it).
RATIO_TOL = 1e-3
# Two paths "coincide" when they differ by less than this share of the path's extent.
SAME_PATH = 1e-9


def _i(u: object, label: str) -> int:
    return list(u.labels).index(label)


def sgd_step_has_inverse_units(u: object) -> Verdict:
    """SGD's first step, mapped back to θ, is c² times the direct one (η·g has the units of
    1/θ). Measures the ratio, c², and whether the rescaled run left the plot."""
    i = _i(u, "SGD")
    c2 = float(u.scale) ** 2
    ratio = float(u.first_ratio[i])
    left = not bool(np.all(np.isfinite(u.mapped[i])))
    return verdict(
        abs(ratio / c2 - 1) < 1e-9,
        sgd_ratio=ratio,
        c2=c2,
        sgd_left_text=", and the rescaled run leaves the plot" if left else "",
    )


def normalised_steps_are_unitless(u: object) -> Verdict:
    """RMSprop's, Adam's and torch's Adadelta's first steps, mapped back, are c times the direct
    ones (the same numbers in φ as in θ: steps without units), and their paths part. Measures
    each ratio and the smallest path difference."""
    names = ["RMSprop", "Adam", "Adadelta"]
    idx = [_i(u, n) for n in names]
    ratios = [float(u.first_ratio[i]) for i in idx]
    errors = [float(u.path_error[i]) for i in idx]
    c = float(u.scale)
    return verdict(
        all(abs(r / c - 1) < RATIO_TOL for r in ratios)
        and all(np.isfinite(e) and e > 0.1 for e in errors),
        c=c,
        rmsprop_ratio=ratios[0],
        adam_ratio=ratios[1],
        adadelta_ratio=ratios[2],
        normalised_parting=min(errors),
    )


def consistent_units_take_one_path(u: object) -> Verdict:
    """The damped Newton step and Adadelta with ε carrying units take the same path in φ as in
    θ (first step ratio 1, paths within :data:`SAME_PATH` of the path's extent). Measures the
    larger of the two path differences and Newton's η."""
    idx = [i for i, lab in enumerate(u.labels) if lab.startswith("Newton") or "units" in lab]
    err = max(float(u.path_error[i]) for i in idx)
    ratio_ok = all(abs(float(u.first_ratio[i]) - 1) < 1e-9 for i in idx)
    return verdict(
        len(idx) == 2 and ratio_ok and err < SAME_PATH,
        consistent_gap=err,
        newton_lr=float(u.lrs[_i(u, u.labels[-1])]),
    )


def adadelta_accumulator_starts_at_eps(u: object) -> Verdict:
    """After the first step torch's Adadelta holds the same E[Δθ²] in both runs (to 1e-3),
    although its E[g²] differs c²-fold: the numerator does not know the parameters' scale.
    Measures both first values (coordinate 1) and the E[g²] ratio."""
    acc_d, acc_m = float(u.acc_direct[0, 0]), float(u.acc_mapped[0, 0])
    sq_ratio = float(u.sq_mapped[0, 0] / u.sq_direct[0, 0])
    c2 = float(u.scale) ** 2
    return verdict(
        abs(acc_m / acc_d - 1) < RATIO_TOL and abs(sq_ratio / c2 - 1) < 1e-9,
        acc_first=acc_d,
        acc_first_mapped=acc_m,
        sq_ratio=sq_ratio,
    )


def first_step_is_sqrt_eps(u: object) -> Verdict:
    """Adadelta's first step is √(ε/(1 − ρ)) per coordinate (its length √(2ε/(1 − ρ)) on this
    2-D bowl) at every ε tried, to 1e-3: ε, not the problem, sets it. Measures the first steps,
    the ε values and torch's."""
    eps = np.asarray(u.eps_values, dtype=float)
    expected = np.sqrt(2 * eps / (1 - float(u.rho)))
    first = np.asarray(u.eps_first, dtype=float)
    torch_first = float(first[np.argmin(np.abs(eps - float(u.eps)))])
    return verdict(
        bool(np.all(np.abs(first / expected - 1) < RATIO_TOL)) and float(u.eps) in eps,
        eps_list=and_list([f"{e:.0e}" for e in eps]),
        first_list=and_list([f"{f:.2g}" for f in first]),
        torch_eps=float(u.eps),
        torch_first=torch_first,
        ratio_tol=RATIO_TOL,
    )


def adadelta_has_consistent_units(u: object) -> Verdict:
    """The lecture's "Adadelta: consistent units: Yes", for torch's rule: its first step,
    mapped back, is 1× the direct one (within :data:`RATIO_TOL`). Measures the ratio."""
    ratio = float(u.first_ratio[_i(u, "Adadelta")])
    return verdict(abs(ratio - 1) < RATIO_TOL, adadelta_ratio=ratio)
