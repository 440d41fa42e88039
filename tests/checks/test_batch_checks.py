"""The stochastic / mini-batch / batch claim: it holds on the runs and fails against them."""

from __future__ import annotations

import dataclasses

from vizdl.checks.batches import gradient_noise_shrinks_with_the_batch as check
from vizdl.sim.optimizers.batches import batch_paths


def test_the_noise_claim_holds_with_the_full_batch_exact() -> None:
    r = batch_paths(batch_sizes=(1, 10, 200), steps=60, lr=0.3, resolution=20)
    v = check(r)
    assert v.holds and v.measured["full_noise"] < 1e-12
    assert v.measured["smallest_noise"] > v.measured["middle_noise"] > 0


def test_the_noise_claim_fails_without_the_full_batch_or_with_the_noise_reversed() -> None:
    assert not check(batch_paths(batch_sizes=(1, 10, 50), steps=30, lr=0.3, resolution=20)).holds
    r = batch_paths(batch_sizes=(1, 10, 200), steps=30, lr=0.3, resolution=20)
    swapped = dataclasses.replace(
        r,
        batch_grads=(r.batch_grads[1], r.batch_grads[0], r.batch_grads[2]),
        full_grads=(r.full_grads[1], r.full_grads[0], r.full_grads[2]),
    )
    assert not check(swapped).holds
