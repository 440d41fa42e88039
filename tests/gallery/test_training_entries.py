"""Every entry of the trainer topic, run for real with the tiny preset (CI's stand-in for the
full training the gallery does): its compute, its renderer or scene, its data files."""

from __future__ import annotations

import dataclasses
import inspect
import json
from pathlib import Path
from types import MappingProxyType

import pytest

from vizdl.gallery.job import Job
from vizdl.gallery.registry import load_gallery
from vizdl.gallery.runner import import_ref, run_entry

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
ENTRIES = [e for e in load_gallery(ROOT).entries.values() if e.topic == "training"]
TINY = {"limit": 2000, "epochs": 2, "seeds": (0,)}


def tiny_params(entry) -> dict:
    accepted = inspect.signature(import_ref(entry.compute)).parameters
    params = dict(entry.params)
    for key, value in TINY.items():
        if key in params or (key in accepted and key != "seeds"):
            params[key] = value
    return params


def test_the_topic_has_its_entries() -> None:
    names = {e.name for e in ENTRIES}
    assert {
        "learning-curves",
        "overfitting",
        "inference",
        "confusion-matrix",
        "init-weight-histograms",
        "weight-ridgelines",
        "split-and-batches",
        "lecture-numbers",
        "learning-curves-animation",
        "weight-histograms-animation",
        "model-summary",
        "validation-picks-the-lr",
    } <= names


def quoted(claims: tuple) -> tuple:
    """The claims as lecture statements: each check runs and fills the caption, but a tiny run's
    numbers (2,000 images, 2 epochs) need not make the gallery's sentences true."""
    return tuple(dataclasses.replace(c, lecture=True) for c in claims)


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda e: e.name)
def test_entry_renders_with_the_tiny_preset(entry, tmp_path: Path) -> None:
    job = Job.make(
        # The preset's limit is not a knob of every entry (lecture-numbers trains on all the
        # images): it goes straight to the compute function, past the knobs' checks.
        dataclasses.replace(
            entry, params=MappingProxyType(tiny_params(entry)), claims=quoted(entry.claims)
        ),
        tmp_path,
        ["png"] if entry.kind == "figure" else ["mp4"],
        "low",
        root=ROOT,
    )
    res = run_entry(job)
    assert res["ok"], res.get("traceback")
    assert (tmp_path / "data.npz").is_file()
    meta = json.loads((tmp_path / "meta.json").read_text())
    out = f"{entry.name}.png" if entry.kind == "figure" else f"{entry.name}.mp4"
    assert out in meta["files"]
    # every entry of the topic makes checked claims; each check ran and filled the caption
    assert entry.claims and len(meta["claims"]) == len(entry.claims)
    assert all(c["holds"] is not None for c in meta["claims"] if c["check"])
    assert "{" not in meta["caption"] and "…" not in meta["caption"]
