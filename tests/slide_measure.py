"""Measuring text on compiled slides with PyMuPDF: the size of every text span, whether it leaves
the page, and which spans overlap. Used by the slide tests (tests/test_slides.py and the site's)."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Span", "PageReport", "measure_pdf", "compile_deck", "BEAMER_169"]

BEAMER_169 = "\\documentclass[aspectratio=169]{beamer}\n\\usepackage{graphicx}\n"
# two spans overlap when their boxes share more than this in both directions (points): the
# pieces of one mathtext formula (a base and its superscript) touch but do not overlap, and a
# box one font size tall holds room below digits (an x and a y tick label at a panel's corner
# may share half a point of it without their glyphs meeting)
OVERLAP_PT = 1.0


@dataclass(frozen=True)
class Span:
    text: str
    size: float
    font: str
    bbox: tuple[float, float, float, float]


@dataclass
class PageReport:
    number: int
    spans: list[Span]
    outside: list[Span] = field(default_factory=list)
    overlaps: list[tuple[Span, Span]] = field(default_factory=list)

    @property
    def min_size(self) -> float:
        return min((s.size for s in self.spans), default=float("inf"))


def _overlap(a: Span, b: Span) -> bool:
    w = min(a.bbox[2], b.bbox[2]) - max(a.bbox[0], b.bbox[0])
    h = min(a.bbox[3], b.bbox[3]) - max(a.bbox[1], b.bbox[1])
    return w > OVERLAP_PT and h > OVERLAP_PT


def measure_pdf(path: Path, font: str = "DejaVu") -> list[PageReport]:
    """Per page of ``path``: the text spans set in ``font`` (the figures' font, so a deck's own
    frame titles are left out), those whose box leaves the page, and the pairs that overlap.

    Boxes are PyMuPDF's with small glyph heights (the font size tall, not the font's ascender
    to descender), so two lines of one label do not count as overlapping.
    """
    import pymupdf

    pymupdf.TOOLS.set_small_glyph_heights(True)
    reports = []
    with pymupdf.open(str(path)) as doc:
        for page in doc:
            rect = page.rect
            spans = []
            # every span, also those beyond the page (PyMuPDF drops them by default)
            flags = pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_MEDIABOX_CLIP
            blocks = page.get_text("dict", flags=flags, clip=pymupdf.INFINITE_RECT())["blocks"]
            for block in blocks:
                for line in block.get("lines", []):
                    for s in line["spans"]:
                        if not s["text"].strip() or font not in s["font"]:
                            continue
                        spans.append(Span(s["text"], float(s["size"]), s["font"], tuple(s["bbox"])))
            rep = PageReport(page.number, spans)
            tol = 0.25
            rep.outside = [
                s
                for s in spans
                if s.bbox[0] < rect.x0 - tol
                or s.bbox[1] < rect.y0 - tol
                or s.bbox[2] > rect.x1 + tol
                or s.bbox[3] > rect.y1 + tol
            ]
            rep.overlaps = [(a, b) for a, b in itertools.combinations(spans, 2) if _overlap(a, b)]
            reports.append(rep)
    return reports


def compile_deck(
    folder: Path, frames: list[str], name: str = "slides", pages: int | None = None
) -> Path:
    """``frames`` (Beamer frame code naming files in ``folder``) as one 16:9 deck compiled with
    pdflatex in ``folder``; returns the PDF, which must have ``pages`` pages (default: one a
    frame). AssertionError with the log's end on failure."""
    exe = shutil.which("pdflatex")
    assert exe, "pdflatex is needed: apt-get install texlive-latex-recommended"
    doc = BEAMER_169 + "\\begin{document}\n" + "\n".join(frames) + "\n\\end{document}\n"
    (folder / f"{name}.tex").write_text(doc, encoding="utf-8")
    r = subprocess.run(
        [exe, "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=600,
    )
    log = (folder / f"{name}.log").read_text(encoding="utf-8", errors="replace")
    assert r.returncode == 0, log[-3000:]
    found = re.search(rf"Output written on {name}\.pdf \((\d+) pages?", log)
    want = len(frames) if pages is None else pages
    assert found and int(found.group(1)) == want, log[-1000:]
    return folder / f"{name}.pdf"
