"""The learning-rate explorer (explorer/learning-rate.html) in real headless Chromium: its paths,
losses, |1 − ηλ| factors and regime names equal vizdl's simulation (learning_rate_regimes and
learning_rate_regimes_2d, the gallery's compute functions) for a grid of η — the regime
boundaries 0.3/a, 1/λ and 2/λ included — × start points × surfaces, float64, to 1e-12 relative;
and its URL state and keyboard controls work."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests.browser import assert_spec_current, explorer_page
from vizdl.gallery import explorer, explorer_pages
from vizdl.sim.optimizers.learning_rates import learning_rate_regimes, learning_rate_regimes_2d

REL = 1e-12
# multiples of 1/λ_max: every regime and its boundaries (0.3: too small / about right; 1: no
# overshoot / oscillates; 2: converges / diverges; 3.0 diverges past the 1e6 bound in 20 steps)
FACTORS = (
    0.05,
    0.1,
    0.29,
    0.3,
    0.31,
    0.5,
    0.7,
    0.99,
    1.0,
    1.01,
    1.5,
    1.8,
    1.99,
    2.0,
    2.01,
    2.1,
    3.0,
)
PARABOLA = [(1.0, 2.5, 20), (1.0, -1.3, 100), (3.0, 0.7, 20), (0.25, 2.9, 40)]
STARTS_2D = [((-2.5, 1.5), 30), ((2.0, -0.5), 100), ((0.3, 2.9), 30)]
ASSETS = explorer.ASSETS


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory):
    with explorer_page(
        tmp_path_factory.mktemp("lr"), "learning-rate.html", "window.vizdl && window.vizdl.lr"
    ) as pg:
        yield pg


def test_the_pages_data_is_current() -> None:
    name = "learning-rate-spec.js"
    assert explorer.SPECS[name] == ("VIZDL_LR_SPEC", "vizdl.gallery.explorer_pages:lr_spec")
    assert_spec_current(name)

    assert set(explorer_pages.lr_spec()["surfaces"]) == {"bowl", "elongated", "ravine"}


def _errors(page_vals: list, py: np.ndarray, what: str) -> np.ndarray:
    """Relative error of each value (0 where both are NaN: diverged at the same step)."""
    py = np.asarray(py, dtype=np.float64)
    got = np.array([np.nan if v is None else v for v in page_vals], dtype=np.float64)
    assert got.shape == py.shape, f"{what}: shape {got.shape} != {py.shape}"
    assert np.array_equal(np.isnan(got), np.isnan(py)), f"{what}: diverges at another step"
    err = np.abs(got - py) / np.maximum(np.abs(py), 1e-300)
    return np.nan_to_num(err, nan=0.0)


def _nudged_spread(args: dict, py_points: np.ndarray) -> np.ndarray:
    """How far Python's own path moves (relative, per value) when its start is nudged by 1e-14
    in each coordinate, up and down: the reference's own rounding sensitivity."""
    from vizdl.sim.optimizers.rules import trajectory
    from vizdl.sim.surfaces import get_surface, parabola

    s = (
        parabola(args["curvature"])
        if args["surface"] == "parabola"
        else get_surface(args["surface"])
    )
    spread = np.zeros(py_points.size)
    for k in range(len(args["start"])):
        for sign in (1, -1):
            x0 = np.array([args["start"]], dtype=np.float64)
            x0[0, k] *= 1 + sign * 1e-14
            tr = trajectory("sgd", s.grad, x0, args["steps"], loss=s.value, lr=args["lr"])
            d = np.abs(tr.points[:, 0, :] - py_points) / np.maximum(np.abs(py_points), 1e-300)
            spread = np.maximum(spread, np.nan_to_num(d.reshape(-1), nan=0.0))
    return spread


def _cases() -> list[tuple[dict, dict]]:
    """(the page's arguments, Python's result) for every setting of the grid."""
    out = []
    for a, x0, steps in PARABOLA:
        r = learning_rate_regimes(curvature=a, lr_factors=FACTORS, x0=x0, steps=steps)
        for i in range(len(FACTORS)):
            out.append(
                (
                    {
                        "surface": "parabola",
                        "curvature": a,
                        "lr": float(r.lrs[i]),
                        "start": [x0],
                        "steps": steps,
                    },
                    {
                        "points": r.paths[i].points[:, 0, :],
                        "losses": r.paths[i].losses[:, 0],
                        "regime": r.labels[i],
                        "factors": [float(r.factors[i])],
                    },
                )
            )
    for surface in ("bowl", "elongated", "ravine"):
        for start, steps in STARTS_2D:
            lam = learning_rate_regimes_2d(
                surface, lr_factors=(1.0,), steps=1, resolution=10, two_curvatures=False
            ).curvatures
            # also the "too small" boundary 1 − ηλ_min = 0.98
            factors = FACTORS + (0.02 * lam.max() / lam.min(),)
            r = learning_rate_regimes_2d(
                surface, factors, start, steps, resolution=10, two_curvatures=False
            )
            for i in range(len(factors)):
                out.append(
                    (
                        {
                            "surface": surface,
                            "lr": float(r.lrs[i]),
                            "start": list(start),
                            "steps": steps,
                        },
                        {
                            "points": r.paths[i].points[:, 0, :],
                            "losses": r.paths[i].losses[:, 0],
                            "regime": r.labels[i],
                            "factors": np.abs(1.0 - r.lrs[i] * r.curvatures).tolist(),
                        },
                    )
                )
    return out


