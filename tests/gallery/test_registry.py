"""Registering entries through a topic object."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from vizdl.gallery.registry import GalleryError, load_gallery

CONTENT = """
from vizdl.gallery import knob, topic

t = topic("demo", "Demo", lecture="002", order=3)
t.figure("solo", title="Solo", compute="m:f", draw="m:d", params=dict(a=knob(1, "a", low=0)))
fig, anim = t.pair(
    "both",
    title="Both",
    compute="m:f",
    draw="m:d",
    scene="m:S",
    params=dict(n=knob(3, "how many", low=1, high=9)),
    figsize=(8.0, 4.5),
    caption="Shared caption.",
    equation="$y$",
    equation_note="note",
    animation_formats=("mp4", "gif"),
)
t.pair("other", title="Other", compute="m:g", draw="m:d", scene="m:S",
       caption="Figure's.", animation_title="Moving", animation_caption="Animation's.")
"""


def _load(tmp_path: Path, content: str):
    (tmp_path / "gallery").mkdir()
    (tmp_path / "gallery" / "demo.py").write_text(content)
    return load_gallery(tmp_path)


def test_pair_registers_a_figure_and_its_animation_on_one_simulation(tmp_path: Path) -> None:
    reg = _load(tmp_path, CONTENT)
    assert list(reg.entries) == ["solo", "both", "both-animation", "other", "other-animation"]
    assert {e.topic for e in reg.entries.values()} == {"demo"}
    fig, anim = reg.entries["both"], reg.entries["both-animation"]
    assert (fig.kind, anim.kind) == ("figure", "animation")
    assert fig.compute == anim.compute == "m:f"
    assert dict(fig.params) == dict(anim.params) == {"n": 3}
    assert anim.title == "Both (animation)" and anim.caption == fig.caption == "Shared caption."
    assert anim.equation == fig.equation and anim.equation_note == fig.equation_note == "note"
    assert fig.figsize == (8.0, 4.5) and fig.formats == ("png", "svg", "pdf")
    assert anim.formats == ("mp4", "gif") and anim.scene == "m:S" and anim.draw is None
    other = reg.entries["other-animation"]
    assert other.title == "Moving" and other.caption == "Animation's."
    assert reg.entries["other"].caption == "Figure's."


def test_an_entry_pickles_to_a_worker_unchanged(tmp_path: Path) -> None:
    reg = _load(tmp_path, CONTENT)
    e = reg.entries["both-animation"]
    back = pickle.loads(pickle.dumps(e))
    assert back == e and dict(back.params) == {"n": 3} and back.order == e.order
    with pytest.raises(TypeError):
        back.params["n"] = 4  # still read-only
    assert dict(e.with_params(n=5).params) == {"n": 5} and dict(e.params) == {"n": 3}


def test_a_pair_whose_animation_name_is_taken_is_refused(tmp_path: Path) -> None:
    content = CONTENT + 't.figure("solo-animation", title="x", compute="m:f", draw="m:d")\n'
    content += 't.pair("solo", title="x", compute="m:f", draw="m:d", scene="m:S")\n'
    with pytest.raises(GalleryError, match="'solo' is registered twice"):
        _load(tmp_path, content)
