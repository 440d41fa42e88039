"""Every result's ``table()`` (written to ``data.csv`` by the engine) holds plain Python values.

The CSV writer prints a float with ``repr``; a numpy scalar would come out as ``np.float64(0.5)``.
Results are built small: by their compute functions where that needs no data and little time,
by hand (only the fields ``table()`` reads, with numpy arrays of the real dtypes) otherwise.
"""

from __future__ import annotations

import dataclasses
import importlib
import math
import pkgutil

import numpy as np
import pytest

import vizdl.sim
from vizdl.sim._tables import columns, long_table


def _by_hand(cls: type, **given: object) -> object:
    return cls(**{f.name: given.get(f.name) for f in dataclasses.fields(cls)})


def _gradient_norms():
    from vizdl.sim.vanishing import GradientNorms

    pairs = (("sigmoid", "xavier-normal"), ("relu", "kaiming-normal"))
    return _by_hand(GradientNorms, pairs=pairs, depth=3, norms=np.array([[1e-3, 1e-2, 0.1]] * 2))


def _depth_vs_width():
    from vizdl.sim.approximation import DepthWidth

    return _by_hand(
        DepthWidth,
        depths=np.array([1, 2]),
        widths=np.array([70, 60]),
        params=np.array([59_000, 59_990]),
        first_layer_params=np.array([59_000, 54_950]),
        test_error=np.array([[0.15, 0.16], [0.14, np.nan]]),
        train_error=np.array([[0.1, 0.1], [0.09, 0.08]]),
        val_error=np.array([[0.14, 0.15], [0.13, np.nan]]),
        best_epoch=np.array([[12, 14], [10, 11]]),
    )


def _depth_params():
    from vizdl.sim.depth_params import DepthParams

    acc = np.array([[[0.84, 0.85], [0.86, 0.85]], [[0.845, 0.84], [0.855, np.nan]]])
    return _by_hand(
        DepthParams,
        depths=np.array([1, 2]),
        budgets=np.array([25_000, 50_000]),
        widths=np.array([[31, 63], [30, 59]]),
        params=np.array([[24_655, 50_095], [24_790, 50_455]]),
        test_acc=acc,
        train_acc=acc + 0.05,
        best_epoch=np.array([[[20, 21], [22, 23]], [[24, 25], [26, 27]]]),
    )


def _train_result():
    from vizdl.sim.training import TrainResult

    return _by_hand(
        TrainResult,
        train_loss=np.array([0.6, 0.4]),
        train_acc=np.array([0.8, 0.85]),
        val_loss=np.array([np.nan, np.nan]),
        val_acc=np.array([np.nan, np.nan]),
        epoch_seconds=np.array([1.5, 1.25]),
    )


def _init_comparison():
    from vizdl.sim.training import InitComparison

    return _by_hand(
        InitComparison,
        inits=("zeros", "xavier-normal"),
        test_acc=np.array([0.1, 0.85]),
        train_loss=np.array([[2.3, 2.3], [0.6, np.nan]]),
        diverged=np.array([False, True]),
        seconds=np.array([3.0, 3.5]),
    )


def _lecture_check():
    from vizdl.sim.training import LectureCheck

    return _by_hand(
        LectureCheck,
        seeds=np.array([0, 1]),
        test_acc=np.array([0.86, 0.87]),
        train_acc=np.array([[0.69, 0.8], [0.7, 0.81]]),
    )


def _property_table():
    from vizdl.sim.optimizers.properties import PropertyTable

    k = 2
    return _by_hand(
        PropertyTable,
        labels=("SGD", "Adam"),
        lrs=np.array([0.01, 0.01]),
        adapt_ratio=np.ones(k),
        units_ratio=np.array([100.0, 10.0]),
        units_error=np.array([0.5, np.nan]),
        loss_ratio=np.ones(k),
        loss_error=np.zeros(k),
        saddle_steps=np.array([[10, 20, 30], [5, 5, -1]], dtype=np.int64),
        saddle_speedup=np.array([1.0, 0.0]),
        saddle_growth=np.array([0.5, np.inf]),
        offsets=np.array([1e-3, 1e-6, 1e-9]),
        measured=np.array([[False, False, False], [True, False, True]]),
        lecture=np.array([[False, False, False], [True, False, True]]),
        in_lecture=np.array([True, False]),
        grad_ratio=5.0,
    )


def _computed(ref: str, **params: object):
    def build():
        mod, name = ref.split(":")
        return getattr(importlib.import_module(f"vizdl.sim.{mod}"), name)(**params)

    return build


