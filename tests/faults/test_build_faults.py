"""Fault injection for the build engine: the user's files, code in data folders, stale output,
damaged state, concurrent builds, kills, and what the build says while it runs."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from tests.conftest import run_vizdl, slow_build
from vizdl import store
from vizdl.cli import cli
from vizdl.config import load_config
from vizdl.gallery.build import BuildOptions, build, plan
from vizdl.gallery.outdir import MANIFEST, SITE_MARKER, output_lock
from vizdl.gallery.registry import GalleryError, load_gallery


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def registry(root: Path):
    cfg = load_config(root)
    return load_gallery(cfg.root, cfg.gallery)


def opts(root: Path, **kw) -> BuildOptions:
    return BuildOptions(out=root / "site", jobs=2, quality="low", **kw)


def load_stored(demo: Path, path: Path) -> tuple:
    """A stored demo result, read as the build reads it (the computation's module imported)."""
    from vizdl.gallery.runner import import_ref

    registry(demo)  # puts the demo project first on sys.path
    import_ref("demo_code.sim:line")
    return store.load(path, lambda m: m.startswith("demo_code"))


def one_error_line(output: str) -> str:
    assert "Traceback" not in output, output
    lines = [ln for ln in output.splitlines() if ln.startswith("Error")]
    assert len(lines) == 1, output
    return lines[0]


def tree(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


# -- nothing the user owns is deleted ------------------------------------------------------------


def test_clean_removes_only_what_vizdl_wrote_in_a_shared_folder(demo: Path) -> None:
    mine = demo / "mine"
    (mine / "thesis").mkdir(parents=True)
    (mine / "thesis/chapter1.tex").write_text("\\chapter{One}")
    (mine / "photos").mkdir()
    (mine / "photos/a.jpg").write_bytes(b"\xff\xd8jpeg")
    before = tree(mine)
    r = invoke("build", "-q", "--out", str(mine))
    assert r.exit_code != 0
    line = one_error_line(r.output)
    assert "already holds files vizdl did not write" in line and "--into-existing-folder" in line
    assert tree(mine) == before  # refused before writing anything
    r = invoke("build", "-q", "--out", str(mine), "--into-existing-folder")
    assert r.exit_code == 0, r.output
    assert (mine / "entries/alpha/alpha.png").is_file()
    assert (mine / "thesis/chapter1.tex").read_text() == "\\chapter{One}"
    # A file the user adds inside the site later is theirs too.
    (mine / "entries/alpha/notes.txt").write_text("my notes")
    r = invoke("clean", "--out", str(mine))
    assert r.exit_code == 0, r.output
    assert "left 3 files vizdl did not write" in r.output
    assert tree(mine) == {**before, "entries/alpha/notes.txt": b"my notes"}


def test_into_existing_folder_never_overwrites_a_file_there(demo: Path) -> None:
    mine = demo / "mine"
    mine.mkdir()
    (mine / "index.html").write_text("<h1>my homepage</h1>")
    r = invoke("build", "-q", "--out", str(mine), "--into-existing-folder")
    assert r.exit_code != 0
    assert "already has 'index.html', which vizdl would overwrite" in one_error_line(r.output)
    assert (mine / "index.html").read_text() == "<h1>my homepage</h1>"
    assert sorted(p.name for p in mine.iterdir()) == ["index.html"]


@pytest.mark.parametrize(
    ("out", "what"),
    [
        (".", "the project itself"),
        ("..", "the project itself"),
        ("gallery", "gallery"),
        ("scenes", "scenes"),
    ],
)
def test_an_output_folder_holding_the_project_is_refused(demo: Path, out: str, what: str) -> None:
    before = tree(demo)
    (demo / "vizdl.toml").write_text(f'gallery = "gallery"\nout = "{out}"\n')
    before["vizdl.toml"] = (demo / "vizdl.toml").read_bytes()
    for args in (["build", "-q"], ["build", "-q", "--into-existing-folder"]):
        r = invoke(*args)
        assert r.exit_code != 0
        line = one_error_line(r.output)
        assert f"contains {what}" in line and "choose a folder of its own" in line
    assert tree(demo) == before


def test_clean_refuses_a_marked_folder_that_holds_the_project(demo: Path) -> None:
    (demo / SITE_MARKER).write_text("")  # e.g. left by an old vizdl that built into "."
    r = invoke("clean", "--out", str(demo))
    assert r.exit_code != 0
    assert "contains the project" in one_error_line(r.output)
    assert (demo / "gallery/demo.py").is_file() and (demo / "vizdl.toml").is_file()


def test_empty_out_is_an_error_not_a_default(demo: Path) -> None:
    r = invoke("build", "--out", "")
    assert r.exit_code != 0
    assert "'--out'" in one_error_line(r.output)
    assert not (demo / "site").exists()


def test_clean_given_a_symlink_answers_clearly(demo: Path) -> None:
    assert invoke("build", "-q").exit_code == 0
    (demo / "link").symlink_to(demo / "site")
    r = invoke("clean", "--out", str(demo / "link"))
    assert r.exit_code != 0
    assert "is a symbolic link" in one_error_line(r.output)
    assert (demo / "site/index.html").is_file()


def test_a_first_build_that_was_sigkilled_can_be_cleaned(demo: Path, tmp_path: Path) -> None:
    with slow_build(demo, tmp_path, start_new_session=True) as proc:
        os.killpg(proc.pid, signal.SIGKILL)  # the build and its workers, with no chance to tidy
        proc.wait(timeout=30)
    assert (demo / "site" / SITE_MARKER).is_file() and (demo / "site" / MANIFEST).is_file()
    r = invoke("clean")
    assert r.exit_code == 0, r.output
    assert not (demo / "site").exists()


# -- one build at a time -------------------------------------------------------------------------


def test_a_build_killed_before_its_marker_leaves_a_folder_the_next_build_accepts(
    demo: Path,
) -> None:
    (demo / "site").mkdir()
    (demo / "site/.vizdl-lock").write_text("12345\n")  # killed between the lock and the marker
    r = invoke("build", "-q")
    assert r.exit_code == 0, r.output
    assert (demo / "site/entries/alpha/alpha.png").is_file()


def test_a_second_build_into_the_same_folder_is_told_who_holds_it(demo: Path) -> None:
    (demo / "site").mkdir()
    (demo / "site" / SITE_MARKER).write_text("")
    with output_lock(demo / "site"):
        r = run_vizdl("build", "--quality", "low", cwd=demo)
        c = run_vizdl("clean", cwd=demo)
    assert r.returncode != 0 and c.returncode != 0
    line = one_error_line(r.stderr)
    assert f"another vizdl build (pid {os.getpid()}) is using" in line
    assert "another vizdl build" in one_error_line(c.stderr)
    assert not (demo / "site/entries").exists()  # the second build wrote nothing
    with pytest.raises(GalleryError, match="another vizdl build"):
        with output_lock(demo / "site"):
            build(registry(demo), opts(demo))


# -- no code runs from a data folder -------------------------------------------------------------


class _Boom:
    def __init__(self, path: str):
        self.path = path

    def __reduce__(self):
        return (os.system, (f"touch {self.path}",))


def test_a_planted_pickle_or_object_npz_in_the_cache_runs_nothing(
    demo: Path, tmp_path: Path
) -> None:
    import pickle
    import zipfile

    assert invoke("build", "-q").exit_code == 0
    cache = demo / "site/.cache/compute"
    stored = sorted(cache.glob("*.npz"))
    assert stored, "the build stores its results"
    pwned = tmp_path / "pwned"
    for i, path in enumerate(stored):
        # The old pickle name and the current name, both with a payload that runs a command.
        path.with_suffix(".pkl").write_bytes(pickle.dumps(_Boom(f"{pwned}-{i}-pkl")))
        arr = np.array([_Boom(f"{pwned}-{i}-npz")], dtype=object)
        with zipfile.ZipFile(path, "w") as zf:
            import io

            buf = io.BytesIO()
            np.lib.format.write_array(buf, arr, allow_pickle=True)
            zf.writestr("__spec__.npy", buf.getvalue())
    for name in ("alpha", "beta", "gamma"):
        (demo / f"site/entries/{name}/meta.json").unlink()
    r = run_vizdl("build", "--quality", "low", cwd=demo)
    assert r.returncode == 0, r.stderr
    assert "recomputing" in r.stderr and "not a stored result" in r.stderr
    assert not list(tmp_path.glob("pwned*")), "a command from the cache folder ran"
    # The results were recomputed and stored again as plain arrays.
    for path in stored:
        result, info = load_stored(demo, path)
        assert info["compute"] == "demo_code.sim:line" and isinstance(result.y, np.ndarray)


def test_force_recomputes_a_stored_result(demo: Path) -> None:
    reg = registry(demo)
    build(reg, opts(demo, only=("alpha",)))
    item = plan(reg, opts(demo, only=("alpha",)))[0]
    path = demo / f"site/.cache/compute/{item.compute_key}.npz"
    result, info = load_stored(demo, path)
    wrong = type(result)(x=result.x, y=result.y + 100.0)  # same type, wrong numbers
    store.save(path, wrong, info)
    (demo / "site/entries/alpha/meta.json").unlink()
    build(reg, opts(demo, only=("alpha",)))
    data = json.loads((demo / "site/entries/alpha/data.json").read_text())
    assert min(data["y"]) > 50  # without --force a stored result is used as it is
    build(reg, opts(demo, only=("alpha",), force=True))
    data = json.loads((demo / "site/entries/alpha/data.json").read_text())
    np.testing.assert_allclose(data["y"], result.y)


def test_a_stored_result_of_the_wrong_type_or_a_folder_in_its_place_is_recomputed(
    demo: Path,
) -> None:
    reg = registry(demo)
    build(reg, opts(demo))
    items = {it.entry.name: it for it in plan(reg, opts(demo))}
    cache = demo / "site/.cache/compute"
    store.save(
        cache / f"{items['alpha'].compute_key}.npz", (1, 2), {"compute": "demo_code.sim:line"}
    )
    (cache / f"{items['beta'].compute_key}.npz").unlink()
    (cache / f"{items['beta'].compute_key}.npz").mkdir()
    for name in ("alpha", "beta", "gamma"):
        (demo / f"site/entries/{name}/meta.json").unlink()
    report = build(reg, opts(demo))
    assert report.failed == [] and len(report.rendered) == 3
    for name in ("alpha", "beta"):
        assert len(json.loads((demo / f"site/entries/{name}/data.json").read_text())["y"]) > 1


# -- no stale output -----------------------------------------------------------------------------


def test_a_truncated_or_edited_output_is_not_cached(demo: Path) -> None:
    reg = registry(demo)
    build(reg, opts(demo))
    png = demo / "site/entries/alpha/alpha.png"
    png.write_bytes(png.read_bytes()[:1000])
    svg = demo / "site/entries/beta/beta.svg"
    text = svg.read_text()
    svg.write_text(text.replace("<svg", "<svG", 1))  # same size, other content
    reasons = {it.entry.name: it.reasons for it in plan(reg, opts(demo)) if not it.cached}
    assert set(reasons) == {"alpha", "beta"}
    assert reasons["alpha"][0].startswith("output changed: alpha.png (1000 bytes")
    assert reasons["beta"] == [
        "output changed: beta.svg (its content differs from what was written)"
    ]
    meta = json.loads((demo / "site/entries/gamma/meta.json").read_text())
    assert set(meta["file_info"]) == set(meta["files"])
    assert all(len(v["sha256"]) == 64 and v["size"] > 0 for v in meta["file_info"].values())
    build(reg, opts(demo))
    assert all(it.cached for it in plan(reg, opts(demo)))


@pytest.mark.parametrize(
    "damage",
    [b"[]", b"null", b"\xff\xfe not utf-8", b'{"files": null}', b"{", b'{"files": ["../../x"]}'],
)
def test_a_damaged_meta_json_means_rebuild_everywhere(demo: Path, damage: bytes) -> None:
    assert invoke("build", "-q").exit_code == 0
    (demo / "site/entries/beta/meta.json").write_bytes(damage)
    # dry run, a build of another entry (beta is outside --only but on the index), then a build
    r = invoke("build", "--dry-run")
    assert r.exit_code == 0 and "beta   figure     stale  (meta.json is damaged)" in r.output
    r = invoke("build", "-q", "--only", "alpha")
    assert r.exit_code == 0, r.output
    index = (demo / "site/index.html").read_text()
    assert 'data-entry="beta"' not in index and 'data-entry="alpha"' in index
    r = invoke("build", "-q")
    assert r.exit_code == 0, r.output
    assert json.loads((demo / "site/entries/beta/meta.json").read_text())["name"] == "beta"


# -- the site, the summary and the progress lines ------------------------------------------------


def test_disk_full_while_writing_the_index(demo: Path, monkeypatch) -> None:
    from vizdl import fileio as vio

    assert invoke("build", "-q").exit_code == 0
    old_index = (demo / "site/index.html").read_text()
    (demo / "vizdl.toml").write_text('gallery = "gallery"\nout = "site"\ntitle = "New title"\n')
    real = vio.atomic_path

    def full(path):
        if Path(path).name == "index.html" and Path(path).parent.name == "site":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real(path)

    monkeypatch.setattr(vio, "atomic_path", full)
    r = invoke("build", "-q")
    assert r.exit_code == 1
    line = one_error_line(r.output)
    assert "No space left on device" in line and "index.html" in line
    assert "0 rendered, 3 cached, 0 failed" in r.output
    assert (demo / "site/index.html").read_text() == old_index
    assert not list((demo / "site").glob(".vizdl-tmp-*"))


def test_a_build_into_a_log_prints_one_line_per_entry_and_the_index_lists_what_was_built(
    demo: Path,
) -> None:
    r = run_vizdl("build", "--quality", "low", "--only", "alpha", "--only", "gamma", cwd=demo)
    assert r.returncode == 0, r.stderr
    lines = [ln for ln in r.stderr.splitlines() if "ok  " in ln]
    assert len(lines) == 2 and {ln.split()[2] for ln in lines} == {"alpha", "gamma"}
    assert all(ln.startswith(("[1/2]", "[2/2]")) and ln.endswith(" s)") for ln in lines)
    index = (demo / "site/index.html").read_text()
    assert 'data-entry="alpha"' in index and 'data-entry="gamma"' in index
    assert 'data-entry="beta"' not in index and "not built yet" not in index
    assert "holds 2 of the gallery's 3 entries" in index
    assert not (demo / "site/entries/beta").exists()
    page = (demo / "site/entries/alpha/index.html").read_text()
    assert "../gamma/index.html" in page and "../beta/index.html" not in page


def test_render_writes_beside_a_users_files_but_never_over_them(demo: Path) -> None:
    slides = demo / "slides"
    slides.mkdir()
    (slides / "lecture.tex").write_text("\\begin{frame}")
    (slides / "index.html").write_text("<section>my reveal.js deck</section>")
    r = invoke("render", "alpha", "--out", str(slides), "--formats", "png")
    assert r.exit_code == 0, r.output
    assert (slides / "alpha.png").is_file() and (
        slides / "lecture.tex"
    ).read_text() == "\\begin{frame}"
    r = invoke("render", "alpha", "--out", str(slides), "--formats", "png")  # its own files: fine
    assert r.exit_code == 0, r.output
    r = invoke("render", "beta", "--out", str(slides))
    assert r.exit_code != 0
    assert "holds the render of 'alpha'" in one_error_line(r.output)
    mine = demo / "mine"
    mine.mkdir()
    (mine / "gamma.png").write_bytes(b"my own picture")
    r = invoke("render", "gamma", "--out", str(mine))
    assert r.exit_code != 0
    assert "already has 'gamma.png'" in one_error_line(r.output)
    assert (mine / "gamma.png").read_bytes() == b"my own picture"
    r = invoke("render", "gamma", "--out", str(demo))
    assert r.exit_code != 0 and "contains the project" in one_error_line(r.output)


def test_symlinks_planted_in_a_site_never_lead_writes_outside(demo: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    # a folder holding only a symlinked lock is not vizdl's; a marked site's lock may not be a link
    (demo / "a").mkdir()
    (demo / "a/.vizdl-lock").symlink_to(victim)
    r = invoke("build", "-q", "--out", str(demo / "a"))
    assert r.exit_code != 0 and "already holds files" in one_error_line(r.output)
    (demo / "a" / SITE_MARKER).write_text("")
    r = invoke("build", "-q", "--out", str(demo / "a"))
    assert r.exit_code != 0 and "as the build lock" in one_error_line(r.output)
    # an entry folder that is a link in a built site
    assert invoke("build", "-q").exit_code == 0
    elsewhere = tmp_path / "documents"
    elsewhere.mkdir()
    (elsewhere / "meta.json").write_text("mine")
    shutil.rmtree(demo / "site/entries/alpha")
    (demo / "site/entries/alpha").symlink_to(elsewhere)
    r = invoke("build", "-q")
    assert r.exit_code != 0 and "is a symbolic link" in one_error_line(r.output)
    assert victim.read_text() == "precious" and (elsewhere / "meta.json").read_text() == "mine"
    assert sorted(p.name for p in elsewhere.iterdir()) == ["meta.json"]


def test_odd_shaped_records_are_rebuilt_or_ignored_not_tracebacks(demo: Path) -> None:
    assert invoke("build", "-q").exit_code == 0
    meta = demo / "site/entries/alpha/meta.json"
    m = json.loads(meta.read_text())
    m["key_parts"]["code"] = "not a dict"
    meta.write_text(json.dumps(m))
    (demo / "site/entries/beta/meta.json").write_text("[" * 100000)
    r = invoke("build", "--dry-run")
    assert r.exit_code == 0 and "Traceback" not in r.output
    assert "alpha  figure     stale" in r.output and "beta   figure     stale" in r.output
    (demo / "site" / MANIFEST).write_text('{"files": null, "dirs": 5}')
    r = invoke("clean")
    assert r.exit_code == 0, r.output
    assert not (demo / "site").exists()


def test_rerendering_replaces_only_the_files_the_last_render_wrote(demo: Path) -> None:
    out = demo / "one"
    assert invoke("render", "alpha", "--out", str(out), "--formats", "png").exit_code == 0
    (out / "alpha.svg").write_text("<svg>my own drawing</svg>")
    r = invoke("render", "alpha", "--out", str(out), "--formats", "png,svg")
    assert r.exit_code != 0 and "already has 'alpha.svg'" in one_error_line(r.output)
    assert (out / "alpha.svg").read_text() == "<svg>my own drawing</svg>"
    assert invoke("render", "alpha", "--out", str(out), "--formats", "png").exit_code == 0
