"""Gallery entries for universal approximation and why depth helps (lecture 002)."""

from vizdl.gallery import claim, knob, lecture, topic

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
_C = "vizdl.checks.approximation:"

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
    steps=knob(
        20_000,
        "full-batch Adam steps of the one-layer sigmoid net (the figure shows its error along the way)",
        low=1,
        high=100_000,
    ),
    lr=knob(
        0.01,
        "Adam learning rate of the one-layer sigmoid network (the 3 × 64 ReLU networks use 0.001)",
        low=1e-5,
        high=1.0,
    ),
    relu_steps=knob(3000, "full-batch Adam steps of each 3 × 64 ReLU network", low=1, high=20_000),
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
        "Fashion-MNIST training images: the first of the official 60,000 after a seeded shuffle and "
        "the validation images",
        low=100,
        high=60_000,
    ),
    val_size=knob(
        5000,
        "validation images (other training images of the same shuffle) that decide early stopping",
        low=100,
        high=20_000,
    ),
    max_epochs=knob(
        100,
        "epoch limit of each run (early stopping ends every run at the defaults long before it)",
        low=1,
        high=500,
    ),
    patience=knob(
        10,
        "early stopping: epochs without a lower validation error before a run ends (keeping its best)",
        low=1,
        high=100,
    ),
    batch_size=knob(500, "Adam mini-batch size", low=1, high=60_000),
    seeds=knob(
        (0, 1, 2),
        "random seeds: every network is trained once per seed (the band spans them)",
        low=0,
        high=2**63 - 1,  # vizdl.sim._checks.SEED_MAX
    ),
)

_STEP_CLAIMS = [
    claim(
        "Every curve σ(w x + b) with b = −w·s, w = {w_min:g} … {w_max:g}, passes 1/2 at "
        "x = s = −b/w = {step:g}, within one grid spacing.",
        _C + "steps_cross_half_at_s",
    ),
    claim(
        "The steepest unit (w = {w_max:g}) rises from 0.1 to 0.9 over {rise_steep:.4f} of x, "
        "the formula 2·ln 9 / w's {rise_formula:.4f}: a step.",
        _C + "steepest_is_a_step",
    ),
    claim(
        "The flattest (w = {w_min:g}) is no step: it only goes from {flat_lo:.2f} to "
        "{flat_hi:.2f} across all of [0, 1].",
        _C + "flattest_is_no_step",
    ),
    lecture("s = −b/w (step position)", _C + "steps_cross_half_at_s"),
]

t.pair(
    "sigmoid-step",
    title="A steep sigmoid is a step at s = −b/w",
    compute="vizdl.sim.approximation:step_units",
    draw="vizdl.render.mpl.approximation:figure_steps",
    scene="scenes.approximation:StepSharpening",
    params=_STEPS,
    figsize=(11.0, 5.6),
    animation_title="A sigmoid sharpening into a step as w grows (animation)",
    caption="σ(w x + b) with b = −w·s for w = {w_min:g} … {w_max:g}: every curve passes 1/2 at "
    "x = s = −b/w = {step:g}. The rise from 0.1 to 0.9 takes 2·ln 9 / w: {rise_steep:.4f} for "
    "w = {w_max:g} (a step), while w = {w_min:g} only goes from {flat_lo:.2f} to {flat_hi:.2f} "
    "across all of [0, 1]. Large weights in layer 1 make steps: the lecture's first ingredient.",
    claims=_STEP_CLAIMS,
    animation_caption="w rising from {w_min:g} to {w_max:g} with b = −w·s: the curve tightens "
    "around the fixed step position s = −b/w = {step:g}. The readout prints the w and b of the "
    "curve on screen exactly ({readouts} values, no rounding), so −b/w read off it is s.",
    animation_claims=_STEP_CLAIMS
    + [
        claim(
            "For each of the {readouts} steepnesses shown, the printed b over the printed w is "
            "exactly −s.",
            _C + "readout_is_exact",
        )
    ],
    equation=_STEP_EQ,
)

