"""Gallery entries for universal approximation and why depth helps (lecture 002)."""

from vizdl.gallery import knob, topic

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
# The target functions vizdl.sim.approximation.FUNCTIONS knows, written out so that listing the
# gallery never imports the simulation (tests/gallery/test_knobs_approximation_training.py checks
# them against it).
_FUNCTIONS = ("lecture", "sine", "abs")

# Knobs that several entries share.
_TARGET = knob(
    "lecture",
    "target function on [0, 1]: 'lecture' (the lecture's f), 'sine' 0.5 + 0.4·sin(2πx), "
    "'abs' 1.6·|x − 0.5|",
    choices=_FUNCTIONS,
)
_GRID = knob(
    2001, "grid points on [0, 1] where the curves are computed and drawn", low=3, high=20_001
)
_ADAM_STEPS = knob(
    3000, "full-batch Adam steps of each network's training loop", low=1, high=20_000
)

_STEPS = dict(
    ws=knob(
        (1.0, 5.0, 20.0, 100.0, 1000.0),
        "steepnesses w of the sigmoid units shown, one curve each (the animation sweeps them)",
        low=0.1,
        high=100_000.0,
    ),
    step=knob(
        0.4, "step position s = −b/w on the x axis (each unit gets b = −w·s)", low=0.0, high=1.0
    ),
    points=_GRID,
)
_BUMPS = dict(
    f=_TARGET,
    n_bumps=knob(
        20,
        "bumps N of the constructed network (2N hidden sigmoid units), added one by one in the "
        "animation",
        low=1,
        high=200,
    ),
    w=knob(
        2000.0,
        "steepness w of every hidden unit (its layer-1 weight; larger is a sharper step)",
        low=1.0,
        high=1_000_000.0,
    ),
    fit_counts=knob(
        (2, 5, 10, 20, 50),
        "bump counts N of the full staircases drawn against f, one curve each",
        low=1,
        high=500,
    ),
    points=_GRID.with_default(4001),
)
_SWEEP = dict(
    f=_TARGET,
    ns=knob(
        (2, 4, 8, 16, 32, 64, 128, 256, 512),
        "bump counts N of the error-vs-N plot, one point each (2N hidden units)",
        low=1,
        high=1024,
    ),
    w_factor=knob(
        200.0,
        "steepness per bump in the error-vs-N plot: the N-bump staircase uses w = w_factor·N",
        low=1.0,
        high=10_000.0,
    ),
    ws=knob(
        (5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000),
        "steepnesses w of the error-vs-w plot (whole numbers), one point each, at N = n_fixed",
        low=1,
        high=100_000,
    ),
    n_fixed=knob(32, "bump count N of the error-vs-steepness plot", low=1, high=1024),
    fit_range=knob(
        (16, 512),
        "smallest and largest N over which the log-log slope is fitted (it must hold two of ns)",
        low=1,
        high=1024,
        length=2,
    ),
)
_FITS = dict(
    n_samples=knob(100, "noisy training samples of f, drawn uniformly on [0, 1]", low=2, high=1000),
    noise=knob(
        0.03,
        "standard deviation σ of the Gaussian noise on each sample (f spans about 0.2 to 0.9)",
        low=0.0,
        high=0.5,
    ),
    units=knob(
        40,
        "hidden sigmoid units of the trained one-layer network (the constructed one beside it "
        "has half as many bumps)",
        low=2,
        high=200,
    ),
    steps=_ADAM_STEPS,
    lr=knob(
        0.01,
        "Adam learning rate of the one-layer sigmoid network (the 3 × 64 ReLU networks use 0.001)",
        low=1e-5,
        high=1.0,
    ),
    dropout=knob(
        0.2,
        "dropout probability p after each hidden layer of the second 3 × 64 ReLU network",
        low=0.0,
        high=0.9,
    ),
)
_SWITCHES = dict(
    hidden=knob(20, "hidden ReLU units (relays) of the 1-N-1 network", low=1, high=64),
    steps=_ADAM_STEPS.with_default(4000),
    lr=knob(0.01, "Adam learning rate of the 1-N-1 ReLU network", low=1e-5, high=1.0),
)
_DEPTH = dict(
    depths=knob(
        (1, 2, 3, 4, 5),
        "numbers of hidden layers compared, one network (and point) each",
        low=1,
        high=8,
    ),
    budget=knob(
        60_000,
        "parameter budget: each network gets the largest width whose parameter count fits it",
        low=1000,
        high=500_000,
    ),
    n_train=knob(
        10_000,
        "Fashion-MNIST training images (the first of the official 60,000 after a seeded shuffle)",
        low=100,
        high=60_000,
    ),
    epochs=knob(
        15, "training epochs (passes over the n_train images) of each network", low=1, high=50
    ),
    seeds=knob(
        (0, 1, 2),
        "random seeds: every network is trained once per seed (the band spans them)",
        low=0,
        high=2**63 - 1,  # vizdl.sim._checks.SEED_MAX
    ),
)

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
    params=_SWITCHES,
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
    params=_DEPTH,
    figsize=(11.0, 5.8),
    caption="The lecture's figures (Goodfellow et al. 2014) show deeper convolutional networks "
    "generalizing better at equal size on house-number photos. This is a laptop-sized check on "
    "Fashion-MNIST: fully connected ReLU networks with 1 to 5 hidden layers and ≈60,000 parameters "
    "each (the width shrinks as depth grows), Adam, 15 epochs on 10,000 images, three seeds. "
    "Whatever it shows is what happened: for small MLPs on this data, depth at a fixed budget "
    "is not a free win.",
)
