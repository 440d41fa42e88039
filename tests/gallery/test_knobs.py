"""Knobs: each parameter declared once, every value set from outside checked against it."""

from __future__ import annotations

from pathlib import Path

import pytest

from vizdl.gallery.knobs import KnobError, knob
from vizdl.gallery.registry import GalleryError, load_gallery

ROOT = Path(__file__).resolve().parents[2]


def test_a_knobs_kind_comes_from_its_default() -> None:
    assert knob(20, "steps", low=1).kind == "int"
    assert knob(0.5, "lr", low=0.0).kind == "float"
    assert knob(True, "flag").kind == "bool"
    assert knob("beale", "surface", choices=("beale", "bowl")).kind == "str"
    assert knob((1, 10, 200), "batch sizes", low=1).kind == "ints"
    assert knob((5, 10.0), "mixed", low=0).kind == "floats"
    assert knob(("sigmoid",), "names", choices=("sigmoid", "tanh")).kind == "strs"
    pairs = knob((("relu", "xavier"),), "pairs", choices=(("relu", "tanh"), ("xavier", "he")))
    assert pairs.kind == "tuples"


@pytest.mark.parametrize(
    ("declare", "message"),
    [
        (lambda: knob(0, "steps", low=1), "the default = 0: it is below 1"),
        (lambda: knob("x", "surface", choices=("a", "b")), "the default = 'x'"),
        (lambda: knob("a", "surface"), "a text knob needs choices"),
        (lambda: knob(3, ""), "needs a one-line meaning"),
        (lambda: knob(None, "nothing"), "an optional knob (default None) names its kind"),
        (lambda: knob([1], "a list"), "must be a number, text or a tuple"),
        (lambda: knob(1, "one", kind="int"), "kind is for an optional knob"),
        (lambda: knob({}, "rates", low=0), "a text knob needs choices"),
        (lambda: knob(1.0, "rate", expression=True), "only a text knob takes formulas"),
        (lambda: knob("a", "s", choices=("a",), labels={"b": "B"}), "labels name choices"),
        (lambda: knob((0.1, 0.2), "pair", length=3), "it has 2 items, not 3"),
    ],
)
def test_a_declaration_that_contradicts_itself_is_refused(declare, message: str) -> None:
    with pytest.raises(KnobError, match=message.replace("(", r"\(").replace(")", r"\)")):
        declare()


def test_values_are_checked_and_normalised() -> None:
    steps = knob(20, "steps", low=1, high=500)
    assert steps.check(40) == 40 and steps.check(40.0) == 40 and type(steps.check(40.0)) is int
    lr = knob(0.5, "lr", low=1e-6, high=10.0)
    assert lr.check(1) == 1.0 and type(lr.check(1)) is float
    assert knob((1, 2), "sizes", low=1).check([3, 4]) == (3, 4)
    with pytest.raises(KnobError) as err:
        steps.check(0, "steps")
    assert str(err.value) == "steps = 0: it is below 1; allowed: an integer from 1 to 500"
    for bad, why in [
        (2.5, "it is not an integer"),
        (True, "it is not a number"),
        ("40", "it is not a number"),
        (501, "it is above 500"),
    ]:
        with pytest.raises(KnobError, match=why):
            steps.check(bad, "steps")
    with pytest.raises(KnobError, match="it is not finite"):
        lr.check(float("nan"), "lr")
    surface = knob("beale", "surface", choices=("beale", "bowl", "ravine"))
    with pytest.raises(KnobError, match="did you mean 'ravine'"):
        surface.check("ravin", "surface")


def test_text_forms_parse_to_the_same_values() -> None:
    assert knob(20, "steps", low=1).parse("1e3") == 1000
    assert knob(0.5, "lr", low=0.0).parse(" 0.25 ") == 0.25
    assert knob((0.1, 0.7), "factors", low=0, high=3).parse("0.2,1.8") == (0.2, 1.8)
    assert knob(False, "flag").parse("yes") is True
    pairs = knob((("relu", "he"),), "pairs", choices=(("relu", "tanh"), ("he", "xavier")))
    assert pairs.parse("tanh:xavier,relu:he") == (("tanh", "xavier"), ("relu", "he"))
    with pytest.raises(KnobError, match=r"steps = 'many' does not read as an integer ≥ 1"):
        knob(20, "steps", low=1).parse("many", "steps")
    with pytest.raises(KnobError, match="factors = "):
        knob((0.1, 0.7), "factors", low=0, high=3).parse("0.2,,1", "factors")


def test_every_gallery_parameter_is_a_declared_knob_with_a_meaning() -> None:
    reg = load_gallery(ROOT)
    for e in reg.entries.values():
        assert set(e.knobs) == set(e.params), e.name
        for name, k in e.knobs.items():
            assert k.default == e.params[name] and k.help.strip(), (e.name, name)
            assert k.check(k.default, name) == k.default or k.kind in ("float", "floats")
            assert len(k.help) <= 120, f"{e.name}.{name}: a one-line meaning, not a paragraph"
            if k.kind in ("int", "float", "ints", "floats"):
                assert k.low is not None and k.high is not None, (
                    f"{e.name}.{name}: a number knob says its range"
                )


