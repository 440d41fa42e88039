"""Gallery entries for vanishing gradients and activations (lecture 002)."""

from gallery._names import ACTIVATIONS as _ACTIVATIONS  # the sims' names, written once
from gallery._names import INITIALIZERS as _INITIALIZERS
from vizdl.gallery import claim, knob, lecture, topic

t = topic(
    "activations",
    "Vanishing gradients and activations",
    blurb="Squashing activations multiply small derivatives layer after layer; ReLU and its "
    "relatives change that. Every derivative is checked against autograd, every product against "
    "the 4⁻ᴸ bound.",
    lecture="002",
    order=14,
)

_DELTA = r"$\delta_l = \dot{\mathbf{a}}_l \odot [\mathbf{W}_{l+1}^T \delta_{l+1}]$"
_DELTA_NOTE = (
    "The lecture's backward recursion: each layer multiplies the back-propagated signal by the "
    "activation's derivative at its pre-activation (and by the weights). With σ' ≤ 1/4, L sigmoid "
    "layers contribute at most 4⁻ᴸ."
)
_X_RANGE = knob(
    5.0, "half-width of the x axis: curves drawn on [−x_range, x_range]", low=0.1, high=50.0
)
_POINTS = knob(1001, "sample points along the horizontal axis", low=3, high=20001)
_SIG = dict(
    names=knob(
        ("sigmoid", "tanh"),
        "the two activations drawn (the figure shows sigmoid and tanh)",
        choices=("sigmoid", "tanh"),
        length=2,
    ),
    x_range=_X_RANGE.with_default(6.0),
    points=_POINTS.with_default(1201),
)
_PRODUCTS = dict(
    activations=knob(
        ("sigmoid", "tanh", "relu"), "activations compared, one curve each", choices=_ACTIVATIONS
    ),
    inits=knob(
        ("xavier-normal", "xavier-normal", "kaiming-normal"),
        "initializer of each activation's network (one per activation, in the same order)",
        choices=_INITIALIZERS,
    ),
    width=knob(256, "units per hidden layer", low=1, high=2048),
    depth=knob(30, "hidden layers the gradient passes back through", low=1, high=200),
    n_samples=knob(256, "Fashion-MNIST images fed through the network", low=1, high=10000),
    n_paths=knob(64, "random paths (one unit per layer) followed back", low=1, high=1024),
)
_NORMS = dict(
    pairs=knob(
        (
            ("sigmoid", "xavier-normal"),
            ("tanh", "xavier-normal"),
            ("relu", "xavier-normal"),
            ("relu", "kaiming-normal"),
            ("leaky_relu", "kaiming-normal"),
            ("gelu", "kaiming-normal"),
        ),
        "(activation, initializer) pairs compared, one curve each",
        choices=(_ACTIVATIONS, _INITIALIZERS),
    ),
    width=_PRODUCTS["width"],
    depth=_PRODUCTS["depth"].with_default(20),
    n_samples=_PRODUCTS["n_samples"],
)
_COMPOSE = dict(
    dim=knob(100, "dimensions of the hidden state h", low=1, high=2000),
    steps=knob(5, "compositions shown: t = 0 … steps", low=0, high=30),
    scale=knob(6.0, "weight scale: W ~ N(0, scale²/dim)", low=0.1, high=20.0),
    points=_POINTS.with_default(2001),
    extent=knob(
        0.8,
        "half-width of the initial state's range along the random direction",
        low=0.01,
        high=10.0,
    ),
)

t.figure(
    "activation-gallery",
    title="The activation functions and their derivatives",
    compute="vizdl.sim.activations:activation_gallery",
    draw="vizdl.render.mpl.activations:figure_activation_gallery",
    params=dict(x_range=_X_RANGE, points=_POINTS),
    figsize=(15.0, 9.0),
    caption="{n_act} activation functions (solid) with their derivatives (dashed) on "
    "[{x_lo:g}, {x_hi:g}], one panel each. Leaky ReLU's negative side has slope "
    "{leaky_slope:g}: at full scale it draws as flat as ReLU's, so its panel magnifies x < 0 in "
    "an inset; PReLU is drawn at its initial slope {prelu_slope:g}. Each panel prints the largest "
    "difference between vizdl's closed forms and torch.nn.functional (values; at most "
    "{value_err_max:.0e}) and autograd (derivatives; at most {grad_err_max:.0e}, "
    "{grad_err_worst}'s), including torch's choice at the kinks: ReLU'(0) = {relu_d0:g}.",
    claims=[
        claim(
            "Every closed form matches torch.nn.functional to {value_err_max:.0e} and every "
            "derivative matches autograd to {grad_err_max:.0e} on the grid ({grad_err_worst}'s: "
            "torch's backward uses 1/6 in single precision).",
            "vizdl.checks.activations:closed_forms_match_torch",
        ),
        claim(
            "ReLU's derivative at x = 0 is drawn as {relu_d0:g}, autograd's value there.",
            "vizdl.checks.activations:relu_derivative_at_zero_is_torchs",
        ),
        claim(
            "Leaky ReLU's negative side is the straight line {leaky_slope:g}·x (PReLU's "
            "{prelu_slope:g}·x).",
            "vizdl.checks.activations:leaky_slopes",
        ),
    ],
)

