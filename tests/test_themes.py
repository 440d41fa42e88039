"""Themes: light, dark, print and a .mplstyle file, for figures and animations alike.

The colours are measured, not trusted: WCAG contrast of the ink and of every colour a line is
drawn with against the page, and the CIELAB distance between the optimizers' colours as people
with deuteranopia and protanopia see them (Machado, Oliveira & Fernandes 2009, severity 1).
"""

from __future__ import annotations

import io
import itertools
import re
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image

from vizdl import style
from vizdl.cli import cli
from vizdl.style import DARK, LIGHT, PRINT, THEME, ThemeError, current_theme, use_theme

ROOT = Path(__file__).resolve().parents[1]


# -- colour measures (independent of vizdl.style's own helpers) ---------------------------------


def _linear(hex_colour: str) -> np.ndarray:
    h = hex_colour.lstrip("#")
    c = np.array([int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)])
    return np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two ``#rrggbb`` colours."""
    la, lb = (float(np.dot([0.2126, 0.7152, 0.0722], _linear(c))) for c in (a, b))
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


_CVD = {
    "normal": np.eye(3),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.01182, 0.04294, 0.968881],
        ]
    ),
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
}


def _lab(lin_rgb: np.ndarray) -> np.ndarray:
    m = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    xyz = m @ np.clip(lin_rgb, 0, 1) / np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def closest_pair(colours: list[str], vision: str) -> float:
    labs = [_lab(_CVD[vision] @ _linear(c)) for c in colours]
    return min(float(np.linalg.norm(a - b)) for a, b in itertools.combinations(labs, 2))


# The optimizers of the default races (NAdam/AMSGrad are opt-in extras).
RACERS = ("SGD", "Momentum", "NAG", "Adagrad", "Adadelta", "RMSprop", "Adam", "Adamax")


@pytest.mark.parametrize("theme", [LIGHT, DARK, PRINT], ids=lambda t: t.name)
def test_text_is_readable_on_the_page(theme) -> None:
    # WCAG AAA for body text (7:1), AA (4.5:1) for the muted notes and tick labels
    assert contrast(theme.ink, theme.background) >= 7
    assert contrast(theme.muted, theme.background) >= 4.5
    fig_ink = theme.figure_ink if theme.figure_ink.startswith("#") else "#000000"
    assert contrast(fig_ink, theme.background) >= 7


def test_every_line_colour_of_the_dark_theme_stands_out_from_its_page() -> None:
    # WCAG's 3:1 for graphics, for every colour a curve or marker is drawn in
    colours = {
        *(DARK.racers[k] for k in RACERS),
        *DARK.activations.values(),
        *DARK.curves.values(),
        *(DARK.splits[k] for k in ("train", "validation", "test")),
        *DARK.minima,
        *(v for k, v in DARK.initializers.items() if k != "zeros"),
        *(DARK.nesterov[k] for k in ("jump", "correction", "accumulated", "standard")),
    }
    low = {c: round(contrast(c, DARK.background), 2) for c in colours}
    assert min(low.values()) >= 3.0, sorted(low.items(), key=lambda kv: kv[1])[:3]
    # Adam's black and black marks became light: nothing is drawn in the page's own darkness
    assert contrast(DARK.racers["Adam"], DARK.background) >= 12
    assert contrast(DARK.palette.black, DARK.background) >= 12


@pytest.mark.parametrize("theme", [LIGHT, PRINT], ids=lambda t: t.name)
def test_the_white_page_themes_keep_the_lecture_colours_above_2_to_1(theme) -> None:
    # Okabe-Ito's orange (2.25:1) and Tol-free light hues are the weakest on white: known, and
    # carried by markers and line styles too; none may fall below 2:1
    colours = [theme.racers[k] for k in RACERS] + [theme.splits[k] for k in ("train", "test")]
    assert min(contrast(c, theme.background) for c in colours) >= 2.0


@pytest.mark.parametrize("vision", list(_CVD))
def test_the_dark_racers_stay_apart_for_colour_blind_viewers(vision: str) -> None:
    dark = closest_pair([DARK.racers[k] for k in RACERS], vision)
    light = closest_pair([LIGHT.racers[k] for k in RACERS], vision)
    # lightening for the dark page merged no pair: as far apart as the light theme's (ΔE76 ≥ 15,
    # the light set's own worst case is 17.9 under deuteranopia)
    assert dark >= 15 and light >= 15, (dark, light)
    # the hues are the palettes' own: only colours that vanish on dark were replaced
    changed = [k for k in RACERS if DARK.racers[k] != LIGHT.racers[k]]
    assert changed == ["Adadelta", "RMSprop", "Adam"]


