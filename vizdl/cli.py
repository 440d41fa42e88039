"""The ``vizdl`` command line: thin click commands over :mod:`vizdl.gallery`."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import click

from vizdl import __version__
from vizdl.config import Config, ConfigError, add_config_entries, load_config
from vizdl.gallery.job import QUALITY_NAMES
from vizdl.gallery.registry import (
    ANIMATION_FORMATS,
    FIGURE_FORMATS,
    GalleryError,
    Registry,
    load_gallery,
)

__all__ = ["main", "cli"]

ALL_FORMATS = FIGURE_FORMATS + ANIMATION_FORMATS


class Ctx:
    def __init__(self, verbosity: int, config_file: Path | None):
        self.verbosity = verbosity
        self.config_file = config_file
        self._cfg: Config | None = None
        self._reg: Registry | None = None

    @property
    def cfg(self) -> Config:
        if self._cfg is None:
            try:
                self._cfg = load_config(config_file=self.config_file)
            except ConfigError as exc:
                raise click.ClickException(str(exc)) from None
        return self._cfg

    @property
    def registry(self) -> Registry:
        if self._reg is None:
            try:
                self._reg = add_config_entries(
                    load_gallery(self.cfg.root, self.cfg.gallery), self.cfg
                )
            except (GalleryError, ConfigError) as exc:
                raise click.ClickException(str(exc)) from None
        return self._reg

    def out_dir(self, flag: str | None) -> Path:
        if flag is not None:
            if not flag.strip():
                raise click.BadParameter(
                    "'' is not a folder; give a folder name, e.g. --out build/site",
                    param_hint="'--out'",
                )
            return Path(flag)
        return self.cfg.root / self.cfg.out

    def info(self, msg: str) -> None:
        if self.verbosity >= 0:
            click.echo(msg, err=True)

    def debug(self, msg: str) -> None:
        if self.verbosity > 0:
            click.echo(msg, err=True)


def _formats_option(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return None
    items = tuple(f.strip().lower() for f in value.split(",") if f.strip())
    bad = [f for f in items if f not in ALL_FORMATS]
    if bad or not items:
        raise click.BadParameter(
            f"{bad[0] if bad else value!r} is not a format; allowed: {', '.join(ALL_FORMATS)}",
            param_hint="'--formats'",
        )
    return items


def _set_verbosity(ctx: click.Context, param: click.Parameter, value: object) -> None:
    if not value or ctx.obj is None:
        return
    if param.name == "quiet":
        ctx.obj.verbosity = -1
    else:
        ctx.obj.verbosity = max(ctx.obj.verbosity, 0) + int(value)  # type: ignore[arg-type]


def verbosity_options(f):  # noqa: ANN001, ANN201
    """-v/-q accepted after the subcommand too (``vizdl build -q``)."""
    f = click.option(
        "-q",
        "--quiet",
        is_flag=True,
        expose_value=False,
        callback=_set_verbosity,
        help="Only errors and the final summary.",
    )(f)
    return click.option(
        "-v",
        "--verbose",
        count=True,
        expose_value=False,
        callback=_set_verbosity,
        help="More output (repeatable).",
    )(f)


def set_option(help_text: str):
    """``--set KEY=VALUE`` (repeatable), passed as ``settings``."""
    return click.option("--set", "settings", multiple=True, metavar="KEY=VALUE", help=help_text)


def gif_options(f):
    """``--gif-width`` and ``--gif-fps``: the animations' GIFs (None: the config's)."""
    f = click.option(
        "--gif-fps",
        type=click.IntRange(1, 60),
        help="Frames per second of the animations' GIFs (default from config, else 15).",
    )(f)
    return click.option(
        "--gif-width",
        type=click.IntRange(120, 3840),
        help="Width of the animations' GIFs in pixels (default from config, else 640).",
    )(f)


def _theme_value(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A --theme value: a theme's name, or a .mplstyle file's absolute path (None: the config's)."""
    if value is None:
        return None
    from vizdl.style import THEMES, ThemeError, resolve_theme

    if value in THEMES:
        return value
    try:
        resolve_theme(value)
    except ThemeError as exc:
        raise click.BadParameter(str(exc)) from None
    return str(Path(value).resolve())


def theme_option(f):
    """``--theme``: light, dark, print or a .mplstyle file, for figures and animations alike
    (None: the config's)."""
    return click.option(
        "--theme",
        callback=_theme_value,
        metavar="light|dark|print|FILE.mplstyle",
        help="Colours and fonts of figures and animations: light, dark (for dark slides), print, "
        "or a matplotlib .mplstyle file (default from config, else light).",
    )(f)