t.pair(
    "sigmoid-bound",
    title="σ' ≤ 1/4, and tanh = 2σ(2x) − 1",
    compute="vizdl.sim.activations:activation_gallery",
    draw="vizdl.render.mpl.activations:figure_sigmoid_bound",
    scene="scenes.activations:SigmoidSlope",
    params=_SIG,
    figsize=(14.0, 5.2),
    animation_title="σ' ≤ 1/4: the slope of the sigmoid, point by point (animation)",
    caption="σ'(x) = σ(x)(1 − σ(x)) peaks at x = 0 with value 1/4 ({sig_slope_max:.6f} here): "
    "the factor a sigmoid layer's derivative puts on the back-propagated gradient is at most 1/4. "
    "Whether the gradient shrinks also depends on the weights it is multiplied by (see 'The "
    "gradient through depth', where Xavier's weights let it vanish, and the initialization "
    "entries for larger weights). Tanh is the same S-curve stretched to (−1, 1): tanh(x) = 2σ(2x) − 1 "
    "(to {tanh_identity_error:.0e} on this grid), its derivative reaching 1 at 0.",
    animation_caption="A point runs along σ(x); its tangent's slope is plotted below as σ'(x). The "
    "slope never exceeds 1/4 and reaches it at x = 0 ({sig_slope_max:.6f} on this grid).",
    claims=[
        claim(
            "σ' never exceeds 1/4 on the plotted range and reaches {sig_slope_max:.6f} at "
            "x = {sig_slope_at:g}.",
            "vizdl.checks.activations:sigmoid_slope_peaks_at_a_quarter",
        ),
        claim(
            "tanh(x) = 2σ(2x) − 1 to {tanh_identity_error:.0e} on the grid; tanh's largest slope "
            "is {tanh_slope_max:.6f}.",
            "vizdl.checks.activations:tanh_is_a_stretched_sigmoid",
        ),
    ],
    equation=r"$\sigma'(x) = \sigma(x)\,(1-\sigma(x)) \leq \frac{1}{4}$",
)

t.pair(
    "derivative-products",
    title="The gradient through depth: derivative products, and the signal with its weights",
    compute="vizdl.sim.vanishing:derivative_products",
    draw="vizdl.render.mpl.activations:figure_derivative_products",
    scene="scenes.activations:BackwardProducts",
    params=_PRODUCTS,
    figsize=(14.0, 5.4),
    animation_title="The backward signal through depth, alone and with its weights (animation)",
    caption="A real 784 → {width} × {depth} MLP on {n_samples} Fashion-MNIST images: sigmoid "
    "and tanh with Xavier weights, ReLU with Kaiming's, as the lecture pairs them. Left, the "
    "derivatives alone: along a path of one unit per layer the gradient picks up φ'(sₗ) at each "
    "layer, and the mean over every path is computed exactly. Sigmoid's product stays under "
    "4⁻ᴸ ({sig_prod_end:.0e} after {depth} layers); a ReLU unit passes the gradient or blocks "
    "it, so ReLU's product also shrinks, about as (1/2)ᴸ ({relu_prod_end:.0e}), but is never "
    "0. Middle, with the weights (the lecture's δₗ = φ'(sₗ) ⊙ Wₗ₊₁ᵀδₗ₊₁): Kaiming's weights "
    "double what the live half of the ReLU units passes back, and the signal keeps its size "
    "(between {relu_sig_min:.2f} and {relu_sig_max:.2f} of the last layer's); sigmoid's factor "
    "1/4 is not made up by Xavier's weights and the signal vanishes ({sig_sig_end:.0e} after "
    "{passes} layers); tanh with Xavier shrinks slowly ({tanh_sig_end:.2g}).",
    animation_caption="The gradient travels back from the output: the first row is log₁₀ of "
    "sigmoid's mean derivative product after that many layers, under the 4⁻ᴸ outline; the "
    "others the whole signal with the weights (E[δ²] relative to the last layer's) for sigmoid "
    "and tanh with Xavier and ReLU with Kaiming: sigmoid's vanishes ({sig_sig_end:.0e}), "
    "ReLU's keeps its size ({relu_sig_end:.2f}).",
    claims=[
        claim(
            "Sigmoid's mean derivative product stays under 4⁻ᴸ at every depth "
            "({sig_prod_end:.1e} after {depth} layers).",
            "vizdl.checks.vanishing:sigmoid_products_under_the_bound",
        ),
        claim(
            "ReLU's mean derivative product over every path is never 0 and stays within a "
            "factor 10 of (1/2)ᴸ ({relu_prod_end:.1e} after {depth} layers).",
            "vizdl.checks.vanishing:relu_products_halve_but_never_vanish",
        ),
        claim(
            "With Kaiming's weights ReLU's back-propagated signal stays between 1/4 and 4 of its "
            "size at the last layer (here {relu_sig_min:.2f} to {relu_sig_max:.2f}).",
            "vizdl.checks.vanishing:relu_kaiming_keeps_the_signal",
        ),
        claim(
            "With Xavier's weights sigmoid's signal falls under 10⁻¹⁰ ({sig_sig_end:.0e} after "
            "{passes} layers), tanh's stays above it ({tanh_sig_end:.2g}).",
            "vizdl.checks.vanishing:sigmoid_xavier_loses_the_signal",
        ),
        lecture(
            "[ReLU activations] Solves vanishing gradient problem",
            "vizdl.checks.vanishing:relu_kaiming_keeps_the_signal",
        ),
    ],
    equation=_DELTA,
    equation_note=_DELTA_NOTE,
)

