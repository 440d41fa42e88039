"""Gallery entries for weight initialization (lectures 002 and 003)."""

from gallery._names import ACTIVATIONS as _ACTIVATIONS  # the sims' names, written once
from gallery._names import INITIALIZERS as _INITIALIZERS
from vizdl.gallery import claim, knob, lecture, topic

t = topic(
    "initialization",
    "Weight initialization: keeping the signal alive",
    blurb="Xavier and Kaiming initialization from one idea — keep the variance of activations "
    "(forward) and gradients (backward) the same in every layer — measured in real torch networks "
    "beside the closed-form theory, every initializer checked against torch.nn.init.",
    lecture="002",
    order=16,
)

_ZERO_MEAN = _INITIALIZERS[2:]  # VARIANCE_INITIALIZERS: those the variance recursion applies to
_THEORY_ACTIVATIONS = ("linear", "tanh", "sigmoid", "relu")  # those signal_propagation predicts
_INPUTS = knob(
    "fashion-mnist",
    "what the network is fed: standardized Fashion-MNIST images or Gaussian rows",
    choices=("fashion-mnist", "gaussian"),
)

# One set of runs feeds the forward, backward and heatmap entries and their animations: the
# engine's compute cache computes it once.
_PROP = dict(
    initializers=knob(
        (
            "small-normal",
            "large-normal",
            "torch-default",
            "xavier-normal",
            "kaiming-normal",
            "orthogonal",
        ),
        "initializers compared, one curve (and heatmap row) each",
        choices=_ZERO_MEAN,
    ),
    activations=knob(
        ("linear", "tanh", "sigmoid", "relu"),
        "activations compared, one panel (and heatmap column) each",
        choices=_THEORY_ACTIVATIONS,
    ),
    width=knob(512, "units per hidden layer", low=1, high=1024),
    depth=knob(30, "Linear layers the signal passes through", low=1, high=100),
    inputs=_INPUTS,
    n_samples=knob(256, "input rows the variances are measured over", low=2, high=2048),
    n_nets=knob(
        4,
        "independently initialized networks averaged per curve (band: min to max)",
        low=1,
        high=16,
    ),
)
_PROP_NOTE = (
    "Each curve is a real torch.nn MLP ({input_dim} → {width} → … → {width}, {depth} Linear "
    "layers, biases zero except PyTorch's default) fed {n_samples} {inputs_text}; the measured "
    "variance is the mean over {n_nets} independently initialized networks (band: min to max), the "
    "dashed line the theory. Theory: Var(sₗ) = nₗ₋₁·Var(W)·E[aₗ₋₁²] per layer, with the Gaussian "
    "expectation of φ taken exactly (closed form for linear and ReLU, fine quadrature for tanh and "
    "sigmoid)."
)
_CHK = "vizdl.checks.initialization:"
_SETUP = claim(
    "The networks: {input_dim} inputs, {depth} Linear layers of {width} units, {n_samples} input "
    "rows ({inputs_text}), {n_nets} networks per curve.",
    _CHK + "propagation_setup",
)
_FORWARD_THEORY = claim(
    "Every measured Var(aₗ) is within a factor 2 of the theory at every layer (worst "
    "{worst_theory_factor:.2f}).",
    _CHK + "forward_matches_theory",
)
_BACKWARD_THEORY = claim(
    "Every measured Var(δₗ) is within a factor 2 of the theory at every layer (worst "
    "{worst_backward_factor:.2f}).",
    _CHK + "backward_matches_theory",
)
_HEATMAP_CLAIMS = [
    _SETUP,
    _FORWARD_THEORY,
    _BACKWARD_THEORY,
    claim(
        "Hatched cells ({saturated_pairs}) are saturated: at least {saturated_min:.0%} of their "
        "last layer's units sit within 0.01 of a bound, and their forward ratio is within a factor "
        "10 of 1 only because the units are pinned.",
        _CHK + "heatmap_saturated_cells",
    ),
    claim(
        "Every white cell (ratio within a factor 2 of 1) that is not hatched is level: its curve "
        "stays within a factor 2.5 of where it starts at every layer (worst "
        "{white_worst_drift:.2f}; {n_white} such cells).",
        _CHK + "heatmap_white_cells_are_level",
    ),
]

# Glorot & Bengio's view: tanh, 5 layers of 1000 units (the figure and its animation share the run).
_HIST = dict(
    activation=knob("tanh", "activation of every hidden layer", choices=_ACTIVATIONS),
    initializers=knob(
        ("large-normal", "torch-default", "xavier-uniform"),
        "initializers compared, one panel each",
        choices=_ZERO_MEAN,
    ),
    depth=knob(5, "hidden layers, one histogram curve each", low=1, high=30),
    width=knob(1000, "units per hidden layer", low=1, high=2000),
    inputs=_INPUTS,
    n_samples=knob(1000, "input rows fed through the network", low=2, high=5000),
    bins=knob(60, "histogram bins across the activation's range", low=2, high=200),
)
_VAR_EQ = r"$\mathrm{Var}(y) = N\,\mathrm{Var}(w)\,\mathrm{Var}(x)$"
_VAR_NOTE = (
    "The lecture's starting point: a sum of N independent products has N times their variance, so "
    "Var(w) = 1/N keeps Var(y) = Var(x). Xavier takes 2/(N_in + N_out), the compromise between "
    "forward (1/N_in) and backward (1/N_out); Kaiming takes 2/N_in because ReLU zeroes half of "
    "its inputs. In torch: nn.init.xavier_normal_(w), nn.init.kaiming_normal_(w)."
)

