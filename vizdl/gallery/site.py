"""The static site: an index of cards grouped by topic and one page per entry.

Every link is relative (``entries/NAME/index.html``, ``../../assets/site.css``), so the site works
from any folder, offline (``file://``) and under a sub-path. Pages are rewritten only when their text
changes, so a no-op build touches nothing.
"""

from __future__ import annotations

import dataclasses
import html
import json
import shlex
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from vizdl import __version__
from vizdl.fileio import write_bytes, write_text
from vizdl.gallery.cache import read_json, valid_meta
from vizdl.gallery.explorer import EXPLORER_FILES
from vizdl.gallery.explorer import RACER_NAMES as EXPLORER_RACERS
from vizdl.gallery.explorer import SURFACES as EXPLORER_SURFACES
from vizdl.gallery.knobs import plain
from vizdl.gallery.latex import to_latex
from vizdl.gallery.registry import Entry, Registry
from vizdl.render import SLIDE_SUFFIX, slide_files

__all__ = ["write_site", "entry_status", "render_command", "site_files"]

_env: Environment | None = None


def _jinja() -> Environment:
    global _env
    if _env is None:
        _env = Environment(
            loader=PackageLoader("vizdl.gallery", "templates"),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
    return _env


def entry_status(out: Path, entry: Entry) -> tuple[str, dict | None]:
    """``("ok", meta)``, ``("failed", failure)`` or ``("missing", None)`` for an entry's folder.

    A damaged record (not JSON, not UTF-8, the wrong shape) counts as missing: the entry is
    rebuilt by the next build and meanwhile not shown.
    """
    folder = out / "entries" / entry.name
    meta = valid_meta(read_json(folder / "meta.json"))
    if meta is not None:
        return "ok", meta
    failed = read_json(folder / "failed.json")
    if isinstance(failed, dict) and isinstance(failed.get("error"), str):
        failed.setdefault("traceback", "")
        if not isinstance(failed["traceback"], str):
            failed["traceback"] = ""
        return "failed", failed
    return "missing", None


EXPLORER_DIR = Path(__file__).parent / "assets" / "explorer"


# What each explorer page lets a reader change (the entry page's link says it).
EXPLORER_TEXT = {
    "index.html": "change the start, the optimizers and their settings and watch the paths "
    "(the same update rules, run in the page; its learning rates are the page's own)",
    "learning-rate.html": "move the learning rate and watch the path and its regime change (the "
    "same numbers, computed in the page)",
    "bumps.html": "change the number of bumps and their steepness and watch the error (the same "
    "numbers, computed in the page)",
    "initialization.html": "change the initializer, activation, width and depth and watch the "
    "variance per layer (the theory's numbers, and a network simulated in the page)",
}
SITE_SURFACES = "site-surfaces.js"
# the square a formula is drawn on when no domain is given (vizdl.sim.expr.FORMULA_DOMAIN,
# written out: the site never imports the simulation; tests/test_explorer.py checks they agree)
FORMULA_DOMAIN = (-3.0, 3.0, -3.0, 3.0)


def _formula_view(params: dict) -> tuple[list[float], list[float]]:
    """(domain, start) of a race on a formula, as optimizer_race picks them: the domain set or
    :data:`FORMULA_DOMAIN`, the start set or 20% along x and 80% up y."""
    domain = [float(v) for v in (params.get("domain") or FORMULA_DOMAIN)]
    start = params.get("start") or (
        domain[0] + 0.2 * (domain[1] - domain[0]),
        domain[2] + 0.8 * (domain[3] - domain[2]),
    )
    return domain, [float(v) for v in start]


def site_surfaces_js(reg: Registry) -> str:
    """The explorer's list of this gallery's own formula surfaces: every entry whose surface
    knob holds a formula (a vizdl.toml entry's), with its domain and start (the race's rules:
    unset domain -3…3, unset start 20% along x and 80% up y)."""
    seen: dict[tuple, dict] = {}
    for e in reg.entries.values():
        kn = e.knobs.get("surface")
        surface = e.params.get("surface")
        if kn is None or not kn.expression or surface in (kn.choices or ()):
            continue
        domain, start = _formula_view(dict(e.params))
        key = (surface, tuple(domain))
        seen.setdefault(key, {"title": f"{e.title} ({e.name})", "expr": surface,
                              "domain": domain, "start": start})  # fmt: skip
    body = json.dumps(list(seen.values()), indent=1, ensure_ascii=False)
    return (
        "// The formula surfaces of this site's own entries (vizdl.toml's [[entries]]), written\n"
        f"// by vizdl's site writer.\nwindow.VIZDL_SITE_SURFACES = {body};\n"
    )


def _num(v: object) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def explorer_link(entry: Entry, params: dict) -> str | None:
    """The explorer page about an entry, preset to its settings (relative to its page), or
    None for entries no page explores: optimizer paths, the learning-rate regimes, the bump
    staircase and the variance through an initialised network."""
    from urllib.parse import urlencode

    name = entry.name
    q: dict[str, str] = {}
    if name.startswith("learning-rate-regimes"):
        surface = params.get("surface", "parabola")
        q["s"] = surface if isinstance(surface, str) else "parabola"
        if "curvature" in params:
            q["a"] = _num(params["curvature"])
        start = params.get("start")
        if isinstance(start, list | tuple) and len(start) == 2:
            q["x0"], q["y0"] = (_num(v) for v in start)
        elif "x0" in params:
            q["x0"] = _num(params["x0"])
        if "steps" in params:
            q["steps"] = _num(params["steps"])
        return "../../explorer/learning-rate.html#" + urlencode(q)
    if name.startswith("bumps-staircase") or name.startswith("bump-error"):
        q["f"] = str(params.get("f", "lecture"))
        if "n_bumps" in params:
            q["n"], q["w"] = _num(params["n_bumps"]), _num(params["w"])
        elif "n_fixed" in params and "w_factor" in params:
            q["n"] = _num(params["n_fixed"])
            q["w"] = _num(float(params["n_fixed"]) * float(params["w_factor"]))
        return "../../explorer/bumps.html#" + urlencode(q)
    inits, acts = params.get("initializers"), params.get("activations")
    if entry.topic == "initialization" and isinstance(inits, list | tuple) and "depth" in params:
        from vizdl.gallery.explorer_init import INIT_ACTIVATIONS, INIT_INITIALIZERS

        inits = [i for i in inits if i in INIT_INITIALIZERS]
        acts = [a for a in acts or () if a in INIT_ACTIVATIONS]
        if not inits or not acts or "width" not in params:
            return None
        q["init"] = "xavier-normal" if "xavier-normal" in inits else inits[0]
        q["activation"] = "tanh" if "tanh" in acts else acts[0]
        if "backward" in name:
            q["activation"] = "sigmoid" if "sigmoid" in acts else q["activation"]
        q["width"], q["depth"] = _num(params["width"]), _num(params["depth"])
        q["backward"] = "1" if "backward" in name else "0"
        return "../../explorer/initialization.html#" + urlencode(q)
    if entry.topic != "optimizers":
        return None
    surface = params.get("surface")
    if entry.knobs.get("steps") is not None and entry.knobs["steps"].optional:
        # A race's unset start and steps are its surface's setup's (a formula's: 200 steps), so
        # the page runs as many steps from the same point as the figure did.
        from vizdl.sim.optimizers.races import RACE_SETUPS

        setup = RACE_SETUPS.get(surface, {}) if isinstance(surface, str) else {}
        if params.get("steps") is None:
            params = {**params, "steps": setup.get("steps", 200)}
        if params.get("start") is None and "start" in setup:
            params = {**params, "start": list(setup["start"])}
    if isinstance(surface, str) and surface in EXPLORER_SURFACES:
        q["s"] = surface
    elif (
        isinstance(surface, str)
        and entry.knobs.get("surface")
        and entry.knobs["surface"].expression
    ):
        q["e"] = surface  # a formula of the lecturer's own: the page reads it with its grammar
        domain, start = _formula_view(params)
        q["d"] = ",".join(f"{v:g}" for v in domain)
        params = {**params, "start": start}
    racers = params.get("racers")
    if isinstance(racers, list | tuple):
        chosen = [r for r in racers if r in EXPLORER_RACERS]
        if chosen:
            q["o"] = ",".join(chosen)
    start = params.get("start")
    if isinstance(start, list | tuple) and len(start) == 2:
        q["x0"], q["y0"] = (f"{v:g}" for v in start)
    for key in ("steps", "momentum", "alpha", "rho"):
        if key in params and isinstance(params[key], int | float) and params[key] is not None:
            q[key] = f"{params[key]:g}"
    betas = params.get("betas")
    if isinstance(betas, list | tuple) and len(betas) == 2:
        q["beta1"], q["beta2"] = (f"{v:g}" for v in betas)

    return "../../explorer/index.html" + ("#" + urlencode(q, safe=",") if q else "")


def render_command(entry: Entry, meta: dict | None) -> str:
    """The exact ``vizdl render`` command that reproduces this entry's files, with a ``--set``
    for every knob the build set away from its default."""
    args = ["vizdl", "render", entry.name, "--out", entry.name]
    for k, v in built_params(entry, meta).items():
        kn = entry.knobs.get(k)
        if kn is not None and v != json.loads(json.dumps(plain(kn.default))):
            args += ["--set", f"{k}={kn.text(v)}"]
    if meta:
        args += ["--formats", ",".join(meta["formats"])]
        if meta.get("quality"):
            args += ["--quality", meta["quality"]]
    return shlex.join(args)


def built_params(entry: Entry, meta: dict | None) -> dict:
    """The parameters the shown files were made with: meta.json's (a build with ``--set``),
    else the entry's."""
    if meta and isinstance(meta.get("params"), dict):
        return dict(meta["params"])
    return json.loads(json.dumps({k: plain(v) for k, v in entry.params.items()}))


def format_value(v: object) -> str:
    if isinstance(v, float):
        return f"{v:g}"
    if isinstance(v, list | tuple):
        return "(" + ", ".join(format_value(x) for x in v) + ")"
    return str(v)


def _downloads(meta: dict) -> list[dict]:
    labels = {
        "png": "PNG image",
        "svg": "SVG (vector)",
        "pdf": "PDF (vector, for LaTeX)",
        "mp4": "MP4 video (H.264)",
        "webm": "WebM video (VP9)",
        "gif": "Animated GIF",
        "poster.png": "Poster frame (PNG)",
        "data.npz": "All numbers (NumPy .npz)",
        "data.json": "All numbers (JSON)",
        "data.csv": "Table (CSV)",
        "equation.svg": "Equation (SVG)",
    }
    out = []
    slide = meta["name"] + SLIDE_SUFFIX
    for f in meta["files"]:
        if f == "thumb.png":
            continue
        rest = f[len(slide) :] if f.startswith(slide) else ""
        if rest[:1] in (".", "-"):  # the slide rendition (NAME-slide.svg, NAME-slide-2.svg, …)
            page, _, fmt = rest.lstrip("-").rpartition(".")
            part = f", slide {page}" if page else ""
            out.append(
                {"file": f, "label": f"Slide rendition, 16:9, text ≥ 14 pt ({fmt.upper()}{part})"}
            )
            continue
        suffix = f.split(".", 1)[1] if f.startswith(meta["name"] + ".") else f
        out.append({"file": f, "label": labels.get(suffix, f)})
    out.append({"file": "meta.json", "label": "Metadata (seed, params, versions, cache key)"})
    return out


def _part(k: int, pages: int) -> str:
    """`` (2/3)`` after a slide's title when the figure takes several slides."""
    return f" ({k}/{pages})" if pages > 1 else ""


def _snippets(entry: Entry, meta: dict) -> list[dict]:
    """Copy-paste code for a web page, a reveal.js slide and a Beamer frame. Every file they
    name carries the entry's name, so several entries copied into one slides folder never
    overwrite each other; the Beamer title is LaTeX that pdflatex sets (no raw σ or ×)."""
    n = entry.name
    title = html.escape(entry.title, quote=True)
    tex_title = to_latex(entry.title)
    if entry.kind == "animation":
        video = f"{n}.mp4"
        poster = f"{n}.poster.png"
        html_code = (
            f'<video src="{video}" poster="{poster}" muted playsinline loop controls\n'
            f'       width="960" title="{title}"></video>'
        )
        # The video shows its own title: none above it, and controls so a lecturer can pause.
        reveal = (
            f'<section data-title="{title}">\n'
            f'  <video data-autoplay src="{video}" poster="{poster}" muted playsinline loop controls\n'
            f'         style="max-width: 100%; max-height: 640px"></video>\n</section>'
        )
        latex = (
            f"% Beamer: the poster frame, linked to the video (opens in the PDF viewer's player)\n"
            f"\\begin{{frame}}{{{tex_title}}}\n  \\centering\n"
            f"  \\href{{run:{video}}}{{\\includegraphics[width=\\linewidth,height=0.8\\textheight,"
            f"keepaspectratio]{{{poster}}}}}\n"
            f"\\end{{frame}}"
        )
    else:
        img = f"{n}.svg" if "svg" in meta["formats"] else f"{n}.png"
        html_code = f'<img src="{img}" alt="{title}" width="960">'
        # Slides show the slide rendition (NAME-slide.*): drawn at the size the Beamer frame
        # places it, every text at least 14 pt there, on one slide or a few (a figure whose
        # panels do not fit one); on a 960-wide reveal.js slide it is shown 960 wide.
        # A figure without a slide layout of its own has no rendition: the figure itself.
        has_slides = "slide_pages" in meta
        pages = int(meta.get("slide_pages") or 1)
        fmt = "svg" if "svg" in meta["formats"] else "png"
        images = slide_files(n, fmt, pages) if has_slides else [img]
        # a slide rendition fills the slide's width; a figure itself is kept within 960 × 700
        fit = "width: 100%; height: auto" if has_slides else "max-width: 100%; max-height: 560px"
        reveal = "\n".join(
            f"<section>\n  <h3>{title}{_part(k, pages)}</h3>\n"
            f'  <img src="{img}" alt="{title}" style="{fit}">\n'
            "</section>"
            for k, img in enumerate(images, 1)
        )
        if not has_slides:
            graphics = [("", f"{n}.pdf" if "pdf" in meta["formats"] else f"{n}.png")]
        elif "pdf" in meta["formats"]:
            pdf = slide_files(n, "pdf")[0]
            graphics = (
                [(f"page={k},", pdf) for k in range(1, pages + 1)] if pages > 1 else [("", pdf)]
            )
        else:
            graphics = [("", f) for f in slide_files(n, "png", pages)]
        latex = "\n".join(
            f"\\begin{{frame}}{{{tex_title}{_part(k, pages)}}}\n  \\centering\n"
            f"  \\includegraphics[{opt}width=\\linewidth,height=0.8\\textheight,keepaspectratio]"
            f"{{{f}}}\n\\end{{frame}}"
            for k, (opt, f) in enumerate(graphics, 1)
        )
    return [
        {"label": "HTML", "code": html_code},
        {"label": "reveal.js", "code": reveal},
        {"label": "LaTeX / Beamer", "code": latex},
    ]


def write_site(
    reg: Registry,
    out: Path,
    *,
    quality: str = "medium",
    title: str = "vizdl gallery",
    theme: str = "light",
    index: bool = True,
    command_names: dict[str, str] | None = None,
) -> list[Path]:
    """Write ``index.html``, one page per entry and the stylesheet; return the files written
    (``theme``: the build's; a dark one gets dark pages, every other follows the reader's
    light/dark preference). ``index=False`` leaves ``index.html`` to the caller (a sweep's page);
    ``command_names`` maps an entry to the gallery entry its render command names (a sweep's
    variant ``NAME-03`` is ``vizdl render NAME --set …``)."""
    from vizdl.style import resolve_theme

    page_theme = "dark" if resolve_theme(theme).dark else "light"
    env = _jinja()
    written: list[Path] = []
    css = (Path(__file__).parent / "templates" / "site.css").read_text(encoding="utf-8")
    if write_text(out / "assets" / "site.css", css, only_if_changed=True):
        written.append(out / "assets" / "site.css")
    for name in EXPLORER_FILES:  # the optimizer explorer: static, offline, no build step
        data = (EXPLORER_DIR / name).read_bytes()
        if name == SITE_SURFACES:  # this site's own formula surfaces, not the package's empty list
            data = site_surfaces_js(reg).encode("utf-8")
        dest = out / "explorer" / name
        if not (dest.is_file() and dest.read_bytes() == data):
            write_bytes(dest, data)
            written.append(dest)
    status = {e.name: entry_status(out, e) for e in reg.entries.values()}
    # Only what was built (or failed) is shown: a partial build gives an index of its own entries,
    # and no page is written for an entry that has nothing to show.
    entries = [e for e in reg.entries.values() if status[e.name][0] != "missing"]
    groups = []
    for topic, members in reg.by_topic():
        cards = [  # each card's title as its build made it (a --set build's knobs)
            {
                "entry": _as_built(e, status[e.name][1] if status[e.name][0] == "ok" else None),
                "status": status[e.name][0],
                "info": status[e.name][1],
            }
            for e in members
            if status[e.name][0] != "missing"
        ]
        if cards:
            groups.append({"topic": topic, "cards": cards})
    page_index = env.get_template("index.html").render(
        page_theme=page_theme,
        title=title,
        groups=groups,
        version=__version__,
        n_entries=len(entries),
        n_figures=sum(e.kind == "figure" for e in entries),
        n_animations=sum(e.kind == "animation" for e in entries),
        n_missing=len(reg.entries) - len(entries),
    )
    if index and write_text(out / "index.html", page_index, only_if_changed=True):
        written.append(out / "index.html")
    for i, e in enumerate(entries):
        state, info = status[e.name]
        e = _as_built(e, info if state == "ok" else None)
        prev_e = entries[i - 1] if i > 0 else None
        next_e = entries[i + 1] if i + 1 < len(entries) else None
        page = env.get_template("entry.html").render(
            page_theme=page_theme,
            title=title,
            e=e,
            topic=reg.topics.get(e.topic),
            status=state,
            info=info,
            params=[
                (k, format_value(v), e.knobs[k].help if k in e.knobs else "")
                for k, v in built_params(e, info if state == "ok" else None).items()
            ],
            caption=_caption(e, state, info),
            claims=_claim_rows(info),
            command=render_command(
                dataclasses.replace(e, name=command_names[e.name])
                if command_names and e.name in command_names
                else e,
                info if state == "ok" else None,
            ),
            explorer=(link := explorer_link(e, built_params(e, info if state == "ok" else None))),
            explorer_text=EXPLORER_TEXT[link.split("/")[-1].split("#")[0]] if link else "",
            downloads=_downloads(info) if state == "ok" else [],
            snippets=_snippets(e, info) if state == "ok" else [],
            prev=prev_e,
            next=next_e,
            version=__version__,
        )
        path = out / "entries" / e.name / "index.html"
        if write_text(path, page, only_if_changed=True):
            written.append(path)
    return written


def _as_built(e: Entry, info: dict | None) -> Entry:
    """The entry with the knob values its build used (its title follows them), or as it is
    when the record holds none it allows."""
    if not info:
        return e
    try:
        return e.with_params(**built_params(e, info))
    except ValueError:
        return e


def _caption(e: Entry, state: str, info: dict | None) -> str:
    """The caption as built (its numbers filled from the checked result), else its template
    with "…" where a number will go."""
    from vizdl.gallery.claims import placeholder

    if state == "ok" and info and isinstance(info.get("caption"), str):
        return info["caption"]
    return placeholder(e.caption)


def _claim_rows(info: dict | None) -> list[dict]:
    """The claims a build recorded (meta.json, or failed.json when some did not hold)."""
    rows = []
    for r in (info or {}).get("claims") or []:
        if not isinstance(r, dict) or not isinstance(r.get("text"), str):
            continue
        if r.get("applies") is False:  # written for other settings: not this picture's
            continue
        measured = r.get("measured") if isinstance(r.get("measured"), dict) else {}
        rows.append(
            {
                "text": r["text"],
                "holds": r.get("holds"),
                "lecture": bool(r.get("lecture")),
                "measured": [(k, format_value(v)) for k, v in measured.items()],
            }
        )
    return rows


def site_files(reg: Registry, out: Path) -> list[str]:
    """Every file :func:`write_site` may write, relative to ``out`` (for the build's manifest)."""
    files = ["index.html", "assets/site.css"] + [f"explorer/{n}" for n in EXPLORER_FILES]
    files += [f"entries/{name}/index.html" for name in reg.entries]
    return files
