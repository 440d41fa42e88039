"""The adaptive-rates claims: each holds at the gallery setting, with values against closed
forms, and fails on a result that contradicts it."""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
import pytest

from vizdl.checks import adaptive as A
from vizdl.sim.optimizers.adaptive import adaptive_learning_rates


@functools.cache
def rates(**kw):
    return adaptive_learning_rates(**kw)


def test_every_adaptive_claim_holds_at_the_gallery_setting() -> None:
    r = rates()
    for name in A.__all__:
        assert getattr(A, name)(r).holds, name


def test_measured_values_are_the_closed_forms() -> None:
    r = rates()
    # From (2, 1) on ½(θ₁² + 10θ₂²) the gradient is (2, 10); Adagrad's first rate is η/|g|.
    assert A.steep_parameter_gets_the_smaller_rate(r).measured["first_rate_ratio"] == (
        pytest.approx(5.0, rel=1e-6)
    )
    # ... the gradient ratio at the start: ∇½(θ₁² + 10θ₂²) at (2, 1) is (2, 10)
    np.testing.assert_allclose(r.bowl_grad, [2.0, 10.0])
    assert A.steep_parameter_gets_the_smaller_rate(r).measured["bowl_grad_ratio"] == 5.0
    # Adagrad at step t of a constant gradient b then s: rate η/√(switch·b² + (t − switch)·s²).
    m = A.adagrad_never_recovers(r).measured
    big, small, n = 1.0, 0.1, len(r.stream)
    expected = np.sqrt(100 * big**2) / np.sqrt(100 * big**2 + (n - 100) * small**2)
    assert m["adagrad_after"] == pytest.approx(expected, rel=1e-6)
    # RMSprop's average of squared gradients: a geometric blend, E = α^k E₀ + (1 − α^k) s².
    e100 = 1 - 0.99**100
    e_end = e100 * 0.99 ** (n - 100) + (1 - 0.99 ** (n - 100)) * small**2
    m = A.windowed_methods_recover(r).measured
    assert m["rmsprop_after"] == pytest.approx(np.sqrt(e100) / np.sqrt(e_end), rel=1e-4)
    m = A.adam_raw_moments_start_small(r).measured
    assert m["raw_m1"] == pytest.approx(0.1 * m["g1"]) and m["raw_sqrt_v1"] == pytest.approx(
        np.sqrt(0.001) * abs(m["g1"])
    )
    assert A.adamax_needs_no_correction(r).measured["adamax_u1"] == pytest.approx(abs(m["g1"]))


def test_each_adaptive_claim_fails_where_the_result_says_otherwise() -> None:
    r = rates()
    # Adagrad's and RMSprop's recorded rates with the two parameters exchanged.
    flipped = {k: v[:, ::-1] for k, v in r.bowl_eff_lr.items()}
    assert not A.steep_parameter_gets_the_smaller_rate(
        dataclasses.replace(r, bowl_eff_lr=flipped)
    ).holds
    # the rates' ratio must be the gradient ratio: against a start where the gradient ratio is
    # 10 (not 5) the recorded first rates are wrong
    assert not A.steep_parameter_gets_the_smaller_rate(
        dataclasses.replace(r, bowl_grad=np.array([2.0, 20.0]))
    ).holds
    # RMSprop's recovering rate in Adagrad's place, and Adagrad's in the windowed methods'.
    swap = dict(r.stream_eff_lr)
    swap["adagrad"], swap["rmsprop"] = r.stream_eff_lr["rmsprop"], r.stream_eff_lr["adagrad"]
    swapped = dataclasses.replace(r, stream_eff_lr=swap)
    assert not A.adagrad_never_recovers(swapped).holds
    assert not A.windowed_methods_recover(swapped).holds
    # Corrected moments given as the raw ones: no start-up bias to remove.
    unbiased = dataclasses.replace(r, adam_m=r.adam_m_hat, adam_v=r.adam_v_hat)
    assert not A.adam_raw_moments_start_small(unbiased).holds
    # Adam's raw √v as Adamax's u: it starts near 0, as Adam's does.
    assert not A.adamax_needs_no_correction(
        dataclasses.replace(r, adamax_u=np.sqrt(r.adam_v))
    ).holds
