"""The optimizer explorer's data: what the page needs from the Python simulation, written once.

``vizdl/gallery/assets/explorer/spec.js`` holds the built-in surfaces (title, domain, minima,
the quadratics' Hessians as Python computes them), the racers (update rule and the
hyperparameters their names imply), every rule's torch defaults and the races' start points.
``python -m vizdl.gallery.explorer`` rewrites it; a test fails when it is out of date, so the
site itself never imports the simulation (a no-op build stays fast).

The other explorer pages (learning rate, bumps, initialization) keep their data the same way:
:data:`SPECS` names each data file, the global it sets and the function that computes it.
"""

from __future__ import annotations

import json
from pathlib import Path

__all__ = ["spec", "SPEC_FILE", "SPECS", "EXPLORER_FILES", "write_spec", "render_spec"]

ASSETS = Path(__file__).with_name("assets") / "explorer"
SPEC_FILE = ASSETS / "spec.js"
# what every site gets in explorer/ (the build's manifest and `vizdl clean` list them): every
# file the package ships there
EXPLORER_FILES = tuple(
    sorted(p.name for p in ASSETS.iterdir() if p.is_file() and not p.name.startswith("."))
)
# data file -> (the global it sets, "module:function" computing it from vizdl's simulation)
SPECS: dict[str, tuple[str, str]] = {
    "spec.js": ("VIZDL_SPEC", "vizdl.gallery.explorer:spec"),
    "initialization-spec.js": ("VIZDL_INIT_SPEC", "vizdl.gallery.explorer_init:init_spec"),
    "learning-rate-spec.js": ("VIZDL_LR_SPEC", "vizdl.gallery.explorer_pages:lr_spec"),
    "bumps-spec.js": ("VIZDL_BUMPS_SPEC", "vizdl.gallery.explorer_pages:bumps_spec"),
}
SURFACES = (
    "bowl",
    "elongated",
    "ravine",
    "saddle",
    "monkey-saddle",
    "beale",
    "rosenbrock",
    "himmelblau",
)
QUADRATICS = ("bowl", "elongated", "ravine")
# vizdl.sim.optimizers.races.RACERS' labels, written out so the site need not import the
# simulation (a test checks they agree)
RACER_NAMES = ("SGD", "Momentum", "NAG", "Adagrad", "Adadelta", "RMSprop", "Adam", "Adamax")


def _plain(v: object) -> object:
    if isinstance(v, tuple | list):
        return [_plain(x) for x in v]
    if hasattr(v, "tolist"):
        return v.tolist()
    return v


def spec() -> dict:
    """The explorer's data, computed from vizdl's own simulation."""
    import numpy as np

    from vizdl.sim.optimizers.races import RACE_SETUPS, RACERS
    from vizdl.sim.optimizers.rules import OPTIMIZERS
    from vizdl.sim.surfaces import get_surface

    surfaces = {}
    for name in SURFACES:
        s = get_surface(name)
        entry = {
            "title": s.title,
            "domain": _plain(s.domain),
            "minima": _plain(s.minima),
            "saddles": _plain(s.saddles),
            "start": list(RACE_SETUPS.get(name, {}).get("start", _default_start(s.domain))),
        }
        if name in QUADRATICS:
            c = np.asarray(s.minima[0], dtype=np.float64)
            if np.any(c != 0):
                raise ValueError(f"the explorer expects {name!r} centred at 0, got {c}")
            # grad(x) = x @ H.T: the unit vectors read the Hessian's columns exactly
            entry["hessian"] = _plain(
                np.stack([s.grad(np.eye(2)[i : i + 1])[0] for i in (0, 1)], 1)
            )
            entry["center"] = [0.0, 0.0]
        surfaces[name] = entry
    from vizdl.style import THEME, racer_style

    styles = {}
    for label in RACERS:
        st = racer_style(label)
        styles[label] = {"color": st["color"], "dash": _dash(st["ls"]), "marker": st["marker"]}
    return {
        "styles": styles,
        "ink": THEME.ink,
        "contour": THEME.contour,
        "surfaces": surfaces,
        "racers": {
            label: {"rule": rule, "implied": _plain(h)} for label, (rule, h) in RACERS.items()
        },
        "rules": {name: _plain(dict(sp.defaults)) for name, sp in OPTIMIZERS.items()},
    }


def _dash(ls: object) -> list[float]:
    """A matplotlib line style as a canvas dash pattern (in line widths)."""
    named = {"-": [], "--": [6, 4], "-.": [6, 3, 2, 3], ":": [2, 3]}
    if isinstance(ls, str):
        return named.get(ls, [])
    return [float(v) * 1.5 for v in ls[1]]


def _default_start(domain) -> list[float]:
    (x0, x1), (y0, y1) = domain
    return [float(x0 + 0.2 * (x1 - x0)), float(y0 + 0.8 * (y1 - y0))]


def render_spec(name: str = "spec.js") -> str:
    """The text of data file ``name`` of :data:`SPECS`, computed now."""
    from vizdl.gallery.runner import import_ref

    var, ref = SPECS[name]
    body = json.dumps(import_ref(ref)(), indent=1)
    return (
        "// Written by `python -m vizdl.gallery.explorer` from vizdl's simulation; do not edit.\n"
        f"window.{var} = {body};\n"
    )


def write_spec(name: str = "spec.js") -> Path:
    """Rewrite data file ``name`` of :data:`SPECS` in the package's assets."""
    from vizdl.fileio import write_text

    path = ASSETS / name
    write_text(path, render_spec(name))
    return path


if __name__ == "__main__":
    for _name in SPECS:
        print(write_spec(_name))