RESULTS = {
    "ActivationGallery": _computed("activations:activation_gallery", points=11),
    "GradientNorms": _gradient_norms,
    "ErrorSweep": _computed(
        "approximation:error_sweep", ns=(2, 4), fit_range=(2, 4), ws=(5,), n_fixed=2, points=101
    ),
    "DepthWidth": _depth_vs_width,
    "DepthParams": _depth_params,
    "SignalPropagation": _computed(
        "initialization:signal_propagation",
        initializers=("xavier-normal",),
        activations=("tanh", "relu"),
        width=8,
        depth=2,
        inputs="gaussian",
        n_samples=16,
        n_nets=1,
    ),
    "TaperingStack": _computed(
        "initialization:tapering_stack", sizes=(8, 6, 4), inputs="gaussian", n_samples=16, n_nets=1
    ),
    "Distributions": _computed(
        "initialization:init_distributions",
        initializers=("xavier-uniform", "kaiming-normal"),
        fan_in=20,
        fan_out=10,
        bins=8,
    ),
    "TrainResult": _train_result,
    "InitComparison": _init_comparison,
    "LectureCheck": _lecture_check,
    "Race": _computed("optimizers.races:optimizer_race", surface="bowl", lr=0.1, steps=5),
    "LRSensitivity": _computed(
        "optimizers.learning_rates:lr_sensitivity",
        surfaces=("bowl",),
        racers=("SGD", "Adam"),
        steps=5,
        n_lrs=3,
    ),
    "PropertyTable": _property_table,
    "Basins": _computed("optimizers.basins:basins", resolution=5, steps=20),
    "HeStep": _computed(
        "initialization:he_step", width=8, depth=2, inputs="gaussian", n_samples=16, n_nets=1
    ),
    "GainUse": _computed(
        "initialization:gain_in_use",
        width=8,
        depth=2,
        fan_sizes=(8, 12, 6),
        slopes=(0.0, 0.5),
        leaky_depth=2,
        inputs="gaussian",
        n_samples=16,
        n_nets=1,
    ),
    "ModelSummary": _computed("training:first_model_summary", n_images=20),
    "Protocol": lambda: _by_hand(
        __import__("vizdl.sim.validation", fromlist=["Protocol"]).Protocol,
        lrs=np.array([1e-3, 1e-2]),
        val_acc=np.array([[0.8, 0.82], [0.81, 0.84]]),
        train_loss=np.array([[0.6, 0.5], [0.55, 0.45]]),
        chosen=1,
        test_acc=0.835,
    ),
    "LayerDynamics": _computed(
        "dynamics:layer_dynamics",
        pairs=(("relu", "kaiming-normal"),),
        width=4,
        depth=2,
        epochs=1,
        limit=100,
        n_probe=20,
        checkpoints=2,
    ),
    "SparseFeatures": _computed("optimizers.sparse:sparse_features", steps=20, batch_size=2),
    "BatchCost": _computed(
        "optimizers.batch_cost:batch_cost",
        n=50,
        batch_sizes=(1, 50),
        epochs=1,
        updates=2,
        checkpoints=3,
    ),
    "Units": _computed("optimizers.units:adadelta_units", steps=5, resolution=10),
    "ActivationNoise": _computed("activation_noise:activation_noise", points=4, n_noise=100),
    "PlateauSaddle": _computed("optimizers.plateau:plateau_saddle", steps=5, resolution=10),
    "SeedSpread": _computed(
        "seed_spread:seed_spread", n_seeds=3, n_train=100, hidden=4, epochs=1, n_boot=100
    ),
    "Saturation": _computed(
        "saturation:saturation",
        updates=4,
        compare_updates=2,
        every=2,
        width=4,
        depth=2,
        n_probe=20,
        limit=20,
    ),
}


def _classes_with_a_table() -> set[str]:
    names = set()
    for info in pkgutil.walk_packages(vizdl.sim.__path__, "vizdl.sim."):
        mod = importlib.import_module(info.name)
        for obj in vars(mod).values():
            if (
                isinstance(obj, type)
                and obj.__module__ == mod.__name__
                and dataclasses.is_dataclass(obj)
                and "table" in vars(obj)
            ):
                names.add(obj.__name__)
    return names


def test_every_result_with_a_table_is_checked_here() -> None:
    assert _classes_with_a_table() == set(RESULTS)


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_table_holds_only_plain_python_values(name: str) -> None:
    result = RESULTS[name]()
    assert type(result).__name__ == name
    cols = result.table()
    assert type(cols) is dict and cols
    lengths = {len(v) for v in cols.values()}
    assert len(lengths) == 1 and lengths != {0}, {k: len(v) for k, v in cols.items()}
    for col, values in cols.items():
        assert type(col) is str and type(values) is list
        bad = [v for v in values if type(v) not in (int, float, str, bool)]
        assert bad == [], f"{name}.table()[{col!r}] holds {type(bad[0]).__name__} {bad[0]!r}"
        assert not any("np." in str(v) for v in values), (col, values)


def test_long_table_is_the_nested_loops_in_c_order() -> None:
    values = np.arange(12.0).reshape(2, 3, 2)
    flags = values > 4
    got = long_table(
        [{"a": ("x", "y"), "a2": np.array([10, 20])}, {"b": range(3)}, {"c": np.array([0.5, 1.5])}],
        {"v": values, "f": flags},
    )
    rows = [
        (a, a2, b, c, values[i, j, k], flags[i, j, k])
        for i, (a, a2) in enumerate(zip(("x", "y"), (10, 20), strict=True))
        for j, b in enumerate(range(3))
        for k, c in enumerate((0.5, 1.5))
    ]
    assert list(got) == ["a", "a2", "b", "c", "v", "f"]
    assert list(zip(*got.values(), strict=True)) == rows
    assert {type(v) for col in got.values() for v in col} == {str, int, float, bool}


def test_columns_convert_numpy_and_refuse_ragged_or_nested_columns() -> None:
    got = columns(
        {"i": np.array([1, 2]), "f": (np.float64(0.5), math.nan), "s": np.array(["a", "b"])}
    )
    assert got == {"i": [1, 2], "f": [0.5, got["f"][1]], "s": ["a", "b"]}
    assert [type(v) for v in got["f"]] == [float, float] and math.isnan(got["f"][1])
    with pytest.raises(ValueError, match="differ in length"):
        columns({"a": [1, 2], "b": [1]})
    with pytest.raises(TypeError, match="'m' holds"):
        columns({"m": np.zeros((2, 2))})
    with pytest.raises(ValueError, match="shape"):
        long_table([{"a": [1, 2]}], {"v": np.zeros(3)})