t.figure(
    "gradient-norms-per-layer",
    title="Per-layer gradient norms at initialization: the speed of learning per layer",
    compute="vizdl.sim.vanishing:gradient_norms",
    draw="vizdl.render.mpl.activations:figure_gradient_norms",
    params=_NORMS,
    figsize=(12.0, 6.0),
    caption="‖∂L/∂Wₗ‖ for each of {depth} hidden layers of width {width}, computed by autograd "
    "from a real cross-entropy loss on {n_samples} Fashion-MNIST images. With sigmoid (Xavier's "
    "weights) the first layer's gradient is {sig_ratio:.1e} times smaller than the last one's "
    "(the first layers barely learn); the {n_kaiming} activations with Kaiming initialization "
    "keep every layer's gradient within a factor {kaiming_spread_max:.1f} ({kaiming_worst}'s "
    "spread, the largest of them). ReLU with Xavier's weights keeps the shape but every layer's "
    "gradient is at least {relu_xavier_smaller:.0f} times smaller than with Kaiming's.",
    claims=[
        claim(
            "Sigmoid with Xavier's weights: the first layer's gradient norm is {sig_ratio:.1e} "
            "times smaller than the last one's (at least 10⁶).",
            "vizdl.checks.vanishing:gradient_norms_sigmoid_first_layers_starve",
        ),
        claim(
            "Every activation with Kaiming's initializer keeps its {depth} layers' gradient "
            "norms within a factor 10 (largest spread {kaiming_spread_max:.2f}, {kaiming_worst}).",
            "vizdl.checks.vanishing:gradient_norms_kaiming_keeps_every_layer",
        ),
        claim(
            "ReLU with Xavier's weights: its layers stay within a factor "
            "{relu_xavier_spread:.2f} of each other, every one at least "
            "{relu_xavier_smaller:.0f} times (≥ 100) below its Kaiming counterpart.",
            "vizdl.checks.vanishing:gradient_norms_relu_xavier_small",
        ),
        lecture(
            "the gradient can get small as we back-prop due to the squashing activation "
            "compounded effects",
            "vizdl.checks.vanishing:gradient_norms_sigmoid_first_layers_starve",
        ),
    ],
    equation=_DELTA,
    equation_note=_DELTA_NOTE,
)

t.animation(
    "gradient-norms-animation",
    title="Per-layer gradient norms, back from the output (animation)",
    compute="vizdl.sim.vanishing:gradient_norms",
    scene="scenes.activations:GradientNormBars",
    params=_NORMS,
    caption="The same gradient norms revealed from the last of the {depth} hidden layers back to "
    "the first, one row per activation and initializer: sigmoid's shrink to {sig_ratio:.1e} "
    "times less at the first layer; with Kaiming's initializer every layer stays within a factor "
    "{kaiming_spread_max:.1f}.",
    claims=[
        claim(
            "Sigmoid with Xavier's weights: the first layer's gradient norm is {sig_ratio:.1e} "
            "times smaller than the last one's (at least 10⁶).",
            "vizdl.checks.vanishing:gradient_norms_sigmoid_first_layers_starve",
        ),
        claim(
            "Every activation with Kaiming's initializer keeps its {depth} layers' gradient "
            "norms within a factor 10 (largest spread {kaiming_spread_max:.2f}, {kaiming_worst}).",
            "vizdl.checks.vanishing:gradient_norms_kaiming_keeps_every_layer",
        ),
    ],
    equation=_DELTA,
)

