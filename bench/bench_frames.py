"""Animation frame time: ms per frame of the real gallery scenes at a given quality.

Renders each scene once, the way the gallery does (the simulation is computed before timing
starts), and prints wall-clock milliseconds per output frame, setup and encoding included.
Goal (optimizer issue): <= 25 ms per frame at ``high`` (1920x1080 at 60 fps).

Usage: python bench/bench_frames.py [--quality high] [SCENE ...]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCENES = {
    "MomentumRavine": ("vizdl.sim.optimizers:momentum_ravine", {}),
    "RaceBeale": ("vizdl.sim.optimizers:optimizer_race", {"surface": "beale"}),
    "RaceSaddle": ("vizdl.sim.optimizers:optimizer_race", {"surface": "saddle"}),
}
QUALITY = {
    "low": "low_quality",
    "medium": "medium_quality",
    "high": "high_quality",
    "4k": "fourk_quality",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quality", default="high", choices=list(QUALITY))
    ap.add_argument("scenes", nargs="*", default=list(SCENES))
    ap.add_argument(
        "--topic",
        help="measure every animation entry of this gallery topic (its own params) instead",
    )
    args = ap.parse_args()

    import av
    from manim import tempconfig

    from vizdl.gallery.runner import call_compute, import_ref

    jobs = [(name, *SCENES[name], f"scenes.optimizers:{name}") for name in args.scenes]
    if args.topic:
        from vizdl.gallery.registry import load_gallery

        reg = load_gallery(ROOT)
        jobs = [
            (e.name, e.compute, dict(e.params), e.scene)
            for e in reg.entries.values()
            if e.topic == args.topic and e.kind == "animation"
        ]
        if not jobs:
            raise SystemExit(f"no animation entries in topic {args.topic!r}")
    for name, compute, params, scene_ref in jobs:
        data = call_compute(compute, params, 0)
        cls = type("Bench", (import_ref(scene_ref),), {"data": data, "params": params})
        with (
            tempfile.TemporaryDirectory() as tmp,
            tempconfig(
                {
                    "quality": QUALITY[args.quality],
                    "media_dir": tmp,
                    "disable_caching": True,
                    "verbosity": "ERROR",
                    "progress_bar": "none",
                }
            ),
        ):
            t0 = time.perf_counter()
            scene = cls()
            scene.render()
            wall = time.perf_counter() - t0
            with av.open(str(scene.renderer.file_writer.movie_file_path)) as c:
                s = c.streams.video[0]
                frames = s.frames or sum(1 for _ in c.decode(s))
                size = f"{s.codec_context.width}x{s.codec_context.height}@{float(s.average_rate):g}"
        ms = 1000 * wall / frames
        print(
            f"{name:34s} {size:16s} {frames:5d} frames in {wall:6.1f} s = {ms:5.1f} ms/frame  (goal <= 25: {'PASS' if ms <= 25 else 'FAIL'})"
        )


if __name__ == "__main__":
    main()
