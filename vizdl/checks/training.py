"""Checks on :mod:`vizdl.sim.training` results: the lecture's numbers reproduced, learning curves,
overfitting, inference, the confusion matrix, weight histograms and the split arithmetic."""

from __future__ import annotations

import math

import numpy as np

from vizdl.checks import Verdict, all_of, verdict

__all__ = [
    "lecture_train_accuracy_reproduced",
    "lecture_code_test_accuracy",
    "lecture_test_accuracy_at_the_code_lr",
    "fast_lr_test_accuracy",
    "lecture_iterations",
    "curves_lecture_split",
    "curves_loss_falls_validation_follows",
    "curves_batches_are_noisy",
    "overfitting_memorizes",
    "overfitting_validation_turns_up",
    "inference_first_test_image",
    "inference_hard_decision",
    "confusion_counts_the_test_set",
    "confusion_upper_body_classes",
    "confusion_trousers_bags_footwear",
    "init_zeros_never_leaves_zero",
    "init_large_normal_stays_large",
    "init_rest_reach_the_same_accuracy",
    "init_first_junction_keeps_its_shape",
    "init_second_junction_spreads_alike",
    "ridgelines_every_epoch",
    "ridgelines_large_normal_stays_wide",
    "ridgelines_drawn_spread_alike",
    "ridgelines_losses_fall",
    "split_sizes",
    "split_iterations",
    "split_lecture_iterations",
    "split_fmnist_classes_balanced",
]

# Tolerances of the reproduction of the lecture's printed numbers, in accuracy (1 point = 0.01):
# the seeds of one setting differ by a few tenths of a point.
TRAIN_TOLERANCE = 0.01
TEST_TOLERANCE = 0.01
LECTURE_EPOCHS = 4  # the lecture printed 4 epochs; its test accuracy is "After 4 epochs"


# -- lecture-numbers (LectureCheck) ---------------------------------------------------------------


def lecture_train_accuracy_reproduced(c: object) -> Verdict:
    """At the lecture's lr 1e-4 every seed's running training accuracy is within
    TRAIN_TOLERANCE of the lecture's printed value at every epoch."""
    dev = np.abs(np.asarray(c.train_acc, dtype=float) - np.asarray(c.lecture_train_acc, float))
    worst = float(np.max(dev)) if dev.size else math.nan
    return verdict(
        dev.size > 0 and worst <= TRAIN_TOLERANCE,
        train_dev_max=worst * 100,
        train_tol=TRAIN_TOLERANCE * 100,
        train_acc_last_min=float(np.min(c.train_acc[:, -1])) * 100,
        train_acc_last_max=float(np.max(c.train_acc[:, -1])) * 100,
        lecture_train_last=float(c.lecture_train_acc[-1]) * 100,
        epochs=int(np.shape(c.train_acc)[1]),
        n_seeds=len(c.seeds),
        lr_code=float(c.lr_code),
        batch_size=int(c.batch_size),
        n_train=int(c.n_train),
    )


def lecture_iterations(c: object) -> Verdict:
    """The runs take the lecture's 600 iterations per epoch (60,000 images / batch 100), so
    that 4 epochs are its 2400 iterations."""
    from vizdl.sim.training import LECTURE_ITERATIONS_PER_EPOCH

    per = int(c.iterations_per_epoch)
    total = per * int(np.shape(c.train_acc)[1])
    return verdict(
        per == LECTURE_ITERATIONS_PER_EPOCH and per == math.ceil(c.n_train / c.batch_size),
        iterations_per_epoch=per,
        iterations=total,
    )


def _test(c: object, field: str) -> tuple[float, float, float]:
    acc = np.asarray(getattr(c, field), dtype=float)
    return float(np.min(acc)), float(np.max(acc)), float(np.max(np.abs(acc - c.lecture_test_acc)))


def _lecture_epochs(c: object) -> bool:
    """Whether the runs took the lecture's 4 epochs (its test accuracy is "After 4 epochs")."""
    return int(np.shape(c.train_acc)[1]) == LECTURE_EPOCHS


