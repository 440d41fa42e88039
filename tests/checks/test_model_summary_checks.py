"""The model-summary claims: they hold on the real model (values against the closed forms
n_in·n_out + n_out and 4 bytes per float32) and fail on data that contradict them."""

from __future__ import annotations

import dataclasses
import functools

import numpy as np

from vizdl.checks import training as C
from vizdl.sim.training import first_model_summary

CHECKS = (
    "summary_module_rows",
    "summary_sequential_rows",
    "summary_as_the_lecture_prints",
    "summary_same_function",
)


@functools.cache
def run(model: str = "784-128-10"):
    return first_model_summary(model, n_images=2000)


def test_the_claims_hold_on_the_lectures_model() -> None:
    r = run()
    for name in CHECKS:
        v = getattr(C, name)(r)
        assert v.holds, (name, v.measured)
    m = C.summary_module_rows(r).measured
    assert (m["sum_layer1"], m["sum_layer2"]) == (784 * 128 + 128, 128 * 10 + 10)
    assert m["sum_total"] == 101_770 and m["sum_bytes"] == 4
    assert m["sum_mb"] == 101_770 * 4 / 2**20
    assert m["sum_input_size"] == "(1, 1, 784)"
    s = C.summary_sequential_rows(r).measured
    assert s == {"seq_rows": 3, "seq_relu_row": "ReLU-2", "seq_total": 101_770}
    f = C.summary_same_function(r).measured
    assert f["sum_diff_after"] == 0.0 and f["sum_n_images"] == 2000


def test_the_other_architecture_holds_its_own_rows_but_is_not_the_lectures_table() -> None:
    r = run("784-200-10")
    m = C.summary_module_rows(r).measured
    assert (m["sum_layer1"], m["sum_layer2"], m["sum_total"]) == (157_000, 2_010, 159_010)
    assert C.summary_module_rows(r).holds and C.summary_sequential_rows(r).holds
    assert not C.summary_as_the_lecture_prints(r).holds  # the lecture printed 784-128-10's


def test_the_claims_fail_on_data_against_them() -> None:
    r = run()
    wrong = dataclasses.replace(r, module_params=np.array([100_352, 1_290]))  # biases forgotten
    assert not C.summary_module_rows(wrong).holds
    assert not C.summary_as_the_lecture_prints(wrong).holds
    no_relu = dataclasses.replace(
        r,
        sequential_names=r.module_names,
        sequential_shapes=r.module_shapes,
        sequential_params=r.module_params,
    )
    assert not C.summary_sequential_rows(no_relu).holds
    assert not C.summary_same_function(dataclasses.replace(r, diff_after=0.01)).holds
    assert not C.summary_same_function(dataclasses.replace(r, same_class_after=0.999)).holds
    # identical before the copy as well: the figure would show nothing about the weights
    assert not C.summary_same_function(dataclasses.replace(r, diff_before=0.0)).holds
    double = dataclasses.replace(r, param_bytes=8)  # float64: 0.78 MB, not the lecture's 0.39
    assert not C.summary_as_the_lecture_prints(double).holds
