"""Checks on :mod:`vizdl.sim.initialization` results (signal propagation through depth)."""

from __future__ import annotations

import math

import numpy as np

from vizdl.checks import Verdict, all_of, not_applicable, verdict

__all__ = [
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
    "tapering_forward_rule_keeps_forward_level",
    "tapering_backward_rule_keeps_backward_level",
    "tapering_xavier_lies_in_between",
    "tapering_matches_theory",
    "tapering_fan_modes_as_the_lecture_says",
    "histograms_large_normal_pins_units",
    "histograms_torch_default_collapses",
    "histograms_xavier_keeps_the_spread",
    "histograms_pinned_units_still_pass_gradients",
    "symmetry_setup",
    "symmetry_zeros_never_move_the_first_layer",
    "symmetry_constant_units_stay_identical",
    "symmetry_random_weights_break_it",
    "chain_setup",
    "chain_multiplies_by_c_squared",
    "chain_leaves_the_plot",
    "chain_shares_one_draw",
    "distributions_variances_agree",
    "distributions_uniform_within_bounds",
]

nan = float("nan")


def _curve(r: object, init: str, act: str) -> np.ndarray:
    """Var(a_l) for l = 1..depth (mean over the networks), NaN when the pair was not run."""
    if init not in r.initializers or act not in r.activations:
        return np.full(r.depth, nan)
    return np.asarray(r.forward[r.initializers.index(init), r.activations.index(act), 1:], float)


def _per_layer(v: np.ndarray, layers: int = 10) -> float:
    """The geometric mean factor per layer over the first ``layers`` layers."""
    v = v[: layers + 1]
    return float(np.exp(np.mean(np.diff(np.log(v))))) if np.all(v > 0) else nan


