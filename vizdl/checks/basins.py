"""Checks on :mod:`vizdl.sim.optimizers.basins` results (basins of convergence: the map and the
flow of start points)."""

from __future__ import annotations

import numpy as np

from vizdl.checks import Verdict, not_applicable, verdict

__all__ = [
    "basins_setting",
    "most_rules_bring_every_start_home",
    "rmsprop_hovers_near_a_minimum",
    "adadelta_is_still_on_its_way",
    "flow_sgd_goes_to_the_nearest_minimum",
    "flow_adam_crosses_into_other_basins",
]

ALWAYS = ("SGD", "Momentum", "NAG", "Adagrad", "Adam")
nan = float("nan")


def _on_himmelblau(r: object) -> Verdict | None:
    """None on Himmelblau's function, the surface these sentences were measured on; else
    not_applicable (another surface's basins tell another story)."""
    return (
        None if r.surface == "himmelblau" else not_applicable("written for Himmelblau's function")
    )


def basins_setting(r: object) -> Verdict:
    """What the map is of: the surface (its title or formula) and how many minima it has, the
    racers and their learning rates (holds when a rate is given for every racer and every
    minimum lies inside the drawn domain)."""
    # the map's grid of starts, or the flow's contour grid
    xs = np.asarray(r.xs) if hasattr(r, "xs") else np.asarray(r.X[0])
    ys = np.asarray(r.ys) if hasattr(r, "ys") else np.asarray(r.Y[:, 0])
    lo_x, hi_x = float(np.min(xs)), float(np.max(xs))
    lo_y, hi_y = float(np.min(ys)), float(np.max(ys))
    m = np.asarray(r.minima, dtype=float)
    inside = bool(
        np.all((m[:, 0] >= lo_x) & (m[:, 0] <= hi_x) & (m[:, 1] >= lo_y) & (m[:, 1] <= hi_y))
    )
    flow = {}
    if hasattr(r, "paths"):  # the flow: how many dots, how long they move and are classified
        flow = dict(
            n_starts=int(np.asarray(r.which).shape[1]),
            flow_steps=int(r.paths[0].steps),
            classify_steps=int(r.classify_steps),
        )
    return verdict(
        len(r.lrs) == len(r.labels) and len(m) > 0 and inside,
        **flow,
        surface_text=r.title,
        n_minima=len(m),
        minima_text="1 minimum" if len(m) == 1 else f"{len(m)} minima",
        basin_rates="; ".join(
            f"{lab} η = {float(lr):g}" for lab, lr in zip(r.labels, r.lrs, strict=True)
        ),
    )


def _k(r: object, label: str) -> int | None:
    return r.labels.index(label) if label in r.labels else None


def most_rules_bring_every_start_home(r: object) -> Verdict:
    """SGD, momentum, NAG, Adagrad and Adam each end within ``tol`` of one of the minima from all
    but at most 0.1% of the starts of the map, and each of the minima is reached from some
    start. Measures the most starts any of them misses."""
    if (no := _on_himmelblau(r)) is not None:
        return no
    ks = [_k(r, lab) for lab in ALWAYS]
    if any(k is None for k in ks):
        return verdict(False, always_missed=nan)
    which = np.asarray(r.which)[ks]
    missed = int((which < 0).sum(axis=(1, 2)).max())
    n = int(which[0].size)
    all_minima = all(set(range(len(r.minima))) <= set(np.unique(w)) for w in which)
    return verdict(
        missed <= 0.001 * n and all_minima,
        always_missed=missed,
        map_starts=n,
        n_minima=len(r.minima),
        map_resolution=len(r.xs),
        map_steps=int(r.steps),
        map_tol=float(r.tol),
    )


def rmsprop_hovers_near_a_minimum(r: object, near: float = 20.0) -> Verdict:
    """Some of RMSprop's starts end grey (not within ``tol`` of a minimum), but every one of them
    ends within 20·tol of a minimum: its steps, about η in size whatever the gradient, keep it
    hovering around the minimum instead of settling."""
    if (no := _on_himmelblau(r)) is not None:
        return no
    k = _k(r, "RMSprop")
    if k is None:
        return verdict(False, rmsprop_grey=nan, rmsprop_grey_max=nan)
    grey = np.asarray(r.which[k]) == -1
    dist = np.asarray(r.final_dist[k], dtype=float)[grey]
    return verdict(
        grey.any() and bool(np.all(dist < near * r.tol)),
        rmsprop_grey=float(grey.mean()),
        rmsprop_grey_max=float(dist.max()) if dist.size else nan,
        rmsprop_grey_median=float(np.median(dist)) if dist.size else nan,
    )


def adadelta_is_still_on_its_way(r: object) -> Verdict:
    """Adadelta reaches a minimum from fewer than 90% of the starts, and those it reaches take it
    more than half the steps (median); its grey starts end further out than RMSprop's."""
    if (no := _on_himmelblau(r)) is not None:
        return no
    k = _k(r, "Adadelta")
    if k is None:
        return verdict(False, adadelta_share=nan, adadelta_median=nan)
    which = np.asarray(r.which[k])
    conv = which >= 0
    med = float(np.median(np.asarray(r.steps_to[k])[conv])) if conv.any() else nan
    dist = np.asarray(r.final_dist[k], dtype=float)[which == -1]
    return verdict(
        conv.mean() < 0.9 and med > 0.5 * r.steps,
        adadelta_share=float(conv.mean()),
        adadelta_median=med,
        adadelta_grey_max=float(dist.max()) if dist.size else nan,
    )


def _nearest(r: object) -> np.ndarray:
    """The index of the minimum nearest each start point of a flow."""
    starts = np.asarray(r.paths[0].points[0], dtype=float)
    minima = np.asarray(r.minima, dtype=float)
    return np.argmin(np.linalg.norm(starts[:, None, :] - minima[None], axis=2), axis=1)


def flow_sgd_goes_to_the_nearest_minimum(r: object) -> Verdict:
    """In the flow, plain SGD ends at the minimum nearest its start from at least 95% of the
    starts, and reaches some minimum from all of them."""
    if (no := _on_himmelblau(r)) is not None:
        return no
    k = _k(r, "SGD")
    if k is None:
        return not_applicable("SGD is not shown")
    which = np.asarray(r.which[k])
    share = float((which == _nearest(r)).mean())
    return verdict(
        share >= 0.95 and bool((which >= 0).all()),
        sgd_nearest=share,
    )


def flow_adam_crosses_into_other_basins(r: object) -> Verdict:
    """Of the starts both reach a minimum from, Adam ends at a different one than SGD from at
    least 2%, and at the nearest one less often than SGD."""
    if (no := _on_himmelblau(r)) is not None:
        return no
    ks, ka = _k(r, "SGD"), _k(r, "Adam")
    if ks is None or ka is None:
        return not_applicable("SGD and Adam are not both shown")
    sgd, adam = np.asarray(r.which[ks]), np.asarray(r.which[ka])
    both = (sgd >= 0) & (adam >= 0)
    differ = float((sgd[both] != adam[both]).mean()) if both.any() else nan
    near = _nearest(r)
    adam_near, sgd_near = float((adam == near).mean()), float((sgd == near).mean())
    return verdict(
        both.any() and differ >= 0.02 and adam_near < sgd_near,
        adam_differs=differ,
        adam_nearest=adam_near,
    )
