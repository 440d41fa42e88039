"""The output folder: whose it is, who is using it, and what vizdl wrote there.

Three promises rest on this module:

- **Nothing the user owns is deleted.** Every path vizdl writes is listed in a manifest
  (:data:`MANIFEST`) beside the site marker *before* it is written, so that ``vizdl clean`` removes
  exactly those (and vizdl's own temp names), and says what it left. A folder that holds the
  project itself, or an ancestor of it, is never an output folder; a non-empty folder that vizdl
  did not build is used only when the user says so, and even then no existing file is overwritten.
- **One build at a time.** An exclusive ``flock`` on :data:`LOCK` in the folder: a second build
  (or a clean) is told which process holds it instead of deleting the first one's working files.
- **A killed build can be cleaned.** The marker and the manifest are written before anything else.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from vizdl import __version__
from vizdl.fileio import is_temp_name, sweep_temps, write_json, write_text
from vizdl.gallery.cache import read_json
from vizdl.gallery.registry import ANIMATION_FORMATS, FIGURE_FORMATS, GalleryError

__all__ = [
    "SITE_MARKER",
    "MANIFEST",
    "LOCK",
    "COMPUTE_CACHE",
    "Manifest",
    "check_output_folder",
    "check_render_folder",
    "check_no_links",
    "output_lock",
    "entry_files",
    "clean_site",
    "CleanReport",
]

SITE_MARKER = ".vizdl-site"
MANIFEST = ".vizdl-manifest.json"
LOCK = ".vizdl-lock"
# Simulation results shared between entries and kept across rebuilds (vizdl.store files).
COMPUTE_CACHE = ".cache/compute"
OWN_TOP = (SITE_MARKER, MANIFEST, LOCK, "index.html", "assets", "entries", ".cache", "explorer")
_CACHE_NAME = re.compile(r"^[0-9a-f]{20}\.(npz|lock|pkl)$")
# What each entry folder can hold (a superset of what one build writes: formats may change).
_ENTRY_FIXED = (
    "meta.json",
    "failed.json",
    "index.html",
    "thumb.png",
    "data.npz",
    "data.json",
    "data.csv",
    "equation.svg",
)


def entry_files(name: str) -> list[str]:
    """Every file vizdl may write in ``entries/NAME/``, relative to the site folder."""
    from vizdl.render import MAX_SLIDES, slide_files

    own = [f"{name}.{fmt}" for fmt in (*FIGURE_FORMATS, *ANIMATION_FORMATS)] + [
        f"{name}.poster.png"
    ]
    # a figure's slide rendition: NAME-slide.pdf (all its slides), NAME-slide[-k].svg/png
    own += sorted({f for fmt in FIGURE_FORMATS for f in slide_files(name, fmt, MAX_SLIDES)})
    return [f"entries/{name}/{f}" for f in (*_ENTRY_FIXED, *own)]


# -- the manifest -------------------------------------------------------------------------------


@dataclass
class Manifest:
    """Paths (relative, POSIX) that vizdl wrote or is about to write in one output folder."""

    out: Path
    files: set[str] = field(default_factory=set)
    dirs: set[str] = field(default_factory=set)
    created_folder: bool = False

    @classmethod
    def load(cls, out: Path) -> Manifest:
        m = cls(Path(out))
        data = read_json(m.out / MANIFEST)
        if not isinstance(data, dict):  # missing or damaged: fall back to the layout vizdl writes
            return m
        files, dirs = data.get("files"), data.get("dirs")
        files = files if isinstance(files, list) else []
        dirs = dirs if isinstance(dirs, list) else []
        m.files = {f for f in files if isinstance(f, str) and _inside(f)}
        m.dirs = {d for d in dirs if isinstance(d, str) and _inside(d)}
        m.created_folder = data.get("created_folder") is True
        return m

    def add(self, paths: Iterable[str]) -> None:
        for p in paths:
            if not _inside(p):
                raise ValueError(f"{p!r} is not a path inside the output folder")
            self.files.add(p)
            parts = p.split("/")[:-1]
            for i in range(1, len(parts) + 1):
                self.dirs.add("/".join(parts[:i]))

    def save(self) -> None:
        write_json(
            self.out / MANIFEST,
            {
                "about": "files written by vizdl; 'vizdl clean' removes these and nothing else",
                "vizdl": __version__,
                "created_folder": self.created_folder,
                "files": sorted(self.files),
                "dirs": sorted(self.dirs),
            },
            only_if_changed=True,
        )


def _inside(rel: str) -> bool:
    parts = rel.split("/")
    return bool(rel) and not rel.startswith("/") and ".." not in parts and "" not in parts


# -- whose folder is it -------------------------------------------------------------------------


def _project_inside(folder: Path, root: Path | None, sources: Iterable[Path]) -> Path | None:
    """The first project marker (root, pyproject.toml, vizdl.toml, .git, a source folder) that
    ``folder`` is or contains, or None."""
    real = Path(folder).resolve()
    for mark in _project_markers(root, sources):
        if mark == real or real in mark.parents:
            return mark
    return None


def _project_markers(root: Path | None, extra: Iterable[Path]) -> list[Path]:
    marks = []
    if root is not None:
        root = root.resolve()
        marks += [root, root / "pyproject.toml", root / "vizdl.toml", root / ".git"]
    return marks + [p.resolve() for p in extra]


def check_output_folder(
    out: Path,
    *,
    root: Path | None,
    sources: Iterable[Path] = (),
    allow_existing: bool = False,
    flag: str = "--into-existing-folder",
) -> None:
    """Raise :class:`GalleryError` unless vizdl may write its site into ``out``.

    Refused: an empty path; a folder that is, or contains, the project (its root, pyproject.toml,
    vizdl.toml, .git, or a source folder in ``sources``: gallery, scenes, the vizdl package); a
    non-empty folder without vizdl's marker unless ``allow_existing``; and even then a folder whose
    ``index.html``, ``assets``, ``entries``, ``explorer`` or ``.cache`` vizdl would overwrite.
    """
    if not str(out).strip():
        raise GalleryError("the output folder is empty; give a folder name, e.g. --out build/site")
    out = Path(out)
    real = out.resolve()
    mark = _project_inside(real, root, sources)
    if mark is not None:
        what = "the project itself" if mark == (root.resolve() if root else None) else mark.name
        raise GalleryError(
            f"output folder {str(out)!r} contains {what} ({mark}); vizdl would write into "
            "(and 'vizdl clean' remove from) your sources: choose a folder of its own, "
            "e.g. build/site"
        )
    if real.exists() and not real.is_dir():
        raise GalleryError(f"output folder {str(out)!r} is a file, not a folder")
    if not real.is_dir() or (real / SITE_MARKER).is_file():
        return
    # vizdl's own lock and manifest (a build killed before it wrote the marker) are not the user's
    present = sorted(
        p.name
        for p in real.iterdir()
        if not is_temp_name(p.name)
        and not (p.name in (LOCK, MANIFEST) and p.is_file() and not p.is_symlink())
    )
    if not present:
        return
    if not allow_existing:
        shown = ", ".join(repr(n) for n in present[:3]) + (" …" if len(present) > 3 else "")
        raise GalleryError(
            f"output folder {str(out)!r} already holds files vizdl did not write ({shown}); "
            f"choose an empty or new folder, or pass {flag} to build beside them"
        )
    clash = [n for n in OWN_TOP if (real / n).exists() or (real / n).is_symlink()]
    if clash:
        raise GalleryError(
            f"output folder {str(out)!r} already has {', '.join(repr(c) for c in clash)}, which "
            "vizdl would overwrite; move it away or choose another folder"
        )


def check_render_folder(
    dest: Path,
    name: str,
    *,
    root: Path | None,
    sources: Iterable[Path] = (),
    formats: Iterable[str] | None = None,
) -> None:
    """Raise :class:`GalleryError` unless ``vizdl render NAME`` may write into ``dest``.

    A render writes a fixed set of files (:func:`entry_files`) beside whatever else the folder
    holds, so a slides folder is fine; refused are folders holding the project, a folder holding
    another entry's render (its meta.json, data and thumbnail would be replaced), and any existing
    file of that set that an earlier render of this entry did not write.
    """
    if not str(dest).strip():
        raise GalleryError("the output folder is empty; give a folder name")
    real = Path(dest).resolve()
    mark = _project_inside(real, root, sources)
    if mark is not None:
        raise GalleryError(
            f"output folder {str(dest)!r} contains the project's sources ({mark}); "
            f"render into a folder of its own, e.g. --out renders/{name}"
        )
    if real.exists() and not real.is_dir():
        raise GalleryError(f"output folder {str(dest)!r} is a file, not a folder")
    if not real.is_dir():
        return

    def record(fname: str) -> dict | None:
        obj = read_json(real / fname)
        return obj if isinstance(obj, dict) and isinstance(obj.get("name"), str) else None

    meta, failed = record("meta.json"), record("failed.json")
    other = next((r["name"] for r in (meta, failed) if r and r["name"] != name), None)
    if other:
        raise GalleryError(
            f"output folder {str(dest)!r} holds the render of {other!r}; render "
            f"{name!r} into a folder of its own, e.g. --out {Path(dest) / name}"
        )
    # An earlier render of this entry may be replaced, but only the files it wrote.
    ours = {"meta.json", "failed.json"}
    if meta and isinstance(meta.get("files"), list):
        ours |= {f for f in meta["files"] if isinstance(f, str)}
    if failed:  # a failed render wrote its data files before failing
        ours |= {"data.npz", "data.json", "data.csv"}
    # the entry's page (index.html) is the site's, not the render's: a deck's own index.html stays
    written = [f.split("/")[-1] for f in entry_files(name) if not f.endswith("/index.html")]
    if formats is not None:  # the figure/video files of other formats are not written this time
        keep = {f"{name}.{fmt}" for fmt in formats} | {f"{name}.mp4", f"{name}.poster.png"}
        others = {f"{name}.{fmt}" for fmt in (*FIGURE_FORMATS, *ANIMATION_FORMATS)} - keep
        written = [f for f in written if f not in others]
    clash = [f for f in written if f not in ours and (real / f).exists()]
    if clash:
        raise GalleryError(
            f"output folder {str(dest)!r} already has {', '.join(repr(c) for c in clash[:3])}, "
            "which vizdl did not write and would overwrite; move it away or choose another folder"
        )


# -- one build at a time ------------------------------------------------------------------------


@contextlib.contextmanager
def output_lock(out: Path, what: str = "build") -> Iterator[None]:
    """Hold an exclusive lock on ``out`` (created if needed) for the duration of the block."""
    import fcntl

    out = Path(out)
    path = out / LOCK
    try:
        # O_NOFOLLOW: a symlink planted as the lock must not make us truncate its target
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    except OSError as exc:
        raise GalleryError(
            f"cannot use {str(path)!r} as the build lock: {exc.strerror or exc}"
        ) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise GalleryError(f"{str(path)!r} is not a regular file; remove it")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                raise GalleryError(f"cannot lock {str(path)!r}: {exc.strerror or exc}") from None
            holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "unknown"
            raise GalleryError(
                f"another vizdl build (pid {holder}) is using {str(out)!r}; wait for it to "
                f"finish, or {what} into another folder"
            ) from None
        try:  # a clean that finished meanwhile unlinked the file we locked: not a lock any more
            same = os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False))
        except FileNotFoundError:
            same = False
        if not same:
            raise GalleryError(
                f"another vizdl process just cleaned {str(out)!r}; run the command again"
            )
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def check_no_links(out: Path, dirs: Iterable[str]) -> None:
    """Refuse a site whose folders vizdl writes into are symlinks or lead outside it (a build
    would write, and unlink meta.json, wherever they point)."""
    base = Path(out).resolve()
    for rel in sorted(set(dirs)):
        path = Path(out) / rel
        if path.is_symlink() or (path.exists() and base not in path.resolve().parents):
            raise GalleryError(
                f"{str(path)!r} is a symbolic link or leads outside the site; vizdl writes "
                "only into folders of its own: remove it"
            )


def claim(out: Path, manifest: Manifest, paths: Iterable[str]) -> None:
    """Write the marker and record ``paths`` in the manifest before any of them is written."""
    if not (out / SITE_MARKER).is_file():
        write_text(out / SITE_MARKER, "This folder was built by vizdl; see .vizdl-manifest.json\n")
    manifest.add([SITE_MARKER, MANIFEST, LOCK, *paths])
    manifest.save()


# -- clean --------------------------------------------------------------------------------------


@dataclass
class CleanReport:
    removed_files: int = 0
    removed_dirs: int = 0
    removed_folder: bool = False
    left: list[str] = field(default_factory=list)


def _legacy_files(out: Path) -> set[str]:
    """What a site built before manifests holds that is vizdl's, read from its layout."""
    from vizdl.gallery.explorer import EXPLORER_FILES

    files = {"index.html", "assets/site.css", SITE_MARKER, LOCK, MANIFEST}
    files |= {f"explorer/{n}" for n in EXPLORER_FILES}
    entries = out / "entries"
    if entries.is_dir() and not entries.is_symlink():
        for d in entries.iterdir():
            if d.is_dir() and not d.is_symlink():
                files.update(entry_files(d.name))
    return files


