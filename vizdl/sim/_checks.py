"""Shared parameter checks for the simulation layer (clear ``ValueError`` messages)."""

from __future__ import annotations

import contextlib
import difflib
import math
import numbers
from collections.abc import Iterable, Iterator

__all__ = [
    "check_choice",
    "check_finite",
    "check_positive",
    "check_nonnegative",
    "check_int",
    "check_seed",
    "setting",
    "SettingError",
    "SEED_MAX",
]


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


def check_fraction(what: str, value: float) -> float:
    """``value`` as a float if 0 ≤ value < 1 (a momentum or a decay rate); else ValueError."""
    v = check_finite(what, value)
    if not 0.0 <= v < 1.0:
        raise ValueError(f"{what} must be at least 0 and below 1, got {value!r}")
    return v


def check_int(what: str, value: object, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or int(value) != value:
        raise ValueError(f"{what} must be an integer >= {minimum}, got {value!r}")
    if int(value) < minimum:
        raise ValueError(f"{what} must be an integer >= {minimum}, got {value!r}")
    return int(value)


# numpy's default_rng takes any integer >= 0, torch's manual_seed at most 2**64 - 1; the
# initializers derive seeds by adding small offsets (seed + 17k, + 7919), so the signed 64-bit
# range keeps every derived seed valid for both.
SEED_MAX = 2**63 - 1


class SettingError(ValueError):
    """A bad setting. ``setting`` names it (e.g. a :class:`~vizdl.sim.training.TrainConfig`
    field, ``device`` or ``save``) so that the command line can name its option."""

    def __init__(self, setting: str, message: str) -> None:
        super().__init__(message)
        self.setting = setting


@contextlib.contextmanager
def setting(name: str) -> Iterator[None]:
    """Turn a check's ValueError into a :class:`SettingError` about ``name``."""
    try:
        yield
    except SettingError:
        raise
    except ValueError as exc:
        raise SettingError(name, str(exc)) from None


def check_seed(seed: object) -> int:
    """``seed`` if it is an integer that numpy and torch both accept (0 to :data:`SEED_MAX`)."""
    if (
        isinstance(seed, bool)
        or not isinstance(seed, numbers.Integral)
        or not 0 <= seed <= SEED_MAX
    ):
        raise ValueError(f"seed must be an integer from 0 to 2**63 - 1 ({SEED_MAX}), got {seed!r}")
    return int(seed)
