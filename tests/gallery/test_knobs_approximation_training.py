"""The knobs of the approximation and training entries against the simulation they drive.

Gallery modules write their names out (they must not import ``vizdl.sim``), so these tests keep
the declarations from drifting from the code: every name a text knob offers is one the
simulation knows, values just outside a declared range are values the simulation itself refuses
(cheap calls that fail in validation, never a training run), and the ends of the ranges are
values it accepts.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from vizdl.gallery.knobs import KnobError
from vizdl.gallery.registry import load_gallery
from vizdl.gallery.runner import import_ref
from vizdl.sim.approximation import FUNCTIONS
from vizdl.sim.training import ARCHITECTURES, DEVICES, OPTIMIZERS, SPLITS, TrainConfig

GALLERY = load_gallery(Path(__file__).resolve().parents[2])
TOPICS = ("approximation", "training")
ENTRIES = {n: e for n, e in GALLERY.entries.items() if e.topic in TOPICS}

# The simulation's own registry of names for each text knob, by knob name.
REGISTRIES = {
    "f": tuple(FUNCTIONS),  # vizdl.sim.approximation.resolve_function
    "model": tuple(ARCHITECTURES),  # TrainConfig.validate / build_model
    "optimizer": tuple(OPTIMIZERS),  # TrainConfig.validate / make_optimizer
    "split": tuple(SPLITS),  # TrainConfig.validate / make_splits
    "device": tuple(DEVICES),  # resolve_device
}

TEXT_KNOBS = [
    (entry.name, key)
    for entry in ENTRIES.values()
    for key, k in entry.knobs.items()
    if k.kind in ("str", "strs", "tuples")
]


@pytest.fixture(autouse=True)
def _no_data(monkeypatch: pytest.MonkeyPatch) -> None:
    """A refusal must come from validation: reading Fashion-MNIST means a check was missed."""

    def load(*args: object, **kwargs: object) -> None:
        raise AssertionError("the call read Fashion-MNIST: it did not fail in validation")

    monkeypatch.setattr("vizdl.sim.data.load", load)


def test_both_topics_have_their_entries() -> None:
    names = set(ENTRIES)
    assert {"sigmoid-step", "bump-error", "trained-vs-constructed", "depth-vs-width"} <= names
    assert "depth-at-fixed-parameters" in names
    assert {"learning-curves", "overfitting", "lecture-numbers", "split-and-batches"} <= names
    assert "model-summary" in names
    assert TEXT_KNOBS, "no text knobs found"


@pytest.mark.parametrize(("name", "key"), TEXT_KNOBS, ids=lambda v: str(v))
def test_text_knob_offers_exactly_the_simulations_names(name: str, key: str) -> None:
    knob = ENTRIES[name].knobs[key]
    assert key in REGISTRIES, f"{name}.{key}: no simulation registry known to this test"
    assert len(set(knob.choices)) == len(knob.choices), f"{name}.{key}: a name twice"
    # equal, not a subset: every name the simulation accepts is offered to the lecturer
    assert set(knob.choices) == set(REGISTRIES[key]), f"{name}.{key}"


def test_every_parameter_is_declared_with_a_meaning() -> None:
    for entry in ENTRIES.values():
        assert list(entry.knobs) == list(entry.params), entry.name
        for key, k in entry.knobs.items():
            assert k.default == entry.params[key] and type(k.default) is type(entry.params[key])
            assert k.help and "\n" not in k.help, f"{entry.name}.{key}"


def _train_config(entry, key: str, value: object) -> None:
    """What the trainer checks, without data: TrainConfig's validation of the entry's settings."""
    fields = TrainConfig.__dataclass_fields__
    cfg = {k: v for k, v in entry.params.items() if k in fields}
    TrainConfig(**{**cfg, key: value}).validate()


def _compute(entry, key: str, value: object, **cheap: object) -> None:
    """The entry's compute function with ``key = value`` (``cheap``: in-range values that keep the
    call small, so that it reaches the check being tested quickly)."""
    import_ref(entry.compute)(**{**entry.params, **cheap, key: value})


# (entry, knob, a value the knob refuses, how the simulation is asked, what its refusal says).
# Most values are just outside the declared range and the simulation's own limit is the same;
# where the knob is stricter (a positive float declared from a small positive number, a range cut
# to what a laptop finishes), the value is the first one the simulation refuses.
_SMALL_SWEEP = dict(ns=(2, 4), fit_range=(2, 4))
REFUSED = [
    ("sigmoid-step", "ws", (0.0, 1.0), _compute, {}, "w must be > 0"),
    ("sigmoid-step", "points", 2, _compute, {}, "points must be an integer >= 3"),
    ("bumps-staircase", "n_bumps", 0, _compute, {}, "N must be an integer >= 1"),
    ("bumps-staircase", "w", 0.0, _compute, {}, "w must be > 0"),
    ("bumps-staircase", "fit_counts", (0, 2), _compute, {}, "N must be an integer >= 1"),
    ("bumps-staircase", "points", 2, _compute, {}, "points must be an integer >= 3"),
    ("bump-error", "ns", (0, 2, 4), _compute, {"fit_range": (2, 4)}, "N must be an integer >= 1"),
    ("bump-error", "w_factor", 0.0, _compute, _SMALL_SWEEP, "w must be > 0"),
    ("bump-error", "ws", (0, 10), _compute, _SMALL_SWEEP, "w must be > 0"),
    ("bump-error", "n_fixed", 0, _compute, _SMALL_SWEEP, "N must be an integer >= 1"),
    ("trained-vs-constructed", "n_samples", 1, _compute, {}, "n_samples must be an integer >= 2"),
    ("trained-vs-constructed", "units", 1, _compute, {}, "units must be an integer >= 2"),
    ("trained-vs-constructed", "steps", 0, _compute, {}, "steps must be an integer >= 1"),
    ("trained-vs-constructed", "noise", -0.01, _compute, {}, "scale < 0"),
    ("trained-vs-constructed", "lr", -0.01, _compute, {}, "Invalid learning rate"),
    ("trained-vs-constructed", "relu_steps", 0, _compute, {}, "relu_steps must be an integer >= 1"),
    ("relu-dropout", "dropout", -0.1, _compute, {}, "dropout probability"),
    ("relu-dropout", "dropout", 1.5, _compute, {}, "dropout probability"),
    ("relu-switches", "hidden", 0, _compute, {}, "hidden must be an integer >= 1"),
    ("relu-switches", "steps", 0, _compute, {}, "steps must be an integer >= 1"),
    ("relu-switches", "lr", -0.01, _compute, {}, "Invalid learning rate"),
    ("depth-vs-width", "depths", (0, 1), _compute, {}, "depth must be an integer >= 1"),
    ("depth-vs-width", "budget", 999, _compute, {}, "budget must be an integer >= 1000"),
    ("depth-vs-width", "n_train", 99, _compute, {}, "n_train must be an integer >= 100"),
    ("depth-vs-width", "val_size", 99, _compute, {}, "val_size must be an integer >= 100"),
    ("depth-vs-width", "max_epochs", 0, _compute, {}, "max_epochs must be an integer >= 1"),
    ("depth-vs-width", "patience", 0, _compute, {}, "patience must be an integer >= 1"),
    ("depth-vs-width", "batch_size", 0, _compute, {}, "batch_size must be an integer >= 1"),
    ("depth-vs-width", "seeds", (-1,), _compute, {}, "seed must be an integer from 0"),
    ("depth-at-fixed-parameters", "max_depth", 1, _compute, {}, "max_depth must be an integer"),
    ("depth-at-fixed-parameters", "smallest_budget", 19_999, _compute, {}, "smallest_budget must"),
    ("depth-at-fixed-parameters", "n_budgets", 1, _compute, {}, "n_budgets must be an integer"),
    ("depth-at-fixed-parameters", "n_images", 1999, _compute, {}, "n_images must be an integer"),
    ("depth-at-fixed-parameters", "n_images", 70_001, _compute, {}, "n_images must be at most"),
    ("depth-at-fixed-parameters", "max_epochs", 0, _compute, {}, "max_epochs must be an integer"),
    ("depth-at-fixed-parameters", "patience", 0, _compute, {}, "patience must be an integer"),
    ("depth-at-fixed-parameters", "batch_size", 0, _compute, {}, "batch_size must be an integer"),
    ("depth-at-fixed-parameters", "lr", 0.0, _compute, {}, "lr must be > 0"),
    ("depth-at-fixed-parameters", "n_seeds", 1, _compute, {}, "n_seeds must be an integer >= 2"),
    ("lecture-numbers", "seeds", (-1,), _compute, {}, "seed must be an integer from 0"),
    ("learning-curves", "epochs", 0, _compute, {}, "epochs must be an integer >= 1"),
    ("learning-curves", "lr", 0.0, _compute, {}, "learning rate must be > 0"),
    ("learning-curves", "batch_size", 0, _compute, {}, "batch size must be an integer >= 1"),
    ("learning-curves", "model", "784-100-10", _compute, {}, "unknown model"),
    ("learning-curves", "optimizer", "amsgrad", _compute, {}, "unknown optimizer"),
    ("learning-curves", "split", "random", _compute, {}, "unknown split"),
    ("learning-curves", "device", "gpu", _compute, {}, "unknown device"),
    ("overfitting", "limit", -1, _compute, {}, "limit must be an integer >= 0"),
    ("inference", "examples", -1, _compute, {}, "examples must be an integer >= 0"),
    # initializer_comparison reads the data before its runs validate: ask TrainConfig instead
    ("init-weight-histograms", "epochs", 0, _train_config, {}, "epochs must be an integer >= 1"),
    ("init-weight-histograms", "lr", 0.0, _train_config, {}, "learning rate must be > 0"),
    ("init-weight-histograms", "batch_size", 0, _train_config, {}, "batch size must be an"),
    ("lecture-numbers", "epochs", 0, _train_config, {}, "epochs must be an integer >= 1"),
    ("split-and-batches", "total", 0, _compute, {}, "total must be an integer >= 1"),
    ("split-and-batches", "batch_size", 0, _compute, {}, "batch size must be an integer >= 1"),
    ("split-and-batches", "fractions", (0.7, 0.3), _compute, {}, "fractions must be three"),
    ("split-and-batches", "fractions", (1.1, -0.05, -0.05), _compute, {}, "fractions must be"),
    ("model-summary", "n_images", 0, _compute, {}, "n_images must be an integer >= 1"),
    ("model-summary", "model", "784-100-10", _compute, {}, "unknown model"),
]


@pytest.mark.parametrize(
    ("name", "key", "value", "call", "cheap", "says"),
    REFUSED,
    ids=[f"{r[0]}.{r[1]}={r[2]!r}" for r in REFUSED],
)
def test_knob_refuses_what_the_simulation_refuses(name, key, value, call, cheap, says) -> None:
    entry = ENTRIES[name]
    with pytest.raises(KnobError):
        entry.knobs[key].check(value, key)
    with pytest.raises(ValueError, match=re.escape(says)):
        call(entry, key, value, **cheap)


def test_lecture_numbers_epochs_stop_where_the_lecture_printed() -> None:
    # lecture_check itself runs any number of epochs, but its figure compares epoch by epoch with
    # the lecture's 4 printed accuracies: 5 epochs cannot be drawn, so the knob stops at 4.
    from matplotlib.figure import Figure

    from vizdl.render.mpl.training import figure_lecture_check
    from vizdl.sim.training import LECTURE_TRAIN_ACCURACY, LectureCheck

    knob = ENTRIES["lecture-numbers"].knobs["epochs"]
    assert knob.high == len(LECTURE_TRAIN_ACCURACY)

    def check(epochs: int) -> LectureCheck:
        return LectureCheck(
            seeds=np.array([0]),
            test_acc=np.array([0.86]),
            train_acc=np.full((1, epochs), 0.8),
            lecture_test_acc=0.8665,
            lecture_train_acc=np.array(LECTURE_TRAIN_ACCURACY[:epochs]),
            epoch_seconds=np.array([1.0]),
            test_acc_code=np.array([0.83]),
            lr_code=1e-4,
            lr_fast=1e-3,
            batch_size=100,
            n_train=60_000,
            iterations_per_epoch=600,
        )

    figure_lecture_check(Figure(), check(int(knob.high)))
    with pytest.raises(ValueError):
        figure_lecture_check(Figure(), check(int(knob.high) + 1))
    with pytest.raises(KnobError):
        knob.check(int(knob.high) + 1, "epochs")


def _ends(entry, end: str) -> dict:
    """The entry's parameters with every numeric knob at its ``low`` or ``high`` end."""
    out = dict(entry.params)
    for key, k in entry.knobs.items():
        bound = getattr(k, end)
        if bound is None:
            continue
        if k.kind in ("int", "float"):
            out[key] = k.check(bound, key)
        elif k.kind in ("ints", "floats"):
            out[key] = k.check((bound,) * (k.length or 1), key)
    return out


@pytest.mark.parametrize(
    "name", ["sigmoid-step", "bumps-staircase", "trained-vs-constructed", "relu-switches"]
)
def test_the_simulation_accepts_the_low_ends(name: str) -> None:
    # cheap at their low ends: 3 grid points, 1 bump, 2 samples, 1 Adam step
    entry = ENTRIES[name]
    params = _ends(entry, "low")
    result = import_ref(entry.compute)(**params)
    assert result is not None


def test_error_sweep_accepts_the_low_ends() -> None:
    entry = ENTRIES["bump-error"]
    params = {**_ends(entry, "low"), "ns": (1, 2), "fit_range": (1, 2)}  # two N to fit over
    import_ref(entry.compute)(**params)


@pytest.mark.parametrize("end", ["low", "high"])
def test_the_trainer_accepts_both_ends(end: str) -> None:
    for entry in ENTRIES.values():
        if entry.compute in (
            "vizdl.sim.training:train",
            "vizdl.sim.training:initializer_comparison",
        ):
            fields = TrainConfig.__dataclass_fields__
            params = _ends(entry, end)
            TrainConfig(**{k: v for k, v in params.items() if k in fields}).validate()
