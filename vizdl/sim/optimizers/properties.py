"""The lecture's comparison table (adaptive learning rate, consistent units, handles saddles),
measured on the real update rules."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from vizdl.sim._checks import check_positive
from vizdl.sim._tables import columns
from vizdl.sim.optimizers.races import RACERS
from vizdl.sim.optimizers.rules import trajectory
from vizdl.sim.surfaces import get_surface

__all__ = [
    "LECTURE_TABLE",
    "RULES",
    "SADDLE_SPEEDUP",
    "SADDLE_GROWTH",
    "PropertyTable",
    "optimizer_properties",
]

# The lecture's table: adaptive learning rate / consistent units / easily handles saddle points.
LECTURE_TABLE: dict[str, tuple[bool, bool, bool]] = {
    "SGD": (False, False, False),
    "Momentum": (False, False, False),
    "NAG": (False, False, False),
    "Adagrad": (True, False, True),
    "Adadelta": (True, True, True),
    "RMSprop": (True, False, True),
    "Adam": (True, False, True),
}


@dataclass(frozen=True)
class PropertyTable:
    """Each racer's properties, measured, beside the lecture's claims.

    Per optimizer (``labels[i]``):

    - ``adapt_ratio``: on the elongated bowl ``½(θ₁² + 10θ₂²)`` from (2, 1), the first step's
      ``Δθᵢ/gᵢ`` of coordinate 1 over coordinate 2. 1 means one learning rate for all parameters.
    - ``units_ratio``: rescale the parameters, ``θ = c·φ`` (``c = scale``), optimise in φ and map
      back: the first step in θ-units over the first step taken directly in θ. 1 means the update
      has the units of θ ("consistent units"); SGD gives c², normalised methods give c.
    - ``units_error``: the same, as the largest path difference over ``steps`` steps relative to the
      path's size (NaN if the rescaled run diverged).
    - ``loss_ratio`` / ``loss_error``: the same for rescaling the loss by ``loss_scale``.
    - ``saddle_steps[i, j]``: steps to reach ``|θ₂| > 1`` on ``x² − y²`` from ``(−1, offsets[j])``
      (−1: never within :data:`SADDLE_MAX_STEPS`); ``saddle_speedup[i]``: the smallest, over the
      offsets, of plain SGD's steps over this optimizer's (SGD at ``saddle_lr``, as every rule but
      Adadelta); ``saddle_growth``: extra steps per 10× closer start, relative to the steps from the
      farthest offset. Small growth: the method normalises the tiny gradient away from the saddle.

    ``measured[i]`` applies the stated rules (``RULES``) to give yes/no per column;
    ``lecture[i]`` is the lecture's claim where ``in_lecture[i]`` (the lecture's table has no row
    for Adamax: its ``lecture`` row is all False and not compared). ``grad_ratio`` is the
    gradient's coordinate-2 : coordinate-1 ratio at the bowl's start (what an adaptive rule's
    ``adapt_ratio`` equals when it takes equal first steps in both coordinates).
    """

    labels: tuple[str, ...]
    lrs: np.ndarray
    adapt_ratio: np.ndarray
    units_ratio: np.ndarray
    units_error: np.ndarray
    loss_ratio: np.ndarray
    loss_error: np.ndarray
    saddle_steps: np.ndarray
    saddle_speedup: np.ndarray
    saddle_growth: np.ndarray
    offsets: np.ndarray
    measured: np.ndarray
    lecture: np.ndarray
    in_lecture: np.ndarray
    grad_ratio: float
    scale: float
    loss_scale: float
    saddle_lr: float

    def table(self) -> dict[str, list]:
        cols = {
            "optimizer": self.labels,
            "lr": self.lrs,
            "adapt_ratio": self.adapt_ratio,
            "units_ratio": self.units_ratio,
            "units_path_error": self.units_error,
            "loss_ratio": self.loss_ratio,
            "loss_path_error": self.loss_error,
        }
        for off, steps in zip(self.offsets, self.saddle_steps.T, strict=True):
            cols[f"saddle_steps_from_{off:g}"] = steps
        cols["saddle_speedup_over_sgd"] = self.saddle_speedup
        cols["saddle_growth_per_decade"] = self.saddle_growth
        cols["in_lecture_table"] = self.in_lecture
        for k, name in enumerate(("adaptive", "consistent_units", "handles_saddles")):
            cols[f"{name}_measured"] = self.measured[:, k]
            cols[f"{name}_lecture"] = self.lecture[:, k]  # read with in_lecture_table
        return columns(cols)


# The margins of the "handles saddles" rule: escape at least SADDLE_SPEEDUP times faster than
# plain SGD from every start offset, and pay under SADDLE_GROWTH more steps per 10× closer start.
SADDLE_SPEEDUP = 2.0
SADDLE_GROWTH = 0.10
SADDLE_MAX_STEPS = 20000

RULES = (
    "adaptive: per-parameter step/gradient ratios differ by more than 1%",
    "consistent units: rescaling θ changes the first step (in θ's units) by less than 1%",
    f"handles saddles: from every start it reaches |θ₂| > 1 at least {SADDLE_SPEEDUP:g}× faster than "
    f"plain SGD at the same η (Adadelta at its lr = 1), and each 10× closer start costs it less than "
    f"{SADDLE_GROWTH:.0%} more steps",
)


def _path_error(a: np.ndarray, b: np.ndarray) -> float:
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        return float("nan")
    return float(np.abs(a - b).max() / np.abs(a).max())


def optimizer_properties(
    lr: float = 0.01,
    scale: float = 10.0,
    loss_scale: float = 100.0,
    steps: int = 50,
    saddle_lr: float = 0.01,
    offsets: tuple[float, ...] = (1e-3, 1e-6, 1e-9),
) -> PropertyTable:
    """Measure the lecture's table for every racer (Adadelta at its default lr = 1).

    Returns a :class:`PropertyTable`.
    """
    check_positive("scale", scale)
    check_positive("loss_scale", loss_scale)
    check_positive("lr", lr)
    check_positive("saddle_lr", saddle_lr)
    if len(offsets) < 2 or any(o <= 0 for o in offsets):
        raise ValueError(f"offsets must be at least two positive numbers, got {offsets!r}")
    bowl = get_surface("elongated")
    sad = get_surface("saddle")
    x0 = np.array([[2.0, 1.0]])
    g0 = bowl.grad(x0)[0]
    labels = tuple(RACERS)
    n = len(labels)
    out = {k: np.zeros(n) for k in ("lr", "adapt", "units", "uerr", "loss", "lerr", "growth")}
    saddle_steps = np.zeros((n, len(offsets)), dtype=np.int64)
    if labels[0] != "SGD":
        raise RuntimeError("the saddle rule compares with plain SGD, the first racer")
    for i, label in enumerate(labels):
        opt, fixed = RACERS[label]
        use = 1.0 if opt == "adadelta" else lr
        out["lr"][i] = use
        direct = trajectory(opt, bowl.grad, x0, steps, lr=use, **fixed).points[:, 0]
        step = direct[1] - direct[0]
        ratios = step / -g0
        out["adapt"][i] = ratios[0] / ratios[1]
        phi = (
            trajectory(
                opt, lambda p: scale * bowl.grad(scale * p), x0 / scale, steps, lr=use, **fixed
            ).points[:, 0]
            * scale
        )
        out["units"][i] = np.linalg.norm(phi[1] - phi[0]) / np.linalg.norm(step)
        out["uerr"][i] = _path_error(direct, phi)
        louder = trajectory(opt, lambda p: loss_scale * bowl.grad(p), x0, steps, lr=use, **fixed)
        lp = louder.points[:, 0]
        out["loss"][i] = np.linalg.norm(lp[1] - lp[0]) / np.linalg.norm(step)
        out["lerr"][i] = _path_error(direct, lp)
        s_use = 1.0 if opt == "adadelta" else saddle_lr
        for j, off in enumerate(offsets):
            tr = trajectory(
                opt, sad.grad, np.array([[-1.0, off]]), SADDLE_MAX_STEPS, lr=s_use, **fixed
            )
            y = np.abs(np.nan_to_num(tr.points[:, 0, 1], nan=np.inf))
            saddle_steps[i, j] = int(np.argmax(y > 1)) if (y > 1).any() else -1
        decades = np.log10(offsets[0] / offsets[-1])
        first, last = saddle_steps[i, 0], saddle_steps[i, -1]
        out["growth"][i] = (
            (last - first) / decades / max(first, 1) if min(first, last) > 0 else np.inf
        )
    # Never escaping counts as taking forever; SGD (row 0) is the yardstick.
    taken = np.where(saddle_steps > 0, saddle_steps, np.inf).astype(float)
    speedup = np.min(taken[0][None, :] / taken, axis=1)
    measured = np.column_stack(
        [
            np.abs(out["adapt"] - 1) > 0.01,
            np.abs(out["units"] - 1) < 0.01,
            (speedup >= SADDLE_SPEEDUP) & (out["growth"] < SADDLE_GROWTH),
        ]
    )
    in_lecture = np.array([lab in LECTURE_TABLE for lab in labels])
    lecture = np.array([LECTURE_TABLE.get(lab, (False, False, False)) for lab in labels])
    return PropertyTable(
        labels=labels,
        lrs=out["lr"],
        adapt_ratio=out["adapt"],
        units_ratio=out["units"],
        units_error=out["uerr"],
        loss_ratio=out["loss"],
        loss_error=out["lerr"],
        saddle_steps=saddle_steps,
        saddle_speedup=speedup,
        saddle_growth=out["growth"],
        offsets=np.array(offsets),
        measured=measured,
        lecture=lecture,
        in_lecture=in_lecture,
        grad_ratio=float(g0[1] / g0[0]),
        scale=float(scale),
        loss_scale=float(loss_scale),
        saddle_lr=float(saddle_lr),
    )