t.pair(
    "init-forward-variance",
    title="Activation variance through 30 layers, per initializer and activation",
    compute="vizdl.sim.initialization:signal_propagation",
    draw="vizdl.render.mpl.initialization:figure_forward_variance",
    scene="scenes.initialization:ForwardSignal",
    params=_PROP,
    figsize=(15.0, 5.4),
    animation_title="The signal travelling forward through 30 layers (animation)",
    caption="Var(aₗ) layer by layer. Linear + Xavier and linear + orthogonal keep it near 1 "
    "({level_min:.2f} to {level_max:.2f}); ReLU needs Kaiming's factor 2 (with Xavier it halves "
    "every layer, × {relu_xavier_per_layer:.2f}: {relu_xavier_end:.0e} at the last); small "
    "N(0, 0.01²) weights shrink it × {small_per_layer:.3f} per layer (n·10⁻⁴, n = {width}) and "
    "N(0, 1) weights blow it up × {large_per_layer:.0f} (tanh and sigmoid saturate instead). "
    "PyTorch's own nn.Linear default, U(±1/√n), gives Var(W) = 1/(3n): a third per linear layer "
    "at first (× {torch_first_factor:.2f}), until its biases, also U(±1/√n), hold the variance "
    "at {torch_end:.1e}, the fixed point 1/(2n) of v ← v/3 + 1/(3n). Every measured curve is "
    "within a factor {worst_theory_factor:.1f} of its theory. " + _PROP_NOTE,
    claims=[
        _SETUP,
        _FORWARD_THEORY,
        claim(
            "Linear + Xavier and linear + orthogonal stay between 1/1.5 and 1.5 ({level_min:.2f} "
            "to {level_max:.2f}).",
            "vizdl.checks.initialization:linear_xavier_and_orthogonal_stay_level",
        ),
        claim(
            "ReLU + Kaiming stays within a factor 2 of its first layer ({relu_kaiming_drift:.2f}); "
            "ReLU + Xavier halves per layer (× {relu_xavier_per_layer:.3f}).",
            "vizdl.checks.initialization:relu_needs_kaimings_factor_two",
        ),
        claim(
            "Linear layers multiply the variance by n·Var(W): × {small_per_layer:.4f} for "
            "N(0, 0.01²), × {large_per_layer:.1f} for N(0, 1) (n = {width}, within 5%); tanh and "
            "sigmoid under N(0, 1) stay within 10% of their first layer.",
            "vizdl.checks.initialization:normal_weights_scale_by_width",
        ),
        claim(
            "PyTorch's default multiplies a linear net's variance by {torch_first_factor:.3f} "
            "(about 1/3) at first and ends at {torch_end:.2e}, within 20% of its biases' fixed "
            "point 1/(2n) = {torch_fixed_point:.2e}.",
            "vizdl.checks.initialization:torch_default_settles_on_its_biases",
        ),
    ],
    animation_claims=[
        _SETUP,
        _FORWARD_THEORY,
        claim(
            "In the animation's rows, ReLU + N(0, 1) explodes (layer {depth}: "
            "{anim_relu_large_end:.1e}), ReLU + N(0, 0.01²) vanishes ({anim_relu_small_end:.1e}), "
            "tanh + N(0, 1) stays at {anim_tanh_large_end:.2f} (pinned at ±1, not exploding) and "
            "ReLU + Kaiming ends within a factor 2 of its first layer ({anim_relu_kaiming_end:.2f}).",
            _CHK + "forward_animation_rows",
        ),
    ],
    animation_caption="The same runs, one layer at a time: each bar is log₁₀ Var(aₗ), growing up "
    "from 1 (explosion) or down (vanishing), clipped at the cell's edge and labelled with the last "
    "layer's value; the dashed outline is the theory. Tanh and ReLU side by side, one row per "
    "initializer: ReLU + N(0, 1) explodes ({anim_relu_large_end:.0e} at layer {depth}), ReLU + "
    "N(0, 0.01²) vanishes ({anim_relu_small_end:.0e}), tanh + N(0, 1) saturates instead of "
    "exploding ({anim_tanh_large_end:.2f}: its units are pinned at ±1), ReLU + Kaiming stays level "
    "({anim_relu_kaiming_end:.2f}). " + _PROP_NOTE,
    equation=_VAR_EQ,
    equation_note=_VAR_NOTE,
)

t.pair(
    "init-backward-variance",
    title="Gradient variance back through 30 layers, per initializer and activation",
    compute="vizdl.sim.initialization:signal_propagation",
    draw="vizdl.render.mpl.initialization:figure_backward_variance",
    scene="scenes.initialization:BackwardSignal",
    params=_PROP,
    figsize=(15.0, 5.4),
    animation_title="The gradient travelling backward through 30 layers (animation)",
    caption="Var(∂L/∂sₗ), a N(0, 1) gradient arriving at layer {depth} and back-propagated by "
    "autograd (δₗ = φ'(sₗ) ⊙ Wₗ₊₁ᵀ δₗ₊₁). Kaiming keeps ReLU's gradients level (within a factor "
    "{relu_kaiming_bwd_drift:.2f} of the last layer's). Going back one layer, sigmoid multiplies "
    "Var(δ) by at most n·Var(W)/16 (σ' ≤ 1/4; the measured factors reach {sigmoid_vs_bound:.2f} of "
    "that bound), so its gradients vanish under every initializer here but N(0, 1) (Var(δ₁)/Var(δ_L) "
    "at most {sigmoid_others_max:.0e}); N(0, 1)'s n·Var(W) = {large_bwd_per_layer:.0f} outweighs "
    "the 1/16 and its sigmoid gradients grow × {sigmoid_large_ratio:.0e} instead. Saturation does "
    "not stop them: under N(0, 1), {tanh_large_saturated:.0%} of the last tanh layer's units sit "
    "within 0.01 of ±1, yet tanh's gradients grow × {tanh_large_ratio:.0e} back to layer 1. "
    "Every measured curve is within a factor {worst_backward_factor:.2f} of its theory. Backward, "
    "the fan that counts is the fan-out (the rows of Wₗ₊₁); inside this stack n_in = n_out = "
    "{width}, so the forward and backward rules agree (init-xavier-tapering shows a stack where "
    "they do not). " + _PROP_NOTE,
    claims=[
        _SETUP,
        _BACKWARD_THEORY,
        claim(
            "ReLU + Kaiming: every layer's Var(δ) is within a factor 2 of the last layer's "
            "({relu_kaiming_bwd_drift:.2f}).",
            _CHK + "kaiming_keeps_relu_gradients_level",
        ),
        claim(
            "Sigmoid's measured factor per layer back is at most n·Var(W)/16, the linear net's "
            "measured factor over 16 (worst {sigmoid_vs_bound:.2f} of it, 5% allowed).",
            _CHK + "sigmoid_gradients_shrink_by_a_sixteenth",
        ),
        claim(
            "Sigmoid's Var(δ₁)/Var(δ_L) is below 10⁻³ under every initializer but N(0, 1) (at most "
            "{sigmoid_others_max:.1e}); under N(0, 1), whose linear nets multiply Var(δ) by "
            "{large_bwd_per_layer:.0f} ≈ n per layer, it is {sigmoid_large_ratio:.1e}.",
            _CHK + "sigmoid_vanishes_except_under_large_normal",
        ),
        claim(
            "Under N(0, 1), {tanh_large_saturated:.1%} of the last tanh layer's units are within "
            "0.01 of ±1, yet going back tanh's Var(δ) grows × {tanh_large_per_layer:.1f} per layer "
            "(more than 5×), × {tanh_large_ratio:.1e} in all.",
            _CHK + "saturated_tanh_still_passes_exploding_gradients",
        ),
        lecture(
            "The gradient can get small as we back-prop, due to the squashing activation's "
            "compounded effects.",
            _CHK + "sigmoid_vanishes_except_under_large_normal",
        ),
    ],
    animation_caption="The gradients of the same networks, from the last layer back to the first: "
    "bars are log₁₀ Var(∂L/∂sₗ), the dashed outline the theory. ReLU + Kaiming stays level (within "
    "a factor {relu_kaiming_bwd_drift:.2f}); under N(0, 1) tanh's gradients grow × "
    "{tanh_large_ratio:.0e} although {tanh_large_saturated:.0%} of its last layer's units are "
    "pinned at ±1. " + _PROP_NOTE,
    animation_claims=[
        _SETUP,
        _BACKWARD_THEORY,
        claim(
            "ReLU + Kaiming: every layer's Var(δ) is within a factor 2 of the last layer's "
            "({relu_kaiming_bwd_drift:.2f}).",
            _CHK + "kaiming_keeps_relu_gradients_level",
        ),
        claim(
            "Under N(0, 1), {tanh_large_saturated:.1%} of the last tanh layer's units are within "
            "0.01 of ±1, yet going back tanh's Var(δ) grows × {tanh_large_per_layer:.1f} per layer "
            "(more than 5×), × {tanh_large_ratio:.1e} in all.",
            _CHK + "saturated_tanh_still_passes_exploding_gradients",
        ),
    ],
    equation=r"$\delta_l = \dot{\mathbf{a}}_l \odot [\mathbf{W}_{l+1}^T \delta_{l+1}]$",
    equation_note="The lecture's backward recursion. Each layer multiplies Var(δ) by "
    "n_out·Var(W)·E[φ'(s)²] (n_out: the rows of Wₗ₊₁): for ReLU E[φ'²] = ½, for sigmoid at most "
    "1/16.",
)