def scheduler_option(f):
    """``--scheduler ADDRESS``: run the jobs on a Dask distributed cluster (None: locally)."""
    return click.option(
        "--scheduler",
        metavar="ADDRESS",
        help="Run the jobs on the Dask cluster whose scheduler is at ADDRESS "
        "(tcp://host:8786; needs vizdl[cluster]); the files come back to --out.",
    )(f)


def _complete_entry(ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
    from click.shell_completion import CompletionItem

    try:
        cfg = load_config()
        reg = add_config_entries(load_gallery(cfg.root, cfg.gallery), cfg)
    except Exception:
        return []
    return [
        CompletionItem(n, help=e.title) for n, e in reg.entries.items() if n.startswith(incomplete)
    ]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="vizdl")
@click.option("-v", "--verbose", count=True, help="More output (repeatable).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors and the final summary.")
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A vizdl.toml or pyproject.toml to use instead of searching upward from here.",
)
@click.pass_context
def cli(ctx: click.Context, verbose: int, quiet: bool, config_file: Path | None) -> None:
    """Render vizdl's gallery of verified figures and animations of deep-network training."""
    ctx.obj = Ctx(-1 if quiet else verbose, config_file)


@cli.command("list")
@verbosity_options
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--only", multiple=True, help="Glob on entry names (repeatable).")
@click.option("--exclude", multiple=True, help="Glob on entry names to leave out (repeatable).")
@click.pass_obj
def list_cmd(obj: Ctx, as_json: bool, only: tuple[str, ...], exclude: tuple[str, ...]) -> None:
    """List the gallery's entries."""
    from vizdl.gallery.build import select

    try:
        entries = select(obj.registry, only, exclude)
    except GalleryError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        rows = [
            {
                "name": e.name,
                "title": e.title,
                "topic": e.topic,
                "kind": e.kind,
                "formats": list(e.formats),
                "seed": e.seed,
                "params": json.loads(json.dumps(dict(e.params), default=repr)),
                "knobs": {k: kn.as_json() for k, kn in e.knobs.items()},
                "caption": e.caption,
                "claims": [
                    {"text": c.text, "check": c.check, "lecture": c.lecture} for c in e.claims
                ],
            }
            for e in entries
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    width = max((len(e.name) for e in entries), default=4)
    for e in entries:
        click.echo(f"{e.name:<{width}}  {e.kind:<9}  {e.topic:<14}  {e.title}")


def _build_options(
    obj: Ctx, out, only, exclude, jobs, quality, static_only, formats, force, into_existing=False
):
    from vizdl.gallery.build import BuildOptions

    cfg = obj.cfg
    try:
        return BuildOptions(
            out=obj.out_dir(out),
            jobs=jobs or cfg.jobs or 0,
            quality=quality or cfg.quality,
            formats=formats
            if formats is not None
            else (tuple(cfg.formats) if cfg.formats else None),
            only=tuple(only) or tuple(cfg.only),
            exclude=tuple(exclude) or tuple(cfg.exclude),
            static_only=static_only or cfg.static_only,
            force=force,
            title=cfg.title,
            allow_existing=into_existing,
        )
    except GalleryError as exc:
        raise click.ClickException(str(exc)) from None


@cli.command()
@verbosity_options
@click.option(
    "--out", type=click.Path(file_okay=False), help="Output folder (default: build/site)."
)
@click.option("--only", multiple=True, help="Build only entries matching this glob (repeatable).")
@click.option("--exclude", multiple=True, help="Skip entries matching this glob (repeatable).")
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), help="Parallel jobs (default: one per core)."
)
@click.option(
    "--quality", type=click.Choice(QUALITY_NAMES), help="Animation quality, as manim's presets."
)
@click.option("--static-only", is_flag=True, help="Skip animations (no manim needed).")
@click.option(
    "--formats",
    callback=lambda c, p, v: _formats_option(v),
    help=f"Comma list of {','.join(ALL_FORMATS)}.",
)
@click.option(
    "--dry-run", is_flag=True, help="Say per entry whether it is cached or stale, and why."
)
@click.option("--force", is_flag=True, help="Recompute and re-render even cached entries.")
@set_option("Set a knob of every selected entry (repeatable; with --only).")
@gif_options
@theme_option
@click.option(
    "--into-existing-folder",
    "into_existing",
    is_flag=True,
    help="Build into a non-empty --out folder that vizdl did not build (its files are kept; "
    "'vizdl clean' later removes only what vizdl wrote).",
)
@scheduler_option
@click.pass_obj
def build(
    obj: Ctx,
    out,
    only,
    exclude,
    jobs,
    quality,
    static_only,
    formats,
    dry_run,
    force,
    settings,
    gif_width,
    gif_fps,
    theme,
    into_existing,
    scheduler,
) -> None:
    """Render the gallery (only what changed) and write the static site.

    With --set KEY=VALUE the selected entries are built with that knob set (each must have
    it); the next build without it renders them again with their defaults.
    """
    from vizdl.gallery.build import BuildInterrupted, plan, project_sources, select
    from vizdl.gallery.build import build as run_build
    from vizdl.gallery.outdir import check_output_folder

    opts = _build_options(
        obj, out, only, exclude, jobs, quality, static_only, formats, force, into_existing
    )
    opts.gif = (gif_width or obj.cfg.gif_width, gif_fps or obj.cfg.gif_fps)
    opts.theme = theme or obj.cfg.theme
    opts.scheduler = scheduler
    reg = obj.registry
    try:
        if settings:
            chosen = select(reg, opts.only, opts.exclude, opts.static_only)
            try:
                reg = reg.with_settings([e.name for e in chosen], settings)
            except GalleryError as exc:
                raise GalleryError(
                    f"{exc} (--set applies to every selected entry: pick those with --only)"
                ) from None
        check_output_folder(
            opts.out, root=reg.root, sources=project_sources(reg), allow_existing=into_existing
        )
        items = plan(reg, opts)
    except GalleryError as exc:
        raise click.ClickException(str(exc)) from None
    if dry_run:
        width = max((len(it.entry.name) for it in items), default=4)
        for it in items:
            state = "cached" if it.cached else "stale"
            why = "" if it.cached else "  (" + "; ".join(it.reasons) + ")"
            click.echo(f"{it.entry.name:<{width}}  {it.entry.kind:<9}  {state}{why}")
        n_stale = sum(not it.cached for it in items)
        obj.info(f"{n_stale} of {len(items)} entries would be rendered into {opts.out}")
        return

    # In a terminal: a live progress bar. Elsewhere (CI, a log file): one line per finished entry.
    interactive = sys.stderr.isatty()
    progress = None
    task = None
    if obj.verbosity >= 0 and interactive and any(not it.cached for it in items):
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]rendering"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("{task.fields[last]}"),
            console=Console(stderr=True),
            transient=True,
        )
    n_todo = 0
    n_done = 0

    def on_start(n: int) -> None:
        nonlocal task, n_todo
        n_todo = n
        if progress is not None:
            progress.start()
            task = progress.add_task("render", total=n, last="")
        elif n and obj.verbosity >= 0:
            click.echo(f"rendering {n} entr{'y' if n == 1 else 'ies'} into {opts.out}", err=True)

    def on_done(res: dict) -> None:
        nonlocal n_done
        n_done += 1
        mark = "ok" if res["ok"] else "FAILED"
        if progress is not None and task is not None:
            progress.update(task, advance=1, last=f"{res['name']} {mark}")
        if obj.verbosity > 0 or not res["ok"] or (progress is None and obj.verbosity >= 0):
            line = f"[{n_done}/{n_todo}] {mark:>6}  {res['name']}  ({res['seconds']:.1f} s)"
            use = res.get("usage")
            if use:  # a job on a cluster: where it ran and what it cost there
                line = line[:-1] + (
                    f" on {res.get('worker', '?')}, CPU {use['cpu_seconds']:.1f} s, "
                    f"peak memory {use['peak_rss_mb']:,.0f} MB)"
                )
            (progress.console.print(line) if progress else click.echo(line, err=True))

    try:
        report = run_build(reg, opts, on_start=on_start, on_done=on_done, items=items)
    except BuildInterrupted as stop:
        if progress:
            progress.stop()
        kept = ", ".join(stop.finished) if stop.finished else "none"
        click.echo(
            f"Interrupted ({stop}): {len(stop.finished)} entr{'y' if len(stop.finished) == 1 else 'ies'} "
            f"finished and {'is' if len(stop.finished) == 1 else 'are'} kept ({kept}); "
            f"{len(stop.unfinished)} unfinished ({', '.join(stop.unfinished) or 'none'}) have no "
            "meta.json, so the next build renders them again (any files they had are not "
            "trusted); temp files were removed and the site pages were not updated.",
            err=True,
        )
        sys.exit(130)
    except GalleryError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:  # the output folder itself failed (permissions, disk full, ...)
        where = f" ({exc.filename})" if exc.filename else ""
        raise click.ClickException(f"cannot write the site: {exc.strerror or exc}{where}") from None
    finally:
        if progress:
            progress.stop()
    n_cached = sum(it.cached for it in report.plan)
    summary = (
        f"{len(report.rendered)} rendered, {n_cached} cached, {len(report.failed)} failed "
        f"in {report.seconds:.1f} s; site: {opts.out / 'index.html'}"
    )
    click.echo(summary, err=True)
    if report.failed:
        for r in report.failed:
            click.echo(f"  failed: {r['name']}: {r['error']}", err=True)
    if report.site_error:
        click.echo(f"Error: {report.site_error}", err=True)
    if report.failed or report.site_error:
        sys.exit(1)


