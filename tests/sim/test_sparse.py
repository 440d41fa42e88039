"""Adagrad on sparse features (vizdl.sim.optimizers.sparse): torch.optim's own runs, its
effective rates against the closed form from the gradients, the tuning on the grid."""

from __future__ import annotations

import numpy as np
import pytest

from vizdl.sim.optimizers import sparse as S


@pytest.fixture(scope="module")
def r():
    return S.sparse_features(steps=300, batch_size=10)


def test_adagrads_effective_rate_is_eta_over_the_root_of_its_gradient_sum() -> None:
    # replay Adagrad's run by hand: G_ii is the sum of the squared mini-batch gradients
    x, y = S._stream(3, 2, 0.5, 0.1, 50, 4, 0.1, seed=1)
    rare = np.array([False, False, False, True, True])
    err, eff, loss = S._run("Adagrad", 0.3, x, y, rare)
    w, g_sum = np.zeros(5), np.zeros(5)
    for t in range(50):
        g = x[t].T @ (x[t] @ w - y[t]) / len(y[t])  # ∇ of ½ mean (x·w − y)²
        g_sum += g * g
        w = w - 0.3 * g / (np.sqrt(g_sum) + 1e-10)
        np.testing.assert_allclose(eff[t], 0.3 / (np.sqrt(g_sum) + 1e-10), rtol=1e-10)
    np.testing.assert_allclose(err[-1, 1], np.sqrt(np.mean((w[rare] - 1) ** 2)), rtol=1e-10)


def test_sgds_effective_rate_is_one_for_all_and_the_best_of_its_grid(r) -> None:
    k = r.labels.index("SGD")
    assert np.all(r.eff_lr[k] == r.lrs[k])
    for j, label in enumerate(r.labels):
        losses = r.grid_loss[j]
        assert r.lrs[j] == r.grid[j, int(np.nanargmin(losses))], label


def test_the_stream_has_the_stated_sparsity(r) -> None:
    assert r.on_share[r.rare].mean() == pytest.approx(0.02, rel=0.3)
    assert r.on_share[~r.rare].mean() == pytest.approx(0.5, rel=0.05)
    assert r.error[0, 0, 0] == r.error[1, 0, 0] == 1.0  # both start at w = 0, w* = 1


@pytest.mark.parametrize(
    ("kw", "says"),
    [
        ({"p_rare": 0.6}, "p_rare must be below p_common"),
        ({"p_common": 1.5}, "p_common must be in"),
        ({"steps": 5}, "steps"),
    ],
)
def test_bad_settings_are_refused(kw: dict, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        S.sparse_features(**kw)
