"""The command line, through click's CliRunner and as a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import BETA_OUTPUTS, run_vizdl
from vizdl import __version__
from vizdl.cli import cli


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_version_and_help() -> None:
    assert invoke("--version").output.strip() == f"vizdl, version {__version__}"
    out = invoke("--help").output
    for cmd in ("build", "list", "render", "clean", "doctor", "completion"):
        assert cmd in out


def test_list_plain_and_json(demo: Path) -> None:
    r = invoke("list")
    assert r.exit_code == 0
    assert [line.split()[0] for line in r.output.splitlines()] == ["alpha", "beta", "gamma"]
    rows = json.loads(invoke("list", "--json").output)
    assert rows[1] == {
        "name": "beta",
        "title": "Beta scatter",
        "topic": "demo",
        "kind": "figure",
        "formats": ["png", "svg", "pdf"],
        "seed": 3,
        "params": {"n": 30, "slope": -1.0},
        "knobs": {
            "n": {
                "default": 30,
                "kind": "int",
                "help": "number of points",
                "allowed": "an integer from 2 to 10000",
                "low": 2,
                "high": 10_000,
            },
            "slope": {
                "default": -1.0,
                "kind": "float",
                "help": "slope of the line",
                "allowed": "a number from -10 to 10",
                "low": -10.0,
                "high": 10.0,
            },
        },
        "caption": "",
        "claims": [],
    }


def test_knobs_lists_each_parameter_with_its_range_and_meaning(demo: Path) -> None:
    r = invoke("knobs", "beta")
    assert r.exit_code == 0
    assert r.output.splitlines() == [
        "n = 30",
        "    number of points",
        "    allowed: an integer from 2 to 10000",
        "slope = -1",
        "    slope of the line",
        "    allowed: a number from -10 to 10",
    ]
    r = invoke("knobs", "bta")
    assert r.exit_code == 1 and "no entry named 'bta' (did you mean 'beta'?)" in r.output


def test_the_real_gallery_lists_its_entries() -> None:
    root = Path(__file__).resolve().parent.parent
    r = run_vizdl("list", "--json", cwd=root)
    assert r.returncode == 0, r.stderr
    names = {row["name"] for row in json.loads(r.stdout)}
    assert {"learning-rate-regimes", "momentum-ravine", "momentum-ravine-animation"} <= names


def test_dry_run_says_cached_or_stale_and_why(demo: Path) -> None:
    r = invoke("build", "--dry-run")
    assert r.exit_code == 0
    assert "alpha  figure     stale  (never built)" in r.output
    assert invoke("build", "-q", "--quality", "low").exit_code == 0
    r = invoke("build", "--dry-run")
    assert [
        line.split()[2]
        for line in r.output.splitlines()
        if line.strip() and not line.startswith("0 of")
    ] == ["cached"] * 3
    r = invoke("build", "--dry-run", "--force", "--only", "beta")
    assert "beta  figure     stale  (--force)" in r.output


def test_render_one_entry_into_a_folder(demo: Path, tmp_path: Path) -> None:
    r = invoke("render", "alpha", "--out", str(tmp_path / "one"), "--formats", "svg")
    assert r.exit_code == 0, r.output
    files = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert files == ["alpha.svg", "data.csv", "data.json", "data.npz", "meta.json", "thumb.png"]


def test_clean_removes_only_vizdl_sites(demo: Path, tmp_path: Path) -> None:
    other = tmp_path / "precious"
    other.mkdir()
    (other / "thesis.tex").write_text("keep me")
    r = invoke("clean", "--out", str(other))
    assert r.exit_code == 1 and "was not built by vizdl" in r.output
    assert (other / "thesis.tex").exists()
    invoke("build", "-q")
    assert (demo / "site").is_dir()
    assert invoke("clean").exit_code == 0
    assert not (demo / "site").exists()


def test_completion_and_doctor() -> None:
    r = invoke("completion", "bash")
    assert r.exit_code == 0 and "_VIZDL_COMPLETE" in r.output
    r = CliRunner().invoke(cli, ["doctor"])
    assert "numpy" in r.output and "manim" in r.output and "chromium" in r.output


@pytest.mark.parametrize(
    ("args", "config", "expected"),
    [
        (["render", "no-such-entry"], None, "no entry named 'no-such-entry'"),
        (["render", "alpah"], None, "no entry named 'alpah' (did you mean 'alpha'?)"),
        (
            ["build", "--quality", "ultra"],
            None,
            "'ultra' is not one of 'low', 'medium', 'high', '4k'",
        ),
        (["build", "--jobs", "0"], None, "0 is not in the range x>=1"),
        (
            ["build", "--formats", "bmp"],
            None,
            "'bmp' is not a format; allowed: png, svg, pdf, mp4, webm, gif",
        ),
        (["build", "--only", "zzz*"], None, "--only 'zzz*' matches no entry"),
        (["build"], 'qualty = "low"\n', "unknown key 'qualty' (did you mean 'quality'?)"),
        (["build"], 'quality = "ultra"\n', "quality 'ultra' is not one of low, medium, high, 4k"),
        (["build"], "jobs = 0\n", "key 'jobs' must be >= 1, got 0"),
        (
            ["build", "--out", "vizdl.toml/site"],
            None,
            "cannot write to output folder 'vizdl.toml/site'",
        ),
        (
            ["build", "--out", "/proc/vizdl-site"],
            None,
            "cannot write to output folder '/proc/vizdl-site'",
        ),
    ],
)
def test_bad_input_gets_one_clear_line_and_no_traceback(demo: Path, args, config, expected) -> None:
    if config is not None:
        (demo / "vizdl.toml").write_text('gallery = "gallery"\nout = "site"\n' + config)
    r = run_vizdl(*args, cwd=demo)
    assert r.returncode != 0
    assert expected in r.stderr, r.stderr
    assert "Traceback" not in r.stderr + r.stdout
    error_lines = [line for line in r.stderr.splitlines() if line.startswith("Error")]
    assert len(error_lines) == 1


def test_render_is_byte_identical_across_processes(demo: Path, tmp_path: Path) -> None:
    for out in ("a", "b"):
        r = run_vizdl("render", "beta", "--out", str(tmp_path / out), cwd=demo)
        assert r.returncode == 0, r.stderr
    for name in BETA_OUTPUTS:
        a, b = (tmp_path / "a" / name).read_bytes(), (tmp_path / "b" / name).read_bytes()
        assert a == b, name


def test_config_title_reaches_the_site(demo: Path) -> None:
    (demo / "vizdl.toml").write_text(
        'gallery = "gallery"\nout = "site"\ntitle = "EE 541 figures"\n'
    )
    assert invoke("build", "-q").exit_code == 0
    index = (demo / "site/index.html").read_text()
    assert "<title>EE 541 figures</title>" in index and "<h1>EE 541 figures</h1>" in index
