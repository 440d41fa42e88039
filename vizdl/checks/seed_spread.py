"""Checks on :mod:`vizdl.sim.seed_spread` results (test accuracy across seeds, per activation).
Accuracies are quoted as fractions (formatted as %), spreads in percentage points."""

from __future__ import annotations

import numpy as np

from vizdl.checks import Verdict, not_applicable, verdict

__all__ = [
    "spread_setting",
    "spreads_measured",
    "leaky_spread_against_the_others",
    "lecture_leaky_inconsistent",
]

_SHORT = {"relu": "relu", "leaky_relu": "leaky", "elu": "elu"}
_NAMES = {"relu": "ReLU's", "elu": "ELU's"}


def _k(r: object, name: str) -> int:
    return list(r.names).index(name)


def _has_all(r: object) -> bool:
    return all(n in r.names for n in _SHORT)


def _unusable(r: object) -> Verdict | None:
    """Why the spreads cannot be compared (not all three trained, or a run diverged), else None."""
    if not _has_all(r):
        return not_applicable("ReLU, Leaky ReLU and ELU are not all trained")
    if bool(np.asarray(r.diverged).any()):
        return not_applicable("a run diverged: its accuracy is not a spread's sample")
    return None


def spread_setting(r: object) -> Verdict:
    """The setting the caption names and how many runs diverged (``diverged_text``), measured on
    the results rather than restated: the seeds are counted as the columns of ``final`` (one test
    accuracy per activation and seed; they must be the seeds named, all different, at least 3),
    and a run counts as diverged when it has no test accuracy (the run stopped before testing).
    Holds when those agree with the runs' own ``diverged`` flags and every other run has a
    finite accuracy in [0, 1] and a finite last loss."""
    seeds = np.asarray(r.seeds)
    final = np.asarray(r.final, dtype=float)
    loss = np.asarray(r.train_loss, dtype=float)
    gone = ~np.isfinite(final)  # measured: no test accuracy
    if gone.any():
        per = ", ".join(
            f"{lab} {int(n)}" for lab, n in zip(r.labels, gone.sum(axis=1), strict=True)
        )
        n = int(gone.sum())
        text = f"{n} run{'s' * (n != 1)} diverged ({per}), so the spreads are not compared"
    else:
        text = "no run diverged"
    ok = final[~gone]
    holds = (
        final.shape == (len(r.labels), len(seeds))
        and len(set(seeds.tolist())) == len(seeds) >= 3
        and np.array_equal(gone, np.asarray(r.diverged, dtype=bool))
        and bool(np.all((ok >= 0) & (ok <= 1)))
        and bool(np.isfinite(loss[~gone]).all())
    )
    return verdict(
        holds,
        diverged_text=text,
        n_seeds=int(final.shape[1]),
        seed_lo=int(seeds.min()),
        seed_hi=int(seeds.max()),
        hidden=int(r.hidden),
        n_train=int(r.n_train),
        n_test=int(r.n_test),
        epochs=int(r.epochs),
        batch_size=int(r.batch_size),
        lr=float(r.lr),
        momentum=float(r.momentum),
    )


def spreads_measured(r: object) -> Verdict:
    """Each activation's mean test accuracy and its standard deviation across seeds (ddof = 1,
    in percentage points); holds when every accuracy is finite and each bootstrap interval of a
    ratio of spreads contains the ratio itself."""
    if (why := _unusable(r)) is not None:
        return why
    final = np.asarray(r.final, dtype=float)
    out: dict[str, float] = {}
    for name, short in _SHORT.items():
        row = final[_k(r, name)]
        out[f"{short}_mean"] = float(np.mean(row))
        out[f"{short}_sd"] = float(np.std(row, ddof=1) * 100)
        out[f"{short}_range"] = float(np.ptp(row) * 100)
    ratio, lo, hi = (np.asarray(a, dtype=float) for a in (r.ratio, r.ratio_lo, r.ratio_hi))
    off = ~np.eye(len(ratio), dtype=bool)
    inside = bool(np.all((lo[off] <= ratio[off]) & (ratio[off] <= hi[off])))
    return verdict(np.isfinite(final).all() and inside, **out)


def leaky_spread_against_the_others(r: object) -> Verdict:
    """Leaky ReLU's spread as a multiple of ReLU's and of ELU's, with the 95% bootstrap
    intervals, and what that says: ``leaky_verdict`` names the activations whose spread Leaky
    ReLU's exceeds beyond the interval (its lower end above 1), or says it exceeds none. Holds
    when the ratios are finite (the sentence it fills is what the intervals show)."""
    if (why := _unusable(r)) is not None:
        return why
    k = _k(r, "leaky_relu")
    out: dict[str, object] = {}
    larger, not_larger = [], []
    for other in ("relu", "elu"):
        j = _k(r, other)
        ratio, lo, hi = (float(np.asarray(a)[k, j]) for a in (r.ratio, r.ratio_lo, r.ratio_hi))
        out[f"ratio_{other}"], out[f"ratio_{other}_lo"], out[f"ratio_{other}_hi"] = ratio, lo, hi
        (larger if lo > 1 else not_larger).append(_NAMES[other])
    n = len(r.seeds)
    if not not_larger:
        text = (
            "this measurement agrees: Leaky ReLU's test accuracy varies more from seed to seed "
            "than ReLU's and ELU's, beyond both intervals"
        )
    else:
        text = (
            f"this measurement does not show it: over {n} seeds Leaky ReLU's spread is not "
            f"clearly larger than {' or '.join(not_larger)} (an interval reaching down to 1 "
            "or below)"
        )
        if larger:
            text += f"; it is clearly larger than {larger[0]}"
    finite = all(np.isfinite(v) for v in out.values())
    return verdict(finite, leaky_verdict=text, **out)


def lecture_leaky_inconsistent(r: object) -> Verdict:
    """The lecture's "Leaky ReLU ... inconsistent results", measured across seeds: Leaky ReLU's
    spread exceeds ReLU's and ELU's with the lower ends of both 95% intervals above 1."""
    if (why := _unusable(r)) is not None:
        return why
    k = _k(r, "leaky_relu")
    lo = np.asarray(r.ratio_lo, dtype=float)
    return verdict(bool(lo[k, _k(r, "relu")] > 1 and lo[k, _k(r, "elu")] > 1))
