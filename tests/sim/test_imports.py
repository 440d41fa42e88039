"""The simulation layer's import graph: acyclic, and free of plotting and engine code."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

SIM = Path(__file__).resolve().parents[2] / "vizdl" / "sim"


def _imports(path: Path) -> set[str]:
    """Every ``vizdl...`` module a file imports, at module level or inside a function."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("vizdl"):
            for a in node.names:  # "from vizdl.sim import data" imports the module vizdl.sim.data
                sub = f"{node.module}.{a.name}"
                out.add(sub if (SIM / f"{a.name}.py").is_file() else node.module)
        elif isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("vizdl")}
    return out


def _graph() -> dict[str, set[str]]:
    mods = {}
    for p in SIM.rglob("*.py"):
        rel = p.relative_to(SIM.parent.parent).with_suffix("")
        name = ".".join(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
        mods[name] = _imports(p)
    return mods


def test_the_simulation_modules_import_each_other_without_a_cycle() -> None:
    graph = _graph()
    assert {"vizdl.sim.activations", "vizdl.sim.vanishing", "vizdl.sim.splits"} <= set(graph)
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(m: str, path: list[str]) -> None:
        if state.get(m) == 2 or cycle:
            return
        if state.get(m) == 1:
            cycle.extend(path[path.index(m) :] + [m])
            return
        state[m] = 1
        for d in sorted(graph.get(m, ())):
            if d in graph and d != m:
                visit(d, path + [m])
        state[m] = 2

    for m in sorted(graph):
        visit(m, [])
    assert cycle == [], " -> ".join(cycle)


def test_the_simulation_layer_imports_no_engine_renderer_or_plotting_code() -> None:
    for mod, deps in _graph().items():
        bad = {d for d in deps if not (d == "vizdl" or d.startswith(("vizdl.sim", "vizdl.fileio")))}
        assert bad == set(), f"{mod} imports {bad}"
    code = (
        "import sys, vizdl.sim, pkgutil, importlib\n"
        "for m in pkgutil.walk_packages(vizdl.sim.__path__, 'vizdl.sim.'):\n"
        "    importlib.import_module(m.name)\n"
        "bad = [m for m in ('matplotlib', 'manim', 'vizdl.gallery', 'vizdl.render') if m in sys.modules]\n"
        "print(bad)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "[]"
