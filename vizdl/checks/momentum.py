"""Checks on :mod:`vizdl.sim.optimizers.momentum` results (momentum in a ravine).

The ravine's sentences describe what the two runs did, in words chosen by what was measured, so
they stay true wherever a lecturer moves the knobs: plain descent jumps across the valley on
every step only when its steps overshoot the valley floor (η·λ_max > 1), and momentum leaves
less of the zig-zag than plain descent only where its damping √γ per step beats plain descent's
|1 − η·λ_max| (at γ = 0.8 and η·λ_max = 1.98, the lecture's picture, it does; at η·λ_max = 1.8
plain descent settles faster and the caption says so). Each check also asks the runs to agree
with what the recursions predict (the sign flips from η·λ_max), so a wrong simulation fails.
The lecture's "accelerates … and dampens oscillations" is quoted and compared, not asserted.
"""

from __future__ import annotations

import numpy as np

from vizdl.checks import Verdict, all_of, sign_flips, verdict

__all__ = [
    "condition_number",
    "plain_across_the_valley",
    "momentum_across_the_valley",
    "momentum_along_the_floor",
    "momentum_accelerates_and_damps",
]

# Closer to the valley floor than this share of the start's distance counts as on it.
FLOOR = 1e-9
# "Under a tenth": the share of plain descent's distance left that counts as a clear win.
CLEAR_WIN = 0.1


def condition_number(r: object) -> Verdict:
    """The ravine's Hessian has the condition number the result names (λ_max / λ_min)."""
    lam = np.asarray(r.curvatures, dtype=float)
    measured = float(lam.max() / lam.min())
    return verdict(abs(measured / float(r.condition) - 1) < 1e-9, condition=measured)


def _errors(r: object, path: object) -> tuple[np.ndarray, np.ndarray]:
    """(along, across): the path's signed distance to the minimum along the valley floor and
    across the valley, per step."""
    e = np.asarray(path.points[:, 0], dtype=float) - np.asarray(r.minimum, dtype=float)
    along, across = np.asarray(r.directions, dtype=float)
    return e @ along, e @ across


def _left(x: np.ndarray, tail: int = 10) -> float:
    """Largest |x| over the last ``tail`` steps over |x| at the start: what is left of it (the
    tail's maximum, so an oscillation caught near a zero crossing is not called gone)."""
    return float(np.abs(x[-tail:]).max() / abs(x[0]))


def _recursion(lam: float, lr: float, mu: float, e0: float, steps: int) -> np.ndarray:
    """The distance to the minimum along one eigen-direction of curvature ``lam``, per step, by
    the closed-form recursion of gradient descent with momentum ``mu`` from rest:
    e₁ = (1 − ηλ)·e₀, e_{t+1} = (1 + μ − ηλ)·e_t − μ·e_{t−1} (plain descent: μ = 0, so
    e_t = (1 − ηλ)ᵗ·e₀)."""
    e = np.empty(steps + 1)
    e[0] = e0
    if steps:
        e[1] = (1 - lr * lam) * e0
    for t in range(1, steps):
        e[t + 1] = (1 + mu - lr * lam) * e[t] - mu * e[t - 1]
    return e


def _as_predicted(r: object, path: object, mu: float) -> bool:
    """Whether ``path`` follows the closed-form recursion in both eigen-directions (to 1e-9 of
    the start's distance): the simulation is the rule the caption names."""
    lr = float(path.hparams["lr"])
    along, across = _errors(r, path)
    lam_along, lam_across = (float(v) for v in np.asarray(r.curvatures, dtype=float))
    steps = len(along) - 1
    scale = float(np.hypot(along[0], across[0]))
    return all(
        np.allclose(x, _recursion(lam, lr, mu, float(x[0]), steps), rtol=0, atol=1e-9 * scale)
        for x, lam in ((along, lam_along), (across, lam_across))
    )


def share(x: float) -> str:
    """A share left, as a caption says it: a percentage down to 1 %, below that in powers of
    ten (0.98⁸⁰ = 20 %, 0.8⁸⁰ = 1.8e-08)."""
    return f"{x:.0%}" if x >= 0.01 else f"{x:.1e}"


def _compare(mine: float, theirs: float) -> str:
    """How ``mine`` (momentum's share left) stands to ``theirs`` (plain descent's)."""
    if mine == theirs:
        return "the same as"
    if mine < CLEAR_WIN * theirs:
        return "under a tenth of"
    return "less than" if mine < theirs else "more than"