@cli.command()
@verbosity_options
@click.argument("name", shell_complete=_complete_entry)
@click.option(
    "--set",
    "settings",
    multiple=True,
    metavar="KEY=VALUES",
    help="A knob and its values: KEY=START..STOP (with --n), KEY=a,b,c, or one value; "
    "several --set make a grid of every combination. A knob whose value is a list takes "
    "KEY='v1;v2'.",
)
@click.option(
    "--n", "n", type=click.IntRange(min=1), help="How many values a START..STOP range has."
)
@click.option("--log", is_flag=True, help="Space a range's values geometrically (rates).")
@click.option(
    "--out", type=click.Path(file_okay=False), help="Folder for the sweep (default: ./NAME-sweep)."
)
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), help="Parallel jobs (default: one per core)."
)
@click.option(
    "--quality", type=click.Choice(QUALITY_NAMES), help="Animation quality (default from config)."
)
@click.option(
    "--formats",
    callback=lambda c, p, v: _formats_option(v),
    help=f"Comma list of {','.join(ALL_FORMATS)}.",
)
@click.option("--force", is_flag=True, help="Recompute and re-render even cached variants.")
@theme_option
@scheduler_option
@click.pass_obj
def sweep(
    obj: Ctx, name, settings, n, log, out, jobs, quality, formats, force, theme, scheduler
) -> None:
    """Render a grid of variants of entry NAME and a page of them side by side.

    Every value is checked by the entry's knobs before anything runs; each variant is built as
    a gallery entry (cached, its claims checked on its own numbers), locally or on a Dask
    cluster (--scheduler). Example: vizdl sweep momentum-ravine --set momentum=0..0.9 --n 4
    """
    from vizdl.gallery.build import BuildInterrupted, BuildOptions
    from vizdl.gallery.build import build as run_build
    from vizdl.gallery.sweep import check_sweep_folder, make_sweep, parse_axes, write_sweep_site

    reg = obj.registry
    cfg = obj.cfg
    if out is not None and not out.strip():
        raise click.BadParameter("'' is not a folder; give one", param_hint="'--out'")
    dest = Path(out) if out else Path(f"{name}-sweep")
    try:
        entry = reg.get(name)
        plan_ = make_sweep(entry, parse_axes(entry, settings, n, log))
        check_sweep_folder(dest)
        opts = BuildOptions(
            out=dest,
            jobs=jobs or cfg.jobs or 0,
            quality=quality or cfg.quality,
            formats=formats,
            force=force,
            title=cfg.title,
            theme=theme or cfg.theme,
            scheduler=scheduler,
        )
    except GalleryError as exc:
        raise click.ClickException(str(exc)) from None
    n_var = len(plan_.variants)
    values = {
        v.name: ", ".join(f"{a.key}={t}" for a, t in zip(plan_.axes, texts, strict=True))
        for v, texts in zip(
            plan_.variants,
            [[entry.knobs[a.key].text(x) for a, x in zip(plan_.axes, c, strict=True)]
             for c in plan_.values],
            strict=True,
        )
    }  # fmt: skip
    obj.info(f"sweeping {name}: {n_var} variant{'s' if n_var != 1 else ''} into {dest}")
    done = 0

    def on_done(res: dict) -> None:
        nonlocal done
        done += 1
        mark = "ok" if res["ok"] else "FAILED"
        if obj.verbosity >= 0 or not res["ok"]:
            click.echo(
                f"[{done}/{n_var}] {mark:>6}  {res['name']}  {values.get(res['name'], '')}  "
                f"({res['seconds']:.1f} s)",
                err=True,
            )

    def pages(r: Registry, o: Path, **kw: object) -> object:
        return write_sweep_site(plan_, r, o, **kw)  # type: ignore[arg-type]

    try:
        report = run_build(plan_.registry(reg), opts, on_done=on_done, pages=pages)
    except BuildInterrupted as stop:
        click.echo(
            f"Interrupted ({stop}): {len(stop.finished)} variants finished and are kept; "
            f"{len(stop.unfinished)} unfinished are rendered by the next run of this sweep.",
            err=True,
        )
        sys.exit(130)
    except GalleryError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        raise click.ClickException(
            f"cannot write the sweep: {exc.strerror or exc}{where}"
        ) from None
    n_cached = sum(it.cached for it in report.plan)
    click.echo(
        f"{len(report.rendered)} rendered, {n_cached} cached, {len(report.failed)} failed "
        f"in {report.seconds:.1f} s; page: {dest / 'index.html'}",
        err=True,
    )
    for r in report.failed:
        click.echo(f"  failed: {r['name']} ({values.get(r['name'], '')}): {r['error']}", err=True)
    if report.site_error:
        click.echo(f"Error: {report.site_error}", err=True)
    if report.failed or report.site_error:
        sys.exit(1)


