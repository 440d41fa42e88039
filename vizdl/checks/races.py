"""Checks on :mod:`vizdl.sim.optimizers.races` results (the optimizer races)."""

from __future__ import annotations

import numpy as np

from vizdl.checks import Verdict, and_list, not_applicable, verdict
from vizdl.sim.optimizers.races import (
    ANIMATION_LOSS_FLOOR,
    LOSS_CLIP,
    LR_GRID,
    RACE_SETUPS,
    RACERS,
)

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
    "rmsprop_first_step_is_ten_eta",
    "adagrad_slowest_to_leave_but_sgd",
    "plain_methods_slide_to_the_saddle_first",
    "rmsprop_jumps_off_the_plot",
    "rmsprop_leaves_the_plot",
    "tuned_on_the_grid",
    "loss_axis",
    "settings_stated",
    "as_written",
    "beale_minimum",
]

nan = float("nan")
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def as_written(r: object, surfaces: tuple[str, ...]) -> Verdict | None:
    """None when ``r`` is the race a sentence was written (and checked) for: on one of
    ``surfaces``, the eight default racers with their default hyperparameters, the surface's
    own start and steps, and learning rates from where its setup takes them (tuned, or the
    saddle's one rate; Adadelta torch's 1). Else a :func:`not_applicable` saying what differs:
    a sentence about the lecture's race is never put under a lecturer's own."""
    if r.surface not in surfaces:
        return not_applicable(f"written for the race on {' or '.join(surfaces)}")
    if tuple(r.labels) != tuple(RACERS):
        return not_applicable("written for the eight default racers")
    if any(r.changed_hparams(i) for i in range(len(r.labels))):
        return not_applicable("written for the racers' default hyperparameters")
    setup = RACE_SETUPS[r.surface]
    if (
        tuple(np.asarray(r.start, dtype=float)) != tuple(setup["start"])
        or r.steps != setup["steps"]
    ):
        return not_applicable("written for the surface's own start point and steps")
    expected = "shared" if "lr" in setup else "tuned"
    for lab, src, lr in zip(r.labels, r.lr_sources, r.lrs, strict=True):
        want = "torch" if lab == "Adadelta" else expected
        if src != want or (src == "shared" and float(lr) != setup["lr"]):
            return not_applicable("written for the learning rates the surface's race picks")
    return None


def _racing(r: object, *labels: str) -> Verdict | None:
    missing = [lab for lab in labels if lab not in r.labels]
    return not_applicable(f"{and_list(missing)} not racing") if missing else None


def power_of_ten(x: float) -> str:
    """``x`` written as 10 to a power (``1e-06`` → ``10⁻⁶``), or ``g``-formatted if it is none."""
    e = round(np.log10(x)) if x > 0 else 0
    if x > 0 and abs(x / 10.0**e - 1) < 1e-9:
        return "10" + str(e).translate(_SUPERSCRIPT)
    return f"{x:g}"


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
    if (no := as_written(r, ("bowl", "beale", "ravine"))) is not None:
        return no
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
    if (no := as_written(r, ("bowl",))) is not None:
        return no
    sgd = _steps_to(r, "SGD", level)
    others = {lab: _steps_to(r, lab, level) for lab in r.labels if lab != "SGD"}
    best = min(others, key=others.get) if others else ""
    runner_up = others.get(best, np.inf)
    return verdict(
        sgd < runner_up,
        bowl_level_text=power_of_ten(level),
        sgd_steps=sgd,
        runner_up=best,
        runner_up_steps=runner_up,
    )


def momentum_methods_win_the_ravine(r: object) -> Verdict:
    """Momentum and NAG end at least 1000× below plain SGD's loss."""
    if (no := as_written(r, ("ravine",))) is not None:
        return no
    sgd, mom, nag = (_final_loss(r, lab) for lab in ("SGD", "Momentum", "NAG"))
    return verdict(max(mom, nag) * 1000 <= sgd, sgd_loss=sgd, momentum_loss=mom, nag_loss=nag)


