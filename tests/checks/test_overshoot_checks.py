"""Nesterov-vs-momentum claims: they hold at the gallery setting, measured against scalar
recursions written here, and fail (or leave) where the runs say otherwise."""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
import pytest

from vizdl.checks import overshoot as O
from vizdl.sim.optimizers.overshoot import nesterov_overshoot


@functools.cache
def run(**kw):
    return nesterov_overshoot(resolution=10, **kw)


def _steep(nesterov: bool, lr: float = 0.03, mu: float = 0.9, steps: int = 200) -> np.ndarray:
    """θ₂ of torch's SGD on ½·10θ₂², written out as a scalar recursion."""
    x, b, out = 1.2, 0.0, [1.2]
    for t in range(steps):
        g = 10 * x
        b = g if t == 0 else mu * b + g
        x -= lr * (g + mu * b if nesterov else b)
        out.append(x)
    return np.array(out)


def test_every_claim_holds_at_the_gallery_setting() -> None:
    r = run()
    for name in (
        "same_settings",
        "nesterov_overshoots_less",
        "nesterov_settles_sooner_across",
        "nesterov_arrives_sooner",
    ):
        assert getattr(O, name)(r).holds, name
    mom, nag = _steep(False), _steep(True)
    m = O.nesterov_overshoots_less(r).measured
    assert m["mom_over"] == pytest.approx(-mom.min(), abs=1e-12)
    assert m["nag_over"] == pytest.approx(-nag.min(), abs=1e-12)
    assert m["nag_over"] < 0.6 * m["mom_over"]
    m = O.nesterov_settles_sooner_across(r).measured
    last_far = np.flatnonzero(np.abs(mom) >= 1e-3)[-1]
    assert m["mom_steep_settle"] == last_far + 1
    assert m["mom_flips"] == int(np.sum(np.diff(np.sign(mom[: last_far + 2])) != 0))
    assert m["nag_steep_settle"] == np.flatnonzero(np.abs(nag) >= 1e-3)[-1] + 1
    assert m["nag_flips"] < m["mom_flips"] / 3
    assert O.same_settings(r).measured == {
        "lr": 0.03,
        "gamma": 0.9,
        "steps": 200,
        "flat_curvature": pytest.approx(1.0),
        "steep_curvature": pytest.approx(10.0),
    }


def test_settle_step() -> None:
    assert O.settle_step(np.array([5, 0.5, 1e-4, 0.2, 1e-4, -1e-5]), 1e-3) == 4
    assert O.settle_step(np.array([1e-4, 1e-5]), 1e-3) == 0
    assert O.settle_step(np.array([1e-4, 0.5]), 1e-3) is None
    assert O.settle_step(np.array([1.0, np.nan]), 1e-3) is None


def test_the_claims_fail_where_they_are_false() -> None:
    r = run()
    swapped = dataclasses.replace(r, momentum=r.nesterov, nesterov=r.momentum)
    for name in (
        "same_settings",
        "nesterov_overshoots_less",
        "nesterov_settles_sooner_across",
        "nesterov_arrives_sooner",
    ):
        assert not getattr(O, name)(swapped).holds, name
    other = nesterov_overshoot(lr=0.02, resolution=10)
    assert not O.same_settings(dataclasses.replace(r, momentum=other.momentum)).holds
    # η = 0.1: NAG's first step (1 + γ)ηg already lands 1.08 past, as far as momentum's worst
    fast = run(lr=0.1)
    v = O.nesterov_overshoots_less(fast)
    assert v.applies and not v.holds
    assert v.measured["nag_over"] == pytest.approx(1.2 * (1.9 * 0.1 * 10 - 1), rel=1e-12)
    # γ = 0.5: NAG settles sooner across, but reaches the minimum later (the lecture's quote)
    slow = run(momentum=0.5)
    v = O.nesterov_arrives_sooner(slow)
    assert v.applies and not v.holds and v.measured["nag_settle"] > v.measured["mom_settle"]
    # few crossings at a loose tolerance: NAG does not cross fewer times
    loose = run(lr=0.0121, momentum=0.694, steps=400, tol=0.0076)
    assert not O.nesterov_settles_sooner_across(loose).holds


def test_the_claims_leave_settings_they_are_not_about() -> None:
    assert not O.nesterov_overshoots_less(run(lr=0.001, momentum=0.5)).applies  # no overshoot
    short = run(steps=20)
    assert not O.nesterov_settles_sooner_across(short).applies
    assert not O.nesterov_arrives_sooner(short).applies
    diverged = run(lr=0.5)
    assert (diverged.momentum.diverged >= 0).any()
    for name in (
        "nesterov_overshoots_less",
        "nesterov_settles_sooner_across",
        "nesterov_arrives_sooner",
    ):
        assert not getattr(O, name)(diverged).applies, name
