"""``vizdl deck TOPIC``: a topic's entries as one reveal.js deck, in lecture order.

The entries are built into the site folder first (the normal, cached build); the deck folder
then gets ``index.html``, ``media/`` (each figure's slide rendition, or its video and poster: every name
carries the entry's name) and ``reveal/`` (reveal.js and its licence, shipped in the package),
so it works offline from ``file://``. Each slide's speaker notes hold the caption and the checked
claims. A folder that holds files vizdl did not write there is refused: a deck never replaces
your files.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from vizdl import __version__
from vizdl.fileio import atomic_path, write_bytes, write_text
from vizdl.gallery.registry import Entry, GalleryError, Registry, _did_you_mean
from vizdl.render import SLIDE_SUFFIX, slide_files

__all__ = ["topic_entries", "write_deck", "DECK_MARKER"]

DECK_MARKER = ".vizdl-deck.json"  # the files a deck wrote, so that the next one may replace them


def topic_entries(reg: Registry, topic: str) -> list[Entry]:
    """The entries of ``topic`` in the gallery's (the lecture's) order; GalleryError naming the
    topics there are for an unknown one."""
    names = list(dict.fromkeys(e.topic for e in reg.entries.values()))
    if topic not in names:
        raise GalleryError(
            f"no topic named {topic!r}{_did_you_mean(topic, names)}; topics: {', '.join(names)}"
        )
    return [e for e in reg.entries.values() if e.topic == topic]


def check_deck_folder(dest: Path, project: Path | None) -> None:
    """Refuse a folder that holds the project, or files of anyone but a previous deck."""
    dest = Path(dest).resolve()
    if project is not None and (
        dest == project.resolve() or project.resolve().is_relative_to(dest)
    ):
        raise GalleryError(f"the deck folder {str(dest)!r} holds the project; give a new folder")
    if dest.exists() and not dest.is_dir():
        raise GalleryError(f"{str(dest)!r} is a file, not a folder; give a new or empty folder")
    if not dest.is_dir() or not any(dest.iterdir()):
        return
    # a previous deck's own files may be replaced (and whatever else appeared there is kept;
    # write_deck refuses to land a file on it); anything else is someone's folder
    if _written(dest) is None:
        raise GalleryError(
            f"the folder {str(dest)!r} holds files vizdl did not write there; give a new or "
            "empty folder for the deck (nothing was changed)"
        )


def _written(dest: Path) -> set[str] | None:
    try:
        data = json.loads((dest / DECK_MARKER).read_text(encoding="utf-8"))
        return {str(f) for f in data["files"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None


@dataclass(frozen=True)
class Slide:
    name: str
    kind: str
    title: str
    caption: str
    claims: tuple[str, ...]
    image: str = ""
    video: str = ""
    poster: str = ""
    webm: str = ""


def _claim_lines(meta: dict) -> tuple[str, ...]:
    out = []
    for r in meta.get("claims") or []:
        if not isinstance(r, dict) or not isinstance(r.get("text"), str):
            continue
        if r.get("applies") is False:  # written for other settings
            continue
        if r.get("lecture"):
            mark = {True: "“ (data agree)", False: "“ (data disagree)"}.get(r.get("holds"), "“")
            out.append(f"{mark} The lecture says: {r['text']}")
        else:
            out.append(("✓ " if r.get("holds") else "✗ ") + r["text"])
    return tuple(out)


def write_deck(
    reg: Registry,
    topic: str,
    site: Path,
    dest: Path,
    *,
    theme: str = "white",
    title: str | None = None,
) -> list[str]:
    """Write the deck of ``topic`` from the entries built in ``site`` into ``dest``; return the
    files written (relative to ``dest``). Every entry must have been built."""
    entries = topic_entries(reg, topic)
    check_deck_folder(dest, reg.root)
    before = _written(dest) or set()
    slides: list[Slide] = []
    copies: list[tuple[Path, str]] = []
    for e in entries:
        folder = site / "entries" / e.name
        try:
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise GalleryError(f"entry {e.name!r} is not built in {site}") from None
        files = set(meta.get("files") or [])
        caption = meta.get("caption") if isinstance(meta.get("caption"), str) else e.caption
        common = dict(
            name=e.name, kind=e.kind, title=e.title, caption=caption, claims=_claim_lines(meta)
        )
        if e.kind == "animation":
            video, poster, webm = f"{e.name}.mp4", f"{e.name}.poster.png", f"{e.name}.webm"
            slide = Slide(**common, video=video, poster=poster, webm=webm if webm in files else "")
            names = [video, poster] + ([webm] if webm in files else [])
        else:
            # the slide rendition: drawn at a 16:9 slide's size, every text at least 14 pt, on
            # one slide or a few (a figure whose panels do not fit one)
            # (a figure without a slide layout of its own has none: the figure itself)
            pages = int(meta.get("slide_pages") or 1)
            if "slide_pages" in meta:
                fmt = next((x for x in ("svg", "png") if slide_files(e.name, x)[0] in files), "")
                if not fmt:
                    raise GalleryError(
                        f"entry {e.name!r} has no slide rendition ({e.name}{SLIDE_SUFFIX}.svg "
                        f"or .png) in {folder}; build it again"
                    )
                names = slide_files(e.name, fmt, pages)
            else:
                image = next(
                    (f"{e.name}.{x}" for x in ("svg", "png") if f"{e.name}.{x}" in files), ""
                )
                if not image:
                    raise GalleryError(f"entry {e.name!r} has no SVG or PNG in {folder}")
                names = [image]
            for k, image in enumerate(names, 1):
                part = f" ({k}/{pages})" if pages > 1 else ""
                slides.append(Slide(**{**common, "title": e.title + part}, image=image))
            slide = None
        for n in names:
            if not (folder / n).is_file():
                raise GalleryError(f"entry {e.name!r}: {folder / n} is missing; build it again")
            copies.append((folder / n, f"media/{n}"))
        if slide is not None:
            slides.append(slide)

    assets = resources.files("vizdl.gallery") / "assets" / "reveal"
    asset_files = sorted(_walk(assets))
    planned = [rel for _, rel in copies] + [f"reveal/{a}" for a in asset_files] + ["index.html"]
    _refuse_foreign(dest, planned, before)

    dest.mkdir(parents=True, exist_ok=True)
    for src, rel in copies:
        with atomic_path(dest / rel) as tmp:
            shutil.copyfile(src, tmp)
    for a in asset_files:
        write_bytes(dest / "reveal" / a, (assets / a).read_bytes())
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("vizdl.gallery", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
    )
    t = reg.topics.get(topic)
    html = env.get_template("deck.html").render(
        title=title or (t.title if t else topic),
        topic_title=title or (t.title if t else topic),
        blurb=t.blurb if t else "",
        slides=slides,
        theme=theme,
        version=__version__,
    )
    write_text(dest / "index.html", html)
    write_text(dest / DECK_MARKER, json.dumps({"topic": topic, "files": planned}, indent=1))
    return planned


def _walk(root) -> list[str]:
    out = []
    for item in root.iterdir():
        if item.is_dir():
            out += [f"{item.name}/{sub}" for sub in _walk(item)]
        elif item.name != "README.md":
            out.append(item.name)
    return out


def _refuse_foreign(dest: Path, planned: list[str], before: set[str]) -> None:
    """A planned file that exists but was not written by a previous deck is someone's: refuse."""
    for rel in planned:
        if (dest / rel).exists() and rel not in before:
            raise GalleryError(
                f"{dest / rel} exists and vizdl did not write it; give a new or empty folder "
                "for the deck (nothing was changed)"
            )
