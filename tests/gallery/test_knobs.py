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
        (lambda: knob(None, "nothing"), "must be a number, text or a tuple"),
        (lambda: knob((0.1, 0.2), "pair", length=3), "it has 2 items, not 3"),
    ],
)
def test_a_declaration_that_contradicts_itself_is_refused(declare, message: str) -> None:
    with pytest.raises(KnobError, match=message.replace("(", r"\(")):
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
    assert e.with_params(steps=int(e.params["steps"]) + 5).params["steps"] == e.params["steps"] + 5
    with pytest.raises(GalleryError, match="entry 'learning-rate-regimes' has no knob 'stpes'"):
        e.with_params(stpes=10)
    with pytest.raises(GalleryError, match="entry 'learning-rate-regimes': steps = -1"):
        e.with_params(steps=-1)
