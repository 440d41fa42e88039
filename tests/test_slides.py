"""Slide renditions: the measure that judges them (it fails on small, overlapping or clipped text),
and the rendition's machinery (size, minimum text size, several slides where panels do not fit).

Every gallery entry's rendition is measured on a compiled 16:9 Beamer deck in tests/test_site.py,
on the site that test builds."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure

from tests.slide_measure import compile_deck, measure_pdf
from vizdl.gallery.site import _snippets
from vizdl.render import slide_files
from vizdl.render.mpl import figure_bytes, pdf_pages_bytes, style_context
from vizdl.render.mpl.slides import (
    MIN_PT,
    SLIDE_SIZE,
    draw_slides,
    is_slide,
    slide_context,
    text_problems,
)


def _frame(name: str, pages: int = 1) -> str:
    meta = {"formats": ["png", "svg", "pdf"], "slide_pages": pages}

    class E:  # the snippet reads only these
        kind = "figure"
        title = "A figure: σ′ ≤ 1/4"

    E.name = name
    return next(s["code"] for s in _snippets(E, meta) if s["label"] == "LaTeX / Beamer")


def _crowded(fig: Figure, _result: object = None) -> None:
    """Three panels whose legends and labels would not fit one slide at 14 pt."""
    for k, ax in enumerate(fig.subplots(1, 3)):
        x = np.linspace(0, 1, 50)
        ax.plot(x, x**k, label=f"curve number {k} with a long label")
        ax.set_xlabel("a fairly long axis label")
        ax.set_ylabel(f"y{k} in some unit")
        ax.legend(loc="upper left")
        ax.set_title(f"Panel {k}: what it shows")


def test_the_measure_fails_on_a_full_size_figure_placed_in_a_frame(tmp_path: Path) -> None:
    # a 12-inch figure with 10.5 pt legends, as the site draws them: shrunk into the frame
    with style_context():
        fig = Figure(figsize=(12, 6.75))
        _crowded(fig)
        (tmp_path / "big-slide.pdf").write_bytes(figure_bytes(fig, "pdf"))
    rep = measure_pdf(compile_deck(tmp_path, [_frame("big")]))[0]
    assert rep.spans and rep.min_size < 6.0  # 10.5 pt × 5.5/12


def test_the_measure_finds_overlapping_and_clipped_text(tmp_path: Path) -> None:
    with slide_context():
        fig = Figure(figsize=SLIDE_SIZE)
        fig.text(0.1, 0.5, "first label here", fontsize=MIN_PT)
        fig.text(0.15, 0.5, "second label", fontsize=MIN_PT)  # on top of the first
        fig.text(0.9, 0.2, "runs off the right edge", fontsize=MIN_PT)
        fig.text(0.1, 0.8, "alone", fontsize=MIN_PT)
        (tmp_path / "bad-slide.pdf").write_bytes(figure_bytes(fig, "pdf"))
        assert text_problems(fig) >= 2
    own = measure_pdf(tmp_path / "bad-slide.pdf")[0]
    assert [s.text for s in own.outside] == ["runs off the right edge"]
    assert [(a.text, b.text) for a, b in own.overlaps] == [("first label here", "second label")]
    deck = measure_pdf(compile_deck(tmp_path, [_frame("bad")]))[0]
    assert abs(deck.min_size - MIN_PT) < 0.01  # placed at its own size
    assert len(deck.overlaps) == 1


def test_a_crowded_figure_becomes_slides_that_measure_clean(tmp_path: Path) -> None:
    seen = []

    def draw(fig: Figure, result: object) -> None:
        seen.append(is_slide(fig))
        _crowded(fig)

    with slide_context():
        figs = draw_slides(draw, None)
        assert 1 < len(figs) <= 3 and all(seen)
        assert all(tuple(f.get_size_inches()) == pytest.approx(SLIDE_SIZE) for f in figs)
        assert sum(text_problems(f) for f in figs) == 0
        (tmp_path / "crowd-slide.pdf").write_bytes(pdf_pages_bytes(figs))
        for name, f in zip(slide_files("crowd", "png", len(figs)), figs, strict=True):
            (tmp_path / name).write_bytes(figure_bytes(f, "png"))
    reps = measure_pdf(compile_deck(tmp_path, [_frame("crowd", len(figs))], pages=len(figs)))
    assert len(reps) == len(figs)
    # every panel is on some slide, each once (its title may be wrapped to its width)
    titles = [s.text.split(":")[0] for r in reps for s in r.spans if s.text.startswith("Panel")]
    assert sorted(titles) == [f"Panel {k}" for k in range(3)]
    for r in reps:
        assert r.min_size >= MIN_PT - 0.01, r.min_size
        assert not r.outside and not r.overlaps, (r.outside, r.overlaps)


def test_a_slide_layout_gets_exactly_the_pages_it_declares() -> None:
    from vizdl.render.mpl.slides import slide_pages

    def draw(fig: Figure, result: object) -> None:
        _crowded(fig)
        slide_pages(fig, [[0, 2], [1]])

    with slide_context():
        figs = draw_slides(draw, None)
        assert len(figs) == 2
        shown = [
            sorted(ax.get_title().split(":")[0] for ax in f.axes if ax.get_visible()) for f in figs
        ]
        assert shown == [["Panel 0", "Panel 2"], ["Panel 1"]]
        fig = Figure(figsize=SLIDE_SIZE)
        fig.subplots(1, 2)
        with pytest.raises(ValueError, match=r"slide page \[2\] must name some of the 2 panels"):
            slide_pages(fig, [[0], [2]])


def test_slide_file_names() -> None:
    assert slide_files("a", "pdf", 3) == ["a-slide.pdf"]
    assert slide_files("a", "svg", 1) == ["a-slide.svg"]
    assert slide_files("a", "png", 3) == ["a-slide.png", "a-slide-2.png", "a-slide-3.png"]


# One gallery entry per renderer with a slide layout, and the cheap knob values its slide test
# computes with (the slide draws the same result the site's figure does; fewer steps or a
# coarser grid change its numbers, not its layout).
SLIDE_ENTRIES = {
    "vizdl.render.mpl.optimizers.races:figure_race": ("race-bowl", {"resolution": 30}),
    "vizdl.render.mpl.optimizers.properties:figure_property_table": (
        "optimizer-table-measured",
        {"steps": 5},
    ),
    "vizdl.render.mpl.training:figure_model_summary": ("model-summary", {}),
    "vizdl.render.mpl.optimizers.learning_rates:figure_learning_rates": (
        "learning-rate-regimes",
        {},
    ),
    "vizdl.render.mpl.optimizers.learning_rates:figure_learning_rates_2d": (
        "learning-rate-regimes-2d",
        {},
    ),
    "vizdl.render.mpl.optimizers.momentum:figure_momentum_ravine": ("momentum-ravine", {}),
    "vizdl.render.mpl.optimizers.nesterov:figure_nesterov": ("nesterov-geometry", {}),
    "vizdl.render.mpl.optimizers.batches:figure_batch_paths": ("stochastic-minibatch-batch", {}),
    "vizdl.render.mpl.optimizers.adaptive:figure_adaptive_rates": ("adaptive-learning-rates", {}),
    "vizdl.render.mpl.optimizers.first_step:figure_first_steps": ("rmsprop-first-step", {}),
    "vizdl.render.mpl.activations:figure_derivative_products": (
        "derivative-products",
        {"width": 64, "n_samples": 64, "n_paths": 16},
    ),
    "vizdl.render.mpl.initialization:figure_forward_variance": (
        "init-forward-variance",
        {"width": 32, "n_samples": 32, "n_nets": 1, "depth": 10},
    ),
    "vizdl.render.mpl.initialization:figure_backward_variance": (
        "init-backward-variance",
        {"width": 32, "n_samples": 32, "n_nets": 1, "depth": 10},
    ),
    "vizdl.render.mpl.training:figure_splits": ("split-and-batches", {}),
    "vizdl.render.mpl.training:figure_learning_curves": (
        "learning-curves",
        {"epochs": 2, "limit": 2000},
    ),
    "vizdl.render.mpl.approximation:figure_bumps": ("bumps-staircase", {"fit_counts": (2, 10)}),
    "vizdl.render.mpl.activations:figure_sigmoid_bound": ("sigmoid-bound", {"points": 401}),
    "vizdl.render.mpl.activations:figure_softmax_sigmoid": ("softmax-vs-sigmoid", {"points": 201}),
    "vizdl.render.mpl.activations:figure_composition": ("repeated-composition", {"points": 801}),
    "vizdl.render.mpl.activations:figure_gradient_norms": (
        "gradient-norms-per-layer",
        {"width": 64, "n_samples": 64},
    ),
    "vizdl.render.mpl.activations:figure_dying_relu": ("dying-relu", {"steps": 100}),
    "vizdl.render.mpl.activation_noise:figure_activation_noise": (
        "elu-saturation-noise",
        {"n_noise": 2000},
    ),
    "vizdl.render.mpl.seed_spread:figure_seed_spread": (
        "leaky-relu-seed-spread",
        {"n_seeds": 3, "n_train": 300, "epochs": 1},
    ),
    "vizdl.render.mpl.dynamics:figure_gradients_over_training": (
        "gradient-norms-over-training",
        {"epochs": 1, "limit": 2000, "checkpoints": 4},
    ),
    "vizdl.render.mpl.saturation:figure_saturation": (
        "sigmoid-top-layer-saturation",
        {"updates": 1500, "compare_updates": 600, "every": 100, "width": 100, "limit": 2000},
    ),
    "vizdl.render.mpl.approximation:figure_steps": ("sigmoid-step", {}),
    "vizdl.render.mpl.approximation:figure_error_sweep": (
        "bump-error",
        {"ns": (2, 4, 8, 16, 32, 64, 128), "fit_range": (16, 128)},
    ),
    "vizdl.render.mpl.initialization:figure_tapering": (
        "init-xavier-tapering",
        {"n_samples": 128, "n_nets": 2},
    ),
    "vizdl.render.mpl.initialization:figure_linear_chain": (
        "init-linear-chain",
        {"width": 128, "n_samples": 200},
    ),
    "vizdl.render.mpl.approximation:figure_one_layer_fit": (
        "trained-vs-constructed",
        {"steps": 1000, "relu_steps": 300},
    ),
    "vizdl.render.mpl.approximation:figure_dropout_fits": (
        "relu-dropout",
        {"steps": 1000, "relu_steps": 300},
    ),
    "vizdl.render.mpl.approximation:figure_relu_switches": ("relu-switches", {"steps": 1000}),
    "vizdl.render.mpl.initialization:figure_layer_histograms": (
        "init-layer-histograms",
        {"width": 300, "n_samples": 300},
    ),
    "vizdl.render.mpl.initialization:figure_he_step": (
        "init-he-step",
        {"width": 256, "n_samples": 200, "n_nets": 2},
    ),
    "vizdl.render.mpl.initialization:figure_gain_in_use": (
        "init-calculate-gain",
        {"n_samples": 200, "n_nets": 2},
    ),
    "vizdl.render.mpl.approximation:figure_depth_width": (
        "depth-vs-width",
        {"n_train": 1000, "val_size": 500, "max_epochs": 10, "patience": 2, "seeds": (0, 1)},
    ),
    "vizdl.render.mpl.optimizers.sparse:figure_sparse_features": ("adagrad-sparse-features", {}),
    "vizdl.render.mpl.validation:figure_validation_protocol": (
        "validation-picks-the-lr",
        {"epochs": 2, "limit": 2000},
    ),
    "vizdl.render.mpl.optimizers.batch_cost:figure_batch_cost": (
        "minibatch-cost",
        {"updates": 60, "epochs": 1},
    ),
    "vizdl.render.mpl.optimizers.overshoot:figure_nesterov_overshoot": (
        "nesterov-vs-momentum-overshoot",
        {},
    ),
    "vizdl.render.mpl.optimizers.plateau:figure_plateau_saddle": ("saddle-plateau", {}),
    "vizdl.render.mpl.optimizers.units:figure_units": ("adadelta-units", {}),
    "vizdl.render.mpl.optimizers.learning_rates:figure_lr_sensitivity": (
        "lr-sensitivity",
        {"steps": 50, "n_lrs": 12},
    ),
    "vizdl.render.mpl.optimizers.basins:figure_basins": ("basins-himmelblau", {"resolution": 40}),
    "vizdl.render.mpl.depth_params:figure_depth_params": (
        "depth-at-fixed-parameters",
        {"n_images": 2000, "max_epochs": 5, "patience": 2},
    ),
    "vizdl.render.mpl.initialization:figure_symmetry": ("init-symmetry", {}),
    "vizdl.render.mpl.initialization:figure_distributions": ("init-distributions", {}),
    "vizdl.render.mpl.activations:figure_activation_gallery": (
        "activation-gallery",
        {"points": 401},
    ),
    "vizdl.render.mpl.training:figure_confusion": (
        "confusion-matrix",
        {"epochs": 2, "limit": 2000},
    ),
    "vizdl.render.mpl.training:figure_inference": ("inference", {"epochs": 2, "limit": 2000}),
    "vizdl.render.mpl.training:figure_overfitting": ("overfitting", {"epochs": 20, "limit": 1000}),
}


def test_every_slide_layout_is_measured() -> None:
    from vizdl.render.mpl.slides import SLIDE_LAYOUTS

    assert set(SLIDE_ENTRIES) == set(SLIDE_LAYOUTS)


_RESULTS: dict = {}


def _computed(ref: str, params: dict) -> object:
    """``ref(**params)``, computed once per test session (the forward and backward variance
    entries share one compute)."""
    from vizdl.gallery.runner import import_ref

    key = (ref, repr(sorted(params.items())))
    if key not in _RESULTS:
        _RESULTS[key] = import_ref(ref)(**params)
    return _RESULTS[key]


@pytest.mark.parametrize("draw_ref", sorted(SLIDE_ENTRIES))
def test_every_slide_layout_measures_clean_on_a_compiled_16_9_deck(
    draw_ref: str, tmp_path: Path
) -> None:
    """The renderer's slides of its entry's computed result, as the build writes them (one PDF,
    a PNG a slide), placed by the entry's Beamer snippet in a compiled 16:9 deck: every text
    span the figure sets is at least 14 pt there, on the page, and apart from every other."""
    from vizdl.gallery.registry import load_gallery
    from vizdl.gallery.runner import import_ref

    name, cheap = SLIDE_ENTRIES[draw_ref]
    e = load_gallery(Path(__file__).resolve().parent.parent).entries[name]
    assert e.draw == draw_ref
    result = _computed(e.compute, {**e.params, **cheap})
    with slide_context():
        figs = draw_slides(import_ref(draw_ref), result)
        assert all(tuple(f.get_size_inches()) == pytest.approx(SLIDE_SIZE) for f in figs)
        (tmp_path / f"{name}-slide.pdf").write_bytes(pdf_pages_bytes(figs))
        for file, f in zip(slide_files(name, "png", len(figs)), figs, strict=True):
            (tmp_path / file).write_bytes(figure_bytes(f, "png"))
    own = measure_pdf(tmp_path / f"{name}-slide.pdf")
    reps = measure_pdf(compile_deck(tmp_path, [_frame(name, len(figs))], pages=len(figs)))
    assert len(reps) == len(own) == len(figs)
    for k, (rep, page) in enumerate(zip(reps, own, strict=True)):
        assert rep.spans, (name, k)
        assert rep.min_size >= MIN_PT - 0.005, (
            name,
            k,
            sorted((s.size, s.text) for s in rep.spans)[:3],
        )
        assert not rep.outside and not page.outside, (
            name,
            k,
            [s.text for s in rep.outside + page.outside],
        )
        assert not rep.overlaps, (name, k, [(a.text, b.text) for a, b in rep.overlaps])
