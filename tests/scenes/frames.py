"""Render a scene's last frame the way manim's own ``frames_comparison`` does, and read it.

manim's test utility renders a scene with animations skipped (each ``play`` jumps to its end in
one update, no frame is encoded) and takes ``scene.renderer.get_frame()`` afterwards. Here the
``png`` output format (manim's ``save_last_frame``, ``-s``) does the skipping, at 480 × 270.
The frame is the movie's last frame (:func:`movie_frames` renders one to compare): the scenes
end on a hold, and a skipped ``play`` runs the same updaters at its end time. (A camera that
turns with time ends a frame's worth of turn apart: a movie's play stops one frame short.)

:func:`render` also keeps the frame shown when the first ``play`` starts and, on request, the
frame at the end of chosen plays (a scene that fades its content out before the end). The
:class:`Shot` it returns maps scene points to pixels through the scene's own mobjects, so checks
can look where the scene put something; :func:`tint` finds a colour drawn over the white
background (or over other colours), antialiased edges included.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

W, H = 480, 270
WHITE = 255.0


@dataclass
class Shot:
    """A rendered scene: its last frame, a few earlier ones and the scene object itself."""

    frame: np.ndarray  # (H, W, 3) int16: the last frame
    first: np.ndarray  # the frame when the first play starts
    snaps: dict[int, np.ndarray] = field(default_factory=dict)  # play index -> frame at its end
    scene: object = None

    @property
    def per_unit(self) -> float:
        """Pixels per scene unit."""
        from manim import config

        return W / config.frame_width

    def px(self, point: Iterable[float]) -> tuple[float, float]:
        """A scene point (x, y[, z]) in the fixed 2-D frame -> (column, row) in pixels."""
        from manim import config

        x, y = list(point)[:2]
        col = (x / config.frame_width + 0.5) * W
        row = (0.5 - y / config.frame_height) * H
        return col, row

    def box(self, mob: object, pad: float = 0.0) -> tuple[slice, slice]:
        """(rows, cols) slices of the pixels covering ``mob``'s bounding box, ``pad`` scene units
        wider on every side, clipped to the frame."""
        (c0, r0), (c1, r1) = (
            self.px(mob.get_corner(np.array([-1, 1, 0])) + pad * np.array([-1, 1, 0])),
            self.px(mob.get_corner(np.array([1, -1, 0])) + pad * np.array([1, -1, 0])),
        )
        rows = slice(max(int(np.floor(r0)), 0), min(int(np.ceil(r1)), H))
        cols = slice(max(int(np.floor(c0)), 0), min(int(np.ceil(c1)), W))
        return rows, cols

    def crop(self, p: Iterable[float], q: Iterable[float], frame: np.ndarray | None = None):
        """The pixels of the rectangle with corners at the scene points ``p`` and ``q``."""
        (c0, r0), (c1, r1) = self.px(p), self.px(q)
        rows = slice(max(int(np.floor(min(r0, r1))), 0), min(int(np.ceil(max(r0, r1))), H))
        cols = slice(max(int(np.floor(min(c0, c1))), 0), min(int(np.ceil(max(c0, c1))), W))
        return (self.frame if frame is None else frame)[rows, cols]

    def find(self, kind: type) -> list:
        """The scene's mobjects of type ``kind`` (whole families, in drawing order)."""
        out, seen = [], set()
        for top in self.scene.mobjects:
            for m in top.get_family():
                if isinstance(m, kind) and id(m) not in seen:
                    seen.add(id(m))
                    out.append(m)
        return out


