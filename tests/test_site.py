"""The built site opened in headless Chromium: every image, every video, every link."""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import threading
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest

from tests.conftest import run_vizdl

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real gallery built at low quality, under a sub-path of the served folder."""
    served = tmp_path_factory.mktemp("served")
    out = served / "course" / "vizdl"
    r = run_vizdl(
        "build",
        "--quality",
        "low",
        "--out",
        str(out),
        "--formats",
        "png,svg,pdf,mp4,webm",
        # The trainer's full-size runs (minutes of CPU) are left out here; every one of those
        # entries is rendered with the tiny preset in tests/gallery/test_training_entries.py.
        *("--exclude", "lecture-numbers", "--exclude", "init-weight-histograms"),
        *("--exclude", "weight-*", "--exclude", "learning-curves*", "--exclude", "overfitting"),
        # the depth-vs-width training (15 runs): tests/sim/test_approximation.py runs it small;
        # depth-at-fixed-parameters (24 runs): tests/sim/test_depth_params.py runs it small
        *("--exclude", "depth-vs-width", "--exclude", "depth-at-fixed-parameters"),
        cwd=ROOT,
        # a guard against a hang, not a speed goal (those live in bench/): about 10 minutes on a
        # quiet 2-core machine, more than 15 when other work shares it
        timeout=2400,
    )
    assert r.returncode == 0, r.stderr
    return out


@pytest.fixture(scope="module")
def browser():
    import playwright.sync_api as playwright  # a test dependency: never skipped

    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    assert exe, "chromium is required for the site test (apt-get install chromium)"
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def server(site: Path):
    root = site.parent.parent
    handler = functools.partial(QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/course/vizdl/"
    httpd.shutdown()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def check_page(browser, url: str) -> tuple[list[str], int]:
    """Open ``url`` in a fresh page; return its relative links and its number of videos.

    Fails on any image that does not load, video without a duration, console error, page error,
    failed request or HTTP error status.
    """
    page = browser.new_page()
    try:
        return _check(page, url)
    finally:
        page.close()


def _media_abort(request) -> bool:
    """Chromium aborts a video download by design once preload="metadata" is satisfied; a video
    that really fails to load is caught by the duration check instead."""
    return request.resource_type == "media" and request.failure == "net::ERR_ABORTED"


def _check(page, url: str) -> tuple[list[str], int]:
    errors: list[str] = []
    page.on(
        "console",
        lambda m: errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.on(
        "requestfailed",
        lambda r: (
            None if _media_abort(r) else errors.append(f"request failed: {r.url} {r.failure}")
        ),
    )
    page.on(
        "response",
        lambda r: errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None,
    )
    page.goto(url, wait_until="load")
    # Lazy images load when scrolled into view.
    page.evaluate(
        "async () => { for (const i of document.images) { i.scrollIntoView(); await i.decode().catch(() => {}); } }"
    )
    widths = page.evaluate(
        "() => [...document.images].filter(i => !i.hidden).map(i => [i.getAttribute('src'), i.naturalWidth])"
    )
    for src, w in widths:
        assert w > 0, f"{url}: image {src} did not load"
    durations = page.evaluate(
        """() => Promise.all([...document.querySelectorAll('video')].map(v => new Promise(res => {
            if (v.readyState >= 1) return res(v.duration);
            v.addEventListener('loadedmetadata', () => res(v.duration));
            v.addEventListener('error', () => res(-1));
            setTimeout(() => res(-2), 15000);
        })))"""
    )
    for d in durations:
        assert d > 0, f"{url}: a video has no duration ({d})"
    links = page.evaluate(
        "() => [...document.querySelectorAll('a[href], img[src], source[src], link[href], video[poster]')]"
        ".map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('poster'))"
    )
    page.wait_for_timeout(200)
    assert errors == [], f"{url}: {errors}"
    return links, len(durations)


def test_every_page_image_video_and_link_works_under_a_sub_path(
    site: Path, server: str, browser
) -> None:
    todo, seen = [urljoin(server, "index.html")], set()
    n_pages = n_videos = 0
    while todo:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        links, videos = check_page(browser, url)
        n_pages += 1
        n_videos += videos
        for link in links:
            assert not link.startswith("/"), f"{url}: absolute link {link}"
            if link.startswith(("data:", "#")):
                continue
            target = urljoin(url, link)
            assert target.startswith(server), f"{url}: link {link} leaves the site"
            path = site / urlparse(target).path[len(urlparse(server).path) :]
            assert path.is_file(), f"{url}: dead link {link}"
            if path.suffix == ".html":
                todo.append(target.split("#")[0])
    assert n_pages >= 4 and n_videos >= 1


def test_site_works_offline_from_the_file_system(site: Path, browser) -> None:
    links, _ = check_page(browser, (site / "index.html").as_uri())
    pages = [link for link in links if link.startswith("entries/") and link.endswith(".html")]
    assert pages
    n_videos = 0
    for link in pages:
        n_videos += check_page(browser, (site / link).as_uri())[1]
    assert n_videos >= 1


def test_every_slide_rendition_measures_at_least_14_pt_on_a_16_9_beamer_deck(
    site: Path, tmp_path: Path
) -> None:
    """Every figure with a slide layout of its own (the races, the optimizer table, the model
    summary, the learning-rate, momentum, batch, adaptive-rate, gradient and initialization
    figures…: vizdl.render.mpl.slides.SLIDE_LAYOUTS) has a slide rendition; their Beamer snippets,
    as the entry pages give them, in one compiled 16:9 deck: PyMuPDF reads every text span the
    figures set (DejaVu Sans; Beamer's own frame titles are in another font) and measures its
    size (at least 14 pt), where its box is (on the page and the figure) and which boxes overlap
    (none). The other figures have no rendition and their snippets show the figure itself."""
    from tests.slide_measure import compile_deck, measure_pdf
    from vizdl.gallery.registry import load_gallery
    from vizdl.gallery.site import _snippets
    from vizdl.render.mpl.slides import SLIDE_LAYOUTS

    reg = load_gallery(ROOT)
    frames, pages, without = [], [], []
    for e in reg.entries.values():
        folder = site / "entries" / e.name
        if e.kind != "figure" or not (folder / "meta.json").is_file():
            continue
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        code = next(s["code"] for s in _snippets(e, meta) if s["label"] == "LaTeX / Beamer")
        if e.draw not in SLIDE_LAYOUTS:
            assert "slide_pages" not in meta and f"{e.name}-slide" not in code, e.name
            without.append(e.name)
            continue
        for f in meta["files"]:
            if f.startswith(f"{e.name}-slide"):
                shutil.copyfile(folder / f, tmp_path / f)
        frames.append(code)
        pages += [e.name] * int(meta["slide_pages"])
    assert {"race-beale", "optimizer-table-measured", "model-summary"} <= set(pages)
    assert len(set(pages)) + len(without) >= 45, "the site test builds most figures"
    deck = compile_deck(tmp_path, frames, pages=len(pages))
    reports = measure_pdf(deck)
    assert len(reports) == len(pages)
    own: dict[str, list] = {}
    smallest = []
    for name, rep in zip(pages, reports, strict=True):
        assert rep.spans, name
        assert rep.min_size >= 13.995, (name, sorted((s.size, s.text) for s in rep.spans)[:3])
        smallest.append((rep.min_size, name))
        if name not in own:
            own[name] = measure_pdf(tmp_path / f"{name}-slide.pdf")
        page = own[name][sum(1 for p in pages[: len(smallest)] if p == name) - 1]
        assert not rep.outside, (name, [s.text for s in rep.outside])
        assert not rep.overlaps, (name, [(a.text, b.text) for a, b in rep.overlaps])
        assert not page.outside, (name, [s.text for s in page.outside])
    print("smallest text per slide:", sorted(smallest)[:5])
