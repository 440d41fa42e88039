"""Slide renditions: a figure drawn at the size a 16:9 slide shows it, every text ≥ 14 pt there.

The site's figures are 10–17 inches wide with 10–12 pt text; a Beamer frame shrinks such a figure
to a third of its size and its legends to 4 pt. A slide rendition is drawn again (from the same
result, nothing recomputed) on a canvas of exactly the size the Beamer snippet places it
(:data:`SLIDE_SIZE`: a 16:9 frame's ``\\linewidth`` × ``0.8\\textheight``), so a point in the
figure is a point on the slide, with every text at least :data:`MIN_PT`.

A renderer lays out its slide version where the full one would not fit (:func:`is_slide` tells
it which it draws: fewer panels, the legend beside the plot, wrapped headers) and may say which
of its panels go on which slide (:func:`slide_pages`; :func:`keep_lines` keeps a note's own line
breaks); :func:`fit_slide`
then applies what every figure needs: the frame title replaces the figure's title, texts are
raised to the minimum (mathtext sub- and superscripts are set at 0.7 of their text's size, so
such a text is raised until its scripts reach it), panels' titles are wrapped to their width,
axes carry fewer ticks and legends fewer columns.
"""

from __future__ import annotations

import contextlib
import textwrap
from collections.abc import Callable, Iterator

import matplotlib
from matplotlib import ticker
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text

from vizdl.render import SLIDE_SUFFIX

__all__ = [
    "SLIDE_SIZE",
    "SLIDE_LAYOUTS",
    "MIN_PT",
    "SLIDE_SUFFIX",
    "slide_rc",
    "is_slide",
    "slide_note",
    "fit_slide",
    "draw_slide",
    "draw_slides",
    "slide_pages",
    "keep_lines",
    "decade_labels",
    "text_problems",
    "wrap",
    "slide_context",
]

