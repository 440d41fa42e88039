"""vizdl.store: results round-trip exactly without pickle, and a file chooses no code."""

from __future__ import annotations

import dataclasses
import io
import os
import types
import typing
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from vizdl import store


@dataclass(frozen=True)
class Inner:
    a: np.ndarray
    label: str


@dataclass(frozen=True)
class Outer:
    inner: Inner
    items: tuple[Inner, ...]
    table: dict
    values: list
    scalar: np.float64
    count: np.int64
    flag: bool
    big: int
    nan: float
    none: None
    where: Path

    def __post_init__(self) -> None:  # must not run again when loading
        raise AssertionError("__post_init__ ran on load")


def _outer() -> Outer:
    rng = np.random.default_rng(0)
    obj = object.__new__(Outer)
    vals = dict(
        inner=Inner(rng.standard_normal((3, 4)), "x"),
        items=(Inner(np.arange(5, dtype=np.int16), "i"), Inner(np.array([True, False]), "b")),
        table={1: (2.5, "s"), "k": np.array(["ab", "c"]), (1, 2): None},
        values=[1, [2.0, float("inf")], {"nested": np.float32(1.5)}],
        scalar=np.float64(np.pi),
        count=np.int64(-7),
        flag=True,
        big=2**70 + 1,
        nan=float("nan"),
        none=None,
        where=Path("a/b.pt"),
    )
    for k, v in vals.items():
        object.__setattr__(obj, k, v)
    return obj


def _allowed(module: str) -> bool:
    return module in (__name__, "vizdl") or module.startswith("vizdl.")


def test_a_result_round_trips_exactly() -> None:
    src = _outer()
    got, info = store.loads(store.dumps(src, {"compute": "m:f"}), _allowed)
    assert info == {"compute": "m:f"}
    assert type(got) is Outer and type(got.inner) is Inner
    assert got.inner.a.dtype == np.float64 and np.array_equal(got.inner.a, src.inner.a)
    assert got.inner.a.tobytes() == src.inner.a.tobytes()  # bit for bit
    assert isinstance(got.items, tuple) and got.items[0].a.dtype == np.int16
    assert got.table == {1: (2.5, "s"), "k": got.table["k"], (1, 2): None}
    assert list(got.table["k"]) == ["ab", "c"]
    assert got.values[:2] == [1, [2.0, float("inf")]] and isinstance(got.values[1], list)
    assert type(got.values[2]["nested"]) is np.float32
    assert type(got.scalar) is np.float64 and got.scalar == np.pi
    assert type(got.count) is np.int64 and got.count == -7
    assert got.flag is True and got.big == 2**70 + 1 and np.isnan(got.nan)
    assert got.none is None and got.where == Path("a/b.pt")


def test_the_bytes_are_reproducible() -> None:
    assert store.dumps(_outer()) == store.dumps(_outer())


def test_what_cannot_be_stored_is_refused_before_writing(tmp_path: Path) -> None:
    with pytest.raises(store.StoreError, match=r"result\[0\]: a builtins.object cannot be stored"):
        store.save(tmp_path / "r.npz", [object()])
    with pytest.raises(store.StoreError, match="dtype object"):
        store.dumps(np.array([1, "a"], dtype=object))
    assert list(tmp_path.iterdir()) == []


def test_a_file_cannot_name_a_class_outside_the_project() -> None:
    data = store.dumps(Inner(np.zeros(2), "x"))
    with pytest.raises(store.StoreError, match="is not one this project defines"):
        store.loads(data, lambda m: m.startswith("vizdl."))
    # Hand-edit the spec to point at a callable elsewhere: refused, nothing imported or called.
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    spec = np.lib.format.read_array(io.BytesIO(members["__spec__.npy"])).tobytes()
    for target in (b"os:system", b"subprocess:Popen", b"vizdl.store:save"):
        evil = spec.replace(f"{__name__}:Inner".encode(), target)
        buf = io.BytesIO()
        np.lib.format.write_array(buf, np.frombuffer(evil, np.uint8))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as zf:
            for n, b in members.items():
                zf.writestr(n, buf.getvalue() if n == "__spec__.npy" else b)
        with pytest.raises(store.StoreError):
            store.loads(out.getvalue(), _allowed)


def test_an_object_array_is_never_unpickled(tmp_path: Path) -> None:
    flag = tmp_path / "ran"

    class Boom:
        def __reduce__(self):
            return (os.system, (f"touch {flag}",))

    buf = io.BytesIO()
    np.lib.format.write_array(buf, np.array([Boom()], dtype=object), allow_pickle=True)
    f = tmp_path / "evil.npz"
    with zipfile.ZipFile(f, "w") as zf:
        zf.writestr("__spec__.npy", buf.getvalue())
        zf.writestr("a0.npy", buf.getvalue())
    with pytest.raises(store.StoreError, match="not a stored result"):
        store.load(f)
    assert not flag.exists()


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 junk", b"\x80\x04pickle", b"x" * 100])
def test_damaged_files_raise_store_error(data: bytes) -> None:
    with pytest.raises(store.StoreError):
        store.loads(data)


