"""Configuration: defaults < ``[tool.vizdl]`` in pyproject.toml or ``vizdl.toml`` < CLI flags.

The config file is looked up from the current folder upwards; its folder is the project root (where
``gallery/`` and ``scenes/`` live). Unknown keys are rejected with a "did you mean" suggestion.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

import vizdl

__all__ = ["Config", "ConfigError", "load_config", "find_root", "KEYS"]


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


KEYS = {f.name: f for f in fields(Config) if f.name not in ("root", "source")}
_TYPES = {
    "gallery": str,
    "out": str,
    "jobs": int,
    "quality": str,
    "formats": list,
    "only": list,
    "exclude": list,
    "static_only": bool,
    "title": str,
}


def _read(path: Path) -> dict:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("vizdl", {})
    return data.get("tool", {}).get("vizdl", data)


def find_root(start: Path) -> tuple[Path, Path | None]:
    """The project root and the config file that defines it (``None`` if none was found).

    Looks upward from ``start`` for ``vizdl.toml`` or a pyproject with ``[tool.vizdl]``, else a
    folder holding ``gallery/``; falls back to the checkout that holds the vizdl package.
    """
    start = start.resolve()
    for folder in [start, *start.parents]:
        if (folder / "vizdl.toml").is_file():
            return folder, folder / "vizdl.toml"
        pp = folder / "pyproject.toml"
        if pp.is_file():
            try:
                if "vizdl" in tomllib.loads(pp.read_text(encoding="utf-8")).get("tool", {}):
                    return folder, pp
            except tomllib.TOMLDecodeError:
                pass
    for folder in [start, *start.parents]:
        if (folder / "gallery").is_dir() and (folder / "scenes").is_dir():
            return folder, None
    checkout = Path(vizdl.__file__).resolve().parent.parent
    return checkout, None


def load_config(start: Path | None = None, config_file: Path | None = None) -> Config:
    """Read the config file (found from ``start`` upward, or ``config_file``) into a :class:`Config`."""
    if config_file is not None:
        config_file = Path(config_file).resolve()
        if not config_file.is_file():
            raise ConfigError(f"config file {str(config_file)!r} does not exist")
        root = config_file.parent
    else:
        root, config_file = find_root(start or Path.cwd())
    cfg = Config(root=root, source=config_file)
    values = _read(config_file) if config_file else {}
    for key, value in values.items():
        if key not in KEYS:
            hint = difflib.get_close_matches(key, list(KEYS), n=1)
            extra = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise ConfigError(
                f"{config_file}: unknown key {key!r}{extra}; allowed: {', '.join(sorted(KEYS))}"
            )
        want = _TYPES[key]
        if not isinstance(value, want) or (want is int and isinstance(value, bool)):
            raise ConfigError(
                f"{config_file}: key {key!r} must be a {want.__name__}, got {value!r}"
            )
        if key == "jobs" and value < 1:
            raise ConfigError(f"{config_file}: key 'jobs' must be >= 1, got {value}")
        setattr(cfg, key, value)
    return cfg
