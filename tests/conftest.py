"""Shared fixtures: a copy of the demo project per test, and helpers to run the CLI."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
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
        "VIZDL_DEMO_CLAIM",
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


def cli_error(*args: str) -> str:
    """Run the CLI in the current folder; it must fail with exactly one ``Error`` line and no
    traceback: return that line."""
    from click.testing import CliRunner

    from vizdl.cli import cli

    r = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert r.exit_code != 0, r.output
    assert "Traceback" not in r.output
    errors = [line for line in r.output.splitlines() if line.startswith("Error")]
    assert len(errors) == 1, r.output
    return errors[0]


@contextlib.contextmanager
def slow_build(demo: Path, tmp_path: Path, **popen: object) -> Iterator[subprocess.Popen]:
    """A ``vizdl build --jobs 1`` of the demo project, yielded once its slow entry (gamma) runs:
    alpha and beta are finished by then. Killed on the way out if still running."""
    started = tmp_path / "started"
    env = {**os.environ, "VIZDL_DEMO_SLEEP": "60", "VIZDL_DEMO_STARTED": str(started)}
    popen = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True, **popen}
    proc = subprocess.Popen(
        [sys.executable, "-m", "vizdl", "build", "--jobs", "1", "--quality", "low"],
        cwd=demo,
        env=env,
        # a child inherits an ignored SIGINT, and Python then leaves Ctrl-C ignored (as it should
        # for a background job): a test earlier in a full run leaves the pytest process so, and
        # the SIGINT test then waited 60 s for the slow job. The build gets Ctrl-C's default.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        **popen,  # type: ignore[arg-type]
    )
    try:
        deadline = time.time() + 120
        while not started.exists():
            assert proc.poll() is None, proc.communicate()
            assert time.time() < deadline, "the slow entry never started"
            time.sleep(0.1)
        yield proc
    finally:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, 9) if popen.get("start_new_session") else proc.kill()
            proc.wait(timeout=30)
