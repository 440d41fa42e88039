"""Shared fixtures: a copy of the demo project per test, and helpers to run the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DEMO = Path(__file__).resolve().parent / "data" / "demo_project"
# What a figure entry of the demo project ("beta": a table and an equation) renders.
BETA_OUTPUTS = (
    "beta.png",
    "beta.svg",
    "beta.pdf",
    "thumb.png",
    "data.npz",
    "data.json",
    "data.csv",
    "equation.svg",
)


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the demo project; the current folder is set to it."""
    dest = tmp_path / "demo"
    shutil.copytree(DEMO, dest, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.chdir(dest)
    for var in (
        "VIZDL_DEMO_FAIL",
        "VIZDL_DEMO_ANIMATION",
        "VIZDL_DEMO_SLEEP",
        "VIZDL_DEMO_STARTED",
    ):
        monkeypatch.delenv(var, raising=False)
    return dest


def run_vizdl(
    *args: str, cwd: Path, env: dict | None = None, timeout: float = 300
) -> subprocess.CompletedProcess:
    """``python -m vizdl ARGS`` in a subprocess (as a user would run it)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "vizdl", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
