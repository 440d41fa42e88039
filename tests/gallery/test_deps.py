"""The static dependency closure behind cache keys."""

from __future__ import annotations

import textwrap
from pathlib import Path

from vizdl.gallery.deps import SourceIndex


def write(root: Path, rel: str, text: str) -> None:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(textwrap.dedent(text))


def make_project(root: Path) -> None:
    write(root, "pkg/__init__.py", "from .core import reexported\n")
    write(
        root,
        "pkg/core.py",
        """
        import numpy as np
        from pkg import helpers
        from pkg.helpers import shared as sh

        CONST = 3

        def reexported():
            return 1

        def uses_alias(x):
            return helpers.square(x) + sh(x)

        def uses_const(x):
            return x * CONST

        def standalone(x):
            return np.sum(x)

        class Thing:
            def method(self):
                return helpers.cube(2)

        STYLE = "style.txt"
        """,
    )
    write(
        root,
        "pkg/helpers.py",
        """
        def square(x):
            return x * x

        def cube(x):
            return x ** 3

        def shared(x):
            return -x
        """,
    )
    write(root, "pkg/style.txt", "color: red\n")
    write(root, "pkg/viewer.py", "from pkg.core import STYLE\n\ndef show():\n    return STYLE\n")


def closure(root: Path, ref: str) -> dict[str, str]:
    return SourceIndex([(root, None)]).closure(ref)


def test_closure_follows_module_aliases_and_from_imports(tmp_path: Path) -> None:
    make_project(tmp_path)
    c = closure(tmp_path, "pkg.core:uses_alias")
    assert set(c) == {"pkg.core:uses_alias", "pkg.helpers:square", "pkg.helpers:shared"}
    assert set(closure(tmp_path, "pkg.core:Thing")) == {"pkg.core:Thing", "pkg.helpers:cube"}
    assert set(closure(tmp_path, "pkg.core:uses_const")) == {
        "pkg.core:uses_const",
        "pkg.core:CONST",
    }
    # Third-party names (numpy) are not followed: versions cover them.
    assert set(closure(tmp_path, "pkg.core:standalone")) == {"pkg.core:standalone"}
    # A name re-exported by a package __init__ leads to its definition.
    assert "pkg.core:reexported" in closure(tmp_path, "pkg:reexported")


def test_editing_one_helper_changes_exactly_the_closures_that_reach_it(tmp_path: Path) -> None:
    make_project(tmp_path)
    refs = ["pkg.core:uses_alias", "pkg.core:Thing", "pkg.core:uses_const", "pkg.core:standalone"]
    before = {r: closure(tmp_path, r) for r in refs}
    helpers = tmp_path / "pkg/helpers.py"
    helpers.write_text(helpers.read_text().replace("return x ** 3", "return x * x * x"))
    after = {r: closure(tmp_path, r) for r in refs}
    changed = {r for r in refs if before[r] != after[r]}
    assert changed == {"pkg.core:Thing"}
    assert (
        before["pkg.core:Thing"]["pkg.helpers:cube"] != after["pkg.core:Thing"]["pkg.helpers:cube"]
    )


def test_a_data_file_named_in_a_definition_is_hashed(tmp_path: Path) -> None:
    make_project(tmp_path)
    before = closure(tmp_path, "pkg.viewer:show")
    assert "pkg.core:STYLE" in before
    (tmp_path / "pkg/style.txt").write_text("color: blue\n")
    assert closure(tmp_path, "pkg.viewer:show") != before


def test_packages_restriction_keeps_third_party_out(tmp_path: Path) -> None:
    make_project(tmp_path)
    idx = SourceIndex([(tmp_path, ("other",))])
    assert idx.closure("pkg.core:uses_alias") == {}


