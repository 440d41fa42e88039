"""Gallery entries for universal approximation and why depth helps (lecture 002)."""

from vizdl.gallery import topic

t = topic(
    "approximation",
    "Universal approximation and why depth helps",
    blurb="One hidden layer of steep sigmoids can follow any continuous function: steps, bumps, "
    "staircases — built as real torch.nn models, measured, and compared with what training "
    "actually finds.",
    lecture="002",
    order=10,
)

_F = "f(x) = 0.2 + 0.4x² + 0.3x·sin(15x) + 0.05·cos(50x)"
_STEP_EQ = r"$s = -b/w\quad$ (step position of $\sigma(wx + b)$)"
_STEPS = dict(ws=(1.0, 5.0, 20.0, 100.0, 1000.0), step=0.4, points=2001)
_BUMPS = dict(f="lecture", n_bumps=20, w=2000.0, fit_counts=(2, 5, 10, 20, 50), points=4001)
_SWEEP = dict(
    f="lecture",
    ns=(2, 4, 8, 16, 32, 64, 128, 256, 512),
    w_factor=200.0,
    ws=(5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000),
    n_fixed=32,
    fit_range=(16, 512),
)
_FITS = dict(n_samples=100, noise=0.03, units=40, steps=3000, lr=0.01, dropout=0.2)

t.pair(
    "sigmoid-step",
    title="A steep sigmoid is a step at s = −b/w",
    compute="vizdl.sim.approximation:step_units",
    draw="vizdl.render.mpl.approximation:figure_steps",
    scene="scenes.approximation:StepSharpening",
    params=_STEPS,
    figsize=(11.0, 5.6),
    animation_title="A sigmoid sharpening into a step as w grows (animation)",
    caption="σ(w x + b) with b = −0.4·w for w = 1 … 1000: the unit rises from 0.1 to 0.9 over a "
    "distance 2·ln 9 / w, so as w grows it becomes a step at s = −b/w = 0.4. This is the lecture's "
    "first ingredient (large weights in layer 1).",
    animation_caption="w rising from 1 to 1000 with b = −w·s: the curve tightens around the fixed step "
    "position s = −b/w.",
    equation=_STEP_EQ,
)

t.figure(
    "bumps-staircase",
    title="Two steps make a bump; bumps make a staircase that follows f",
    compute="vizdl.sim.approximation:bump_build",
    draw="vizdl.render.mpl.approximation:figure_bumps",
    params=_BUMPS,
    figsize=(14.0, 5.4),
    caption="Left: two steep hidden units with output weights +h and −h give a bump of height h "
    "on their interval. Right: N bumps with heights f(midpoint) on [0, 1] give a Riemann-like "
    f"staircase that follows {_F} more closely as N grows (sup error printed). The network is a "
    "real torch.nn model, Linear(1, 2N) → Sigmoid → Linear(2N, 1), with these weights.",
    equation=_STEP_EQ,
)

t.animation(
    "bumps-staircase-animation",
    title="Bumps added one by one (animation)",
    compute="vizdl.sim.approximation:bump_build",
    scene="scenes.approximation:BumpsAdded",
    params=_BUMPS,
    caption="The 20-bump network's output as its bumps are switched on one at a time, left to "
    "right, until the staircase follows f.",
)

t.pair(
    "bump-error",
    title="Approximation error vs the number of bumps: slope −1",
    compute="vizdl.sim.approximation:error_sweep",
    draw="vizdl.render.mpl.approximation:figure_error_sweep",
    scene="scenes.approximation:StaircaseRefine",
    params=_SWEEP,
    figsize=(14.0, 5.4),
    animation_title="Doubling the bumps, halving the error (animation)",
    caption="Left: sup and L2 error of the N-bump staircase against f on a 20,001-point grid, "
    "log-log, with the slope fitted over N = 16…512 (about −1: each doubling of the hidden layer "
    "halves the error) and the bound L/(2N) for a function with |f'| ≤ L. Right: at N = 32, the "
    "error against the steepness w. Very steep units give the pure staircase (error → L/(2N)); "
    "moderately steep ones blend neighbouring steps and do better; flat ones blur f.",
    animation_caption="N = 2, 4, …, 512 bumps: the staircase closes in on f while its sup error lands on "
    "the log-log plot, along a line of slope −1.",
)

