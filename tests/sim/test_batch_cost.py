"""The cost-of-mini-batches simulation against a hand-written torch training loop, its
bookkeeping (marks, examples, clock) and its refusals."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from vizdl.sim import data as fmnist
from vizdl.sim._threads import one_thread
from vizdl.sim.optimizers.batch_cost import batch_cost

N, LR, SEED = 120, 0.05, 3


@pytest.fixture(scope="module")
def r():
    return batch_cost(
        n=N, batch_sizes=(1, 7, N), lr=LR, epochs=2, updates=9, hidden=5, checkpoints=6, seed=SEED
    )


def _reference(batch: int, hidden: int, total: int) -> dict[int, float]:
    """The module's recipe written out: the seeded shuffle of the 60,000 training images, the
    first N as [0, 1] rows; the net built after torch.manual_seed(SEED); per epoch e the order
    default_rng([SEED, e]).permutation(N) cut into N // batch batches (the rest dropped);
    torch.optim.SGD on the mean cross-entropy. Returns the loss on all N after every update."""
    ds = fmnist.load("train")
    keep = np.random.default_rng(SEED).permutation(len(ds.labels))[:N]
    x = torch.from_numpy(ds.images[keep].reshape(N, 784).astype(np.float32) / 255.0)
    y = torch.from_numpy(ds.labels[keep])
    torch.manual_seed(SEED)
    net = torch.nn.Sequential(
        torch.nn.Linear(784, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, 10)
    )
    opt = torch.optim.SGD(net.parameters(), lr=LR)
    with torch.no_grad():
        losses = {0: float(torch.nn.functional.cross_entropy(net(x), y))}
    done, epoch = 0, 0
    while done < total:
        order = np.random.default_rng([SEED, epoch]).permutation(N)
        epoch += 1
        for i in range(N // batch):
            if done == total:
                break
            idx = torch.from_numpy(order[i * batch : (i + 1) * batch])
            opt.zero_grad()
            torch.nn.functional.cross_entropy(net(x[idx]), y[idx]).backward()
            opt.step()
            done += 1
            with torch.no_grad():
                losses[done] = float(torch.nn.functional.cross_entropy(net(x), y))
    return losses


def test_every_run_matches_a_hand_written_torch_loop(r) -> None:
    for k, b in enumerate(r.batch_sizes):
        at, _, loss, _ = r.curve(k)
        with one_thread():  # the simulation's thread count: the same sums
            ref = _reference(b, 5, int(at[-1]))
        assert max(ref) == at[-1]
        # the same operations in the same order on one thread: equal to the last bit
        np.testing.assert_array_equal(loss, [ref[int(u)] for u in at])


def test_every_run_reaches_both_marks_and_counts_its_examples(r) -> None:
    # batch 1: 2 epochs = 240 updates; batch 7: 17 per epoch (1 image dropped), max(34, 9);
    # the full batch: 2 epochs are 2 updates, so it runs to the 9 updates of the other mark
    assert list(r.total_updates) == [240, 34, 9]
    assert list(r.epoch_updates) == [120, 17, 1]
    for k, b in enumerate(r.batch_sizes):
        at, examples, loss, seconds = r.curve(k)
        assert at[0] == 0 and list(at) == sorted(set(at))
        assert {2 * int(r.epoch_updates[k]), 9} <= set(at.tolist())
        np.testing.assert_array_equal(examples, at * b)
        assert loss[0] == r.start_loss  # one initialization for all
        assert seconds[0] == 0.0 and np.all(np.diff(seconds) >= 0)
        assert seconds[-1] == r.total_seconds[k] > 0
        assert len(at) == r.n_checks[k] and np.all(r.at_update[k, len(at) :] == -1)
    assert r.threads == 1 and r.cpu
    t = r.table()
    assert t["batch_size"] == [1, 7, N]
    assert t["epochs_run"] == [2.0, 2.0, 9.0]
    assert t["loss_after_9_updates"] == [r.loss_at(k, 9) for k in range(3)]


def test_softmax_regression_is_one_linear_layer() -> None:
    s = batch_cost(n=50, batch_sizes=(50,), lr=0.1, epochs=1, updates=1, checkpoints=2, seed=0)
    at, _, loss, _ = s.curve(0)
    assert list(at) == [0, 1] and s.hidden == 0
    ds = fmnist.load("train")
    keep = np.random.default_rng(0).permutation(len(ds.labels))[:50]
    x = torch.from_numpy(ds.images[keep].reshape(50, 784).astype(np.float32) / 255.0)
    y = torch.from_numpy(ds.labels[keep])
    torch.manual_seed(0)
    lin = torch.nn.Linear(784, 10)
    loss0 = torch.nn.functional.cross_entropy(lin(x), y)
    loss0.backward()
    with torch.no_grad():  # one full-batch step by hand: θ ← θ − η ∇J
        for p in lin.parameters():
            p -= 0.1 * p.grad
        loss1 = float(torch.nn.functional.cross_entropy(lin(x), y))
    assert loss[0] == pytest.approx(float(loss0.detach()), rel=1e-6)
    assert loss[1] == pytest.approx(loss1, rel=1e-5)


@pytest.mark.parametrize(
    ("kw", "says"),
    [
        (dict(batch_sizes=(1, 2001)), "larger than the training subset"),
        (dict(batch_sizes=(10, 10)), "different"),
        (dict(batch_sizes=()), "different sizes, at least one"),
        (dict(batch_sizes=(0,)), "batch size"),
        (dict(lr=0.0), "lr"),
        (dict(epochs=0), "epochs"),
        (dict(updates=0), "updates"),
        (dict(hidden=-1), "hidden"),
        (dict(n=60_001, batch_sizes=(1,)), "training images"),
    ],
)
def test_bad_settings_are_refused(kw: dict, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        batch_cost(**kw)
