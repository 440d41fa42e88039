"""Which source code an entry's output depends on, found statically (no imports).

For a reference ``"pkg.mod:name"`` we parse ``pkg/mod.py``, take the source of the top-level
definition ``name`` and follow every name it uses: other top-level definitions of the same module,
and names imported from project modules (``from vizdl.sim import surfaces`` then
``surfaces.ravine`` follows ``vizdl.sim.surfaces:ravine``). Third-party code is covered by the
library versions in the cache key instead. A data file whose name appears as a string literal in a
definition (``"vizdl.mplstyle"``) is hashed too.

"Uses" is everything inside the definition's statement: decorators, default values, base classes
and class attributes (``camera_class = LeanCamera``), method bodies (so methods a subclass calls
through ``self.`` are covered by following its bases), nested functions, lambdas and
comprehensions, and imports written inside a function (``from vizdl.sim.training import
make_splits`` in a function body, relative ones included). A top-level name may be bound by several
statements (``A, B = ...``; ``X["k"] = ...``; ``X.update(...)``; inside ``if``/``try``/``with``
blocks): all of them are hashed. Top-level statements that bind no name (``matplotlib.use("Agg")``)
run whenever the module is imported, so they form the pseudo-definition ``"module:<module>"``
that every definition of that module depends on. Names reached only as strings
(``getattr(mod, "f")``, ``"pkg.mod:name"`` references) are not followed.

An attribute read of a top-level object built by one call with keyword arguments
(``LIGHT = Theme(racers=..., grid=...)``, then ``LIGHT.racers``) follows that keyword alone, as the
pseudo-definition ``"module:LIGHT.racers"``: its argument, the callee and any positional
arguments. (An attribute named like a keyword is taken to be that keyword's value, as in a
dataclass or a named tuple.) So does one read through an alias (``THEME = LIGHT``, then
``THEME.racers``: the alias statement and ``LIGHT.racers``). The object used any other way
(``f(LIGHT)``, ``LIGHT[0]``, an attribute that is not a keyword) is followed whole.

The result maps each reached ``"module:name"`` to a short hash of its source, so that editing a
simulation or renderer function re-renders exactly the entries that reach it, and a stale entry can
say which function changed.
"""

from __future__ import annotations

import ast
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["SourceIndex", "MODULE_CODE", "WHOLE_MODULE"]

# The pseudo-name of a module's top-level statements that bind no name.
MODULE_CODE = "<module>"
# The pseudo-name of a whole module file, for a module used as a value (``f(surfaces)``).
WHOLE_MODULE = "*"

# A name bound by an import: (module, attribute) for "from module import attribute", (module, None)
# for a module bound as a name ("import a.b as m").
_Binding = tuple[str, str | None]


def _h(text: str | bytes) -> str:
    data = text.encode() if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()[:16]


