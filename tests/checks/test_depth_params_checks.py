"""The depth-at-fixed-parameters claims: measured on results built by hand with known answers,
and failing on results doctored to contradict them."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest

from vizdl.checks import depth_params as C
from vizdl.sim import depth_params as D
from vizdl.sim.approximation import _count

DEPTHS = (1, 2, 3)
BUDGETS = (25_000, 50_000)


def _result(means: list[list[float]], delta: float = 0.002, **kw: object) -> D.DepthParams:
    """A result whose mean test accuracy is ``means[depth][budget]`` (fractions), each network's
    two seeds at mean ± ``delta``."""
    m = np.array(means, dtype=float)
    acc = m[..., None] + np.array([-delta, delta])
    widths = np.array([[D.nearest_width(d, b) for b in BUDGETS] for d in DEPTHS])
    params = np.array(
        [[_count(d, int(w)) for w in row] for d, row in zip(DEPTHS, widths, strict=True)]
    )
    best = np.full(acc.shape, 20)
    curve = np.full(acc.shape + (100,), np.nan)
    curve[..., :30] = 0.80
    curve[..., 19] = acc + 0.01  # the best epoch, 20
    base = dict(
        depths=np.array(DEPTHS),
        budgets=np.array(BUDGETS),
        widths=widths,
        params=params,
        n_images=10_000,
        n_train=7000,
        n_val=1500,
        n_test=1500,
        max_epochs=100,
        patience=10,
        batch_size=200,
        lr=2e-3,
        seeds=np.array([0, 1]),
        test_acc=acc,
        train_acc=acc + 0.05,
        val_acc=acc + 0.01,
        best_epoch=best,
        stop_epoch=best + 10,
        val_curve=curve,
        seconds=1.0,
    )
    return D.DepthParams(**{**base, **kw})


FLAT = [[0.840, 0.850], [0.843, 0.848], [0.838, 0.852]]
DEEPER = [[0.830, 0.835], [0.840, 0.845], [0.850, 0.855]]


def test_budget_claim_recounts_with_torch_and_fails_off_budget() -> None:
    import torch

    r = _result(FLAT)
    v = C.networks_at_their_budgets(r)
    assert v.holds
    for i, d in enumerate(DEPTHS):
        for j in range(len(BUDGETS)):
            w = int(r.widths[i, j])
            sizes = [784] + [w] * d + [10]
            net = torch.nn.Sequential(
                *(torch.nn.Linear(a, b) for a, b in zip(sizes[:-1], sizes[1:], strict=True))
            )
            assert sum(p.numel() for p in net.parameters()) == r.params[i, j]
    dev = np.abs(r.params - np.array(BUDGETS)) / np.array(BUDGETS)
    assert v.measured["max_dev"] == pytest.approx(dev.max())
    assert v.measured["budget_text"] == "25,000 and 50,000"
    assert not C.networks_at_their_budgets(replace(r, params=r.params // 2)).holds
    # widths that do not give the stated counts, and widths growing with depth
    assert not C.networks_at_their_budgets(replace(r, widths=r.widths + 1)).holds
    wide = r.widths.copy()
    wide[2, 0] = wide[0, 0] + 1
    assert not C.networks_at_their_budgets(replace(r, widths=wide)).holds
    # a budget far from every count (2.5% allowed)
    assert not C.networks_at_their_budgets(replace(r, budgets=np.array([26_000, 50_000]))).holds


def test_early_stopping_claim_fails_on_capped_runs_a_wrong_best_or_a_wrong_split() -> None:
    r = _result(FLAT)
    v = C.trained_to_early_stopping(r)
    assert v.holds
    assert (v.measured["best_min"], v.measured["best_max"], v.measured["n_test"]) == (20, 20, 1500)
    capped = replace(r, max_epochs=30)  # stopped at the limit, not by patience
    assert not C.trained_to_early_stopping(capped).holds
    assert not C.trained_to_early_stopping(replace(r, stop_epoch=r.stop_epoch + 1)).holds
    assert not C.trained_to_early_stopping(replace(r, best_epoch=r.best_epoch - 1)).holds
    assert not C.trained_to_early_stopping(replace(r, val_acc=r.val_acc - 0.01)).holds
    assert not C.trained_to_early_stopping(replace(r, n_train=8000, n_val=1000, n_test=1000)).holds
    assert not C.trained_to_early_stopping(replace(r, n_images=11_000)).holds


def test_best_depth_is_measured_per_budget() -> None:
    v = C.best_depth_per_budget(_result(FLAT))
    assert v.holds and v.measured["best_depths"] == "2 at 25,000 and 3 at 50,000"
    assert v.measured["spread_max"] == pytest.approx(0.4)
    bad = _result(FLAT)
    acc = bad.test_acc.copy()
    acc[1, 0, 0] = np.nan
    assert not C.best_depth_per_budget(replace(bad, test_acc=acc)).holds
    one_seed = replace(bad, test_acc=bad.test_acc[..., :1])
    assert not C.best_depth_per_budget(one_seed).holds


def test_gain_is_set_against_the_pooled_seed_noise() -> None:
    # two seeds at mean ± δ: each network's sample variance 2δ², so s = √2·δ and the noise,
    # NOISE_FACTOR standard errors of a difference of two-seed means, 2·s·√(2/2) = 2√2·δ
    delta = 0.002
    noise = C.NOISE_FACTOR * math.sqrt(2) * delta * 100
    flat = C.depth_gain_against_seed_noise(_result(FLAT, delta))
    assert flat.holds
    m = flat.measured
    assert m["noise"] == pytest.approx(noise) and m["seed_sd"] == pytest.approx(math.sqrt(2) * 0.2)
    assert m["max_gain"] == pytest.approx(0.3) and (m["gain_depth"], m["gain_budget"]) == (
        2,
        25_000,
    )
    assert m["gain_word"] == "within" and m["n_beyond_text"] == "none" and m["n_compared"] == 4
    deeper = C.depth_gain_against_seed_noise(_result(DEEPER, delta)).measured
    assert deeper["max_gain"] == pytest.approx(2.0) and deeper["gain_depth"] == 3
    assert deeper["gain_word"] == "beyond" and deeper["n_beyond_text"] == "4"
    # no spread over the seeds, a missing accuracy: nothing to compare with
    assert not C.depth_gain_against_seed_noise(_result(FLAT, 0.0)).holds
    r = _result(FLAT)
    acc = r.test_acc.copy()
    acc[2, 1, 1] = np.nan
    assert not C.depth_gain_against_seed_noise(replace(r, test_acc=acc)).holds
    no_one_layer = replace(r, depths=np.array([2, 3, 4]))
    assert not C.depth_gain_against_seed_noise(no_one_layer).holds


def test_parameter_gain_at_fixed_depth() -> None:
    v = C.parameters_at_one_layer(_result(FLAT))
    assert v.holds
    assert v.measured["param_gain_shallow"] == pytest.approx(1.0)
    assert v.measured["param_gain_deep"] == pytest.approx(1.4)
    r = _result(FLAT)
    acc = r.test_acc.copy()
    acc[0, 0] = 1.5  # an accuracy above 100%
    assert not C.parameters_at_one_layer(replace(r, test_acc=acc)).holds


def test_the_lecture_statements_agree_only_with_data_where_depth_wins() -> None:
    flat, deeper = _result(FLAT), _result(DEEPER)
    assert not C.accuracy_rises_with_depth(flat).holds
    assert C.accuracy_rises_with_depth(flat).measured["n_rising_text"] == "none"
    assert C.accuracy_rises_with_depth(deeper).holds
    assert C.accuracy_rises_with_depth(deeper).measured["n_rising_text"] == "2"
    assert not C.depth_beats_more_parameters(flat).holds
    # depth +2 points at both budgets, parameters +0.5 at one layer: depth is the better buy
    v = C.depth_beats_more_parameters(deeper)
    assert v.holds and v.measured["depth_gain_min"] == pytest.approx(2.0)
    # the same depth gain, but parameters give more: not the lecture's picture
    wide = [[0.830, 0.870], [0.840, 0.875], [0.850, 0.890]]
    assert not C.depth_beats_more_parameters(_result(wide)).holds


@pytest.mark.parametrize(("means", "word"), [(FLAT, "within"), (DEEPER, "beyond")])
def test_the_caption_says_what_the_data_show_either_way(means: list, word: str) -> None:
    from pathlib import Path

    from vizdl.gallery.claims import evaluate
    from vizdl.gallery.registry import load_gallery

    entry = load_gallery(Path(__file__).resolve().parents[2]).entries["depth-at-fixed-parameters"]
    records, caption = evaluate(entry.claims, _result(means), entry.caption)
    # every claim about the picture holds on both: the wording follows the numbers
    assert all(r["holds"] for r in records if not r["lecture"])
    assert f"{word} the seed noise" in caption
    lecture = [r["holds"] for r in records if r["lecture"]]
    assert lecture == ([False, False] if word == "within" else [True, True])
