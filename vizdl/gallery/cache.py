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
    "stale_reasons",
    "ENGINE_REFS",
]

# The engine code that writes outputs: editing it re-renders everything.
ENGINE_REFS = ("vizdl.gallery.runner:run_entry",)
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


def key_parts(entry: Entry, index: SourceIndex, quality: str, formats: tuple[str, ...]) -> dict:
    """Everything the entry's outputs depend on, as a JSON-able dict."""
    code: dict[str, str] = {}
    for ref in entry.code_refs():
        code.update(index.closure(ref))
    engine: dict[str, str] = {}
    for ref in ENGINE_REFS:
        engine.update(index.closure(ref))
    anim = entry.kind == "animation"
    return {
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


def compute_key(entry: Entry, index: SourceIndex) -> str:
    """Key of an entry's simulation result alone: the compute function, its source closure, params,
    seed and the numeric libraries. Entries that share it (a figure and its animation) compute once,
    and a rebuild after a renderer edit reuses the numbers (a training run is never repeated)."""
    parts = {
        "compute": entry.compute,
        "code": dict(sorted(index.closure(entry.compute).items())),
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
    for part in new:
        a, b = prev.get(part), new[part]
        if a == b:
            continue
        if part == "code":
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
        for rel in old.get("files", []):
            if not (outdir / rel).is_file():
                reasons.append(f"output missing: {rel}")
                break
    return reasons