def make_engine_project(root: Path) -> None:
    """Every way a definition can use another that the closure must see."""
    write(root, "app/__init__.py", "")
    write(
        root,
        "app/lib.py",
        """
        import functools

        LEVEL = 2
        A, (B, *C) = 1, (2, 3, 4)
        TABLE = {"x": 1}
        TABLE["y"] = 2
        TABLE.update(z=3)
        functools.partial(print)  # module-level code: runs on import

        def deco(fn):
            return fn

        def default():
            return 0

        def target():
            return "reached"

        def other():
            return "only through an attribute"

        def unused():
            return "never reached"

        class Base:
            def helper(self):
                return target()
        """,
    )
    write(root, "app/cams.py", "class Camera:\n    zoom = 1\n")
    write(root, "app/sub/__init__.py", "")
    write(root, "app/sub/leaf.py", "def leaf():\n    return 1\n\ndef twig():\n    return 2\n")
    write(
        root,
        "app/user.py",
        """
        from app.lib import A, B, C, LEVEL, TABLE, Base, deco, default
        from app.cams import Camera

        @deco
        def decorated(x=default()):
            return x

        def local_absolute():
            from app.lib import target

            return target()

        def local_relative():
            from .sub.leaf import leaf
            from . import lib

            return leaf() + lib.other()

        def local_module_alias():
            import app.sub.leaf as lf

            return lf.twig()

        def local_dotted_import():
            import app.sub.leaf

            return app.sub.leaf.leaf()

        def nested():
            def inner():
                return [LEVEL for _ in range(2)]

            return (lambda: A)() + inner()[0]

        def unpacked():
            return B + sum(C)

        def table():
            return TABLE

        class Scene(Base):
            camera_class = Camera

            def run(self):
                return self.helper()

        def module_as_value():
            from app.sub import leaf

            return vars(leaf)
        """,
    )


def test_closure_sees_every_way_a_definition_uses_another(tmp_path: Path) -> None:
    make_engine_project(tmp_path)
    idx = SourceIndex([(tmp_path, None)])
    user = "app.user:"
    assert {"app.lib:deco", "app.lib:default"} <= set(idx.closure(user + "decorated"))
    assert "app.lib:target" in idx.closure(user + "local_absolute")
    assert {"app.sub.leaf:leaf", "app.lib:other"} <= set(idx.closure(user + "local_relative"))
    assert "app.lib:unused" not in idx.closure(user + "local_relative")
    assert "app.sub.leaf:twig" in idx.closure(user + "local_module_alias")
    assert "app.sub.leaf:leaf" in idx.closure(user + "local_dotted_import")
    assert {"app.lib:LEVEL", "app.lib:A"} <= set(idx.closure(user + "nested"))
    assert {"app.lib:B", "app.lib:C"} <= set(idx.closure(user + "unpacked"))
    scene = idx.closure(user + "Scene")
    # the base class, the method it calls through self., and a class attribute's value
    assert {"app.lib:Base", "app.lib:target", "app.cams:Camera"} <= set(scene)
    # a module used as a value: the whole file
    assert "app.sub.leaf:*" in idx.closure(user + "module_as_value")
    # top-level statements that bind no name belong to every definition of their module
    assert "app.lib:<module>" in idx.closure("app.lib:target")


def test_every_statement_that_sets_a_name_is_hashed(tmp_path: Path) -> None:
    make_engine_project(tmp_path)
    lib = tmp_path / "app/lib.py"
    before = closure(tmp_path, "app.user:table")
    lib.write_text(lib.read_text().replace('TABLE["y"] = 2', 'TABLE["y"] = 5'))
    mid = closure(tmp_path, "app.user:table")
    assert mid["app.lib:TABLE"] != before["app.lib:TABLE"]
    lib.write_text(lib.read_text().replace("TABLE.update(z=3)", "TABLE.update(z=4)"))
    assert closure(tmp_path, "app.user:table")["app.lib:TABLE"] != mid["app.lib:TABLE"]
    # an edit to module-level code reaches every definition of the module
    t0 = closure(tmp_path, "app.lib:target")
    lib.write_text(lib.read_text().replace("functools.partial(print)", "functools.partial(len)"))
    t1 = closure(tmp_path, "app.lib:target")
    assert t0["app.lib:<module>"] != t1["app.lib:<module>"]
    assert t0["app.lib:target"] == t1["app.lib:target"]


