"""The cost side of mini-batches: training loss against updates, examples processed and time.

The lecture's three variants (stochastic, mini-batch and batch gradient descent) differ in how
many examples one update averages over, and so in what an update costs. Here softmax
regression (or a 784-h-10 ReLU network) is trained by ``torch.optim.SGD`` on the first ``n``
images of a seeded shuffle of Fashion-MNIST's training split (pixels in [0, 1], the lecture's
``ToTensor``), one run per batch size, all from the same initial weights (``torch.manual_seed
(seed)`` before the model is built) and at the same learning rate. Epoch ``e``'s order is
``numpy.random.default_rng([seed, e]).permutation(n)``, cut into ``n // b`` consecutive
batches of ``b`` (a last partial batch is dropped). Each run makes ``max(epochs · (n // b),
updates)`` updates: every run reaches ``epochs`` epochs (equal examples processed) and
``updates`` updates (equal updates).

The loss drawn is the training loss J(θ, X) on all ``n`` images (mean cross-entropy), evaluated
at checkpoints (geometric in the update count, plus the two marks above); the clock is
``time.perf_counter`` summed over the training steps only (gathering the batch, forward,
backward and step; the evaluations are not timed), on one torch thread. The times are measured when the
result is computed: a cached result keeps the times of the run that computed it, with the
machine's processor name in ``cpu``.
"""

from __future__ import annotations

import platform
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from vizdl.sim._checks import check_int, check_positive
from vizdl.sim._tables import columns
from vizdl.sim._threads import one_thread

__all__ = ["BatchCost", "batch_cost", "epoch_order", "processor_name"]


@dataclass(frozen=True)
class BatchCost:
    """One run per batch size ``batch_sizes[k]``: at its ``n_checks[k]`` checkpoints
    ``at_update[k]`` (update counts, starting at 0; padded with -1) the training loss ``loss[k]``
    on all ``n`` images and the seconds ``seconds[k]`` the training steps had taken by then
    (cumulative; evaluations not timed; both padded with NaN). :meth:`curve` trims the padding.
    ``total_updates[k]`` the updates the run made and ``total_seconds[k]`` their time;
    ``epoch_updates[k] = n // batch_sizes[k]``. ``epochs`` and ``updates`` are the two marks
    every run reaches. ``hidden``: 0 for softmax regression, else the ReLU layer's width."""

    batch_sizes: tuple[int, ...]
    n: int
    lr: float
    epochs: int
    updates: int
    hidden: int
    at_update: np.ndarray
    loss: np.ndarray
    seconds: np.ndarray
    n_checks: np.ndarray
    epoch_updates: np.ndarray
    total_updates: np.ndarray
    total_seconds: np.ndarray
    start_loss: float
    cpu: str
    threads: int
    seed: int

    def curve(self, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Run ``k``'s checkpoints: updates, examples processed (updates × batch size, the
        per-example gradients computed), training loss and seconds, without the padding."""
        c = int(self.n_checks[k])
        at = np.asarray(self.at_update[k][:c], dtype=np.int64)
        return at, at * int(self.batch_sizes[k]), self.loss[k][:c], self.seconds[k][:c]

    def loss_at(self, k: int, update: int) -> float:
        """Run ``k``'s training loss after exactly ``update`` updates (a checkpoint)."""
        at, _, loss, _ = self.curve(k)
        where = np.flatnonzero(at == update)
        if not len(where):
            raise ValueError(f"run {k} (batch {self.batch_sizes[k]}) has no checkpoint at {update}")
        return float(loss[where[0]])

    def table(self) -> dict[str, list]:
        """One row per batch size: updates and epochs run, the measured time per update and per
        example, and the loss after ``epochs`` epochs, after ``updates`` updates and at the end."""
        k = range(len(self.batch_sizes))
        per_update = np.asarray(self.total_seconds) / np.asarray(self.total_updates)
        return columns(
            {
                "batch_size": list(self.batch_sizes),
                "updates_run": self.total_updates,
                "epochs_run": np.asarray(self.total_updates) / np.asarray(self.epoch_updates),
                "seconds": self.total_seconds,
                "seconds_per_update": per_update,
                "microseconds_per_example": 1e6 * per_update / np.asarray(self.batch_sizes),
                f"loss_after_{self.epochs}_epochs": [
                    self.loss_at(i, self.epochs * int(self.epoch_updates[i])) for i in k
                ],
                f"loss_after_{self.updates}_updates": [self.loss_at(i, self.updates) for i in k],
                "final_loss": [float(self.curve(i)[2][-1]) for i in k],
                "cpu": [self.cpu] * len(self.batch_sizes),
            }
        )


