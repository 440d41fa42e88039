"""Initialization figures drawn from small real results: the artists carry the simulated numbers."""

from __future__ import annotations

import numpy as np
import pytest

from vizdl.render.mpl import initialization as R
from vizdl.render.mpl import new_figure, style_context
from vizdl.sim import initialization as I


@pytest.fixture(scope="module")
def prop() -> I.SignalPropagation:
    return I.signal_propagation(
        initializers=("small-normal", "xavier-normal", "kaiming-normal"),
        activations=("linear", "relu"),
        width=64,
        depth=12,
        inputs="gaussian",
        n_samples=64,
        n_nets=2,
    )


def _labelled_lines(ax) -> dict[str, np.ndarray]:
    return {
        ln.get_label(): ln.get_xydata()
        for ln in ax.get_lines()
        if not ln.get_label().startswith("_")
    }


def test_forward_panels_plot_the_measured_means_and_cut_curves_at_the_edge(prop) -> None:
    with style_context():
        fig = new_figure((12, 4))
        R.figure_forward_variance(fig, prop)
        axes = fig.axes
        assert [a.get_title() for a in axes] == ["Linear", "ReLU"]
        relu = _labelled_lines(axes[1])
        xy = relu[prop.labels[2]]  # Kaiming + ReLU: inside the range all the way
        np.testing.assert_allclose(xy[:, 1], prop.forward[2, 1])
        # small N(0, 0.01²) leaves 1e-15 quickly: drawn up to the edge, never past it
        small = relu[prop.labels[0]]
        assert small[:, 1].min() >= 1 / R.LOG_RANGE
        assert len(small) < prop.depth + 1
        texts = [t.get_text() for t in axes[1].texts]
        assert any(t.startswith("→ 10$^{-") for t in texts)


def test_backward_curves_start_at_the_last_layer(prop) -> None:
    with style_context():
        fig = new_figure((12, 4))
        R.figure_backward_variance(fig, prop)
        xy = _labelled_lines(fig.axes[1])[prop.labels[2]]
        assert xy[0, 0] == prop.depth  # drawn from where the gradient enters
        np.testing.assert_allclose(xy[:, 1], prop.backward[2, 1][::-1])


def test_heatmap_cells_print_the_measured_and_theory_ratios(prop) -> None:
    with style_context():
        fig = new_figure((10, 4))
        R.figure_variance_heatmap(fig, prop)
        img = fig.axes[0].images[0].get_array()
        expected = np.clip(np.log10(prop.forward[..., -1] / prop.forward[..., 0]), -12, 12)
        np.testing.assert_allclose(img, expected)
        texts = [t.get_text() for t in fig.axes[0].texts]
        assert R._fmt_pow(prop.forward[1, 0, -1] / prop.forward[1, 0, 0]) in texts


def test_symmetry_figure_says_exactly_zero_only_when_it_is() -> None:
    s = I.symmetry(inits=("zeros", "constant", "xavier-normal"), steps=20, n_samples=200)
    with style_context():
        fig = new_figure((14, 5))
        R.figure_symmetry(fig, s)
        labels = [t.get_text() for ax in fig.axes if ax.get_legend() for t in ax.get_legend().texts]
    assert any(t.startswith("Zeros (exactly 0") for t in labels)
    assert not any(t.startswith("Xavier normal (exactly 0") for t in labels)


def test_distribution_panels_draw_the_sampled_histogram_and_the_bounds() -> None:
    d = I.init_distributions(initializers=("xavier-uniform", "kaiming-normal"))
    with style_context():
        fig = new_figure((12, 5))
        R.figure_distributions(fig, d)
        ax = fig.axes[0]
        bounds = sorted(ln.get_xdata()[0] for ln in ax.get_lines() if ln.get_linestyle() == ":")
        assert bounds == pytest.approx([d.low[0], d.high[0]])
        stairs = [p for p in ax.patches if hasattr(p, "get_data")]
        np.testing.assert_allclose(stairs[0].get_data().values, d.density[0])


def test_linear_chain_figure_plots_every_scale() -> None:
    c = I.linear_chain(scales=(0.9, 1.0, 1.1), width=64, depth=20, n_samples=100)
    with style_context():
        fig = new_figure((12, 4))
        R.figure_linear_chain(fig, c)
        lines = _labelled_lines(fig.axes[0])
    assert len(lines) == 3
    np.testing.assert_allclose(list(lines.values())[1][:, 1], c.forward[1])


