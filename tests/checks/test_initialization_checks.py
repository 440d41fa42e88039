"""The initialization claims: they hold on real torch nets and fail on data against them."""

from __future__ import annotations

import dataclasses
import functools
import math

import numpy as np
import pytest

from vizdl.checks import initialization as I
from vizdl.sim.initialization import (
    init_distributions,
    layer_histograms,
    linear_chain,
    signal_propagation,
    symmetry,
    tapering_stack,
)

INITS = (
    "small-normal",
    "large-normal",
    "torch-default",
    "xavier-normal",
    "kaiming-normal",
    "orthogonal",
)
WIDTH, DEPTH = 256, 12

PROPAGATION_CHECKS = (
    "propagation_setup",
    "forward_matches_theory",
    "linear_xavier_and_orthogonal_stay_level",
    "relu_needs_kaimings_factor_two",
    "normal_weights_scale_by_width",
    "torch_default_settles_on_its_biases",
    "forward_animation_rows",
    "backward_matches_theory",
    "kaiming_keeps_relu_gradients_level",
    "sigmoid_gradients_shrink_by_a_sixteenth",
    "sigmoid_vanishes_except_under_large_normal",
    "saturated_tanh_still_passes_exploding_gradients",
    "heatmap_saturated_cells",
    "heatmap_white_cells_are_level",
)
TAPERING_CHECKS = (
    "tapering_forward_rule_keeps_forward_level",
    "tapering_backward_rule_keeps_backward_level",
    "tapering_xavier_lies_in_between",
    "tapering_matches_theory",
    "tapering_fan_modes_as_the_lecture_says",
)
HISTOGRAM_CHECKS = (
    "histograms_large_normal_pins_units",
    "histograms_torch_default_collapses",
    "histograms_xavier_keeps_the_spread",
    "histograms_pinned_units_still_pass_gradients",
)
SYMMETRY_CHECKS = (
    "symmetry_setup",
    "symmetry_zeros_never_move_the_first_layer",
    "symmetry_constant_units_stay_identical",
    "symmetry_random_weights_break_it",
)
CHAIN_CHECKS = (
    "chain_setup",
    "chain_multiplies_by_c_squared",
    "chain_leaves_the_plot",
    "chain_shares_one_draw",
)
DISTRIBUTION_CHECKS = ("distributions_variances_agree", "distributions_uniform_within_bounds")


