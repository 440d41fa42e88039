"""Universal approximation: the bump construction as a real torch model, its 1/N error, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from vizdl.sim import approximation as A


def test_steps_sit_at_minus_b_over_w_and_sharpen() -> None:
    s = A.step_units(ws=(10.0, 100.0, 1000.0), step=0.3)
    k = int(np.argmin(np.abs(s.x - 0.3)))
    np.testing.assert_allclose(s.y[:, k], 0.5, atol=1e-9)  # σ(0) = 1/2 exactly at s = −b/w
    # the 0.1 → 0.9 rise takes 2·ln 9 / w: measured on the curve
    for row, w in zip(s.y, s.ws, strict=True):
        lo, hi = s.x[np.argmax(row >= 0.1)], s.x[np.argmax(row >= 0.9)]
        assert hi - lo == pytest.approx(2 * math.log(9) / w, abs=2 * (s.x[1] - s.x[0]))


def test_the_torch_model_computes_the_formula() -> None:
    x = np.linspace(0, 1, 513)
    for n, w in ((1, 50.0), (7, 300.0), (40, 5000.0)):
        net = A.bump_network("lecture", n, w)
        assert isinstance(net, torch.nn.Sequential) and net[0].out_features == 2 * n
        with torch.no_grad():
            y = net(torch.as_tensor(x)[:, None]).numpy()[:, 0]
        np.testing.assert_allclose(y, A.staircase("lecture", n, w, x), atol=1e-12)


def test_two_steps_make_a_bump_of_height_f_at_the_midpoint() -> None:
    b = A.bump_build(n_bumps=10, w=5000.0, fit_counts=(10,))
    x = b.x
    single = b.partial[4] - b.partial[3]  # the 5th bump alone
    inside = (x > b.edges[4] + 0.01) & (x < b.edges[5] - 0.01)
    outside = (x < b.edges[4] - 0.01) | (x > b.edges[5] + 0.01)
    np.testing.assert_allclose(single[inside], A.lecture_function(0.45), atol=1e-9)
    assert np.abs(single[outside]).max() < 1e-9


def test_sup_error_falls_like_one_over_n_for_lipschitz_f() -> None:
    e = A.error_sweep(ns=(8, 16, 32, 64, 128, 256), fit_range=(16, 256), points=8001)
    assert e.slope_sup == pytest.approx(-1.0, abs=0.1)
    assert e.slope_l2 == pytest.approx(-1.0, abs=0.15)
    # and it stays below the bound L/(2N) (plus a little for the finite steepness)
    assert np.all(e.sup[e.ns >= 16] <= 1.05 * e.lipschitz / (2 * e.ns[e.ns >= 16]))


def test_user_functions_are_accepted_and_bad_ones_rejected() -> None:
    e = A.error_sweep(f=lambda x: np.sqrt(x), ns=(4, 8), fit_range=(4, 8), points=2001)
    assert e.sup[1] < e.sup[0]
    with pytest.raises(ValueError, match="f must return finite values"):
        A.bump_build(f=lambda x: np.log(x))  # -inf at 0
    with pytest.raises(ValueError, match="f must be a callable or one of lecture, sine, abs"):
        A.bump_build(f=3)
    with pytest.raises(ValueError, match="unknown function 'lectur'"):
        A.bump_build(f="lectur")
    with pytest.raises(ValueError, match=r"N must be an integer >= 1, got 0"):
        A.bump_network("lecture", 0, 100.0)
    with pytest.raises(ValueError, match=r"w must be > 0, got -1.0"):
        A.bump_network("lecture", 3, -1.0)
    with pytest.raises(ValueError, match=r"w must be > 0, got 0.0"):
        A.step_units(ws=(0.0,))


def test_relu_switch_regions_are_exactly_linear() -> None:
    r = A.relu_switches(steps=500)
    assert 1 <= r.n_regions <= 21  # 20 units, one input: at most 21 pieces
    for k in range(r.n_regions):
        sel = r.region == k
        np.testing.assert_allclose(r.y[sel], r.slope[k] * r.x[sel] + r.intercept[k], atol=1e-5)


def test_trained_fits_report_their_errors() -> None:
    t = A.trained_fits(steps=300, units=10, relu_steps=20, snapshots=4, record=50)
    assert t.one_layer_snapshots.shape == (len(t.snapshot_steps), len(t.x))
    assert t.relu_error == pytest.approx(np.abs(t.relu - t.f).max())
    assert t.bumps_error == pytest.approx(np.abs(t.bumps - t.f).max())
    # the record: every 50 steps and the last; the last sup error is the final curve's
    np.testing.assert_array_equal(t.record_steps, np.arange(0, 301, 50))
    assert t.one_layer_sup[-1] == pytest.approx(t.one_layer_error)
    assert t.one_layer_sup[0] == pytest.approx(np.abs(t.one_layer_snapshots[0] - t.f).max())
    assert t.one_layer_loss[-1] < t.one_layer_loss[0]  # 300 Adam steps lower the loss
    assert t.one_layer_w1.shape == (10,) and t.steps == 300 and t.relu_steps == 20


def test_readout_text_is_exact_decimal_arithmetic() -> None:
    assert A.decimal_text(1000.0) == "1000" and A.decimal_text(1.2) == "1.2"
    assert A.decimal_text(3e-7) == "0.0000003" and A.decimal_text(-0.0) == "0"
    assert A.step_bias_text(1.2, 0.37) == "-0.444"  # 1.2 × 0.37, not 0.44 or 0.4440000001
    assert A.step_bias_text(1000.0, 0.4) == "-400"
    w = A.readout_steepnesses((1.0, 5.0, 20.0))
    np.testing.assert_allclose(w, [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10, 12, 15, 20])
    assert list(A.readout_steepnesses((3.7, 4.1))) == [3.7, 4.0, 4.1]  # the given ones kept
    with pytest.raises(ValueError, match="w must be > 0"):
        A.readout_steepnesses((0.0, 1.0))


def test_bump_build_runs_the_torch_model() -> None:
    b = A.bump_build(n_bumps=4, fit_counts=(3, 7), points=501)
    assert b.layer_sizes == (1, 14, 1) and b.torch_formula_gap < 1e-12
    np.testing.assert_allclose(b.fits[1], A.staircase("lecture", 7, b.w, b.x), atol=1e-12)


def test_depth_vs_width_keeps_the_parameter_budget() -> None:
    for d in range(1, 6):
        w = A.width_for(d, 60_000)
        assert A._count(d, w) <= 60_000 < A._count(d, w + 1)
    r = A.depth_vs_width(
        depths=(1, 2), budget=20_000, n_train=500, val_size=200, max_epochs=2, seeds=(0,)
    )
    assert r.params.max() <= 20_000 and r.test_error.shape == (2, 1)
    assert np.all(r.test_error < 0.9)
    # 2 epochs, patience 10: both runs hit the limit; the first-layer count is 785 per unit
    assert np.all(r.stop_epoch == 2) and r.val_curve.shape == (2, 1, 2)
    np.testing.assert_array_equal(r.first_layer_params, 785 * r.widths)
    assert r.n_train == 500 and r.val_size == 200 and r.n_test == 10_000