def test_print_distinguishes_every_racer_without_colour() -> None:
    styles = [style.racer_style(k) for k in RACERS]
    with use_theme("print"):
        printed = [style.racer_style(k) for k in RACERS]
    assert printed == styles  # the same markers and line styles as light
    assert len({(s["marker"], str(s["ls"])) for s in printed}) == len(RACERS)


# -- the theme in use ---------------------------------------------------------------------------


def test_theme_follows_use_theme_inside_renderers() -> None:
    from vizdl.render.mpl import theme_rc
    from vizdl.render.mpl.optimizers import races  # imports THEME by name

    assert races.THEME is THEME
    assert THEME.name == "light" and current_theme() is LIGHT
    with use_theme("dark") as t:
        assert t is DARK and races.THEME.background == DARK.background
        assert style.racer_style("Adam")["color"] == DARK.racers["Adam"]
        assert theme_rc()["text.color"] == DARK.ink
        with use_theme("print"):
            assert races.THEME.name == "print"
        assert races.THEME.name == "dark"
    assert races.THEME.background == LIGHT.background
    assert "text.color" not in theme_rc()  # light: matplotlib's own black, as before themes


def test_a_bad_theme_is_one_clear_error() -> None:
    with pytest.raises(ThemeError, match=r"theme 'nope' is not light, dark, print or the path"):
        style.resolve_theme("nope")
    with pytest.raises(ThemeError, match="does not exist"):
        style.resolve_theme("/no/such/dir/mine.mplstyle")


def test_greys_are_matplotlib_levels_on_light_and_mirrored_on_dark() -> None:
    assert [LIGHT.greys[g] for g in ("0", "0.3", "0.92", "1")] == ["0", "0.3", "0.92", "1"]
    assert float(DARK.greys["1"]) == pytest.approx(0x19 / 255, abs=1e-3)  # the page
    assert float(DARK.greys["0.3"]) > 0.6  # a dark annotation grey is light on the dark page


# -- figures, animations, the command line, the cache ---------------------------------------------


def _png_pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB")).astype(int)


def _draw(theme: str, fmt: str = "png") -> bytes:
    from vizdl.render.mpl import figure_bytes, new_figure, style_context
    from vizdl.render.mpl.activations import figure_sigmoid_bound
    from vizdl.sim.activations import activation_gallery

    with use_theme(theme), style_context():
        fig = new_figure((8, 4.5))
        figure_sigmoid_bound(fig, activation_gallery(names=("sigmoid", "tanh"), points=201))
        return figure_bytes(fig, fmt, dpi=60)


def test_a_dark_figure_has_a_dark_page_and_light_text() -> None:
    px = _png_pixels(_draw("dark"))
    page = np.array([0x19] * 3)
    corners = [px[0, 0], px[0, -1], px[-1, 0], px[-1, -1]]
    assert all(np.abs(c - page).max() <= 2 for c in corners)
    assert (np.abs(px - page).max(axis=2) <= 2).mean() > 0.6  # mostly page
    assert (px.min(axis=2) > 200).mean() > 0.002  # light text and marks drawn on it
    svg = _draw("dark", "svg").decode()
    fills = {f.lower() for f in re.findall(r"fill:\s*(#[0-9a-fA-F]{6})", svg)}
    assert "#191919" in fills and DARK.ink.lower() in fills  # the page, and text in the ink
    light = _png_pixels(_draw("light"))
    assert (light[0, 0] == 255).all()


def test_a_dark_animation_frame_has_a_dark_page() -> None:
    pytest.importorskip("manim")
    from scenes.activations import SigmoidSlope
    from tests.scenes.frames import render
    from vizdl.gallery.registry import load_gallery
    from vizdl.gallery.runner import call_compute

    e = load_gallery(ROOT).get("sigmoid-bound-animation").with_params(points=301)
    data = call_compute(e.compute, dict(e.params), e.seed)
    with use_theme("dark"):
        shot = render(SigmoidSlope, data)
    frame = shot.frame
    page = np.array([0x19] * 3)
    assert (np.abs(frame - page).max(axis=2) <= 3).mean() > 0.6
    assert (frame.min(axis=2) > 200).mean() > 0.001  # the title and labels: light ink


