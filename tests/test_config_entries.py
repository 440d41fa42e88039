"""Entries of your own in vizdl.toml: ``[[entries]]`` with a ``name``, the entry to start
``from`` and knob values. They are listed, built, cached, checked and shown like built-ins, and
a bad one is one line naming the file, the entry and what is allowed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import cli_error as fail
from vizdl.cli import cli

OWN = """
[[entries]]
name = "beta-steep"
from = "beta"
slope = 4.5
n = 12

[[entries]]
name = "alpha-mine"
from = "alpha"
title = "My alpha"
"""


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def write(demo: Path, body: str) -> Path:
    path = demo / "vizdl.toml"
    path.write_text('gallery = "gallery"\nout = "site"\n' + body, encoding="utf-8")
    return path.resolve()


def test_own_entries_are_listed_with_their_knob_values_as_defaults(demo: Path) -> None:
    write(demo, OWN)
    rows = {r["name"]: r for r in json.loads(invoke("list", "--json").output)}
    assert list(rows) == ["alpha", "beta", "gamma", "beta-steep", "alpha-mine"]
    steep = rows["beta-steep"]
    assert steep["params"] == {"n": 12, "slope": 4.5}
    assert steep["topic"] == "demo" and steep["seed"] == 3  # the rest is beta's
    assert steep["title"] == "Beta scatter (n=12, slope=4.5)"  # says what differs
    assert {k: v["default"] for k, v in steep["knobs"].items()} == {"n": 12, "slope": 4.5}
    assert rows["alpha-mine"]["title"] == "My alpha"
    assert rows["beta"]["params"] == {"n": 30, "slope": -1.0}  # the original is untouched


def test_own_entries_build_cache_and_reproduce_like_built_ins(demo: Path) -> None:
    write(demo, OWN)
    assert invoke("build", "-q", "--only", "beta*").exit_code == 0
    site = demo / "site" / "entries"
    meta = json.loads((site / "beta-steep" / "meta.json").read_text())
    assert meta["params"] == {"n": 12, "slope": 4.5}
    import numpy as np

    with np.load(site / "beta-steep" / "data.npz") as d, np.load(site / "beta" / "data.npz") as b:
        assert {len(d[k]) for k in d.files if d[k].ndim == 1} == {12}
        assert {len(b[k]) for k in b.files if b[k].ndim == 1} == {30}
    page = (site / "beta-steep" / "index.html").read_text()
    assert "vizdl render beta-steep --out beta-steep" in page and "--set" not in page
    assert "Beta scatter (n=12, slope=4.5)" in (demo / "site" / "index.html").read_text()
    r = invoke("build", "--dry-run", "--only", "beta*")
    assert [line.split()[2] for line in r.output.splitlines()[:-1]] == ["cached", "cached"]
    # editing the knob value in the config makes that entry (and only it) stale
    write(demo, OWN.replace("slope = 4.5", "slope = 2.0"))
    r = invoke("build", "--dry-run", "--only", "beta*")
    states = {line.split()[0]: line.split()[2] for line in r.output.splitlines()[:-1]}
    assert states == {"beta": "cached", "beta-steep": "stale"}


@pytest.mark.parametrize(
    ("body", "parts"),
    [
        (
            '[[entries]]\nname = "x"\nfrom = "betta"\n',
            ["entry 'x': from = 'betta'", "no entry named 'betta' (did you mean 'beta'?)"],
        ),
        (
            '[[entries]]\nname = "x"\nfrom = "beta"\nslop = 2\n',
            [
                "entry 'x' (from 'beta')",
                "no knob 'slop' (did you mean 'slope'?)",
                "its knobs: n, slope",
                "an entry's own keys: name, from, title",
            ],
        ),
        (
            '[[entries]]\nname = "x"\nfrom = "beta"\nn = 1\n',
            [
                "entry 'x' (from 'beta')",
                "n = 1: it is below 2; allowed: an integer from 2 to 10000",
            ],
        ),
        (
            '[[entries]]\nname = "beta"\nfrom = "alpha"\n',
            ["entry 'beta': there is already an entry named 'beta'; pick another name"],
        ),
        (
            '[[entries]]\nname = "Bad Name"\nfrom = "alpha"\n',
            ["entry name 'Bad Name' must be lowercase letters, digits and '-'"],
        ),
        (
            '[[entries]]\nname = "alpha-slide"\nfrom = "alpha"\n',
            ["entry name 'alpha-slide' must not end in '-slide' or '-slide-N'"],
        ),
        (
            '[[entries]]\nname = "alpha-slide-2"\nfrom = "alpha"\n',
            ["entry name 'alpha-slide-2' must not end in '-slide' or '-slide-N'"],
        ),
    ],
    ids=[
        "unknown-from",
        "unknown-knob",
        "bad-value",
        "name-taken",
        "bad-name",
        "slide-name",
        "slide-k-name",
    ],
)
def test_a_bad_own_entry_is_one_line_naming_file_entry_and_what_is_allowed(
    demo: Path, body: str, parts: list[str]
) -> None:
    path = write(demo, body)
    line = fail("list")
    for part in [f"{path}:", *parts]:
        assert part in line, f"{part!r} not in {line!r}"
