"""Basin map: vizdl's batched optimizer runs vs torch.optim one start point at a time.

The existing optimizer visualisations run torch.optim on one parameter tensor per start point.
This measures the full basin map (a 200 × 200 grid, every racer, 500 steps) with vizdl, then times
the per-point torch way on a sample of start points per optimizer and extrapolates to the grid
(running it fully would take about an hour). Goal (optimizer issue): >= 100x.

Usage: python bench/bench_basins.py [--resolution 200] [--steps 500] [--sample 20]
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import torch

from vizdl.sim.optimizers import TORCH_NAMES
from vizdl.sim.optimizers.basins import BASIN_LRS, basins
from vizdl.sim.optimizers.races import RACERS
from vizdl.sim.surfaces import get_surface


def torch_one_at_a_time(label: str, starts: np.ndarray, steps: int) -> float:
    """Seconds to run ``starts`` one by one with torch.optim and autograd (float64)."""
    opt_name, fixed = RACERS[label]
    cls = getattr(torch.optim, TORCH_NAMES[opt_name])
    surf = get_surface("himmelblau")
    t0 = time.perf_counter()
    for x0 in starts:
        p = torch.tensor(x0, dtype=torch.float64, requires_grad=True)
        opt = cls([p], lr=BASIN_LRS[label], **fixed)
        for _ in range(steps):
            opt.zero_grad()
            surf.value(p[None, :]).sum().backward()
            opt.step()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--resolution", type=int, default=200)
    ap.add_argument("--steps", type=int, default=500)
    ap.add_argument("--sample", type=int, default=20, help="start points per optimizer for torch")
    args = ap.parse_args()
    torch.set_num_threads(1)
    n = args.resolution**2

    t0 = time.perf_counter()
    basins(resolution=args.resolution, steps=args.steps)
    ours = time.perf_counter() - t0

    rng = np.random.default_rng(0)
    sample = rng.uniform(-5, 5, size=(args.sample, 2))
    per_point = {lab: torch_one_at_a_time(lab, sample, args.steps) / args.sample for lab in RACERS}
    theirs = sum(per_point.values()) * n

    print(
        f"grid {args.resolution}x{args.resolution} = {n} starts, {len(RACERS)} optimizers, {args.steps} steps"
    )
    print(f"vizdl batched (measured):             {ours:9.1f} s")
    for lab, s in per_point.items():
        print(f"  torch.optim per point, {lab:9s} {1e3 * s:7.1f} ms  (sample of {args.sample})")
    print(f"torch.optim one at a time (extrap.):  {theirs:9.1f} s")
    ratio = theirs / ours
    print(f"speed-up: {ratio:.0f}x   goal >= 100x: {'PASS' if ratio >= 100 else 'FAIL'}")


if __name__ == "__main__":
    main()
