"""Test accuracy across seeds: each run is torch's plain training loop, the bootstrap interval
is the percentile interval of resampled seeds."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from vizdl.sim.seed_spread import seed_spread, spread_ratio_interval
from vizdl.sim.splits import make_splits

SMALL = dict(n_seeds=3, n_train=200, hidden=8, epochs=2, batch_size=40, n_boot=200)


def _one_run(act: torch.nn.Module, seed: int) -> float:
    """The loop written out here: 784-8-8-10, SGD(0.05, 0.9), seed-drawn weights and batches."""
    sp = make_splits(limit=200, seed=0)
    torch.manual_seed(seed)
    net = torch.nn.Sequential(
        torch.nn.Linear(784, 8), act, torch.nn.Linear(8, 8), act, torch.nn.Linear(8, 10)
    )
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
    g = torch.Generator().manual_seed(seed)
    for _ in range(2):
        perm = torch.randperm(200, generator=g)
        for i in range(5):
            idx = perm[i * 40 : (i + 1) * 40]
            loss = torch.nn.functional.cross_entropy(net(sp.x_train[idx]), sp.y_train[idx])
            opt.zero_grad()
            loss.backward()
            opt.step()
    with torch.no_grad():
        return float((net(sp.x_test).argmax(1) == sp.y_test).double().mean())


def test_each_run_is_the_plain_training_loop() -> None:
    r = seed_spread(**SMALL, seed=4)
    assert list(r.seeds) == [4, 5, 6]
    for k, act in enumerate((torch.nn.ReLU(), torch.nn.LeakyReLU(), torch.nn.ELU())):
        # the same run; torch may split a matrix product over threads differently (the
        # simulation uses one), which can flip a near-tie: at most 3 of the 10,000 test images
        assert abs(r.final[k, 1] - _one_run(act, 5)) <= 3e-4, r.names[k]
    assert r.n_test == 10_000 and r.n_train == 200 and not r.diverged.any()
    np.testing.assert_allclose(r.spread, r.final.std(axis=1, ddof=1))


def test_the_torch_thread_count_is_restored() -> None:
    before = torch.get_num_threads()
    seed_spread(**{**SMALL, "n_seeds": 3, "epochs": 1})
    assert torch.get_num_threads() == before


def test_the_bootstrap_interval_is_the_percentile_interval_of_resampled_seeds() -> None:
    final = np.array([[0.70, 0.74, 0.72, 0.78, 0.71], [0.69, 0.79, 0.73, 0.70, 0.80]])
    ratio, lo, hi = spread_ratio_interval(final, n_boot=500, seed=3)
    sd = final.std(axis=1, ddof=1)
    assert ratio[1, 0] == pytest.approx(sd[1] / sd[0]) and ratio[0, 1] == pytest.approx(
        sd[0] / sd[1]
    )
    assert ratio[0, 0] == 1.0
    # the same resamples written out as loops
    idx = np.random.default_rng(3).integers(0, 5, size=(500, 5))
    got = []
    for row in idx:
        a, b = final[0, row].std(ddof=1), final[1, row].std(ddof=1)
        if a > 0:
            got.append(b / a)
    assert lo[1, 0] == pytest.approx(np.percentile(got, 2.5))
    assert hi[1, 0] == pytest.approx(np.percentile(got, 97.5))
    assert lo[1, 0] < ratio[1, 0] < hi[1, 0]


@pytest.mark.parametrize(
    ("kw", "says"),
    [
        ({"activations": ("relu", "swish")}, "swish"),
        ({"activations": ("relu", "relu")}, "repeat"),
        ({"activations": ()}, "at least one"),
        ({"n_seeds": 2}, "n_seeds"),
        ({"n_train": 50}, "n_train"),
        ({"lr": 0.0}, "lr"),
        ({"momentum": 1.0}, "momentum"),
        ({"n_boot": 10}, "n_boot"),
        ({"seed": -1}, "seed"),
    ],
)
def test_bad_input_is_refused_in_one_line(kw: dict, says: str) -> None:
    with pytest.raises(ValueError, match=says) as err:
        seed_spread(**kw)
    assert "\n" not in str(err.value)
