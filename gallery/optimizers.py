"""Gallery entries for "Optimization for training deep models" (lecture 003)."""

from vizdl.gallery import claim, knob, lecture, topic

t = topic(
    "optimizers",
    "Optimization for training deep models",
    blurb="Gradient descent and its refinements, run by the real update rules (checked against "
    "torch.optim) on surfaces whose geometry is known exactly.",
    lecture="003",
    order=20,
)

# How each picture draws what leaves the plot: the race captions end with one or the other.
# A part in [[...]] is left out when its claim does not apply (a lecturer's own racers, rates
# or surface): the sentences written for the lecture's race are never put under another.
_FIGURE_TAIL = (
    " A path that leaves the plot is marked where it leaves.[[ The loss axis{j_min_text} stops "
    "at {loss_clip_text} times the start's loss; runs whose loss falls below it: "
    "{below_clip_names}.]]"
)
_ANIMATION_TAIL = (
    " A path that leaves the plot shows a gap there.[[ The loss panel draws losses below "
    "{loss_floor_text} at {loss_floor_text}{j_min_text}.]] The clock runs slowly through the "
    "first tenth of the steps, faster after, and holds the finish."
)
_RACE_INTRO = (
    "{racers_text}, from one start point for {race_steps} steps, {race_how}. Each path is the "
    "optimizer's real update rule (checked against torch.optim step by step); the legend gives "
    "each one's settings."
)
_RACE_CAPTION = _RACE_INTRO + (
    "[[ To make the race fair, {grid_who} runs at its best learning rate from a log-spaced "
    "grid of {lr_grid_size} values (lowest loss over the last 10% of steps without diverging).]]"
    "[[ Adadelta is the exception: it keeps torch's lr = 1, as it needs no learning rate, and "
    "with torch's ε = 10⁻⁶ its first step is only {adadelta_first:.1e} long (the others' "
    "median: {others_first:.2g}), so it finishes last (loss {adadelta_loss:.2g}): needing no "
    "learning rate is not the same as being fast.]][[ RMSprop's first step is "
    "{rmsprop_first_factor:.3g}·η in its steepest coordinate ({rmsprop_first:.2g} long): its "
    "average of squared gradients starts at 0, so the first step is η/√(1 − α) = "
    "{rmsprop_expected_factor:.3g}η.]]"
)
_SETTINGS_CLAIM = claim(
    "The title and the legend state the settings each path ran with: {race_how}; "
    "{race_legend} (torch.optim, run at each racer's η and only the hyperparameters stated, "
    "retraces every path's first {rerun_steps} steps).",
    "vizdl.checks.races:settings_stated",
)
_LOSS_AXIS_CLAIM = claim(
    "The loss axis{j_min_text} stops at {loss_clip_text} times the start's loss (below it: "
    "{below_clip_names}); the animation draws losses below {loss_floor_text} at "
    "{loss_floor_text}.",
    "vizdl.checks.races:loss_axis",
)
_ADADELTA_CLAIM = claim(
    "Adadelta, at torch's lr = 1, takes a first step of {adadelta_first:.1e} (under 1% of the "
    "others' median, {others_first:.2g}) and ends with the highest loss ({adadelta_loss:.2g}; "
    "next worst {next_worst_loss:.2g}).",
    "vizdl.checks.races:adadelta_untuned_finishes_last",
)
_GRID_CLAIM = claim(
    "Every racer but Adadelta runs at a learning rate from the log-spaced grid of "
    "{lr_grid_size} values from {lr_grid_lo:g} to {lr_grid_hi:g}.",
    "vizdl.checks.races:tuned_on_the_grid",
)
_RMSPROP_CLAIM = claim(
    "RMSprop's first step is {rmsprop_first_factor:.3g}·η = η/√(1 − α) in its steepest "
    "coordinate (α = {rmsprop_alpha:g}, 1/√(1 − α) = {rmsprop_expected_factor:.3g}, "
    "η = {rmsprop_lr:.3g}): {rmsprop_first:.2g} long.",
    "vizdl.checks.races:rmsprop_first_step_is_ten_eta",
)

# Names the simulations accept, written out (listing the gallery never imports vizdl.sim);
# tests/gallery/test_knobs_optimizers.py checks them against the simulations' registries.
_RACERS = (  # races.RACERS
    "SGD",
    "Momentum",
    "NAG",
    "Adagrad",
    "Adadelta",
    "RMSprop",
    "Adam",
    "Adamax",
)
_WITH_MINIMUM = ("bowl", "elongated", "ravine", "beale", "rosenbrock", "himmelblau")  # 2-D, minima
_RACE_SURFACES = ("bowl", "beale", "ravine", "saddle", "rosenbrock")  # races.RACE_SETUPS
_RACE_SURFACE_LABELS = {  # the titles say these (a formula is shown as written)
    "bowl": "round bowl",
    "beale": "Beale's function",
    "ravine": "a ravine",
    "saddle": "escaping a saddle",
    "rosenbrock": "Rosenbrock's function",
}
_ALL_RACERS = (*_RACERS, "NAdam", "AMSGrad")  # races.ALL_RACERS

# The learning-rate regimes, on the parabola and on a 2-D quadratic.
_REGIMES = dict(
    lr_factors=knob(
        (0.1, 0.7, 1.8, 2.1),
        "the four learning rates, as multiples of 1/(steepest curvature): 2 and above diverge",
        low=0.0,
        high=4.0,
        length=4,
    ),
    # 4-21 at the default rates: under 4 steps 0.7/a still has more than 1% left (0.3⁴ = 0.8%),
    # over 21 the 0.1/a run is under a tenth of the way (0.9²² = 9.8%) and no longer crawls
    steps=knob(
        20,
        "gradient-descent steps of each run, shown one by one (outside 4-21 a regime's claim fails)",
        low=4,
        high=21,
    ),
)

# The learning-rate sweep (its figure and its animation).
_SWEEP = dict(
    lr_min=knob(1e-4, "smallest learning rate of the log-spaced sweep", low=1e-6, high=0.05),
    lr_max=knob(
        3.0, "largest learning rate of the sweep (always above lr_min)", low=0.1, high=10.0
    ),
    n_lrs=knob(30, "learning rates in the sweep", low=2, high=60),
    steps=knob(
        200, "steps of each run; its loss is the mean over the last 10% of them", low=1, high=1000
    ),
)

# Momentum in a ravine (the figure and the animation run the same simulation).
# The sentences say what the two runs did, in words the measured numbers choose (vizdl/checks/
# momentum.py), so every setting the knobs admit gives a true caption: the lecture's picture
# (η·λ_max = 1.98, γ = 0.8: momentum leaves under a tenth of plain descent's zig-zag) as well as
# the settings where plain descent settles faster (η·λ_max = 1.8) or momentum 0.99 still swings.
# The ravine's condition number stays the simulation's 100 (λ_max = 100, λ_min = 1): with η it
# sets η·λ_max, so lr's range alone keeps plain descent stable (η·λ_max < 2).
_RAVINE = dict(
    lr=knob(
        0.0198,
        "learning rate η of both runs (plain descent's η·λ_max = 100η: it jumps across the "
        "valley above 0.01, diverges from 0.02)",
        low=1e-4,
        high=0.0199,
    ),
    momentum=knob(
        0.8,
        "momentum γ of the second run: the share of its last step carried into the next (0: none)",
        low=0.0,
        high=0.99,
    ),
    steps=knob(
        80,
        "gradient-descent steps of each run (what is left is read over the last 10)",
        low=20,
        high=1000,
    ),
)

# What the ravine pictures claim, checked on the runs (vizdl/checks/momentum.py).
_RAVINE_CLAIMS = [
    claim(
        "The ravine's curvatures differ {condition:g}×.",
        "vizdl.checks.momentum:condition_number",
    ),
    claim(
        "Plain gradient descent (η·λ_max = {gd_steep:.2f}) {gd_across_text} and ends with "
        "{gd_cross_text} of its cross-valley distance.",
        "vizdl.checks.momentum:plain_across_the_valley",
    ),
    claim(
        "Momentum γ = {gamma:g} ends with {mom_cross_text} of the cross-valley distance, "
        "{across_compare} plain descent's {gd_cross_text}.",
        "vizdl.checks.momentum:momentum_across_the_valley",
    ),
    claim(
        "Along the floor momentum has {mom_along_text} of the distance left, {along_compare} "
        "plain descent's {gd_along_text}.",
        "vizdl.checks.momentum:momentum_along_the_floor",
    ),
    lecture(
        "Momentum tries to accelerate SGD in the relevant direction and dampens oscillations.",
        "vizdl.checks.momentum:momentum_accelerates_and_damps",
    ),
]

_RACE = dict(
    surface=knob(
        "beale",
        "surface raced on: a built-in one (with its own start and steps) or a formula in x and y, "
        "e.g. x**2 + 3*y**2",
        choices=_RACE_SURFACES,
        expression=True,
        labels=_RACE_SURFACE_LABELS,
    ),
    domain=knob(
        None,
        "x_low, x_high, y_low, y_high of a formula surface (unset: -3, 3, -3, 3; a built-in has "
        "its own)",
        kind="floats",
        length=4,
        low=-1e6,
        high=1e6,
    ),
    start=knob(
        None,
        "start point θ₁, θ₂ (unset: the surface's own; on a formula 20% along x, 80% up y)",
        kind="floats",
        length=2,
        low=-1e6,
        high=1e6,
    ),
    steps=knob(
        None,
        "steps of every racer (unset: the surface's own; 200 on a formula)",
        kind="int",
        low=1,
        high=5000,
    ),
    racers=knob(_RACERS, "the optimizers that race", choices=_ALL_RACERS),
    lr=knob(
        {},
        "learning rate per racer, e.g. lr.Adam=0.05 (one not named: tuned, or the surface's one "
        "rate; Adadelta 1)",
        choices=_ALL_RACERS,
        low=1e-8,
        high=100.0,
    ),
    momentum=knob(0.9, "γ of Momentum and NAG", low=0.0, high=0.999),
    betas=knob(
        (0.9, 0.999), "β₁, β₂ of Adam, Adamax, NAdam and AMSGrad", low=0.0, high=0.9999, length=2
    ),
    alpha=knob(0.99, "RMSprop's decay α of its average of squared gradients", low=0.0, high=0.9999),
    rho=knob(0.9, "Adadelta's decay ρ of its two averages", low=0.0, high=0.9999),
)

# Stochastic, mini-batch and batch gradient descent. Every batch size must fit in the data, so
# n starts where batch_sizes ends.
# The figure's knobs admit only settings where its claims hold (tests/gallery/
# test_knobs_corners.py): n stays 200, the largest batch, so that batch is the full data the
# caption calls "batch" (n 201-1000 failed two claims); η from 0.25 and at least 100 updates,
# or the one-example run no longer bounces more than the full batch (η 0.2 or 80 updates failed).
_BATCH = dict(
    n=knob(
        200,
        "generated data points to fit (200: the largest batch must be all of them)",
        low=200,
        high=200,
    ),
    batch_sizes=knob(
        (1, 10, 50, 200),
        "examples per gradient, one run each: 1 is stochastic, all the data (200 by default) is batch",
        low=1,
        high=200,
    ),
    lr=knob(
        0.3,
        "learning rate η of every run (from 0.25 small batches visibly bounce; over 0.8 one diverges)",
        low=0.25,
        high=0.5,
    ),
    steps=knob(100, "updates of each run", low=100, high=500),
)

