"""The numeric helpers both renderers use (:mod:`vizdl.numeric`)."""

from __future__ import annotations

import numpy as np

from vizdl.numeric import moving_average, rebin


def test_rebin_keeps_every_count_and_centres_zero() -> None:
    edges = np.linspace(-1, 1, 2002)
    counts = np.zeros((2, 2001))
    counts[0, 1000] = 5
    counts[1, 990:1011] = 1
    new_edges, merged = rebin(edges, counts)
    assert merged.sum(axis=1).tolist() == [5, 21]
    k = int(np.argmax(merged[0]))
    assert new_edges[k] < 0 < new_edges[k + 1]
    assert new_edges[0] <= edges[990] and new_edges[-1] >= edges[1011]


def test_moving_average_is_a_trailing_mean() -> None:
    np.testing.assert_allclose(moving_average(np.array([1.0, 3, 5, 7]), 2), [1, 2, 4, 6])
