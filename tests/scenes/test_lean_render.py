"""The fast drawing paths are checked against what manim itself draws.

Mesh surface vs manim's ``Surface`` on the ``ThreeDCamera``, dot clouds vs ``Dot`` markers,
raster overlays vs the mobjects drawn directly, live arrows vs ``Arrow``, chunked plays vs one
``play``: each pair is rendered (small frames) or computed and compared.
"""

from __future__ import annotations

import tempfile

import numpy as np
import pytest
from manim import (
    DEGREES,
    DOWN,
    RIGHT,
    UP,
    Arrow,
    Axes,
    Dot,
    Surface,
    ThreeDAxes,
    ThreeDCamera,
    ValueTracker,
    VGroup,
    linear,
    tempconfig,
)
from manim.camera.camera import Camera

from vizdl.render.manim import (
    DataScene,
    _visible_pieces,
    arrow_geometry,
    clip_segments,
    label,
    make_dot_cloud,
    make_trace,
    to_scene,
)
from vizdl.render.manim.lean import (
    DotCloud,
    LeanCamera,
    LeanThreeDCamera,
    MeshSurface,
    PixelImage,
    RasterOverlay,
)

W, H = 480, 270  # small frames: the comparisons are about geometry and colour, not resolution


def small(cls, **kw):
    return cls(pixel_width=W, pixel_height=H, background_color="#ffffff", **kw)


def rgb(camera: Camera) -> np.ndarray:
    return camera.pixel_array[:, :, :3].astype(int)


def ink(a: np.ndarray) -> np.ndarray:
    """Pixels that are not the white background."""
    return (255 - a).max(axis=2) > 12


def orient(camera: ThreeDCamera, theta_deg: float) -> None:
    camera.set_phi(62 * DEGREES)
    camera.set_theta(theta_deg * DEGREES)
    camera.set_zoom(0.9)
    camera.reset_rotation_matrix()


def saddle_axes() -> ThreeDAxes:
    return ThreeDAxes(
        x_range=[-2, 2, 1],
        y_range=[-2, 2, 1],
        z_range=[-4, 4, 2],
        x_length=6,
        y_length=6,
        z_length=4.5,
    )


@pytest.mark.parametrize("shading", [False, True])
@pytest.mark.parametrize("theta", [-50, 10, 70])
def test_mesh_surface_draws_what_manims_surface_draws(theta: float, shading: bool) -> None:
    ax = saddle_axes()
    n = 8
    colors = ["#dfe6ef", "#9fb0c8"]  # (the order of painting is checked in the next test)
    surface = Surface(
        lambda u, v: ax.c2p(u, v, u * u - v * v),
        u_range=[-2, 2],
        v_range=[-2, 2],
        resolution=(n, n),
        fill_opacity=0.55,
        checkerboard_colors=colors,
        stroke_color="#9aa3b2",
        stroke_width=0.8,
    )
    u = np.linspace(-2, 2, n + 1)
    U, V = np.meshgrid(u, u, indexing="ij")
    grid = np.stack([U, V, U * U - V * V], axis=-1)
    mesh = MeshSurface(
        to_scene(ax, grid.reshape(-1, 3)).reshape(grid.shape),
        colors,
        fill_opacity=0.55,
        stroke_color="#9aa3b2",
        stroke_width=0.8,
    )
    # A black background: lit faces shade towards white, and must still count as surface.
    kw = dict(pixel_width=W, pixel_height=H, background_color="#000000")
    ref = ThreeDCamera(should_apply_shading=shading, **kw)
    lean = LeanThreeDCamera(should_apply_shading=shading, **kw)
    for cam in (ref, lean):
        orient(cam, theta)
    ref.capture_mobjects([surface])
    lean.capture_mobjects([mesh])
    a, b = rgb(ref), rgb(lean)
    on_a, on_b = a.max(axis=2) > 12, b.max(axis=2) > 12
    assert on_a.mean() > 0.1  # the surface fills a good part of the frame
    # Same silhouette and painter's order: covered pixels agree but along antialiased edges.
    assert (on_a != on_b).mean() < 0.005
    diff = np.abs(a - b)[on_a & on_b]
    if shading:
        # manim shades each face with a two-stop gradient between two corners; the mesh shades
        # it flat at its centre with the same rule.
        assert diff.mean() < 8
    else:
        # Flat colours: identical inside the faces; differences only on the edge lines.
        assert np.median(diff) == 0
        assert diff.mean() < 5


