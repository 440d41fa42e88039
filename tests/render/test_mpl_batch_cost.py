"""The cost-of-mini-batches figure: its curves are the result's checkpoints, against updates,
examples (updates × batch size) and seconds, and its cost panel the measured times."""

from __future__ import annotations

import numpy as np
import pytest

from tests.checks.test_batch_cost_checks import good
from vizdl.render.mpl import new_figure, style_context
from vizdl.render.mpl.optimizers.batch_cost import figure_batch_cost


def test_curves_marks_and_costs_are_the_results_numbers() -> None:
    r = good()
    with style_context():
        fig = new_figure((13, 9.6))
        figure_batch_cost(fig, r)
        updates, examples, clock, cost = fig.axes[:4]
    for ax, x_of in ((updates, 0), (examples, 1), (clock, 3)):
        curves = [ln for ln in ax.get_lines() if not ln.get_label().startswith("_")]
        assert len(curves) == len(r.batch_sizes)
        for k, ln in enumerate(curves):
            c = r.curve(k)
            # update 0 (and second 0) cannot sit on a log axis: the curve starts at the first
            # checkpoint
            np.testing.assert_array_equal(ln.get_xdata(), c[x_of][1:])
            np.testing.assert_array_equal(ln.get_ydata(), c[2][1:])
    assert [ln.get_label() for ln in updates.get_legend().get_lines()] == [
        "stochastic (batch 1)",
        "mini-batch 10",
        "mini-batch 100",
        "batch (all 2,000)",
    ]

    # the equal-updates and equal-examples marks, and the dots on them
    def unlabelled_dashed(ax):
        return [
            ln
            for ln in ax.get_lines()
            if ln.get_label().startswith("_") and ln.get_linestyle() == "--"
        ]

    (mark,) = unlabelled_dashed(updates)
    assert mark.get_xdata()[0] == r.updates
    assert [float(d.get_xdata()[0]) for d in updates.get_lines() if d.get_marker() == "o"] == [
        300.0
    ] * 4
    (mark,) = unlabelled_dashed(examples)
    assert mark.get_xdata()[0] == 6000
    dots = [ln for ln in examples.get_lines() if ln.get_marker() == "o"]
    assert [float(d.get_xdata()[0]) for d in dots] == [6000.0] * 4
    assert [float(d.get_ydata()[0]) for d in dots] == [0.46, 0.78, 1.54, 2.25]
    # the target line: 5% above the full batch's loss after 300 updates
    (target,) = unlabelled_dashed(clock)
    assert target.get_ydata()[0] == pytest.approx(1.05 * 0.9398)
    # cost: ms per update (0.2, 0.22, 0.4, 5) and per example
    per_update, per_example = cost.get_lines()[:2]
    np.testing.assert_allclose(per_update.get_ydata(), [0.2, 0.22, 0.4, 5.0])
    np.testing.assert_allclose(per_example.get_ydata(), [0.2, 0.022, 0.004, 0.0025])
    assert "a test CPU" in clock.get_xlabel()
