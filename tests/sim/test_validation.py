"""The validation protocol on a small real run: the test split is withheld from every candidate
and used once, by the chosen setting's second run, which is the same model."""

from __future__ import annotations

import numpy as np
import pytest

from vizdl.sim.validation import validation_protocol


@pytest.fixture(scope="module")
def p():
    return validation_protocol(lrs=(1e-4, 1e-2), epochs=2, limit=1000)


def test_the_protocol_chooses_by_validation_and_tests_once(p) -> None:
    final = p.val_acc[:, -1]
    assert p.chosen == int(np.argmax(final))
    assert p.test_evaluations == 1
    np.testing.assert_array_equal(p.chosen_val_acc, p.val_acc[p.chosen])  # the same model
    assert 0.1 < p.test_acc < 1.0
    # the lecture split of all 70,000: 15% validation, 15% test; 1,000 training images kept
    assert (p.n_train, p.n_val, p.n_test) == (1000, 10_500, 10_500)
    t = p.table()
    assert t["chosen"] == [i == p.chosen for i in range(2)]
    untested = [v for i, v in enumerate(t["test_accuracy"]) if i != p.chosen]
    assert all(np.isnan(untested))


def test_bad_grids_are_refused() -> None:
    with pytest.raises(ValueError, match="at least two different"):
        validation_protocol(lrs=(1e-3, 1e-3))
    with pytest.raises(ValueError, match="lr"):
        validation_protocol(lrs=(1e-3, -1.0))
