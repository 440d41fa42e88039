"""The depth-at-fixed-parameters figure draws the result's mean accuracies and seed ranges."""

from __future__ import annotations

import numpy as np

from tests.checks.test_depth_params_checks import FLAT, _result
from vizdl.render.mpl import new_figure, style_context
from vizdl.render.mpl.depth_params import figure_depth_params


def test_both_panels_plot_the_means_with_the_seed_ranges() -> None:
    r = _result(FLAT, delta=0.003)
    with style_context():
        fig = new_figure((13, 5.8))
        figure_depth_params(fig, r)
        left, right = fig.axes[:2]
        mean = r.test_acc.mean(axis=2) * 100
        # one errorbar per budget (left) and per depth (right): its data line and its bars
        by_budget = [c.lines[0].get_xydata() for c in left.containers]
        by_depth = [c.lines[0].get_xydata() for c in right.containers]
        seg = left.containers[0].lines[2][0].get_segments()
    assert len(by_budget) == len(r.budgets) and len(by_depth) == len(r.depths)
    for j, xy in enumerate(by_budget):
        np.testing.assert_allclose(xy[:, 0], r.depths)
        np.testing.assert_allclose(xy[:, 1], mean[:, j])
    for i, xy in enumerate(by_depth):
        np.testing.assert_allclose(xy[:, 0], r.params[i])
        np.testing.assert_allclose(xy[:, 1], mean[i])
    # the bars span the seeds: 0.3 points either side of every mean
    np.testing.assert_allclose([s[1, 1] - s[0, 1] for s in seg], 0.6)
    labels = [t.get_text() for t in right.get_legend().get_texts()]
    assert labels[0].startswith("1 hidden layer (widths ")
