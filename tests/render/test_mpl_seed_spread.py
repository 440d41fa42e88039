"""The seed-spread figure: the drawn points and intervals are the result's numbers."""

from __future__ import annotations

import numpy as np

from tests.checks.test_seed_spread_checks import BASE, _result
from vizdl.render.mpl import new_figure, style_context
from vizdl.render.mpl.seed_spread import figure_seed_spread


def test_points_are_the_accuracies_and_the_bars_the_ratios() -> None:
    r = _result(BASE)
    with style_context():
        fig = new_figure((12, 4))
        figure_seed_spread(fig, r)
        left, right = fig.axes[:2]
    pts = {ln.get_label(): ln.get_ydata() for ln in left.get_lines() if ln.get_marker() != "_"}
    for k, label in enumerate(r.labels):
        np.testing.assert_allclose(pts[label], r.final[k] * 100)
    # one error bar per ratio, Leaky ReLU's spread over ReLU's and over ELU's, spanning the
    # bootstrap interval
    bars = right.containers
    assert len(bars) == 2
    for bar, j in zip(bars, (0, 2), strict=True):
        assert float(bar.lines[0].get_ydata()[0]) == r.ratio[1, j]
        (seg,) = bar.lines[2][0].get_segments()
        np.testing.assert_allclose(seg[:, 1], [r.ratio_lo[1, j], r.ratio_hi[1, j]])


def test_a_diverged_run_leaves_the_ratios_out() -> None:
    final = BASE.copy()
    final[1, 4] = np.nan
    r = _result(final)
    with style_context():
        fig = new_figure((12, 4))
        figure_seed_spread(fig, r)
        right = fig.axes[1]
    assert not right.containers
    assert "spreads not compared" in right.texts[0].get_text()
