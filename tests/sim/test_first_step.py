"""RMSprop / Adam / Adam without bias correction on a plane: the runs and the variant."""

from __future__ import annotations

import numpy as np
import pytest

from vizdl.sim.optimizers.first_step import adam_uncorrected, first_steps


def test_the_uncorrected_variant_against_its_closed_form() -> None:
    # constant gradient g: m_t = (1 − β₁ᵗ)g, v_t = (1 − β₂ᵗ)g², step η·m_t / (√v_t + ε)
    g = np.array([2.0, -0.5])
    u = adam_uncorrected(
        lambda x: np.broadcast_to(g, x.shape), np.zeros(2), 40, lr=0.1, betas=(0.8, 0.99), eps=0.0
    )
    t = np.arange(1, 41)[:, None]
    np.testing.assert_allclose(u.m, (1 - 0.8**t) * g, rtol=1e-13)
    np.testing.assert_allclose(u.v, (1 - 0.99**t) * g**2, rtol=1e-13)
    step = -0.1 * (1 - 0.8**t) / np.sqrt(1 - 0.99**t) * np.sign(g)
    np.testing.assert_allclose(np.diff(u.points, axis=0), step, rtol=1e-12)
    assert np.diff(u.points, axis=0)[0, 0] == pytest.approx(-0.1 * 0.2 / 0.1)  # 2η at step 1


def test_the_runs_are_torchs_rmsprop_and_adam() -> None:
    torch = pytest.importorskip("torch")
    r = first_steps(steps=20)
    s = torch.tensor([0.1, 10.0], dtype=torch.float64)
    for cls, kw, traj in (
        (torch.optim.RMSprop, {"alpha": 0.99}, r.rmsprop),
        (torch.optim.Adam, {"betas": (0.9, 0.999)}, r.adam),
    ):
        p = torch.zeros(2, dtype=torch.float64, requires_grad=True)
        opt = cls([p], lr=0.01, **kw)
        pts = [p.detach().clone().numpy()]
        for _ in range(20):
            opt.zero_grad()
            (s @ p).backward()
            opt.step()
            pts.append(p.detach().clone().numpy())
        np.testing.assert_allclose(traj.points[:, 0], np.array(pts), rtol=1e-14, atol=1e-16)


@pytest.mark.parametrize(
    ("kw", "says"),
    [
        ({"slopes": (0.0, 1.0)}, "slopes"),
        ({"slopes": (1.0,)}, "slopes"),
        ({"alpha": 1.0}, "alpha"),
        ({"beta2": -0.1}, "beta2"),
        ({"steps": 0}, "steps"),
        ({"lr": 0.0}, "lr"),
    ],
)
def test_bad_input_is_refused_in_one_line(kw: dict, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        first_steps(**kw)
