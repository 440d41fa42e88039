"""The saddle-plateau figure: the paths and the bars are the races' numbers."""

from __future__ import annotations

import numpy as np

from tests.checks.test_plateau_checks import run
from vizdl.checks.plateau import left_at
from vizdl.render.mpl import new_figure, style_context
from vizdl.render.mpl.optimizers.plateau import figure_plateau_saddle


def test_paths_and_bars_are_the_races() -> None:
    r = run()
    with style_context():
        fig = new_figure((15, 5))
        figure_plateau_saddle(fig, r)
        a, b, c = fig.axes[:3]
    for ax, race in ((a, r.shared), (b, r.best)):
        lines = {ln.get_label(): ln.get_xydata() for ln in ax.get_lines()}
        for label, p in zip(race.labels, race.paths, strict=True):
            np.testing.assert_allclose(lines[label], p.points[:, 0])
    widths = [bar.get_width() for bar in c.patches]
    want = []
    for race in (r.shared, r.best):
        left = left_at(r, race)
        want += [r.steps if left[k] is None else left[k] for k in race.labels]
    assert widths == want