# 16:9 Beamer (aspectratio=169, 11 pt): \linewidth = 398.3386 pt, \textheight = 252.0748 pt
# (TeX points, 72.27 per inch), measured with pdflatex; the snippet places the figure at
# width=\linewidth, height=0.8\textheight, keepaspectratio, i.e. at exactly this size.
SLIDE_SIZE = (398.3386 / 72.27, 0.8 * 252.0748 / 72.27)
# The renderers that lay out a slide of their own (they ask is_slide): only their figures get a
# slide rendition. The generic fit alone (fit_slide, and splitting panels over several slides)
# reaches 14 pt everywhere but leaves most multi-panel figures with overlapping or clipped text,
# and its search is slow on many panels: a slide like that is not offered; the snippets and
# `vizdl deck` show those figures themselves.
SLIDE_LAYOUTS = frozenset(
    {
        "vizdl.render.mpl.optimizers.races:figure_race",
        "vizdl.render.mpl.optimizers.properties:figure_property_table",
        "vizdl.render.mpl.training:figure_model_summary",
        "vizdl.render.mpl.optimizers.learning_rates:figure_learning_rates",
        "vizdl.render.mpl.optimizers.learning_rates:figure_learning_rates_2d",
        "vizdl.render.mpl.optimizers.momentum:figure_momentum_ravine",
        "vizdl.render.mpl.optimizers.nesterov:figure_nesterov",
        "vizdl.render.mpl.optimizers.batches:figure_batch_paths",
        "vizdl.render.mpl.optimizers.adaptive:figure_adaptive_rates",
        "vizdl.render.mpl.optimizers.first_step:figure_first_steps",
        "vizdl.render.mpl.activations:figure_derivative_products",
        "vizdl.render.mpl.initialization:figure_forward_variance",
        "vizdl.render.mpl.initialization:figure_backward_variance",
        "vizdl.render.mpl.training:figure_splits",
        "vizdl.render.mpl.training:figure_learning_curves",
        "vizdl.render.mpl.approximation:figure_bumps",
        "vizdl.render.mpl.activations:figure_sigmoid_bound",
        "vizdl.render.mpl.activations:figure_softmax_sigmoid",
        "vizdl.render.mpl.activations:figure_composition",
        "vizdl.render.mpl.activations:figure_gradient_norms",
        "vizdl.render.mpl.activations:figure_dying_relu",
        "vizdl.render.mpl.activation_noise:figure_activation_noise",
        "vizdl.render.mpl.seed_spread:figure_seed_spread",
        "vizdl.render.mpl.dynamics:figure_gradients_over_training",
        "vizdl.render.mpl.saturation:figure_saturation",
        "vizdl.render.mpl.approximation:figure_steps",
        "vizdl.render.mpl.approximation:figure_error_sweep",
        "vizdl.render.mpl.initialization:figure_tapering",
        "vizdl.render.mpl.initialization:figure_linear_chain",
        "vizdl.render.mpl.approximation:figure_one_layer_fit",
        "vizdl.render.mpl.approximation:figure_dropout_fits",
        "vizdl.render.mpl.approximation:figure_relu_switches",
        "vizdl.render.mpl.initialization:figure_layer_histograms",
        "vizdl.render.mpl.initialization:figure_he_step",
        "vizdl.render.mpl.initialization:figure_gain_in_use",
        "vizdl.render.mpl.approximation:figure_depth_width",
        "vizdl.render.mpl.optimizers.sparse:figure_sparse_features",
        "vizdl.render.mpl.validation:figure_validation_protocol",
        "vizdl.render.mpl.optimizers.batch_cost:figure_batch_cost",
        "vizdl.render.mpl.optimizers.overshoot:figure_nesterov_overshoot",
        "vizdl.render.mpl.optimizers.plateau:figure_plateau_saddle",
        "vizdl.render.mpl.optimizers.units:figure_units",
        "vizdl.render.mpl.optimizers.learning_rates:figure_lr_sensitivity",
        "vizdl.render.mpl.optimizers.basins:figure_basins",
        "vizdl.render.mpl.depth_params:figure_depth_params",
        "vizdl.render.mpl.initialization:figure_symmetry",
        "vizdl.render.mpl.initialization:figure_distributions",
        "vizdl.render.mpl.activations:figure_activation_gallery",
        "vizdl.render.mpl.training:figure_confusion",
        "vizdl.render.mpl.training:figure_inference",
        "vizdl.render.mpl.training:figure_overfitting",
    }
)
MIN_PT = 14.0
# mathtext sets sub- and superscripts at 0.7 of the text's size (matplotlib's SHRINK_FACTOR)
_SCRIPT = 0.7
# DejaVu Sans's mean advance is about 0.55 em in running text: a line of a panel's width holds
# width / (0.55 · size) characters (used only to wrap titles before the layout measures them)
_EM_PER_CHAR = 0.58


def slide_rc(min_pt: float = MIN_PT) -> dict:
    """rcParams for a slide rendition: every default text size at ``min_pt`` (titles a little
    larger), tighter layout pads, lines and markers a little thinner for the small canvas."""
    return {
        "font.size": min_pt,
        "axes.titlesize": min_pt,
        "axes.labelsize": min_pt,
        "xtick.labelsize": min_pt,
        "ytick.labelsize": min_pt,
        "legend.fontsize": min_pt,
        "legend.title_fontsize": min_pt,
        "figure.titlesize": min_pt,
        "figure.labelsize": min_pt,
        "legend.handlelength": 1.5,
        "legend.handletextpad": 0.4,
        "legend.columnspacing": 0.8,
        "legend.borderaxespad": 0.2,
        "legend.labelspacing": 0.25,
        "axes.titlepad": 3.0,
        "axes.labelpad": 2.0,
        "xtick.major.pad": 2.0,
        "ytick.major.pad": 2.0,
        "figure.constrained_layout.w_pad": 0.04,
        "figure.constrained_layout.h_pad": 0.04,
        "figure.constrained_layout.wspace": 0.03,
        "figure.constrained_layout.hspace": 0.03,
        "lines.linewidth": 1.6,
        "lines.markersize": 4,
    }


def is_slide(fig: Figure) -> bool:
    """Whether ``fig`` is a slide rendition (renderers lay out their slide version then)."""
    return bool(getattr(fig, "_vizdl_slide", False))


