"""The momentum scene rendered for real at low quality: video metadata and frame content."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest
from PIL import Image

from scenes.optimizers import MomentumRavine
from tests.scenes.jobs import animation_job
from vizdl.gallery.runner import run_entry

pytestmark = pytest.mark.slow


class ShortRavine(MomentumRavine):
    """A 2-second variant (variants are subclasses)."""

    seconds = 2.0


def job(outdir: Path, formats: list[str]):
    return animation_job(
        outdir,
        "vizdl.sim.optimizers.momentum:momentum_ravine",
        f"{__name__}:ShortRavine",
        {"steps": 30},
        topic="optimizers",
        name="ravine",
        formats=tuple(formats),
    )


def colour_fraction(img: Image.Image, hex_colour: str, tol: int = 40) -> float:
    a = np.asarray(img.convert("RGB")).astype(int)
    target = np.array([int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)])
    return float((np.abs(a - target).max(axis=2) < tol).mean())


def test_scene_renders_web_ready_video_poster_and_derived_formats(tmp_path: Path) -> None:
    res = run_entry(job(tmp_path, ["mp4", "webm", "gif"]))
    assert res["ok"], res.get("traceback")
    mp4 = tmp_path / "ravine.mp4"
    with av.open(str(mp4)) as c:
        s = c.streams.video[0]
        assert s.codec_context.name == "h264"
        assert s.codec_context.pix_fmt == "yuv420p"
        assert (s.codec_context.width, s.codec_context.height) == (854, 480)
        assert float(s.average_rate) == 15
        n_frames = sum(1 for _ in c.decode(s))
    assert n_frames == 15 * 3  # 2 s of motion + 1 s hold at 15 fps
    head = mp4.read_bytes()
    assert 0 <= head.find(b"moov") < head.find(b"mdat"), "moov must come first (faststart)"
    # The gallery's H.264 settings reached x264 (it writes them into the stream): "veryfast"
    # (subme=2, one reference frame) at CRF 20, on the threads the runner chose.
    import re

    from vizdl.gallery.runner import VIDEO_ENCODER_OPTIONS

    found = re.search(rb"x264 - core .*? options: ([^\x00]*)", head)
    assert found, "no x264 settings in the stream"
    x264 = dict(kv.split("=", 1) for kv in found.group(1).decode().split() if "=" in kv)
    assert x264["crf"] == "20.0" and x264["subme"] == "2" and x264["ref"] == "1"
    assert x264["threads"] == VIDEO_ENCODER_OPTIONS["threads"]
    with av.open(str(tmp_path / "ravine.webm")) as c:
        s = c.streams.video[0]
        assert s.codec_context.name in ("vp9", "libvpx-vp9")
        assert sum(1 for _ in c.decode(s)) == n_frames
    gif = Image.open(tmp_path / "ravine.gif")
    assert gif.width == 640 and gif.n_frames > 10
    # Identical frames (the final hold) are merged by the encoder; the running time is kept.
    total_ms = 0
    for i in range(gif.n_frames):
        gif.seek(i)
        total_ms += gif.info["duration"]
    assert total_ms == pytest.approx(n_frames * 1000 / 15, rel=0.03)
    poster = Image.open(tmp_path / "ravine.poster.png")
    assert poster.size == (854, 480)
    # Both paths are drawn in their Okabe-Ito colours on the last frame.
    assert colour_fraction(poster, "#D55E00") > 0.001
    assert colour_fraction(poster, "#0072B2") > 0.001
    assert Image.open(tmp_path / "thumb.png").width == 480


def test_scene_first_and_last_frames_differ(tmp_path: Path) -> None:
    res = run_entry(job(tmp_path, ["mp4"]))
    assert res["ok"], res.get("traceback")
    with av.open(str(tmp_path / "ravine.mp4")) as c:
        frames = [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]
    first, last = frames[0].astype(int), frames[-1].astype(int)

    # The traces grow: the last frame has far more coloured (path) pixels than the first.
    def blue(a):
        return (np.abs(a - np.array([0, 114, 178])).max(axis=2) < 40).sum()

    assert blue(last) > 3 * max(blue(first), 1)


def test_traces_are_clipped_to_the_box_with_gaps_where_the_path_is_outside() -> None:
    from vizdl.render.manim import _visible_pieces, clip_segments

    pts = np.array(
        [[0.0, 0.0], [0.5, 0.5], [1.5, 1.0], [0.5, 0.0], [0.0, 0.0], [np.nan, np.nan], [0.2, 0.2]]
    )
    clips = clip_segments(pts, np.array([-1.0, -1.0]), np.array([1.0, 1.0]))
    pieces = _visible_pieces(pts, clips, t=6.0)
    # Inside to (0.5, 0.5), out through x = 1 at (1, 0.75); back in at (1, 0.5), on to the origin;
    # the non-finite point breaks the path.
    assert len(pieces) == 2
    np.testing.assert_allclose(pieces[0], [[0, 0], [0.5, 0.5], [1.0, 0.75]])
    np.testing.assert_allclose(pieces[1], [[1.0, 0.5], [0.5, 0.0], [0.0, 0.0]])
    # Part-way along a segment, the head is interpolated (and clipped).
    np.testing.assert_allclose(_visible_pieces(pts, clips, t=1.25)[0][-1], [0.75, 0.625])
    np.testing.assert_allclose(_visible_pieces(pts, clips, t=1.9)[0][-1], [1.0, 0.75])


def test_traces_follow_their_axes_when_moved() -> None:
    from manim import RIGHT, Axes, ValueTracker

    from vizdl.render.manim import make_trace

    ax = Axes(x_range=[0, 1, 1], y_range=[0, 1, 1], x_length=2, y_length=2)
    t = ValueTracker(1)
    trace = make_trace(ax, np.array([[0.0, 0.0], [1.0, 1.0]]), t, "#000000")
    ax.shift(3 * RIGHT)
    trace.update()
    np.testing.assert_allclose(trace.get_start(), ax.c2p(0, 0))
    np.testing.assert_allclose(trace.get_end(), ax.c2p(1, 1))


def test_step_counter_shows_the_tracker_step() -> None:
    from manim import Text, ValueTracker

    from vizdl.render.manim import make_step_counter
    from vizdl.style import THEME

    refs = {}
    for c in "0123456789":
        g = Text(c, font=THEME.mono, font_size=22, color=THEME.ink)[0]
        refs[c] = g.points - g.get_center()

    def digit_of(slot) -> str:
        shape = slot.points - slot.get_center()
        matches = [
            c
            for c, ref in refs.items()
            if ref.shape == shape.shape and np.allclose(ref, shape, atol=1e-6)
        ]
        assert len(matches) == 1
        return matches[0]

    t = ValueTracker(0)
    counter = make_step_counter(t, 150)
    family_before = counter.get_family()
    for value, text in [(0, "0"), (7.6, "7"), (42, "42"), (150, "150"), (999, "150"), (-3, "0")]:
        t.set_value(value)
        counter.update()
        shown = [slot for slot in counter[1] if len(slot.points)]
        assert "".join(digit_of(s) for s in shown) == text
        assert len(counter[1][-1].points)  # right-aligned: the units slot always shows a digit
    # The drawn mobjects never change (manim fixes them when play starts).
    assert counter.get_family() == family_before


def test_lr_sweep_scene_renders(tmp_path: Path) -> None:
    from scenes.optimizers import LRSweepScene

    class Short(LRSweepScene):
        seconds = 1.0

    globals()["_ShortLRSweep"] = Short
    j = animation_job(
        tmp_path,
        "vizdl.sim.optimizers.learning_rates:lr_sweep_paths",
        f"{__name__}:_ShortLRSweep",
        {"n_lrs": 5, "steps": 20},
        name="ravine",
    )
    res = run_entry(j)
    assert res["ok"], res.get("traceback")
    with av.open(str(tmp_path / "ravine.mp4")) as c:
        frames = [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]
    assert len(frames) > 15 and not np.array_equal(frames[0], frames[-1])
