"""Explorer pages benchmark: one slider move on the learning-rate and bump pages in headless
Chromium, against the 16 ms of one frame at 60 Hz.

A slider move is what the slider's input event starts: its handler, then the page's whole redraw
(recompute, draw every panel, the readout). Timed with ``performance.now()`` inside the page for a
sweep of slider positions, after a warm-up; prints the median and the 95th percentile and their
ratio to 16 ms.

- learning-rate.html: the η slider dragged over its range, on the parabola (the gallery's 20
  steps) and on the ravine with 1000 steps.
- bumps.html: the N slider moved over 1…200 at w = 2000 (each move computes the N-bump staircase
  on the 4001-point grid and its errors; the error-vs-N curve only gains the current N), the N
  slider near N = 200 at w = 2000 and at w = 1 (no unit saturates: the costliest staircase), and
  the w slider at N = 20 (a new w also starts the error-vs-N curve anew, filled in a few N per
  frame after the move; its whole computation is timed separately).

Usage: python bench/bench_explorer_pages.py [--repeat 200]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "vizdl" / "gallery" / "assets" / "explorer"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

# positions[i] is the slider's position at move i
MEASURE = """([n, id, positions]) => {
  const el = document.getElementById(id);
  const times = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    el.value = String(positions[i % positions.length]);
    el.dispatchEvent(new Event("input"));
    window.vizdl.redraw();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return [times[Math.floor(n / 2)], times[Math.floor(0.95 * n)]];
}"""

LOG_ETA = [round(-3 + 4 * i / 97, 2) for i in range(97)]  # log10 η over the slider's range
CASES = [
    (
        "learning-rate.html",
        "#s=parabola&lr=0.5&steps=20",
        "lr",
        LOG_ETA,
        "η slider, parabola, 20 steps",
    ),
    (
        "learning-rate.html",
        "#s=ravine&lr=0.005&steps=1000",
        "lr",
        LOG_ETA,
        "η slider, ravine, 1000 steps",
    ),
    (
        "bumps.html",
        "#f=lecture&n=20&w=2000",
        "n",
        [1 + (i * 37) % 200 for i in range(200)],
        "N slider over 1…200, w = 2000",
    ),
    (
        "bumps.html",
        "#f=lecture&n=190&w=2000",
        "n",
        list(range(190, 201)),
        "N slider at N = 190…200, w = 2000",
    ),
    # no unit saturates at w = 1: every term needs its exponential (the costliest setting)
    (
        "bumps.html",
        "#f=lecture&n=190&w=1",
        "n",
        list(range(190, 201)),
        "N slider at N = 190…200, w = 1",
    ),
    (
        "bumps.html",
        "#f=lecture&n=20&w=2000",
        "w",
        [round(1 + 4 * i / 89, 2) for i in range(89)],
        "w slider at N = 20 (first frame)",
    ),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=200)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for f in ASSETS.iterdir():
            if f.is_file():
                shutil.copy(f, Path(tmp) / f.name)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
            for html, state, slider, values, what in CASES:
                page = browser.new_page(viewport={"width": 1320, "height": 1100})
                page.goto((Path(tmp) / html).as_uri() + state)
                page.wait_for_function("!!(window.vizdl && window.vizdl.redraw)")
                page.evaluate(MEASURE, [20, slider, values])  # warm up the JIT
                med, p95 = page.evaluate(MEASURE, [args.repeat, slider, values])
                rows.append((what, med, p95))
                if html == "bumps.html" and slider == "w":
                    full = page.evaluate(
                        """() => { const t = []; for (let i = 0; i < 5; i++) { const t0 = performance.now();
                           window.vizdl.errorCurve({f: 'lecture', w: 1000 + i}); t.push(performance.now() - t0); }
                           t.sort((a, b) => a - b); return t[2]; }"""
                    )
                    ns = page.evaluate("window.vizdl.spec.curve_ns.length")
                page.close()
            browser.close()
    print(f"one slider move = input handler + redraw, median and p95 over {args.repeat} moves:")
    for what, med, p95 in rows:
        print(
            f"  {what:38s} median {med:6.2f} ms  p95 {p95:6.2f} ms   ratio to 16 ms: "
            f"{med / 16:.2f}× / {p95 / 16:.2f}×"
        )
    print(
        f"  the whole error-vs-N curve at a new w ({ns} values of N, filled in after the move, "
        f"a few per frame): {full:.0f} ms"
    )


if __name__ == "__main__":
    main()
