"""Shared parameter checks for the simulation layer (clear ``ValueError`` messages)."""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable

__all__ = ["check_choice", "check_finite", "check_positive", "check_nonnegative", "check_int"]


def check_choice(what: str, value: object, allowed: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``allowed``; else raise naming the choices."""
    allowed = list(allowed)
    if value in allowed:
        return value  # type: ignore[return-value]
    hint = difflib.get_close_matches(str(value), allowed, n=1)
    extra = f" (did you mean {hint[0]!r}?)" if hint else ""
    raise ValueError(f"unknown {what} {value!r}{extra}; allowed: {', '.join(allowed)}")


def check_finite(what: str, value: float) -> float:
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number, got {value!r}")
    return value


def check_positive(what: str, value: float) -> float:
    value = check_finite(what, value)
    if value <= 0:
        raise ValueError(f"{what} must be > 0, got {value!r}")
    return value


def check_nonnegative(what: str, value: float) -> float:
    value = check_finite(what, value)
    if value < 0:
        raise ValueError(f"{what} must be >= 0, got {value!r}")
    return value


def check_int(what: str, value: object, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or int(value) != value:
        raise ValueError(f"{what} must be an integer >= {minimum}, got {value!r}")
    if int(value) < minimum:
        raise ValueError(f"{what} must be an integer >= {minimum}, got {value!r}")
    return int(value)
