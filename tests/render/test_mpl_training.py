"""Trainer figures from tiny real runs: the artists carry the run's numbers."""

from __future__ import annotations

import numpy as np
import pytest

from vizdl.numeric import rebin
from vizdl.render.mpl import new_figure, style_context
from vizdl.render.mpl import training as R
from vizdl.sim import training as T


@pytest.fixture(scope="module")
def run() -> T.TrainResult:
    return T.train(limit=2000, epochs=2, split="lecture", device="cpu")


def test_learning_curves_plot_every_batch_and_the_validation_points(run) -> None:
    with style_context():
        fig = new_figure((12, 4))
        R.figure_learning_curves(fig, run)
        lines = {ln.get_label(): ln.get_xydata() for ln in fig.axes[0].get_lines()}
    np.testing.assert_allclose(lines["train, each mini-batch"][:, 1], run.it_loss)
    val = lines["validation, after each epoch"]
    np.testing.assert_allclose(val[:, 0], [20, 40])
    np.testing.assert_allclose(val[:, 1], run.val_loss)


def test_inference_bars_are_the_softmax_of_the_scores(run) -> None:
    with style_context():
        fig = new_figure((12, 4))
        R.figure_inference(fig, run)
        widths = np.array([p.get_width() for p in fig.axes[1].patches])
    z = run.example_logits[0]
    p = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    np.testing.assert_allclose(widths, p * 100)
    assert widths.sum() == pytest.approx(100)


def test_confusion_matrix_rows_are_shares_of_the_true_class(run) -> None:
    with style_context():
        fig = new_figure((8, 7))
        R.figure_confusion(fig, run)
        img = np.asarray(fig.axes[0].images[0].get_array())
    conf = run.confusion
    assert conf.sum() == run.n_test
    assert np.trace(conf) / conf.sum() == pytest.approx(run.test_acc)
    np.testing.assert_allclose(img, conf / conf.sum(axis=1, keepdims=True) * 100)


def test_init_histograms_and_ridgelines_draw_the_recorded_counts() -> None:
    c = T.initializer_comparison(inits=("zeros", "torch-default"), epochs=1, limit=1000)
    with style_context():
        fig = new_figure((12, 8))
        R.figure_init_histograms(fig, c)
        stairs = [p for ax in fig.axes for p in ax.patches if hasattr(p, "get_data")]
        drawn = stairs[0].get_data()
        edges, counts = rebin(c.hist_edges[0, 1], c.hist_counts[0, [0, -1], 1])
        np.testing.assert_allclose(drawn.values, counts[1] / counts[1].sum() * 100)
        np.testing.assert_allclose(drawn.edges, edges)
        # zeros never move: one bar around 0 holds all 2000 second-junction weights
        k = int(np.argmax(counts[1]))
        assert counts[1, k] == 2000 and drawn.edges[k] < 0 < drawn.edges[k + 1]
        assert len(drawn.values) < 10
        fig2 = new_figure((12, 4))
        R.figure_ridgelines(fig2, c)
        assert [ax.get_title() for ax in fig2.axes] == [c.labels[1]]


def test_split_figure_prints_the_lecture_arithmetic() -> None:
    s = T.split_arithmetic()
    with style_context():
        fig = new_figure((12, 7))
        R.figure_splits(fig, s)
        titles = [ax.get_title() for ax in fig.axes]
    assert any("= 1,000 mini-batches: 1 epoch = 1,000 iterations" in t for t in titles)
    # the batch row: the first six and the last two batches, labelled with their examples
    texts = [t.get_text() for t in fig.axes[1].texts]
    assert texts[0] == "batch 1\nexamples\n1–70" and texts[-1].startswith("batch 1,000")
    assert texts[-1].endswith("69,931–70,000") and "…" in texts
    assert len(texts) == 9  # 6 + ellipsis + 2: no thousand overlapping labels
    # a few batches: all shown, no ellipsis
    with style_context():
        fig = new_figure((12, 7))
        R.figure_splits(fig, T.split_arithmetic(total=1000, batch_size=200))
        texts = [t.get_text() for t in fig.axes[1].texts]
    assert texts == [
        "batch 1\nexamples\n1–200",
        "batch 2\nexamples\n201–400",
        "batch 3\nexamples\n401–600",
        "batch 4\nexamples\n601–700",
    ]


def test_lecture_check_draws_both_learning_rates_beside_the_printed_numbers() -> None:
    c = T.LectureCheck(
        seeds=np.array([0, 1]),
        test_acc=np.array([0.866, 0.86]),
        train_acc=np.array([T.LECTURE_TRAIN_ACCURACY, T.LECTURE_TRAIN_ACCURACY]) + 0.002,
        lecture_test_acc=T.LECTURE_TEST_ACCURACY,
        lecture_train_acc=np.array(T.LECTURE_TRAIN_ACCURACY),
        epoch_seconds=np.ones(2),
        test_acc_code=np.array([0.83, 0.826]),
        lr_code=1e-4,
        lr_fast=1e-3,
        batch_size=100,
        n_train=60_000,
        iterations_per_epoch=600,
    )
    with style_context():
        fig = new_figure((14, 5))
        R.figure_lecture_check(fig, c)
        ax1, ax2 = fig.axes[:2]
        right = {ln.get_label(): ln.get_xydata() for ln in ax2.get_lines()}
        left = {ln.get_label(): ln.get_xydata() for ln in ax1.get_lines()}
    np.testing.assert_allclose(right["vizdl, lr 0.0001 (the code's)"][:, 1], [83.0, 82.6])
    np.testing.assert_allclose(right["vizdl, lr 0.001"][:, 1], [86.6, 86.0])
    np.testing.assert_allclose(right["lecture (printed) 86.65%"][:, 1], 86.65)
    np.testing.assert_allclose(left["lecture (printed)"][:, 1], [69.465, 80.11, 82.467, 83.615])
    assert "4 epochs (2400 iterations)" in ax2.get_title()
