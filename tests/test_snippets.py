"""The copy-paste snippets on every entry page: the Beamer frame compiles with a real pdflatex for
every entry of the gallery, reveal.js videos can be paused and carry no second title, and every
file a snippet names carries the entry's name (several entries in one slides folder never clash)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from vizdl.gallery.latex import to_latex
from vizdl.gallery.registry import load_gallery
from vizdl.gallery.site import _snippets

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("text", "latex"),
    [
        ("Sigmoid's derivative σ' ≤ 1/4", r"Sigmoid's derivative $\sigma$' $\leq$ 1/4"),
        ("initializer × activation", r"initializer $\times$ activation"),
        ("−b/w", "$-$b/w"),
        (
            "50% & $5 #1 a_b {x} ~ ^",
            r"50\% \& \$5 \#1 a\_b \{x\} \textasciitilde{} \textasciicircum{}",
        ),
        ("θ₁ and x²", r"$\theta _{1}$ and x$^{2}$"),
        ("η → 0", r"$\eta \to$ 0"),
        ("Glorot – Bengio’s “view” — café", "Glorot -- Bengio's ``view'' --- café"),
        ("a ☃ b", "a [snowman] b"),
    ],
)
def test_to_latex(text: str, latex: str) -> None:
    assert to_latex(text) == latex


def _entries():
    return list(load_gallery(ROOT).entries.values())


def _snippet(e, label: str) -> str:
    """The entry's snippet as its page gives it after a build (a figure with a slide layout of
    its own has a one-slide rendition, recorded in meta.json as slide_pages)."""
    from vizdl.render.mpl.slides import SLIDE_LAYOUTS

    meta = {"formats": list(e.formats)}
    if e.kind == "figure" and e.draw in SLIDE_LAYOUTS:
        meta["slide_pages"] = 1
    return next(s["code"] for s in _snippets(e, meta) if s["label"] == label)


def test_every_beamer_snippet_compiles_with_pdflatex(tmp_path: Path) -> None:
    exe = shutil.which("pdflatex")
    assert exe, "pdflatex is needed for this test: apt-get install texlive-latex-recommended"
    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 3))
    fig.add_subplot().plot([0, 1], [1, 0])
    entries = _entries()
    frames = []
    for e in entries:
        code = _snippet(e, "LaTeX / Beamer")
        for name in re.findall(r"\\includegraphics(?:\[[^\]]*\])?\{([^}]+)\}", code):
            # per-entry file names: the figure's own, or its slide rendition's
            assert name.startswith((e.name + ".", e.name + "-slide.")), (e.name, name)
            fig.savefig(tmp_path / name, format=name.rsplit(".", 1)[1])
        frames.append(code)
    doc = (
        "\\documentclass{beamer}\n\\usepackage{graphicx}\n\\begin{document}\n"
        + "\n".join(frames)
        + "\n\\end{document}\n"
    )
    (tmp_path / "slides.tex").write_text(doc, encoding="utf-8")
    r = subprocess.run(
        [exe, "-interaction=nonstopmode", "-halt-on-error", "slides.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    log = (tmp_path / "slides.log").read_text(encoding="utf-8", errors="replace")
    assert r.returncode == 0, log[-3000:]
    assert "Unicode character" not in log and "Missing character" not in log
    pages = re.search(r"Output written on slides\.pdf \((\d+) pages?", log)
    assert pages and int(pages.group(1)) == len(entries), log[-1000:]


def test_reveal_videos_have_controls_and_no_second_title() -> None:
    from vizdl.render.mpl.slides import SLIDE_LAYOUTS

    n_video = n_slides = 0
    for e in _entries():
        code = _snippet(e, "reveal.js")
        if e.kind == "animation":
            n_video += 1
            assert "<video" in code and " controls" in code, e.name
            assert "<h3>" not in code, e.name  # the video shows its own title
            assert f'src="{e.name}.mp4"' in code and f'poster="{e.name}.poster.png"' in code
        elif e.draw in SLIDE_LAYOUTS:
            # the slide rendition (text >= 14 pt at a 16:9 slide's size), under its title
            assert "<h3>" in code and (
                f'src="{e.name}-slide.svg"' in code or f'src="{e.name}-slide.png"' in code
            ), e.name
            n_slides += 1
        else:  # no slide layout yet: the figure itself, kept within a 960 × 700 slide
            assert "<h3>" in code and "-slide." not in code, e.name
            assert f'src="{e.name}.svg"' in code and "max-height: 560px" in code, e.name
    assert n_video > 20
    assert n_slides >= 6  # the four races, the optimizer table, model-summary


def test_titles_with_quotes_stay_inside_their_html_attribute() -> None:
    import dataclasses

    e = dataclasses.replace(_entries()[0], title='The "best" <step> & more')
    code = _snippet(e, "HTML")
    assert (
        'alt="The &quot;best&quot; &lt;step&gt; &amp; more"' in code
        or 'title="The &quot;best' in code
    )