# Adaptive learning rates (the figure and the animation run the same simulation). The gradient
# must switch before the stream ends, so steps starts where switch ends. The ranges admit only
# settings where every claim holds (tests/gallery/test_knobs_corners.py runs all 32 corners): the
# windowed averages need at least 150 steps after the switch to forget the steep phase (steps
# starts 150 past switch's end), a drop of at least 10× (big from 1, small up to 0.1: at 5× or
# with small > big RMSprop's rate does not double), a switch after step 10 (before that the
# rate before the drop is the first steps' bias-inflated one), and Adam's noisy stream at most
# 200 steps (by 300 Adamax's u leaves 2× of Adam's √v̂).
_ADAPTIVE = dict(
    steps=knob(
        300,
        "length of the gradient stream and of the bowl runs, in steps (150 or more past switch)",
        low=250,
        high=3000,
    ),
    switch=knob(100, "step after which the gradient drops from big to small", low=10, high=100),
    big=knob(1.0, "gradient before the switch (at least 10× small)", low=1.0, high=100.0),
    small=knob(0.1, "gradient after the switch (at most a tenth of big)", low=1e-3, high=0.1),
    adam_steps=knob(
        40, "steps of the noisy gradient stream of Adam's bias-correction panel", low=1, high=200
    ),
)

# Basins of convergence: the map and the flow of start points share the surface and how long
# each start runs before it is classified.
_BASINS = dict(
    surface=knob(
        "himmelblau",
        "surface mapped: a built-in one with minima (Himmelblau has four) or a formula in x, y",
        choices=_WITH_MINIMUM,
        expression=True,
        labels={
            "himmelblau": "Himmelblau's function",
            "beale": "Beale's function",
            "rosenbrock": "Rosenbrock's function",
            "bowl": "a round bowl",
            "elongated": "an elongated bowl",
            "ravine": "a ravine",
        },  # fmt: skip
    ),
    domain=knob(
        None,
        "x_low, x_high, y_low, y_high of a formula surface (unset: -3, 3, -3, 3)",
        kind="floats",
        length=4,
        low=-1e6,
        high=1e6,
    ),
    classify_steps=knob(
        500,
        "steps each start point runs before the minimum it reached is read off",
        low=1,
        high=1000,
    ),
)

_RACE_EQ = (
    r"$\theta_{t+1} = \theta_t - \eta\, \nabla_\theta J(\theta_t)\quad$ (and its refinements)"
)


t.pair(
    "learning-rate-regimes",
    title="Learning rate: too small, about right, too large, divergent",
    compute="vizdl.sim.optimizers.learning_rates:learning_rate_regimes",
    draw="vizdl.render.mpl.optimizers.learning_rates:figure_learning_rates",
    scene="scenes.optimizers:LearningRateBalls",
    params=dict(
        curvature=knob(1.0, "curvature a of the parabola J(θ) = ½·a·θ²", low=0.01, high=100.0),
        lr_factors=_REGIMES["lr_factors"],
        x0=knob(2.5, "start point θ₀ (the plot spans −3 to 3)", low=-3.0, high=3.0),
        steps=_REGIMES["steps"],
    ),
    caption="Gradient descent on J(θ) = ½·a·θ² multiplies θ by (1 − ηa) each step. With "
    "η = {small_factor:g}/a it crawls: after {small_steps} steps {small_left:.0%} of the distance "
    "to the minimum is left; {right_factor:g}/a converges without overshooting; "
    "{osc_lr_factor:g}/a overshoots and oscillates around the minimum but still converges "
    "(|θ| × {osc_factor:.2g} per step); at {div_lr_factor:g}/a, beyond 2/a, every step overshoots "
    "further (|θ| × {div_factor:.2g}) and the run diverges (a run that leaves the plot is drawn "
    "up to its edge and marked, never dropped).",
    animation_caption="The same four runs as the static figure, one step at a time: each step "
    "multiplies θ by (1 − ηa). Below 1/a the ball rolls down one side, slowly at "
    "{small_factor:g}/a; between 1/a and 2/a it jumps across the minimum and back, closing in; "
    "above 2/a every jump lands higher than the last (a run that leaves the plot is marked "
    "with its step).",
    claims=[
        claim(
            "At η = {small_factor:g}/a the run never overshoots and after {small_steps} steps "
            "is still {small_left:.0%} of its start distance from the minimum.",
            "vizdl.checks.learning_rates:creeps",
        ),
        claim(
            "At η = {right_factor:g}/a it never overshoots and ends with under 1% of its start "
            "distance to the minimum left.",
            "vizdl.checks.learning_rates:converges_smoothly",
        ),
        claim(
            "At η = {osc_lr_factor:g}/a every step lands on the other side of the minimum and "
            "multiplies |θ| by {osc_factor:.2g}: it oscillates and converges.",
            "vizdl.checks.learning_rates:oscillates_and_converges",
        ),
        claim(
            "At η = {div_lr_factor:g}/a every step lands on the other side and further out "
            "(|θ| × {div_factor:.2g}): the run diverges.",
            "vizdl.checks.learning_rates:diverges",
        ),
    ],
    equation=r"$\theta \leftarrow \theta - \eta\, \nabla_\theta J(\theta)$",
    equation_note="The lecture's batch gradient descent update. On this parabola ∇J(θ) = aθ, so "
    "θ_t = (1 − ηa)^t θ_0: the run converges exactly when |1 − ηa| < 1, i.e. 0 < η < 2/a.",
)


t.pair(
    "learning-rate-regimes-2d",
    title="Learning rate in two dimensions: the steepest direction decides",
    compute="vizdl.sim.optimizers.learning_rates:learning_rate_regimes_2d",
    draw="vizdl.render.mpl.optimizers.learning_rates:figure_learning_rates_2d",
    scene="scenes.optimizers:LearningRates2D",
    params=dict(
        surface=knob(
            "elongated",
            "quadratic bowl with two curvatures: built-in or a formula, e.g. 0.5*x**2 + 5*y**2 + x*y",
            choices=("elongated", "ravine"),
            expression=True,
        ),
        domain=knob(
            None,
            "x_low, x_high, y_low, y_high of a formula surface (unset: -3, 3, -3, 3; a built-in "
            "has its own)",
            kind="floats",
            length=4,
            low=-1e6,
            high=1e6,
        ),
        lr_factors=_REGIMES["lr_factors"],
        start=knob(
            (-2.5, 1.5),
            "start point (θ₁, θ₂), inside the plotted domain (−3 to 3 for the built-in bowls)",
            low=-1e6,
            high=1e6,
            length=2,
        ),
        # 2-100: after 1 step the run nearest the minimum is not yet the one nearest 2/(λ_min + λ_max)
        steps=knob(
            30,
            "gradient-descent steps of each run (the animation shows every one)",
            low=2,
            high=100,
        ),
    ),
    figsize=(14.0, 4.6),
    animation_title="Learning rate in two dimensions (animation)",
    caption="Gradient descent on {bowl_text} whose curvatures are λ_min = {lam_min:.3g} along "
    "{flat_dir} and λ_max = {lam_max:.3g} along {steep_dir}, at four learning rates given as "
    "multiples of 1/λ_max. Each step multiplies the distance to the minimum along a direction "
    "by (1 − ηλ) of its curvature. The steep direction decides stability: at "
    "{div2_factor:g}/λ_max, beyond 2/λ_max, {steep_name} grows × {div2_steep:.2f} per step and "
    "the run diverges while {flat_name} still shrinks (× {div2_flat:.2f}). The flat direction "
    "decides the speed: at {small2_factor:g}/λ_max, after {small2_steps} steps {flat_name} keeps "
    "{small2_flat_left:.0%} of its distance to the minimum, {steep_name} only "
    "{small2_steep_left:.0%}. The fastest fixed rate is 2/(λ_min + λ_max) = "
    "{best_factor:.2f}/λ_max, where the steep direction zig-zags: of the runs below 2/λ_max, the "
    "one at {closest_factor:g}/λ_max ends closest to the minimum. A learning rate small enough "
    "for the steep direction is slow for the flat one: the lecture's case for per-parameter "
    "learning rates.",
    animation_caption="The four runs of the static figure, step by step. Watch the steep "
    "direction ({steep_dir}): it zig-zags in at {closest_factor:g}/λ_max, the stable run that "
    "ends closest to the minimum, and blows up at {div2_factor:g}/λ_max; at "
    "{small2_factor:g}/λ_max the flat direction still keeps {small2_flat_left:.0%} of its "
    "distance after {small2_steps} steps.",
    claims=[
        claim(
            "The bowl's flat direction is {flat_dir} (λ = {lam_min:.3g}), its steep direction "
            "{steep_dir} (λ = {lam_max:.3g}).",
            "vizdl.checks.learning_rates:flat_and_steep_directions",
        ),
        claim(
            "At {div2_factor:g}/λ_max every step flips {steep_name} and moves it further out "
            "(× {div2_steep:.2f}), while {flat_name} shrinks (× {div2_flat:.2f}).",
            "vizdl.checks.learning_rates:steep_axis_decides_stability",
        ),
        claim(
            "At {small2_factor:g}/λ_max, after {small2_steps} steps, {flat_name} keeps "
            "{small2_flat_left:.0%} of its distance to the minimum, {steep_name} "
            "{small2_steep_left:.0%}.",
            "vizdl.checks.learning_rates:flat_axis_decides_speed",
        ),
        claim(
            "Of the runs below 2/λ_max, the one ending closest to the minimum is the one at "
            "{closest_factor:g}/λ_max, the rate nearest the fastest fixed rate 2/(λ_min + λ_max) "
            "= {best_factor:.2f}/λ_max, and its steep direction zig-zags.",
            "vizdl.checks.learning_rates:fastest_run_is_near_the_best_fixed_rate",
        ),
        lecture(
            "Adagrad: Adapt the learning rate to the parameters based on the past gradients "
            "that have been computed for θ_i."
        ),
    ],
    equation=r"$\theta \leftarrow \theta - \eta\, \nabla_\theta J(\theta)$",
)


