"""The compute cache: entries sharing a simulation compute it once, and rebuilds reuse it."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np

from vizdl.gallery.build import BuildOptions, plan
from vizdl.gallery.registry import load_gallery
from vizdl.gallery.runner import cached_compute

ROOT = Path(__file__).resolve().parents[2]
CALLS: list[dict] = []


def counted(n: int, seed: int = 0) -> np.ndarray:
    CALLS.append({"n": n, "seed": seed})
    return np.arange(n) + seed


def test_a_cached_result_is_computed_once_and_loaded_after(tmp_path: Path) -> None:
    CALLS.clear()
    cache = str(tmp_path / "c" / "k.pkl")
    ref = f"{__name__}:counted"
    a = cached_compute(ref, {"n": 4}, 1, cache)
    b = cached_compute(ref, {"n": 4}, 1, cache)
    assert len(CALLS) == 1
    np.testing.assert_array_equal(a, b)
    # no temp file is left beside the pickle; a corrupt pickle is recomputed, not trusted
    assert sorted(p.suffix for p in (tmp_path / "c").iterdir()) == [".lock", ".pkl"]
    Path(cache).write_bytes(b"not a pickle")
    c = cached_compute(ref, {"n": 4}, 1, cache)
    assert len(CALLS) == 2 and np.array_equal(c, a)
    assert np.array_equal(pickle.loads(Path(cache).read_bytes()), a)


def test_entries_with_the_same_simulation_share_a_compute_key(tmp_path: Path) -> None:
    reg = load_gallery(ROOT)
    items = {it.entry.name: it for it in plan(reg, BuildOptions(out=tmp_path, quality="low"))}
    fwd, bwd = items["init-forward-variance"], items["init-backward-variance"]
    anim = items["init-forward-variance-animation"]
    assert fwd.compute_key == bwd.compute_key == anim.compute_key
    assert fwd.key != bwd.key  # the outputs still differ
    assert items["init-symmetry"].compute_key != fwd.compute_key
