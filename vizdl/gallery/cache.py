"""Cache keys for entries and the reasons an entry is stale.

Key = hash of (params, seed, kind, formats, quality for animations, the source closure of the entry's
code, the engine's own output code, and the versions of vizdl and the libraries that draw). The
parts are stored in each entry's ``meta.json`` so that ``--dry-run`` can say *why* an entry is
stale, down to the function that changed.
"""

from __future__ import annotations

import hashlib
import json
from importlib import metadata
from pathlib import Path

from vizdl import __version__
from vizdl.gallery.deps import SourceIndex
from vizdl.gallery.registry import Entry

__all__ = [
    "library_versions",
    "key_parts",
    "cache_key",
    "compute_key",
    "theme_key",
    "stale_reasons",
    "damaged_output",
    "valid_meta",
    "read_json",
    "ENGINE_REFS",
]

# The engine code that writes an entry's outputs, per kind: each ref maps to the definitions left
# out of its closure. ``run_entry`` reaches both render paths; a figure's key leaves out the scene
# path (manim config, remux, video decoding) and an animation's the figure path (style_context,
# new_figure, figure_bytes, the .mplstyle file), so that editing one re-renders only its kind. What
# both share (data files, thumbnails, the compute cache) re-renders everything. key_parts also
# leaves out the equation renderer for an entry without an equation (run_entry calls it only for
# one); a scene that draws formulas reaches it through its own code.
# The theme is keyed by its values (key_parts' "theme"), so the code that picks it
# (use_theme) is left out of both: a light build's key follows each field of LIGHT its entry
# reads, as before themes existed.
ENGINE_REFS: dict[str, dict[str, tuple[str, ...]]] = {
    "figure": {
        "vizdl.gallery.runner:run_entry": (
            "vizdl.gallery.runner:_render_animation",
            "vizdl.style:use_theme",
        )
    },
    "animation": {
        "vizdl.gallery.runner:run_entry": (
            "vizdl.gallery.runner:_render_figure",
            "vizdl.style:use_theme",
        )
    },
}
_FIGURE_LIBS = ("numpy", "torch", "matplotlib", "pillow")
_ANIMATION_LIBS = ("numpy", "torch", "matplotlib", "pillow", "manim", "av", "pycairo", "manimpango")
_versions: dict[str, str] = {}


def library_versions(names: tuple[str, ...] = _ANIMATION_LIBS) -> dict[str, str]:
    """Installed versions (without importing the libraries); ``"missing"`` when not installed."""
    out = {"vizdl": __version__}
    for n in names:
        if n not in _versions:
            try:
                _versions[n] = metadata.version(n)
            except metadata.PackageNotFoundError:
                _versions[n] = "missing"
        out[n] = _versions[n]
    return out


def _canon(obj: object) -> str:
    return json.dumps(obj, sort_keys=True, default=repr, separators=(",", ":"))


def key_parts(
    entry: Entry,
    index: SourceIndex,
    quality: str,
    formats: tuple[str, ...],
    gif: tuple[int, int] | None = None,
    theme: str | None = None,
) -> dict:
    """Everything the entry's outputs depend on, as a JSON-able dict (``gif``: the GIF's
    (width, fps), recorded only where it differs from the default, so keys made before it
    existed stay valid; ``theme``: likewise, a theme other than light, as its name and a hash of
    its values, a style file's content included)."""
    from vizdl.gallery.job import GIF_DEFAULT

    code: dict[str, str] = {}
    for ref in entry.code_refs():
        code.update(index.closure(ref))
    engine: dict[str, str] = {}
    for ref, skip in ENGINE_REFS[entry.kind].items():
        if not entry.equation:  # equation.svg is written only for an entry with an equation
            skip = (*skip, "vizdl.render.mpl:mathtext_svg")
        engine.update(index.closure(ref, skip))
    anim = entry.kind == "animation"
    parts = {
        "kind": entry.kind,
        "params": json.loads(_canon(dict(entry.params))),
        "seed": entry.seed,
        "formats": sorted(formats),
        "quality": quality if anim else None,
        "equation": entry.equation,
        "figsize": list(entry.figsize) if not anim else None,
        "code": dict(sorted(code.items())),
        "engine": hashlib.sha256(_canon(engine).encode()).hexdigest()[:16],
        "versions": library_versions(_ANIMATION_LIBS if anim else _FIGURE_LIBS),
    }
    if anim and "gif" in formats and gif is not None and tuple(gif) != GIF_DEFAULT:
        parts["gif"] = list(gif)
    if theme not in (None, "light"):
        parts["theme"] = theme_key(theme)
    if entry.claims:  # meta.json records them and the caption filled from what they measure
        parts["claims"] = [[c.text, c.check, c.lecture] for c in entry.claims]
        parts["caption"] = entry.caption
    return parts


