"""The learning-rate sweep claims: each holds at the gallery setting, with values against closed
forms, and fails on a sweep that contradicts it."""

from __future__ import annotations

import dataclasses
import functools

import numpy as np
import pytest

from vizdl.checks import sensitivity as S
from vizdl.sim.optimizers.learning_rates import lr_sensitivity, lr_sweep_paths


@functools.cache
def sweep():
    return lr_sensitivity()  # the gallery's figure


@functools.cache
def paths():
    return lr_sweep_paths()  # the gallery's animation


def swapped(r, a: str, b: str):
    """``r`` with the results of racers ``a`` and ``b`` exchanged (axis 1, or 0 for the paths)."""
    i, j = r.labels.index(a), r.labels.index(b)
    axis = 1 if r.final.ndim == 3 else 0
    out = {}
    for f in ("final", "diverged"):
        v = np.array(getattr(r, f), copy=True)
        idx = [slice(None)] * v.ndim
        idx[axis] = [i, j]
        src = list(idx)
        src[axis] = [j, i]
        v[tuple(idx)] = np.asarray(getattr(r, f))[tuple(src)]
        out[f] = v
    return dataclasses.replace(r, **out)


def test_every_sweep_claim_holds_at_the_gallery_setting() -> None:
    r = sweep()
    assert "Adadelta" in r.labels and "Adamax" in r.labels
    for name in (
        "adaptive_methods_never_diverge",
        "plain_methods_diverge_above_a_limit",
        "sgd_limit_on_the_bowl",
        "working_ranges",
        "nothing_works_everywhere",
    ):
        assert getattr(S, name)(r).holds, name
    for name in ("sgd_window_closes_at_the_limit", "adam_never_diverges_in_the_sweep"):
        assert getattr(S, name)(paths()).holds, name


def test_the_measured_limits_bracket_the_closed_forms() -> None:
    # SGD on ½|θ|² multiplies θ by (1 − η) per step: it converges iff η < 2. The grid rates
    # either side of 2 are the measured ones.
    m = S.sgd_limit_on_the_bowl(sweep()).measured
    lrs = sweep().lrs
    below, above = lrs[lrs < 2].max(), lrs[lrs > 2].min()
    assert (m["sgd_bowl_ok"], m["sgd_bowl_div"]) == (pytest.approx(below), pytest.approx(above))
    assert (m["bowl_curvature"], m["sgd_bowl_limit"]) == (pytest.approx(1.0), pytest.approx(2.0))
    # The ravine's curvatures are 1 along the floor and 100 across: SGD's limit is 2/λ_max = 0.02,
    # and the animation's last stable and first divergent rates sit either side of it.
    m = S.sgd_window_closes_at_the_limit(paths()).measured
    assert m["sgd_ok"] < 0.02 < m["sgd_div"]
    # A run that reduces the loss 1000×: measured against the start loss the result holds.
    r = sweep()
    w = S.works(r)
    gap = r.final - r.floor[:, None, None]
    assert np.all(gap[w] <= 1e-3 * (r.start_loss - r.floor)[np.nonzero(w)[0]])


def test_each_sweep_claim_fails_where_the_sweep_says_otherwise() -> None:
    r = sweep()
    # SGD's divergences in Adam's row: an adaptive method that diverges.
    assert not S.adaptive_methods_never_diverge(swapped(r, "SGD", "Adam")).holds
    # Adam's row (never diverges) in SGD's place: no limit for SGD.
    assert not S.plain_methods_diverge_above_a_limit(swapped(r, "SGD", "Adam")).holds
    assert not S.sgd_limit_on_the_bowl(swapped(r, "SGD", "Adam")).holds
    # Everything working everywhere: the "not across the whole sweep" claim fails.
    everything = dataclasses.replace(
        r,
        final=np.broadcast_to(r.floor[:, None, None], r.final.shape).copy(),
        diverged=np.zeros_like(r.diverged),
    )
    assert not S.working_ranges(everything).holds
    assert S.working_ranges(everything).measured["gapped"] == "none"
    assert not S.nothing_works_everywhere(everything).holds
    # Without Adadelta in the sweep its claims cannot hold.
    small = lr_sensitivity(racers=("SGD", "Adam"), steps=5, n_lrs=3)
    assert not S.adaptive_methods_never_diverge(small).holds
    assert not S.nothing_works_everywhere(small).holds
    # The animation: Adam's row in SGD's place has no divergence; SGD's in Adam's does.
    flipped = swapped(paths(), "SGD", "Adam")
    assert not S.sgd_window_closes_at_the_limit(flipped).holds
    assert not S.adam_never_diverges_in_the_sweep(flipped).holds


def test_working_ranges_count_the_failing_rates_between_the_ends() -> None:
    r = sweep()
    m = S.working_ranges(r).measured
    assert m["converged_factor"] == 1000.0
    w = S.works(r)
    for surface in ("bowl", "ravine", "beale"):
        for lab in ("SGD", "Adam"):
            ok = w[r.surfaces.index(surface), r.labels.index(lab)]
            idx = np.flatnonzero(ok)
            # counted here directly: the failing rates strictly between the first and last working
            inside = int(np.sum(~ok[idx[0] : idx[-1] + 1])) if idx.size else 0
            assert m[f"{lab.lower()}_{surface}_gaps"] == inside
    # a hole punched into SGD's bowl window (one working rate in the middle made to fail)
    ok = w[r.surfaces.index("bowl"), r.labels.index("SGD")]
    j = np.flatnonzero(ok)[len(np.flatnonzero(ok)) // 2]
    final = np.array(r.final, copy=True)
    final[r.surfaces.index("bowl"), r.labels.index("SGD"), j] = r.start_loss[0]
    holed = S.working_ranges(dataclasses.replace(r, final=final)).measured
    assert holed["sgd_bowl_gaps"] == m["sgd_bowl_gaps"] + 1
    assert "SGD on the bowl (1)" in holed["gapped"]


def test_the_sweep_states_its_setting_and_the_ravines_sentences_stay_on_the_ravine() -> None:
    v = S.sweep_setting(paths())
    assert v.holds and (v.measured["sweep_min"], v.measured["sweep_max"]) == (1e-3, 1.0)
    assert v.measured["sweep_racers"] == "SGD and Adam"
    # on a formula of one's own (x² + 10y², λ_max = 20: SGD diverges from η = 2/20 = 0.1 on)
    own = lr_sweep_paths(surface="x**2 + 10*y**2", domain=(-3.0, 3.0, -3.0, 3.0), n_lrs=9,
                         steps=40)  # fmt: skip
    assert S.sweep_setting(own).holds and S.sweep_setting(own).measured["sweep_surface"] == (
        "x**2 + 10*y**2"
    )
    assert list(own.start) == pytest.approx([-1.8, 1.8])  # the race's start on a formula
    k = own.labels.index("SGD")
    assert np.all(own.diverged[k][own.lrs > 0.1]) and not np.any(own.diverged[k][own.lrs < 0.1])
    for check in (S.sgd_window_closes_at_the_limit, S.adam_never_diverges_in_the_sweep):
        assert not check(own).applies and check(own).reason == "written for the ravine"
    # without SGD in the sweep its sentence is left out, not failed
    no_sgd = lr_sweep_paths(racers=("Adam",), n_lrs=5, steps=20)
    assert S.sgd_window_closes_at_the_limit(no_sgd).reason == "SGD is not swept"
    # rates that do not increase are not a sweep
    assert not S.sweep_setting(dataclasses.replace(own, lrs=own.lrs[::-1])).holds