t.figure(
    "gradient-norms-over-training",
    title="Per-layer gradient norms during training: the speed of learning per layer, measured",
    compute="vizdl.sim.dynamics:layer_dynamics",
    draw="vizdl.render.mpl.dynamics:figure_gradients_over_training",
    params=dict(
        pairs=_NORMS["pairs"].with_default(
            (
                ("sigmoid", "torch-default"),
                ("sigmoid", "xavier-normal"),
                ("relu", "torch-default"),
                ("relu", "kaiming-normal"),
            )
        ),
        # The ranges admit only settings where every claim below was measured to hold: each knob
        # alone at its ends, and the corners (width, lr, epochs, limit, checkpoints) = (150, 0.2,
        # 4, 15000, 16) [76 s, the slowest], (100, 0.2, 4, 15000, 2) and (150, 0.1, 3, 10000, 16);
        # not all 32 corners. Outside them a claim fails: depth 4 leaves sigmoid's first layer 7×
        # (not 10×) slower, depth 6 or width 50 leave a ReLU net under 20% accuracy, lr 0.03 or 2
        # epochs or 5,000 images leave ReLU not learning, lr 0.5 with 6 epochs diverges, 20
        # checkpoints catch ReLU's first layer at 0.498 of its last.
        width=knob(
            100,
            "units per hidden layer (100-150: narrower, a ReLU net does not learn)",
            low=100,
            high=150,
        ),
        depth=knob(
            5, "hidden layers (only 5: at 4 or 6 a claim fails, see the comment)", low=5, high=5
        ),
        lr=knob(
            0.1,
            "SGD's learning rate η (0.1-0.2: below, ReLU does not learn in time)",
            low=0.1,
            high=0.2,
        ),
        epochs=knob(3, "passes over the training images", low=3, high=4),
        limit=knob(
            10_000, "training images (the first after one shuffle)", low=10_000, high=15_000
        ),
        checkpoints=knob(
            16, "measurements during training (plus one at initialization)", low=2, high=16
        ),  # fmt: skip
    ),
    figsize=(13.0, 8.0),
    caption="A 784 → {depth} × {width} → 10 MLP per activation and initializer, trained with "
    "plain SGD on Fashion-MNIST ({total_updates} updates); at {n_checkpoints} checkpoints "
    "autograd measures each hidden layer's ‖∂L/∂Wₗ‖ on the same held-out probe batch (no update "
    "taken).[[ With sigmoid the first layer's gradient is at least {sigmoid_min_factor:.0f} "
    "times smaller than the last one's at every checkpoint, from initialization to the end: by "
    "this measure of the speed of learning, the layer nearest the input learns at least that "
    "many times slower.]][[ Xavier's weights narrow the gap (median ratio "
    "{sigmoid_xavier_ratio:.2g} against {sigmoid_default_ratio:.2g} with PyTorch's default).]]"
    "[[ With ReLU the first layer's gradient never falls below {relu_min_ratio:.2f} of the last "
    "one's.]][[ After the last update the sigmoid networks are at {sigmoid_acc_max:.0%} probe "
    "accuracy at best (chance: 10%), the ReLU networks at {relu_acc_min:.0%}–"
    "{relu_acc_max:.0%}.]]",
    claims=[
        claim(
            "Each network is 784 → {depth} × {width} → 10, trained on {n_train:,} images for "
            "{total_updates} SGD updates and measured on {n_probe:,} held-out images at "
            "{n_checkpoints} checkpoints.",
            "vizdl.checks.dynamics:runs_as_stated",
        ),
        claim(
            "With sigmoid the first hidden layer's gradient norm is at most "
            "{sigmoid_max_ratio:.2g} of the last one's at every checkpoint (at most "
            "{slower_bound:g}).",
            "vizdl.checks.dynamics:sigmoid_first_layer_learns_slower",
        ),
        claim(
            "With ReLU the first hidden layer's gradient norm is at least {relu_min_ratio:.2f} "
            "of the last one's at every checkpoint (at least {keeps_up_bound:g}).",
            "vizdl.checks.dynamics:relu_first_layer_keeps_up",
        ),
        claim(
            "Xavier's weights raise sigmoid's median first-to-last ratio from "
            "{sigmoid_default_ratio:.2g} (PyTorch's default) to {sigmoid_xavier_ratio:.2g}.",
            "vizdl.checks.dynamics:xavier_narrows_sigmoids_gap",
        ),
        claim(
            "After the last update the sigmoid networks reach at most {sigmoid_acc_max:.0%} on "
            "the probe images, the ReLU networks {relu_acc_min:.0%}–{relu_acc_max:.0%}.",
            "vizdl.checks.dynamics:relu_learns_sigmoid_does_not",
        ),
        lecture(
            "the gradient can get small as we back-prop due to the squashing activation "
            "compounded effects",
            "vizdl.checks.dynamics:sigmoid_first_layer_learns_slower",
        ),
    ],
)