def test_mesh_faces_are_painted_back_to_front_and_each_edge_stroked_once() -> None:
    ax = saddle_axes()
    n = 6
    u = np.linspace(-2, 2, n + 1)
    U, V = np.meshgrid(u, u, indexing="ij")
    grid = np.stack([U, V, U * U - V * V], axis=-1)
    mesh = MeshSurface(to_scene(ax, grid.reshape(-1, 3)).reshape(grid.shape), ["#dddddd"])
    cam = small(LeanThreeDCamera)
    orient(cam, 30)
    order = mesh.draw_order(cam)
    depth = mesh.face_centers @ cam.get_rotation_matrix().T[:, 2]
    assert np.all(np.diff(depth[order]) >= 0)  # farthest (most negative z) first, as manim sorts
    owned = mesh.stroked_edges(order)
    rank = np.empty(len(order), int)
    rank[order] = np.arange(len(order))
    # Every undirected grid edge is stroked by exactly one face: the later-drawn of its two faces.
    strokes: dict[frozenset, list[int]] = {}
    for f, quad in enumerate(mesh.quads):
        for k in range(4):
            if owned[f, k]:
                strokes.setdefault(frozenset((quad[k], quad[(k + 1) % 4])), []).append(f)
    assert len(strokes) == 2 * n * (n + 1)
    assert all(len(fs) == 1 for fs in strokes.values())
    for f, quad in enumerate(mesh.quads):
        for k in range(4):
            other = mesh.neighbors[f, k]
            if other >= 0:
                edge = frozenset((quad[k], quad[(k + 1) % 4]))
                assert set(mesh.quads[other]) >= edge  # the neighbour really shares this edge
                assert strokes[edge] == [f if rank[f] > rank[other] else other]


def test_dot_cloud_draws_what_dot_markers_draw() -> None:
    rng = np.random.default_rng(3)
    ax = Axes(x_range=[-1, 1, 1], y_range=[-1, 1, 1], x_length=6, y_length=3.4)
    pts = rng.uniform(-1, 1, size=(60, 2))
    colors = [["#0072B2", "#D55E00", "#009E73"][i % 3] for i in range(60)]
    scene_pts = to_scene(ax, pts)
    cloud = DotCloud(colors, radius=0.06).set_centers(scene_pts)
    dots = VGroup(*(Dot(p, radius=0.06, color=c) for p, c in zip(scene_pts, colors, strict=True)))
    ref, lean = small(Camera), small(LeanCamera)
    ref.capture_mobjects([dots])
    lean.capture_mobjects([cloud])
    a, b = rgb(ref), rgb(lean)
    assert ink(a).mean() > 0.004  # 60 dots of 4 px radius
    assert (ink(a) != ink(b)).mean() < 0.002
    assert np.abs(a - b)[ink(a) & ink(b)].mean() < 4  # the same colours


def test_dot_cloud_follows_the_tracker_and_hides_dots_outside_the_box() -> None:
    ax = Axes(x_range=[0, 4, 1], y_range=[0, 4, 1], x_length=4, y_length=4)
    paths = np.array(
        [
            [[1.0, 1.0], [3.0, 1.0]],
            [[2.0, 2.0], [5.0, 2.0]],  # leaves the box [0, 4]² before its end
            [[1.0, 3.0], [np.inf, np.inf]],  # diverges
        ]
    ).transpose(1, 0, 2)  # (T+1, n, 2)
    t = ValueTracker(0.5)
    cloud = make_dot_cloud(ax, paths, t, ["#000000"] * 3, box=(np.zeros(2), np.full(2, 4.0)))
    np.testing.assert_allclose(cloud.centers[0], ax.c2p(2.0, 1.0))
    np.testing.assert_allclose(cloud.centers[1], ax.c2p(3.5, 2.0))
    assert not np.isfinite(cloud.centers[2]).any()
    t.set_value(1.0)
    cloud.update()
    np.testing.assert_allclose(cloud.centers[0], ax.c2p(3.0, 1.0))
    assert not np.isfinite(cloud.centers[1]).any()


def test_raster_overlay_paints_what_the_mobjects_draw() -> None:
    title = label("Escaping the saddle x² − y²", font_size=28).to_edge(UP, buff=0.25)
    legend = VGroup(*(label(f"row {i}", font_size=20) for i in range(3))).arrange(DOWN)
    legend.to_corner(RIGHT + DOWN)
    ref = small(Camera)
    ref.capture_mobjects([title, legend])
    lean = small(LeanThreeDCamera)
    orient(lean, 40)  # a turned 3-D camera: the overlay stays fixed in the frame
    lean.capture_mobjects([RasterOverlay(title, legend)])
    a, b = rgb(ref), rgb(lean)
    assert ink(a).mean() > 0.005
    assert np.abs(a - b).max() <= 2  # the same pixels, composited from the cached images


