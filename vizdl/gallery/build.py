"""Plan, check the cache, run jobs in a process pool, and publish the site.

The flow per entry follows sphinx-gallery's ``generate_file_rst`` (discover → cache check → simulate
→ render → capture → thumbnail/poster → page), with a cache key that covers the code the entry
really uses (:mod:`vizdl.gallery.deps`).
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import dataclasses
import fnmatch
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from vizdl.fileio import sweep_temps, write_json
from vizdl.gallery.cache import (
    cache_key,
    compute_key,
    key_parts,
    read_json,
    stale_reasons,
    valid_meta,
)
from vizdl.gallery.deps import SourceIndex
from vizdl.gallery.job import GIF_DEFAULT, QUALITY_NAMES, Job
from vizdl.gallery.outdir import (
    COMPUTE_CACHE,
    SITE_MARKER,
    Manifest,
    check_no_links,
    check_output_folder,
    claim,
    entry_files,
    output_lock,
)
from vizdl.gallery.registry import (
    ANIMATION_FORMATS,
    FIGURE_FORMATS,
    Entry,
    GalleryError,
    Registry,
)

__all__ = [
    "BuildOptions",
    "PlanItem",
    "BuildReport",
    "BuildInterrupted",
    "plan",
    "build",
    "select",
    "source_index",
    "project_sources",
    "check_writable",
    "formats_for",
    "read_meta",
    "share_computes",
    "worker_threads",
    "SITE_MARKER",
    "QUALITY_NAMES",
]


@dataclass
class BuildOptions:
    out: Path
    jobs: int = 0
    quality: str = "medium"
    formats: tuple[str, ...] | None = None
    only: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    static_only: bool = False
    force: bool = False
    title: str = "vizdl gallery"
    # Build into a non-empty folder that vizdl did not build (never overwriting a file there).
    allow_existing: bool = False
    gif: tuple[int, int] = GIF_DEFAULT  # (width, fps) of the animations' GIFs
    theme: str = "light"  # a name of vizdl.style.THEMES or a .mplstyle file's absolute path
    # A Dask scheduler's address: jobs run on its workers, files come back (vizdl.gallery.cluster)
    scheduler: str | None = None
    # Jobs a worker process runs before a fresh one replaces it (None: no limit); 1 is the old
    # way, a process per job (bench/bench_build.py compares them)
    tasks_per_worker: int | None = None

    def __post_init__(self) -> None:
        self.out = Path(self.out)
        if self.quality not in QUALITY_NAMES:
            raise GalleryError(f"quality {self.quality!r} is not one of {', '.join(QUALITY_NAMES)}")
        if self.jobs < 0:
            raise GalleryError(f"jobs must be >= 1 (or 0 for one per core), got {self.jobs}")
        if self.formats is not None:
            allowed = FIGURE_FORMATS + ANIMATION_FORMATS
            bad = [f for f in self.formats if f not in allowed]
            if bad or not self.formats:
                raise GalleryError(
                    f"format {bad[0] if bad else ''!r} is not one of {', '.join(allowed)}"
                )

    @property
    def workers(self) -> int:
        return self.jobs or os.cpu_count() or 1


@dataclass
class PlanItem:
    entry: Entry
    formats: tuple[str, ...]
    key: str
    parts: dict
    reasons: list[str]
    compute_key: str = ""

    @property
    def cached(self) -> bool:
        return not self.reasons

    @property
    def outdir_name(self) -> str:
        return f"entries/{self.entry.name}"


@dataclass
class BuildReport:
    plan: list[PlanItem]
    results: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    # Why the site pages could not be written (disk full, ...); None when they were.
    site_error: str | None = None

    @property
    def failed(self) -> list[dict]:
        return [r for r in self.results if not r["ok"]]

    @property
    def rendered(self) -> list[dict]:
        return [r for r in self.results if r["ok"]]


class BuildInterrupted(KeyboardInterrupt):
    """The build was stopped (Ctrl-C, SIGTERM): which entries finished and which did not."""

    def __init__(self, signal_name: str, finished: list[str], unfinished: list[str]):
        super().__init__(signal_name)
        self.finished, self.unfinished = finished, unfinished


def source_index(reg: Registry) -> SourceIndex:
    """Where project code lives: the gallery's root, and the folder holding the vizdl package."""
    import vizdl

    roots: list[tuple[Path, tuple[str, ...] | None]] = [(reg.root, None)] if reg.root else []
    pkg_parent = Path(vizdl.__file__).resolve().parent.parent
    if pkg_parent != reg.root:
        roots.append((pkg_parent, ("vizdl",)))
    return SourceIndex(roots)