t.figure(
    "init-xavier-tapering",
    title="Xavier's compromise on a tapering stack: the forward rule, the backward rule, between",
    compute="vizdl.sim.initialization:tapering_stack",
    draw="vizdl.render.mpl.initialization:figure_tapering",
    params=dict(
        sizes=knob(
            (784, 1024, 256, 64),
            "layer widths, input first (Fashion-MNIST inputs need 784)",
            low=1,
            high=4096,
        ),
        rules=knob(
            ("fan-in", "xavier", "fan-out"),
            "rules for Var(W) compared: 1/n_in, 2/(n_in + n_out), 1/n_out",
            choices=("fan-in", "xavier", "fan-out"),
        ),
        inputs=_INPUTS,
        n_samples=knob(512, "input rows the variances are measured over", low=2, high=4096),
        n_nets=knob(8, "independently initialized networks averaged per rule", low=1, high=64),
    ),
    figsize=(13.0, 5.2),
    caption="A linear stack {stack} whose width changes, so n_in ≠ n_out, under three rules for "
    "Var(W). Forward a layer multiplies Var(a) by n_in·Var(W); backward it multiplies Var(∂L/∂a) "
    "by n_out·Var(W): no one Var(W) keeps both. The forward rule 1/n_in (LeCun; "
    "kaiming_normal_(w, mode='fan_in', nonlinearity='linear')) keeps Var(a) level (within a factor "
    "{fanin_fwd_drift:.3f}) but the gradient reaching the input is × {fanin_bwd_end:.3f} of the "
    "one that arrives; the backward rule 1/n_out (mode='fan_out') keeps the gradients level "
    "({fanout_bwd_drift:.3f}) but multiplies the forward signal by {fanout_fwd_end:.1f}. Xavier's "
    "2/(n_in + n_out) lies between the two at every layer, forward (× {xavier_fwd_end:.2f} at the "
    "end) and backward (× {xavier_bwd_end:.2f} at the input). Solid: the mean of {taper_n_nets} "
    "torch networks on {taper_samples} {taper_inputs}; dashed: the theory Π n·Var(W); every "
    "measured value within a factor {taper_worst_theory:.3f} of it.",
    claims=[
        claim(
            "The forward rule keeps every layer's Var(a) within 10% of Var(x) "
            "({fanin_fwd_drift:.3f}); its input gradient is × {fanin_bwd_end:.3f} of the arriving "
            "one (off by more than 2×).",
            _CHK + "tapering_forward_rule_keeps_forward_level",
        ),
        claim(
            "The backward rule keeps every layer's Var(∂L/∂a) within 10% of the arriving "
            "gradient's ({fanout_bwd_drift:.3f}); its last layer's Var(a) is × "
            "{fanout_fwd_end:.2f} of Var(x) (off by more than 2×).",
            _CHK + "tapering_backward_rule_keeps_backward_level",
        ),
        claim(
            "At every layer where the two rules differ (by more than 10%), Xavier's measured "
            "variance lies strictly between theirs, forward (× {xavier_fwd_end:.2f} at the end) "
            "and backward (× {xavier_bwd_end:.2f} at the input).",
            _CHK + "tapering_xavier_lies_in_between",
        ),
        claim(
            "Every measured variance is within 10% of the theory (worst factor "
            "{taper_worst_theory:.3f}; {taper_n_nets} networks, {taper_samples} rows).",
            _CHK + "tapering_matches_theory",
        ),
        lecture(
            "Choosing 'fan_in' preserves the magnitude of the weights in the forward pass. "
            "Choosing 'fan_out' preserves the magnitude backwards pass.",
            _CHK + "tapering_fan_modes_as_the_lecture_says",
        ),
    ],
    equation=r"$\mathrm{Var}(a_l) = n_{l-1}\mathrm{Var}(W_l)\,\mathrm{Var}(a_{l-1}),\quad "
    r"\mathrm{Var}(\delta_{l-1}) = n_l\,\mathrm{Var}(W_l)\,\mathrm{Var}(\delta_l)$",
    equation_note="Forward the sum runs over a layer's n_in inputs, backward over its n_out "
    "outputs (the rows of W). 1/n_in fixes the first, 1/n_out the second; Xavier's "
    "2/(n_in + n_out) is their harmonic mean, a compromise that keeps neither exactly unless "
    "n_in = n_out.",
)

