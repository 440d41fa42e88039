"""Approximation figures draw the simulated numbers."""

from __future__ import annotations

import numpy as np

from vizdl.render.mpl import approximation as R
from vizdl.render.mpl import new_figure, style_context
from vizdl.sim import approximation as A


def _lines(ax) -> dict[str, np.ndarray]:
    return {ln.get_label(): ln.get_xydata() for ln in ax.get_lines()}


def test_error_figure_plots_the_sweep_and_its_fitted_slope() -> None:
    e = A.error_sweep(ns=(4, 8, 16, 32), fit_range=(8, 32), ws=(10, 100), points=4001)
    with style_context():
        fig = new_figure((12, 4))
        R.figure_error_sweep(fig, e)
        lines = _lines(fig.axes[0])
    sup = lines[f"sup error (slope {e.slope_sup:.2f})"]
    np.testing.assert_allclose(sup[:, 0], e.ns)
    np.testing.assert_allclose(sup[:, 1], e.sup)


def test_bump_figure_shows_each_fit_with_its_error() -> None:
    b = A.bump_build(n_bumps=6, fit_counts=(3, 6), points=1001)
    with style_context():
        fig = new_figure((12, 4))
        R.figure_bumps(fig, b)
        lines = _lines(fig.axes[1])
    key = f"N = 6 bumps (12 units): sup error {b.sup[1]:.3f}"
    np.testing.assert_allclose(lines[key][:, 1], b.fits[1])


def test_switch_figure_colours_one_piece_per_region() -> None:
    r = A.relu_switches(steps=300)
    with style_context():
        fig = new_figure((10, 6))
        R.figure_relu_switches(fig, r)
        pieces = [ln for ln in fig.axes[1].get_lines() if ln.get_linewidth() == 2.4]
        img = np.asarray(fig.axes[0].images[0].get_array())
    assert len(pieces) == r.n_regions
    np.testing.assert_array_equal(img, r.on[r.order].astype(float))


def test_depth_width_annotates_widths_and_parameters() -> None:
    d = A.depth_vs_width(
        depths=(1, 2), budget=20_000, n_train=300, val_size=200, max_epochs=3, seeds=(0,)
    )
    with style_context():
        fig = new_figure((8, 4))
        R.figure_depth_width(fig, d)
        texts = [t.get_text() for t in fig.axes[0].texts]
    assert f"width {d.widths[1]}\n{d.params[1]:,} params" in texts


def test_one_layer_figure_draws_f_and_the_error_over_steps() -> None:
    t = A.trained_fits(steps=200, units=10, relu_steps=5, snapshots=3, record=50)
    with style_context():
        fig = new_figure((12, 4))
        R.figure_one_layer_fit(fig, t)
        left, right = _lines(fig.axes[0]), _lines(fig.axes[1])
    np.testing.assert_allclose(left["target f(x)"][:, 1], t.f)
    np.testing.assert_allclose(right["trained: sup error vs f"][:, 1], t.one_layer_sup)
    np.testing.assert_allclose(right["constructed: sup error"][:, 1], t.bumps_error)


def test_step_figure_labels_print_exact_b() -> None:
    s = A.step_units(ws=(1.2, 1000.0), step=0.37)
    with style_context():
        fig = new_figure((8, 4))
        R.figure_steps(fig, s)
        labels = list(_lines(fig.axes[0]))
    assert labels[0].startswith("w = 1.2, b = −0.444 ")
