"""The approximation claims: they hold at the gallery's settings (values against closed forms
where there are some) and fail on data that contradict them."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from vizdl.checks import approximation as C
from vizdl.sim import approximation as A


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z))


# ---------------------------------------------------------------- sigmoid-step


def test_step_claims_hold_at_the_gallery_setting_with_the_closed_forms() -> None:
    s = A.step_units()  # ws = 1 … 1000, s = 0.4
    for check in (
        C.steps_cross_half_at_s,
        C.steepest_is_a_step,
        C.flattest_is_no_step,
        C.readout_is_exact,
    ):
        assert check(s).holds, check.__name__
    m = C.steepest_is_a_step(s).measured
    assert m["rise_formula"] == pytest.approx(2 * math.log(9) / 1000)
    assert m["rise_steep"] == pytest.approx(2 * math.log(9) / 1000, abs=1e-3)
    f = C.flattest_is_no_step(s).measured
    assert f["flat_lo"] == pytest.approx(_sigmoid(-0.4)) and f["flat_hi"] == pytest.approx(
        _sigmoid(0.6)
    )
    assert C.steps_cross_half_at_s(s).measured["cross_dev"] <= 1 / 2000
    # 1 … 1000 with ten short decimals per decade: 1, 1.2, …, 8, 10, …, 800 and 1000
    assert C.readout_is_exact(s).measured["readouts"] == 31


def test_step_claims_fail_where_they_are_false() -> None:
    flat = A.step_units(ws=(1.0, 5.0))  # no unit is a step: 5 rises over 0.88
    assert not C.steepest_is_a_step(flat).holds
    steep = A.step_units(ws=(50.0, 1000.0))  # even the flattest rises 0.1 → 0.9 inside [0, 1]
    assert not C.flattest_is_no_step(steep).holds
    moved = replace(A.step_units(), step=0.45)  # the curves' 1/2 is at 0.4, not at 0.45
    assert not C.steps_cross_half_at_s(moved).holds


def test_a_rounding_readout_fails_the_exactness_claim(monkeypatch: pytest.MonkeyPatch) -> None:
    s = A.step_units(step=0.37)
    assert C.readout_is_exact(s).holds
    # a readout that rounds b to two significant figures: w = 1.2 shows b = −0.44, not −0.444
    monkeypatch.setattr(A, "step_bias_text", lambda w, step: f"{-w * step:.2g}")
    assert not C.readout_is_exact(s).holds


# ---------------------------------------------------------------- bumps-staircase


@pytest.fixture(scope="module")
def bumps() -> A.BumpBuild:
    return A.bump_build(n_bumps=10, w=5000.0, fit_counts=(2, 5, 10, 20), points=2001)


def test_bump_claims_hold_with_the_heights_at_the_midpoints(bumps: A.BumpBuild) -> None:
    for check in (
        C.two_steps_make_a_bump,
        C.staircase_error_falls,
        C.staircases_within_the_bound,
        C.staircase_is_a_torch_model,
        C.bumps_switch_on_left_to_right,
        C.all_bumps_follow_f,
    ):
        assert check(bumps).holds, check.__name__
    m = C.two_steps_make_a_bump(bumps).measured
    # bump 5 of 10 covers [0.5, 0.6] with height f(0.55)
    assert (m["bump_lo"], m["bump_hi"]) == pytest.approx((0.5, 0.6))
    assert m["bump_h"] == pytest.approx(float(A.lecture_function(0.55)))
    assert C.staircase_is_a_torch_model(bumps).measured["units_last"] == 40
    # max |f'| of the lecture's f: f' = 0.8x + 0.3 sin 15x + 4.5x cos 15x − 2.5 sin 50x
    x = np.linspace(0, 1, 200_001)
    fp = 0.8 * x + 0.3 * np.sin(15 * x) + 4.5 * x * np.cos(15 * x) - 2.5 * np.sin(50 * x)
    lip = C.staircases_within_the_bound(bumps).measured["lipschitz"]
    assert lip == pytest.approx(np.abs(fp).max(), rel=5e-3)


def test_bump_claims_fail_on_contradicting_data(bumps: A.BumpBuild) -> None:
    no_down = replace(bumps, example_down=np.zeros_like(bumps.x))  # a step, not a bump
    assert not C.two_steps_make_a_bump(no_down).holds
    rising = replace(bumps, sup=bumps.sup[::-1].copy())
    assert not C.staircase_error_falls(rising).holds
    assert not C.staircase_is_a_torch_model(replace(bumps, torch_formula_gap=1e-3)).holds
    assert not C.staircase_is_a_torch_model(replace(bumps, layer_sizes=(1, 20, 1))).holds
    added = np.diff(np.vstack([np.zeros_like(bumps.x), bumps.partial]), axis=0)
    backwards = replace(bumps, partial=np.cumsum(added[::-1], axis=0))  # right to left
    assert not C.bumps_switch_on_left_to_right(backwards).holds


def test_flat_units_blur_the_staircase_beyond_the_bound() -> None:
    blurred = A.bump_build(n_bumps=20, w=20.0, fit_counts=(20,), points=2001)
    assert not C.staircases_within_the_bound(blurred).holds
    assert not C.all_bumps_follow_f(blurred).holds


# ---------------------------------------------------------------- bump-error


@pytest.fixture(scope="module")
def sweep() -> A.ErrorSweep:
    return A.error_sweep(
        ns=(8, 16, 32, 64, 128), fit_range=(16, 128), ws=(5, 50, 200, 10_000), points=8001
    )


def test_sweep_claims_hold_with_slope_minus_one(sweep: A.ErrorSweep) -> None:
    for check in (
        C.error_slope_is_minus_one,
        C.doubling_halves_the_error,
        C.sweep_within_the_bound,
        C.moderate_steepness_is_best,
        C.steep_units_give_the_staircase,
    ):
        assert check(sweep).holds, check.__name__
    m = C.error_slope_is_minus_one(sweep).measured
    assert m["slope_sup"] == pytest.approx(-1, abs=0.1) and (m["fit_lo"], m["fit_hi"]) == (16, 128)
    r = C.doubling_halves_the_error(sweep).measured
    # the ratios the check quotes are the measured errors' own, read independently here
    ratios = sweep.sup[2:] / sweep.sup[1:-1]
    assert (r["ratio_min"], r["ratio_max"]) == pytest.approx((ratios.min(), ratios.max()))
    assert C.steep_units_give_the_staircase(sweep).measured["bound_fixed"] == pytest.approx(
        sweep.lipschitz / 64
    )


def test_sweep_claims_fail_where_they_are_false(sweep: A.ErrorSweep) -> None:
    assert not C.error_slope_is_minus_one(replace(sweep, slope_sup=-0.7)).holds
    slower = sweep.sup * np.array([1, 1, 1.3, 1.3, 1.3])  # 16 → 32 only 0.7× the error
    assert not C.doubling_halves_the_error(replace(sweep, sup=slower)).holds
    assert not C.sweep_within_the_bound(replace(sweep, sup=sweep.sup * 1.2)).holds
    # without the steep end, the steepest swept unit (w = 200) is the best: no staircase limit
    soft = A.error_sweep(ns=(16, 32), fit_range=(16, 32), ws=(5, 50, 200), points=4001)
    assert not C.steep_units_give_the_staircase(soft).holds
    assert not C.moderate_steepness_is_best(soft).holds


# ---------------------------------------------------------------- trained-vs-constructed, dropout


@pytest.fixture(scope="module")
def fits() -> A.TrainedFits:
    return A.trained_fits()  # the gallery's setting: 20,000 steps (about 20 s of CPU)


@pytest.mark.slow
def test_trained_claims_hold_at_the_gallery_setting(fits: A.TrainedFits) -> None:
    for check in (
        C.trained_beats_constructed,
        C.loss_has_stopped_falling,
        C.early_stop_was_premature,
        C.training_finds_its_own_fit,
        C.relu_nets_do_not_fit_the_noise,
        C.dropout_is_flatter,
        C.dropout_changes_the_sup_error_little,
    ):
        assert check(fits).holds, check.__name__
    # the lecture's worry does not hold once training is finished
    assert not C.sgd_does_not_reach_the_construction(fits).holds
    m = C.trained_beats_constructed(fits).measured
    assert m["trained_sup"] == pytest.approx(np.abs(fits.one_layer - fits.f).max())
    x = np.linspace(0, 1, 1001)
    assert m["bumps_sup"] == pytest.approx(
        np.abs(A.staircase("lecture", 20, 2000.0, x) - A.lecture_function(x)).max()
    )
    assert m["first_below"] > 3000
    f_rms = C.relu_nets_do_not_fit_the_noise(fits).measured["f_rms"]
    noise_rms = np.sqrt(np.mean((A.lecture_function(fits.x_train) - fits.y_train) ** 2))
    assert f_rms == pytest.approx(noise_rms, rel=1e-2)  # f interpolated on the 1001-point grid


@pytest.fixture(scope="module")
def short() -> A.TrainedFits:
    return A.trained_fits(steps=3000, relu_steps=50, snapshots=3)  # the old 3000-step figure


def test_stopping_at_3000_steps_fails_the_convergence_claims(short: A.TrainedFits) -> None:
    assert not C.loss_has_stopped_falling(short).holds  # still falling at 3000 steps
    assert C.loss_has_stopped_falling(short).measured["loss_drop"] > 0.01
    assert not C.trained_beats_constructed(short).holds
    assert C.sgd_does_not_reach_the_construction(short).holds


def test_trained_claims_fail_on_doctored_results(short: A.TrainedFits) -> None:
    flat = replace(short, one_layer_loss=np.full_like(short.one_layer_loss, 0.01))
    assert C.loss_has_stopped_falling(flat).holds and not C.early_stop_was_premature(flat).holds
    assert not C.training_finds_its_own_fit(replace(short, one_layer_w1=np.full(40, 500.0))).holds
    better = replace(short, one_layer_error=0.5 * short.bumps_error)
    assert C.trained_beats_constructed(better).holds
    assert not C.sgd_does_not_reach_the_construction(better).holds
    # curves that go through the samples learn the noise
    noisy = np.interp(short.x, short.x_train, short.y_train)
    assert not C.relu_nets_do_not_fit_the_noise(replace(short, relu=noisy)).holds
    assert not C.dropout_is_flatter(replace(short, relu_dropout=noisy, relu=short.f)).holds
    assert not C.dropout_changes_the_sup_error_little(
        replace(short, relu_error=0.05, relu_dropout_error=0.1)
    ).holds


# ---------------------------------------------------------------- relu-switches


@pytest.fixture(scope="module")
def switches() -> A.ReluSwitches:
    return A.relu_switches()  # the gallery's setting: 20 units, 4000 steps


def test_switch_claims_hold_at_the_gallery_setting(switches: A.ReluSwitches) -> None:
    for check in (
        C.pieces_are_linear,
        C.kink_at_every_switch,
        C.switch_net_follows_f,
        C.class_project_size,
    ):
        assert check(switches).holds, check.__name__
    m = C.pieces_are_linear(switches).measured
    assert m["hidden"] == 20 and m["n_regions"] == len(switches.breaks) + 1 <= 21


def test_switch_claims_fail_on_contradicting_data(switches: A.ReluSwitches) -> None:
    bent = replace(switches, y=switches.y + 0.01 * np.sin(20 * switches.x))  # not piecewise linear
    assert not C.pieces_are_linear(bent).holds
    same = replace(switches, slope=np.full_like(switches.slope, switches.slope[0]))
    assert not C.kink_at_every_switch(same).holds
    assert not C.switch_net_follows_f(replace(switches, y=np.zeros_like(switches.y))).holds
    assert not C.class_project_size(A.relu_switches(hidden=5, steps=10)).holds


# ---------------------------------------------------------------- depth-vs-width


def _depth(test: list[float], **kw: object) -> A.DepthWidth:
    """A depth-vs-width result with the given mean test errors (two seeds each)."""
    depths = np.arange(1, len(test) + 1)
    widths = np.array([A.width_for(int(d), 60_000) for d in depths])
    params = np.array([A._count(int(d), int(w)) for d, w in zip(depths, widths, strict=True)])
    t = np.array(test)[:, None] + np.array([[-0.002, 0.002]])
    base = dict(
        depths=depths,
        widths=widths,
        params=params,
        first_layer_params=785 * widths,
        budget=60_000,
        n_train=10_000,
        val_size=5000,
        n_test=10_000,
        max_epochs=100,
        patience=10,
        batch_size=500,
        seeds=np.array([0, 1]),
        best_epoch=np.full(t.shape, 30),
        stop_epoch=np.full(t.shape, 40),
        test_error=t,
        train_error=t - 0.06,
        val_error=t - 0.005,
        val_curve=np.full(t.shape + (100,), np.nan),
        seconds=1.0,
    )
    return A.DepthWidth(**{**base, **kw})


def test_depth_claims_on_results_that_agree_and_disagree_with_the_lecture() -> None:
    flat = _depth([0.150, 0.148, 0.151, 0.154, 0.160])
    assert C.depth_does_not_help(flat).holds and not C.deeper_is_better(flat).holds
    m = C.depth_does_not_help(flat).measured
    assert (m["err_shallow"], m["err_deep"], m["best_depth"]) == pytest.approx((0.150, 0.160, 2))
    deeper = _depth([0.16, 0.155, 0.15, 0.145, 0.14])
    assert C.deeper_is_better(deeper).holds and not C.depth_does_not_help(deeper).holds


def test_budget_and_early_stopping_claims() -> None:
    r = _depth([0.15] * 5)
    assert C.networks_fit_the_budget(r).holds and C.trained_until_early_stopping(r).holds
    share = C.networks_fit_the_budget(r).measured
    # depth 1: 785·75 of 59,635 parameters; depth 5: 785·58 of 59,808
    assert share["first_share_max"] == pytest.approx(785 * 75 / (785 * 75 + 10 * 75 + 10))
    assert share["first_share_min"] == pytest.approx(785 * 58 / 59_808)
    assert not C.networks_fit_the_budget(replace(r, params=r.params // 2)).holds
    capped = replace(r, stop_epoch=np.full((5, 2), 100), best_epoch=np.full((5, 2), 95))
    assert not C.trained_until_early_stopping(capped).holds  # hit the epoch limit
    under = replace(r, train_error=r.val_error + 0.01)  # under-trained: train above validation
    assert not C.trained_until_early_stopping(under).holds


def test_a_small_real_run_stops_early_and_keeps_its_best_epoch() -> None:
    r = A.depth_vs_width(
        depths=(1, 2),
        budget=20_000,
        n_train=500,
        val_size=300,
        max_epochs=60,
        patience=3,
        batch_size=100,
        seeds=(0,),
    )
    assert C.networks_fit_the_budget(r).holds
    assert np.all(r.stop_epoch == r.best_epoch + 3) and np.all(r.stop_epoch < 60)
    for k in range(2):
        curve = r.val_curve[k, 0]
        assert r.val_error[k, 0] == pytest.approx(np.nanmin(curve))
        assert np.nanargmin(curve) + 1 == r.best_epoch[k, 0]