_BUMP_CLAIMS = [
    claim(
        "Two steep units with output weights +h and −h add up to a bump of height "
        "h = {bump_h:.3f} on [{bump_lo:.2f}, {bump_hi:.2f}] and to 0 outside it (to "
        "{bump_dev:.0e}).",
        _C + "two_steps_make_a_bump",
    ),
    claim(
        "The staircase's sup error falls with every increase of N, from {sup_first:.3f} "
        "(N = {n_first}) to {sup_last:.3f} (N = {n_last}).",
        _C + "staircase_error_falls",
    ),
    claim(
        "Each staircase stays within the Riemann bound L/(2N), L = max|f'| = {lipschitz:.2f} "
        "(at most {bound_ratio_max:.0%} of it).",
        _C + "staircases_within_the_bound",
    ),
    claim(
        "The curves are outputs of torch.nn models Linear(1, 2N) → Sigmoid → Linear(2N, 1) (up "
        "to {units_last} hidden units), equal to the formula Σ w2ᵢσ(w1ᵢx + b1ᵢ) to "
        "{torch_gap:.0e}.",
        _C + "staircase_is_a_torch_model",
    ),
    lecture(
        "Combine bump functions to get a Riemann-like approximation with many nodes in hidden "
        "layer",
        _C + "staircase_error_falls",
    ),
]

t.figure(
    "bumps-staircase",
    title="Two steps make a bump; bumps make a staircase that follows f",
    compute="vizdl.sim.approximation:bump_build",
    draw="vizdl.render.mpl.approximation:figure_bumps",
    params=_BUMPS,
    figsize=(14.0, 5.4),
    caption="Left: two steep hidden units with output weights +h and −h give a bump of height "
    "h = {bump_h:.3f} on [{bump_lo:.2f}, {bump_hi:.2f}]. Right: N bumps with heights "
    f"f(midpoint) on [0, 1] give a Riemann-like staircase that follows {_F}: its sup error falls "
    "from {sup_first:.3f} (N = {n_first}) to {sup_last:.3f} (N = {n_last}), each within the "
    "bound L/(2N), L = max|f'| = {lipschitz:.2f}. The curves are outputs of real torch.nn models, "
    "Linear(1, 2N) → Sigmoid → Linear(2N, 1), with these weights.",
    claims=_BUMP_CLAIMS,
    equation=_STEP_EQ,
)

t.animation(
    "bumps-staircase-animation",
    title="Bumps added one by one (animation)",
    compute="vizdl.sim.approximation:bump_build",
    scene="scenes.approximation:BumpsAdded",
    params=_BUMPS,
    caption="The {n_bumps}-bump network's output as its bumps are switched on one at a time, left "
    "to right; with all of them on it is within {sup_all:.3f} of f everywhere, under the bound "
    "L/(2N) = {bound_all:.3f}.",
    claims=[
        claim(
            "The {n_bumps} bumps switch on one at a time, each over its own bin, left to right.",
            _C + "bumps_switch_on_left_to_right",
        ),
        claim(
            "With all {n_bumps} bumps on the output is within {sup_all:.3f} of f, under "
            "L/(2N) = {bound_all:.3f}.",
            _C + "all_bumps_follow_f",
        ),
    ],
)

_SWEEP_CLAIMS = [
    claim(
        "Over N = {fit_lo}…{fit_hi} the log-log slope of the sup error is {slope_sup:.2f}, of "
        "the L2 error {slope_l2:.2f} (both −1 ± 0.1).",
        _C + "error_slope_is_minus_one",
    ),
    claim(
        "Each doubling of N in that range multiplies the sup error by {ratio_min:.2f} to "
        "{ratio_max:.2f}.",
        _C + "doubling_halves_the_error",
    ),
    claim(
        "There every sup error is within L/(2N), L = max|f'| = {lipschitz:.2f} (at most "
        "{sweep_ratio_max:.0%} of it).",
        _C + "sweep_within_the_bound",
    ),
    claim(
        "At N = {n_fixed}, the steepest units (w = {steep_w:g}) give {steep_sup:.3f}, close to "
        "L/(2N) = {bound_fixed:.3f}: the pure staircase.",
        _C + "steep_units_give_the_staircase",
    ),
    claim(
        "The best steepness is a moderate one, w = {best_w:g} (sup error {best_sup:.3f}); the "
        "flattest, w = {flat_w:g}, is the worst ({flat_sup:.2f}).",
        _C + "moderate_steepness_is_best",
    ),
]

