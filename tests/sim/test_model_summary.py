"""The model summary: torchsummary's table from the real model, and nn.Sequential = nn.Module
once they hold the same weights (no training)."""

from __future__ import annotations

import functools

import numpy as np
import pytest
import torch

from vizdl.sim import training as T


def test_summary_rows_are_the_lectures_for_the_module_and_add_relu_for_the_sequential() -> None:
    names, shapes, params = T.summary_rows(T.build_model("784-128-10", "module"))
    assert names == ("Linear-1", "Linear-2")
    assert shapes == ("[-1, 1, 1, 128]", "[-1, 1, 1, 10]")
    assert params.tolist() == [784 * 128 + 128, 128 * 10 + 10]
    names, shapes, params = T.summary_rows(T.build_model("784-128-10", "sequential"))
    assert names == ("Linear-1", "ReLU-2", "Linear-3")
    assert shapes[1] == "[-1, 1, 1, 128]" and params.tolist() == [100_480, 0, 1_290]
    # another input size changes the shapes, not the parameters
    names, shapes, params = T.summary_rows(T.build_model("784-200-10", "module"), (784,))
    assert shapes == ("[-1, 200]", "[-1, 10]") and params.tolist() == [157_000, 2_010]


def test_summary_rows_leave_no_hook_behind() -> None:
    net = T.build_model("784-128-10", "sequential")
    T.summary_rows(net)
    assert all(not m._forward_hooks for m in net.modules())


@functools.cache
def summary() -> T.ModelSummary:
    return T.first_model_summary(n_images=500)


def test_first_model_summary_matches_the_lecture_and_the_two_compute_the_same() -> None:
    r = summary()
    assert r.module_total == r.sequential_total == T.LECTURE_TOTAL_PARAMS == 101_770
    assert r.module_trainable == 101_770
    assert r.module_names == r.lecture_names and r.module_shapes == r.lecture_shapes
    assert r.lecture_params.tolist() == r.module_params.tolist() == [100_480, 1_290]
    assert r.linear_in.tolist() == [784, 128] and r.linear_out.tolist() == [128, 10]
    assert r.param_bytes == 4 and f"{101_770 * 4 / 2**20:.2f}" == r.lecture_params_mb
    assert r.diff_after == 0.0 and r.same_class_after == 1.0
    assert r.diff_before > 0.1  # built from another seed: other weights, other outputs
    np.testing.assert_array_equal(r.logits_sequential, r.logits_module)
    assert not np.array_equal(r.logits_sequential, r.logits_module_before)
    assert r.image.shape == (28, 28) and r.label == 9 and r.label_name == "Ankle boot"
    assert r.table()["layer"] == ["Linear-1", "Linear-2", "Linear-1", "ReLU-2", "Linear-3"]


def test_the_logits_are_the_sequentials_own_forward_pass() -> None:
    r = summary()
    seq = T.build_model("784-128-10", "sequential", seed=0)
    from vizdl.sim.data import load

    x = torch.as_tensor(load("test").images[:1].reshape(1, -1) / 255.0, dtype=torch.float32)
    with torch.no_grad():
        # one image alone runs other float32 kernels than a batch of 500: rounding only
        np.testing.assert_allclose(seq(x)[0].numpy(), r.logits_sequential, rtol=0, atol=1e-6)


def test_the_copy_maps_every_tensor() -> None:
    seq = T.build_model("784-200-10", "sequential", seed=5)
    net = T.build_model("784-200-10", "module", seed=6)
    T._copy_sequential_into_module(seq, net)
    assert torch.equal(net.hidden.weight, seq[0].weight) and torch.equal(
        net.output.bias, seq[2].bias
    )


@pytest.mark.parametrize(
    ("kw", "says"),
    [
        (dict(model="784-100-10"), "unknown model '784-100-10'"),
        (dict(n_images=0), "n_images must be an integer >= 1"),
        (dict(n_images=10_001), "n_images must be at most 10000"),
        (dict(seed=-1), "seed"),
    ],
)
def test_first_model_summary_refuses_bad_settings(kw: dict, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        T.first_model_summary(**kw)