def wrap(text: str, width_in: float, size: float = MIN_PT) -> str:
    """``text`` wrapped to lines of about ``width_in`` inches at ``size`` points (each of its
    own lines wrapped apart)."""
    chars = max(8, int(width_in * 72 / (_EM_PER_CHAR * size)))
    return "\n".join(
        textwrap.fill(line, chars, break_on_hyphens=False) if line else line
        for line in text.split("\n")
    )


def slide_note(fig: Figure, text: str, x: float = 0.5, ha: str = "center") -> Text:
    """A one-line note at the foot of a slide rendition (what the slide leaves to the full
    figure, e.g. a panel it drops), at the minimum size, inside the layout (the panels make
    room for it)."""
    # as the figure's x label: the constrained layout keeps room for it below the panels
    return fig.supxlabel(text, x=x, ha=ha, fontsize=MIN_PT, style="italic")


def _needs(t: Text, min_pt: float) -> float:
    """The size ``t`` needs so that its smallest glyphs are ``min_pt``."""
    s = t.get_text()
    scripted = s.count("$") >= 2 and ("^" in s or "_" in s)
    return min_pt / _SCRIPT if scripted else min_pt


def _tick_labels(fig: Figure) -> set[int]:
    """The ids of every tick label of ``fig``'s axes (those drawn and those not)."""
    return {
        id(t)
        for ax in fig.axes
        for axis in (ax.xaxis, ax.yaxis)
        for t in axis.get_ticklabels(which="both")
    }


def _thin_ticks(ax: Axes, nx: int, ny: int) -> None:
    """At most about ``nx``/``ny`` ticks where the locator picks them (fixed ticks stay)."""
    for axis, n in ((ax.xaxis, nx), (ax.yaxis, ny)):
        loc = axis.get_major_locator()
        if isinstance(loc, ticker.LogLocator):
            # fewer where the renderer asked for fewer
            mine = loc.numticks if isinstance(loc.numticks, int) else n + 1
            loc.set_params(numticks=min(mine, n + 1))
            minor = axis.get_minor_locator()
            if isinstance(minor, ticker.LogLocator):
                # minor ticks get labels when a log axis spans less than a decade: none here
                axis.set_minor_formatter(ticker.NullFormatter())
        elif isinstance(loc, ticker.MaxNLocator):  # AutoLocator too
            loc.set_params(nbins=n)


def fit_slide(fig: Figure, min_pt: float = MIN_PT) -> None:
    """What every slide rendition needs, applied after its renderer drew it: see the module."""
    # The frame's title shows the entry's title; the figure's (often a sentence of settings)
    # would take a third of the slide at this size.
    if getattr(fig, "_suptitle", None) is not None:
        fig._suptitle.remove()
        fig._suptitle = None
    for sub in fig.subfigs:
        if getattr(sub, "_suptitle", None) is not None:
            sub._suptitle.remove()
            sub._suptitle = None
    _renderer(fig)  # creates the tick labels, so their texts can be read
    w_fig = fig.get_figwidth()
    for ax in fig.axes:
        n = max(2, min(5, int(ax.get_position().width * w_fig / 1.1) + 1))
        _thin_ticks(ax, n, 4)
        for axis, which in ((ax.xaxis, "x"), (ax.yaxis, "y")):
            labels = [t for t in axis.get_ticklabels(which="both") if t.get_text()]
            if labels:
                size = max(max(_needs(t, min_pt) for t in labels), labels[0].get_fontsize())
                ax.tick_params(axis=which, which="both", labelsize=size)
        for axis in (ax.xaxis, ax.yaxis):
            # filled in at draw time, often as ×10^k: sized for its superscript
            axis.get_offset_text().set_fontsize(min_pt / _SCRIPT)
        width_in = max(ax.get_position().width * w_fig, 1.0)
        height_in = max(ax.get_position().height * fig.get_figheight(), 1.0)
        for label, room in ((ax.xaxis.label, width_in), (ax.yaxis.label, height_in)):
            text = label.get_text()
            if text and "$" not in text:
                label.set_text(wrap(text.replace("\n", " "), room, label.get_fontsize()))
        for title in (ax.title, ax._left_title, ax._right_title):
            if title.get_text():
                size = max(title.get_fontsize(), _needs(title, min_pt))
                title.set_fontsize(size)
                if "$" not in title.get_text():
                    title.set_text(wrap(title.get_text().replace("\n", " "), width_in, size))
    offsets = {id(axis.get_offset_text()) for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)}
    ticks = _tick_labels(fig)
    for t in fig.findobj(Text):
        if not t.get_text() or not t.get_visible() or id(t) in ticks or id(t) in offsets:
            continue
        t.set_fontsize(max(t.get_fontsize(), _needs(t, min_pt)))
    for ax in _panels(fig):
        width_in = max(ax.get_position().width * w_fig, 1.0)
        for t in ax.texts:  # notes and annotations inside a panel: at most its width
            mono = any("mono" in f.lower() for f in t.get_fontfamily())
            # a printout keeps its columns; a note beside a panel, laid out by its renderer,
            # its lines
            if "$" not in t.get_text() and not mono and not getattr(t, "_vizdl_keep_lines", 0):
                t.set_text(wrap(t.get_text(), width_in, t.get_fontsize()))
        _legend_beside(ax)
    _fit_legends(fig)
    _thin_crowded_ticks(fig)


