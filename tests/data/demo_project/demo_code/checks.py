"""Demo claim checks for the engine tests."""

import numpy as np

from vizdl.checks import verdict


def rises(r):
    slope = float(np.polyfit(r.x, r.y, 1)[0])
    return verdict(slope > 0, slope=slope)


def rises_again(r):
    return verdict(np.polyfit(r.x, r.y, 1)[0] > 0)


def broken(r):
    return 0.5
