"""The initialization explorer (explorer/initialization.html) in real headless Chromium.

- Theory: the page's per-layer variances (forward and backward) equal
  ``vizdl.sim.initialization.theory_variances`` (with ``weight_moments``' variances, as the
  gallery's ``init-*`` entries compute them) to 1e-12 relative, for every initializer × activation
  the page offers over a grid of widths and depths; its quadrature nodes and weights equal
  ``gaussian_moments``' own, its Gaussian moments Python's.
- Simulation: the page's random networks agree with the theory statistically. For each setting
  R = 32 networks (seeds 0..31; width 96, depth 8, 24 inputs) are simulated; per layer l the mean
  M of their variances must satisfy |M − T| ≤ t · s / √R + b · T, where T is Python's theory,
  s the sample standard deviation over the R networks (so s/√R is M's standard error, derived
  from the sample size), t = 5.4 (Student's t with 31 degrees of freedom has P(|T| > 5.4) < 10⁻⁵:
  ample for the 119 layer variances tested; the seeds are fixed, so the test is deterministic)
  and b = (l + 1) / (2n) an allowance for the theory being the infinite-width limit (its bias is
  O(1/n) per layer, and 0 in expectation for Gaussian weights with linear or ReLU units).
  Theory forward values where Var = E[a²] − E[a]² cancels (sigmoid at a tiny Var(s)) are held
  to 1e-12 of E[a²] instead (numpy's own rounding there is larger; see the test). The same bound must reject a theory whose weight variance is 25% too large in at
  least 5 of the 7 settings (the other two are saturated or sigmoid's: there the variance hardly
  depends on the weights' scale; the test prints by how much).
- The URL holds the state; the controls work from the keyboard with a visible focus ring.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from tests.browser import explorer_page
from vizdl.gallery import explorer_init
from vizdl.sim import initialization as ini

REL = 1e-12
INITS = explorer_init.INIT_INITIALIZERS
ACTS = explorer_init.INIT_ACTIVATIONS


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory):
    with explorer_page(
        tmp_path_factory.mktemp("explorer-init"),
        "initialization.html",
        "window.vizdl && window.vizdl.init",
    ) as pg:
        yield pg
        assert not pg.errors, pg.errors


def python_theory(init: str, act: str, width: int, depth: int) -> tuple[np.ndarray, np.ndarray]:
    """What the gallery's signal_propagation computes for an equal-width net (input E[x²] = 1)."""
    sizes = [width] * (depth + 1)
    wv = np.array([ini.weight_moments(init, width, width).var for _ in range(depth)])
    bv = np.array([1.0 / (3.0 * width) if init == "torch-default" else 0.0] * depth)
    return ini.theory_variances(wv, np.array(sizes), act, 1.0, bv)


def python_second_moments(init: str, act: str, width: int, depth: int) -> np.ndarray:
    """E[a_l²], l = 0..L, by the same recursion: the scale of the terms Var = E[a²] − E[a]²
    subtracts."""
    wv = ini.weight_moments(init, width, width).var
    bv = 1.0 / (3.0 * width) if init == "torch-default" else 0.0
    out = [1.0]
    for _ in range(depth):
        out.append(ini.gaussian_moments(act, width * wv * out[-1] + bv)[1])
    return np.array(out)


def rel_err(a, b) -> float:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    assert a.shape == b.shape
    scale = np.maximum(np.abs(b), 1e-300)
    return float(np.max(np.abs(a - b) / scale))


def test_the_spec_names_the_simulations_initializers() -> None:
    assert INITS == tuple(ini.VARIANCE_INITIALIZERS)
    spec = explorer_init.init_spec()
    assert set(spec["initializers"]) == set(INITS)
    assert spec["kaiming_gain"] == ini.gain("relu")
    assert spec["quadrature"]["num"] == len(ini._GRID)


def test_the_quadrature_is_pythons(page) -> None:
    n = len(ini._GRID)
    got = np.array(page.evaluate(f"window.vizdl.quadrature([...Array({n}).keys()])"))
    assert np.array_equal(got[:, 0], ini._GRID), "the nodes differ from numpy.linspace's"
    werr = rel_err(got[:, 1], ini._GRID_W)
    print(f"quadrature: {n} nodes equal, weights within {werr:.1e} relative")
    assert werr < 1e-15  # exp's last bit may differ between V8 and numpy


def test_the_gaussian_moments_are_pythons(page) -> None:
    qs = [0.0, 1e-6, 0.013, 0.5, 1.0, 3.7, 40.0, 512.0]
    got = page.evaluate(
        "([acts, qs]) => acts.map(a => qs.map(q => window.vizdl.moments(a, q)))", [list(ACTS), qs]
    )
    worst = 0.0
    for a, row in zip(ACTS, got, strict=True):
        for q, m in zip(qs, row, strict=True):
            want = ini.gaussian_moments(a, q)
            for k in range(3):
                # E[tanh] is 0 by symmetry: both sides sum ± terms to ~1e-17, compare absolutely
                tol = REL * abs(want[k]) + (1e-15 if k == 0 else 0.0)
                assert abs(m[k] - want[k]) <= tol, (a, q, k, m[k], want[k])
                if want[k] and (k > 0 or a != "tanh"):
                    worst = max(worst, abs(m[k] - want[k]) / abs(want[k]))
    print(f"gaussian moments: {len(ACTS) * len(qs)} (activation, q) compared, worst {worst:.1e}")


