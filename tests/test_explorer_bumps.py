"""The bump explorer (explorer/bumps.html) in real headless Chromium: its grid, target functions,
bump network weights, staircase, sup and L2 errors and error-vs-N curve equal vizdl's simulation
(vizdl.sim.approximation: FUNCTIONS, bump_parameters, staircase, _errors, bump_build) for a grid
of N × w × f, float64, to 1e-12 relative; and its URL state and keyboard controls work."""

from __future__ import annotations

import base64

import numpy as np
import pytest

from tests.browser import assert_spec_current, explorer_page
from vizdl.gallery import explorer, explorer_pages
from vizdl.sim import activations as acts
from vizdl.sim.approximation import (
    FUNCTIONS,
    _errors,
    bump_build,
    bump_parameters,
    resolve_function,
    staircase,
)
from vizdl.sim.expr import parse

REL = 1e-12
NS = (1, 2, 5, 20, 50, 200)
WS = (1.0, 10.0, 200.0, 2000.0, 1e5, 1e6)
EXPR = "sin(6*x)/2 + 0.5 + x**3"
SPEC = explorer_pages.bumps_spec()
X = np.linspace(0.0, 1.0, SPEC["points"])


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory):
    with explorer_page(
        tmp_path_factory.mktemp("bumps"), "bumps.html", "window.vizdl && window.vizdl.bumps"
    ) as pg:
        yield pg


def _python_f(f):
    """The target as Python resolves it: a named function, or the expression as a callable."""
    if isinstance(f, str):
        return resolve_function(f)
    e = parse(f["expr"])
    return resolve_function(lambda x: e.value(x, np.zeros_like(x)))


def _floats(b64: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(b64), dtype="<f8")


def _rel(got, want) -> float:
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    assert got.shape == want.shape
    return float((np.abs(got - want) / np.maximum(np.abs(want), 1e-300)).max())


def _check_errors(sup: float, l2: float, fn, n: int, w: float, t: np.ndarray, what) -> tuple:
    """Compare the page's sup and L2 errors with Python's (_errors of staircase): to 1e-12 of
    themselves, or — they are differences of nearly equal numbers (staircase − f), so rounding in
    the order of the staircase's sum can move them by more — within twice what Python itself
    moves when it sums the same terms in order (cumsum, the page's order) or pairwise (np.sum)
    instead of by the matrix product. Returns (relative error, whether the allowance was used)."""
    want = np.array(_errors(staircase(fn, n, w, X), t))
    de = np.abs(np.array([sup, l2]) - want)
    if np.all(de <= REL * want):
        return float((de / np.maximum(want, 1e-300)).max()), False
    w1, b1, w2, _ = bump_parameters(fn, n, w)
    terms = acts.values("sigmoid", np.outer(X, w1) + b1) * w2
    spread = np.zeros(2)
    for other in (np.cumsum(terms, axis=1)[:, -1], terms.sum(axis=1)):
        spread = np.maximum(spread, np.abs(np.array(_errors(other, t)) - want))
    assert np.all(de <= np.maximum(REL * want, 2 * spread)), (what, de, spread)
    return 0.0, True


def test_the_pages_data_is_current() -> None:
    name = "bumps-spec.js"
    assert explorer.SPECS[name] == ("VIZDL_BUMPS_SPEC", "vizdl.gallery.explorer_pages:bumps_spec")
    assert_spec_current(name)
    # every function Python offers has its formula in the page (bumps.js refuses to load otherwise)
    assert list(SPEC["functions"]) == list(FUNCTIONS)
    assert SPEC["points"] == 4001 and SPEC["n"]["default"] == 20 and SPEC["w"]["default"] == 2000.0


def test_grid_targets_and_weights_equal_pythons(page) -> None:
    x = page.evaluate("window.vizdl.bumps({f: 'lecture', n: 1, w: 1}).x")
    assert np.array_equal(np.array(x), X), "the page's grid is not numpy.linspace(0, 1, points)"
    worst = 0.0
    for f in [*FUNCTIONS, {"expr": EXPR}]:
        got = page.evaluate("([f, xs]) => window.vizdl.target(f, xs)", [f, X.tolist()])
        worst = max(worst, _rel(got, _python_f(f)(X)))
        for n in (1, 3, 20, 200):
            for w in (7.5, 2000.0):
                p = page.evaluate("(o) => window.vizdl.parameters(o)", {"f": f, "n": n, "w": w})
                w1, b1, w2, edges = bump_parameters(_python_f(f), n, w)
                # the grid-made numbers are bit for bit numpy's; the heights go through sin/cos
                assert np.array_equal(p["w1"], w1) and np.array_equal(p["b1"], b1), (f, n, w)
                assert np.array_equal(p["edges"], edges), (f, n, w)
                worst = max(worst, _rel(p["w2"], w2))
    assert worst <= REL, worst


