"""The optimizer topic's knobs agree with the simulations they feed.

``gallery/optimizers.py`` writes the names its text knobs allow as literal tuples (listing the
gallery never imports the simulations); these tests compare them with the simulations' own
registries, and check that where a knob's bound is the simulation's own limit the simulation
really refuses a value just past it (and takes the bound itself), so neither can drift alone.
Every call here is cheap: a few steps, tiny grids, or a value refused before any work is done.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from vizdl.gallery.registry import GalleryError, load_gallery
from vizdl.gallery.runner import import_ref
from vizdl.sim.optimizers.races import ALL_RACERS, HYPERPARAMETER_DEFAULTS, RACE_SETUPS, RACERS
from vizdl.sim.surfaces import SURFACES

ROOT = Path(__file__).resolve().parents[2]
GALLERY = load_gallery(ROOT)
ENTRIES = {name: e for name, e in GALLERY.entries.items() if e.topic == "optimizers"}


def _accepted(entry: str, knob: str, cheap: dict) -> set[str]:
    """The names of SURFACES that the entry's compute function accepts for ``knob``."""
    e = ENTRIES[entry]
    fn = import_ref(e.compute)
    ok = set()
    for name in SURFACES:
        try:
            fn(**{**e.params, **cheap, knob: name})
        except (ValueError, IndexError):  # a surface without minima: IndexError in some
            continue
        ok.add(name)
    return ok


QUADRATICS_2D = {"bowl", "elongated", "ravine"}
# The 2-D surfaces with known minima (a final loss to measure, basins to converge to).
WITH_MINIMUM = {n for n, make in SURFACES.items() if (s := make()).dim == 2 and len(s.minima)}

# Every text knob of the topic: (entry, knob) -> the names it must allow, from the simulation's
# registries. Where that is fewer names than the function runs, a comment says why.
RACE_ENTRIES = [n for n in ENTRIES if n.startswith("race-") and "3d" not in n]
CHOICES: dict[tuple[str, str], set[str]] = {
    # a round bowl has no flat and steep direction to contrast: learning_rate_regimes_2d refuses it
    ("learning-rate-regimes-2d", "surface"): QUADRATICS_2D - {"bowl"},
    ("learning-rate-regimes-2d-animation", "surface"): QUADRATICS_2D - {"bowl"},
    ("lr-sensitivity-animation", "surface"): WITH_MINIMUM,
    ("lr-sensitivity-animation", "racers"): set(RACERS),
    # nesterov_geometry also runs Beale's and Himmelblau's functions, but their gradients at the
    # start point overflow at any learning rate worth showing: the knob keeps the quadratics, less
    # the ravine (at η ≥ 0.015 the look-ahead gradient lengthens its steps: the claim fails).
    ("nesterov-geometry", "surface"): QUADRATICS_2D - {"ravine"},
    ("nesterov-geometry-animation", "surface"): QUADRATICS_2D - {"ravine"},
    # optimizer_race takes any 2-D surface (starting at the domain's centre); the knob keeps the
    # surfaces the race is set up for (RACE_SETUPS: a start point and a step count each).
    **{(n, "surface"): set(RACE_SETUPS) for n in RACE_ENTRIES},
    # any optimizer the race runs, the default eight and those a lecturer may add; a rate each
    **{(n, "racers"): set(ALL_RACERS) for n in RACE_ENTRIES},
    **{(n, "lr"): set(ALL_RACERS) for n in RACE_ENTRIES},
    # The 3-D scene draws x² − y² itself: only the saddle.
    ("race-saddle-3d-animation", "surface"): {"saddle"},
    ("basins-himmelblau", "surface"): WITH_MINIMUM,
    ("basins-himmelblau-animation", "surface"): WITH_MINIMUM,
    ("basins-himmelblau-animation", "racers"): set(RACERS),
}

# Cheap settings per compute function, for calls that must run to the end.
CHEAP = {
    "learning-rate-regimes-2d": {"steps": 2},
    "lr-sensitivity": {"steps": 1, "n_lrs": 2},
    "lr-sensitivity-animation": {"steps": 1, "n_lrs": 2},
    "nesterov-geometry": {"steps": 8},
    "race-bowl": {},
    "race-saddle-3d-animation": {"resolution": 10},
    "stochastic-minibatch-batch": {"steps": 100},
    "adaptive-learning-rates": {"adam_steps": 1},
    "basins-himmelblau": {"resolution": 2, "steps": 1},
    "basins-himmelblau-animation": {"resolution": 2, "steps": 1, "classify_steps": 1},
    # trains on real images: the smallest subset and runs the knobs allow
    "minibatch-cost": {"batch_sizes": (2000,), "epochs": 1, "updates": 10},
}


