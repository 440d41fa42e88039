"""The numbers an entry publishes: data.csv is real CSV with plain numbers."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from vizdl.gallery.runner import write_data


@dataclass(frozen=True)
class _Result:
    x: np.ndarray

    def table(self) -> dict:
        return {"label": ["(3.0, 2.0)", 'say "hi"', "plain"], "x": [0.1, float("nan"), 2.0]}


def test_csv_fields_with_commas_or_quotes_are_quoted(tmp_path: Path) -> None:
    write_data(tmp_path, _Result(np.arange(3.0)))
    text = (tmp_path / "data.csv").read_text()
    rows = list(csv.reader(text.splitlines()))
    assert rows == [["label", "x"], ["(3.0, 2.0)", "0.1"], ['say "hi"', ""], ["plain", "2.0"]]
    assert text.splitlines()[3] == "plain,2.0" and "np." not in text
