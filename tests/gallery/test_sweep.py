"""``vizdl sweep``: a grid of variants of one entry, checked by its knobs, built as one job list,
with a page of the variants side by side."""

from __future__ import annotations

import json
import math
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import cli_error
from tests.test_site import CHROMIUM_ARGS
from vizdl.cli import cli
from vizdl.config import load_config
from vizdl.gallery.registry import GalleryError, load_gallery
from vizdl.gallery.sweep import make_sweep, parse_axes


def alpha(root: Path):
    cfg = load_config(root)
    return load_gallery(cfg.root, cfg.gallery).get("alpha")  # knobs n (int 2..10000), slope


def values(entry, *settings: str, n: int | None = None, log: bool = False) -> list[list]:
    return [list(a.values) for a in parse_axes(entry, settings, n, log)]


def test_ranges_and_lists_give_the_values_asked_for(demo: Path) -> None:
    e = alpha(demo)
    assert values(e, "n=2..10", n=5) == [[2, 4, 6, 8, 10]]
    assert values(e, "slope=-1..1", n=3) == [[-1.0, 0.0, 1.0]]
    got = values(e, "slope=0.01..1", n=3, log=True)[0]
    assert got[0] == 0.01 and got[2] == 1.0 and math.isclose(got[1], 0.1, rel_tol=1e-12)
    assert values(e, "n=3,5,7", "slope=0.5") == [[3, 5, 7], [0.5]]
    axes = parse_axes(e, ["n=3,5", "slope=-1,0,1"])
    sweep = make_sweep(e, axes)
    # every combination, the first knob slowest, each variant's knobs set and checked
    assert [dict(v.params) for v in sweep.variants] == [
        {"n": n, "slope": s} for n in (3, 5) for s in (-1.0, 0.0, 1.0)
    ]
    assert [v.name for v in sweep.variants] == [f"alpha-0{i}" for i in range(1, 7)]
    assert sweep.command == "vizdl sweep alpha --set n=3,5 --set slope=-1.0,0.0,1.0"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--set", "n=2..4", "--n", "5"], "there are 3 integers from 2 to 4: use --n 3 or fewer"),
        (["--set", "slope=0..20", "--n", "3"], "slope = 20.0: it is above 10"),
        (["--set", "slope=0..1"], "a range needs --n N"),
        (["--set", "n=1.5..3", "--n", "2"], "START and STOP must be integers"),
        (["--set", "slope=a..b", "--n", "2"], "is not START..STOP with two numbers"),
        (["--set", "slope=1..1", "--n", "2"], "two different finite numbers"),
        (["--set", "slope=-1..1", "--n", "3", "--log"], "--log needs START and STOP above 0"),
        (["--set", "bogus=1,2"], "has no knob 'bogus'"),
        (["--set", "slope=1,2,1"], "lists slope=1.0 twice"),
        (["--set", "slope=1,,2"], "has an empty value"),
        (["--set", "n=1,2"], "n = 1: it is below 2"),
        (["--set", "slope=1,2", "--n", "3"], "--n 3 applies to a START..STOP range"),
        (["--set", "slope=1,2", "--set", "slope=3"], "is given twice"),
        ([], "a sweep needs at least one --set"),
    ],
)
def test_a_bad_sweep_is_one_line_and_nothing_runs(demo: Path, args, expected) -> None:
    line = cli_error("sweep", "alpha", *args)
    assert expected in line
    assert not (demo / "alpha-sweep").exists()


def test_a_sweep_never_replaces_a_gallery_sites_index(demo: Path) -> None:
    r = CliRunner().invoke(cli, ["build", "-q", "--only", "gamma"], catch_exceptions=False)
    assert r.exit_code == 0, r.output
    before = (demo / "site/index.html").read_text()
    line = cli_error("sweep", "alpha", "--set", "slope=1,2", "--out", "site")
    assert "is a gallery site built by 'vizdl build'" in line
    assert (demo / "site/index.html").read_text() == before


def _links(page: str) -> list[str]:
    """Every href and src, but the empty favicon every vizdl page has (``data:,``)."""
    return [u for u in re.findall(r'(?:href|src)="([^"]+)"', page) if u != "data:,"]


