"""The basins claims: each holds at the gallery setting (a coarser map where the claim does not
depend on the resolution) and fails where the map says otherwise."""

from __future__ import annotations

import dataclasses
import functools

import numpy as np

from vizdl.checks import basins as B
from vizdl.sim.optimizers.basins import basin_flow, basins


@functools.cache
def mapped(**kw):
    return basins(**{"resolution": 60, **kw})


@functools.cache
def flow():
    return basin_flow()  # the gallery's animation


def swapped(r, a: str, b: str, *fields: str):
    i, j = r.labels.index(a), r.labels.index(b)
    out = {}
    for f in fields:
        v = np.array(getattr(r, f), copy=True)
        v[[i, j]] = v[[j, i]]
        out[f] = v
    return dataclasses.replace(r, **out)


def test_every_basin_claim_holds() -> None:
    b = mapped()
    for name in (
        "most_rules_bring_every_start_home",
        "rmsprop_hovers_near_a_minimum",
        "adadelta_is_still_on_its_way",
    ):
        assert getattr(B, name)(b).holds, name
    for name in ("flow_sgd_goes_to_the_nearest_minimum", "flow_adam_crosses_into_other_basins"):
        assert getattr(B, name)(flow()).holds, name
    m = B.most_rules_bring_every_start_home(b).measured
    assert (m["n_minima"], m["map_starts"], m["map_steps"]) == (4, 3600, 500)


def test_final_distance_is_the_distance_to_the_nearest_minimum() -> None:
    b = mapped()
    k = b.labels.index("RMSprop")
    grey = b.which[k] == -1
    # Grey: ended outside tol of every minimum; reached: within it.
    assert np.all(b.final_dist[k][grey] > b.tol)
    assert np.all(b.final_dist[k][b.which[k] >= 0] <= b.tol)


def test_each_basin_claim_fails_where_the_map_says_otherwise() -> None:
    b = mapped()
    # Adadelta's map in SGD's row: many starts reach no minimum.
    fields = ("which", "steps_to", "final_dist")
    assert not B.most_rules_bring_every_start_home(swapped(b, "SGD", "Adadelta", *fields)).holds
    # Adadelta's grey starts, far from any minimum, in RMSprop's row: not hovering.
    assert not B.rmsprop_hovers_near_a_minimum(swapped(b, "RMSprop", "Adadelta", *fields)).holds
    # SGD's map in Adadelta's row: it arrives, and fast.
    assert not B.adadelta_is_still_on_its_way(swapped(b, "SGD", "Adadelta", *fields)).holds
    # With 5000 steps Adadelta gets there: its claim is about the 500-step map.
    assert not B.adadelta_is_still_on_its_way(mapped(steps=5000, racers=("Adadelta",))).holds
    f = flow()
    same = dataclasses.replace(f, which=np.stack([f.which[0], f.which[0]]))
    assert not B.flow_adam_crosses_into_other_basins(same).holds
    assert not B.flow_sgd_goes_to_the_nearest_minimum(
        dataclasses.replace(f, which=(f.which + 1) % 4)
    ).holds


def test_the_setting_is_stated_and_himmelblaus_sentences_stay_on_himmelblau() -> None:
    b = mapped()
    v = B.basins_setting(b)
    assert v.holds and v.measured["surface_text"] == "Himmelblau's function"
    assert v.measured["n_minima"] == 4 and "Adam η = 0.05" in v.measured["basin_rates"]
    f = B.basins_setting(flow())
    assert f.holds and f.measured["n_starts"] == 400 and f.measured["classify_steps"] == 500
    # a formula of one's own: x⁴/4 − x² + y² has its two minima at (±√2, 0)
    own = basins(surface="x**4/4 - x**2 + y**2", domain=(-2.0, 2.0, -1.5, 1.5), resolution=12)
    v = B.basins_setting(own)
    assert v.holds and v.measured["n_minima"] == 2
    assert np.allclose(sorted(own.minima[:, 0]), [-np.sqrt(2), np.sqrt(2)], atol=1e-9)
    for check in (
        B.most_rules_bring_every_start_home,
        B.rmsprop_hovers_near_a_minimum,
        B.adadelta_is_still_on_its_way,
    ):
        assert not check(own).applies and "Himmelblau" in check(own).reason
    # a minimum outside the drawn domain is not "all inside"
    out = dataclasses.replace(own, minima=np.array([[3.0, 0.0], [-1.4, 0.0]]))
    assert not B.basins_setting(out).holds