def lecture_code_test_accuracy(c: object) -> Verdict:
    """What the lecture's code (lr 1e-4) reaches on the test set after the lecture's 4 epochs:
    measured for every seed, compared with the printed 86.65% (holds when the runs took 4 epochs
    and every seed is more than TEST_TOLERANCE below it: no seed "matches" the printed number,
    which is not this setting's)."""
    lo, hi, dev = _test(c, "test_acc_code")
    return verdict(
        _lecture_epochs(c) and hi < c.lecture_test_acc - TEST_TOLERANCE,
        code_test_min=lo * 100,
        code_test_max=hi * 100,
        code_gap_min=(c.lecture_test_acc - hi) * 100,
        code_gap_max=(c.lecture_test_acc - lo) * 100,
        lecture_test=float(c.lecture_test_acc) * 100,
    )


def lecture_test_accuracy_at_the_code_lr(c: object) -> Verdict:
    """The lecture's "After 4 epochs (2400 iterations) ... Accuracy: 86.65%" read with its code's
    lr 1e-4: every seed within TEST_TOLERANCE of 86.65% after 4 epochs of 600 iterations."""
    lo, hi, dev = _test(c, "test_acc_code")
    four = _lecture_epochs(c)
    return all_of(
        verdict(
            dev <= TEST_TOLERANCE and four,
            code_test_dev=dev * 100,
            test_tol=TEST_TOLERANCE * 100,
        ),
        lecture_iterations(c),
    )


def fast_lr_test_accuracy(c: object) -> Verdict:
    """At lr 1e-3 (ten times the code's) every seed's test accuracy after the lecture's 4 epochs
    is within TEST_TOLERANCE of the printed 86.65% (fails with fewer epochs: the printed number
    is "After 4 epochs")."""
    lo, hi, dev = _test(c, "test_acc")
    return verdict(
        _lecture_epochs(c) and dev <= TEST_TOLERANCE,
        fast_test_min=lo * 100,
        fast_test_max=hi * 100,
        fast_test_dev=dev * 100,
        lr_fast=float(c.lr_fast),
        test_tol=TEST_TOLERANCE * 100,
    )


# -- learning curves, overfitting (TrainResult) ---------------------------------------------------


def _fractions(r: object) -> tuple[float, float, float]:
    total = r.n_train + r.n_val + r.n_test
    return r.n_train / total, r.n_val / total, r.n_test / total


def curves_lecture_split(r: object) -> Verdict:
    """The run uses the lecture's 70/15/15 split of all 70,000 Fashion-MNIST images (each share
    within one image of it), one mini-batch per iteration."""
    total = r.n_train + r.n_val + r.n_test
    fr = _fractions(r)
    ok = total == 70_000 and all(
        abs(f - w) * total <= 1 for f, w in zip(fr, (0.70, 0.15, 0.15), strict=True)
    )
    return verdict(
        ok and r.config["split"] == "lecture",
        n_total=int(total),
        n_train=int(r.n_train),
        n_val=int(r.n_val),
        n_test=int(r.n_test),
        batch_size=int(r.config["batch_size"]),
        epochs=len(r.train_loss),
        iterations_per_epoch=int(r.iterations_per_epoch),
    )


# "No overfitting yet": the last validation loss is at most this fraction above its lowest.
NOT_OVERFITTING = 0.05


def curves_loss_falls_validation_follows(r: object) -> Verdict:
    """The epoch-mean training loss falls every epoch; the validation loss, measured once per
    epoch (one point each), ends below where it started, within 0.1 of the training loss, and
    at most NOT_OVERFITTING (5%) above its lowest value: it has not turned up (no overfitting
    yet)."""
    tl, vl = np.asarray(r.train_loss, float), np.asarray(r.val_loss, float)
    finite = len(vl) == len(tl) and len(vl) > 0 and bool(np.all(np.isfinite(vl)))
    low = float(np.min(vl)) if finite else math.nan
    above = float(vl[-1] / low - 1) if finite and low > 0 else math.nan
    holds = (
        len(tl) > 1
        and bool(np.all(np.diff(tl) < 0))
        and finite
        and vl[-1] < vl[0]
        and abs(vl[-1] - tl[-1]) < 0.1
        and above <= NOT_OVERFITTING
    )
    return verdict(
        holds,
        val_loss_min=low,
        val_best_epoch=int(np.argmin(vl)) + 1 if finite else 0,
        val_above_min=above,
        not_overfitting=NOT_OVERFITTING,
        train_loss_first=float(tl[0]),
        train_loss_end=float(tl[-1]),
        val_loss_first=float(vl[0]),
        val_loss_end=float(vl[-1]),
        val_acc_end=float(r.val_acc[-1]) * 100,
        val_points=int(np.sum(np.isfinite(vl))),
    )


