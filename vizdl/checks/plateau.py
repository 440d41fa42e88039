"""Checks on :mod:`vizdl.sim.optimizers.plateau` results (a saddle in a plateau: who leaves)."""

from __future__ import annotations

import numpy as np

from vizdl.checks import Verdict, all_of, verdict

__all__ = [
    "left_at",
    "plateau_is_flat",
    "who_leaves_at_one_rate",
    "who_leaves_at_best_rates",
    "lecture_sgd_stuck_on_the_plateau",
    "lecture_table_saddle_column",
]

_WORDS = dict(enumerate("zero one two three four five six seven eight nine ten".split()))

# The lecture's table, column "Easily handle saddle points".
_TABLE_YES = ("Adagrad", "Adadelta", "RMSprop", "Adam")
_TABLE_NO = ("SGD", "Momentum", "NAG")


def left_at(r: object, race: object) -> dict[str, int | None]:
    """Per racer, the first step whose loss is below ``r.escape`` (the path has left the
    plateau), None if it never is; a diverged path never counts as leaving."""
    out: dict[str, int | None] = {}
    for label, p in zip(race.labels, race.paths, strict=True):
        hit = np.flatnonzero(np.asarray(p.losses[:, 0], dtype=float) < r.escape)
        out[label] = int(hit[0]) if hit.size and p.diverged[0] < 0 else None
    return out


# "Flat": within the radius the loss stays within this share of the drop to the minima (quoted in
# the claim as flat_share, never typed there).
FLAT_SHARE = 0.05


def plateau_is_flat(r: object) -> Verdict:
    """Within ``radius`` of the saddle the loss stays within :data:`FLAT_SHARE` of the drop to
    the minima of the saddle's own loss, and the gradient's norm is under 1 (it is 0 at the
    saddle and grows as the radius cubed): the plateau of the same error."""
    drop = abs(float(r.saddle_loss) - float(r.minimum_loss))
    return verdict(
        float(r.plateau_dj) <= FLAT_SHARE * drop and float(r.plateau_grad) < 1.0,
        flat_share=FLAT_SHARE,
        radius=float(r.radius),
        plateau_dj=float(r.plateau_dj),
        plateau_grad=float(r.plateau_grad),
        saddle_loss=float(r.saddle_loss),
        minimum_loss=float(r.minimum_loss),
        escape=float(r.escape),
        steps=int(r.steps),
    )


def _lists(r: object, race: object, tag: str) -> dict[str, object]:
    """The racers that leave (with the step), stay, and diverge, as the caption lists them; the
    diverged list is measured only when a racer diverged (its sentence is left out otherwise)."""
    left = left_at(r, race)

    def eta(k: str) -> str:
        return f"η = {float(race.lrs[race.labels.index(k)]):.3g}"

    gone = {k for k, p in zip(race.labels, race.paths, strict=True) if p.diverged[0] >= 0}
    went = [f"{k} (step {v}, {eta(k)})" for k, v in left.items() if v is not None]
    stayed = [f"{k} ({eta(k)})" for k, v in left.items() if v is None and k not in gone]
    out: dict[str, object] = {
        f"{tag}_left": ", ".join(went) or "none of them",
        f"{tag}_stayed": ", ".join(stayed) or "none",
        f"{tag}_n_left": len(went),
    }
    if gone:
        out[f"{tag}_diverged"] = ", ".join(f"{k} ({eta(k)})" for k in race.labels if k in gone)
    return out


def who_leaves_at_one_rate(r: object) -> Verdict:
    """Which racers leave the plateau (their loss falls below the half-way mark) within the
    steps at the one shared rate, which stay on it, and which diverge (at a large shared rate
    Momentum and NAG do); holds when the three lists hold every racer once."""
    m = _lists(r, r.shared, "shared")
    n = len(r.shared.paths)  # the paths raced, counted (the caption's "The eight racers")
    return verdict(
        _partition(r.shared, m, "shared"),
        lr=float(r.lr),
        n_racers_text=_WORDS.get(n, str(n)),
        **m,
    )


def _loss(points: np.ndarray) -> np.ndarray:
    """J = x⁴ + y⁶/3 − y⁴ at ``points`` (…, 2), written out here, not the simulation's surface."""
    x, y = points[..., 0], points[..., 1]
    with np.errstate(over="ignore", invalid="ignore"):
        return x**4 + y**6 / 3 - y**4


# The half-way mark, from the formula: the saddle's J(0, 0) = 0 and the minima's J(0, ±√2) = −4/3.
_ESCAPE = 0.5 * (0.0 + float(_loss(np.array([0.0, np.sqrt(2.0)]))))


def _partition(race: object, m: dict, tag: str) -> bool:
    """The caption's three lists, re-derived from the raw paths: each racer's loss recomputed
    from its points by the formula, "left" at the first step below the formula's half-way mark,
    "diverged" where its points stop being finite (and then it never counts as leaving), else
    "stayed". Holds when every racer is listed exactly once, in its list, with its step."""
    listed: dict[str, tuple[str, int | None]] = {}
    for key in ("left", "stayed", "diverged"):
        text = str(m.get(f"{tag}_{key}", ""))
        for part in text.split(", "):
            if "(" not in part:
                continue  # "none", or the tail of an η = … inside a part
            name = part.split(" (")[0]
            step = int(part.split("(step ")[1].split(",")[0]) if "(step " in part else None
            if name in listed:
                return False
            listed[name] = (key, step)
    for label, p in zip(race.labels, race.paths, strict=True):
        pts = np.asarray(p.points[:, 0], dtype=float)
        finite = np.all(np.isfinite(pts), axis=1)
        below = np.flatnonzero(finite & (_loss(np.nan_to_num(pts)) < _ESCAPE))
        if not finite.all():
            want: tuple[str, int | None] = ("diverged", None)
        elif below.size:
            want = ("left", int(below[0]))
        else:
            want = ("stayed", None)
        if listed.pop(label, None) != want:
            return False
    return not listed


def who_leaves_at_best_rates(r: object) -> Verdict:
    """The same at each racer's best grid rate (Adadelta at torch's lr = 1)."""
    m = _lists(r, r.best, "best")
    return verdict(_partition(r.best, m, "best"), **m)


def lecture_sgd_stuck_on_the_plateau(r: object) -> Verdict:
    """The lecture's "surrounded by a plateau of the same error, which makes it notoriously hard
    for SGD to escape, as the gradient is close to zero in all dimensions": the plateau is flat,
    and SGD does not leave it within the steps, not even at its best grid rate."""
    stuck = all(
        "SGD" in race.labels
        and left_at(r, race)["SGD"] is None
        and race.paths[race.labels.index("SGD")].diverged[0] < 0
        for race in (r.shared, r.best)
    )
    return all_of(plateau_is_flat(r), verdict(stuck))


def lecture_table_saddle_column(r: object) -> Verdict:
    """The lecture's table, "Easily handle saddle points": No for SGD, Momentum, Nesterov; Yes
    for Adagrad, Adadelta, RMSprop, Adam. Agrees when, each at its best rate, the Yes racers
    leave the plateau within the steps and the No racers do not."""
    left = left_at(r, r.best)
    yes = all(left.get(k) is not None for k in _TABLE_YES)
    no = all(k in left and left[k] is None for k in _TABLE_NO)
    return verdict(yes and no)
