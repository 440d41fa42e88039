"""Names the simulations accept, written out once for the gallery modules (listing the gallery
never imports vizdl.sim, so never numpy or torch); tests/gallery/test_knobs_initialization.py
checks them against the simulations' registries."""

ACTIVATIONS = (  # vizdl.sim.activations.ACTIVATIONS
    "linear",
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "prelu",
    "elu",
    "hardsigmoid",
    "hardtanh",
    "hardswish",
    "logsigmoid",
    "softplus",
    "gelu",
)
INITIALIZERS = (  # vizdl.sim.initialization.INITIALIZERS
    "zeros",
    "constant",
    "small-normal",
    "large-normal",
    "uniform",
    "xavier-normal",
    "xavier-uniform",
    "kaiming-normal",
    "kaiming-uniform",
    "torch-default",
    "orthogonal",
)
