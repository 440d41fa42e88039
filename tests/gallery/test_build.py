"""The build engine on the demo project: outputs, cache, failures, interruption."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from tests.conftest import BETA_OUTPUTS, run_vizdl, slow_build
from vizdl.config import load_config
from vizdl.gallery.build import BuildOptions, build, plan
from vizdl.gallery.registry import load_gallery


def opts(root: Path, **kw) -> BuildOptions:
    return BuildOptions(out=root / "site", jobs=2, quality="low", **kw)


def registry(root: Path):
    cfg = load_config(root)
    return load_gallery(cfg.root, cfg.gallery)


def rendered_names(report) -> set[str]:
    return {r["name"] for r in report.rendered}


def test_build_writes_every_output_and_a_metadata_record(demo: Path) -> None:
    report = build(registry(demo), opts(demo))
    assert rendered_names(report) == {"alpha", "beta", "gamma"}
    folder = demo / "site/entries/beta"
    for f in (*BETA_OUTPUTS, "meta.json", "index.html"):
        assert (folder / f).is_file(), f
    meta = json.loads((folder / "meta.json").read_text())
    assert meta["seed"] == 3 and meta["params"] == {"n": 30, "slope": -1.0}
    assert set(meta["versions"]) >= {"vizdl", "numpy", "torch", "matplotlib"}
    assert len(meta["key"]) == 20 and meta["render_seconds"] > 0
    # The numbers behind the picture are the simulation's, seeded.
    data = np.load(folder / "data.npz")
    rng = np.random.default_rng(3)
    x = np.linspace(0, 1, 30)
    np.testing.assert_allclose(data["y"], -x + 0.05 * rng.standard_normal(30))
    csv = (folder / "data.csv").read_text().splitlines()
    assert csv[0] == "x,y" and len(csv) == 31
    thumb = Image.open(folder / "thumb.png")
    assert thumb.width == 480 and thumb.height > 0
    assert (demo / "site/index.html").is_file() and (demo / "site/assets/site.css").is_file()


def test_second_build_renders_nothing_and_touches_no_file(demo: Path) -> None:
    reg = registry(demo)
    build(reg, opts(demo))
    stamp = {p: p.stat().st_mtime_ns for p in (demo / "site").rglob("*") if p.is_file()}
    report = build(registry(demo), opts(demo))
    assert report.rendered == [] and report.failed == []
    assert all(it.cached for it in report.plan)
    after = {p: p.stat().st_mtime_ns for p in (demo / "site").rglob("*") if p.is_file()}
    # The lock file records the pid of the build holding it: the one file every build writes.
    changed = [p for p in stamp if after.get(p) != stamp[p] and p.name != ".vizdl-lock"]
    assert changed == []


def test_changing_one_entrys_params_rerenders_only_that_entry(demo: Path) -> None:
    build(registry(demo), opts(demo))
    g = demo / "gallery/demo.py"
    g.write_text(
        g.read_text().replace(
            "params=dict(n=N, slope=SLOPE)", "params=dict(n=N.with_default(21), slope=SLOPE)"
        )
    )
    items = plan(registry(demo), opts(demo))
    stale = {it.entry.name: it.reasons for it in items if not it.cached}
    assert stale == {"alpha": ["params changed: n"]}
    assert rendered_names(build(registry(demo), opts(demo))) == {"alpha"}


def test_editing_a_renderer_rerenders_exactly_the_entries_that_use_it(demo: Path) -> None:
    build(registry(demo), opts(demo))
    draw = demo / "demo_code/draw.py"
    # _decorate is shared by alpha and beta; gamma's draw_bars does not call it.
    draw.write_text(draw.read_text().replace('ax.set_xlabel("x")', 'ax.set_xlabel("x value")'))
    stale = {it.entry.name: it.reasons for it in plan(registry(demo), opts(demo)) if not it.cached}
    assert set(stale) == {"alpha", "beta"}
    assert stale["alpha"] == ["code changed: demo_code.draw:_decorate"]
    sim = demo / "demo_code/sim.py"
    sim.write_text(sim.read_text().replace("0.05 * rng", "0.06 * rng"))
    stale = {it.entry.name for it in plan(registry(demo), opts(demo)) if not it.cached}
    assert stale == {"alpha", "beta", "gamma"}


def test_quality_and_formats_are_part_of_the_key(demo: Path) -> None:
    build(registry(demo), opts(demo))
    # Quality matters to animations only: figures stay cached.
    assert all(
        it.cached for it in plan(registry(demo), BuildOptions(out=demo / "site", quality="high"))
    )
    items = plan(registry(demo), BuildOptions(out=demo / "site", quality="low", formats=("png",)))
    assert all(not it.cached and "formats changed" in it.reasons[0] for it in items)


def test_a_failing_entry_gets_a_failed_card_and_does_not_stop_the_build(
    demo: Path, monkeypatch
) -> None:
    monkeypatch.setenv("VIZDL_DEMO_FAIL", "1")
    report = build(registry(demo), opts(demo))
    assert rendered_names(report) == {"alpha", "beta", "gamma"}
    assert [r["name"] for r in report.failed] == ["delta-fails"]
    assert "ValueError: n=3 is not allowed here" in report.failed[0]["error"]
    index = (demo / "site/index.html").read_text()
    assert 'class="card failed"' in index and "n=3 is not allowed here" in index
    page = (demo / "site/entries/delta-fails/index.html").read_text()
    assert "This entry failed to build." in page and "Traceback" in page
    assert not (demo / "site/entries/delta-fails/meta.json").exists()
    # A failed entry is retried by the next build, never treated as cached.
    assert [it.entry.name for it in plan(registry(demo), opts(demo)) if not it.cached] == [
        "delta-fails"
    ]
    r = run_vizdl("build", "--quality", "low", cwd=demo, env={"VIZDL_DEMO_FAIL": "1"})
    assert r.returncode == 1
    assert "failed: delta-fails: ValueError: n=3 is not allowed here" in r.stderr
    assert "Traceback" not in r.stderr


def test_leftover_temp_files_are_swept_and_never_count_as_output(demo: Path) -> None:
    build(registry(demo), opts(demo))
    folder = demo / "site/entries/alpha"
    (folder / "alpha.png").unlink()
    (folder / ".vizdl-tmp-alpha.png.12345.tmp").write_bytes(b"\x89PNG half")
    # A user's own dot-tmp file is not vizdl's: it is never swept.
    (demo / "site/.draft.tmp").write_text("mine")
    items = {it.entry.name: it for it in plan(registry(demo), opts(demo))}
    assert items["alpha"].reasons == ["output missing: alpha.png"]
    build(registry(demo), opts(demo))
    assert not list((demo / "site").rglob(".vizdl-tmp-*"))
    assert (demo / "site/.draft.tmp").read_text() == "mine"
    Image.open(folder / "alpha.png").verify()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_killing_a_build_midway_leaves_nothing_that_looks_cached(
    demo: Path, tmp_path: Path, sig
) -> None:
    with slow_build(demo, tmp_path) as proc:  # gamma is running: alpha and beta are done
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert "Traceback" not in err
    # what it says was left is what was left
    assert "2 entries finished and are kept (alpha, beta); 1 unfinished (gamma)" in err
    assert not list((demo / "site").rglob(".vizdl-tmp-*"))
    assert not list((demo / "site").rglob("*.tmp"))
    items = {it.entry.name: it for it in plan(registry(demo), opts(demo))}
    assert items["alpha"].cached and items["beta"].cached
    assert not items["gamma"].cached and not (demo / "site/entries/gamma/meta.json").exists()
    # Whatever files the finished entries have are complete.
    for name in ("alpha", "beta"):
        Image.open(demo / f"site/entries/{name}/{name}.png").verify()


def test_static_only_and_only_exclude_select_entries(demo: Path, monkeypatch) -> None:
    monkeypatch.setenv("VIZDL_DEMO_ANIMATION", "1")
    items = plan(registry(demo), opts(demo, static_only=True))
    assert [it.entry.name for it in items] == ["alpha", "beta", "gamma"]
    items = plan(registry(demo), opts(demo, only=("a*", "d*"), exclude=("dot",)))
    assert [it.entry.name for it in items] == ["alpha"]