@cli.command()
@verbosity_options
@click.argument("topic")
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    help="Folder for the deck (default: ./TOPIC-deck); new, empty or a previous deck.",
)
@click.option(
    "--site",
    type=click.Path(file_okay=False),
    help="Site folder the entries are built into first (default from config).",
)
@click.option(
    "--quality", type=click.Choice(QUALITY_NAMES), help="Animation quality (default from config)."
)
@theme_option
@click.option("--title", help="The deck's title (default: the topic's).")
@click.pass_obj
def deck(obj: Ctx, topic: str, out, site, quality, theme, title) -> None:
    """Write a reveal.js deck of TOPIC's entries, in lecture order, working offline.

    The entries are built first (cached as 'vizdl build' caches them); videos play with their
    posters as fallback, and each slide's speaker notes (press S) hold its caption and claims.
    """
    from vizdl.gallery.build import build as run_build
    from vizdl.gallery.deck import check_deck_folder, topic_entries, write_deck

    reg = obj.registry
    dest = Path(out) if out else Path(f"{topic}-deck")
    try:
        names = [e.name for e in topic_entries(reg, topic)]
        check_deck_folder(dest, reg.root)
    except GalleryError as exc:
        raise click.ClickException(str(exc)) from None
    opts = _build_options(obj, site, tuple(names), (), None, quality, False, None, False)
    opts.gif = (obj.cfg.gif_width, obj.cfg.gif_fps)
    opts.theme = theme or obj.cfg.theme
    try:
        report = run_build(reg, opts)
    except GalleryError as exc:
        raise click.ClickException(str(exc)) from None
    if report.failed:
        for r in report.failed:
            click.echo(f"  failed: {r['name']}: {r['error']}", err=True)
        raise click.ClickException(
            f"{len(report.failed)} of {len(names)} entries of {topic!r} failed to build; "
            f"no deck was written (the site {opts.out} shows why)"
        )
    try:
        from vizdl.style import resolve_theme

        reveal = "black" if resolve_theme(opts.theme).dark else "white"  # reveal.js's own theme
        files = write_deck(reg, topic, opts.out, dest, theme=reveal, title=title)
    except GalleryError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write the deck: {exc.strerror or exc}") from None
    click.echo(str(dest / "index.html"))
    obj.info(f"deck of {len(names)} entries ({len(files)} files) in {dest}")


