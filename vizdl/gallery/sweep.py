"""Sweeps: a grid of variants of one entry, rendered as one job list, with a page side by side.

``vizdl sweep NAME --set KEY=START..STOP --n N`` (or ``--set KEY=a,b,c``; several ``--set`` make a
grid of every combination) turns each combination into a variant entry ``NAME-01``, ``NAME-02``,
… whose knobs are checked by the entry's declarations before anything runs. The variants are built
like a gallery (cache, claims checked on each variant's own numbers, failed cards, locally or on a
Dask cluster) into a folder of their own, whose ``index.html`` shows them side by side with the
knob values under each picture.
"""

from __future__ import annotations

import dataclasses
import itertools
import math
import shlex
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from vizdl.gallery.knobs import KnobError
from vizdl.gallery.registry import Entry, GalleryError, Registry

__all__ = [
    "Axis",
    "Sweep",
    "parse_axes",
    "make_sweep",
    "write_sweep_site",
    "check_sweep_folder",
    "SCALAR_KINDS",
    "SWEEP_MARK",
]

SCALAR_KINDS = ("int", "float", "bool", "str")
RANGE = ".."
# in a sweep page's <main>: tells a sweep folder from a gallery site (whose index a sweep must
# never replace)
SWEEP_MARK = '<meta name="vizdl-sweep"'


@dataclass(frozen=True)
class Axis:
    """One swept knob: its name and the values it takes, in order (checked)."""

    key: str
    values: tuple
    texts: tuple[str, ...]  # each value as ``--set`` writes it


@dataclass(frozen=True)
class Sweep:
    """An entry, the axes swept, and the variant entries (every combination, first axis
    slowest); ``command`` is the ``vizdl sweep`` line that makes it."""

    entry: Entry
    axes: tuple[Axis, ...]
    variants: tuple[Entry, ...]
    values: tuple[tuple, ...]  # per variant, its value on each axis
    command: str

    def registry(self, base: Registry) -> Registry:
        reg = Registry(topics=dict(base.topics), root=base.root)
        for v in self.variants:
            reg.entries[v.name] = v
        return reg


def _range_values(entry: Entry, key: str, spec: str, n: int | None, log: bool) -> list:
    kn = entry.knobs[key]
    where = f"--set {key}={spec}"
    if kn.kind not in ("int", "float"):
        raise GalleryError(
            f"{where}: a START{RANGE}STOP range needs a number knob; {key!r} takes {kn.allowed()}"
        )
    if n is None:
        raise GalleryError(f"{where}: a range needs --n N, how many values (2 or more)")
    if n < 2:
        raise GalleryError(f"{where}: --n {n} gives one value; a range needs --n 2 or more")
    lo_text, _, hi_text = spec.partition(RANGE)
    try:
        lo, hi = float(lo_text), float(hi_text)
    except ValueError:
        raise GalleryError(
            f"{where} is not START{RANGE}STOP with two numbers (e.g. {key}=0.1{RANGE}0.9)"
        ) from None
    if not (math.isfinite(lo) and math.isfinite(hi)) or lo == hi:
        raise GalleryError(f"{where}: START and STOP must be two different finite numbers")
    if log:
        if lo <= 0 or hi <= 0:
            raise GalleryError(f"{where}: --log needs START and STOP above 0")
        raw = [
            math.exp(math.log(lo) + (math.log(hi) - math.log(lo)) * i / (n - 1)) for i in range(n)
        ]
    else:
        raw = [lo + (hi - lo) * i / (n - 1) for i in range(n)]
    raw[0], raw[-1] = lo, hi  # exactly the ends asked for
    if kn.kind == "int":
        if not (lo.is_integer() and hi.is_integer()):
            raise GalleryError(
                f"{where}: {key!r} is an integer knob; START and STOP must be integers"
            )
        ints = [round(v) for v in raw]
        if len(set(ints)) < len(ints):
            distinct = abs(int(hi) - int(lo)) + 1
            raise GalleryError(
                f"{where} --n {n}: evenly spaced integers repeat ({', '.join(map(str, ints))}); "
                f"there are {distinct} integers from {int(lo)} to {int(hi)}: use --n {distinct} "
                "or fewer"
            )
        raw = ints
    out = []
    for v in raw:
        try:
            out.append(kn.check(v, key))
        except KnobError as exc:
            raise GalleryError(f"entry {entry.name!r}: {exc} (in {where})") from None
    return out


