// Written by `python -m vizdl.gallery.explorer` from vizdl's simulation; do not edit.
window.VIZDL_SPEC = {
 "styles": {
  "SGD": {
   "color": "#0072B2",
   "dash": [],
   "marker": "o"
  },
  "Momentum": {
   "color": "#D55E00",
   "dash": [
    6,
    4
   ],
   "marker": "s"
  },
  "NAG": {
   "color": "#009E73",
   "dash": [
    6,
    3,
    2,
    3
   ],
   "marker": "^"
  },
  "Adagrad": {
   "color": "#CC79A7",
   "dash": [
    2,
    3
   ],
   "marker": "D"
  },
  "Adadelta": {
   "color": "#332288",
   "dash": [
    7.5,
    1.5
   ],
   "marker": "v"
  },
  "RMSprop": {
   "color": "#882255",
   "dash": [
    4.5,
    1.5,
    1.5,
    1.5
   ],
   "marker": "P"
  },
  "Adam": {
   "color": "#000000",
   "dash": [],
   "marker": "X"
  },
  "Adamax": {
   "color": "#E69F00",
   "dash": [
    6,
    4
   ],
   "marker": "*"
  }
 },
 "ink": "#1d2330",
 "contour": "#9aa3b2",
 "surfaces": {
  "bowl": {
   "title": "Round bowl (all features equally important)",
   "domain": [
    [
     -3.0,
     3.0
    ],
    [
     -3.0,
     3.0
    ]
   ],
   "minima": [
    [
     0.0,
     0.0
    ]
   ],
   "saddles": [],
   "start": [
    -2.5,
    2.0
   ],
   "hessian": [
    [
     1.0,
     0.0
    ],
    [
     0.0,
     1.0
    ]
   ],
   "center": [
    0.0,
    0.0
   ]
  },
  "elongated": {
   "title": "Elongated bowl (features of unequal scale)",
   "domain": [
    [
     -3.0,
     3.0
    ],
    [
     -3.0,
     3.0
    ]
   ],
   "minima": [
    [
     0.0,
     0.0
    ]
   ],
   "saddles": [],
   "start": [
    -1.7999999999999998,
    1.8000000000000007
   ],
   "hessian": [
    [
     1.0,
     0.0
    ],
    [
     0.0,
     10.0
    ]
   ],
   "center": [
    0.0,
    0.0
   ]
  },
  "ravine": {
   "title": "Ravine (condition number 100)",
   "domain": [
    [
     -3.0,
     3.0
    ],
    [
     -3.0,
     3.0
    ]
   ],
   "minima": [
    [
     0.0,
     0.0
    ]
   ],
   "saddles": [],
   "start": [
    -2.6,
    -0.6
   ],
   "hessian": [
    [
     25.749999999999993,
     -42.868257487329714
    ],
    [
     -42.868257487329714,
     75.25000000000001
    ]
   ],
   "center": [
    0.0,
    0.0
   ]
  },
  "saddle": {
   "title": "Saddle x\u00b2 \u2212 y\u00b2",
   "domain": [
    [
     -2.0,
     2.0
    ],
    [
     -2.0,
     2.0
    ]
   ],
   "minima": [],
   "saddles": [
    [
     0.0,
     0.0
    ]
   ],
   "start": [
    -1.8,
    1e-06
   ]
  },
  "monkey-saddle": {
   "title": "Monkey saddle x\u00b3 \u2212 3xy\u00b2",
   "domain": [
    [
     -1.5,
     1.5
    ],
    [
     -1.5,
     1.5
    ]
   ],
   "minima": [],
   "saddles": [
    [
     0.0,
     0.0
    ]
   ],
   "start": [
    -0.8999999999999999,
    0.9000000000000004
   ]
  },
  "beale": {
   "title": "Beale's function",
   "domain": [
    [
     -4.5,
     4.5
    ],
    [
     -4.5,
     4.5
    ]
   ],
   "minima": [
    [
     3.0,
     0.5
    ]
   ],
   "saddles": [],
   "start": [
    0.7,
    1.4
   ]
  },
  "rosenbrock": {
   "title": "Rosenbrock's banana",
   "domain": [
    [
     -2.0,
     2.0
    ],
    [
     -1.0,
     3.0
    ]
   ],
   "minima": [
    [
     1.0,
     1.0
    ]
   ],
   "saddles": [],
   "start": [
    -1.5,
    2.5
   ]
  },
  "himmelblau": {
   "title": "Himmelblau's function",
   "domain": [
    [
     -5.0,
     5.0
    ],
    [
     -5.0,
     5.0
    ]
   ],
   "minima": [
    [
     3.0,
     2.0
    ],
    [
     -2.805118086952745,
     3.131312518250573
    ],
    [
     -3.779310253377747,
     -3.2831859912861696
    ],
    [
     3.5844283403304917,
     -1.8481265269644034
    ]
   ],
   "saddles": [
    [
     0.08667750455539634,
     2.884254701174776
    ],
    [
     -3.0730257507643897,
     -0.08135304428796751
    ],
    [
     3.385154183607021,
     0.07385187983774928
    ],
    [
     -0.12796134673068005,
     -1.9537149802445766
    ]
   ],
   "start": [
    -3.0,
    3.0
   ]
  }
 },
 "racers": {
  "SGD": {
   "rule": "sgd",
   "implied": {}
  },
  "Momentum": {
   "rule": "sgd",
   "implied": {
    "momentum": 0.9
   }
  },
  "NAG": {
   "rule": "sgd",
   "implied": {
    "momentum": 0.9,
    "nesterov": true
   }
  },
  "Adagrad": {
   "rule": "adagrad",
   "implied": {}
  },
  "Adadelta": {
   "rule": "adadelta",
   "implied": {}
  },
  "RMSprop": {
   "rule": "rmsprop",
   "implied": {}
  },
  "Adam": {
   "rule": "adam",
   "implied": {}
  },
  "Adamax": {
   "rule": "adamax",
   "implied": {}
  }
 },
 "rules": {
  "sgd": {
   "lr": 0.001,
   "momentum": 0.0,
   "dampening": 0.0,
   "weight_decay": 0.0,
   "nesterov": false,
   "maximize": false
  },
  "adagrad": {
   "lr": 0.01,
   "lr_decay": 0.0,
   "weight_decay": 0.0,
   "initial_accumulator_value": 0.0,
   "eps": 1e-10,
   "maximize": false
  },
  "adadelta": {
   "lr": 1.0,
   "rho": 0.9,
   "eps": 1e-06,
   "weight_decay": 0.0,
   "maximize": false
  },
  "rmsprop": {
   "lr": 0.01,
   "alpha": 0.99,
   "eps": 1e-08,
   "weight_decay": 0.0,
   "momentum": 0.0,
   "centered": false,
   "maximize": false
  },
  "adam": {
   "lr": 0.001,
   "betas": [
    0.9,
    0.999
   ],
   "eps": 1e-08,
   "weight_decay": 0.0,
   "amsgrad": false,
   "maximize": false
  },
  "amsgrad": {
   "lr": 0.001,
   "betas": [
    0.9,
    0.999
   ],
   "eps": 1e-08,
   "weight_decay": 0.0,
   "amsgrad": true,
   "maximize": false
  },
  "adamax": {
   "lr": 0.002,
   "betas": [
    0.9,
    0.999
   ],
   "eps": 1e-08,
   "weight_decay": 0.0,
   "maximize": false
  },
  "nadam": {
   "lr": 0.002,
   "betas": [
    0.9,
    0.999
   ],
   "eps": 1e-08,
   "weight_decay": 0.0,
   "momentum_decay": 0.004,
   "decoupled_weight_decay": false,
   "maximize": false
  }
 }
};
