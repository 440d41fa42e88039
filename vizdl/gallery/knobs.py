"""Knobs: an entry's parameters, each declared once with its type, allowed values and meaning.

A gallery module writes ``params=dict(steps=knob(20, "gradient-descent steps", low=1,
high=500), ...)``. The registry keeps the defaults as the entry's ``params`` (what the compute
function is called with, and what the cache key covers) and the declarations as its ``knobs``,
which check every value set from outside (a test, the command line, a config file, the explorer)
before anything is computed, with one line naming the knob, the value and what is allowed.

Types come from the default: ``bool``, ``int``, ``float``, ``str`` (``choices`` required), a
tuple of one of those (each item checked; ``length`` fixes how many), a tuple of tuples whose
``i``-th items come from ``choices[i]`` (pairs such as (activation, initializer)), or a dict
from names in ``choices`` to numbers (a value per optimizer: ``--set lr.Adam=0.05``).

A text knob with ``expression=True`` also takes a formula in ``x`` and ``y`` (a surface of your
own), read by :mod:`vizdl.sim.expr`'s safe grammar, never by ``eval``. ``labels`` give the
choices' display names, which an entry's title can quote (``title="Race on {surface}"``).
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import numbers
from dataclasses import dataclass

__all__ = ["Knob", "knob", "KnobError", "plain"]

_TRUE = ("true", "yes", "on", "1")
_FALSE = ("false", "no", "off", "0")


class KnobError(ValueError):
    """A value a knob does not allow (the message names the knob, the value and what is allowed)."""


def _scalar_kind(value: object) -> str | None:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    return None


@dataclass(frozen=True)
class Knob:
    """One declared parameter. Build it with :func:`knob`.

    ``kind`` is ``bool``, ``int``, ``float``, ``str``, ``ints``, ``floats``, ``strs``,
    ``tuples`` (a tuple of tuples, item ``i`` of each from ``choices[i]``) or ``map`` (a dict from
    names in ``choices`` to numbers from ``low`` to ``high``).
    """

    default: object
    help: str
    kind: str
    low: float | None = None
    high: float | None = None
    choices: tuple | None = None
    length: int | None = None
    expression: bool = False
    labels: tuple[tuple[str, str], ...] = ()
    optional: bool = False  # None allowed: "unset", the simulation picks (said in ``help``)

    def label(self, value: object) -> str:
        """``value`` as a title shows it: its display name, the formula itself, a number as
        ``:g`` writes it (10.0 as 10), else its text."""
        if isinstance(value, str):
            return dict(self.labels).get(value, value)
        if isinstance(value, float) and self.kind == "float":
            return f"{value:g}"
        return self.text(value)

    # -- what is allowed, in words ------------------------------------------------------------

    def allowed(self) -> str:
        """What this knob allows, in words (``an integer from 1 to 500``)."""
        text = self._allowed()
        return text + ", or nothing (KEY= : unset)" if self.optional else text

    def _allowed(self) -> str:
        base = {"int": "an integer", "float": "a number", "bool": "true or false"}
        if self.kind in ("int", "float"):
            return base[self.kind] + self._range()
        if self.kind == "bool":
            return base["bool"]
        if self.kind == "str":
            names = "one of " + ", ".join(self.choices or ())
            return names + (" or a formula in x and y" if self.expression else "")
        if self.kind == "map":
            return (
                "name:number pairs (or --set NAME.KEY=number) with names from "
                + ", ".join(self.choices or ())
                + " and numbers"
                + (self._range() or " (any)")
            )
        if self.kind == "tuples":
            parts = " × ".join("{" + ", ".join(c) + "}" for c in self.choices or ())
            return f"a list of items from {parts}, written a:b,c:d"
        item = {"ints": "integers", "floats": "numbers", "strs": "names"}[self.kind]
        many = f"{self.length} " if self.length else "one or more "
        if self.kind == "strs":
            return f"a list of {many}names from " + ", ".join(self.choices or ())
        return f"a list of {many}{item}{self._range()}, comma-separated"

    def _range(self) -> str:
        lo, hi = self.low, self.high
        if lo is not None and hi is not None:
            return f" from {lo:g} to {hi:g}"
        if lo is not None:
            return f" ≥ {lo:g}"
        if hi is not None:
            return f" ≤ {hi:g}"
        return ""

    # -- checking and parsing -----------------------------------------------------------------

    def check(self, value: object, name: str = "value") -> object:
        """``value`` if this knob allows it (ints accepted for floats, lists for tuples, and
        returned as floats and tuples); else :class:`KnobError`."""
        try:
            return self._check(value)
        except KnobError as exc:
            raise KnobError(f"{name} = {_show(value)}: {exc}; allowed: {self.allowed()}") from None

    def _check(self, value: object) -> object:
        if value is None and self.optional:
            return None
        if self.kind == "str" and self.expression and isinstance(value, str):
            if value not in (self.choices or ()):
                return _check_formula(value, self.choices or ())
        if self.kind in ("bool", "int", "float", "str"):
            return self._check_scalar(self.kind, value, self.choices)
        if self.kind == "map":
            if not isinstance(value, dict):
                raise KnobError("it is not a table of name: number")
            out = {}
            for key, v in value.items():
                self._check_scalar("str", key, self.choices)
                out[key] = self._check_scalar("float", v, None)
            order = list(self.choices or ())
            return {k: out[k] for k in sorted(out, key=order.index)}
        if not isinstance(value, tuple | list) or not value:
            raise KnobError("it is not a non-empty list")
        if self.length is not None and len(value) != self.length:
            raise KnobError(f"it has {len(value)} items, not {self.length}")
        if self.kind == "tuples":
            out = []
            for item in value:
                n = len(self.choices or ())
                if not isinstance(item, tuple | list) or len(item) != n:
                    raise KnobError(f"item {_show(item)} does not have {n} parts")
                out.append(
                    tuple(
                        self._check_scalar("str", v, c)
                        for v, c in zip(item, self.choices or (), strict=True)
                    )
                )
            return tuple(out)
        scalar = self.kind[:-1]
        return tuple(self._check_scalar(scalar, v, self.choices) for v in value)

    def _check_scalar(self, kind: str, value: object, choices: tuple | None) -> object:
        if kind == "bool":
            if not isinstance(value, bool):
                raise KnobError("it is not true or false")
            return value
        if kind == "str":
            if not isinstance(value, str) or value not in (choices or ()):
                hint = difflib.get_close_matches(str(value), list(choices or ()), n=1)
                raise KnobError(f"did you mean {hint[0]!r}?" if hint else "unknown name")
            return value
        # (numpy's bool is no Python bool; told apart by its dtype, without importing numpy)
        is_bool = (
            isinstance(value, bool) or getattr(getattr(value, "dtype", None), "kind", "") == "b"
        )
        if is_bool or not isinstance(value, numbers.Real):
            raise KnobError("it is not a number")
        if not math.isfinite(value):
            raise KnobError("it is not finite")
        if kind == "int" and not float(value).is_integer():
            raise KnobError("it is not an integer")
        if self.low is not None and value < self.low:
            raise KnobError(f"it is below {self.low:g}")
        if self.high is not None and value > self.high:
            raise KnobError(f"it is above {self.high:g}")
        return int(value) if kind == "int" else float(value)  # numpy scalars to Python

    def parse(self, text: str, name: str = "value") -> object:
        """A value from its text form (the command line's ``--set name=text``), checked."""
        text = text.strip()
        if self.optional and text in ("", "none", "None"):
            return None
        try:
            if self.kind in ("bool", "int", "float", "str"):
                value = self._parse_scalar(self.kind, text)
            elif self.kind == "tuples":
                value = tuple(tuple(p.strip() for p in item.split(":")) for item in _items(text))
            elif self.kind == "map":
                value = {}
                body = text.strip()
                if body[:1] == "{" and body[-1:] == "}":  # {Adam:0.05}, as a table is written
                    body = body[1:-1]
                for item in _items(body) if body.strip("()[] ") else []:
                    key, sep, num = item.partition(":")
                    if not sep:
                        raise ValueError(item)
                    if key.strip() in value:  # the second would silently win
                        raise KnobError(f"{name} = {text!r}: {key.strip()} is given twice")
                    value[key.strip()] = float(num)
            else:
                value = tuple(self._parse_scalar(self.kind[:-1], t) for t in _items(text))
        except KnobError:
            raise
        except ValueError:
            raise KnobError(f"{name} = {text!r} does not read as {self.allowed()}") from None
        return self.check(value, name)

    @staticmethod
    def _parse_scalar(kind: str, text: str) -> object:
        if kind == "bool":
            low = text.lower()
            if low in _TRUE or low in _FALSE:
                return low in _TRUE
            raise ValueError(text)
        if kind == "str":
            return text
        number = float(text)
        return int(number) if kind == "int" and number.is_integer() else number

    def text(self, value: object) -> str:
        """``value`` written as the command line's ``--set`` takes it: ``parse(text(v)) == v``."""
        if value is None:
            return ""
        if self.kind == "bool":
            return "true" if value else "false"
        if self.kind == "map":
            return ",".join(f"{k}:{_scalar_text(v)}" for k, v in value.items())  # type: ignore[union-attr]
        if self.kind == "tuples":
            return ",".join(":".join(str(p) for p in item) for item in value)  # type: ignore[union-attr]
        if self.kind in ("ints", "floats", "strs"):
            return ",".join(_scalar_text(v) for v in value)  # type: ignore[union-attr]
        return _scalar_text(value)

    def with_default(self, default: object) -> Knob:
        """The same knob with another default (an entry that shares a knob set); an optional
        knob stays optional."""
        if not self.optional:
            return knob(
                default,
                self.help,
                low=self.low,
                high=self.high,
                choices=self.choices,
                length=self.length,
                expression=self.expression,
                labels=dict(self.labels),
            )
        k = dataclasses.replace(self, default=self.check(default, "the default"))
        return k

    def as_json(self) -> dict:
        """The declaration as plain JSON (for ``vizdl knobs --json`` and the explorer)."""
        out = {
            "default": plain(self.default),
            "kind": self.kind,
            "help": self.help,
            "allowed": self.allowed(),
        }
        if self.optional:
            out["optional"] = True
        for key in ("low", "high", "length"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.choices is not None:
            out["choices"] = plain(self.choices)
        if self.expression:
            out["expression"] = True
        if self.labels:
            out["labels"] = dict(self.labels)
        return out


def _scalar_text(value: object) -> str:
    # repr keeps every digit of a float (0.1 + 0.2 stays 0.30000000000000004); ints stay ints
    return repr(value) if isinstance(value, float) else str(value)


def _check_formula(text: str, names: tuple) -> str:
    """``text`` if it reads as a formula in x and y (vizdl.sim.expr's grammar); else KnobError
    saying why (a near miss of a built-in name is told as such)."""
    from vizdl.sim.expr import ExprError, parse

    try:
        parse(text)
    except ExprError as exc:
        hint = difflib.get_close_matches(text, list(names), n=1)
        if hint:
            raise KnobError(f"did you mean {hint[0]!r}?") from None
        raise KnobError(f"not a built-in name, and not a formula: {exc}") from None
    return text.strip()


def _items(text: str) -> list[str]:
    items = [t.strip() for t in text.strip("()[] ").split(",")]
    if not all(items):
        raise ValueError(text)
    return items


def plain(value: object) -> object:
    """A knob value as JSON has it: tuples (of tuples) as lists."""
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def _show(value: object) -> str:
    return repr(plain(value)) if isinstance(value, tuple) else repr(value)


def knob(
    default: object,
    help: str,
    *,
    low: float | None = None,
    high: float | None = None,
    choices: tuple | list | None = None,
    length: int | None = None,
    expression: bool = False,
    labels: dict[str, str] | None = None,
    kind: str | None = None,
) -> Knob:
    """Declare a parameter: its default, a one-line meaning, and what it allows.

    ``low``/``high`` bound numbers (each item of a list of numbers); ``choices`` lists the names a
    text knob (each item of a list of names, each key of a dict) may take; ``length`` fixes a
    list's length; ``expression`` lets a text knob take a formula in x and y; ``labels`` maps
    choices to the names titles show. A default of None makes the knob optional ("unset: the
    simulation picks", said in ``help``); ``kind`` then names its type (``"int"``, ``"floats"``…).
    The default must be allowed: a declaration that contradicts itself fails when the gallery
    loads.
    """
    if not isinstance(help, str) or not help.strip():
        raise KnobError("a knob needs a one-line meaning")
    optional = default is None
    if optional:
        if kind not in ("int", "float", "ints", "floats"):
            raise KnobError(
                "an optional knob (default None) names its kind: int, float, ints, floats"
            )
    else:
        if kind is not None:
            raise KnobError("kind is for an optional knob (default None); else the default says it")
        kind = _scalar_kind(default)
    if optional:
        pass
    elif isinstance(default, dict):
        kind = "map"
    elif kind is None:
        if not isinstance(default, tuple) or not default:
            raise KnobError(f"a knob's default must be a number, text or a tuple, got {default!r}")
        first = default[0]
        if isinstance(first, tuple):
            kind = "tuples"
            if not choices or not all(isinstance(c, tuple | list) for c in choices):
                raise KnobError("a knob of pairs needs choices=(names of item 1, names of item 2)")
            choices = tuple(tuple(c) for c in choices)
        else:
            inner = _scalar_kind(first)
            if inner in (None, "bool"):
                raise KnobError(f"a list knob holds numbers or names, got {default!r}")
            kind = inner + "s"
            if inner == "int" and any(isinstance(v, float) for v in default):
                kind = "floats"
    if expression and kind != "str":
        raise KnobError("only a text knob takes formulas")
    if kind in ("str", "strs", "map"):
        if not choices:
            raise KnobError(f"a text knob needs choices (default {default!r})")
        choices = tuple(choices)
    elif kind != "tuples" and choices is not None:
        raise KnobError("choices are for text knobs")
    k = Knob(
        default=default,
        help=help.strip(),
        kind=kind,
        low=low,
        high=high,
        choices=choices,
        length=length,
        expression=expression,
        labels=tuple((labels or {}).items()),
        optional=optional,
    )
    if any(c not in (choices or ()) for c in dict(k.labels)):
        raise KnobError("labels name choices the knob does not have")
    k.check(default, "the default")
    return k