t.figure(
    "sigmoid-top-layer-saturation",
    title="Sigmoid's top hidden layer saturates early and recovers slowly (Glorot & Bengio, 2010)",
    compute="vizdl.sim.saturation:saturation",
    draw="vizdl.render.mpl.saturation:figure_saturation",
    params=dict(
        # the standard sigmoid run is still stuck at update 15,000 (the claims' STILL_AT) and the
        # recovery sentence says whether it has recovered by the end; the comparison runs need
        # 6,000 updates for every tanh layer to start saturating
        updates=knob(
            30_000, "SGD updates of the standard-init sigmoid network", low=15_000, high=60_000
        ),
        compare_updates=knob(
            6_000,
            "SGD updates of the normalized-init sigmoid and the tanh networks",
            low=6_000,
            high=15_000,
        ),
    ),
    figsize=(14.0, 9.0),
    caption="The setting of Glorot & Bengio's (2010) Section 3, with Fashion-MNIST in place of "
    "their Shapeset: 784 → {depth} × {width} → 10, weights U[−1/√n_in, 1/√n_in] (the paper's "
    "“standard” initialization) or U[±√6/√(n_in + n_out)] (its “normalized” one, Xavier's), "
    "biases {bias_max:g}, plain SGD (η = {lr:g}, batches of {batch_size}) on {n_train:,} "
    "training images. Every {every} updates each hidden layer's activations on the same "
    "{n_probe} held-out images are summarized by their mean (line) and the band holding "
    "{band_share:.0%} of them ({band_low:g}st to {band_high:g}th percentile, shaded). To keep the computation short (a minute or two of "
    "one core), the standard sigmoid network trains for {updates:,} updates and the other two "
    "for {compare_updates:,}. With sigmoid and the standard initialization the top hidden layer's "
    "mean falls from {top_start:.2f} to {top_fast:.3f} by update {fast_at:,} and reaches "
    "{top_min:.3f} at update {top_min_at:,}, while the lower layers' means stay above "
    "{lower_min:.2f}.[[ From update {fast_at:,} to {still_at:,} the probe loss stays within "
    "{stuck_dev:.3f} of ln 10 = {ln10:.3f}, the loss of a uniform guess over the 10 "
    "classes; {recovery_text}.]] With the normalized initialization the top layer's mean "
    "never falls below {normalized_top_min:.3f} ({normalized_factor:.1f}× the standard run's "
    "lowest over the same updates) and the loss is {recovered_drop:g} below ln 10 by update "
    "{normalized_drop_at:,} ({normalized_loss_end:.2f} at update {compare_at:,}, against the "
    "standard run's {standard_loss_same:.2f}). Tanh's layers start to saturate (at least "
    "{tanh_share:.1%} of the values within {tanh_margin:g} of ±1) in order from layer 1 up, at updates "
    "{tanh_order}, its top layer's mean staying within {tanh_top_mean_max:.3f} of 0.",
    claims=[
        claim(
            "Each network is 784 → {depth} × {width} → 10 with every layer's largest initial "
            "|weight| within {bound_tol:.0%} of its bound (at least {bound_ratio_min:.4f} of it) and every bias "
            "at {bias_max:g}; "
            "{updates:,} and {compare_updates:,} updates of {batch_size} images at η = {lr:g}, "
            "measured every {every} updates on {n_probe} held-out images.",
            "vizdl.checks.saturation:runs_as_stated",
        ),
        claim(
            "Sigmoid, standard initialization: the top layer's mean starts at {top_start:.3f} "
            "(within {near_half:g} of σ(0) = 0.5), is {top_fast:.3f} (under {saturated_below:g}) by update "
            "{fast_at:,} and lowest, {top_min:.3f}, at update {top_min_at:,}; while it is under "
            "{saturated_below:g} the lower layers' means stay above {lower_min:.3f} (at least "
            "{lower_above:g}).",
            "vizdl.checks.saturation:top_layer_saturates_fast",
        ),
        claim(
            "From update {fast_at:,} to {still_at:,} the probe loss stays within "
            "{stuck_dev:.3f} (at most {stuck_within:g}) of ln 10 and the top layer's mean under "
            "{top_span_max:.3f}; {recovery_text}.",
            "vizdl.checks.saturation:stuck_then_recovered",
        ),
        claim(
            "Normalized initialization: the top layer's lowest mean is {normalized_top_min:.3f}, "
            "{normalized_factor:.2f}× (at least {factor_min:g}×) the standard run's {standard_top_min_same:.3f} "
            "over the same updates; at update {compare_at:,} its loss is "
            "{normalized_loss_end:.3f}, the standard run's {standard_loss_same:.3f} (within "
            "{stuck_within:g} of ln 10).",
            "vizdl.checks.saturation:normalized_does_not_collapse",
        ),
        claim(
            "Tanh: layers 1 to {depth} first have {tanh_share:.1%} of their values within "
            "{tanh_margin:g} of ±1 at "
            "updates {tanh_order} (never earlier in a higher layer); the top layer's mean stays "
            "within {tanh_top_mean_max:.3f} of 0.",
            "vizdl.checks.saturation:tanh_layers_saturate_in_order",
        ),
    ],
)

t.pair(
    "repeated-composition",
    title="Repeated function composition (Goodfellow et al., figure 10.15)",
    compute="vizdl.sim.vanishing:repeated_composition",
    draw="vizdl.render.mpl.activations:figure_composition",
    scene="scenes.activations:CompositionScene",
    params=_COMPOSE,
    figsize=(13.0, 5.6),
    animation_title="Composing the linear-tanh layer again and again (animation)",
    caption="A {dim}-dimensional hidden state passed through the same linear-tanh layer "
    "h ← tanh(W h) t = 0…{steps} times. The x-axis is the initial state's coordinate along a "
    "random direction u; the y-axis one fixed linear projection of the state, chosen so that "
    "before any composition (t = 0) the cross-section is the diagonal y = x (to {diag_err:.0e}), "
    "as in Goodfellow et al.'s figure. The more compositions, the more the function turns "
    "({turns_one} turns at t = 1, {turns_end} at t = {steps}), and a few places near x = 0 become "
    "very steep (slope up to {steep_end:.0f}, against the diagonal's 1). But at this scale most "
    "of it is not flat: at t = {steps} only {flat_end:.0%} of it has a slope under "
    "{flat_slope:g} (a tenth of the diagonal's), {below_one:.0%} under the diagonal's 1, and the "
    "median slope is {median_slope:.2g}. The landscape a gradient sees in a deep or recurrent "
    "net turns often and has cliffs.",
    animation_caption="The cross-section morphing from t = 0 (the diagonal y = x) to t = {steps}, "
    "with the number of turns ({turns_end} at the end) and the share with a slope under "
    "{flat_slope:g} ({flat_end:.0%} at the end).",
    claims=[
        claim(
            "At t = 0 the cross-section is the diagonal y = x (largest deviation {diag_err:.0e}).",
            "vizdl.checks.vanishing:composition_starts_on_the_diagonal",
        ),
        claim(
            "The number of turns never falls from one t to the next: {turns_one} at t = 1, "
            "{turns_end} at t = {steps}.",
            "vizdl.checks.vanishing:composition_turns_more_and_more",
        ),
        claim(
            "At t = {steps} the steepest slope is {steep_end:.0f} (at least 10 times the "
            "diagonal's), reached at x = {steep_at:.2f}; {flat_end:.0%} of the cross-section has "
            "a slope under {flat_slope:g}, {below_one:.0%} under 1 (median slope "
            "{median_slope:.2g}).",
            "vizdl.checks.vanishing:composition_a_few_steep_places",
        ),
        lecture(
            "When composing many nonlinear functions (like the linear-tanh layer shown here), "
            "the result is highly nonlinear, typically with most of the values associated with a "
            "tiny derivative, some values with a large derivative, and many alternations between "
            "increasing and decreasing.",
            "vizdl.checks.vanishing:composition_is_highly_nonlinear",
        ),
    ],
)