t.figure(
    "lr-sensitivity",
    title="Learning-rate sensitivity of each optimizer",
    compute="vizdl.sim.optimizers.learning_rates:lr_sensitivity",
    draw="vizdl.render.mpl.optimizers.learning_rates:figure_lr_sensitivity",
    # The caption's sentences hold on this box (tests/gallery/test_knobs_corners.py builds its
    # corners). Outside it the lesson changes, not just the numbers: from 300 steps (lr_max 5) or
    # 500 an adaptive method gets down Rosenbrock's valley or Adadelta works somewhere, and so it
    # does from η = 5 (300 steps) or 10; a sweep ending below 2 never crosses SGD's bowl limit
    # 2/λ; one starting at 0.01 has an optimizer working at every rate; in 20 steps Adam works
    # nowhere, and with 5 rates SGD works at none below 2. 1000 steps took 47 s.
    params=dict(
        steps=knob(
            200,
            "steps of each run (loss: mean of the last 10%); 20 too few, from 300 Rosenbrock gets solved",
            low=50,
            high=200,
        ),
        lr_min=knob(
            1e-4,
            "smallest rate of the log-spaced sweep; from 0.01 some optimizer works at every rate",
            low=1e-6,
            high=1e-3,
        ),
        lr_max=knob(
            3.0,
            "largest rate of the sweep: above SGD's bowl limit 2; from 5 Adadelta starts to work",
            low=2.5,
            high=4.0,
        ),
        n_lrs=knob(
            30,
            "learning rates in the sweep (5 are too coarse to find SGD's bowl limit)",
            low=10,
            high=60,
        ),
    ),
    figsize=(15.0, 5.0),
    caption="The loss left after {steps} steps (mean over the last 10% of them), against the "
    "learning rate, for each optimizer, Adadelta and Adamax included, on four surfaces from the "
    "race's start points. ✕ marks runs that diverged; a run works when it ends at least "
    "{converged_factor:,.0f}× "
    "closer to the minimum than it started (each panel's dashed line). No run of an adaptive "
    "method diverges (η from {lr_min:g} to {lr_max:g}), while SGD, momentum and NAG diverge at "
    "every rate above a limit on the ravine, Beale's and Rosenbrock's functions (SGD from "
    "{sgd_div_ravine:.2g}, {sgd_div_beale:.2g} and {sgd_div_rosenbrock:.2g}); on the round bowl "
    "SGD works up to {sgd_bowl_ok:.3g} and diverges from {sgd_bowl_div:.3g}, either side of its "
    "limit 2/λ = {sgd_bowl_limit:g}. But not diverging is not converging. Of the {n_lrs} rates "
    "(lowest and highest working rate in brackets), SGD works at {sgd_bowl_n} on the bowl"
    "[[ ({sgd_bowl_lo:.2g}, {sgd_bowl_hi:.2g})]], Adam at {adam_bowl_n}"
    "[[ ({adam_bowl_lo:.2g}, {adam_bowl_hi:.2g})]]; on the ravine SGD at {sgd_ravine_n}"
    "[[ (up to {sgd_ravine_hi:.2g})]], Adam at {adam_ravine_n}"
    "[[ ({adam_ravine_lo:.2g}, {adam_ravine_hi:.2g})]]; on Beale's function SGD at {sgd_beale_n}"
    "[[ ({sgd_beale_lo:.2g}, {sgd_beale_hi:.2g})]], Adam at {adam_beale_n}"
    "[[ ({adam_beale_lo:.2g}, {adam_beale_hi:.2g})]]. Of these, the ones that fail at some rate "
    "between their lowest and highest working one (how many rates): {gapped}; the others work "
    "at every rate in between. "
    "The most rates any optimizer works at on one surface is {widest_n} ({widest_who}, "
    "{widest_where}). "
    "On Rosenbrock's function {rosenbrock_text} within {steps} steps, and Adadelta, whose lr "
    "scales its steps like any rule's, {adadelta_text}. Choosing a learning rate is the lecture's first difficulty "
    "with gradient descent.",
    claims=[
        claim(
            "No run of Adagrad, Adadelta, RMSprop, Adam or Adamax diverges on any surface, from "
            "η = {lr_min:g} to {lr_max:g} ({adaptive_diverged} diverged).",
            "vizdl.checks.sensitivity:adaptive_methods_never_diverge",
        ),
        claim(
            "On the ravine, Beale's and Rosenbrock's functions SGD, momentum and NAG diverge at "
            "every rate above a limit (SGD from {sgd_div_ravine:.2g}, {sgd_div_beale:.2g} and "
            "{sgd_div_rosenbrock:.2g}).",
            "vizdl.checks.sensitivity:plain_methods_diverge_above_a_limit",
        ),
        claim(
            "On the round bowl (curvature {bowl_curvature:g}) SGD works up to η = "
            "{sgd_bowl_ok:.3g} and diverges from {sgd_bowl_div:.3g} on, either side of 2/λ = "
            "{sgd_bowl_limit:g}.",
            "vizdl.checks.sensitivity:sgd_limit_on_the_bowl",
        ),
        claim(
            "Rates that work (loss {converged_factor:,.0f}× closer to the minimum), of {n_lrs} "
            "(lowest, highest): bowl SGD {sgd_bowl_n}[[ ({sgd_bowl_lo:.2g}, {sgd_bowl_hi:.2g})]], "
            "Adam {adam_bowl_n}[[ ({adam_bowl_lo:.2g}, {adam_bowl_hi:.2g})]]; ravine SGD "
            "{sgd_ravine_n}, Adam {adam_ravine_n}[[ ({adam_ravine_lo:.2g}, {adam_ravine_hi:.2g})]]; "
            "Beale SGD {sgd_beale_n}[[ ({sgd_beale_lo:.2g}, {sgd_beale_hi:.2g})]], Adam "
            "{adam_beale_n}[[ ({adam_beale_lo:.2g}, {adam_beale_hi:.2g})]]; failing at some rate in "
            "between: {gapped}; no optimizer works at more than {widest_n} on one surface "
            "({widest_who}, {widest_where}).",
            "vizdl.checks.sensitivity:working_ranges",
        ),
        claim(
            "On Rosenbrock's function {rosenbrock_text}, and Adadelta {adadelta_text}.",
            "vizdl.checks.sensitivity:nothing_works_everywhere",
        ),
        lecture(
            "Choosing a proper learning rate can be difficult. A learning rate that is too small "
            "leads to painfully slow convergence. A learning rate that is too large can hinder "
            "convergence and cause the loss function to fluctuate around the minimum or even to "
            "diverge."
        ),
    ],
    equation=r"$\theta = \theta - \eta \cdot \nabla_\theta J(\theta)$",
)

t.animation(
    "lr-sensitivity-animation",
    title="Sweeping the learning rate on {surface} (animation)",
    compute="vizdl.sim.optimizers.learning_rates:lr_sweep_paths",
    scene="scenes.optimizers:LRSweepScene",
    params=dict(
        surface=knob(
            "ravine",
            "surface swept: a built-in one with a minimum, or a formula in x and y",
            choices=_WITH_MINIMUM,
            expression=True,
            labels={
                "ravine": "a ravine",
                "bowl": "a round bowl",
                "elongated": "an elongated bowl",
                "beale": "Beale's function",
                "rosenbrock": "Rosenbrock's function",
                "himmelblau": "Himmelblau's function",
            },  # fmt: skip
        ),
        domain=_BASINS["domain"],
        racers=knob(("SGD", "Adam"), "optimizers swept, by the lecture's names", choices=_RACERS),
        lr_min=_SWEEP["lr_min"].with_default(1e-3),
        lr_max=_SWEEP["lr_max"].with_default(1.0),
        n_lrs=_SWEEP["n_lrs"].with_default(41),
        steps=_SWEEP["steps"].with_default(100),
    ),
    caption="η walks from {sweep_min:g} to {sweep_max:g} on a log scale. Left: the whole paths "
    "of {sweep_racers} on {sweep_surface} at the current η. Right: the loss each leaves, drawn "
    "up to the current η.[[ SGD's loss falls as η grows up to {sgd_ok:.2g}; from {sgd_div:.2g} "
    "on every run diverges.]][[ Adam's step is about η per coordinate whatever the curvature: "
    "none of its runs diverges, and its loss falls from {adam_first:.2g} at the smallest η to "
    "{adam_last:.2g} at the largest.]]",
    claims=[
        claim(
            "The sweep runs {sweep_racers} on {sweep_surface} at every rate from {sweep_min:g} "
            "to {sweep_max:g}.",
            "vizdl.checks.sensitivity:sweep_setting",
        ),
        claim(
            "SGD's loss falls as η grows up to {sgd_ok:.2g}, and every run from {sgd_div:.2g} on "
            "diverges.",
            "vizdl.checks.sensitivity:sgd_window_closes_at_the_limit",
        ),
        claim(
            "No Adam run diverges; its loss falls from {adam_first:.2g} at η = {sweep_min:g} to "
            "{adam_last:.2g} at {sweep_max:g}.",
            "vizdl.checks.sensitivity:adam_never_diverges_in_the_sweep",
        ),
    ],
    equation=r"$\theta = \theta - \eta \cdot \nabla_\theta J(\theta)$",
)


t.figure(
    "momentum-ravine",
    title="Momentum in a ravine (static)",
    compute="vizdl.sim.optimizers.momentum:momentum_ravine",
    draw="vizdl.render.mpl.optimizers.momentum:figure_momentum_ravine",
    params=_RAVINE,
    caption="A ravine curves {condition:g}× more steeply across the valley than along it. With "
    "η·λ_max = {gd_steep:.2f} plain gradient descent {gd_across_text}, and "
    "{gd_cross_text} of its cross-valley distance is still there at the end; along the floor, "
    "with η·λ_min = {gd_flat:.4g}, {gd_along_text} of that distance is left. Momentum "
    "(γ = {gamma:g}) from the same start ends with {mom_cross_text} of the cross-valley "
    "distance, {across_compare} plain descent's, and {mom_along_text} of the distance along "
    "the floor, {along_compare} plain descent's. Both paths are torch.optim.SGD's rule; colours "
    "as in the races.",
    claims=_RAVINE_CLAIMS,
    equation=r"$v_t = \gamma v_{t-1} + \eta \nabla_\theta J(\theta),\quad \theta_t = \theta_{t-1} - v_t$",
    equation_note="torch.optim.SGD keeps b_t = μ·b_{t−1} + g_t and steps θ_t = θ_{t−1} − η·b_t. With a "
    "constant learning rate this is the lecture's rule with v_t = η·b_t and γ = μ: the same path.",
)


t.animation(
    "momentum-ravine-animation",
    title="Momentum in a ravine (animation)",
    compute="vizdl.sim.optimizers.momentum:momentum_ravine",
    scene="scenes.optimizers:MomentumRavine",
    params=_RAVINE,
    caption="The same two runs as they happen, with momentum's velocity vector (green) and the loss "
    "of both runs per step on a log scale. Plain gradient descent {gd_across_text} "
    "({gd_cross_text} of the cross-valley distance left at the end); momentum ends with "
    "{mom_cross_text} of it, {across_compare} plain descent's, and with {mom_along_text} of "
    "the distance along the floor, {along_compare} plain descent's {gd_along_text}.",
    claims=_RAVINE_CLAIMS,
    equation=r"$v_t = \gamma v_{t-1} + \eta \nabla_\theta J(\theta),\quad \theta_t = \theta_{t-1} - v_t$",
    equation_note="torch.optim.SGD keeps b_t = μ·b_{t−1} + g_t and steps θ_t = θ_{t−1} − η·b_t; with a "
    "constant learning rate v_t = η·b_t and γ = μ, so the velocity drawn is θ_{t−1} − θ_t.",
)


