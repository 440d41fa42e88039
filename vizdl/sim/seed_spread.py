"""How much a real training run's result depends on its seed, per activation.

The lecture says of Leaky ReLU "inconsistent results"; here the same small MLP is trained on
Fashion-MNIST with ReLU, Leaky ReLU and ELU from the same seeds (seed ``s`` draws the same
initial weights and the same mini-batch order for every activation, so the activations are
compared pairwise), and the spread of the test accuracy across seeds is measured, with a
bootstrap interval over the seeds for the ratio of the spreads.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import torch

from vizdl.sim._checks import check_choice, check_int, check_positive, check_seed
from vizdl.sim._tables import long_table
from vizdl.sim._threads import one_thread
from vizdl.sim.activations import ACTIVATIONS, torch_module
from vizdl.sim.splits import Splits, make_splits
from vizdl.sim.training import blown_up

__all__ = ["SeedSpread", "SPREAD_ACTIVATIONS", "seed_spread", "spread_ratio_interval"]

SPREAD_ACTIVATIONS = ("relu", "leaky_relu", "elu")


@dataclass(frozen=True)
class SeedSpread:
    """``final[k, s]``: test accuracy (a fraction) of activation ``names[k]`` trained from seed
    ``seeds[s]``, after the last epoch; ``spread[k]`` its standard deviation across seeds (ddof = 1, a fraction). ``ratio[k, j]``
    is ``spread[k] / spread[j]`` with ``ratio_lo[k, j]``/``ratio_hi[k, j]`` its 95% bootstrap
    interval over seeds (``n_boot`` resamples of the seeds, the same for every activation). ``diverged``
    marks runs whose loss became non-finite."""

    names: tuple[str, ...]
    labels: tuple[str, ...]
    seeds: np.ndarray
    final: np.ndarray
    spread: np.ndarray
    ratio: np.ndarray
    ratio_lo: np.ndarray
    ratio_hi: np.ndarray
    train_loss: np.ndarray
    diverged: np.ndarray
    hidden: int
    n_train: int
    n_test: int
    epochs: int
    batch_size: int
    lr: float
    momentum: float
    n_boot: int
    seconds: float

    def table(self) -> dict[str, list]:
        return long_table(
            [{"activation": self.names}, {"seed": self.seeds}],
            {"test_accuracy": self.final, "final_train_loss": self.train_loss},
        )


def spread_ratio_interval(
    final: np.ndarray, n_boot: int, seed: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``ratio[k, j]``: row ``k``'s standard deviation (ddof = 1) over row ``j``'s, and its 95%
    percentile bootstrap interval (``lo``, ``hi``). The same ``n_boot`` resamples of the
    columns (seeds) serve every row, since all rows were trained from the same seeds; a
    resample in which row ``j`` has no spread (one seed drawn ``n`` times) is left out of that
    ratio's interval."""
    final = np.asarray(final, dtype=float)
    rows, n = final.shape
    idx = np.random.default_rng(seed).integers(0, n, size=(n_boot, n))
    sd = final[:, idx].std(axis=2, ddof=1)  # (rows, n_boot)
    point = final.std(axis=1, ddof=1)
    ratio = np.full((rows, rows), np.nan)
    lo, hi = ratio.copy(), ratio.copy()
    for j in range(rows):
        if point[j] == 0:
            continue
        ok = sd[j] > 0
        r = sd[:, ok] / sd[j, ok]
        ratio[:, j] = point / point[j]
        lo[:, j], hi[:, j] = np.percentile(r, [2.5, 97.5], axis=1)
    return ratio, lo, hi


