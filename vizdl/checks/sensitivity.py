"""Checks on the learning-rate sweeps of :mod:`vizdl.sim.optimizers.learning_rates`
(:func:`lr_sensitivity` and :func:`lr_sweep_paths`): which learning rates work, per optimizer and
surface."""

from __future__ import annotations

import numpy as np

from vizdl.checks import Verdict, not_applicable, verdict

__all__ = [
    "sweep_setting",
    "CONVERGED",
    "works",
    "adaptive_methods_never_diverge",
    "plain_methods_diverge_above_a_limit",
    "sgd_limit_on_the_bowl",
    "working_ranges",
    "nothing_works_everywhere",
    "sgd_window_closes_at_the_limit",
    "adam_never_diverges_in_the_sweep",
]

# A run "works" when it ends with the loss this many times closer to the minimum than it started.
CONVERGED = 1e-3
ADAPTIVE = ("Adagrad", "Adadelta", "RMSprop", "Adam", "Adamax")
PLAIN = ("SGD", "Momentum", "NAG")
# "Only a few": under this share of the runs.
FEW = 0.1
nan = float("nan")


def works(r: object) -> np.ndarray:
    """``(surfaces, racers, lrs)``: the run did not diverge and its loss above the minimum is at
    most :data:`CONVERGED` times the start's."""
    gap = np.asarray(r.final, dtype=float) - np.asarray(r.floor, dtype=float)[:, None, None]
    start = (np.asarray(r.start_loss, dtype=float) - np.asarray(r.floor, dtype=float))[
        :, None, None
    ]
    return ~np.asarray(r.diverged, dtype=bool) & (gap <= CONVERGED * start)


def _k(r: object, label: str) -> int | None:
    return r.labels.index(label) if label in r.labels else None


def _s(r: object, surface: str) -> int | None:
    return r.surfaces.index(surface) if surface in r.surfaces else None


def adaptive_methods_never_diverge(r: object) -> Verdict:
    """No run of Adagrad, Adadelta, RMSprop, Adam or Adamax diverges, on any surface, at any
    learning rate of the sweep."""
    ks = [_k(r, lab) for lab in ADAPTIVE]
    there = all(k is not None for k in ks)
    n = int(np.asarray(r.diverged)[:, [k for k in ks if k is not None], :].sum())
    return verdict(
        there and n == 0,
        adaptive_diverged=n,
        steps=int(r.steps),
        lr_min=float(np.min(r.lrs)),
        lr_max=float(np.max(r.lrs)),
    )


def _first_div(r: object, s: int, k: int) -> float:
    d = np.asarray(r.diverged[s, k], dtype=bool)
    return float(np.asarray(r.lrs)[d].min()) if d.any() else nan


def _last_ok(r: object, s: int, k: int) -> float:
    ok = works(r)[s, k]
    return float(np.asarray(r.lrs)[ok].max()) if ok.any() else nan


def _div_from(r: object, s: int, k: int) -> float:
    """The rate from which every run up to the sweep's end diverged (NaN: the last did not)."""
    d = np.asarray(r.diverged[s, k], dtype=bool)
    if not d[-1]:
        return nan
    ok = np.flatnonzero(~d)
    return float(np.asarray(r.lrs)[ok[-1] + 1 if ok.size else 0])


def plain_methods_diverge_above_a_limit(r: object) -> Verdict:
    """On the ravine, Beale's and Rosenbrock's functions SGD, momentum and NAG diverge at every
    learning rate from some limit up to the end of the sweep."""
    holds = True
    measured: dict[str, float] = {}
    for surface in ("ravine", "beale", "rosenbrock"):
        s = _s(r, surface)
        for lab in PLAIN:
            k = _k(r, lab)
            if s is None or k is None:
                holds = False
                continue
            limit = _div_from(r, s, k)
            holds &= bool(np.isfinite(limit))
            if lab == "SGD":
                measured[f"sgd_div_{surface}"] = limit
    return verdict(holds, **measured)


