"""The columns a result's ``table()`` returns (the engine writes them to ``data.csv``).

Every cell is a plain Python ``int``, ``float``, ``str`` or ``bool``, never a numpy scalar: the CSV
writer prints a float with ``repr``, and numpy 2 writes ``repr(np.float64(0.5))`` as
``np.float64(0.5)``. Two shapes of table cover every result: :func:`columns` (one column per
1-D array or sequence) and :func:`long_table` (one row per cell of same-shaped arrays, with a label
column for each axis).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

__all__ = ["columns", "long_table"]


def _plain(value: object, column: str) -> int | float | str | bool:
    if isinstance(value, np.generic):
        value = value.item()
    if not isinstance(value, int | float | str):  # bool is an int
        raise TypeError(
            f"table column {column!r} holds {value!r} ({type(value).__name__}); a cell must be "
            "an int, float, str or bool"
        )
    return value


def _values(col: object) -> list:
    return col.tolist() if isinstance(col, np.ndarray) else list(col)  # type: ignore[call-overload]


def columns(cols: Mapping[str, Iterable]) -> dict[str, list]:
    """``cols`` (name -> 1-D array or sequence), in order, as lists of plain Python values.

    Raises ``ValueError`` if the columns differ in length, ``TypeError`` for a cell that is not a
    number, string or bool (a nested array, ``None``)."""
    out = {name: [_plain(v, name) for v in _values(col)] for name, col in cols.items()}
    lengths = {name: len(v) for name, v in out.items()}
    if len(set(lengths.values())) > 1:
        raise ValueError(f"table columns differ in length: {lengths}")
    return out


def long_table(
    axes: Sequence[Mapping[str, Sequence]], values: Mapping[str, np.ndarray]
) -> dict[str, list]:
    """One row per cell of the arrays in ``values``, in C order (the last axis varies fastest).

    ``axes[k]`` maps a column name to the labels along axis ``k`` (one axis may have several label
    columns); every array in ``values`` has shape ``(len(axis 0), len(axis 1), ...)``. The columns
    are the label columns, axis by axis, then one column per array."""
    labels = [{name: _values(col) for name, col in axis.items()} for axis in axes]
    shape = tuple(len(next(iter(axis.values()))) for axis in labels)
    for k, axis in enumerate(labels):
        for name, col in axis.items():
            if len(col) != shape[k]:
                raise ValueError(
                    f"label column {name!r} has {len(col)} labels, axis {k} {shape[k]}"
                )
    index = np.indices(shape).reshape(len(shape), -1)
    cols: dict[str, Iterable] = {
        name: [col[i] for i in index[k]]
        for k, axis in enumerate(labels)
        for name, col in axis.items()
    }
    for name, array in values.items():
        a = np.asarray(array)
        if a.shape != shape:
            raise ValueError(f"table values {name!r} have shape {a.shape}, the axes {shape}")
        cols[name] = a.reshape(-1)
    return columns(cols)
