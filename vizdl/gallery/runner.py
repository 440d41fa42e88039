"""Run one entry: simulate, render, capture, poster/thumbnail, data and metadata.

Runs inside a worker process (one per job: manim's config is process-global). Every file is written
atomically and ``meta.json`` last, so an entry is cached only if all of its outputs are complete.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import importlib
import inspect
import io
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
import zipfile
from pathlib import Path

import numpy as np

from vizdl.fileio import TEMP_PREFIX, atomic_path, file_sha256, write_bytes, write_json
from vizdl.gallery.job import QUALITIES, Job
from vizdl.gallery.registry import Entry

__all__ = [
    "run_entry",
    "import_ref",
    "flatten",
    "write_npz",
    "manim_config",
    "THUMB_WIDTH",
]

THUMB_WIDTH = 480
GIF_WIDTH = 640
GIF_FPS = 15
# H.264 settings for the rendered mp4 (manim's default is x264's "medium" preset at CRF 23).
# "veryfast" at CRF 20 encodes a 1080p60 race clip 1.5x faster (11 vs 17 ms/frame wall, 13 vs
# 24 ms CPU on 2 cores) at the same file size and within 1 dB of the default's PSNR (45.2 vs
# 46.0 dB); see `python bench/bench_frames.py --encoders race-beale-animation`. The encoder was most of the frame time at 1080p60.
# manim encodes on a thread beside the one that draws (and vizdl hands it frames without a
# copy, vizdl.render.manim.encoding); x264's frame threads are capped at the core count, up to 4:
# its default (1.5 × cores plus lookahead threads) spent more CPU per frame on this 2-core
# machine (23 vs 16 ms on the 3-D clip with one thread) and 2 threads beat 1 by ~5% per frame.
VIDEO_ENCODER_OPTIONS = {
    "preset": "veryfast",
    "crf": "20",
    "threads": str(min(os.cpu_count() or 1, 4)),
}


def manim_config(quality: str, media_dir: Path | str, **extra: object) -> dict:
    """The manim configuration every gallery render uses (and the frame-time benchmark)."""
    return {
        "quality": QUALITIES[quality][3],
        "media_dir": str(media_dir),
        "disable_caching": True,
        "verbosity": "ERROR",
        "progress_bar": "none",
        "write_to_movie": True,
        "format": "mp4",
        "video_encoder_options": dict(VIDEO_ENCODER_OPTIONS),
        **extra,
    }


def import_ref(ref: str) -> object:
    """Import ``"package.module:attribute"`` and return the attribute."""
    modname, _, attr = ref.partition(":")
    module = importlib.import_module(modname)
    try:
        return getattr(module, attr)
    except AttributeError:
        raise ImportError(f"module {modname!r} has no attribute {attr!r}") from None


def _project_modules(root: str | None):
    """Which modules' dataclasses a stored result may name: vizdl's and the project's own."""
    base = Path(root).resolve() if root else None

    def allowed(module: str) -> bool:
        top = module.split(".")[0]
        if top == "vizdl":
            return True
        return base is not None and (
            (base / top / "__init__.py").is_file() or (base / f"{top}.py").is_file()
        )

    return allowed


def _expected_type(ref: str) -> type | None:
    """The class the compute function says it returns, when its annotation names one."""
    import typing

    try:
        hint = typing.get_type_hints(import_ref(ref)).get("return")
    except Exception:  # unresolvable annotations: no check
        return None
    return hint if isinstance(hint, type) else None


def cached_compute(
    ref: str,
    params: dict,
    seed: int,
    cache: str | None,
    *,
    force: bool = False,
    root: str | None = None,
) -> tuple[object, bool]:
    """:func:`call_compute` through the on-disk compute cache ``cache`` (an ``.npz`` path);
    returns ``(result, loaded_from_cache)``.

    Results are stored by :mod:`vizdl.store` (arrays + JSON, never pickle). A stored result is
    used only if it loads cleanly, was made by the same compute function and has the type that
    function returns; anything else (damaged, foreign, a folder in its place) is recomputed.
    ``force`` recomputes and replaces it. A lock file serializes entries that share the key, so a
    figure and its animation built in parallel compute once.
    """
    if not cache:
        return call_compute(ref, params, seed), False
    import fcntl

    from vizdl import store

    path = Path(cache)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.is_file() and not force:
            try:
                return load_stored(ref, path, root), True
            except store.StoreError as exc:
                print(
                    f"warning: recomputing {ref}: cached result {path.name} {exc}", file=sys.stderr
                )
        result = call_compute(ref, params, seed)
        if path.exists() and not path.is_file():
            print(
                f"warning: {path} is not a file; the result of {ref} is not cached",
                file=sys.stderr,
            )
            return result, False
        store.save(path, result, {"compute": ref, "seed": seed})
        return result, False


