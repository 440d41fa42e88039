"""The example notebook runs in a real Jupyter kernel (nbclient) and shows what it promises:
a vizdl figure inline, pyplot still working after importing vizdl, a refused knob value named
with what is allowed, and an inline video."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory):
    nb = nbformat.read(ROOT / "examples" / "your_own_figure.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.get("outputs"), "the notebook is stored without outputs"
    work = tmp_path_factory.mktemp("nb")  # the kernel's folder: vizdl finds its own gallery
    NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(work)}}
    ).execute()
    return [c for c in nb.cells if c.cell_type == "code"]


def _outputs(cell, kind: str) -> list:
    return [o for o in cell.outputs if o.output_type == kind]


def test_no_cell_raises(executed) -> None:
    for cell in executed:
        assert not _outputs(cell, "error"), cell.source


def test_the_figure_and_the_pyplot_plot_are_shown_inline(executed) -> None:
    fig_cell = next(c for c in executed if c.source.startswith("fig = vizdl.figure"))
    shown = [o for o in fig_cell.outputs if "image/png" in o.get("data", {})]
    assert len(shown) == 1, fig_cell.outputs
    plt_cell = next(c for c in executed if "plt.show()" in c.source)
    assert any("image/png" in o.get("data", {}) for o in plt_cell.outputs), plt_cell.outputs


def test_the_caption_is_filled_from_the_checked_result(executed) -> None:
    cap = next(c for c in executed if c.source.startswith("print(fig.vizdl_caption)"))
    text = "".join(o.text for o in _outputs(cap, "stream"))
    assert "γ = 0.7" in text or "0.7" in text, text
    assert "{" not in text  # no template field left unfilled


def test_a_bad_knob_value_is_one_line_naming_it(executed) -> None:
    cell = next(c for c in executed if "momentum=1.5" in c.source)
    text = "".join(o.text for o in _outputs(cell, "stream")).strip()
    assert text.startswith("entry 'momentum-ravine': momentum = 1.5"), text
    assert "allowed:" in text


def test_the_animation_plays_inline_and_the_backend_is_untouched(executed) -> None:
    cell = next(c for c in executed if c.source.startswith("anim = vizdl.animate"))
    html = [o["data"]["text/html"] for o in cell.outputs if "text/html" in o.get("data", {})]
    assert len(html) == 1 and "<video controls" in html[0]
    assert "data:video/mp4;base64,AAAA" in html[0]  # an MP4 starts with its ftyp box size
    last = executed[-1]
    assert "learning-rate-regimes-animation.mp4" in str(last.outputs[0]["data"]["text/plain"])
