"""Claims: what a caption says about its picture, checked on the computed result.

An entry declares its claims beside its caption::

    t.figure("dying-relu", ..., caption="... {relu_l1_end:.1%} of ReLU's first-layer units ...",
             claims=[claim("ReLU ends with {relu_l1_end:.1%} of layer-1 units off", "vizdl.checks"
                           ".vanishing:dying_relu_end")])

``check`` names a function (``"module:function"``, imported only when the entry is built or
checked) that takes the entry's result and returns a :class:`~vizdl.checks.Verdict`: whether the
sentence holds and the measured values it quotes. Claim texts and the caption are templates
(Python format fields such as ``{name:.2g}``) filled from those measured values, so no number in
a caption is typed by hand. A claim that does not hold fails its entry like a failed render.

:func:`lecture` marks a sentence as the lecture's statement rather than a fact about this
picture; with a check, the page says whether this picture's data agree (a disagreement is
shown, not a build failure: the lecture is quoted, not asserted).

A check may answer :func:`~vizdl.checks.not_applicable` (its sentence is about other settings,
e.g. a racer the lecturer left out): the claim is recorded as not applying, and every
``[[...]]`` part of the caption that quotes a value nothing measured is dropped. A field outside
``[[...]]`` that nothing measures is an error, as before.
"""

from __future__ import annotations

import math
import re
import string
from dataclasses import dataclass

__all__ = [
    "Claim",
    "claim",
    "lecture",
    "ClaimError",
    "evaluate",
    "fill",
    "failed_claims",
    "short_value",
]

_REF_RE = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")


class ClaimError(ValueError):
    """A claim that cannot be evaluated or does not hold (message meant for users)."""


@dataclass(frozen=True)
class Claim:
    """One sentence about the picture (``text``, a template) and the check that decides it."""

    text: str
    check: str | None
    lecture: bool = False


def claim(text: str, check: str) -> Claim:
    """A sentence the picture's data must make true; the build fails the entry otherwise."""
    return Claim(_text(text), _ref(check))


def lecture(text: str, check: str | None = None) -> Claim:
    """A statement the lecture makes (quoted, not asserted); with ``check``, the page says
    whether this picture's data agree."""
    return Claim(_text(text), _ref(check) if check else None, lecture=True)


def _text(text: str) -> str:
    if not isinstance(text, str) or not text.strip():
        raise ClaimError("a claim needs a sentence")
    fields(text)  # a malformed template fails when the gallery loads
    return text.strip()


def _ref(ref: str) -> str:
    if not isinstance(ref, str) or not _REF_RE.match(ref):
        raise ClaimError(f"a claim's check {ref!r} must look like 'pkg.module:function'")
    return ref