def plain_across_the_valley(r: object) -> Verdict:
    """How plain gradient descent crosses the valley: with η·λ_max above 1 every step overshoots
    the floor and lands on the other side (it jumps across on every step); below 1 it never
    crosses. The runs' sign flips must be what η·λ_max predicts; measures what is left of the
    cross-valley distance at the end."""
    _, across = _errors(r, r.plain)
    steps = len(across) - 1
    # the steps that start off the floor (further than FLOOR of the start's distance): closer,
    # rounding decides the side, and a crossing means nothing
    off = np.abs(across[:-1]) > FLOOR * abs(across[0])
    live = steps if off.all() else int(np.argmin(off))
    flips = sign_flips(across[: live + 1])
    steep = float(r.plain.hparams["lr"]) * float(np.max(r.curvatures))
    left = _left(across)
    ok = _as_predicted(r, r.plain, 0.0)
    if abs(steep - 1) < 1e-9:
        ok, text = ok and left < 1e-6, "lands on the valley floor in its first step"
    elif steep > 1:
        when = (
            f"on every one of its {steps} steps"
            if live == steps
            else f"on every step until it is on the floor (its first {live})"
        )
        ok, text = ok and flips == live, f"jumps across the valley {when}"
    else:
        ok, text = ok and flips == 0, f"slides into the valley without crossing it in {steps} steps"
    return verdict(
        ok and steep < 2,
        gd_steep=steep,
        gd_flat=float(r.plain.hparams["lr"]) * float(np.min(r.curvatures)),
        gd_cross_left=left,
        gd_cross_text=share(left),
        gd_across_text=text,
        steps=steps,
    )


def _against_plain(r: object, axis: int, name: str) -> Verdict:
    """What momentum leaves of its distance along eigen-direction ``axis`` (0: along the floor,
    1: across the valley) at the end, against plain gradient descent's, measured as
    ``mom_{name}_left`` / ``gd_{name}_left`` with their texts and ``{name}_compare``'s words.
    Holds when both runs start at one point and follow the closed-form recursions of their
    rules (so the words describe the rule, not a broken simulation)."""
    gd, mom = _errors(r, r.plain)[axis], _errors(r, r.momentum)[axis]
    mine, theirs = _left(mom), _left(gd)
    mu = float(r.momentum.hparams["momentum"])
    return verdict(
        gd[0] == mom[0] and _as_predicted(r, r.plain, 0.0) and _as_predicted(r, r.momentum, mu),
        **{
            f"mom_{name}_left": mine,
            f"mom_{name}_text": share(mine),
            f"gd_{name}_left": theirs,
            f"gd_{name}_text": share(theirs),
        },
    )


def momentum_across_the_valley(r: object) -> Verdict:
    """What momentum leaves of the cross-valley distance at the end, against plain gradient
    descent's, in words the numbers make true ("under a tenth of", "less than", "more than",
    "the same as"); held as :func:`_against_plain`."""
    v = _against_plain(r, 1, "cross")
    m = v.measured
    return verdict(
        v.holds,
        **m,
        across_compare=_compare(m["mom_cross_left"], m["gd_cross_left"]),
        gamma=float(r.momentum.hparams["momentum"]),
    )


def momentum_along_the_floor(r: object) -> Verdict:
    """What momentum leaves of the distance along the valley floor at the end, against plain
    gradient descent's, in words the numbers make true; held as :func:`_against_plain`."""
    v = _against_plain(r, 0, "along")
    m = v.measured
    return verdict(v.holds, **m, along_compare=_compare(m["mom_along_left"], m["gd_along_left"]))


def _clear_win(v: Verdict, key: str) -> Verdict:
    return verdict(v.holds and v.measured[key] == "under a tenth of", **v.measured)


def momentum_accelerates_and_damps(r: object) -> Verdict:
    """The lecture's "accelerate SGD in the relevant direction and dampens oscillations",
    measured: momentum is both further along the floor and less across the valley than plain
    gradient descent by the end (each under a tenth of plain descent's)."""
    return all_of(
        _clear_win(momentum_along_the_floor(r), "along_compare"),
        _clear_win(momentum_across_the_valley(r), "across_compare"),
    )