_HIST_CLAIMS = [
    claim(
        "With N(0, 1) weights at least {hist_large_pinned_min:.1%} of the units of every layer sit "
        "within 0.01 of ±1; under PyTorch's default and Xavier at most {hist_others_pinned_max:.2%}.",
        _CHK + "histograms_large_normal_pins_units",
    ),
    claim(
        "Under N(0, 1) the back-propagated Var(δ) grows × {hist_grad_growth:.3g} from the last layer "
        "to the first (n·Var(W) = {hist_large_gain:.0f}).",
        _CHK + "histograms_pinned_units_still_pass_gradients",
    ),
    claim(
        "Under PyTorch's default the activations' std shrinks at every layer, from "
        "{torch_std_first:.3f} to {torch_std_last:.3f} (below half).",
        _CHK + "histograms_torch_default_collapses",
    ),
    claim(
        "Under Xavier uniform the last layer keeps more than half of layer 1's std "
        "({xavier_std_first:.3f} → {xavier_std_last:.3f}), {xavier_over_torch_last:.1f}× PyTorch's "
        "default's last-layer std (more than 5×).",
        _CHK + "histograms_xavier_keeps_the_spread",
    ),
]

t.figure(
    "init-layer-histograms",
    title="Activation histograms per layer: saturated, collapsing, or spread (Glorot & Bengio)",
    compute="vizdl.sim.initialization:layer_histograms",
    draw="vizdl.render.mpl.initialization:figure_layer_histograms",
    params=_HIST,
    figsize=(15.0, 5.0),
    caption="The classic view of Glorot & Bengio (2010), recomputed: {hist_activation} activations "
    "of {hist_layers} hidden layers of {hist_width} units fed {hist_inputs}. With N(0, 1) weights "
    "at least {hist_large_pinned_min:.0%} of the units of every layer sit within 0.01 of ±1 "
    "(saturated, tanh' < 0.02). That does not mean 'no gradient' here: n·Var(W) = "
    "{hist_large_gain:.0f} outweighs the small tanh', and the back-propagated gradient's variance "
    "grows × {hist_grad_growth:.2g} from the last layer to the first (printed in each panel). With "
    "U(±1/√n) — their 'standard' initialization, which is exactly PyTorch's nn.Linear default — the "
    "spread collapses layer after layer (std {torch_std_first:.2f} in layer 1, "
    "{torch_std_last:.3f} in the last). Xavier uniform keeps most of it (std {xavier_std_first:.2f} "
    "in layer 1, {xavier_std_last:.2f} in the last, {xavier_over_torch_last:.0f}× PyTorch's "
    "default's: tanh's slope below 1 still shrinks it slowly); under these two at most "
    "{hist_others_pinned_max:.1%} of the units are saturated.",
    claims=_HIST_CLAIMS,
    equation=r"$w \sim U\left(-\sqrt{6/(N_{l-1}+N_l)},\ +\sqrt{6/(N_{l-1}+N_l)}\right)$",
    equation_note="Xavier uniform, from the lecture: a uniform distribution with the same second "
    "moment a²/3 = 2/(N_in + N_out). In torch: nn.init.xavier_uniform_(w).",
)

t.animation(
    "init-layer-histograms-animation",
    title="Activation histograms, layer by layer (animation)",
    compute="vizdl.sim.initialization:layer_histograms",
    scene="scenes.initialization:LayerHistogramScene",
    params=_HIST,
    caption="The histogram of {hist_activation} activation values morphing from layer 1 to layer "
    "{hist_layers} under three initializers: pinned at ±1 under N(0, 1) (at least "
    "{hist_large_pinned_min:.0%} of the units within 0.01 of ±1 in every layer, while the "
    "back-propagated gradient still grows × {hist_grad_growth:.2g}), shrinking to a spike at 0 "
    "under PyTorch's default U(±1/√n) (std {torch_std_first:.2f} → {torch_std_last:.3f}), staying "
    "far more spread under Xavier (std {xavier_std_first:.2f} → {xavier_std_last:.2f}).",
    claims=_HIST_CLAIMS,
)