@pytest.mark.parametrize(
    "start,end", [((0, 0, 0), (3, 1, 0)), ((1, 1, 0), (1.1, 1.05, 0)), ((0, 0, 0), (0, -0.4, 0))]
)
def test_arrow_geometry_matches_manims_arrow(start, end) -> None:
    start, end = np.array(start, float), np.array(end, float)
    kw = dict(stroke_width=6, tip_length=0.2, max_tip_length_to_length_ratio=0.3)
    arrow = Arrow(start, end, buff=0, **kw)
    shaft, tip, width = arrow_geometry(start, end, **kw)
    np.testing.assert_allclose(shaft, arrow.points[[0, -1]], atol=1e-9)
    ref_tip = arrow.tip.get_vertices()
    # The same triangle (manim lists its corners from another one).
    assert sorted(map(tuple, np.round(tip, 9))) == sorted(map(tuple, np.round(ref_tip, 9)))
    assert width == pytest.approx(arrow.get_stroke_width())


def reference_pieces(points, clips, t):
    """The original loop: polylines up to fractional step t, cut where the path leaves the box."""
    t = float(np.clip(t, 0, len(points) - 1))
    k = int(np.floor(t))
    pieces, joined = [], False
    for i in range(min(k + 1, len(clips))):
        t0, t1 = clips[i]
        if i == k:
            t1 = min(t1, t - k)
        if t0 > t1:
            joined = False
            continue
        a, d = points[i], points[i + 1] - points[i]
        if joined and t0 == 0.0:
            pieces[-1].append(a + t1 * d)
        else:
            pieces.append([a + t0 * d, a + t1 * d])
        joined = t1 == 1.0
    return [np.array(p) for p in pieces]


def test_visible_pieces_equal_the_reference_loop_and_split_at_any_start() -> None:
    rng = np.random.default_rng(0)

    def length(pieces):
        return sum(np.linalg.norm(np.diff(p, axis=0), axis=1).sum() for p in pieces)

    for _ in range(400):
        T = int(rng.integers(1, 25))
        pts = rng.normal(size=(T + 1, 2)) * rng.choice([0.5, 1.0, 3.0])
        if rng.random() < 0.3:
            pts[rng.integers(0, T + 1)] = np.nan
        if rng.random() < 0.2:
            pts[rng.integers(0, T + 1) :] = np.inf
        with np.errstate(invalid="ignore"):
            clips = clip_segments(pts, np.array([-1.0, -1.0]), np.array([1.0, 1.0]))
        for t in (0.0, float(rng.uniform(0, T)), float(T), float(rng.integers(0, T + 1))):
            got, want = _visible_pieces(pts, clips, t), reference_pieces(pts, clips, t)
            assert len(got) == len(want)
            for g, w in zip(got, want, strict=True):
                np.testing.assert_array_equal(g, w)
            s = float(rng.uniform(0, t)) if t > 0 else 0.0
            split = _visible_pieces(pts, clips, s) + _visible_pieces(pts, clips, t, s)
            assert length(split) == pytest.approx(length(want), rel=1e-12, abs=1e-12)


def _render(scene_cls, quality: str = "low") -> None:
    from vizdl.gallery.runner import manim_config

    with (
        tempfile.TemporaryDirectory() as tmp,
        tempconfig(manim_config(quality, tmp, write_to_movie=False)),
    ):
        scene_cls().render()


@pytest.mark.parametrize("run_time", [2.0, 2.3, 7 / 15])
def test_play_traced_shows_the_frames_of_one_linear_play(run_time: float) -> None:
    frames: dict[str, list] = {}
    images: dict[str, np.ndarray] = {}
    rng = np.random.default_rng(1)
    path = np.cumsum(rng.normal(size=(41, 2)) * 0.2, axis=0)
    for mode in ("single", "chunked"):
        values: list[float] = []

        class S(DataScene):
            def construct(self, mode: str = mode, values: list = values) -> None:
                self.camera.background_color = "#ffffff"
                t = ValueTracker(0)
                ax = Axes(x_range=[-3, 3, 1], y_range=[-3, 3, 1], x_length=6, y_length=6)
                trace = make_trace(
                    ax, path, t, "#0072B2", width=4, box=(np.full(2, -2.0), np.full(2, 2.0))
                )
                render = self.renderer.render

                def record(scene, time, moving):
                    values.append(t.get_value())
                    return render(scene, time, moving)

                self.renderer.render = record
                self.add(ax, trace)
                if mode == "single":
                    self.play(t.animate.set_value(40), run_time=run_time, rate_func=linear)
                else:
                    self.play_traced({t: 40}, run_time=run_time, chunks=5)
                    assert len(self._frozen_layer) >= 4  # parts handed to still copies
                values.append(t.get_value())
                self.renderer.update_frame(self)
                images[mode] = self.renderer.camera.pixel_array[:, :, :3].astype(int)

        _render(S)
        frames[mode] = values
    np.testing.assert_allclose(frames["chunked"], frames["single"], rtol=0, atol=1e-12)
    # The final picture (still copies + the live trace) is the single play's.
    a, b = images["single"], images["chunked"]
    assert ink(a).mean() > 0.002
    assert (ink(a) != ink(b)).mean() < 0.001
    assert np.abs(a - b).mean() < 0.2


