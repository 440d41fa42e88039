"""Demo simulations for the engine tests."""

import os
import time
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Line:
    x: np.ndarray
    y: np.ndarray

    def table(self):
        return {"x": self.x, "y": self.y}


def line(n: int = 20, slope: float = 1.0, seed: int = 0, sleep: float = 0.0) -> Line:
    rng = np.random.default_rng(seed)
    if sleep:
        # The interruption test waits on this file before signalling the build.
        marker = os.environ.get("VIZDL_DEMO_STARTED")
        if marker:
            open(marker, "w").close()
        time.sleep(sleep)
    x = np.linspace(0, 1, n)
    return Line(x, slope * x + 0.05 * rng.standard_normal(n))


def boom(n: int = 3) -> Line:
    raise ValueError(f"n={n} is not allowed here; allowed: none (this entry fails on purpose)")
