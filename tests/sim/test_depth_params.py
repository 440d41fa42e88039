"""Depth at fixed parameter counts: widths solved to the budget (counted by torch), the 70/15/15
subset, early stopping on a small real run, and one-line refusals."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from vizdl.sim import depth_params as D
from vizdl.sim.splits import make_splits


def _torch_count(depth: int, width: int) -> int:
    sizes = [784] + [width] * depth + [10]
    net = torch.nn.Sequential(
        *(torch.nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:], strict=True))
    )
    return sum(p.numel() for p in net.parameters())


@pytest.mark.parametrize("budget", [20_000, 25_000, 50_000, 100_000, 400_000])
@pytest.mark.parametrize("depth", [1, 2, 4, 6])
def test_the_width_is_the_one_nearest_the_budget(depth: int, budget: int) -> None:
    w = D.nearest_width(depth, budget)
    counts = {v: _torch_count(depth, v) for v in range(max(w - 3, 1), w + 4)}
    assert min(counts, key=lambda v: (abs(counts[v] - budget), v)) == w
    assert abs(counts[w] - budget) / budget < 0.025  # the claim's tolerance, at the knobs' ends


def test_a_small_run_splits_the_subset_and_stops_early() -> None:
    r = D.depth_at_fixed_parameters(
        max_depth=2,
        smallest_budget=20_000,
        n_budgets=2,
        n_images=2000,
        max_epochs=60,
        patience=3,
        batch_size=100,
        n_seeds=2,
    )
    assert (r.n_train, r.n_val, r.n_test) == (1400, 300, 300)
    assert r.test_acc.shape == (2, 2, 2) and r.val_curve.shape == (2, 2, 2, 60)
    np.testing.assert_array_equal(r.budgets, [20_000, 40_000])
    for i, d in enumerate(r.depths):
        for j in range(2):
            assert r.params[i, j] == _torch_count(int(d), int(r.widths[i, j]))
    assert np.all(r.stop_epoch == r.best_epoch + 3) and np.all(r.stop_epoch < 60)
    for idx in np.ndindex(r.best_epoch.shape):
        curve = r.val_curve[idx]
        assert np.isnan(curve[r.stop_epoch[idx] :]).all()
        assert r.val_acc[idx] == pytest.approx(np.nanmax(curve))
        assert np.nanargmax(curve) + 1 == r.best_epoch[idx]
    # trained, not guessing (10 classes), and accuracies are fractions of the 300 test images
    assert np.all(r.test_acc > 0.5) and np.allclose(r.test_acc * 300, np.round(r.test_acc * 300))
    assert len(r.table()["depth"]) == 4


def test_the_subset_is_the_start_of_the_lecture_split() -> None:
    sp, full = D._subset(2000, seed=1), make_splits("lecture", seed=1)
    assert (len(sp.y_train), len(sp.y_val), len(sp.y_test)) == (1400, 300, 300)
    torch.testing.assert_close(sp.x_train, full.x_train[:1400])
    torch.testing.assert_close(sp.x_val, full.x_val[:300])
    torch.testing.assert_close(sp.x_test, full.x_test[:300])


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("max_depth", 1, "max_depth must be an integer >= 2"),
        ("smallest_budget", 19_999, "smallest_budget must be an integer >= 20000"),
        ("n_budgets", 1, "n_budgets must be an integer >= 2"),
        ("n_images", 1999, "n_images must be an integer >= 2000"),
        ("n_images", 70_001, "n_images must be at most Fashion-MNIST's 70,000"),
        ("max_epochs", 0, "max_epochs must be an integer >= 1"),
        ("patience", 0, "patience must be an integer >= 1"),
        ("batch_size", 0, "batch_size must be an integer >= 1"),
        ("lr", 0.0, "lr must be > 0"),
        ("n_seeds", 1, "n_seeds must be an integer >= 2"),
    ],
)
def test_bad_settings_are_refused_in_one_line(key: str, value: object, says: str) -> None:
    with pytest.raises(ValueError, match=says) as info:
        D.depth_at_fixed_parameters(**{key: value})
    assert "\n" not in str(info.value)