def processor_name() -> str:
    """The processor's model name (Linux's ``/proc/cpuinfo``), else what ``platform`` says."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return " ".join(line.split(":", 1)[1].split())
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown processor"


def epoch_order(n: int, seed: int, epoch: int) -> np.ndarray:
    """The order of the ``n`` examples in epoch ``epoch`` (0-based) of every run."""
    return np.random.default_rng([seed, epoch]).permutation(n)


def _model(hidden: int, seed: int) -> torch.nn.Module:
    torch.manual_seed(seed)
    if hidden == 0:
        return torch.nn.Linear(784, 10)
    return torch.nn.Sequential(
        torch.nn.Linear(784, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, 10)
    )


def _checkpoints(total: int, marks: tuple[int, ...], points: int) -> np.ndarray:
    geo = np.unique(np.round(np.geomspace(1, total, points)).astype(np.int64))
    return np.unique(np.r_[0, geo, [m for m in marks if m <= total], total])


def _step(model, opt, xb, yb) -> None:
    opt.zero_grad()
    torch.nn.functional.cross_entropy(model(xb), yb).backward()
    opt.step()


def _run(x, y, bs, lr, total, marks, hidden, seed, points):
    n = len(y)
    model = _model(hidden, seed)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    # One untimed step of a throwaway copy at this batch size first: first-call costs
    # (allocations, kernel selection) are not charged to the run.
    spare = _model(hidden, seed)
    _step(spare, torch.optim.SGD(spare.parameters(), lr=lr), x[:bs], y[:bs])
    check = _checkpoints(total, marks, points)
    at, loss, secs = [], [], []
    clock, done, epoch, per = 0.0, 0, 0, n // bs
    nxt = 0
    while True:
        if done == check[nxt]:
            with torch.no_grad():
                loss.append(float(torch.nn.functional.cross_entropy(model(x), y)))
            at.append(done)
            secs.append(clock)
            nxt += 1
            if nxt == len(check):
                break
        if done % per == 0:
            order = torch.from_numpy(epoch_order(n, seed, epoch))
            epoch += 1
        i = done % per
        t0 = time.perf_counter()
        idx = order[i * bs : (i + 1) * bs]
        _step(model, opt, x[idx], y[idx])
        clock += time.perf_counter() - t0
        done += 1
    return np.array(at), np.array(loss), np.array(secs), clock


def batch_cost(
    n: int = 2000,
    batch_sizes: tuple[int, ...] = (1, 10, 100, 1000, 2000),
    lr: float = 0.01,
    epochs: int = 3,
    updates: int = 300,
    hidden: int = 0,
    checkpoints: int = 80,
    seed: int = 0,
) -> BatchCost:
    """Train one run per batch size (see the module) and record loss, updates, examples and
    time. Returns a :class:`BatchCost`; times in seconds, losses in nats."""
    from vizdl.sim.splits import make_splits

    n = check_int("n", n, 2)
    epochs = check_int("epochs", epochs, 1)
    updates = check_int("updates", updates, 1)
    hidden = check_int("hidden", hidden, 0)
    checkpoints = check_int("checkpoints", checkpoints, 2)
    lr = float(check_positive("lr", lr))
    sizes = tuple(check_int("batch size", b, 1) for b in batch_sizes)
    if not sizes or len(set(sizes)) != len(sizes):
        raise ValueError(f"batch_sizes must be different sizes, at least one, got {batch_sizes!r}")
    for b in sizes:
        if b > n:
            raise ValueError(f"batch size {b} is larger than the training subset (n = {n})")
    sp = make_splits("standard", 0, n, seed)
    x, y = sp.x_train, sp.y_train
    if len(y) < n:
        raise ValueError(f"n = {n} is more than the {len(y)} training images")
    runs = []
    # one thread: the same numbers on any machine (vizdl.sim._threads), and one core's clock
    with one_thread():
        threads = torch.get_num_threads()
        with torch.no_grad():
            start = float(torch.nn.functional.cross_entropy(_model(hidden, seed)(x), y))
        for b in sizes:
            per = n // b
            total = max(epochs * per, updates)
            runs.append(
                _run(x, y, b, lr, total, (epochs * per, updates), hidden, seed, checkpoints)
            )
    width = max(len(r[0]) for r in runs)

    def pad(i: int, fill: float) -> np.ndarray:
        return np.array([np.r_[r[i], np.full(width - len(r[i]), fill)] for r in runs])

    return BatchCost(
        batch_sizes=sizes,
        n=n,
        lr=lr,
        epochs=epochs,
        updates=updates,
        hidden=hidden,
        at_update=pad(0, -1).astype(np.int64),
        loss=pad(1, np.nan),
        seconds=pad(2, np.nan),
        n_checks=np.array([len(r[0]) for r in runs]),
        epoch_updates=np.array([n // b for b in sizes]),
        total_updates=np.array([r[0][-1] for r in runs]),
        total_seconds=np.array([r[3] for r in runs]),
        start_loss=start,
        cpu=processor_name(),
        threads=int(threads),
        seed=int(seed),
    )