def curves_batches_are_noisy(r: object) -> Verdict:
    """Single mini-batches scatter: in the last epoch the batch losses' standard deviation is at
    least a tenth of their mean (at batch 100), and the batch accuracies span at least 10 points."""
    per = int(r.iterations_per_epoch)
    loss = np.asarray(r.it_loss[-per:], float)
    acc = np.asarray(r.it_acc[-per:], float)
    sd, mean = float(np.std(loss)), float(np.mean(loss))
    span = float(np.max(acc) - np.min(acc)) * 100
    return verdict(
        sd >= 0.1 * mean and span >= 10,
        batch_loss_sd=sd,
        batch_loss_mean=mean,
        batch_acc_lo=float(np.min(acc)) * 100,
        batch_acc_hi=float(np.max(acc)) * 100,
    )


def overfitting_memorizes(r: object) -> Verdict:
    """On its small training set the network ends with training loss under 0.05 and 100%
    training accuracy. Also measures the setting the caption quotes."""
    tl, ta = float(r.train_loss[-1]), float(r.train_acc[-1])
    return verdict(
        tl < 0.05 and ta == 1.0,
        train_loss_end=tl,
        train_acc_end=ta * 100,
        n_train=int(r.n_train),
        n_val=int(r.n_val),
        epochs=len(r.train_loss),
        n_params=int(r.summary[-1][2]),
        model=str(r.config["model"]),
    )


# "Validation accuracy stays": from the best epoch on it spans at most this many points.
VAL_ACC_FLAT = 5.0


def overfitting_validation_turns_up(r: object) -> Verdict:
    """The validation loss reaches its lowest before the last fifth of the run and ends at least
    30% above that lowest value; the validation accuracy ends at least 10 points below the
    training accuracy, and from the epoch of the lowest validation loss on it stays within
    VAL_ACC_FLAT (5) points (measured: its range there)."""
    vl = np.asarray(r.val_loss, float)
    best = int(np.nanargmin(vl))
    gap = (float(r.train_acc[-1]) - float(r.val_acc[-1])) * 100
    after = np.asarray(r.val_acc, float)[best:] * 100
    return verdict(
        best + 1 <= 0.8 * len(vl)
        and vl[-1] >= 1.3 * vl[best]
        and gap >= 10
        and float(np.ptp(after)) <= VAL_ACC_FLAT,
        best_epoch=best + 1,
        val_acc_after_lo=float(np.min(after)),
        val_acc_after_hi=float(np.max(after)),
        val_acc_flat=VAL_ACC_FLAT,
        val_loss_min=float(vl[best]),
        val_loss_end=float(vl[-1]),
        val_acc_end=float(r.val_acc[-1]) * 100,
        acc_gap=gap,
    )


# -- inference, confusion matrix (TrainResult) ----------------------------------------------------


def inference_first_test_image(r: object) -> Verdict:
    """The first test image is class 9, an ankle boot (as the lecture says)."""
    true = int(r.example_labels[0])
    return verdict(true == 9, true_label=true, true_class=str(r.classes[true]))


def inference_hard_decision(r: object) -> Verdict:
    """The largest of the ten scores is the true class's, and softmax gives it over half of the
    probability (the probabilities, computed from the stored scores, add up to 1)."""
    s = np.asarray(r.example_logits[0], float)
    p = np.exp(s - s.max())
    p /= p.sum()
    hard = int(np.argmax(s))
    runner = int(np.argsort(s)[-2])
    return verdict(
        hard == int(r.example_labels[0]) and p[hard] > 0.5,
        hard_class=str(r.classes[hard]),
        score_max=float(s[hard]),
        p_max=float(p[hard]),
        runner_class=str(r.classes[runner]),
        p_runner=float(p[runner]),
        model=str(r.config["model"]),
        epochs=len(r.train_loss),
    )