def _curvature(surface: str) -> float:
    """The largest curvature (Hessian eigenvalue) of a quadratic surface, read from its gradient:
    column i of the Hessian is ∇J(m + eᵢ) − ∇J(m) for the minimum m (exact for a quadratic)."""
    from vizdl.sim.surfaces import get_surface

    surf = get_surface(surface)
    m = np.asarray(surf.minima[0], dtype=float)
    pts = np.vstack([m, m + np.eye(len(m))])
    g = np.asarray(surf.grad(pts), dtype=float)
    h = (g[1:] - g[0]).T
    return float(np.max(np.linalg.eigvalsh((h + h.T) / 2)))


def sgd_limit_on_the_bowl(r: object) -> Verdict:
    """On the round bowl ½|θ|² SGD works up to a rate below 2/λ (λ its curvature, read from the
    surface: 1, so the limit is 2) and diverges from the next rate above it on."""
    s, k = _s(r, "bowl"), _k(r, "SGD")
    lam = _curvature("bowl")
    limit = 2 / lam
    if s is None or k is None:
        return verdict(False, sgd_bowl_ok=nan, sgd_bowl_div=nan, bowl_curvature=lam)
    ok, div = _last_ok(r, s, k), _first_div(r, s, k)
    lrs = np.asarray(r.lrs)
    above = lrs >= div if np.isfinite(div) else np.zeros_like(lrs, dtype=bool)
    holds = ok < limit <= div and bool(np.asarray(r.diverged[s, k])[above].all())
    return verdict(
        holds, sgd_bowl_ok=ok, sgd_bowl_div=div, bowl_curvature=lam, sgd_bowl_limit=limit
    )


def _range(r: object, surface: str, label: str) -> tuple[float, float, int, int]:
    """(lowest and highest working rate, how many work, how many between those two fail)."""
    s, k = _s(r, surface), _k(r, label)
    if s is None or k is None:
        return nan, nan, 0, 0
    ok = works(r)[s, k]
    if not ok.any():
        return nan, nan, 0, 0
    idx = np.flatnonzero(ok)
    lrs = np.asarray(r.lrs)[ok]
    gaps = int((idx[-1] - idx[0] + 1) - ok.sum())
    return float(lrs.min()), float(lrs.max()), int(ok.sum()), gaps


_NAMES = {"bowl": "the bowl", "ravine": "the ravine", "beale": "Beale's function"}


def working_ranges(r: object) -> Verdict:
    """The rates at which SGD and Adam work on the bowl, the ravine and Beale's function (how
    many, the lowest and the highest, and how many rates between those two fail: a set is a
    window only where none does; where none works, no lowest and highest are measured), and the most rates any optimizer works at on any surface:
    fewer than the whole sweep. Also measures the "works" factor 1/CONVERGED."""
    measured: dict[str, object] = {}
    gapped = []
    for surface in ("bowl", "ravine", "beale"):
        for lab in ("SGD", "Adam"):
            lo, hi, n, gaps = _range(r, surface, lab)
            key = f"{lab.lower()}_{surface}"
            measured[f"{key}_n"], measured[f"{key}_gaps"] = n, gaps
            if n:  # none works: no lowest and highest (the caption's "[[(…, …)]]" leaves)
                measured[f"{key}_lo"], measured[f"{key}_hi"] = lo, hi
            if gaps:
                gapped.append(f"{lab} on {_NAMES[surface]} ({gaps})")
    measured["gapped"] = (
        "none"
        if not gapped
        else gapped[0]
        if len(gapped) == 1
        else ", ".join(gapped[:-1]) + " and " + gapped[-1]
    )
    measured["converged_factor"] = 1 / CONVERGED
    w = works(r).sum(axis=2)  # (surfaces, racers)
    s, k = np.unravel_index(int(np.argmax(w)), w.shape)
    measured.update(
        widest_n=int(w[s, k]),
        widest_who=r.labels[k],
        widest_where=r.titles[s].split(" (")[0],
        n_lrs=len(r.lrs),
    )
    there = all(_s(r, x) is not None for x in ("bowl", "ravine", "beale"))
    return verdict(there and w.max() < len(r.lrs), **measured)


