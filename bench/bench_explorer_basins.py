"""Basin-map benchmark: the optimizer explorer's 100 × 100 starts × 200 steps map, computed in
its Web Worker, in headless Chromium opened from file://, against the issue's 1 s goal.

For each racer (at the gallery's basin learning rate, vizdl.sim.optimizers.basins.BASIN_LRS) on
Himmelblau's function: one warm-up map, then ``--repeat`` maps timed by
``window.vizdl.basins`` (``ms``: from posting the job to having the labels back on the main
thread, transfer included; ``worker_ms``: the worker's own loop). Prints the median of each and
the ratio of the round trip's median to 1000 ms.

Usage: python bench/bench_explorer_basins.py [--repeat 5] [--surface himmelblau]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ASSETS = ROOT / "vizdl" / "gallery" / "assets" / "explorer"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

MEASURE = """async ([o, n]) => {
  await window.vizdl.basins(o);  // warm up the worker and its JIT
  const ms = [], wms = [];
  for (let i = 0; i < n; i++) { const r = await window.vizdl.basins(o); ms.push(r.ms); wms.push(r.worker_ms); }
  return [ms, wms];
}"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--surface", default="himmelblau")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    from vizdl.sim.optimizers.basins import BASIN_LRS
    from vizdl.sim.optimizers.races import RACERS

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for f in ASSETS.iterdir():
            if f.is_file():
                shutil.copy(f, Path(tmp) / f.name)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=ARGS)
            page = browser.new_page()
            page.goto((Path(tmp) / "index.html").as_uri())
            page.wait_for_function("!!(window.vizdl && window.vizdl.basins)")
            for label, (rule, fixed) in RACERS.items():
                o = dict(
                    optimizer=rule,
                    hparams={"lr": BASIN_LRS[label], **fixed},
                    surface={"name": args.surface},
                    steps=200,
                    n=100,
                )
                ms, wms = page.evaluate(MEASURE, [o, args.repeat])
                rows.append((label, statistics.median(ms), statistics.median(wms)))
            browser.close()
    print(
        f"basin map, 100 × 100 starts × 200 steps on {args.surface}, in a Web Worker "
        f"(median of {args.repeat} after a warm-up):"
    )
    for label, med, wmed in rows:
        print(
            f"  {label:9s} round trip {med:7.1f} ms   worker loop {wmed:7.1f} ms   "
            f"ratio to the 1 s goal {med / 1000:.3f}"
        )
    worst = max(r[1] for r in rows)
    print(f"  slowest optimizer: {worst:.1f} ms, {worst / 1000:.3f} × the 1 s goal (goal ≤ 1)")


if __name__ == "__main__":
    main()