def confusion_counts_the_test_set(r: object) -> Verdict:
    """The matrix counts every test image once (its sum is the test set, its diagonal the test
    accuracy)."""
    conf = np.asarray(r.confusion)
    total = int(conf.sum())
    acc = float(np.trace(conf)) / max(total, 1)
    return verdict(
        total == r.n_test and abs(acc - r.test_acc) < 1e-12,
        n_test=int(r.n_test),
        test_acc=acc * 100,
    )


_UPPER = (0, 2, 4, 6)  # T-shirt/top, Pullover, Coat, Shirt
_APART = (1, 5, 7, 8, 9)  # Trouser, Sandal, Sneaker, Bag, Ankle boot


def confusion_upper_body_classes(r: object) -> Verdict:
    """Shirts, T-shirts, pullovers and coats are confused with each other: at least 80% of their
    wrong decisions name another of these four, and the most frequent confusion of the matrix is
    between two of them."""
    conf = np.asarray(r.confusion, float)
    off = conf - np.diag(np.diag(conf))
    wrong = off[list(_UPPER)].sum()
    within = off[np.ix_(_UPPER, _UPPER)].sum()
    share = within / wrong if wrong else math.nan
    i, j = np.unravel_index(np.argmax(off), off.shape)
    return verdict(
        share >= 0.8 and i in _UPPER and j in _UPPER,
        upper_within=float(share),
        worst_true=str(r.classes[i]),
        worst_pred=str(r.classes[j]),
        worst_count=int(off[i, j]),
    )


def confusion_trousers_bags_footwear(r: object) -> Verdict:
    """Trousers, bags, sandals, sneakers and ankle boots are each classified right at least 90%
    of the time, and fewer than 1% of their images are taken for one of the four upper-body
    classes."""
    conf = np.asarray(r.confusion, float)
    rows = conf.sum(axis=1)
    recall = np.array([conf[k, k] / rows[k] for k in _APART])
    to_upper = conf[np.ix_(_APART, _UPPER)].sum() / rows[list(_APART)].sum()
    return verdict(
        recall.min() >= 0.9 and to_upper < 0.01,
        apart_recall_min=float(recall.min()),
        apart_to_upper=float(to_upper),
    )


# -- weight histograms per initializer (InitComparison) -------------------------------------------


def _index(c: object, init: str) -> int | None:
    return c.inits.index(init) if init in c.inits else None


def _spread(c: object, i: int, epoch: int, layer: int) -> float:
    """Root-mean-square weight of a histogram (bin centres; the bins are fine)."""
    e = np.asarray(c.hist_edges[i, layer], float)
    m = 0.5 * (e[:-1] + e[1:])
    h = np.asarray(c.hist_counts[i, epoch, layer], float)
    return float(np.sqrt((h * m**2).sum() / h.sum())) if h.sum() else math.nan


def init_zeros_never_leaves_zero(c: object) -> Verdict:
    """Started at zero, the second junction's final weights (stored in full) are all exactly 0,
    every first-junction weight is still in the histogram bin of 0 (only histograms of it are
    stored; measured: that bin's width), and the test accuracy is chance (within 1 point of
    10%). Also measures the setting."""
    i = _index(c, "zeros")
    setting = dict(
        model=str(c.model),
        epochs=int(c.epochs),
        optimizer=str(c.optimizer).upper(),
        lr=float(c.lr),
        n_train=int(c.n_train),
    )
    if i is None:
        return verdict(False, zeros_acc=math.nan, zero_bin_width=math.nan, **setting)
    stuck = True
    widths = []
    for layer in (0, 1):
        e = np.asarray(c.hist_edges[i, layer])
        zero_bin = int(np.searchsorted(e, 0.0, side="right") - 1)
        widths.append(float(e[zero_bin + 1] - e[zero_bin]))
        h = c.hist_counts[i, -1, layer]
        stuck &= bool(h[zero_bin] == h.sum() and c.hist_outside[i, -1, layer] == 0)
    w2 = np.asarray(c.last_weights[i], dtype=float)
    exact = w2.size > 0 and bool(np.all(w2 == 0))
    acc = float(c.test_acc[i])
    return verdict(
        stuck and exact and abs(acc - 0.1) <= 0.01,
        zeros_acc=acc * 100,
        zero_bin_width=widths[0],
        n_second_zero=int(np.sum(w2 == 0)),
        **setting,
    )


