"""The gallery registry: entries and topics, declared by the content modules in ``gallery/``.

Content modules call :func:`topic`, :func:`figure` and :func:`animation`. References to code are
strings (``"package.module:attribute"``) so that listing, planning and cache checks never import
torch, matplotlib or manim: a no-op build stays fast, and the cache key comes from the source text.
"""

from __future__ import annotations

import contextvars
import dataclasses
import importlib.util
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from vizdl.gallery.claims import Claim, ClaimError, claim, fields, lecture
from vizdl.gallery.knobs import Knob, KnobError, knob

__all__ = [
    "Entry",
    "Topic",
    "Knob",
    "knob",
    "Claim",
    "claim",
    "lecture",
    "Registry",
    "figure",
    "animation",
    "topic",
    "load_gallery",
    "FIGURE_FORMATS",
    "ANIMATION_FORMATS",
    "GalleryError",
]

FIGURE_FORMATS = ("png", "svg", "pdf")
ANIMATION_FORMATS = ("mp4", "webm", "gif")
KINDS = ("figure", "animation")
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_SLIDE_NAME_RE = re.compile(r"-slide(-[0-9]+)?$")
_REF_RE = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_]\w*$")


class GalleryError(ValueError):
    """A gallery definition or a request about it is invalid (message meant for users)."""


@dataclass(frozen=True)
class Topic:
    """A group of entries on the index page (one per lecture part).

    A content module declares its topic once and registers its entries through it::

        t = topic("optimizers", "Optimization for training deep models", lecture="003")
        t.figure("learning-rate-regimes", title=..., compute=..., draw=..., params=...)
        t.pair("race-beale", title=..., compute=..., draw=..., scene=..., params=...)

    :meth:`pair` registers a figure and its animation (``NAME-animation``) that share the
    simulation and its parameters, so the compute cache computes it once.
    """

    name: str
    title: str
    blurb: str = ""
    lecture: str = ""
    order: int = 100

    def figure(self, name: str, **kw: object) -> Entry:
        """Register a figure entry of this topic (see :func:`figure`)."""
        return figure(name, topic=self.name, **kw)  # type: ignore[arg-type]

    def animation(self, name: str, **kw: object) -> Entry:
        """Register an animation entry of this topic (see :func:`animation`)."""
        return animation(name, topic=self.name, **kw)  # type: ignore[arg-type]

    def pair(
        self,
        name: str,
        *,
        title: str,
        compute: str,
        draw: str,
        scene: str,
        params: Mapping[str, object] | None = None,
        animation_title: str | None = None,
        animation_caption: str | None = None,
        animation_claims: tuple[Claim, ...] | list[Claim] | None = None,
        figsize: tuple[float, float] | None = None,
        formats: tuple[str, ...] = FIGURE_FORMATS,
        animation_formats: tuple[str, ...] = ("mp4",),
        **shared: object,
    ) -> tuple[Entry, Entry]:
        """Register figure ``name`` and animation ``name-animation`` with one ``compute`` and
        ``params``. The animation's title is the figure's + " (animation)" and its caption the
        figure's unless given (``animation_claims`` likewise: the claims its caption quotes);
        ``shared`` (caption, claims, equation, seed, …) go to both."""
        fig_kw = dict(shared)
        if figsize is not None:
            fig_kw["figsize"] = figsize
        fig = self.figure(
            name, title=title, compute=compute, draw=draw, params=params, formats=formats, **fig_kw
        )
        anim_kw = dict(shared)
        if animation_caption is not None:
            anim_kw["caption"] = animation_caption
        if animation_claims is not None:
            anim_kw["claims"] = animation_claims
        anim = self.animation(
            f"{name}-animation",
            title=animation_title or f"{title} (animation)",
            compute=compute,
            scene=scene,
            params=params,
            formats=animation_formats,
            **anim_kw,
        )
        return fig, anim


