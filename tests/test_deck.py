"""``vizdl deck TOPIC``: a topic's entries as a reveal.js deck that works offline from file://,
checked in headless Chromium: every slide in lecture order, every figure loaded, every video
playing, the caption in the speaker notes, nothing fetched from outside the folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import cli_error as fail
from tests.test_site import CHROMIUM_ARGS
from vizdl.cli import cli


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def deck(demo: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("VIZDL_DEMO_ANIMATION", "1")
    r = invoke("deck", "demo", "--out", "lecture-deck", "--quality", "low")
    assert r.exit_code == 0, r.output
    return demo / "lecture-deck"


def test_the_deck_is_self_contained(deck: Path) -> None:
    files = json.loads((deck / ".vizdl-deck.json").read_text())["files"]
    assert "reveal/reveal.js" in files and "reveal/LICENSE" in files
    assert {f for f in files if f.startswith("media/")} == {
        "media/alpha.svg",  # the demo's figures have no slide layout: the figure itself
        "media/beta.svg",
        "media/gamma.svg",
        "media/dot.mp4",
        "media/dot.poster.png",
        "media/dot.webm",
    }
    for f in files:
        assert (deck / f).is_file(), f
    html = (deck / "index.html").read_text()
    assert "http://" not in html and "https://" not in html  # no CDN


def test_the_deck_plays_in_chromium_from_file_urls(deck: Path) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    exe = shutil.which("chromium")
    assert exe, "chromium is required (apt-get install chromium)"
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        outside: list[str] = []
        page.on(
            "request", lambda r: outside.append(r.url) if not r.url.startswith("file://") else None
        )
        page.goto((deck / "index.html").as_uri())
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        n = page.evaluate("Reveal.getTotalSlides()")
        assert n == 5  # the title slide and the topic's four entries
        seen = []
        for i in range(1, n):
            page.evaluate(f"Reveal.slide({i})")
            slide = "Reveal.getCurrentSlide()"
            name = page.evaluate(f"{slide}.dataset.entry")
            seen.append(name)
            if name == "dot":
                # the video starts by itself (data-autoplay) and its time advances
                page.wait_for_function(
                    f"{slide}.querySelector('video').currentTime > 0", timeout=10_000
                )
                assert page.evaluate(f"{slide}.querySelector('video').readyState") >= 2
            else:
                page.wait_for_function(
                    f"{slide}.querySelector('img.figure').complete", timeout=10_000
                )
                assert page.evaluate(f"{slide}.querySelector('img.figure').naturalWidth") > 100
        notes = page.evaluate(
            "document.querySelector('section[data-entry=alpha] aside.notes').textContent"
        )
        browser.close()
    assert seen == ["alpha", "beta", "gamma", "dot"]  # the gallery's (the lecture's) order
    assert "A line." in notes  # alpha's caption
    assert outside == []


def test_a_deck_never_replaces_your_files(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = demo / "slides"
    mine.mkdir()
    (mine / "index.html").write_text("my own deck")
    line = fail("deck", "demo", "--out", "slides")
    assert "holds files vizdl did not write there" in line
    assert (mine / "index.html").read_text() == "my own deck"
    line = fail("deck", "optimisers")
    assert "no topic named 'optimisers'; topics: demo" in line


def test_a_second_deck_into_the_same_folder_replaces_only_its_own_files(deck: Path) -> None:
    (deck / "notes.txt").write_text("mine")
    r = invoke("deck", "demo", "--out", "lecture-deck", "--quality", "low", "--title", "Week 3")
    assert r.exit_code == 0, r.output
    assert (deck / "notes.txt").read_text() == "mine"
    assert "<title>Week 3</title>" in (deck / "index.html").read_text()
