"""Validation in use: pick the learning rate by validation accuracy, then test once.

The lecture's protocol (lecture 002, "Training (+ val)/test split"): the training split learns the
weights, the validation split picks the hyperparameters ("learning rate, batch size, etc."), and
the test split is "only use[d] when you are done to verify". Here every candidate learning rate
trains the lecture's 784-128-10 MLP (Adam, batch 100) on the lecture's 70/15/15 split of all
70,000 Fashion-MNIST images, with the test split withheld (an empty test set: no candidate sees
it); the one with the best validation accuracy after the last epoch is then trained again from
the same seed with the test split given, and tested once. Training is deterministic on the CPU,
so the tested model is the one validation chose (its validation curve is the same, bit for bit).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import numpy as np

from vizdl.sim._checks import check_int, check_positive
from vizdl.sim._tables import columns
from vizdl.sim._threads import one_thread
from vizdl.sim.splits import make_splits
from vizdl.sim.training import pad_epochs, train

__all__ = ["Protocol", "validation_protocol"]


@dataclass(frozen=True)
class Protocol:
    """The candidates' validation accuracy per epoch ``val_acc`` ``(lrs, epochs)`` (and their
    training loss per epoch), the chosen index, and the chosen setting's second run: its
    validation curve ``chosen_val_acc`` (equal to the first) and its one test accuracy.
    ``test_evaluations`` counts the runs that were given the test split (the protocol: 1).
    ``candidate_n_test[i]`` and ``candidate_test_acc[i]`` are what candidate ``i``'s own run
    reports of the test split: how many test images it was given (0) and its test accuracy (NaN:
    never tested), the raw record that a check counts the test evaluations from."""

    lrs: np.ndarray
    epochs: int
    val_acc: np.ndarray
    train_loss: np.ndarray
    chosen: int
    chosen_val_acc: np.ndarray
    test_acc: float
    test_evaluations: int
    candidate_n_test: np.ndarray
    candidate_test_acc: np.ndarray
    n_train: int
    n_val: int
    n_test: int
    batch_size: int
    seed: int
    seconds: float

    def table(self) -> dict[str, list]:
        """One row per candidate: η, its final validation accuracy, whether chosen, and the
        test accuracy (the chosen one's only; NaN for the others: never tested)."""
        n = len(self.lrs)
        return columns(
            {
                "lr": self.lrs,
                "final_val_accuracy": self.val_acc[:, -1],
                "final_train_loss": self.train_loss[:, -1],
                "chosen": [i == self.chosen for i in range(n)],
                "test_accuracy": [
                    self.test_acc if i == self.chosen else float("nan") for i in range(n)
                ],
            }
        )


def validation_protocol(
    lrs: tuple[float, ...] = (1e-5, 1e-4, 1e-3, 1e-2, 1e-1),
    epochs: int = 3,
    limit: int = 10_000,
    batch_size: int = 100,
    seed: int = 0,
    device: str = "cpu",
) -> Protocol:
    """Train one run per learning rate in ``lrs`` (Adam) for ``epochs`` epochs on the first
    ``limit`` training images of the lecture split (0: all 49,000), validate after each epoch on
    its 10,500 validation images, pick the best final validation accuracy, retrain it and test it
    once on the 10,500 test images. Returns a :class:`Protocol`."""
    import time

    lrs = tuple(float(check_positive("lr", lr)) for lr in lrs)
    if len(lrs) < 2 or len(set(lrs)) != len(lrs):
        raise ValueError(f"lrs must be at least two different learning rates, got {lrs!r}")
    epochs = check_int("epochs", epochs, 1)
    t0 = time.perf_counter()
    sp = make_splits("lecture", 0, limit, seed)
    withheld = dataclasses.replace(sp, x_test=sp.x_test[:0], y_test=sp.y_test[:0])
    kw = dict(epochs=epochs, batch_size=batch_size, seed=seed, device=device, examples=0)
    # one thread: a chaotic run's numbers must not depend on the core count (vizdl.sim._threads)
    with one_thread():
        runs = [train(lr=lr, splits=withheld, **kw) for lr in lrs]
    tested = sum(r.n_test > 0 for r in runs)

    val = np.array([pad_epochs(r.val_acc, epochs) for r in runs])
    loss = np.array([pad_epochs(r.train_loss, epochs) for r in runs])
    final = np.where(np.isfinite(val[:, -1]), val[:, -1], -np.inf)
    chosen = int(np.argmax(final))
    # one thread: a chaotic run's numbers must not depend on the core count (vizdl.sim._threads)
    with one_thread():
        again = train(lr=lrs[chosen], splits=sp, **kw)
    tested += again.n_test > 0
    return Protocol(
        lrs=np.array(lrs),
        epochs=epochs,
        val_acc=val,
        train_loss=loss,
        chosen=chosen,
        chosen_val_acc=pad_epochs(again.val_acc, epochs),
        test_acc=float(again.test_acc),
        test_evaluations=int(tested),
        candidate_n_test=np.array([r.n_test for r in runs], dtype=np.int64),
        candidate_test_acc=np.array([r.test_acc for r in runs], dtype=float),
        n_train=int(again.n_train),
        n_val=int(again.n_val),
        n_test=int(again.n_test),
        batch_size=int(batch_size),
        seed=int(seed),
        seconds=time.perf_counter() - t0,
    )
