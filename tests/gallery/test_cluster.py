"""Builds on a Dask cluster (``vizdl build --scheduler``): a LocalCluster of two worker processes
must give the files a local build gives, report failures as a local build does, and share the
client's compute cache."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import cli_error
from vizdl.cli import cli
from vizdl.config import load_config
from vizdl.gallery.build import BuildOptions, build, plan, source_index
from vizdl.gallery.cache import cache_key, key_parts
from vizdl.gallery.cluster import land_files, worker_mismatch
from vizdl.gallery.job import Job
from vizdl.gallery.registry import load_gallery

# What differs between two builds of the same entry however they ran: when and how long.
TIMING_FIELDS = ("built_at", "render_seconds", "simulate_seconds")


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """The address of a LocalCluster of two single-threaded worker processes."""
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        yield cluster.scheduler_address


def registry(root: Path):
    cfg = load_config(root)
    return load_gallery(cfg.root, cfg.gallery)


def digests(site: Path) -> dict[str, str]:
    """sha256 of every file under ``entries/`` and the compute cache, but meta.json and the
    pages (they quote the timings)."""
    out = {}
    for p in sorted(site.rglob("*")):
        rel = p.relative_to(site).as_posix()
        if not p.is_file() or p.name in ("meta.json", "index.html") or p.suffix == ".lock":
            continue
        if rel.startswith(("entries/", ".cache/compute/")):
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def meta_without_timings(path: Path) -> dict:
    meta = json.loads(path.read_text())
    for k in TIMING_FIELDS:
        assert k in meta, k  # the fields left out exist: the comparison is not vacuous
        meta.pop(k)
    for rec in meta["file_info"].values():
        rec.pop("mtime_ns")  # each machine's own clock
    return meta


def test_a_cluster_build_writes_the_same_bytes_as_a_local_build(demo: Path, scheduler) -> None:
    two = ("alpha", "beta")  # a line, and a scatter with a table and an equation
    local = build(registry(demo), BuildOptions(out=demo / "local", jobs=2, only=two))
    remote = build(registry(demo), BuildOptions(out=demo / "remote", only=two, scheduler=scheduler))
    assert {r["name"] for r in local.rendered} == {"alpha", "beta"}
    assert {r["name"] for r in remote.rendered} == {"alpha", "beta"}
    assert remote.failed == []
    # every output of every entry, and the stored simulation results, byte for byte
    a, b = digests(demo / "local"), digests(demo / "remote")
    assert len([k for k in a if k.startswith(".cache/compute/")]) == 2
    assert len([k for k in a if k.endswith(".png")]) == 4  # figure and thumbnail, 2 entries
    assert {k.rsplit("/", 1)[-1] for k in a if k.startswith("entries/beta/")} == {
        "beta.png", "beta.svg", "beta.pdf", "thumb.png", "data.npz", "data.json", "data.csv",
        "equation.svg",
    }  # fmt: skip
    assert a == b
    for name in two:
        m_local = meta_without_timings(demo / "local/entries" / name / "meta.json")
        m_remote = meta_without_timings(demo / "remote/entries" / name / "meta.json")
        assert m_local == m_remote
    # each job ran in a process of its own on a worker, which measured it
    assert all(r["usage"]["cpu_seconds"] > 0 for r in remote.results)
    assert all(r["usage"]["peak_rss_mb"] > 10 for r in remote.results)
    # the files landed as a local build leaves them: the next plan finds them all cached
    items = plan(registry(demo), BuildOptions(out=demo / "remote", only=two))
    assert [it.reasons for it in items] == [[], []]
    again = build(registry(demo), BuildOptions(out=demo / "remote", only=two, scheduler=scheduler))
    assert again.results == []


def test_a_failing_entry_on_the_cluster_is_reported_as_locally(
    demo: Path, scheduler, monkeypatch
) -> None:
    monkeypatch.setenv("VIZDL_DEMO_FAIL", "1")
    monkeypatch.setenv("VIZDL_DEMO_CLAIM", "fails")
    runner = CliRunner()
    args = ["build", "-q", "--only", "delta-fails", "--only", "epsilon", "--only", "alpha"]
    local = runner.invoke(cli, [*args, "--out", "local"], catch_exceptions=False)
    remote = runner.invoke(
        cli, [*args, "--out", "remote", "--scheduler", scheduler], catch_exceptions=False
    )
    assert local.exit_code == remote.exit_code == 1

    def failures(output: str) -> list[str]:
        return sorted(line for line in output.splitlines() if line.startswith("  failed:"))

    assert failures(remote.output) == failures(local.output)
    assert len(failures(remote.output)) == 2
    assert any("ValueError: n=3 is not allowed here" in f for f in failures(remote.output))
    assert any("claim does not hold: 'The line rises" in f for f in failures(remote.output))
    assert "1 rendered, 0 cached, 2 failed" in remote.output
    assert "Traceback" not in remote.output
    for name in ("delta-fails", "epsilon"):
        assert not (demo / "remote/entries" / name / "meta.json").exists()
        f_local = json.loads((demo / "local/entries" / name / "failed.json").read_text())
        f_remote = json.loads((demo / "remote/entries" / name / "failed.json").read_text())
        assert f_remote["error"] == f_local["error"]
        assert f_remote.get("claims") == f_local.get("claims")
    index = (demo / "remote/index.html").read_text()
    assert index.count('class="card failed"') == 2 and "n=3 is not allowed here" in index
    page = (demo / "remote/entries/delta-fails/index.html").read_text()
    assert "This entry failed to build." in page and "ValueError" in page


def test_the_workers_use_the_clients_stored_results(demo: Path, scheduler, monkeypatch) -> None:
    out = demo / "site"
    build(registry(demo), BuildOptions(out=out, only=("alpha", "beta"), scheduler=scheduler))
    reg = registry(demo)
    index = source_index(reg)
    from vizdl.gallery.cache import compute_key

    alpha, beta = (out / ".cache/compute" / f"{compute_key(reg.get(n), index)}.npz"
                   for n in ("alpha", "beta"))  # fmt: skip
    # alpha's stored result replaced by beta's (same compute function, other numbers): a worker
    # that is sent the client's store draws beta's numbers under alpha's name
    alpha.write_bytes(beta.read_bytes())
    draw = demo / "demo_code/draw.py"
    draw.write_text(draw.read_text().replace('ax.set_xlabel("x")', 'ax.set_xlabel("x value")'))
    # every stored result is scattered to the workers first (as a large one is)
    monkeypatch.setattr("vizdl.gallery.cluster.SCATTER_BYTES", 0)
    report = build(
        registry(demo), BuildOptions(out=out, only=("alpha", "beta"), scheduler=scheduler)
    )
    assert {r["name"] for r in report.rendered} == {"alpha", "beta"}
    got = (out / "entries/alpha/data.csv").read_text()
    assert got == (out / "entries/beta/data.csv").read_text()
    assert len(got.splitlines()) == 31  # beta's 30 points, not alpha's 20


def test_an_unreachable_or_wrong_scheduler_is_one_line(demo: Path, monkeypatch) -> None:
    monkeypatch.setattr("vizdl.gallery.cluster.CONNECT_TIMEOUT", 2.0)
    line = cli_error("build", "--scheduler", "tcp://127.0.0.1:1")
    assert "cannot reach the Dask scheduler at --scheduler 'tcp://127.0.0.1:1'" in line
    line = cli_error("build", "--scheduler", "bogus://nowhere")
    assert "cannot reach the Dask scheduler at --scheduler 'bogus://nowhere'" in line
    assert not (demo / "site").exists()  # nothing was written before the scheduler answered


def test_without_dask_the_scheduler_option_says_how_to_install_it(demo: Path, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    line = cli_error("build", "--scheduler", "tcp://127.0.0.1:8786")
    assert "needs dask.distributed, which is not installed" in line
    assert "pip install 'vizdl[cluster]'" in line


def _job(demo: Path) -> Job:
    reg = registry(demo)
    e = reg.get("alpha")
    parts = key_parts(e, source_index(reg), "low", e.formats)
    return Job.make(e, demo / "out", quality="low", key=cache_key(parts), key_parts=parts,
                    root=reg.root)  # fmt: skip


def test_a_worker_with_other_code_or_libraries_refuses_the_job(demo: Path, monkeypatch) -> None:
    monkeypatch.syspath_prepend(str(demo))
    job = _job(demo)
    assert worker_mismatch(job) is None
    versions = {**job.key_parts["versions"], "numpy": "0.0.1"}
    parts = {**job.key_parts, "versions": versions}  # the client's numpy is "0.0.1"
    other = dataclasses.replace(job, key=cache_key(parts), key_parts=parts)
    why = worker_mismatch(other)
    assert why is not None and "versions changed: numpy " in why and "-> 0.0.1; worker" in why
    draw = demo / "demo_code/draw.py"
    draw.write_text(draw.read_text().replace('ax.set_xlabel("x")', 'ax.set_xlabel("x value")'))
    why = worker_mismatch(job)
    assert why is not None and "code changed: demo_code.draw:_decorate" in why
    gone = dataclasses.replace(job, root=demo / "nowhere")
    assert "is not on worker" in (worker_mismatch(gone) or "")


def test_returned_files_are_checked_before_they_land(tmp_path: Path) -> None:
    data = b"\x89PNG fake"
    meta = {
        "name": "alpha",
        "files": ["alpha.png"],
        "file_info": {
            "alpha.png": {"size": len(data), "sha256": hashlib.sha256(data).hexdigest(),
                          "mtime_ns": 1},
        },
    }  # fmt: skip
    files = {"alpha.png": data, "meta.json": json.dumps(meta).encode()}
    assert land_files(tmp_path / "a", "alpha", files) is None
    landed = json.loads((tmp_path / "a/meta.json").read_text())
    assert (
        landed["file_info"]["alpha.png"]["mtime_ns"]
        == (tmp_path / "a/alpha.png").stat().st_mtime_ns
    )
    assert (tmp_path / "a/alpha.png").read_bytes() == data
    # a name vizdl never writes, or bytes that are not what the worker recorded: refused
    why = land_files(tmp_path / "b", "alpha", {**files, "../evil.sh": b"x"})
    assert why is not None and "files vizdl does not write: ../evil.sh" in why
    why = land_files(tmp_path / "c", "alpha", {**files, "alpha.png": b"\x89PNG fakf"})
    assert why is not None and "another hash" in why
    assert not (tmp_path / "c/meta.json").exists()
    # ... and a bad transfer leaves the good outputs of an earlier build as they were
    why = land_files(tmp_path / "a", "alpha", {**files, "alpha.png": b"\x89PNG fakf"})
    assert why is not None and (tmp_path / "a/alpha.png").read_bytes() == data
    assert (tmp_path / "a/meta.json").is_file()


def test_entries_sharing_a_simulation_compute_it_once_on_the_cluster(
    demo: Path, scheduler, monkeypatch
) -> None:
    monkeypatch.setenv("VIZDL_DEMO_SLEEP", "3")  # gamma's simulation takes 3 s
    reg = registry(demo)
    gamma = reg.get("gamma")
    # a second figure of the same simulation (as an animation shares its figure's)
    twin = dataclasses.replace(gamma, name="gamma-twin", draw="demo_code.draw:draw_line")
    reg.entries = {"gamma": gamma, "gamma-twin": twin}
    report = build(reg, BuildOptions(out=demo / "site", scheduler=scheduler))
    assert {r["name"] for r in report.rendered} == {"gamma", "gamma-twin"}
    seconds = {
        n: json.loads((demo / "site/entries" / n / "meta.json").read_text())["simulate_seconds"]
        for n in ("gamma", "gamma-twin")
    }
    # the first computed it (sleeping 3 s); the second waited and was sent the stored result
    assert seconds["gamma"] >= 3.0 and seconds["gamma-twin"] < 1.0, seconds
    assert len(list((demo / "site/.cache/compute").glob("*.npz"))) == 1
    a = (demo / "site/entries/gamma/data.npz").read_bytes()
    assert a == (demo / "site/entries/gamma-twin/data.npz").read_bytes()


def test_a_sweep_runs_on_the_cluster(demo: Path, scheduler) -> None:
    args = ["sweep", "alpha", "--set", "slope=0.5..1.5", "--n", "2", "-q"]
    r = CliRunner().invoke(cli, [*args, "--scheduler", scheduler], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert "2 rendered, 0 cached, 0 failed" in r.output
    metas = [
        json.loads((demo / f"alpha-sweep/entries/alpha-0{i}/meta.json").read_text()) for i in (1, 2)
    ]
    assert [m["params"]["slope"] for m in metas] == [0.5, 1.5]
    page = (demo / "alpha-sweep/index.html").read_text()
    assert page.count('class="card sweep-card ok"') == 2 and "<strong>1.5</strong>" in page


def test_a_render_process_that_dies_on_a_worker_is_a_failed_entry(demo: Path, scheduler) -> None:
    (demo / "demo_code/die.py").write_text("import os\n\n\ndef die(**params):\n    os._exit(7)\n")
    reg = registry(demo)
    dies = dataclasses.replace(reg.get("alpha"), name="dies", compute="demo_code.die:die")
    reg.entries = {"dies": dies, "beta": reg.get("beta")}
    report = build(reg, BuildOptions(out=demo / "site", scheduler=scheduler))
    assert [r["name"] for r in report.rendered] == ["beta"]  # the others go on
    (failed,) = report.failed
    assert failed["name"] == "dies"
    assert failed["error"].startswith("worker died: the render process on ")
    assert "exited with status 7" in failed["error"]
    record = json.loads((demo / "site/entries/dies/failed.json").read_text())
    assert record["error"] == failed["error"]
    assert not (demo / "site/entries/dies/meta.json").exists()
    assert 'class="card failed"' in (demo / "site/index.html").read_text()


def test_an_interrupted_cluster_build_says_what_is_kept(demo: Path, scheduler) -> None:
    import os
    import signal
    import subprocess
    import time

    env = {**os.environ, "VIZDL_DEMO_SLEEP": "60"}  # gamma's simulation sleeps a minute
    proc = subprocess.Popen(
        [sys.executable, "-m", "vizdl", "build", "--scheduler", scheduler],
        cwd=demo,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.time() + 120
        while not all(
            (demo / "site/entries" / n / "meta.json").exists() for n in ("alpha", "beta")
        ):
            assert proc.poll() is None, proc.communicate()
            assert time.time() < deadline, "alpha and beta never landed"
            time.sleep(0.2)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
    assert proc.returncode == 130, err
    kept = re.search(r"2 entries finished and are kept \(([a-z, ]+)\); 1 unfinished \(gamma\)", err)
    assert kept and sorted(kept[1].split(", ")) == ["alpha", "beta"], err
    assert "Traceback" not in err
    assert not (demo / "site/entries/gamma/meta.json").exists()
    assert not list((demo / "site").rglob(".vizdl-tmp-*"))
