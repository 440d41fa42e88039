"""Checks on :mod:`vizdl.sim.optimizers.batches` results (stochastic, mini-batch, batch)."""

from __future__ import annotations

import numpy as np

from vizdl.checks import Verdict, verdict

__all__ = ["gradient_noise_shrinks_with_the_batch"]


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
