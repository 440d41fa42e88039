"""Checks on :mod:`vizdl.sim.depth_params` results (depth at fixed parameter counts).

Differences of mean test accuracy are set against the seed noise measured on the same result:
the seed-to-seed standard deviation pooled over every network (each network's sample variance
over its seeds, averaged), turned into the standard error of a difference of two means of
``n`` seeds, ``s·√(2/n)``. A difference counts as *beyond the seed noise* when it exceeds
:data:`NOISE_FACTOR` of those standard errors, and *within* it otherwise; the caption says which
the data show, so its wording follows the numbers instead of betting on a margin.
"""

from __future__ import annotations

import numpy as np

from vizdl.checks import Verdict, verdict

__all__ = [
    "BUDGET_TOLERANCE",
    "NOISE_FACTOR",
    "networks_at_their_budgets",
    "trained_to_early_stopping",
    "best_depth_per_budget",
    "depth_gain_against_seed_noise",
    "parameters_at_one_layer",
    "accuracy_rises_with_depth",
    "depth_beats_more_parameters",
]

#: every network's parameter count is within this fraction of its budget
BUDGET_TOLERANCE = 0.025
#: a difference of mean accuracies is "beyond the seed noise" above this many standard errors
NOISE_FACTOR = 2.0


def _mlp_params(depth: int, width: int) -> int:
    """784 → width (× depth) → 10 with biases, counted layer by layer."""
    sizes = [784] + [width] * depth + [10]
    return sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:], strict=True))


