"""Checks on :mod:`vizdl.sim.optimizers.batches` results (stochastic, mini-batch, batch)."""

from __future__ import annotations

import numpy as np

from vizdl.checks import Verdict, verdict

__all__ = [
    "gradient_noise_shrinks_with_the_batch",
    "small_batches_keep_bouncing",
    "full_batch_is_the_exact_gradient",
]


def gradient_noise_shrinks_with_the_batch(r: object) -> Verdict:
    """The mean distance between the gradient a run used and the true gradient at the same
    point falls with every larger batch, and is 0 (to rounding) for the full batch."""
    order = np.argsort(r.batch_sizes)
    noise = [
        float(
            np.mean(
                np.linalg.norm(np.asarray(r.batch_grads[k]) - np.asarray(r.full_grads[k]), axis=1)
            )
        )
        for k in order
    ]
    sizes = [int(r.batch_sizes[k]) for k in order]
    full = sizes[-1] == len(r.x)
    holds = full and all(a > b for a, b in zip(noise, noise[1:], strict=False)) and noise[-1] < 1e-9
    return verdict(
        holds,
        smallest_batch=sizes[0],
        smallest_noise=noise[0],
        middle_noise=noise[len(noise) // 2],
        middle_batch=sizes[len(sizes) // 2],
        full_batch=sizes[-1],
        full_noise=noise[-1],
    )


def _tail_distance(r: object, k: int, share: float = 0.2) -> float:
    """Mean distance to the least-squares optimum over the last ``share`` of run ``k``'s steps."""
    d = np.linalg.norm(np.asarray(r.paths[k].points[:, 0]) - np.asarray(r.optimum), axis=1)
    return float(d[-max(1, int(share * (len(d) - 1))) :].mean())


def small_batches_keep_bouncing(r: object) -> Verdict:
    """Over the last 20% of the updates, the smaller the batch the further the run stays from the
    optimum on average, the one-example run at least 10× further than the full batch."""
    order = list(np.argsort(r.batch_sizes))
    dist = [_tail_distance(r, k) for k in order]
    holds = all(a > b for a, b in zip(dist, dist[1:], strict=False)) and dist[0] >= 10 * dist[-1]
    return verdict(
        holds and len(dist) >= 2,
        bounce_smallest=dist[0],
        bounce_full=dist[-1],
        bounce_ratio=dist[0] / dist[-1] if dist[-1] > 0 else float("inf"),
        n_points=len(r.x),
        updates=int(r.paths[0].steps),
        batch_lr=float(r.lr),
        sizes_text=", ".join(str(int(r.batch_sizes[k])) for k in order[:-1])
        + f" and {int(r.batch_sizes[order[-1]])}",
    )


def full_batch_is_the_exact_gradient(r: object) -> Verdict:
    """The run whose batch is all the data used the exact gradient at every step (to rounding)."""
    ks = [k for k, bs in enumerate(r.batch_sizes) if int(bs) == len(r.x)]
    if not ks:
        return verdict(False, full_gap=float("nan"))
    gap = float(np.abs(np.asarray(r.batch_grads[ks[0]]) - np.asarray(r.full_grads[ks[0]])).max())
    return verdict(gap < 1e-12, full_gap=gap)
