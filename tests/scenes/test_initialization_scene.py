"""Initialization scenes rendered for real at low quality (small data): frames carry the numbers."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from scenes.initialization import BackwardSignal, ForwardSignal, SymmetryScene
from tests.scenes.jobs import animation_job
from tests.scenes.test_optimizers_scene import colour_fraction
from vizdl.gallery.runner import run_entry
from vizdl.style import THEME

pytestmark = pytest.mark.slow


class ShortForward(ForwardSignal):
    seconds = 1.0


class ShortBackward(BackwardSignal):
    seconds = 1.0


class ShortSymmetry(SymmetryScene):
    seconds = 1.0


def job(outdir: Path, compute: str, scene: str, params: dict) -> dict:
    return animation_job(outdir, compute, f"{__name__}:{scene}", params)


def bar_colour(init: str) -> str:
    """The bar colour on screen: the initializer's colour at 85% opacity over white."""
    c = np.array([int(THEME.initializers[init][i : i + 2], 16) for i in (1, 3, 5)])
    mixed = np.round(0.85 * c + 0.15 * 255).astype(int)
    return "#" + "".join(f"{v:02x}" for v in mixed)


PROP = dict(
    # N(0, 1) included: its ReLU row is the one that explodes
    initializers=(
        "small-normal",
        "large-normal",
        "torch-default",
        "xavier-normal",
        "kaiming-normal",
    ),
    activations=("tanh", "relu"),
    width=64,
    depth=10,
    inputs="gaussian",
    n_samples=64,
    n_nets=1,
)


@pytest.mark.parametrize("scene", ["ShortForward", "ShortBackward"])
def test_signal_scenes_draw_one_bar_colour_per_initializer(tmp_path: Path, scene: str) -> None:
    res = run_entry(job(tmp_path, "vizdl.sim.initialization:signal_propagation", scene, PROP))
    assert res["ok"], res.get("traceback")
    with av.open(str(tmp_path / "clip.mp4")) as c:
        s = c.streams.video[0]
        assert (s.codec_context.width, s.codec_context.height) == (854, 480)
        frames = [f.to_ndarray(format="rgb24") for f in c.decode(s)]
    assert abs(len(frames) - 15 * 2.5) <= 1  # 1 s of motion + 1.5 s hold
    poster = Image.open(tmp_path / "clip.poster.png")
    data = np.load(tmp_path / "data.npz")
    values = data["forward"][..., 1:] if scene == "ShortForward" else data["backward"]
    for i, init in enumerate(PROP["initializers"]):
        # bars are log10 Var: an initializer that keeps Var near 1 has bars of height ~0
        if np.abs(np.log10(values[i])).max() > 1.5:
            assert colour_fraction(poster, bar_colour(init), tol=12) > 0.001, init
    # the bars grow: the first frame has almost none of the small-normal colour
    first = Image.fromarray(frames[0])
    small = bar_colour("small-normal")
    assert colour_fraction(first, small, tol=12) < 0.3 * colour_fraction(poster, small, tol=12)


def test_symmetry_scene_shows_the_weight_images(tmp_path: Path) -> None:
    params = dict(
        inits=("zeros", "constant", "xavier-normal"), steps=20, n_samples=200, checkpoints=5
    )
    res = run_entry(job(tmp_path, "vizdl.sim.initialization:symmetry", "ShortSymmetry", params))
    assert res["ok"], res.get("traceback")
    poster = np.asarray(Image.open(tmp_path / "clip.poster.png").convert("RGB")).astype(int)
    # red (positive) and blue (negative) weight pixels from the RdBu colour map are on screen
    red = (poster[..., 0] > 150) & (poster[..., 2] < 120)
    blue = (poster[..., 2] > 150) & (poster[..., 0] < 120)
    assert red.mean() > 0.002 and blue.mean() > 0.002
    # The images follow training while it plays, not only in the final hold: the random row's
    # images change from checkpoint to checkpoint during the motion (15 frames at 15 fps).
    with av.open(str(tmp_path / "clip.mp4")) as c:
        frames = [f.to_ndarray(format="rgb24").astype(int) for f in c.decode(video=0)]
    rows = slice(int(0.55 * 480), int(0.85 * 480))  # the third row (Xavier) of images
    moving = [np.abs(frames[i][rows] - frames[i + 1][rows]).mean() for i in range(14)]
    assert sum(m > 0.5 for m in moving) >= 3  # a new checkpoint about every 4 frames
    assert np.abs(frames[1][rows] - frames[13][rows]).mean() > 2


def test_scene_values_print_as_the_figures_do() -> None:
    from scenes.initialization import _final_text
    from vizdl.render.manim import pow10
    from vizdl.render.mpl.initialization import _fmt_pow

    # the same rounding as the heatmap figure: nearest power of ten, plain digits below 10^±3
    for v in (9.8e-10, 1.03e-3, 9.77e-4, 0.0049, 0.73, 1.2, 3.3e4):
        fig = _fmt_pow(v)
        if fig.startswith("10$"):
            assert _final_text(v) == pow10(int(fig.split("{")[1].split("}")[0])), v
        else:
            assert _final_text(v) == fig, v