def select(
    reg: Registry,
    only: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
    static_only: bool = False,
    option: str = "--only",
) -> list[Entry]:
    """Entries matching any ``only`` glob (all if none) and no ``exclude`` glob; a glob that
    matches nothing is an error naming the ``option`` it came from (none: a bare argument)."""
    for pat in only:
        if not any(fnmatch.fnmatchcase(n, pat) for n in reg.entries):
            given = f"{option} {pat!r}" if option else repr(pat)
            raise GalleryError(f"{given} matches no entry; run 'vizdl list' to see the names")
    out = []
    for e in reg.entries.values():
        if only and not any(fnmatch.fnmatchcase(e.name, p) for p in only):
            continue
        if any(fnmatch.fnmatchcase(e.name, p) for p in exclude):
            continue
        if static_only and e.kind == "animation":
            continue
        out.append(e)
    return out


def formats_for(entry: Entry, requested: tuple[str, ...] | None) -> tuple[str, ...]:
    """The requested formats this entry's kind can make, or the entry's own if none apply."""
    if requested:
        mine = tuple(f for f in requested if f in entry.allowed_formats)
        if mine:
            return mine
    return entry.formats


def read_meta(outdir: Path) -> dict | None:
    """An entry folder's ``meta.json`` if it is intact (damaged or odd-shaped: None, so stale)."""
    return valid_meta(read_json(outdir / "meta.json"))


def project_sources(reg: Registry) -> list[Path]:
    """Folders of the project's sources that no output folder may contain."""
    import vizdl

    out = [Path(vizdl.__file__).resolve().parent]
    if reg.root:
        out += [reg.root / "gallery", reg.root / "scenes"]
    return out


def plan(reg: Registry, opts: BuildOptions, index: SourceIndex | None = None) -> list[PlanItem]:
    """Decide, for every selected entry, whether it is cached or stale and why."""
    index = index or source_index(reg)
    items = []
    for e in select(reg, opts.only, opts.exclude, opts.static_only):
        fmts = formats_for(e, opts.formats)
        parts = key_parts(e, index, opts.quality, fmts, opts.gif, opts.theme)
        key = cache_key(parts)
        outdir = opts.out / "entries" / e.name
        meta = read_meta(outdir)
        if meta is None and (outdir / "meta.json").exists():
            reasons = ["meta.json is damaged"]
        else:
            reasons = stale_reasons(meta, parts, outdir)
        if opts.force:
            reasons = ["--force"] + reasons
        items.append(PlanItem(e, fmts, key, parts, reasons, compute_key(e, index)))
    return items


