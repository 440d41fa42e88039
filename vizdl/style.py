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

import contextlib
import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

__all__ = [
    "Palette",
    "Greys",
    "Theme",
    "ThemeError",
    "OKABE_ITO",
    "LIGHT",
    "DARK",
    "PRINT",
    "THEMES",
    "THEME",
    "use_theme",
    "current_theme",
    "resolve_theme",
    "theme_from_mplstyle",
    "racer_style",
    "init_style",
    "text_on",
    "theme_digest",
]


class ThemeError(ValueError):
    """A theme that is neither a known name nor a readable ``.mplstyle`` file (message for users)."""


@dataclass(frozen=True)
class Greys:
    """The figures' greys, in matplotlib's notation: ``greys["0.3"]`` is the grey that "0.3" (30 %
    white, a dark grey) is on a white page, moved onto this theme's page: ``paper`` is the
    theme's "1" (its background's grey level) and ``ink`` its "0" (its text)."""

    paper: float = 1.0
    ink: float = 0.0

    def __getitem__(self, level: str) -> str:
        value = self.paper + (self.ink - self.paper) * (1.0 - float(level))
        return f"{min(max(value, 0.0), 1.0):.4g}"


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
    # -- figures (matplotlib) -------------------------------------------------------------------
    figure_ink: str = "black"  # figures: text, reference lines and marks
    greys: Greys = Greys()  # figures: the greys of annotations, zero lines, samples
    images: str = "gray_r"  # colormap name: a greyscale image (an MNIST digit: dark ink on paper)
    fills: str = "Greys"  # colormap name: filled contours of a loss (low: the page)
    shares: str = "Blues"  # colormap name: a heatmap of shares from 0 (the page) to 1
    rc: Mapping[str, object] = field(
        default_factory=lambda: MappingProxyType({})
    )  # rcParams of its own (text, axes, a style)
    dark: bool = False  # a dark page (light ink): the site and reveal.js use their dark themes


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
    # written out (not left to the defaults) so that the cache follows each one on its own
    figure_ink="black",
    greys=Greys(paper=1.0, ink=0.0),
    images="gray_r",
    fills="Greys",
    shares="Blues",
    rc=MappingProxyType({}),
    dark=False,
)


def _page_rc(background: str, ink: str, grid: str) -> MappingProxyType:
    """rcParams that put matplotlib's black-on-white furniture onto another page."""
    return MappingProxyType(
        {
            "text.color": ink,
            "axes.labelcolor": ink,
            "axes.edgecolor": ink,
            "axes.facecolor": background,
            "xtick.color": ink,
            "ytick.color": ink,
            "grid.color": grid,
            "legend.facecolor": background,
            "legend.edgecolor": grid,
            "patch.edgecolor": ink,
            "hatch.color": ink,
            "boxplot.flierprops.markeredgecolor": ink,
            "lines.color": ink,
            "savefig.edgecolor": background,
            "figure.edgecolor": background,
        }
    )


def _recolor(mapping: Mapping[str, str], changes: dict[str, str]) -> MappingProxyType:
    return MappingProxyType({k: changes.get(k, v) for k, v in mapping.items()})


