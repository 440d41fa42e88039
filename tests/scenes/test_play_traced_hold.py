"""The hold after DataScene.play_traced shows the targets, not the frame one step before."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.slow


def test_the_held_frame_after_play_traced_is_at_the_target(tmp_path: Path) -> None:
    import av
    from manim import RED, Dot, ValueTracker, tempconfig

    from vizdl.gallery.runner import manim_config
    from vizdl.render.manim import DataScene

    class Slide(DataScene):
        def construct(self) -> None:
            t = ValueTracker(-5.0)
            dot = Dot(radius=0.3, color=RED).add_updater(lambda d: d.move_to([t.get_value(), 0, 0]))
            self.add(dot)
            self.play_traced({t: 5.0}, run_time=1.0, chunks=2)
            self.wait(0.5)

    with tempconfig(manim_config("low", tmp_path, output_file="slide")):
        scene = Slide()
        scene.render()
        movie = Path(scene.renderer.file_writer.movie_file_path)
    with av.open(str(movie)) as f:
        last = [fr.to_ndarray(format="rgb24") for fr in f.decode(video=0)][-1].astype(int)
    red = (last[..., 0] > 150) & (last[..., 1] < 120) & (last[..., 2] < 120)
    cols = np.nonzero(red.any(axis=0))[0]
    w = last.shape[1]
    # x = 5 of a 14.22-unit-wide frame: the dot's centre at 0.5 + 5 / 14.22 of the width
    centre = (cols.min() + cols.max()) / 2
    assert centre == pytest.approx(w * (0.5 + 5 / (8 * 16 / 9)), abs=2)
