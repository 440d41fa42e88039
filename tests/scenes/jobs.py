"""A low-quality :class:`~vizdl.gallery.job.Job` for rendering one scene in a test."""

from __future__ import annotations

from pathlib import Path

from vizdl.gallery.job import Job
from vizdl.gallery.registry import Entry


def animation_job(
    outdir: Path,
    compute: str,
    scene: str,
    params: dict,
    topic: str = "test",
    name: str = "clip",
    formats: tuple[str, ...] = ("mp4",),
    root: Path | None = None,
) -> Job:
    """``compute`` and ``scene`` are ``"module:attr"`` references."""
    entry = Entry(
        name=name,
        title="t",
        topic=topic,
        kind="animation",
        compute=compute,
        scene=scene,
        params=params,
        formats=formats,
    )
    return Job.make(entry, outdir, formats, "low", root=root)
