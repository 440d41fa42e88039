"""The activation-noise figure: the drawn lines are the measured spreads."""

from __future__ import annotations

import numpy as np

from vizdl.checks.activation_noise import elu_and_leaky_cross_once
from vizdl.render.mpl import new_figure, style_context
from vizdl.render.mpl.activation_noise import figure_activation_noise
from vizdl.sim.activation_noise import activation_noise


def test_the_right_panel_draws_each_spread_and_the_crossing() -> None:
    r = activation_noise(points=41, n_noise=2000)
    with style_context():
        fig = new_figure((12, 4))
        figure_activation_noise(fig, r)
        left, right = fig.axes
    lines = {ln.get_label(): ln.get_xydata() for ln in right.get_lines()}
    for k, label in enumerate(r.labels):
        s = r.out_std[k] / r.noise_std
        shown = s > 0
        np.testing.assert_allclose(lines[label][:, 0], r.centres[shown])
        np.testing.assert_allclose(lines[label][:, 1], s[shown])
    # ReLU's exact zeros are left off the log axis (said in the panel's text instead)
    assert len(lines["ReLU"]) < len(r.centres)
    cross = elu_and_leaky_cross_once(r).measured["cross"]
    vertical = [ln.get_xdata()[0] for ln in right.get_lines() if ln.get_label().startswith("_")]
    assert cross in vertical
    curves = {ln.get_label(): ln.get_ydata() for ln in left.get_lines()}
    np.testing.assert_allclose(curves["ELU (α = 1)"], r.curves[r.names.index("elu")])