t.pair(
    "nesterov-geometry",
    title="Nesterov's momentum: jump, then correct",
    compute="vizdl.sim.optimizers.nesterov:nesterov_geometry",
    draw="vizdl.render.mpl.optimizers.nesterov:figure_nesterov",
    scene="scenes.optimizers:NesterovSteps",
    params=dict(
        surface=knob(
            "elongated",
            "bowl descended: built-in or a formula, e.g. 0.5*x**2 + 5*y**2 (not the ravine: "
            "there look-ahead lengthens steps)",
            choices=("bowl", "elongated"),
            expression=True,
        ),
        domain=knob(
            None,
            "x_low, x_high, y_low, y_high of a formula surface (unset: -3, 3, -3, 3; a built-in "
            "has its own)",
            kind="floats",
            length=4,
            low=-1e6,
            high=1e6,
        ),
        start=knob(
            (-2.6, 1.2),
            "start point (θ₁, θ₂), inside the surface's domain",
            low=-1e6,
            high=1e6,
            length=2,
        ),
        lr=knob(0.03, "learning rate η", low=1e-6, high=0.1),
        momentum=knob(
            0.9,
            "momentum γ: the share of the accumulated step carried into the next",
            low=0.01,
            high=0.99,
        ),
        steps=knob(
            25,
            "steps of the run (the figure enlarges step 6, the animation explains 4, 6 and 8)",
            low=8,
            high=100,
        ),
    ),
    figsize=(13.0, 6.0),
    animation_title="Nesterov's momentum, step by step (animation)",
    caption="The lecture's picture of Nesterov's accelerated gradient, with every vector taken "
    "from a real run of {nag_steps} steps on {surface_text} (step 3 and the boxed step, "
    "enlarged on the right, are drawn on the path). Standard momentum (blue, dotted) measures "
    "the gradient where it is, then jumps along the accumulated gradient. Nesterov first jumps "
    "along the previous accumulated gradient (brown), measures the gradient where it lands and "
    "corrects (red); the sum is the new accumulated step (green; it equals jump + correction "
    "{sum_gap_text}). From step 2 to step {brake_last}, every Nesterov step is {brake_min:.0%} to "
    "{brake_max:.0%} shorter than standard momentum's from the same point and velocity: the gradient at the "
    "look-ahead point already holds it back. torch's Nesterov iterates are the look-ahead points "
    "θ_t − γv_t (to {torch_gap:.0e}).",
    animation_caption="Three steps of a real Nesterov run, each in the lecture's three moves: "
    "jump along the previous accumulated step (brown), measure the gradient where you land and "
    "correct (red), and take the sum (green, = jump + correction {sum_gap_text}). Standard "
    "momentum's vectors from the same point are drawn in blue; from step 2 to step {brake_last} "
    "Nesterov's step is {brake_min:.0%} to {brake_max:.0%} shorter. At the end the three explained steps are shown "
    "together on the whole path.",
    claims=[
        claim(
            "At each of the {nag_steps} steps the accumulated step is the jump plus the "
            "correction ({sum_gap_text}), the correction −η∇J recomputed at the look-ahead point.",
            "vizdl.checks.nesterov:accumulated_is_jump_plus_correction",
        ),
        claim(
            "From step 2 to step {brake_last}, Nesterov's step is {brake_min:.0%} to {brake_max:.0%} "
            "shorter than standard momentum's from the same point and velocity.",
            "vizdl.checks.nesterov:nesterov_brakes_before_standard_momentum",
        ),
        claim(
            "torch.optim.SGD(nesterov=True)'s iterates are the look-ahead points θ_t − γv_t (to "
            "{torch_gap:.0e}).",
            "vizdl.checks.nesterov:torch_iterates_are_the_look_ahead_points",
        ),
    ],
    equation=r"$v_t = \gamma v_{t-1} + \eta \nabla_\theta J(\theta - \gamma v_{t-1}),\quad \theta = \theta - v_t$",
    equation_note="torch.optim.SGD(nesterov=True) runs the same method in shifted variables: its iterates "
    "are the lecture's look-ahead points θ_t − γ·v_t (the crosses on the left; equal to 1e-15 in the "
    "tests), which is why it only ever evaluates gradients at its own parameters.",
)


_RACES = (
    (
        "bowl",
        _RACE_CAPTION + "[[ On a round bowl every direction is equally curved, so plain gradient "
        "descent at its best rate is already ideal: it gets the loss under {bowl_level_text} "
        "first (in {sgd_steps:.0f} steps; next {runner_up}, {runner_up_steps:.0f}).]]",
        [
            _GRID_CLAIM,
            _ADADELTA_CLAIM,
            _RMSPROP_CLAIM,
            claim(
                "Plain SGD gets the loss under {bowl_level_text} in the fewest steps "
                "({sgd_steps:.0f}; next {runner_up}, {runner_up_steps:.0f}).",
                "vizdl.checks.races:sgd_is_ideal_on_the_bowl",
            ),
        ],
    ),
    (
        "beale",
        _RACE_CAPTION + "[[ Beale's function has a flat plateau and a curved, narrowing valley "
        "towards its minimum at {beale_minimum}.]]",
        [
            _GRID_CLAIM,
            _ADADELTA_CLAIM,
            _RMSPROP_CLAIM,
            claim(
                "Beale's function is lowest at {beale_minimum} (no point of the drawn grid is "
                "lower).",
                "vizdl.checks.races:beale_minimum",
            ),
        ],
    ),
    (
        "ravine",
        _RACE_CAPTION + "[[ The ravine is 100× more curved across than along, and turned 30°. "
        "Momentum and NAG end at {momentum_loss:.0e} and {nag_loss:.0e}, SGD at {sgd_loss:.1e}.]]"
        "[[ Adagrad ({adagrad_loss:.1e}) and RMSprop ({rmsprop_loss:.1e}) end far above every "
        "method with momentum: they rescale each coordinate, and a turned valley is steep in both "
        "coordinates, so per-coordinate rates cannot remove its ill-conditioning. Adam and Adamax, "
        "which add momentum to them, end at {adam_loss:.0e} and {adamax_loss:.0e}; Adadelta, "
        "untuned, is slowest of all.]][[ Here RMSprop's first step ({rmsprop_first_ravine:.2g} "
        "long) takes it off the plot.]]",
        [
            _GRID_CLAIM,
            _ADADELTA_CLAIM,
            _RMSPROP_CLAIM,
            claim(
                "On the ravine RMSprop's first step ({rmsprop_first_ravine:.2g} long) leaves the "
                "plot.",
                "vizdl.checks.races:rmsprop_jumps_off_the_plot",
            ),
            claim(
                "Momentum ({momentum_loss:.0e}) and NAG ({nag_loss:.0e}) end at least 1000× below "
                "SGD ({sgd_loss:.1e}).",
                "vizdl.checks.races:momentum_methods_win_the_ravine",
            ),
            claim(
                "Adagrad ({adagrad_loss:.1e}) and RMSprop ({rmsprop_loss:.1e}) end at least 100× "
                "above Momentum, NAG, Adam ({adam_loss:.0e}) and Adamax ({adamax_loss:.0e}).",
                "vizdl.checks.races:per_coordinate_rates_do_not_undo_a_rotation",
            ),
        ],
    ),
    (
        "saddle",
        _RACE_INTRO + "[[ All start {start_offset_text} off the saddle's stable axis, at one "
        "learning rate ({shared_lr:g}; Adadelta torch's 1): no tuning here.]][[ The right panel "
        "shows how fast each moves away along the unstable axis. Adagrad, RMSprop, Adam and "
        "Adamax divide the tiny gradient by its own size and leave at once (|θ₂| grows at least "
        "{adaptive_first_growth:,.0f}× in the first step).]][[ RMSprop's average of squared "
        "gradients starts at 0, so its first step is {saddle_rmsprop_first_factor:.3g}·η along θ₁ "
        "and {saddle_rmsprop_theta2_factor:.2g}·η along θ₂ (there torch's ε is not small beside "
        "the tiny gradient), and it is off the plot by step {saddle_rmsprop_leaves_plot_at}.]][[ Adagrad's steps "
        "then shrink as its sum of squared gradients grows: it reaches |θ₂| > 1 after "
        "{adagrad_out:.0f} steps, later than every other method (next slowest "
        "{next_slowest_out:.0f}) but SGD ({sgd_out:.0f}).]][[ Adadelta, whose accumulators start "
        "near ε, does not leave at once ({adadelta_first_growth:.2g}× in its first step), but "
        "its steps grow and after 30 steps it is at {adadelta_theta2_30:.2g}, over 1000× further "
        "than SGD.]][[ SGD's distance grows by exactly 1 + 2η = {sgd_growth:.3g} per step; "
        "momentum compounds it (after 30 steps {momentum_theta2_30:.2g} against SGD's "
        "{sgd_theta2_30:.2g}).]]",
        [
            claim(
                "All but Adadelta run at one learning rate, {shared_lr:g}; Adadelta at torch's 1.",
                "vizdl.checks.races:one_learning_rate",
            ),
            claim(
                "After 30 steps Adadelta ({adadelta_theta2_30:.2g}) is over 1000× further from "
                "the stable axis than SGD ({sgd_theta2_30:.2g}).",
                "vizdl.checks.races:adadelta_passes_sgd",
            ),
            claim(
                "SGD's |θ₂| grows by 1 + 2η = {sgd_growth:.3g} per step from {start_offset_text}.",
                "vizdl.checks.races:sgd_escapes_geometrically",
            ),
            claim(
                "Adagrad, RMSprop, Adam and Adamax grow |θ₂| at least {adaptive_first_growth:,.0f}× "
                "in one step.",
                "vizdl.checks.races:adaptive_methods_leave_at_once",
            ),
            _RMSPROP_CLAIM,
            claim(
                "RMSprop's first step is {saddle_rmsprop_theta2_factor:.2g}·η along θ₂; its path "
                "leaves the plot at step {saddle_rmsprop_leaves_plot_at}.",
                "vizdl.checks.races:rmsprop_leaves_the_plot",
            ),
            claim(
                "Adagrad reaches |θ₂| > 1 after {adagrad_out:.0f} steps, later than every racer "
                "(next slowest {next_slowest_out:.0f}) but SGD ({sgd_out:.0f}).",
                "vizdl.checks.races:adagrad_slowest_to_leave_but_sgd",
            ),
            claim(
                "Adadelta grows it only {adadelta_first_growth:.2g}× in its first step.",
                "vizdl.checks.races:adadelta_leaves_slowly",
            ),
            claim(
                "After 30 steps momentum is further from the stable axis ({momentum_theta2_30:.2g}) "
                "than SGD ({sgd_theta2_30:.2g}).",
                "vizdl.checks.races:momentum_compounds_the_escape",
            ),
            lecture(
                "It's easier for Rmsprop, Adadelta, and Adagrad to escape the saddle point.",
                "vizdl.checks.races:rmsprop_adadelta_adagrad_escape_sooner",
            ),
        ],
    ),
)
for _surface, _caption, _claims in _RACES:
    t.pair(
        f"race-{_surface}",
        title="Optimizer race: {surface}",
        compute="vizdl.sim.optimizers.races:optimizer_race",
        draw="vizdl.render.mpl.optimizers.races:figure_race",
        scene="scenes.optimizers:OptimizerRace",
        params={**_RACE, "surface": _RACE["surface"].with_default(_surface)},
        figsize=(12.0, 6.75),
        caption=_caption + _FIGURE_TAIL,
        animation_caption=_caption + _ANIMATION_TAIL,
        claims=[_SETTINGS_CLAIM, _LOSS_AXIS_CLAIM, *_claims],
        equation=_RACE_EQ,
    )


t.animation(
    "race-saddle-3d-animation",
    title="Escaping a saddle, in 3-D (animation)",
    compute="vizdl.sim.optimizers.races:optimizer_race",
    scene="scenes.optimizers:SaddleRace3D",
    params=dict(
        surface=knob(
            "saddle",
            "surface raced on: the 3-D scene draws x² − y², so only the saddle",
            choices=("saddle",),
        ),
        resolution=knob(
            40,
            "grid points per side of the computed loss surface (the scene draws its own mesh)",
            low=10,
            high=400,
        ),
    ),
    caption="The saddle race on the surface itself: all start {start_offset_text} off the stable "
    "axis, at one learning rate ({shared_lr:g}; Adadelta torch's 1). Adagrad, RMSprop, Adam and "
    "Adamax roll off down the unstable direction at once (|θ₂| × {adaptive_first_growth:,.0f} or "
    "more in the first step); SGD and the momentum methods first slide along the stable "
    "direction to within {slide_closest:.2g} of the saddle point and sit there while the tiny "
    "offset grows (SGD's × {sgd_growth:.3g} per step). The camera circles so the shape of the "
    "saddle is clear.",
    claims=[
        claim(
            "All but Adadelta run at one learning rate, {shared_lr:g}; Adadelta at torch's 1.",
            "vizdl.checks.races:one_learning_rate",
        ),
        claim(
            "Adagrad, RMSprop, Adam and Adamax grow |θ₂| at least {adaptive_first_growth:,.0f}× "
            "in one step.",
            "vizdl.checks.races:adaptive_methods_leave_at_once",
        ),
        claim(
            "SGD, momentum and NAG come within {slide_closest:.2g} of the saddle point while still "
            "under 0.01 off the stable axis.",
            "vizdl.checks.races:plain_methods_slide_to_the_saddle_first",
        ),
        claim(
            "SGD's |θ₂| grows by 1 + 2η = {sgd_growth:.3g} per step from {start_offset_text}.",
            "vizdl.checks.races:sgd_escapes_geometrically",
        ),
    ],
    equation=r"$J(x, y) = x^2 - y^2$",
)


