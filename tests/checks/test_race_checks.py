"""The race claims: each holds on its gallery race and fails on a race that contradicts it."""

from __future__ import annotations

import dataclasses
import functools

import pytest

from vizdl.checks import races as R
from vizdl.sim.optimizers.races import optimizer_race


@functools.cache
def race(surface: str):
    return optimizer_race(surface, resolution=20)


def swapped(r, a: str, b: str):
    """``r`` with the paths of racers ``a`` and ``b`` exchanged."""
    paths = list(r.paths)
    i, j = r.labels.index(a), r.labels.index(b)
    paths[i], paths[j] = paths[j], paths[i]
    return dataclasses.replace(r, paths=tuple(paths))


@pytest.mark.parametrize(
    ("surface", "checks"),
    [
        ("bowl", ("adadelta_untuned_finishes_last", "sgd_is_ideal_on_the_bowl")),
        ("beale", ("adadelta_untuned_finishes_last",)),
        (
            "ravine",
            (
                "adadelta_untuned_finishes_last",
                "momentum_methods_win_the_ravine",
                "per_coordinate_rates_do_not_undo_a_rotation",
            ),
        ),
        (
            "saddle",
            (
                "one_learning_rate",
                "adadelta_passes_sgd",
                "sgd_escapes_geometrically",
                "adaptive_methods_leave_at_once",
                "adadelta_leaves_slowly",
                "momentum_compounds_the_escape",
            ),
        ),
    ],
)
def test_each_race_claim_holds_on_its_gallery_race(surface: str, checks: tuple[str, ...]) -> None:
    for name in checks:
        assert getattr(R, name)(race(surface)).holds, name


def test_the_saddle_escape_rate_is_the_closed_form() -> None:
    m = R.sgd_escapes_geometrically(race("saddle")).measured
    assert m["sgd_growth"] == pytest.approx(1 + 2 * 0.05) and m["start_offset"] == 1e-6


def test_each_race_claim_fails_where_the_race_says_otherwise() -> None:
    bowl, beale, ravine, saddle = (race(s) for s in ("bowl", "beale", "ravine", "saddle"))
    assert not R.sgd_is_ideal_on_the_bowl(beale).holds  # SGD is not best on Beale
    assert not R.momentum_methods_win_the_ravine(bowl).holds  # on the bowl SGD wins
    assert not R.per_coordinate_rates_do_not_undo_a_rotation(bowl).holds
    assert not R.sgd_escapes_geometrically(bowl).holds  # nothing to escape: θ₂ shrinks
    assert not R.adaptive_methods_leave_at_once(ravine).holds  # not a tiny start offset
    assert not R.adadelta_leaves_slowly(swapped(saddle, "Adadelta", "Adam")).holds
    assert not R.momentum_compounds_the_escape(swapped(saddle, "Momentum", "SGD")).holds
    assert not R.adadelta_untuned_finishes_last(swapped(ravine, "Adadelta", "Adam")).holds
    assert not R.rmsprop_adadelta_adagrad_escape_sooner(swapped(saddle, "SGD", "RMSprop")).holds
    assert not R.one_learning_rate(bowl).holds  # a tuned race: one rate per racer
    assert not R.adadelta_passes_sgd(swapped(saddle, "Adadelta", "SGD")).holds
    # without Adadelta in the race its claim cannot hold
    no_adadelta = optimizer_race("bowl", racers=("SGD", "Adam"), resolution=20)
    assert not R.adadelta_untuned_finishes_last(no_adadelta).holds
