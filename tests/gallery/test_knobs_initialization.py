"""The knobs of the initialization and activations topics, checked against the simulation they drive.

The gallery modules write the simulation's names out (listing the gallery never imports vizdl.sim);
these tests hold them to the simulation's own registries, and hold the numeric bounds to the
simulation's checks: where a compute function refuses a value, the knob's bound is that function's
limit (the function accepts the bound and refuses one step beyond it, and so does the knob).
Every call here stops at the function's validation (or runs a tiny case): no network is trained.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from vizdl.gallery.knobs import KnobError
from vizdl.gallery.registry import load_gallery
from vizdl.gallery.runner import import_ref
from vizdl.sim.activations import ACTIVATIONS
from vizdl.sim.initialization import INITIALIZERS, TAPER_RULES, VARIANCE_INITIALIZERS
from vizdl.sim.vanishing import _DYING_VARIANTS

GALLERY = load_gallery(Path(__file__).resolve().parents[2])
TOPICS = ("initialization", "activations")
ENTRIES = {name: e for name, e in GALLERY.entries.items() if e.topic in TOPICS}

INIT = "vizdl.sim.initialization"
VANISH = "vizdl.sim.vanishing"
ACTS = "vizdl.sim.activations"


def _allowed_by(compute: str, param: str, as_list: bool) -> tuple[str, ...]:
    """The names ``compute`` allows for ``param``, read from its own refusal of an unknown one
    (``check_choice``'s "...; allowed: a, b"): for the lists written inside a function rather than
    kept in a registry."""
    bogus = "no-such-name"
    with pytest.raises(ValueError, match="allowed: ") as err:
        import_ref(compute)(**{param: (bogus,) if as_list else bogus})
    assert repr(bogus) in str(err.value), f"{compute} refused something else: {err.value}"
    return tuple(str(err.value).split("allowed: ", 1)[1].split(", "))


# (compute function, parameter) -> (the simulation's names, how the knob's choices relate to them)
CHOICES = {
    (f"{INIT}:signal_propagation", "initializers"): (lambda: VARIANCE_INITIALIZERS, "equal"),
    # the activations its theory (closed form or quadrature) covers: a list inside the function
    (f"{INIT}:signal_propagation", "activations"): (
        lambda: _allowed_by(f"{INIT}:signal_propagation", "activations", as_list=True),
        "equal",
    ),
    (f"{INIT}:signal_propagation", "inputs"): (
        lambda: _allowed_by(f"{INIT}:signal_propagation", "inputs", as_list=False),
        "equal",
    ),
    (f"{INIT}:layer_histograms", "activation"): (lambda: tuple(ACTIVATIONS), "equal"),
    (f"{INIT}:layer_histograms", "initializers"): (lambda: VARIANCE_INITIALIZERS, "equal"),
    (f"{INIT}:layer_histograms", "inputs"): (
        lambda: _allowed_by(f"{INIT}:layer_histograms", "inputs", as_list=False),
        "equal",
    ),
    (f"{INIT}:symmetry", "inits"): (lambda: tuple(INITIALIZERS), "equal"),
    (f"{INIT}:he_step", "inputs"): (
        lambda: _allowed_by(f"{INIT}:he_step", "inputs", as_list=False),
        "equal",
    ),
    (f"{INIT}:gain_in_use", "inputs"): (
        lambda: _allowed_by(f"{INIT}:gain_in_use", "inputs", as_list=False),
        "equal",
    ),
    (f"{INIT}:tapering_stack", "rules"): (lambda: tuple(TAPER_RULES), "equal"),
    (f"{INIT}:tapering_stack", "inputs"): (
        lambda: _allowed_by(f"{INIT}:tapering_stack", "inputs", as_list=False),
        "equal",
    ),
    # activation_gallery takes every activation, but the sigmoid-bound figure and its scene look
    # up "sigmoid" and "tanh" by name and draw nothing else: the knob offers those two
    (f"{ACTS}:activation_gallery", "names"): (lambda: tuple(ACTIVATIONS), "subset"),
    (f"{VANISH}:derivative_products", "activations"): (lambda: tuple(ACTIVATIONS), "equal"),
    (f"{VANISH}:derivative_products", "inits"): (lambda: tuple(INITIALIZERS), "equal"),
    (f"{VANISH}:gradient_norms", "pairs"): (
        lambda: (tuple(ACTIVATIONS), tuple(INITIALIZERS)),
        "equal",
    ),
    (f"{VANISH}:dying_relu", "variants"): (lambda: tuple(_DYING_VARIANTS), "equal"),
    # the same pairs knob as gradient_norms': every activation and initializer it builds
    ("vizdl.sim.dynamics:layer_dynamics", "pairs"): (
        lambda: (tuple(ACTIVATIONS), tuple(INITIALIZERS)),
        "equal",
    ),
}


def _text_knobs() -> list[tuple[str, str]]:
    return sorted(
        {
            (e.compute, name)
            for e in ENTRIES.values()
            for name, k in e.knobs.items()
            if k.kind in ("str", "strs", "tuples")
        }
    )


def test_both_topics_are_loaded() -> None:
    topics = {e.topic for e in ENTRIES.values()}
    assert topics == set(TOPICS)
    assert {"init-forward-variance", "init-symmetry", "dying-relu", "sigmoid-bound"} <= set(ENTRIES)
    assert {"init-he-step", "init-calculate-gain"} <= set(ENTRIES)


def test_every_text_knob_of_these_topics_is_checked_here() -> None:
    assert _text_knobs() == sorted(CHOICES)


def _same(choices: tuple, names: tuple, relation: str) -> None:
    assert len(set(choices)) == len(choices), f"repeated names in {choices}"
    if relation == "equal":
        assert set(choices) == set(names), (
            f"missing: {sorted(set(names) - set(choices))}, unknown: "
            f"{sorted(set(choices) - set(names))}"
        )
    else:
        assert set(choices) <= set(names), f"unknown: {sorted(set(choices) - set(names))}"


@pytest.mark.parametrize(("compute", "param"), sorted(CHOICES), ids=lambda v: v.split(":")[-1])
def test_choices_are_the_simulations_names(compute: str, param: str) -> None:
    names_of, relation = CHOICES[(compute, param)]
    names = names_of()
    knobs = [e.knobs[param] for e in ENTRIES.values() if e.compute == compute and param in e.knobs]
    assert knobs, f"no entry of these topics calls {compute} with {param}"
    for k in knobs:
        if k.kind == "tuples":
            assert len(k.choices) == len(names)
            for choices, sim_names in zip(k.choices, names, strict=True):
                _same(choices, sim_names, relation)
        else:
            _same(k.choices, names, relation)


class _Validated(Exception):
    """Raised in place of the first step after a compute function's checks: the value passed."""


def _stop(*args: object, **kwargs: object) -> None:
    raise _Validated


# Lower bounds that are the simulation's own limits: (entry, knob, the first call after the compute
# function's checks, stubbed so that accepting the bound costs nothing; None: the call is cheap).
AT_THE_SIM_LIMIT = [
    *[("init-forward-variance", p, f"{INIT}:_input_rows") for p in ("width", "depth")],
    *[("init-forward-variance", p, f"{INIT}:_input_rows") for p in ("n_samples", "n_nets")],
    *[("init-layer-histograms", p, f"{INIT}:_input_rows") for p in ("width", "n_samples", "bins")],
    *[("init-symmetry", p, "vizdl.sim.data:load") for p in ("hidden", "n_samples", "steps")],
    ("init-symmetry", "checkpoints", "vizdl.sim.data:load"),
    *[("init-xavier-tapering", p, f"{INIT}:_input_rows") for p in ("n_samples", "n_nets")],
    *[("init-linear-chain", p, None) for p in ("width", "depth", "n_samples")],
    *[("init-distributions", p, f"{INIT}:weight_moments") for p in ("fan_in", "fan_out", "bins")],
    *[("init-he-step", p, f"{INIT}:_input_rows") for p in ("width", "depth", "n_samples")],
    *[("init-he-step", p, f"{INIT}:_input_rows") for p in ("n_nets", "bins")],
    *[("init-calculate-gain", p, f"{INIT}:_input_rows") for p in ("width", "depth", "n_samples")],
    *[("init-calculate-gain", p, f"{INIT}:_input_rows") for p in ("n_nets", "leaky_depth")],
    ("activation-gallery", "points", None),
    *[("derivative-products", p, f"{VANISH}:standardized_rows") for p in ("width", "n_paths")],
    *[("derivative-products", p, f"{VANISH}:standardized_rows") for p in ("depth", "n_samples")],
    *[("gradient-norms-per-layer", p, f"{VANISH}:standardized_sample") for p in ("width", "depth")],
    ("gradient-norms-per-layer", "n_samples", f"{VANISH}:standardized_sample"),
    *[("repeated-composition", p, None) for p in ("dim", "steps", "points")],
    *[("softmax-vs-sigmoid", p, None) for p in ("points", "n_pairs")],
]
# Other knobs set small in the calls that really run, so that they stay cheap.
CHEAP = {"init-linear-chain": dict(scales=(0.5, 1.0, 2.0), width=1, depth=1, n_samples=2)}


def _call(entry_name: str, **params: object) -> None:
    entry = ENTRIES[entry_name]
    import_ref(entry.compute)(**{**entry.params, **CHEAP.get(entry_name, {}), **params})


@pytest.mark.parametrize(
    ("entry_name", "param", "stub"), AT_THE_SIM_LIMIT, ids=lambda v: str(v).split(":")[-1]
)
def test_the_lower_bound_is_the_simulations(
    entry_name: str, param: str, stub: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    k = ENTRIES[entry_name].knobs[param]
    assert k.kind == "int" and k.low is not None
    low = int(k.low)
    with pytest.raises(KnobError):
        k.check(low - 1, param)
    with pytest.raises(ValueError, match=rf"\b{param}\b"):
        _call(entry_name, **{param: low - 1})
    if stub is not None:
        module, attr = stub.split(":")
        monkeypatch.setattr(importlib.import_module(module), attr, _stop)
    try:
        _call(entry_name, **{param: low})
    except _Validated:
        pass


# Values the simulation refuses beside a knob whose bound lies strictly inside (a number that must
# be > 0 has a positive lower bound): the knob refuses them too.
REFUSED_BY_BOTH = [
    ("init-symmetry", "lr", 0.0),
    ("init-symmetry", "lr", -0.3),
    ("init-linear-chain", "scales", (1.0, 0.0)),
    ("activation-gallery", "x_range", 0.0),
    ("sigmoid-bound", "x_range", -6.0),
    ("repeated-composition", "scale", 0.0),
    ("dying-relu", "lr", 0.0),
    ("init-symmetry", "inits", ("zeros", "he-normal")),
    ("init-forward-variance", "activations", ("gelu",)),
    ("init-forward-variance", "initializers", ("zeros",)),
    ("init-layer-histograms", "inputs", "mnist"),
    ("init-xavier-tapering", "sizes", (784, 0)),
    ("init-xavier-tapering", "rules", ("lecun",)),
    ("init-xavier-tapering", "inputs", "cifar"),
    ("derivative-products", "activations", ("swish",)),
    ("gradient-norms-per-layer", "pairs", (("relu", "he"),)),
    ("dying-relu", "variants", ("relu", "elu")),
    ("init-he-step", "inputs", "mnist"),
    ("init-calculate-gain", "fan_sizes", (784, 0)),
    ("init-calculate-gain", "slopes", (0.2, -0.1)),
    ("init-calculate-gain", "inputs", "cifar"),
    ("sigmoid-top-layer-saturation", "updates", 0),
    ("sigmoid-top-layer-saturation", "compare_updates", 0),
]


@pytest.mark.parametrize(
    ("entry_name", "param", "value"), REFUSED_BY_BOTH, ids=lambda v: str(v).replace(" ", "")
)
def test_what_the_simulation_refuses_the_knob_refuses(
    entry_name: str, param: str, value: object
) -> None:
    with pytest.raises(KnobError):
        ENTRIES[entry_name].knobs[param].check(value, param)
    with pytest.raises(ValueError):
        _call(entry_name, **{param: value})


def test_the_saturation_knobs_corners_are_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    # the comparison runs may not outlast the standard one: the knobs' ranges meet at 15,000, a
    # setting the simulation takes (it stops at loading the images, stubbed here); one more
    # comparison update is refused by the simulation
    e = ENTRIES["sigmoid-top-layer-saturation"]
    top, low = e.knobs["compare_updates"].high, e.knobs["updates"].low
    assert top == low
    monkeypatch.setattr(importlib.import_module("vizdl.sim.saturation"), "make_splits", _stop)
    with pytest.raises(_Validated):
        _call("sigmoid-top-layer-saturation", updates=int(low), compare_updates=int(top))
    with pytest.raises(ValueError, match="compare_updates must be at most updates"):
        _call("sigmoid-top-layer-saturation", updates=int(low), compare_updates=int(top) + 1)