@cli.command()
@verbosity_options
@click.argument("name", shell_complete=_complete_entry)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def knobs(obj: Ctx, name: str, as_json: bool) -> None:
    """List an entry's knobs: each parameter's default, what it allows and what it means."""
    try:
        entry = obj.registry.get(name)
    except GalleryError as exc:
        raise click.ClickException(str(exc)) from None
    if as_json:
        click.echo(json.dumps({k: kn.as_json() for k, kn in entry.knobs.items()}, indent=2))
        return
    from vizdl.gallery.site import format_value

    for k, kn in entry.knobs.items():
        click.echo(f"{k} = {format_value(kn.default)}")
        click.echo(f"    {kn.help}")
        click.echo(f"    allowed: {kn.allowed()}")


@cli.command()
@verbosity_options
@click.argument("names", nargs=-1, shell_complete=_complete_entry)
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    help="Site folder whose stored results to check (default from config).",
)
@click.pass_obj
def check(obj: Ctx, names: tuple[str, ...], out: str | None) -> None:
    """Check every claim the captions make against the computed numbers.

    NAMES (entry names or globs; default: all) are checked on the results the last build
    stored in the site folder; results not stored yet are computed. Prints each claim with
    ✓ or ✗ and what was measured; exits with status 1 when a claim does not hold.
    """
    from vizdl.gallery.build import check_claims, select
    from vizdl.gallery.claims import short_value

    reg = obj.registry
    try:
        for n in names:
            if not any(c in n for c in "*?["):
                reg.get(n)  # an unknown name says which entry was meant
        entries = select(reg, names, (), option="")
    except GalleryError as exc:
        raise click.ClickException(str(exc)) from None
    for e in entries:
        if names and not e.claims:
            click.echo(f"- {e.name}: makes no claims yet")
    reports = check_claims(reg, entries, obj.out_dir(out))
    n_claims = n_fail = 0
    for rep in reports:
        if rep.error:
            n_fail += 1
            click.echo(f"✗ {rep.entry.name}: the check broke: {rep.error}")
            continue
        for r in rep.records:
            if r.get("applies") is False:
                click.echo(f"- {rep.entry.name}: left out ({r['reason']}): {r['text']}")
                continue
            n_claims += 1
            shown = ", ".join(f"{k} = {short_value(v)}" for k, v in r["measured"].items())
            if r["lecture"]:
                mark = {True: "“ agrees", False: "“ disagrees", None: "“"}[r["holds"]]
            else:
                mark = "✓" if r["holds"] else "✗"
                n_fail += not r["holds"]
            click.echo(f"{mark} {rep.entry.name}: {r['text']}" + (f"  [{shown}]" if shown else ""))
    without = sum(not e.claims for e in entries)
    obj.info(
        f"{n_claims} claims in {len(reports)} entries, {n_fail} failing"
        + (f"; {without} entries make no claims yet" if without else "")
    )
    if n_fail:
        raise SystemExit(1)


