"""Configuration: defaults < ``[tool.vizdl]`` in pyproject.toml or ``vizdl.toml`` < CLI flags.

The config file is looked up from the current folder upwards; its folder is the project root (where
``gallery/`` and ``scenes/`` live). Unknown keys are rejected with a "did you mean" suggestion, and
every value is checked here (type and allowed values), so a bad config file is reported as one line
naming the file, the key, the value and what is allowed.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType

import vizdl
from vizdl.gallery.registry import ANIMATION_FORMATS, FIGURE_FORMATS

__all__ = ["Config", "ConfigError", "load_config", "find_root", "KEYS", "add_config_entries"]


class ConfigError(ValueError):
    """Invalid configuration (message meant for users)."""


@dataclass
class Config:
    root: Path
    source: Path | None = None
    gallery: str = "gallery"
    out: str = "build/site"
    jobs: int | None = None
    quality: str = "medium"
    formats: list[str] | None = None
    only: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    static_only: bool = False
    title: str = "vizdl gallery"
    gif_width: int = 640  # pixels; the height follows the video's aspect
    gif_fps: int = 15
    # "light", "dark", "print" or a .mplstyle file (relative to the config file's folder); stored
    # as the name or the file's absolute path
    theme: str = "light"
    # Entries of your own, each ``{"name", "from", ["title"], knob = value, ...}`` (an
    # ``[[entries]]`` array of tables); applied to the gallery by :func:`add_config_entries`.
    entries: list[dict] = field(default_factory=list)


KEYS = {f.name: f for f in fields(Config) if f.name not in ("root", "source")}
ALL_FORMATS = FIGURE_FORMATS + ANIMATION_FORMATS


def _show(value: object) -> str:
    """A value as it reads in TOML (``true``, ``'ultra'``, ``[1, 2]``), for error messages."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_show(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (_dt.date, _dt.time)):
        return value.isoformat()
    return repr(value)


def _parse(path: Path) -> dict:
    """The TOML document in ``path``; unreadable, non-UTF-8 or malformed files are ConfigErrors."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read it: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(
            f"{path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line}); "
            "TOML files must be saved as UTF-8"
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def _tool_vizdl(path: Path, data: dict) -> dict | None:
    """The ``[tool.vizdl]`` table of a parsed file, ``None`` if there is none."""
    tool = data.get("tool")
    if tool is None:
        return None
    if not isinstance(tool, dict):
        raise ConfigError(
            f"{path}: key 'tool' must be a table (vizdl's settings go in [tool.vizdl]), "
            f"got tool = {_show(tool)}"
        )
    section = tool.get("vizdl")
    if section is not None and not isinstance(section, dict):
        raise ConfigError(
            f"{path}: [tool.vizdl] must be a table of settings, got vizdl = {_show(section)}; "
            "write the line [tool.vizdl] with the settings below it"
        )
    return section


def _pyproject_settings(path: Path) -> dict | None:
    """The ``[tool.vizdl]`` table of a pyproject.toml, ``None`` if it has none."""
    data = _parse(path)
    section = _tool_vizdl(path, data)
    if section is None and "vizdl" in data:
        raise ConfigError(
            f"{path}: vizdl's settings go in a [tool.vizdl] table, not a top-level "
            f"vizdl = {_show(data['vizdl'])}"
        )
    return section


def _read(path: Path, *, explicit: bool = False) -> dict:
    """The settings in a config file: ``[tool.vizdl]`` of a pyproject, or a vizdl.toml's keys."""
    if path.name == "pyproject.toml":
        section = _pyproject_settings(path)
        if section is None:
            if explicit:
                raise ConfigError(
                    f"{path}: has no [tool.vizdl] table; add one or give --config a vizdl.toml"
                )
            return {}
        return section
    data = _parse(path)
    section = _tool_vizdl(path, data)
    if section is None:
        return data
    outside = [k for k in data if k != "tool"]
    if outside:
        raise ConfigError(
            f"{path}: key {outside[0]!r} is outside [tool.vizdl]; put all settings either in "
            "[tool.vizdl] or at the top level"
        )
    return section


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:
        return False