t.pair(
    "init-variance-heatmap",
    title="Where the signal ends up: last-layer variance, initializer × activation",
    compute="vizdl.sim.initialization:signal_propagation",
    draw="vizdl.render.mpl.initialization:figure_variance_heatmap",
    scene="scenes.initialization:HeatmapDepth",
    params=_PROP,
    figsize=(13.0, 5.6),
    animation_title="Initializer × activation, layer by layer (animation)",
    caption="log₁₀ of Var(a_L)/Var(x) (forward) and Var(δ₁)/Var(δ_L) (backward), L = {depth}, for "
    "every pair; red 'exploded', blue 'vanished', white 'preserved' (the colour scale is pale only "
    "within a factor 2 of 1, and a factor 10 is already clearly tinted): each of the {n_white} "
    "white cells that is not hatched stays within a factor {white_worst_drift:.2f} of its start at "
    "every layer. Hatched cells ({saturated_pairs}) are saturated: at least {saturated_min:.0%} of their "
    "last layer's units sit within 0.01 of a bound, so a forward ratio near 1 there means pinned "
    "units, not a preserved signal (their gradients explode: right panel). Each cell shows the "
    "measured ratio and the theory's (worst factors {worst_theory_factor:.2f} forward, "
    "{worst_backward_factor:.2f} backward). " + _PROP_NOTE,
    claims=_HEATMAP_CLAIMS,
    animation_caption="The heatmap of log₁₀ Var(aₗ) as the signal goes deeper, l = 1 … {depth}: "
    "cells marked 'saturated' have more than half their units within 0.01 of a bound at that "
    "layer, so their white is pinned units, not a preserved signal ({saturated_pairs} at the "
    "end); the {n_white_forward} unmarked white pairs of the last layer stay level (within a factor "
    "{white_worst_drift:.2f}) while the rest turn deep red or blue. " + _PROP_NOTE,
    animation_claims=_HEATMAP_CLAIMS,
    equation=_VAR_EQ,
)
_SYM = dict(
    inits=knob(
        ("zeros", "constant", "xavier-normal"),
        "starting weights compared, one row each",
        choices=_INITIALIZERS,
    ),
    hidden=knob(8, "hidden tanh units (one 28 × 28 weight image each)", low=2, high=32),
    n_samples=knob(2000, "Fashion-MNIST training images in the full batch", low=10, high=10000),
    steps=knob(300, "full-batch gradient-descent steps", low=1, high=2000),
    lr=knob(0.3, "learning rate of gradient descent", low=0.001, high=5.0),
    value=knob(0.002, "every weight's value in the 'constant' start", low=-1.0, high=1.0),
    checkpoints=knob(
        31, "snapshots of the weights during training (the animation's frames)", low=2, high=101
    ),
)
_SYM_CAPTION = (
    "A {sym_inputs} → {sym_hidden} (tanh) → {sym_classes} network trained by full-batch gradient "
    "descent (lr {sym_lr:g}, {sym_steps} steps) on {sym_images} Fashion-MNIST images. From all "
    "zeros, tanh(0) = 0 reaches the output, the output weights get no gradient, and δ₁ = φ' ⊙ "
    "W₂ᵀδ₂ = 0: both weight gradients are exactly 0 at every step, the first layer never moves and "
    "only the output bias learns (accuracy {zeros_accuracy:.1%}, one class's share of the images: "
    "every image gets the same answer). From a constant ({sym_value:g}, small enough that tanh is "
    "not saturated: {sym_const_start_saturated:.0%} of the units at |a| > 0.99 at the start) every "
    "hidden unit computes the same thing and receives the same update, so the {sym_hidden} units "
    "stay one unit: the largest difference between two units' weights is {const_spread_max:.1g} at "
    "every step, though the weights move (by up to {const_moved:.2f}). Random (Xavier) weights break the symmetry: the units differ "
    "by at least {random_spread_min:.2f} at every step, and the final loss is {loss_random:.2f} "
    "(accuracy {random_accuracy:.0%}) against {loss_constant:.2f} from the constant and "
    "{loss_zeros:.2f} from zeros."
)
_SYM_CLAIMS = [
    claim(
        "The network: {sym_inputs} inputs, {sym_hidden} tanh units, {sym_classes} classes, "
        "{sym_steps} steps of lr {sym_lr:g} on {sym_images} images; the constant start "
        "({sym_value:g}) leaves {sym_const_start_saturated:.1%} of the units at |a| > 0.99 "
        "(under 1%).",
        _CHK + "symmetry_setup",
    ),
    claim(
        "From zeros both weight gradients are exactly 0 at every step and the first layer stays 0; "
        "the accuracy, {zeros_accuracy:.2%}, is one class's share of the images (the largest share "
        "is {class_prior_max:.2%}).",
        _CHK + "symmetry_zeros_never_move_the_first_layer",
    ),
    claim(
        "From the constant the units' weights never differ by more than 10⁻⁹ (at most "
        "{const_spread_max:.1g}), yet they move by up to {const_moved:.3f} (> 10⁻³).",
        _CHK + "symmetry_constant_units_stay_identical",
    ),
    claim(
        "From Xavier weights the units differ by at least {random_spread_min:.3f} (> 0.01) at every "
        "step, and the final loss is the lowest ({loss_random:.3f} < {loss_constant:.3f} from the "
        "constant < {loss_zeros:.3f} from zeros).",
        _CHK + "symmetry_random_weights_break_it",
    ),
]

t.figure(
    "init-symmetry",
    title="Zero and constant initialization: the symmetry that never breaks",
    compute="vizdl.sim.initialization:symmetry",
    draw="vizdl.render.mpl.initialization:figure_symmetry",
    params=_SYM,
    figsize=(15.0, 5.6),
    caption=_SYM_CAPTION,
    claims=_SYM_CLAIMS,
    equation=r"$\delta_l = \dot{\mathbf{a}}_l \odot [\mathbf{W}_{l+1}^T \delta_{l+1}]$",
    equation_note="With W₂ = 0 the bracket is 0, so δ₁ = 0 and ∂C/∂W₁ = δ₁xᵀ = 0 (the "
    "lecture's 'the deltas will be 0 too').",
)

t.animation(
    "init-symmetry-animation",
    title="Identical hidden units, step by step (animation)",
    compute="vizdl.sim.initialization:symmetry",
    scene="scenes.initialization:SymmetryScene",
    params=_SYM,
    caption="The {sym_hidden} hidden units' incoming weights (one image each, red positive, blue "
    "negative) as training goes on: blank from zeros, {sym_hidden} copies of one picture from a "
    "constant, {sym_hidden} different detectors from random weights. " + _SYM_CAPTION,
    claims=_SYM_CLAIMS,
)

