"""Builds on a Dask distributed cluster (``vizdl build --scheduler ADDRESS``).

The client (the machine running ``vizdl build``) plans, holds the output folder's lock and writes
every file; the workers only compute. Each job travels to a worker as the client's own
:class:`~vizdl.gallery.job.Job` object (and the stored simulation result, when the client has
one). On the worker it runs in a fresh Python process (manim's config is process-global, as in a
local build) that renders into a private temp folder; the worker then sends the files' **bytes**
back. The client writes them into ``--out`` with the atomic helpers, ``meta.json`` last, so no
shared filesystem is needed and a build that dies midway leaves nothing that looks cached.

The compute cache stays the client's: a result it holds is sent with the job, a result a worker
computed comes back and is stored in ``--out/.cache/compute``; entries that share one simulation
(a figure and its animation) wait for the first to compute it, as the local lock makes them do.

A worker first checks that its code and libraries give the same cache key as the client's (the
key covers the source of every function the entry uses and the library versions), and refuses the
job with the difference named when they do not: its files would be filed under a key that does
not describe them.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from vizdl.fileio import is_temp_name, write_bytes, write_json
from vizdl.gallery.job import Job
from vizdl.gallery.outdir import COMPUTE_CACHE, entry_files
from vizdl.gallery.registry import GalleryError

if TYPE_CHECKING:  # pragma: no cover
    from vizdl.gallery.build import BuildOptions, BuildReport, PlanItem

__all__ = ["connect", "run_on_cluster", "run_remote", "land_files", "CONNECT_TIMEOUT"]

CONNECT_TIMEOUT = 10.0  # seconds to reach the scheduler
WORKER_TIMEOUT = 30.0  # seconds to wait for a scheduler without workers to get one
INSTALL_HINT = "pip install 'vizdl[cluster]'"
SCATTER_BYTES = 1 << 20


def connect(address: str, timeout: float = CONNECT_TIMEOUT):  # noqa: ANN201 (dask's Client)
    """A ``dask.distributed.Client`` of the scheduler at ``address`` that has workers;
    :class:`GalleryError` in one line when dask is missing, the address is wrong or unreachable,
    or the scheduler has no workers."""
    if not isinstance(address, str) or not address.strip():
        raise GalleryError("--scheduler '' is not an address; give one like tcp://host:8786")
    try:
        from distributed import Client
    except ImportError as exc:
        raise GalleryError(
            f"--scheduler needs dask.distributed, which is not installed ({exc}); "
            f"install it with {INSTALL_HINT}"
        ) from None
    import logging

    # distributed logs each failed connection attempt as a traceback; the one line below says it
    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except Exception as exc:  # OSError, TimeoutError, ValueError for a malformed address
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise GalleryError(
            f"cannot reach the Dask scheduler at --scheduler {address!r}: {reason}"
        ) from None
    try:
        client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
    except Exception:
        client.close()
        raise GalleryError(
            f"the Dask scheduler at {address!r} has no workers (waited {WORKER_TIMEOUT:g} s); "
            "start some with 'dask worker ADDRESS'"
        ) from None
    return client


# -- on the worker -------------------------------------------------------------------------------


def run_remote(job: Job, stored: bytes | None) -> dict:
    """Run ``job`` on this (worker) machine in a fresh process, in a private temp folder, and
    return its summary, its files' bytes and the simulation result it stored (if new).

    ``stored`` is the client's stored result for the job's compute key (None: compute it).
    Never raises for a failing entry (the summary says ``ok: False``), as a local run.
    """
    with tempfile.TemporaryDirectory(prefix="vizdl-job-") as tmp:
        work = Path(tmp)
        outdir = work / "entry"
        outdir.mkdir()
        cache = work / "compute.npz" if job.compute_cache is not None else None
        if cache is not None and stored is not None:
            cache.write_bytes(stored)
        wjob = replace(job, outdir=outdir, compute_cache=cache, progress=False)
        res, usage = _run_child(wjob, work / "result.json")
        files = {
            p.name: p.read_bytes()
            for p in sorted(outdir.iterdir())
            if p.is_file() and not p.is_symlink() and not is_temp_name(p.name)
        }
        new = cache.read_bytes() if cache is not None and cache.is_file() else None
        return {
            "result": res,
            "files": files,
            "compute": new if new != stored else None,
            # the run found the stored result broke the render and removed it (runner.run_entry)
            "compute_removed": stored is not None and new is None,
            "worker": socket.gethostname(),
            "usage": usage,
        }


def _run_child(job: Job, result_path: Path) -> tuple[dict, dict]:
    """``run_entry(job)`` in a new Python process (the job goes over its stdin, pickled: the
    worker's own object, never a file); returns its summary and its CPU time and peak memory."""
    import vizdl

    env = dict(os.environ)
    # the child imports the same vizdl as this worker, wherever it was imported from
    pkg_parent = str(Path(vizdl.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (pkg_parent, env.get("PYTHONPATH", "")) if p)
    t0 = time.perf_counter()
    log_path = result_path.with_name("render.log")
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "vizdl.gallery.cluster", str(result_path)],
            stdin=subprocess.PIPE,
            stdout=log,
            stderr=log,
            env=env,
            cwd=str(job.root) if job.root and Path(job.root).is_dir() else None,
        )
        stdin = proc.stdin
        try:
            if stdin is not None:
                stdin.write(pickle.dumps(job))
                stdin.close()
        except BrokenPipeError:  # the child died before reading its job: said below
            pass
        # wait4: this child's own CPU time and peak memory (RUSAGE_CHILDREN would give the
        # largest of every job this worker ever ran)
        _, status, ru = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
    usage = {
        "cpu_seconds": round(ru.ru_utime + ru.ru_stime, 3),
        "peak_rss_mb": round(ru.ru_maxrss / 1024, 1),  # KiB on Linux
        "wall_seconds": round(time.perf_counter() - t0, 3),
    }
    stderr = log_path.read_bytes()
    try:
        res = json.loads(result_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        tail = stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
        res = {
            "name": job.entry.name,
            "ok": False,
            "error": f"worker died: the render process on {socket.gethostname()} exited with "
            f"status {proc.returncode}" + (f" ({' | '.join(tail)})" if tail else ""),
            "traceback": stderr.decode("utf-8", "replace")[-4000:],
            "seconds": usage["wall_seconds"],
        }
        _failure_file(job, res)
    return res, usage


def _failure_file(job: Job, res: dict) -> None:
    (job.outdir / "meta.json").unlink(missing_ok=True)
    write_json(
        job.outdir / "failed.json",
        {"name": res["name"], "error": res["error"], "traceback": res.get("traceback", "")},
    )


def worker_mismatch(job: Job) -> str | None:
    """Why this machine's code or libraries would not make the outputs ``job``'s key names
    (None: they would)."""
    from vizdl.gallery.build import source_index
    from vizdl.gallery.cache import cache_key, key_parts, stale_reasons
    from vizdl.gallery.registry import Registry

    if not job.key_parts:  # a job without a key (tests' small runs): nothing to compare
        return None
    if job.root is not None and not Path(job.root).is_dir():
        return (
            f"the project folder {str(job.root)!r} is not on worker {socket.gethostname()}; "
            "run the workers on a copy of the project at the same path"
        )
    try:
        parts = key_parts(
            job.entry,
            source_index(Registry(root=job.root)),
            job.quality,
            job.formats,
            job.gif,
            job.theme,
        )
    except Exception as exc:  # a module or a style file the worker does not have
        return f"worker {socket.gethostname()} cannot read the entry's code: {exc}"
    if cache_key(parts) == job.key:
        return None
    why = stale_reasons({"key_parts": parts}, job.key_parts) or ["its cache key differs"]
    return (
        f"worker {socket.gethostname()} has other code or libraries than the client "
        f"({'; '.join(why)}; worker -> client): run the workers on the same checkout and "
        "environment"
    )


def _child_main(result_path: str) -> int:
    """The fresh process on the worker: read the job from stdin, run it, write the summary."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the worker, not the render, is interrupted
    job: Job = pickle.loads(sys.stdin.buffer.read())
    if job.root is not None and Path(job.root).is_dir():
        root = str(job.root)
        if root in sys.path:
            sys.path.remove(root)
        sys.path.insert(0, root)
    why = worker_mismatch(job)
    if why is not None:
        res = {"name": job.entry.name, "ok": False, "error": why, "traceback": "", "seconds": 0.0}
        _failure_file(job, res)
    else:
        from vizdl.gallery.runner import run_entry

        res = run_entry(job)
    write_json(Path(result_path), res)
    return 0


# -- on the client -------------------------------------------------------------------------------


def land_files(outdir: Path, name: str, files: dict[str, bytes]) -> str | None:
    """Write a job's returned files into ``outdir`` as a local run leaves them: each atomically,
    ``meta.json`` last (its recorded mtimes made this machine's, after checking each file's size
    and hash against what the worker recorded). Returns why the files cannot be used, or None."""
    allowed = {f.split("/")[-1] for f in entry_files(name)} - {"index.html"}
    bad = sorted(f for f in files if f not in allowed)
    if bad:
        return f"the worker returned files vizdl does not write: {', '.join(bad[:3])}"
    meta = None
    if "meta.json" in files:
        try:
            meta = json.loads(files["meta.json"].decode("utf-8"))
        except ValueError:
            return "the worker returned a damaged meta.json"
    import hashlib

    info = (meta or {}).get("file_info") or {}
    # Every file is checked against the worker's record before any is written: a bad transfer
    # must not replace the previous good outputs.
    for rel, rec in info.items():
        data = files.get(rel)
        if data is None or len(data) != rec.get("size"):
            return f"the worker's meta.json lists {rel}, which it did not return whole"
        if hashlib.sha256(data).hexdigest() != rec.get("sha256"):
            return f"{rel} arrived with another hash than the worker recorded"
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / "meta.json").unlink(missing_ok=True)
    for fname, data in files.items():
        if fname not in ("meta.json", "failed.json"):
            write_bytes(outdir / fname, data)
    if meta is None:
        if "failed.json" in files:
            write_bytes(outdir / "failed.json", files["failed.json"])
        return None
    for rel, rec in info.items():
        rec["mtime_ns"] = (outdir / rel).stat().st_mtime_ns  # so a no-op plan need not hash it
    (outdir / "failed.json").unlink(missing_ok=True)
    write_json(outdir / "meta.json", meta)
    return None


def run_on_cluster(
    client: object,
    opts: BuildOptions,
    todo: list[PlanItem],
    report: BuildReport,
    on_done: Callable[[dict], None] | None,
    make_job: Callable[[PlanItem], Job],
    write_failure: Callable[[Path, dict], None],
) -> None:
    """Run the ``todo`` jobs on the Dask cluster of ``client`` (:func:`connect`) and land their
    files; results go to ``report`` (and ``on_done``) exactly as a local build's."""
    from distributed import as_completed

    cache_dir = opts.out / COMPUTE_CACHE
    futures: dict = {}
    waiting: dict[str, list[PlanItem]] = {}  # compute key -> entries waiting for its result
    computing: set[str] = set()
    done = as_completed(loop=client.loop)  # type: ignore[attr-defined]

    def stored(key: str) -> bytes | None:
        path = cache_dir / f"{key}.npz"
        if opts.force or path.is_symlink() or not path.is_file():
            return None
        try:
            return path.read_bytes()
        except OSError:
            return None

    def submit(it: PlanItem) -> None:
        # as a local job does when it starts: until its files land, the entry is not cached
        # (an interrupted build then says truly which entries have no meta.json)
        (opts.out / it.outdir_name / "meta.json").unlink(missing_ok=True)
        data: object = stored(it.compute_key)
        if data is not None and len(data) > SCATTER_BYTES:  # type: ignore[arg-type]
            # a large result travels once to the workers, not inside the task's description
            data = client.scatter(data)  # type: ignore[attr-defined]
        fut = client.submit(  # type: ignore[attr-defined]
            run_remote, make_job(it), data, pure=False, key=f"vizdl-{it.entry.name}-{id(it)}"
        )
        futures[fut] = it
        done.add(fut)

    try:
        for it in todo:
            if not opts.force and stored(it.compute_key) is None:
                if it.compute_key in computing:  # the first entry with this key computes it
                    waiting.setdefault(it.compute_key, []).append(it)
                    continue
                computing.add(it.compute_key)
            submit(it)
        for fut in done:
            it = futures.pop(fut)
            res = _collect(fut, it, opts, cache_dir, write_failure)
            for later in waiting.pop(it.compute_key, []):
                submit(later)
            report.results.append(res)
            if on_done:
                on_done(res)
    finally:
        for fut in list(futures):  # an interrupted build leaves no work running on the cluster
            with contextlib.suppress(Exception):
                fut.cancel()


def _collect(
    fut: object,
    it: PlanItem,
    opts: BuildOptions,
    cache_dir: Path,
    write_failure: Callable[[Path, dict], None],
) -> dict:
    name = it.entry.name
    outdir = opts.out / it.outdir_name
    try:
        payload = fut.result()  # type: ignore[attr-defined]
    except Exception as exc:  # the worker died (KilledWorker), or could not import vizdl
        res = {
            "name": name,
            "ok": False,
            "error": f"worker died: {type(exc).__name__}: {exc}",
            "traceback": "",
            "seconds": 0.0,
        }
        write_failure(outdir, res)
        return res
    res = dict(payload["result"])
    res["worker"] = payload.get("worker", "")
    res["usage"] = payload.get("usage", {})
    problem = land_files(outdir, name, payload["files"])
    if problem is not None:
        res.update(ok=False, error=problem, traceback="")
        write_failure(outdir, res)
        return res
    path = cache_dir / f"{it.compute_key}.npz"
    if payload.get("compute") is not None:
        write_bytes(path, payload["compute"])
    elif payload.get("compute_removed"):
        path.unlink(missing_ok=True)  # as a local run: the next build computes it afresh
    return res


if __name__ == "__main__":
    sys.exit(_child_main(sys.argv[1]))