def check_writable(out: Path) -> None:
    """Raise :class:`GalleryError` naming ``out`` unless we can create files in it."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".write-probe.{os.getpid()}.tmp"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise GalleryError(f"cannot write to output folder {str(out)!r}: {reason}") from None


def _terminate(pool: cf.ProcessPoolExecutor) -> None:
    # The pool's own dict of workers, not a copy: with max_tasks_per_child=1 its manager thread
    # spawns a replacement whenever a job ends, so a copy taken when the interrupt came can miss
    # the worker running the next job (seen under load: the build then waited for that job at
    # exit). multiprocessing.active_children() catches any the dict no longer holds.
    live = getattr(pool, "_processes", None) or {}
    pool.shutdown(wait=False, cancel_futures=True)
    procs: list = []
    for _ in range(3):  # a worker spawned while we terminated the others
        new = [
            p
            for p in [*list(live.values()), *multiprocessing.active_children()]
            if p not in procs and p.is_alive()
        ]
        if not new:
            break
        for p in new:
            p.terminate()
        procs += new
    for p in procs:
        p.join(timeout=5)


def build(
    reg: Registry,
    opts: BuildOptions,
    *,
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[dict], None] | None = None,
    items: list[PlanItem] | None = None,
    pages: Callable[..., object] | None = None,
) -> BuildReport:
    """Render every stale entry (in a process pool, or on the Dask cluster at
    ``opts.scheduler``), then write the site (``pages``: another writer of the pages, called as
    :func:`~vizdl.gallery.site.write_site` is). Never raises for a failing entry: failures are
    in the report (and on the site as "failed" cards).

    Raises :class:`GalleryError` when ``opts.out`` may not be used (it holds the project, files
    vizdl did not write, or another build is using it) and :class:`BuildInterrupted` when stopped.
    """
    from vizdl.gallery.site import write_site

    t0 = time.perf_counter()
    check_output_folder(
        opts.out, root=reg.root, sources=project_sources(reg), allow_existing=opts.allow_existing
    )
    client = None
    if opts.scheduler is not None:  # a wrong address fails before the folder is touched
        from vizdl.gallery.cluster import connect

        client = connect(opts.scheduler)
    try:
        return _build(reg, opts, t0, client, on_start, on_done, pages or write_site)
    finally:
        if client is not None:
            with contextlib.suppress(Exception):
                client.close(timeout=5)


def _build(
    reg: Registry,
    opts: BuildOptions,
    t0: float,
    client: object,
    on_start: Callable[[int], None] | None,
    on_done: Callable[[dict], None] | None,
    write_site: Callable[..., object],
) -> BuildReport:
    from vizdl.gallery.site import site_files

    created = not opts.out.exists()
    check_writable(opts.out)
    with output_lock(opts.out):
        sweep_temps(opts.out)
        # Planned again under the lock: another build or a clean may have changed the folder
        # since the caller's plan (which only decided what to show).
        items = plan(reg, opts)
        todo = [it for it in items if not it.cached]
        manifest = Manifest.load(opts.out)
        manifest.created_folder = manifest.created_folder or created
        planned = site_files(reg, opts.out)
        for it in items:
            planned += entry_files(it.entry.name)
            planned += [f"{COMPUTE_CACHE}/{it.compute_key}.{ext}" for ext in ("npz", "lock")]
        check_no_links(
            opts.out,
            ["assets", "entries", ".cache", COMPUTE_CACHE] + [it.outdir_name for it in items],
        )
        claim(opts.out, manifest, planned)
        report = BuildReport(plan=items)
        if on_start:
            on_start(len(todo))
        if todo:
            _run_jobs(reg, opts, todo, report, on_done, client)
        try:
            write_site(reg, opts.out, quality=opts.quality, title=opts.title, theme=opts.theme)
        except OSError as exc:
            where = f" ({exc.filename})" if exc.filename else ""
            report.site_error = (
                f"the site pages could not be written: {exc.strerror or exc}{where}; the previous "
                "pages (if any) are unchanged"
            )
    report.seconds = time.perf_counter() - t0
    return report


def _run_jobs(
    reg: Registry,
    opts: BuildOptions,
    todo: list[PlanItem],
    report: BuildReport,
    on_done: Callable[[dict], None] | None,
    client: object = None,
) -> None:
    if client is not None:
        _run_jobs_on_cluster(reg, opts, todo, report, on_done, client)
        return
    ctx = multiprocessing.get_context("spawn")
    workers = min(opts.workers, len(todo))
    threads = worker_threads(workers)
    # Each worker runs job after job: a fresh process per job paid torch's, torch._dynamo's (its
    # first optimizer imports it), matplotlib's and manim's imports every time: 2.6 CPU-s a job
    # measured by bench/bench_build.py (both ways, side by side), a fifth of a cold build. A job
    # leaves nothing behind that the next one reads: numpy is seeded per job, torch's computes
    # seed their own generators, themes and manim's config are context-managed.
    pool = cf.ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, max_tasks_per_child=opts.tasks_per_worker
    )
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    first, later = share_computes(todo)
    try:
        futures = {pool.submit(_run, _job(it, opts, reg.root), threads): it for it in first}
        while futures:
            done, _ = cf.wait(futures, return_when=cf.FIRST_COMPLETED)
            for fut in done:
                item = futures.pop(fut)
                try:
                    res = fut.result()
                except Exception as exc:  # a worker died (segfault, OOM kill)
                    name = item.entry.name
                    res = {
                        "name": name,
                        "ok": False,
                        "error": f"worker died: {exc}",
                        "traceback": "",
                        "seconds": 0.0,
                    }
                    _write_failure(opts.out / "entries" / name, res)
                report.results.append(res)
                if on_done:
                    on_done(res)
                # its result is in the compute cache now: the entries sharing it only draw (a
                # --force build recomputed it once, in the first: the others read it)
                for it in later.pop(item.compute_key, []) if item.compute_key else []:
                    job = dataclasses.replace(_job(it, opts, reg.root), force=False)
                    futures[pool.submit(_run, job, threads)] = it
    except BaseException as exc:
        _terminate(pool)
        sweep_temps(opts.out)
        if isinstance(exc, KeyboardInterrupt):
            done = [r["name"] for r in report.results]
            rest = [it.entry.name for it in todo if it.entry.name not in done]
            raise BuildInterrupted(str(exc) or "interrupt", done, rest) from None
        raise
    finally:
        signal.signal(signal.SIGTERM, previous)
    pool.shutdown(wait=True)


def _run_jobs_on_cluster(
    reg: Registry,
    opts: BuildOptions,
    todo: list[PlanItem],
    report: BuildReport,
    on_done: Callable[[dict], None] | None,
    client: object,
) -> None:
    from vizdl.gallery.cluster import run_on_cluster

    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        run_on_cluster(
            client, opts, todo, report, on_done, lambda it: _job(it, opts, reg.root), _write_failure
        )
    except KeyboardInterrupt as exc:
        sweep_temps(opts.out)
        done = [r["name"] for r in report.results]
        rest = [it.entry.name for it in todo if it.entry.name not in done]
        raise BuildInterrupted(str(exc) or "interrupt", done, rest) from None
    finally:
        signal.signal(signal.SIGTERM, previous)


def _job(item: PlanItem, opts: BuildOptions, root: Path | None) -> Job:
    return Job.make(
        item.entry,
        opts.out / item.outdir_name,
        item.formats,
        opts.quality,
        key=item.key,
        key_parts=item.parts,
        compute_cache=opts.out / COMPUTE_CACHE / f"{item.compute_key}.npz",
        force=opts.force,
        root=root,
        gif=tuple(opts.gif),
        theme=opts.theme,
    )


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def worker_threads(workers: int, cores: int | None = None) -> int:
    """Threads each of ``workers`` parallel jobs may give torch and BLAS: the cores shared out.

    Unpinned, every job's torch starts one OpenMP thread per core, so two jobs on two cores run
    four busy threads: init-calculate-gain took 32 s that way and 4-9 s alone
    (``bench/bench_sims.py --threads`` measures it).
    """
    cores = cores or os.cpu_count() or 1
    return max(1, cores // max(1, workers))


def share_computes(todo: list[PlanItem]) -> tuple[list[PlanItem], dict[str, list[PlanItem]]]:
    """``todo`` split into the jobs to start now and, per compute key, the jobs that need the same
    simulation result as an earlier one: those start once it is done and read it from the compute
    cache. Started together, the second would hold a worker idle on the cache's lock for the
    whole simulation (init-forward-variance's result feeds six entries)."""
    first: list[PlanItem] = []
    later: dict[str, list[PlanItem]] = {}
    for it in todo:
        if it.compute_key and it.compute_key in later:
            later[it.compute_key].append(it)
        else:
            first.append(it)
            if it.compute_key:
                later[it.compute_key] = []
    return first, later


def _run(job: Job, threads: int = 0) -> dict:
    # Workers leave SIGINT to the parent, which terminates them and sweeps temp files.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if threads:
        # before torch or numpy load in this fresh (spawned) worker: both read these at start
        for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
            os.environ[var] = str(threads)
        if "torch" in sys.modules:
            sys.modules["torch"].set_num_threads(threads)
    from vizdl.gallery.runner import run_entry

    return run_entry(job)


def _write_failure(outdir: Path, res: dict) -> None:
    (outdir / "meta.json").unlink(missing_ok=True)
    write_json(
        outdir / "failed.json",
        {"name": res["name"], "error": res["error"], "traceback": res.get("traceback", "")},
    )


@dataclass
class ClaimReport:
    """One entry's claims evaluated by :func:`check_claims` (``error``: the check broke)."""

    entry: Entry
    records: list[dict]
    error: str | None = None
    from_cache: bool = False

    @property
    def ok(self) -> bool:
        from vizdl.gallery.claims import failed_claims

        return self.error is None and not failed_claims(self.records)


def check_claims(reg: Registry, entries: list[Entry], out: Path) -> list[ClaimReport]:
    """Evaluate the claims of ``entries`` on their results: read from the compute cache of the
    site folder ``out`` where a build left them (never written, never through a link), else
    computed now in memory. Entries without claims are skipped."""
    import numpy as np

    from vizdl import store
    from vizdl.gallery.claims import evaluate
    from vizdl.gallery.runner import call_compute, load_stored

    index = source_index(reg)
    root = str(reg.root) if reg.root else None
    cache_dir = out / COMPUTE_CACHE
    linked = any(p.is_symlink() for p in (out, out / ".cache", cache_dir))
    site = (out / SITE_MARKER).is_file() and not linked
    reports = []
    for e in entries:
        if not e.claims:
            continue
        path = cache_dir / f"{compute_key(e, index)}.npz"
        try:
            result, hit = None, False
            if site and path.is_file() and not path.is_symlink():
                try:
                    result, hit = load_stored(e.compute, path, root), True
                except store.StoreError:
                    result = None
            if result is None:
                np.random.seed(e.seed)  # as the build does
                result = call_compute(e.compute, dict(e.params), e.seed)
            records, _ = evaluate(e.claims, result, e.caption)
            reports.append(ClaimReport(e, records, from_cache=hit))
        except Exception as exc:  # a broken check or computation is reported, not raised
            reports.append(ClaimReport(e, [], f"{type(exc).__name__}: {exc}"))
    return reports