def test_a_sweep_checks_each_variants_claims_and_shows_them_side_by_side(
    demo: Path, monkeypatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("VIZDL_DEMO_CLAIM", "holds")  # epsilon claims its line rises
    r = CliRunner().invoke(
        cli, ["sweep", "epsilon", "--set", "slope=-1,1", "--set", "n=5,9"], catch_exceptions=False
    )
    # the falling lines contradict the claim: those variants fail with the sentence
    assert r.exit_code == 1
    assert "2 rendered, 0 cached, 2 failed" in r.output
    failed = [line for line in r.output.splitlines() if line.startswith("  failed:")]
    assert len(failed) == 2
    assert all(
        "(slope=-1.0, n=" in f and "claim does not hold: 'The line rises" in f for f in failed
    )
    out = demo / "epsilon-sweep"
    for i, (slope, n) in enumerate([(-1.0, 5), (-1.0, 9), (1.0, 5), (1.0, 9)], 1):
        folder = out / f"entries/epsilon-0{i}"
        if slope < 0:
            assert not (folder / "meta.json").exists()
            assert "does not hold" in json.loads((folder / "failed.json").read_text())["error"]
            continue
        meta = json.loads((folder / "meta.json").read_text())
        assert meta["params"] == {"n": n, "slope": slope}
        assert len(json.loads((folder / "data.json").read_text())["x"]) == n
        # the caption is filled from this variant's own fitted slope, and its claims hold
        assert [c["holds"] for c in meta["claims"] if not c["lecture"]] == [True]
        assert re.search(r"fitted slope is 0\.9\d|fitted slope is 1\.0\d", meta["caption"])
    page = (out / "index.html").read_text()
    # a table: slope down, n across; the values under each picture; failed cards say why
    assert page.count('class="card sweep-card ok"') == 2
    assert page.count('class="card sweep-card failed"') == 2
    assert page.count("does not hold: &#39;The line rises") == 2
    assert "<code>slope</code> = <strong>-1</strong>" in page
    assert "<code>n</code> = <strong>9</strong>" in page
    assert "vizdl sweep epsilon --set slope=-1.0,1.0 --set n=5,9" in page
    # every link is relative and leads to a file in the folder (offline)
    links = _links(page)
    assert links and all(not re.match(r"^[a-z]+:|^/", u) for u in links), links
    assert all((out / u).is_file() for u in links), [u for u in links if not (out / u).is_file()]
    assert "entries/epsilon-03/epsilon-03.svg" in links
    # a variant's page gives the command that reproduces it from the gallery's entry
    sub = (out / "entries/epsilon-04/index.html").read_text()
    assert "vizdl render epsilon --out epsilon --set n=9" in sub
    # the page in a real browser: every thumbnail loads
    from playwright.sync_api import sync_playwright

    exe = shutil.which("chromium")
    assert exe, "chromium is required (apt-get install chromium)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            pg = browser.new_page(viewport={"width": 1200, "height": 900})
            errors: list[str] = []
            pg.on("pageerror", lambda e: errors.append(str(e)))
            pg.goto((out / "index.html").as_uri())
            pg.wait_for_load_state("load")
            widths = pg.evaluate("[...document.images].map(i => i.naturalWidth)")
            cells = pg.evaluate(
                "[...document.querySelectorAll('.knob-values')].map(e => e.innerText)"
            )
            pg.screenshot(path=str(tmp_path / "sweep.png"), full_page=True)
        finally:
            browser.close()
    assert widths == [480, 480] and errors == []
    assert [c.replace("\n", " ") for c in cells] == [
        "slope = -1 n = 5", "slope = -1 n = 9", "slope = 1 n = 5", "slope = 1 n = 9",
    ]  # fmt: skip
    # run again: every variant that was built is cached, the failed ones are tried again
    r = CliRunner().invoke(
        cli, ["sweep", "epsilon", "--set", "slope=-1,1", "--set", "n=5,9"], catch_exceptions=False
    )
    assert "0 rendered, 2 cached, 2 failed" in r.output


def test_a_real_entry_swept_over_momentum(demo: Path, monkeypatch) -> None:
    """momentum-ravine of the real gallery at two momenta: each variant's own numbers."""
    root = Path(__file__).resolve().parents[2]
    monkeypatch.chdir(root)
    out = demo / "ravine"
    r = CliRunner().invoke(
        cli,
        ["sweep", "momentum-ravine", "--set", "momentum=0.7..0.8", "--n", "2", "--out", str(out)],
        catch_exceptions=False,
    )
    assert r.exit_code == 0, r.output
    assert "2 rendered, 0 cached, 0 failed" in r.output
    metas = [
        json.loads((out / f"entries/momentum-ravine-0{i}/meta.json").read_text()) for i in (1, 2)
    ]
    assert [m["params"]["momentum"] for m in metas] == [0.7, 0.8]
    assert all(c["holds"] is not False for m in metas for c in m["claims"])
    # each caption quotes its own γ, and the numbers differ between the variants
    assert "(γ = 0.7)" in metas[0]["caption"] and "(γ = 0.8)" in metas[1]["caption"]
    assert (
        metas[0]["file_info"]["data.npz"]["sha256"] != metas[1]["file_info"]["data.npz"]["sha256"]
    )
    page = (out / "index.html").read_text()
    assert "<code>momentum</code> = <strong>0.7</strong>" in page
    assert page.count('class="card sweep-card ok"') == 2
    with pytest.raises(GalleryError):  # the knob's declaration bounds a range's ends too
        e = load_gallery(root, "gallery").get("momentum-ravine")
        parse_axes(e, ["momentum=0.5..1.5"], 3)
