"""Atomic file output: write to a temp name in the same folder, then ``os.replace``.

Temp names carry one unmistakable prefix (``.vizdl-tmp-``), so a killed build can leave only files
that no cache check mistakes for output and that :func:`sweep_temps` removes, while a user's own
``.notes.tmp`` is never touched.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "atomic_path",
    "write_bytes",
    "write_text",
    "write_json",
    "sweep_temps",
    "is_temp_name",
    "file_sha256",
    "TEMP_PREFIX",
    "TEMP_GLOB",
]

TEMP_PREFIX = ".vizdl-tmp-"
TEMP_GLOB = TEMP_PREFIX + "*"


def is_temp_name(name: str) -> bool:
    """True for the names vizdl gives its temp files and folders (and nothing else)."""
    return name.startswith(TEMP_PREFIX)


def temp_name(name: str) -> str:
    """A temp name for a file that will become ``name`` (unique per process)."""
    return f"{TEMP_PREFIX}{name}.{os.getpid()}.tmp"


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temp path beside ``path``; on success move it onto ``path``, on error remove it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(temp_name(path.name))
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise


def write_bytes(path: Path, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def write_text(path: Path, text: str, *, only_if_changed: bool = False) -> bool:
    """Write ``text``; with ``only_if_changed`` leave an identical file untouched. True if written."""
    path = Path(path)
    if only_if_changed and path.is_file():
        with contextlib.suppress(OSError, UnicodeDecodeError):
            if path.read_text(encoding="utf-8") == text:
                return False
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return True


def write_json(path: Path, obj: object, **kw: object) -> bool:
    return write_text(path, json.dumps(obj, indent=2, sort_keys=True, allow_nan=False) + "\n", **kw)


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sweep_temps(folder: Path) -> int:
    """Remove vizdl's own leftover temp files and folders under ``folder``; return how many.

    Only names with :data:`TEMP_PREFIX` are removed; symlinks are unlinked, never followed.
    """
    folder = Path(folder)
    if not folder.is_dir():
        return 0
    n = 0
    for dirpath, dirnames, filenames in os.walk(folder):
        for d in list(dirnames):
            if is_temp_name(d):
                p = Path(dirpath) / d
                if p.is_symlink():
                    p.unlink()
                else:
                    shutil.rmtree(p, ignore_errors=True)
                dirnames.remove(d)
                n += 1
        for f in filenames:
            if is_temp_name(f):
                with contextlib.suppress(FileNotFoundError):
                    (Path(dirpath) / f).unlink()
                n += 1
    return n