def per_coordinate_rates_do_not_undo_a_rotation(r: object) -> Verdict:
    """Adagrad and RMSprop, which rescale each coordinate but carry no momentum, end at least
    100× above every method with momentum (Momentum, NAG, Adam, and Adamax when it races)."""
    if (no := as_written(r, ("ravine",))) is not None:
        return no
    ada, rms, mom, nag, adam = (
        _final_loss(r, lab) for lab in ("Adagrad", "RMSprop", "Momentum", "NAG", "Adam")
    )
    adamax = _final_loss(r, "Adamax") if "Adamax" in r.labels else -np.inf
    return verdict(
        min(ada, rms) >= 100 * max(mom, nag, adam, adamax),
        adagrad_loss=ada,
        rmsprop_loss=rms,
        adam_loss=adam,
        adamax_loss=adamax if "Adamax" in r.labels else nan,
    )


def _theta2(r: object, label: str) -> np.ndarray:
    p = _path(r, label)
    if p is None:
        return np.full(2, nan)
    return np.abs(np.asarray(p.points[:, 0, 1], dtype=float))


def one_learning_rate(r: object) -> Verdict:
    """Every racer but Adadelta runs at one learning rate (not tuned), Adadelta at torch's 1."""
    if any(s not in ("shared", "torch") for s in r.lr_sources):
        return not_applicable("some learning rates were tuned or set one by one")
    if (no := _racing(r, "Adadelta")) is not None:
        return no  # the sentence names Adadelta's rate
    lrs = {lab: float(lr) for lab, lr in zip(r.labels, r.lrs, strict=True)}
    shared = {v for k, v in lrs.items() if k != "Adadelta"}
    return verdict(
        not r.tuned and len(shared) == 1 and lrs.get("Adadelta", 1.0) == 1.0,
        shared_lr=shared.pop() if len(shared) == 1 else nan,
    )


def adadelta_passes_sgd(r: object, steps: int = 30) -> Verdict:
    """After 30 steps Adadelta is at least 1000× further from the stable axis than SGD."""
    if (no := as_written(r, ("saddle",))) is not None:
        return no
    ada, sgd = _theta2(r, "Adadelta"), _theta2(r, "SGD")
    k = min(steps, len(ada) - 1, len(sgd) - 1)
    return verdict(
        ada[k] >= 1000 * sgd[k], adadelta_theta2_30=float(ada[k]), sgd_theta2_30=float(sgd[k])
    )


def sgd_escapes_geometrically(r: object) -> Verdict:
    """SGD's distance from the stable axis, |θ₂|, grows by exactly 1 + 2η per step while it is
    still small (on x² − y², θ₂ ← θ₂ + 2ηθ₂)."""
    if (no := as_written(r, ("saddle",))) is not None:
        return no
    y = _theta2(r, "SGD")
    small = y[:-1] < 0.1
    growth = y[1:][small] / y[:-1][small]
    lr = float(r.lrs[r.labels.index("SGD")]) if "SGD" in r.labels else nan
    measured = float(np.median(growth)) if growth.size else nan
    holds = growth.size > 5 and np.allclose(growth, 1 + 2 * lr, rtol=1e-9)
    return verdict(
        holds,
        sgd_growth=measured,
        sgd_lr=lr,
        start_offset=float(y[0]),
        start_offset_text=power_of_ten(float(y[0])),
    )


def adaptive_methods_leave_at_once(r: object) -> Verdict:
    """Adagrad, RMSprop, Adam (and Adamax, when it races) move |θ₂| at least 1000× away from its
    start in one step: they divide the tiny gradient by its own size."""
    if (no := as_written(r, ("saddle",))) is not None:
        return no
    firsts = {
        lab: _theta2(r, lab)[1] / _theta2(r, lab)[0]
        for lab in ("Adagrad", "RMSprop", "Adam", "Adamax")
        if lab in r.labels or lab != "Adamax"
    }
    low = min(firsts.values())
    return verdict(
        low >= 1000, adaptive_first_growth=float(low), adam_theta2_1=float(_theta2(r, "Adam")[1])
    )


