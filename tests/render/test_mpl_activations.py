"""Activation figures: the drawn artists are the simulated numbers."""

from __future__ import annotations

import numpy as np
import pytest

from vizdl.render.mpl import activations as R
from vizdl.render.mpl import new_figure, style_context
from vizdl.sim import activations as A
from vizdl.sim import vanishing as V


def _lines(ax) -> dict[str, np.ndarray]:
    return {ln.get_label(): ln.get_xydata() for ln in ax.get_lines()}


def test_gallery_panels_draw_each_function_and_derivative() -> None:
    g = A.activation_gallery(names=("relu", "gelu"), points=201)
    with style_context():
        fig = new_figure((10, 4))
        R.figure_activation_gallery(fig, g)
        lines = _lines(fig.axes[1])
    np.testing.assert_allclose(lines["f(x)"][:, 1], g.f[1])
    np.testing.assert_allclose(lines["f'(x)"][:, 1], g.df[1])


def test_only_leaky_relu_gets_a_magnified_negative_side() -> None:
    names = ("relu", "leaky_relu", "prelu", "gelu", "elu")
    g = A.activation_gallery(names=names, points=201)
    with style_context():
        fig = new_figure((12, 6))
        R.figure_activation_gallery(fig, g)
        panels = fig.axes[: len(names)]
        insets = {names[k]: ax.child_axes for k, ax in enumerate(panels)}
    # 0.01 · x spans 0.05 of a panel from -5 to 5: invisible at full scale, hence the inset;
    # ReLU (slope 0), PReLU (0.25, visible), GELU and ELU (curved) get none
    assert {n: len(v) for n, v in insets.items()} == {
        "relu": 0, "leaky_relu": 1, "prelu": 0, "gelu": 0, "elu": 0
    }  # fmt: skip
    (ins,) = insets["leaky_relu"]
    (line,) = ins.get_lines()[:1]
    x, y = line.get_xydata().T
    assert x.max() < 0 and np.allclose(y, 0.01 * x)
    assert any("slope f' = 0.01" in t.get_text() for t in ins.texts)
    lo, hi = ins.get_ylim()
    assert hi - lo < 0.1  # magnified: the panel's own range is about 5


def test_sigmoid_bound_marks_the_maximum_at_zero() -> None:
    g = A.activation_gallery(names=("sigmoid", "tanh"), x_range=6.0, points=1201)
    with style_context():
        fig = new_figure((12, 4))
        R.figure_sigmoid_bound(fig, g)
        texts = [t.get_text() for t in fig.axes[0].texts]
    assert any("max σ' = 0.2500 = 1/4 at x = 0" in t for t in texts)


def test_derivative_product_curves_are_the_measured_means() -> None:
    d = V.derivative_products(depth=12, width=64, n_samples=32, n_paths=16)
    with style_context():
        fig = new_figure((12, 4))
        R.figure_derivative_products(fig, d)
        products, signal = _lines(fig.axes[0]), _lines(fig.axes[1])
    for k, a in enumerate(d.activations):
        np.testing.assert_allclose(products[a][:, 1], d.mean[k])
        # the middle panel: the whole signal with the weights, per activation + initializer
        np.testing.assert_allclose(signal[f"{a} + {d.inits[k]}"][:, 1], d.signal[k])
    np.testing.assert_allclose(products["bound 4⁻ᴸ (σ' ≤ 1/4)"][:, 1], 0.25 ** np.arange(13))
    # the exact mean over every path is never 0, so every point is drawn on the log axis
    assert np.all(np.isfinite(products["relu"][:, 1])) and np.all(d.mean > 0)


def test_gradient_norm_lines_and_ratios() -> None:
    n = V.gradient_norms(pairs=(("sigmoid", "xavier-normal"),), width=64, depth=6, n_samples=32)
    with style_context():
        fig = new_figure((8, 4))
        R.figure_gradient_norms(fig, n)
        ax = fig.axes[0]
    np.testing.assert_allclose(ax.get_lines()[0].get_ydata(), n.norms[0])
    assert ax.texts[0].get_text() == f"×{n.norms[0, -1] / n.norms[0, 0]:.2g}"


def test_dying_relu_panels() -> None:
    r = V.dying_relu(steps=40, record_every=20, n_train=500)
    with style_context():
        fig = new_figure((12, 4))
        R.figure_dying_relu(fig, r)
        lines = _lines(fig.axes[1])
    np.testing.assert_allclose(lines["ReLU"][:, 1], r.off[0, 1] * 100)


@pytest.mark.parametrize("fn", ["figure_composition", "figure_softmax_sigmoid"])
def test_other_figures_draw(fn: str) -> None:
    data = V.repeated_composition() if fn == "figure_composition" else A.softmax_sigmoid()
    with style_context():
        fig = new_figure((10, 4))
        getattr(R, fn)(fig, data)
        assert fig.axes[0].get_lines()
