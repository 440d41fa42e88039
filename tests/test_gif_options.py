"""The animations' GIF size and frame rate (for LMS uploads): --gif-width/--gif-fps and the
config keys gif_width/gif_fps reach the file, and a change makes only the GIF's entries stale."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from tests.conftest import cli_error as fail
from vizdl.cli import cli


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _gif(path: Path) -> tuple[int, int, float]:
    """(width, frames, total seconds) of a GIF."""
    with Image.open(path) as g:
        total = 0
        for i in range(g.n_frames):
            g.seek(i)
            total += g.info["duration"]
        return g.width, g.n_frames, total / 1000


def test_gif_width_and_fps_reach_the_file_and_the_cache_key(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIZDL_DEMO_ANIMATION", "1")
    assert invoke("build", "-q", "--only", "dot", "--quality", "low").exit_code == 0
    gif = demo / "site" / "entries" / "dot" / "dot.gif"
    w0, n0, t0 = _gif(gif)
    assert w0 == 640  # the default
    r = invoke(
        "build",
        "--dry-run",
        "--only",
        "dot",
        "--quality",
        "low",
        "--gif-width",
        "240",
        "--gif-fps",
        "5",
    )
    assert "stale" in r.output
    assert (
        invoke(
            "build",
            "-q",
            "--only",
            "dot",
            "--quality",
            "low",
            "--gif-width",
            "240",
            "--gif-fps",
            "5",
        ).exit_code
        == 0
    )
    w1, n1, t1 = _gif(gif)
    assert w1 == 240
    assert n1 < n0 / 2  # 5 of the video's 15 frames per second: a third of the frames
    assert t1 == pytest.approx(t0, abs=0.25)  # and the same running time
    # the same settings from the config file: cached, nothing to do
    (demo / "vizdl.toml").write_text(
        'gallery = "gallery"\nout = "site"\ngif_width = 240\ngif_fps = 5\n'
    )
    r = invoke("build", "--dry-run", "--only", "dot", "--quality", "low")
    assert "cached" in r.output, r.output


@pytest.mark.parametrize(
    ("body", "parts"),
    [
        ("gif_width = 50\n", ["key 'gif_width' must be a whole number from 120 to 3840", "got 50"]),
        ("gif_fps = 0\n", ["key 'gif_fps' must be a whole number from 1 to 60", "got 0"]),
        ('gif_fps = "10"\n', ["key 'gif_fps'", "got '10'"]),
    ],
)
def test_bad_gif_settings_are_one_line(demo: Path, body: str, parts: list[str]) -> None:
    (demo / "vizdl.toml").write_text('gallery = "gallery"\nout = "site"\n' + body)
    line = fail("build", "--dry-run")
    for p in parts:
        assert p in line, line
    line = fail("build", "--dry-run", "--gif-width", "100")
    assert "100 is not in the range 120<=x<=3840" in line