def _words(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _budget_text(r: object) -> str:
    return _words([f"{int(b):,}" for b in r.budgets])


def _acc(r: object) -> np.ndarray:
    """Test accuracy in points (depth, budget, seed)."""
    return np.asarray(r.test_acc, dtype=float) * 100


def _valid(r: object) -> bool:
    acc = _acc(r)
    return bool(
        acc.ndim == 3
        and acc.shape[:2] == (len(r.depths), len(r.budgets))
        and acc.shape[2] >= 2
        and np.all(np.isfinite(acc))
        and np.all((acc >= 0) & (acc <= 100))
        and int(np.min(r.depths)) == 1
    )


def _noise(r: object) -> tuple[float, float]:
    """(pooled seed-to-seed standard deviation, NOISE_FACTOR standard errors of a difference of
    two means), in points."""
    acc = _acc(r)
    s = float(np.sqrt(np.mean(np.var(acc, axis=2, ddof=1))))
    return s, NOISE_FACTOR * s * float(np.sqrt(2.0 / acc.shape[2]))


def networks_at_their_budgets(r: object) -> Verdict:
    """Every network's parameter count (recounted layer by layer from its width) is the one the
    result holds and within :data:`BUDGET_TOLERANCE` of its budget; at every budget the width
    never grows with the depth."""
    recount = np.array(
        [
            [_mlp_params(int(d), int(w)) for w in row]
            for d, row in zip(r.depths, r.widths, strict=True)
        ]
    )
    dev = np.abs(recount - r.budgets[None, :]) / r.budgets[None, :]
    order = np.argsort(r.depths)
    shrinks = bool(np.all(np.diff(np.asarray(r.widths)[order], axis=0) <= 0))
    return verdict(
        bool(np.array_equal(recount, r.params))
        and float(dev.max()) <= BUDGET_TOLERANCE
        and shrinks,
        max_dev=float(dev.max()),
        budget_tolerance=BUDGET_TOLERANCE,
        budget_text=_budget_text(r),
        budget_min=int(np.min(r.budgets)),
        budget_max=int(np.max(r.budgets)),
        depth_min=int(np.min(r.depths)),
        depth_max=int(np.max(r.depths)),
        width_min=int(np.min(r.widths)),
        width_max=int(np.max(r.widths)),
    )


def trained_to_early_stopping(r: object) -> Verdict:
    """Every run ended by early stopping (``patience`` epochs after its best, before the epoch
    limit), its kept validation accuracy is the best of its curve at its best epoch, and the
    subset was split 70/15/15 (to the image)."""
    curve = np.asarray(r.val_curve, dtype=float)
    best = np.asarray(r.best_epoch)
    at_best = np.take_along_axis(curve, best[..., None] - 1, axis=-1)[..., 0]
    kept = bool(
        np.allclose(at_best, r.val_acc) and np.allclose(np.nanmax(curve, axis=-1), r.val_acc)
    )
    stopped = bool(
        np.all(r.stop_epoch == best + r.patience) and np.all(r.stop_epoch < r.max_epochs)
    )
    sizes = np.array([r.n_train, r.n_val, r.n_test])
    split = bool(
        sizes.sum() == r.n_images
        and np.all(np.abs(sizes - np.array([0.70, 0.15, 0.15]) * r.n_images) <= 1)
    )
    return verdict(
        kept and stopped and split,
        patience=int(r.patience),
        max_epochs=int(r.max_epochs),
        best_min=int(best.min()),
        best_max=int(best.max()),
        n_images=int(r.n_images),
        n_train=int(r.n_train),
        n_val=int(r.n_val),
        n_test=int(r.n_test),
        n_seeds=len(r.seeds),
        lr=float(r.lr),
        batch_size=int(r.batch_size),
    )


def best_depth_per_budget(r: object) -> Verdict:
    """The depth with the highest mean test accuracy at each budget, and the seed spread (the
    largest range of one network's accuracy over its seeds)."""
    if not _valid(r):
        return verdict(False)
    m = _acc(r).mean(axis=2)
    best = [int(r.depths[i]) for i in np.argmax(m, axis=0)]
    spread = _acc(r).max(axis=2) - _acc(r).min(axis=2)
    return verdict(
        True,
        best_depths=_words([f"{d} at {int(b):,}" for d, b in zip(best, r.budgets, strict=True)]),
        spread_max=float(spread.max()),
        acc_min=float(m.min()),
        acc_max=float(m.max()),
    )


def depth_gain_against_seed_noise(r: object) -> Verdict:
    """The largest gain in mean test accuracy of a deeper network over the one-hidden-layer
    network of the same budget, and whether it is within or beyond :data:`NOISE_FACTOR` standard
    errors of the seed noise; how many of the deeper networks beat one layer beyond it."""
    if not _valid(r):
        return verdict(False)
    m = _acc(r).mean(axis=2)
    one = int(np.argmin(r.depths))
    gain = m - m[one][None, :]
    deeper = np.arange(len(r.depths)) != one
    g = gain[deeper]
    k = np.unravel_index(int(np.argmax(g)), g.shape)
    sd, noise = _noise(r)
    if not sd > 0:
        return verdict(False, seed_sd=sd)
    n_beyond = int(np.sum(g > noise))
    max_gain = float(g[k])
    return verdict(
        True,
        max_gain=max_gain,
        gain_depth=int(np.asarray(r.depths)[deeper][k[0]]),
        gain_budget=int(r.budgets[k[1]]),
        gain_word="beyond" if max_gain > noise else "within",
        seed_sd=sd,
        noise=noise,
        noise_factor=NOISE_FACTOR,
        n_beyond_text="none" if n_beyond == 0 else str(n_beyond),
        n_compared=int(g.size),
        min_gain=float(g.min()),
    )


def parameters_at_one_layer(r: object) -> Verdict:
    """Mean test accuracy gained by one hidden layer and by the deepest network from the
    smallest budget to the largest."""
    if not _valid(r):
        return verdict(False)
    m = _acc(r).mean(axis=2)
    lo, hi = int(np.argmin(r.budgets)), int(np.argmax(r.budgets))
    one, deep = int(np.argmin(r.depths)), int(np.argmax(r.depths))
    return verdict(
        True,
        param_gain_shallow=float(m[one, hi] - m[one, lo]),
        param_gain_deep=float(m[deep, hi] - m[deep, lo]),
    )


def accuracy_rises_with_depth(r: object) -> Verdict:
    """The lecture's "the test set accuracy consistently increases with increasing depth",
    measured: at every budget the mean test accuracy rises from each depth to the next."""
    order = np.argsort(r.depths)
    m = _acc(r).mean(axis=2)[order]
    rises = np.all(np.diff(m, axis=0) > 0, axis=0)
    n = int(rises.sum())
    return verdict(
        bool(np.all(rises)), n_rising_text="none" if n == 0 else str(n), n_budgets=len(r.budgets)
    )


def depth_beats_more_parameters(r: object) -> Verdict:
    """The lecture's "increasing the number of parameters ... without increasing their depth is
    not nearly as effective", measured: at every budget the deepest network beats one hidden
    layer beyond the seed noise, and by more than one hidden layer gains from the smallest budget
    to the largest."""
    m = _acc(r).mean(axis=2)
    one, deep = int(np.argmin(r.depths)), int(np.argmax(r.depths))
    lo, hi = int(np.argmin(r.budgets)), int(np.argmax(r.budgets))
    depth_gain = float(np.min(m[deep] - m[one]))
    _, noise = _noise(r)
    return verdict(
        depth_gain > noise and depth_gain > m[one, hi] - m[one, lo],
        depth_gain_min=depth_gain,
    )
