"""Simulation results on disk without pickle: arrays in an ``.npz``, structure as JSON.

Unpickling a file runs whatever code it names, so a compute cache that unpickles makes a copied
output folder a way to run someone else's code. Here a result (frozen dataclasses, tuples, lists,
dicts, numpy arrays and scalars, plain numbers, strings, paths) is written as one ``.npz`` whose
arrays are the result's arrays and whose ``__spec__`` member is the JSON description of the
structure. Loading uses ``np.load(allow_pickle=False)``, so object arrays are refused, and a
dataclass is rebuilt only if its class is a dataclass defined in an allowed module (vizdl's own, or
the project's), imported by name: the file chooses *which* of our classes to fill, never code.

The format round-trips exactly: float64 arrays bit for bit, numpy scalar types, tuples vs lists,
non-string dict keys, NaN and infinities.
"""

from __future__ import annotations

import dataclasses
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

__all__ = ["StoreError", "dumps", "loads", "save", "load", "FORMAT"]

FORMAT = "vizdl-result-1"
_SPEC = "__spec__"
_ARRAY_KINDS = "biufcUSMm"  # bool, ints, floats, complex, str, bytes, datetimes


class StoreError(ValueError):
    """A result that cannot be stored, or a file that is not a stored result."""


def _allowed_default(module: str) -> bool:
    return module == "vizdl" or module.startswith("vizdl.")


# -- encode -----------------------------------------------------------------------------------


def _encode(obj: object, arrays: dict[str, np.ndarray], where: str) -> object:
    # numpy first: np.float64 is also a Python float, and its type must survive the round trip
    if isinstance(obj, np.ndarray | np.generic):
        arr = np.asarray(obj)
        if arr.dtype.kind not in _ARRAY_KINDS or arr.dtype.hasobject:
            raise StoreError(f"{where}: arrays of dtype {arr.dtype} cannot be stored")
        key = f"a{len(arrays)}"
        arrays[key] = arr
        return {"array": key, "scalar": isinstance(obj, np.generic)}
    if obj is None or isinstance(obj, bool | str):
        return obj
    if isinstance(obj, int):
        return {"int": str(obj)} if abs(obj) >= 2**53 else obj
    if isinstance(obj, float):
        return obj if np.isfinite(obj) else {"float": repr(obj)}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        cls = type(obj)
        fields = {
            f.name: _encode(getattr(obj, f.name), arrays, f"{where}.{f.name}")
            for f in dataclasses.fields(obj)
        }
        return {"dataclass": f"{cls.__module__}:{cls.__qualname__}", "fields": fields}
    if isinstance(obj, tuple):
        return {"tuple": [_encode(v, arrays, f"{where}[{i}]") for i, v in enumerate(obj)]}
    if isinstance(obj, list):
        return [_encode(v, arrays, f"{where}[{i}]") for i, v in enumerate(obj)]
    if isinstance(obj, dict):
        return {
            "dict": [
                [_encode(k, arrays, f"{where} key"), _encode(v, arrays, f"{where}[{k!r}]")]
                for k, v in obj.items()
            ]
        }
    if isinstance(obj, Path):
        return {"path": str(obj)}
    raise StoreError(f"{where}: a {type(obj).__module__}.{type(obj).__qualname__} cannot be stored")