def load_stored(ref: str, path: Path, root: str | None = None) -> object:
    """The result of ``ref`` stored at ``path`` by :func:`cached_compute` (read only); raises
    :class:`vizdl.store.StoreError` when it is damaged, foreign or of another type."""
    from vizdl import store

    import_ref(ref)  # the computation's modules define the classes a result may hold
    result, info = store.load(path, _project_modules(root))
    want = _expected_type(ref)
    if info.get("compute") != ref:
        raise store.StoreError(f"made by {info.get('compute')!r}, not {ref!r}")
    if want is not None and not isinstance(result, want):
        raise store.StoreError(f"holds a {type(result).__name__}, not a {want.__name__}")
    return result


def call_compute(ref: str, params: dict, seed: int) -> object:
    fn = import_ref(ref)
    kwargs = dict(params)
    if "seed" in inspect.signature(fn).parameters:  # type: ignore[arg-type]
        kwargs["seed"] = seed
    return fn(**kwargs)  # type: ignore[operator]


# -- numbers -------------------------------------------------------------------------------------


def flatten(obj: object, prefix: str = "") -> dict[str, object]:
    """Flatten a result (dataclasses, tuples, dicts of arrays and scalars) to ``{dotted_key: value}``."""
    out: dict[str, object] = {}

    def walk(o: object, key: str) -> None:
        if dataclasses.is_dataclass(o) and not isinstance(o, type):
            for f in dataclasses.fields(o):
                walk(getattr(o, f.name), f"{key}.{f.name}" if key else f.name)
        elif isinstance(o, dict):
            for k, v in o.items():
                walk(v, f"{key}.{k}" if key else str(k))
        elif isinstance(o, list | tuple) and any(
            dataclasses.is_dataclass(v) or isinstance(v, dict) for v in o
        ):
            for i, v in enumerate(o):
                walk(v, f"{key}.{i}")
        elif o is None:
            return
        else:
            out[key] = o

    walk(obj, prefix)
    return out


def write_npz(path: Path, arrays: dict[str, object]) -> None:
    """Like ``np.savez_compressed`` but byte-reproducible (fixed zip timestamps), written atomically."""
    with atomic_path(path) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for key in sorted(arrays):
            arr = np.asarray(arrays[key])
            buf = io.BytesIO()
            np.lib.format.write_array(buf, arr, allow_pickle=False)
            info = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, buf.getvalue())


def _jsonable(v: object) -> object:
    if isinstance(v, np.ndarray):
        if v.dtype.kind == "f":
            return np.where(np.isfinite(v), v, None).tolist()
        return v.tolist()
    if isinstance(v, np.generic):
        return _jsonable(np.asarray(v))
    if isinstance(v, float) and not np.isfinite(v):
        return None
    if isinstance(v, list | tuple):
        return [_jsonable(x) for x in v]
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    return v


def write_data(outdir: Path, result: object) -> list[str]:
    """Write ``data.npz`` (all numbers), ``data.json`` and, if the result has ``table()``, ``data.csv``."""
    flat = flatten(result)
    arrays = {k: v for k, v in flat.items() if not isinstance(v, dict)}
    npz_ready = {}
    for k, v in arrays.items():
        a = np.asarray(v)
        if a.dtype.kind in "biufcUS":
            npz_ready[k] = a
    write_npz(outdir / "data.npz", npz_ready)
    files = ["data.npz"]
    size = sum(np.asarray(v).size for v in npz_ready.values())
    if size <= 2_000_000:
        write_json(outdir / "data.json", {k: _jsonable(v) for k, v in flat.items()})
        files.append("data.json")
    table = getattr(result, "table", None)
    if callable(table):
        cols = table()
        names = list(cols)
        n = len(next(iter(cols.values()))) if cols else 0
        # csv quotes a field that holds a comma or a quote ("(3.0, 2.0)"); others stay as they are
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(names)
        for i in range(n):
            row = []
            for c in names:
                x = cols[c][i]
                row.append(
                    ""
                    if isinstance(x, float) and not np.isfinite(x)
                    else repr(x)
                    if isinstance(x, float)
                    else str(x)
                )
            writer.writerow(row)
        with atomic_path(outdir / "data.csv") as tmp:
            tmp.write_text(buf.getvalue(), encoding="utf-8")
        files.append("data.csv")
    return files


# -- images --------------------------------------------------------------------------------------