def theme_key(theme: str) -> dict:
    """The cache key's part for a theme: its name (a style file: its path) and a hash of all its
    values, so that editing a theme, or the style file, re-renders what it drew."""
    from vizdl.style import resolve_theme, theme_digest

    return {"name": str(theme), "values": theme_digest(resolve_theme(theme))}


def compute_key(entry: Entry, index: SourceIndex) -> str:
    """Key of an entry's simulation result alone: the compute function, its source closure, the
    engine code that calls it (how params and the seed are passed), params, seed and the numeric
    libraries. Entries that share it (a figure and its animation) compute once, and a rebuild after
    a renderer edit reuses the numbers (a training run is never repeated)."""
    parts = {
        "compute": entry.compute,
        "code": dict(sorted(index.closure(entry.compute).items())),
        "caller": dict(sorted(index.closure("vizdl.gallery.runner:call_compute").items())),
        "params": json.loads(_canon(dict(entry.params))),
        "seed": entry.seed,
        "versions": library_versions(("numpy", "torch")),
    }
    return hashlib.sha256(_canon(parts).encode()).hexdigest()[:20]


def cache_key(parts: dict) -> str:
    return hashlib.sha256(_canon(parts).encode()).hexdigest()[:20]


def stale_reasons(old: dict | None, new: dict, outdir: Path | None = None) -> list[str]:
    """Why an entry with stored meta ``old`` must be re-rendered for key parts ``new`` (empty: cached)."""
    if old is None:
        return ["never built"]
    prev = old.get("key_parts") or {}
    reasons: list[str] = []
    for part in [*new, *(p for p in ("claims", "caption") if p in prev and p not in new)]:
        a, b = prev.get(part), new.get(part)
        if a == b:
            continue
        if part in ("claims", "caption"):
            reasons.append(f"{part} changed")
        elif part == "code":
            a = a or {}
            changed = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            shown = ", ".join(changed[:3]) + (
                f" and {len(changed) - 3} more" if len(changed) > 3 else ""
            )
            reasons.append(f"code changed: {shown}")
        elif part == "params":
            a = a or {}
            changed = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            reasons.append(f"params changed: {', '.join(changed)}")
        elif part == "versions":
            a = a or {}
            changed = sorted(k for k in b if a.get(k) != b.get(k))
            reasons.append(
                "versions changed: " + ", ".join(f"{k} {a.get(k)} -> {b[k]}" for k in changed)
            )
        elif part == "engine":
            reasons.append("vizdl's output code changed")
        else:
            reasons.append(f"{part} changed: {a!r} -> {b!r}")
    if not reasons and outdir is not None:
        reason = damaged_output(old, outdir)
        if reason:
            reasons.append(reason)
    return reasons


def damaged_output(meta: dict, outdir: Path) -> str | None:
    """Why the files ``meta`` lists are not the ones it wrote (None: all intact).

    Sizes are compared always; a file whose mtime changed is hashed and compared too, so a
    truncated or overwritten output is never reported cached while a no-op plan stays cheap.
    """
    from vizdl.fileio import file_sha256

    info = meta.get("file_info")
    if not isinstance(info, dict):
        return "meta.json has no file sizes and hashes (built by an older vizdl)"
    for rel in meta.get("files", []):
        path = outdir / rel
        rec = info.get(rel)
        if not path.is_file():
            return f"output missing: {rel}"
        if not isinstance(rec, dict):
            return f"output not recorded in meta.json: {rel}"
        st = path.stat()
        if st.st_size != rec.get("size"):
            return f"output changed: {rel} ({st.st_size} bytes, {rec.get('size')} written)"
        if st.st_mtime_ns != rec.get("mtime_ns") and file_sha256(path) != rec.get("sha256"):
            return f"output changed: {rel} (its content differs from what was written)"
    return None


def valid_meta(obj: object) -> dict | None:
    """``obj`` if it has the shape of an entry's ``meta.json`` (else None: treat as not built)."""
    if not isinstance(obj, dict):
        return None
    files = obj.get("files")
    if not (isinstance(files, list) and all(isinstance(f, str) for f in files)):
        return None
    for f in files:  # a file name that leaves the entry's folder is not ours
        if not f or f.startswith(("/", ".")) or "/" in f or "\\" in f:
            return None
    parts = obj.get("key_parts")
    if not isinstance(parts, dict) or not isinstance(obj.get("formats"), list):
        return None
    if any(not isinstance(parts.get(k, {}), dict) for k in ("code", "params", "versions")):
        return None
    if not all(isinstance(obj.get(k), str) for k in ("name", "kind", "key")):
        return None
    return obj


def read_json(path: Path) -> object:
    """The JSON in ``path``, or None when it is missing, unreadable, not UTF-8 or not JSON."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):  # unreadable, not UTF-8, not JSON, absurd
        return None