def parse_axes(
    entry: Entry, settings: Sequence[str], n: int | None = None, log: bool = False
) -> list[Axis]:
    """The axes of a sweep from ``--set`` texts: ``KEY=START..STOP`` (with ``n`` values, evenly
    spaced, or geometrically with ``log``; integers for an int knob), ``KEY=a,b,c`` for a knob
    of single values, ``KEY=v1;v2`` for a knob whose value is itself a list or table, or one
    value (the same for every variant). Every value is checked by the knob's declaration;
    :class:`GalleryError` in one line otherwise."""
    if not settings:
        raise GalleryError(
            f"a sweep needs at least one --set KEY=VALUES; the knobs of {entry.name!r}: "
            + (", ".join(entry.knobs) or "none")
        )
    axes: list[Axis] = []
    ranged = False
    for text in settings:
        key, sep, spec = text.partition("=")
        key, spec = key.strip(), spec.strip()
        if not sep or not key or not spec:
            raise GalleryError(
                f"--set {text!r} is not KEY=VALUES (KEY=START{RANGE}STOP with --n, or KEY=a,b,c)"
            )
        if key not in entry.knobs:
            entry.with_settings([f"{key}={spec}"])  # says which knobs there are (raises)
        if any(a.key == key for a in axes):
            raise GalleryError(f"--set {key}=… is given twice; give each knob once")
        kn = entry.knobs[key]
        if RANGE in spec and kn.kind in ("int", "float"):
            values = _range_values(entry, key, spec, n, log)
            ranged = True
        else:
            parts = spec.split(",") if kn.kind in SCALAR_KINDS else spec.split(";")
            if any(not p.strip() for p in parts):
                raise GalleryError(f"--set {text!r} has an empty value")
            values = []
            for p in parts:
                try:
                    values.append(kn.parse(p, key))
                except KnobError as exc:
                    raise GalleryError(f"entry {entry.name!r}: {exc}") from None
            seen = [kn.text(v) for v in values]
            dup = next((s for i, s in enumerate(seen) if s in seen[:i]), None)
            if dup is not None:
                raise GalleryError(f"--set {text!r} lists {key}={dup} twice; give each value once")
        axes.append(Axis(key, tuple(values), tuple(kn.text(v) for v in values)))
    if n is not None and not ranged:
        raise GalleryError(f"--n {n} applies to a START{RANGE}STOP range, and no --set has one")
    return axes


def make_sweep(
    entry: Entry,
    axes: Sequence[Axis],
    n: int | None = None,
    log: bool = False,
    scheduler: str | None = None,
) -> Sweep:
    """Every combination of the axes' values as a variant entry (named ``NAME-01``, …), each
    checked by the entry's knob declarations before anything runs."""
    combos = list(itertools.product(*(a.values for a in axes)))
    width = max(2, len(str(len(combos))))
    variants = []
    for i, combo in enumerate(combos, 1):
        params = {a.key: v for a, v in zip(axes, combo, strict=True)}
        v = entry.with_params(**params)
        variants.append(dataclasses.replace(v, name=f"{entry.name}-{i:0{width}d}", order=i))
    args = ["vizdl", "sweep", entry.name]
    for a in axes:
        spec = ("," if entry.knobs[a.key].kind in SCALAR_KINDS else ";").join(a.texts)
        args += ["--set", f"{a.key}={spec}"]
    return Sweep(entry, tuple(axes), tuple(variants), tuple(combos), shlex.join(args))


