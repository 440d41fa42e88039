"""``--set KEY=VALUE``: an entry's knobs from the command line (render and build), checked
against their declarations, and the site's "Reproduce" command that gives them back."""

from __future__ import annotations

import json
import shlex
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from tests.conftest import run_vizdl
from vizdl.cli import cli
from vizdl.gallery.registry import load_gallery


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_render_with_set_computes_with_the_values_given(demo: Path, tmp_path: Path) -> None:
    r = invoke("render", "beta", "--out", str(tmp_path / "b"), "--set", "n=7", "--set", "slope=2.5")
    assert r.exit_code == 0, r.output
    meta = json.loads((tmp_path / "b" / "meta.json").read_text())
    assert meta["params"] == {"n": 7, "slope": 2.5}
    with np.load(tmp_path / "b" / "data.npz") as data:  # the demo's sim draws n points
        assert {len(data[k]) for k in data.files if data[k].ndim == 1} == {7}


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("nn=7", "entry 'beta' has no knob 'nn' (did you mean 'n'?); its knobs: n, slope"),
        ("slop=1", "has no knob 'slop' (did you mean 'slope'?)"),
        ("n=seven", "n = 'seven' does not read as an integer from 2 to 10000"),
        ("n=1", "n = 1: it is below 2; allowed: an integer from 2 to 10000"),
        ("slope=11", "slope = 11.0: it is above 10; allowed: a number from -10 to 10"),
        ("n", "--set 'n' is not KEY=VALUE; the knobs of 'beta': n, slope"),
        ("=3", "--set '=3' is not KEY=VALUE"),
    ],
)
def test_a_bad_setting_gets_one_line_naming_it_and_what_is_allowed(
    demo: Path, tmp_path: Path, setting: str, expected: str
) -> None:
    r = run_vizdl("render", "beta", "--out", str(tmp_path / "b"), "--set", setting, cwd=demo)
    assert r.returncode == 1
    assert expected in r.stderr, r.stderr
    assert "Traceback" not in r.stderr + r.stdout
    assert [line for line in r.stderr.splitlines() if line.startswith("Error")] == [
        r.stderr.strip()
    ]
    assert not (tmp_path / "b").exists()  # nothing was written


def test_build_with_set_builds_the_selected_entry_so_and_its_page_says_how(demo: Path) -> None:
    assert invoke("build", "-q", "--only", "beta", "--set", "n=12").exit_code == 0
    meta = json.loads((demo / "site" / "entries" / "beta" / "meta.json").read_text())
    assert meta["params"]["n"] == 12
    page = (demo / "site" / "entries" / "beta" / "index.html").read_text()
    assert "--set n=12" in page
    assert "slope=" not in page  # only the knob that differs from its default
    # the params table shows the values the files were made with
    assert "<td>12</td>" in page.replace(" ", "") or ">12<" in page
    # the next build without --set sees the difference and builds the defaults again
    r = invoke("build", "--dry-run", "--only", "beta")
    assert "stale" in r.output and "params" in r.output
    assert invoke("build", "-q", "--only", "beta").exit_code == 0
    page = (demo / "site" / "entries" / "beta" / "index.html").read_text()
    assert "--set" not in page
    meta = json.loads((demo / "site" / "entries" / "beta" / "meta.json").read_text())
    assert meta["params"] == {"n": 30, "slope": -1.0}


def test_build_with_a_knob_a_selected_entry_lacks_says_which_and_how_to_pick(demo: Path) -> None:
    r = run_vizdl("build", "--set", "sleep=0.5", cwd=demo)  # only gamma has it
    assert r.returncode == 1
    assert "entry 'alpha' has no knob 'sleep'" in r.stderr, r.stderr
    assert "pick those with --only" in r.stderr
    assert not (demo / "site").exists()


def test_the_reproduce_command_renders_the_same_files(demo: Path, tmp_path: Path) -> None:
    assert (
        invoke("build", "-q", "--only", "beta", "--set", "slope=0.30000000000000004").exit_code == 0
    )
    page = (demo / "site" / "entries" / "beta" / "index.html").read_text()
    start = page.index("vizdl render beta")
    command = shlex.split(page[start : page.index("<", start)].replace("&#39;", "'"))
    assert "slope=0.30000000000000004" in command  # every digit survives the round trip
    out = tmp_path / "again"
    command[command.index("--out") + 1] = str(out)
    assert invoke(*command[1:]).exit_code == 0
    built = demo / "site" / "entries" / "beta"
    assert (out / "data.npz").read_bytes() == (built / "data.npz").read_bytes()


def test_every_gallery_knob_round_trips_through_its_command_line_text() -> None:
    """``--set KEY=TEXT`` with the text the site prints gives back the very value: for every
    knob of every entry in the real gallery, its default and, for lists, a reversed copy."""
    reg = load_gallery(Path(__file__).resolve().parent.parent)
    n = 0
    for e in reg.entries.values():
        for key, kn in e.knobs.items():
            values = [kn.default]
            if kn.kind in ("ints", "floats", "strs", "tuples") and kn.length is None:
                values.append(tuple(reversed(kn.default)))
            for v in values:
                text = f"{key}={kn.text(v)}"
                got = e.with_settings([text]).params[key]
                assert got == v and type(got) is type(v), (e.name, text, got, v)
                n += 1
    assert n > 300  # every entry's knobs, not a handful


def test_a_knob_set_twice_is_refused_not_silently_the_last(demo: Path, tmp_path: Path) -> None:
    r = run_vizdl(
        "render", "beta", "--out", str(tmp_path / "b"), "--set", "n=3", "--set", "n=4", cwd=demo
    )
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "--set n is given twice ('n=4'); set each knob once" in r.stderr, r.stderr
    assert not (tmp_path / "b").exists()
    from vizdl.gallery.registry import GalleryError

    race = load_gallery(Path(__file__).resolve().parent.parent).get("race-beale")
    for twice, says in [
        (["lr.Adam=0.05", "lr.Adam=0.1"], "--set lr.Adam is given twice"),
        (["lr=Adam:0.05,Adam:0.1"], "Adam is given twice"),
    ]:
        with pytest.raises(GalleryError, match=says):
            race.with_settings(twice)
    # a table written with braces, as TOML and Python write one, reads as without them
    braces = race.with_settings(["lr={Adam:0.05, SGD:0.1}"]).params["lr"]
    assert braces == race.with_settings(["lr=Adam:0.05,SGD:0.1"]).params["lr"]
    assert braces == {"SGD": 0.1, "Adam": 0.05}


def test_the_index_card_titles_an_entry_as_its_build_made_it(demo: Path) -> None:
    import dataclasses

    from vizdl.gallery.site import write_site

    assert invoke("build", "-q", "--only", "beta", "--set", "n=12").exit_code == 0
    reg = load_gallery(demo)
    beta = reg.entries["beta"]
    # a title quoting a knob, as the races' "Optimizer race: {surface}" does
    reg.entries["beta"] = dataclasses.replace(beta, title_template="Beta with n = {n}").titled()
    assert reg.entries["beta"].title == "Beta with n = 30"  # the default's title
    write_site(reg, demo / "site")
    index = (demo / "site" / "index.html").read_text()
    assert "Beta with n = 12" in index and "Beta with n = 30" not in index
    page = (demo / "site" / "entries" / "beta" / "index.html").read_text()
    assert "Beta with n = 12" in page