def test_data_scenes_get_the_lean_cameras() -> None:
    from manim import ThreeDScene

    class Flat(DataScene):
        pass

    class Deep(DataScene, ThreeDScene):
        pass

    with tempconfig({"quality": "low_quality", "verbosity": "ERROR", "write_to_movie": False}):
        assert isinstance(Flat().renderer.camera, LeanCamera)
        assert isinstance(Deep().renderer.camera, LeanThreeDCamera)


def test_live_arrow_moves_without_replacing_its_mobjects() -> None:
    from vizdl.render.manim import make_live_arrow

    t = ValueTracker(0.0)
    arrow = make_live_arrow(lambda: (np.zeros(3), np.array([1.0 + t.get_value(), 0, 0])), "#000000")
    family = arrow.get_family()
    t.set_value(2.0)
    arrow.update()
    assert arrow.get_family() == family
    assert arrow[1].points[:, 0].max() == pytest.approx(3.0)  # the tip is at the new end
    np.testing.assert_allclose(arrow[0].points[0], np.zeros(3))


def test_zero_copy_frames_encode_the_same_video(tmp_path) -> None:
    import av
    from manim import Dot, Scene
    from manim.scene.video_segment_encoder import VideoSegmentEncoder

    from vizdl.gallery.runner import manim_config
    from vizdl.render.manim.encoding import use_zero_copy_frames

    assert use_zero_copy_frames()  # in place for the manim and PyAV this project pins
    fast = VideoSegmentEncoder.write_frame
    assert fast._vizdl_zero_copy

    class Clip(Scene):
        def construct(self) -> None:
            self.camera.background_color = "#ffffff"
            d = Dot(color="#D55E00", radius=0.4)
            self.play(d.animate.shift(3 * RIGHT).scale(0.5), run_time=1.0)
            self.wait(0.4)  # a repeated (frozen) frame

    decoded = {}
    for mode, method in (("manim", fast.__wrapped__), ("zero-copy", fast)):
        VideoSegmentEncoder.write_frame = method
        try:
            with tempconfig(manim_config("low", tmp_path / mode)):
                scene = Clip()
                scene.render()
                movie = scene.renderer.file_writer.movie_file_path
        finally:
            VideoSegmentEncoder.write_frame = fast
        with av.open(str(movie)) as c:
            decoded[mode] = [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]
    assert len(decoded["manim"]) == len(decoded["zero-copy"]) == 21  # 15 + 6 frames at 15 fps
    for a, b in zip(decoded["manim"], decoded["zero-copy"], strict=True):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(decoded["manim"][0], decoded["manim"][14])  # the dot moved


def test_pixel_image_paints_what_an_image_mobject_shows() -> None:
    from manim import ImageMobject
    from manim.constants import RESAMPLING_ALGORITHMS

    rgba = np.zeros((28, 28, 4), np.uint8)
    rgba[..., 3] = 255
    rgba[:14, :14, :3] = [213, 94, 0]  # four colours: orientation and channel order show
    rgba[:14, 14:, :3] = [0, 114, 178]
    rgba[14:, :14, :3] = [0, 158, 115]
    rgba[14:, 14:, :3] = [240, 228, 66]
    rgba[3:5, 3:20, :3] = [20, 20, 20]
    img = ImageMobject(rgba.copy())
    img.set_resampling_algorithm(RESAMPLING_ALGORITHMS["nearest"])
    img.height = 3.0
    img.move_to([1.0, -0.5, 0])
    pix = PixelImage(rgba, 3.0, [1.0, -0.5, 0])
    np.testing.assert_allclose(pix.get_center(), img.get_center(), atol=1e-9)
    np.testing.assert_allclose([pix.width, pix.height], [img.width, img.height], atol=1e-9)
    ref, lean = small(Camera), small(LeanCamera)
    ref.capture_mobjects([img])
    lean.capture_mobjects([pix])
    a, b = rgb(ref), rgb(lean)
    assert ink(a).mean() > 0.05
    assert (ink(a) != ink(b)).mean() < 0.001
    diff = np.abs(a - b)[ink(a) & ink(b)]
    assert np.median(diff) == 0 and diff.mean() < 2  # only where pixel edges fall differently
    # a new image replaces the old one
    pix.set_pixels(rgba[::-1])
    lean.reset()
    lean.capture_mobjects([pix])
    assert np.abs(rgb(lean) - b).mean() > 5