def _crowded_axis(axis, r) -> bool:
    boxes = sorted(
        (t.get_window_extent(r) for t in axis.get_ticklabels() if t.get_text().strip()),
        key=lambda b: (b.x0, b.y0),
    )
    pad = 4.0  # pixels at 100 dpi: labels closer than this read as one
    return any(
        a.x1 + pad > b.x0 and a.y1 + pad > b.y0 and b.y1 + pad > a.y0 and b.x1 + pad > a.x0
        for a, b in zip(boxes, boxes[1:], strict=False)
    )


def _thin_crowded_ticks(fig: Figure, rounds: int = 4) -> None:
    """Fewer ticks on an axis whose labels touch, titles wrapped to their panel's width: once
    the layout has sized the panels (and again, as each change moves them)."""
    for _ in range(rounds):
        r = _renderer(fig)
        changed = False
        for ax in fig.axes:
            if not ax.get_visible():
                continue
            for axis in (ax.xaxis, ax.yaxis):
                if not _crowded_axis(axis, r):
                    continue
                loc = axis.get_major_locator()
                if isinstance(loc, ticker.MaxNLocator) and loc._nbins != "auto" and loc._nbins > 2:
                    loc.set_params(nbins=loc._nbins - 1)
                    changed = True
                elif isinstance(loc, ticker.LogLocator) and loc.numticks not in (None, "auto"):
                    if loc.numticks > 2:
                        loc.set_params(numticks=loc.numticks - 1)
                        changed = True
            for title in (ax.title, ax._left_title, ax._right_title):
                text = title.get_text()
                room = ax.get_window_extent(r).width
                if text and "$" not in text and title.get_window_extent(r).width > room:
                    wrapped = wrap(text.replace("\n", " "), room / fig.dpi, title.get_fontsize())
                    if wrapped != text:
                        title.set_text(wrapped)
                        changed = True
        if not changed:
            return


def _legend_beside(ax: Axes) -> None:
    """A panel's legend moved beside it, one column: at 14 pt inside a small panel it would
    cover the curves it names (the layout then makes the panel narrower)."""
    leg = ax.get_legend()
    if leg is None or getattr(ax.figure, "_vizdl_keep_legends", False):
        return
    handles, labels = leg.legend_handles, [t.get_text() for t in leg.get_texts()]
    title = leg.get_title().get_text()
    leg.remove()
    ax.legend(
        handles,
        labels,
        title=title or None,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        ncols=1,
        borderaxespad=0.0,
    )


def _renderer(fig: Figure):
    """``fig`` drawn (its layout done) on an Agg canvas; the renderer that measures its texts."""
    if not hasattr(fig.canvas, "get_renderer"):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(fig)
    fig.canvas.draw()
    return fig.canvas.get_renderer()