t.figure(
    "stochastic-minibatch-batch",
    title="Stochastic, mini-batch and batch gradient descent",
    compute="vizdl.sim.optimizers.batches:batch_paths",
    draw="vizdl.render.mpl.optimizers.batches:figure_batch_paths",
    params=_BATCH,
    figsize=(12.0, 5.6),
    caption="Fitting a line y = w·x + b to {n_points} generated points by least squares, so the "
    "loss contours and the best fit are known exactly. Each run takes {updates} updates with "
    "the same learning rate (η = {batch_lr:g}); only the number of examples per gradient "
    "differs ({sizes_text}, reshuffled every epoch), and so does the cost per update. One "
    "example per step (stochastic) gives a noisy gradient (on average {smallest_noise:.2f} from "
    "the true one): the path wanders and keeps bouncing around the minimum, over the last 20% of "
    "the updates {bounce_smallest:.2f} from it on average; mini-batches average most of the "
    "noise away ({middle_batch} examples: {middle_noise:.2f}); the full batch follows the exact "
    "gradient (to {full_gap:.0e}) and stays {bounce_full:.3f} from the minimum, "
    "{bounce_ratio:.0f}× closer.",
    claims=[
        claim(
            "The gradient a run used is further from the true gradient the smaller its batch: "
            "{smallest_noise:.2f} for batch {smallest_batch}, {middle_noise:.2f} for "
            "{middle_batch}, {full_noise:.0g} for the full batch of {full_batch}.",
            "vizdl.checks.batches:gradient_noise_shrinks_with_the_batch",
        ),
        claim(
            "Over the last 20% of the {updates} updates the smaller the batch the further the run "
            "stays from the minimum: {bounce_smallest:.2f} for one example, {bounce_full:.3f} "
            "for the full batch ({bounce_ratio:.0f}×).",
            "vizdl.checks.batches:small_batches_keep_bouncing",
        ),
        claim(
            "The full-batch run used the exact gradient at every step (to {full_gap:.0e}).",
            "vizdl.checks.batches:full_batch_is_the_exact_gradient",
        ),
    ],
    equation=r"$\theta = \theta - \eta \cdot \nabla_\theta J(\theta;\, x^{(i:i+n)}, y^{(i:i+n)})$",
    equation_note="The lecture's mini-batch update; n = 1 is stochastic gradient descent and n = all "
    "the data is batch gradient descent.",
)


t.animation(
    "stochastic-minibatch-batch-animation",
    title="Noisy gradients: stochastic vs mini-batch vs batch (animation)",
    compute="vizdl.sim.optimizers.batches:batch_paths",
    scene="scenes.optimizers:NoisyGradients",
    params=dict(
        batch_sizes=_BATCH["batch_sizes"].with_default((1, 10, 200)),
        steps=knob(60, "updates of each run", low=1, high=500),
        lr=_BATCH["lr"],
    ),
    caption="Each run's step uses the gradient of its batch (coloured arrow); the black arrow is the "
    "true gradient of the loss on all the data at the same point, and all arrows are drawn at one "
    "scale. With {smallest_batch} example the arrow scatters widely around the true one (mean "
    "distance {smallest_noise:.2f}); with {middle_batch} it stays closer ({middle_noise:.2f}); "
    "with all {full_batch} it is the true gradient. The arrows are the gradients the runs really "
    "used.",
    claims=[
        claim(
            "The gradient a run used is further from the true gradient the smaller its batch: "
            "{smallest_noise:.2f} for batch {smallest_batch}, {middle_noise:.2f} for "
            "{middle_batch}, {full_noise:.0g} for the full batch of {full_batch}.",
            "vizdl.checks.batches:gradient_noise_shrinks_with_the_batch",
        )
    ],
    equation=r"$\theta = \theta - \eta \cdot \nabla_\theta J(\theta;\, x^{(i:i+n)}, y^{(i:i+n)})$",
)


# What a mini-batch costs: the same three variants on a real problem, by updates, by examples
# processed and by the clock. Every batch size must fit in the images, so n starts where
# batch_sizes ends.
t.figure(
    "minibatch-cost",
    title="The cost side of mini-batches: loss per update, per example and per second",
    compute="vizdl.sim.optimizers.batch_cost:batch_cost",
    draw="vizdl.render.mpl.optimizers.batch_cost:figure_batch_cost",
    params=dict(
        n=knob(
            2000,
            "Fashion-MNIST training images trained on (at least the largest batch size, 2000)",
            low=2000,
            high=10_000,
        ),
        batch_sizes=knob(
            (1, 10, 100, 1000, 2000),
            "examples per update, one run each: 1 is stochastic, all n (2000 by default) is batch",
            low=1,
            high=2000,
        ),
        lr=knob(0.01, "learning rate η of every run (torch.optim.SGD)", low=1e-4, high=1.0),
        epochs=knob(3, "epochs every run makes at least (the equal-examples mark)", low=1, high=10),
        updates=knob(
            300, "updates every run makes at least (the equal-updates mark)", low=10, high=2000
        ),
        hidden=knob(
            0,
            "0: softmax regression 784 → 10; else one ReLU hidden layer this wide",
            low=0,
            high=256,
        ),
    ),
    figsize=(13.0, 9.6),
    caption="The cost side of the lecture's three variants, on a real problem: {model_text} "
    "trained by torch.optim.SGD at η = {lr:g} on {n_images:,} Fashion-MNIST training images, one "
    "run per batch size ({sizes_text}), all from the same initial weights (loss "
    "{start_loss:.2f}); the loss drawn is the training loss on all {n_images:,} images. "
    "Counted in updates (top left), after {updates} updates the larger the batch the lower the "
    "loss (by batch size, {updates_losses_text}); from batch {agree_from:,} up the runs agree to "
    "{agree_spread:.2%}: a more exact gradient no longer improves an update. Counted in examples "
    "processed (top right) it is the other way round: after {epochs} epochs ({epoch_examples:,} "
    "examples each) the losses are {examples_losses_text}; {largest_name} has made {largest_epoch_updates} "
    "updates by then, batch {smallest_batch}'s run {smallest_epoch_updates:,}. What an update costs "
    "(bottom right): an update of batch {smallest_batch} took {smallest_ms_per_update:.3f} ms, of "
    "batch {largest_batch:,} {largest_ms_per_update:.2f} ms, {size_ratio:,}× the examples for {update_cost_ratio:.0f}× "
    "the time, so per example batch {smallest_batch}'s update costs {per_example_ratio:.0f}× as "
    "much. By the clock (bottom left) the first to reach loss {target_loss:.3f} "
    "({target_margin:.0%} above what {largest_name} reaches in {updates} updates; read at the "
    "recorded checkpoints) is "
    "{fastest_name}, in "
    "{fastest_seconds:.2f} s; {largest_name} takes {largest_vs_fastest:.1f}× as long, and "
    "{largest_vs_smallest:.1f}× as long as batch {smallest_batch} (seconds by batch size, "
    "{target_seconds_text}). The times are wall-clock seconds of the training steps (the loss "
    "evaluations are not timed) on one thread of the machine that computed this figure ({cpu}), "
    "measured when it was computed ({train_seconds:.1f} s of training in all) and kept with it in the cache: "
    "another run or machine measures other times, so the claims about time ask only for ratios "
    "of at least {per_example_factor:g}× and {wall_factor:g}×.",
    claims=[
        claim(
            "All {n_runs} runs start from the same weights (training loss {start_loss:.3f}) and "
            "train at η = {lr:g}.",
            "vizdl.checks.batch_cost:same_start_same_rate",
        ),
        claim(
            "After {updates} updates each larger batch ends no more than {updates_tol:.1%} above "
            "the next smaller one and the smallest {updates_ratio:.2f}× as high as the largest "
            "(at least {updates_gap_factor:g}×); by batch size, {updates_losses_text}; from batch "
            "{agree_from:,} up they agree to {agree_spread:.2%} (within {updates_tol:.1%}).",
            "vizdl.checks.batch_cost:equal_updates_larger_batches_lower",
        ),
        claim(
            "After {epochs} epochs ({epoch_examples:,} examples each) the smaller the batch, the "
            "lower the loss; by batch size, {examples_losses_text}; by then the largest batch has "
            "made {largest_epoch_updates} updates, the smallest {smallest_epoch_updates:,}.",
            "vizdl.checks.batch_cost:equal_examples_smaller_batches_lower",
        ),
        claim(
            "Per example, batch {smallest_batch}'s updates took {per_example_ratio:.0f}× as long "
            "as batch {largest_batch:,}'s (at least {per_example_factor:g}×): "
            "{smallest_us_per_example:.1f} µs against {largest_us_per_example:.2f} µs; per "
            "update {smallest_ms_per_update:.3f} ms against {largest_ms_per_update:.2f} ms, "
            "{update_cost_ratio:.0f}× the time for {size_ratio:,}× the examples.",
            "vizdl.checks.batch_cost:per_example_cost_falls_with_the_batch",
        ),
        claim(
            "By the clock {fastest_name} reaches loss {target_loss:.3f} first, in "
            "{fastest_seconds:.2f} s; {largest_name} takes {largest_vs_fastest:.1f}× as long "
            "and {largest_vs_smallest:.1f}× as long as the smallest batch (at least "
            "{wall_factor:g}× both); seconds by batch size, {target_seconds_text}.",
            "vizdl.checks.batch_cost:largest_batch_slowest_to_the_target",
        ),
        claim(
            "The times were measured on {threads_text} of the machine that computed the result "
            "({cpu}), when it was computed: {train_seconds:.1f} s of training in all.",
            "vizdl.checks.batch_cost:timed_here_on_one_thread",
        ),
    ],
    equation=r"$\theta = \theta - \eta \cdot \nabla_\theta J(\theta;\, x^{(i:i+n)}, y^{(i:i+n)})$",
    equation_note="The lecture's mini-batch update: n = 1 is stochastic gradient descent, n = all "
    "the data batch gradient descent. An update costs more the larger n, but far less than n "
    "updates of one example.",
)


# What the adaptive-rates pictures claim, checked on the recorded state (vizdl/checks/adaptive.py).
_ADAPTIVE_CLAIMS = [
    claim(
        "Adagrad's and RMSprop's rate for the steep θ₂ is below the flat θ₁'s at each of the "
        "{bowl_steps} steps, {first_rate_ratio:.3g}× below at the first.",
        "vizdl.checks.adaptive:steep_parameter_gets_the_smaller_rate",
    ),
    claim(
        "Adagrad's effective rate never rises: ×{adagrad_after:.2f} from step {switch} to the end.",
        "vizdl.checks.adaptive:adagrad_never_recovers",
    ),
    claim(
        "After the gradient drops, RMSprop's rate rises ×{rmsprop_after:.2g} and Adadelta's "
        "×{adadelta_after:.2g} by step {stream_steps}.",
        "vizdl.checks.adaptive:windowed_methods_recover",
    ),
    claim(
        "At step 1 Adam's raw m is {raw_m1:.2g} = (1 − β₁)·g₁ and raw √v {raw_sqrt_v1:.2g} = "
        "√(1 − β₂)·|g₁| for g₁ = {g1:.2g}; the corrected m̂₁ and √v̂₁ are g₁ and |g₁|.",
        "vizdl.checks.adaptive:adam_raw_moments_start_small",
    ),
    claim(
        "Adamax's u starts at |g₁| ({adamax_u1:.2g}), against Adam's raw √v of "
        "{raw_sqrt_v1:.2g}, and stays within {u_over_vhat_min:.2g}–{u_over_vhat_max:.2g}× "
        "Adam's √v̂.",
        "vizdl.checks.adaptive:adamax_needs_no_correction",
    ),
    lecture("Adagrad: the learning rate eventually becomes infinitesimally small."),
]