def test_the_topic_has_its_entries() -> None:
    assert len(ENTRIES) == 32
    assert len(RACE_ENTRIES) == 8
    for e in ENTRIES.values():
        assert list(e.knobs) == list(e.params), e.name


def test_the_batch_entries_have_no_dead_seed() -> None:
    # The engine passes the entry's own seed to batch_paths; a "seed" param would do nothing.
    for name in ("stochastic-minibatch-batch", "stochastic-minibatch-batch-animation"):
        assert "seed" not in ENTRIES[name].params


def test_every_text_knob_is_checked() -> None:
    text = {
        (e.name, k)
        for e in ENTRIES.values()
        for k, kn in e.knobs.items()
        if kn.kind in ("str", "strs", "tuples", "map")
    }
    assert text == set(CHOICES)


@pytest.mark.parametrize(("entry", "knob"), sorted(CHOICES))
def test_choices_match_the_simulation(entry: str, knob: str) -> None:
    declared = ENTRIES[entry].knobs[knob].choices
    assert len(set(declared)) == len(declared), "a name is listed twice"
    assert set(declared) == CHOICES[(entry, knob)]


def test_racer_names_keep_the_registry_order() -> None:
    for entry in ("lr-sensitivity-animation", "basins-himmelblau-animation"):
        assert ENTRIES[entry].knobs["racers"].choices == tuple(RACERS)
    for entry in RACE_ENTRIES:
        knobs = ENTRIES[entry].knobs
        assert knobs["racers"].choices == knobs["lr"].choices == tuple(ALL_RACERS)
        assert knobs["racers"].default == tuple(RACERS)  # the lecture's race by default


def test_the_race_knobs_defaults_are_the_simulations() -> None:
    for entry in RACE_ENTRIES:
        e = ENTRIES[entry]
        for name, default in HYPERPARAMETER_DEFAULTS.items():
            assert e.params[name] == default, (entry, name)
        # unset start, steps and domain: the surface's own setup
        assert e.params["start"] is e.params["steps"] is e.params["domain"] is None
        assert e.params["lr"] == {}


def test_a_race_on_a_formula_with_its_own_racers_and_rates() -> None:
    e = ENTRIES["race-beale"].with_settings(
        [
            "surface=x**2 + 3*y**2",
            "domain=-2,2,-1,1",
            "start=1.5,0.5",
            "steps=5",
            "racers=SGD,NAdam",
            "lr.SGD=0.1",
            "momentum=0.5",
        ]  # fmt: skip
    )
    assert e.title == "Optimizer race: x**2 + 3*y**2"
    r = import_ref(e.compute)(**{**e.params, "resolution": 10})
    assert r.labels == ("SGD", "NAdam") and r.lr_sources == ("set", "tuned")
    # SGD at η = 0.1 on x² + 3y²: θ₁ ← 0.8 θ₁, θ₂ ← 0.4 θ₂ (no tuning, no hidden defaults)
    sgd = r.paths[0].points[:, 0]
    assert sgd[1] == pytest.approx([1.5 * 0.8, 0.5 * 0.4], rel=1e-15)
    assert r.minima.shape == (1, 2) and abs(r.minima).max() < 1e-9
    for bad, says in [
        (["domain=-1,1,-1,1"], "domain is for a formula"),  # Beale's own domain
        (["racers=SGD", "lr.Adam=0.1"], "not racing"),
        (["surface=x**2", "start=5,5"], "outside the domain"),
    ]:
        with pytest.raises(ValueError, match=says):
            f = ENTRIES["race-beale"].with_settings(bad)
            import_ref(f.compute)(**{**f.params, "resolution": 10})


@pytest.mark.parametrize(
    ("entry", "cheap"),
    [
        ("learning-rate-regimes-2d", {"steps": 2}),
        ("lr-sensitivity-animation", {"steps": 1, "n_lrs": 2}),
        ("basins-himmelblau", {"resolution": 2, "steps": 1}),
        ("basins-himmelblau-animation", {"resolution": 2, "steps": 1, "classify_steps": 1}),
    ],
)
def test_surface_choices_are_exactly_what_the_function_runs(entry: str, cheap: dict) -> None:
    assert _accepted(entry, "surface", cheap) == set(ENTRIES[entry].knobs["surface"].choices)