t.figure(
    "softmax-vs-sigmoid",
    title="Softmax vs sigmoid for binary classification: the same probabilities",
    compute="vizdl.sim.activations:softmax_sigmoid",
    draw="vizdl.render.mpl.activations:figure_softmax_sigmoid",
    params=dict(
        extent=knob(8.0, "scores s drawn on [−extent, extent]", low=0.1, high=100.0),
        points=_POINTS.with_default(801),
        n_pairs=knob(200, "random score pairs (s₁, s₂) compared", low=1, high=10000),
    ),
    figsize=(13.0, 5.4),
    caption="torch.sigmoid(s) and torch.softmax([s, 0])[0] agree to rounding on [−{s_hi:g}, "
    "{s_hi:g}] (largest difference {curve_diff:.0e}), and a two-output softmax of {n_pairs} "
    "random score pairs (s₁, s₂) equals σ(s₁ − s₂) (to {pairs_diff:.0e}): one sigmoid output "
    "with binary cross-entropy and two softmax outputs with cross-entropy are the same model.",
    claims=[
        claim(
            "σ(s) = softmax([s, 0])₀ to {curve_diff:.0e} and softmax([s₁, s₂])₀ = σ(s₁ − s₂) to "
            "{pairs_diff:.0e} for {n_pairs} random pairs (rounding only, ≤ 1e-15).",
            "vizdl.checks.activations:softmax_is_a_sigmoid",
        ),
    ],
    equation=r"$\frac{e^{s_1}}{e^{s_1}+e^{s_2}} = \frac{1}{1+e^{-(s_1-s_2)}} = \sigma(s_1 - s_2)$",
)

t.figure(
    "dying-relu",
    title="Dying ReLU at a large learning rate, vs Leaky ReLU and a positive bias",
    compute="vizdl.sim.vanishing:dying_relu",
    draw="vizdl.render.mpl.activations:figure_dying_relu",
    params=dict(
        variants=knob(
            ("relu", "leaky_relu", "relu-bias"),
            "variants compared: ReLU, Leaky ReLU, ReLU with biases starting at 0.1",
            choices=("relu", "leaky_relu", "relu-bias"),  # vizdl.sim.vanishing._DYING_VARIANTS
        ),
        lr=knob(0.2, "SGD learning rate (large on purpose)", low=0.001, high=1.0),
        momentum=knob(0.9, "SGD momentum", low=0.0, high=0.99),
        steps=knob(
            600, "SGD steps of 64 images (recorded every 20: a multiple of 20)", low=20, high=3000
        ),
    ),
    figsize=(15.0, 5.0),
    caption="784-{hidden}-{hidden}-10 trained on {n_train:,} Fashion-MNIST images by SGD with "
    "momentum {momentum:g} at lr {lr:g} (large), {batch_size} images per step. A unit counts as "
    "off when its pre-activation is negative for every training image; through an off ReLU unit "
    "no gradient passes. After {steps} steps {relu_l1_end:.0%} of ReLU's first-layer units and "
    "{relu_l2_end:.0%} of its second-layer units are off. In the first layer, whose inputs are "
    "the fixed images, the share of off units never falls between the recorded steps: a unit "
    "off for every image gets no gradient through itself. In the second layer "
    "it falls {relu_l2_falls} times (by up to {relu_l2_largest_fall:.0%} of the layer at once): "
    "the layer below keeps changing their inputs and turns some back on. Leaky ReLU passes 1% of "
    "the gradient through units that are off; it ends with {leaky_l2_end:.0%} of the second "
    "layer off, against ReLU's {relu_l2_end:.0%}, but does not keep first-layer units on "
    "({leaky_l1_end:.0%} off, against ReLU's {relu_l1_end:.0%}). Starting the biases at 0.1, as "
    "the lecture suggests, leaves {bias_l2_end:.0%} of the second layer off.",
    claims=[
        claim(
            "Many ReLU units die: after {steps} steps {relu_l1_end:.0%} of the first hidden layer "
            "and {relu_l2_end:.0%} of the second are off for every training image (at least "
            "20% each).",
            "vizdl.checks.vanishing:dying_relu_many_die",
        ),
        claim(
            "In the first layer ReLU's share of off units never falls between recorded steps "
            "({relu_l1_drops} falls).",
            "vizdl.checks.vanishing:dying_relu_first_layer_stays_dead",
        ),
        claim(
            "In the second layer it does fall ({relu_l2_falls} times): off units there come back.",
            "vizdl.checks.vanishing:dying_relu_second_layer_recovers",
        ),
        claim(
            "Leaky ReLU ends with at most half of ReLU's share of second-layer units off "
            "({leaky_l2_end:.1%} against {relu_l2_end:.1%}).",
            "vizdl.checks.vanishing:dying_relu_leaky_second_layer",
        ),
        claim(
            "In the first layer Leaky ReLU still ends with {leaky_l1_end:.1%} of its units off, "
            "at least half of ReLU's {relu_l1_end:.1%}.",
            "vizdl.checks.vanishing:dying_relu_leaky_first_layer",
        ),
        claim(
            "Biases started at 0.1 end with fewer second-layer units off than plain ReLU "
            "({bias_l2_end:.1%} against {relu_l2_end:.1%}).",
            "vizdl.checks.vanishing:dying_relu_bias_second_layer",
        ),
        lecture(
            "ReLU can die if x < 0. Leaky ReLU solves this, but inconsistent results.",
            "vizdl.checks.vanishing:dying_relu_leaky_helps_inconsistently",
        ),
        lecture(
            "[Biases] may want to initialize to a small positive number when using ReLU "
            "activations to prevent “dying”.",
            "vizdl.checks.vanishing:dying_relu_bias_second_layer",
        ),
    ],
)