def adadelta_leaves_slowly(r: object) -> Verdict:
    """Adadelta, at torch's lr = 1, grows |θ₂| less than 10× in its first step (its step is
    about the raw gradient while its accumulators are near ε)."""
    if (no := as_written(r, ("saddle",))) is not None:
        return no
    y = _theta2(r, "Adadelta")
    growth = float(y[1] / y[0])
    return verdict(growth < 10, adadelta_first_growth=growth)


def momentum_compounds_the_escape(r: object, steps: int = 30) -> Verdict:
    """After 30 steps momentum is further from the stable axis than plain SGD."""
    if (no := as_written(r, ("saddle",))) is not None:
        return no
    mom, sgd = _theta2(r, "Momentum"), _theta2(r, "SGD")
    k = min(steps, len(mom) - 1, len(sgd) - 1)
    return verdict(mom[k] > sgd[k], momentum_theta2_30=float(mom[k]), sgd_theta2_30=float(sgd[k]))


def rmsprop_adadelta_adagrad_escape_sooner(r: object, steps: int = 30) -> Verdict:
    """The lecture's statement, measured: after 30 steps RMSprop, Adadelta and Adagrad are each
    further from the stable axis than plain SGD."""
    if (no := as_written(r, ("saddle",))) is not None:
        return no
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


def rmsprop_first_step_is_ten_eta(r: object) -> Verdict:
    """RMSprop runs at torch's α = 0.99 without momentum, and its first step is η/√(1 − α) = 10η
    in its steepest coordinate: its average of squared gradients starts at 0, so the first step
    divides the gradient by √(1 − α)·|g|. Measures that factor, the expected 1/√(1 − α), the
    factor along θ₂ (where ε matters when the gradient is tiny), and the first step at which the
    path leaves the plotted square (-1: never; the figure marks it)."""
    if r.surface not in ("bowl", "beale", "ravine", "saddle"):
        return not_applicable("checked on the built-in race surfaces (elsewhere ε may matter)")
    if tuple(np.asarray(r.start, dtype=float)) != tuple(RACE_SETUPS[r.surface]["start"]):
        return not_applicable("checked from the surface's own start (elsewhere ε may matter)")
    if (no := _racing(r, "RMSprop")) is not None:
        return no
    p = _path(r, "RMSprop")
    if p is None:
        return verdict(False, rmsprop_first=nan, rmsprop_first_factor=nan, rmsprop_lr=nan)
    lr = float(r.lrs[r.labels.index("RMSprop")])
    alpha = float(p.hparams.get("alpha", nan))  # a path that is not RMSprop's has none
    pts = np.asarray(p.points[:, 0], dtype=float)
    step = np.abs(pts[1] - pts[0])
    factor = float(np.max(step) / lr)
    expected = float(1 / np.sqrt(1 - alpha)) if alpha < 1 else nan
    lo, hi = np.asarray(r.domain, dtype=float).T
    inside = np.all((pts >= lo) & (pts <= hi), axis=1) & np.all(np.isfinite(pts), axis=1)
    out = int(np.argmin(inside)) if not inside.all() else -1
    return verdict(
        abs(factor / expected - 1) < 1e-3 and p.hparams.get("momentum") == 0,
        rmsprop_first=_first_step(p),
        rmsprop_first_factor=factor,
        rmsprop_expected_factor=expected,
        rmsprop_theta2_factor=float(step[1] / lr),
        rmsprop_lr=lr,
        rmsprop_alpha=alpha,
        rmsprop_leaves_plot_at=out,
    )


def _steps_out(r: object, label: str, radius: float = 1.0) -> float:
    """The first step at which ``label``'s |θ₂| exceeds ``radius`` (inf: never)."""
    y = _theta2(r, label)
    y = np.where(np.isfinite(y), y, np.inf)
    return float(np.argmax(y > radius)) if (y > radius).any() else np.inf


