"""One way for tests to open a page of the explorer in real headless Chromium (offline, from
``file://``), with the page's JavaScript errors collected."""

from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path

from tests.test_site import CHROMIUM_ARGS
from vizdl.gallery.explorer import ASSETS


@contextmanager
def explorer_page(folder: Path, html: str = "index.html", ready: str = "window.vizdl.run"):
    """Copy the explorer's files to ``folder``, open ``html`` and wait until ``ready`` (a JS
    expression) is truthy. Yields the playwright page; ``page.errors`` lists uncaught errors."""
    from playwright.sync_api import sync_playwright  # a test extra: missing means a failed test

    exe = shutil.which("chromium")
    assert exe, "chromium is required for the explorer tests (apt-get install chromium)"
    for f in ASSETS.iterdir():
        if f.is_file():
            shutil.copy(f, folder / f.name)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        try:
            pg = browser.new_page()
            errors: list[str] = []
            pg.on("pageerror", lambda e: errors.append(str(e)))
            pg.goto((folder / html).as_uri())
            pg.wait_for_function(f"!!({ready})")
            pg.errors = errors  # type: ignore[attr-defined]
            yield pg
        finally:
            browser.close()
