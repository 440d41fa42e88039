// Written by `python -m vizdl.gallery.explorer` from vizdl's simulation; do not edit.
window.VIZDL_INIT_SPEC = {
 "initializers": {
  "small-normal": {
   "label": "Small random N(0, 0.01\u00b2)",
   "torch": "nn.init.normal_(w, 0, 0.01)",
   "kind": "normal"
  },
  "large-normal": {
   "label": "Large random N(0, 1)",
   "torch": "nn.init.normal_(w, 0, 1)",
   "kind": "normal"
  },
  "uniform": {
   "label": "Uniform U(\u22120.05, 0.05)",
   "torch": "nn.init.uniform_(w, -0.05, 0.05)",
   "kind": "uniform"
  },
  "xavier-normal": {
   "label": "Xavier normal",
   "torch": "nn.init.xavier_normal_(w)",
   "kind": "normal"
  },
  "xavier-uniform": {
   "label": "Xavier uniform",
   "torch": "nn.init.xavier_uniform_(w)",
   "kind": "uniform"
  },
  "kaiming-normal": {
   "label": "Kaiming normal",
   "torch": "nn.init.kaiming_normal_(w, mode=mode)",
   "kind": "normal"
  },
  "kaiming-uniform": {
   "label": "Kaiming uniform",
   "torch": "nn.init.kaiming_uniform_(w, mode=mode)",
   "kind": "uniform"
  },
  "torch-default": {
   "label": "PyTorch default (nn.Linear)",
   "torch": "nn.init.kaiming_uniform_(w, a=math.sqrt(5)); bias U(\u00b11/\u221an_in)",
   "kind": "uniform"
  },
  "orthogonal": {
   "label": "Orthogonal",
   "torch": "nn.init.orthogonal_(w)",
   "kind": "orthogonal"
  }
 },
 "activations": {
  "linear": "Linear (identity)",
  "tanh": "Tanh",
  "sigmoid": "Sigmoid",
  "relu": "ReLU"
 },
 "kaiming_gain": 1.4142135623730951,
 "small_std": 0.01,
 "large_std": 1.0,
 "uniform_a": 0.05,
 "quadrature": {
  "start": -12.0,
  "stop": 12.0,
  "num": 48001,
  "probe": [
   0,
   1,
   7,
   16000,
   24000,
   47999,
   48000
  ],
  "nodes": [
   -12.0,
   -11.9995,
   -11.9965,
   -4.0,
   0.0,
   11.999500000000001,
   12.0
  ],
  "weights": [
   1.0731918678328418e-35,
   1.0796502402301014e-35,
   1.1192190183656111e-35,
   6.691511288252446e-08,
   0.00019947114020096014,
   1.0796502402300858e-35,
   1.0731918678328418e-35
  ]
 },
 "defaults": {
  "init": "xavier-normal",
  "activation": "tanh",
  "width": 256,
  "depth": 20,
  "samples": 32,
  "seed": 0
 }
};
