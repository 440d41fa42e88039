"""Checks on :mod:`vizdl.sim.approximation` results (steps, bumps, staircases, trained fits,
ReLU switches, depth vs width)."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np

from vizdl.checks import Verdict, verdict

__all__ = [
    # sigmoid-step
    "steps_cross_half_at_s",
    "steepest_is_a_step",
    "flattest_is_no_step",
    "readout_is_exact",
    # bumps-staircase
    "two_steps_make_a_bump",
    "staircase_error_falls",
    "staircases_within_the_bound",
    "staircase_is_a_torch_model",
    "bumps_switch_on_left_to_right",
    "all_bumps_follow_f",
    # bump-error
    "error_slope_is_minus_one",
    "doubling_halves_the_error",
    "sweep_within_the_bound",
    "moderate_steepness_is_best",
    "steep_units_give_the_staircase",
    # trained-vs-constructed
    "trained_beats_constructed",
    "loss_has_stopped_falling",
    "early_stop_was_premature",
    "training_finds_its_own_fit",
    "sgd_does_not_reach_the_construction",
    # relu-dropout
    "relu_nets_do_not_fit_the_noise",
    "dropout_is_flatter",
    "dropout_changes_the_sup_error_little",
    # relu-switches
    "pieces_are_linear",
    "kink_at_every_switch",
    "switch_net_follows_f",
    "class_project_size",
    # depth-vs-width
    "networks_fit_the_budget",
    "trained_until_early_stopping",
    "depth_does_not_help",
    "deeper_is_better",
]

_LN9 = math.log(9.0)


# ---------------------------------------------------------------- sigmoid-step


def _crossing(x: np.ndarray, y: np.ndarray, level: float) -> float:
    """The first x where ``y`` (increasing) reaches ``level``, linearly interpolated; NaN when
    it never does on the grid."""
    above = np.flatnonzero(y >= level)
    if len(above) == 0:
        return math.nan
    i = int(above[0])
    if i == 0:
        return float(x[0]) if y[0] == level else math.nan
    return float(np.interp(level, [y[i - 1], y[i]], [x[i - 1], x[i]]))


def steps_cross_half_at_s(r: object) -> Verdict:
    """Every curve passes 1/2 within one grid spacing of s = −b/w (σ(0) = 1/2)."""
    dx = float(r.x[1] - r.x[0])
    dev = max(abs(_crossing(r.x, row, 0.5) - r.step) for row in r.y)
    return verdict(
        math.isfinite(dev) and dev <= dx,
        step=float(r.step),
        cross_dev=float(dev),
        w_min=float(np.min(r.ws)),
        w_max=float(np.max(r.ws)),
    )


def _rise(x: np.ndarray, y: np.ndarray) -> float:
    """How far x moves while the curve rises from 0.1 to 0.9 (NaN if not inside the grid)."""
    return _crossing(x, y, 0.9) - _crossing(x, y, 0.1)


def steepest_is_a_step(r: object) -> Verdict:
    """The steepest unit rises from 0.1 to 0.9 within a hundredth of the interval, and that rise,
    measured on the curve, is the formula's 2·ln 9 / w to within two grid spacings."""
    k = int(np.argmax(r.ws))
    dx = float(r.x[1] - r.x[0])
    rise = _rise(r.x, r.y[k])
    formula = 2 * _LN9 / float(r.ws[k])
    return verdict(
        math.isfinite(rise) and rise <= 0.01 and abs(rise - formula) <= 2 * dx,
        rise_steep=rise,
        rise_formula=formula,
        w_max=float(r.ws[k]),
    )


def flattest_is_no_step(r: object) -> Verdict:
    """The flattest unit does not get from 0.1 to 0.9 anywhere on [0, 1]: it stays between its
    values at the two ends."""
    k = int(np.argmin(r.ws))
    lo, hi = float(r.y[k][0]), float(r.y[k][-1])
    return verdict(lo > 0.1 or hi < 0.9, flat_lo=lo, flat_hi=hi, w_min=float(r.ws[k]))