# For reveal.js's black theme (#191919, white text). The hues stay Okabe-Ito and Tol's; only the
# colours that vanish on a dark page are lightened: black becomes near-white, Tol's indigo a
# lighter indigo (3.96:1 on the page, was 1.44:1), Tol's wine (2.0:1) gives way to Tol's sand, the
# farthest from every other racer under deuteranopia and protanopia (tests/test_themes.py). The
# Okabe-Ito blue keeps 3.4:1. Tinted cells and greys are mirrored onto the dark page.
_DARK_PAGE = "#191919"
_DARK_INK = "#eceff4"
OKABE_ITO_DARK = OKABE_ITO._replace(black="#f0f0f0")
DARK = replace(
    LIGHT,
    name="dark",
    background=_DARK_PAGE,
    ink=_DARK_INK,
    soft_ink="#d8dee9",
    muted="#aab2bf",
    reference="#8b93a3",
    contour="#6b7382",
    faint="#4c525d",
    grid="#3b414c",
    off="#2c313a",
    on_dark="#ffffff",
    target="0.85",
    surface=("#2e3744", "#3a4556"),
    palette=OKABE_ITO_DARK,
    curves=LIGHT.curves,
    activations=LIGHT.activations,
    initializers=_recolor(LIGHT.initializers, {"orthogonal": OKABE_ITO_DARK.black}),
    racers=_recolor(
        LIGHT.racers,
        {"Adadelta": "#7766DD", "RMSprop": "#DDCC77", "Adam": OKABE_ITO_DARK.black},
    ),
    nesterov=_recolor(LIGHT.nesterov, {"jump": "#BF812D", "trail": "#9aa3b2"}),
    basins=MappingProxyType({"none": "#4a4f58", "diverged": "#b8b8b8"}),
    splits=_recolor(LIGHT.splits, {"batch": "#2c5a7e"}),
    table=MappingProxyType({"agree": "#1d3a4f", "disagree": "#4f2e17", "header": "#2c313a"}),
    figure_ink=_DARK_INK,
    greys=Greys(paper=0x19 / 255, ink=0.93),
    fills="Greys_r",  # low loss: the page; high loss: lighter
    images="gray",  # a digit as light ink on the dark page
    shares="Blues",  # its own light-to-dark scale; the text in each cell follows its colour
    rc=_page_rc(_DARK_PAGE, _DARK_INK, "#8b93a3"),
    dark=True,
)

# For paper and black-and-white printers: white, black ink, darker greys; line styles and markers
# (already distinct for every racer, initializer and activation) carry what colour cannot.
PRINT = replace(
    LIGHT,
    name="print",
    ink="#000000",
    soft_ink="#1a1a1a",
    muted="#333333",
    reference="#555555",
    contour="#777777",
    faint="#999999",
    grid="#b3b3b3",
    target="0.0",
    greys=Greys(paper=1.0, ink=0.0),
    sequential="cividis",  # its lightness rises steadily: it reads in greyscale
    rc=MappingProxyType({"grid.alpha": 0.4}),
)

THEMES: Mapping[str, Theme] = MappingProxyType({"light": LIGHT, "dark": DARK, "print": PRINT})

# The theme in use: every renderer reads ``THEME.<field>``. The cache's static dependency analysis
# (vizdl/gallery/deps.py) reads this line as an alias of LIGHT and follows each field read on its
# own; at import the name is rebound, by string, to a proxy that reads the theme in use (LIGHT
# unless :func:`use_theme` says otherwise), so that ``from vizdl.style import THEME`` in a
# renderer follows every change of theme. A build keys the other themes by their values
# (vizdl.gallery.cache).
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


def text_on(color: str) -> str:
    """Text colour that reads on a cell of ``color`` (``"#rrggbb"``): the theme's light text on a
    dark cell, black on a light one."""
    return THEME.on_dark if _luminance(color) < 0.3 else "black"


def _luminance(color: str) -> float:
    """WCAG relative luminance of ``"#rrggbb"``."""
    h = color.lstrip("#")
    rgb = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


# -- the theme in use --------------------------------------------------------------------------

_ACTIVE: list[Theme] = []  # themes entered with use_theme, innermost last (empty: light)


def current_theme() -> Theme:
    """The theme in use: the innermost :func:`use_theme`, else light."""
    return _ACTIVE[-1] if _ACTIVE else globals()["LIGHT"]


class _ThemeInUse:
    """:data:`THEME`: every attribute is read from :func:`current_theme` when it is read."""

    __slots__ = ()

    def __getattr__(self, name: str) -> object:
        return getattr(current_theme(), name)

    def __repr__(self) -> str:
        return f"THEME (the theme in use: {current_theme().name!r})"


globals()["THEME"] = _ThemeInUse()


