"""Glorot & Bengio's saturation run (vizdl.sim.saturation) against a plain torch.nn + torch.optim
loop, the paper's bounds against torch.nn.init, and its refusals."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from vizdl.sim.saturation import RUNS, _layers, init_bound, saturation
from vizdl.sim.splits import make_splits

SMALL = dict(
    updates=20, compare_updates=10, every=5, width=8, depth=2, n_probe=50, limit=100, seed=3
)  # 100 images / batches of 10: a fresh shuffle after update 10


@pytest.fixture(scope="module")
def r():
    return saturation(**SMALL)


def test_shapes_and_checkpoints(r) -> None:
    assert r.runs == RUNS
    assert r.iterations.tolist() == [0, 5, 10, 15, 20]
    assert r.run_updates.tolist() == [20, 10, 10]
    assert r.act_mean.shape == r.act_lo.shape == r.saturated.shape == (3, 5, 2)
    assert np.all(np.isfinite(r.act_mean[0])) and np.all(np.isfinite(r.act_mean[1:, :3]))
    assert np.all(np.isnan(r.act_mean[1:, 3:])) and np.all(np.isnan(r.probe_loss[1:, 3:]))
    done = np.isfinite(r.act_mean)
    assert np.all(r.act_lo[done] <= r.act_mean[done]) and np.all(r.act_mean[done] <= r.act_hi[done])
    assert r.n_train == 100 and r.n_probe == 50 and np.all(r.b_max == 0.0)


def _reference(act: str, init: str, steps: int, checkpoints: list[int]) -> list[dict]:
    """The same network as torch.nn modules, trained by torch.optim.SGD on the same batches;
    the probe statistics computed with numpy."""
    sp = make_splits("standard", 50, 100, 3)
    sizes = [784, 8, 8, 10]
    mods: list[torch.nn.Module] = []
    for i, (w, b) in enumerate(_layers(init, sizes, torch.Generator().manual_seed(3))):
        lin = torch.nn.Linear(sizes[i], sizes[i + 1])
        with torch.no_grad():
            lin.weight.copy_(w)
            lin.bias.copy_(b)
        mods.append(lin)
        if i < 2:
            mods.append(torch.nn.Sigmoid() if act == "sigmoid" else torch.nn.Tanh())
    net = torch.nn.Sequential(*mods)
    opt = torch.optim.SGD(net.parameters(), lr=0.1)
    order = torch.Generator().manual_seed(4)
    perms = [torch.randperm(100, generator=order) for _ in range(2)]
    out = []
    for it in range(steps + 1):
        if it in checkpoints:
            with torch.no_grad():
                h, stats = sp.x_val, []
                for m in net:
                    h = m(h)
                    if not isinstance(m, torch.nn.Linear):
                        stats.append(h.double().numpy().ravel())
                loss = float(torch.nn.functional.cross_entropy(h, sp.y_val))
            out.append({"a": stats, "loss": loss})
        if it == steps:
            break
        idx = perms[it // 10][(it % 10) * 10 : (it % 10 + 1) * 10]
        opt.zero_grad()
        torch.nn.functional.cross_entropy(net(sp.x_train[idx]), sp.y_train[idx]).backward()
        opt.step()
    return out


@pytest.mark.parametrize("k", [0, 1, 2])
def test_every_checkpoint_matches_torch_nn_and_torch_optim(r, k: int) -> None:
    act, init = RUNS[k]
    steps = int(r.run_updates[k])
    marks = [int(i) for i in r.iterations if i <= steps]
    ref = _reference(act, init, steps, marks)
    for c, rec in enumerate(ref):
        np.testing.assert_allclose(r.probe_loss[k, c], rec["loss"], rtol=1e-5)
        for layer, a in enumerate(rec["a"]):
            np.testing.assert_allclose(r.act_mean[k, c, layer], a.mean(), rtol=1e-5)
            np.testing.assert_allclose(r.act_std[k, c, layer], a.std(), rtol=1e-4)
            lo, hi = np.percentile(a, [1, 99])
            np.testing.assert_allclose([r.act_lo[k, c, layer], r.act_hi[k, c, layer]], [lo, hi], rtol=1e-4, atol=1e-6)  # fmt: skip
            bounds = (0.0, 1.0) if act == "sigmoid" else (-1.0, 1.0)
            share = np.mean((a < bounds[0] + 0.01) | (a > bounds[1] - 0.01))
            assert r.saturated[k, c, layer] == pytest.approx(share)


def test_the_bounds_are_torchs() -> None:
    # "normalized" is torch.nn.init.xavier_uniform_'s bound; "standard" nn.Linear's default
    # U(±1/√n_in) (kaiming_uniform_ with a = √5)
    gen = torch.manual_seed(0)
    w = torch.empty(300, 784)
    torch.nn.init.xavier_uniform_(w, generator=gen)
    a = init_bound("normalized", 784, 300)
    assert float(w.abs().max()) <= a and float(w.abs().max()) > 0.999 * a
    assert float(w.var()) == pytest.approx(a * a / 3, rel=0.01)
    top = float(torch.nn.Linear(784, 300).weight.detach().abs().max())
    a = init_bound("standard", 784, 300)
    assert a == 1 / math.sqrt(784)
    assert 0.999 * a < top <= a
    # the sim's own draws: uniform on [−a, a] (mean 0, variance a²/3), biases 0
    ((w, b),) = _layers("normalized", [784, 300], torch.Generator().manual_seed(1))
    a = init_bound("normalized", 784, 300)
    w, b = w.detach(), b.detach()
    assert float(w.var()) == pytest.approx(a * a / 3, rel=0.01)
    assert abs(float(w.mean())) < 0.01 * a and float(b.abs().max()) == 0.0


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        (dict(updates=0), "updates must be an integer >= 1"),
        (dict(updates=100, compare_updates=200), "compare_updates must be at most updates"),
        (dict(updates=100, compare_updates=50, every=60), "every must be at most compare_updates"),
        (dict(lr=0.0), "lr must be > 0"),
        (dict(limit=5), "limit must be 0"),
        (dict(seed=-1), "seed must be"),
    ],
)
def test_bad_settings_are_refused(kw: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        saturation(**kw)


def test_an_unknown_initialization_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown initialization 'xavier'; allowed: standard"):
        init_bound("xavier", 10, 10)