def init_large_normal_stays_large(c: object) -> Verdict:
    """Started from N(0, 1), the first junction's weights keep their spread (the final RMS
    weight within 10% of the initial one), and the run ends at least 3 points below the best
    test accuracy of the others."""
    i = _index(c, "large-normal")
    if i is None:
        return verdict(False, large_rms0=math.nan, large_rms_end=math.nan, large_acc=math.nan)
    r0, r1 = _spread(c, i, 0, 0), _spread(c, i, -1, 0)
    others = [k for k in range(len(c.inits)) if c.inits[k] not in ("zeros", "large-normal")]
    best = float(np.nanmax(c.test_acc[others])) if others else math.nan
    acc = float(c.test_acc[i])
    return verdict(
        abs(r1 / r0 - 1) <= 0.1 and acc <= best - 0.03,
        large_rms0=r0,
        large_rms_end=r1,
        large_acc=acc * 100,
    )


def _rest(c: object) -> list[int]:
    return [k for k in range(len(c.inits)) if c.inits[k] not in ("zeros", "large-normal")]


def init_rest_reach_the_same_accuracy(c: object) -> Verdict:
    """Every other initializer ends within 1 point of the same test accuracy (and above 80%)."""
    acc = np.asarray(c.test_acc, float)[_rest(c)]
    lo, hi = (float(np.min(acc)), float(np.max(acc))) if acc.size else (math.nan, math.nan)
    return verdict(
        acc.size > 0 and hi - lo <= 0.01 and lo > 0.8,
        rest_acc_min=lo * 100,
        rest_acc_max=hi * 100,
        n_rest=int(acc.size),
    )


def init_first_junction_keeps_its_shape(c: object) -> Verdict:
    """For every other initializer the first junction's final histogram still correlates with its
    initial one at least 0.9 (on the merged bins the figure draws, over the occupied range)."""
    from vizdl.numeric import rebin

    corrs = []
    for i in _rest(c):
        _, cc = rebin(c.hist_edges[i, 0], c.hist_counts[i, [0, -1], 0])
        corrs.append(float(np.corrcoef(cc[0], cc[1])[0, 1]))
    low = min(corrs) if corrs else math.nan
    return verdict(bool(corrs) and low >= 0.9, shape_corr_min=low)


def init_second_junction_spreads_alike(c: object) -> Verdict:
    """For every other initializer the second junction's weights spread out: the final RMS
    weight is at least 1.5 times the initial one, and the final ones lie within 25% of each
    other whatever they started from."""
    rest = _rest(c)
    r0 = np.array([_spread(c, i, 0, 1) for i in rest])
    r1 = np.array([_spread(c, i, -1, 1) for i in rest])
    if not rest:
        return verdict(False, rms2_min=math.nan, rms2_max=math.nan, rms2_growth_min=math.nan)
    return verdict(
        bool(np.all(r1 >= 1.5 * r0)) and r1.max() <= 1.25 * r1.min(),
        rms2_min=float(r1.min()),
        rms2_max=float(r1.max()),
        rms2_growth_min=float(np.min(r1 / r0)),
        rms2_init_min=float(r0.min()),
        rms2_init_max=float(r0.max()),
    )


def ridgelines_every_epoch(c: object) -> Verdict:
    """The histograms are recorded at initialization (epoch 0) and after every epoch, on bins
    fixed per run that hold every weight (none falls outside them)."""
    ep = np.asarray(c.hist_epochs)
    ok = len(ep) == c.epochs + 1 and bool(np.all(ep == np.arange(c.epochs + 1)))
    outside = int(np.sum(c.hist_outside))
    return verdict(ok and outside == 0, epochs=int(c.epochs), outside=outside)


def ridgelines_large_normal_stays_wide(c: object) -> Verdict:
    """Started from N(0, 1), the second junction's final RMS weight is at least twice the largest
    final one of the other initializers (but zeros)."""
    i = _index(c, "large-normal")
    rest = _rest(c)
    if i is None or not rest:
        return verdict(False, large_rms2_0=math.nan, large_rms2_end=math.nan)
    end = _spread(c, i, -1, 1)
    others = max(_spread(c, k, -1, 1) for k in rest)
    return verdict(end >= 2 * others, large_rms2_0=_spread(c, i, 0, 1), large_rms2_end=end)