@contextlib.contextmanager
def use_theme(theme: str | Path | Theme | None) -> Iterator[Theme]:
    """Draw with ``theme`` (a name of :data:`THEMES`, a ``.mplstyle`` path, a :class:`Theme`;
    None: light) inside the ``with`` block; yields the theme. Raises :class:`ThemeError`."""
    chosen = resolve_theme(theme)
    _ACTIVE.append(chosen)
    try:
        yield chosen
    finally:
        _ACTIVE.pop()


def resolve_theme(theme: str | Path | Theme | None) -> Theme:
    """The :class:`Theme` that ``theme`` names; a bad name or file is one :class:`ThemeError`."""
    if theme is None:
        return THEMES["light"]
    if isinstance(theme, Theme):
        return theme
    text = str(theme)
    if text in THEMES:
        return THEMES[text]
    if isinstance(theme, Path) or text.endswith(".mplstyle") or "/" in text or "\\" in text:
        return theme_from_mplstyle(Path(text))
    raise ThemeError(f"theme {text!r} is not {', '.join(THEMES)} or the path of a .mplstyle file")


def theme_from_mplstyle(path: Path) -> Theme:
    """A theme from a matplotlib style file: LIGHT (DARK when its ``figure.facecolor`` is dark)
    with the file's rcParams laid over the figures, and its background, ink and palette (the
    ``axes.prop_cycle`` colours) taken for both renderers. Raises :class:`ThemeError`."""
    import logging
    import warnings

    import matplotlib
    from matplotlib.colors import to_hex

    path = Path(path)
    if path.suffix != ".mplstyle":
        raise ThemeError(f"theme file {str(path)!r} must be a matplotlib style (a .mplstyle file)")
    try:
        data = path.read_bytes()
        data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        why = "does not exist" if isinstance(exc, FileNotFoundError) else "cannot be read"
        detail = "" if isinstance(exc, FileNotFoundError) else f" ({exc})"
        raise ThemeError(f"theme file {str(path)!r} {why}{detail}") from None
    caught: list[str] = []  # matplotlib logs a bad key or value and goes on: refuse instead

    class _Catch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            caught.append(record.getMessage().strip().splitlines()[0])

    catch, log = _Catch(logging.WARNING), logging.getLogger("matplotlib")
    log.addHandler(catch)
    try:
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            rc = matplotlib.rc_params_from_file(str(path), use_default_template=False)
    except Exception as exc:  # matplotlib's own parse errors
        raise ThemeError(f"theme file {str(path)!r} is not a matplotlib style: {exc}") from None
    finally:
        log.removeHandler(catch)
    bad = caught + [str(w.message).strip().splitlines()[0] for w in warned]
    if bad:
        raise ThemeError(f"theme file {str(path)!r}: {bad[0]}")
    # what style files may not set (matplotlib.style ignores them too)
    rc = {k: v for k, v in rc.items() if k not in ("backend", "interactive") and "." in k}

    def hexed(key: str) -> str | None:
        try:
            return to_hex(rc[key]) if key in rc else None
        except ValueError:
            return None

    face = hexed("figure.facecolor") or hexed("axes.facecolor")
    base = DARK if face and _luminance(face) < 0.2 else LIGHT
    ink = hexed("text.color") or hexed("axes.labelcolor")
    changes: dict[str, object] = {}
    if face:
        changes.update(background=face)
    if ink:
        changes.update(ink=ink, figure_ink=ink, soft_ink=ink)
    cycle = rc.get("axes.prop_cycle")
    colors = [to_hex(c) for c in cycle.by_key().get("color", [])] if cycle is not None else []
    if colors:
        pal = list(base.palette)
        pal[: min(len(colors), 7)] = colors[:7]
        changes.update(palette=Palette(*pal))
    digest = hashlib.sha256(data).hexdigest()[:12]
    return replace(
        base,
        name=f"{path.stem}.mplstyle#{digest}",
        rc=MappingProxyType({**base.rc, **rc}),
        **changes,
    )


def theme_digest(theme: Theme) -> str:
    """A short hash of every value of ``theme`` (a style file's content included, by its name)."""
    return hashlib.sha256(repr(theme).encode()).hexdigest()[:16]