def _few(n: int, of: int, none: str, some: str) -> str:
    return none if n == 0 else f"{some} {n} of {of} runs"


def nothing_works_everywhere(r: object) -> Verdict:
    """On Rosenbrock's function the adaptive methods work at no rate of the sweep, or at only a
    few (under a tenth of their runs: at 200 steps and η near 3-4, one or two Adam or RMSprop
    runs get down the valley), and Adadelta works on no surface, or at under a tenth of its
    runs; the words say which."""
    w = works(r)
    s, ada = _s(r, "rosenbrock"), _k(r, "Adadelta")
    ks = [_k(r, lab) for lab in ADAPTIVE]
    if s is None or ada is None or any(k is None for k in ks):
        return verdict(False, rosenbrock_adaptive_ok=nan, adadelta_ok=nan)
    rosen, rosen_runs = int(w[s, ks, :].sum()), int(w[s, ks, :].size)
    adadelta, adadelta_runs = int(w[:, ada, :].sum()), int(w[:, ada, :].size)
    return verdict(
        rosen < FEW * rosen_runs and adadelta < FEW * adadelta_runs,
        rosenbrock_adaptive_ok=rosen,
        adadelta_ok=adadelta,
        rosenbrock_text=_few(
            rosen,
            rosen_runs,
            "no adaptive method works at any rate",
            "adaptive methods work at only",
        ),
        adadelta_text=_few(
            adadelta, adadelta_runs, "works on no surface at any rate", "works at only"
        ),
    )


# --- the sweep animation (lr_sweep_paths) -------------------------------------------------------


def sweep_setting(r: object) -> Verdict:
    """What the sweep animation walks: the rates (log-spaced, increasing), the surface and the
    racers; holds when every racer has a run at every rate."""
    lrs = np.asarray(r.lrs, dtype=float)
    return verdict(
        lrs.size > 1
        and bool(np.all(np.diff(lrs) > 0))
        and np.asarray(r.final).shape == (len(r.labels), lrs.size),
        sweep_min=float(lrs.min()),
        sweep_max=float(lrs.max()),
        sweep_surface=r.title,
        sweep_racers=" and ".join(r.labels) if len(r.labels) < 3 else ", ".join(r.labels),
    )


def _on_the_ravine(r: object) -> Verdict | None:
    return None if r.surface == "ravine" else not_applicable("written for the ravine")


def sgd_window_closes_at_the_limit(r: object) -> Verdict:
    """In the sweep animation SGD's loss falls (never rises by more than 1%) as η grows up to its
    last stable rate, and every rate above that diverges; 2/λ_max lies between the two."""
    if (no := _on_the_ravine(r)) is not None:
        return no
    k = _k(r, "SGD")
    if k is None:
        return not_applicable("SGD is not swept")
    d = np.asarray(r.diverged[k], dtype=bool)
    lrs = np.asarray(r.lrs)
    if not d.any() or d.all():
        return verdict(False, sgd_ok=nan, sgd_div=nan)
    first = int(np.argmax(d))
    y = np.asarray(r.final[k, :first], dtype=float)
    falls = bool(np.all(y[1:] <= y[:-1] * 1.01))
    return verdict(
        falls and bool(d[first:].all()),
        sgd_ok=float(lrs[first - 1]) if first else nan,
        sgd_div=float(lrs[first]),
    )


def adam_never_diverges_in_the_sweep(r: object) -> Verdict:
    """In the sweep animation Adam diverges at no rate, and ends at least 100× lower at the
    largest rate than at the smallest."""
    if (no := _on_the_ravine(r)) is not None:
        return no
    k = _k(r, "Adam")
    if k is None:
        return not_applicable("Adam is not swept")
    y = np.asarray(r.final[k], dtype=float)
    holds = not np.asarray(r.diverged[k]).any() and y[-1] * 100 <= y[0]
    return verdict(holds, adam_first=float(y[0]), adam_last=float(y[-1]))