def render(scene_cls: type, data: object, snap_after: Iterable[int] = ()) -> Shot:
    """Render ``scene_cls`` on ``data`` (as the gallery engine binds it) and return its frames.

    ``snap_after``: play indices (0-based, ``wait`` counts as a play) after which the frame is
    kept too, in ``Shot.snaps``.
    """
    from manim import tempconfig

    wanted = set(snap_after)
    first: list[np.ndarray] = []
    snaps: dict[int, np.ndarray] = {}

    def grab(scene: object) -> np.ndarray:
        scene.renderer.update_frame(scene, ignore_skipping=True)
        return scene.renderer.get_frame()[:, :, :3].astype(np.int16)

    def play(self, *args: object, **kwargs: object) -> None:
        k = self.renderer.num_plays
        if not first:  # the movie's first frame: drawn after the updaters have run once
            self.update_mobjects(0)
            first.append(grab(self))
        scene_cls.play(self, *args, **kwargs)
        if k in wanted:
            snaps[k] = grab(self)

    bound = type(
        scene_cls.__name__,
        (scene_cls,),
        {"data": data, "play": play},
    )
    # save_last_frame (the png format): the animations are skipped, nothing is encoded
    with tempfile.TemporaryDirectory() as tmp, tempconfig(_config(tmp, scene_cls, "png")):
        scene = bound()
        scene.render()
        assert scene.renderer.skip_animations, "the last-frame render must skip the animations"
        frame = scene.renderer.get_frame()[:, :, :3].astype(np.int16)
    assert frame.shape == (H, W, 3)
    return Shot(frame=frame, first=first[0] if first else frame, snaps=snaps, scene=scene)


def _config(media_dir: str, scene_cls: type, fmt: str) -> dict:
    return {
        "pixel_width": W,
        "pixel_height": H,
        "frame_rate": 15,
        "format": fmt,
        "media_dir": media_dir,
        "output_file": scene_cls.__name__,
        "disable_caching": True,
        "verbosity": "ERROR",
        "progress_bar": "none",
    }


def movie_frames(scene_cls: type, data: object) -> list[np.ndarray]:
    """Every frame of the scene's movie at the same size, as the renderer hands it to the
    encoder (a full render: for checking :func:`render` against, on a short scene)."""
    from manim import tempconfig

    frames: list[np.ndarray] = []
    bound = type(scene_cls.__name__, (scene_cls,), {"data": data})
    with tempfile.TemporaryDirectory() as tmp, tempconfig(_config(tmp, scene_cls, "mp4")):
        scene = bound()
        add_frame = scene.renderer.add_frame

        def keep(frame: np.ndarray, num_frames: int = 1) -> None:
            frames.extend([frame[:, :, :3].astype(np.int16)] * num_frames)
            add_frame(frame, num_frames)

        scene.renderer.add_frame = keep
        scene.render()
    return frames


def rgb(colour: str) -> np.ndarray:
    """``"#rrggbb"`` -> its three channels (0-255) as floats."""
    c = colour.lstrip("#")
    return np.array([int(c[i : i + 2], 16) for i in (0, 2, 4)], dtype=float)


def over_white(colour: str, opacity: float) -> str:
    """The colour a fill of ``colour`` at ``opacity`` shows over the white background."""
    mixed = np.round(opacity * rgb(colour) + (1 - opacity) * WHITE).astype(int)
    return "#" + "".join(f"{v:02x}" for v in mixed)


def tint(
    pixels: np.ndarray,
    colour: str,
    min_cover: float = 0.5,
    tol: float = 14.0,
    over: Iterable[str] = ("#ffffff",),
) -> np.ndarray:
    """Pixels that show ``colour`` at a coverage of at least ``min_cover`` over one of the
    colours ``over`` (by default the white background).

    An antialiased line of colour c over a background b is ``a·c + (1 − a)·b`` with coverage a:
    a pixel counts if it lies within ``tol`` (RGB units) of that segment, at a ≥ ``min_cover``.
    Exact colour matching would miss lines one or two pixels wide at this resolution; a hue
    test alone would confuse the palette's blue with its sky blue.
    """
    p = pixels.astype(float)
    c = rgb(colour)
    d = p - c
    found = np.zeros(p.shape[:-1], bool)
    for b in over:
        v = rgb(b) - c  # from the colour towards the background
        if not v.any():
            continue
        rest = d @ v / (v @ v)  # 1 − a
        resid = np.linalg.norm(d - rest[..., None] * v, axis=-1)
        found |= (rest <= 1 - min_cover) & (rest >= -0.1) & (resid <= tol)
    return found


def count(pixels: np.ndarray, colour: str, **kw: float) -> int:
    """How many pixels show ``colour`` (:func:`tint`)."""
    return int(tint(pixels, colour, **kw).sum())


def ink(pixels: np.ndarray, level: int = 16) -> np.ndarray:
    """Pixels that are not the white background."""
    return (WHITE - pixels).max(axis=-1) > level