t.pair(
    "bump-error",
    title="Approximation error vs the number of bumps: slope −1",
    compute="vizdl.sim.approximation:error_sweep",
    draw="vizdl.render.mpl.approximation:figure_error_sweep",
    scene="scenes.approximation:StaircaseRefine",
    params=_SWEEP,
    figsize=(14.0, 5.4),
    animation_title="Doubling the bumps, halving the error (animation)",
    caption="Left: sup and L2 error of the N-bump staircase against f, log-log. Fitted over N = {fit_lo}…{fit_hi} the slopes are {slope_sup:.2f} (sup) and "
    "{slope_l2:.2f} (L2): each doubling of the hidden layer multiplies the sup error by "
    "{ratio_min:.2f}–{ratio_max:.2f}, within the bound L/(2N) for |f'| ≤ L = {lipschitz:.2f}. "
    "Right: at N = {n_fixed}, the error against the steepness w. The steepest units "
    "(w = {steep_w:g}) give the pure staircase ({steep_sup:.3f}, L/(2N) = {bound_fixed:.3f}); "
    "moderately steep ones blend neighbouring steps and do better (best {best_sup:.3f} at "
    "w = {best_w:g}); flat ones blur f ({flat_sup:.2f} at w = {flat_w:g}).",
    claims=_SWEEP_CLAIMS,
    animation_caption="N doubling: the staircase closes in on f while its sup error lands on "
    "the log-log plot; over N = {fit_lo}…{fit_hi} the fitted slope is {slope_sup:.2f} and each "
    "doubling multiplies the error by {ratio_min:.2f}–{ratio_max:.2f}.",
    animation_claims=_SWEEP_CLAIMS[:2],
)

_FIT_CLAIMS = [
    claim(
        "After {steps} full-batch Adam steps on {n_samples} noisy samples (σ = {noise:g}) the "
        "trained network with {units} sigmoid units has sup error {trained_sup:.3f} against the "
        "clean f, below the constructed staircase's {bumps_sup:.3f} ({bumps} bumps, the same "
        "{units} units); it first got below it at step {first_below}.",
        _C + "trained_beats_constructed",
    ),
    claim(
        "Training had converged: over its last {window} steps the lowest training loss fell by "
        "{loss_drop:.2%}.",
        _C + "loss_has_stopped_falling",
    ),
    claim(
        "At step {early_steps} the loss was still falling by {early_drop:.0%} per 1000 steps "
        "and the sup error was {early_sup:.3f}, above the staircase's.",
        _C + "early_stop_was_premature",
    ),
    claim(
        "Gradient descent does not find the construction: its largest hidden weight is "
        "{trained_w_max:.0f}, the staircase's steps have w = {bumps_w:g}.",
        _C + "training_finds_its_own_fit",
    ),
    lecture(
        "2) not clear that SGD-BP will actually learn this good approximation",
        _C + "sgd_does_not_reach_the_construction",
    ),
]

t.pair(
    "trained-vs-constructed",
    title="Trained one-layer network vs the constructed bumps",
    compute="vizdl.sim.approximation:trained_fits",
    draw="vizdl.render.mpl.approximation:figure_one_layer_fit",
    scene="scenes.approximation:OneLayerTraining",
    params=_FITS,
    figsize=(14.0, 5.6),
    animation_title="The one-layer network during training (animation)",
    caption="Left: {n_samples} noisy samples of f (σ = {noise:g}), a one-hidden-layer network "
    "with {units} sigmoid units trained on them by full-batch Adam for {steps} steps, and the "
    "constructed network with the same {units} units ({bumps} bumps, built from the clean f). "
    "Right: the trained network's sup error against f and its training loss along the way. "
    "Trained to convergence (the loss fell by {loss_drop:.2%} over the last {window} steps), "
    "it ends with sup error {trained_sup:.3f}, below the staircase's {bumps_sup:.3f}, with a "
    "smooth fit of its own (largest hidden weight {trained_w_max:.0f}, against the "
    "construction's {bumps_w:g}). Stopped at step {early_steps}, while the loss still fell by "
    "{early_drop:.0%} per 1000 steps, it was worse ({early_sup:.3f}): the lecture's doubt that "
    "SGD learns this approximation does not hold here once training is finished.",
    claims=_FIT_CLAIMS,
    animation_caption="The trained network's curve during its {steps} steps, against "
    "f, the samples and the constructed staircase (sup error {bumps_sup:.3f}); it first gets "
    "below the staircase's error at step {first_below} and ends at {trained_sup:.3f}.",
)

