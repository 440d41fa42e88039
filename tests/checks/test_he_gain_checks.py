"""The claims of init-he-step and init-calculate-gain: they hold on real torch networks, with
values compared to closed forms computed here, and fail on data that contradict them."""

from __future__ import annotations

import dataclasses
import functools
import math

import numpy as np
import pytest
import torch

from vizdl.checks import initialization as C
from vizdl.sim.initialization import gain_in_use, he_step

HE_CHECKS = (
    "he_setup",
    "he_half_variance",
    "he_symmetric_pre_activations",
    "he_variance_level",
    "mean_term_sigmoid",
    "mean_term_tanh_and_relu",
    "he_lecture_step",
)
GAIN_CHECKS = (
    "gain_setup",
    "gain_tanh_forward",
    "gain_tanh_backward",
    "gain_fan_in_forward",
    "gain_fan_out_backward",
    "gain_fan_matches_theory",
    "gain_fan_modes_as_the_lecture_says",
    "gain_leaky_measured",
    "gain_leaky_in_use",
    "gain_table_as_the_lecture_says",
)


@functools.cache
def he():
    # the gallery's network (512 wide, 10 layers, 8 networks) on fewer rows
    return he_step(n_samples=300)


def test_the_he_claims_hold_with_the_closed_forms() -> None:
    r = he()
    for name in HE_CHECKS:
        v = getattr(C, name)(r)
        assert v.holds, (name, v.measured)
    level = C.he_variance_level(r).measured
    assert level["he_var_theory"] == pytest.approx(2 * r.input_second)  # n·(2/n)·E[x₀²]
    assert r.input_second == pytest.approx(1.0)  # standardized images
    tr = C.mean_term_tanh_and_relu(r).measured
    assert tr["relu_share_theory"] == pytest.approx(1 / math.pi)
    # ReLU of N(0, 1): E[x]² / E[x²] = (1/2π) / (1/2) = 1/π, measured within 0.05
    assert abs(tr["relu_share"] - 1 / math.pi) < 0.05
    sig = C.mean_term_sigmoid(r).measured
    z = np.linspace(-12, 12, 20001)
    pdf = np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
    s = 1 / (1 + np.exp(-z))
    assert sig["sig_next_theory"] == pytest.approx(np.trapezoid(s * s * pdf, z), abs=1e-6)
    assert sig["sig_mean"] == pytest.approx(0.5, abs=0.01)
    setup = C.he_setup(r).measured
    assert (setup["he_input_dim"], setup["he_width"], setup["he_depth"]) == (784, 512, 10)
    assert (setup["he_n_nets"], setup["he_n_samples"]) == (8, 300)


def test_he_checks_fail_on_data_against_them() -> None:
    r = he()
    # E[x²] a fifth short of ½ Var(y): not He's step
    assert not C.he_half_variance(dataclasses.replace(r, post_second=r.post_second * 0.8)).holds
    assert not C.he_lecture_step(dataclasses.replace(r, post_second=r.post_second * 0.8)).holds
    # y mostly positive, or with a mean: not symmetric around 0
    skew = dataclasses.replace(r, pre_positive=np.full_like(r.pre_positive, 0.6))
    assert not C.he_symmetric_pre_activations(skew).holds
    shifted = dataclasses.replace(r, pre_mean=0.2 * np.sqrt(r.pre_var))
    assert not C.he_symmetric_pre_activations(shifted).holds
    # Xavier's Var(w) = 1/n would predict Var(y) = 1, not the measured 2
    xavier = dataclasses.replace(r, theory_pre_var=r.theory_pre_var / 2)
    assert not C.he_variance_level(xavier).holds
    # weights of twice the variance are not kaiming_normal_'s
    assert not C.he_setup(dataclasses.replace(r, weight_var=2 * r.weight_var)).holds


def test_mean_checks_fail_when_the_columns_are_not_what_they_say() -> None:
    r = he()
    # tanh's numbers under sigmoid's name: its mean is 0, the zero-mean formula is enough
    swapped = dataclasses.replace(r, activations=("sigmoid", "relu", "tanh"))
    assert not C.mean_term_sigmoid(swapped).holds
    assert not C.mean_term_tanh_and_relu(swapped).holds
    centred = dataclasses.replace(r, act_mean=np.array([0.0, 0.0, 0.0]))
    assert not C.mean_term_sigmoid(centred).holds
    assert not C.mean_term_tanh_and_relu(centred).holds  # ReLU's mean term is not 0
    missing = dataclasses.replace(r, activations=("tanh", "relu", "softplus"))
    assert not C.mean_term_sigmoid(missing).holds


