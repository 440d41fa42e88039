"""Real ``torch.nn`` networks built from given parameters (shared by initialization, the
vanishing-gradient computations and anything else that needs an MLP with our own weights)."""

from __future__ import annotations

import torch

from vizdl.sim import activations as acts

__all__ = ["build_mlp"]


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
