"""``vizdl doctor``: what the gallery needs, what is there, and how to install what is not."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

__all__ = ["Check", "run_checks", "find_chromium", "DATA_DIRS"]

DATA_DIRS = (Path("/usr/share/datasets/fashion-mnist"),)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""
    required: bool = True


def _version(pkg: str) -> str | None:
    try:
        return metadata.version(pkg)
    except metadata.PackageNotFoundError:
        return None


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _pkgconfig(lib: str) -> str | None:
    if not shutil.which("pkg-config"):
        return None
    r = subprocess.run(["pkg-config", "--modversion", lib], capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else None


def run_checks() -> list[Check]:
    checks = []
    for pkg, required in (
        ("numpy", True),
        ("matplotlib", True),
        ("torch", True),
        ("av", True),
        ("jinja2", True),
    ):
        v = _version(pkg)
        detail = v or "not installed"
        if pkg == "torch" and v and "+cpu" in v:
            detail += " (CPU build)"
        fix = f"pip install '{pkg}'"
        if pkg == "torch":  # a bare 'pip install torch' can pull a multi-GB CUDA build
            fix = "pip install torch --index-url https://download.pytorch.org/whl/cpu (or: bash run.sh setup)"
        checks.append(Check(pkg, v is not None, detail, fix, required))
    cairo = _pkgconfig("cairo")
    pango = _pkgconfig("pangocairo")
    checks.append(
        Check(
            "cairo/pango",
            bool(cairo and pango) or importlib.util.find_spec("manimpango") is not None,
            f"cairo {cairo or '?'}, pango {pango or '?'}",
            "apt-get install libcairo2-dev libpango1.0-dev pkg-config",
            required=False,
        )
    )
    mv = _version("manim")
    checks.append(
        Check(
            "manim",
            mv is not None,
            mv or "not installed (animations need it; --static-only works without)",
            "apt-get install libcairo2-dev libpango1.0-dev pkg-config && pip install 'vizdl[anim]'",
            required=False,
        )
    )
    env_dir = os.environ.get("VIZDL_DATA_DIR")
    dirs = ([Path(env_dir)] if env_dir else []) + list(DATA_DIRS)
    found = next((d for d in dirs if any(d.glob("train-images-idx3-ubyte*"))), None)
    checks.append(
        Check(
            "fashion-mnist",
            found is not None,
            str(found) if found else "no IDX files in " + ", ".join(map(str, dirs)),
            "apt-get install dataset-fashion-mnist (or set VIZDL_DATA_DIR)",
            required=False,
        )
    )
    chrome = find_chromium()
    checks.append(
        Check(
            "chromium",
            chrome is not None,
            chrome or "not found (the site test needs it)",
            "apt-get install chromium && pip install playwright",
            required=False,
        )
    )
    pw = _version("playwright")
    checks.append(
        Check(
            "playwright",
            pw is not None,
            pw or "not installed",
            "pip install playwright",
            required=False,
        )
    )
    return checks
