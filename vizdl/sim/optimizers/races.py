"""The optimizer race: the lecture's optimizers from one start point on one surface, each at its
best learning rate from a grid."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from vizdl.sim._checks import check_choice, check_fraction, check_int, check_positive
from vizdl.sim._tables import long_table
from vizdl.sim.expr import resolve_surface
from vizdl.sim.optimizers._common import contour_field
from vizdl.sim.optimizers.rules import NAMED, Trajectory, trajectory
from vizdl.sim.surfaces import Surface

__all__ = [
    "RACERS",
    "EXTRA_RACERS",
    "ALL_RACERS",
    "HYPERPARAMETERS",
    "RACE_SETUPS",
    "LR_GRID",
    "LOSS_CLIP",
    "ANIMATION_LOSS_FLOOR",
    "Race",
    "optimizer_race",
]

# The contestants: label -> (update rule, fixed hyperparameters), the lecture's optimizers as
# rules.NAMED defines them. Learning rates are tuned per surface.
RACERS: dict[str, tuple[str, dict]] = {
    label: (NAMED[name].rule, dict(NAMED[name].implied))
    for label, name in (
        ("SGD", "sgd"),
        ("Momentum", "momentum"),
        ("NAG", "nesterov"),
        ("Adagrad", "adagrad"),
        ("Adadelta", "adadelta"),
        ("RMSprop", "rmsprop"),
        ("Adam", "adam"),
        ("Adamax", "adamax"),
    )
}

# Optimizers a lecturer may add to a race (not in the default eight): any update rule of
# rules.OPTIMIZERS that a named optimizer runs.
EXTRA_RACERS: dict[str, tuple[str, dict]] = {
    "NAdam": (NAMED["nadam"].rule, dict(NAMED["nadam"].implied)),
    "AMSGrad": (NAMED["amsgrad"].rule, dict(NAMED["amsgrad"].implied)),
}
ALL_RACERS: dict[str, tuple[str, dict]] = {**RACERS, **EXTRA_RACERS}

# The race's own hyperparameter knobs: name -> the update rules it applies to (torch.optim's
# name for it). momentum applies to the racers whose name implies momentum (Momentum, NAG).
HYPERPARAMETERS: dict[str, tuple[str, ...]] = {
    "momentum": ("sgd",),
    "betas": ("adam", "amsgrad", "adamax", "nadam"),
    "alpha": ("rmsprop",),
    "rho": ("adadelta",),
}

# The hyperparameters' defaults (the torch defaults the racers' names imply: γ = 0.9 for
# Momentum and NAG); the Greek letters the legends use for them.
HYPERPARAMETER_DEFAULTS: dict[str, object] = {
    "momentum": 0.9,
    "betas": (0.9, 0.999),
    "alpha": 0.99,
    "rho": 0.9,
}
SYMBOLS = {"momentum": "γ", "betas": "β", "alpha": "α", "rho": "ρ"}

# Per surface: start point and steps; "lr" fixes one learning rate for all racers (else tuned).
RACE_SETUPS: dict[str, dict] = {
    "bowl": {"start": (-2.5, 2.0), "steps": 150},
    "beale": {"start": (0.7, 1.4), "steps": 400},
    "ravine": {"start": (-2.6, -0.6), "steps": 200},
    # On the saddle the loss is unbounded below, so "best" is meaningless: one fixed rate for all.
    "saddle": {"start": (-1.8, 1e-6), "steps": 150, "lr": 0.05},
    "rosenbrock": {"start": (-1.5, 2.5), "steps": 500},
}
LR_GRID = np.geomspace(1e-4, 3.0, 24)
# The figure's loss axis ends this many times the start's loss below it; the animation's loss
# panel draws losses below ANIMATION_LOSS_FLOOR at it (the captions quote both, through checks).
LOSS_CLIP = 1e-14
ANIMATION_LOSS_FLOOR = 1e-16


@dataclass(frozen=True)
class Race:
    """Several optimizers from one start on one surface.

    ``labels[i]`` races with ``paths[i]`` at learning rate ``lrs[i]`` with hyperparameters
    ``hparams[i]`` (as torch.optim names them, lr included); ``lr_sources[i]`` says where that
    rate came from: ``"tuned"`` (the best of :data:`LR_GRID`: lowest mean loss over the last
    10% of steps, without diverging), ``"set"`` (given per racer), ``"shared"`` (one rate for
    all, given or the surface's setup) or ``"torch"`` (Adadelta's torch default, 1). ``tuned``
    says every racer but Adadelta was tuned. ``X, Y, Z`` and ``levels`` are the loss on a grid
    for contours; ``j_min`` is the lowest known loss (the surface's minima), which the loss
    panel measures from; ``formula`` is the surface's formula ("" for a built-in).
    """

    surface: str
    title: str
    labels: tuple[str, ...]
    optimizers: tuple[str, ...]
    lrs: np.ndarray
    paths: tuple[Trajectory, ...]
    start: np.ndarray
    domain: np.ndarray
    minima: np.ndarray
    saddles: np.ndarray
    X: np.ndarray
    Y: np.ndarray
    Z: np.ndarray
    levels: np.ndarray
    tuned: bool
    steps: int
    hparams: tuple[dict, ...] = ()
    lr_sources: tuple[str, ...] = ()
    j_min: float = 0.0
    formula: str = ""

    def how(self) -> str:
        """Where the learning rates came from, as titles say it ("each at its best grid
        learning rate", "all at one learning rate, η = 0.05", "learning rates as set")."""
        others = [s for s, lab in zip(self.lr_sources, self.labels, strict=True) if s != "torch"]
        # Adadelta at torch's lr = 1 is said, never folded into "each" or "all"
        torch_ = " (Adadelta at torch's lr = 1)" if "torch" in self.lr_sources and others else ""
        if not others:
            return "at torch's lr = 1"
        if all(s == "tuned" for s in others):
            return "each at its best grid learning rate" + torch_
        if all(s == "shared" for s in others):
            shared = float(self.lrs[self.lr_sources.index("shared")])
            return f"all at one learning rate, η = {shared:g}" + torch_
        tuned = [lab for s, lab in zip(self.lr_sources, self.labels, strict=True) if s == "tuned"]
        return "learning rates as set" + (f" ({', '.join(tuned)} tuned)" if tuned else "")

    def changed_hparams(self, i: int) -> dict[str, object]:
        """The hyperparameters of racer ``i`` (lr aside) that differ from their defaults."""
        out = {}
        for name, default in HYPERPARAMETER_DEFAULTS.items():
            if name in self.hparams[i] and tuple(np.atleast_1d(self.hparams[i][name])) != tuple(
                np.atleast_1d(default)
            ):
                out[name] = self.hparams[i][name]
        return out

    def legend_label(self, i: int) -> str:
        """Racer ``i`` as the legends show it: its name, η (with "tuned" or "torch's default"
        when the rates come from several places: :meth:`how` says it otherwise), and any
        hyperparameter set away from its default."""
        mixed = self.how().startswith("learning rates as set")
        source = {"tuned": ", tuned", "torch": ", torch's default"}.get(self.lr_sources[i], "")
        source = source if mixed or self.lr_sources[i] == "torch" else ""
        parts = [f"η = {float(self.lrs[i]):.3g}{source}"]
        for name, v in self.changed_hparams(i).items():
            shown = ", ".join(f"{x:g}" for x in v) if isinstance(v, tuple) else f"{v:g}"
            parts.append(
                f"{SYMBOLS[name]} = {'(' + shown + ')' if isinstance(v, tuple) else shown}"
            )
        return f"{self.labels[i]} ({'; '.join(parts)})"

    def progress(self) -> tuple[np.ndarray, str]:
        """What the progress panels draw per racer and step, and what it is: ``"loss"`` (J,
        the minimum being 0), ``"above minimum"`` (J − J_min: a formula's minimum may be
        negative), ``"escape"`` (|θ₂| on the saddle, which has no minimum) or ``"above lowest"``
        (J minus the lowest loss any racer reached, on a formula without minima)."""
        losses = np.stack([p.losses[:, 0] for p in self.paths])
        if len(self.minima):
            return (losses, "loss") if self.j_min == 0 else (losses - self.j_min, "above minimum")
        if self.surface in ("saddle", "monkey-saddle"):
            return np.stack([np.abs(p.points[:, 0, 1]) for p in self.paths]), "escape"
        finite = losses[np.isfinite(losses)]
        low = float(finite.min()) if finite.size else 0.0
        return losses - low, "above lowest"

    def table(self) -> dict[str, list]:
        pts = np.stack([p.points[:, 0] for p in self.paths])  # (racers, steps + 1, 2)
        loss = np.stack([p.losses[:, 0] for p in self.paths])
        return long_table(
            [{"optimizer": self.labels}, {"step": range(pts.shape[1])}],
            {"theta1": pts[..., 0], "theta2": pts[..., 1], "loss": loss},
        )


def _best_lr(opt: str, fixed: dict, surf: Surface, x0: np.ndarray, steps: int) -> float:
    tail = max(1, steps // 10)
    best, best_score = float(LR_GRID[0]), np.inf
    for lr in LR_GRID:
        tr = trajectory(opt, surf.grad, x0, steps, loss=surf.value, lr=float(lr), **fixed)
        inside = np.all(np.isfinite(tr.points[:, 0]), axis=1)
        if tr.diverged[0] >= 0 or not inside.all():
            continue
        lo, hi = surf.domain[:, 0], surf.domain[:, 1]
        margin = hi - lo
        if np.any((tr.points[:, 0] < lo - margin) | (tr.points[:, 0] > hi + margin)):
            continue  # wandered far off the plotted surface
        score = float(np.mean(tr.losses[-tail:, 0]))
        if score < best_score:
            best, best_score = float(lr), score
    return best


def optimizer_race(
    surface: str = "beale",
    racers: tuple[str, ...] = tuple(RACERS),
    start: tuple[float, float] | None = None,
    steps: int | None = None,
    lr: float | Mapping[str, float] | None = None,
    momentum: float = 0.9,
    betas: tuple[float, float] = (0.9, 0.999),
    alpha: float = 0.99,
    rho: float = 0.9,
    domain: tuple[float, float, float, float] | None = None,
    resolution: int = 240,
) -> Race:
    """Race optimizers on ``surface`` (a built-in name or a formula in x and y over ``domain``)
    from one start point.

    ``racers`` are labels of :data:`ALL_RACERS`. ``lr``: None tunes each racer's learning rate
    on :data:`LR_GRID` (a fair race) unless the surface's setup fixes one rate; a number runs
    all at it; a mapping sets the rates of the racers it names (the others as with None).
    Adadelta keeps torch's ``lr=1`` unless the mapping names it (the lecture's point: it needs no
    learning rate). ``momentum`` is γ of the racers with momentum (Momentum, NAG), ``betas`` of
    Adam, AMSGrad, Adamax and NAdam, ``alpha`` RMSprop's, ``rho`` Adadelta's. ``start`` and
    ``steps`` default to the surface's setup (a formula: a point at 20% and 80% of its domain,
    200 steps). Returns a :class:`Race`.
    """
    surf = resolve_surface(surface, domain)
    setup = RACE_SETUPS.get(surface, {})
    x0 = np.array(
        [start if start is not None else setup.get("start", _formula_start(surf.domain))],
        dtype=np.float64,
    )
    surf.check_inside(x0)
    steps = check_int("steps", steps if steps is not None else setup.get("steps", 200), 1)
    racers = tuple(racers)
    if not racers:
        raise ValueError(f"a race needs at least one racer; allowed: {', '.join(ALL_RACERS)}")
    for r in racers:
        check_choice("racer", r, ALL_RACERS)
    if len(set(racers)) != len(racers):
        raise ValueError(f"racers {racers} name one optimizer twice")
    per_racer: dict[str, float] = {}
    shared: float | None = setup.get("lr")
    if isinstance(lr, Mapping):
        for k, v in lr.items():
            if k not in racers:
                raise ValueError(
                    f"lr names {k!r}, which is not racing; the racers: {', '.join(racers)}"
                )
            per_racer[k] = check_positive(f"lr of {k}", v)
    elif lr is not None:
        shared = check_positive("lr", lr)
    own = {
        "momentum": check_fraction("momentum", momentum),
        "betas": tuple(check_fraction("betas", b) for b in betas),
        "alpha": check_fraction("alpha", alpha),
        "rho": check_fraction("rho", rho),
    }
    if len(own["betas"]) != 2:
        raise ValueError(f"betas must be two numbers (β₁, β₂), got {betas!r}")
    paths, lrs, opts, hps, sources = [], [], [], [], []
    for label in racers:
        opt, fixed = ALL_RACERS[label]
        h = dict(fixed)
        for name, rules in HYPERPARAMETERS.items():
            if opt in rules and (name != "momentum" or "momentum" in fixed):
                h[name] = own[name]
        if label in per_racer:
            use, source = per_racer[label], "set"
        elif opt == "adadelta":
            use, source = 1.0, "torch"
        elif shared is not None:
            use, source = float(shared), "shared"
        else:
            use, source = _best_lr(opt, h, surf, x0, steps), "tuned"
        paths.append(trajectory(opt, surf.grad, x0, steps, loss=surf.value, lr=use, **h))
        lrs.append(use)
        opts.append(opt)
        hps.append({"lr": use, **h})
        sources.append(source)
    field = contour_field(surf, resolution)
    j_min = float(np.min(surf.value(surf.minima))) if len(surf.minima) else 0.0
    return Race(
        surface=surf.name if surf.name != "expression" else "formula",
        title=surf.title,
        labels=racers,
        optimizers=tuple(opts),
        lrs=np.array(lrs),
        paths=tuple(paths),
        start=x0[0],
        domain=surf.domain,
        minima=surf.minima,
        saddles=surf.saddles,
        **field,
        tuned=all(s == "tuned" for s in sources if s != "torch"),
        steps=steps,
        hparams=tuple(hps),
        lr_sources=tuple(sources),
        j_min=j_min,
        formula=surf.title if surf.name == "expression" else "",
    )


def _formula_start(domain: np.ndarray) -> tuple[float, float]:
    """Where a race on a formula starts by default: 20% along x, 80% up y (off-centre, where
    a minimum at the centre would not already be)."""
    (x0, x1), (y0, y1) = domain
    return (float(x0 + 0.2 * (x1 - x0)), float(y0 + 0.8 * (y1 - y0)))


def _race_start(name: str, surf: Surface) -> np.ndarray:
    """The race's start point on surface ``name`` (``(1, 2)``): its setup's, else the domain centre."""
    start = RACE_SETUPS.get(name, {}).get("start", surf.domain.mean(axis=1))
    return np.array([start], dtype=np.float64)