def _thumbnail(png: bytes | Path, dest: Path, width: int = THUMB_WIDTH) -> None:
    from PIL import Image

    src = Image.open(io.BytesIO(png) if isinstance(png, bytes) else png).convert("RGB")
    h = max(2, round(src.height * width / src.width))
    img = src.resize((width, h), Image.LANCZOS)
    buf = io.BytesIO()
    img.save(buf, format="PNG", optimize=True)
    write_bytes(dest, buf.getvalue())


def _render_figure(
    entry: Entry, result: object, outdir: Path, formats: list[str], info: dict | None = None
) -> list[str]:
    from vizdl.render.mpl import figure_bytes, new_figure, style_context

    draw = import_ref(entry.draw)
    files = []
    with style_context():
        fig = new_figure(tuple(entry.figsize))
        draw(fig, result)  # type: ignore[operator]
        png = None
        for fmt in formats:
            data = figure_bytes(fig, fmt)
            write_bytes(outdir / f"{entry.name}.{fmt}", data)
            files.append(f"{entry.name}.{fmt}")
            if fmt == "png":
                png = data
        if png is None:
            png = figure_bytes(fig, "png")
    _thumbnail(png, outdir / "thumb.png")
    return files + ["thumb.png"] + _render_slide(entry, result, outdir, formats, info)


def _render_slide(
    entry: Entry, result: object, outdir: Path, formats: list[str], info: dict | None = None
) -> list[str]:
    """The slide rendition (vizdl.render.mpl.slides) of a figure whose renderer has a slide layout
    (:data:`~vizdl.render.mpl.slides.SLIDE_LAYOUTS`): the same result drawn at the size a 16:9
    slide shows it, every text at least 14 pt there, on one slide or a few (one PDF of them,
    one SVG/PNG a slide: ``NAME-slide.*``, ``NAME-slide-2.*``), in the entry's formats;
    ``info["slide_pages"]`` is set to the number of slides."""
    from vizdl.render import MAX_SLIDES, slide_files
    from vizdl.render.mpl import figure_bytes, pdf_pages_bytes
    from vizdl.render.mpl.slides import SLIDE_LAYOUTS, draw_slide, draw_slides, slide_context

    if entry.draw not in SLIDE_LAYOUTS:  # no slide layout of its own: no rendition
        return []
    draw = import_ref(entry.draw)
    files = []
    with slide_context():
        figs = draw_slides(draw, result)  # type: ignore[arg-type]
        if len(figs) > MAX_SLIDES:  # beyond the names vizdl may write (outdir.entry_files)
            figs = [draw_slide(draw, result)]  # one slide: the renderer's own layout
        for fmt in formats:
            names = slide_files(entry.name, fmt, len(figs))
            if fmt == "pdf":
                write_bytes(outdir / names[0], pdf_pages_bytes(figs))
            else:
                for name, fig in zip(names, figs, strict=True):
                    write_bytes(outdir / name, figure_bytes(fig, fmt))
            files += names
    if info is not None:
        info["slide_pages"] = len(figs)
    return files


# -- video ---------------------------------------------------------------------------------------


def _render_scene(
    entry: Entry, result: object, quality: str, workdir: Path, show_progress: bool = False
) -> Path:
    try:
        from manim import tempconfig
    except ModuleNotFoundError as exc:
        raise RuntimeError(
            f"animations need manim, which is not installed ({exc}); install it with "
            "'apt-get install libcairo2-dev libpango1.0-dev pkg-config && pip install \"vizdl[anim]\"' "
            "or build with --static-only"
        ) from None

    scene_cls = import_ref(entry.scene)
    bound = type(scene_cls.__name__, (scene_cls,), {"data": result})  # type: ignore[arg-type]
    extra: dict = {"output_file": entry.name}
    if show_progress:  # a one-off render in a terminal: manim's per-play frame counter
        extra["progress_bar"] = "display"
    with tempconfig(manim_config(quality, workdir, **extra)):
        scene = bound()
        scene.render()
        movie = Path(scene.renderer.file_writer.movie_file_path)
    return movie


def _remux_faststart(src: Path, dest: Path) -> None:
    """Copy the H.264 stream into an mp4 whose index (moov) comes first, for web streaming."""
    import av

    with atomic_path(dest) as tmp:
        with (
            av.open(str(src)) as inp,
            av.open(str(tmp), "w", format="mp4", options={"movflags": "+faststart"}) as out,
        ):
            ist = inp.streams.video[0]
            ost = out.add_stream_from_template(ist)
            for packet in inp.demux(ist):
                if packet.dts is None:
                    continue
                packet.stream = ost
                out.mux(packet)


