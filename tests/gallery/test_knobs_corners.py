"""Knob ranges admit only settings where the entry's claims hold.

A knob's ``low``/``high`` promise that every value between them gives a picture whose caption is
true. These tests build the claims at the corners of the declared box (and, where the compute is
cheap, a grid inside it) and check that the value that used to break them is now refused.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from vizdl.gallery.claims import evaluate, failed_claims
from vizdl.gallery.registry import GalleryError, load_gallery
from vizdl.gallery.runner import import_ref

ROOT = Path(__file__).resolve().parents[2]
GALLERY = load_gallery(ROOT)


def _failures(name: str, extra: dict | None = None, **knobs: object) -> list[str]:
    """The checks that fail for entry ``name`` at ``knobs`` (set as --set sets them), with
    ``extra`` non-knob arguments of the compute (a coarser grid) passed straight through."""
    e = GALLERY.entries[name].with_params(**knobs)
    result = import_ref(e.compute)(**{**e.params, **(extra or {})})
    records, _ = evaluate(e.claims, result, e.caption)
    return [f"{r['check']} {r['measured']}" for r in failed_claims(records)]


def _corners(name: str, keys: tuple[str, ...]) -> list[dict]:
    k = GALLERY.entries[name].knobs
    return [
        dict(zip(keys, c, strict=True))
        for c in itertools.product(*((k[n].low, k[n].high) for n in keys))
    ]


@pytest.mark.parametrize("name", ["momentum-ravine", "momentum-ravine-animation"])
def test_the_ravine_claims_hold_on_the_whole_knob_box(name: str) -> None:
    # momentum 0.9 used to break two claims (√0.9 = 0.95 per step leaves 2% of the zig-zag after
    # 80 steps, not under a tenth of plain descent's 24%): the words now follow the runs, so the
    # whole box (corners and a grid inside) holds, and the words change where the runs do.
    k = GALLERY.entries[name].knobs
    for knobs in _corners(name, ("lr", "momentum", "steps")):
        assert not _failures(name, {"resolution": 10}, **knobs), knobs
    for lr, g, steps in itertools.product(
        np.geomspace(k["lr"].low, k["lr"].high, 5),
        np.linspace(k["momentum"].low, k["momentum"].high, 5),
        (int(k["steps"].low), 80, 300),
    ):
        assert not _failures(name, {"resolution": 10}, lr=lr, momentum=g, steps=steps)
    for bad in (dict(lr=0.02), dict(momentum=1.0), dict(steps=10), dict(condition=1000.0)):
        with pytest.raises(GalleryError):
            GALLERY.entries[name].with_params(**bad)


def test_the_ravine_caption_changes_its_words_with_the_runs() -> None:
    # the caption the page shows, filled from the claims at three settings
    def caption(**knobs: object) -> str:
        e = GALLERY.entries["momentum-ravine"].with_params(**knobs)
        _, text = evaluate(e.claims, import_ref(e.compute)(**e.params, resolution=10), e.caption)
        return text

    assert "under a tenth of plain descent's" in caption()
    at_09 = caption(momentum=0.9)
    assert "less than plain descent's" in at_09 and "under a tenth" not in at_09
    assert "2% of the cross-valley distance, less than plain descent's" in at_09
    assert "more than plain descent's" in caption(lr=0.018)
    assert "slides into the valley without crossing it" in caption(lr=0.005)


@pytest.mark.parametrize("surface", ["bowl", "elongated"])
def test_the_nesterov_claims_hold_at_every_corner(surface: str) -> None:
    # lr 0.1 and steps 100 were allowed and broke the braking claim: late in a run, circling
    # the minimum, the look-ahead gradient can lengthen a step. The claim now covers steps 2-8
    # (the steps the pictures explain), where it holds on the whole box; the ravine is no longer
    # offered (at η ≥ 0.015 it fails there too).
    name = "nesterov-geometry"
    for knobs in _corners(name, ("lr", "momentum", "steps")):
        assert not _failures(name, {"resolution": 10}, surface=surface, **knobs), knobs
    with pytest.raises(GalleryError):
        GALLERY.entries[name].with_params(surface="ravine")
