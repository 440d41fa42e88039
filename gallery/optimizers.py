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

_RACE_CAPTION = (
    "The lecture's optimizers from one start point: SGD, momentum, Nesterov (NAG), Adagrad, "
    "Adadelta, RMSprop and Adam. Each path is the optimizer's real update rule (checked against "
    "torch.optim step by step). To make the race fair, each optimizer runs at its best learning "
    "rate from a log-spaced grid of 24 values (lowest loss over the last 10% of steps without "
    "diverging), shown in the legend. Adadelta is the exception: it keeps torch's lr = 1, as it "
    "needs no learning rate, and with torch's ε = 10⁻⁶ its first step is only "
    "{adadelta_first:.1e} long (the others' median: {others_first:.2g}), so it finishes last "
    "(loss {adadelta_loss:.2g}): needing no learning rate is not the same as being fast."
)
_ADADELTA_CLAIM = claim(
    "Adadelta, at torch's lr = 1, takes a first step of {adadelta_first:.1e} (under 1% of the "
    "others' median, {others_first:.2g}) and ends with the highest loss ({adadelta_loss:.2g}; "
    "next worst {next_worst_loss:.2g}).",
    "vizdl.checks.races:adadelta_untuned_finishes_last",
)

# Names the simulations accept, written out (listing the gallery never imports vizdl.sim);
# tests/gallery/test_knobs_optimizers.py checks them against the simulations' registries.
_RACERS = ("SGD", "Momentum", "NAG", "Adagrad", "Adadelta", "RMSprop", "Adam")  # races.RACERS
_QUADRATICS = ("bowl", "elongated", "ravine")  # the positive-definite quadratics of SURFACES
_WITH_MINIMUM = ("bowl", "elongated", "ravine", "beale", "rosenbrock", "himmelblau")  # 2-D, minima
_RACE_SURFACES = ("bowl", "beale", "ravine", "saddle", "rosenbrock")  # races.RACE_SETUPS

