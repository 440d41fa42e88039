"""Nesterov vs momentum at the same η and γ: torch's paths, the closed-form damping rates."""

from __future__ import annotations

import numpy as np
import pytest

from vizdl.sim.optimizers.overshoot import nesterov_overshoot


def test_the_runs_are_torchs_sgd_with_and_without_nesterov() -> None:
    torch = pytest.importorskip("torch")
    r = nesterov_overshoot(steps=30, resolution=10)
    for nesterov, traj in ((False, r.momentum), (True, r.nesterov)):
        p = torch.tensor([-2.6, 1.2], dtype=torch.float64, requires_grad=True)
        opt = torch.optim.SGD([p], lr=0.03, momentum=0.9, nesterov=nesterov)
        pts = [p.detach().clone().numpy()]
        for _ in range(30):
            opt.zero_grad()
            (0.5 * (p[0] ** 2 + 10 * p[1] ** 2)).backward()
            opt.step()
            pts.append(p.detach().clone().numpy())
        np.testing.assert_allclose(traj.points[:, 0], np.array(pts), rtol=0, atol=1e-14)


def test_the_steep_swings_die_at_the_closed_form_rates() -> None:
    # θ₂ alone (the bowl is diagonal): momentum's recursion z² − (1 + γ − ηλ)z + γ has complex
    # roots of modulus √γ; NAG's z² − (1 + γ)(1 − ηλ)z + γ(1 − ηλ) of modulus √(γ(1 − ηλ)).
    r = nesterov_overshoot(resolution=10)
    assert list(r.curvatures) == pytest.approx([1.0, 10.0])
    for traj, rho in ((r.momentum, np.sqrt(0.9)), (r.nesterov, np.sqrt(0.9 * 0.7))):
        s = np.abs(traj.points[:, 0, 1])
        rate = (s[60:80].max() / s[0:20].max()) ** (1 / 60)
        assert rate == pytest.approx(rho, rel=0.02)


@pytest.mark.parametrize(
    ("kw", "says"),
    [
        ({"lr": 0.0}, "lr"),
        ({"momentum": 0.0}, "momentum"),
        ({"steps": 0}, "steps"),
        ({"tol": 0.0}, "tol"),
        ({"start": (9.0, 0.0)}, "outside"),
    ],
)
def test_bad_input_is_refused_in_one_line(kw: dict, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        nesterov_overshoot(resolution=10, **kw)