@dataclass
class _Module:
    name: str
    path: Path
    is_package: bool
    package: str = ""
    text: str = ""
    # Every top-level statement that binds (or mutates) each name, in file order.
    defs: dict[str, list[ast.AST]] = field(default_factory=dict)
    source_of: dict[str, str] = field(default_factory=dict)
    imports: dict[str, _Binding] = field(default_factory=dict)
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
        self._closures: dict[tuple[str, frozenset[str]], dict[str, str]] = {}
        # (module, name) -> (hash of its source, the (module, name) pairs it uses); for a field
        # "name.attr" (see the module docstring) None when it is not one
        self._defs: dict[tuple[str, str], tuple[str, list[tuple[str, str]]] | None] = {}

    # -- module lookup -------------------------------------------------------------------------

    def _find(self, modname: str) -> tuple[Path, bool] | None:
        if not modname:
            return None
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
        package = modname if is_package else modname.rpartition(".")[0]
        mod = _Module(modname, path, is_package, package, text)
        pieces: dict[str, list[str]] = {}
        loose: list[ast.stmt] = []  # top-level statements that bind no name

        def bind(name: str, node: ast.stmt) -> None:
            start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
            mod.defs.setdefault(name, []).append(node)
            pieces.setdefault(name, []).append("".join(lines[start - 1 : node.end_lineno]))

        for node in _top_level(tree.body):
            if isinstance(node, ast.Import | ast.ImportFrom):
                _bind_import(node, package, mod.imports, mod.star)
                continue
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
                continue  # docstrings
            names = _bound_names(node)
            if not names and isinstance(node, ast.Expr):
                # "X.append(...)", "X.update(...)": a mutation of X, if X is defined here.
                head = _call_receiver(node.value)
                if head is not None:
                    names = [head]
            if names:
                for n in names:
                    bind(n, node)
            else:
                loose.append(node)
        # Mutating a name this module does not bind (an import, a builtin: "matplotlib.use(...)",
        # "os.environ[k] = v") is module-level code, not a definition.
        for name in [n for n, nodes in mod.defs.items() if all(map(_is_mutation, nodes))]:
            loose.extend(s for s in mod.defs.pop(name) if s not in loose)
            pieces.pop(name)
        if loose:
            loose.sort(key=lambda s: s.lineno)
            mod.defs[MODULE_CODE] = list(loose)
            pieces[MODULE_CODE] = ["".join(lines[s.lineno - 1 : s.end_lineno]) for s in loose]
        mod.source_of = {n: "".join(p) for n, p in pieces.items()}
        return mod

    # -- closures ------------------------------------------------------------------------------

    def closure(self, ref: str, exclude: Iterable[str] = ()) -> dict[str, str]:
        """Map every project definition ``ref`` reaches (itself included) to its source hash.

        ``ref`` is ``"module:name"``. An unresolvable reference maps to ``"missing"``, so that the
        cache still changes when it appears. Definitions named in ``exclude`` (``"module:name"``)
        are neither included nor followed (what they alone reach is left out too): the gallery
        engine uses it to leave one kind's render path out of the other kind's key.
        """
        skip = frozenset(exclude)
        ck = (ref, skip)
        if ck in self._closures:
            return self._closures[ck]
        out: dict[str, str] = {}
        todo = [tuple(ref.split(":", 1))]
        while todo:
            modname, name = todo.pop()
            key = f"{modname}:{name}"
            if key in out or key in skip:
                continue
            mod = self.module(modname)
            if mod is None:
                continue
            if name == WHOLE_MODULE:
                out[key] = _h(mod.path.read_bytes())
                continue
            if "." in name:  # "obj.attr": one keyword of the call that built obj, else all of obj
                base, _, attr = name.partition(".")
                field = self._field(mod, base, attr)
                if field is None:
                    todo.append((modname, base))
                else:
                    out[key] = field[0]
                    todo.extend(field[1])
                continue
            if name in mod.defs:
                digest, uses = self._definition(mod, name)
                out[key] = digest
                todo.extend(uses)
            if name in mod.imports:  # a re-export, e.g. in a package __init__
                out.setdefault(key, "reexport")
                todo.extend(self._follow(mod.imports[name], (), bare=True))
            if key in out:
                continue
            sub = self.module(f"{modname}.{name}")
            if sub is not None:  # a submodule used as a name
                out[key] = _h(sub.path.read_bytes())
            else:
                for star in mod.star:
                    todo.append((star, name))
                if not mod.star:
                    out[key] = "missing"
        self._closures[ck] = out
        return out

    def _definition(self, mod: _Module, name: str) -> tuple[str, list[tuple[str, str]]]:
        """The source hash of ``mod:name`` and the definitions it uses (computed once)."""
        ck = (mod.name, name)
        if ck not in self._defs:
            self._defs[ck] = self._scan(mod, mod.defs[name], [mod.source_of[name]], name)
        return self._defs[ck]

    def _field(
        self, mod: _Module, base: str, attr: str
    ) -> tuple[str, list[tuple[str, str]]] | None:
        """Hash and uses of the pseudo-definition ``mod:base.attr`` (see the module docstring),
        or None when ``base`` is not bound once, to a keyword call with ``attr`` or an alias."""
        ck = (mod.name, f"{base}.{attr}")
        if ck in self._defs:
            return self._defs[ck]
        result = None
        nodes = mod.defs.get(base, [])
        value = _single_value(nodes[0]) if len(nodes) == 1 else None
        own = [(mod.name, MODULE_CODE)] if MODULE_CODE in mod.defs else []
        if isinstance(value, ast.Name) and value.id in mod.defs and value.id != base:
            result = (_h(mod.source_of[base]), own + [(mod.name, f"{value.id}.{attr}")])
        elif isinstance(value, ast.Call) and all(k.arg is not None for k in value.keywords):
            chosen = [k for k in value.keywords if k.arg == attr]
            if len(chosen) == 1:
                exprs = [value.func, *value.args, chosen[0]]
                text = [f"{base}.{attr}"] + [
                    ast.get_source_segment(mod.text, e) or ast.unparse(e) for e in exprs
                ]
                result = self._scan(mod, exprs, ["\n".join(text)], base)
        self._defs[ck] = result
        return result

    def _scan(
        self, mod: _Module, nodes: list[ast.AST], parts: list[str], name: str
    ) -> tuple[str, list[tuple[str, str]]]:
        """Hash of ``parts`` (and of data files named in ``nodes``) and the definitions that the
        code ``nodes`` (of definition ``name``) uses."""
        parts = list(parts)
        local_imports: dict[str, _Binding] = {}
        attrs: dict[str, set[str]] = {}  # name -> attribute paths used on it ("ravine", "a.b")
        names: set[str] = set()
        bare: set[str] = set()  # names used other than as the head of an attribute chain
        inner: set[int] = set()  # attribute nodes inside a longer chain
        heads: set[int] = set()  # name nodes that head an attribute chain
        for node in nodes:
            for sub in ast.walk(node):
                if isinstance(sub, ast.Attribute):
                    if id(sub) in inner:
                        continue
                    chain, base = _attr_chain(sub, inner)
                    if base is not None:
                        heads.add(id(base))
                        attrs.setdefault(chain[0], set()).add(".".join(chain[1:]))
                elif isinstance(sub, ast.Name):
                    names.add(sub.id)
                    if id(sub) not in heads:
                        bare.add(sub.id)
                elif isinstance(sub, ast.Import | ast.ImportFrom):
                    if sub is not node:  # an import inside a function (or class) body
                        _bind_import(sub, mod.package, local_imports, [])
                elif isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                    lit = sub.value
                    if "." in lit and len(lit) < 200 and "\n" not in lit:
                        cand = mod.path.parent / lit
                        if cand.is_file():
                            parts.append(lit + ":" + _h(cand.read_bytes()))
        uses: list[tuple[str, str]] = []
        if name != MODULE_CODE and MODULE_CODE in mod.defs:
            uses.append((mod.name, MODULE_CODE))
        for n in sorted(names):
            if n == name:
                continue
            if n in local_imports:
                uses.extend(self._follow(local_imports[n], attrs.get(n, ()), n in bare))
            if n in mod.defs:
                if n in bare or n not in attrs:
                    uses.append((mod.name, n))
                else:  # only attributes of it: each may be a field (else it falls back to n)
                    uses.extend((mod.name, f"{n}.{p.split('.')[0]}") for p in sorted(attrs[n]))
            if n in mod.imports:
                uses.extend(self._follow(mod.imports[n], attrs.get(n, ()), n in bare))
        return _h("\n".join(parts)), uses

    def _follow(
        self, binding: _Binding, attr_paths: Iterable[str], bare: bool
    ) -> list[tuple[str, str]]:
        """The definitions an imported name leads to, given the attributes used on it."""
        target, attr = binding
        if attr is not None:
            sub = f"{target}.{attr}"
            if self.module(sub) is not None:  # "from pkg import submodule"
                target = sub
            elif self.module(target) is not None:
                if attr_paths and not bare:  # only attributes of it: each may be a field
                    return [(target, f"{attr}.{p.split('.')[0]}") for p in sorted(attr_paths)]
                return [(target, attr)]
            else:
                return []
        if self.module(target) is None:
            return []
        out = []
        if bare:  # the module itself is used as a value: hash all of it
            out.append((target, WHOLE_MODULE))
        # A module alias: follow the attributes used on it ("surfaces.ravine", "a.b.c").
        for path in sorted(attr_paths):
            parts = path.split(".")
            modname = target
            for i, part in enumerate(parts):
                if i < len(parts) - 1 and self.module(f"{modname}.{part}") is not None:
                    modname = f"{modname}.{part}"
                    continue
                # "style.THEME.racers": maybe a field of THEME (else it falls back to THEME)
                out.append((modname, part if i == len(parts) - 1 else f"{part}.{parts[i + 1]}"))
                break
        return out