t.figure(
    "init-linear-chain",
    title="Vanishing and exploding signals in a deep linear chain",
    compute="vizdl.sim.initialization:linear_chain",
    draw="vizdl.render.mpl.initialization:figure_linear_chain",
    params=dict(
        scales=knob(
            (0.5, 0.9, 1.0, 1.1, 1.5),
            "weight scales c compared, W ~ N(0, c²/n), one curve each: 1 and at least one below "
            "and one above it",
            low=0.1,
            high=3.0,
        ),
        width=knob(256, "units per layer", low=1, high=1024),
        depth=knob(50, "linear layers", low=1, high=200),
        n_samples=knob(
            1000, "Gaussian input rows the variances are measured over", low=2, high=10000
        ),
    ),
    figsize=(13.0, 5.2),
    caption="{chain_depth} linear layers of width {chain_width} with W ~ N(0, c²/n), Gaussian "
    "inputs. Each layer multiplies the variance by c², forward and backward (every measured factor "
    "per layer within {chain_tol:.0%} of c²): c = {chain_below_c:g} leaves {chain_below_end:.1e} "
    "of the signal ({chain_below_c:g}^(2L) = {chain_below_theory:.1e}), c = {chain_above_c:g} "
    "multiplies it by {chain_above_end:.2g} ({chain_above_c:g}^(2L) = {chain_above_theory:.2g}); "
    "c = {chain_low_c:g} {chain_low_text} and c = {chain_high_c:g} {chain_high_text}. "
    "{chain_kept_text}, i.e. Var(W) = 1/n, keeps it (within a factor {chain_one_drift:.2f} at "
    "every layer, both ways). All {chain_n_scales} chains use the same "
    "random matrices, scaled: their curves divided by c²ˡ coincide (to {chain_draw_spread:.0e}), so "
    "the common wiggle (up to a factor {chain_wiggle:.2f}) is that one draw's finite-width "
    "fluctuation.",
    claims=[
        claim(
            "The chain: {chain_depth} layers of width {chain_width}, {chain_n_scales} scales.",
            _CHK + "chain_setup",
        ),
        claim(
            "Every scale's measured factor per layer is within {chain_tol:.0%} of c², forward and "
            "backward; c = {chain_below_c:g} ends at {chain_below_end:.2e} ({chain_below_c:g}^(2L) "
            "= {chain_below_theory:.2e}), c = {chain_above_c:g} at {chain_above_end:.3g} "
            "({chain_above_c:g}^(2L) = {chain_above_theory:.3g}), both within a factor "
            "{chain_end_factor:g}; c = 1 stays within a factor {chain_one_drift:.2f} (< "
            "{chain_end_factor:g}); {chain_kept_lower} keeps it so.",
            _CHK + "chain_multiplies_by_c_squared",
        ),
        claim(
            "c = {chain_low_c:g} {chain_low_text}, c = {chain_high_c:g} {chain_high_text} "
            "(the plot spans {chain_range_low:.0e} to {chain_range:.0e}).",
            _CHK + "chain_leaves_the_plot",
        ),
        claim(
            "Divided by c²ˡ the scales' curves coincide to {chain_draw_spread:.1e} (< 10⁻⁶): one "
            "draw, whose wiggle reaches a factor {chain_wiggle:.3f}.",
            _CHK + "chain_shares_one_draw",
        ),
        lecture(
            "A too-large initialization leads to exploding gradients; a too-small initialization "
            "leads to vanishing gradients.",
            _CHK + "chain_multiplies_by_c_squared",
        ),
    ],
    equation=r"$\mathrm{Var}(a_L) = \prod_{l=1}^{L} n_{l-1}\,\mathrm{Var}(W_l)\ \mathrm{Var}(x)$",
)

t.figure(
    "init-distributions",
    title="Every initializer's weights, checked against torch.nn.init, and the gain table",
    compute="vizdl.sim.initialization:init_distributions",
    draw="vizdl.render.mpl.initialization:figure_distributions",
    params=dict(
        fan_in=knob(784, "inputs of the layer (n_in)", low=1, high=4096),
        fan_out=knob(200, "outputs of the layer (n_out)", low=1, high=4096),
        bins=knob(60, "histogram bins per initializer", low=2, high=200),
    ),
    figsize=(16.0, 7.0),
    caption="{dist_n_draws:,} weights of one {dist_fan_in} → {dist_fan_out} layer (the lecture's "
    "first junction) from each initializer, sampled by vizdl, with the theoretical density and, "
    "for the {dist_n_uniform} uniform ones, the bounds a = √(6/(n_in + n_out)) (Xavier), √(6/n_in) "
    "(Kaiming, ReLU gain √2) and 1/√n_in (PyTorch's nn.Linear default): every uniform histogram is "
    "empty beyond ±a and filled up to it. Each panel prints the variance of the formula, of our "
    "sample and of torch.nn.init's own sample: all within {dist_worst_se:.1f} standard errors of "
    "the formula. Right: torch.nn.init.calculate_gain.",
    claims=[
        claim(
            "For every initializer our sample's and torch.nn.init's variances are within 5 standard "
            "errors of the formula's (worst {dist_worst_se:.2f}; {dist_n_draws:,} draws of a "
            "{dist_fan_in} → {dist_fan_out} layer).",
            _CHK + "distributions_variances_agree",
        ),
        claim(
            "The {dist_n_uniform} uniform histograms are empty beyond ±a and hold weights in the "
            "bins at ±a.",
            _CHK + "distributions_uniform_within_bounds",
        ),
    ],
    equation=r"$\sigma^2_{w} = \frac{2}{N_{l-1} + N_l}\quad a = \sqrt{\frac{6}{N_{l-1} + N_l}}$",
)

# --- He's step and the activations' mean (issue 15, item 7) -------------------------------------