# He's step and calculate_gain: tested in tests/checks/test_he_gain_checks.py
HE_GAIN_CHECKS = (
    "he_setup",
    "he_half_variance",
    "he_symmetric_pre_activations",
    "he_variance_level",
    "mean_term_sigmoid",
    "mean_term_tanh_and_relu",
    "he_lecture_step",
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


def test_every_check_is_tested_here() -> None:
    groups = (
        PROPAGATION_CHECKS,
        TAPERING_CHECKS,
        HISTOGRAM_CHECKS,
        SYMMETRY_CHECKS,
        CHAIN_CHECKS,
        DISTRIBUTION_CHECKS,
        HE_GAIN_CHECKS,
    )
    assert sorted(sum(groups, ())) == sorted(I.__all__)


def _all_hold(r, names) -> None:
    for name in names:
        v = getattr(I, name)(r)
        assert v.holds, (name, v.measured)


# --- signal propagation ------------------------------------------------------------------------


@functools.cache
def run():
    # narrower and shallower than the gallery's (512 × 30), Gaussian inputs: the same laws, seconds
    return signal_propagation(
        initializers=INITS,
        activations=("linear", "tanh", "sigmoid", "relu"),
        width=WIDTH,
        depth=DEPTH,
        inputs="gaussian",
        n_samples=256,
        n_nets=2,
    )


def test_the_propagation_claims_hold_on_real_networks() -> None:
    r = run()
    _all_hold(r, PROPAGATION_CHECKS)
    m = I.torch_default_settles_on_its_biases(r).measured
    assert m["torch_fixed_point"] == 1 / (2 * WIDTH)
    setup = I.propagation_setup(r).measured
    assert (setup["input_dim"], setup["width"], setup["depth"]) == (WIDTH, WIDTH, DEPTH)
    assert (setup["n_samples"], setup["n_nets"]) == (256, 2)
    assert setup["inputs_text"] == "Gaussian rows (Var 1)"


def test_the_backward_values_match_their_closed_forms() -> None:
    r = run()
    m = I.sigmoid_vanishes_except_under_large_normal(r).measured
    # N(0, 1) weights: a linear layer multiplies Var(δ) by n_out · Var(W) = n
    assert m["large_bwd_per_layer"] == pytest.approx(WIDTH, rel=0.05)
    # the pinned share under N(0, 1): s ~ N(0, n · E[a²]) from the layer before, and |tanh s| > 0.99
    # where |s| > atanh(0.99)
    i, j = r.initializers.index("large-normal"), r.activations.index("tanh")
    q = WIDTH * r.forward[i, j, -2]
    expect = math.erfc(math.atanh(0.99) / math.sqrt(2 * q))
    sat = I.saturated_tanh_still_passes_exploding_gradients(r).measured
    assert sat["tanh_large_saturated"] == pytest.approx(expect, abs=0.03)
    # the saturated cells are exactly tanh and sigmoid under N(0, 1)
    h = I.heatmap_saturated_cells(r).measured
    assert h["n_saturated"] == 2
    assert (
        h["saturated_pairs"]
        == "tanh under Large random N(0, 1), sigmoid under Large random N(0, 1)"
    )
    anim = I.forward_animation_rows(r).measured
    # ReLU with Var(W) = v: s_1 ~ N(0, n·v), E[a²] = q/2 so q × n·v/2 per layer, and
    # Var(relu(s)) = q (1/2 − 1/(2π)): Var(a_L) = (1 − 1/π)(n·v/2)^L. Within a factor 2: a deep
    # ReLU net's variance fluctuates from one draw to the next.
    for key, nv in (("anim_relu_large_end", WIDTH), ("anim_relu_small_end", WIDTH * 1e-4)):
        expect = (1 - 1 / math.pi) * (nv / 2) ** DEPTH
        assert abs(math.log2(anim[key] / expect)) < 1, (key, anim[key], expect)
    # tanh under N(0, 1) going back: × n · E[tanh'(s)²] per layer, s ~ N(0, q), q ≈ n · E[a²];
    # for large q, E[sech⁴ s] ≈ (4/3) / √(2πq)
    per = I.saturated_tanh_still_passes_exploding_gradients(r).measured["tanh_large_per_layer"]
    assert per == pytest.approx(WIDTH * (4 / 3) / math.sqrt(2 * math.pi * q), rel=0.15)


def _scaled(r, init: str, act: str, factor: np.ndarray, field: str = "forward"):
    f = getattr(r, field).copy()
    if field == "forward":
        f[r.initializers.index(init), r.activations.index(act), 1:] *= factor
    else:
        f[r.initializers.index(init), r.activations.index(act)] *= factor
    return dataclasses.replace(r, **{field: f})


def test_the_forward_claims_fail_on_data_against_them() -> None:
    r = run()
    grow = 1.1 ** np.arange(r.depth)  # a drift of 10% per layer
    assert not I.linear_xavier_and_orthogonal_stay_level(
        _scaled(r, "orthogonal", "linear", grow)
    ).holds
    assert not I.relu_needs_kaimings_factor_two(_scaled(r, "kaiming-normal", "relu", grow**2)).holds
    assert not I.normal_weights_scale_by_width(_scaled(r, "large-normal", "linear", grow)).holds
    assert not I.torch_default_settles_on_its_biases(
        _scaled(r, "torch-default", "linear", grow)
    ).holds
    assert not I.forward_matches_theory(_scaled(r, "xavier-normal", "tanh", 3.0 + 0 * grow)).holds
    # the animation's rows: tanh under N(0, 1) exploding instead of saturating
    assert not I.forward_animation_rows(_scaled(r, "large-normal", "tanh", 10.0**grow)).holds
    # inconsistent arrays (a layer missing) fail the setup
    assert not I.propagation_setup(dataclasses.replace(r, depth=r.depth + 1)).holds


def test_the_backward_claims_fail_on_data_against_them() -> None:
    r = run()
    back = 1.1 ** np.arange(r.depth)[::-1]  # growing 10% per layer going back
    assert not I.backward_matches_theory(
        _scaled(r, "xavier-normal", "relu", 3.0 + 0 * back, "backward")
    ).holds
    assert not I.kaiming_keeps_relu_gradients_level(
        _scaled(r, "kaiming-normal", "relu", back**2, "backward")
    ).holds
    # sigmoid shrinking less than the 1/16 bound allows
    assert not I.sigmoid_gradients_shrink_by_a_sixteenth(
        _scaled(r, "xavier-normal", "sigmoid", 4.0 ** np.arange(r.depth)[::-1], "backward")
    ).holds
    # sigmoid gradients that do not vanish under Xavier
    g = r.backward.copy()
    i, j = r.initializers.index("xavier-normal"), r.activations.index("sigmoid")
    g[i, j] = g[i, j, -1]
    assert not I.sigmoid_vanishes_except_under_large_normal(
        dataclasses.replace(r, backward=g)
    ).holds
    # tanh under N(0, 1) with units that are not pinned
    assert not I.saturated_tanh_still_passes_exploding_gradients(
        dataclasses.replace(r, saturated=0 * r.saturated)
    ).holds


def test_without_large_weights_nothing_saturates_and_the_saturation_claims_fail() -> None:
    r = signal_propagation(
        initializers=("xavier-normal", "kaiming-normal"),
        activations=("linear", "tanh", "sigmoid", "relu"),
        width=64,
        depth=6,
        inputs="gaussian",
        n_samples=64,
        n_nets=1,
    )
    assert not I.heatmap_saturated_cells(r).holds  # no hatched cell
    assert not I.saturated_tanh_still_passes_exploding_gradients(r).holds
    assert not I.sigmoid_vanishes_except_under_large_normal(r).holds  # no N(0, 1) to grow


def test_a_white_cell_that_is_not_level_fails_the_white_claim() -> None:
    r = run()
    # Xavier + linear ends where it starts but dips ×0.3 in the middle: white, not level
    dip = np.ones(r.depth)
    dip[r.depth // 3 : 2 * r.depth // 3] = 0.3
    bad = _scaled(r, "xavier-normal", "linear", dip)
    assert I.heatmap_white_cells_are_level(r).holds
    assert not I.heatmap_white_cells_are_level(bad).holds
    # a hatched cell whose ratio is not near 1 fails the saturated-cells claim
    far = _scaled(r, "large-normal", "tanh", 100.0 + 0 * dip)
    assert not I.heatmap_saturated_cells(far).holds


# --- tapering stack ----------------------------------------------------------------------------

TAPER = (300, 600, 150, 40)


@functools.cache
def taper(sizes: tuple[int, ...] = TAPER):
    return tapering_stack(sizes=sizes, inputs="gaussian", n_samples=256, n_nets=8)


def test_the_tapering_claims_hold_with_the_closed_form_factors() -> None:
    r = taper()
    _all_hold(r, TAPERING_CHECKS)
    n = TAPER
    pairs = list(zip(n[:-1], n[1:], strict=True))
    m = {}
    for name in TAPERING_CHECKS[:3]:
        m.update(getattr(I, name)(r).measured)
    # fan-in rule: backward × Π n_out/n_in = n_L/n_0; fan-out rule: forward × n_0/n_L
    assert m["fanin_bwd_end"] == pytest.approx(n[-1] / n[0], rel=0.1)
    assert m["fanout_fwd_end"] == pytest.approx(n[0] / n[-1], rel=0.1)
    assert m["xavier_fwd_end"] == pytest.approx(
        math.prod(2 * a / (a + b) for a, b in pairs), rel=0.1
    )
    assert m["xavier_bwd_end"] == pytest.approx(
        math.prod(2 * b / (a + b) for a, b in pairs), rel=0.1
    )
    assert m["stack"] == "300 → 600 → 150 → 40"


def test_with_equal_widths_the_rules_agree_and_the_tapering_claims_fail() -> None:
    r = taper((200, 200, 200, 200))
    assert not I.tapering_forward_rule_keeps_forward_level(r).holds  # backward is level too
    assert not I.tapering_backward_rule_keeps_backward_level(r).holds
    assert not I.tapering_xavier_lies_in_between(r).holds  # nothing to lie between
    assert not I.tapering_fan_modes_as_the_lecture_says(r).holds
    assert I.tapering_matches_theory(r).holds


def test_the_tapering_claims_fail_on_doctored_data() -> None:
    r = taper()
    k = r.rules.index("xavier")
    f = r.forward.copy()
    f[k] *= 10.0 ** np.arange(len(TAPER))  # Xavier's forward far beyond both rules
    bad = dataclasses.replace(r, forward=f)
    assert not I.tapering_xavier_lies_in_between(bad).holds
    assert not I.tapering_matches_theory(bad).holds
    b = r.backward.copy()
    b[r.rules.index("fan-out")] *= 1.2 ** np.arange(len(TAPER))
    assert not I.tapering_backward_rule_keeps_backward_level(
        dataclasses.replace(r, backward=b)
    ).holds


# --- layer histograms --------------------------------------------------------------------------


@functools.cache
def hist(activation: str = "tanh"):
    return layer_histograms(
        activation=activation, width=400, depth=5, inputs="gaussian", n_samples=300, bins=30
    )


def test_the_histogram_claims_hold_with_the_closed_form_values() -> None:
    h = hist()
    _all_hold(h, HISTOGRAM_CHECKS)
    m = I.histograms_pinned_units_still_pass_gradients(h).measured
    assert m["hist_large_gain"] == 400.0  # n · Var(W) = 400 · 1
    t = I.histograms_torch_default_collapses(h).measured
    # U(±1/√n) weights: Var(W) = 1/(3n), so small signals lose a third of their variance per
    # layer (tanh ≈ identity there, biases add 1/(3n)): std × √(1/3) per layer, 4 steps
    assert t["torch_std_last"] / t["torch_std_first"] == pytest.approx((1 / 3) ** 2, rel=0.25)
    p = I.histograms_large_normal_pins_units(h).measured
    assert (p["hist_layers"], p["hist_width"], p["hist_activation"]) == (5, 400, "tanh")


def test_the_histogram_claims_fail_on_data_against_them() -> None:
    h = hist()
    assert not I.histograms_large_normal_pins_units(hist("relu")).holds  # ReLU cannot pin
    var = h.var.copy()
    x, td = h.initializers.index("xavier-uniform"), h.initializers.index("torch-default")
    var[x] = var[x, 0] * 0.3 ** np.arange(5)
    assert not I.histograms_xavier_keeps_the_spread(dataclasses.replace(h, var=var)).holds
    var = h.var.copy()
    var[td] = var[td, 0]
    assert not I.histograms_torch_default_collapses(dataclasses.replace(h, var=var)).holds
    g = h.grad_var.copy()
    g[h.initializers.index("large-normal")] = g[h.initializers.index("large-normal")][::-1]
    assert not I.histograms_pinned_units_still_pass_gradients(
        dataclasses.replace(h, grad_var=g)
    ).holds


# --- symmetry ----------------------------------------------------------------------------------


@functools.cache
def sym(value: float = 0.002):
    return symmetry(steps=60, n_samples=500, checkpoints=4, value=value)


def test_the_symmetry_claims_hold() -> None:
    s = sym()
    _all_hold(s, SYMMETRY_CHECKS)
    m = I.symmetry_setup(s).measured
    assert (m["sym_inputs"], m["sym_hidden"], m["sym_steps"], m["sym_images"]) == (784, 8, 60, 500)
    assert m["sym_classes"] == 10
    z = I.symmetry_zeros_never_move_the_first_layer(s).measured
    # Fashion-MNIST is balanced: one class's share of 500 random images is near 1/10
    assert z["zeros_accuracy"] == pytest.approx(0.1, abs=0.04)


def test_the_symmetry_claims_fail_where_they_are_false() -> None:
    s = sym()
    assert not I.symmetry_setup(sym(0.5)).holds  # a constant of 0.5 saturates tanh at the start
    acc = s.accuracy.copy()
    acc[s.inits.index("zeros"), -1] = 0.5
    assert not I.symmetry_zeros_never_move_the_first_layer(
        dataclasses.replace(s, accuracy=acc)
    ).holds
    spread = s.spread.copy()
    spread[s.inits.index("constant")] = 1e-3
    assert not I.symmetry_constant_units_stay_identical(dataclasses.replace(s, spread=spread)).holds
    loss = s.loss.copy()
    loss[s.inits.index("xavier-normal"), -1] = 10.0
    assert not I.symmetry_random_weights_break_it(dataclasses.replace(s, loss=loss)).holds


# --- linear chain ------------------------------------------------------------------------------


@functools.cache
def chain(depth: int = 50):
    return linear_chain(width=128, depth=depth, n_samples=300)


def test_the_chain_claims_hold_with_the_closed_form_layers() -> None:
    c = chain()
    _all_hold(c, CHAIN_CHECKS)
    m = I.chain_leaves_the_plot(c).measured
    # c^{2l} leaves [10⁻¹⁵, 10¹⁵] at l = ⌈15 / |log₁₀ c²|⌉ (± one layer of finite-width wiggle)
    lo = int(m["chain_low_text"].rsplit(" ", 1)[1])
    hi = int(m["chain_high_text"].rsplit(" ", 1)[1])
    assert m["chain_low_text"].startswith("leaves the plot at layer")
    assert (m["chain_low_c"], m["chain_high_c"]) == (0.5, 1.5)
    assert abs(lo - math.ceil(15 / math.log10(4))) <= 1
    assert abs(hi - math.ceil(15 / math.log10(2.25))) <= 1
    e = I.chain_multiplies_by_c_squared(c).measured
    assert (e["chain_below_c"], e["chain_above_c"]) == (0.9, 1.1)
    assert e["chain_below_theory"] == pytest.approx(0.81**50)
    assert e["chain_above_theory"] == pytest.approx(1.21**50)
    assert e["chain_kept_text"] == "Only c = 1"
    assert I.chain_setup(c).measured == dict(chain_depth=50, chain_width=128, chain_n_scales=5)


def test_the_chain_words_follow_other_scales() -> None:
    c = linear_chain(scales=(0.95, 1.0, 1.002, 1.3), width=256, depth=30, n_samples=300)
    _all_hold(c, CHAIN_CHECKS)
    e = I.chain_multiplies_by_c_squared(c).measured
    assert (e["chain_below_c"], e["chain_above_c"]) == (0.95, 1.002)
    assert e["chain_above_theory"] == pytest.approx(1.002**60)
    # 1.002^60 = 1.13 < 2: over 30 layers c = 1.002 keeps the signal too, and the caption says so
    assert e["chain_kept_text"] == "c = 1 (and over these layers also c = 1.002)"
    m = I.chain_leaves_the_plot(c).measured
    # 0.95^60 = 0.046 and 1.3^60 = 7e6: both stay inside 10^±15
    assert m["chain_low_text"] == m["chain_high_text"] == "stays on the plot through layer 30"
    with pytest.raises(ValueError, match="give 1 and at least one scale below and one above"):
        linear_chain(scales=(0.7, 1.3), width=8, depth=2, n_samples=4)


def test_the_chain_claims_fail_where_they_are_false() -> None:
    c = chain()
    f = c.forward.copy()
    k = int(np.flatnonzero(np.isclose(c.scales, 0.9))[0])
    f[k] *= 1.05 ** np.arange(c.depth + 1)  # 5% off c² per layer
    bad = dataclasses.replace(c, forward=f)
    assert not I.chain_multiplies_by_c_squared(bad).holds
    assert not I.chain_shares_one_draw(bad).holds
    # a curve that goes back inside the range after leaving it is not "leaves at layer l"
    f = c.forward.copy()
    k = int(np.argmin(c.scales))
    f[k, 5] = 1e-20
    assert not I.chain_leaves_the_plot(dataclasses.replace(c, forward=f)).holds


# --- distributions -----------------------------------------------------------------------------


def test_the_distribution_claims_hold_and_fail_on_doctored_samples() -> None:
    d = init_distributions(fan_in=300, fan_out=100)
    _all_hold(d, DISTRIBUTION_CHECKS)
    m = I.distributions_variances_agree(d).measured
    assert (m["dist_n_draws"], m["dist_fan_in"], m["dist_fan_out"]) == (30000, 300, 100)
    assert I.distributions_uniform_within_bounds(d).measured["dist_n_uniform"] == 4
    off = dataclasses.replace(d, torch_var=d.torch_var * 1.1)  # 10% off: ~29 standard errors
    assert not I.distributions_variances_agree(off).holds
    dens = d.density.copy()
    u = int(np.flatnonzero(np.isfinite(d.high))[0])
    dens[u, 0] = 0.1  # weight beyond -a
    assert not I.distributions_uniform_within_bounds(dataclasses.replace(d, density=dens)).holds
