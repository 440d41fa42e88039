"""The optimizer explorer's numbers, in real headless Chromium, against vizdl's simulation (which
tests/sim/test_optimizers.py holds equal to torch.optim): every update rule the page has, every
built-in surface, a grid of hyperparameters and start points, 200 steps in float64. Expression
surfaces: value and exact gradient equal Python's, and the page's grammar accepts exactly what
the Python grammar accepts (never running what it reads)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from tests.browser import assert_spec_current, explorer_page
from vizdl.gallery import explorer
from vizdl.sim.expr import ExprError, parse
from vizdl.sim.optimizers.races import RACERS
from vizdl.sim.optimizers.rules import OPTIMIZERS, trajectory
from vizdl.sim.surfaces import SURFACES, get_surface

ASSETS = Path(explorer.__file__).parent / "assets" / "explorer"
STEPS = 200
REL = 1e-12


def test_the_pages_data_is_the_simulations() -> None:
    assert "spec.js" in explorer.SPECS
    for name in explorer.SPECS:
        assert_spec_current(name)

    assert explorer.RACER_NAMES == tuple(RACERS)
    assert set(explorer.SURFACES) <= set(SURFACES)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory):
    with explorer_page(tmp_path_factory.mktemp("explorer")) as pg:
        yield pg


def _variants(rule: str) -> list[dict]:
    """Hyperparameters per rule: its torch default η and a tenth and ten times it, plus the
    switches the rule has (momentum, Nesterov, centring, AMSGrad, weight decay)."""
    lr = OPTIMIZERS[rule].defaults["lr"]
    base = [{"lr": lr * f} for f in (0.1, 1.0, 10.0)]
    extra = {
        "sgd": [
            {"lr": 0.01, "momentum": 0.9},
            {"lr": 0.01, "momentum": 0.9, "nesterov": True},
            {"lr": 0.02, "momentum": 0.5, "dampening": 0.1, "weight_decay": 0.01},
        ],
        "rmsprop": [
            {"lr": 0.01, "centered": True},
            {"lr": 0.005, "momentum": 0.8, "alpha": 0.9},
        ],
        "adam": [{"lr": 0.05, "betas": [0.8, 0.99], "eps": 1e-6, "weight_decay": 0.01}],
        "adadelta": [{"rho": 0.5, "eps": 1e-4}],
        "adagrad": [{"lr": 0.3, "lr_decay": 0.01, "initial_accumulator_value": 0.1}],
        "adamax": [{"lr": 0.05, "betas": [0.5, 0.9]}],
        "nadam": [{"lr": 0.02, "momentum_decay": 0.01}],
        "amsgrad": [{"lr": 0.05}],
    }
    return base + extra.get(rule, [])


def _starts(name: str) -> list[list[float]]:
    s = explorer.spec()["surfaces"][name]
    (x0, x1), (y0, y1) = s["domain"]
    return [list(s["start"]), [x0 + 0.7 * (x1 - x0), y0 + 0.3 * (y1 - y0)]]


def _python(rule: str, hp: dict, name: str, start: list[float]) -> tuple[np.ndarray, np.ndarray]:
    s = get_surface(name)
    h = {k: tuple(v) if isinstance(v, list) else v for k, v in hp.items()}
    tr = trajectory(rule, s.grad, np.array(start, dtype=np.float64), STEPS, loss=s.value, **h)
    return tr.points[:, 0], tr.losses[:, 0]


def _js_array(rows: list) -> np.ndarray:
    return np.array([[np.nan, np.nan] if r is None else r for r in rows], dtype=np.float64)


def test_every_path_equals_the_python_simulation(page) -> None:
    cases = [
        {
            "optimizer": rule,
            "hparams": hp,
            "surface": {"name": name},
            "start": start,
            "steps": STEPS,
        }
        for rule in OPTIMIZERS
        for hp in _variants(rule)
        for name in explorer.SURFACES
        for start in _starts(name)
    ]
    results = page.evaluate("(cases) => cases.map((c) => window.vizdl.run(c))", cases)
    worst = 0.0
    chaotic = 0
    for case, got in zip(cases, results, strict=True):
        pts, loss = _python(
            case["optimizer"], case["hparams"], case["surface"]["name"], case["start"]
        )
        js_pts = _js_array(got["points"])
        js_loss = np.array([np.nan if v is None else v for v in got["losses"]], dtype=np.float64)
        where = (case["optimizer"], case["hparams"], case["surface"]["name"], case["start"])
        # the same steps diverge (NaN in Python, null in the page)
        assert np.array_equal(np.isnan(js_pts), np.isnan(pts)), where
        ok = ~np.isnan(pts[:, 0])
        # per step, the worst coordinate's error relative to max(1, |θ|)
        err = (np.abs(js_pts - pts) / np.maximum(1.0, np.abs(pts))).max(axis=1)[ok]
        e = float(err.max(initial=0.0))
        if e > REL:
            # a chaotic regime: the page may differ as much as Python itself does when its start
            # is nudged by 1e-14; while that nudge has grown less than 10× the two must agree
            spread = np.zeros_like(err)
            x0, y0 = case["start"]
            for nudge in ([x0 * (1 + 1e-14), y0], [x0, y0 * (1 + 1e-14)], [x0 * (1 - 1e-14), y0],
                          [x0, y0 * (1 - 1e-14)]):  # fmt: skip
                nudged, _ = _python(
                    case["optimizer"], case["hparams"], case["surface"]["name"], nudge
                )
                d = (np.abs(nudged - pts) / np.maximum(1.0, np.abs(pts))).max(axis=1)[ok]
                spread = np.maximum(spread, np.nan_to_num(d, nan=np.inf))
            calm = np.maximum.accumulate(spread) <= 1e-13
            assert np.all(err[calm] <= REL), where
            assert e <= 10 * spread.max(), where
            chaotic += 1
        else:
            worst = max(worst, e)
        lok = ~np.isnan(loss)
        assert np.array_equal(np.isnan(js_loss), np.isnan(loss)), where
        if e <= REL:
            # near a minimum the loss is a difference of nearly equal numbers: compare it on the
            # scale of the start's loss
            scale = max(1.0, abs(loss[0]))
            np.testing.assert_allclose(
                js_loss[lok], loss[lok], rtol=1e-11, atol=1e-12 * scale, err_msg=str(where)
            )
    assert len(cases) > 500
    assert chaotic < len(cases) // 20, (
        f"{chaotic} of {len(cases)} settings needed the chaotic allowance"
    )
    print(
        f"\n{len(cases)} settings x {STEPS} steps; worst relative error {worst:.2e}; chaotic: {chaotic}"
    )
    assert page.errors == []


EXPRESSIONS = [
    "x**2 + 3*y**2",
    "(x**2 + y - 11)**2/10 + sin(3*x)",
    "(1 - x)^2 + 100*(y - x^2)^2",
    "exp(-x**2 - y**2) * cos(2*x) + 0.1*abs(y) + tanh(x*y)",
    "log(1 + x**2 + y**2) - sqrt(2 + x**2) / (3 + y**2)",
    "2**x + x**y + sigmoid(x - y) + cosh(y/3) - sinh(x/4) + pi*e",
    "-x**2 + +y - (-x)**3 + 1e-3*x*y + .5/y",
    "tan(x/3) * y",
]


def test_expression_values_and_gradients_equal_pythons(page) -> None:
    rng = np.random.default_rng(1)
    x = rng.uniform(0.3, 2.0, 40).tolist()
    y = rng.uniform(0.2, 1.5, 40).tolist()
    for text in EXPRESSIONS:
        e = parse(text)
        v, gx, gy = e.value_and_grad(np.array(x), np.array(y))
        got = page.evaluate(
            "([t, xs, ys]) => xs.map((x, i) => [window.vizdl.value({expr: t}, x, ys[i]),"
            " ...window.vizdl.grad({expr: t}, x, ys[i])])",
            [text, x, y],
        )
        got = np.array(got)
        np.testing.assert_allclose(got[:, 0], v, rtol=1e-13, err_msg=text)
        np.testing.assert_allclose(got[:, 1], gx, rtol=1e-12, atol=1e-14, err_msg=text)
        np.testing.assert_allclose(got[:, 2], gy, rtol=1e-12, atol=1e-14, err_msg=text)


GRAMMAR = EXPRESSIONS + [
    "__import__('os').system('echo pwned')",
    "constructor.constructor('return 1')()",
    "x.constructor",
    "this",
    "window",
    "alert(1)",
    "x[0]",
    "x; y",
    "x => x",
    "`${x}`",
    "x ? y : 1",
    "sin",
    "sin(x, y)",
    "0x10 + x",
    "1_000*x",
    "x +",
    "(x",
    "x)",
    "3 + 4",
    "",
    "x**100",
    "x ** -y",
    "2*-x",
]


def test_the_page_accepts_exactly_what_python_accepts(page) -> None:
    verdicts = page.evaluate(
        "(texts) => texts.map((t) => { try { window.vizdlSim.parseExpr(t); return true; }"
        " catch (e) { if (!(e instanceof window.vizdlSim.ExprError)) throw e; return false; } })",
        GRAMMAR,
    )
    for text, ok in zip(GRAMMAR, verdicts, strict=True):
        try:
            parse(text)
            expected = True
        except ExprError:
            expected = False
        assert ok == expected, (text, ok, expected)
    assert sum(verdicts) == len(EXPRESSIONS) + 2  # the last two are valid too
    for name in ("sim.js", "explorer.js"):
        code = (ASSETS / name).read_text()
        assert "eval(" not in code.replace("evalTree(", "") and "Function(" not in code


def test_the_page_draws_and_keeps_its_state_in_the_url(page) -> None:
    url = page.url.split("#")[0]
    page.goto(url + "#s=beale&o=SGD,Adam,Adamax&lr=0.01&steps=120&x0=1&y0=1.5")
    page.wait_for_function("!!(window.vizdl && window.vizdl.state)")
    s = page.evaluate("window.vizdl.state()")
    assert s["surface"] == "beale" and s["racers"] == ["SGD", "Adam", "Adamax"]
    assert s["steps"] == 120 and s["start"] == [1, 1.5] and abs(s["lr"] - 0.01) < 1e-15
    legend = page.inner_text("#legend")
    assert "SGD (η = 0.0100)" in legend and "Adamax" in legend
    # what the legend reports is the simulation's final loss
    want = trajectory(
        "adam",
        get_surface("beale").grad,
        np.array([1.0, 1.5]),
        120,
        loss=get_surface("beale").value,
        lr=0.01,
    )
    mantissa, exponent = f"{want.losses[-1, 0]:.3e}".split("e")
    assert f"Adam (η = 0.0100): final loss {mantissa}e{int(exponent):+d}" in legend  # JS's format
    # the keyboard moves the start, and the URL follows
    page.focus("#map")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("location.hash.includes('x0=1.18')", timeout=10_000)
    assert json.loads(json.dumps(page.errors)) == []


def test_the_site_ships_the_explorer_and_optimizer_pages_link_to_it(tmp_path: Path) -> None:
    from vizdl.gallery.registry import load_gallery
    from vizdl.gallery.site import EXPLORER_FILES, explorer_link, site_files, write_site

    reg = load_gallery(Path(__file__).resolve().parent.parent)
    write_site(reg, tmp_path)
    for name in EXPLORER_FILES:
        if name != "site-surfaces.js":  # the site's own list (below)
            assert (tmp_path / "explorer" / name).read_bytes() == (ASSETS / name).read_bytes()
        assert f"explorer/{name}" in site_files(reg, tmp_path)  # in the build's manifest
    assert {"index.html", "explorer.js", "sim.js", *explorer.SPECS} <= set(EXPLORER_FILES)
    race = reg.get("race-beale")
    from urllib.parse import parse_qs, urlsplit

    link = urlsplit(explorer_link(race, dict(race.params)))
    assert link.path == "../../explorer/index.html"
    q = {k: v[0] for k, v in parse_qs(link.fragment).items()}
    assert q["s"] == "beale" and q["o"] == ",".join(race.params["racers"])
    assert (q["momentum"], q["beta1"], q["beta2"]) == ("0.9", "0.9", "0.999")
    # race-beale's unset start and steps are Beale's setup's: the page runs the figure's 400
    # steps from (0.7, 1.4), not its own default 200
    assert (q["steps"], q["x0"], q["y0"]) == ("400", "0.7", "1.4")
    fifty = race.with_settings(["steps=50"])
    assert "steps=50&" in explorer_link(fifty, dict(fifty.params)) + "&"
    # a lecturer's own formula and start travel to the page (which parses it with its grammar)
    own = race.with_settings(["surface=x**2 + y", "start=1,2", "racers=SGD,NAdam"])
    q = {
        k: v[0]
        for k, v in parse_qs(urlsplit(explorer_link(own, dict(own.params))).fragment).items()
    }
    assert (q["e"], q["d"], q["o"], q["x0"], q["y0"]) == ("x**2 + y", "-3,3,-3,3", "SGD", "1", "2")
    assert q["steps"] == "200"  # a formula's race runs 200 steps unless set
    assert "s" not in q  # NAdam is not on the page: left out
    # the other pages, preset to the entry's own settings
    assert explorer_link(reg.get("bump-error"), dict(reg.get("bump-error").params)) == (
        "../../explorer/bumps.html#f=lecture&n=32&w=6400"  # n_fixed = 32, w = 200·32
    )
    lr2d = reg.get("learning-rate-regimes-2d")
    assert explorer_link(lr2d, dict(lr2d.params)) == (
        "../../explorer/learning-rate.html#s=elongated&x0=-2.5&y0=1.5&steps=30"
    )
    back = reg.get("init-backward-variance")
    assert explorer_link(back, dict(back.params)) == (
        "../../explorer/initialization.html#init=xavier-normal&activation=sigmoid&width=512"
        "&depth=30&backward=1"
    )
    # the site's default formula domain is the simulation's
    from vizdl.gallery.site import FORMULA_DOMAIN
    from vizdl.sim.expr import FORMULA_DOMAIN as SIM_FORMULA_DOMAIN

    assert FORMULA_DOMAIN == SIM_FORMULA_DOMAIN
    # every page says on the entry's page what a reader may change there
    from vizdl.gallery.site import EXPLORER_TEXT

    assert set(EXPLORER_TEXT) == {p.name for p in ASSETS.glob("*.html")}
    assert explorer_link(reg.get("dying-relu"), {}) is None


def test_the_page_finds_the_minima_python_finds(page) -> None:
    from vizdl.sim.expr import expression_surface

    for text, domain in [
        ("(x**2 + y - 11)**2 + (x + y**2 - 7)**2", [-5, 5, -5, 5]),
        ("(x - 1)**2 + 2*(y + 0.5)**2", [-3, 3, -2, 2]),
        ("(x**2 + y - 11)**2/10 + sin(3*x)", [-5, 5, -3, 3]),
        ("x**2 - y**2", [-2, 2, -2, 2]),
    ]:
        want = expression_surface(text, tuple(domain)).minima
        got = np.array(
            page.evaluate(
                "([t, d]) => window.vizdlSim.makeSurface({expr: t, domain: d}).minima",
                [text, domain],
            )
        ).reshape(-1, 2)
        assert got.shape == want.shape, text
        np.testing.assert_allclose(got, want, atol=1e-8, err_msg=text)


def test_a_courses_own_formula_surfaces_are_offered_in_the_explorer(page, tmp_path: Path) -> None:
    """A vizdl.toml entry racing on a formula: the site's explorer lists it, and choosing it
    fills the formula, its domain and its start (the page then draws it as a typed formula)."""
    from vizdl.gallery.registry import Registry, load_gallery
    from vizdl.gallery.site import site_surfaces_js

    reg = load_gallery(Path(__file__).resolve().parent.parent)
    assert "= [];" in site_surfaces_js(reg)  # the gallery itself has no formula surface
    own = reg.get("race-beale").with_settings(["surface=x**2 + 3*sin(y)", "domain=-2,2,-4,4"])
    mine = Registry(entries={**reg.entries, "my-race": own}, topics=reg.topics, root=reg.root)
    js = site_surfaces_js(mine)
    assert '"expr": "x**2 + 3*sin(y)"' in js and "Optimizer race: x**2 + 3*sin(y)" in js
    for f in ASSETS.iterdir():
        shutil.copy(f, tmp_path / f.name)
    (tmp_path / "site-surfaces.js").write_text(js, encoding="utf-8")
    pg = page.context.browser.new_page()  # the module's browser: one playwright per thread
    try:
        pg.goto((tmp_path / "index.html").as_uri())
        pg.wait_for_function("!!(window.vizdl && window.vizdl.run)")
        assert pg.is_visible("#site-surface")
        pg.select_option("#site-surface", "0")
        pg.wait_for_timeout(300)
        got = pg.evaluate(
            "['expr', 'dx0', 'dx1', 'dy0', 'dy1', 'x0', 'y0'].map((i) => "
            "document.getElementById(i).value)"
        )
        # the race's rules for a formula: start 20% along x, 80% up y
        assert got[0] == "x**2 + 3*sin(y)"
        assert [float(v) for v in got[1:]] == pytest.approx([-2, 2, -4, 4, -1.2, 2.4], abs=1e-12)
    finally:
        pg.close()
    assert not page.is_visible("#site-surface")  # the package's own list is empty: hidden
