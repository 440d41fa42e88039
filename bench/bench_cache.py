"""Cache benchmark: cold build vs no-op rebuild vs one touched entry, side by side in one run.

Builds a copy of the real gallery (gallery/, scenes/) in a temp folder with the installed vizdl,
the way a user runs it (``vizdl build`` as a subprocess), and prints:

- cold: every entry rendered;
- no-op: nothing changed, nothing rendered (goal: < 2 s);
- touched: one entry's parameters edited; exactly that entry re-rendered.

Usage: python bench/bench_cache.py [--quality low|medium|high|4k] [--jobs N]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def vizdl(*args: str, cwd: Path) -> tuple[float, str]:
    t0 = time.perf_counter()
    r = subprocess.run(
        [sys.executable, "-m", "vizdl", *args], cwd=cwd, capture_output=True, text=True
    )
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"vizdl {' '.join(args)} failed:\n{r.stderr}")
    return dt, r.stderr


def snapshot(out: Path) -> dict[str, str]:
    """Entry name -> its metadata record (which changes whenever the entry is rendered)."""
    return {p.parent.name: p.read_text() for p in out.glob("entries/*/meta.json")}


def rendered(out: Path, before: dict[str, str]) -> list[str]:
    now = snapshot(out)
    return sorted(n for n in now if before.get(n) != now[n])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quality", default="low")
    ap.add_argument("--jobs", default="2")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="vizdl-bench-") as tmp:
        proj = Path(tmp)
        shutil.copytree(ROOT / "gallery", proj / "gallery")
        shutil.copytree(ROOT / "scenes", proj / "scenes")
        (proj / "vizdl.toml").write_text('gallery = "gallery"\nout = "site"\n')
        build = ("build", "--quality", args.quality, "--jobs", args.jobs)
        out = proj / "site"

        cold, _ = vizdl(*build, cwd=proj)
        n_entries = len(list(out.glob("entries/*/meta.json")))
        snap = snapshot(out)
        noop, log = vizdl(*build, cwd=proj)
        noop_rendered = rendered(out, snap)

        # Touch one entry's parameters: the first figure's first numeric parameter.
        g = proj / "gallery" / "optimizers.py"
        text = g.read_text()
        new = re.sub(r"steps=20\)", "steps=21)", text, count=1)
        assert new != text, "could not find a parameter to touch"
        g.write_text(new)
        snap = snapshot(out)
        touched, _ = vizdl(*build, cwd=proj)
        touched_rendered = rendered(out, snap)

    print(f"entries: {n_entries} (quality {args.quality}, jobs {args.jobs})")
    print(f"cold build:      {cold:7.2f} s")
    print(
        f"no-op rebuild:   {noop:7.2f} s   rendered: {noop_rendered or 'nothing'}   goal < 2 s: {'PASS' if noop < 2 and not noop_rendered else 'FAIL'}"
    )
    print(
        f"one entry edited:{touched:7.2f} s   rendered: {touched_rendered}   goal exactly 1: {'PASS' if len(touched_rendered) == 1 else 'FAIL'}"
    )
    print(f"ratio cold / no-op: {cold / noop:.0f}x")


if __name__ == "__main__":
    main()