t.figure(
    "init-he-step",
    title="He's step E[x²] = ½ Var(y), measured; and what a non-zero mean adds to the next layer",
    compute="vizdl.sim.initialization:he_step",
    draw="vizdl.render.mpl.initialization:figure_he_step",
    params=dict(
        width=knob(512, "units per hidden ReLU layer", low=1, high=2048),
        depth=knob(10, "ReLU layers", low=1, high=50),
        inputs=_INPUTS,
        n_samples=knob(500, "input rows the moments are measured over", low=2, high=5000),
        n_nets=knob(8, "independently initialized networks averaged", low=1, high=32),
        bins=knob(60, "histogram bins of the middle layer's pre-activations", low=2, high=200),
    ),
    figsize=(16.0, 5.4),
    caption="{he_depth} ReLU layers of {he_width} units, every weight drawn by "
    "torch.nn.init.kaiming_normal_(w, mode='fan_in', nonlinearity='relu'), i.e. Var(w) = 2/n (the "
    "samples within {he_weight_var_worst:.1%} of it), fed {he_n_samples} {he_inputs_text}; "
    "{he_n_nets} networks. Left, the lecture's step at every layer: E[x²] of x = max(0, y) is "
    "{he_ratio_min:.2f} to {he_ratio_max:.2f} × ½ Var(y) (mean of the networks; single networks "
    "{he_net_ratio_min:.2f} to {he_net_ratio_max:.2f}: one finite network strays further), "
    "so Var(y) stays level, {he_var_min:.2f} to {he_var_max:.2f} against the closed "
    "form n·(2/n)·E[x₀²] = {he_var_theory:.2f}. Middle: one layer's y, symmetric around 0 (P(y > "
    "0) between {he_positive_min:.3f} and {he_positive_max:.3f} at every layer); ReLU zeroes the "
    "grey half. Right, the lecture's 'the mean of the activations should be zero', one layer on "
    "with n·Var(w) = 1: Var(y₂) = n·Var(w)·(Var(x) + E[x]²). Tanh's mean is {tanh_mean:.3f} and "
    "n·Var(w)·Var(x) alone gives Var(y₂) ({tanh_zero_mean_off:+.1%}). Sigmoid's mean is "
    "{sig_mean:.3f}: the term n·Var(w)·E[x]² is {sig_share:.0%} of the next layer's variance, "
    "{sig_next_var:.3f} measured (closed form {sig_next_theory:.3f}), {sig_shortfall:.1f}× what the "
    "zero-mean formula n·Var(w)·Var(x) = {sig_zero_mean_pred:.3f} predicts. ReLU's mean is not "
    "zero either (its term is {relu_share:.0%} of E[x²]; 1/π = {relu_share_theory:.0%}): He's "
    "derivation keeps it by working with E[x²], not Var(x).",
    claims=[
        claim(
            "The networks: {he_input_dim} inputs, {he_depth} ReLU layers of {he_width} units, "
            "{he_n_samples} rows ({he_inputs_text}), {he_n_nets} networks; every kaiming_normal_ "
            "matrix has a sample Var(w) within 5% of 2/n (worst {he_weight_var_worst:.2%}).",
            _CHK + "he_setup",
        ),
        claim(
            "At every layer the networks' mean E[x²] is within 10% of ½ Var(y) ({he_ratio_min:.3f} "
            "to {he_ratio_max:.3f} × ½ Var(y)); single networks range from {he_net_ratio_min:.3f} "
            "to {he_net_ratio_max:.3f}.",
            _CHK + "he_half_variance",
        ),
        claim(
            "At every layer P(y > 0) is between 0.45 and 0.55 ({he_positive_min:.3f} to "
            "{he_positive_max:.3f}) and |E[y]| is below 5% of y's standard deviation (at most "
            "{he_mean_max:.3f}).",
            _CHK + "he_symmetric_pre_activations",
        ),
        claim(
            "Var(y) is within 15% of the closed form {he_var_theory:.3f} at every layer "
            "({he_var_min:.3f} to {he_var_max:.3f}, worst {he_var_worst:.1%}) and within 10% of "
            "n·Var(w)·E[x²] of the layer below (worst {he_step_worst:.1%}).",
            _CHK + "he_variance_level",
        ),
        claim(
            "Sigmoid: E[x] = {sig_mean:.4f} (within 0.01 of ½); n·Var(w)·E[x]² is {sig_share:.1%} "
            "of the next layer's variance (more than half); Var(y₂) = {sig_next_var:.4f} is within "
            "5% of the closed form {sig_next_theory:.4f} and {sig_shortfall:.2f}× (more than 3×) "
            "the zero-mean formula's {sig_zero_mean_pred:.4f}.",
            _CHK + "mean_term_sigmoid",
        ),
        claim(
            "Tanh: E[x] = {tanh_mean:.4f} (|E[x]| < 0.02) and n·Var(w)·Var(x) gives Var(y₂) within "
            "5% ({tanh_zero_mean_off:+.2%}); ReLU: the mean term is {relu_share:.3f} of E[x²] "
            "(within 0.05 of 1/π = {relu_share_theory:.3f}), Var(y₂) within 5% of the closed form "
            "({relu_next_off:+.2%}).",
            _CHK + "mean_term_tanh_and_relu",
        ),
        lecture(
            "If y_{{l−1}} has zero mean, and has a symmetric distribution around zero: "
            "E[x²_{{l−1}}] = E[(max(0, y_{{l−1}}))²] = ½ Var[y_{{l−1}}]",
            _CHK + "he_lecture_step",
        ),
        lecture("So we have: Var(w) = 2/n", _CHK + "he_variance_level"),
        lecture("The mean of the activations should be zero.", _CHK + "mean_term_sigmoid"),
    ],
    equation=r"$\mathrm{Var}(y_l) = n\,\mathrm{Var}(w)\,E[x_{l-1}^2],\quad "
    r"E[x_{l-1}^2] = \frac{1}{2}\mathrm{Var}(y_{l-1})$",
    equation_note="The lecture's He derivation: Var(w·x) = E[w]²Var(x) + Var(w)E[x]² + "
    "Var(w)Var(x) = Var(w)·E[x²] for zero-mean weights, so the mean of x enters through E[x²] = "
    "Var(x) + E[x]²; for ReLU with y symmetric around 0, E[x²] = ½ Var(y), hence Var(w) = 2/n. In "
    "torch: nn.init.kaiming_normal_(w, mode='fan_in', nonlinearity='relu').",
)

# --- calculate_gain in use (issue 15, item 8) ---------------------------------------------------

