"""Real ``torch.nn`` networks built from given parameters (shared by initialization, the
vanishing-gradient computations and anything else that needs an MLP with our own weights)."""

from __future__ import annotations

import torch

from vizdl.sim import activations as acts

__all__ = ["build_mlp", "drop_params"]


def build_mlp(
    layers: list[tuple[torch.Tensor, torch.Tensor]], activation: str
) -> torch.nn.Sequential:
    """A float64 ``nn.Sequential`` of Linear + activation modules holding the given parameters."""
    mods: list[torch.nn.Module] = []
    for w, b in layers:
        # skip_init: no throw-away default initialization before ours is copied in
        lin = torch.nn.utils.skip_init(torch.nn.Linear, w.shape[1], w.shape[0], dtype=torch.float64)
        with torch.no_grad():
            lin.weight.copy_(w)
            lin.bias.copy_(b)
        mods += [lin, acts.torch_module(activation)]
    return torch.nn.Sequential(*mods).to(torch.float64)


def drop_params(optimizer: torch.optim.Optimizer, params: list[torch.Tensor]) -> None:
    """Take ``params`` (one network of a batched run that has stopped) out of ``optimizer``'s
    groups, so its steps no longer touch them; a group left empty is dropped. By identity:
    ``==`` on tensors compares their values."""
    gone = {id(p) for p in params}
    for g in optimizer.param_groups:
        g["params"] = [p for p in g["params"] if id(p) not in gone]
    optimizer.param_groups[:] = [g for g in optimizer.param_groups if g["params"]]