@dataclass(frozen=True)
class Entry:
    """One gallery item: a figure or an animation, with the numbers behind it.

    ``compute`` names a simulation function called as ``compute(**params)`` (plus ``seed=`` when it
    takes one); its result (a dataclass of arrays) is written as the entry's data and handed to
    ``draw(fig, result)`` for figures, or to the Manim scene (``scene``, a :class:`DataScene`
    subclass) for animations. ``params`` are the knobs' defaults; ``knobs`` their declarations
    (:class:`~vizdl.gallery.knobs.Knob`: type, allowed values, meaning), one per parameter.
    """

    name: str
    title: str
    topic: str
    kind: str
    compute: str
    params: Mapping[str, object]
    seed: int = 0
    draw: str | None = None
    scene: str | None = None
    caption: str = ""
    equation: str | None = None
    equation_note: str = ""
    formats: tuple[str, ...] = ()
    figsize: tuple[float, float] = (10.0, 5.625)
    order: int = 0
    knobs: Mapping[str, Knob] = field(default_factory=lambda: MappingProxyType({}))
    claims: tuple[Claim, ...] = ()
    # a title quoting knobs (``"Optimizer race: {surface}"``), filled with their labels: the
    # title follows the settings (``title`` holds the filled text; "" for a fixed title)
    title_template: str = ""
    # the knobs whose default values the equation is written for (Himmelblau's formula for
    # surface="himmelblau"): set one otherwise and the equation is not shown
    equation_for: tuple[str, ...] = ()

    def titled(self) -> Entry:
        """This entry with its title filled from its knobs' current values (a fixed title is
        kept as it is), and without its equation when a knob it was written for is set."""
        out = self
        if self.equation_for and any(
            self.params.get(k) != self.knobs[k].default for k in self.equation_for
        ):
            out = dataclasses.replace(out, equation=None)
        if not self.title_template:
            return out
        values = {k: self.knobs[k].label(self.params[k]) for k in fields(self.title_template)}
        return dataclasses.replace(out, title=self.title_template.format(**values))

    def code_refs(self) -> tuple[str, ...]:
        """The code references whose source determines this entry's output (its claims' checks
        included: they decide the page's claims and the filled caption)."""
        checks = tuple(c.check for c in self.claims if c.check)
        return tuple(r for r in (self.compute, self.draw, self.scene) if r) + checks

    @property
    def allowed_formats(self) -> tuple[str, ...]:
        return FIGURE_FORMATS if self.kind == "figure" else ANIMATION_FORMATS

    def with_params(self, **params: object) -> Entry:
        """This entry with some knobs set, each value checked against its declaration.

        Raises :class:`GalleryError` naming the entry, the knob, the value and what is allowed
        (or the knobs there are, for a name that is none of them).
        """
        checked = {}
        for key, value in params.items():
            if key not in self.knobs:
                raise GalleryError(
                    f"entry {self.name!r} has no knob {key!r}{_did_you_mean(key, self.knobs)}; "
                    "its knobs: " + (", ".join(self.knobs) or "none")
                )
            try:
                checked[key] = self.knobs[key].check(value, key)
            except KnobError as exc:
                raise GalleryError(f"entry {self.name!r}: {exc}") from None
        merged = MappingProxyType({**self.params, **checked})
        return dataclasses.replace(self, params=merged).titled()

    def with_settings(self, settings: Iterable[str]) -> Entry:
        """This entry with knobs set from ``KEY=VALUE`` texts (the command line's ``--set``),
        each parsed and checked against its declaration; :class:`GalleryError` otherwise."""
        values: dict[str, object] = {}
        seen: set[str] = set()
        for text in settings:
            key, sep, raw = text.partition("=")
            key = key.strip()
            if key in seen:  # the last one would silently win: say so instead
                raise GalleryError(f"--set {key} is given twice ({text!r}); set each knob once")
            seen.add(key)
            head, dot, sub = key.partition(".")
            if dot and head in self.knobs and self.knobs[head].kind == "map":
                # one item of a table knob: lr.Adam=0.05 (the others keep their values)
                kn = self.knobs[head]
                base = dict(values.get(head, self.params.get(head, kn.default)))  # type: ignore[arg-type]
                try:
                    base.update(kn.parse(f"{sub}:{raw}", key))  # type: ignore[arg-type]
                    values[head] = kn.check(base, head)
                except KnobError as exc:
                    raise GalleryError(f"entry {self.name!r}: {exc}") from None
                continue
            if not sep or not key:
                raise GalleryError(
                    f"--set {text!r} is not KEY=VALUE; the knobs of {self.name!r}: "
                    + (", ".join(self.knobs) or "none")
                    + f" (see 'vizdl knobs {self.name}')"
                )
            if key not in self.knobs:
                raise GalleryError(
                    f"entry {self.name!r} has no knob {key!r}{_did_you_mean(key, self.knobs)}; "
                    "its knobs: " + (", ".join(self.knobs) or "none")
                )
            try:
                values[key] = self.knobs[key].parse(raw, key)
            except KnobError as exc:
                raise GalleryError(f"entry {self.name!r}: {exc}") from None
        return self.with_params(**values)

    def changed_settings(self) -> list[str]:
        """``KEY=VALUE`` for every knob whose value is not its default (what ``--set`` gives)."""
        return [
            f"{k}={kn.text(self.params[k])}"
            for k, kn in self.knobs.items()
            if k in self.params and self.params[k] != kn.default
        ]

    def __reduce__(self) -> tuple:
        # The read-only views cannot be pickled; a job carries the entry to its worker.
        state = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        state["params"] = dict(self.params)
        state["knobs"] = dict(self.knobs)
        return (_entry_from_state, (state,))


