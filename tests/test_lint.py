"""ruff (lint + format) over the project, so CI keeps the code base clean."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_lint_and_format_are_clean() -> None:
    assert importlib.util.find_spec("ruff"), "ruff is part of vizdl[dev]: pip install -e '.[dev]'"
    for args in (["check", "."], ["format", "--check", "."]):
        r = subprocess.run(
            [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True
        )
        assert r.returncode == 0, r.stdout + r.stderr