t.figure(
    "init-calculate-gain",
    title="calculate_gain in use: tanh's 5/3, fan_in vs fan_out, Leaky ReLU's √(2/(1 + a²))",
    compute="vizdl.sim.initialization:gain_in_use",
    draw="vizdl.render.mpl.initialization:figure_gain_in_use",
    params=dict(
        width=knob(
            256, "units per hidden layer of the tanh and Leaky ReLU stacks", low=1, high=1024
        ),
        depth=knob(30, "tanh layers", low=1, high=100),
        fan_sizes=knob(
            (784, 1024, 512, 256, 128),
            "widths of the ReLU stack, input first (Fashion-MNIST inputs need 784)",
            low=1,
            high=4096,
        ),
        slopes=knob(
            (0.0, 0.01, 0.2, 0.5, 1.0),
            "Leaky ReLU negative slopes a (the caption quotes the one nearest 0.5)",
            low=0.0,
            high=1.0,
        ),
        leaky_depth=knob(8, "Leaky ReLU layers", low=2, high=50),
        inputs=_INPUTS,
        n_samples=knob(400, "input rows the variances are measured over", low=2, high=5000),
        n_nets=knob(4, "independently initialized networks averaged", low=1, high=16),
    ),
    figsize=(17.0, 9.5),
    caption="Every weight drawn by torch.nn.init.kaiming_normal_, whose std is "
    "calculate_gain(nonlinearity)/√fan; {gain_n_nets} networks fed {gain_n_samples} "
    "{gain_inputs_text}. Top left: tanh through {gain_depth} layers of {gain_width}. With gain 1 "
    "('linear') the activations' variance fades from {tanh_g1_first:.2f} to {tanh_g1_end:.3f}; "
    "with tanh's 5/3 it settles ({tanh_g53_first:.2f} → {tanh_g53_end:.2f}, within a factor "
    "{tanh_g53_drift:.2f} of layer 1). Top middle: 5/3 overshoots backward — the gradient's "
    "variance grows × {tanh_g53_bwd_growth:.0f} from the last layer back to the first, where gain 1 "
    "shrinks it × {tanh_g1_bwd_growth:.3f}. Bottom: on the ReLU stack {gain_fan_stack}, "
    "mode='fan_in' keeps Var(y) level forward (within {fanin_fwd_drift:.0%} of layer 1) but the "
    "gradient shrinks × {fanin_bwd_end:.3f} back to layer 1 (theory Π n_out/n_in = "
    "{fanin_bwd_theory:.3f}); mode='fan_out' keeps the gradient level (within "
    "{fanout_bwd_drift:.0%}) and multiplies the forward Var(y) by {fanout_fwd_growth:.1f} (theory "
    "{fanout_fwd_theory:.0f}). Right: Leaky ReLU's gain measured as √(Var(y)/E[x²]) in "
    "{gain_leaky_depth}-layer networks agrees with √(2/(1 + a²)) and torch's "
    "calculate_gain('leaky_relu', a) at all {leaky_n_slopes} slopes (within {leaky_worst:.1%}; at "
    "a = {leaky_a:g}: {leaky_gain_measured:.3f} vs {leaky_gain_theory:.3f}); with it Var(y) "
    "changes by at most {leaky_own_worst:.1%} per layer (× {leaky_own_end_min:.2f} to × "
    "{leaky_own_end_max:.2f} from layer 1 to the last; every slope uses the same draws, so "
    "their curves wobble together), while ReLU's √2 on the same Leaky ReLU "
    "(a = {leaky_a:g}) makes each layer's factor 1 + a² = {leaky_relu_expected:.2f} times larger (× "
    "{leaky_relu_factor:.2f} per layer, × {leaky_relu_growth:.1f} from layer 1 to the last). Every "
    "tanh curve is within {tanh_fwd_worst:.0%} (forward) and {tanh_bwd_worst:.0%} (backward) of "
    "its theory, the ReLU stack's within {fan_worst:.0%}.",
    claims=[
        claim(
            "The networks: {gain_input_dim} inputs; tanh {gain_depth} layers of {gain_width}; the "
            "ReLU stack {gain_fan_stack}; Leaky ReLU {gain_leaky_depth} layers of {gain_width}; "
            "{gain_n_samples} rows ({gain_inputs_text}), {gain_n_nets} networks each.",
            _CHK + "gain_setup",
        ),
        claim(
            "Tanh, gain 1: Var(a) falls from {tanh_g1_first:.3f} to {tanh_g1_end:.4f} (below a "
            "tenth); gain 5/3: within a factor 1.5 of layer 1 at every layer "
            "({tanh_g53_drift:.2f}); both within 20% of the theory (worst {tanh_fwd_worst:.1%}).",
            _CHK + "gain_tanh_forward",
        ),
        claim(
            "Tanh backward: Var(δ₁)/Var(δ_L) is {tanh_g53_bwd_growth:.1f} with gain 5/3 (more "
            "than 10) and {tanh_g1_bwd_growth:.4f} with gain 1 (below 0.1); both within 25% of the "
            "theory (worst {tanh_bwd_worst:.1%}).",
            _CHK + "gain_tanh_backward",
        ),
        claim(
            "mode='fan_in': forward Var(y) within 20% of layer 1 at every layer (worst "
            "{fanin_fwd_drift:.1%}); mode='fan_out': × {fanout_fwd_growth:.2f} from the first layer "
            "to the last (more than 4; theory {fanout_fwd_theory:.2f}).",
            _CHK + "gain_fan_in_forward",
        ),
        claim(
            "mode='fan_out': backward Var(δ) within 20% of the last layer's at every layer (worst "
            "{fanout_bwd_drift:.1%}); mode='fan_in': × {fanin_bwd_end:.3f} at layer 1 (below a "
            "quarter; theory {fanin_bwd_theory:.3f}).",
            _CHK + "gain_fan_out_backward",
        ),
        claim(
            "Both modes, forward and backward, within 25% of the theory at every layer (worst "
            "{fan_worst:.1%}).",
            _CHK + "gain_fan_matches_theory",
        ),
        claim(
            "At each of the {leaky_n_slopes} slopes the measured √(Var(y)/E[x²]) is within 3% of "
            "√(2/(1 + a²)) (worst {leaky_worst:.2%}; a = {leaky_a:g}: {leaky_gain_measured:.4f} vs "
            "{leaky_gain_theory:.4f}).",
            _CHK + "gain_leaky_measured",
        ),
        claim(
            "With kaiming_normal_(a=slope, nonlinearity='leaky_relu') Var(y) changes by less than "
            "5% per layer at every slope (worst {leaky_own_worst:.2%}); with ReLU's gain instead "
            "each layer's factor is 1 + a² times larger, within 1% (a = {leaky_a:g}: × "
            "{leaky_relu_factor:.3f} per layer).",
            _CHK + "gain_leaky_in_use",
        ),
        lecture(
            "Choosing 'fan_in' preserves the magnitude of the weights in the forward pass. "
            "Choosing 'fan_out' preserves the magnitude backwards pass.",
            _CHK + "gain_fan_modes_as_the_lecture_says",
        ),
        lecture(
            "calculate_gain: Tanh 5/3, Leaky Relu √(2/(1 + negative_slope²))",
            _CHK + "gain_table_as_the_lecture_says",
        ),
    ],
    equation=r"$\mathrm{std}(w) = \frac{\mathrm{gain}}{\sqrt{\mathrm{fan\_mode}}},\quad "
    r"\mathrm{gain}_{\mathrm{leaky}} = \sqrt{\frac{2}{1+a^2}}$",
    equation_note="kaiming_normal_(w, a, mode, nonlinearity) draws N(0, gain²/fan) with gain = "
    "calculate_gain(nonlinearity, a) and fan = n_in ('fan_in') or n_out ('fan_out'). Leaky ReLU "
    "keeps (1 + a²)/2 of E[y²], so gain² = 2/(1 + a²) restores it.",
)