def ridgelines_drawn_spread_alike(c: object) -> Verdict:
    """For the initializers the ridgeline figure draws (vizdl.render.RIDGE_INITS) but N(0, 1),
    the second junction's final RMS weight is at least 1.5 times the initial one, and the final
    ones lie within 25% of each other."""
    from vizdl.render import RIDGE_INITS

    drawn = [i for i, n in enumerate(c.inits) if n in RIDGE_INITS and n in _names(c, _rest(c))]
    if not drawn:
        return verdict(False, drawn_rms2_min=math.nan, drawn_rms2_max=math.nan, n_drawn_spread=0)
    r0 = np.array([_spread(c, i, 0, 1) for i in drawn])
    r1 = np.array([_spread(c, i, -1, 1) for i in drawn])
    return verdict(
        bool(np.all(r1 >= 1.5 * r0)) and r1.max() <= 1.25 * r1.min(),
        drawn_rms2_min=float(r1.min()),
        drawn_rms2_max=float(r1.max()),
        drawn_rms2_growth_min=float(np.min(r1 / r0)),
        drawn_rms2_init_min=float(r0.min()),
        drawn_rms2_init_max=float(r0.max()),
        n_drawn_spread=len(drawn),
    )


def _names(c: object, idx: list[int]) -> set[str]:
    return {c.inits[i] for i in idx}


def ridgelines_losses_fall(c: object) -> Verdict:
    """Each run of the ridgeline initializers (vizdl.render.RIDGE_INITS) ends with a lower
    training loss than after its first epoch."""
    from vizdl.render import RIDGE_INITS

    shown = [i for i, n in enumerate(c.inits) if n in RIDGE_INITS]
    tl = np.asarray(c.train_loss, float)[shown]
    return verdict(
        bool(shown) and bool(np.all(tl[:, -1] < tl[:, 0])),
        n_shown=len(shown),
        shown_loss_end_min=float(np.min(tl[:, -1])) if shown else math.nan,
        shown_loss_end_max=float(np.max(tl[:, -1])) if shown else math.nan,
    )


# -- split-and-batches (SplitArithmetic) ----------------------------------------------------------


def split_sizes(s: object) -> Verdict:
    """The three sizes add up to the total and each is its fraction of it (to one example)."""
    sizes = np.asarray(s.sizes, dtype=int)
    ok = int(sizes.sum()) == s.total and all(
        abs(n - f * s.total) <= 1 for n, f in zip(sizes, s.fractions, strict=True)
    )
    return verdict(
        ok,
        total=int(s.total),
        n_train=int(sizes[0]),
        n_val=int(sizes[1]),
        n_test=int(sizes[2]),
        pct_train=round(s.fractions[0] * 100),
        pct_val=round(s.fractions[1] * 100),
        pct_test=round(s.fractions[2] * 100),
    )


def split_iterations(s: object) -> Verdict:
    """With batch size B the n training examples make ⌈n / B⌉ mini-batches: one iteration and one
    gradient update each, per epoch."""
    n = int(s.sizes[0])
    iters = math.ceil(n / s.batch_size)
    return verdict(
        iters == s.iterations, batch_size=int(s.batch_size), iterations=int(s.iterations)
    )


def split_lecture_iterations(s: object) -> Verdict:
    """The lecture's example: 70,000 training examples at batch 70 are 1000 mini-batches."""
    return all_of(
        split_iterations(s),
        verdict(s.iterations == 1000 and s.batch_size == 70 and int(s.sizes[0]) == 70_000),
    )


def split_fmnist_classes_balanced(s: object) -> Verdict:
    """The same split of Fashion-MNIST's 70,000 images keeps every class between 9% and 11% of
    each split."""
    counts = np.asarray(s.fmnist_class_counts, float)
    share = counts / counts.sum(axis=1, keepdims=True)
    sizes = np.asarray(s.fmnist_sizes, dtype=int)
    return verdict(
        bool(np.all((share >= 0.09) & (share <= 0.11))) and int(sizes.sum()) == 70_000,
        fm_total=int(sizes.sum()),
        fm_train=int(sizes[0]),
        fm_val=int(sizes[1]),
        fm_test=int(sizes[2]),
        class_share_min=float(share.min()),
        class_share_max=float(share.max()),
        fm_iterations=int(s.fmnist_iterations),
    )