def _derive_from_video(
    mp4: Path,
    outdir: Path,
    name: str,
    formats: list[str],
    gif: tuple[int, int] = (GIF_WIDTH, GIF_FPS),
) -> list[str]:
    """Decode ``mp4`` once: poster (last frame), thumbnail, and webm/gif (``gif`` = (width,
    fps); never more frames per second than the video has) when asked."""
    gif_width, gif_fps = gif
    import av
    from PIL import Image

    files = []
    gif_frames: list[Image.Image] = []
    last = None
    with contextlib.ExitStack() as stack:
        inp = stack.enter_context(av.open(str(mp4)))
        ist = inp.streams.video[0]
        fps = float(ist.average_rate or 30)
        gif_every = max(1, round(fps / gif_fps))
        out = ost = None
        if "webm" in formats:
            # Exits in reverse: the container closes (flushes) before the temp file is moved in.
            tmp = stack.enter_context(atomic_path(outdir / f"{name}.webm"))
            out = stack.enter_context(av.open(str(tmp), "w", format="webm"))
            ost = out.add_stream("libvpx-vp9", rate=round(fps))
            ost.width, ost.height = ist.codec_context.width, ist.codec_context.height
            ost.pix_fmt = "yuv420p"
            ost.options = {
                "crf": "33",
                "b:v": "0",
                "deadline": "good",
                "cpu-used": "5",
                "row-mt": "1",
            }
            files.append(f"{name}.webm")
        for i, frame in enumerate(inp.decode(ist)):
            last = frame
            if out is not None:
                frame.pts = None
                for pkt in ost.encode(frame.reformat(format="yuv420p")):
                    out.mux(pkt)
            if "gif" in formats and i % gif_every == 0:
                img = frame.to_image()
                h = round(img.height * gif_width / img.width / 2) * 2
                gif_frames.append(img.resize((gif_width, h), Image.LANCZOS))
        if out is not None:
            for pkt in ost.encode(None):
                out.mux(pkt)
    if last is None:
        raise RuntimeError(f"the rendered video {mp4} has no frames")
    buf = io.BytesIO()
    last.to_image().save(buf, format="PNG", optimize=True)
    write_bytes(outdir / f"{name}.poster.png", buf.getvalue())
    _thumbnail(buf.getvalue(), outdir / "thumb.png")
    files += [f"{name}.poster.png", "thumb.png"]
    if gif_frames:
        pal = [
            f.quantize(colors=255, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
            for f in gif_frames
        ]
        # GIF delays are whole centiseconds (15 fps = 6.67 cs would be cut to 6, playing 10% fast):
        # round cumulatively so the total running time is exact. A list (not one number) also makes
        # Pillow add up the delays of identical frames it merges.
        frame_cs = 100 * gif_every / fps
        durations = [
            10 * (round((i + 1) * frame_cs) - round(i * frame_cs)) for i in range(len(pal))
        ]
        with atomic_path(outdir / f"{name}.gif") as tmp:
            pal[0].save(
                tmp,
                format="GIF",
                save_all=True,
                append_images=pal[1:],
                duration=durations,
                loop=0,
            )
        files.append(f"{name}.gif")
    return files


def _render_animation(
    entry: Entry,
    result: object,
    outdir: Path,
    formats: list[str],
    quality: str,
    show_progress: bool = False,
    gif: tuple[int, int] = (GIF_WIDTH, GIF_FPS),
) -> list[str]:
    name = entry.name
    work = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}manim-{name}-", suffix=".tmp", dir=outdir))
    try:
        movie = _render_scene(entry, result, quality, work, show_progress)
        mp4 = outdir / f"{name}.mp4"
        _remux_faststart(movie, mp4)
        files = [f"{name}.mp4"] if "mp4" in formats else []
        files += _derive_from_video(mp4, outdir, name, formats, gif)
        if "mp4" not in formats:  # the page still plays it; kept as a file only when asked
            files.append(f"{name}.mp4")
        return files
    finally:
        shutil.rmtree(work, ignore_errors=True)


def file_info(outdir: Path, files: list[str]) -> dict[str, dict]:
    """Size, sha256 and mtime of each output, so that a later plan can tell a damaged file."""
    out = {}
    for rel in files:
        st = (outdir / rel).stat()
        out[rel] = {
            "size": st.st_size,
            "sha256": file_sha256(outdir / rel),
            "mtime_ns": st.st_mtime_ns,
        }
    return out


# -- the job -------------------------------------------------------------------------------------


class ClaimsFailed(Exception):
    """Some of an entry's claims do not hold on its computed result."""

    def __init__(self, message: str, records: list[dict]) -> None:
        super().__init__(message)
        self.records = records


