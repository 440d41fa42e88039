"""The heavy simulations the old way and the new way, side by side in one run (issue 18).

For each: the sequential reference (one network after another, ``batched=False``) and the batched
computation the gallery now runs (``batched=True``), timed in this one process with the same torch
threads, in alternating order, and their results compared (the largest difference of the numbers
the entry's claims read). Rows:

- depth-vs-width: ``approximation.depth_vs_width`` (15 networks trained to early stopping);
- lecture-numbers: ``training.lecture_check`` (6 runs of the lecture's code);
- init-weight-histograms / weight-ridgelines / weight-histograms-animation (one shared result):
  ``training.initializer_comparison`` (10 runs, one per initializer);
- init-forward-variance (and the 5 entries sharing its result): the theory part of
  ``initialization.signal_propagation``, φ' from φ (new) vs evaluated again (old); bit-identical;
- ``--threads``: init-calculate-gain's computation in 2 processes at once, as a 2-job build on
  2 cores runs it: unpinned (torch's default threads each) vs pinned (cores // jobs each).

Usage: python bench/bench_sims.py [--quick] [--only NAME ...] [--threads] [--torch-threads N]
``--quick`` runs smaller settings (fewer images, epochs, seeds); the default runs each entry's
real parameters (about 15 minutes on 2 cores).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from collections.abc import Callable

import numpy as np
import torch

from vizdl.sim import approximation as A
from vizdl.sim import initialization as I
from vizdl.sim import training as T

# (entry, function, real parameters, --quick parameters, what to compare)
CASES: list[tuple[str, Callable, dict, dict, Callable]] = [
    (
        "depth-vs-width",
        A.depth_vs_width,
        {},
        dict(n_train=3000, val_size=1000, max_epochs=12, patience=4, seeds=(0, 1)),
        lambda a, b: {
            "test error": np.abs(a.test_error - b.test_error).max(),
            "best epochs differ": int((a.best_epoch != b.best_epoch).sum()),
        },
    ),
    (
        "lecture-numbers",
        T.lecture_check,
        {},
        dict(epochs=1, limit=12_000),
        lambda a, b: {
            "test acc": np.abs(a.test_acc - b.test_acc).max(),
            "train acc": np.abs(a.train_acc - b.train_acc).max(),
        },
    ),
    (
        "init-weight-histograms",
        T.initializer_comparison,
        {},
        dict(epochs=2, limit=6000),
        lambda a, b: {
            "test acc": np.nanmax(np.abs(a.test_acc - b.test_acc)),
            "weights": np.abs(a.last_weights - b.last_weights)[_calm(a)].max(),
            # N(0, 1) under SGD at lr 0.1: huge logits amplify any rounding difference
            "N(0, 1)'s weights": np.abs(a.last_weights - b.last_weights)[~_calm(a)].max(),
        },
    ),
]


def _calm(c: T.InitComparison) -> np.ndarray:
    return np.array([i != "large-normal" for i in c.inits])


def _theory(old: bool) -> list[tuple[np.ndarray, np.ndarray]]:
    """signal_propagation's theory for its gallery parameters (6 initializers × 4 activations)."""
    saved = dict(I._DF_FROM_F)
    if old:
        I._DF_FROM_F.clear()  # φ' evaluated from s again, as before
    try:
        x_dim, width, depth = 784, 512, 30
        sizes = [x_dim] + [width] * depth
        return [
            I._layer_theory(init, act, sizes, 1.0)
            for init in ("small-normal", "large-normal", "torch-default", "xavier-normal")
            + ("kaiming-normal", "orthogonal")
            for act in ("linear", "tanh", "sigmoid", "relu")
        ]
    finally:
        I._DF_FROM_F.update(saved)


def timed(fn: Callable, **kw: object) -> tuple[float, float, object]:
    t, c = time.perf_counter(), time.process_time()
    r = fn(**kw)
    return time.perf_counter() - t, time.process_time() - c, r


def row(name: str, old: tuple, new: tuple, diffs: dict) -> None:
    (w0, c0, _), (w1, c1, _) = old, new
    same = ", ".join(f"{k} {v:.2g}" for k, v in diffs.items())
    print(
        f"{name:24s} old {w0:7.1f} s ({c0:6.1f} CPU)  new {w1:7.1f} s ({c1:6.1f} CPU)  "
        f"ratio {w0 / w1:4.2f}x wall, {c0 / c1:4.2f}x CPU   max diff: {same}",
        flush=True,
    )


_GAIN = (
    "import os, time, torch; t = time.perf_counter(); "
    "from vizdl.sim.initialization import gain_in_use; gain_in_use(); "
    "print(f'{time.perf_counter() - t:.2f}')"
)


def threads(jobs: int = 2) -> None:
    """init-calculate-gain's computation in ``jobs`` processes at once, unpinned vs pinned."""
    from vizdl.gallery.build import worker_threads

    pinned = worker_threads(jobs)
    for label, n in (("unpinned", 0), (f"pinned ({pinned} thread)", pinned)):
        env = dict(os.environ)
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            env.pop(var, None)
            if n:
                env[var] = str(n)
        t = time.perf_counter()
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", _GAIN], env=env, stdout=subprocess.PIPE, text=True
            )
            for _ in range(jobs)
        ]
        each = [p.communicate()[0].strip() for p in procs]
        print(
            f"init-calculate-gain × {jobs} jobs, {label:22s}: {time.perf_counter() - t:6.1f} s "
            f"wall for both (each {', '.join(each)} s)",
            flush=True,
        )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="smaller settings (about 2 minutes)")
    ap.add_argument("--only", nargs="*", default=(), help="entry names of the rows to run")
    ap.add_argument("--threads", action="store_true", help="also the thread-pinning row")
    ap.add_argument("--torch-threads", type=int, default=1, help="torch threads (default 1)")
    args = ap.parse_args()
    torch.set_num_threads(args.torch_threads)
    print(
        f"torch {torch.__version__}, {torch.get_num_threads()} thread(s), "
        f"{os.cpu_count()} cores, {'quick' if args.quick else 'real'} settings; load average "
        f"{os.getloadavg()[0]:.1f}"
    )
    # the first torch.optim optimizer of a process imports torch._dynamo (~3 s): not the sims'
    T.lecture_check(seeds=(0,), epochs=1, limit=200)
    for name, fn, real, quick, compare in CASES:
        if args.only and name not in args.only:
            continue
        kw = quick if args.quick else real
        old = timed(fn, batched=False, **kw)
        new = timed(fn, batched=True, **kw)
        row(name, old, new, compare(old[2], new[2]))
    if not args.only or "init-forward-variance" in args.only:
        old = timed(_theory, old=True)
        new = timed(_theory, old=False)
        diff = max(
            float(np.abs(np.subtract(a, b)).max())
            for pa, pb in zip(old[2], new[2], strict=True)
            for a, b in zip(pa, pb, strict=True)
        )
        row("init-forward-variance (theory)", old, new, {"variances": diff})
    if args.threads:
        threads()


if __name__ == "__main__":
    main()