def _fit_legends(fig: Figure) -> None:
    """Fewer columns for a legend wider than its figure (it would run off the slide)."""
    legends = [a for a in fig.findobj(Legend)]
    if not legends:
        return
    r = _renderer(fig)
    width = fig.bbox.width
    for leg in legends:
        ncols = leg._ncols
        while ncols > 1 and leg.get_window_extent(r).width > 0.98 * width:
            ncols -= 1
            leg.set_ncols(ncols)
            fig.canvas.draw()


@contextlib.contextmanager
def slide_context(min_pt: float = MIN_PT) -> Iterator[None]:
    """vizdl's style with :func:`slide_rc` over it."""
    from vizdl.render.mpl import style_context

    with style_context(), matplotlib.rc_context(slide_rc(min_pt)):
        yield


def slide_pages(fig: Figure, pages: list[list[int]]) -> None:
    """Declare, from a renderer's slide layout, which of its panels (indices into the figure's
    grid panels, in drawing order) go on which slide: :func:`draw_slides` then draws exactly
    those slides (each page's panels side by side; the figure's own legends and notes on each)."""
    n = len(_panels(fig))
    for page in pages:
        if not page or any(not 0 <= i < n for i in page):
            raise ValueError(f"slide page {page!r} must name some of the {n} panels 0..{n - 1}")
    fig._vizdl_slide_pages = [list(p) for p in pages]  # type: ignore[attr-defined]


def decade_labels(axis) -> None:
    """A log ``axis``'s decades labelled 1e−k, every glyph at the text size: 10^k's superscript
    would need a 20-pt label to measure 14 pt (and collides with the other axis' labels)."""
    import math

    axis.set_major_formatter(
        ticker.FuncFormatter(
            lambda v, _: f"1e{round(math.log10(v))}".replace("-", "−") if v > 0 else ""
        )
    )


def keep_lines(t: Text) -> Text:
    """Mark a text that a slide layout has broken into lines itself (a note beside a panel,
    wider than the panel): :func:`fit_slide` then does not wrap it to its panel's width."""
    t._vizdl_keep_lines = True  # type: ignore[attr-defined]
    return t


def _new_slide() -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    from vizdl.render.mpl import new_figure

    fig = new_figure(SLIDE_SIZE)
    FigureCanvasAgg(fig)  # fit_slide measures texts: a canvas that renders (no pyplot)
    fig._vizdl_slide = True  # type: ignore[attr-defined]
    return fig


def _panels(fig: Figure) -> list[Axes]:
    """The figure's panels: axes on a grid of the figure itself (not colorbars, insets or a
    subfigure's axes), visible, in drawing order."""
    return [
        ax
        for ax in fig.axes
        if ax.get_visible()
        and ax.get_subplotspec() is not None
        and ax.get_subplotspec().get_gridspec().figure is fig
    ]


def _colorbars_of(fig: Figure, ax: Axes) -> list[Axes]:
    out = []
    for cax in fig.axes:
        info = getattr(cax, "_colorbar_info", None)
        if info and any(p is ax for p in info.get("parents", ())):
            out.append(cax)
    return out


def _keep_panels(fig: Figure, keep: list[int]) -> None:
    """Show only the panels ``keep`` (indices into :func:`_panels`), side by side, filling the
    slide; the others and their colorbars are hidden and leave the layout."""
    panels = _panels(fig)
    gs = fig.add_gridspec(1, len(keep))
    for i, ax in enumerate(panels):
        if i in keep:
            ax.set_subplotspec(gs[0, keep.index(i)])
            continue
        for a in (ax, *_colorbars_of(fig, ax)):
            a.set_visible(False)
            a.set_in_layout(False)


def _visible(t: Text) -> bool:
    a: object = t
    while a is not None:
        if hasattr(a, "get_visible") and not a.get_visible():
            return False
        a = getattr(a, "axes", None) if a is t else getattr(a, "_parent_axes", None)
    return True


