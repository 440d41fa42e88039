"""Checks behind the gallery's claims: each reads a result and says whether a sentence holds.

A check is a plain function ``check(result) -> Verdict``; the gallery names it in a
:func:`~vizdl.gallery.claims.claim` (``"vizdl.checks.vanishing:dying_relu_end"``). It computes
nothing new: it measures what the result already holds (the numbers the picture draws) and
returns the measured values the claim's sentence and the caption quote. Modules mirror
``vizdl.sim`` (the checks of ``vizdl.sim.vanishing``'s results are in
``vizdl.checks.vanishing``), and each check has a test that makes it fail on data that
contradict it.

A sentence written for particular settings (the default racers, Beale's function) says so with
:func:`not_applicable` at other settings: the claim is then left out, and the caption drops the
``[[optional]]`` part that quotes what it would have measured, so a picture made with a
lecturer's own knobs never carries a sentence about another picture.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["Verdict", "verdict", "all_of", "not_applicable", "sign_flips", "and_list"]


@dataclass(frozen=True)
class Verdict:
    """Whether a claim holds, and the values measured to decide it (quoted by its text).
    ``applies`` is False when the sentence is about other settings (``reason`` says why)."""

    holds: bool
    measured: dict = field(default_factory=dict)
    applies: bool = True
    reason: str = ""


def not_applicable(reason: str) -> Verdict:
    """The claim's sentence is about other settings than this result's (``reason``, one line:
    "Adadelta is not racing"): it is left out, neither held nor failed."""
    return Verdict(False, {}, applies=False, reason=reason)


def verdict(holds: object, **measured: object) -> Verdict:
    """``Verdict(bool(holds), measured)``: ``return verdict(a < b, a=a, b=b)``."""
    return Verdict(bool(holds), dict(measured))


def all_of(*verdicts: Verdict) -> Verdict:
    """Holds when every one of ``verdicts`` does, with all their measured values (a lecture
    quote that makes two claims at once)."""
    measured: dict = {}
    for v in verdicts:
        if not v.applies:
            return v
        measured.update(v.measured)
    return Verdict(all(v.holds for v in verdicts), measured)


def sign_flips(x: np.ndarray) -> int:
    """How many steps change the sign of ``x`` (land on the other side of the minimum)."""
    s = np.sign(np.asarray(x, dtype=float))
    return int(np.sum(s[1:] * s[:-1] < 0))


def and_list(items: list[str]) -> str:
    """``items`` as a caption lists them: "a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
