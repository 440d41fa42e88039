"""Each check of vizdl.checks.units holds on the computed result and fails on data that
contradict its sentence."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from vizdl.checks import units as U
from vizdl.sim.optimizers.units import adadelta_units


@pytest.fixture(scope="module")
def u():
    return adadelta_units(resolution=20)


def _ratio(u, label: str, value: float):
    r = np.array(u.first_ratio, copy=True)
    r[u.labels.index(label)] = value
    return dataclasses.replace(u, first_ratio=r)


def test_every_check_holds_on_the_result_but_the_lectures_cell(u) -> None:
    for name in U.__all__:
        v = getattr(U, name)(u)
        assert v.holds == (name != "adadelta_has_consistent_units"), (name, v.measured)
    assert U.adadelta_has_consistent_units(u).measured["adadelta_ratio"] == pytest.approx(10, 1e-5)


def test_checks_fail_on_contradicting_data(u) -> None:
    assert not U.sgd_step_has_inverse_units(_ratio(u, "SGD", 10.0)).holds
    assert not U.normalised_steps_are_unitless(_ratio(u, "Adadelta", 1.0)).holds
    # a normalised rule whose two paths coincided would not be unitless
    err = np.array(u.path_error, copy=True)
    err[u.labels.index("Adam")] = 0.0
    assert not U.normalised_steps_are_unitless(dataclasses.replace(u, path_error=err)).holds
    err = np.array(u.path_error, copy=True)
    err[-1] = 1e-3  # Newton's paths parting
    assert not U.consistent_units_take_one_path(dataclasses.replace(u, path_error=err)).holds
    assert not U.consistent_units_take_one_path(_ratio(u, u.labels[-2], 10.0)).holds
    acc = np.array(u.acc_mapped, copy=True)
    acc[0] *= 100  # an accumulator that knew the scale
    assert not U.adadelta_accumulator_starts_at_eps(dataclasses.replace(u, acc_mapped=acc)).holds
    first = np.array(u.eps_first, copy=True)
    first[0] *= 2
    assert not U.first_step_is_sqrt_eps(dataclasses.replace(u, eps_first=first)).holds
    # the lecture's cell would hold for a rule whose step kept θ's units
    assert U.adadelta_has_consistent_units(_ratio(u, "Adadelta", 1.0)).holds


def test_the_measured_values_the_caption_quotes(u) -> None:
    v = U.first_step_is_sqrt_eps(u)
    assert v.measured["eps_list"] == "1e-10, 1e-08, 1e-06 and 1e-04"
    assert v.measured["torch_first"] == pytest.approx(np.sqrt(2e-6 / 0.1), rel=1e-4)
    assert U.sgd_step_has_inverse_units(u).measured["sgd_left_text"] == (
        ", and the rescaled run leaves the plot"
    )
