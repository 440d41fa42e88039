"""Mobjects that draw themselves straight into Cairo, for scenes that must render fast.

Manim's Cairo camera draws every mobject through the same Python path: build the path curve by
curve, compute colours, fill, stroke. That costs ~30 µs per mobject and more per curve, which is
fine for a few hundred mobjects but not for 800 moving dots, or a 3-D surface of 324 faces that
must be re-sorted and re-shaded every frame while the camera turns. The mobjects here keep their
data in numpy arrays and draw it with a few Cairo calls each:

- :class:`DotCloud`: many filled discs, one Cairo fill per colour;
- :class:`MeshSurface`: a parametric surface as a quad mesh, projected, depth-sorted and shaded
  in numpy with the same rules as manim's ``Surface`` on the ``ThreeDCamera``;
- :class:`RasterOverlay`: text and other still mobjects fixed in the frame, drawn once into an
  image and composited each frame (a moving 3-D camera otherwise redraws every glyph);
- :class:`PixelImage`: a small RGBA image scaled up with square pixels (weight images).

They need a camera that knows them: :class:`LeanCamera` / :class:`LeanThreeDCamera`, which
:class:`vizdl.render.manim.DataScene` uses. Under a plain manim camera they draw nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import cairo
import numpy as np
from manim import Camera, Mobject, ThreeDCamera, VGroup, VMobject
from manim.utils.color import ManimColor

from vizdl.render.manim import polyline_points
from vizdl.style import THEME

__all__ = [
    "CairoDrawn",
    "DotCloud",
    "MeshSurface",
    "RasterOverlay",
    "PixelImage",
    "LeanCamera",
    "LeanThreeDCamera",
]


def _bgra(color: str, opacity: float = 1.0) -> tuple[float, float, float, float]:
    """Cairo's source colour for ``color``: manim's pixel arrays hold BGRA bytes, so manim hands
    Cairo (b, g, r); doing the same keeps these mobjects' colours identical to manim's."""
    r, g, b = ManimColor(color).to_rgb()
    return (float(b), float(g), float(r), float(opacity))


class CairoDrawn(VMobject):
    """A mobject with its own ``draw_cairo(camera, ctx)``.

    It carries one degenerate curve at ``anchor`` (manim only displays mobjects that have points,
    and layout helpers such as ``get_center`` read them); a plain camera draws that as nothing.
    """

    def __init__(self, anchor: Sequence[float] = (0.0, 0.0, 0.0), **kwargs: object) -> None:
        super().__init__(stroke_width=0, fill_opacity=0, **kwargs)
        self.points = np.repeat(np.asarray(anchor, dtype=np.float64)[None], 4, axis=0)

    def draw_cairo(self, camera: Camera, ctx: cairo.Context) -> None:  # pragma: no cover
        raise NotImplementedError


class _LeanMixin:
    """Camera mixin: a :class:`CairoDrawn` draws itself; everything else as manim does."""

    def display_vectorized(self, vmobject: VMobject, ctx: cairo.Context):  # type: ignore[override]
        if isinstance(vmobject, CairoDrawn):
            vmobject.draw_cairo(self, ctx)  # type: ignore[arg-type]
            return self
        return super().display_vectorized(vmobject, ctx)  # type: ignore[misc]


class LeanCamera(_LeanMixin, Camera):
    """manim's 2-D Cairo camera, plus :class:`CairoDrawn` mobjects."""


class LeanThreeDCamera(_LeanMixin, ThreeDCamera):
    """manim's 3-D Cairo camera, plus :class:`CairoDrawn` mobjects."""


def _project(camera: Camera, mob: Mobject, points: np.ndarray) -> np.ndarray:
    """Scene points to frame points, as the camera does for ``mob`` (a 3-D camera projects)."""
    return camera.transform_points_pre_display(mob, points)


class DotCloud(CairoDrawn):
    """Filled discs of one ``radius`` at scene points, one colour per disc.

    Set the positions with :meth:`set_centers` (``(n, 3)``, rows that are not finite are left
    out); discs of one colour are one Cairo path and one fill.
    """

    def __init__(self, colors: Sequence[str], radius: float = 0.05) -> None:
        super().__init__()
        self.radius = float(radius)
        names = list(dict.fromkeys(colors))
        self.groups = [
            (_bgra(name), np.flatnonzero(np.array([c == name for c in colors]))) for name in names
        ]
        self.centers = np.full((len(colors), 3), np.nan)

    def set_centers(self, centers: np.ndarray) -> DotCloud:
        self.centers = np.asarray(centers, dtype=np.float64)
        ok = np.all(np.isfinite(self.centers), axis=1)
        if ok.any():
            self.points = np.repeat(self.centers[ok].mean(axis=0)[None], 4, axis=0)
        return self

    def draw_cairo(self, camera: Camera, ctx: cairo.Context) -> None:
        r = self.radius
        tau = 2 * math.pi
        for color, idx in self.groups:
            at = self.centers[idx]
            at = at[np.all(np.isfinite(at), axis=1)]
            if len(at) == 0:
                continue
            ctx.new_path()
            move_to, arc = ctx.move_to, ctx.arc
            for x, y in _project(camera, self, at)[:, :2].tolist():
                move_to(x + r, y)
                arc(x, y, r, 0.0, tau)
            ctx.set_source_rgba(*color)
            ctx.fill()


