"""Optimizer figures, checked on their artists' data (not pixels)."""

from __future__ import annotations

import numpy as np

from vizdl.render.mpl import figure_bytes, new_figure, style_context
from vizdl.render.mpl.optimizers.learning_rates import figure_learning_rates
from vizdl.render.mpl.optimizers.momentum import figure_momentum_ravine
from vizdl.sim.optimizers.learning_rates import learning_rate_regimes
from vizdl.sim.optimizers.momentum import momentum_ravine


def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def test_learning_rate_figure_draws_every_iterate_and_marks_divergence() -> None:
    r = learning_rate_regimes()
    with style_context():
        fig = new_figure()
        figure_learning_rates(fig, r)
        fig.canvas.draw()
    axes = fig.axes
    assert len(axes) == 5
    for i, ax in enumerate(axes[:4]):
        zig = ax.lines[1].get_xydata()
        path = r.paths[i]
        n = len(zig)
        np.testing.assert_allclose(zig[:, 0], path.points[:n, 0, 0])
        np.testing.assert_allclose(zig[:, 1], path.losses[:n, 0])
    # Converging panels draw all 21 iterates; the divergent one stops at the first point outside
    # the plot (step 2 from x0 = 2.5 with |1 − ηa| = 1.1) and says so.
    assert [len(ax.lines[1].get_xydata()) for ax in axes[:4]] == [21, 21, 21, 3]
    assert "leaves the plot at step 2" in _texts(axes[3])[0]
    assert "|θ| × 1.1 per step" in _texts(axes[3])[0]
    assert "|θ| × 0.9 per step" in _texts(axes[0])[0]
    # The loss panel has one curve per learning rate, log-scaled, and the divergent run is marked ✕.
    loss_ax = axes[4]
    assert loss_ax.get_yscale() == "log"
    assert [line.get_label() for line in loss_ax.get_legend().get_lines()] == [
        f"η = {lr:.3g}: {lab}" for lr, lab in zip(r.lrs, r.labels, strict=True)
    ]


def test_momentum_figure_plots_both_trajectories_exactly() -> None:
    r = momentum_ravine()
    with style_context():
        fig = new_figure()
        figure_momentum_ravine(fig, r)
    ax, ax2 = fig.axes
    by_label = {line.get_label(): line for line in ax.lines}
    plain = next(v for k, v in by_label.items() if k.startswith("plain GD"))
    mom = next(v for k, v in by_label.items() if k.startswith("momentum"))
    np.testing.assert_allclose(plain.get_xydata(), r.plain.points[:, 0])
    np.testing.assert_allclose(mom.get_xydata(), r.momentum.points[:, 0])
    # the races' colours: plain GD is SGD's, momentum Momentum's (they were swapped once)
    from vizdl.style import racer_style

    assert plain.get_color() == racer_style("SGD")["color"]
    assert mom.get_color() == racer_style("Momentum")["color"]
    assert ax.get_aspect() == 1.0
    np.testing.assert_allclose(ax2.lines[0].get_ydata(), r.plain.losses[:, 0])


def test_static_outputs_are_byte_identical_for_the_same_inputs() -> None:
    outs = []
    for _ in range(2):
        with style_context():
            fig = new_figure()
            figure_learning_rates(fig, learning_rate_regimes())
            outs.append({fmt: figure_bytes(fig, fmt) for fmt in ("png", "svg", "pdf")})
    for fmt in ("png", "svg", "pdf"):
        assert outs[0][fmt] == outs[1][fmt], fmt
    assert b"Software" not in outs[0]["png"]
    assert b"CreationDate" not in outs[0]["pdf"]
    assert b"<dc:date>" not in outs[0]["svg"]


def test_race_figure_draws_every_racer_with_its_own_style() -> None:
    from vizdl.render.mpl.optimizers.races import figure_race
    from vizdl.sim.optimizers.races import optimizer_race
    from vizdl.style import racer_style

    r = optimizer_race("bowl", resolution=40)
    with style_context():
        fig = new_figure()
        figure_race(fig, r)
    ax, ax2 = fig.axes
    lines = {ln.get_label(): ln for ln in ax.lines}
    colors = set()
    for label, lr, path in zip(r.labels, r.lrs, r.paths, strict=True):
        # Adadelta's rate is torch's default, said in its legend entry
        extra = ", torch's default" if label == "Adadelta" else ""
        line = lines[f"{label} (η = {lr:.3g}{extra})"]
        np.testing.assert_allclose(line.get_xydata(), path.points[:, 0])
        assert line.get_color() == racer_style(label)["color"]
        colors.add(line.get_color())
    assert len(colors) == len(r.labels)
    assert "#F0E442" not in colors  # Okabe-Ito yellow is unreadable on the light contour fill
    assert ax2.get_yscale() == "log" and len(ax2.lines) == len(r.labels)


def test_every_contour_map_is_drawn_in_the_themes_contour_colour() -> None:
    """One colour for contour lines in every optimizer figure, the scenes' too (five greys
    from 0.55 to 0.75 were written inline once)."""
    import matplotlib.colors as mcolors
    from matplotlib.contour import ContourSet

    from vizdl.render.mpl.optimizers.batches import figure_batch_paths
    from vizdl.render.mpl.optimizers.learning_rates import figure_learning_rates_2d
    from vizdl.render.mpl.optimizers.nesterov import figure_nesterov
    from vizdl.render.mpl.optimizers.races import figure_race
    from vizdl.sim.optimizers.batches import batch_paths
    from vizdl.sim.optimizers.learning_rates import learning_rate_regimes_2d
    from vizdl.sim.optimizers.nesterov import nesterov_geometry
    from vizdl.sim.optimizers.races import optimizer_race
    from vizdl.style import THEME

    cases = [
        (figure_race, optimizer_race("bowl", steps=20, resolution=20)),
        (figure_momentum_ravine, momentum_ravine(steps=10, resolution=20)),
        (figure_nesterov, nesterov_geometry(steps=10, resolution=20)),
        (figure_learning_rates_2d, learning_rate_regimes_2d(steps=5, resolution=20)),
        (figure_batch_paths, batch_paths(steps=5, resolution=20)),
    ]
    want = mcolors.to_rgba(THEME.contour)
    for draw, result in cases:
        with style_context():
            fig = new_figure()
            draw(fig, result)
        sets = [
            c
            for ax in fig.axes
            for c in ax.get_children()
            if isinstance(c, ContourSet) and not c.filled  # the lines, not a shaded fill
        ]
        assert sets, draw.__name__
        for cs in sets:
            colors = {tuple(np.round(c, 6)) for c in cs.get_edgecolor()}
            assert colors == {tuple(np.round(want, 6))}, (draw.__name__, colors)