def test_linear_chain_backward_curves_start_where_the_gradient_enters() -> None:
    c = I.linear_chain(scales=(1.0, 0.5, 2.0), width=64, depth=10, n_samples=100)
    with style_context():
        fig = new_figure((12, 4))
        R.figure_linear_chain(fig, c)
        line = [ln for ln in fig.axes[1].get_lines() if ln.get_marker() != "None"][0]
    xy = line.get_xydata()
    assert xy[0, 0] == c.depth
    np.testing.assert_allclose(xy[:, 1], c.backward[0][::-1])


def test_power_of_ten_labels_round_to_the_nearest_power() -> None:
    # 1.03e-3 and 9.77e-4 are the same order: both read 10⁻³ (rounding down once split them)
    assert R._fmt_pow(1.03e-3) == R._fmt_pow(9.77e-4) == "10$^{-3}$"
    assert R._fmt_pow(3.3e-4) == "10$^{-3}$" and R._fmt_pow(3.1e-4) == "10$^{-4}$"
    assert R._fmt_pow(0.05) == "0.05" and R._fmt_pow(0.0) == "0"


def test_heatmap_hatches_exactly_the_saturated_cells() -> None:
    r = I.signal_propagation(
        initializers=("large-normal", "xavier-normal"),
        activations=("linear", "tanh"),
        width=128,
        depth=6,
        inputs="gaussian",
        n_samples=64,
        n_nets=1,
    )
    assert r.saturated[0, 1, -1] > 0.5 and r.saturated[1, 1, -1] < 0.5  # tanh under N(0, 1) only
    with style_context():
        fig = new_figure((10, 4))
        R.figure_variance_heatmap(fig, r)
        for ax in fig.axes[:2]:
            hatched = [p for p in ax.patches if p.get_hatch()]
            assert [(p.get_x(), p.get_y()) for p in hatched] == [(0.5, -0.5)]  # row 0, column 1
            assert any(t.get_text().startswith("saturated ") for t in ax.texts)


def test_the_heat_scale_is_pale_only_within_a_factor_2() -> None:
    z = np.array([-12.0, -1.0, -np.log10(2), 0.0, np.log10(2), 1.0, 12.0])
    p = R.heat_position(z)
    np.testing.assert_allclose(p[[0, 3, 6]], [0.0, 0.5, 1.0])
    assert np.all(np.diff(p) > 0)
    # a factor 2 stays within a tenth of the white centre; a factor 10 is twice as far out
    assert abs(p[4] - 0.5) < 0.1 and abs(p[5] - 0.5) > 0.19
    np.testing.assert_allclose(R._heat_inverse(p), z, atol=1e-12)


def test_tapering_figure_plots_each_rules_measured_variances() -> None:
    t = I.tapering_stack(sizes=(50, 100, 20), inputs="gaussian", n_samples=64, n_nets=2)
    with style_context():
        fig = new_figure((12, 4))
        R.figure_tapering(fig, t)
        fwd = _labelled_lines(fig.axes[0])
        assert list(fwd) == list(t.labels)
        for k, label in enumerate(t.labels):
            np.testing.assert_allclose(fwd[label][:, 1], t.forward[k])
        back = [ln for ln in fig.axes[1].get_lines() if ln.get_marker() not in ("None", "")]
        np.testing.assert_allclose(back[0].get_ydata(), t.backward[0])
        assert [x.get_text() for x in fig.axes[0].get_xticklabels()] == [
            "x\n50",
            "a1\n100",
            "a2\n20",
        ]


def test_histogram_panels_print_the_saturated_share_and_the_gradient_growth() -> None:
    h = I.layer_histograms(width=100, depth=3, inputs="gaussian", n_samples=50, bins=20)
    with style_context():
        fig = new_figure((12, 4))
        R.figure_layer_histograms(fig, h)
        text = fig.axes[0].texts[-1].get_text()
    assert f"{h.saturated[0, -1] * 100:.1f}%" in text
    assert f"{h.grad_var[0, 0] / h.grad_var[0, -1]:.2g}" in text