def readout_is_exact(r: object) -> Verdict:
    """The animation's readout: for every steepness it shows, the printed b divided by the
    printed w is exactly −s (decimal arithmetic on the printed text, no rounding)."""
    from vizdl.sim.approximation import decimal_text, readout_steepnesses, step_bias_text

    shown = readout_steepnesses(r.ws)
    s = Decimal(repr(float(r.step)))
    bad = [
        w
        for w in shown
        if -Decimal(step_bias_text(w, r.step)) != Decimal(decimal_text(w)) * s
        or float(decimal_text(w)) != float(w)
    ]
    return verdict(not bad and len(shown) >= len(r.ws), readouts=len(shown))


# ---------------------------------------------------------------- bumps-staircase


def _lipschitz(x: np.ndarray, f: np.ndarray) -> float:
    """max |f'| on the grid (finite differences of the drawn target)."""
    return float(np.abs(np.gradient(f, x)).max())


def two_steps_make_a_bump(r: object) -> Verdict:
    """The example's two units add up to h inside its bin and to 0 outside it (to 10⁻⁶, away
    from the steps by 20/w, where a sigmoid's tail is below e⁻²⁰)."""
    k = r.example
    lo, hi, h = float(r.edges[k]), float(r.edges[k + 1]), float(r.heights[k])
    s = r.example_up + r.example_down
    m = 20.0 / r.w
    inside = (r.x > lo + m) & (r.x < hi - m)
    outside = (r.x < lo - m) | (r.x > hi + m)
    dev = max(float(np.abs(s[inside] - h).max()), float(np.abs(s[outside]).max()))
    return verdict(
        inside.any() and outside.any() and dev < 1e-6,
        bump_h=h,
        bump_lo=lo,
        bump_hi=hi,
        bump_dev=dev,
    )


def staircase_error_falls(r: object) -> Verdict:
    """The sup error of the full staircases falls with every increase of N."""
    order = np.argsort(r.fit_counts)
    n, sup = np.asarray(r.fit_counts)[order], np.asarray(r.sup)[order]
    return verdict(
        len(n) >= 2 and bool(np.all(np.diff(sup) < 0)),
        n_first=int(n[0]),
        sup_first=float(sup[0]),
        n_last=int(n[-1]),
        sup_last=float(sup[-1]),
    )


def staircases_within_the_bound(r: object) -> Verdict:
    """Every staircase's sup error is at most L/(2N), L = max |f'|: the Riemann bound."""
    lip = _lipschitz(r.x, r.f)
    ratio = np.asarray(r.sup) / (lip / (2 * np.asarray(r.fit_counts)))
    return verdict(bool(np.all(ratio <= 1.0)), lipschitz=lip, bound_ratio_max=float(ratio.max()))


def staircase_is_a_torch_model(r: object) -> Verdict:
    """The curves are a torch.nn model's outputs, Linear(1, 2N) → Sigmoid → Linear(2N, 1), equal
    to the formula Σ w2ᵢ σ(w1ᵢ x + b1ᵢ) to 10⁻⁹."""
    n = int(np.max(r.fit_counts))
    return verdict(
        r.torch_formula_gap < 1e-9 and tuple(r.layer_sizes) == (1, 2 * n, 1),
        torch_gap=float(r.torch_formula_gap),
        units_last=int(r.layer_sizes[1]),
    )


def bumps_switch_on_left_to_right(r: object) -> Verdict:
    """Each bump the animation adds (one row of ``partial`` minus the previous) lies over its own
    bin, and the bins go from left to right."""
    rows = np.vstack([np.zeros_like(r.x), r.partial])
    added = np.diff(rows, axis=0)
    mass = np.abs(added)
    centre = (mass * r.x).sum(axis=1) / np.maximum(mass.sum(axis=1), 1e-300)
    mids = 0.5 * (r.edges[:-1] + r.edges[1:])
    # the first and last bumps reach one bin beyond [0, 1], so their centre on the grid moves
    # towards the interval's end: compare every bump with its own bin, half a bin of slack
    near = np.abs(centre - mids) <= 0.5 / r.n_bumps + 1e-12
    return verdict(bool(np.all(np.diff(centre) > 0) and near.all()), n_bumps=int(r.n_bumps))