t.figure(
    "adaptive-learning-rates",
    title="Adaptive learning rates: Adagrad vs RMSprop/Adadelta, and Adam's bias correction",
    compute="vizdl.sim.optimizers.adaptive:adaptive_learning_rates",
    draw="vizdl.render.mpl.optimizers.adaptive:figure_adaptive_rates",
    params=_ADAPTIVE,
    figsize=(15.0, 5.2),
    caption="Left: on the elongated bowl each parameter gets its own step size, the steep θ₂ "
    "the smaller one at every one of the {bowl_steps} steps (at the first step "
    "{first_rate_ratio:.3g}× smaller, the gradient ratio {bowl_grad_ratio:.3g}). Middle: a loss whose slope drops "
    "{drop:g}-fold at step {switch}. Adagrad divides by the root of the sum of all squared "
    "gradients so far, which only grows: its rate never rises again (×{adagrad_after:.2f} by "
    "step {stream_steps}). RMSprop and Adadelta divide by a decaying average, forget the steep "
    "phase and raise their rate again (×{rmsprop_after:.2g} and ×{adadelta_after:.2g}). Right: "
    "Adam's moment estimates start at 0, so at step 1 the raw m is {raw_m1:.2g}, (1 − β₁) of "
    "the gradient {g1:.2g}, and the raw √v {raw_sqrt_v1:.2g}; dividing by 1 − βᵗ makes them g₁ "
    "and |g₁|. Adamax divides by u_t = max(β₂·u_{{t−1}}, |g_t|) instead, which is "
    "{adamax_u1:.2g} = |g₁| from the first step: u needs no correction (torch still corrects "
    "Adamax's m by 1 − β₁ᵗ), and stays within "
    "{u_over_vhat_min:.2g}–{u_over_vhat_max:.2g}× Adam's corrected √v̂. Every curve is "
    "recorded from the update rule's own state.",
    claims=_ADAPTIVE_CLAIMS,
    equation=r"$\theta_{t+1,i} = \theta_{t,i} - \frac{\eta}{\sqrt{G_{t,ii} + \epsilon}}\, g_{t,i},\quad E[g^2]_t = \gamma E[g^2]_{t-1} + (1-\gamma) g_t^2$",
    equation_note="Adagrad's G sums all squared gradients; RMSprop's E[g²] averages them with decay γ "
    "(torch's alpha). torch adds ε outside the square root (η / (√G + ε)), the lecture inside "
    "(η / √(G + ε)); with ε = 1e-10 the difference is invisible here.",
)


t.animation(
    "adaptive-learning-rates-animation",
    title="Adaptive learning rates and Adam's bias correction (animation)",
    compute="vizdl.sim.optimizers.adaptive:adaptive_learning_rates",
    scene="scenes.optimizers:AdaptiveRatesScene",
    params=_ADAPTIVE,
    caption="Left: the effective learning rate of Adagrad, RMSprop and Adadelta while the "
    "gradient drops {drop:g}-fold at step {switch}: Adagrad's never rises again "
    "(×{adagrad_after:.2f} by the end), RMSprop's and Adadelta's rise (×{rmsprop_after:.2g}, "
    "×{adadelta_after:.2g}). Right: Adam's running mean m of a noisy gradient starts at 0 "
    "({raw_m1:.2g} at step 1 for a gradient of {g1:.2g}) and lags behind the data; dividing by "
    "1 − β₁ᵗ removes that start-up bias at once. Adam's corrected √v̂ and Adamax's ∞-norm u, "
    "which starts at |g₁| = {adamax_u1:.2g} and needs no correction (Adamax's m still does), are "
    "drawn beside it.",
    claims=_ADAPTIVE_CLAIMS,
    equation=r"$\hat m_t = \frac{m_t}{1 - \beta_1^t},\quad \hat v_t = \frac{v_t}{1 - \beta_2^t}$",
)


t.figure(
    "optimizer-table-measured",
    title="The lecture's comparison table, measured",
    compute="vizdl.sim.optimizers.properties:optimizer_properties",
    draw="vizdl.render.mpl.optimizers.properties:figure_property_table",
    params=dict(
        lr=knob(
            0.01,
            "learning rate η of every optimizer but Adadelta (which keeps lr = 1)",
            low=1e-6,
            high=1.0,
        ),
        scale=knob(
            10.0,
            "c in the rescaling θ = c·φ of the consistent-units test (from 1.5: at 1 the test is "
            "void, at 0.01 it fails)",
            low=1.5,
            high=100.0,
        ),
        loss_scale=knob(
            100.0,
            "factor the loss is multiplied by in the loss-rescaling test",
            low=0.01,
            high=1000.0,
        ),
        steps=knob(50, "steps of each run on the elongated bowl", low=1, high=1000),
        saddle_lr=knob(
            0.01,
            "learning rate of the saddle-escape runs (20000 steps at most each)",
            low=1e-3,
            high=0.5,
        ),
    ),
    figsize=(13.0, 7.3),
    caption="Each yes/no of the lecture's table, decided by a stated rule on the real update "
    "rules (the rules are printed under the table; Adamax, in the lecture's outline but not its "
    "table, is measured too). Adaptive: on an elongated bowl the first step's Δθ/g is the same in "
    "both coordinates for SGD, momentum and NAG (×{plain_adapt:.3g}) and differs between them "
    "×{adaptive_adapt:.3g} for the adaptive rules, the gradient ratio {grad_ratio:g}: they take "
    "equal first steps. Consistent units: optimise in rescaled parameters θ = {scale:g}·φ and "
    "compare the first step in θ's units: SGD's, momentum's and NAG's is ×{plain_units:.3g} (c²), "
    "the adaptive rules' ×{adaptive_units:.3g} (c); a rule with the units of θ would give ×1, and "
    "none does. Saddle: steps to reach |θ₂| > 1 on x² − y² from {offset_far} to "
    "{offset_near} off the stable axis, at η = {saddle_lr:g} (Adadelta at torch's lr = 1); "
    "Yes when an optimizer escapes at least {saddle_speedup:g}× faster than plain SGD from every "
    "start and a 10× closer start costs it under {saddle_growth:.0%} more steps. RMSprop, Adam, Adamax and Adadelta do (at least "
    "{normalised_speedup:.2g}× faster, at most {normalised_growth:.0%} more per decade): they "
    "normalise the tiny gradient. Momentum and NAG are faster than SGD (×{momentum_speedup:.2g}) "
    "but, like SGD ({sgd_escape_far:.0f} to {sgd_escape_near:.0f} steps), pay at least "
    "{momentum_growth:.0%} more steps per decade closer. Adagrad's steps barely depend on the "
    "offset ({adagrad_growth:.0%} more per decade closer), yet it needs {adagrad_escape:.0f}, more than SGD from every start: its sum of squared "
    "gradients only grows, so its steps keep shrinking. {cells_agree} of the lecture's "
    "{cells_compared} cells agree; the two that differ are Adagrad's saddles and Adadelta's "
    "consistent units, which holds for its idealised rule but not with torch's ε, which fixes its "
    "first steps in absolute units.",
    claims=[
        claim(
            "SGD, momentum and NAG take the same Δθ/g in both coordinates (×{plain_adapt:.3g}); "
            "Adagrad, Adadelta, RMSprop, Adam and Adamax ×{adaptive_adapt:.3g}, the gradient "
            "ratio {grad_ratio:g}: measured adaptive exactly where the lecture says.",
            "vizdl.checks.properties:adaptive_column",
        ),
        claim(
            "Under θ = {scale:g}·φ SGD's, momentum's and NAG's first step changes "
            "×{plain_units:.3g} and every adaptive rule's ×{adaptive_units:.3g}: none has "
            "consistent units as measured.",
            "vizdl.checks.properties:no_rule_has_consistent_units",
        ),
        claim(
            "At η = {saddle_lr:g}, RMSprop ({rmsprop_escape:.0f} steps at most), Adam "
            "({adam_escape:.0f}), Adamax ({adamax_escape:.0f}) and Adadelta at lr = 1 "
            "({adadelta_escape:.0f}) reach |θ₂| > 1 at least {normalised_speedup:.2g}× faster "
            "than SGD from every start, and a 10× closer start costs them at most "
            "{normalised_growth:.0%} more steps.",
            "vizdl.checks.properties:normalised_rules_handle_saddles",
        ),
        claim(
            "Momentum and NAG escape ×{momentum_speedup:.2g} faster than SGD (which needs "
            "{sgd_escape_far:.0f} steps from {offset_far}, {sgd_escape_near:.0f} from "
            "{offset_near}), but pay at least {momentum_growth:.0%} more steps per 10× closer "
            "start (SGD {sgd_growth:.0%}).",
            "vizdl.checks.properties:momentum_escape_depends_on_the_offset",
        ),
        claim(
            "Adagrad needs up to {adagrad_escape:.0f} steps, more than SGD from every start, "
            "although a 10× closer start costs it only {adagrad_growth:.0%} more (under "
            "{saddle_growth:.0%}).",
            "vizdl.checks.properties:adagrad_escapes_slower_than_sgd",
        ),
        claim(
            "{cells_agree} of the lecture's {cells_compared} cells agree with the measured table; "
            "the two that differ are Adadelta's consistent units and Adagrad's saddles.",
            "vizdl.checks.properties:cells_that_differ",
        ),
        lecture(
            "Adagrad: easily handles saddle points: Yes.",
            "vizdl.checks.properties:adagrad_handles_saddles",
        ),
        lecture(
            "Adadelta: consistent units: Yes.",
            "vizdl.checks.properties:adadelta_has_consistent_units",
        ),
    ],
    equation=r"$\Delta\theta_t = -\frac{RMS[\Delta\theta]_{t-1}}{RMS[g]_t}\, g_t$",
    equation_note="Adadelta's rule from the lecture: RMS[x] = √(E[x²] + ε). Units of Δθ cancel only "
    "if ε carries the units of Δθ² in the numerator and of g² in the denominator; torch uses one "
    "number ε = 1e-6 for both, which is why the measured first step scales with the parameters.",
)