def find_root(start: Path) -> tuple[Path, Path | None]:
    """The project root and the config file that defines it (``None`` if none was found).

    Looks upward from ``start`` for ``vizdl.toml`` or a pyproject with ``[tool.vizdl]``, else a
    folder holding ``gallery/``; falls back to the checkout that holds the vizdl package. A
    pyproject.toml met on the way that cannot be read (not UTF-8, malformed TOML, a ``tool`` or
    ``tool.vizdl`` that is not a table) might be the project's config, so it is a ConfigError
    naming the file rather than skipped.
    """
    start = start.resolve()
    for folder in [start, *start.parents]:
        if _is_file(folder / "vizdl.toml"):
            return folder, folder / "vizdl.toml"
        pp = folder / "pyproject.toml"
        if _is_file(pp) and _pyproject_settings(pp) is not None:
            return folder, pp
    for folder in [start, *start.parents]:
        if (folder / "gallery").is_dir() and (folder / "scenes").is_dir():
            return folder, None
    checkout = Path(vizdl.__file__).resolve().parent.parent
    return checkout, None


def _check(src: Path, key: str, value: object) -> object:
    """The value to store for ``key``; a wrong type or value is a ConfigError naming both."""
    from vizdl.gallery.job import QUALITY_NAMES

    got = _show(value)
    if key in ("gallery", "out"):
        if not isinstance(value, str) or not value.strip():
            what = "the gallery's folder" if key == "gallery" else "where the site is written"
            raise ConfigError(
                f"{src}: key {key!r} must be a non-empty folder path ({what}, "
                f"e.g. {KEYS[key].default!r}), got {got}"
            )
    elif key == "title":
        if not isinstance(value, str):
            raise ConfigError(f"{src}: key 'title' must be a string (the site's title), got {got}")
    elif key == "static_only":
        if not isinstance(value, bool):
            raise ConfigError(f"{src}: key 'static_only' must be true or false, got {got}")
    elif key == "jobs":
        if not isinstance(value, int) or isinstance(value, bool):
            raise ConfigError(
                f"{src}: key 'jobs' must be a whole number >= 1 (leave it out for one per core), "
                f"got {got}"
            )
        if value < 1:
            raise ConfigError(
                f"{src}: key 'jobs' must be >= 1, got {value} (leave it out for one per core)"
            )
    elif key == "quality":
        if value not in QUALITY_NAMES:
            raise ConfigError(f"{src}: quality {got} is not one of {', '.join(QUALITY_NAMES)}")
    elif key == "formats":
        allowed = ", ".join(ALL_FORMATS)
        if not isinstance(value, list):
            raise ConfigError(
                f'{src}: key \'formats\' must be a list such as ["png", "svg"], got {got}; '
                f"allowed formats: {allowed}"
            )
        if not value:
            raise ConfigError(
                f"{src}: key 'formats' must name at least one format, got []; allowed: {allowed} "
                "(leave the key out for each entry's own formats)"
            )
        norm = []
        for item in value:
            fmt = item.strip().lower() if isinstance(item, str) else item
            if fmt not in ALL_FORMATS:
                raise ConfigError(
                    f"{src}: key 'formats': {_show(item)} is not a format; allowed: {allowed}"
                )
            norm.append(fmt)
        return norm
    elif key in ("gif_width", "gif_fps"):
        from vizdl.gallery.job import GIF_FPS_RANGE, GIF_WIDTHS

        lo, hi = GIF_WIDTHS if key == "gif_width" else GIF_FPS_RANGE
        what = "the GIF's width in pixels" if key == "gif_width" else "the GIF's frames per second"
        if not isinstance(value, int) or isinstance(value, bool) or not lo <= value <= hi:
            raise ConfigError(
                f"{src}: key {key!r} must be a whole number from {lo} to {hi} ({what}), got {got}"
            )
    elif key == "theme":
        from vizdl.style import THEMES, ThemeError, resolve_theme

        if not isinstance(value, str) or not value.strip():
            raise ConfigError(
                f"{src}: key 'theme' must be one of {', '.join(THEMES)} or a path to a "
                f".mplstyle file, got {got}"
            )
        if value in THEMES:
            return value
        is_path = value.endswith(".mplstyle") or "/" in value or "\\" in value
        path = (src.parent / value).resolve()
        try:
            resolve_theme(path if is_path else value)
        except ThemeError as exc:
            raise ConfigError(f"{src}: key 'theme': {exc}") from None
        return str(path)
    elif key == "entries":
        example = '[[entries]] with name = "my-race", from = "race-beale" and knob values'
        if not isinstance(value, list):
            raise ConfigError(
                f"{src}: key 'entries' must be an array of tables ({example}), got {got}"
            )
        for item in value:
            if not isinstance(item, dict):
                raise ConfigError(
                    f"{src}: key 'entries': {_show(item)} is not a table; write {example}"
                )
            for need in ("name", "from"):
                if not isinstance(item.get(need), str) or not item[need].strip():
                    raise ConfigError(
                        f'{src}: an [[entries]] table needs {need} = "..." (a non-empty '
                        f"string), got {_show(item)}"
                    )
            if "title" in item and not isinstance(item["title"], str):
                raise ConfigError(
                    f"{src}: entry {item['name']!r}: title must be a string, got "
                    f"{_show(item['title'])}"
                )
    elif key in ("only", "exclude"):
        if not isinstance(value, list):
            raise ConfigError(
                f"{src}: key {key!r} must be a list of entry-name globs such as "
                f'["momentum-*"], got {got}'
            )
        for item in value:
            if not isinstance(item, str) or not item.strip():
                raise ConfigError(
                    f"{src}: key {key!r}: item {_show(item)} is not an entry-name glob "
                    f"(a non-empty string), in {key} = {got}"
                )
    return value