def _drawn_texts(fig: Figure) -> list[Text]:
    """The texts a render of ``fig`` draws: visible ones of visible axes, tick labels only of
    ticks in view."""
    out = []
    skip = set()
    for ax in fig.axes:
        shown = ax.get_visible() and all(
            p.get_visible() for p in [getattr(ax, "_parent_axes", None)] if p is not None
        )
        if not shown:
            skip.update(id(t) for t in ax.findobj(Text))
            continue
        for axis in (ax.xaxis, ax.yaxis):
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                skip.update((id(tick.label1), id(tick.label2)))
            for tick in axis._update_ticks():  # the ticks in view: what draw() draws
                for lab in (tick.label1, tick.label2):
                    if lab.get_visible() and lab.get_text().strip():
                        out.append(lab)
    for t in fig.findobj(Text):
        if id(t) in skip or not t.get_text().strip() or not _visible(t):
            continue
        out.append(t)
    return out


def text_problems(fig: Figure, tol: float = 0.5) -> int:
    """How many drawn texts leave the figure or overlap another (boxes in points, ``tol``
    allowed): what the slide test measures on the compiled PDF, counted before saving."""
    r = _renderer(fig)
    k = 72.0 / fig.dpi
    W, H = fig.bbox.width * k, fig.bbox.height * k
    boxes = []
    for t in _drawn_texts(fig):
        b = t.get_window_extent(r)
        boxes.append((b.x0 * k, b.y0 * k, b.x1 * k, b.y1 * k))
    bad = sum(1 for b in boxes if b[0] < -tol or b[1] < -tol or b[2] > W + tol or b[3] > H + tol)
    for i in range(len(boxes)):
        a = boxes[i]
        for b in boxes[i + 1 :]:
            if min(a[2], b[2]) - max(a[0], b[0]) > tol and min(a[3], b[3]) - max(a[1], b[1]) > tol:
                bad += 1
    return bad


def draw_slide(
    draw: Callable[[Figure, object], object], result: object, min_pt: float = MIN_PT
) -> Figure:
    """The slide rendition of ``result`` by ``draw`` as one slide (call inside
    :func:`slide_context`)."""
    fig = _new_slide()
    draw(fig, result)
    fit_slide(fig, min_pt)
    return fig


def draw_slides(
    draw: Callable[[Figure, object], object], result: object, min_pt: float = MIN_PT
) -> list[Figure]:
    """The slide rendition of ``result`` by ``draw``: one slide, or, where the panels do not fit
    one slide readably, as few slides of fewer panels each as keep every text apart and on the
    slide (every panel shown; a figure's own legend and notes on each). Call inside
    :func:`slide_context`.

    A renderer's slide layout that declares its pages (:func:`slide_pages`) gets exactly those.
    Otherwise tries the renderer's own layout first (which may be a slide layout, see
    :func:`is_slide`), then 2 panels a slide, then 1; the first whose slides all measure clean
    (:func:`text_problems`) is taken, else the one with the fewest problems.
    """
    first = _new_slide()
    draw(first, result)
    pages = getattr(first, "_vizdl_slide_pages", None)
    if pages:
        figs = []
        for k, page in enumerate(pages):
            fig = first if k == 0 else _new_slide()
            if k:
                draw(fig, result)
            if len(pages) > 1 or len(page) < len(_panels(fig)):
                _keep_panels(fig, page)
            fit_slide(fig, min_pt)
            figs.append(fig)
        return figs
    fit_slide(first, min_pt)
    whole = first
    problems = text_problems(whole)
    n = len(_panels(whole))
    if problems == 0 or n <= 1 or whole.subfigs:
        return [whole]
    best = ([whole], problems)
    for per in (2, 1):
        if per >= n:
            continue
        figs, total = [], 0
        try:
            for start in range(0, n, per):
                fig = _new_slide()
                draw(fig, result)
                _keep_panels(fig, list(range(start, min(n, start + per))))
                fit_slide(fig, min_pt)
                total += text_problems(fig)
                figs.append(fig)
        except (IndexError, ValueError):
            # matplotlib's constrained layout cannot move some panels to a new grid (one with a
            # colorbar laid out on the old grid): this split is not offered
            continue
        if total < best[1]:
            best = (figs, total)
        if total == 0:
            break
    return best[0]