@cli.command()
@verbosity_options
@click.argument("name", shell_complete=_complete_entry)
@click.option(
    "--out", type=click.Path(file_okay=False), help="Folder for the files (default: ./NAME)."
)
@click.option(
    "--quality", type=click.Choice(QUALITY_NAMES), help="Animation quality (default from config)."
)
@click.option(
    "--formats",
    callback=lambda c, p, v: _formats_option(v),
    help=f"Comma list of {','.join(ALL_FORMATS)}.",
)
@set_option("Set a knob of the entry (repeatable); 'vizdl knobs NAME' lists them.")
@gif_options
@theme_option
@click.pass_obj
def render(
    obj: Ctx,
    name: str,
    out: str | None,
    quality: str | None,
    formats,
    settings: tuple[str, ...],
    gif_width: int | None,
    gif_fps: int | None,
    theme: str | None,
) -> None:
    """Render one entry (figure or animation, its data and metadata) into a folder."""
    from vizdl.gallery.build import (
        check_writable,
        formats_for,
        project_sources,
        source_index,
    )
    from vizdl.gallery.cache import cache_key, key_parts
    from vizdl.gallery.outdir import check_render_folder
    from vizdl.gallery.runner import run_entry

    if out is not None and not out.strip():
        raise click.BadParameter(
            f"{out!r} is not a folder; give one, or leave --out out to write into ./{name}",
            param_hint="'--out'",
        )
    reg = obj.registry
    try:
        entry = reg.get(name).with_settings(settings)
    except GalleryError as exc:
        raise click.ClickException(str(exc)) from None
    if formats:
        # formats_for falls back to the entry's own formats when none of these apply: refuse instead
        wrong = [f for f in formats if f not in entry.allowed_formats]
        if wrong:
            kind = f"{'an' if entry.kind[0] in 'aeiou' else 'a'} {entry.kind}"
            raise click.BadParameter(
                f"{', '.join(wrong)} {'does' if len(wrong) == 1 else 'do'} not apply to {name!r}, "
                f"{kind}; {kind} can be made as {', '.join(entry.allowed_formats)}",
                param_hint="'--formats'",
            )
    dest = Path(out) if out else Path(name)
    q = quality or obj.cfg.quality
    fmts = formats_for(entry, formats)
    try:
        check_render_folder(dest, name, root=reg.root, sources=project_sources(reg), formats=fmts)
        check_writable(dest)
    except GalleryError as exc:
        raise click.ClickException(str(exc)) from None
    from vizdl.gallery.job import Job

    gif = (gif_width or obj.cfg.gif_width, gif_fps or obj.cfg.gif_fps)
    theme = theme or obj.cfg.theme
    parts = key_parts(entry, source_index(reg), q, fmts, gif, theme)
    # No compute cache: a one-off render leaves only the entry's files in the folder. A long
    # render (an animation at 4k takes minutes) shows manim's frame counter in a terminal.
    job = Job.make(
        entry,
        dest,
        fmts,
        q,
        key=cache_key(parts),
        key_parts=parts,
        root=reg.root,
        progress=entry.kind == "animation" and sys.stderr.isatty() and obj.verbosity >= 0,
        gif=gif,
        theme=theme,
    )
    t0 = time.perf_counter()
    if sys.stderr.isatty() and obj.verbosity >= 0:
        click.echo(
            f"rendering {name} ({entry.kind}, {q if entry.kind == 'animation' else 'figure'}) into {dest}",
            err=True,
        )
    res = run_entry(job)
    if not res["ok"]:
        if obj.verbosity > 0:
            click.echo(res["traceback"], err=True)
        raise click.ClickException(f"{name}: {res['error']}")
    for f in res["files"]:
        click.echo(str(dest / f))
    # The render ran in this process (and any encoder it started): its CPU time and peak memory,
    # what one job of a 4k build costs a worker.
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
    peak_mb = max(own.ru_maxrss, kids.ru_maxrss) / 1024  # KiB on Linux
    obj.info(
        f"rendered {name} in {time.perf_counter() - t0:.1f} s "
        f"(CPU {cpu:.1f} s, peak memory {peak_mb:,.0f} MB)"
    )


