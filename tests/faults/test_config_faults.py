"""Bad configuration and bad ``render`` flags: one ``Error:`` line, a non-zero exit, no traceback.

Config errors are triggered with ``vizdl list`` / ``vizdl build --dry-run`` (no rendering); each
message must name the file, the key, the bad value and what is allowed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import cli_error as fail
from tests.conftest import run_vizdl
from vizdl.cli import cli

ALL_FORMATS = "png, svg, pdf, mp4, webm, gif"
QUALITIES = "low, medium, high, 4k"


def assert_names(line: str, *parts: str) -> None:
    for part in parts:
        assert part in line, f"{part!r} not in {line!r}"


def write_vizdl_toml(demo: Path, body: str) -> Path:
    path = demo / "vizdl.toml"
    path.write_text('gallery = "gallery"\nout = "site"\n' + body, encoding="utf-8")
    return path.resolve()


def use_pyproject(demo: Path, body: str | bytes) -> Path:
    (demo / "vizdl.toml").unlink()
    path = demo / "pyproject.toml"
    if isinstance(body, bytes):
        path.write_bytes(body)
    else:
        path.write_text(body, encoding="utf-8")
    return path.resolve()


# One bad value per case, for every key of Config (checked below).
CONFIG_CASES = [
    ("only = [1]\n", ["key 'only'", "item 1", "in only = [1]", "non-empty string"]),
    ("exclude = [1]\n", ["key 'exclude'", "item 1", "exclude = [1]", "non-empty string"]),
    ('exclude = ["alpha", ""]\n', ["key 'exclude'", "item ''", "non-empty string"]),
    ('only = "alpha"\n', ["key 'only'", "list of entry-name globs", "got 'alpha'"]),
    ("formats = []\n", ["key 'formats'", "at least one format", "got []", ALL_FORMATS]),
    ('formats = ["png", "bmp"]\n', ["key 'formats'", "'bmp' is not a format", ALL_FORMATS]),
    ("formats = [1]\n", ["key 'formats'", "1 is not a format", ALL_FORMATS]),
    ('formats = "png"\n', ["key 'formats'", "must be a list", "got 'png'", ALL_FORMATS]),
    ('quality = "ultra"\n', [f"quality 'ultra' is not one of {QUALITIES}"]),
    ("quality = 3\n", [f"quality 3 is not one of {QUALITIES}"]),
    ("jobs = 0\n", ["key 'jobs' must be >= 1, got 0"]),
    ("jobs = true\n", ["key 'jobs'", "whole number >= 1", "got true"]),
    ("jobs = 2.5\n", ["key 'jobs'", "whole number >= 1", "got 2.5"]),
    ('out = ""\n', ["key 'out'", "non-empty folder path", "got ''"]),
    ('out = "  "\n', ["key 'out'", "non-empty folder path", "got '  '"]),
    ("out = 5\n", ["key 'out'", "non-empty folder path", "got 5"]),
    ('gallery = ""\n', ["key 'gallery'", "non-empty folder path", "got ''"]),
    ("title = 5\n", ["key 'title'", "must be a string", "got 5"]),
    ('static_only = "yes"\n', ["key 'static_only'", "true or false", "got 'yes'"]),
    (
        'root = "elsewhere"\n',
        ["unknown key 'root'", "allowed: entries, exclude, formats, gallery, gif_fps, gif_width"],
    ),
    ("tool = 1\n", ["key 'tool' must be a table", "[tool.vizdl]", "got tool = 1"]),
    ("gif_width = 50\n", ["key 'gif_width' must be a whole number from 120 to 3840", "got 50"]),
    ("gif_fps = 61\n", ["key 'gif_fps' must be a whole number from 1 to 60", "got 61"]),
    ('theme = "nope"\n', ["key 'theme'", "'nope' is not light, dark, print or the path"]),
    ("entries = 1\n", ["key 'entries' must be an array of tables", "[[entries]]", "got 1"]),
    ("entries = [1]\n", ["key 'entries': 1 is not a table", 'from = "race-beale"']),
    ('entries = [{from = "alpha"}]\n', ['needs name = "..."', "got {from = 'alpha'}"]),
    ('entries = [{name = "a2"}]\n', ['needs from = "..."', "got {name = 'a2'}"]),
    (
        'entries = [{name = "a2", from = "alpha", title = 3}]\n',
        ["entry 'a2': title must be a string, got 3"],
    ),
]


@pytest.mark.parametrize(("body", "parts"), CONFIG_CASES, ids=[b.strip() for b, _ in CONFIG_CASES])
def test_bad_value_in_vizdl_toml(demo: Path, body: str, parts: list[str]) -> None:
    path = demo / "vizdl.toml"
    path.write_text(body, encoding="utf-8")  # the defaults (gallery/, build/site) suit the demo
    line = fail("build", "--dry-run")
    assert_names(line, f"{path.resolve()}:", *parts)


def test_every_config_key_has_a_bad_value_case() -> None:
    from vizdl.config import KEYS

    covered = {body.split("=")[0].strip() for body, _ in CONFIG_CASES}
    assert set(KEYS) <= covered


def test_good_values_for_every_key_still_load(demo: Path) -> None:
    write_vizdl_toml(
        demo,
        'jobs = 2\nquality = "low"\nformats = ["SVG", "png"]\nonly = ["a*", "beta"]\n'
        'exclude = ["beta"]\nstatic_only = false\ntitle = "T"\n',
    )
    r = CliRunner().invoke(cli, ["build", "--dry-run"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    assert [line.split()[0] for line in r.output.splitlines()[:-1]] == ["alpha"]


def test_vizdl_toml_that_is_not_utf8(demo: Path) -> None:
    (demo / "vizdl.toml").write_bytes(b'gallery = "gallery"\ntitle = "caf\xe9"\n')
    line = fail("list")
    assert_names(line, str((demo / "vizdl.toml").resolve()), "not UTF-8", "0xe9", "line 2")


def test_vizdl_toml_that_is_not_utf8_in_a_real_process(demo: Path) -> None:
    (demo / "vizdl.toml").write_bytes(b'title = "\xff"\n')
    r = run_vizdl("list", cwd=demo)
    assert r.returncode == 1
    assert "Traceback" not in r.stdout + r.stderr
    errors = [line for line in r.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1 and "vizdl.toml: not UTF-8 text (byte 0xff on line 1)" in errors[0]


def test_vizdl_toml_with_keys_outside_its_tool_vizdl_table(demo: Path) -> None:
    path = demo / "vizdl.toml"
    path.write_text('title = "x"\n[tool.vizdl]\ngallery = "gallery"\n', encoding="utf-8")
    line = fail("list")
    assert_names(line, str(path.resolve()), "key 'title' is outside [tool.vizdl]")


@pytest.mark.parametrize(
    ("body", "parts"),
    [
        ("tool = 1\n", ["key 'tool' must be a table", "got tool = 1", "[tool.vizdl]"]),
        ("[tool]\nvizdl = 5\n", ["[tool.vizdl] must be a table", "got vizdl = 5"]),
        ('[tool]\nvizdl = "yes"\n', ["[tool.vizdl] must be a table", "got vizdl = 'yes'"]),
        ('vizdl = "yes"\n', ["settings go in a [tool.vizdl] table", "vizdl = 'yes'"]),
        ("[tool.vizdl\ngallery = 1\n", ["invalid TOML", "Expected ']'", "line 1"]),
        ('[tool.vizdl]\nquality = "ultra"\n', [f"quality 'ultra' is not one of {QUALITIES}"]),
        ("[tool.vizdl]\nformats = []\n", ["key 'formats'", "got []", ALL_FORMATS]),
    ],
    ids=[
        "tool-not-table",
        "vizdl-int",
        "vizdl-str",
        "top-level-vizdl",
        "malformed",
        "quality",
        "formats",
    ],
)
def test_bad_pyproject(demo: Path, body: str, parts: list[str]) -> None:
    path = use_pyproject(demo, body)
    line = fail("list")
    assert_names(line, f"{path}:", *parts)


def test_pyproject_that_is_not_utf8(demo: Path) -> None:
    path = use_pyproject(demo, b'[tool.vizdl]\ntitle = "\xfe"\n')
    assert_names(fail("list"), f"{path}:", "not UTF-8", "0xfe", "line 2")


def test_malformed_pyproject_above_the_current_folder_is_reported(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = use_pyproject(demo, '[tool.vizdl]\ntitle = "unterminated\n')
    sub = demo / "gallery" / "deeper"
    sub.mkdir()
    monkeypatch.chdir(sub)
    assert_names(fail("list"), f"{path}: invalid TOML", "line 2")


def test_pyproject_without_tool_vizdl_is_passed_over(demo: Path) -> None:
    use_pyproject(demo, '[project]\nname = "other"\n')
    r = CliRunner().invoke(cli, ["list"], catch_exceptions=False)
    assert r.exit_code == 0 and "alpha" in r.output


def test_vizdl_toml_wins_over_a_malformed_pyproject_beside_it(demo: Path) -> None:
    (demo / "pyproject.toml").write_text("[broken\n", encoding="utf-8")
    r = CliRunner().invoke(cli, ["list"], catch_exceptions=False)
    assert r.exit_code == 0 and "alpha" in r.output


def test_config_flag_pointing_at_a_pyproject_without_tool_vizdl(demo: Path) -> None:
    (demo / "pyproject.toml").write_text('[project]\nname = "x"\n', encoding="utf-8")
    line = fail("--config", "pyproject.toml", "list")
    assert_names(line, str((demo / "pyproject.toml").resolve()), "has no [tool.vizdl] table")


@pytest.mark.parametrize(
    ("formats", "wrong"),
    [("mp4", "mp4 does not apply"), ("svg,mp4,gif", "mp4, gif do not apply")],
    ids=["none-apply", "some-apply"],
)
def test_render_figure_with_animation_formats(
    demo: Path, tmp_path: Path, formats: str, wrong: str
) -> None:
    out = tmp_path / "one"
    line = fail("render", "alpha", "--formats", formats, "--out", str(out))
    assert_names(line, "'--formats'", wrong, "'alpha', a figure", "png, svg, pdf")
    assert not out.exists()


def test_render_animation_with_figure_formats(
    demo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VIZDL_DEMO_ANIMATION", "1")
    out = tmp_path / "one"
    line = fail("render", "dot", "--formats", "png", "--out", str(out))
    assert_names(line, "png does not apply", "'dot', an animation", "mp4, webm, gif")
    assert not out.exists()


@pytest.mark.parametrize("out", ["", "  "], ids=["empty", "blank"])
def test_render_with_an_empty_out(demo: Path, out: str) -> None:
    line = fail("render", "alpha", "--out", out)
    assert_names(line, "'--out'", f"{out!r} is not a folder", "./alpha")
    assert not (demo / "alpha").exists()