def _top_level(body: list[ast.stmt]) -> Iterable[ast.stmt]:
    """Module-level statements, looking into ``if``/``try``/``with``/loop blocks (whose bodies run
    at import) but not into ``if __name__ == "__main__":``."""
    for node in body:
        if isinstance(node, ast.If):
            if _is_main_guard(node.test):
                continue
            yield from _top_level(node.body)
            yield from _top_level(node.orelse)
        elif isinstance(node, ast.Try | getattr(ast, "TryStar", ast.Try)):
            yield from _top_level(node.body)
            for h in node.handlers:
                yield from _top_level(h.body)
            yield from _top_level(node.orelse)
            yield from _top_level(node.finalbody)
        elif isinstance(node, ast.With | ast.AsyncWith):
            yield from _top_level(node.body)
        elif isinstance(node, ast.For | ast.AsyncFor | ast.While):
            yield node  # the loop as a whole: it binds its target and whatever its body binds
        else:
            yield node


def _is_main_guard(test: ast.expr) -> bool:
    return (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and test.left.id == "__name__"
        and len(test.comparators) == 1
        and isinstance(test.comparators[0], ast.Constant)
        and test.comparators[0].value == "__main__"
    )


def _single_value(node: ast.AST) -> ast.expr | None:
    """The value of ``NAME = value`` (or ``NAME: T = value``), else None."""
    if isinstance(node, ast.Assign) and len(node.targets) == 1:
        if isinstance(node.targets[0], ast.Name):
            return node.value
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return node.value
    return None


