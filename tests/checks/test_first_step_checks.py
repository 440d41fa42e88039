"""RMSprop's first step and Adam's bias correction: the claims hold at the gallery setting with
the closed forms typed here, and fail (or leave) where the runs say otherwise."""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
import pytest

from vizdl.checks import first_step as F
from vizdl.sim.optimizers.first_step import first_steps

CHECKS = [n for n in F.__all__ if n != "step_factors"]


@functools.cache
def run(**kw):
    return first_steps(**kw)


def test_every_claim_holds_at_the_gallery_setting_with_the_closed_forms() -> None:
    r = run()
    for name in CHECKS:
        assert getattr(F, name)(r).holds, name
    m = F.rmsprop_first_step_is_eta_over_root(r).measured
    assert m["rms_expected_factor"] == pytest.approx(10.0)  # 1/√(1 − 0.99)
    assert m["rms_first_factor"] == pytest.approx(10.0, rel=1e-6)
    assert m["rms_first_min"] == pytest.approx(10.0, rel=2e-6)  # slope 0.1: ε = 1e-8 shows
    assert m["slope_ratio"] == pytest.approx(100.0)
    m = F.rmsprop_steps_follow_the_closed_form(r).measured
    # 1/√(1 − 0.99ᵗ) < 1.1 from t > ln(1 − 1/1.21)/ln 0.99 = 174.2
    assert m["rms_under_1_1"] == 175 and m["rms_under_text"] == "from step 175"
    assert m["rms_last_factor"] == pytest.approx(1 / np.sqrt(1 - 0.99**500), rel=1e-6)
    assert F.adam_corrected_steps_are_eta(r).measured["adam_first_factor"] == pytest.approx(1.0)
    m = F.adam_uncorrected_steps_follow_the_closed_form(r).measured
    assert m["raw_first_factor"] == pytest.approx(0.1 / np.sqrt(0.001), rel=1e-7)  # 3.162
    m = F.uncorrected_steps_grow_before_they_shrink(r).measured
    assert (
        m["raw_peak_step"] == 12
    )  # (1 − 0.9ᵗ)/√(1 − 0.999ᵗ): 6.5685 at t = 12, 6.5589 at 11, 6.5609 at 13
    assert m["raw_peak_factor"] == pytest.approx(6.5685, abs=1e-4)
    m = F.averages_start_biased_to_zero(r).measured
    assert (m["m1_share"], m["v1_share"], m["sq1_share"]) == pytest.approx((0.1, 0.001, 0.01))


def test_the_claims_fail_on_doctored_runs() -> None:
    r = run()
    other = run(alpha=0.9)  # RMSprop's first step 1/√0.1 = 3.16η, not 10η
    doctored = dataclasses.replace(
        r, rmsprop=dataclasses.replace(r.rmsprop, points=other.rmsprop.points)
    )
    assert not F.rmsprop_first_step_is_eta_over_root(doctored).holds
    assert not F.rmsprop_steps_follow_the_closed_form(doctored).holds
    # the uncorrected steps drawn as Adam's, and Adam's as the uncorrected ones
    raw_as_adam = dataclasses.replace(
        r, adam=dataclasses.replace(r.adam, points=r.raw.points[:, None])
    )
    assert not F.adam_corrected_steps_are_eta(raw_as_adam).holds
    adam_as_raw = dataclasses.replace(r, raw=dataclasses.replace(r.raw, points=r.adam.points[:, 0]))
    assert not F.adam_uncorrected_steps_follow_the_closed_form(adam_as_raw).holds
    t = np.arange(1, r.raw.m.shape[0] + 1)[:, None]
    corrected_m = dataclasses.replace(r, raw=dataclasses.replace(r.raw, m=r.raw.m / (1 - 0.9**t)))
    assert not F.uncorrected_variant_has_adams_moments(corrected_m).holds


def test_where_there_is_no_bias_the_lecture_check_disagrees() -> None:
    # β₁ = 0: m is the gradient itself from step 1, not biased towards zero
    v = F.averages_start_biased_to_zero(run(beta1=0.0))
    assert not v.holds and v.measured["m1_share"] == pytest.approx(1.0)


def test_the_growth_sentence_leaves_runs_where_the_steps_do_not_grow() -> None:
    # β₁ = 0: step t is 1/√(1 − β₂ᵗ), largest at t = 1; 5 steps: still growing at the end
    assert not F.uncorrected_steps_grow_before_they_shrink(run(beta1=0.0)).applies
    assert not F.uncorrected_steps_grow_before_they_shrink(run(steps=5)).applies
    # β₂ = 0 (an allowed knob value that used to fail the claim): v = g² has no bias, so step t
    # is (1 − β₁ᵗ)η, growing to η and levelling off there; it never shrinks, so the sentence
    # "then shrink" leaves (the "peak" was where rounding put the largest of equal steps).
    flat = run(beta2=0.0)
    assert not F.uncorrected_steps_grow_before_they_shrink(flat).applies
    f = F.step_factors(flat.raw.points, flat.lr).max(axis=1)
    assert f[-1] == pytest.approx(1.0, rel=1e-6) and np.all(np.diff(f) > -1e-12)  # ε: 1 − 1e-7
    v = F.rmsprop_steps_follow_the_closed_form(run(steps=5))
    assert v.holds and v.measured["rms_under_text"] == "not by step 5"