def adagrad_slowest_to_leave_but_sgd(r: object) -> Verdict:
    """Adagrad leaves the axis at once but its steps shrink as its sum of squared gradients
    grows: every racer but plain SGD reaches |θ₂| > 1 before it, SGD after it."""
    if (no := as_written(r, ("saddle",))) is not None:
        return no
    out = {lab: _steps_out(r, lab) for lab in r.labels}
    ada, sgd = out.get("Adagrad", np.inf), out.get("SGD", np.inf)
    others = [v for lab, v in out.items() if lab not in ("Adagrad", "SGD")]
    return verdict(
        "Adagrad" in out and bool(others) and max(others) < ada < sgd,
        adagrad_out=ada,
        sgd_out=sgd,
        rmsprop_out=out.get("RMSprop", nan),
        adam_out=out.get("Adam", nan),
        adamax_out=out.get("Adamax", nan),
        next_slowest_out=max(others) if others else nan,
    )


def plain_methods_slide_to_the_saddle_first(r: object, near: float = 0.1) -> Verdict:
    """SGD, momentum and NAG come within 0.1 of the saddle point along the stable axis while
    still under 0.01 off it, and only then leave along the unstable one."""
    if (no := as_written(r, ("saddle",))) is not None:
        return no
    if not len(r.saddles):
        return verdict(False, slide_closest=nan)
    closest = []
    for lab in ("SGD", "Momentum", "NAG"):
        p = _path(r, lab)
        if p is None:
            return verdict(False, slide_closest=nan)
        pts = np.asarray(p.points[:, 0], dtype=float)
        d = np.linalg.norm(pts - np.asarray(r.saddles[0], dtype=float), axis=1)
        d = np.where(np.isfinite(d) & (np.abs(pts[:, 1]) < 0.01), d, np.inf)
        closest.append(float(d.min()))
    return verdict(max(closest) < near, slide_closest=max(closest))


def rmsprop_jumps_off_the_plot(r: object) -> Verdict:
    """RMSprop's very first step takes it off the plotted square."""
    if (no := as_written(r, ("ravine",))) is not None:
        return no
    v = rmsprop_first_step_is_ten_eta(r)
    if not v.applies:
        return v
    return verdict(
        v.measured.get("rmsprop_leaves_plot_at") == 1,
        rmsprop_first_ravine=v.measured["rmsprop_first"],
        **v.measured,
    )


def rmsprop_leaves_the_plot(r: object) -> Verdict:
    """RMSprop's path leaves the plotted square at some step (measured: the first such step)."""
    if (no := as_written(r, ("saddle",))) is not None:
        return no
    v = rmsprop_first_step_is_ten_eta(r)
    if not v.applies:
        return v
    m = v.measured  # under names of its own: the saddle's sentence goes when this claim does
    return verdict(
        m.get("rmsprop_leaves_plot_at", -1) >= 1,
        saddle_rmsprop_first_factor=m["rmsprop_first_factor"],
        saddle_rmsprop_theta2_factor=m["rmsprop_theta2_factor"],
        saddle_rmsprop_leaves_plot_at=m["rmsprop_leaves_plot_at"],
    )


def tuned_on_the_grid(r: object) -> Verdict:
    """Every racer but Adadelta runs at a learning rate from :data:`LR_GRID` (the tuned race),
    Adadelta at torch's lr = 1. Measures the grid (size and ends)."""
    if not r.tuned or any(
        lab == "Adadelta" and src != "torch"
        for lab, src in zip(r.labels, r.lr_sources, strict=True)
    ):
        return not_applicable("not every learning rate was tuned on the grid")
    lrs = {lab: float(lr) for lab, lr in zip(r.labels, r.lrs, strict=True)}
    on_grid = all(
        np.any(np.isclose(v, LR_GRID, rtol=1e-12)) for k, v in lrs.items() if k != "Adadelta"
    )
    return verdict(
        bool(r.tuned) and on_grid and lrs.get("Adadelta", 1.0) == 1.0,
        lr_grid_size=len(LR_GRID),
        lr_grid_lo=float(LR_GRID[0]),
        lr_grid_hi=float(LR_GRID[-1]),
        grid_who="each optimizer but Adadelta" if "Adadelta" in r.labels else "each optimizer",
    )