@cli.command()
@verbosity_options
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    help="The built site to remove (default: build/site).",
)
@click.pass_obj
def clean(obj: Ctx, out: str | None) -> None:
    """Remove what vizdl wrote in a built site; files of yours in it are kept."""
    import vizdl
    from vizdl.gallery.outdir import clean_site

    target = obj.out_dir(out)
    if not target.exists() and not target.is_symlink():
        obj.info(f"nothing to clean: {target} does not exist")
        return
    root = obj.cfg.root
    sources = [Path(vizdl.__file__).resolve().parent, root / obj.cfg.gallery, root / "scenes"]
    try:
        rep = clean_site(target, root=root, sources=sources)
    except GalleryError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        raise click.ClickException(
            f"could not finish cleaning {str(target)!r}: {exc.strerror or exc}{where}; what was "
            "removed so far is gone, the rest is still listed in its manifest"
        ) from None
    if rep.removed_folder:
        obj.info(f"removed {target} ({rep.removed_files} files vizdl wrote)")
        return
    obj.info(f"removed {rep.removed_files} files vizdl wrote from {target}")
    if rep.left:
        shown = ", ".join(rep.left[:5]) + (
            f" and {len(rep.left) - 5} more" if len(rep.left) > 5 else ""
        )
        obj.info(
            f"left {len(rep.left)} file{'s' * (len(rep.left) != 1)} vizdl did not write: {shown}"
        )


def _hyperparameters(values: tuple[str, ...]) -> dict:
    """``--hp NAME=VALUE`` items as a dict; names and ranges are checked by TrainConfig.validate."""
    out: dict = {}
    for item in values:
        key, sep, raw = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise click.BadParameter(
                f"{item!r} must look like NAME=VALUE (e.g. momentum=0.9)", param_hint="'--hp'"
            )
        if key in out:
            # the last one would silently win: say so instead
            raise click.BadParameter(f"{key} is given twice ({item!r})", param_hint="'--hp'")
        try:
            val = json.loads(raw)
        except json.JSONDecodeError:
            raise click.BadParameter(
                f"{item!r}: the value must be a number, true/false or a list such as [0.9, 0.999]",
                param_hint="'--hp'",
            ) from None
        out[key] = tuple(val) if isinstance(val, list) else val
    return out


