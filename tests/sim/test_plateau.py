"""The saddle in a plateau: the races' paths are the update rules written out, the plateau's
flatness the closed form."""

from __future__ import annotations

import functools

import numpy as np
import pytest
import torch

from vizdl.sim.optimizers.plateau import PLATEAU_FORMULA, plateau_saddle


@functools.cache
def run(**kw):
    return plateau_saddle(resolution=20, **kw)


def _J(x: torch.Tensor) -> torch.Tensor:
    return x[0] ** 4 + x[1] ** 6 / 3 - x[1] ** 4


def test_sgd_is_the_scalar_recursion_and_adam_is_torchs() -> None:
    r = run(steps=60)
    p = np.array([1.2, 0.01])
    sgd = r.shared.paths[r.shared.labels.index("SGD")].points[:, 0]
    for t in range(60):
        x, y = p
        p = p - 0.05 * np.array([4 * x**3, 2 * y**5 - 4 * y**3])
        np.testing.assert_allclose(sgd[t + 1], p, rtol=0, atol=1e-13)
    for race in (r.shared, r.best):
        k = race.labels.index("Adam")
        w = torch.tensor([1.2, 0.01], dtype=torch.float64, requires_grad=True)
        opt = torch.optim.Adam([w], lr=float(race.lrs[k]))
        for t in range(60):
            opt.zero_grad()
            _J(w).backward()
            opt.step()
            np.testing.assert_allclose(
                race.paths[k].points[t + 1, 0], w.detach().numpy(), rtol=0, atol=1e-12
            )


def test_the_plateau_is_flat_to_fourth_order() -> None:
    r = run(steps=5)
    assert r.formula == PLATEAU_FORMULA
    # on the disc of radius ½ the largest |J| and ‖∇J‖ are at (±½, 0): ½⁴ and 4·½³
    assert r.plateau_dj == pytest.approx(0.5**4, rel=1e-12)
    assert r.plateau_grad == pytest.approx(4 * 0.5**3, rel=1e-12)
    assert r.saddle_loss == 0.0
    assert r.minimum_loss == pytest.approx(2**3 / 3 - 2**2, rel=1e-9)  # at y² = 2
    assert r.escape == pytest.approx(r.minimum_loss / 2)


def test_table_rows() -> None:
    t = run(steps=5).table()
    assert t["optimizer"][0] == "SGD" and len(t["optimizer"]) == 8
    assert all(isinstance(v, int) for v in t["left_at_step_best"])


@pytest.mark.parametrize(
    ("kw", "says"),
    [
        ({"lr": 0.0}, "lr"),
        ({"steps": 0}, "steps"),
        ({"offset": 0.0}, "offset"),
        ({"x_start": float("inf")}, "x_start"),
        ({"x_start": 3.0}, "outside"),
        ({"radius": -1.0}, "radius"),
    ],
)
def test_bad_input_is_refused_in_one_line(kw: dict, says: str) -> None:
    with pytest.raises(ValueError, match=says) as err:
        plateau_saddle(resolution=10, **kw)
    assert "\n" not in str(err.value)