def test_the_cache_key_differs_between_themes_and_is_unchanged_for_light(tmp_path: Path) -> None:
    from vizdl.gallery.build import source_index
    from vizdl.gallery.cache import cache_key, key_parts
    from vizdl.gallery.registry import load_gallery

    reg = load_gallery(ROOT)
    e = reg.get("race-beale")
    index = source_index(reg)
    base = key_parts(e, index, "low", ("png",))
    assert "theme" not in base  # light: the parts of a key made before themes existed
    assert key_parts(e, index, "low", ("png",), theme="light") == base
    keys = {t: cache_key(key_parts(e, index, "low", ("png",), theme=t)) for t in ("dark", "print")}
    keys["light"] = cache_key(base)
    assert len(set(keys.values())) == 3
    mine = tmp_path / "mine.mplstyle"
    mine.write_text("axes.prop_cycle: cycler('color', ['ff0000', '00aa00'])\n")
    k1 = cache_key(key_parts(e, index, "low", ("png",), theme=str(mine)))
    mine.write_text("axes.prop_cycle: cycler('color', ['0000ff', '00aa00'])\n")
    k2 = cache_key(key_parts(e, index, "low", ("png",), theme=str(mine)))
    assert len({k1, k2, *keys.values()}) == 5  # the style file's content is in the key


def test_an_mplstyle_theme_takes_page_ink_palette_and_rc(tmp_path: Path) -> None:
    mine = tmp_path / "talk.mplstyle"
    mine.write_text(
        "figure.facecolor: 202020\ntext.color: eeeeee\nfont.size: 15\n"
        "axes.prop_cycle: cycler('color', ['ff8800', '00ccff'])\n"
    )
    t = style.resolve_theme(str(mine))
    assert t.dark and t.background == "#202020" and t.ink == "#eeeeee"
    assert t.palette[:2] == ("#ff8800", "#00ccff") and t.palette[2] == DARK.palette[2]
    assert t.rc["font.size"] == 15
    bad = tmp_path / "bad.mplstyle"
    bad.write_text("not.a.param: 3\n")
    with pytest.raises(ThemeError, match="bad.mplstyle"):
        style.resolve_theme(str(bad))


def test_cli_theme_nope_is_one_line_and_fails() -> None:
    res = CliRunner().invoke(cli, ["render", "sigmoid-bound", "--theme", "nope"])
    assert res.exit_code != 0
    err = [ln for ln in res.output.splitlines() if ln.startswith("Error")]
    assert len(err) == 1 and "theme 'nope' is not light, dark, print" in err[0]
    res = CliRunner().invoke(cli, ["build", "--theme", "missing.mplstyle", "--dry-run"])
    assert res.exit_code != 0 and "does not exist" in res.output


def test_render_with_a_theme_file_writes_it_and_records_it(tmp_path: Path) -> None:
    import json

    mine = tmp_path / "ink.mplstyle"
    mine.write_text("figure.facecolor: 000000\ntext.color: ffffff\n")
    out = tmp_path / "out"
    res = CliRunner().invoke(
        cli,
        ["render", "sigmoid-bound", "--out", str(out), "--formats", "png", "--theme", str(mine)],
    )
    assert res.exit_code == 0, res.output
    meta = json.loads((out / "meta.json").read_text())
    assert meta["theme"] == str(mine.resolve())
    assert meta["key_parts"]["theme"]["name"] == str(mine.resolve())
    px = _png_pixels((out / "sigmoid-bound.png").read_bytes())
    assert (px[0, 0] == 0).all()


def test_config_theme_key(tmp_path: Path) -> None:
    from vizdl.config import ConfigError, load_config

    cfg = tmp_path / "vizdl.toml"
    cfg.write_text('theme = "dark"\n')
    assert load_config(config_file=cfg).theme == "dark"
    (tmp_path / "s.mplstyle").write_text("text.color: 333333\n")
    cfg.write_text('theme = "s.mplstyle"\n')
    assert load_config(config_file=cfg).theme == str((tmp_path / "s.mplstyle").resolve())
    cfg.write_text('theme = "sepia"\n')
    with pytest.raises(ConfigError, match=r"vizdl.toml: key 'theme': theme 'sepia' is not"):
        load_config(config_file=cfg)
