"""Fashion-MNIST (and MNIST) from IDX files, read without torchvision.

The files come from Debian's ``dataset-fashion-mnist`` package (``/usr/share/datasets/fashion-mnist``)
or any folder of IDX files: plain or gzip, flat or in torchvision's ``raw/`` layout. Nothing is ever
downloaded: a missing or corrupt file raises :class:`DataError` with the install hint.
"""

from __future__ import annotations

import gzip
import hashlib
import math
import os
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

__all__ = [
    "CLASSES",
    "DEFAULT_DIRS",
    "DataError",
    "Dataset",
    "find_data_dir",
    "read_idx",
    "load",
    "standardized_rows",
    "standardized_sample",
]

CLASSES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)
DEFAULT_DIRS = (
    "/usr/share/datasets/fashion-mnist",
    "~/.cache/vizdl/fashion-mnist",
)
INSTALL_HINT = (
    "install Debian's package with `apt-get install dataset-fashion-mnist`, or pass --data-dir "
    "(or set VIZDL_DATA_DIR) to a folder holding the four IDX files "
    "(train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-...)"
)
_FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}
# IDX magic: two zero bytes, a type code (0x08 = unsigned byte) and the number of dimensions.
_MAGIC = {3: 0x00000803, 1: 0x00000801}


class DataError(ValueError):
    """A data folder or IDX file that cannot be used; the message says what to do."""


@dataclass(frozen=True)
class Dataset:
    """Images ``(N, 28, 28)`` uint8 and labels ``(N,)`` int64 of one split, with where they came from."""

    images: np.ndarray
    labels: np.ndarray
    split: str
    source: str


def _candidates(folder: Path, stem: str) -> list[Path]:
    out = []
    for base in (folder, folder / "raw", folder / "FashionMNIST" / "raw"):
        out += [base / stem, base / f"{stem}.gz"]
    return out


def _has_files(folder: Path) -> bool:
    return all(
        any(p.is_file() for p in _candidates(folder, stem))
        for pair in _FILES.values()
        for stem in pair
    )


def find_data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """The folder to read from: ``data_dir`` if given, else ``$VIZDL_DATA_DIR``, else a default one.

    Raises :class:`DataError` naming the folders tried when none holds the IDX files.
    """
    if data_dir is not None:
        folder = Path(data_dir).expanduser()
        if not folder.exists():
            raise DataError(f"data folder {str(folder)!r} does not exist; {INSTALL_HINT}")
        if not folder.is_dir():
            raise DataError(f"data folder {str(folder)!r} is a file, not a folder; {INSTALL_HINT}")
        if not _has_files(folder):
            raise DataError(
                f"data folder {str(folder)!r} holds no Fashion-MNIST/MNIST IDX files; {INSTALL_HINT}"
            )
        return folder
    tried = []
    env = os.environ.get("VIZDL_DATA_DIR")
    for cand in ([env] if env else []) + list(DEFAULT_DIRS):
        folder = Path(cand).expanduser()
        tried.append(str(folder))
        if folder.is_dir() and _has_files(folder):
            return folder
    raise DataError(f"Fashion-MNIST not found (looked in {', '.join(tried)}); {INSTALL_HINT}")