# Every result type the simulations return must be storable: checked on the declared field types
# (computing every result here would train networks), and one real result end to end below.
_OK_LEAVES = (np.ndarray, np.generic, bool, int, float, str, type(None), Path)


def _storable(tp: object, seen: set) -> str | None:
    origin = typing.get_origin(tp)
    if tp in (typing.Any, object):
        return f"{tp!r} says nothing about what is stored"
    if origin in (typing.Union, types.UnionType):
        return next((r for a in typing.get_args(tp) if (r := _storable(a, seen))), None)
    if origin in (tuple, list, dict, typing.Mapping):
        args = [a for a in typing.get_args(tp) if a is not Ellipsis]
        return next((r for a in args if (r := _storable(a, seen))), None)
    if origin is not None:
        return _storable(origin, seen)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if tp in seen:
            return None
        seen.add(tp)
        hints = typing.get_type_hints(tp)
        for f in dataclasses.fields(tp):
            r = _storable(hints[f.name], seen)
            if r:
                return f"{tp.__name__}.{f.name}: {r}"
        return None
    if isinstance(tp, type) and (issubclass(tp, _OK_LEAVES) or tp in (tuple, list, dict)):
        return None
    return f"{tp!r} is not a type the store writes"


def test_every_gallery_result_type_is_storable() -> None:
    from vizdl.gallery.registry import load_gallery
    from vizdl.gallery.runner import import_ref

    root = Path(__file__).resolve().parent.parent
    refs = sorted({e.compute for e in load_gallery(root).entries.values()})
    problems = []
    for ref in refs:
        ret = typing.get_type_hints(import_ref(ref)).get("return")
        assert ret is not None, f"{ref} declares no return type"
        if r := _storable(ret, set()):
            problems.append(f"{ref}: {r}")
    assert len(refs) > 30 and problems == []


def test_a_real_simulation_result_round_trips() -> None:
    from vizdl.sim.optimizers import races

    # a figure's compute: nested dataclasses, arrays, strings, tuples
    result = races.optimizer_race(surface="beale", steps=30, lr=0.01, resolution=20)
    got, _ = store.loads(store.dumps(result))
    a = dict(_flat(result))
    b = dict(_flat(got))
    assert a.keys() == b.keys()
    for k in a:
        if isinstance(a[k], np.ndarray):
            assert a[k].tobytes() == b[k].tobytes() and a[k].dtype == b[k].dtype, k
        else:
            assert a[k] == b[k] or (a[k] != a[k] and b[k] != b[k]), k


def _flat(obj, key=""):
    if dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            yield from _flat(getattr(obj, f.name), f"{key}.{f.name}")
    elif isinstance(obj, tuple | list):
        for i, v in enumerate(obj):
            yield from _flat(v, f"{key}[{i}]")
    else:
        yield key, obj


def _spec_file(root: object, raw_root: str | None = None) -> bytes:
    import json as _json

    body = raw_root if raw_root is not None else _json.dumps(root)
    text = f'{{"format": "{store.FORMAT}", "info": {{}}, "root": {body}}}'.encode()
    buf, out = io.BytesIO(), io.BytesIO()
    np.lib.format.write_array(buf, np.frombuffer(text, np.uint8))
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("__spec__.npy", buf.getvalue())
    return out.getvalue()


@pytest.mark.parametrize(
    "module", ["vizdl.__main__", "vizdl.cli", "vizdl._never_imported", "tests.test_store"]
)
def test_a_file_never_makes_the_loader_import_a_module(module: str) -> None:
    import sys

    before = module in sys.modules
    with pytest.raises(store.StoreError):
        store.loads(_spec_file({"dataclass": f"{module}:Nothing", "fields": {}}), _allowed)
    assert (module in sys.modules) == before


@pytest.mark.parametrize(
    "root",
    [{"int": 1e999}, {"tuple": 5}, {"dict": [[1]]}, {"array": "a9"}, {"dataclass": 3}],
)
def test_odd_structure_records_are_store_errors(root: object) -> None:
    with pytest.raises(store.StoreError):
        store.loads(_spec_file(root), _allowed)
    with pytest.raises(store.StoreError):  # nesting deeper than the recursion limit
        store.loads(_spec_file(None, "[" * 5000 + "0" + "]" * 5000), _allowed)