@functools.cache
def gain():
    # the gallery's stacks on fewer rows and networks
    return gain_in_use(n_samples=200, n_nets=3)


def test_the_gain_claims_hold_with_the_closed_forms() -> None:
    g = gain()
    for name in GAIN_CHECKS:
        v = getattr(C, name)(g)
        assert v.holds, (name, v.measured)
    sizes = (784, 1024, 512, 256, 128)
    m = C.gain_fan_in_forward(g).measured
    assert m["fanout_fwd_theory"] == pytest.approx(sizes[1] / sizes[-1])  # Π n_in/n_out
    m = C.gain_fan_out_backward(g).measured
    assert m["fanin_bwd_theory"] == pytest.approx(sizes[-1] / sizes[1])  # Π n_out/n_in
    m = C.gain_leaky_measured(g).measured
    assert m["leaky_a"] == 0.5
    assert m["leaky_gain_theory"] == pytest.approx(torch.nn.init.calculate_gain("leaky_relu", 0.5))
    m = C.gain_leaky_in_use(g).measured
    assert m["leaky_relu_expected"] == pytest.approx(1.25)
    assert g.tanh_gains[1] == pytest.approx(torch.nn.init.calculate_gain("tanh"))


def test_tanh_claims_fail_on_a_shallow_stack_or_swapped_gains() -> None:
    shallow = gain_in_use(
        depth=3, fan_sizes=(784, 256), slopes=(0.0,), leaky_depth=2, n_samples=100, n_nets=1
    )
    assert not C.gain_tanh_forward(shallow).holds  # gain 1 has not faded by a factor 10
    assert not C.gain_tanh_backward(shallow).holds  # nor has 5/3's gradient grown 10×
    g = gain()
    swapped = dataclasses.replace(g, tanh_forward=g.tanh_forward[::-1])
    assert not C.gain_tanh_forward(swapped).holds
    swapped = dataclasses.replace(g, tanh_backward=g.tanh_backward[::-1])
    assert not C.gain_tanh_backward(swapped).holds


def test_fan_claims_fail_where_the_widths_do_not_change() -> None:
    # after the first layer every width is 256: fan_in = fan_out, nothing grows or shrinks
    flat = gain_in_use(
        depth=2,
        fan_sizes=(784, 256, 256, 256),
        slopes=(0.0,),
        leaky_depth=2,
        n_samples=100,
        n_nets=2,
    )
    assert not C.gain_fan_in_forward(flat).holds
    assert not C.gain_fan_out_backward(flat).holds
    assert not C.gain_fan_modes_as_the_lecture_says(flat).holds
    g = gain()
    off = dataclasses.replace(g, fan_pre_theory=2 * g.fan_pre_theory)
    assert not C.gain_fan_matches_theory(off).holds
    renamed = dataclasses.replace(g, modes=("fan_out", "fan_in"))
    assert not C.gain_fan_in_forward(renamed).holds
    assert not C.gain_fan_out_backward(renamed).holds


def test_leaky_and_table_claims_fail_on_data_against_them() -> None:
    g = gain()
    # the runs labelled as if every slope were 0: √2 is not their gain
    assert not C.gain_leaky_measured(dataclasses.replace(g, slopes=np.zeros_like(g.slopes))).holds
    # as if ReLU's gain changed nothing
    same = dataclasses.replace(g, relu_gain_pre_var=g.leaky_pre_var)
    assert not C.gain_leaky_in_use(same).holds
    # the leaky runs growing 10% per layer
    grow = dataclasses.replace(g, leaky_pre_var=g.leaky_pre_var * 1.1 ** np.arange(8))
    assert not C.gain_leaky_in_use(grow).holds
    relu_gain = dataclasses.replace(g, torch_gains=np.full_like(g.torch_gains, math.sqrt(2)))
    assert not C.gain_table_as_the_lecture_says(relu_gain).holds
    assert not C.gain_table_as_the_lecture_says(
        dataclasses.replace(g, tanh_gains=np.array([1.0, 1.0]))
    ).holds
    assert not C.gain_setup(dataclasses.replace(g, leaky_pre_var=g.leaky_pre_var[:, :3])).holds
