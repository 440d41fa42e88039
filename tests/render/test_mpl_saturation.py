"""The saturation figure: the drawn lines and bands are the result's numbers."""

from __future__ import annotations

import numpy as np

from tests.checks.test_saturation_checks import good
from vizdl.render.mpl import new_figure, style_context
from vizdl.render.mpl.saturation import figure_saturation


def test_lines_are_the_means_and_bands_and_the_losses() -> None:
    r = good()
    with style_context():
        fig = new_figure((14, 9))
        figure_saturation(fig, r)
        axes = fig.axes
    it = r.iterations
    for k in range(len(r.runs)):
        up = it <= r.run_updates[k]
        means = [ln for ln in axes[k].get_lines() if ln.get_label().startswith("layer")]
        assert len(means) == r.depth
        for layer, ln in enumerate(means):
            np.testing.assert_array_equal(ln.get_xdata(), it[up])
            np.testing.assert_array_equal(ln.get_ydata(), r.act_mean[k, up, layer])
        # one shaded band per layer, from the 1st to the 99th percentile
        bands = axes[k].collections
        assert len(bands) == r.depth
        for layer, band in enumerate(bands):
            y = band.get_paths()[0].vertices[:, 1]
            assert np.isclose(y.min(), np.nanmin(r.act_lo[k, up, layer]))
            assert np.isclose(y.max(), np.nanmax(r.act_hi[k, up, layer]))
        assert axes[k].get_xlim() == (0, r.run_updates[k])
    loss = [ln for ln in axes[3].get_lines() if "ln 10" not in ln.get_label()]
    assert len(loss) == len(r.runs)
    for k, ln in enumerate(loss):
        up = it <= r.run_updates[k]
        np.testing.assert_array_equal(ln.get_ydata(), r.probe_loss[k, up])
    # the tanh panel's inset: each layer's saturated share, in percent
    inset = axes[2].child_axes[0]
    for layer, ln in enumerate(inset.get_lines()[: r.depth]):
        np.testing.assert_allclose(ln.get_ydata(), 100 * r.saturated[2, it <= 6000, layer])
