"""Gallery entries for vanishing gradients and activations (lecture 002)."""

from vizdl.gallery import topic

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
_SIG = dict(names=("sigmoid", "tanh"), x_range=6.0, points=1201)
_PRODUCTS = dict(
    activations=("sigmoid", "tanh", "relu"),
    init="xavier-normal",
    width=256,
    depth=30,
    n_samples=256,
    n_paths=64,
)
_NORMS = dict(
    pairs=(
        ("sigmoid", "xavier-normal"),
        ("tanh", "xavier-normal"),
        ("relu", "xavier-normal"),
        ("relu", "kaiming-normal"),
        ("leaky_relu", "kaiming-normal"),
        ("gelu", "kaiming-normal"),
    ),
    width=256,
    depth=20,
    n_samples=256,
)
_COMPOSE = dict(dim=100, steps=5, scale=6.0, points=2001, extent=0.8)

t.figure(
    "activation-gallery",
    title="The activation functions and their derivatives",
    compute="vizdl.sim.activations:activation_gallery",
    draw="vizdl.render.mpl.activations:figure_activation_gallery",
    params=dict(x_range=5.0, points=1001),
    figsize=(15.0, 9.0),
    caption="Sigmoid, tanh, ReLU, Leaky ReLU, PReLU (at its initial slope 0.25), ELU, Hardsigmoid, "
    "Hardtanh, Hardswish, LogSigmoid, Softplus and GELU with their derivatives on [−5, 5]. Each "
    "panel prints the largest difference between vizdl's closed forms and torch.nn.functional "
    "(values) and autograd (derivatives, including torch's choice at the kinks: ReLU'(0) = 0).",
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
    caption="σ'(x) = σ(x)(1 − σ(x)) peaks at x = 0 with value exactly 1/4, so every sigmoid layer "
    "shrinks the back-propagated gradient by at least 4×. Tanh is the same S-curve stretched to "
    "(−1, 1): tanh(x) = 2σ(2x) − 1, its derivative reaching 1 at 0.",
    animation_caption="A point runs along σ(x); its tangent's slope is plotted below as σ'(x). The slope "
    "never exceeds 1/4, reached exactly at x = 0.",
    equation=r"$\sigma'(x) = \sigma(x)\,(1-\sigma(x)) \leq \frac{1}{4}$",
)

t.pair(
    "derivative-products",
    title="Derivative products through depth: sigmoid vanishes, bounded by 4⁻ᴸ",
    compute="vizdl.sim.vanishing:derivative_products",
    draw="vizdl.render.mpl.activations:figure_derivative_products",
    scene="scenes.activations:BackwardProducts",
    params=_PRODUCTS,
    figsize=(14.0, 5.4),
    animation_title="The backward signal shrinking layer by layer (animation)",
    caption="A real 784 → 256 × 30 MLP (Xavier normal) on 256 Fashion-MNIST images. Along 64 random "
    "paths (one unit per layer) the gradient picks up φ'(sₗ) at each layer. Sigmoid's product "
    "stays under 4⁻ᴸ (10⁻¹⁸ after 30 layers); tanh's shrinks slowly where units are near 0, fast "
    "where they saturate; a ReLU path contributes exactly 1 while every unit on it is on and 0 "
    "otherwise, so the share of live paths halves per layer.",
    animation_caption="The gradient travels back from the output: each bar is log₁₀ of the mean derivative "
    "product after that many layers, for sigmoid, tanh and ReLU, beside the 4⁻ᴸ bound.",
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
    caption="‖∂L/∂Wₗ‖ for each of 20 hidden layers of width 256, computed by autograd from a real "
    "cross-entropy loss on 256 Fashion-MNIST images. With sigmoid the first layers get gradients "
    "10¹¹ times smaller than the last (they barely learn); ReLU, Leaky ReLU and GELU with Kaiming "
    "initialization keep every layer's gradient within a small factor.",
    equation=_DELTA,
    equation_note=_DELTA_NOTE,
)

t.animation(
    "gradient-norms-animation",
    title="Per-layer gradient norms, back from the output (animation)",
    compute="vizdl.sim.vanishing:gradient_norms",
    scene="scenes.activations:GradientNormBars",
    params=_NORMS,
    caption="The same gradient norms revealed from the last hidden layer back to the first, one "
    "row per activation and initializer.",
    equation=_DELTA,
)

t.pair(
    "repeated-composition",
    title="Repeated function composition (Goodfellow et al., figure 10.15)",
    compute="vizdl.sim.vanishing:repeated_composition",
    draw="vizdl.render.mpl.activations:figure_composition",
    scene="scenes.activations:CompositionScene",
    params=_COMPOSE,
    figsize=(13.0, 5.6),
    animation_title="Composing the linear-tanh layer, t = 0…5 (animation)",
    caption="A 100-dimensional hidden state passed through the same linear-tanh layer t = 0…5 "
    "times, plotted along one random direction of the initial state and projected on another. "
    "After more compositions the function turns more often, and most of it has a tiny derivative "
    "while a few places are very steep: the landscape a gradient sees in a deep or recurrent net.",
    animation_caption="The cross-section morphing from t = 0 (a straight line) to t = 5, with the number "
    "of turns and the share of nearly flat stretches.",
)

t.figure(
    "softmax-vs-sigmoid",
    title="Softmax vs sigmoid for binary classification: the same probabilities",
    compute="vizdl.sim.activations:softmax_sigmoid",
    draw="vizdl.render.mpl.activations:figure_softmax_sigmoid",
    params=dict(extent=8.0, points=801, n_pairs=200),
    figsize=(13.0, 5.4),
    caption="torch.sigmoid(s) and torch.softmax([s, 0])[0] agree to rounding (≈1e-16), and a "
    "two-output softmax of any scores (s₁, s₂) equals σ(s₁ − s₂): one sigmoid output with binary "
    "cross-entropy and two softmax outputs with cross-entropy are the same model.",
    equation=r"$\frac{e^{s_1}}{e^{s_1}+e^{s_2}} = \frac{1}{1+e^{-(s_1-s_2)}} = \sigma(s_1 - s_2)$",
)

t.figure(
    "dying-relu",
    title="Dying ReLU at a large learning rate, vs Leaky ReLU and a positive bias",
    compute="vizdl.sim.vanishing:dying_relu",
    draw="vizdl.render.mpl.activations:figure_dying_relu",
    params=dict(variants=("relu", "leaky_relu", "relu-bias"), lr=0.2, momentum=0.9, steps=600),
    figsize=(15.0, 5.0),
    caption="784-128-128-10 trained on 10,000 Fashion-MNIST images by SGD with momentum 0.9 at "
    "lr 0.2 (large). After a few big steps many ReLU units are negative for every training image: "
    "their gradient is exactly 0 and they never recover ('dead'). Leaky ReLU units that are off "
    "still pass 1% of the gradient (in the second layer 2% stay off against ReLU's 37%); starting "
    "the biases at 0.1, as the lecture suggests, keeps more units alive (14%).",
)