def test_editing_a_function_reached_only_through_a_local_import(tmp_path: Path) -> None:
    make_engine_project(tmp_path)
    refs = ["app.user:local_absolute", "app.user:Scene", "app.user:local_relative"]
    before = {r: closure(tmp_path, r) for r in refs}
    lib = tmp_path / "app/lib.py"
    lib.write_text(lib.read_text().replace('return "reached"', 'return "changed"'))
    after = {r: closure(tmp_path, r) for r in refs}
    assert {r for r in refs if before[r] != after[r]} == {
        "app.user:local_absolute",
        "app.user:Scene",
    }


def test_excluded_definitions_are_neither_hashed_nor_followed(tmp_path: Path) -> None:
    make_engine_project(tmp_path)
    idx = SourceIndex([(tmp_path, None)])
    full = idx.closure("app.user:Scene")
    cut = idx.closure("app.user:Scene", exclude=["app.lib:Base"])
    assert "app.lib:Base" in full and "app.lib:target" in full
    assert "app.lib:Base" not in cut and "app.lib:target" not in cut
    assert "app.cams:Camera" in cut
    assert idx.closure("app.user:Scene") == full  # cached per exclusion set


def make_theme_project(root: Path) -> None:
    write(
        root,
        "app/style.py",
        """
        from dataclasses import dataclass
        from types import MappingProxyType

        @dataclass(frozen=True)
        class Theme:
            ink: str
            racers: object
            grid: str

            def twice(self):
                return self.ink * 2

        BLUE = "#0072B2"
        LIGHT = Theme(
            ink="#1d2330",
            racers=MappingProxyType({"SGD": BLUE}),
            grid="#c3c9d4",
        )
        THEME = LIGHT

        def racer(name):
            return THEME.racers[name]
        """,
    )
    write(
        root,
        "app/uses.py",
        """
        from app import style
        from app.style import LIGHT, THEME, racer

        def ink():
            return THEME.ink

        def grid_via_module():
            return style.THEME.grid

        def ink_of_light():
            return LIGHT.ink

        def racers():
            return racer("SGD")

        def whole():
            return repr(THEME)

        def method():
            return THEME.twice()
        """,
    )


REFS = ["ink", "grid_via_module", "ink_of_light", "racers", "whole", "method"]


def changed_by(root: Path, old: str, new: str) -> set[str]:
    before = {r: closure(root, f"app.uses:{r}") for r in REFS}
    style = root / "app/style.py"
    assert style.read_text().count(old) == 1
    style.write_text(style.read_text().replace(old, new))
    after = {r: closure(root, f"app.uses:{r}") for r in REFS}
    return {r for r in REFS if before[r] != after[r]}


def test_a_field_of_a_keyword_built_object_is_followed_alone(tmp_path: Path) -> None:
    make_theme_project(tmp_path)
    c = closure(tmp_path, "app.uses:ink")
    # the alias, then LIGHT's ink keyword (with the class it calls), not LIGHT's other keywords
    assert {"app.style:THEME.ink", "app.style:LIGHT.ink", "app.style:Theme"} <= set(c)
    assert "app.style:LIGHT" not in c and "app.style:BLUE" not in c
    assert "app.style:BLUE" in closure(tmp_path, "app.uses:racers")
    # an object used whole, or through an attribute that is no keyword (a method): all of it
    assert "app.style:LIGHT" in closure(tmp_path, "app.uses:whole")
    assert "app.style:LIGHT" in closure(tmp_path, "app.uses:method")
    # editing one keyword changes exactly the closures that read it
    assert changed_by(tmp_path, 'grid="#c3c9d4"', 'grid="#dddddd"') == {
        "grid_via_module",
        "whole",
        "method",
    }
    assert changed_by(tmp_path, 'BLUE = "#0072B2"', 'BLUE = "#0000ff"') == {
        "racers",
        "whole",
        "method",
    }


def test_the_alias_and_the_class_of_a_keyword_built_object_are_hashed(tmp_path: Path) -> None:
    make_theme_project(tmp_path)
    through_alias = {"ink", "grid_via_module", "racers", "whole", "method"}
    assert changed_by(tmp_path, "THEME = LIGHT\n", "THEME = LIGHT  # edited\n") == through_alias
    assert changed_by(tmp_path, "return self.ink * 2", "return self.ink * 3") == set(REFS)
