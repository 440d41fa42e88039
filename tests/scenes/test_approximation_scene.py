"""Approximation scenes rendered at low quality from small real results."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from scenes.approximation import (
    BumpsAdded,
    OneLayerTraining,
    ReluRelays,
    StaircaseRefine,
    StepSharpening,
)
from tests.scenes.jobs import animation_job
from vizdl.gallery.runner import run_entry

pytestmark = pytest.mark.slow


class ShortStep(StepSharpening):
    seconds = 1.0


class ShortBumps(BumpsAdded):
    seconds = 1.0


class ShortRefine(StaircaseRefine):
    seconds_per_step = 0.3


class ShortTraining(OneLayerTraining):
    seconds = 1.0


class ShortRelays(ReluRelays):
    seconds = 1.0


CASES = [
    ("step_units", "ShortStep", dict()),
    ("bump_build", "ShortBumps", dict(n_bumps=5, fit_counts=(5,), points=801)),
    ("error_sweep", "ShortRefine", dict(ns=(2, 4, 8), fit_range=(2, 8), ws=(10, 100), points=2001)),
    ("trained_fits", "ShortTraining", dict(steps=100, units=10, relu_steps=5, snapshots=4)),
    ("relu_switches", "ShortRelays", dict(steps=200)),
]


@pytest.mark.parametrize(("compute", "scene", "params"), CASES, ids=[c[1] for c in CASES])
def test_scene_renders_and_moves(tmp_path: Path, compute, scene, params) -> None:
    job = animation_job(
        tmp_path, f"vizdl.sim.approximation:{compute}", f"{__name__}:{scene}", params
    )
    res = run_entry(job)
    assert res["ok"], res.get("traceback")
    with av.open(str(tmp_path / "clip.mp4")) as c:
        frames = [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]
    assert len(frames) > 15 and not np.array_equal(frames[0], frames[-1])