def fields(template: str) -> list[str]:
    """The measured names a template quotes (``{name:.2g}`` → ``name``)."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise ClaimError(f"bad template {template!r}: {exc}") from None
    out = []
    for _, name, _, _ in parsed:
        if name is None:
            continue
        if not name.isidentifier():
            raise ClaimError(f"template field {{{name}}} in {template!r} must be a plain name")
        out.append(name)
    return out


_OPTIONAL_RE = re.compile(r"\[\[(.*?)\]\]", re.S)


def fill(template: str, measured: dict) -> str:
    """``template`` with its fields filled from ``measured`` (a name it lacks is an error).
    A ``[[part]]`` is kept (without its brackets) when every field it quotes was measured, and
    dropped otherwise."""

    def keep(m: re.Match) -> str:
        return m.group(1) if all(n in measured for n in fields(m.group(1))) else ""

    template = re.sub(r"  +", " ", _OPTIONAL_RE.sub(keep, template)).strip()
    missing = [n for n in fields(template) if n not in measured]
    if missing:
        raise ClaimError(
            f"{template!r} quotes {', '.join(missing)}, which no check of this entry measures "
            f"(measured: {', '.join(sorted(measured)) or 'nothing'})"
        )
    try:
        return template.format(**measured)
    except (ValueError, TypeError) as exc:
        raise ClaimError(f"cannot fill {template!r}: {exc}") from None


def placeholder(template: str) -> str:
    """``template`` with each field shown as "…" (a caption before its entry is built)."""
    template = _OPTIONAL_RE.sub(lambda m: m.group(1), template)
    return "".join(
        lit + ("…" if name is not None else "")
        for lit, name, _, _ in string.Formatter().parse(template)
    )


def _plain(value: object) -> object:
    """A JSON-able measured value (numpy scalars to Python numbers; NaN/inf as text)."""
    value = _number(value)
    if isinstance(value, bool | int | str) or value is None:
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    raise ClaimError(f"a measured value must be a number or text, got {type(value).__name__}")


def evaluate(
    claims: tuple[Claim, ...], result: object, caption: str = ""
) -> tuple[list[dict], str]:
    """Run each claim's check on ``result``.

    Returns ``(records, caption)``: per claim ``{"text", "holds", "measured", "lecture"}``
    (``holds`` is None for a lecture statement without a check), and the caption filled from
    all measured values. A claim whose check does not apply to this result is recorded with
    ``"applies": False`` and its reason (its text as a placeholder), measures nothing, and
    drops the caption's ``[[parts]]`` that quote it. Raises :class:`ClaimError` when a check is broken (not a Verdict, a
    name measured twice with different values, a template quoting what nothing measures).
    """
    from vizdl.checks import Verdict
    from vizdl.gallery.runner import import_ref

    runs: list[tuple[Claim, bool | None, dict, str | None]] = []
    pool: dict[str, object] = {}
    for c in claims:  # every check first: a text may quote what a later claim measures
        measured: dict[str, object] = {}
        holds: bool | None = None
        reason: str | None = None  # why the claim does not apply (None: it applies)
        if c.check:
            try:
                v = import_ref(c.check)(result)  # type: ignore[operator]
            except Exception as exc:
                raise ClaimError(f"check {c.check} failed: {type(exc).__name__}: {exc}") from exc
            if not isinstance(v, Verdict):
                raise ClaimError(f"check {c.check} returned {type(v).__name__}, not a Verdict")
            if not v.applies:
                runs.append((c, None, {}, v.reason or "about other settings"))
                continue
            holds = bool(v.holds)
            try:
                measured = {k: _number(x) for k, x in v.measured.items()}
            except ValueError as exc:
                raise ClaimError(f"check {c.check} measured a non-scalar value: {exc}") from None
            for k, x in measured.items():
                if k in pool and not _same(pool[k], x):
                    raise ClaimError(f"{k} is measured twice with different values ({c.check})")
            pool.update(measured)
        runs.append((c, holds, measured, None))
    records = []
    for c, holds, measured, reason in runs:
        record = {
            "text": fill(c.text, pool) if reason is None else placeholder(c.text),
            "holds": holds,
            # NaN and infinities as text: meta.json stays strict JSON
            "measured": {k: _plain(x) for k, x in measured.items()},
            "lecture": c.lecture,
            "check": c.check,
        }
        if reason is not None:
            record["applies"] = False
            record["reason"] = reason
        records.append(record)
    return records, fill(caption, pool) if caption else caption


def _number(value: object) -> object:
    """numpy scalars as Python numbers (templates format them; NaN stays a float)."""
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        return value.item()
    return value


def _same(a: object, b: object) -> bool:
    return a == b or (
        isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b)
    )


def failed_claims(records: list[dict]) -> list[dict]:
    """The claims (not lecture statements) that do not hold (left out ones hold nothing)."""
    return [
        r for r in records if not r["lecture"] and r["holds"] is False and r.get("applies", True)
    ]


def failure_message(records: list[dict]) -> str:
    """One line per claim that does not hold, with what was measured."""
    lines = []
    for r in failed_claims(records):
        shown = ", ".join(f"{k} = {short_value(v)}" for k, v in r["measured"].items())
        lines.append(f"claim does not hold: {r['text']!r} (measured {shown or 'nothing'})")
    return "; ".join(lines)


def short_value(v: object) -> str:
    """A measured value as a claim report prints it (4 significant digits)."""
    return f"{v:.4g}" if isinstance(v, float) else str(v)
