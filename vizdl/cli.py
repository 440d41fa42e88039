"""The ``vizdl`` command line: thin click commands over :mod:`vizdl.gallery`."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

import click

from vizdl import __version__
from vizdl.config import Config, ConfigError, load_config
from vizdl.gallery.registry import (
    ANIMATION_FORMATS,
    FIGURE_FORMATS,
    GalleryError,
    Registry,
    load_gallery,
)

__all__ = ["main", "cli"]

QUALITIES = ("low", "medium", "high", "4k")
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
                self._reg = load_gallery(self.cfg.root, self.cfg.gallery)
            except GalleryError as exc:
                raise click.ClickException(str(exc)) from None
        return self._reg

    def out_dir(self, flag: str | None) -> Path:
        if flag:
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


def _complete_entry(ctx: click.Context, param: click.Parameter, incomplete: str) -> list:
    from click.shell_completion import CompletionItem

    try:
        cfg = load_config()
        reg = load_gallery(cfg.root, cfg.gallery)
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
                "caption": e.caption,
            }
            for e in entries
        ]
        click.echo(json.dumps(rows, indent=2))
        return
    width = max((len(e.name) for e in entries), default=4)
    for e in entries:
        click.echo(f"{e.name:<{width}}  {e.kind:<9}  {e.topic:<14}  {e.title}")


def _build_options(obj: Ctx, out, only, exclude, jobs, quality, static_only, formats, force):
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
    "--quality", type=click.Choice(QUALITIES), help="Animation quality, as manim's presets."
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
@click.option("--force", is_flag=True, help="Re-render even cached entries.")
@click.pass_obj
def build(
    obj: Ctx, out, only, exclude, jobs, quality, static_only, formats, dry_run, force
) -> None:
    """Render the gallery (only what changed) and write the static site."""
    from vizdl.gallery.build import build as run_build
    from vizdl.gallery.build import check_writable, plan

    opts = _build_options(obj, out, only, exclude, jobs, quality, static_only, formats, force)
    reg = obj.registry
    try:
        if not dry_run:
            check_writable(opts.out)
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

    progress = None
    task = None
    if obj.verbosity >= 0 and any(not it.cached for it in items):
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

    def on_start(n: int) -> None:
        nonlocal task
        if progress is not None:
            progress.start()
            task = progress.add_task("render", total=n, last="")

    def on_done(res: dict) -> None:
        mark = "ok" if res["ok"] else "FAILED"
        if progress is not None and task is not None:
            progress.update(task, advance=1, last=f"{res['name']} {mark}")
        if obj.verbosity > 0 or not res["ok"]:
            line = f"{mark:>6}  {res['name']}  ({res['seconds']:.1f} s)"
            (progress.console.print(line) if progress else click.echo(line, err=True))

    try:
        report = run_build(reg, opts, on_start=on_start, on_done=on_done, items=items)
    except KeyboardInterrupt:
        if progress:
            progress.stop()
        click.echo(
            "Interrupted: finished entries are kept, unfinished ones left no files.", err=True
        )
        sys.exit(130)
    except GalleryError as exc:
        raise click.ClickException(str(exc)) from None
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
        sys.exit(1)


@cli.command()
@verbosity_options
@click.argument("name", shell_complete=_complete_entry)
@click.option(
    "--out", type=click.Path(file_okay=False), help="Folder for the files (default: ./NAME)."
)
@click.option(
    "--quality", type=click.Choice(QUALITIES), help="Animation quality (default from config)."
)
@click.option(
    "--formats",
    callback=lambda c, p, v: _formats_option(v),
    help=f"Comma list of {','.join(ALL_FORMATS)}.",
)
@click.pass_obj
def render(obj: Ctx, name: str, out: str | None, quality: str | None, formats) -> None:
    """Render one entry (figure or animation, its data and metadata) into a folder."""
    from vizdl.gallery.build import check_writable, formats_for, job_for, source_index
    from vizdl.gallery.cache import cache_key, key_parts
    from vizdl.gallery.runner import run_entry

    reg = obj.registry
    try:
        entry = reg.get(name)
    except GalleryError as exc:
        raise click.ClickException(str(exc)) from None
    dest = Path(out) if out else Path(name)
    q = quality or obj.cfg.quality
    fmts = formats_for(entry, formats)
    try:
        check_writable(dest)
    except GalleryError as exc:
        raise click.ClickException(str(exc)) from None
    from vizdl.gallery.build import PlanItem

    parts = key_parts(entry, source_index(reg), q, fmts)
    item = PlanItem(entry, fmts, cache_key(parts), parts, ["render"])
    job = job_for(item, dest, q, reg.root)
    job["outdir"] = str(dest)
    job["compute_cache"] = None  # a one-off render leaves only the entry's files in the folder
    t0 = time.perf_counter()
    res = run_entry(job)
    if not res["ok"]:
        if obj.verbosity > 0:
            click.echo(res["traceback"], err=True)
        raise click.ClickException(f"{name}: {res['error']}")
    for f in res["files"]:
        click.echo(str(dest / f))
    obj.info(f"rendered {name} in {time.perf_counter() - t0:.1f} s")


@cli.command()
@verbosity_options
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    help="The built site to remove (default: build/site).",
)
@click.pass_obj
def clean(obj: Ctx, out: str | None) -> None:
    """Remove a built site (only folders that vizdl built)."""
    from vizdl.gallery.build import SITE_MARKER

    target = obj.out_dir(out)
    if not target.exists():
        obj.info(f"nothing to clean: {target} does not exist")
        return
    if not (target / SITE_MARKER).exists():
        raise click.ClickException(
            f"{str(target)!r} was not built by vizdl (no {SITE_MARKER} marker); not removing it"
        )
    shutil.rmtree(target)
    obj.info(f"removed {target}")


def _hyperparameters(values: tuple[str, ...]) -> dict:
    out: dict = {}
    for item in values:
        key, sep, raw = item.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{item!r} must look like NAME=VALUE (e.g. momentum=0.9)")
        try:
            val = json.loads(raw)
        except json.JSONDecodeError:
            raise click.BadParameter(
                f"{item!r}: the value must be a number, true/false or a list"
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
    from vizdl.sim.training import TrainConfig, build_model, model_summary
    from vizdl.sim.training import train as run

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