def clean_site(out: Path, *, root: Path | None, sources: Iterable[Path] = ()) -> CleanReport:
    """Remove what vizdl wrote in ``out`` (the manifest's files, vizdl's temp names and compute
    cache files), then the folders it created if they are empty. Everything else stays."""
    out = Path(out)
    if out.is_symlink():
        raise GalleryError(
            f"{str(out)!r} is a symbolic link (to {os.path.realpath(out)!r}); run 'vizdl clean "
            "--out' on the folder itself"
        )
    if not (out / SITE_MARKER).is_file():
        raise GalleryError(
            f"{str(out)!r} was not built by vizdl (no {SITE_MARKER} marker); not removing it"
        )
    mark = _project_inside(out, root, sources)
    if mark is not None:
        raise GalleryError(
            f"{str(out)!r} contains the project ({mark}); not cleaning it: remove the "
            "gallery's files by hand"
        )
    rep = CleanReport()
    with output_lock(out, "clean"):
        manifest = Manifest.load(out)
        files = set(manifest.files) if manifest.files else _legacy_files(out)
        files.discard(LOCK)  # held open right now: removed last
        dirs = set(manifest.dirs) | {"assets", "entries", ".cache", COMPUTE_CACHE, "explorer"}
        dirs |= {f"entries/{p.split('/')[1]}" for p in files if p.startswith("entries/")}
        base = out.resolve()
        sweep_temps(out)
        cache = out / COMPUTE_CACHE
        if cache.is_dir() and not cache.is_symlink():
            files |= {
                f"{COMPUTE_CACHE}/{p.name}" for p in cache.iterdir() if _CACHE_NAME.match(p.name)
            }
        for rel in sorted(files):
            path = out / rel
            # Never through a symlinked folder: the parent must resolve inside the site.
            if not (path.is_file() or path.is_symlink()):
                continue
            parent = path.parent.resolve()
            if parent != base and base not in parent.parents:
                continue
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                rep.removed_files += 1
        for rel in sorted(dirs, key=lambda d: -d.count("/")):
            path = out / rel
            if path.is_dir() and not path.is_symlink():
                with contextlib.suppress(OSError):  # not empty: something of the user's is there
                    path.rmdir()
                    rep.removed_dirs += 1
        (out / SITE_MARKER).unlink(missing_ok=True)
        (out / MANIFEST).unlink(missing_ok=True)
        (out / LOCK).unlink(missing_ok=True)
    rep.left = sorted(
        str(p.relative_to(out)) for p in out.rglob("*") if p.is_file() or p.is_symlink()
    )
    if manifest.created_folder or not manifest.files:
        with contextlib.suppress(OSError):
            out.rmdir()
            rep.removed_folder = True
    return rep
