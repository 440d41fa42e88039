"""The job dict ``vizdl.gallery.runner.run_entry`` takes, for rendering one scene in a test."""

from __future__ import annotations

from pathlib import Path


def animation_job(
    outdir: Path,
    compute: str,
    scene: str,
    params: dict,
    topic: str = "test",
    name: str = "clip",
    formats: tuple[str, ...] = ("mp4",),
) -> dict:
    """A low-quality animation job: ``compute`` and ``scene`` are ``"module:attr"`` references."""
    return {
        "entry": {
            "name": name,
            "title": "t",
            "topic": topic,
            "kind": "animation",
            "compute": compute,
            "scene": scene,
            "params": params,
            "seed": 0,
            "equation": None,
            "figsize": [10, 5.625],
        },
        "outdir": str(outdir),
        "formats": list(formats),
        "quality": "low",
        "key": "k",
        "key_parts": {"versions": {}},
        "root": None,
    }