def test_staircase_and_errors_equal_pythons_for_n_w_f(page) -> None:
    fs = [*FUNCTIONS, {"expr": EXPR}]
    cases = [{"f": f, "n": n, "w": w} for f in fs for n in NS for w in WS]
    # the page's float64 arrays travel as their bytes (base64): exact, and far smaller than JSON
    got = page.evaluate(
        """(cases) => cases.map((c) => {
             const r = window.vizdl.bumps(c);
             const bytes = (a) => { const u = new Uint8Array(new Float64Array(a).buffer); let s = "";
               for (let i = 0; i < u.length; i += 8192) s += String.fromCharCode(...u.subarray(i, i + 8192));
               return btoa(s); };
             return [bytes(r.y), r.sup, r.l2, bytes(r.target)]; })""",
        cases,
    )
    worst_y = worst_err = 0.0
    order = 0
    for c, (y64, sup, l2, t64) in zip(cases, got, strict=True):
        y, target = _floats(y64), _floats(t64)
        fn = _python_f(c["f"])
        want = staircase(fn, c["n"], c["w"], X)  # the matrix product Σₖ w2ₖ σ(·)
        t = np.asarray(fn(X), dtype=np.float64)
        assert _rel(target, t) <= REL, c
        # the staircase's values relative to the function's scale (a value can be ~0 where the
        # cancelling +h and −h of a bump meet)
        scale = float(np.abs(t).max())
        ey = float(np.abs(y - want).max() / scale)
        assert ey <= REL, (c, ey)
        worst_y = max(worst_y, ey)
        e, allowed = _check_errors(sup, l2, fn, c["n"], c["w"], t, c)
        worst_err, order = max(worst_err, e), order + allowed
    assert order < len(cases) // 10, f"{order} of {len(cases)} needed the summation-order allowance"
    print(
        f"\nbump page: {len(cases)} settings (N × w × f) compared on {len(X)} points: staircase "
        f"worst error {worst_y:.2e} of max|f|; sup and L2 worst relative error {worst_err:.2e}, "
        f"{order} more within Python's own summation-order spread"
    )
    assert not page.errors


def test_the_error_curve_and_the_galleries_numbers(page) -> None:
    # bumps-staircase's own result: its torch.nn models' sup and L2 errors at its fit counts
    b = bump_build()
    c = page.evaluate(
        "(o) => window.vizdl.errorCurve(o)", {"f": "lecture", "w": b.w, "ns": b.fit_counts.tolist()}
    )
    assert c["ns"] == b.fit_counts.tolist()
    assert _rel(c["sup"], b.sup) <= REL and _rel(c["l2"], b.l2) <= REL
    # the page's default curve at another w, against staircase + _errors
    for f, w in (("sine", 300.0), ("abs", 5e4)):
        c = page.evaluate("(o) => window.vizdl.errorCurve(o)", {"f": f, "w": w})
        assert c["ns"] == SPEC["curve_ns"]
        t = FUNCTIONS[f](X)
        used = [
            _check_errors(*v, f, n, w, t, (f, n, w))[1]
            for n, *v in zip(c["ns"], c["sup"], c["l2"], strict=True)
        ]
        assert sum(used) <= 3, used
    # the Riemann bound's L = max|f'| as numpy.gradient computes it on the grid
    for f in FUNCTIONS:
        L = page.evaluate("(f) => window.vizdl.bumps({f, n: 1, w: 1}).lipschitz", f)
        assert _rel([L], [np.abs(np.gradient(FUNCTIONS[f](X), X)).max()]) <= REL


def test_the_url_holds_the_state_and_the_keyboard_moves_n(page) -> None:
    page.evaluate("location.hash = 'f=sine&n=12&w=300'")
    page.wait_for_function("window.vizdl.state().n === 12 && window.vizdl.state().f === 'sine'")
    page.wait_for_function("window.vizdl.curve().done")
    shown = page.evaluate("window.vizdl.last()")
    sup, l2 = _errors(staircase("sine", 12, 300.0, X), FUNCTIONS["sine"](X))
    assert _rel([shown["sup"], shown["l2"]], [sup, l2]) <= REL
    assert page.text_content("#readout").startswith(f"sup error {sup:#.4g} (at x = ")
    # the curve holds every N of the spec and the current one, each equal to Python's
    cur = page.evaluate("window.vizdl.curve()")
    assert cur["ns"] == sorted({*SPEC["curve_ns"], 12})
    assert _rel([cur["sup"]["12"]], [sup]) <= REL
    # the table, one toggle away: N, sup and L2 for every N of the curve
    page.click("#table-box summary")
    # (the table fills on the details' toggle event, a task the browser runs after the click
    # returns: wait for its rows; a table that never fills times out and fails)
    page.wait_for_function(
        "(n) => document.querySelectorAll('#table tbody tr').length === n", arg=len(cur["ns"])
    )
    rows = page.eval_on_selector_all(
        "#table tbody tr", "rs => rs.map(r => r.innerText.split('\\t'))"
    )
    assert [r[0] for r in rows] == [f"{n} (current)" if n == 12 else str(n) for n in cur["ns"]]
    assert float(rows[cur["ns"].index(12)][1]) == pytest.approx(sup, rel=1e-9)
    # the keyboard: focus the N slider, press →: N, the drawings and the URL follow
    before = page.evaluate("document.getElementById('fit').toDataURL()")
    page.focus("#n")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("window.vizdl.state().n === 13")
    page.wait_for_function("(b) => document.getElementById('fit').toDataURL() !== b", arg=before)
    page.wait_for_function("location.hash.includes('n=13')")
    sup13 = _errors(staircase("sine", 13, 300.0, X), FUNCTIONS["sine"](X))[0]
    assert _rel([page.evaluate("window.vizdl.last().sup")], [sup13]) <= REL
    # your own f(x): drawn and on the URL; a bad one gives one clear line
    page.fill("#expr", EXPR)
    page.wait_for_function("location.hash.includes('e=')")
    assert page.evaluate("window.vizdl.state().f") == {"expr": EXPR}
    page.fill("#expr", "x + y")
    page.wait_for_function("document.getElementById('error').textContent.length > 0")
    assert page.text_content("#error") == 'f(x) is a function of x alone; "x + y" uses y'
    page.fill("#expr", "log(x - 2)")
    page.wait_for_function("document.getElementById('error').textContent.includes('finite')")
    assert not page.errors