class MeshSurface(CairoDrawn):
    """A surface as a grid of quads, drawn like manim's ``Surface`` on a ``ThreeDCamera``.

    ``vertices`` is ``(nu + 1, nv + 1, 3)`` in scene coordinates. Face (i, j) has corners
    (i, j), (i+1, j), (i+1, j+1), (i, j+1), the order manim's ``Surface`` uses, so the normals
    (and hence the shading) agree; its colour is ``checkerboard[(i + j) % len]``. Each frame the
    faces are sorted back to front by the depth of their centre, shaded by manim's rule
    (``rgb + ½ (n · to_light)³``, halved when negative), then filled and stroked. An edge that
    two faces share is stroked once, by the face drawn later: that stroke is the one on top in
    manim's drawing too, and it halves the stroking, which is most of the Cairo time.
    """

    def __init__(
        self,
        vertices: np.ndarray,
        checkerboard: Sequence[str],
        fill_opacity: float = 0.55,
        stroke_color: str | None = None,
        stroke_width: float = 0.5,
        shading: float = 1.0,
    ) -> None:
        v = np.asarray(vertices, dtype=np.float64)
        if v.ndim != 3 or v.shape[2] != 3 or min(v.shape[:2]) < 2:
            raise ValueError(
                f"vertices must be (nu + 1, nv + 1, 3) with nu, nv >= 1; got {v.shape}"
            )
        super().__init__(anchor=v.reshape(-1, 3).mean(axis=0))
        nu, nv = v.shape[0] - 1, v.shape[1] - 1
        self.vertices = v.reshape(-1, 3)
        i, j = np.meshgrid(np.arange(nu), np.arange(nv), indexing="ij")
        i, j = i.ravel(), j.ravel()
        w = nv + 1
        self.quads = np.stack([i * w + j, (i + 1) * w + j, (i + 1) * w + j + 1, i * w + j + 1], 1)
        colors = np.array([ManimColor(c).to_rgb() for c in checkerboard])
        self.face_rgb = colors[(i + j) % len(checkerboard)]
        self.stroke_rgb = np.array(ManimColor(stroke_color or THEME.contour).to_rgb())
        self.mesh_fill_opacity = float(fill_opacity)
        self.mesh_stroke_width = float(stroke_width)
        self.shading_strength = float(shading)  # 1: manim's rule; less keeps lit faces from white
        corners = self.vertices[self.quads]  # (faces, 4, 3)
        self.face_centers = corners.mean(axis=1)
        normal = np.cross(corners[:, 1] - corners[:, 0], corners[:, 3] - corners[:, 0])
        length = np.linalg.norm(normal, axis=1, keepdims=True)
        self.normals = np.where(length > 0, normal / np.where(length > 0, length, 1), [0, 1, 0])
        # The face across each edge k (corner k → corner k+1), -1 on the border: edge 0 of face
        # (i, j) is edge 2 of (i, j-1), edge 1 is edge 3 of (i+1, j), and so on.
        face = i * nv + j
        self.neighbors = np.stack(
            [
                np.where(j > 0, face - 1, -1),
                np.where(i < nu - 1, face + nv, -1),
                np.where(j < nv - 1, face + 1, -1),
                np.where(i > 0, face - nv, -1),
            ],
            axis=1,
        )

    def stroked_edges(self, order: np.ndarray) -> np.ndarray:
        """``(faces, 4)``: whether each face strokes each of its edges, for this draw order."""
        rank = np.empty(len(order), dtype=np.int64)
        rank[order] = np.arange(len(order))
        other = np.where(self.neighbors >= 0, rank[np.maximum(self.neighbors, 0)], -1)
        return rank[:, None] > other

    def shading(self, camera: Camera) -> np.ndarray:
        """Per-face light added to the colour (0 where the camera does not shade)."""
        if not getattr(camera, "should_apply_shading", False):
            return np.zeros(len(self.quads))
        light = camera.light_source.points[0]
        to_sun = light - self.face_centers
        to_sun /= np.linalg.norm(to_sun, axis=1, keepdims=True)
        amount = 0.5 * np.einsum("ij,ij->i", self.normals, to_sun) ** 3
        return self.shading_strength * np.where(amount < 0, 0.5 * amount, amount)

    def draw_order(self, camera: Camera) -> np.ndarray:
        """Face indices back to front (smallest depth first, as manim's ``z_key`` sorts)."""
        rot = camera.get_rotation_matrix() if hasattr(camera, "get_rotation_matrix") else np.eye(3)
        return np.argsort(self.face_centers @ rot.T[:, 2], kind="stable")

    def draw_cairo(self, camera: Camera, ctx: cairo.Context) -> None:
        xy = _project(camera, self, self.vertices)[:, :2]
        if not np.all(np.isfinite(xy)):
            return
        light = self.shading(camera)[:, None]
        fill = np.clip(self.face_rgb + light, 0, 1)[:, ::-1]  # BGR for Cairo, as manim does
        stroke = np.clip(self.stroke_rgb[None] + light, 0, 1)[:, ::-1]
        order = self.draw_order(camera)
        corners = xy[self.quads[order]]  # (faces, 4, 2) in draw order
        quads = corners.reshape(len(order), 8).tolist()
        edges = np.concatenate([corners, np.roll(corners, -1, axis=1)], axis=2).tolist()
        owned = self.stroked_edges(order)[order].tolist()
        fills, strokes = fill[order].tolist(), stroke[order].tolist()
        alpha = self.mesh_fill_opacity
        width = self.mesh_stroke_width * camera.cairo_line_width_multiple
        new_path, move_to, line_to, close_path = (
            ctx.new_path,
            ctx.move_to,
            ctx.line_to,
            ctx.close_path,
        )
        set_source, set_antialias = ctx.set_source_rgba, ctx.set_antialias
        fill, stroke_path = ctx.fill, ctx.stroke
        # With edges stroked, faces are filled without antialiasing: the antialiased stroke
        # covers every edge, so the frame differs from an all-antialiased one by < 0.02/255 on
        # average (and < 20/255 anywhere), at ~60% of the Cairo time. The strokes use Cairo's
        # faster 4×4-sample antialiasing (0.14/255 on average).
        fill_aa = cairo.ANTIALIAS_NONE if width > 0 else cairo.ANTIALIAS_DEFAULT
        ctx.save()
        ctx.set_line_width(width)
        ctx.set_line_cap(cairo.LINE_CAP_BUTT)  # whatever the last mobject left: round caps
        ctx.set_line_join(cairo.LINE_JOIN_MITER)  # cost more and are invisible at this width
        for (x0, y0, x1, y1, x2, y2, x3, y3), face_edges, own, f, s in zip(
            quads, edges, owned, fills, strokes, strict=True
        ):
            new_path()
            move_to(x0, y0)
            line_to(x1, y1)
            line_to(x2, y2)
            line_to(x3, y3)
            close_path()
            set_source(f[0], f[1], f[2], alpha)
            set_antialias(fill_aa)
            fill()
            if width > 0 and (own[0] or own[1] or own[2] or own[3]):
                for (ax, ay, bx, by), mine in zip(face_edges, own, strict=True):
                    if mine:
                        move_to(ax, ay)
                        line_to(bx, by)
                set_antialias(cairo.ANTIALIAS_FAST)  # thin grey lines: no visible difference
                set_source(s[0], s[1], s[2], 1.0)
                stroke_path()
        ctx.restore()


