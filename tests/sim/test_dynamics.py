"""Per-layer gradients during training (vizdl.sim.dynamics) against autograd and a plain loop."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from vizdl.sim.dynamics import layer_dynamics
from vizdl.sim.initialization import sample_layers
from vizdl.sim.networks import build_mlp
from vizdl.sim.splits import make_splits


@pytest.fixture(scope="module")
def d():
    return layer_dynamics(
        pairs=(("sigmoid", "xavier-normal"), ("relu", "kaiming-normal")),
        width=16, depth=3, epochs=1, limit=300, n_probe=200, checkpoints=3, batch_size=50,
    )  # fmt: skip


def test_shapes_and_checkpoints(d) -> None:
    assert d.iterations.tolist() == [0, 2, 4, 6]  # 300 images / 50 = 6 updates, 3 checkpoints
    assert d.grad_norm.shape == (2, 4, 3) and np.all(np.isfinite(d.grad_norm))
    assert d.act_mean.shape == d.act_std.shape == d.saturated.shape == (2, 4, 3)
    # sigmoid's activations are in (0, 1), ReLU's at least 0
    assert np.all((d.act_mean[0] > 0) & (d.act_mean[0] < 1)) and np.all(d.act_mean[1] >= 0)


def test_the_first_checkpoint_is_autograd_at_initialization(d) -> None:
    # rebuild the sigmoid network as the simulation does and take the probe's gradient by hand
    sp = make_splits("standard", 200, 300, 0)
    x, y = sp.x_val.double(), sp.y_val
    net = build_mlp(sample_layers("xavier-normal", [784, 16, 16, 16], 0), "sigmoid")
    ((w, b),) = sample_layers("xavier-normal", [16, 10], 97)
    loss = torch.nn.functional.cross_entropy(torch.nn.functional.linear(net(x), w, b), y)
    lins = [m for m in net if isinstance(m, torch.nn.Linear)]
    grads = torch.autograd.grad(loss, [m.weight for m in lins])
    np.testing.assert_allclose(d.grad_norm[0, 0], [float(g.norm()) for g in grads], rtol=1e-12)
    h = x
    means = []
    for m in net:
        h = m(h)
        if not isinstance(m, torch.nn.Linear):
            means.append(float(h.detach().mean()))
    np.testing.assert_allclose(d.act_mean[0, 0], means, rtol=1e-12)


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError, match="initializer"):
        layer_dynamics(pairs=(("relu", "nope"),), limit=100, n_probe=10)
    with pytest.raises(ValueError, match="at least one"):
        layer_dynamics(pairs=(), limit=100, n_probe=10)