def load_config(start: Path | None = None, config_file: Path | None = None) -> Config:
    """Read the config file (found from ``start`` upward, or ``config_file``) into a :class:`Config`."""
    explicit = config_file is not None
    if config_file is not None:
        config_file = Path(config_file).resolve()
        if not config_file.is_file():
            raise ConfigError(f"config file {str(config_file)!r} does not exist")
        root = config_file.parent
    else:
        root, config_file = find_root(start or Path.cwd())
    cfg = Config(root=root, source=config_file)
    values = _read(config_file, explicit=explicit) if config_file else {}
    for key, value in values.items():
        if key not in KEYS:
            hint = difflib.get_close_matches(key, list(KEYS), n=1)
            extra = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise ConfigError(
                f"{config_file}: unknown key {key!r}{extra}; allowed: {', '.join(sorted(KEYS))}"
            )
        setattr(cfg, key, _check(config_file, key, value))
    return cfg


_ENTRY_KEYS = ("name", "from", "title")


def add_config_entries(reg: object, cfg: Config) -> object:
    """The gallery with the config file's own ``[[entries]]`` added, each a copy of the entry
    it names in ``from`` with its knobs set (checked against their declarations), its own name
    and title, in the same topic. They are listed, built, cached and checked like the built-in
    ones. A bad one is a ConfigError naming the file, the entry and what is allowed."""
    import dataclasses

    from vizdl.gallery.registry import GalleryError

    for item in cfg.entries:
        name, base_name = item["name"].strip(), item["from"].strip()
        where = f"{cfg.source}: entry {name!r}"
        try:
            base = reg.get(base_name)
        except GalleryError as exc:
            raise ConfigError(f"{where}: from = {base_name!r}: {exc}") from None
        knobs = {k: v for k, v in item.items() if k not in _ENTRY_KEYS}
        try:
            derived = base.with_params(**knobs)
        except GalleryError as exc:
            own_keys = "; an entry's own keys: " + ", ".join(_ENTRY_KEYS)
            raise ConfigError(
                f"{where} (from {base_name!r}): {exc}" + (own_keys if "no knob" in str(exc) else "")
            ) from None
        own_title = item.get("title")
        title = own_title or derived.title + " (" + ", ".join(derived.changed_settings()) + ")"
        # its settings are its defaults: `vizdl render NAME` makes it, `vizdl knobs NAME` shows them
        own = {
            k: kn.with_default(derived.params[k]) if k in knobs else kn
            for k, kn in base.knobs.items()
        }
        entry = dataclasses.replace(
            derived,
            name=name,
            title=title.strip(),
            knobs=MappingProxyType(own),
            # its own title stays; else the base's template (if any) and the settings said after it
            title_template=""
            if own_title or not derived.title_template
            else derived.title_template
            + " ("
            + ", ".join(derived.changed_settings()).replace("{", "{{").replace("}", "}}")
            + ")",
        )
        if name in reg.entries:
            raise ConfigError(
                f"{where}: there is already an entry named {name!r}; pick another name"
            )
        try:
            reg.add_entry(entry)
        except GalleryError as exc:
            raise ConfigError(f"{where}: {exc}") from None
    return reg
