"""Simulation layer: numbers only.

Importing this package (or any module in it) must not import matplotlib or manim; a test checks.
Every public function takes explicit parameters, validates them early with a ``ValueError`` that
names the bad value and what is allowed, and returns frozen dataclasses of arrays.
"""

from __future__ import annotations

__all__: list[str] = []