def all_bumps_follow_f(r: object) -> Verdict:
    """With all N bumps on, the output is within L/(2N) of f everywhere on the grid."""
    sup = float(np.abs(r.partial[-1] - r.f).max())
    bound = _lipschitz(r.x, r.f) / (2 * r.n_bumps)
    return verdict(sup <= bound, sup_all=sup, bound_all=bound, n_bumps=int(r.n_bumps))


# ---------------------------------------------------------------- bump-error


def error_slope_is_minus_one(r: object) -> Verdict:
    """The log-log slopes of the sup and the L2 error over the fitted range are −1 ± 0.1."""
    return verdict(
        abs(r.slope_sup + 1) <= 0.1 and abs(r.slope_l2 + 1) <= 0.1,
        slope_sup=float(r.slope_sup),
        slope_l2=float(r.slope_l2),
        fit_lo=int(r.fit_range[0]),
        fit_hi=int(r.fit_range[1]),
    )


def doubling_halves_the_error(r: object) -> Verdict:
    """Within the fitted range, every doubling of N multiplies the sup error by 0.45 to 0.55."""
    lo, hi = r.fit_range
    ns, sup = np.asarray(r.ns), np.asarray(r.sup)
    ratios = [
        sup[j] / sup[i]
        for i in range(len(ns))
        for j in range(len(ns))
        if ns[j] == 2 * ns[i] and lo <= ns[i] and ns[j] <= hi
    ]
    if not ratios:
        return verdict(False, ratio_min=math.nan, ratio_max=math.nan)
    return verdict(
        0.45 <= min(ratios) and max(ratios) <= 0.55,
        ratio_min=float(min(ratios)),
        ratio_max=float(max(ratios)),
    )


def sweep_within_the_bound(r: object) -> Verdict:
    """For every N of the fitted range the sup error is at most L/(2N)."""
    sel = (r.ns >= r.fit_range[0]) & (r.ns <= r.fit_range[1])
    ratio = r.sup[sel] / (r.lipschitz / (2 * r.ns[sel]))
    return verdict(
        bool(sel.any() and np.all(ratio <= 1.0)),
        lipschitz=float(r.lipschitz),
        sweep_ratio_max=float(ratio.max()) if sel.any() else math.nan,
    )


def moderate_steepness_is_best(r: object) -> Verdict:
    """At N = n_fixed the smallest sup error is at a steepness strictly inside the swept range,
    at most half the steepest unit's; the flattest is the worst."""
    sup = np.asarray(r.sup_w)
    k = int(np.argmin(sup))
    top, bottom = int(np.argmax(r.ws)), int(np.argmin(r.ws))
    return verdict(
        k not in (top, bottom) and sup[k] <= 0.5 * sup[top] and int(np.argmax(sup)) == bottom,
        n_fixed=int(r.n_fixed),
        best_w=float(r.ws[k]),
        best_sup=float(sup[k]),
        flat_w=float(r.ws[bottom]),
        flat_sup=float(sup[bottom]),
    )


def steep_units_give_the_staircase(r: object) -> Verdict:
    """At N = n_fixed the steepest unit's sup error is within 0.8 to 1 of L/(2N): the pure
    staircase."""
    top = int(np.argmax(r.ws))
    bound = r.lipschitz / (2 * r.n_fixed)
    sup = float(r.sup_w[top])
    return verdict(
        0.8 * bound <= sup <= bound,
        steep_w=float(r.ws[top]),
        steep_sup=sup,
        bound_fixed=float(bound),
    )


# ---------------------------------------------------------------- trained-vs-constructed

_WINDOW = 1000  # steps over which "still falling" is measured
_EARLY = 3000  # where the figure used to stop training


def _window_drop(r: object, end: int) -> float:
    """Relative fall of the lowest recorded training loss from the window of ``_WINDOW`` steps
    before ``end − _WINDOW`` to the window ending at ``end`` (lowest values: an occasional Adam
    spike does not count as rising)."""
    st, loss = np.asarray(r.record_steps), np.asarray(r.one_layer_loss)
    last = loss[(st > end - _WINDOW) & (st <= end)]
    before = loss[(st > end - 2 * _WINDOW) & (st <= end - _WINDOW)]
    if end < 2 * _WINDOW or not len(last) or not len(before):
        return math.nan
    return float((before.min() - last.min()) / before.min())


