"""Small numeric helpers that both renderers use on simulation results: plain numpy, no drawing.

(Simulation maths lives in :mod:`vizdl.sim`; these only reshape recorded numbers for showing.)
"""

from __future__ import annotations

import numpy as np

__all__ = ["rebin", "moving_average"]


def rebin(edges: np.ndarray, counts: np.ndarray, target: int = 72) -> tuple[np.ndarray, np.ndarray]:
    """Merge fine bins into about ``target`` bins over the range the weights actually occupy.

    ``counts[..., bins]`` share ``edges``; the window covers every non-empty bin of every
    histogram in ``counts`` (so one set of bins serves all epochs) and, with an odd number of
    fine bins, is centred on the bin holding 0 so that a spike at 0 stays one bar.
    """
    nb = counts.shape[-1]
    flat = counts.reshape(-1, nb).sum(axis=0)
    nz = np.flatnonzero(flat)
    if len(nz) == 0:
        return edges, counts
    if nb % 2 == 1:
        c = (nb - 1) // 2
        half = max(c - nz[0], nz[-1] - c, 1)
        group = max(int(np.ceil((2 * half + 1) / target)), 1)
        group += group % 2 == 0  # odd groups keep a group centred on bin c
        g2 = (group - 1) // 2
        k = min(int(np.ceil((half - g2) / group)), (c - g2) // group)
        lo, hi = c - g2 - k * group, c + g2 + k * group + 1
    else:
        lo, hi = int(nz[0]), int(nz[-1]) + 1
        group = max(int(np.ceil((hi - lo) / target)), 1)
        hi = min(lo + int(np.ceil((hi - lo) / group)) * group, nb)
        lo = hi - int(np.ceil((hi - lo) / group)) * group
        lo = max(lo, 0)
        hi = lo + ((hi - lo) // group) * group
    sub = counts[..., lo:hi]
    merged = sub.reshape(sub.shape[:-1] + ((hi - lo) // group, group)).sum(axis=-1)
    return edges[lo : hi + 1 : group], merged


def moving_average(v: np.ndarray, window: int) -> np.ndarray:
    """Trailing mean over ``window`` iterations (shorter at the start), same length as ``v``."""
    c = np.cumsum(np.insert(np.asarray(v, dtype=float), 0, 0.0))
    n = np.arange(1, len(v) + 1)
    lo = np.maximum(n - window, 0)
    return (c[n] - c[lo]) / (n - lo)