def test_the_theory_is_pythons(page) -> None:
    pairs = ((1, 1), (1, 4), (7, 4), (7, 30), (512, 1), (512, 30))  # (width, depth)
    settings = [
        dict(init=i, activation=a, width=w, depth=d) for i in INITS for a in ACTS for w, d in pairs
    ]
    got = page.evaluate("(ss) => ss.map(s => window.vizdl.theory(s))", settings)
    worst, cancelled, worst_scaled = 0.0, 0, 0.0
    for s, r in zip(settings, got, strict=True):
        fwd, bwd = python_theory(s["init"], s["activation"], s["width"], s["depth"])
        eb = rel_err(r["theory_backward"], bwd)
        assert eb <= REL, (s, "backward", eb)
        worst = max(worst, eb)
        # Forward: 1e-12 relative, except where Var = E[a²] − E[a]² cancels (sigmoid, whose mean
        # is 1/2, at a tiny Var(s)): there numpy's own dot-product rounding of E[a²] is amplified
        # by E[a²]/Var (e.g. 8.9e-12 relative for N(0, 0.01²) weights at width 1, where math.fsum
        # agrees with the page to 1e-16), so there the bound is 1e-12 of E[a²].
        got_f = np.array(r["theory"])
        diff = np.abs(got_f - fwd)
        plain = diff <= REL * np.abs(fwd)
        if not plain.all():
            second = python_second_moments(s["init"], s["activation"], s["width"], s["depth"])
            assert np.all(plain | (diff <= REL * second)), (s, got_f, fwd)
        cancelled += int((~plain).sum())
        worst = max(worst, float(np.max(diff[plain] / np.maximum(np.abs(fwd[plain]), 1e-300))))
        if (~plain).any():
            worst_scaled = max(worst_scaled, float(np.max(diff[~plain] / second[~plain])))
    n_layers = sum(2 * s["depth"] + 1 for s in settings)
    print(
        f"theory: {len(settings)} settings, {n_layers} layer variances (forward and backward); "
        f"worst relative error {worst:.1e}; {cancelled} forward values where E[a]² cancels "
        f"compared to 1e-12 of E[a²] (worst {worst_scaled:.1e})"
    )
    assert len(settings) == 216


def test_the_page_runs_the_gallerys_recursion(page) -> None:
    """signal_propagation's own theory step, _layer_theory (what the init-* entries draw), for an
    equal-width net fed inputs with E[x²] = 1, is the page's."""
    for init, act in (
        ("kaiming-normal", "relu"),
        ("torch-default", "tanh"),
        ("orthogonal", "sigmoid"),
    ):
        want_f, want_b = ini._layer_theory(init, act, [64] * 9, 1.0)
        r = page.evaluate(
            "(s) => window.vizdl.theory(s)", dict(init=init, activation=act, width=64, depth=8)
        )
        assert rel_err(r["theory"], want_f) <= REL and rel_err(r["theory_backward"], want_b) <= REL


SIM_SETTINGS = [
    ("xavier-normal", "tanh"),
    ("kaiming-normal", "relu"),
    ("kaiming-uniform", "relu"),
    ("orthogonal", "linear"),
    ("torch-default", "sigmoid"),
    ("large-normal", "tanh"),
    ("xavier-uniform", "linear"),
]
R, WIDTH, DEPTH, SAMPLES, T_Q = 32, 96, 8, 24, 5.4


def _bound_holds(sims: np.ndarray, theory: np.ndarray, layers: np.ndarray) -> np.ndarray:
    m, s = sims.mean(axis=0), sims.std(axis=0, ddof=1)
    tol = T_Q * s / math.sqrt(R) + 0.5 * (layers + 1) / WIDTH * theory
    return np.abs(m - theory) <= tol