class RasterOverlay(CairoDrawn):
    """Still mobjects fixed in the frame (titles, legends), rasterized once and composited.

    Under a moving 3-D camera manim redraws every mobject every frame; a legend of a few hundred
    glyphs then costs more than the scene itself. The overlay draws each of ``mobjects`` with a
    2-D camera into a transparent image cropped to it, the first time it is shown (again if the
    frame changes), and paints those images afterwards. Use it only for mobjects that do not
    change.
    """

    def __init__(self, *mobjects: Mobject) -> None:
        content = VGroup(*mobjects)
        super().__init__(anchor=content.get_center())
        self.content = content  # not a submobject: the camera must not draw it again
        self._key: tuple | None = None
        self._images: list[tuple[cairo.ImageSurface, int, int, np.ndarray]] = []

    @staticmethod
    def _rasterize(camera: Camera, mob: Mobject) -> tuple | None:
        flat = LeanCamera(
            pixel_width=camera.pixel_width,
            pixel_height=camera.pixel_height,
            frame_width=camera.frame_width,
            frame_height=camera.frame_height,
            frame_center=np.array(camera.frame_center, dtype=np.float64),
            background_color="#000000",  # fully transparent: only the content is drawn
            background_opacity=0.0,
        )
        flat.capture_mobjects([mob])
        pixels = flat.pixel_array  # premultiplied ARGB32 bytes, as Cairo wrote them
        alpha = pixels[:, :, 3]
        rows, cols = np.flatnonzero(alpha.any(axis=1)), np.flatnonzero(alpha.any(axis=0))
        if len(rows) == 0:
            return None
        y0, y1, x0, x1 = rows[0], rows[-1] + 1, cols[0], cols[-1] + 1
        crop = np.ascontiguousarray(pixels[y0:y1, x0:x1])
        surface = cairo.ImageSurface.create_for_data(
            crop.data, cairo.FORMAT_ARGB32, int(x1 - x0), int(y1 - y0), int(crop.strides[0])
        )
        return surface, int(x0), int(y0), crop  # keep ``crop`` alive: Cairo reads its memory

    def draw_cairo(self, camera: Camera, ctx: cairo.Context) -> None:
        key = (
            camera.pixel_width,
            camera.pixel_height,
            camera.frame_width,
            camera.frame_height,
            tuple(np.asarray(camera.frame_center, dtype=np.float64).tolist()),
        )
        if key != self._key:
            images = (self._rasterize(camera, mob) for mob in self.content)
            self._key, self._images = key, [im for im in images if im is not None]
        ctx.save()
        ctx.identity_matrix()
        for surface, x0, y0, _ in self._images:
            ctx.set_source_surface(surface, x0, y0)
            ctx.rectangle(x0, y0, surface.get_width(), surface.get_height())
            ctx.fill()
        ctx.restore()