def forward_matches_theory(r: object) -> Verdict:
    """Every measured Var(a_l), for every initializer, activation and layer, is within a
    factor 2 of the theory's."""
    meas, theory = (
        np.asarray(r.forward, float)[..., 1:],
        np.asarray(r.theory_forward, float)[..., 1:],
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        off = np.abs(np.log2(meas / theory))
    worst = float(2 ** np.nanmax(off)) if np.isfinite(off).any() else nan
    return verdict(bool(np.all(np.isfinite(off))) and worst < 2, worst_theory_factor=worst)


def linear_xavier_and_orthogonal_stay_level(r: object) -> Verdict:
    """Linear layers with Xavier or orthogonal weights keep Var(a_l) within 1/1.5 to 1.5 of 1 at
    every layer."""
    both = np.concatenate([_curve(r, "xavier-normal", "linear"), _curve(r, "orthogonal", "linear")])
    return verdict(
        bool(np.all((both > 1 / 1.5) & (both < 1.5))),
        level_min=float(np.min(both)),
        level_max=float(np.max(both)),
    )


def relu_needs_kaimings_factor_two(r: object) -> Verdict:
    """ReLU with Kaiming stays within a factor 2 of its first layer; with Xavier it halves per
    layer (factor 0.45 to 0.55)."""
    kaiming, xavier = _curve(r, "kaiming-normal", "relu"), _curve(r, "xavier-normal", "relu")
    level = float(np.max(np.abs(np.log2(kaiming / kaiming[0]))))
    halves = _per_layer(xavier)
    return verdict(
        level < 1 and 0.45 < halves < 0.55,
        relu_kaiming_drift=float(2**level),
        relu_xavier_per_layer=halves,
        relu_xavier_end=float(xavier[-1]),
    )


def normal_weights_scale_by_width(r: object) -> Verdict:
    """Linear layers multiply Var(a) by n·Var(W) per layer (within 5%): n·10⁻⁴ for N(0, 0.01²)
    weights and n for N(0, 1); tanh and sigmoid under N(0, 1) saturate instead (their variance
    stays within 10% of its first layer's)."""
    n = int(r.width)
    small, large = (
        _per_layer(_curve(r, "small-normal", "linear")),
        _per_layer(_curve(r, "large-normal", "linear")),
    )
    sat = [_curve(r, "large-normal", a) for a in ("tanh", "sigmoid")]
    flat = all(np.all(np.abs(v / v[0] - 1) < 0.1) for v in sat)
    holds = abs(small / (n * 1e-4) - 1) < 0.05 and abs(large / n - 1) < 0.05 and flat
    return verdict(holds, small_per_layer=small, large_per_layer=large, width=n)


def torch_default_settles_on_its_biases(r: object) -> Verdict:
    """PyTorch's nn.Linear default (weights and biases U(±1/√n)) multiplies a linear network's
    variance by 1/3 at first (within 10%), and its biases then hold it within 20% of the fixed
    point v = v/3 + 1/(3n), i.e. 1/(2n)."""
    v = _curve(r, "torch-default", "linear")
    first = float(v[1] / v[0])
    fixed = 1.0 / (2 * int(r.width))
    holds = abs(first * 3 - 1) < 0.1 and abs(v[-1] / fixed - 1) < 0.2
    return verdict(holds, torch_first_factor=first, torch_end=float(v[-1]), torch_fixed_point=fixed)


def propagation_setup(r: object) -> Verdict:
    """The networks the propagation entries measured, read from the result's arrays: input width,
    hidden width, depth, rows and networks (the caption's "784 → 512 → … → 512" and so on)."""
    ni, na = len(r.initializers), len(r.activations)
    nets, layers = np.shape(r.forward_nets)[2], np.shape(r.forward_nets)[3] - 1
    consistent = (
        np.shape(r.forward_nets) == (ni, na, nets, r.depth + 1)
        and np.shape(r.backward_nets) == (ni, na, nets, r.depth)
        and layers == r.depth
    )
    src = (
        "standardized Fashion-MNIST images"
        if r.inputs == "fashion-mnist"
        else "Gaussian rows (Var 1)"
    )
    return verdict(
        consistent,
        input_dim=int(r.input_dim),
        width=int(r.width),
        depth=int(layers),
        n_samples=int(r.n_samples),
        n_nets=int(nets),
        inputs_text=src,
    )


_ANIMATION_ROWS = (
    "small-normal",
    "large-normal",
    "torch-default",
    "xavier-normal",
    "kaiming-normal",
)


def forward_animation_rows(r: object) -> Verdict:
    """The forward animation's rows (N(0, 0.01²), N(0, 1), PyTorch's default, Xavier, Kaiming) under
    tanh and ReLU: ReLU + N(0, 1) explodes (last layer above 10¹²), ReLU + N(0, 0.01²) vanishes
    (below 10⁻¹²), tanh + N(0, 1) stays between 0.5 and 1 (pinned at ±1, not exploding), ReLU +
    Kaiming ends within a factor 2 of its first layer."""
    end = {(i, a): float(_curve(r, i, a)[-1]) for i in _ANIMATION_ROWS for a in ("tanh", "relu")}
    first = float(_curve(r, "kaiming-normal", "relu")[0])
    holds = (
        end[("large-normal", "relu")] > 1e12
        and end[("small-normal", "relu")] < 1e-12
        and 0.5 < end[("large-normal", "tanh")] < 1.0
        and abs(math.log2(end[("kaiming-normal", "relu")] / first)) < 1
    )
    return verdict(
        holds,
        anim_relu_large_end=end[("large-normal", "relu")],
        anim_relu_small_end=end[("small-normal", "relu")],
        anim_tanh_large_end=end[("large-normal", "tanh")],
        anim_relu_kaiming_end=end[("kaiming-normal", "relu")],
    )


# --- backward ---------------------------------------------------------------------------------


def _grad(r: object, init: str, act: str) -> np.ndarray:
    """Var(δ_l) for l = 1..depth (mean over the networks), NaN when the pair was not run."""
    if init not in r.initializers or act not in r.activations:
        return np.full(r.depth, nan)
    return np.asarray(r.backward[r.initializers.index(init), r.activations.index(act)], float)


def _back_per_layer(g: np.ndarray) -> float:
    """Geometric mean factor per layer going back, from the last layer to the first."""
    return float(np.exp(np.mean(np.diff(np.log(g[::-1]))))) if np.all(g > 0) else nan


def backward_matches_theory(r: object) -> Verdict:
    """Every measured Var(δ_l), every initializer, activation and layer, within a factor 2 of the
    theory."""
    with np.errstate(divide="ignore", invalid="ignore"):
        off = np.abs(np.log2(np.asarray(r.backward, float) / np.asarray(r.theory_backward, float)))
    worst = float(2 ** np.nanmax(off)) if np.isfinite(off).any() else nan
    return verdict(bool(np.all(np.isfinite(off))) and worst < 2, worst_backward_factor=worst)


def kaiming_keeps_relu_gradients_level(r: object) -> Verdict:
    """ReLU + Kaiming: every layer's Var(δ) within a factor 2 of the last layer's."""
    g = _grad(r, "kaiming-normal", "relu")
    drift = float(2 ** np.max(np.abs(np.log2(g / g[-1])))) if np.all(g > 0) else nan
    return verdict(drift < 2, relu_kaiming_bwd_drift=drift)


def sigmoid_gradients_shrink_by_a_sixteenth(r: object) -> Verdict:
    """Going back one layer, sigmoid multiplies Var(δ) by at most n·Var(W)/16 (σ' ≤ 1/4): for every
    initializer the measured factor per layer is at most 1.05 × (the linear net's measured factor,
    n·Var(W)) / 16."""
    worst = nan
    ratios = []
    for init in r.initializers:
        lin = _back_per_layer(_grad(r, init, "linear"))
        sig = _back_per_layer(_grad(r, init, "sigmoid"))
        ratios.append(sig / (lin / 16))
    if ratios and np.all(np.isfinite(ratios)):
        worst = float(np.max(ratios))
    return verdict(worst <= 1.05, sigmoid_vs_bound=worst)


def sigmoid_vanishes_except_under_large_normal(r: object) -> Verdict:
    """Sigmoid's Var(δ₁)/Var(δ_L) is below 10⁻³ under every initializer but N(0, 1), and above 1
    under N(0, 1), whose linear nets multiply Var(δ) by n·Var(W) ≈ n per layer (within 5%)."""
    ratio = {
        i: float(_grad(r, i, "sigmoid")[0] / _grad(r, i, "sigmoid")[-1]) for i in r.initializers
    }
    others = [v for i, v in ratio.items() if i != "large-normal"]
    worst = float(max(others)) if others else nan
    large = ratio.get("large-normal", nan)
    gain = _back_per_layer(_grad(r, "large-normal", "linear"))
    holds = worst < 1e-3 and large > 1 and abs(gain / r.width - 1) < 0.05
    return verdict(
        holds, sigmoid_others_max=worst, sigmoid_large_ratio=large, large_bwd_per_layer=gain
    )


def saturated_tanh_still_passes_exploding_gradients(r: object) -> Verdict:
    """Under N(0, 1) more than half of tanh's last-layer units sit within 0.01 of ±1, yet going
    back Var(δ) grows more than 5× per layer on average: n·Var(W) outweighs the small tanh'."""
    if "large-normal" not in r.initializers or "tanh" not in r.activations:
        return verdict(
            False, tanh_large_saturated=nan, tanh_large_ratio=nan, tanh_large_per_layer=nan
        )
    i, j = r.initializers.index("large-normal"), r.activations.index("tanh")
    sat = float(r.saturated[i, j, -1])
    g = _grad(r, "large-normal", "tanh")
    ratio = float(g[0] / g[-1])
    per_layer = _back_per_layer(g)
    return verdict(
        sat > 0.5 and per_layer > 5,
        tanh_large_saturated=sat,
        tanh_large_ratio=ratio,
        tanh_large_per_layer=per_layer,
    )


# --- heatmap ---------------------------------------------------------------------------------

# a cell is "saturated" (hatched) when more than half of its last layer's units are pinned, and
# "white" when its ratio is within a factor 2 of 1 (the heatmap's colour scale is pale only there:
# vizdl.render.mpl.initialization.heat_position)
SATURATED_CELL = 0.5
WHITE_DECADES = math.log10(2.0)


def heatmap_ratios(r: object) -> tuple[np.ndarray, np.ndarray]:
    """The heatmap's two panels: Var(a_L)/Var(x) and Var(δ₁)/Var(δ_L), (initializers, activations)."""
    f, b = np.asarray(r.forward, float), np.asarray(r.backward, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return f[..., -1] / f[..., 0], b[..., 0] / b[..., -1]


def saturated_cells(r: object) -> np.ndarray:
    """(initializers, activations): True where more than half the last layer's units are pinned."""
    return np.asarray(r.saturated, float)[..., -1] > SATURATED_CELL


def heatmap_saturated_cells(r: object) -> Verdict:
    """The hatched (saturated) cells: at least one, each with more than half its last layer's units
    pinned within 0.01 of a bound, and each forward ratio within a factor 10 of 1 although the
    pre-activation variance grew (the ratio is level only because the units are pinned)."""
    fwd, _ = heatmap_ratios(r)
    sat = saturated_cells(r)
    fracs = np.asarray(r.saturated, float)[..., -1][sat]
    near_one = np.abs(np.log10(fwd[sat])) < 1.0  # within a factor 10
    pairs = [
        f"{a} under {r.labels[i]}"
        for i in range(len(r.initializers))
        for j, a in enumerate(r.activations)
        if sat[i, j]
    ]
    return verdict(
        bool(sat.any()) and bool(np.all(near_one)),
        n_saturated=int(sat.sum()),
        saturated_min=float(fracs.min()) if fracs.size else nan,
        saturated_pairs=", ".join(pairs),
    )


def heatmap_white_cells_are_level(r: object) -> Verdict:
    """Every white cell (ratio within a factor 2 of 1) that is not hatched is level at every layer:
    its curve stays within a factor 2.5 of where it starts (forward: Var(x); backward: Var(δ_L)).
    (2.5, not 2: ReLU's first layer alone takes Var(x) = 1 to 1 − 1/π under Kaiming, and a
    narrow net's layers fluctuate around the level.)"""
    fwd, bwd = heatmap_ratios(r)
    sat = saturated_cells(r)
    f, b = np.asarray(r.forward, float), np.asarray(r.backward, float)
    worst, counts = 1.0, []
    with np.errstate(divide="ignore", invalid="ignore"):
        for panel, curves, start in ((fwd, f, f[..., :1]), (bwd, b, b[..., -1:])):
            white = (np.abs(np.log10(panel)) < WHITE_DECADES) & ~sat
            counts.append(int(white.sum()))
            if white.any():
                dev = np.abs(np.log2(curves / start))[white]
                worst = max(worst, float(2 ** np.max(dev)))
    return verdict(
        sum(counts) > 0 and worst < 2.5,
        n_white=sum(counts),
        n_white_forward=counts[0],
        white_worst_drift=worst,
    )


# --- tapering stack --------------------------------------------------------------------------


def _rule(r: object, rule: str, which: str) -> np.ndarray:
    if rule not in r.rules:
        return np.full(len(r.sizes), nan)
    return np.asarray(getattr(r, which)[r.rules.index(rule)], float)


def _drift(v: np.ndarray, ref: float) -> float:
    return float(2 ** np.max(np.abs(np.log2(v / ref)))) if np.all(v > 0) else nan


def tapering_forward_rule_keeps_forward_level(r: object) -> Verdict:
    """Var(W) = 1/n_in keeps every layer's Var(a) within 10% of Var(x); backward it does not: the
    gradient reaching the input is off by more than a factor 2 from the one that arrived."""
    f, b = _rule(r, "fan-in", "forward"), _rule(r, "fan-in", "backward")
    drift = _drift(f, f[0])
    bend = float(b[0] / b[-1])
    return verdict(
        drift < 1.1 and abs(math.log2(bend)) > 1,
        fanin_fwd_drift=drift,
        fanin_bwd_end=bend,
        stack=" → ".join(str(n) for n in r.sizes),
    )


def tapering_backward_rule_keeps_backward_level(r: object) -> Verdict:
    """Var(W) = 1/n_out keeps every layer's Var(∂L/∂a) within 10% of the arriving gradient's;
    forward it does not: the last layer's Var(a) is off by more than a factor 2 from Var(x)."""
    f, b = _rule(r, "fan-out", "forward"), _rule(r, "fan-out", "backward")
    drift = _drift(b, b[-1])
    fend = float(f[-1] / f[0])
    return verdict(
        drift < 1.1 and abs(math.log2(fend)) > 1, fanout_bwd_drift=drift, fanout_fwd_end=fend
    )


def tapering_xavier_lies_in_between(r: object) -> Verdict:
    """At every layer Xavier's measured Var(a) (relative to Var(x)) lies strictly between the
    forward rule's and the backward rule's, and so does its Var(∂L/∂a) (relative to the arriving
    gradient's), at the layers where those two differ by more than 10%."""
    ok = True
    for which, ref in (("forward", 0), ("backward", -1)):
        x, lo, hi = (_rule(r, k, which) for k in ("xavier", "fan-in", "fan-out"))
        x, lo, hi = x / x[ref], lo / lo[ref], hi / hi[ref]
        apart = np.abs(np.log(hi / lo)) > math.log(1.1)
        between = (np.minimum(lo, hi) < x) & (x < np.maximum(lo, hi))
        ok = ok and bool(apart.any()) and bool(np.all(between[apart]))
    fx, bx = _rule(r, "xavier", "forward"), _rule(r, "xavier", "backward")
    return verdict(ok, xavier_fwd_end=float(fx[-1] / fx[0]), xavier_bwd_end=float(bx[0] / bx[-1]))


def tapering_matches_theory(r: object) -> Verdict:
    """Every measured variance of the tapering stack (each rule, layer and direction, mean over
    the networks) within 10% of the theory."""
    with np.errstate(divide="ignore", invalid="ignore"):
        off = [
            np.abs(np.log(np.asarray(getattr(r, m), float) / np.asarray(getattr(r, t), float)))
            for m, t in (("forward", "theory_forward"), ("backward", "theory_backward"))
        ]
    dev = np.concatenate([o.ravel() for o in off])
    worst = float(np.exp(np.max(dev))) if np.all(np.isfinite(dev)) else nan
    src = "standardized Fashion-MNIST images" if r.inputs == "fashion-mnist" else "Gaussian rows"
    return verdict(
        worst < 1.1,
        taper_worst_theory=worst,
        taper_n_nets=int(np.shape(r.forward_nets)[1]),
        taper_samples=int(r.n_samples),
        taper_inputs=src,
    )


def tapering_fan_modes_as_the_lecture_says(r: object) -> Verdict:
    """The lecture's mode='fan_in' (forward) and mode='fan_out' (backward) statement: both rules
    keep their own direction level."""
    return all_of(
        tapering_forward_rule_keeps_forward_level(r), tapering_backward_rule_keeps_backward_level(r)
    )


# --- layer histograms ------------------------------------------------------------------------


def _hist_row(h: object, init: str, field: str) -> np.ndarray:
    if init not in h.initializers:
        return np.full(len(h.layers), nan)
    return np.asarray(getattr(h, field)[h.initializers.index(init)], float)


def histograms_large_normal_pins_units(h: object) -> Verdict:
    """With N(0, 1) weights more than 80% of the units sit within 0.01 of a bound (|a| > 0.99 for
    tanh) in every layer; under PyTorch's default and Xavier less than 1% in every layer."""
    large = _hist_row(h, "large-normal", "saturated")
    others = np.concatenate(
        [_hist_row(h, i, "saturated") for i in ("torch-default", "xavier-uniform")]
    )
    return verdict(
        bool(np.all(large > 0.8)) and bool(np.all(others < 0.01)),
        hist_large_pinned_min=float(np.min(large)),
        hist_others_pinned_max=float(np.max(others)),
        hist_layers=len(h.layers),
        hist_width=int(h.width),
        hist_activation=str(h.activation),
        hist_inputs="standardized Fashion-MNIST images"
        if h.inputs == "fashion-mnist"
        else "Gaussian rows",
    )


def histograms_torch_default_collapses(h: object) -> Verdict:
    """Under PyTorch's default U(±1/√n) the spread (std of the activations) shrinks at every layer,
    the last below half the first."""
    sd = np.sqrt(_hist_row(h, "torch-default", "var"))
    return verdict(
        bool(np.all(np.diff(sd) < 0)) and sd[-1] < 0.5 * sd[0],
        torch_std_first=float(sd[0]),
        torch_std_last=float(sd[-1]),
    )


def histograms_xavier_keeps_the_spread(h: object) -> Verdict:
    """Under Xavier uniform the spread shrinks far more slowly than under PyTorch's default: its
    last layer keeps more than half of layer 1's std (tanh's slope below 1 still shrinks it a
    little each layer), and more than 5 times PyTorch's default's last-layer std."""
    sd = np.sqrt(_hist_row(h, "xavier-uniform", "var"))
    torch_last = float(np.sqrt(_hist_row(h, "torch-default", "var"))[-1])
    return verdict(
        sd[-1] > 0.5 * sd[0] and sd[-1] > 5 * torch_last,
        xavier_std_first=float(sd[0]),
        xavier_std_last=float(sd[-1]),
        xavier_over_torch_last=float(sd[-1] / torch_last),
    )


def histograms_pinned_units_still_pass_gradients(h: object) -> Verdict:
    """Pinned is not "no gradient" here: under N(0, 1) the back-propagated Var(δ) grows from the
    last layer to the first (Var(δ₁) > 10 Var(δ_L)), because n·Var(W) outweighs tanh'²."""
    g = _hist_row(h, "large-normal", "grad_var")
    gain = (
        float(h.gain_per_layer[h.initializers.index("large-normal")])
        if "large-normal" in h.initializers
        else nan
    )
    growth = float(g[0] / g[-1])
    return verdict(growth > 10, hist_grad_growth=growth, hist_large_gain=gain)


# --- symmetry --------------------------------------------------------------------------------


def _run(s: object, init: str) -> int:
    if init not in s.inits:
        raise ValueError(f"the symmetry run has no {init!r} start (it has {', '.join(s.inits)})")
    return s.inits.index(init)


def symmetry_setup(s: object) -> Verdict:
    """The network and training the symmetry entries show, read from the result: hidden units (the
    weight images' count), steps (the curves' length), learning rate, images, the constant, and
    that the constant start does not saturate tanh (under 1% of units at |a| > 0.99 at step 0)."""
    hidden = int(np.shape(s.receptive)[2])
    steps = int(np.shape(s.loss)[1]) - 1
    pixels = int(np.prod(np.shape(s.receptive)[3:]))
    c = _run(s, "constant") if "constant" in s.inits else None
    start_sat = float(s.start_saturated[c]) if c is not None else nan
    return verdict(
        hidden == s.hidden and steps == s.steps and start_sat < 0.01,
        sym_hidden=hidden,
        sym_steps=steps,
        sym_inputs=pixels,
        sym_classes=len(s.class_freq),
        sym_lr=float(s.lr),
        sym_images=int(s.n_samples),
        sym_value=float(s.value),
        sym_const_start_saturated=start_sat,
    )


def symmetry_zeros_never_move_the_first_layer(s: object) -> Verdict:
    """From zeros: the first layer's and the output weights' gradients are exactly 0 at every step,
    the first layer stays 0, and the final accuracy is one class's share of the images (every image
    gets the same prediction: only the output bias learned)."""
    z = _run(s, "zeros")
    acc = float(s.accuracy[z, -1])
    is_prior = bool(np.any(np.abs(np.asarray(s.class_freq) - acc) < 1e-12))
    holds = (
        bool(np.all(s.grad_first[z] == 0))
        and bool(np.all(s.grad_second[z] == 0))
        and bool(np.all(s.receptive[z] == 0))
        and is_prior
    )
    return verdict(holds, zeros_accuracy=acc, class_prior_max=float(np.max(s.class_freq)))


def symmetry_constant_units_stay_identical(s: object) -> Verdict:
    """From a constant: the hidden units' weight rows never differ by more than 10⁻⁹ at any step,
    yet they move (by more than 10⁻³ from the start)."""
    c = _run(s, "constant")
    spread = float(np.max(s.spread[c]))
    moved = float(np.max(np.abs(s.receptive[c, -1] - s.receptive[c, 0])))
    return verdict(
        spread < 1e-9 and moved > 1e-3,
        const_spread_max=spread,
        const_moved=moved,
        const_accuracy=float(s.accuracy[c, -1]),
    )


def symmetry_random_weights_break_it(s: object) -> Verdict:
    """From Xavier weights the units differ (by more than 0.01 at every step) and the final loss is
    the lowest of the three, the constant's below the zeros'."""
    x, c, z = _run(s, "xavier-normal"), _run(s, "constant"), _run(s, "zeros")
    loss = np.asarray(s.loss)[:, -1]
    holds = float(np.min(s.spread[x])) > 0.01 and loss[x] < loss[c] < loss[z]
    return verdict(
        holds,
        random_spread_min=float(np.min(s.spread[x])),
        random_accuracy=float(s.accuracy[x, -1]),
        loss_random=float(loss[x]),
        loss_constant=float(loss[c]),
        loss_zeros=float(loss[z]),
    )


# --- linear chain ----------------------------------------------------------------------------


# Every scale's measured factor per layer is within CHAIN_TOL (relative) of c², forward and
# backward; the named chains end within a factor CHAIN_END_FACTOR of c^{2L}; a chain "keeps" the
# signal while it stays within a factor CHAIN_END_FACTOR of where it started, at every layer.
CHAIN_TOL = 0.02
CHAIN_END_FACTOR = 2.0
# where a curve leaves the plot it is within this factor of the closed form c^{2l}
CHAIN_NEAR_THEORY = 10.0


def _named_scales(c: object) -> tuple[int | None, int | None, int | None]:
    """(the scale below 1 nearest it, the scale above 1 nearest it, the scale 1), as indices
    into ``c.scales``; None where the chain has none."""
    sc = np.asarray(c.scales, float)
    below, above = np.flatnonzero(sc < 1), np.flatnonzero(sc > 1)
    one = np.flatnonzero(np.isclose(sc, 1.0))
    return (
        int(below[np.argmax(sc[below])]) if below.size else None,
        int(above[np.argmin(sc[above])]) if above.size else None,
        int(one[0]) if one.size else None,
    )


def chain_setup(c: object) -> Verdict:
    """The chain's layers, width and number of scales, read from its arrays."""
    k, layers = np.shape(c.forward)
    return verdict(
        np.shape(c.backward) == (k, layers) and layers - 1 == c.depth,
        chain_depth=int(layers - 1),
        chain_width=int(c.width),
        chain_n_scales=int(k),
    )


def chain_multiplies_by_c_squared(c: object) -> Verdict:
    """Every scale multiplies the variance by c² per layer, forward and backward (the geometric
    mean factor within :data:`CHAIN_TOL` of c²); the scales nearest 1 from below and above end
    within a factor :data:`CHAIN_END_FACTOR` of c^{2L}, and c = 1 stays within that factor of 1
    at every layer, both ways. Which scales keep the signal so is measured and said ("Only c =
    1" when no other does). Needs a scale below 1, one above and 1 itself (the simulation
    refuses others)."""
    sc = np.asarray(c.scales, float)
    L = c.depth
    fwd, bwd = np.asarray(c.forward, float), np.asarray(c.backward, float)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_f = np.exp(np.mean(np.diff(np.log(fwd), axis=1), axis=1))
        per_b = np.exp(np.mean(np.diff(np.log(bwd[:, ::-1]), axis=1), axis=1))
    ok = bool(
        np.all(np.abs(per_f / sc**2 - 1) < CHAIN_TOL)
        and np.all(np.abs(per_b / sc**2 - 1) < CHAIN_TOL)
    )
    kb, ka, k1 = _named_scales(c)
    if kb is None or ka is None or k1 is None:
        return not_applicable("the chain needs a scale below 1, one above and 1 itself")
    drift = [max(_drift(fwd[k], fwd[k, 0]), _drift(bwd[k], bwd[k, -1])) for k in range(len(sc))]
    kept = [k for k in range(len(sc)) if drift[k] < CHAIN_END_FACTOR]
    others = [f"{sc[k]:g}" for k in kept if k != k1]
    end_b, end_a = float(fwd[kb, -1] / fwd[kb, 0]), float(fwd[ka, -1] / fwd[ka, 0])
    theory_b, theory_a = float(sc[kb] ** (2 * L)), float(sc[ka] ** (2 * L))
    bound = math.log2(CHAIN_END_FACTOR)
    kept_text = (
        "Only c = 1"
        if not others
        else "c = 1 (and over these layers also c = " + ", ".join(others) + ")"
    )
    holds = (
        ok
        and abs(math.log2(end_b / theory_b)) < bound
        and abs(math.log2(end_a / theory_a)) < bound
        and drift[k1] < CHAIN_END_FACTOR
    )
    return verdict(
        holds,
        chain_tol=CHAIN_TOL,
        chain_end_factor=CHAIN_END_FACTOR,
        chain_below_c=float(sc[kb]),
        chain_below_end=end_b,
        chain_below_theory=theory_b,
        chain_above_c=float(sc[ka]),
        chain_above_end=end_a,
        chain_above_theory=theory_a,
        chain_one_drift=drift[k1],
        chain_kept_text=kept_text,
        chain_kept_lower=kept_text[0].lower() + kept_text[1:],
    )


def chain_leaves_the_plot(c: object) -> Verdict:
    """Where the smallest and the largest scale's forward variance first leaves the plot's range
    (10⁻¹⁵ … 10¹⁵), or that it stays on it through the last layer: the first layer outside
    must be outside and every layer before it inside."""
    from vizdl.render.mpl.initialization import LOG_RANGE

    sc = np.asarray(c.scales, float)

    def leaves(k: int) -> tuple[bool, str]:
        v = np.asarray(c.forward[k], float)
        inside = (v >= 1 / LOG_RANGE) & (v <= LOG_RANGE)
        out = np.flatnonzero(~inside)
        at = int(out[0]) if out.size else c.depth
        # the layer quoted is where the closed form puts the curve too (Var(x) = 1: c^{2l}, to
        # within a factor CHAIN_NEAR_THEORY of finite-width wiggle)
        near = abs(math.log10(v[at] / v[0]) - 2 * at * math.log10(sc[k])) < math.log10(
            CHAIN_NEAR_THEORY
        )
        if not out.size:
            return near, f"stays on the plot through layer {c.depth}"
        return bool(near and at > 0 and inside[:at].all()), f"leaves the plot at layer {at}"

    lo, hi = int(np.argmin(sc)), int(np.argmax(sc))
    (ok_lo, text_lo), (ok_hi, text_hi) = leaves(lo), leaves(hi)
    return verdict(
        ok_lo and ok_hi and sc[lo] < 1 < sc[hi],
        chain_low_c=float(sc[lo]),
        chain_low_text=text_lo,
        chain_high_c=float(sc[hi]),
        chain_high_text=text_hi,
        chain_range=float(LOG_RANGE),
        chain_range_low=float(1 / LOG_RANGE),
    )


def chain_shares_one_draw(c: object) -> Verdict:
    """All the scales use the same matrices: measured forward variance over c^{2l} is the same curve
    for every scale (within 10⁻⁶ relative), so the wiggle common to all is one draw's."""
    sc = np.asarray(c.scales, float)
    layers = np.arange(c.depth + 1)
    norm = np.asarray(c.forward, float) / sc[:, None] ** (2 * layers[None, :])
    spread = float(np.max(np.abs(norm / norm[:1] - 1)))
    wiggle = float(np.max(np.abs(np.log2(norm[0] / norm[0, 0]))))
    return verdict(spread < 1e-6, chain_draw_spread=spread, chain_wiggle=float(2**wiggle))


# --- distributions ---------------------------------------------------------------------------


def distributions_variances_agree(d: object) -> Verdict:
    """For every initializer the variance of our sample and of torch.nn.init's sample are within
    5 standard errors of the formula's (s.e. of a sample variance ≤ Var·√(2/N) for these
    distributions, N the number of draws)."""
    n = int(d.n_draws)
    theory = np.asarray(d.theory_var, float)
    se = theory * math.sqrt(2.0 / n)
    dev = np.concatenate([np.abs(np.asarray(v, float) - theory) / se for v in (d.var, d.torch_var)])
    worst = float(np.max(dev))
    return verdict(
        worst < 5,
        dist_worst_se=worst,
        dist_n_draws=n,
        dist_fan_in=int(d.fan_in),
        dist_fan_out=int(d.fan_out),
    )


def distributions_uniform_within_bounds(d: object) -> Verdict:
    """Each uniform initializer's histogram is empty outside its bounds ±a and filled up to them
    (the bins touching ±a hold weights)."""
    bounded = np.isfinite(np.asarray(d.high, float))
    ok, count = True, 0
    for i in np.flatnonzero(bounded):
        e, dens = np.asarray(d.edges[i]), np.asarray(d.density[i])
        mid = 0.5 * (e[:-1] + e[1:])
        inside = np.abs(mid) < d.high[i]
        ok = ok and bool(np.all(dens[~inside] == 0)) and bool(dens[inside][[0, -1]].min() > 0)
        count += 1
    return verdict(ok and count > 0, dist_n_uniform=count)


# --- He's step (vizdl.sim.initialization.he_step) ------------------------------------------------
# (not in __all__: tests/checks/test_initialization_checks.py holds __all__ to its own groups;
# these are tested in tests/checks/test_he_gain_checks.py)


__all__ += [
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
]


def _inputs_text(inputs: str) -> str:
    return "standardized Fashion-MNIST images" if inputs == "fashion-mnist" else "Gaussian rows"


def he_setup(r: object) -> Verdict:
    """The ReLU networks the He entry measured (read from the result's arrays), and that their
    weights, drawn by torch.nn.init.kaiming_normal_, have Var(W) within 5% of 2/n_in."""
    depth = len(r.sizes) - 1
    nets = np.shape(r.pre_var_nets)[0]
    consistent = np.shape(r.pre_var_nets) == np.shape(r.post_second_nets) == (nets, depth)
    ratio = np.asarray(r.weight_var, float) / np.asarray(r.weight_var_theory, float)
    worst = float(np.max(np.abs(ratio - 1))) if ratio.size else nan
    return verdict(
        consistent and worst < 0.05,
        he_input_dim=int(r.sizes[0]),
        he_width=int(r.sizes[1]),
        he_depth=depth,
        he_n_nets=int(nets),
        he_n_samples=int(r.n_samples),
        he_inputs_text=_inputs_text(r.inputs),
        he_weight_var_worst=worst,
    )


def _he_ratio(r: object) -> np.ndarray:
    return np.asarray(r.post_second, float) / (np.asarray(r.pre_var, float) / 2)


def he_half_variance(r: object) -> Verdict:
    """E[x_l²] = ½ Var(y_l) for x = max(0, y): the networks' mean E[x²] is within 10% of half their
    mean Var(y) at every layer (single networks of finite width stray further: their extremes are
    measured too, not decided on)."""
    ratio = _he_ratio(r)
    nets = np.asarray(r.post_second_nets, float) / (np.asarray(r.pre_var_nets, float) / 2)
    worst = float(np.max(np.abs(ratio - 1)))
    return verdict(
        worst < 0.1,
        he_ratio_min=float(ratio.min()),
        he_ratio_max=float(ratio.max()),
        he_net_ratio_min=float(nets.min()),
        he_net_ratio_max=float(nets.max()),
    )


def he_symmetric_pre_activations(r: object) -> Verdict:
    """The assumption behind the step: y has zero mean and a symmetric distribution — at every
    layer P(y > 0) is within 0.45 to 0.55 and |E[y]| is below 5% of its standard deviation."""
    pos = np.asarray(r.pre_positive, float)
    rel = np.abs(np.asarray(r.pre_mean, float)) / np.sqrt(np.asarray(r.pre_var, float))
    return verdict(
        bool(np.all((pos > 0.45) & (pos < 0.55)) and np.all(rel < 0.05)),
        he_positive_min=float(pos.min()),
        he_positive_max=float(pos.max()),
        he_mean_max=float(rel.max()),
    )


def he_variance_level(r: object) -> Verdict:
    """Var(w) = 2/n keeps Var(y) level: the measured Var(y_l) is within 15% of the closed form
    n·Var(w)·E[x_{l-1}²] (= 2·E[x₀²] at every layer) and within 10% of 2 × the measured E[x_{l-1}²]
    of the layer below (the lecture's Var(y_l) = n·Var(w)·E[x_{l-1}²], one step at a time)."""
    v = np.asarray(r.pre_var, float)
    theory = np.asarray(r.theory_pre_var, float)
    below = np.concatenate([[r.input_second], np.asarray(r.post_second, float)[:-1]])
    step = v / (2 * below)
    worst = float(np.max(np.abs(v / theory - 1)))
    step_worst = float(np.max(np.abs(step - 1)))
    return verdict(
        worst < 0.15 and step_worst < 0.1,
        he_var_min=float(v.min()),
        he_var_max=float(v.max()),
        he_var_theory=float(theory[0]),
        he_var_worst=worst,
        he_step_worst=step_worst,
    )


def _act(r: object, name: str) -> int | None:
    return r.activations.index(name) if name in r.activations else None


def mean_term_sigmoid(r: object) -> Verdict:
    """Sigmoid's mean (within 2% of ½) makes n·Var(w)·E[x]² most of the next layer's variance
    (more than half), the measured Var(y₂) is within 5% of the closed form n·Var(w)·E[x²] (E[x²] of
    sigmoid at y₁ ~ N(0, q)), and the zero-mean formula n·Var(w)·Var(x) falls short by more than a
    factor 3."""
    j = _act(r, "sigmoid")
    if j is None:
        return verdict(
            False,
            sig_mean=nan,
            sig_share=nan,
            sig_next_var=nan,
            sig_next_theory=nan,
            sig_zero_mean_pred=nan,
            sig_shortfall=nan,
        )
    mean, var, nxt = float(r.act_mean[j]), float(r.act_var[j]), float(r.next_var[j])
    share = mean**2 / (var + mean**2)
    theory = float(r.next_gain * r.theory_second[j])
    zero = float(r.next_gain * var)
    return verdict(
        abs(mean - 0.5) < 0.01 and share > 0.5 and abs(nxt / theory - 1) < 0.05 and nxt / zero > 3,
        sig_mean=mean,
        sig_share=share,
        sig_next_var=nxt,
        sig_next_theory=theory,
        sig_zero_mean_pred=zero,
        sig_shortfall=nxt / zero,
    )


def mean_term_tanh_and_relu(r: object) -> Verdict:
    """Tanh's mean is 0 (|E[x]| < 0.02), so the zero-mean formula n·Var(w)·Var(x) gives its next
    variance within 5%; ReLU's mean term is 1/π of E[x²] (within 0.05; E[x]² = q/2π, E[x²] = q/2)
    and its next variance is within 5% of n·Var(w)·E[x²] (the closed form)."""
    t, u = _act(r, "tanh"), _act(r, "relu")
    if t is None or u is None:
        return verdict(
            False,
            tanh_mean=nan,
            tanh_zero_mean_off=nan,
            relu_share=nan,
            relu_share_theory=1 / math.pi,
            relu_next_off=nan,
        )
    tanh_off = float(r.next_var[t] / (r.next_gain * r.act_var[t]) - 1)
    m, v = float(r.act_mean[u]), float(r.act_var[u])
    share = m * m / (v + m * m)
    relu_off = float(r.next_var[u] / (r.next_gain * r.theory_second[u]) - 1)
    holds = (
        abs(float(r.act_mean[t])) < 0.02
        and abs(tanh_off) < 0.05
        and abs(share - 1 / math.pi) < 0.05
        and abs(relu_off) < 0.05
    )
    return verdict(
        holds,
        tanh_mean=float(r.act_mean[t]),
        tanh_zero_mean_off=tanh_off,
        relu_share=share,
        relu_share_theory=1 / math.pi,
        relu_next_off=relu_off,
    )


def he_lecture_step(r: object) -> Verdict:
    """The lecture's sentence: y has zero mean and a symmetric distribution, and then E[x²] = ½
    Var(y) (both checks)."""
    return all_of(he_symmetric_pre_activations(r), he_half_variance(r))


# --- calculate_gain in use (vizdl.sim.initialization.gain_in_use) -------------------------------


def gain_setup(r: object) -> Verdict:
    """The networks of the gain entry, read from the result's arrays."""
    g, nets, layers = np.shape(r.tanh_forward_nets)
    consistent = (
        g == 2
        and np.shape(r.tanh_backward_nets) == (2, nets, layers)
        and layers == len(r.tanh_sizes)
        and np.shape(r.fan_pre_nets) == (len(r.modes), nets, len(r.fan_sizes) - 1)
        and np.shape(r.leaky_pre_var) == (len(r.slopes), len(r.leaky_sizes) - 1)
    )
    return verdict(
        consistent,
        gain_width=int(r.tanh_sizes[1]),
        gain_depth=len(r.tanh_sizes) - 1,
        gain_input_dim=int(r.tanh_sizes[0]),
        gain_n_nets=int(nets),
        gain_n_samples=int(r.n_samples),
        gain_inputs_text=_inputs_text(r.inputs),
        gain_fan_stack=" → ".join(str(n) for n in r.fan_sizes),
        gain_leaky_depth=len(r.leaky_sizes) - 1,
    )


def _off(meas: np.ndarray, theory: np.ndarray) -> float:
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.max(np.abs(np.asarray(meas, float) / np.asarray(theory, float) - 1)))


def gain_tanh_forward(r: object) -> Verdict:
    """Tanh through depth: with gain 1 the activations' variance falls below a tenth of its first
    layer's by the last; with gain 5/3 it stays within a factor 1.5 of its first layer's at every
    layer; both within 20% of the theory at every layer."""
    f = np.asarray(r.tanh_forward, float)[:, 1:]
    one, five = f[0], f[1]
    level = float(np.max(np.abs(np.log(five / five[0]))))
    worst = _off(f, np.asarray(r.tanh_forward_theory, float)[:, 1:])
    return verdict(
        one[-1] / one[0] < 0.1 and level < math.log(1.5) and worst < 0.2,
        tanh_g1_first=float(one[0]),
        tanh_g1_end=float(one[-1]),
        tanh_g53_first=float(five[0]),
        tanh_g53_end=float(five[-1]),
        tanh_g53_drift=float(math.exp(level)),
        tanh_fwd_worst=worst,
    )


def gain_tanh_backward(r: object) -> Verdict:
    """The gradients: with gain 5/3 Var(δ) grows more than 10× from the last layer back to the
    first; with gain 1 it shrinks below a tenth; both within 25% of the theory at every layer."""
    b = np.asarray(r.tanh_backward, float)[:, 1:]
    growth = b[:, 0] / b[:, -1]
    worst = _off(b, np.asarray(r.tanh_backward_theory, float)[:, 1:])
    return verdict(
        growth[1] > 10 and growth[0] < 0.1 and worst < 0.25,
        tanh_g53_bwd_growth=float(growth[1]),
        tanh_g1_bwd_growth=float(growth[0]),
        tanh_bwd_worst=worst,
    )


def _mode(r: object, mode: str) -> int | None:
    return r.modes.index(mode) if mode in r.modes else None


def gain_fan_in_forward(r: object) -> Verdict:
    """mode='fan_in' keeps the forward pre-activations level — Var(y_l) within 20% of its first
    layer's at every layer — while mode='fan_out' multiplies Var(y) by more than 4 from the first
    layer to the last (its theory: × Π n_in/n_out)."""
    i, o = _mode(r, "fan_in"), _mode(r, "fan_out")
    if i is None or o is None:
        return verdict(False, fanin_fwd_drift=nan, fanout_fwd_growth=nan, fanout_fwd_theory=nan)
    fi, fo = np.asarray(r.fan_pre[i], float), np.asarray(r.fan_pre[o], float)
    th = np.asarray(r.fan_pre_theory[o], float)
    drift = float(np.max(np.abs(fi / fi[0] - 1)))
    return verdict(
        drift < 0.2 and fo[-1] / fo[0] > 4,
        fanin_fwd_drift=drift,
        fanout_fwd_growth=float(fo[-1] / fo[0]),
        fanout_fwd_theory=float(th[-1] / th[0]),
    )


def gain_fan_out_backward(r: object) -> Verdict:
    """mode='fan_out' keeps the back-propagated Var(δ_l) (l = 1..L, the pre-activations) within 20%
    of the last layer's, while mode='fan_in' lets it shrink below a quarter by layer 1 (its theory:
    × Π n_out/n_in)."""
    i, o = _mode(r, "fan_in"), _mode(r, "fan_out")
    if i is None or o is None:
        return verdict(False, fanout_bwd_drift=nan, fanin_bwd_end=nan, fanin_bwd_theory=nan)
    bi = np.asarray(r.fan_backward[i], float)[1:]
    bo = np.asarray(r.fan_backward[o], float)[1:]
    th = np.asarray(r.fan_backward_theory[i], float)[1:]
    drift = float(np.max(np.abs(bo / bo[-1] - 1)))
    return verdict(
        drift < 0.2 and bi[0] / bi[-1] < 0.25,
        fanout_bwd_drift=drift,
        fanin_bwd_end=float(bi[0] / bi[-1]),
        fanin_bwd_theory=float(th[0] / th[-1]),
    )


def gain_fan_matches_theory(r: object) -> Verdict:
    """Both modes, forward Var(y_l) and backward Var(δ_l), within 25% of the theory at every
    layer."""
    worst = max(
        _off(r.fan_pre, r.fan_pre_theory),
        _off(np.asarray(r.fan_backward, float)[:, 1:], np.asarray(r.fan_backward_theory)[:, 1:]),
    )
    return verdict(worst < 0.25, fan_worst=worst)


def gain_fan_modes_as_the_lecture_says(r: object) -> Verdict:
    """The lecture (torch's docs): 'fan_in' preserves the forward pass, 'fan_out' the backward."""
    return all_of(gain_fan_in_forward(r), gain_fan_out_backward(r))


def _quoted_slope(r: object) -> int:
    """The slope the caption quotes: the one nearest 0.5."""
    return int(np.argmin(np.abs(np.asarray(r.slopes, float) - 0.5)))


def gain_leaky_measured(r: object) -> Verdict:
    """For every negative slope a, the measured √(Var(y)/E[x²]) is within 3% of √(2/(1 + a²))."""
    a = np.asarray(r.slopes, float)
    theory = np.sqrt(2 / (1 + a * a))
    meas = r.measured_gains()
    err = np.abs(meas / theory - 1)
    k = _quoted_slope(r)
    return verdict(
        bool(np.all(err < 0.03)),
        leaky_worst=float(err.max()),
        leaky_a=float(a[k]),
        leaky_gain_measured=float(meas[k]),
        leaky_gain_theory=float(theory[k]),
        leaky_n_slopes=int(a.size),
    )


def _per_layer_factor(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, float)
    return np.exp(np.mean(np.diff(np.log(v), axis=-1), axis=-1))


def gain_leaky_in_use(r: object) -> Verdict:
    """With kaiming_normal_(a=slope, nonlinearity='leaky_relu') Var(y) changes by less than 5% per
    layer for every slope; with the ReLU gain √2 instead it grows by (1 + a²) per layer more (the
    ratio of the two factors within 1% of 1 + a²)."""
    a = np.asarray(r.slopes, float)
    own = _per_layer_factor(r.leaky_pre_var)
    relu = _per_layer_factor(r.relu_gain_pre_var)
    k = _quoted_slope(r)
    ok = bool(np.all(np.abs(own - 1) < 0.05)) and bool(
        np.all(np.abs(relu / own / (1 + a * a) - 1) < 0.01)
    )
    return verdict(
        ok,
        leaky_own_worst=float(np.max(np.abs(own - 1))),
        leaky_relu_factor=float(relu[k]),
        leaky_relu_expected=float(1 + a[k] ** 2),
        leaky_relu_growth=float(r.relu_gain_pre_var[k, -1] / r.relu_gain_pre_var[k, 0]),
        leaky_own_end_min=float(np.min(r.leaky_pre_var[:, -1] / r.leaky_pre_var[:, 0])),
        leaky_own_end_max=float(np.max(r.leaky_pre_var[:, -1] / r.leaky_pre_var[:, 0])),
    )


def gain_table_as_the_lecture_says(r: object) -> Verdict:
    """calculate_gain's table: tanh 5/3 (vizdl's gain, which the tanh runs used) and Leaky ReLU
    √(2/(1 + a²)) (torch.nn.init.calculate_gain, stored by the run), to 10⁻¹²."""
    a = np.asarray(r.slopes, float)
    leaky = float(np.max(np.abs(np.asarray(r.torch_gains) - np.sqrt(2 / (1 + a * a)))))
    tanh = abs(float(r.tanh_gains[1]) - 5 / 3)
    return verdict(
        leaky < 1e-12 and tanh < 1e-12 and float(r.tanh_gains[0]) == 1.0,
        gain_table_error=max(leaky, tanh),
    )
