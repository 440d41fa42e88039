"""Activation scenes rendered at low quality from small real results."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from scenes.activations import BackwardProducts, CompositionScene, GradientNormBars, SigmoidSlope
from tests.scenes.jobs import animation_job
from tests.scenes.test_optimizers_scene import colour_fraction
from vizdl.gallery.runner import run_entry
from vizdl.style import THEME

pytestmark = pytest.mark.slow


class ShortSlope(SigmoidSlope):
    seconds = 1.0


class ShortProducts(BackwardProducts):
    seconds = 1.0


class ShortNorms(GradientNormBars):
    seconds = 1.0


class ShortComposition(CompositionScene):
    seconds_per_step = 0.3


CASES = [
    ("activations:activation_gallery", "ShortSlope", dict(names=("sigmoid", "tanh"), x_range=6.0)),
    (
        "vanishing:derivative_products",
        "ShortProducts",
        dict(activations=("sigmoid", "tanh", "relu"), depth=8, width=64, n_samples=32, n_paths=16),
    ),
    (
        "vanishing:gradient_norms",
        "ShortNorms",
        dict(
            pairs=(("sigmoid", "xavier-normal"), ("relu", "kaiming-normal")),
            width=64,
            depth=6,
            n_samples=32,
        ),
    ),
    ("vanishing:repeated_composition", "ShortComposition", dict()),
]


@pytest.mark.parametrize(("compute", "scene", "params"), CASES, ids=[c[1] for c in CASES])
def test_scene_renders_a_web_video_and_a_poster(tmp_path: Path, compute, scene, params) -> None:
    job = animation_job(tmp_path, f"vizdl.sim.{compute}", f"{__name__}:{scene}", params)
    res = run_entry(job)
    assert res["ok"], res.get("traceback")
    with av.open(str(tmp_path / "clip.mp4")) as c:
        s = c.streams.video[0]
        assert (s.codec_context.width, s.codec_context.height) == (854, 480)
        frames = [f.to_ndarray(format="rgb24") for f in c.decode(s)]
    assert len(frames) > 15
    assert not np.array_equal(frames[0], frames[-1])  # something moved
    poster = Image.open(tmp_path / "clip.poster.png")
    if scene == "ShortProducts":
        # the sigmoid row's bars are drawn in the sigmoid colour (85% over white)
        c = np.array([int(THEME.activations["sigmoid"][i : i + 2], 16) for i in (1, 3, 5)])
        mixed = "#" + "".join(f"{v:02x}" for v in np.round(0.85 * c + 0.15 * 255).astype(int))
        assert colour_fraction(poster, mixed, tol=12) > 0.002