# The learning-rate regimes, on the parabola and on a 2-D quadratic.
_REGIMES = dict(
    lr_factors=knob(
        (0.1, 0.7, 1.8, 2.1),
        "the four learning rates, as multiples of 1/(steepest curvature): 2 and above diverge",
        low=0.0,
        high=4.0,
        length=4,
    ),
    steps=knob(
        20, "gradient-descent steps of each run (the animation shows every one)", low=1, high=100
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
_RAVINE = dict(
    lr=knob(
        0.0198,
        "learning rate η of both runs (plain descent diverges above 2/condition)",
        low=1e-6,
        high=1.0,
    ),
    momentum=knob(
        0.8,
        "momentum γ of the second run: the share of its last step carried into the next (0: none)",
        low=0.0,
        high=0.99,
    ),
    steps=knob(80, "gradient-descent steps of each run", low=1, high=1000),
    condition=knob(
        100.0,
        "condition number: how many times more curved the ravine is across than along",
        low=1.0,
        high=1000.0,
    ),
)

# What the ravine pictures claim, checked on the runs (vizdl/checks/momentum.py).
_RAVINE_CLAIMS = [
    claim(
        "The ravine's curvatures differ {condition:g}×.",
        "vizdl.checks.momentum:condition_number",
    ),
    claim(
        "Plain gradient descent (η·λ_max = {gd_steep:.2f}) jumps across the valley on every one "
        "of its {steps} steps and ends with {gd_cross_left:.0%} of its cross-valley distance.",
        "vizdl.checks.momentum:plain_keeps_zigzagging",
    ),
    claim(
        "Momentum γ = {gamma:g} damps the zig-zag: {mom_cross_left:.1e} of the cross-valley "
        "distance is left, under a tenth of plain descent's {gd_cross_left:.0%}.",
        "vizdl.checks.momentum:momentum_damps_the_zigzag",
    ),
    claim(
        "Along the floor momentum has {mom_along_left:.1e} of the distance left, plain descent "
        "{gd_along_left:.0%}.",
        "vizdl.checks.momentum:momentum_runs_along_the_floor",
    ),
    lecture(
        "Momentum tries to accelerate SGD in the relevant direction and dampens oscillations.",
        "vizdl.checks.momentum:momentum_accelerates_and_damps",
    ),
]

_RACE = dict(
    surface=knob(
        "beale",
        "surface the optimizers race on (each has its own start point and step count)",
        choices=_RACE_SURFACES,
    ),
)

# Stochastic, mini-batch and batch gradient descent. Every batch size must fit in the data, so
# n starts where batch_sizes ends.
_BATCH = dict(
    n=knob(
        200,
        "generated data points to fit (at least the largest batch size, 200)",
        low=200,
        high=1000,
    ),
    batch_sizes=knob(
        (1, 10, 50, 200),
        "examples per gradient, one run each: 1 is stochastic, all the data (200 by default) is batch",
        low=1,
        high=200,
    ),
    lr=knob(
        0.3,
        "learning rate η of every run (beyond about 0.8 the one-example run diverges)",
        low=1e-6,
        high=0.5,
    ),
    steps=knob(100, "updates of each run", low=1, high=500),
)

# Adaptive learning rates (the figure and the animation run the same simulation). The gradient
# must switch before the stream ends, so steps starts where switch ends.
_ADAPTIVE = dict(
    steps=knob(
        300,
        "length of the gradient stream and of the bowl runs, in steps (more than switch)",
        low=201,
        high=3000,
    ),
    switch=knob(100, "step after which the gradient drops from big to small", low=1, high=200),
    big=knob(1.0, "gradient before the switch", low=1e-3, high=100.0),
    small=knob(0.1, "gradient after the switch", low=1e-3, high=100.0),
    adam_steps=knob(
        40, "steps of the noisy gradient stream of Adam's bias-correction panel", low=1, high=1000
    ),
)

# Basins of convergence: the map and the flow of start points share the surface and how long
# each start runs before it is classified.
_BASINS = dict(
    surface=knob(
        "himmelblau",
        "surface mapped (one with known minima: Himmelblau has four)",
        choices=_WITH_MINIMUM,
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
            "quadratic bowl to descend (elongated: ½(θ₁² + 10θ₂²))",
            choices=_QUADRATICS,
        ),
        lr_factors=_REGIMES["lr_factors"],
        start=knob(
            (-2.5, 1.5),
            "start point (θ₁, θ₂), inside the plotted square −3 to 3",
            low=-3.0,
            high=3.0,
            length=2,
        ),
        steps=_REGIMES["steps"].with_default(30),
    ),
    figsize=(14.0, 4.6),
    animation_title="Learning rate in two dimensions (animation)",
    caption="Gradient descent on a quadratic bowl whose curvatures are λ_min = {lam_min:g} along "
    "θ₁ and λ_max = {lam_max:g} along θ₂, at four learning rates given as multiples of 1/λ_max. "
    "Each coordinate is multiplied by (1 − ηλᵢ) per step. The steep θ₂ decides stability: at "
    "{div2_factor:g}/λ_max, beyond 2/λ_max, θ₂ grows × {div2_steep:.2f} per step and the run "
    "diverges while θ₁ still shrinks (× {div2_flat:.2f}). The flat θ₁ decides the speed: at "
    "{small2_factor:g}/λ_max, after {small2_steps} steps θ₁ keeps {small2_flat_left:.0%} of its "
    "distance to the minimum, θ₂ only {small2_steep_left:.0%}. The fastest fixed rate is "
    "2/(λ_min + λ_max) = {best_factor:.2f}/λ_max, where θ₂ zig-zags: the run at "
    "{closest_factor:g}/λ_max ends closest to the minimum. A learning rate small enough for θ₂ "
    "is slow for θ₁: the lecture's case for per-parameter learning rates.",
    animation_caption="The four runs of the static figure, step by step. Watch the steep "
    "direction θ₂: it zig-zags in at {closest_factor:g}/λ_max, the run that ends closest to the "
    "minimum, and blows up at {div2_factor:g}/λ_max; at {small2_factor:g}/λ_max the flat θ₁ "
    "still keeps {small2_flat_left:.0%} of its distance after {small2_steps} steps.",
    claims=[
        claim(
            "The bowl's flat and steep directions are the axes θ₁ (λ = {lam_min:g}) and θ₂ "
            "(λ = {lam_max:g}).",
            "vizdl.checks.learning_rates:axis_aligned",
        ),
        claim(
            "At {div2_factor:g}/λ_max every step flips θ₂ and moves it further out "
            "(× {div2_steep:.2f}), while θ₁ shrinks (× {div2_flat:.2f}).",
            "vizdl.checks.learning_rates:steep_axis_decides_stability",
        ),
        claim(
            "At {small2_factor:g}/λ_max, after {small2_steps} steps, θ₁ keeps "
            "{small2_flat_left:.0%} of its distance to the minimum, θ₂ {small2_steep_left:.0%}.",
            "vizdl.checks.learning_rates:flat_axis_decides_speed",
        ),
        claim(
            "The run ending closest to the minimum is the one at {closest_factor:g}/λ_max, the "
            "rate nearest the fastest fixed rate 2/(λ_min + λ_max) = {best_factor:.2f}/λ_max, "
            "and its θ₂ zig-zags.",
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
    params=dict(
        steps=_SWEEP["steps"],
        lr_min=_SWEEP["lr_min"],
        lr_max=_SWEEP["lr_max"],
        n_lrs=_SWEEP["n_lrs"],
    ),
    figsize=(15.0, 5.0),
    caption="The loss left after 200 steps (mean of the last 20), against the learning rate, for "
    "each optimizer on four surfaces from the race's start points. ✕ marks runs that diverged. SGD, "
    "momentum and NAG work in a narrow window that ends abruptly at the stability limit (on the "
    "round bowl exactly at η = 2 for SGD); the adaptive methods normalise the gradient and keep "
    "working across orders of magnitude, though each has its own best rate. Choosing a learning rate "
    "is the lecture's first difficulty with gradient descent.",
    equation=r"$\theta = \theta - \eta \cdot \nabla_\theta J(\theta)$",
)

t.animation(
    "lr-sensitivity-animation",
    title="Sweeping the learning rate: SGD's window closes, Adam's stays open (animation)",
    compute="vizdl.sim.optimizers.learning_rates:lr_sweep_paths",
    scene="scenes.optimizers:LRSweepScene",
    params=dict(
        surface=knob(
            "ravine",
            "surface swept (one with a minimum to measure the loss against)",
            choices=_WITH_MINIMUM,
        ),
        racers=knob(("SGD", "Adam"), "optimizers swept, by the lecture's names", choices=_RACERS),
        lr_min=_SWEEP["lr_min"].with_default(1e-3),
        lr_max=_SWEEP["lr_max"].with_default(1.0),
        n_lrs=_SWEEP["n_lrs"].with_default(41),
        steps=_SWEEP["steps"].with_default(100),
    ),
    caption="η walks from 10⁻³ to 1 on a log scale. Left: SGD's and Adam's whole 100-step paths on "
    "the ravine (condition number 100) at the current η. Right: the loss each leaves, drawn up to "
    "the current η. SGD improves until η passes 2/λ_max = 0.02 and then diverges; Adam's step is "
    "about η per coordinate whatever the curvature, so it keeps converging across the sweep.",
    equation=r"$\theta = \theta - \eta \cdot \nabla_\theta J(\theta)$",
)


t.figure(
    "momentum-ravine",
    title="Momentum in a ravine (static)",
    compute="vizdl.sim.optimizers.momentum:momentum_ravine",
    draw="vizdl.render.mpl.optimizers.momentum:figure_momentum_ravine",
    params=_RAVINE,
    caption="A ravine curves {condition:g}× more steeply across the valley than along it. With "
    "η·λ_max = {gd_steep:.2f}, just under the stability limit 2, every step of plain gradient "
    "descent jumps across the valley, and after {steps} steps {gd_cross_left:.0%} of its "
    "cross-valley distance is still there; with η·λ_min = {gd_flat:.4g} it crawls along the "
    "floor ({gd_along_left:.0%} of that distance left). Momentum (γ = {gamma:g}) from the same start damps "
    "the zig-zag ({mom_cross_left:.1e} left) and lets the steps along the floor add up "
    "({mom_along_left:.1e} left). Both paths are torch.optim.SGD's rule; colours as in the "
    "races.",
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
    "of both runs per step on a log scale. Plain gradient descent keeps jumping across the valley "
    "({gd_cross_left:.0%} of the zig-zag left after {steps} steps); momentum's zig-zag dies out "
    "({mom_cross_left:.1e} left) and it runs down the floor ({mom_along_left:.1e} left, plain "
    "descent {gd_along_left:.0%}).",
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
            "quadratic bowl the run descends (the ravine needs η below 0.02)",
            choices=_QUADRATICS,
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
    caption="The lecture's picture of Nesterov's accelerated gradient, with every vector taken from a "
    "real run on an elongated bowl. Standard momentum (blue, dotted) measures the gradient where it "
    "is, then jumps along the accumulated gradient. Nesterov first jumps along the previous "
    "accumulated gradient (brown), measures the gradient where it lands and corrects (red); the sum "
    "is the new accumulated step (green). Near the bottom of a valley the look-ahead gradient already "
    "points back, so Nesterov brakes earlier than standard momentum.",
    animation_caption="Four steps of a real Nesterov run, each in the lecture's three moves: jump along the "
    "previous accumulated step (brown), measure the gradient where you land and correct (red), and "
    "take the sum (green). Standard momentum's vectors from the same point are drawn in blue.",
    equation=r"$v_t = \gamma v_{t-1} + \eta \nabla_\theta J(\theta - \gamma v_{t-1}),\quad \theta = \theta - v_t$",
    equation_note="torch.optim.SGD(nesterov=True) runs the same method in shifted variables: its iterates "
    "are the lecture's look-ahead points θ_t − γ·v_t (the crosses on the left; equal to 1e-15 in the "
    "tests), which is why it only ever evaluates gradients at its own parameters.",
)


_RACES = (
    (
        "bowl",
        "Optimizer race: round bowl",
        _RACE_CAPTION + " On a round bowl every direction is equally curved, so plain gradient "
        "descent at its best rate is already ideal: it gets the loss under 10⁻¹² first (in "
        "{sgd_steps:.0f} steps; next {runner_up}, {runner_up_steps:.0f}).",
        [
            _ADADELTA_CLAIM,
            claim(
                "Plain SGD gets the loss under 10⁻¹² in the fewest steps ({sgd_steps:.0f}; next "
                "{runner_up}, {runner_up_steps:.0f}).",
                "vizdl.checks.races:sgd_is_ideal_on_the_bowl",
            ),
        ],
    ),
    (
        "beale",
        "Optimizer race: Beale's function",
        _RACE_CAPTION + " Beale's function has a flat plateau and a curved, narrowing valley "
        "towards its minimum at (3, 0.5).",
        [_ADADELTA_CLAIM],
    ),
    (
        "ravine",
        "Optimizer race: a ravine",
        _RACE_CAPTION + " The ravine is 100× more curved across than along, and turned 30°. "
        "Momentum and NAG end at {momentum_loss:.0e} and {nag_loss:.0e}, SGD at {sgd_loss:.1e}. "
        "Adagrad ({adagrad_loss:.1e}) and RMSprop ({rmsprop_loss:.1e}) end far above every method "
        "with momentum: they rescale each coordinate, and a turned valley is steep in both "
        "coordinates, so per-coordinate rates cannot remove its ill-conditioning. Adam, which "
        "adds momentum to them, ends at {adam_loss:.0e}.",
        [
            _ADADELTA_CLAIM,
            claim(
                "Momentum ({momentum_loss:.0e}) and NAG ({nag_loss:.0e}) end at least 1000× below "
                "SGD ({sgd_loss:.1e}).",
                "vizdl.checks.races:momentum_methods_win_the_ravine",
            ),
            claim(
                "Adagrad ({adagrad_loss:.1e}) and RMSprop ({rmsprop_loss:.1e}) end at least 100× "
                "above Momentum, NAG and Adam ({adam_loss:.0e}).",
                "vizdl.checks.races:per_coordinate_rates_do_not_undo_a_rotation",
            ),
        ],
    ),
    (
        "saddle",
        "Optimizer race: escaping a saddle",
        "The lecture's optimizers from one start point, each path the optimizer's real update "
        "rule (checked against torch.optim step by step). All start {start_offset:.0e} off the "
        "saddle's stable axis, at one learning rate ({shared_lr:g}; Adadelta torch's 1): no tuning "
        "here. "
        "The right panel shows how fast each moves away along the unstable axis. Adagrad, "
        "RMSprop and Adam divide the tiny gradient by its own size and leave at once (|θ₂| grows "
        "at least {adaptive_first_growth:,.0f}× in the first step); Adadelta, whose accumulators "
        "start near ε, does not ({adadelta_first_growth:.2g}×), but its steps grow and after 30 "
        "steps it is at {adadelta_theta2_30:.2g}, over 1000× further than SGD. SGD's distance "
        "grows by exactly "
        "1 + 2η = {sgd_growth:.3g} per step; momentum compounds it (after 30 steps "
        "{momentum_theta2_30:.2g} against SGD's {sgd_theta2_30:.2g}).",
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
                "SGD's |θ₂| grows by 1 + 2η = {sgd_growth:.3g} per step from {start_offset:.0e}.",
                "vizdl.checks.races:sgd_escapes_geometrically",
            ),
            claim(
                "Adagrad, RMSprop and Adam grow |θ₂| at least {adaptive_first_growth:,.0f}× in one "
                "step.",
                "vizdl.checks.races:adaptive_methods_leave_at_once",
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
for _surface, _title, _caption, _claims in _RACES:
    t.pair(
        f"race-{_surface}",
        title=_title,
        compute="vizdl.sim.optimizers.races:optimizer_race",
        draw="vizdl.render.mpl.optimizers.races:figure_race",
        scene="scenes.optimizers:OptimizerRace",
        params={**_RACE, "surface": _RACE["surface"].with_default(_surface)},
        figsize=(12.0, 6.75),
        caption=_caption,
        claims=_claims,
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
    caption="The saddle race on the surface itself: all start 10⁻⁶ off the stable axis, at one "
    "learning rate. The adaptive methods roll off down the unstable direction at once; SGD and the "
    "momentum methods first slide to the saddle point along the stable direction and sit there "
    "while the tiny offset grows. The camera circles so the shape of the saddle is clear.",
    equation=r"$J(x, y) = x^2 - y^2$",
)


t.figure(
    "stochastic-minibatch-batch",
    title="Stochastic, mini-batch and batch gradient descent",
    compute="vizdl.sim.optimizers.batches:batch_paths",
    draw="vizdl.render.mpl.optimizers.batches:figure_batch_paths",
    params=_BATCH,
    figsize=(12.0, 5.6),
    caption="Fitting a line y = w·x + b to 200 generated points by least squares, so the loss "
    "contours and the best fit are known exactly. Each run takes 100 updates with the same learning "
    "rate; only the number of examples per gradient differs (reshuffled every epoch). One example "
    "per step (stochastic) gives a noisy gradient: the path wanders and keeps bouncing around the "
    "minimum; mini-batches of 10 or 50 average most of the noise away; the full batch follows the "
    "exact gradient. Per update the cost is 1, 10, 50 and 200 examples.",
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
        steps=_BATCH["steps"].with_default(60),
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


t.figure(
    "adaptive-learning-rates",
    title="Adaptive learning rates: Adagrad vs RMSprop/Adadelta, and Adam's bias correction",
    compute="vizdl.sim.optimizers.adaptive:adaptive_learning_rates",
    draw="vizdl.render.mpl.optimizers.adaptive:figure_adaptive_rates",
    params=_ADAPTIVE,
    figsize=(15.0, 5.2),
    caption="Left: on the elongated bowl each parameter gets its own step size, the steep θ₂ the "
    "smaller one. Middle: a loss whose slope drops tenfold at step 100. Adagrad divides by the root "
    "of the sum of all squared gradients so far, which only grows: its rate never recovers. RMSprop and "
    "Adadelta divide by a decaying average, forget the steep phase and raise their rate again. Right: "
    "Adam's moment estimates start at 0, so the raw averages m and v are far too small for the first "
    "steps; dividing by 1 − βᵗ corrects them. Every curve is recorded from the update rule's own state.",
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
    caption="Left: the effective learning rate of Adagrad, RMSprop and Adadelta while the gradient "
    "drops tenfold at step 100; Adagrad's never comes back, the windowed methods' rise again. Right: "
    "Adam's running mean m of a noisy gradient starts at 0 and lags far behind the data; dividing by "
    "1 − β₁ᵗ removes that start-up bias at once.",
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
            "c in the rescaling θ = c·φ of the consistent-units test (1 makes it trivial)",
            low=0.01,
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
    caption="Each yes/no of the lecture's table, measured on the real update rules. Adaptive: the "
    "first step's Δθ/g differs per parameter on an elongated bowl (×5 = the gradient ratio). Consistent "
    "units: optimise in rescaled parameters θ = 10·φ and compare the first step in θ's units (SGD ×100 "
    "= 10², the normalised methods ×10; a rule with the units of θ would give ×1). Saddle: steps to "
    "reach |θ₂| > 1 on x² − y² from 10⁻³, 10⁻⁶ and 10⁻⁹ off the stable axis: the adaptive methods "
    "normalise the tiny gradient, so starting closer barely costs them anything, while SGD, momentum "
    "and NAG pay a fixed number of steps per decade. 20 of 21 cells agree; Adadelta's consistent units "
    "holds for its idealised rule but not with torch's ε, which fixes its first steps in absolute units.",
    equation=r"$\Delta\theta_t = -\frac{RMS[\Delta\theta]_{t-1}}{RMS[g]_t}\, g_t$",
    equation_note="Adadelta's rule from the lecture: RMS[x] = √(E[x²] + ε). Units of Δθ cancel only "
    "if ε carries the units of Δθ² in the numerator and of g² in the denominator; torch uses one "
    "number ε = 1e-6 for both, which is why the measured first step scales with the parameters.",
)


t.figure(
    "basins-himmelblau",
    title="Basins of convergence on Himmelblau's function",
    compute="vizdl.sim.optimizers.basins:basins",
    draw="vizdl.render.mpl.optimizers.basins:figure_basins",
    params=dict(
        surface=_BASINS["surface"],
        resolution=knob(200, "start points per side of the map (its pixels)", low=2, high=300),
        steps=_BASINS["classify_steps"],
        tol=knob(
            0.01, "distance from a minimum that counts as having reached it", low=1e-4, high=1.0
        ),
    ),
    figsize=(13.0, 7.0),
    caption="Himmelblau's function has four minima. Every pixel is a start point (200 × 200 of them); "
    "its colour says which minimum the optimizer reached within 500 steps, paler meaning it took "
    "longer; grey means it was not within 0.01 of any minimum at the end (RMSprop's constant-size "
    "steps hover around a minimum; Adadelta is still on its way). The same function, the same starts: "
    "the optimizer alone decides where you end up.",
    equation=r"$J(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2$",
)


t.animation(
    "basins-himmelblau-animation",
    title="Basins of convergence on Himmelblau's function (animation)",
    compute="vizdl.sim.optimizers.basins:basin_flow",
    scene="scenes.optimizers:BasinFlowScene",
    params=dict(
        surface=_BASINS["surface"],
        racers=knob(
            ("SGD", "Adam"), "the two optimizers shown side by side", choices=_RACERS, length=2
        ),
        resolution=knob(20, "start points per side of the grid of moving dots", low=2, high=30),
        steps=knob(60, "steps animated", low=1, high=300),
        classify_steps=_BASINS["classify_steps"],
    ),
    caption="400 start points per optimizer flow downhill for 60 steps; each dot wears the colour of "
    "the minimum it reaches within 500 steps (grey: none within 0.01), as in the static map. The colours sort themselves into "
    "the basins of the static map. Plain SGD follows the gradient into the nearest valley; Adam's "
    "normalised, momentum-carrying steps send some starts over a ridge into another basin.",
    equation=r"$J(x, y) = (x^2 + y - 11)^2 + (x + y^2 - 7)^2$",
)
