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


def test_the_bouncing_claims_hold_at_the_gallery_setting() -> None:
    from vizdl.checks.batches import full_batch_is_the_exact_gradient, small_batches_keep_bouncing

    r = batch_paths(resolution=20)  # the figure's runs (the grid only draws the contours)
    v = small_batches_keep_bouncing(r)
    assert v.holds and v.measured["sizes_text"] == "1, 10, 50 and 200"
    assert (v.measured["n_points"], v.measured["updates"], v.measured["batch_lr"]) == (
        200,
        100,
        0.3,
    )
    # Full-batch gradient descent on a quadratic converges geometrically: after 100 steps it is
    # far inside the one-example run's scatter.
    assert v.measured["bounce_full"] < 0.01 < v.measured["bounce_smallest"]
    assert full_batch_is_the_exact_gradient(r).holds


def test_the_bouncing_claims_fail_against_the_runs() -> None:
    from vizdl.checks.batches import full_batch_is_the_exact_gradient, small_batches_keep_bouncing

    r = batch_paths(resolution=20)
    # The full batch's path in the one-example run's place and back.
    flipped = dataclasses.replace(r, paths=(r.paths[3], r.paths[1], r.paths[2], r.paths[0]))
    assert not small_batches_keep_bouncing(flipped).holds
    # The one-example run's gradients as the full batch's: not the exact gradient.
    noisy = dataclasses.replace(r, batch_grads=(*r.batch_grads[:3], r.batch_grads[0]))
    assert not full_batch_is_the_exact_gradient(noisy).holds
    assert not full_batch_is_the_exact_gradient(
        batch_paths(batch_sizes=(1, 10), steps=20, resolution=20)
    ).holds