t.figure(
    "basins-himmelblau",
    title="Basins of convergence on {surface}",
    compute="vizdl.sim.optimizers.basins:basins",
    draw="vizdl.render.mpl.optimizers.basins:figure_basins",
    params=dict(
        surface=_BASINS["surface"],
        domain=_BASINS["domain"],
        resolution=knob(200, "start points per side of the map (its pixels)", low=2, high=300),
        steps=_BASINS["classify_steps"],
        tol=knob(
            0.01, "distance from a minimum that counts as having reached it", low=1e-4, high=1.0
        ),
    ),
    figsize=(13.0, 7.0),
    caption="{surface_text} has {minima_text} in the drawn domain. Every pixel is a start "
    "point; its colour says which minimum the optimizer reached (each at the learning rate of the "
    "panel's title: {basin_rates}), paler meaning it took longer; grey means it was not within "
    "the tolerance of any minimum at the end.[[ SGD, momentum, NAG, Adagrad and Adam bring all "
    "but at most {always_missed} of the {map_starts} starts ({map_resolution} × "
    "{map_resolution}) to a minimum within {map_steps} steps (within {map_tol:g}), and each "
    "minimum drains its own basin.]][[ RMSprop leaves {rmsprop_grey:.0%} grey, yet all of those "
    "end within {rmsprop_grey_max:.2g} of a minimum (median {rmsprop_grey_median:.2g}): its "
    "normalised steps do not shrink with the gradient, so it hovers around the minimum.]][[ "
    "Adadelta reaches a minimum from only {adadelta_share:.0%} of the starts, taking a median "
    "{adadelta_median:.0f} steps: it is still on its way. The same function, the same starts: "
    "the optimizer decides where you end up.]]",
    claims=[
        claim(
            "The map is of {surface_text}, with {minima_text}, all inside the drawn domain; "
            "the rates: {basin_rates}.",
            "vizdl.checks.basins:basins_setting",
        ),
        claim(
            "SGD, momentum, NAG, Adagrad and Adam each miss at most {always_missed} of the "
            "{map_resolution} × {map_resolution} starts within {map_steps} steps, and reach each "
            "of the {n_minima} minima from some.",
            "vizdl.checks.basins:most_rules_bring_every_start_home",
        ),
        claim(
            "RMSprop leaves {rmsprop_grey:.0%} of the starts grey, all of them within "
            "{rmsprop_grey_max:.2g} of a minimum at the end (median {rmsprop_grey_median:.2g}).",
            "vizdl.checks.basins:rmsprop_hovers_near_a_minimum",
        ),
        claim(
            "Adadelta reaches a minimum from {adadelta_share:.0%} of the starts, after a median "
            "{adadelta_median:.0f} steps.",
            "vizdl.checks.basins:adadelta_is_still_on_its_way",
        ),
    ],
    equation=r"$J(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2$",
    equation_for=("surface",),
)


t.animation(
    "basins-himmelblau-animation",
    title="Basins of convergence on {surface} (animation)",
    compute="vizdl.sim.optimizers.basins:basin_flow",
    scene="scenes.optimizers:BasinFlowScene",
    params=dict(
        surface=_BASINS["surface"],
        domain=_BASINS["domain"],
        racers=knob(
            ("SGD", "Adam"), "the two optimizers shown side by side", choices=_RACERS, length=2
        ),
        resolution=knob(20, "start points per side of the grid of moving dots", low=2, high=30),
        steps=knob(60, "steps animated", low=1, high=300),
        classify_steps=_BASINS["classify_steps"],
    ),
    caption="{n_starts} start points per optimizer flow downhill on {surface_text} for "
    "{flow_steps} steps; each dot wears the colour of the minimum it reaches within "
    "{classify_steps} steps (grey: none), as in the static map, and the colours sort themselves "
    "into basins.[[ Plain SGD follows the gradient: {sgd_nearest:.0%} of its starts end at the "
    "minimum nearest to them.]][[ Adam's normalised, momentum-carrying steps carry some over a "
    "ridge: it ends elsewhere than SGD from {adam_differs:.0%} of the starts, and at the nearest "
    "minimum from {adam_nearest:.0%}.]]",
    claims=[
        claim(
            "The dots flow on {surface_text}, with {minima_text}, all inside the drawn "
            "domain; the rates: {basin_rates}.",
            "vizdl.checks.basins:basins_setting",
        ),
        claim(
            "SGD ends at the minimum nearest its start from {sgd_nearest:.0%} of the {n_starts} "
            "starts.",
            "vizdl.checks.basins:flow_sgd_goes_to_the_nearest_minimum",
        ),
        claim(
            "Adam ends at a different minimum than SGD from {adam_differs:.0%} of the starts, "
            "and at the nearest one from {adam_nearest:.0%}.",
            "vizdl.checks.basins:flow_adam_crosses_into_other_basins",
        ),
    ],
    equation=r"$J(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2$",
    equation_for=("surface",),
)


t.figure(
    "nesterov-vs-momentum-overshoot",
    title="Nesterov vs momentum at the same η and γ: who overshoots less",
    compute="vizdl.sim.optimizers.overshoot:nesterov_overshoot",
    draw="vizdl.render.mpl.optimizers.overshoot:figure_nesterov_overshoot",
    params=dict(
        lr=knob(0.03, "learning rate η of both runs", low=0.01, high=0.08),
        momentum=knob(0.9, "momentum γ of both runs", low=0.6, high=0.99),
        steps=knob(200, "steps of each run", low=150, high=1000),
        tol=knob(1e-3, "distance to the minimum that counts as arrived", low=1e-8, high=1e-3),
    ),
    figsize=(13.0, 6.4),
    caption="Standard momentum and Nesterov's accelerated gradient from one start on the "
    "elongated bowl ½({flat_curvature:g}·θ₁² + {steep_curvature:g}·θ₂²), with the same η = {lr:g} and γ = {gamma:g}, for {steps} "
    "steps (torch.optim.SGD's rule, nesterov=False and True; NAG's points are torch's iterates, "
    "the lecture's look-ahead points). Along the steep direction θ₂ momentum lands "
    "{mom_over:.2f} past the minimum at its worst (step {mom_over_step}), NAG only "
    "{nag_over:.2f} ({over_ratio:.0%} of it, step {nag_over_step}). NAG's swings across the "
    "minimum also die out sooner: it crosses {nag_flips} times before θ₂ stays within {tol:g} of "
    "the minimum (from step {nag_steep_settle} on), momentum {mom_flips} times "
    "({mom_steep_settle_text}).[[ In distance to the minimum NAG is within {tol:g} for good "
    "{nag_settle_text}, momentum {mom_settle_text}.]]",
    claims=[
        claim(
            "Both runs use η = {lr:g} and γ = {gamma:g} from the same start for {steps} steps "
            "and differ only in nesterov=True.",
            "vizdl.checks.overshoot:same_settings",
        ),
        claim(
            "Along the steep direction NAG's largest excursion past the minimum is {nag_over:.2f}, "
            "momentum's {mom_over:.2f}.",
            "vizdl.checks.overshoot:nesterov_overshoots_less",
        ),
        claim(
            "Along the steep direction NAG stays within {tol:g} of the minimum from step "
            "{nag_steep_settle} on after {nag_flips} crossings; momentum crosses {mom_flips} "
            "times ({mom_steep_settle_text}).",
            "vizdl.checks.overshoot:nesterov_settles_sooner_across",
        ),
        lecture(
            "Nesterov accelerated gradient (often works better).",
            "vizdl.checks.overshoot:nesterov_arrives_sooner",
        ),
    ],
    equation=r"$v_t = \gamma v_{t-1} + \eta \nabla_\theta J(\theta - \gamma v_{t-1}),\quad \theta = \theta - v_t$",
    equation_note="Standard momentum measures the gradient at θ, NAG at the look-ahead point "
    "θ − γv_{t−1}; torch.optim.SGD(nesterov=True)'s iterates are those look-ahead points.",
)


t.figure(
    "rmsprop-first-step",
    title="RMSprop's first step η/√(1 − α): the zero-started average, and Adam's bias correction",
    compute="vizdl.sim.optimizers.first_step:first_steps",
    draw="vizdl.render.mpl.optimizers.first_step:figure_first_steps",
    params=dict(
        lr=knob(0.01, "learning rate η of all three runs", low=1e-6, high=1.0),
        alpha=knob(0.99, "RMSprop's decay α (the lecture's γ)", low=0.0, high=0.9999),
        beta1=knob(0.9, "Adam's β₁ (decay of m)", low=0.0, high=0.9999),
        beta2=knob(0.999, "Adam's β₂ (decay of v)", low=0.0, high=0.9999),
        steps=knob(500, "steps of each run", low=2, high=5000),
        slopes=knob(
            (0.1, 10.0),
            "the constant gradient (the plane J = s₁θ₁ + s₂θ₂), one slope per coordinate",
            length=2,
            low=-1e3,
            high=1e3,
        ),
    ),
    figsize=(13.0, 5.2),
    caption="On a plane the gradient is the same at every step, so what each rule does with it "
    "is exact. Left: an average started at 0 with decay β holds only (1 − βᵗ) of what it "
    "averages: after step 1 RMSprop's E[g²] is {sq1_share:.3g} of g², Adam's m {m1_share:.3g} "
    "of g and v {v1_share:.3g} of g². Right: so RMSprop's first step is "
    "{rms_first_factor:.4g}·η, the closed form η/√(1 − α) = {rms_expected_factor:.4g}η at α = "
    "{alpha:g}, in both coordinates although their slopes differ {slope_ratio:g}-fold; it "
    "falls towards η only as the average fills up (under 1.1η {rms_under_text}). "
    "Adam divides m and v by 1 − βᵗ, and each of its steps is η from the first (step 1: "
    "{adam_first_factor:.6f}η). Without that correction (a variant computed here, not torch's: "
    "the same m and v, to {moments_gap:.0e}) the first step is (1 − β₁)/√(1 − β₂) = "
    "{raw_first_factor:.3g}η[[, and the steps grow to {raw_peak_factor:.3g}η at step "
    "{raw_peak_step} while m fills up faster than v]]; at step {last_step} it is "
    "{raw_last_factor:.3g}η. Every line is measured from the runs; the grey circles are the "
    "closed forms (equal to 1e-9), the crosses the first step of the coordinate of the other "
    "slope.",
    claims=[
        claim(
            "RMSprop's first step is {rms_first_factor:.4g}·η in both coordinates (closed form "
            "η/√(1 − α) = {rms_expected_factor:.4g}η), slopes {slope_ratio:g}-fold apart.",
            "vizdl.checks.first_step:rmsprop_first_step_is_eta_over_root",
        ),
        claim(
            "Every RMSprop step is η/√(1 − αᵗ) (to 1e-9); under 1.1η {rms_under_text}, "
            "{rms_last_factor:.4f}η at step {last_step}.",
            "vizdl.checks.first_step:rmsprop_steps_follow_the_closed_form",
        ),
        claim(
            "With the bias correction every Adam step is η (step 1: {adam_first_factor:.6f}η).",
            "vizdl.checks.first_step:adam_corrected_steps_are_eta",
        ),
        claim(
            "Without it step t is η(1 − β₁ᵗ)/√(1 − β₂ᵗ) (to 1e-9): {raw_first_factor:.3g}η "
            "first, {raw_last_factor:.3g}η at step {last_step}.",
            "vizdl.checks.first_step:adam_uncorrected_steps_follow_the_closed_form",
        ),
        claim(
            "Without it the steps grow to {raw_peak_factor:.3g}η (step {raw_peak_step}), then "
            "shrink.",
            "vizdl.checks.first_step:uncorrected_steps_grow_before_they_shrink",
        ),
        claim(
            "The uncorrected variant's m and v are torch's Adam's (to {moments_gap:.0e}).",
            "vizdl.checks.first_step:uncorrected_variant_has_adams_moments",
        ),
        lecture(
            "Since m_t and v_t are initialized as vectors of 0's, they are biased towards zero, "
            "especially during the initial time steps",
            "vizdl.checks.first_step:averages_start_biased_to_zero",
        ),
    ],
    equation=r"$E[g^2]_t = \gamma E[g^2]_{t-1} + (1-\gamma) g_t^2,\quad \hat m_t = \frac{m_t}{1 - \beta_1^t},\ \hat v_t = \frac{v_t}{1 - \beta_2^t}$",
    equation_note="torch's RMSprop calls the lecture's γ alpha (default 0.99) and adds ε outside "
    "the root: Δθ = −η·g / (√E[g²] + ε).",
)


