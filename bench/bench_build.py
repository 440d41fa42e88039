"""A cold build of gallery entries, a process per job (the old way) and worker processes that run
job after job (the new way), side by side in one run (issue 18).

Each build starts from an empty folder (no compute cache), uses the same entries, workers and
torch threads; the CPU time is the children's user + system time as ``resource`` reports it.
The two builds' data files (``data.npz``, ``data.json``) are compared: the same numbers either way.

Usage: python bench/bench_build.py [--only NAME ...] [--jobs N] [--repeat R]
Default entries: a cheap mix of figures and animations that import torch, matplotlib and manim
(about 3 minutes on 2 cores); ``--only`` picks others.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from vizdl.fileio import file_sha256
from vizdl.gallery.build import BuildOptions, build
from vizdl.gallery.registry import load_gallery

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = (
    "race-bowl",
    "learning-rate-regimes",
    "momentum-ravine",
    "nesterov-geometry",
    "adaptive-learning-rates",
    "rmsprop-first-step",
    "sigmoid-bound",
    "init-calculate-gain",
    "split-and-batches",
    "model-summary",
    "bumps-staircase",
    "race-bowl-animation",
    "sigmoid-bound-animation",
)


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _data_digest(out: Path) -> dict[str, str]:
    return {
        str(p.relative_to(out)): file_sha256(p)
        for pat in ("entries/*/data.npz", "entries/*/data.json")
        for p in sorted(out.glob(pat))
    }


def run(names: tuple[str, ...], jobs: int, tasks: int | None) -> tuple[float, float, dict]:
    reg = load_gallery(ROOT)
    out = Path(tempfile.mkdtemp(prefix="vizdl-bench-build-"))
    opts = BuildOptions(out=out, jobs=jobs, only=names, tasks_per_worker=tasks)
    cpu0, t0 = _children_cpu(), time.perf_counter()
    report = build(reg, opts)
    wall, cpu = time.perf_counter() - t0, _children_cpu() - cpu0
    if report.failed:
        sys.exit(f"the build failed: {[r['name'] for r in report.failed]} (files in {out})")
    digest = _data_digest(out)
    shutil.rmtree(out)  # the bench's own temporary build folder
    return wall, cpu, digest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="+", default=list(DEFAULT))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=1)
    a = ap.parse_args()
    names = tuple(a.only)
    rows: dict[str, list[tuple[float, float]]] = {"process per job": [], "reused workers": []}
    digests = {}
    for _ in range(a.repeat):  # alternating, so drift in the machine's load hits both
        for label, tasks in (("process per job", 1), ("reused workers", None)):
            wall, cpu, digests[label] = run(names, a.jobs, tasks)
            rows[label].append((wall, cpu))
    print(f"cold build of {len(names)} entries, {a.jobs} workers, best of {a.repeat}")
    print(f"{'':18}{'wall s':>9}{'CPU s':>9}")
    best = {k: min(v) for k, v in rows.items()}
    for label, (wall, cpu) in best.items():
        print(f"{label:18}{wall:9.1f}{cpu:9.1f}")
    old, new = best["process per job"], best["reused workers"]
    print(f"ratio old/new: wall {old[0] / new[0]:.2f}x, CPU {old[1] / new[1]:.2f}x")
    same = digests["process per job"] == digests["reused workers"]
    print(f"data files identical: {same} ({len(digests['reused workers'])} files)")


if __name__ == "__main__":
    main()
