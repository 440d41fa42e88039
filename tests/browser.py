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


def _spec_data(text: str) -> object:
    """The JSON inside an explorer data file (``// comment`` / ``window.X = {...};``)."""
    import json

    body = text.split("\n", 1)[1]
    return json.loads(body[body.index("=") + 1 :].strip().rstrip(";"))


def _same(a: object, b: object, path: str = "") -> None:
    if isinstance(a, float) or isinstance(b, float):
        assert isinstance(a, int | float) and isinstance(b, int | float), path
        # numpy releases differ in the last bit of a few values (geomspace): 1e-12 is rounding
        assert abs(a - b) <= 1e-12 * max(abs(a), abs(b), 1e-300), (path, a, b)
    elif isinstance(a, dict):
        assert isinstance(b, dict) and list(a) == list(b), path
        for k in a:
            _same(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{path}[{i}]")
    else:
        assert a == b, (path, a, b)


def assert_spec_current(name: str) -> None:
    """The package's explorer data file ``name`` holds what the simulation computes now (every
    number to 1e-12, all else exactly); else it is out of date."""
    from pathlib import Path

    from vizdl.gallery import explorer

    shipped = (Path(explorer.__file__).parent / "assets" / "explorer" / name).read_text("utf-8")
    now = explorer.render_spec(name)
    assert shipped.split("\n", 1)[0] == now.split("\n", 1)[0]
    assert shipped.split("=", 1)[0] == now.split("=", 1)[0], name
    try:
        _same(_spec_data(shipped), _spec_data(now))
    except AssertionError as exc:
        raise AssertionError(
            f"{name} is out of date ({exc}): python -m vizdl.gallery.explorer"
        ) from None
