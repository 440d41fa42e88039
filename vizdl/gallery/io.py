"""Atomic file output: write to a temp name in the same folder, then ``os.replace``.

A killed build can leave only temp files (``.NAME.PID.tmp``), which no cache check ever mistakes for
output, and which :func:`sweep_temps` removes.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "atomic_path",
    "write_bytes",
    "write_text",
    "write_json",
    "sweep_temps",
    "TEMP_GLOB",
]

TEMP_GLOB = ".*.tmp"


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temp path beside ``path``; on success move it onto ``path``, on error remove it."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
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
    if only_if_changed and path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return True


def write_json(path: Path, obj: object, **kw: object) -> bool:
    return write_text(path, json.dumps(obj, indent=2, sort_keys=True, allow_nan=False) + "\n", **kw)


def sweep_temps(folder: Path) -> int:
    """Remove leftover temp files (and temp folders) under ``folder``; return how many."""
    n = 0
    if not Path(folder).is_dir():
        return 0
    for p in Path(folder).rglob(TEMP_GLOB):
        if p.is_dir():
            import shutil

            shutil.rmtree(p, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
        n += 1
    return n