t.figure(
    "relu-dropout",
    title="3 × 64 ReLU network on noisy samples, with and without dropout",
    compute="vizdl.sim.approximation:trained_fits",
    draw="vizdl.render.mpl.approximation:figure_dropout_fits",
    params=_FITS,
    figsize=(14.0, 5.2),
    caption="The lecture's figure: 3 hidden layers of 64 ReLU units trained (Adam, {relu_steps} "
    "full-batch steps) on the same {n_samples} noisy samples, without dropout and with dropout "
    "p = {dropout:g} after each hidden layer. Neither learns the noise: both stay further from "
    "the samples (RMS {relu_rms:.4f} and {drop_rms:.4f}) than the clean f itself "
    "({f_rms:.4f}). With dropout the curve is flatter (it travels {drop_tv:.2f} up and down, "
    "without {relu_tv:.2f}, f {f_tv:.2f}); the sup errors against the clean f are close: "
    "{relu_sup:.3f} without, {drop_sup:.3f} with dropout.",
    claims=[
        claim(
            "Both networks stay further from the samples (RMS {relu_rms:.4f}, {drop_rms:.4f}) "
            "than the clean f ({f_rms:.4f}): neither has learned the noise.",
            _C + "relu_nets_do_not_fit_the_noise",
        ),
        claim(
            "With dropout p = {dropout:g} the curve travels less up and down ({drop_tv:.2f}) "
            "than without ({relu_tv:.2f}).",
            _C + "dropout_is_flatter",
        ),
        claim(
            "The sup errors against the clean f differ by under a quarter: {relu_sup:.3f} "
            "without, {drop_sup:.3f} with dropout.",
            _C + "dropout_changes_the_sup_error_little",
        ),
    ],
)

_SWITCH_CLAIMS = [
    claim(
        "On each of the {n_regions} on/off patterns of the {hidden} units the output is one "
        "linear function of x (to {linear_dev:.0e}).",
        _C + "pieces_are_linear",
    ),
    claim(
        "The slope changes at every one of the {n_breaks} switch points (by at least "
        "{min_kink:.2g}): a kink wherever a unit switches.",
        _C + "kink_at_every_switch",
    ),
    claim(
        "The fit follows f within {switch_sup:.3f}, under a fifth of the range f spans "
        "({f_range:.2f}).",
        _C + "switch_net_follows_f",
    ),
    lecture(
        "20 hidden nodes, shows whether relay is ON/OFF for each element in the dataset",
        _C + "class_project_size",
    ),
    lecture(
        "can think of a ReLU-based MLP as configuring switches (classifying) and then applying a "
        "linear mapping",
        _C + "pieces_are_linear",
    ),
]

t.pair(
    "relu-switches",
    title="ReLU units as switches: on/off patterns and linear pieces",
    compute="vizdl.sim.approximation:relu_switches",
    draw="vizdl.render.mpl.approximation:figure_relu_switches",
    scene="scenes.approximation:ReluRelays",
    params=_SWITCHES,
    figsize=(13.0, 7.6),
    animation_title="ReLU relays switching as the input sweeps (animation)",
    caption="A 1-{hidden}-1 ReLU network fitted to f (sup error {switch_sup:.3f}). Top: for every "
    "input, which units conduct. Each of the {n_regions} distinct on/off patterns is a region "
    "where the network is exactly one linear function of x; the output (bottom) is piecewise "
    "linear with a kink at each of the {n_breaks} points where a unit switches: a ReLU MLP "
    "configures switches, then applies a linear map.",
    claims=_SWITCH_CLAIMS,
    animation_caption="A cursor sweeps x from 0 to 1: the {hidden} relays light up as their units "
    "turn on, and the linear piece of the output that the current pattern selects (one of "
    "{n_regions}) is highlighted.",
)