t.figure(
    "elu-saturation-noise",
    title="ELU saturates for x < 0: how much input noise ReLU, Leaky ReLU and ELU pass",
    compute="vizdl.sim.activation_noise:activation_noise",
    draw="vizdl.render.mpl.activation_noise:figure_activation_noise",
    params=dict(
        # up to σ = 1 and from x_min = −6 down, every claim holds (tests/checks: the corners)
        sigma=knob(0.5, "standard deviation σ of the Gaussian input noise", low=0.01, high=1.0),
        x_min=knob(
            -8.0, "leftmost centre x₀ (the centres run from x_min to 0)", low=-30.0, high=-6.0
        ),
        points=knob(161, "centres x₀ from x_min to 0", low=3, high=2001),
        n_noise=knob(
            20_000, "noise samples per centre (the same at every centre)", low=1000, high=200_000
        ),
    ),
    figsize=(14.0, 5.4),
    caption="ReLU, Leaky ReLU (slope {leaky_slope:g}) and ELU (α = {alpha:g}) fed x = x₀ + noise, "
    "noise ~ N(0, {sigma:g}²) ({n_noise:,} samples, the same ones at every centre), for centres "
    "x₀ from {x_lo:g} to 0; the right panel is the output's standard deviation in units of the "
    "noise's (σ). ELU saturates for x < 0: its output tends to −α ({elu_mean_lo:.4f} at x₀ = "
    "{x_lo:g}) and its slope eˣ to 0 ({elu_slope_lo:.1e} there), so the same noise moves its "
    "output less the further x₀ lies below 0: from {elu_std_0:.2f}σ at x₀ = 0 down to "
    "{elu_std_lo:.1e}σ.[[ Leaky ReLU's never falls below its slope: {leaky_std_deep:.3g}σ at "
    "every x₀ ≤ {leaky_flat_from:.2f}, where all the noisy inputs are below 0.]][[ So ELU passes "
    "more noise than Leaky ReLU above x₀ = {cross:.2f} (at x₀ = {x_probe:g}: "
    "{elu_std_probe:.2f}σ against {leaky_std_probe:.3f}σ) and less at every centre from there "
    "down.]] ReLU passes the least of the three at every centre (none where all the inputs are "
    "below 0). Read literally, the lecture's “less resistant to noise” is what the data show "
    "against ReLU at every centre[[, and against Leaky ReLU only above x₀ = {cross:.2f}; below it "
    "ELU's saturation makes it the more resistant of the two]].",
    claims=[
        claim(
            "The noise is N(0, {sigma:g}²) ({n_noise:,} samples, their own standard deviation "
            "within 10% of σ), the centres run from {x_lo:g} to 0.",
            "vizdl.checks.activation_noise:noise_setting",
        ),
        claim(
            "ELU saturates: at x₀ = {x_lo:g} its mean output is {elu_mean_lo:.4f} (within {elu_tol:g} "
            "of −α) and its slope {elu_slope_lo:.1e}.",
            "vizdl.checks.activation_noise:elu_saturates",
        ),
        claim(
            "ELU's output spread never grows from one centre to the next one to its left: "
            "{elu_std_0:.2f}σ at x₀ = 0, {elu_std_lo:.1e}σ at x₀ = {x_lo:g} (under 1% of it).",
            "vizdl.checks.activation_noise:elu_noise_falls_to_the_left",
        ),
        claim(
            "Leaky ReLU's output spread is never under its slope times σ, and where every noisy "
            "input is below 0 (x₀ ≤ {leaky_flat_from:.2f}) it is exactly {leaky_std_deep:.3g}σ.",
            "vizdl.checks.activation_noise:leaky_noise_stays_at_its_slope",
        ),
        claim(
            "ELU passes less noise than Leaky ReLU at every centre up to x₀ = {cross:.2f} and "
            "more at every centre above it ({elu_std_probe:.2f}σ against "
            "{leaky_std_probe:.3f}σ at x₀ = {x_probe:g}).",
            "vizdl.checks.activation_noise:elu_and_leaky_cross_once",
        ),
        claim(
            "ReLU's output spread is at most ELU's and Leaky ReLU's at every centre, and exactly "
            "0 where all the noisy inputs are below 0.",
            "vizdl.checks.activation_noise:relu_passes_the_least",
        ),
        lecture(
            "ELU saturates for x < 0, so less resistant to noise",
            "vizdl.checks.activation_noise:lecture_elu_less_resistant",
        ),
    ],
    equation=r"$\mathrm{ELU}(x) = x$ if $x > 0$ else $\alpha(e^x - 1),\quad \mathrm{ELU}'(x) = \alpha e^x \to 0$ as $x \to -\infty$",
    equation_note="The lecture's check reads “less resistant” against the two it is listed "
    "with, ReLU and Leaky ReLU, at every centre drawn: centres reaching below ELU's crossing "
    "with Leaky ReLU disagree with it.",
)