def loss_axis(r: object) -> Verdict:
    """What the loss panels draw and where they stop: the figure's axis at :data:`LOSS_CLIP`
    times the start's height above the minimum (with the racers that fall below it), the
    animation's floor :data:`ANIMATION_LOSS_FLOOR`, and J_min when a formula's minimum is not 0.
    Holds when J_min is the lowest loss of the drawn surface (no grid point below it, the lowest
    within 1% of the drawn range above it) and every racer's loss, recomputed here as its path's
    recorded losses minus J_min, is what the panel draws. Not applicable on the saddle (its panel
    draws |θ₂|) or on a formula without minima (no J_min to measure from)."""
    series, what = r.progress()
    if what == "escape":
        return not_applicable("the saddle's panel draws |θ₂|, not the loss")
    if what == "above lowest":
        return not_applicable("the surface has no minimum in the drawn domain to measure from")
    z = np.asarray(r.Z, dtype=float)
    lo, hi = float(np.nanmin(z)), float(np.nanmax(z))
    tol = 1e-6 * max(hi - lo, 1e-300)
    recomputed = np.stack([np.asarray(p.losses[:, 0], dtype=float) - r.j_min for p in r.paths])
    same = bool(np.array_equal(recomputed, np.asarray(series), equal_nan=True))
    start = float(recomputed[0][0])
    below = [
        lab
        for lab, y in zip(r.labels, recomputed, strict=True)
        if np.nanmin(np.where(np.isfinite(y), y, np.inf)) < LOSS_CLIP * start
    ]
    j_min_text = "" if what == "loss" else f" (J − J_min, J_min = {r.j_min:.4g})"
    return verdict(
        same and r.j_min <= lo + tol and _near_the_grid(r) and (what != "loss" or r.j_min == 0),
        loss_clip_text=power_of_ten(LOSS_CLIP),
        loss_floor_text=power_of_ten(ANIMATION_LOSS_FLOOR),
        below_clip=len(below),
        below_clip_names=and_list(below) if below else "none",
        j_min_text=j_min_text,
    )


def _near_the_grid(r: object) -> bool:
    """J_min agrees with the drawn surface near the lowest marked minimum: the grid point
    nearest it lies above J_min by no more than twice the loss's change to its neighbours."""
    m = np.asarray(r.minima, dtype=float)
    z = np.asarray(r.Z, dtype=float)
    xs, ys = np.asarray(r.X, dtype=float)[0], np.asarray(r.Y, dtype=float)[:, 0]
    ok = True
    for x, y in m[:1]:  # the minima are sorted by value: the first is J_min's
        i, j = int(np.argmin(np.abs(ys - y))), int(np.argmin(np.abs(xs - x)))
        block = z[max(i - 1, 0) : i + 2, max(j - 1, 0) : j + 2]
        spread = float(np.nanmax(np.abs(block - z[i, j])))
        ok &= 0 <= z[i, j] - r.j_min <= 2 * spread + 1e-12 * max(1.0, abs(r.j_min))
    return bool(ok)


# How many of each path's first steps torch.optim re-runs for settings_stated.
RERUN_STEPS = 25