def test_the_registry_refuses_a_parameter_that_is_not_declared(tmp_path: Path) -> None:
    (tmp_path / "gallery").mkdir()
    (tmp_path / "gallery" / "g.py").write_text(
        "from vizdl.gallery import topic\n"
        "t = topic('x', 'X')\n"
        "t.figure('a', title='A', compute='m:f', draw='m:d', params=dict(steps=20))\n"
    )
    with pytest.raises(GalleryError, match=r"'steps' = 20 is not declared; write steps=knob\(20"):
        load_gallery(tmp_path)


def test_setting_a_knob_checks_it_and_names_the_entry() -> None:
    e = load_gallery(ROOT).get("learning-rate-regimes")
    assert e.with_params(steps=int(e.params["steps"]) - 5).params["steps"] == e.params["steps"] - 5
    with pytest.raises(GalleryError, match="entry 'learning-rate-regimes' has no knob 'stpes'"):
        e.with_params(stpes=10)
    with pytest.raises(GalleryError, match="entry 'learning-rate-regimes': steps = -1"):
        e.with_params(steps=-1)


def test_a_table_knob_takes_a_number_per_name() -> None:
    lr = knob({}, "learning rate per racer", choices=("SGD", "Adam", "NAG"), low=1e-8, high=100)
    assert lr.kind == "map" and lr.check({}) == {}
    # kept in the declared order of the names, whatever order they come in
    assert list(lr.parse("NAG:0.5, SGD:0.1")) == ["SGD", "NAG"]
    assert lr.parse("Adam:0.05") == {"Adam": 0.05} and lr.parse("") == {}
    assert lr.parse(lr.text({"SGD": 0.1, "Adam": 0.3})) == {"SGD": 0.1, "Adam": 0.3}
    with pytest.raises(KnobError, match="did you mean 'Adam'"):
        lr.check({"Adamm": 0.1})
    with pytest.raises(KnobError, match="above 100"):
        lr.check({"Adam": 1000})
    with pytest.raises(KnobError, match="does not read as"):
        lr.parse("Adam=0.1")
    assert lr.as_json()["default"] == {}


def test_an_optional_knob_may_be_unset() -> None:
    start = knob(None, "start; unset: the surface's own", kind="floats", length=2, low=-9, high=9)
    assert start.optional and start.check(None) is None and start.parse("") is None
    assert start.parse("1, -2") == (1.0, -2.0) and start.text(None) == ""
    assert "or nothing" in start.allowed()
    with pytest.raises(KnobError, match="it has 3 items, not 2"):
        start.parse("1,2,3")
    # another default keeps it optional (a config entry's own start)
    moved = start.with_default((1.0, 2.0))
    assert moved.default == (1.0, 2.0) and moved.check(None) is None
    assert knob(3, "steps").with_default(4).check(5) == 5
    with pytest.raises(KnobError):
        knob(3, "steps").check(None)  # a knob that is not optional is never unset


def test_a_surface_knob_takes_a_formula_and_never_runs_it() -> None:
    surface = knob("beale", "surface", choices=("beale", "bowl"), expression=True,
                   labels={"beale": "Beale's function"})  # fmt: skip
    assert surface.check("x**2 + 3*y**2") == "x**2 + 3*y**2"
    assert surface.label("beale") == "Beale's function" and surface.label("x**2") == "x**2"
    assert surface.label("bowl") == "bowl"  # no label: its name
    with pytest.raises(KnobError, match="did you mean 'beale'"):
        surface.check("beal")
    for attack in ("__import__('os').system('ls')", "x.__class__", "open('f')", "[x for x in y]"):
        with pytest.raises(KnobError, match="not a formula"):
            surface.check(attack)
    plain_text = knob("beale", "surface", choices=("beale", "bowl"))
    with pytest.raises(KnobError, match="unknown name"):
        plain_text.check("x**2")  # only a knob that says so takes formulas


def test_a_title_follows_the_knobs_it_quotes(tmp_path: Path) -> None:
    (tmp_path / "gallery").mkdir()
    (tmp_path / "gallery" / "demo.py").write_text(
        "from vizdl.gallery import knob, topic\n"
        "t = topic('demo', 'Demo')\n"
        "t.figure('race', title='Race on {surface}', compute='m:f', draw='m:g',\n"
        "         params=dict(surface=knob('beale', 'surface', choices=('beale', 'bowl'),\n"
        "                                  expression=True, labels={'beale': \"Beale's\"})))\n"
        "t.figure('bad', title='On {nothing}', compute='m:f', draw='m:g', params={})\n"
    )
    with pytest.raises(GalleryError, match="its title quotes nothing, which is no knob of it"):
        load_gallery(tmp_path)
    text = (tmp_path / "gallery" / "demo.py").read_text().splitlines()
    (tmp_path / "gallery" / "demo.py").write_text("\n".join(text[:-1]) + "\n")
    e = load_gallery(tmp_path).get("race")
    assert e.title == "Race on Beale's"
    assert e.with_params(surface="bowl").title == "Race on bowl"
    assert e.with_settings(["surface=sin(x)*y"]).title == "Race on sin(x)*y"
