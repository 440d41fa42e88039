"""Nesterov's claims: each holds at the gallery setting and fails where the run says otherwise."""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
import pytest

from vizdl.checks import nesterov as N
from vizdl.sim.optimizers.nesterov import nesterov_geometry


@functools.cache
def run(**kw):
    return nesterov_geometry(**kw)


def test_every_nesterov_claim_holds_at_the_gallery_setting() -> None:
    g = run()
    for name in N.__all__:
        assert getattr(N, name)(g).holds, name
    m = N.nesterov_brakes_before_standard_momentum(g).measured
    # Recomputed from the vectors: NAG's step is −(γv + η∇J(look-ahead)), momentum's from the
    # same point −(γv + η∇J(θ)).
    # over steps 2 to 8 (the steps the pictures explain); ∇J of ½(θ₁² + 10θ₂²) by hand
    nag = np.linalg.norm(g.jump + g.correction, axis=1)[1:8]
    std = np.linalg.norm(g.jump - 0.03 * g.theta[:-1] * [1.0, 10.0], axis=1)[1:8]
    assert m["brake_min"] == pytest.approx(np.min(1 - nag / std), rel=1e-12)
    assert m["brake_max"] == pytest.approx(np.max(1 - nag / std), rel=1e-12)
    assert m["brake_last"] == N.BRAKE_LAST == 8
    m = N.accumulated_is_jump_plus_correction(g).measured
    assert m["nag_steps"] == 25
    # the correction, recomputed independently: ∇½(θ₁² + 10θ₂²) = (θ₁, 10θ₂) at θ − γv
    ahead = g.theta[:-1] - 0.9 * g.v[:-1]
    np.testing.assert_allclose(g.correction, -0.03 * ahead * [1.0, 10.0], rtol=1e-12, atol=1e-15)
    assert m["sum_gap_text"] == ("exactly" if m["sum_gap"] == 0 else f"to {m['sum_gap']:.0e}")


def test_each_nesterov_claim_fails_where_the_run_says_otherwise() -> None:
    g = run()
    # The standard step drawn as Nesterov's: it is not jump + correction.
    assert not N.accumulated_is_jump_plus_correction(
        dataclasses.replace(g, accumulated=g.std_step)
    ).holds
    # A real bug: the correction taken at θ instead of the look-ahead point (standard momentum's
    # gradient), with the accumulated step and the velocity built from it consistently.
    at_theta = dataclasses.replace(
        g,
        correction=g.std_grad,
        accumulated=g.jump + g.std_grad,
        v=np.vstack([[0, 0], -(g.jump + g.std_grad)]),
    )
    v = N.accumulated_is_jump_plus_correction(at_theta)
    assert not v.holds and v.measured["correction_gap"] > 1e-3
    # A look-ahead point drawn at θ (no jump) while the correction is the look-ahead one.
    assert not N.accumulated_is_jump_plus_correction(
        dataclasses.replace(g, lookahead=g.theta[:-1])
    ).holds
    # torch's iterates shifted back onto θ_t are not the look-ahead points.
    assert not N.torch_iterates_are_the_look_ahead_points(
        dataclasses.replace(g, torch_points=g.theta)
    ).holds
    # A correction that pushes along the velocity (its sign flipped, as a bug taking +η∇J would)
    # lengthens Nesterov's step: no braking claim. The standard step is recomputed from θ, so a
    # stored std_step made longer to match does not rescue it.
    flipped = dataclasses.replace(g, correction=-g.correction, std_step=10 * g.std_step)
    assert not N.nesterov_brakes_before_standard_momentum(flipped).holds
    # A real run where it fails: the ravine at η = 0.015 zig-zags across its steep direction and
    # the look-ahead gradient lengthens the steps (why the knob leaves the ravine out).
    assert not N.nesterov_brakes_before_standard_momentum(run(surface="ravine", lr=0.015)).holds
    # On the round bowl at step 25 a step is longer, but after the steps the claim covers.
    bowl = run(surface="bowl")
    assert N.nesterov_brakes_before_standard_momentum(bowl).holds
    nag = np.linalg.norm(bowl.accumulated, axis=1)
    assert np.any(nag[N.BRAKE_LAST :] >= np.linalg.norm(bowl.std_step, axis=1)[N.BRAKE_LAST :])


def test_a_formula_bowl_is_checked_by_autograd_on_the_formula() -> None:
    text = "0.5*x**2 + 5*y**2 + x*y"
    g = nesterov_geometry(surface=text, resolution=20)
    for name in N.__all__:
        assert getattr(N, name)(g).holds, name
    m = N.accumulated_is_jump_plus_correction(g).measured
    assert m["surface_text"] == f"J = {text}"
    # the correction at the look-ahead point by hand: ∇J = (x + y, 10y + x)
    look = g.theta[:-1] - g.momentum * g.v[:-1]
    by_hand = -g.lr * np.stack([look[:, 0] + look[:, 1], 10 * look[:, 1] + look[:, 0]], axis=1)
    np.testing.assert_allclose(g.correction, by_hand, rtol=0, atol=1e-15)
    # a run recorded as another formula's (the gradient of 0.5x² + 5y² without the x·y term)
    # fails: the check differentiates the formula the result names
    other = dataclasses.replace(g, surface="0.5*x**2 + 5*y**2")
    assert not N.accumulated_is_jump_plus_correction(other).holds
    assert N.accumulated_is_jump_plus_correction(run()).measured["surface_text"] == (
        "the elongated bowl (features of unequal scale)"
    )


def test_a_formula_without_a_minimum_in_its_domain_is_refused() -> None:
    import pytest

    with pytest.raises(ValueError, match=r"no minimum inside its domain"):
        nesterov_geometry(surface="(x - 5)**2 + y**2")
