"""Batched training (issue 18) against the one-run-at-a-time reference it replaces.

Each batched computation trains the same networks on the same batches as the sequential code;
only the grouping of the arithmetic differs (one wide matrix product, one fused optimizer step), so
the numbers agree to float32 rounding. The tolerances below are stated per quantity.
"""

from __future__ import annotations

import numpy as np
import pytest

from vizdl.sim import approximation as A
from vizdl.sim import training as T
from vizdl.sim.splits import make_splits

LIMIT = 1500  # training images: a few dozen steps per epoch, enough for the runs to differ


@pytest.fixture(scope="module")
def splits() -> dict[int, T.Splits]:
    return {s: make_splits("standard", 0, LIMIT, s) for s in (0, 3)}


def _same_run(a: T.TrainResult, b: T.TrainResult, *, loss_rtol: float = 1e-4) -> None:
    assert a.diverged == b.diverged and a.diverged_at == b.diverged_at
    assert len(a.it_loss) == len(b.it_loss) and a.n_train == b.n_train
    np.testing.assert_allclose(b.it_loss, a.it_loss, rtol=loss_rtol, atol=1e-6)
    np.testing.assert_array_equal(b.hist_epochs, a.hist_epochs)
    # float32 rounding, grown over two epochs of SGD (measured here up to 2.9e-5 relative, 1.5e-4
    # absolute on weights of size 6: the kernels' summation order differs between CPUs): relative
    # for the large weights a diverging run grows, absolute near 0. A run mixed up with another
    # differs by O(1).
    np.testing.assert_allclose(b.last_weights, a.last_weights, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(b.example_logits, a.example_logits, rtol=1e-4, atol=1e-4)
    # accuracies count images: at most one image of the batch/test set may flip at rounding level
    np.testing.assert_allclose(b.it_acc, a.it_acc, atol=1.01 / 100)
    if not a.diverged:
        assert abs(a.test_acc - b.test_acc) <= 1 / a.n_test + 1e-12


def test_train_many_trains_each_run_as_train_does(splits) -> None:
    cfgs = [
        T.TrainConfig(lr=1e-3, epochs=2, limit=LIMIT, seed=0),
        T.TrainConfig(lr=1e-4, epochs=2, limit=LIMIT, seed=0, hist_epochs=(0, 2)),
        T.TrainConfig(lr=3e-3, epochs=2, limit=LIMIT, seed=3, init="xavier-normal"),
        T.TrainConfig(
            lr=1e-3, epochs=2, limit=LIMIT, seed=3, init="kaiming-uniform", style="module"
        ),
    ]
    seq = [T.train(c, splits=splits[c.seed], device="cpu") for c in cfgs]
    bat = T.train_many(cfgs, splits=splits)
    assert len(bat) == len(cfgs)
    for a, b in zip(seq, bat, strict=True):
        _same_run(a, b)
    # the runs really differ (lr, seed, init): a batch that mixed them up would fail above
    assert len({round(r.it_loss[-1], 4) for r in seq}) == len(cfgs)
    # histograms on the same fixed bins: counts equal but for weights that moved across an edge
    h_seq, h_bat = seq[1].hist_counts, bat[1].hist_counts
    assert h_seq.shape == h_bat.shape == (2, 2, 2001)
    np.testing.assert_array_equal(h_seq[0], h_bat[0])  # at initialization: the same network
    assert np.abs(h_seq - h_bat).sum() <= 20


def test_a_run_that_diverges_stops_alone(splits) -> None:
    # SGD at lr 5 from N(0, 1) weights blows up in its first epoch; Xavier at lr 0.05 trains on
    cfgs = [
        T.TrainConfig(optimizer="sgd", lr=5.0, init="large-normal", epochs=2, limit=LIMIT),
        T.TrainConfig(optimizer="sgd", lr=0.05, init="xavier-normal", epochs=2, limit=LIMIT),
    ]
    seq = [T.train(c, splits=splits[0], device="cpu") for c in cfgs]
    bat = T.train_many(cfgs, splits=splits)
    assert seq[0].diverged and not seq[1].diverged
    assert bat[0].diverged_reason == seq[0].diverged_reason
    for a, b in zip(seq, bat, strict=True):
        _same_run(a, b)
    assert len(bat[1].train_loss) == 2 and len(bat[0].train_loss) == 0


def test_train_many_refuses_runs_it_cannot_batch_in_one_line() -> None:
    with pytest.raises(ValueError, match=r"all runs must share epochs, got 1, 2"):
        T.train_many([T.TrainConfig(epochs=1), T.TrainConfig(epochs=2)])
    with pytest.raises(ValueError, match="give at least one training configuration"):
        T.train_many([])
    with pytest.raises(ValueError, match=r"learning rate must be"):
        T.train_many([T.TrainConfig(lr=-1.0)])


def test_lecture_check_batched_equals_sequential() -> None:
    kw = dict(seeds=(0, 1), epochs=2, limit=LIMIT)
    a, b = T.lecture_check(batched=False, **kw), T.lecture_check(batched=True, **kw)
    # accuracies over the 10,000 test images / 1500 training images: within 1 image
    np.testing.assert_allclose(b.test_acc, a.test_acc, atol=1.01e-4)
    np.testing.assert_allclose(b.test_acc_code, a.test_acc_code, atol=1.01e-4)
    np.testing.assert_allclose(b.train_acc, a.train_acc, atol=1.01 / LIMIT)
    assert a.test_acc[0] != a.test_acc[1]  # two seeds, two different runs
    assert b.n_train == a.n_train == LIMIT and b.iterations_per_epoch == 15


def test_initializer_comparison_batched_equals_sequential() -> None:
    # not N(0, 1): its huge logits under SGD at lr 0.1 amplify any rounding difference (a
    # different BLAS blocks the sums differently too), ~1e-2 in its weights after 2 epochs
    kw = dict(inits=("zeros", "small-normal", "xavier-uniform"), epochs=2, limit=LIMIT)
    a = T.initializer_comparison(batched=False, **kw)
    b = T.initializer_comparison(batched=True, **kw)
    np.testing.assert_allclose(b.test_acc, a.test_acc, atol=1.01e-4)
    np.testing.assert_allclose(b.train_loss, a.train_loss, rtol=1e-4)
    np.testing.assert_allclose(b.last_weights, a.last_weights, atol=1e-5)
    np.testing.assert_array_equal(b.hist_edges, a.hist_edges)
    np.testing.assert_array_equal(b.hist_counts[:, 0], a.hist_counts[:, 0])
    assert np.all(b.last_weights[0] == 0)  # zeros never leave zero, batched or not


def test_depth_vs_width_batched_equals_sequential() -> None:
    kw = dict(
        depths=(1, 3), budget=20_000, n_train=1000, val_size=300, max_epochs=6, patience=2,
        seeds=(0, 4),
    )  # fmt: skip
    a = A.depth_vs_width(batched=False, **kw)
    b = A.depth_vs_width(batched=True, **kw)
    # errors count images: equal but for one image flipped by rounding
    np.testing.assert_allclose(b.val_curve, a.val_curve, atol=1.01 / 300)
    np.testing.assert_allclose(b.test_error, a.test_error, atol=1.01e-4)
    np.testing.assert_allclose(b.train_error, a.train_error, atol=1.01e-3)
    np.testing.assert_array_equal(b.best_epoch, a.best_epoch)
    np.testing.assert_array_equal(b.stop_epoch, a.stop_epoch)
    assert len(np.unique(a.test_error)) == 4  # four different networks
