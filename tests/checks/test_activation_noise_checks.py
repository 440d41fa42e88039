"""ELU-saturation claims: they hold at the gallery setting and at the corners of its knobs, and
fail on results doctored to say otherwise."""

from __future__ import annotations

import dataclasses
import functools
import math

import numpy as np
import pytest

from vizdl.checks import activation_noise as C
from vizdl.sim.activation_noise import activation_noise

CLAIMS = (
    "noise_setting",
    "elu_saturates",
    "elu_noise_falls_to_the_left",
    "leaky_noise_stays_at_its_slope",
    "elu_and_leaky_cross_once",
    "relu_passes_the_least",
)


@functools.cache
def run(**kw):
    return activation_noise(**kw)


def _with(r, name: str, field: str, values: np.ndarray):
    a = np.array(getattr(r, field), dtype=float)
    a[r.names.index(name)] = values
    return dataclasses.replace(r, **{field: a})


def test_every_claim_holds_at_the_gallery_setting() -> None:
    r = run()
    for name in CLAIMS:
        v = getattr(C, name)(r)
        assert v.applies and v.holds, name
    m = C.elu_and_leaky_cross_once(r).measured
    # the crossing of the lognormal spread e^{x₀+σ²/2}√(e^{σ²} − 1) with Leaky ReLU's 0.01σ
    want = math.log(0.01 * 0.5 / math.sqrt(math.expm1(0.25))) - 0.125
    assert abs(m["cross"] - want) <= 0.05 + 0.02  # the grid's spacing and sampling
    assert m["x_probe"] == -1.0 and m["elu_std_probe"] > 5 * m["leaky_std_probe"]
    assert C.elu_saturates(r).measured["elu_slope_lo"] == pytest.approx(math.exp(-8.0))
    assert C.leaky_noise_stays_at_its_slope(r).measured["leaky_std_deep"] == pytest.approx(0.01)
    # read literally against Leaky ReLU over the whole range, the lecture's line disagrees
    v = C.lecture_elu_less_resistant(r)
    assert v.applies and not v.holds


@pytest.mark.parametrize("sigma", [0.01, 1.0])
@pytest.mark.parametrize("x_min", [-30.0, -6.0])
@pytest.mark.parametrize("n_noise", [1000, 200_000])
def test_every_claim_holds_at_the_corners_of_the_knobs(
    sigma: float, x_min: float, n_noise: int
) -> None:
    r = activation_noise(sigma=sigma, x_min=x_min, n_noise=n_noise, points=161, seed=5)
    for name in CLAIMS:
        v = getattr(C, name)(r)
        assert v.applies and v.holds, (name, v.measured)


def test_the_claims_fail_on_doctored_results() -> None:
    r = run()
    elu = np.asarray(r.out_std[r.names.index("elu")])
    leaky = np.asarray(r.out_std[r.names.index("leaky_relu")])
    # ELU's output settles at −0.5, not −α
    mean = np.asarray(r.out_mean[r.names.index("elu")]).copy()
    mean[0] = -0.5
    assert not C.elu_saturates(_with(r, "elu", "out_mean", mean)).holds
    # more noise again further left
    bumped = elu.copy()
    bumped[10] = 3 * bumped[11]
    assert not C.elu_noise_falls_to_the_left(_with(r, "elu", "out_std", bumped)).holds
    # ELU's spread does not shrink a hundredfold (a flat tail)
    assert not C.elu_noise_falls_to_the_left(_with(r, "elu", "out_std", np.maximum(elu, 0.1))).holds
    # Leaky ReLU's deep spread falling as ELU's does
    assert not C.leaky_noise_stays_at_its_slope(
        _with(r, "leaky_relu", "out_std", leaky * 0.5)
    ).holds
    # a second crossing: ELU above Leaky ReLU again far left
    twice = elu.copy()
    twice[:5] = leaky[:5] * 2
    assert not C.elu_and_leaky_cross_once(_with(r, "elu", "out_std", twice)).holds
    # ReLU passing more noise than ELU somewhere
    relu = np.asarray(r.out_std[r.names.index("relu")]).copy()
    relu[-1] = elu[-1] * 1.01
    assert not C.relu_passes_the_least(_with(r, "relu", "out_std", relu)).holds
    # the samples' spread off σ by a fifth
    assert not C.noise_setting(dataclasses.replace(r, noise_std=0.6)).holds
    # the lecture's literal reading holds where ELU passes more than both everywhere
    assert C.lecture_elu_less_resistant(
        _with(r, "elu", "out_std", np.maximum(elu, leaky * 1.5))
    ).holds


def test_the_claims_leave_settings_they_are_not_about() -> None:
    # the noise reaches above 0 from every centre: no deep region for Leaky ReLU's sentence
    wide = activation_noise(sigma=3.0, x_min=-8.0, points=41, n_noise=5000)
    assert not C.leaky_noise_stays_at_its_slope(wide).applies
    # centres stopping short of the crossing
    short = activation_noise(sigma=0.5, x_min=-3.0, points=41, n_noise=5000)
    assert not C.elu_and_leaky_cross_once(short).applies