@cli.command()
@verbosity_options
@click.option("--model", default="784-128-10", show_default=True, help="784-128-10 or 784-200-10.")
@click.option(
    "--style", default="sequential", show_default=True, help="nn.Sequential or an nn.Module class."
)
@click.option(
    "--init",
    default="torch-default",
    show_default=True,
    help="Weight initializer: torch-default, zeros, constant, small-normal, large-normal, uniform, "
    "xavier-normal, xavier-uniform, kaiming-normal, kaiming-uniform, orthogonal.",
)
@click.option(
    "--optimizer",
    default="adam",
    show_default=True,
    help="sgd, momentum, nesterov, adagrad, adadelta, rmsprop, adam, adamw, adamax, nadam.",
)
@click.option("--lr", default=1e-3, show_default=True, type=float, help="Learning rate (> 0).")
@click.option("--hp", multiple=True, help="Optimizer hyperparameter NAME=VALUE (repeatable).")
@click.option("--batch-size", default=100, show_default=True, type=int)
@click.option("--epochs", default=4, show_default=True, type=int)
@click.option(
    "--split",
    default="standard",
    show_default=True,
    help="standard (60k/10k) or lecture (70/15/15 of all 70k).",
)
@click.option(
    "--val-size",
    default=0,
    show_default=True,
    type=int,
    help="Validation examples held out of the standard 60k.",
)
@click.option("--limit", default=0, type=int, help="Use only this many training examples.")
@click.option(
    "--preset",
    type=click.Choice(["tiny", "full"]),
    default="full",
    show_default=True,
    help="tiny: 3000 real images, 1 epoch (what CI runs).",
)
@click.option("--seed", default=0, show_default=True, type=int)
@click.option("--device", default="auto", show_default=True, help="auto, cpu or cuda.")
@click.option("--data-dir", type=click.Path(), help="Folder of Fashion-MNIST/MNIST IDX files.")
@click.option("--save", type=click.Path(dir_okay=False), help="Write the final state_dict here.")
@click.option("--json", "as_json", is_flag=True, help="Print the final metrics as JSON.")
@click.pass_obj
def train(
    obj: Ctx,
    model,
    style,
    init,
    optimizer,
    lr,
    hp,
    batch_size,
    epochs,
    split,
    val_size,
    limit,
    preset,
    seed,
    device,
    data_dir,
    save,
    as_json,
) -> None:  # noqa: ANN001
    """Train the lecture's MLP on Fashion-MNIST (real data, seeded, deterministic on CPU)."""
    from vizdl.sim.data import DataError, find_data_dir
    from vizdl.sim.training import (
        SettingError,
        TrainConfig,
        build_model,
        check_save_path,
        model_summary,
        resolve_device,
    )
    from vizdl.sim.training import train as run

    # the option behind each setting SettingError names, so its message can say which one
    options = {
        "model": "--model",
        "style": "--style",
        "init": "--init",
        "optimizer": "--optimizer",
        "lr": "--lr",
        "hyper": "--hp",
        "batch_size": "--batch-size",
        "epochs": "--epochs",
        "split": "--split",
        "val_size": "--val-size",
        "limit": "--limit",
        "seed": "--seed",
        "device": "--device",
        "save": "--save",
    }

    if preset == "tiny":
        limit, epochs = limit or 3000, 1
    hyper = _hyperparameters(hp)
    try:
        cfg = TrainConfig(
            model=model,
            style=style,
            init=init,
            optimizer=optimizer,
            lr=lr,
            hyper=tuple(sorted(hyper.items())),
            batch_size=batch_size,
            epochs=epochs,
            split=split,
            val_size=val_size,
            limit=limit,
            seed=seed,
        ).validate()
        # everything that can be checked without the data is, before anything is printed or run
        resolve_device(device)
        if save is not None:  # --save '' too: it would otherwise save nothing, silently
            check_save_path(save)
        find_data_dir(data_dir)  # a missing data folder is reported before anything else
        if not as_json:
            obj.info(
                f"model {model} ({style}), {init} init, {optimizer} lr {lr:g}, "
                f"batch {batch_size}, {epochs} epoch{'s' * (epochs != 1)}, {split} split"
            )
            for layer, shape, n in model_summary(build_model(model, style, init, seed)):
                obj.info(f"  {layer:<10} {shape:<12} {n:>9,}")

        def progress(epoch: int, m: dict) -> None:
            if as_json:
                return
            val = f"  val acc {m['val_acc'] * 100:.2f}%" if m["val_acc"] == m["val_acc"] else ""
            obj.info(
                f"epoch {epoch:>3}/{epochs}  train loss {m['train_loss']:.4f}  "
                f"acc {m['train_acc'] * 100:.2f}%{val}  ({m['seconds']:.1f} s)"
            )

        result = run(cfg, device=device, data_dir=data_dir, save=save, progress=progress)
    except SettingError as exc:
        hint = options.get(exc.setting)
        raise click.BadParameter(str(exc), param_hint=f"'{hint}'" if hint else None) from None
    except (ValueError, DataError, OSError) as exc:
        raise click.ClickException(str(exc)) from None
    metrics = result.metrics()
    if as_json:
        # NaN (no validation set, a diverged run) is not JSON: write null
        clean = {k: (None if isinstance(v, float) and v != v else v) for k, v in metrics.items()}
        click.echo(json.dumps(clean, indent=2))
    else:
        click.echo(
            f"test accuracy {metrics['test_accuracy'] * 100:.2f}%  test loss "
            f"{metrics['test_loss']:.4f}  ({metrics['seconds']:.1f} s on {result.device})"
        )
    if result.diverged:
        raise click.ClickException(
            f"training diverged at iteration {result.diverged_at} ({result.diverged_reason}) "
            f"with learning rate {lr:g}; use a smaller one (e.g. {lr / 10:g})"
        )


@cli.command()
@verbosity_options
@click.pass_obj
def doctor(obj: Ctx) -> None:
    """Check what the gallery needs (manim, cairo/pango, torch, the dataset, chromium)."""
    from vizdl.doctor import run_checks

    ok = True
    for check in run_checks():
        mark = (
            click.style("ok ", fg="green")
            if check.ok
            else click.style("MISSING", fg="red")
            if check.required
            else click.style("missing", fg="yellow")
        )
        click.echo(f"{mark:>7}  {check.name:<16} {check.detail}")
        if not check.ok and check.fix:
            click.echo(f"{'':>9}fix: {check.fix}")
        ok &= check.ok or not check.required
    if not ok:
        sys.exit(1)


@cli.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]), required=False)
def completion(shell: str | None) -> None:
    """Print the shell completion script (e.g. eval "$(vizdl completion bash)")."""
    from click.shell_completion import get_completion_class

    shell = shell or Path(os.environ.get("SHELL", "bash")).name
    cls = get_completion_class(shell)
    if cls is None:
        raise click.ClickException(f"shell {shell!r} is not supported; allowed: bash, zsh, fish")
    comp = cls(cli, {}, "vizdl", "_VIZDL_COMPLETE")
    click.echo(comp.source())


def main() -> None:
    cli(prog_name="vizdl")


if __name__ == "__main__":
    main()