def trained_beats_constructed(r: object) -> Verdict:
    """After its training the trained network's sup error against the clean f is below the
    constructed staircase's (same number of hidden units)."""
    below = np.flatnonzero(np.asarray(r.one_layer_sup) < r.bumps_error)
    return verdict(
        r.one_layer_error < r.bumps_error,
        trained_sup=float(r.one_layer_error),
        bumps_sup=float(r.bumps_error),
        steps=int(r.steps),
        units=int(r.units),
        bumps=int(r.units // 2),
        first_below=int(r.record_steps[below[0]]) if len(below) else -1,
        n_samples=len(r.x_train),
        noise=float(r.noise),
    )


def loss_has_stopped_falling(r: object) -> Verdict:
    """Over the last 1000 steps the lowest training loss fell by under 1 % of the 1000 steps
    before: training has converged (the figure shows the end of it, not a snapshot on the way)."""
    drop = _window_drop(r, int(r.steps))
    return verdict(
        math.isfinite(drop) and drop < 0.01,
        loss_drop=drop,
        window=_WINDOW,
        final_loss=float(r.one_layer_loss[-1]),
    )


def early_stop_was_premature(r: object) -> Verdict:
    """At step 3000 (where this figure used to stop) the loss was still falling by more than 5 %
    per 1000 steps and the trained network was still worse than the staircase."""
    st = np.asarray(r.record_steps)
    at = np.flatnonzero(st == _EARLY)
    if not len(at):
        return verdict(False, early_steps=_EARLY, early_drop=math.nan, early_sup=math.nan)
    drop = _window_drop(r, _EARLY)
    sup = float(r.one_layer_sup[at[0]])
    return verdict(
        drop > 0.05 and sup > r.bumps_error,
        early_steps=_EARLY,
        early_drop=drop,
        early_sup=sup,
    )


def training_finds_its_own_fit(r: object) -> Verdict:
    """Gradient descent does not find the construction: every trained hidden weight is under a
    tenth of the construction's steepness."""
    wmax = float(np.abs(r.one_layer_w1).max())
    return verdict(wmax < 0.1 * r.bumps_w, trained_w_max=wmax, bumps_w=float(r.bumps_w))


def sgd_does_not_reach_the_construction(r: object) -> Verdict:
    """The lecture's worry, as a measurement: the trained network ends no better (in sup error)
    than the construction."""
    return verdict(
        r.one_layer_error >= r.bumps_error,
        trained_sup=float(r.one_layer_error),
        bumps_sup=float(r.bumps_error),
    )


# ---------------------------------------------------------------- relu-dropout


def _rms_to_samples(r: object, y: np.ndarray) -> float:
    return float(np.sqrt(np.mean((np.interp(r.x_train, r.x, y) - r.y_train) ** 2)))


def _travel(y: np.ndarray) -> float:
    """Total variation of the drawn curve: how far it goes up and down in all."""
    return float(np.abs(np.diff(y)).sum())


def relu_nets_do_not_fit_the_noise(r: object) -> Verdict:
    """Both 3 × 64 ReLU networks stay further from the noisy samples (RMS) than the clean f
    itself: neither has learned the noise."""
    a, b, f = (
        _rms_to_samples(r, r.relu),
        _rms_to_samples(r, r.relu_dropout),
        _rms_to_samples(r, r.f),
    )
    return verdict(
        a > f and b > f,
        relu_rms=a,
        drop_rms=b,
        f_rms=f,
        relu_steps=int(r.relu_steps),
        n_samples=len(r.x_train),
    )


def dropout_is_flatter(r: object) -> Verdict:
    """With dropout the curve travels less up and down (total variation) than without."""
    a, b = _travel(r.relu), _travel(r.relu_dropout)
    return verdict(b < a, relu_tv=a, drop_tv=b, f_tv=_travel(r.f), dropout=float(r.dropout))


def dropout_changes_the_sup_error_little(r: object) -> Verdict:
    """The two sup errors against the clean f differ by under a quarter of the larger one."""
    a, b = float(r.relu_error), float(r.relu_dropout_error)
    return verdict(abs(a - b) < 0.25 * max(a, b), relu_sup=a, drop_sup=b)


# ---------------------------------------------------------------- relu-switches


def pieces_are_linear(r: object) -> Verdict:
    """On each on/off pattern's region the network's output is its one linear function
    slope·x + intercept (to 10⁻⁹), and there are at most hidden + 1 regions."""
    dev = 0.0
    for k in range(r.n_regions):
        sel = r.region == k
        dev = max(dev, float(np.abs(r.y[sel] - (r.slope[k] * r.x[sel] + r.intercept[k])).max()))
    hidden = int(r.on.shape[0])
    return verdict(
        dev < 1e-9 and 1 <= r.n_regions <= hidden + 1,
        hidden=hidden,
        n_regions=int(r.n_regions),
        linear_dev=dev,
    )


def kink_at_every_switch(r: object) -> Verdict:
    """Wherever a unit switches, the slope of the output changes (a kink): consecutive pieces
    have slopes differing by more than 10⁻⁶."""
    jumps = np.abs(np.diff(r.slope))
    return verdict(
        len(jumps) == len(r.breaks) and (len(jumps) == 0 or float(jumps.min()) > 1e-6),
        n_breaks=len(r.breaks),
        min_kink=float(jumps.min()) if len(jumps) else math.nan,
    )


def switch_net_follows_f(r: object) -> Verdict:
    """The fitted network's sup error against f is under a fifth of f's range on [0, 1]."""
    sup = float(np.abs(r.y - r.f).max())
    span = float(r.f.max() - r.f.min())
    return verdict(sup < 0.2 * span, switch_sup=sup, f_range=span)


def class_project_size(r: object) -> Verdict:
    """The network has the class project's 20 hidden units."""
    return verdict(int(r.on.shape[0]) == 20, hidden=int(r.on.shape[0]))


# ---------------------------------------------------------------- depth-vs-width


def networks_fit_the_budget(r: object) -> Verdict:
    """Every network has between 95 % and 100 % of the parameter budget; the first layer's share
    of them is measured (most of the budget sits in the 784-input layer)."""
    share = r.first_layer_params / r.params
    return verdict(
        bool(np.all(r.params <= r.budget) and np.all(r.params >= 0.95 * r.budget)),
        budget=int(r.budget),
        params_min=int(r.params.min()),
        params_max=int(r.params.max()),
        first_share_min=float(share.min()),
        first_share_max=float(share.max()),
        depth_min=int(r.depths.min()),
        depth_max=int(r.depths.max()),
    )


def trained_until_early_stopping(r: object) -> Verdict:
    """Every run stopped because its validation error had not improved for ``patience`` epochs
    (none hit the epoch limit), and at its kept epoch every network's training error is below its
    validation error: trained to where it starts to overfit, not stopped on the way."""
    stopped = bool(np.all(r.stop_epoch == r.best_epoch + r.patience))
    return verdict(
        stopped
        and bool(np.all(r.stop_epoch < r.max_epochs))
        and bool(np.all(r.train_error < r.val_error)),
        patience=int(r.patience),
        best_min=int(r.best_epoch.min()),
        best_max=int(r.best_epoch.max()),
        train_min=float(r.train_error.min()),
        train_max=float(r.train_error.max()),
        n_train=int(r.n_train),
        val_size=int(r.val_size),
        n_seeds=len(r.seeds),
    )


def _means(r: object) -> np.ndarray:
    return np.asarray(r.test_error).mean(axis=1)


def depth_does_not_help(r: object) -> Verdict:
    """The deepest network's mean test error is not below the one-hidden-layer network's, and
    the lowest mean is not at the deepest."""
    m = _means(r)
    order = np.argsort(r.depths)
    shallow, deep = int(order[0]), int(order[-1])
    best = int(np.argmin(m))
    return verdict(
        m[deep] >= m[shallow] and best != deep,
        err_shallow=float(m[shallow]),
        err_deep=float(m[deep]),
        best_depth=int(r.depths[best]),
        best_err=float(m[best]),
        err_spread=float(m.max() - m.min()),
    )


def deeper_is_better(r: object) -> Verdict:
    """The lecture's "deeper models tend to perform better", measured: the mean test error falls
    from each depth to the next."""
    m = _means(r)[np.argsort(r.depths)]
    return verdict(bool(np.all(np.diff(m) < 0)), err_shallow=float(m[0]), err_deep=float(m[-1]))