def test_paths_losses_factors_and_regimes_equal_pythons(page) -> None:
    cases = _cases()
    got = page.evaluate("(cases) => cases.map((c) => window.vizdl.lr(c))", [c for c, _ in cases])
    worst, unstable, labels = 0.0, 0, set()
    for (args, py), res in zip(cases, got, strict=True):
        what = json.dumps(args)
        assert res["regime"] == py["regime"], (
            f"{what}: regime {res['regime']!r} != {py['regime']!r}"
        )
        labels.add(py["regime"])
        d = py["points"].shape[1]
        flat = [v for p in res["points"] for v in (p if p is not None else [None] * d)]
        err = _errors(flat, py["points"].reshape(-1), what + " points")
        lerr = _errors(res["losses"], py["losses"], what + " losses")
        ferr = _errors(res["factors"], py["factors"], what + " factors")
        assert ferr.max() <= REL, f"{what}: factors {res['factors']} != {py['factors']}"
        if max(err.max(), lerr.max()) > REL:
            # where |1 − ηλ| > 1 a step multiplies every rounding difference (numpy's matrix
            # product rounds once per fused multiply-add, JavaScript twice): the page may then
            # differ as much as Python itself does when its start is nudged by 1e-14, and must
            # agree to 1e-12 while that nudge has grown less than 10×
            assert max(res["factors"]) > 1, (
                f"{what}: relative error {err.max():.2e} in a stable run"
            )
            spread = _nudged_spread(args, py["points"])
            calm = np.maximum.accumulate(spread) <= 1e-13
            assert np.all(err[calm] <= REL), what
            assert err.max() <= 10 * spread.max(), (
                f"{what}: {err.max():.2e} vs spread {spread.max():.2e}"
            )
            unstable += 1
        else:
            worst = max(worst, float(err.max()), float(lerr.max()))
    # the grid reaches every regime of both rules, divergence past the bound included
    assert labels == {
        "too small",
        "about right",
        "too large (oscillates)",
        "divergent",
        "smooth",
        "steep axis diverges",
        "steep axis zig-zags",
        "smooth, flat axis slow",
    }
    assert any(r["diverged"] > 0 for r in got)
    assert unstable < len(cases) // 20, f"{unstable} of {len(cases)} needed the nudge allowance"
    print(
        f"\nlearning-rate page: {len(cases)} settings compared (points, losses, factors, regime), "
        f"worst relative error {worst:.2e}; {unstable} unstable runs within the 1e-14 nudge's spread"
    )
    assert not page.errors


def test_the_boundaries_are_named_as_python_names_them(page) -> None:
    # exactly at η = 1/a, 2/a and 0.3/a, the page's text is Python's rule's
    for f, name in ((1.0, "about right"), (2.0, "divergent"), (0.3, "about right")):
        r = learning_rate_regimes(lr_factors=(f,), steps=1)
        assert r.labels[0] == name
        assert (
            page.evaluate(
                "(lr) => window.vizdl.lr({surface: 'parabola', lr, start: [1], steps: 1}).regime",
                float(r.lrs[0]),
            )
            == name
        )


def test_the_url_holds_the_state_and_the_keyboard_moves_eta(page) -> None:
    page.evaluate("location.hash = 's=elongated&lr=0.185&x0=1&y0=-2&steps=40'")
    page.wait_for_function(
        "window.vizdl.state().surface === 'elongated' && window.vizdl.state().lr === 0.185"
    )
    s = page.evaluate("window.vizdl.state()")
    assert s["start"] == [1, -2] and s["steps"] == 40
    r = learning_rate_regimes_2d("elongated", (1.85,), (1.0, -2.0), 40, resolution=10)
    shown = page.evaluate("window.vizdl.last()")
    assert shown["regime"] == r.labels[0] == "steep axis zig-zags"
    assert np.allclose(np.array(shown["points"]), r.paths[0].points[:, 0], rtol=REL, atol=0)
    assert page.text_content("#regime").startswith("Regime: steep axis zig-zags")
    # the keyboard: focus the η slider, press →: η, the drawing and the URL follow
    before = page.evaluate("document.getElementById('map').toDataURL()")
    page.focus("#lr")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("window.vizdl.state().lr !== 0.185")
    lr = page.evaluate("window.vizdl.state().lr")
    # the slider sits on its 0.01 grid of log10 η: one step right of log10(0.185) ≈ −0.73
    assert lr == pytest.approx(10 ** (round(np.log10(0.185), 2) + 0.01), rel=1e-3)
    page.wait_for_function("(b) => document.getElementById('map').toDataURL() !== b", arg=before)
    page.wait_for_function(f"location.hash.includes('lr={lr}')")
    assert page.evaluate("window.vizdl.last()")["points"][1][1] == pytest.approx(
        -2 * (1 - 10 * lr), rel=1e-12
    )
    # the table of the path, one toggle away: a row per step (θ₁, θ₂, loss), Python's numbers
    page.click("#table-box summary")
    # (the page fills the table on the details' toggle event, which the browser dispatches as a
    # task after the click returns: wait for the rows; a table that never fills times out, fails)
    page.wait_for_function("document.querySelectorAll('#table tbody tr').length === 41")
    rows = page.eval_on_selector_all(
        "#table tbody tr", "rs => rs.map(r => r.innerText.split('\\t'))"
    )
    assert len(rows) == 41 and float(rows[0][1]) == 1.0 and float(rows[0][2]) == -2.0
    assert float(rows[1][2]) == pytest.approx(-2 * (1 - 10 * lr), rel=1e-11)
    # a bad value gives one clear line and keeps the last drawing
    page.fill("#lr-num", "-1")
    page.wait_for_function("document.getElementById('error').textContent.length > 0")
    assert page.text_content("#error") == 'η must be a number > 0, got "-1"'
    assert not page.errors