def test_the_race_and_nesterov_take_more_surfaces_than_they_offer() -> None:
    # The narrower choices above: the functions run these names too, the knobs leave them out.
    race = _accepted("race-bowl", "surface", {"racers": ("SGD",), "steps": 1, "resolution": 10})
    assert set(ENTRIES["race-bowl"].knobs["surface"].choices) < race
    assert race - set(RACE_SETUPS) == {"elongated", "himmelblau", "monkey-saddle"}
    with pytest.warns(RuntimeWarning):  # overflow: accepted, but not a picture
        import_ref(ENTRIES["nesterov-geometry"].compute)(surface="beale", steps=8)


# (entry, knob, just outside the declared range, the declared bound itself): the bound is the
# simulation's own limit, so the first must be refused by both and the second taken by both.
EDGES = [
    ("learning-rate-regimes", "x0", 3.01, 3.0),
    ("learning-rate-regimes", "x0", -3.01, -3.0),
    ("learning-rate-regimes", "lr_factors", (-0.01, 0.7, 1.8, 2.1), (0.0, 0.7, 1.8, 2.1)),
    # the figure's own box is narrower (where its claims hold: test_knobs_corners); the
    # animation keeps the simulation's limits
    ("lr-sensitivity-animation", "lr_min", 0.0, 1e-6),
    ("lr-sensitivity-animation", "n_lrs", 1, 2),
    ("lr-sensitivity-animation", "steps", 0, 1),
    ("nesterov-geometry", "lr", 0.0, 1e-6),
    ("nesterov-geometry", "momentum", 0.0, 0.01),
    ("race-saddle-3d-animation", "resolution", 9, 10),
    ("stochastic-minibatch-batch", "batch_sizes", (0, 10), (1, 200)),
    ("adaptive-learning-rates", "adam_steps", 0, 1),
    ("basins-himmelblau", "resolution", 1, 2),
    ("basins-himmelblau", "steps", 0, 1),
    ("basins-himmelblau-animation", "resolution", 1, 2),
    ("basins-himmelblau-animation", "steps", 0, 1),
    ("basins-himmelblau-animation", "classify_steps", 0, 1),
    ("minibatch-cost", "batch_sizes", (0,), (2000,)),
    ("minibatch-cost", "lr", 0.0, 1e-4),
    ("minibatch-cost", "epochs", 0, 1),
    ("minibatch-cost", "updates", 0, 10),
    ("minibatch-cost", "hidden", -1, 0),
]


def _call(entry: str, **overrides: object) -> object:
    e = ENTRIES[entry]
    cheap = e.with_params(**CHEAP.get(entry, {})).params  # the cheap settings are allowed too
    return import_ref(e.compute)(**{**cheap, **overrides})


@pytest.mark.parametrize(("entry", "knob", "outside", "bound"), EDGES)
def test_the_simulation_refuses_what_the_knob_refuses(
    entry: str, knob: str, outside: object, bound: object
) -> None:
    e = ENTRIES[entry]
    with pytest.raises(GalleryError, match=knob):
        e.with_params(**{knob: outside})
    with pytest.raises(ValueError):
        _call(entry, **{knob: outside})
    e.with_params(**{knob: bound})
    _call(entry, **{knob: bound})


def test_lr_sweep_bounds_cannot_cross() -> None:
    # lr_max must be > lr_min: the knobs' ranges do not overlap, so no pair is refused.
    for entry in ("lr-sensitivity", "lr-sensitivity-animation"):
        k = ENTRIES[entry].knobs
        assert k["lr_min"].high < k["lr_max"].low
    with pytest.raises(ValueError, match="lr_max"):
        _call("lr-sensitivity-animation", lr_min=0.1, lr_max=0.1)
    _call("lr-sensitivity-animation", lr_min=0.05, lr_max=0.1)


def test_batch_sizes_always_fit_in_the_data() -> None:
    # Every batch size must be <= n: n's range starts where batch_sizes' ends.
    k = ENTRIES["stochastic-minibatch-batch"].knobs
    assert k["batch_sizes"].high == k["n"].low
    assert ENTRIES["stochastic-minibatch-batch-animation"].knobs["batch_sizes"].high == k["n"].low
    with pytest.raises(ValueError, match="larger than the data set"):
        _call("stochastic-minibatch-batch", n=199, batch_sizes=(200,))
    _call("stochastic-minibatch-batch", n=200, batch_sizes=(200,))


