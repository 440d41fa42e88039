"""Saddle-plateau claims: the lists of who leaves follow the paths, and the lecture's lines
agree or disagree as the runs say."""

from __future__ import annotations

import dataclasses
import functools

import numpy as np

from vizdl.checks import plateau as C
from vizdl.sim.optimizers.plateau import plateau_saddle


@functools.cache
def run():
    return plateau_saddle(resolution=20)


def _moved(race, label: str, losses: np.ndarray | None = None, diverged: int | None = None):
    """``race`` with racer ``label``'s losses (or divergence step) replaced."""
    k = race.labels.index(label)
    p = race.paths[k]
    p = dataclasses.replace(
        p,
        losses=p.losses if losses is None else losses[:, None],
        diverged=p.diverged if diverged is None else np.array([diverged]),
    )
    return dataclasses.replace(race, paths=race.paths[:k] + (p,) + race.paths[k + 1 :])


def test_the_claims_at_the_gallery_setting() -> None:
    r = run()
    assert C.plateau_is_flat(r).holds
    one, best = C.who_leaves_at_one_rate(r), C.who_leaves_at_best_rates(r)
    assert one.holds and best.holds
    left = C.left_at(r, r.shared)
    assert [k for k, v in left.items() if v is None] == ["SGD", "Momentum", "NAG", "Adadelta"]
    assert one.measured["shared_n_left"] == 4
    assert (
        one.measured["n_racers_text"] == "eight"
    )  # SGD, Momentum, NAG, Adagrad, Adadelta, RMSprop, Adam, Adamax
    assert one.measured["shared_stayed"].startswith("SGD (η = 0.05)")
    assert "Adam (step 22" in one.measured["shared_left"]
    assert best.measured["best_stayed"].startswith("SGD (η = 0.319)")
    # the stayers' loss really stays above the half-way mark at every step
    for p in r.shared.paths[:3]:
        assert p.losses[:, 0].min() > r.escape
    assert C.lecture_sgd_stuck_on_the_plateau(r).holds
    # Adadelta at torch's lr = 1 does not leave: the lecture's table says it would
    assert not C.lecture_table_saddle_column(r).holds


def test_the_checks_follow_doctored_paths() -> None:
    r = run()
    n = r.steps + 1
    falls = np.linspace(0.0, -1.3, n)
    # SGD made to leave the plateau: the SGD lecture line no longer agrees
    sgd_out = dataclasses.replace(r, best=_moved(r.best, "SGD", falls))
    assert not C.lecture_sgd_stuck_on_the_plateau(sgd_out).holds
    assert "SGD (step" in C.who_leaves_at_best_rates(sgd_out).measured["best_left"]
    # Adadelta made to leave: now the table's column agrees
    ada = dataclasses.replace(r, best=_moved(r.best, "Adadelta", falls))
    assert C.lecture_table_saddle_column(ada).holds
    # the lists are re-derived from the points, so a record that disagrees with its own path
    # fails: SGD's losses made to fall while its points stay on the plateau, or Adam marked
    # diverged while its points stay finite
    assert not C.who_leaves_at_best_rates(sgd_out).holds
    assert not C.who_leaves_at_one_rate(
        dataclasses.replace(r, shared=_moved(r.shared, "Adam", diverged=10))
    ).holds
    # a diverged path (its points not finite from step 10, as the simulation freezes them) is
    # neither leaving nor staying: it is listed as diverged
    k = r.shared.labels.index("Adam")
    p = r.shared.paths[k]
    pts = p.points.copy()
    pts[10:] = np.nan
    dead = dataclasses.replace(
        p, points=pts, losses=np.where(np.isnan(pts[..., 0]), np.nan, p.losses)
    )
    dead = dataclasses.replace(dead, diverged=np.array([10]))
    gone = dataclasses.replace(
        r,
        shared=dataclasses.replace(
            r.shared, paths=r.shared.paths[:k] + (dead,) + r.shared.paths[k + 1 :]
        ),
    )
    v = C.who_leaves_at_one_rate(gone)
    assert v.holds and v.measured["shared_diverged"] == "Adam (η = 0.05)"
    listed = (v.measured["shared_left"] + ", " + v.measured["shared_stayed"]).split(", ")
    assert not [x for x in listed if x.startswith("Adam (")]
    assert "shared_diverged" not in C.who_leaves_at_one_rate(r).measured
    assert C.left_at(gone, gone.shared)["Adam"] is None
    # a bumpy "plateau"
    assert not C.plateau_is_flat(dataclasses.replace(r, plateau_dj=0.2)).holds
    assert not C.plateau_is_flat(dataclasses.replace(r, plateau_grad=1.5)).holds


def test_the_lists_hold_at_the_largest_shared_rate() -> None:
    # at η = 0.3 Momentum and NAG diverge (their first steps overshoot x⁴'s wall): listed so
    r = plateau_saddle(lr=0.3, steps=50, resolution=10)
    v = C.who_leaves_at_one_rate(r)
    assert v.holds
    assert v.measured["shared_diverged"] == "Momentum (η = 0.3), NAG (η = 0.3)"
