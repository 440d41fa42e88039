"""Claims: each caption sentence about the picture is checked on the entry's own numbers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_vizdl
from vizdl.gallery.claims import ClaimError, claim, evaluate, fill, lecture, placeholder
from vizdl.gallery.registry import GalleryError, load_gallery


def _build(demo: Path, mode: str, monkeypatch: pytest.MonkeyPatch, *args: str):
    monkeypatch.setenv("VIZDL_DEMO_CLAIM", mode)
    return run_vizdl(
        "build",
        "--only",
        "epsilon",
        "--out",
        "site",
        *args,
        cwd=demo,
        env={"VIZDL_DEMO_CLAIM": mode},
    )


def test_a_claim_that_holds_is_recorded_and_fills_the_caption(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = _build(demo, "holds", monkeypatch)
    assert run.returncode == 0, run.stderr
    meta = json.loads((demo / "site/entries/epsilon/meta.json").read_text())
    (rises, lecture_says) = meta["claims"]
    slope = rises["measured"]["slope"]
    assert rises["holds"] is True and 0.5 < slope < 1.5  # the demo line has slope 1 + noise
    assert rises["text"] == f"The line rises: its fitted slope is {slope:.2f}."
    assert meta["caption"] == f"A line whose fitted slope is {slope:.2f}."
    assert lecture_says == {
        "text": "Lines go up.",
        "holds": True,
        "measured": {},
        "lecture": True,
        "check": "demo_code.checks:rises_again",
    }
    page = (demo / "site/entries/epsilon/index.html").read_text()
    assert f"A line whose fitted slope is {slope:.2f}." in page
    assert "✓</span> The line rises" in page and "The lecture says:</em> Lines go up." in page
    assert f"slope = {slope:g}" in page


def test_a_claim_that_does_not_hold_fails_the_entry_and_publishes_nothing(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = _build(demo, "fails", monkeypatch)
    assert run.returncode == 1
    assert "claim does not hold: 'The line rises: its fitted slope is -" in run.stderr + run.stdout
    folder = demo / "site/entries/epsilon"
    assert not (folder / "meta.json").exists() and not (folder / "epsilon.png").exists()
    failed = json.loads((folder / "failed.json").read_text())
    assert failed["claims"][0]["holds"] is False and failed["claims"][0]["measured"]["slope"] < 0
    page = (folder / "index.html").read_text()
    assert "✗</span> The line rises" in page and "(does not hold)" in page
    assert "the build refused to publish the picture" in page
    index = (demo / "site/index.html").read_text()
    assert "claim does not hold" in index  # the red card says why


def test_a_broken_check_fails_the_entry_with_its_name(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = _build(demo, "broken", monkeypatch)
    assert run.returncode == 1
    failed = json.loads((demo / "site/entries/epsilon/failed.json").read_text())
    assert "check demo_code.checks:broken returned float, not a Verdict" in failed["error"]


def test_vizdl_check_reads_the_stored_result_and_exits_1_on_a_false_claim(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _build(demo, "holds", monkeypatch).returncode == 0
    stored = sorted((demo / "site/.cache/compute").glob("*.npz"))
    env = {"VIZDL_DEMO_CLAIM": "holds"}
    run = run_vizdl("check", "--out", "site", cwd=demo, env=env)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("✓ epsilon: The line rises: its fitted slope is ")
    assert "“ agrees epsilon: Lines go up." in run.stdout
    assert "2 claims in 1 entries, 0 failing; 3 entries make no claims yet" in run.stderr
    assert sorted((demo / "site/.cache/compute").glob("*.npz")) == stored  # read, not recomputed
    run = run_vizdl("check", "--out", "site", cwd=demo, env={"VIZDL_DEMO_CLAIM": "fails"})
    assert run.returncode == 1 and run.stdout.startswith("✗ epsilon: The line rises")
    run = run_vizdl("check", "nope", cwd=demo, env=env)
    assert run.returncode == 1 and "no entry named 'nope'" in run.stderr
    run = run_vizdl("check", "zz*", cwd=demo, env=env)  # a glob names no option it came from
    assert run.returncode == 1 and "'zz*' matches no entry" in run.stderr
    assert "--only" not in run.stderr
    assert "Traceback" not in run.stderr


def test_editing_a_claim_makes_its_entry_stale(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _build(demo, "holds", monkeypatch).returncode == 0
    g = demo / "gallery/demo.py"
    g.write_text(g.read_text().replace("The line rises:", "The line goes up:"))
    run = run_vizdl(
        "build",
        "--only",
        "epsilon",
        "--out",
        "site",
        "--dry-run",
        cwd=demo,
        env={"VIZDL_DEMO_CLAIM": "holds"},
    )
    assert "claims changed" in run.stdout + run.stderr


def test_templates() -> None:
    assert fill("slope {s:.2f}", {"s": 0.123}) == "slope 0.12"
    assert placeholder("slope {s:.2f} and {t}") == "slope … and …"
    with pytest.raises(ClaimError, match="quotes t, which no check of this entry measures"):
        fill("{t}", {"s": 1})
    with pytest.raises(ClaimError, match="must be a plain name"):
        claim("{a.b}", "m:f")
    with pytest.raises(ClaimError, match="must look like 'pkg.module:function'"):
        claim("text", "not a ref")
    records, caption = evaluate((lecture("Quoted only."),), object(), "No numbers.")
    assert records[0]["holds"] is None and caption == "No numbers."


def test_optional_parts_of_a_caption_follow_their_claims() -> None:
    # a [[part]] stays when all it quotes was measured, else it goes (with its brackets)
    assert fill("A.[[ B {b}.]][[ C {c}.]] D.", {"b": 1}) == "A. B 1. D."
    assert fill("A.[[ B {b}.]] D.", {}) == "A. D."
    assert placeholder("A.[[ B {b}.]]") == "A. B …."
    with pytest.raises(ClaimError, match="quotes a"):
        fill("{a}[[ {b}]]", {"b": 2})  # outside [[...]] a field nothing measures is an error


def _applies(r):  # checks of the test below, found by name: tests.gallery.test_claims:...
    from vizdl.checks import verdict

    return verdict(r == "mine", x=3)


def _not_here(r):
    from vizdl.checks import not_applicable, verdict

    return verdict(False, y=4) if r == "lecture's" else not_applicable("written for another race")


def test_a_claim_about_other_settings_is_left_out_not_failed() -> None:
    from vizdl.gallery.claims import failed_claims

    claims = (
        claim("x is {x}", "tests.gallery.test_claims:_applies"),
        claim("y is {y}", "tests.gallery.test_claims:_not_here"),
    )
    records, caption = evaluate(claims, "mine", "X {x}.[[ Y {y}.]]")
    assert caption == "X 3."
    assert records[1]["applies"] is False and records[1]["reason"] == "written for another race"
    assert records[1]["holds"] is None and records[1]["text"] == "y is …"
    assert failed_claims(records) == []
    # where it applies, a claim that does not hold fails as before
    records, caption = evaluate(claims, "lecture's", "X {x}.[[ Y {y}.]]")
    assert caption == "X 3. Y 4." and [r["text"] for r in failed_claims(records)] == [
        "x is 3",
        "y is 4",
    ]


def test_a_caption_that_quotes_numbers_needs_a_claim_that_measures_them(tmp_path: Path) -> None:
    (tmp_path / "gallery").mkdir()
    (tmp_path / "gallery" / "g.py").write_text(
        "from vizdl.gallery import topic\n"
        "t = topic('x', 'X')\n"
        "t.figure('a', title='A', compute='m:f', draw='m:d', caption='slope {s:.2f}')\n"
    )
    with pytest.raises(GalleryError, match="the caption quotes s, but no claim measures them"):
        load_gallery(tmp_path)


def test_every_check_the_gallery_uses_has_a_test_of_its_own() -> None:
    """Each claim's check is named in tests/checks/, where a test makes it fail on data that
    contradict it (a check nothing can fail would be a caption nothing checks)."""
    root = Path(__file__).resolve().parents[2]
    reg = load_gallery(root)
    tests = "\n".join(p.read_text() for p in (root / "tests" / "checks").glob("test_*.py"))
    refs = {c.check for e in reg.entries.values() for c in e.claims if c.check}
    assert refs, "the gallery makes no checked claims"
    untested = sorted(r for r in refs if r.rpartition(":")[2] not in tests)
    assert not untested, f"checks without a test in tests/checks/: {untested}"
