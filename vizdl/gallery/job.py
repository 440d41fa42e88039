"""One render job: what a worker process needs to render one entry, and the quality presets.

A :class:`Job` is built in one place (:meth:`Job.make`) by the build, by ``vizdl render`` and by
tests, and crosses into worker processes by pickling (the parent's own objects, never a file).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from vizdl.gallery.registry import Entry

__all__ = ["Job", "QUALITIES", "QUALITY_NAMES", "GIF_DEFAULT", "GIF_WIDTHS", "GIF_FPS_RANGE"]

# Manim's presets: name -> (width, height, fps, manim's own name).
QUALITIES: dict[str, tuple[int, int, int, str]] = {
    "low": (854, 480, 15, "low_quality"),
    "medium": (1280, 720, 30, "medium_quality"),
    "high": (1920, 1080, 60, "high_quality"),
    "4k": (3840, 2160, 60, "fourk_quality"),
}
QUALITY_NAMES = tuple(QUALITIES)

# An animation's GIF: (width in pixels, frames per second). Small GIFs suit LMS uploads.
GIF_DEFAULT = (640, 15)
GIF_WIDTHS = (120, 3840)
GIF_FPS_RANGE = (1, 60)


@dataclass(frozen=True)
class Job:
    """Render ``entry`` into ``outdir`` as ``formats`` (at ``quality``, for animations).

    ``key``/``key_parts`` are the cache key recorded in ``meta.json``; ``compute_cache`` is the
    stored-result path shared by entries with the same simulation (None: compute afresh, store
    nothing); ``force`` recomputes even a stored result; ``root`` is the project folder put first
    on ``sys.path``; ``progress`` shows manim's frame counter (a one-off render in a terminal).
    """

    entry: Entry
    outdir: Path
    formats: tuple[str, ...]
    quality: str = "medium"
    key: str = ""
    key_parts: dict = field(default_factory=dict)
    compute_cache: Path | None = None
    force: bool = False
    root: Path | None = None
    progress: bool = False
    gif: tuple[int, int] = GIF_DEFAULT  # (width, fps) of the GIF, when one is made
    # "light", "dark", "print" or the absolute path of a .mplstyle file (vizdl.style.use_theme)
    theme: str = "light"

    def __post_init__(self) -> None:
        width, fps = self.gif
        if (
            not GIF_WIDTHS[0] <= width <= GIF_WIDTHS[1]
            or not GIF_FPS_RANGE[0] <= fps <= GIF_FPS_RANGE[1]
        ):
            raise ValueError(
                f"gif (width, fps) {self.gif} is outside {GIF_WIDTHS} × {GIF_FPS_RANGE}"
            )
        if self.quality not in QUALITIES:
            raise ValueError(f"quality {self.quality!r} is not one of {', '.join(QUALITY_NAMES)}")
        bad = [f for f in self.formats if f not in self.entry.allowed_formats]
        if bad or not self.formats:
            raise ValueError(
                f"formats {list(self.formats)} of {self.entry.name!r} must be a non-empty subset "
                f"of {', '.join(self.entry.allowed_formats)}"
            )

    @classmethod
    def make(
        cls,
        entry: Entry,
        outdir: Path | str,
        formats: tuple[str, ...] | list[str] | None = None,
        quality: str = "medium",
        **kw: object,
    ) -> Job:
        """A job with ``entry``'s own formats unless given; paths as :class:`Path`."""
        for name in ("compute_cache", "root"):
            if kw.get(name) is not None:
                kw[name] = Path(kw[name])  # type: ignore[arg-type]
        return cls(
            entry=entry,
            outdir=Path(outdir),
            formats=tuple(formats or entry.formats),
            quality=quality,
            **kw,  # type: ignore[arg-type]
        )

    def with_params(self, **params: object) -> Job:
        """The same job for the entry with some parameters changed (tests' small runs)."""
        return replace(self, entry=self.entry.with_params(**params))
