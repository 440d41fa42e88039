"""The compute cache: entries sharing a simulation compute it once, and rebuilds reuse it."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from vizdl import store
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
    cache = str(tmp_path / "c" / "k.npz")
    ref = f"{__name__}:counted"
    a, hit_a = cached_compute(ref, {"n": 4}, 1, cache)
    b, hit_b = cached_compute(ref, {"n": 4}, 1, cache)
    assert len(CALLS) == 1 and (hit_a, hit_b) == (False, True)
    np.testing.assert_array_equal(a, b)
    # no temp file is left beside the result; a damaged file is recomputed, not trusted
    assert sorted(p.suffix for p in (tmp_path / "c").iterdir()) == [".lock", ".npz"]
    Path(cache).write_bytes(b"not a stored result")
    c, hit_c = cached_compute(ref, {"n": 4}, 1, cache)
    assert len(CALLS) == 2 and not hit_c and np.array_equal(c, a)
    assert np.array_equal(store.load(Path(cache))[0], a)
    # --force recomputes even a good stored result
    d, hit_d = cached_compute(ref, {"n": 4}, 1, cache, force=True)
    assert len(CALLS) == 3 and not hit_d and np.array_equal(d, a)
    # a result stored by another compute function (same file name) is not used
    e, hit_e = cached_compute(f"{__name__}:other", {"n": 4}, 1, cache)
    assert not hit_e and np.array_equal(e, np.zeros(4))


def other(n: int, seed: int = 0) -> np.ndarray:
    return np.zeros(n)


def test_entries_with_the_same_simulation_share_a_compute_key(tmp_path: Path) -> None:
    reg = load_gallery(ROOT)
    items = {it.entry.name: it for it in plan(reg, BuildOptions(out=tmp_path, quality="low"))}
    fwd, bwd = items["init-forward-variance"], items["init-backward-variance"]
    anim = items["init-forward-variance-animation"]
    assert fwd.compute_key == bwd.compute_key == anim.compute_key
    assert fwd.key != bwd.key  # the outputs still differ
    assert items["init-symmetry"].compute_key != fwd.compute_key


def test_entries_sharing_a_simulation_start_after_the_first_is_done(tmp_path: Path) -> None:
    from vizdl.gallery.build import share_computes

    reg = load_gallery(ROOT)
    items = plan(reg, BuildOptions(out=tmp_path, quality="low"))
    first, later = share_computes(items)
    names = [it.entry.name for it in first]
    waiting = {k: [it.entry.name for it in v] for k, v in later.items() if v}
    # one job per simulation starts; the others wait for its result instead of for its lock
    assert "init-forward-variance" in names and "init-backward-variance" not in names
    fwd_key = next(it.compute_key for it in first if it.entry.name == "init-forward-variance")
    assert {"init-backward-variance", "init-forward-variance-animation"} <= set(waiting[fwd_key])
    assert len({it.compute_key for it in first}) == len(first)  # no simulation started twice
    # every entry is run exactly once, either now or after its simulation
    everyone = names + [n for v in waiting.values() for n in v]
    assert sorted(everyone) == sorted(it.entry.name for it in items)


def test_worker_threads_share_the_cores_among_the_jobs() -> None:
    from vizdl.gallery.build import worker_threads

    assert worker_threads(2, cores=2) == 1
    assert worker_threads(1, cores=2) == 2
    assert worker_threads(3, cores=8) == 2
    assert worker_threads(4, cores=2) == 1  # never 0


def test_a_forced_build_computes_a_shared_simulation_once(demo: Path, monkeypatch) -> None:
    import dataclasses
    import json

    from vizdl.config import load_config
    from vizdl.gallery.build import build

    monkeypatch.setenv("VIZDL_DEMO_SLEEP", "2")  # gamma's simulation takes 2 s
    cfg = load_config(demo)
    reg = load_gallery(cfg.root, cfg.gallery)
    gamma = reg.get("gamma")
    twin = dataclasses.replace(gamma, name="gamma-twin", draw="demo_code.draw:draw_line")
    reg.entries = {"gamma": gamma, "gamma-twin": twin}
    out = demo / "site"
    build(reg, BuildOptions(out=out, jobs=2))
    report = build(reg, BuildOptions(out=out, jobs=2, force=True))
    assert {r["name"] for r in report.rendered} == {"gamma", "gamma-twin"}
    seconds = {
        n: json.loads((out / "entries" / n / "meta.json").read_text())["simulate_seconds"]
        for n in ("gamma", "gamma-twin")
    }
    # --force recomputed it once (the first job, 2 s); the other read that fresh result
    assert seconds["gamma"] >= 2.0 and seconds["gamma-twin"] < 1.0, seconds