def dumps(result: object, info: dict | None = None) -> bytes:
    """The ``.npz`` bytes of ``result`` (plus a JSON-able ``info`` record kept beside it)."""
    arrays: dict[str, np.ndarray] = {}
    spec = {"format": FORMAT, "info": info or {}, "root": _encode(result, arrays, "result")}
    text = json.dumps(spec, sort_keys=True, allow_nan=False).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for key, arr in [(_SPEC, np.frombuffer(text, dtype=np.uint8)), *arrays.items()]:
            member = io.BytesIO()
            np.lib.format.write_array(member, arr, allow_pickle=False)
            zi = zipfile.ZipInfo(f"{key}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(zi, member.getvalue())
    return buf.getvalue()


# -- decode -----------------------------------------------------------------------------------


def _class(ref: str, allowed: Callable[[str], bool]) -> type:
    """The dataclass ``ref`` names, looked up among modules already imported (never imported
    here: importing runs a module's code, and the file must not choose code to run)."""
    import sys

    module, _, qual = ref.partition(":")
    parts = qual.split(".")
    if (
        not module
        or not qual
        or not allowed(module)
        or any(p.startswith("_") for p in [*module.split("."), *parts])
    ):
        raise StoreError(f"class {ref!r} is not one this project defines")
    obj: object = sys.modules.get(module)
    if obj is None:
        raise StoreError(f"class {ref!r}: its module is not loaded by the computation")
    for part in parts:
        obj = getattr(obj, part, None)
    if not (
        isinstance(obj, type)
        and dataclasses.is_dataclass(obj)
        and obj.__module__ == module
        and obj.__qualname__ == qual
    ):
        raise StoreError(f"{ref!r} is not a dataclass defined there")
    return obj


def _decode(node: object, arrays: dict, allowed: Callable[[str], bool]) -> object:
    if node is None or isinstance(node, bool | str | int | float):
        return node
    if isinstance(node, list):
        return [_decode(v, arrays, allowed) for v in node]
    if not isinstance(node, dict) or len(node) == 0:
        raise StoreError(f"unexpected node {node!r:.60}")
    if "array" in node:
        arr = arrays[node["array"]]
        return arr[()] if node.get("scalar") else arr
    if "int" in node:
        return int(node["int"])
    if "float" in node:
        return float(node["float"])
    if "tuple" in node:
        return tuple(_decode(v, arrays, allowed) for v in node["tuple"])
    if "dict" in node:
        return {_decode(k, arrays, allowed): _decode(v, arrays, allowed) for k, v in node["dict"]}
    if "path" in node:
        return Path(node["path"])
    if "dataclass" in node:
        cls = _class(node["dataclass"], allowed)
        stored = node["fields"]
        names = [f.name for f in dataclasses.fields(cls)]
        if sorted(names) != sorted(stored):
            raise StoreError(f"{node['dataclass']} has fields {names}, the file {sorted(stored)}")
        # Filled without calling __init__/__post_init__: the stored object is restored exactly.
        obj = object.__new__(cls)
        for name in names:
            object.__setattr__(obj, name, _decode(stored[name], arrays, allowed))
        return obj
    raise StoreError(f"unexpected node {node!r:.60}")


def loads(data: bytes | Path, allowed: Callable[[str], bool] | None = None) -> tuple[object, dict]:
    """``(result, info)`` from :func:`dumps`' bytes (or a file). Raises :class:`StoreError`.

    ``allowed(module_name)`` says which modules' dataclasses may be rebuilt (default: vizdl's).
    """
    allowed = allowed or _allowed_default
    src = io.BytesIO(data) if isinstance(data, bytes) else data
    try:
        with np.load(src, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
    except Exception as exc:  # zipfile, numpy format and value errors: a damaged or foreign file
        raise StoreError(f"not a stored result ({type(exc).__name__}: {exc})") from None
    if _SPEC not in arrays:
        raise StoreError("not a stored result (no __spec__)")
    try:
        spec = json.loads(arrays.pop(_SPEC).tobytes().decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise StoreError(f"damaged structure record ({exc})") from None
    if not isinstance(spec, dict) or spec.get("format") != FORMAT:
        raise StoreError("not a stored result (unknown format)")
    try:
        return _decode(spec.get("root"), arrays, allowed), dict(spec.get("info") or {})
    except StoreError:
        raise
    except (Exception, RecursionError) as exc:  # any odd shape (overflow, nesting) is damage
        raise StoreError(f"damaged structure record ({type(exc).__name__}: {exc})") from None


def save(path: Path, result: object, info: dict | None = None) -> None:
    """Write ``result`` to ``path`` atomically (the bytes are built first: a result that cannot
    be stored raises :class:`StoreError` before anything is written)."""
    from vizdl.fileio import write_bytes

    write_bytes(Path(path), dumps(result, info))


def load(path: Path, allowed: Callable[[str], bool] | None = None) -> tuple[object, dict]:
    return loads(Path(path), allowed)
