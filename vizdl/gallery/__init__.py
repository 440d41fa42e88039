"""The gallery engine: registry, build plan, cache, runners and the site writer.

Content modules (``gallery/*.py``) use :func:`topic`, :func:`figure` and :func:`animation`.
"""

from __future__ import annotations

from vizdl.gallery.registry import (
    Entry,
    GalleryError,
    Registry,
    Topic,
    animation,
    figure,
    load_gallery,
    topic,
)

__all__ = [
    "Entry",
    "GalleryError",
    "Registry",
    "Topic",
    "animation",
    "figure",
    "load_gallery",
    "topic",
]