# --- the model summary (vizdl.sim.training.first_model_summary) ---------------------------------

__all__ += [
    "summary_module_rows",
    "summary_sequential_rows",
    "summary_as_the_lecture_prints",
    "summary_same_function",
]


def _mb(r: object) -> float:
    return int(r.module_total) * int(r.param_bytes) / 2**20


def summary_module_rows(r: object) -> Verdict:
    """The nn.Module's table: one row per Linear layer, each holding n_in·n_out + n_out parameters
    (read from the layer's features), rows summing to the total, all trainable; its output shapes
    end in each layer's n_out."""
    n_in, n_out = np.asarray(r.linear_in), np.asarray(r.linear_out)
    closed = n_in * n_out + n_out
    params = np.asarray(r.module_params)
    holds = (
        len(r.module_names) == len(closed)
        and all(n.startswith("Linear-") for n in r.module_names)
        and np.array_equal(params, closed)
        and int(params.sum()) == int(r.module_total) == int(r.module_trainable)
        and all(s.endswith(f", {o}]") for s, o in zip(r.module_shapes, n_out, strict=False))
    )
    return verdict(
        holds,
        sum_n_in=int(n_in[0]),
        sum_n_hidden=int(n_out[0]),
        sum_n_out=int(n_out[-1]),
        sum_layer1=int(params[0]),
        sum_layer2=int(params[-1]),
        sum_total=int(r.module_total),
        sum_shape1=str(r.module_shapes[0]),
        sum_shape2=str(r.module_shapes[-1]),
        sum_mb=_mb(r),
        sum_bytes=int(r.param_bytes),
        sum_input_size="(" + ", ".join(str(n) for n in r.input_size) + ")",
    )


def summary_sequential_rows(r: object) -> Verdict:
    """The nn.Sequential's table has the same Linear rows plus the ReLU module's row (0
    parameters), and the same total: the nn.Module calls relu as a function, which has no row."""
    lin = [i for i, n in enumerate(r.sequential_names) if n.startswith("Linear-")]
    relu = [i for i, n in enumerate(r.sequential_names) if n.startswith("ReLU-")]
    params = np.asarray(r.sequential_params)
    holds = (
        len(r.sequential_names) == len(r.module_names) + 1
        and np.array_equal(params[lin], np.asarray(r.module_params))
        and len(relu) == 1
        and int(params[relu[0]]) == 0
        and int(r.sequential_total) == int(r.module_total)
    )
    return verdict(
        holds,
        seq_rows=len(r.sequential_names),
        seq_relu_row=r.sequential_names[relu[0]] if relu else "",
        seq_total=int(r.sequential_total),
    )


def summary_as_the_lecture_prints(r: object) -> Verdict:
    """The lecture's printed table: the same rows (names, output shapes, parameters), Total params
    101,770, Params size (MB) 0.39."""
    holds = (
        tuple(r.module_names) == tuple(r.lecture_names)
        and tuple(r.module_shapes) == tuple(r.lecture_shapes)
        and np.array_equal(np.asarray(r.module_params), np.asarray(r.lecture_params))
        and int(r.module_total) == int(r.lecture_total)
        and f"{_mb(r):.2f}" == r.lecture_params_mb
    )
    return verdict(holds, lecture_total=int(r.lecture_total), lecture_mb=str(r.lecture_params_mb))


def summary_same_function(r: object) -> Verdict:
    """With the Sequential's weights copied in, the Module's outputs equal the Sequential's to
    within 10⁻⁶ on every image and give the same class to every image; before the copy (other
    weights) they differ by more than 0.1 somewhere — the equality is the weights', not chance."""
    return verdict(
        r.diff_after <= 1e-6 and r.same_class_after == 1.0 and r.diff_before > 0.1,
        sum_diff_after=float(r.diff_after),
        sum_diff_before=float(r.diff_before),
        sum_same_before=float(r.same_class_before),
        sum_same_after=float(r.same_class_after),
        sum_n_images=int(r.n_images),
        sum_label_name=str(r.label_name),
    )