t.pair(
    "trained-vs-constructed",
    title="Trained one-layer network vs the constructed bumps",
    compute="vizdl.sim.approximation:trained_fits",
    draw="vizdl.render.mpl.approximation:figure_one_layer_fit",
    scene="scenes.approximation:OneLayerTraining",
    params=_FITS,
    figsize=(12.0, 5.6),
    animation_title="The one-layer network during training (animation)",
    caption="100 noisy samples of f (σ = 0.03). A one-hidden-layer network with 40 sigmoid units "
    "trained by gradient descent (Adam, 3000 full-batch steps) beside the constructed network "
    "with the same 40 units (20 bumps). Existence is not learnability: the lecture's second "
    "reason to go deep ('not clear that SGD-BP will actually learn this good approximation').",
    animation_caption="The trained network's curve at 25 moments of its 3000 steps, against the samples "
    "and the constructed staircase.",
)

t.figure(
    "relu-dropout",
    title="3 × 64 ReLU network on noisy samples, with and without dropout",
    compute="vizdl.sim.approximation:trained_fits",
    draw="vizdl.render.mpl.approximation:figure_dropout_fits",
    params=_FITS,
    figsize=(14.0, 5.2),
    caption="The lecture's figure: 3 hidden layers of 64 ReLU units trained (Adam, 3000 "
    "full-batch steps) on the same 100 noisy samples, without dropout and with dropout p = 0.2 "
    "after each hidden layer. Sup errors against the clean f are printed.",
)

t.pair(
    "relu-switches",
    title="ReLU units as switches: on/off patterns and linear pieces",
    compute="vizdl.sim.approximation:relu_switches",
    draw="vizdl.render.mpl.approximation:figure_relu_switches",
    scene="scenes.approximation:ReluRelays",
    params=dict(hidden=20, steps=4000, lr=0.01),
    figsize=(13.0, 7.6),
    animation_title="ReLU relays switching as the input sweeps (animation)",
    caption="A 1-20-1 ReLU network fitted to f (the lecture's class-project example had 20 hidden "
    "nodes). Top: for every input, which units conduct. Each distinct on/off pattern is a region "
    "where the network is exactly one linear function of x; the output (bottom) is piecewise "
    "linear with a kink wherever a unit switches: a ReLU MLP configures switches, then applies a "
    "linear map.",
    animation_caption="A cursor sweeps x from 0 to 1: the 20 relays light up as their units turn on, and "
    "the linear piece of the output that the current pattern selects is highlighted.",
)

t.figure(
    "depth-vs-width",
    title="Depth vs width at a fixed parameter budget (Fashion-MNIST, small and honest)",
    compute="vizdl.sim.approximation:depth_vs_width",
    draw="vizdl.render.mpl.approximation:figure_depth_width",
    params=dict(depths=(1, 2, 3, 4, 5), budget=60_000, n_train=10_000, epochs=15, seeds=(0, 1, 2)),
    figsize=(11.0, 5.8),
    caption="The lecture's figures (Goodfellow et al. 2014) show deeper convolutional networks "
    "generalizing better at equal size on house-number photos. This is a laptop-sized check on "
    "Fashion-MNIST: fully connected ReLU networks with 1 to 5 hidden layers and ≈60,000 parameters "
    "each (the width shrinks as depth grows), Adam, 15 epochs on 10,000 images, three seeds. "
    "Whatever it shows is what happened: for small MLPs on this data, depth at a fixed budget "
    "is not a free win.",
)