def _torch_rerun(r: object, i: int, steps: int) -> np.ndarray:
    """Racer ``i``'s first ``steps`` iterates as ``torch.optim`` takes them at the settings its
    legend states: the racer's own fixed hyperparameters (NAG's nesterov, …), then the η and
    every hyperparameter the legend names; torch's defaults for the rest. The gradient is the
    surface's, from the path's drawn start. Returns ``(steps + 1, 2)``."""
    import torch

    from vizdl.sim.expr import resolve_surface
    from vizdl.sim.optimizers.races import ALL_RACERS
    from vizdl.sim.optimizers.rules import TORCH_NAMES

    rule, fixed = ALL_RACERS[r.labels[i]]
    surf = resolve_surface(
        r.formula if r.surface == "formula" else r.surface,
        tuple(float(v) for v in np.asarray(r.domain).ravel()) if r.surface == "formula" else None,
    )
    kwargs = {**fixed, **r.changed_hparams(i), "lr": float(r.lrs[i])}
    kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in kwargs.items()}
    x0 = np.asarray(r.paths[i].points[0, 0], dtype=np.float64)
    prev = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)  # torch's own scalar state in float64, as ours
    try:
        param = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
        opt = getattr(torch.optim, TORCH_NAMES[rule])([param], foreach=False, **kwargs)
        out = [x0.copy()]
        for _ in range(steps):
            with np.errstate(all="ignore"):
                g = surf.grad(param.detach().numpy()[None, :])[0]
            param.grad = torch.tensor(g, dtype=torch.float64)
            opt.step()
            out.append(param.detach().numpy().copy())
    finally:
        torch.set_default_dtype(prev)
    return np.asarray(out)


def settings_stated(r: object) -> Verdict:
    """The title's and the legend's settings are the ones each path ran with: ``torch.optim``,
    given only what the legend states (η and each hyperparameter away from its default; the
    racer's own fixed ones, torch's defaults otherwise), retraces every drawn path's first
    :data:`RERUN_STEPS` steps (to 1e-9; those before a path leaves the plot), and each legend
    text quotes its path's η. Measures the racers, where their learning rates came from (the
    title's words), each racer's legend text and the steps re-run."""
    ok = bool(r.paths) and len(r.lr_sources) == len(r.labels)
    rerun = min(RERUN_STEPS, int(r.steps))
    for i, p in enumerate(r.paths):
        drawn = np.asarray(p.points[: rerun + 1, 0], dtype=np.float64)
        stop = int(p.diverged[0]) if int(p.diverged[0]) >= 0 else len(drawn)
        try:
            ref = _torch_rerun(r, i, rerun)
        except (TypeError, ValueError, KeyError):  # torch refused the stated settings
            ok = False
            continue
        ok &= bool(np.allclose(drawn[:stop], ref[:stop], rtol=1e-9, atol=1e-12))
        if stop < len(drawn):  # where the path left the plot, torch's left too
            ok &= not (np.all(np.isfinite(ref[stop])) and np.all(np.abs(ref[stop]) <= 1e6))
        ok &= f"η = {float(r.lrs[i]):.3g}" in r.legend_label(i)
    default = tuple(r.labels) == tuple(RACERS)
    racers_text = (
        "The lecture's optimizers and Adamax (from its outline): SGD, momentum, Nesterov (NAG), "
        "Adagrad, Adadelta, RMSprop, Adam and Adamax"
        if default
        else ("The optimizer " if len(r.labels) == 1 else "The optimizers ")
        + and_list(list(r.labels))
    )
    return verdict(
        ok,
        racers_text=racers_text,
        race_how=r.how(),
        race_legend="; ".join(r.legend_label(i) for i in range(len(r.labels))),
        race_steps=int(r.steps),
        race_surface=r.title,
        rerun_steps=rerun,
    )


def beale_minimum(r: object) -> Verdict:
    """On Beale's function: the marked minimum is where the drawn loss is lowest (no grid point
    lies below its value). Measures it as text, "(3, 0.5)"."""
    if r.surface != "beale":
        return not_applicable("written for Beale's function")
    m = np.asarray(r.minima, dtype=float)
    if m.shape[0] != 1:
        return verdict(False, beale_minimum="none")
    z = np.asarray(r.Z, dtype=float)
    return verdict(
        float(np.nanmin(z)) >= r.j_min and r.j_min == 0.0,
        beale_minimum=f"({m[0, 0]:g}, {m[0, 1]:g})",
    )
