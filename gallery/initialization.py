"""Gallery entries for weight initialization (lectures 002 and 003)."""

from gallery._names import ACTIVATIONS as _ACTIVATIONS  # the sims' names, written once
from gallery._names import INITIALIZERS as _INITIALIZERS
from vizdl.gallery import claim, knob, topic

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
    "Each curve is a real torch.nn MLP (784 → 512 → … → 512, 30 Linear layers, biases zero except "
    "PyTorch's default) fed 256 standardized Fashion-MNIST images; the measured variance is the "
    "mean over 4 independently initialized networks (band: min to max), the dashed line the "
    "theory. Theory: Var(sₗ) = nₗ₋₁·Var(W)·E[aₗ₋₁²] per layer, with the Gaussian expectation of "
    "φ taken exactly (closed form for linear and ReLU, fine quadrature for tanh and sigmoid)."
)
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
        claim(
            "Every measured Var(aₗ) is within a factor 2 of the theory at every layer (worst "
            "{worst_theory_factor:.2f}).",
            "vizdl.checks.initialization:forward_matches_theory",
        ),
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
    animation_claims=(),
    animation_caption="The same runs, one layer at a time: each bar is log₁₀ Var(aₗ), growing up from 1 "
    "(explosion) or down (vanishing); the dashed outline is the theory. Tanh and ReLU side by "
    "side, one row per initializer. " + _PROP_NOTE,
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
    caption="Var(∂L/∂sₗ), a N(0, 1) gradient arriving at layer 30 and back-propagated by autograd "
    "(δₗ = φ'(sₗ) ⊙ Wₗ₊₁ᵀ δₗ₊₁). Kaiming keeps ReLU's gradients level; sigmoid multiplies them by "
    "at most n·Var(W)/16 per layer (σ' ≤ 1/4), so they vanish under every initializer here but "
    "N(0, 1), whose n·Var(W) = 512 outweighs the 1/16 (the lecture's vanishing gradient). Backward, the relevant fan is the layer's fan-out: here n_in = n_out "
    "inside the stack, so the forward and backward rules agree. " + _PROP_NOTE,
    animation_caption="The gradients of the same networks, from the last layer back to the first: bars are "
    "log₁₀ Var(∂L/∂sₗ), the dashed outline the theory. " + _PROP_NOTE,
    equation=r"$\delta_l = \dot{\mathbf{a}}_l \odot [\mathbf{W}_{l+1}^T \delta_{l+1}]$",
    equation_note="The lecture's backward recursion. Each layer multiplies Var(δ) by "
    "n·Var(W)·E[φ'(s)²]: for ReLU E[φ'²] = ½, for sigmoid at most 1/16.",
)

t.figure(
    "init-layer-histograms",
    title="Activation histograms per layer: saturated, collapsing, or spread (Glorot & Bengio)",
    compute="vizdl.sim.initialization:layer_histograms",
    draw="vizdl.render.mpl.initialization:figure_layer_histograms",
    params=_HIST,
    figsize=(15.0, 5.0),
    caption="The classic view of Glorot & Bengio (2010), recomputed: tanh activations of a "
    "784 → 1000 × 5 network on 1000 Fashion-MNIST images. With N(0, 1) weights nearly every unit "
    "sits at ±1 (saturated: tanh' ≈ 0, no gradient). With U(±1/√n) — their 'standard' "
    "initialization, which is exactly PyTorch's nn.Linear default — the values collapse towards 0 "
    "layer after layer. Xavier uniform keeps them spread.",
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
    caption="The histogram of tanh activation values morphing from layer 1 to layer 5 under three "
    "initializers: pinned at ±1 (N(0, 1)), shrinking to a spike at 0 (PyTorch's default "
    "U(±1/√n)), staying spread (Xavier).",
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
    caption="log₁₀ of Var(a₃₀)/Var(x) (forward) and Var(δ₁)/Var(δ₃₀) (backward) for every pair; "
    "white is 'preserved', red 'exploded', blue 'vanished'. Each cell shows the measured ratio and "
    "the theory's. " + _PROP_NOTE,
    animation_caption="The heatmap of log₁₀ Var(aₗ) as the signal goes deeper, l = 1 … 30: the few "
    "well-matched pairs stay white while the rest turn deep red or blue. " + _PROP_NOTE,
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
    "A 784 → 8 (tanh) → 10 network trained by full-batch gradient descent (lr 0.3, 300 steps) on "
    "2000 Fashion-MNIST images. From all zeros, tanh(0) = 0 reaches the output, the output weights "
    "get no gradient, and δ₁ = φ' ⊙ W₂ᵀδ₂ = 0: the first layer never moves and only the output "
    "bias learns (accuracy at the class prior). From a constant (0.002, small enough that tanh is "
    "not saturated) every hidden unit computes the same thing and receives the same update, so the "
    "8 units stay one unit. Random (Xavier) weights break the symmetry."
)

t.figure(
    "init-symmetry",
    title="Zero and constant initialization: the symmetry that never breaks",
    compute="vizdl.sim.initialization:symmetry",
    draw="vizdl.render.mpl.initialization:figure_symmetry",
    params=_SYM,
    figsize=(15.0, 5.6),
    caption=_SYM_CAPTION,
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
    caption="The 8 hidden units' incoming weights (28 × 28, red positive, blue negative) as "
    "training goes on: blank from zeros, eight copies of one picture from a constant, eight "
    "different detectors from random weights. " + _SYM_CAPTION,
)

t.figure(
    "init-linear-chain",
    title="Vanishing and exploding signals in a deep linear chain",
    compute="vizdl.sim.initialization:linear_chain",
    draw="vizdl.render.mpl.initialization:figure_linear_chain",
    params=dict(
        scales=knob(
            (0.5, 0.9, 1.0, 1.1, 1.5),
            "weight scales c compared, W ~ N(0, c²/n): one curve each",
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
    caption="50 linear layers of width 256 with W ~ N(0, c²/n), Gaussian inputs. Each layer "
    "multiplies the variance by c², forward and backward: c = 0.9 leaves 0.81⁵⁰ ≈ 3·10⁻⁵ of the "
    "signal, c = 1.1 multiplies it by 1.21⁵⁰ ≈ 1.4·10⁴, c = 0.5 leaves the plot after 25 layers "
    "and c = 1.5 after 43. Only c = 1, i.e. Var(W) = 1/n, keeps it. All five chains use the same random "
    "matrices, scaled: the common wiggle is that one draw's finite-width fluctuation.",
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
    caption="156,800 weights of the lecture's first junction (784 → 200) from each initializer, "
    "sampled by vizdl, with the theoretical density and, for the uniform ones, the bounds "
    "a = √(6/(n_in + n_out)) (Xavier), √(6/n_in) (Kaiming, ReLU gain √2) and 1/√n_in (PyTorch's "
    "nn.Linear default). Each panel prints the variance of the formula, of our sample and of "
    "torch.nn.init's own sample. Right: torch.nn.init.calculate_gain.",
    equation=r"$\sigma^2_{w} = \frac{2}{N_{l-1} + N_l}\quad a = \sqrt{\frac{6}{N_{l-1} + N_l}}$",
)
