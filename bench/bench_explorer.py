"""Explorer benchmark: one slider move (recompute and redraw every path and the loss panel) in
headless Chromium, against the 16 ms of one frame at 60 Hz.

Opens the optimizer explorer from file://, selects 7 optimizers × 500 steps on Beale's function,
then times ``window.vizdl.redraw()`` (what a slider's input event runs: 7 runs of 500 steps, the
contour map, the paths, the loss panel and the legend) for a sweep of learning rates, and prints
the median and 95th percentile and their ratio to 16 ms; also the simulation alone (the 7 runs
without drawing), to show where the time goes.

Usage: python bench/bench_explorer.py [--repeat 200]
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
SEVEN = "SGD,Momentum,NAG,Adagrad,RMSprop,Adam,Adamax"

MEASURE = """([n, what]) => {
  const times = [];
  const lr = document.getElementById('lr');
  for (let i = 0; i < n; i++) {
    lr.value = -3 + 2.5 * (i % 50) / 50;          // a slider being dragged
    const t0 = performance.now();
    if (what === 'redraw') window.vizdl.redraw();
    else {
      const s = window.vizdl.state();
      for (const label of s.racers)
        window.vizdl.run({optimizer: window.vizdl.spec.racers[label].rule,
                          hparams: {...window.vizdl.spec.racers[label].implied, lr: s.lr},
                          surface: {name: s.surface}, start: s.start, steps: s.steps});
    }
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return [times[Math.floor(n / 2)], times[Math.floor(0.95 * n)]];
}"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=200)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        for f in ASSETS.iterdir():
            shutil.copy(f, Path(tmp) / f.name)
        url = (Path(tmp) / "index.html").as_uri() + f"#s=beale&o={SEVEN}&lr=0.01&steps=500"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
            page = browser.new_page(viewport={"width": 1320, "height": 1000})
            page.goto(url)
            page.wait_for_function("!!(window.vizdl && window.vizdl.redraw)")
            page.evaluate(MEASURE, [20, "redraw"])  # warm up the JIT
            med, p95 = page.evaluate(MEASURE, [args.repeat, "redraw"])
            smed, sp95 = page.evaluate(MEASURE, [args.repeat, "sim"])
            browser.close()
    print(f"one slider move, 7 optimizers × 500 steps on Beale ({args.repeat} moves):")
    print(f"  redraw (simulate + draw):  median {med:6.2f} ms   p95 {p95:6.2f} ms")
    print(f"  simulation alone:          median {smed:6.2f} ms   p95 {sp95:6.2f} ms")
    print(
        f"  ratio to one 60 Hz frame (16 ms): median {med / 16:.2f}×, p95 {p95 / 16:.2f}× (goal ≤ 1)"
    )


if __name__ == "__main__":
    main()