def write_sweep_site(
    sweep: Sweep,
    reg: Registry,
    out: Path,
    *,
    quality: str = "medium",
    title: str = "vizdl gallery",
    theme: str = "light",
) -> list[Path]:
    """The variants' pages (as a site's entry pages) and ``index.html``: the variants side by
    side, each with its knob values, its status and links to its files (relative, offline)."""
    from vizdl import __version__
    from vizdl.fileio import write_text
    from vizdl.gallery.site import _jinja, entry_status, format_value, write_site
    from vizdl.style import resolve_theme

    names = {v.name: sweep.entry.name for v in sweep.variants}
    written = write_site(
        reg, out, quality=quality, title=title, theme=theme, index=False, command_names=names
    )
    cards = []
    for v, combo in zip(sweep.variants, sweep.values, strict=True):
        state, info = entry_status(out, v)
        files = []
        if state == "ok" and info:
            files = [f for f in info["files"] if f != "thumb.png"] + ["meta.json"]
        cards.append(
            {
                "entry": v,
                "status": state,
                "info": info,
                "values": [
                    (a.key, format_value(x)) for a, x in zip(sweep.axes, combo, strict=True)
                ],
                "files": files,
                "caption": (info or {}).get("caption", "") if state == "ok" else "",
            }
        )
    moving = [a for a in sweep.axes if len(a.values) > 1]
    rows = None
    if len(moving) == 2 and len(sweep.axes) == 2:  # a table: first knob down, second across
        k = len(sweep.axes[1].values)
        rows = [
            (format_value(x), cards[i * k : (i + 1) * k])
            for i, x in enumerate(sweep.axes[0].values)
        ]
    page = (
        _jinja()
        .get_template("sweep.html")
        .render(
            page_theme="dark" if resolve_theme(theme).dark else "light",
            title=f"Sweep: {sweep.entry.title}",
            entry=sweep.entry,
            axes=[
                {
                    "key": a.key,
                    "values": ", ".join(format_value(x) for x in a.values),
                    "help": sweep.entry.knobs[a.key].help,
                }
                for a in sweep.axes
            ],
            cards=cards,
            rows=rows,
            row_key=sweep.axes[0].key if rows else "",
            col_key=sweep.axes[1].key if rows else "",
            cols=[format_value(x) for x in sweep.axes[1].values] if rows else [],
            command=sweep.command,
            n_ok=sum(c["status"] == "ok" for c in cards),
            n_failed=sum(c["status"] == "failed" for c in cards),
            version=__version__,
        )
    )
    if write_text(out / "index.html", page, only_if_changed=True):
        written.append(out / "index.html")
    return written


def check_sweep_folder(out: Path) -> None:
    """Refuse a gallery site (built by ``vizdl build``) as a sweep's folder: the sweep's page
    would replace the gallery's index. A new folder, an empty one or an earlier sweep's is fine
    (other folders are checked by the build as usual)."""
    import re

    from vizdl.gallery.outdir import SITE_MARKER

    out = Path(out)
    if not (out / SITE_MARKER).is_file():
        return
    index = out / "index.html"
    if index.is_file():
        try:
            is_sweep = SWEEP_MARK in index.read_text(encoding="utf-8", errors="replace")
        except OSError:
            is_sweep = False
    else:  # a sweep killed before its page: its entries are all NAME-NN
        entries = out / "entries"
        names = [p.name for p in entries.iterdir()] if entries.is_dir() else []
        # (no entries at all is no evidence of a sweep: a gallery site may be empty too)
        is_sweep = bool(names) and all(re.fullmatch(r".+-\d+", n) for n in names)
    if not is_sweep:
        raise GalleryError(
            f"{str(out)!r} is a gallery site built by 'vizdl build'; a sweep would replace its "
            "index page: sweep into a folder of its own (the default is NAME-sweep)"
        )