t.figure(
    "leaky-relu-seed-spread",
    title="“Leaky ReLU: inconsistent results”? Test accuracy across seeds for ReLU, Leaky ReLU, ELU",
    compute="vizdl.sim.seed_spread:seed_spread",
    draw="vizdl.render.mpl.seed_spread:figure_seed_spread",
    params=dict(
        n_seeds=knob(
            10, "training runs per activation (seeds seed … seed + n_seeds − 1)", low=3, high=50
        ),
        n_train=knob(3000, "Fashion-MNIST training images", low=100, high=60_000),
        hidden=knob(64, "units in each of the two hidden layers", low=1, high=512),
        epochs=knob(3, "epochs of each run", low=1, high=50),
        batch_size=knob(50, "images per SGD step", low=1, high=1000),
        lr=knob(0.05, "SGD learning rate", low=1e-4, high=1.0),
        momentum=knob(0.9, "SGD momentum", low=0.0, high=0.99),
    ),
    figsize=(14.0, 5.6),
    caption="A 784-{hidden}-{hidden}-10 MLP trained {n_seeds} times with each activation "
    "(seeds {seed_lo}–{seed_hi}; seed s gives every activation the same initial weights and "
    "the same mini-batches) on {n_train:,} Fashion-MNIST images: {epochs} epochs of SGD (lr "
    "{lr:g}, momentum {momentum:g}, batches of {batch_size}), then test accuracy on {n_test:,} "
    "images; {diverged_text}.[[ Across the seeds ReLU reaches {relu_mean:.1%} ± {relu_sd:.2f} pp "
    "(standard deviation; range {relu_range:.1f} pp), Leaky ReLU {leaky_mean:.1%} ± "
    "{leaky_sd:.2f} pp (range {leaky_range:.1f} pp), ELU {elu_mean:.1%} ± {elu_sd:.2f} pp "
    "(range {elu_range:.1f} pp).]][[ Leaky ReLU's spread is {ratio_relu:.2f}× ReLU's (95% "
    "bootstrap interval over the seeds {ratio_relu_lo:.2f}–{ratio_relu_hi:.2f}) and "
    "{ratio_elu:.2f}× ELU's ({ratio_elu_lo:.2f}–{ratio_elu_hi:.2f}). The lecture says “Leaky "
    "ReLU solves this, but inconsistent results”; {leaky_verdict}.]] (Across seeds is one "
    "reading of “inconsistent”; it may also mean across tasks, which one data set cannot "
    "show.)",
    claims=[
        claim(
            "Each of ReLU, Leaky ReLU and ELU is trained from the same {n_seeds} seeds; "
            "{diverged_text}.",
            "vizdl.checks.seed_spread:spread_setting",
        ),
        claim(
            "Test accuracy across the seeds: ReLU {relu_mean:.1%} ± {relu_sd:.2f} pp, Leaky "
            "ReLU {leaky_mean:.1%} ± {leaky_sd:.2f} pp, ELU {elu_mean:.1%} ± {elu_sd:.2f} pp.",
            "vizdl.checks.seed_spread:spreads_measured",
        ),
        claim(
            "Leaky ReLU's spread is {ratio_relu:.2f}× ReLU's ({ratio_relu_lo:.2f}–"
            "{ratio_relu_hi:.2f}) and {ratio_elu:.2f}× ELU's ({ratio_elu_lo:.2f}–"
            "{ratio_elu_hi:.2f}) (95% bootstrap intervals over the seeds).",
            "vizdl.checks.seed_spread:leaky_spread_against_the_others",
        ),
        lecture(
            "Leaky ReLU … inconsistent results",
            "vizdl.checks.seed_spread:lecture_leaky_inconsistent",
        ),
    ],
)