t.figure(
    "adadelta-units",
    title="Adadelta's consistent units, measured: the same problem in parameters {scale}× smaller",
    compute="vizdl.sim.optimizers.units:adadelta_units",
    draw="vizdl.render.mpl.optimizers.units:figure_units",
    params=dict(
        scale=knob(10.0, "c in θ = c·φ: the parameters' rescaling", low=1.5, high=1000.0),
        lr=knob(0.01, "learning rate η of SGD, RMSprop and Adam", low=1e-4, high=0.05),
        newton_lr=knob(0.1, "η of the damped Newton step", low=0.01, high=1.0),
        steps=knob(60, "steps of each run", low=5, high=500),
        rho=knob(0.9, "Adadelta's decay ρ (the lecture's γ)", low=0.5, high=0.99),
        eps=knob(1e-6, "Adadelta's ε (torch's default 1e-6)", low=1e-10, high=1e-4),
    ),
    figsize=(14.0, 5.8),
    caption="The elongated bowl ½(θ₁² + 10θ₂²), and the same bowl in parameters φ = θ/{c:g} "
    "(θ = {c:g}·φ: the same loss, its gradient ×{c:g} and its curvature ×{c2:g}). Each rule "
    "runs in both, and the φ-run is mapped back to θ (dashed). An update with the units of θ, "
    "as the lecture says Newton's H⁻¹g has, takes one path either way: the damped Newton step "
    "(η = {newton_lr:g}) does (the paths within {consistent_gap:.0e} of their extent). SGD's "
    "first step, mapped "
    "back, is {sgd_ratio:.4g}× the direct one (c² = {c2:g}): η·g has the units of "
    "1/θ{sgd_left_text}. RMSprop, Adam and torch's Adadelta take first steps {c:g}× the "
    "direct ones: the same numbers in φ as in θ, steps without units, and their paths part. "
    "Adadelta's "
    "RMS[Δθ] = √(E[Δθ²] + ε) starts at √ε whatever the parameters' scale: after step 1 its "
    "E[Δθ²] is {acc_first:.3g} in θ and {acc_first_mapped:.3g} in φ while E[g²] is "
    "{sq_ratio:g}× apart, and its first step is √(2ε/(1 − ρ)) long at every ε tried "
    "({first_list} for ε = {eps_list}; {torch_first:.2e} at the runs' ε = {torch_eps:g}). With an ε "
    "that carries units (ε/c² in the numerator, c²ε under the gradient's root: a variant "
    "computed here, not torch's) Adadelta's two paths coincide as Newton's do: the lecture's "
    "units argument holds for that rule, not for torch's one-number ε.",
    claims=[
        claim(
            "SGD's first step, mapped back to θ, is {sgd_ratio:.4g}× the direct one (c² = {c2:g}).",
            "vizdl.checks.units:sgd_step_has_inverse_units",
        ),
        claim(
            "RMSprop's, Adam's and torch's Adadelta's first steps are ×{rmsprop_ratio:.4g}, "
            "×{adam_ratio:.4g} and ×{adadelta_ratio:.4g} (c = {c:g}), and each pair of paths "
            "parts by at least {normalised_parting:.2g} of the path's extent.",
            "vizdl.checks.units:normalised_steps_are_unitless",
        ),
        claim(
            "The damped Newton step and Adadelta with ε carrying units take one path in θ and in "
            "φ (within {consistent_gap:.0e} of the path's extent; first step ×1).",
            "vizdl.checks.units:consistent_units_take_one_path",
        ),
        claim(
            "After step 1 torch's Adadelta holds E[Δθ²] = {acc_first:.3g} in θ and "
            "{acc_first_mapped:.3g} in φ, while its E[g²] is {sq_ratio:g}× apart.",
            "vizdl.checks.units:adadelta_accumulator_starts_at_eps",
        ),
        claim(
            "Adadelta's first step is √(2ε/(1 − ρ)) long (to {ratio_tol:g}): {first_list} for "
            "ε = {eps_list}.",
            "vizdl.checks.units:first_step_is_sqrt_eps",
        ),
        lecture(
            "Adadelta: consistent units: Yes.",
            "vizdl.checks.units:adadelta_has_consistent_units",
        ),
    ],
    equation=r"$\Delta\theta_t = -\frac{\sqrt{E[\Delta\theta^2]_{t-1} + \epsilon}}{\sqrt{E[g^2]_t + \epsilon}}\, g_t$",
    equation_note="torch's Adadelta (lr = 1): one number ε in both roots. Units cancel only if "
    "the ε in the numerator has the units of θ² and the one in the denominator those of g².",
)


t.figure(
    "saddle-plateau",
    title="A saddle surrounded by a plateau: who leaves it, at one η and at each one's best",
    compute="vizdl.sim.optimizers.plateau:plateau_saddle",
    draw="vizdl.render.mpl.optimizers.plateau:figure_plateau_saddle",
    params=dict(
        lr=knob(
            0.05, "the one learning rate of the left panel (not Adadelta's)", low=1e-3, high=0.3
        ),
        steps=knob(300, "steps of each run", low=50, high=2000),
        offset=knob(
            0.01, "the start's distance from the saddle's unstable axis (y)", low=1e-4, high=0.1
        ),
    ),
    figsize=(16.0, 5.8),
    caption="J = x⁴ + y⁶/3 − y⁴ has a saddle at the origin whose Hessian is zero: within "
    "{radius:g} of it the loss stays within {plateau_dj:.3f} of the saddle's {saddle_loss:g} "
    "and the gradient's norm is at most {plateau_grad:.2f} (the minima's loss is "
    "{minimum_loss:.3g}). The {n_racers_text} racers start at the open circle, on the stable side (x) just "
    "off the unstable axis (y); a run counts as leaving the plateau when its loss falls below "
    "{escape:.3g}, half way down to the minima, within {steps} steps. All at "
    "one rate η = {lr:g} (Adadelta at torch's lr = 1, as in every race): {shared_left} leave; "
    "{shared_stayed} never fall below {escape:.3g}[[; {shared_diverged} diverge]]. Each at its best rate on the races' grid (the lowest loss over the "
    "last 10% of steps): {best_left} leave; {best_stayed} never do[[; {best_diverged} diverge]].",
    claims=[
        claim(
            "Within {radius:g} of the saddle the loss stays within {plateau_dj:.3f} of the "
            "saddle's ({flat_share:.0%} of the drop to the minima at most) and the gradient's norm is at most "
            "{plateau_grad:.2f}.",
            "vizdl.checks.plateau:plateau_is_flat",
        ),
        claim(
            "At one rate η = {lr:g}: {shared_left} leave the plateau; {shared_stayed} never fall below {escape:.3g}"
            "[[; {shared_diverged} diverge]].",
            "vizdl.checks.plateau:who_leaves_at_one_rate",
        ),
        claim(
            "Each at its best grid rate: {best_left} leave; {best_stayed} never do"
            "[[; {best_diverged} diverge]].",
            "vizdl.checks.plateau:who_leaves_at_best_rates",
        ),
        lecture(
            "These saddle points are usually surrounded by a plateau of the same error, which "
            "makes it notoriously hard for SGD to escape, as the gradient is close to zero in "
            "all dimensions.",
            "vizdl.checks.plateau:lecture_sgd_stuck_on_the_plateau",
        ),
        lecture(
            "Easily handle saddle points: SGD No, Momentum No, Nesterov No, Adagrad Yes, "
            "Adadelta Yes, Rmsprop Yes, Adam Yes.",
            "vizdl.checks.plateau:lecture_table_saddle_column",
        ),
    ],
    equation=r"$J(x, y) = x^4 + \frac{y^6}{3} - y^4,\quad \nabla J(0, 0) = 0,\ \nabla^2 J(0, 0) = 0$",
)


t.figure(
    "adagrad-sparse-features",
    title="Adagrad on sparse features: larger updates for the rarely-seen weights",
    compute="vizdl.sim.optimizers.sparse:sparse_features",
    draw="vizdl.render.mpl.optimizers.sparse:figure_sparse_features",
    params=dict(
        # The caption holds on this box (tests/gallery/test_knobs_corners.py). Outside it the
        # lesson fails: one feature per group or p_common / p_rare under ~10 and Adagrad's rates
        # no longer favour the rare ones 2×; 200 steps of 1 example and it learns nothing rare;
        # 20,000 steps took 415 s.
        d_common=knob(10, "features on in a share p_common of the examples", low=2, high=50),
        d_rare=knob(10, "features on in a share p_rare of the examples", low=2, high=50),
        p_common=knob(
            0.5,
            "share of examples with a common feature on (below 0.4 the rare ones are not rare enough)",
            low=0.4,
            high=1.0,
        ),
        p_rare=knob(
            0.02,
            "share of examples with a rare feature on (above 0.03 not rare enough to favour them 2×)",
            low=0.01,
            high=0.03,
        ),
        steps=knob(
            1500,
            "mini-batch steps of each run (fewer: too few rare examples seen; 20,000 took 415 s)",
            low=1500,
            high=3000,
        ),
        batch_size=knob(
            10, "examples per mini-batch (below 10: too few rare examples)", low=10, high=100
        ),
    ),
    figsize=(14.0, 5.4),
    caption="A linear model y = x·w* + noise, least squares, all true weights 1: {n_common} "
    "features are on in {common_share:.0%} of the {n_examples:,} examples drawn, {n_rare} in "
    "{rare_share:.1%}. torch.optim's SGD and Adagrad run on the same mini-batches from w = 0, "
    "each at its best rate of a log-spaced grid (SGD η = {sgd_lr:.3g}). Left: after the last step "
    "Adagrad's effective rate η/(√Gᵢᵢ + ε) is {eff_ratio:.1f}× larger for the rare features "
    "({adagrad_rare_lr:.3g}) than for the common ones ({adagrad_common_lr:.3g}): their "
    "gradients are mostly 0, so their sum of squares Gᵢᵢ stays small. SGD uses one η for all. "
    "Right: Adagrad gets the rare weights within {learned:.0%} of their start error in "
    "{adagrad_rare_steps} steps, SGD {sgd_rare_steps_text}[[ ({rare_speedup:.2g}× as many)]]; "
    "on the common features {common_compare} (Adagrad {adagrad_common_text}, SGD "
    "{sgd_common_text}).",
    claims=[
        claim(
            "{n_rare} features are on in {rare_share:.1%} of the {n_examples:,} examples, "
            "{n_common} in {common_share:.1%}.",
            "vizdl.checks.sparse:features_as_stated",
        ),
        claim(
            "Adagrad's final effective rate is {eff_ratio:.1f}× larger for the rare features "
            "than for the common ones (at least {favour_bound:g}×); SGD's is η = {sgd_lr:.3g} "
            "for all.",
            "vizdl.checks.sparse:adagrad_rates_favour_rare_features",
        ),
        claim(
            "Adagrad learns the rare weights to within {learned:.0%} of their start error in "
            "{adagrad_rare_steps} steps, SGD {sgd_rare_steps_text}.",
            "vizdl.checks.sparse:rare_weights_learned",
        ),
        claim(
            "On the common features {common_compare} (Adagrad {adagrad_common_text}, SGD "
            "{sgd_common_text}).",
            "vizdl.checks.sparse:common_weights_compared",
        ),
        lecture(
            "Perform larger updates for infrequent updated parameters, and smaller updates for "
            "frequent updated parameters. Well-suited for dealing with sparse data.",
            "vizdl.checks.sparse:adagrad_larger_updates_for_infrequent",
        ),
    ],
    equation=r"$\theta_{t+1,i} = \theta_{t,i} - \frac{\eta}{\sqrt{G_{t,ii} + \epsilon}} g_{t,i}$",
    equation_note="torch's Adagrad adds ε outside the root: η / (√Gᵢᵢ + ε), ε = 1e-10.",
)
