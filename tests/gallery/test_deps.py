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
