"""vizdl's style, one for both renderers: plain data, no drawing library imported.

A theme is one object, a frozen :class:`Theme`: the background, the inks and greys, the palette,
markers, line styles, fonts, colormap names, and the colour of each thing the pictures show (an
optimizer, an initializer, an activation, a basin, a data split, ...). The matplotlib figures
(:mod:`vizdl.render.mpl`) and the Manim scenes (:mod:`vizdl.render.manim`, ``scenes/``) read the
values of :data:`THEME`, the theme in use, and write no colour of their own: the same thing has
the same colour in a figure and in an animation.

:data:`LIGHT` is the only theme so far and :data:`THEME` is it. Read a theme's values where they
are drawn (``THEME.racers``, ``THEME.palette.blue``), not copied into module constants: the
gallery's cache follows each ``THEME.<field>`` read on its own, so editing one field re-renders
exactly the entries that draw with it.

Colour values are ``"#rrggbb"`` strings except :attr:`Theme.target`, a matplotlib grey level: the
figures' own greys (``"0.3"`` for annotations, ``"k"`` for reference marks) are still written
where they are drawn, in matplotlib's notation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

__all__ = [
    "Palette",
    "Theme",
    "OKABE_ITO",
    "LIGHT",
    "THEME",
    "racer_style",
    "init_style",
]


class Palette(NamedTuple):
    """Eight colours, by name (``palette.blue``) or in order (``palette[0]``, the cycle of
    lines in a figure)."""

    blue: str
    vermillion: str
    green: str
    purple: str
    orange: str
    sky: str
    yellow: str
    black: str


# Okabe & Ito (2008): distinguishable with every common colour-vision deficiency; black last.
# Pair colours with markers or line styles so that no encoding relies on colour alone.
OKABE_ITO = Palette(
    blue="#0072B2",
    vermillion="#D55E00",
    green="#009E73",
    purple="#CC79A7",
    orange="#E69F00",
    sky="#56B4E9",
    yellow="#F0E442",
    black="#000000",
)


@dataclass(frozen=True)
class Theme:
    """Every colour, marker, line style and font a picture is drawn with.

    The maps are read-only; a thing missing from a map falls back as its reader says.
    """

    name: str
    # -- the page -------------------------------------------------------------------------------
    background: str  # figures and animation frames
    ink: str  # animations: text, markers, reference lines (figures: matplotlib's black)
    soft_ink: str  # animations: a long readout under a row of images
    muted: str  # animations: tick labels, notes, the rule a row of bars hangs from
    reference: str  # animations: darker axes, dashed reference lines, target curves, samples
    contour: str  # contour lines and faint data marks (raw gradients, a mesh's edges)
    faint: str  # "nothing there": a bar for an exact 0 on a log scale
    grid: str  # animations: the light axis lines
    off: str  # an unlit cell: a ReLU unit that is off, an empty lamp
    on_dark: str  # text over a dark cell of a heatmap
    target: str  # figures: the function a network approximates (a matplotlib grey level)
    surface: tuple[str, ...]  # the checkerboard of a 3-D loss surface
    # -- encodings ------------------------------------------------------------------------------
    palette: Palette
    markers: tuple[str, ...]
    linestyles: tuple  # matplotlib's line styles: names and (offset, dashes) tuples
    font: str  # text in both renderers (matches matplotlib's mathtext formulas)
    mono: str  # digits of the animations' step counters
    sequential: str  # colormap name: an ordered sweep (steps, epochs)
    diverging: str  # colormap name: signed values around 0, log-variances around 1
    # -- things ---------------------------------------------------------------------------------
    curves: Mapping[str, str]  # a function and its derivative
    activations: Mapping[str, str]  # per activation function
    initializers: Mapping[str, str]  # per initializer (in the order of their markers)
    racers: Mapping[str, str]  # per optimizer, in the lecture's order (also their markers)
    nesterov: Mapping[str, str]  # the vectors of Nesterov's step, and the run's trail
    minima: tuple[str, ...]  # one colour per minimum of a basins map
    basins: Mapping[str, str]  # start points that reach no minimum, or diverge
    splits: Mapping[str, str]  # training / validation / test data, alternate mini-batches
    table: Mapping[str, str]  # cells of a comparison table: agree, disagree, header


LIGHT = Theme(
    name="light",
    background="#ffffff",
    ink="#1d2330",
    soft_ink="#3b4252",
    muted="#5b6372",
    reference="#8b93a3",
    contour="#9aa3b2",
    faint="#b8bec9",
    grid="#c3c9d4",
    off="#f1f3f6",
    on_dark="#ffffff",
    target="0.15",
    surface=("#dfe6ef", "#c9d3e0"),
    palette=OKABE_ITO,
    markers=("o", "s", "^", "D", "v", "P", "X", "*", "h", "<"),
    linestyles=(
        "-",
        "--",
        "-.",
        ":",
        (0, (5, 1)),
        (0, (3, 1, 1, 1)),
        "-",
        "--",
        (0, (1, 1)),
        (0, (8, 2)),
    ),
    font="DejaVu Sans",
    mono="DejaVu Sans Mono",
    sequential="viridis",
    diverging="RdBu_r",
    curves=MappingProxyType({"function": OKABE_ITO.blue, "derivative": OKABE_ITO.vermillion}),
    activations=MappingProxyType(
        {
            "sigmoid": OKABE_ITO.vermillion,
            "tanh": OKABE_ITO.blue,
            "relu": OKABE_ITO.green,
            "leaky_relu": OKABE_ITO.purple,
            "gelu": OKABE_ITO.orange,
            "elu": OKABE_ITO.sky,
        }
    ),
    initializers=MappingProxyType(
        {
            "small-normal": OKABE_ITO.sky,
            "large-normal": OKABE_ITO.vermillion,
            "uniform": OKABE_ITO.yellow,
            "torch-default": OKABE_ITO.purple,
            "xavier-normal": OKABE_ITO.blue,
            "xavier-uniform": OKABE_ITO.blue,
            "kaiming-normal": OKABE_ITO.green,
            "kaiming-uniform": OKABE_ITO.green,
            "orthogonal": OKABE_ITO.black,
            "zeros": "#7f7f7f",
            "constant": OKABE_ITO.orange,
        }
    ),
    # Eight optimizers, eight colours chosen for the worst case: the smallest CIELAB distance
    # between any two, on a washed-out projector (35 % white) and under deuteranopia and
    # protanopia (Machado 2009), is largest for this set among Okabe-Ito and Tol colours darker
    # than L* 72 (no yellow: it vanishes on contour fills). The pairs that merged before
    # (Momentum/Adadelta = vermillion/orange, SGD/RMSprop = blue/sky) are now apart; what is
    # left closest (vermillion/orange: Momentum/Adamax, green/pink: NAG/Adagrad) differs in
    # marker and line style too. Nothing else on an optimizer figure is black but Adam.
    racers=MappingProxyType(
        {
            "SGD": OKABE_ITO.blue,
            "Momentum": OKABE_ITO.vermillion,
            "NAG": OKABE_ITO.green,
            "Adagrad": OKABE_ITO.purple,
            "Adadelta": "#332288",  # Tol's indigo
            "RMSprop": "#882255",  # Tol's wine
            "Adam": OKABE_ITO.black,
            "Adamax": OKABE_ITO.orange,
            # not in the default races; a lecturer may add them (racers=..., NAdam)
            "NAdam": "#44AA99",  # Tol's teal
            "AMSGrad": "#999933",  # Tol's olive
        }
    ),
    # Hinton's colours, as in the lecture's figure; line styles keep them apart without colour.
    nesterov=MappingProxyType(
        {
            "jump": "#8C510A",
            "correction": OKABE_ITO.vermillion,
            "accumulated": OKABE_ITO.green,
            "standard": OKABE_ITO.blue,
            "trail": "#6b7280",
        }
    ),
    minima=(OKABE_ITO.blue, OKABE_ITO.vermillion, OKABE_ITO.green, OKABE_ITO.purple),
    basins=MappingProxyType({"none": "#D9D9D9", "diverged": "#4D4D4D"}),
    splits=MappingProxyType(
        {
            "train": OKABE_ITO.blue,
            "validation": OKABE_ITO.vermillion,
            "test": OKABE_ITO.green,
            "batch": "#8fc0e3",  # every other mini-batch: the training colour, lighter
        }
    ),
    table=MappingProxyType(
        {
            "agree": "#DCEBF5",  # Okabe-Ito blue, tinted
            "disagree": "#FBE0CC",  # Okabe-Ito vermillion, tinted; also spelled out in the cell
            "header": "#EEF0F3",
        }
    ),
)

# The theme every renderer reads.
THEME = LIGHT


def racer_style(label: str) -> dict:
    """Colour, marker and line style of an optimizer, the same in every figure and animation
    (one the theme does not name gets the next marker and line style)."""
    order = tuple(THEME.racers)
    i = order.index(label) if label in order else len(order)
    colors = tuple(THEME.racers.values())
    return {
        "color": colors[i % len(colors)],
        "marker": THEME.markers[i % len(THEME.markers)],
        "ls": THEME.linestyles[i % len(THEME.linestyles)],
    }


def init_style(name: str) -> dict:
    """Colour and marker of initializer ``name`` (an unknown one: the palette's first colour)."""
    order = tuple(THEME.initializers)
    i = order.index(name) if name in order else 0
    return {
        "color": THEME.initializers.get(name, THEME.palette[0]),
        "marker": THEME.markers[i % len(THEME.markers)],
    }