def test_the_simulated_networks_follow_the_theory(page) -> None:
    compared = rejected = 0
    for init, act in SIM_SETTINGS:
        runs = page.evaluate(
            "([s, R]) => [...Array(R).keys()].map(seed => window.vizdl.init({...s, seed}))",
            [dict(init=init, activation=act, width=WIDTH, depth=DEPTH, samples=SAMPLES), R],
        )
        fwd_t, bwd_t = python_theory(init, act, WIDTH, DEPTH)
        fwd = np.array([r["simulated"] for r in runs])
        bwd = np.array([r["simulated_backward"] for r in runs])
        assert fwd.shape == (R, DEPTH + 1) and bwd.shape == (R, DEPTH)
        assert len({tuple(r["simulated"]) for r in runs}) == R  # the seeds give other networks
        # layer 0 is the inputs' variance (theory: 1); layers 1..L forward, 1..L backward
        ok_f = _bound_holds(fwd, fwd_t, np.arange(DEPTH + 1))
        ok_b = _bound_holds(bwd, bwd_t, np.arange(DEPTH, 0, -1) - 1)  # δ_L is the first step back
        assert ok_f.all(), (init, act, "forward", fwd.mean(0), fwd_t)
        assert ok_b.all(), (init, act, "backward", bwd.mean(0), bwd_t)
        compared += ok_f.size + ok_b.size
        # the same bound rejects a theory with a 25% larger weight variance (the test has power)
        wv = np.full(DEPTH, 1.25 * ini.weight_moments(init, WIDTH, WIDTH).var)
        bv = np.full(DEPTH, 1.0 / (3.0 * WIDTH) if init == "torch-default" else 0.0)
        wrong_f, _ = ini.theory_variances(wv, np.full(DEPTH + 1, WIDTH), act, 1.0, bv)
        m, sd = fwd.mean(0), fwd.std(0, ddof=1)
        excess = np.abs(m - fwd_t) / fwd_t
        print(
            f"  {init} + {act}: |mean − theory| / theory up to {excess.max():.3f}, "
            f"t·s/√R up to {(T_Q * sd / math.sqrt(R) / fwd_t).max():.3f}"
        )
        if abs(wrong_f[-1] / fwd_t[-1] - 1) > 0.3:  # not where saturation hides the weights' scale
            assert not _bound_holds(fwd, wrong_f, np.arange(DEPTH + 1)).all(), (init, act)
            rejected += 1
        else:
            print(
                f"  {init} + {act}: a 25% larger Var(W) moves Var(a_L) by "
                f"{abs(wrong_f[-1] / fwd_t[-1] - 1):.1%} only (no power check)"
            )
    print(
        f"simulation: {len(SIM_SETTINGS)} settings × {R} networks, {compared} layer variances "
        f"within the bound; a 25% wrong weight variance rejected in {rejected} settings"
    )
    assert rejected >= 5


def test_a_too_large_network_says_so_and_keeps_the_theory(page) -> None:
    r = page.evaluate(
        "window.vizdl.init({init: 'orthogonal', activation: 'relu', width: 1024, depth: 100, samples: 512, seed: 0})"
    )
    assert r["simulated"] is None and "too large" in r["error"] and len(r["theory"]) == 101
    msg = page.evaluate(
        "() => { try { window.vizdl.init({init: 'he'}); } catch (e) { return e.message; } }"
    )
    assert msg.startswith("unknown initializer 'he'") and "\n" not in msg
    msg = page.evaluate(
        "() => { try { window.vizdl.init({width: 0}); } catch (e) { return e.message; } }"
    )
    assert msg == "width must be a whole number from 1 to 1024, got 0"


def test_the_url_holds_the_state_and_the_keyboard_works(page) -> None:
    pg = page  # the module's page, driven through its URL
    pg.evaluate(
        "location.hash = 'init=kaiming-uniform&activation=relu&width=64&depth=7&samples=16&seed=3&backward=0'"
    )
    pg.wait_for_function("window.vizdl.state().width === 64")
    st = pg.evaluate("window.vizdl.state()")
    assert st == dict(
        init="kaiming-uniform",
        activation="relu",
        width=64,
        depth=7,
        samples=16,
        seed=3,
        backward=False,
    )
    # the caption states the drawn numbers: the theory's last-layer ratio
    want_f, _ = python_theory("kaiming-uniform", "relu", 64, 7)
    cap = pg.text_content("#variance-caption")
    mant, exp = f"{want_f[7] / want_f[1]:.3e}".split("e")
    assert f"Var(a_7) / Var(a₁) = {mant}e{int(exp):+d}" in cap, cap  # JS's toExponential(3)
    # keyboard: Tab reaches the controls with a visible focus ring; arrows change them
    pg.focus("#depth")
    pg.keyboard.press("ArrowUp")
    pg.wait_for_function("location.hash.includes('depth=8')")
    assert pg.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    pg.focus("#init")
    pg.keyboard.press("ArrowDown")  # the next initializer in the list
    pg.wait_for_function("!location.hash.includes('init=kaiming-uniform')")
    assert pg.evaluate("window.vizdl.state().init") == "torch-default"
    # a shared link opens the same view; nonsense falls back to the defaults
    url = pg.url
    pg.goto("about:blank")
    pg.goto(url)
    pg.wait_for_function("window.vizdl && window.vizdl.init")
    assert pg.evaluate("window.vizdl.state()")["depth"] == 8
    pg.evaluate("location.hash = 'init=nonsense&width=-3'")
    pg.wait_for_function("window.vizdl.state().init === 'xavier-normal'")
    assert pg.evaluate("window.vizdl.state().width") == 256
    # the table is one toggle away and holds every layer
    pg.click("#table-box summary")
    # (the page redraws after the hash change above on its next frame: wait for that, a loaded
    # machine took longer than one read; a table that never fills times out and fails)
    pg.wait_for_function(
        "document.querySelectorAll('#table tbody tr').length === window.vizdl.state().depth + 1"
    )
    assert pg.locator("#table tbody tr").count() == pg.evaluate("window.vizdl.state().depth") + 1
    assert not pg.errors, pg.errors