def _did_you_mean(name: str, names: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``names``, else ``""``."""
    import difflib

    hint = difflib.get_close_matches(name, list(names), n=1)
    return f" (did you mean {hint[0]!r}?)" if hint else ""


def _entry_from_state(state: dict) -> Entry:
    return Entry(
        **{
            **state,
            "params": MappingProxyType(dict(state["params"])),
            "knobs": MappingProxyType(dict(state["knobs"])),
        }
    )


@dataclass
class Registry:
    """Entries and topics in declaration order."""

    entries: dict[str, Entry] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    root: Path | None = None

    def add_entry(self, entry: Entry) -> Entry:
        _validate(entry)
        if entry.name in self.entries:
            raise GalleryError(f"entry {entry.name!r} is registered twice")
        object.__setattr__(entry, "order", len(self.entries))
        self.entries[entry.name] = entry
        return entry

    def add_topic(self, t: Topic) -> Topic:
        self.topics.setdefault(t.name, t)
        return t

    def get(self, name: str) -> Entry:
        if name not in self.entries:
            raise GalleryError(
                f"no entry named {name!r}{_did_you_mean(name, self.entries)}; run 'vizdl list' "
                "to see the "
                f"{len(self.entries)} entries"
            )
        return self.entries[name]

    def with_settings(self, names: Iterable[str], settings: Iterable[str]) -> Registry:
        """A copy in which each entry of ``names`` has the knobs ``settings`` (``KEY=VALUE``)
        set; the others, the topics and the root are shared. Raises :class:`GalleryError` for a
        knob an entry does not have or a value it does not allow."""
        settings = tuple(settings)
        entries = dict(self.entries)
        for n in names:
            entries[n] = self.get(n).with_settings(settings)
        return Registry(entries=entries, topics=self.topics, root=self.root)

    def by_topic(self) -> list[tuple[Topic, list[Entry]]]:
        """Topics in their declared order, each with its entries in declaration order."""
        groups: dict[str, list[Entry]] = {}
        for e in self.entries.values():
            groups.setdefault(e.topic, []).append(e)
        out = []
        for name, entries in groups.items():
            t = self.topics.get(name) or Topic(name=name, title=name.replace("-", " ").title())
            out.append((t, entries))
        out.sort(key=lambda pair: pair[0].order)
        return out


_current: contextvars.ContextVar[Registry | None] = contextvars.ContextVar(
    "vizdl_registry", default=None
)


def _registry() -> Registry:
    reg = _current.get()
    if reg is None:
        raise GalleryError("gallery content modules are loaded with vizdl.gallery.load_gallery()")
    return reg


def _validate(e: Entry) -> None:
    if not _NAME_RE.match(e.name):
        raise GalleryError(f"entry name {e.name!r} must be lowercase letters, digits and '-'")
    if _SLIDE_NAME_RE.search(e.name):
        # NAME-slide.png, NAME-slide-2.png… are the slide files of entry NAME
        raise GalleryError(
            f"entry name {e.name!r} must not end in '-slide' or '-slide-N': "
            "those names are kept for the slide files of another entry"
        )
    if e.kind not in KINDS:
        raise GalleryError(f"entry {e.name!r}: kind {e.kind!r} is not one of {', '.join(KINDS)}")
    for ref in e.code_refs():
        if not _REF_RE.match(ref):
            raise GalleryError(
                f"entry {e.name!r}: code reference {ref!r} must look like 'pkg.module:name'"
            )
    if e.kind == "figure" and not e.draw:
        raise GalleryError(f"figure {e.name!r} needs draw='module:function'")
    if e.kind == "animation" and not e.scene:
        raise GalleryError(f"animation {e.name!r} needs scene='module:SceneClass'")
    bad = [f for f in e.formats if f not in e.allowed_formats]
    if bad or not e.formats:
        raise GalleryError(
            f"entry {e.name!r}: formats {list(e.formats)} must be a non-empty subset of "
            f"{', '.join(e.allowed_formats)}"
        )
    if not isinstance(e.seed, int):
        raise GalleryError(f"entry {e.name!r}: seed must be an integer, got {e.seed!r}")
    if not all(isinstance(c, Claim) for c in e.claims):
        raise GalleryError(
            f"entry {e.name!r}: claims are made with claim(text, check) or lecture()"
        )
    try:
        quoted = fields(e.caption)
    except ClaimError as exc:
        raise GalleryError(f"entry {e.name!r}: caption: {exc}") from None
    if quoted and not any(c.check for c in e.claims):
        raise GalleryError(
            f"entry {e.name!r}: the caption quotes {', '.join(quoted)}, but no claim measures them"
        )


def topic(name: str, title: str, blurb: str = "", lecture: str = "", order: int = 100) -> Topic:
    """Declare a topic (call once per content module, before its entries)."""
    return _registry().add_topic(Topic(name, title, blurb, lecture, order))


def figure(
    name: str,
    *,
    title: str,
    topic: str,
    compute: str,
    draw: str,
    params: Mapping[str, object] | None = None,
    formats: tuple[str, ...] = FIGURE_FORMATS,
    **kw: object,
) -> Entry:
    """Register a static matplotlib figure entry."""
    return _add("figure", name, title, topic, compute, params, formats, draw=draw, **kw)


def animation(
    name: str,
    *,
    title: str,
    topic: str,
    compute: str,
    scene: str,
    params: Mapping[str, object] | None = None,
    formats: tuple[str, ...] = ("mp4",),
    **kw: object,
) -> Entry:
    """Register a Manim animation entry (mp4 by default; webm and gif on request)."""
    return _add("animation", name, title, topic, compute, params, formats, scene=scene, **kw)


def _add(
    kind: str,
    name: str,
    title: str,
    topic: str,
    compute: str,
    params: Mapping[str, object] | None,
    formats: tuple[str, ...],
    **kw: object,
) -> Entry:
    defaults, knobs = _split_knobs(name, params or {})
    if "claims" in kw:
        kw["claims"] = tuple(kw["claims"] or ())  # type: ignore[arg-type]
    quoted = fields(title)
    if quoted:
        unknown = [q for q in quoted if q not in knobs]
        if unknown:
            raise GalleryError(
                f"entry {name!r}: its title quotes {', '.join(unknown)}, which is no knob of it"
            )
        kw["title_template"] = title
    unknown = [k for k in kw.get("equation_for", ()) if k not in knobs]  # type: ignore[union-attr]
    if unknown:
        raise GalleryError(f"entry {name!r}: equation_for names {unknown[0]!r}, no knob of it")
    if "equation_for" in kw:
        kw["equation_for"] = tuple(kw["equation_for"])  # type: ignore[arg-type]
    entry = Entry(
        name=name,
        title=title,
        topic=topic,
        kind=kind,
        compute=compute,
        params=MappingProxyType(defaults),
        knobs=MappingProxyType(knobs),
        formats=tuple(formats),
        **kw,  # type: ignore[arg-type]
    ).titled()
    return _registry().add_entry(entry)


def _split_knobs(name: str, params: Mapping[str, object]) -> tuple[dict, dict]:
    """(defaults, declarations) of ``params``, whose every value must be a :func:`knob`."""
    defaults, knobs = {}, {}
    for key, value in params.items():
        if not isinstance(value, Knob):
            raise GalleryError(
                f"entry {name!r}: parameter {key!r} = {value!r} is not declared; write "
                f"{key}=knob({value!r}, 'what it means', low=..., high=...) (or choices=...)"
            )
        defaults[key], knobs[key] = value.default, value
    return defaults, knobs


def load_gallery(root: Path, gallery_dir: str = "gallery") -> Registry:
    """Execute every ``*.py`` in ``root/gallery_dir`` (sorted by name) and collect its entries.

    ``root`` goes first on ``sys.path`` so that content can name ``scenes.<topic>`` modules.
    """
    root = Path(root).resolve()
    folder = root / gallery_dir
    if not folder.is_dir():
        raise GalleryError(f"gallery folder {str(folder)!r} does not exist")
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    reg = Registry(root=root)
    token = _current.set(reg)
    try:
        for path in sorted(folder.glob("*.py")):
            if path.name.startswith("_"):
                continue
            mod_name = f"_vizdl_gallery_{abs(hash(str(path)))}_{path.stem}"
            spec = importlib.util.spec_from_file_location(mod_name, path)
            assert spec and spec.loader
            module = importlib.util.module_from_spec(spec)
            try:
                spec.loader.exec_module(module)
            except GalleryError:
                raise
            except Exception as exc:  # content bugs are reported, with the file, not as tracebacks
                raise GalleryError(f"{path}: {type(exc).__name__}: {exc}") from exc
    finally:
        _current.reset(token)
    return reg
