"""No stale figure: editing one thing in a copy of the project stales exactly the entries that use it.

Each test copies the project (vizdl/, gallery/, scenes/, pyproject.toml) into a temp folder,
computes every entry's cache key and compute key from the copy's source text (no torch or manim is
imported), edits ONE thing in the copy and recomputes. The expected sets are written here from the
gallery's declared refs (``compute=``, ``draw=``, ``scene=``, ``equation=``) and from reading the
code, never from the dependency closure under test.
"""

from __future__ import annotations

import ast
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from vizdl.gallery.cache import cache_key, compute_key, key_parts
from vizdl.gallery.deps import SourceIndex
from vizdl.gallery.registry import Entry, load_gallery

ROOT = Path(__file__).resolve().parents[2]
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")


class Project:
    """A copy of the project whose keys can be recomputed after an edit."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.entries: dict[str, Entry] = dict(load_gallery(root).entries)

    def keys(self) -> tuple[dict[str, str], dict[str, str]]:
        """(cache key, compute key) of every entry, from a fresh index over the copy."""
        index = SourceIndex([(self.root, None)])
        cache = {
            n: cache_key(key_parts(e, index, "medium", e.formats)) for n, e in self.entries.items()
        }
        comp = {n: compute_key(e, index) for n, e in self.entries.items()}
        return cache, comp

    def names(self, rule: Callable[[Entry], bool]) -> set[str]:
        return {n for n, e in self.entries.items() if rule(e)}

    # -- edits -----------------------------------------------------------------------------

    def replace(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} is not in {rel} exactly once"
        path.write_text(text.replace(old, new), encoding="utf-8")

    def touch_def(self, rel: str, name: str) -> None:
        """Add a statement at the end of the body of top-level function or class ``name``."""
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        tree = ast.parse(text)
        (node,) = [
            n for n in tree.body if isinstance(n, ast.FunctionDef | ast.ClassDef) and n.name == name
        ]
        lines = text.splitlines(keepends=True)
        indent = " " * node.body[-1].col_offset
        lines.insert(node.end_lineno, f"{indent}pass  # edited by test_staleness\n")
        path.write_text("".join(lines), encoding="utf-8")

    def append(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    def stale_after(self, edit: Callable[[], None]) -> tuple[set[str], set[str]]:
        """Entries whose cache key, and whose compute key, changes with ``edit``."""
        cache0, comp0 = self.keys()
        edit()
        cache1, comp1 = self.keys()
        return (
            {n for n in cache0 if cache0[n] != cache1[n]},
            {n for n in comp0 if comp0[n] != comp1[n]},
        )


@pytest.fixture
def project(tmp_path: Path) -> Project:
    root = tmp_path / "project"
    root.mkdir()
    for folder in ("vizdl", "gallery", "scenes"):
        shutil.copytree(ROOT / folder, root / folder, ignore=_IGNORE)
    shutil.copy2(ROOT / "pyproject.toml", root / "pyproject.toml")
    saved = list(sys.path)
    try:
        yield Project(root)
    finally:
        sys.path[:] = saved  # load_gallery put the copy first on sys.path


def compute_is(*functions: str) -> Callable[[Entry], bool]:
    return lambda e: e.compute.split(":")[1] in functions


def scene_is(*classes: str) -> Callable[[Entry], bool]:
    return lambda e: e.kind == "animation" and e.scene.split(":")[1] in classes


def draw_is(*functions: str) -> Callable[[Entry], bool]:
    return lambda e: e.kind == "figure" and e.draw.split(":")[1] in functions


def figures(e: Entry) -> bool:
    return e.kind == "figure"


def animations(e: Entry) -> bool:
    return e.kind == "animation"


def test_the_gallery_is_what_these_cases_were_written_for(project: Project) -> None:
    # The expected sets below name compute functions, draw functions and scene classes; if the
    # gallery changes shape, this says so first.
    n = len(project.entries)
    assert n >= 60
    assert len(project.names(figures)) + len(project.names(animations)) == n
    assert len(project.names(animations)) >= 25


# -- functions reached only through an import written inside a function ---------------------------


def test_build_mlp_reaches_every_study_that_builds_a_network(
    project: Project,
) -> None:
    # build_mlp (vizdl/sim/networks.py) is imported by vizdl/sim/initialization.py
    # (signal_propagation, layer_histograms, tapering_stack through measure_stack, he_step,
    # gain_in_use), vizdl/sim/vanishing.py (derivative_products, gradient_norms) and
    # vizdl/sim/dynamics.py (layer_dynamics). No renderer calls it.
    uses = compute_is(
        "signal_propagation",
        "layer_histograms",
        "tapering_stack",
        "he_step",
        "gain_in_use",
        "derivative_products",
        "gradient_norms",
        "layer_dynamics",
    )
    stale, recompute = project.stale_after(
        lambda: project.touch_def("vizdl/sim/networks.py", "build_mlp")
    )
    expected = project.names(uses)
    assert {"derivative-products", "gradient-norms-per-layer"} <= expected
    assert stale == expected
    assert recompute == expected


def test_make_splits_reaches_dying_relu_and_depth_vs_width(project: Project) -> None:
    # make_splits (vizdl/sim/splits.py) is called by train, split_arithmetic,
    # initializer_comparison and lecture_check (vizdl/sim/training.py), by dying_relu
    # (vizdl/sim/vanishing.py), seed_spread (vizdl/sim/seed_spread.py), layer_dynamics
    # (vizdl/sim/dynamics.py), validation_protocol (vizdl/sim/validation.py) and saturation
    # (vizdl/sim/saturation.py), and imported inside a function by depth_vs_width
    # (vizdl/sim/approximation.py), batch_cost (vizdl/sim/optimizers/batch_cost.py) and _subset,
    # which depth_at_fixed_parameters (vizdl/sim/depth_params.py) calls.
    uses = compute_is(
        "train",
        "split_arithmetic",
        "initializer_comparison",
        "lecture_check",
        "dying_relu",
        "seed_spread",
        "depth_vs_width",
        "layer_dynamics",
        "validation_protocol",
        "batch_cost",
        "depth_at_fixed_parameters",
        "saturation",
    )
    stale, recompute = project.stale_after(
        lambda: project.touch_def("vizdl/sim/splits.py", "make_splits")
    )
    expected = project.names(uses)
    assert {"dying-relu", "depth-vs-width", "minibatch-cost", "depth-at-fixed-parameters"} <= (
        expected
    )
    assert "sigmoid-top-layer-saturation" in expected
    assert stale == expected
    assert recompute == expected


def test_the_depth_trainer_reaches_both_depth_entries(project: Project) -> None:
    # _train_depths (vizdl/sim/approximation.py) trains depth_vs_width's networks and, imported
    # by vizdl/sim/depth_params.py, depth_at_fixed_parameters's.
    uses = compute_is("depth_vs_width", "depth_at_fixed_parameters")
    stale, recompute = project.stale_after(
        lambda: project.touch_def("vizdl/sim/approximation.py", "_train_depths")
    )
    assert project.names(uses) == {"depth-vs-width", "depth-at-fixed-parameters"}
    assert stale == recompute == project.names(uses)


def test_racer_colours_reach_the_race_figures_and_scenes(project: Project) -> None:
    # THEME.racers (vizdl/style.py) is read by racer_style, which the race figures (figure_race),
    # the adaptive-rate panels (figure_adaptive_rates), figure_lr_sensitivity and the scenes
    # OptimizerRace (four race entries), SaddleRace3D, AdaptiveRatesScene and LRSweepScene use.
    # (momentum in a ravine wears the races' SGD and Momentum colours too)
    race_figures = draw_is(
        "figure_race",
        "figure_adaptive_rates",
        "figure_lr_sensitivity",
        "figure_momentum_ravine",
        "figure_nesterov_overshoot",  # Momentum's and NAG's colours
        "figure_first_steps",  # RMSprop's and Adam's
        "figure_units",  # SGD's, RMSprop's, Adam's and Adadelta's
        "figure_plateau_saddle",  # the eight racers on the plateau
        "figure_sparse_features",  # SGD's and Adagrad's
    )
    race_scenes = scene_is(
        "OptimizerRace", "SaddleRace3D", "AdaptiveRatesScene", "LRSweepScene", "MomentumRavine"
    )
    stale, recompute = project.stale_after(
        lambda: project.replace(
            "vizdl/style.py", '"Adam": OKABE_ITO.black,', '"Adam": OKABE_ITO.yellow,'
        )
    )
    assert stale == project.names(lambda e: race_figures(e) or race_scenes(e))
    assert len(stale) == 20  # 12 figures, 8 animations
    assert recompute == set()


# -- the packaged style and palette constants ---------------------------------------------------


def test_the_mplstyle_stales_every_figure_and_the_equations_but_no_other_animation(
    project: Project,
) -> None:
    # The engine draws every figure inside style_context (vizdl.mplstyle), and writes an entry's
    # equation.svg with mathtext_svg, also inside it. Scenes that draw formulas (formula() in
    # MomentumRavine, NoisyGradients, NesterovSteps) use mathtext_svg too; all three declare an
    # equation. Nothing else in an animation reads the matplotlib style.
    stale, recompute = project.stale_after(
        lambda: project.append("vizdl/render/mpl/vizdl.mplstyle", "lines.markersize: 7\n")
    )
    expected = project.names(lambda e: figures(e) or bool(e.equation))
    assert stale == expected
    assert project.names(figures) <= stale
    assert stale & project.names(animations) == project.names(
        lambda e: animations(e) and bool(e.equation)
    )
    assert "repeated-composition-animation" not in stale  # an animation without an equation
    assert recompute == set()


def test_a_theme_field_stales_the_figures_and_scenes_that_read_it(project: Project) -> None:
    # THEME.curves (a function and its derivative) is read by figure_activation_gallery,
    # figure_sigmoid_bound and figure_softmax_sigmoid, and by the scene SigmoidSlope; nothing
    # else, though every entry reads other fields of the same THEME object.
    stale, recompute = project.stale_after(
        lambda: project.replace(
            "vizdl/style.py",
            '"derivative": OKABE_ITO.vermillion',
            '"derivative": OKABE_ITO.purple',
        )
    )
    uses = draw_is("figure_activation_gallery", "figure_sigmoid_bound", "figure_softmax_sigmoid")
    assert stale == project.names(lambda e: uses(e) or scene_is("SigmoidSlope")(e))
    assert stale == {
        "activation-gallery",
        "sigmoid-bound",
        "softmax-vs-sigmoid",
        "sigmoid-bound-animation",
    }
    assert recompute == set()


def test_a_colour_table_stales_its_figure_and_its_scene(project: Project) -> None:
    # THEME.activations is read by figure_derivative_products, figure_he_step,
    # figure_gain_in_use, figure_activation_noise and figure_seed_spread, and by
    # BackwardProducts.rows; GradientNormBars, its sibling, does not.
    stale, recompute = project.stale_after(
        lambda: project.replace(
            "vizdl/style.py", '"gelu": OKABE_ITO.orange,', '"gelu": OKABE_ITO.yellow,'
        )
    )
    assert stale == project.names(
        lambda e: (
            draw_is(
                "figure_derivative_products",
                "figure_he_step",
                "figure_gain_in_use",
                "figure_activation_noise",
                "figure_seed_spread",
            )(e)
            or scene_is("BackwardProducts")(e)
        )
    )
    assert stale == {
        "derivative-products",
        "derivative-products-animation",
        "init-he-step",
        "init-calculate-gain",
        "elu-saturation-noise",
        "leaky-relu-seed-spread",
    }
    assert recompute == set()


def test_one_colour_shared_by_a_figure_and_its_animation_stales_both(project: Project) -> None:
    # The grey of a start point that reaches no minimum: the basins map (basin_image, through
    # figure_basins) and the basin flow (BasinFlowScene) read the same THEME.basins["none"].
    stale, recompute = project.stale_after(
        lambda: project.replace("vizdl/style.py", '"none": "#D9D9D9"', '"none": "#CCCCCC"')
    )
    assert stale == {"basins-himmelblau", "basins-himmelblau-animation"}
    assert recompute == set()


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # the background: style_context (every figure, the equations) and DataScene
        ('background="#ffffff"', 'background="#fafafa"'),
        # the theme in use: every entry reads it (an alias of LIGHT)
        ("THEME = LIGHT\n", "THEME = LIGHT  # edited by test_staleness\n"),
    ],
)
def test_the_background_and_the_theme_in_use_stale_every_entry(
    project: Project, old: str, new: str
) -> None:
    stale, recompute = project.stale_after(lambda: project.replace("vizdl/style.py", old, new))
    assert stale == set(project.entries)
    assert recompute == set()


# -- scene base classes ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "name"),
    [
        ("vizdl/render/manim/__init__.py", "DataScene"),
        # DataScene picks these cameras inside __init__ (an import in a function body).
        ("vizdl/render/manim/lean.py", "LeanCamera"),
        ("vizdl/render/manim/lean.py", "_LeanMixin"),
        # ... and patches the encoder there too.
        ("vizdl/render/manim/encoding.py", "use_zero_copy_frames"),
    ],
)
def test_the_scene_base_and_its_camera_stale_every_animation_and_no_figure(
    project: Project, rel: str, name: str
) -> None:
    stale, recompute = project.stale_after(lambda: project.touch_def(rel, name))
    assert stale == project.names(animations)
    assert recompute == set()


@pytest.mark.parametrize(
    ("rel", "base", "subclasses", "entries"),
    [
        ("scenes/activations.py", "_LayerBars", ("BackwardProducts", "GradientNormBars"), 2),
        ("scenes/optimizers.py", "OptimizerRace", ("OptimizerRace",), 4),  # not SaddleRace3D
        ("scenes/initialization.py", "ForwardSignal", ("ForwardSignal", "BackwardSignal"), 2),
    ],
)
def test_a_topic_base_scene_stales_exactly_its_subclasses(
    project: Project, rel: str, base: str, subclasses: tuple[str, ...], entries: int
) -> None:
    stale, recompute = project.stale_after(lambda: project.touch_def(rel, base))
    assert stale == project.names(scene_is(*subclasses))
    assert len(stale) == entries
    assert recompute == set()


# -- the engine, per kind ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "name", "kind"),
    [
        ("vizdl/gallery/runner.py", "_render_figure", figures),
        ("vizdl/render/mpl/__init__.py", "figure_bytes", figures),
        ("vizdl/render/mpl/__init__.py", "new_figure", figures),
        ("vizdl/gallery/runner.py", "_render_scene", animations),
        ("vizdl/gallery/runner.py", "manim_config", animations),
        ("vizdl/gallery/runner.py", "_remux_faststart", animations),
        ("vizdl/gallery/runner.py", "_derive_from_video", animations),
        ("vizdl/gallery/runner.py", "_thumbnail", lambda e: True),
        ("vizdl/gallery/runner.py", "run_entry", lambda e: True),
        # equation.svg, written only for an entry with an equation; the scenes that draw formulas
        # with it (MomentumRavine, NoisyGradients, NesterovSteps) declare one too.
        ("vizdl/render/mpl/__init__.py", "mathtext_svg", lambda e: bool(e.equation)),
    ],
)
def test_engine_code_stales_the_kinds_it_renders(
    project: Project, rel: str, name: str, kind: Callable[[Entry], bool]
) -> None:
    stale, recompute = project.stale_after(lambda: project.touch_def(rel, name))
    assert stale == project.names(kind)
    assert recompute == set()


def test_the_code_that_calls_compute_functions_is_in_the_compute_key(project: Project) -> None:
    # call_compute decides which arguments (params, seed) a compute function gets.
    stale, recompute = project.stale_after(
        lambda: project.touch_def("vizdl/gallery/runner.py", "call_compute")
    )
    assert stale == recompute == set(project.entries)


# -- what must not stale ------------------------------------------------------------------------


def test_site_templates_change_no_entry_output(project: Project) -> None:
    # Templates only shape the pages, which the site writer rewrites on every build.
    templates = sorted((project.root / "vizdl/gallery/templates").iterdir())
    assert templates

    def edit() -> None:
        for t in templates:
            project.append(str(t.relative_to(project.root)), "\n<!-- edited -->\n")

    stale, recompute = project.stale_after(edit)
    assert stale == set()
    assert recompute == set()


@pytest.mark.parametrize(
    ("rel", "name", "uses"),
    [
        ("vizdl/sim/approximation.py", "relu_switches", compute_is("relu_switches")),
        ("vizdl/sim/optimizers/basins.py", "basin_flow", compute_is("basin_flow")),
        ("vizdl/sim/vanishing.py", "dying_relu", compute_is("dying_relu")),
    ],
)
def test_an_unrelated_sim_function_stales_only_its_entries(
    project: Project, rel: str, name: str, uses: Callable[[Entry], bool]
) -> None:
    stale, recompute = project.stale_after(lambda: project.touch_def(rel, name))
    assert stale == recompute == project.names(uses)
    assert 1 <= len(stale) <= 2