def _train_one(
    act: str,
    seed: int,
    sp: Splits,
    hidden: int,
    epochs: int,
    batch_size: int,
    lr: float,
    momentum: float,
) -> tuple[float, float, bool]:
    """One run: (test accuracy, the last mini-batch's loss, diverged)."""
    x, y = sp.x_train, sp.y_train
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)  # the same initial weights for every activation
        lin = [
            torch.nn.Linear(784, hidden),
            torch.nn.Linear(hidden, hidden),
            torch.nn.Linear(hidden, 10),
        ]
    net = torch.nn.Sequential(lin[0], torch_module(act), lin[1], torch_module(act), lin[2])
    opt = torch.optim.SGD(net.parameters(), lr=lr, momentum=momentum)
    gen = torch.Generator().manual_seed(seed)  # the same mini-batches for every activation
    per_epoch = -(-len(y) // batch_size)
    last, first = float("nan"), float("nan")
    for _ in range(epochs):
        perm = torch.randperm(len(y), generator=gen)
        for i in range(per_epoch):
            idx = perm[i * batch_size : (i + 1) * batch_size]
            batch_loss = torch.nn.functional.cross_entropy(net(x[idx]), y[idx])
            opt.zero_grad()
            batch_loss.backward()
            opt.step()
            if first != first:  # NaN: the first mini-batch's loss, the yardstick below
                first = float(batch_loss.detach())
        last = float(batch_loss.detach())
        # diverged as vizdl.sim.training says it (one rule: vizdl.sim.training.blown_up)
        if blown_up(np.array([last]), first)[0]:
            return float("nan"), last, True
    with torch.no_grad():
        right = net(sp.x_test).argmax(1) == sp.y_test
    return float(right.double().mean()), last, False


def seed_spread(
    activations: tuple[str, ...] = SPREAD_ACTIVATIONS,
    n_seeds: int = 10,
    n_train: int = 3000,
    hidden: int = 64,
    epochs: int = 3,
    batch_size: int = 50,
    lr: float = 0.05,
    momentum: float = 0.9,
    n_boot: int = 4000,
    seed: int = 0,
) -> SeedSpread:
    """Train a 784-``hidden``-``hidden``-10 MLP with each activation from seeds ``seed`` …
    ``seed + n_seeds − 1`` (SGD with momentum, cross-entropy, on the first ``n_train`` images
    of one seeded shuffle of the Fashion-MNIST training set) and measure the test accuracy on
    the 10,000 test images after the last epoch.

    Returns a :class:`SeedSpread`.
    """
    if isinstance(activations, str):
        activations = (activations,)
    activations = tuple(activations)
    if not activations:
        raise ValueError("activations must name at least one activation")
    for a in activations:
        check_choice("activation", a, ACTIVATIONS)
    if len(set(activations)) != len(activations):
        raise ValueError(f"activations must not repeat a name, got {activations!r}")
    n_seeds = check_int("n_seeds", n_seeds, 3)
    n_train = check_int("n_train", n_train, 100)
    hidden = check_int("hidden", hidden, 1)
    epochs = check_int("epochs", epochs, 1)
    batch_size = check_int("batch_size", batch_size, 1)
    lr = check_positive("lr", lr)
    momentum = float(momentum)
    if not 0.0 <= momentum < 1.0:
        raise ValueError(f"momentum must be at least 0 and below 1, got {momentum!r}")
    n_boot = check_int("n_boot", n_boot, 100)
    seed = check_seed(seed)
    t0 = time.perf_counter()
    # the data subset is drawn once (seed 0 of the split): only the networks' seeds vary
    sp = make_splits(limit=n_train, seed=0)
    seeds = np.arange(seed, seed + n_seeds)
    final = np.empty((len(activations), n_seeds))
    loss = np.empty((len(activations), n_seeds))
    diverged = np.zeros((len(activations), n_seeds), dtype=bool)
    # one thread: these matrices are small (a batch of 50 through 64 units), and on a machine
    # whose cores are busy torch's worker threads wait on each other (measured on a loaded
    # 2-core machine: 180 steps in 1.6 s with one thread, 20 s with two); and the spreads
    # measured must not depend on the core count (vizdl.sim._threads)
    with one_thread():
        for k, act in enumerate(activations):
            for s, sd in enumerate(seeds):
                final[k, s], loss[k, s], diverged[k, s] = _train_one(
                    act, int(sd), sp, hidden, epochs, batch_size, lr, momentum
                )
    spread = final.std(axis=1, ddof=1)
    if np.isfinite(final).all():
        ratio, lo, hi = spread_ratio_interval(final, n_boot, seed)
    else:
        ratio = lo = hi = np.full((len(activations),) * 2, np.nan)
    return SeedSpread(
        names=activations,
        labels=tuple(ACTIVATIONS[a].label for a in activations),
        seeds=seeds,
        final=final,
        spread=spread,
        ratio=ratio,
        ratio_lo=lo,
        ratio_hi=hi,
        train_loss=loss,
        diverged=diverged,
        hidden=hidden,
        n_train=len(sp.y_train),
        n_test=len(sp.y_test),
        epochs=epochs,
        batch_size=batch_size,
        lr=lr,
        momentum=momentum,
        n_boot=n_boot,
        seconds=time.perf_counter() - t0,
    )