t.figure(
    "depth-vs-width",
    title="Depth vs width at a fixed parameter budget (Fashion-MNIST)",
    compute="vizdl.sim.approximation:depth_vs_width",
    draw="vizdl.render.mpl.approximation:figure_depth_width",
    params=_DEPTH,
    figsize=(13.0, 5.8),
    caption="The lecture's figures (Goodfellow et al. 2014) show deeper convolutional networks "
    "generalizing better at equal size on house-number photos. A laptop-sized check on "
    "Fashion-MNIST: fully connected ReLU networks with {depth_min} to {depth_max} hidden layers "
    "and {params_min:,}–{params_max:,} parameters each (the width shrinks as depth grows; the "
    "784-input first layer holds {first_share_min:.0%}–{first_share_max:.0%} of them), trained "
    "by Adam on {n_train:,} images until the error on {val_size:,} validation images had not "
    "improved for {patience} epochs (best epochs {best_min}–{best_max}), {n_seeds} seeds. Left: "
    "test error of the kept weights (training error {train_min:.1%}–{train_max:.1%}, below the "
    "validation error: trained to where overfitting starts). Right: the validation error per "
    "epoch. Depth does not help here: {err_shallow:.2%} mean test error with one hidden layer, "
    "{err_deep:.2%} with {depth_max}, the best {best_err:.2%} at depth {best_depth}.",
    claims=[
        claim(
            "Every network has {params_min:,}–{params_max:,} parameters (budget {budget:,}); the "
            "first layer holds {first_share_min:.0%}–{first_share_max:.0%} of them.",
            _C + "networks_fit_the_budget",
        ),
        claim(
            "Every run ended by early stopping ({patience} epochs without a better validation "
            "error; best epochs {best_min}–{best_max}), with training error "
            "{train_min:.1%}–{train_max:.1%} below its validation error.",
            _C + "trained_until_early_stopping",
        ),
        claim(
            "The deepest network's mean test error ({err_deep:.2%}) is not below the "
            "one-hidden-layer network's ({err_shallow:.2%}); the best depth is {best_depth} "
            "({best_err:.2%}).",
            _C + "depth_does_not_help",
        ),
        lecture("deeper models tend to perform better", _C + "deeper_is_better"),
    ],
)

_DP = "vizdl.checks.depth_params:"
_DEPTH_PARAMS = dict(
    max_depth=knob(4, "networks with 1 to this many hidden layers, at every budget", low=2, high=6),
    smallest_budget=knob(
        25_000,
        "the smallest parameter budget; each next one doubles it (widths solved to the nearest "
        "count)",
        low=20_000,
        high=100_000,
    ),
    n_budgets=knob(3, "parameter budgets (the smallest, doubling)", low=2, high=4),
    n_images=knob(
        10_000,
        "Fashion-MNIST images in the seeded subset, split 70/15/15 into training, validation and "
        "test images",
        low=2000,
        high=70_000,
    ),
    max_epochs=knob(
        100,
        "epoch limit of each run (early stopping ends runs long before it; one that reaches it "
        "fails the claim)",
        low=60,
        high=500,
    ),
    patience=knob(
        10,
        "early stopping: epochs without a higher validation accuracy before a run ends (keeping "
        "its best)",
        low=3,
        high=50,
    ),
    batch_size=knob(200, "Adam mini-batch size", low=10, high=5000),
    lr=knob(2e-3, "Adam learning rate", low=5e-4, high=5e-3),
    n_seeds=knob(
        2,
        "seeds 0, 1, …: each draws the subset, the batches and the initial weights (bars span them)",
        low=2,
        high=10,
    ),
)