class PixelImage(CairoDrawn):
    """An RGBA image (``(h, w, 4)`` uint8) shown in a box ``height`` tall, pixels as squares.

    manim's ``ImageMobject`` on the Cairo camera resizes the image with PIL and composites it
    over the whole frame (~10 ms per image at 1080p); this one paints the image through Cairo
    with nearest-neighbour filtering, straight into its box. Its points are the box's corners,
    so ``move_to``, ``next_to`` and ``scale`` work as for any mobject. :meth:`set_pixels` swaps
    the image.
    """

    def __init__(self, rgba: np.ndarray, height: float, center: Sequence[float] = (0, 0, 0)):
        super().__init__(anchor=center)
        self.set_pixels(rgba)
        h, w = self.rgba.shape[:2]
        half = np.array([0.5 * height * w / h, 0.5 * height, 0.0])
        c = np.asarray(center, dtype=np.float64)
        signs = np.array([[-1, 1, 0], [1, 1, 0], [1, -1, 0], [-1, -1, 0], [-1, 1, 0]])
        # the box's outline: top-left, top-right, bottom-right, bottom-left, top-left
        self.points = polyline_points(c + signs * half)

    def set_pixels(self, rgba: np.ndarray) -> PixelImage:
        a = np.asarray(rgba, dtype=np.uint8)
        if a.ndim != 3 or a.shape[2] != 4:
            raise ValueError(f"rgba must be (h, w, 4) uint8; got shape {a.shape}")
        alpha = a[:, :, 3:4].astype(np.uint16)
        premultiplied = (a[:, :, :3].astype(np.uint16) * alpha + 127) // 255
        # Premultiplied R, G, B, A bytes: the byte order of manim's pixel arrays, which Cairo
        # reads as ARGB32 (manim hands Cairo its colours as (b, g, r) for the same reason).
        self._bgra = np.ascontiguousarray(
            np.concatenate([premultiplied, alpha], axis=2).astype(np.uint8)
        )
        h, w = a.shape[:2]
        self._surface = cairo.ImageSurface.create_for_data(
            self._bgra.data, cairo.FORMAT_ARGB32, w, h, int(self._bgra.strides[0])
        )
        self.rgba = a
        return self

    def draw_cairo(self, camera: Camera, ctx: cairo.Context) -> None:
        h, w = self.rgba.shape[:2]
        corners = _project(camera, self, self.points)[:, :2]
        (left, bottom), (right, top) = corners.min(axis=0), corners.max(axis=0)
        if not (right > left and top > bottom):
            return
        ctx.save()
        # frame coordinates have y up; image rows go down from the top-left corner
        ctx.translate(left, top)
        ctx.scale((right - left) / w, -(top - bottom) / h)
        ctx.set_source_surface(self._surface, 0, 0)
        ctx.get_source().set_filter(cairo.FILTER_NEAREST)
        ctx.rectangle(0, 0, w, h)
        ctx.fill()
        ctx.restore()
