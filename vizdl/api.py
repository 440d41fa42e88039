"""vizdl from Python (a notebook, a script): ``vizdl.compute``, ``vizdl.figure``, ``vizdl.animate``.

Each takes an entry's name (``vizdl.entries()`` lists them) and knob values as keywords, checked
as ``--set`` checks them (``vizdl.knobs(name)`` says what each allows). The gallery is the
project's, found as the command line finds it (a ``vizdl.toml`` or ``[tool.vizdl]`` from the
current folder upward, else vizdl's own), with the config's own ``[[entries]]``.

Nothing here changes matplotlib's backend: figures are pyplot-free ``Figure`` objects, which
Jupyter shows inline, and ``plt.show()`` in the same notebook keeps working.
"""

from __future__ import annotations

import base64
import functools
import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["entries", "knobs", "compute", "figure", "animate", "Animation", "ClaimsDoNotHold"]


class ClaimsDoNotHold(Exception):
    """A claim of the entry's caption does not hold on the numbers computed with these knobs
    (the message says which sentence and what was measured)."""


def _registry(root: str | Path | None = None):
    from vizdl.config import add_config_entries, load_config
    from vizdl.gallery.registry import load_gallery

    cfg = load_config(Path(root) if root is not None else None)
    return add_config_entries(load_gallery(cfg.root, cfg.gallery), cfg)


def _entry(name: str, knobs: dict, root: str | Path | None):
    return _registry(root).get(name).with_params(**knobs)


def _theme(theme: str | Path | None, root: str | Path | None) -> str:
    """``theme`` (a name or a .mplstyle path, checked), else the config's ``theme``."""
    from vizdl.config import load_config
    from vizdl.style import THEMES, resolve_theme

    if theme is None:
        return load_config(Path(root) if root is not None else None).theme
    if str(theme) in THEMES:
        return str(theme)
    resolve_theme(theme)  # a bad name or file: ThemeError (a ValueError), one line
    return str(Path(theme).resolve())


def entries(root: str | Path | None = None) -> list[str]:
    """The names of the gallery's entries, in gallery order."""
    return list(_registry(root).entries)


def knobs(name: str, root: str | Path | None = None) -> dict[str, dict]:
    """Entry ``name``'s knobs: ``{knob: {"default", "kind", "help", "allowed", ...}}``."""
    return {k: kn.as_json() for k, kn in _registry(root).get(name).knobs.items()}


def _result(entry) -> object:
    import numpy as np

    from vizdl.gallery.runner import call_compute

    np.random.seed(entry.seed)  # as the gallery's runner does
    return call_compute(entry.compute, dict(entry.params), entry.seed)


def _checked(entry, result: object) -> tuple[list[dict], str]:
    from vizdl.gallery.runner import ClaimsFailed, _claims_of

    try:
        return _claims_of(entry, result)
    except ClaimsFailed as exc:
        raise ClaimsDoNotHold(f"{entry.name}: {exc}") from None


def compute(name: str, *, root: str | Path | None = None, **knobs: object) -> object:
    """The simulation result entry ``name`` draws (a frozen dataclass of arrays), computed with
    its knobs set to ``knobs`` (the rest at their defaults)."""
    return _result(_entry(name, knobs, root))


def figure(
    name: str,
    *,
    theme: str | Path | None = None,
    root: str | Path | None = None,
    **knobs: object,
):
    """Entry ``name``'s figure, drawn in vizdl's style with ``knobs`` set: a
    ``matplotlib.figure.Figure`` (Jupyter shows it inline; ``fig.savefig(...)`` saves it).
    ``theme``: light, dark, print or a .mplstyle path (default: the config's, else light).

    Its caption's claims are checked on the numbers first: :class:`ClaimsDoNotHold` says which
    sentence fails at these knobs. The caption, filled from the checks, is ``fig.vizdl_caption``.
    """
    from vizdl.gallery.runner import import_ref
    from vizdl.render.mpl import style_context
    from vizdl.style import use_theme

    theme = _theme(theme, root)
    entry = _entry(name, knobs, root)
    if entry.kind != "figure":
        raise ValueError(f"{name!r} is an animation; vizdl.animate({name!r}) renders it")
    result = _result(entry)
    claims, caption = _checked(entry, result)
    with use_theme(theme), style_context():
        fig = _figure_class()(figsize=tuple(entry.figsize))
        import_ref(entry.draw)(fig, result)  # type: ignore[operator]
    fig.vizdl_theme = theme  # type: ignore[attr-defined]
    fig.vizdl_caption = caption  # type: ignore[attr-defined]
    fig.vizdl_claims = claims  # type: ignore[attr-defined]
    return fig


@functools.cache
def _figure_class() -> type:
    """``matplotlib.figure.Figure`` that shows itself in Jupyter as a PNG even before pyplot
    (and so the inline backend) is loaded, in vizdl's style, as the gallery saves it."""
    from matplotlib.figure import Figure

    from vizdl.render.mpl import figure_bytes, style_context
    from vizdl.style import use_theme

    class VizdlFigure(Figure):
        def _repr_png_(self) -> bytes:
            with use_theme(getattr(self, "vizdl_theme", None)), style_context():
                return figure_bytes(self, "png", dpi=100)

    return VizdlFigure


@dataclass(frozen=True)
class Animation:
    """A rendered animation: ``path`` is the MP4; in Jupyter it shows as an inline video."""

    name: str
    path: Path
    caption: str = ""
    claims: list = field(default_factory=list)

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.path.read_bytes()).decode("ascii")
        return (
            f'<video controls muted playsinline style="max-width:100%" title="{self.name}" '
            f'src="data:video/mp4;base64,{data}"></video>'
        )

    def __repr__(self) -> str:
        return f"Animation({self.name!r}, path={str(self.path)!r})"


def animate(
    name: str,
    *,
    quality: str = "low",
    theme: str | Path | None = None,
    out: str | Path | None = None,
    root: str | Path | None = None,
    **knobs: object,
) -> Animation:
    """Render entry ``name``'s animation with ``knobs`` set, at ``quality`` (low, medium, high,
    4k), in ``theme`` (light, dark, print or a .mplstyle path; default: the config's), into ``out`` (default: a new temporary folder; never over a file of yours) and return
    it as an :class:`Animation`. Claims that fail raise :class:`ClaimsDoNotHold`."""
    from vizdl.gallery.build import project_sources
    from vizdl.gallery.job import Job
    from vizdl.gallery.outdir import check_render_folder
    from vizdl.gallery.runner import run_entry

    theme = _theme(theme, root)
    reg = _registry(root)
    entry = reg.get(name).with_params(**knobs)
    if entry.kind != "animation":
        raise ValueError(f"{name!r} is a figure; vizdl.figure({name!r}) draws it")
    dest = Path(out) if out is not None else Path(tempfile.mkdtemp(prefix=f"vizdl-{name}-"))
    check_render_folder(dest, name, root=reg.root, sources=project_sources(reg), formats=("mp4",))
    res = run_entry(Job.make(entry, dest, ("mp4",), quality, root=reg.root, theme=theme))
    if not res["ok"]:
        failed = json.loads((dest / "failed.json").read_text(encoding="utf-8"))
        if "claims" in failed:  # written only when the claims stopped it
            raise ClaimsDoNotHold(f"{name}: {res['error']}")
        raise RuntimeError(f"{name}: {res['error']}")
    meta = json.loads((dest / "meta.json").read_text(encoding="utf-8"))
    return Animation(name, dest / f"{name}.mp4", meta.get("caption", ""), meta.get("claims", []))