t.figure(
    "depth-at-fixed-parameters",
    title="Depth at fixed parameter counts, and parameters at fixed depth (Fashion-MNIST)",
    compute="vizdl.sim.depth_params:depth_at_fixed_parameters",
    draw="vizdl.render.mpl.depth_params:figure_depth_params",
    params=_DEPTH_PARAMS,
    figsize=(13.0, 5.8),
    caption="The lecture's figures 6.6 and 6.7 (Goodfellow et al. 2014, convolutional networks on "
    "house-number photos): test accuracy rises with depth, and more parameters without more "
    "depth help far less. The same two plots for fully connected ReLU networks on Fashion-MNIST: "
    "{depth_min} to {depth_max} hidden layers at {budget_text} parameters each (every width "
    "solved so the count is within {max_dev:.1%} of its budget), {n_seeds} seeds, each trained "
    "by Adam (learning rate {lr:g}, batches of {batch_size}) on {n_train:,} images of a "
    "{n_images:,}-image subset, stopped {patience} epochs after its best accuracy on {n_val:,} "
    "validation images (best epochs {best_min}–{best_max}) and tested once, on {n_test:,} "
    "images, with that epoch's weights. Left: accuracy against depth, a line per budget; right: "
    "against parameters, a line per depth (bars: the seeds' range, up to {spread_max:.2f} "
    "points). The best depth at each budget: {best_depths}; accuracy rises with every added "
    "layer at {n_rising_text} of the {n_budgets} budgets. The largest gain of a deeper network "
    "over one hidden layer with the same budget is {max_gain:+.2f} points ({gain_depth} layers "
    "at {gain_budget:,}), {gain_word} the seed noise ({noise_factor:g} standard errors of a "
    "difference, {noise:.2f} points); {n_beyond_text} of the {n_compared} deeper networks beat "
    "one layer beyond it. Parameters at fixed depth: one hidden layer changes by "
    "{param_gain_shallow:+.2f} points from {budget_min:,} to {budget_max:,}, {depth_max} layers "
    "by {param_gain_deep:+.2f}.",
    claims=[
        claim(
            "Every network has a parameter count within {max_dev:.1%} of its budget "
            "({budget_text}; allowed {budget_tolerance:.1%}), counted layer by layer from its "
            "width ({width_min}–{width_max}); at each budget the width never grows with depth.",
            _DP + "networks_at_their_budgets",
        ),
        claim(
            "Every run ended by early stopping, {patience} epochs after its best validation "
            "accuracy (best epochs {best_min}–{best_max}, limit {max_epochs}), and kept that "
            "epoch's weights; the {n_images:,} images were split {n_train:,} / {n_val:,} / "
            "{n_test:,} (70/15/15).",
            _DP + "trained_to_early_stopping",
        ),
        claim(
            "The depth with the best mean test accuracy at each budget: {best_depths}; one "
            "network's accuracy varies by up to {spread_max:.2f} points over the seeds.",
            _DP + "best_depth_per_budget",
        ),
        claim(
            "The largest gain in mean test accuracy of a deeper network over one hidden layer "
            "with the same budget is {max_gain:+.2f} points ({gain_depth} layers at "
            "{gain_budget:,}), {gain_word} the seed noise of {noise:.2f} points "
            "({noise_factor:g} standard errors of a difference of means; seed-to-seed standard "
            "deviation {seed_sd:.2f}); {n_beyond_text} of the {n_compared} deeper networks beat "
            "one layer beyond it.",
            _DP + "depth_gain_against_seed_noise",
        ),
        claim(
            "From {budget_min:,} to {budget_max:,} parameters the one-hidden-layer network's mean "
            "test accuracy changes by {param_gain_shallow:+.2f} points, the {depth_max}-layer "
            "network's by {param_gain_deep:+.2f}.",
            _DP + "parameters_at_one_layer",
        ),
        lecture(
            "The test set accuracy consistently increases with increasing depth.",
            _DP + "accuracy_rises_with_depth",
        ),
        lecture(
            "Deeper models tend to perform better. This is not merely because the model is larger: "
            "increasing the number of parameters without increasing depth is not nearly as "
            "effective.",
            _DP + "depth_beats_more_parameters",
        ),
    ],
)
