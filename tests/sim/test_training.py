"""The trainer on real Fashion-MNIST slices: data, splits, models, the loop, bad input."""

from __future__ import annotations

import gzip
import math
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch

from vizdl.sim import data as D
from vizdl.sim import training as T

TINY = dict(limit=2000, epochs=1, device="cpu")


def _idx(arr: np.ndarray) -> bytes:
    magic = bytes([0, 0, 8, arr.ndim])
    dims = b"".join(int(d).to_bytes(4, "big") for d in arr.shape)
    return magic + dims + arr.astype(np.uint8).tobytes()


def test_read_idx_plain_and_gzip_and_reject_bad_files(tmp_path: Path) -> None:
    imgs = np.random.default_rng(0).integers(0, 256, (5, 28, 28)).astype(np.uint8)
    (tmp_path / "a").write_bytes(_idx(imgs))
    (tmp_path / "b.gz").write_bytes(gzip.compress(_idx(imgs)))
    np.testing.assert_array_equal(D.read_idx(tmp_path / "a"), imgs)
    np.testing.assert_array_equal(D.read_idx(tmp_path / "b.gz"), imgs)
    (tmp_path / "short").write_bytes(_idx(imgs)[:-10])
    with pytest.raises(
        D.DataError, match="truncated or corrupt.*apt-get install dataset-fashion-mnist"
    ):
        D.read_idx(tmp_path / "short")
    (tmp_path / "png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    with pytest.raises(D.DataError, match="not an IDX file"):
        D.read_idx(tmp_path / "png")


def test_a_folder_in_torchvision_raw_layout_is_found(tmp_path: Path) -> None:
    src = D.find_data_dir()
    raw = tmp_path / "FashionMNIST" / "raw"
    raw.mkdir(parents=True)
    for f in src.iterdir():
        shutil.copy(f, raw / f.name)
    ds = D.load("test", tmp_path)
    assert ds.images.shape == (10_000, 28, 28) and ds.labels.max() == 9


def test_missing_data_gets_the_install_hint(tmp_path: Path) -> None:
    with pytest.raises(D.DataError, match=r"holds no Fashion-MNIST/MNIST IDX files; install"):
        D.find_data_dir(tmp_path)
    with pytest.raises(D.DataError, match="does not exist"):
        D.find_data_dir(tmp_path / "nope")


def test_splits_have_the_documented_sizes() -> None:
    std = T.make_splits("standard", val_size=5000)
    assert (len(std.y_train), len(std.y_val), len(std.y_test)) == (55_000, 5_000, 10_000)
    lec = T.make_splits("lecture")
    assert (len(lec.y_train), len(lec.y_val), len(lec.y_test)) == (49_000, 10_500, 10_500)
    assert lec.x_train.dtype == torch.float32 and float(lec.x_train.max()) == 1.0
    # the 70/15/15 split is a partition of all 70,000 images: class totals add up to 7000 each
    counts = sum(np.bincount(y.numpy(), minlength=10) for y in (lec.y_train, lec.y_val, lec.y_test))
    assert np.all(counts == 7000)


def test_model_summary_matches_the_lecture_and_both_styles_compute_the_same() -> None:
    seq = T.build_model("784-128-10", "sequential", seed=3)
    mod = T.build_model("784-128-10", "module", seed=3)
    assert T.model_summary(seq) == [
        ("Linear-1", "[-1, 128]", 100_480),
        ("Linear-2", "[-1, 10]", 1_290),
        ("Total", "", 101_770),
    ]
    assert T.model_summary(mod)[-1][2] == 101_770
    x = torch.rand(4, 784)
    torch.testing.assert_close(seq(x), mod(x))  # same seed, same weights, same function


def test_initializers_reach_the_model() -> None:
    net = T.build_model("784-200-10", init="xavier-uniform", seed=0)
    w = net[0].weight.detach().numpy()
    assert np.abs(w).max() <= math.sqrt(6 / (784 + 200))
    assert np.all(net[0].bias.detach().numpy() == 0)
    assert np.all(T.build_model(init="zeros")[2].weight.detach().numpy() == 0)


def test_training_is_seeded_deterministic_and_learns() -> None:
    a = T.train(**TINY, seed=1, hist_epochs=(0, 1))
    b = T.train(**TINY, seed=1, hist_epochs=(0, 1))
    np.testing.assert_array_equal(a.it_loss, b.it_loss)
    assert a.test_acc == b.test_acc
    assert a.iterations_per_epoch == 20 and len(a.it_loss) == 20
    assert a.it_loss[-5:].mean() < 0.6 * a.it_loss[:2].mean()
    assert a.test_acc > 0.6 and not a.diverged
    # histograms: fixed edges, every weight counted at each recorded epoch
    assert list(a.hist_epochs) == [0, 1]
    assert a.hist_counts.shape[:2] == (2, 2)
    assert a.hist_counts[:, 0].sum(axis=1).tolist() == [784 * 128] * 2
    assert not np.array_equal(a.hist_counts[0, 0], a.hist_counts[1, 0])
    c = T.train(**TINY, seed=2)
    assert not np.array_equal(a.it_loss, c.it_loss)


def test_running_training_accuracy_is_the_lectures_correct_over_dataset() -> None:
    r = T.train(limit=1000, epochs=2, batch_size=64, device="cpu")
    per = r.iterations_per_epoch
    sizes = np.minimum(64, 1000 - 64 * np.arange(per))
    for e in range(2):
        correct = (r.it_acc[e * per : (e + 1) * per] * sizes).sum()
        assert r.train_acc[e] == pytest.approx(correct / 1000)


def test_a_diverging_learning_rate_stops_and_is_marked() -> None:
    r = T.train(limit=2000, epochs=3, optimizer="sgd", lr=50.0, device="cpu")
    assert r.diverged and 1 <= r.diverged_at <= 20
    assert math.isnan(r.test_acc)
    assert len(r.it_loss) == r.diverged_at
    assert "over 100" in r.diverged_reason or "non-finite" in r.diverged_reason


def test_optimizers_by_name_and_state_dict_checkpoints(tmp_path: Path) -> None:
    p = [torch.nn.Parameter(torch.zeros(2))]
    assert isinstance(T.make_optimizer("rmsprop", p, 0.01), torch.optim.RMSprop)
    nag = T.make_optimizer("nesterov", p, 0.01)
    assert nag.defaults["momentum"] == 0.9 and nag.defaults["nesterov"] is True
    with pytest.raises(ValueError, match="bad hyperparameter for adam"):
        T.make_optimizer("adam", p, 0.01, {"momentum": 0.9})
    r = T.train(**TINY, save=tmp_path / "m.pt")
    net = T.build_model()
    net.load_state_dict(torch.load(tmp_path / "m.pt", weights_only=True))
    sp = T.make_splits(limit=1)
    with torch.no_grad():
        np.testing.assert_allclose(net(sp.x_test[:12]).numpy(), r.example_logits, rtol=1e-5)


def test_there_is_no_pickled_run_cache(tmp_path: Path) -> None:
    # train(cache_dir=...) used to pickle results and unpickle them from disk; it is gone (the
    # gallery's compute cache keeps results between builds), and asking for it is a clear error
    with pytest.raises(ValueError, match="unknown training setting 'cache_dir'"):
        T.train(**TINY, cache_dir=tmp_path)
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        (dict(optimizer="adamm"), r"unknown optimizer 'adamm' \(did you mean 'adam'\?\)"),
        (dict(init="he"), r"unknown initializer 'he'"),
        (dict(lr=0.0), r"learning rate must be > 0, got 0.0"),
        (dict(lr=-1e-3), r"learning rate must be > 0"),
        (dict(batch_size=0), r"batch size must be an integer >= 1, got 0"),
        (dict(model="784-64-10"), r"unknown model '784-64-10'"),
        (dict(split="80/20"), r"unknown split '80/20'"),
        (dict(device="tpu"), r"unknown device 'tpu'"),
    ],
)
def test_bad_input_gets_a_clear_error(kw: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        T.train(**{**TINY, **kw})


def test_the_split_arithmetic_of_the_lecture() -> None:
    s = T.split_arithmetic(total=100_000, batch_size=70)
    assert s.sizes.tolist() == [70_000, 15_000, 15_000]
    assert s.iterations == 1000 and s.last_batch == 70
    assert s.fmnist_sizes.tolist() == [49_000, 10_500, 10_500]
    assert s.fmnist_iterations == 700


def test_initializer_comparison_zero_weights_never_move() -> None:
    c = T.initializer_comparison(inits=("zeros", "xavier-normal"), epochs=1, limit=2000)
    zero_bin = np.searchsorted(c.hist_edges[0, 1], 0.0, side="right") - 1
    assert c.hist_counts[0, -1, 1, zero_bin] == 2000  # all 200 × 10 weights still exactly 0
    assert c.test_acc[0] == pytest.approx(0.1, abs=0.01)  # chance: only the output bias learns
    assert c.test_acc[1] > 0.6


@pytest.mark.slow
def test_the_lectures_numbers_are_reproduced() -> None:
    """784-128-10, batch 100, Adam, the lecture's code (lr 1e-4): per-epoch training accuracy
    69.5/80.1/82.5/83.6% (±1 point), but a test accuracy after 4 epochs well below the printed
    86.65%, which a run at lr 1e-3 reaches (±1 point)."""
    c = T.lecture_check(seeds=(0,))
    np.testing.assert_allclose(c.train_acc[0], c.lecture_train_acc, atol=0.01)
    assert c.test_acc_code[0] < 0.8665 - 0.02  # beyond the 1-point match tolerance (TEST_TOLERANCE)
    assert abs(c.test_acc[0] - 0.8665) <= 0.01
    assert (c.n_train, c.iterations_per_epoch, c.lr_code, c.lr_fast) == (60_000, 600, 1e-4, 1e-3)