def _claims_of(entry: Entry, result: object) -> tuple[list[dict], str]:
    """The entry's claims evaluated on ``result`` and its caption filled from them; raises
    :class:`ClaimsFailed` when a claim does not hold."""
    from vizdl.gallery.claims import ClaimError, evaluate, failed_claims, failure_message

    if not entry.claims:
        return [], entry.caption
    try:
        records, caption = evaluate(entry.claims, result, entry.caption)
    except ClaimError as exc:
        # the checks or templates are broken, not the result: keep the compute cache
        raise ClaimsFailed(f"the claims could not be evaluated: {exc}", []) from None
    if failed_claims(records):
        raise ClaimsFailed(failure_message(records), records)
    return records, caption


def run_entry(job: Job) -> dict:
    """Render ``job.entry`` into ``job.outdir``; return a summary dict (never raises).

    On success ``meta.json`` is written last; on failure ``failed.json``.
    """
    entry = job.entry
    outdir = Path(job.outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    if job.root:
        # The project's own modules (scenes, content code) win over same-named ones elsewhere.
        root = str(job.root)
        if root in sys.path:
            sys.path.remove(root)
        sys.path.insert(0, root)
    t0 = time.perf_counter()
    meta_path, failed_path = outdir / "meta.json", outdir / "failed.json"
    meta_path.unlink(missing_ok=True)
    from_cache = False
    from vizdl.style import use_theme

    theme = contextlib.ExitStack()  # the job's theme, for the figure, the scene and the equation
    try:
        theme.enter_context(use_theme(job.theme))
        np.random.seed(entry.seed)
        result, from_cache = cached_compute(
            entry.compute,
            dict(entry.params),
            entry.seed,
            job.compute_cache,
            force=job.force,
            root=str(job.root) if job.root else None,
        )
        t_sim = time.perf_counter() - t0
        claims, caption = _claims_of(entry, result)
        files = write_data(outdir, result)
        extra: dict = {}  # what the renders report for meta.json (a figure's slide_pages)
        if entry.kind == "figure":
            files += _render_figure(entry, result, outdir, list(job.formats), extra)
        else:
            if job.progress:
                print(
                    f"{entry.name}: simulated in {t_sim:.1f} s; rendering frames",
                    file=sys.stderr,
                )
            files += _render_animation(
                entry, result, outdir, list(job.formats), job.quality, job.progress, job.gif
            )
        if entry.equation:
            from vizdl.render.mpl import mathtext_svg

            write_bytes(outdir / "equation.svg", mathtext_svg(entry.equation))
            files.append("equation.svg")
        seconds = time.perf_counter() - t0
        meta = {
            "name": entry.name,
            "title": entry.title,
            "kind": entry.kind,
            "topic": entry.topic,
            "seed": entry.seed,
            "params": json.loads(json.dumps(dict(entry.params), default=repr)),
            "formats": list(job.formats),
            "quality": job.quality if entry.kind == "animation" else None,
            "key": job.key,
            "key_parts": job.key_parts,
            "versions": job.key_parts.get("versions", {}),
            "files": files,
            "file_info": file_info(outdir, files),
            "render_seconds": round(seconds, 3),
            "simulate_seconds": round(t_sim, 3),
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "theme": job.theme,
            **extra,
        }
        if entry.claims:
            meta["claims"] = claims
            meta["caption"] = caption
        failed_path.unlink(missing_ok=True)
        write_json(meta_path, meta)
        return {"name": entry.name, "ok": True, "seconds": seconds, "files": files}
    except ClaimsFailed as exc:
        # The picture would teach what its own numbers contradict: nothing is published, and
        # the page lists each claim with what was measured.
        msg = str(exc)
        write_json(
            failed_path,
            {
                "name": entry.name,
                "error": msg,
                "traceback": "",
                "key": job.key,
                "claims": exc.records,
            },
        )
        return {
            "name": entry.name,
            "ok": False,
            "error": msg,
            "traceback": "",
            "seconds": time.perf_counter() - t0,
        }
    except Exception as exc:
        tb = traceback.format_exc()
        msg = f"{type(exc).__name__}: {exc}"
        if from_cache and job.compute_cache:
            # The stored result may be what broke the render: the next build computes it afresh.
            Path(job.compute_cache).unlink(missing_ok=True)
        write_json(failed_path, {"name": entry.name, "error": msg, "traceback": tb, "key": job.key})
        return {
            "name": entry.name,
            "ok": False,
            "error": msg,
            "traceback": tb,
            "seconds": time.perf_counter() - t0,
        }
    finally:
        theme.close()