def _target_names(target: ast.AST) -> list[str]:
    """Names an assignment target binds, or (``X[k] = ``, ``X.a = ``) the name it mutates."""
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple | ast.List):
        return [n for elt in target.elts for n in _target_names(elt)]
    if isinstance(target, ast.Starred):
        return _target_names(target.value)
    if isinstance(target, ast.Attribute | ast.Subscript):
        cur: ast.AST = target
        while isinstance(cur, ast.Attribute | ast.Subscript):
            cur = cur.value
        return [cur.id] if isinstance(cur, ast.Name) else []
    return []


def _bound_names(node: ast.stmt) -> list[str]:
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [node.name]
    if isinstance(node, ast.Assign):
        return [n for t in node.targets for n in _target_names(t)]
    if isinstance(node, ast.AugAssign | ast.AnnAssign):
        return _target_names(node.target)
    if isinstance(node, ast.For | ast.AsyncFor | ast.While):
        names = _target_names(node.target) if not isinstance(node, ast.While) else []
        for sub in ast.walk(node):
            if isinstance(sub, ast.stmt) and sub is not node:
                names += _bound_names(sub)
        return list(dict.fromkeys(names))
    return []


def _call_receiver(expr: ast.expr) -> str | None:
    """``X`` for a statement ``X.method(...)`` or ``X[k].method(...)``."""
    if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute):
        cur: ast.AST = expr.func.value
        while isinstance(cur, ast.Attribute | ast.Subscript):
            cur = cur.value
        if isinstance(cur, ast.Name):
            return cur.id
    return None


def _is_mutation(node: ast.AST) -> bool:
    """A statement that changes a name's value without binding it (``X.f()``, ``X[k] = v``)."""
    if isinstance(node, ast.Expr):
        return True
    if isinstance(node, ast.Assign):
        return all(isinstance(t, ast.Attribute | ast.Subscript) for t in node.targets)
    if isinstance(node, ast.AugAssign):
        return isinstance(node.target, ast.Attribute | ast.Subscript)
    return False


def _bind_import(
    node: ast.Import | ast.ImportFrom,
    package: str,
    into: dict[str, _Binding],
    star: list[str],
) -> None:
    if isinstance(node, ast.Import):
        for a in node.names:
            if a.asname:
                into[a.asname] = (a.name, None)
            else:  # "import a.b" binds "a"
                top = a.name.split(".")[0]
                into[top] = (top, None)
        return
    base = _resolve_relative(node, package)
    for a in node.names:
        if a.name == "*":
            star.append(base)
        else:
            into[a.asname or a.name] = (base, a.name)


def _attr_chain(node: ast.Attribute, inner: set[int]) -> tuple[list[str], ast.Name | None]:
    """``["a", "b", "c"]`` and the name node ``a`` for ``a.b.c``; marks the inner attribute nodes
    (``a.b``) in ``inner`` so that only the longest chain counts."""
    parts = []
    cur: ast.AST = node
    while isinstance(cur, ast.Attribute):
        if cur is not node:
            inner.add(id(cur))
        parts.append(cur.attr)
        cur = cur.value
    if isinstance(cur, ast.Name):
        parts.append(cur.id)
        return parts[::-1], cur
    return [], None


def _resolve_relative(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    base = package.split(".")
    if node.level > 1:
        base = base[: -(node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))
