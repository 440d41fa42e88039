"""Scenes hold no parameters: each reads the gallery entry that draws it.

Run with the plain manim CLI, a scene draws what the gallery shows (the entry's compute, params
and seed); ``VIZDL_ENTRY`` picks another entry drawn by the same scene.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from scenes.optimizers import LearningRateBalls, OptimizerRace
from vizdl.gallery.registry import GalleryError, load_gallery
from vizdl.gallery.runner import call_compute

ROOT = Path(__file__).resolve().parents[2]
GALLERY = load_gallery(ROOT)


def test_a_scene_finds_the_entry_that_draws_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VIZDL_ENTRY", raising=False)
    races = [
        e.name
        for e in GALLERY.entries.values()
        if e.kind == "animation" and e.scene == "scenes.optimizers:OptimizerRace"
    ]
    assert races == [
        "race-bowl-animation",
        "race-beale-animation",
        "race-ravine-animation",
        "race-saddle-animation",
    ]
    assert OptimizerRace.gallery_entry().name == "race-bowl-animation"  # the first
    assert OptimizerRace.gallery_entry("race-saddle-animation").params["surface"] == "saddle"
    monkeypatch.setenv("VIZDL_ENTRY", "race-ravine-animation")
    assert OptimizerRace.gallery_entry() == GALLERY.get("race-ravine-animation")


def test_naming_an_entry_another_scene_draws_says_which_are_allowed() -> None:
    with pytest.raises(GalleryError) as err:
        OptimizerRace.gallery_entry("momentum-ravine-animation")
    msg = str(err.value)
    assert "'momentum-ravine-animation' is not drawn by scene OptimizerRace" in msg
    assert "race-bowl-animation, race-beale-animation, race-ravine-animation" in msg


def test_without_the_engine_a_scene_computes_its_entrys_numbers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("VIZDL_ENTRY", raising=False)
    e = GALLERY.get("learning-rate-regimes-animation")
    scene = LearningRateBalls.__new__(LearningRateBalls)  # load() needs no camera
    d = scene.load()
    want = call_compute(e.compute, dict(e.params), e.seed)
    np.testing.assert_allclose(d.lrs * e.params["curvature"], e.params["lr_factors"])
    assert len(d.paths) == len(e.params["lr_factors"])
    for got, ref in zip(d.paths, want.paths, strict=True):
        np.testing.assert_array_equal(got.points, ref.points)


@pytest.mark.slow
def test_the_manim_cli_renders_the_entry_named_by_vizdl_entry(tmp_path: Path) -> None:
    env = {**os.environ, "VIZDL_ENTRY": "race-saddle-animation"}
    cmd = [sys.executable, "-m", "manim", "render", "-ql", "-s", "--media_dir", str(tmp_path)]
    cmd += ["--disable_caching", "scenes/optimizers.py", "OptimizerRace"]
    run = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    assert list(tmp_path.rglob("OptimizerRace*.png"))
    env["VIZDL_ENTRY"] = "no-such-entry"
    run = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode != 0
    assert "'no-such-entry' is not drawn by scene OptimizerRace" in run.stdout + run.stderr
