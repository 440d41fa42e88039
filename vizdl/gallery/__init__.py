"""The gallery engine: registry, build plan, cache, runners and the site writer.

Content modules (``gallery/*.py``) use :func:`topic` (whose ``figure``, ``animation`` and ``pair``
register entries) and :func:`knob` (each parameter's declaration).
"""

from __future__ import annotations

from vizdl.gallery.registry import (
    Claim,
    Entry,
    GalleryError,
    Knob,
    Registry,
    Topic,
    animation,
    claim,
    figure,
    knob,
    lecture,
    load_gallery,
    topic,
)

__all__ = [
    "Claim",
    "Entry",
    "GalleryError",
    "Knob",
    "Registry",
    "Topic",
    "animation",
    "claim",
    "figure",
    "knob",
    "lecture",
    "load_gallery",
    "topic",
]