def read_idx(path: str | os.PathLike) -> np.ndarray:
    """Read one IDX file (plain or gzip) of unsigned bytes, checking its magic number and size."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read IDX file {str(path)!r}: {exc}; {INSTALL_HINT}") from None
    return _parse_idx(raw, path)


def _parse_idx(raw: bytes, path: Path) -> np.ndarray:
    """The array in an IDX file's bytes ``raw`` (gzip or plain), read from ``path``."""
    try:
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
    # zlib.error: a damaged deflate stream inside an intact gzip header; EOFError: a cut-off one
    except (OSError, EOFError, zlib.error) as exc:
        raise DataError(f"cannot read IDX file {str(path)!r}: {exc}; {INSTALL_HINT}") from None
    if len(raw) < 4 or raw[0:2] != b"\x00\x00" or raw[2] != 0x08 or raw[3] not in _MAGIC:
        raise DataError(
            f"{str(path)!r} is not an IDX file of unsigned bytes (magic {raw[:4].hex() or 'empty'},"
            f" expected 00000801 or 00000803); {INSTALL_HINT}"
        )
    ndim = raw[3]
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise DataError(
            f"{str(path)!r} is truncated: {len(raw)} bytes, too short for the header of "
            f"{ndim} dimension{'s' * (ndim != 1)} ({header} bytes); {INSTALL_HINT}"
        )
    dims = tuple(int.from_bytes(raw[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    # math.prod: exact for any header (np.prod wraps around at 2**63 and could match by accident)
    expected = header + math.prod(dims)
    if len(raw) != expected:
        raise DataError(
            f"{str(path)!r} is truncated or corrupt: its header says shape "
            f"{' x '.join(map(str, dims))} ({expected:,} bytes with the header) but it holds "
            f"{len(raw):,} bytes; {INSTALL_HINT}"
        )
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(dims)


# Decoded IDX arrays of this process, by file and a hash of its bytes: inflating the 26 MB of
# training images takes ~0.4 s (hashing the file's bytes a tenth of that), and one computation may
# ask for them several times (one split per seed). A file rewritten in place, even within the
# file system's timestamp resolution, has other bytes and is decoded again. In memory only.
_DECODED: dict[tuple[str, bytes], np.ndarray] = {}


def _read_cached(path: Path) -> np.ndarray:
    """:func:`read_idx` of ``path``, decoded once per process while its bytes are unchanged.
    The array is read-only (as ``read_idx``'s own, a view of the file's bytes), so no caller can
    change what the next one gets."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read IDX file {str(path)!r}: {exc}; {INSTALL_HINT}") from None
    name = str(path.resolve())
    key = (name, hashlib.blake2b(raw, digest_size=16).digest())
    arr = _DECODED.get(key)
    if arr is None:
        arr = _parse_idx(raw, path)
        arr.flags.writeable = False
        for old in [k for k in _DECODED if k[0] == name]:  # keep one version per file
            del _DECODED[old]
        _DECODED[key] = arr
    return arr


def _file(folder: Path, stem: str) -> Path:
    for p in _candidates(folder, stem):
        if p.is_file():
            return p
    raise DataError(f"{stem}[.gz] is missing from {str(folder)!r}; {INSTALL_HINT}")


def load(split: str = "train", data_dir: str | os.PathLike | None = None) -> Dataset:
    """One split (``"train"``: 60,000 images, ``"test"``: 10,000) of Fashion-MNIST (or MNIST)."""
    if split not in _FILES:
        raise ValueError(f"unknown split {split!r}; allowed: {', '.join(_FILES)}")
    folder = find_data_dir(data_dir)
    img_path, lab_path = (_file(folder, stem) for stem in _FILES[split])
    images, labels = _read_cached(img_path), _read_cached(lab_path)
    if images.ndim != 3 or labels.ndim != 1:
        raise DataError(
            f"{str(img_path)!r} must hold images (3 dimensions) and {str(lab_path)!r} labels "
            f"(1 dimension); got {images.ndim} and {labels.ndim}"
        )
    if images.shape[1:] != (28, 28):
        raise DataError(
            f"{str(img_path)!r} holds images of {images.shape[1]} x {images.shape[2]} pixels; "
            f"Fashion-MNIST/MNIST images are 28 x 28"
        )
    if len(images) == 0:
        raise DataError(f"{str(img_path)!r} holds no images (shape 0 x 28 x 28); {INSTALL_HINT}")
    if len(images) != len(labels):
        raise DataError(
            f"{len(images)} images in {str(img_path)!r} but {len(labels)} labels in "
            f"{str(lab_path)!r}; the files do not match"
        )
    if labels.size and labels.max() >= len(CLASSES):
        raise DataError(f"labels in {str(lab_path)!r} go up to {labels.max()}; expected 0-9")
    return Dataset(images, labels.astype(np.int64), split, str(folder))


def standardized_sample(
    n: int, seed: int = 0, data_dir: str | os.PathLike | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """``n`` random training images as rows of 784 floats standardized to mean 0, variance 1, and
    their labels (int64), in the order of the images in the file.

    One global mean and standard deviation (over all pixels of the chosen rows), so ``Var(x) = 1``
    as the initialization theory assumes; the pixels keep their real correlations.
    """
    ds = load("train", data_dir)
    if not 1 <= n <= len(ds.images):
        raise ValueError(f"n must be between 1 and {len(ds.images)}, got {n!r}")
    idx = np.sort(np.random.default_rng(seed).choice(len(ds.images), size=n, replace=False))
    x = ds.images[idx].reshape(n, -1).astype(np.float64)
    return (x - x.mean()) / x.std(), ds.labels[idx]


def standardized_rows(
    n: int, seed: int = 0, data_dir: str | os.PathLike | None = None
) -> np.ndarray:
    """The rows of :func:`standardized_sample` without their labels."""
    return standardized_sample(n, seed, data_dir)[0]
