"""Which source code an entry's output depends on, found statically (no imports).

For a reference ``"pkg.mod:name"`` we parse ``pkg/mod.py``, take the source of the top-level
definition ``name`` and follow every name it uses: other top-level definitions of the same module,
and names imported from project modules (``from vizdl.sim import surfaces`` then
``surfaces.ravine`` follows ``vizdl.sim.surfaces:ravine``). Third-party code is covered by the
library versions in the cache key instead. A data file whose name appears as a string literal in a
definition (``"vizdl.mplstyle"``) is hashed too.

The result maps each reached ``"module:name"`` to a short hash of its source, so that editing a
simulation or renderer function re-renders exactly the entries that reach it, and a stale entry can
say which function changed.
"""

from __future__ import annotations

import ast
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["SourceIndex"]


def _h(text: str | bytes) -> str:
    data = text.encode() if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()[:16]


@dataclass
class _Module:
    name: str
    path: Path
    is_package: bool
    defs: dict[str, ast.AST] = field(default_factory=dict)
    source_of: dict[str, str] = field(default_factory=dict)
    imports: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    star: list[str] = field(default_factory=list)


class SourceIndex:
    """Parses project modules under ``roots`` on demand and computes dependency closures.

    Parameters
    ----------
    roots:
        ``(folder, packages)`` pairs: a folder holding importable top-level modules, and the
        top-level names under it that count as project code (``None``: all of them). The project
        root (``vizdl/``, ``scenes/`` in a checkout) takes ``None``; the site-packages folder of an
        installed vizdl takes ``("vizdl",)``. Everything else is third-party and not followed.
    """

    def __init__(self, roots: list[tuple[Path, tuple[str, ...] | None]]):
        self.roots = [(Path(r).resolve(), pk) for r, pk in roots]
        self._modules: dict[str, _Module | None] = {}
        self._closures: dict[str, dict[str, str]] = {}

    # -- module lookup -------------------------------------------------------------------------

    def _find(self, modname: str) -> tuple[Path, bool] | None:
        rel = Path(*modname.split("."))
        top = modname.split(".")[0]
        for root, packages in self.roots:
            if packages is not None and top not in packages:
                continue
            if (root / rel / "__init__.py").is_file():
                return root / rel / "__init__.py", True
            if (root / rel).with_suffix(".py").is_file():
                return (root / rel).with_suffix(".py"), False
        return None

    def module(self, modname: str) -> _Module | None:
        if modname in self._modules:
            return self._modules[modname]
        found = self._find(modname)
        mod = None
        if found:
            mod = self._parse(modname, *found)
        self._modules[modname] = mod
        return mod

    def _parse(self, modname: str, path: Path, is_package: bool) -> _Module:
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text, filename=str(path))
        lines = text.splitlines(keepends=True)
        mod = _Module(modname, path, is_package)
        package = modname if is_package else modname.rpartition(".")[0]
        for node in tree.body:
            names: list[str] = []
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names = [node.name]
            elif isinstance(node, ast.Assign):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names = [node.target.id]
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.asname:
                        mod.imports[a.asname] = (a.name, None)
                    else:  # "import a.b" binds "a"
                        top = a.name.split(".")[0]
                        mod.imports[top] = (top, None)
            elif isinstance(node, ast.ImportFrom):
                base = _resolve_relative(node, package)
                for a in node.names:
                    if a.name == "*":
                        mod.star.append(base)
                    else:
                        mod.imports[a.asname or a.name] = (base, a.name)
            if names:
                start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
                src = "".join(lines[start - 1 : node.end_lineno])
                for n in names:
                    mod.defs[n] = node
                    mod.source_of[n] = src
        return mod

    # -- closures ------------------------------------------------------------------------------

    def closure(self, ref: str) -> dict[str, str]:
        """Map every project definition ``ref`` reaches (itself included) to its source hash.

        ``ref`` is ``"module:name"``. An unresolvable reference maps to ``"missing"``, so that the
        cache still changes when it appears.
        """
        if ref in self._closures:
            return self._closures[ref]
        out: dict[str, str] = {}
        todo = [tuple(ref.split(":", 1))]
        while todo:
            modname, name = todo.pop()
            key = f"{modname}:{name}"
            if key in out:
                continue
            mod = self.module(modname)
            if mod is None:
                continue
            if name in mod.defs:
                out[key] = self._hash_def(mod, name)
                todo.extend(self._uses(mod, mod.defs[name], name))
            elif name in mod.imports:  # a re-export, e.g. in a package __init__
                out[key] = "reexport"
                todo.extend(self._follow_import(mod, name, None))
            elif self.module(f"{modname}.{name}") is not None:  # a submodule used as a name
                sub = self.module(f"{modname}.{name}")
                assert sub is not None
                out[key] = _h(sub.path.read_bytes())
            else:
                for star in mod.star:
                    todo.append((star, name))
                if not mod.star:
                    out[key] = "missing"
        self._closures[ref] = out
        return out

    def _hash_def(self, mod: _Module, name: str) -> str:
        src = mod.source_of[name]
        parts = [src]
        node = mod.defs[name]
        for lit in ast.walk(node):
            if isinstance(lit, ast.Constant) and isinstance(lit.value, str) and "." in lit.value:
                cand = mod.path.parent / lit.value
                if len(lit.value) < 200 and cand.is_file():
                    parts.append(lit.value + ":" + _h(cand.read_bytes()))
        return _h("\n".join(parts))

    def _uses(self, mod: _Module, node: ast.AST, self_name: str) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        attrs: dict[str, set[str]] = {}
        for sub in ast.walk(node):
            if isinstance(sub, ast.Attribute):
                chain = _attr_chain(sub)
                if chain:
                    attrs.setdefault(chain[0], set()).add(".".join(chain[1:]))
        names = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
        for n in sorted(names):
            if n == self_name:
                continue
            if n in mod.defs:
                found.append((mod.name, n))
            elif n in mod.imports:
                found.extend(self._follow_import(mod, n, attrs.get(n)))
        return found

    def _follow_import(
        self, mod: _Module, local: str, attr_paths: set[str] | None
    ) -> list[tuple[str, str]]:
        target, attr = mod.imports[local]
        if attr is not None:
            sub = f"{target}.{attr}"
            if self.module(sub) is not None:  # "from pkg import submodule"
                target, attr = sub, None
            elif self.module(target) is not None:
                return [(target, attr)]
            else:
                return []
        # A module alias: follow the attributes used on it ("surfaces.ravine", "a.b.c").
        out = []
        for path in sorted(attr_paths or ()):
            parts = path.split(".")
            modname = target
            for i, part in enumerate(parts):
                if self.module(f"{modname}.{part}") is not None and i < len(parts) - 1:
                    modname = f"{modname}.{part}"
                    continue
                if self.module(modname) is not None:
                    out.append((modname, part))
                break
        return out


def _attr_chain(node: ast.Attribute) -> list[str] | None:
    parts = []
    cur: ast.AST = node
    while isinstance(cur, ast.Attribute):
        parts.append(cur.attr)
        cur = cur.value
    if isinstance(cur, ast.Name):
        parts.append(cur.id)
        return parts[::-1]
    return None


def _resolve_relative(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    base = package.split(".")
    if node.level > 1:
        base = base[: -(node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))