def test_the_cost_entry_batch_sizes_always_fit_in_its_images() -> None:
    # Every batch size must be <= n: n's range starts where batch_sizes' ends; the default's
    # largest batch is all n images (the full batch the caption names).
    e = ENTRIES["minibatch-cost"]
    assert e.knobs["batch_sizes"].high == e.knobs["n"].low == e.params["n"]
    assert max(e.params["batch_sizes"]) == e.params["n"] and min(e.params["batch_sizes"]) == 1
    assert "seed" not in e.params  # the engine passes the entry's own seed
    with pytest.raises(ValueError, match="larger than the training subset"):
        _call("minibatch-cost", n=1999)
    with pytest.raises(GalleryError, match="n"):
        e.with_params(n=1999)
    with pytest.raises(GalleryError, match="batch_sizes"):
        e.with_params(batch_sizes=(1, 2001))


def test_the_gradient_switch_always_comes_before_the_end() -> None:
    # switch must be < steps: steps' range starts past switch's.
    k = ENTRIES["adaptive-learning-rates"].knobs
    assert k["switch"].high < k["steps"].low
    with pytest.raises(ValueError, match="switch"):
        _call("adaptive-learning-rates", steps=200, switch=200)
    _call("adaptive-learning-rates", steps=int(k["steps"].low), switch=int(k["switch"].high))


def test_nesterov_steps_cover_the_steps_it_draws() -> None:
    # The figure enlarges step zoom_step (and needs the step after it); the scene explains
    # NesterovSteps.shown_steps. The simulation takes steps >= 1; the knob starts where both fit.
    import inspect

    low = ENTRIES["nesterov-geometry"].knobs["steps"].low
    zoom = inspect.signature(import_ref(ENTRIES["nesterov-geometry"].draw)).parameters
    assert zoom["zoom_step"].default + 1 <= low
    tree = ast.parse((ROOT / "scenes" / "optimizers.py").read_text(encoding="utf-8"))
    shown = next(
        ast.literal_eval(node.value)
        for cls in ast.walk(tree)
        if isinstance(cls, ast.ClassDef) and cls.name == "NesterovSteps"
        for node in cls.body
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "shown_steps"
    )
    assert max(shown) <= low


def test_at_the_defaults_every_race_sentence_applies_and_at_other_settings_they_leave() -> None:
    from vizdl.gallery.claims import evaluate, failed_claims

    for name in ("race-bowl", "race-beale", "race-ravine", "race-saddle"):
        e = ENTRIES[name]
        result = import_ref(e.compute)(**e.params)
        records, caption = evaluate(e.claims, result, e.caption)
        left_out = [r["check"] for r in records if r.get("applies") is False]
        # only the loss axis's sentence is not about the saddle (its panel draws |θ₂|)
        assert left_out == (["vizdl.checks.races:loss_axis"] if name == "race-saddle" else [])
        assert not failed_claims(records) and "[[" not in caption and "…" not in caption
        # with two racers of the lecturer's own the caption keeps only what is about them
        own = e.with_params(racers=("SGD", "NAdam"))
        records, caption = evaluate(own.claims, import_ref(own.compute)(**own.params), own.caption)
        assert not failed_claims(records)
        assert caption.startswith("The optimizers SGD and NAdam, from one start point")
        for word in ("Adadelta", "RMSprop", "Adagrad", "Momentum and NAG", "grows at least"):
            assert word not in caption, (name, word)


def test_the_basins_title_and_equation_follow_the_surface() -> None:
    e = ENTRIES["basins-himmelblau"]
    assert e.title == "Basins of convergence on Himmelblau's function" and "11)^2" in e.equation
    own = e.with_settings(["surface=x**4/4 - x**2 + y**2", "domain=-2,2,-1.5,1.5"])
    assert own.title == "Basins of convergence on x**4/4 - x**2 + y**2"
    assert own.equation is None  # Himmelblau's formula is not this surface's
    assert e.with_params(surface="beale").equation is None
    assert e.with_params(tol=0.02).equation == e.equation  # other knobs keep it


def test_the_2d_regimes_start_inside_the_drawn_domain_of_a_built_in_or_a_formula() -> None:
    fn = import_ref(ENTRIES["learning-rate-regimes-2d"].compute)
    fn(start=(3.0, -3.0), steps=1, resolution=10)  # the built-in bowl's own edge
    with pytest.raises(ValueError, match="outside"):
        fn(start=(3.01, 0.0), steps=1, resolution=10)
    f = "0.5*x**2 + 5*y**2"
    fn(surface=f, domain=(-10.0, 10.0, -4.0, 4.0), start=(9.0, 3.0), steps=1, resolution=10)
    with pytest.raises(ValueError, match="outside"):
        fn(surface=f, domain=(-10.0, 10.0, -4.0, 4.0), start=(9.0, 4.5), steps=1, resolution=10)
