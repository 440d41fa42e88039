"""``vizdl train``: the tiny preset end to end, JSON metrics, and bad input as one clear line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_vizdl

ROOT = Path(__file__).resolve().parent.parent


def test_tiny_preset_prints_json_metrics_and_saves_a_state_dict(tmp_path: Path) -> None:
    r = run_vizdl(
        "train",
        "--preset",
        "tiny",
        "--json",
        "--save",
        str(tmp_path / "m.pt"),
        "--device",
        "auto",
        cwd=ROOT,
    )
    assert r.returncode == 0, r.stderr
    m = json.loads(r.stdout)
    assert {"test_accuracy", "train_loss", "epochs", "seconds"} <= set(m)
    assert m["epochs"] == 1 and m["iterations"] == 30 and 0.5 < m["test_accuracy"] <= 1
    assert m["val_accuracy"] is None  # no validation set in the standard split by default
    assert (tmp_path / "m.pt").stat().st_size > 100_000


def test_human_output_shows_the_model_summary_and_epochs() -> None:
    r = run_vizdl("train", "--limit", "1000", "--epochs", "2", "--split", "lecture", cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert "Total" in r.stderr and "101,770" in r.stderr
    assert "epoch   2/2" in r.stderr and "val acc" in r.stderr
    assert r.stdout.startswith("test accuracy ")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--optimizer", "adamm"], "unknown optimizer 'adamm' (did you mean 'adam'?)"),
        (["--init", "he"], "unknown initializer 'he'"),
        (["--lr", "0"], "learning rate must be > 0, got 0.0"),
        (["--batch-size", "0"], "batch size must be an integer >= 1, got 0"),
        (["--device", "tpu"], "unknown device 'tpu'"),
        (["--hp", "momentum"], "must look like NAME=VALUE"),
        (["--optimizer", "sgd", "--lr", "50"], "training diverged at iteration"),
    ],
)
def test_bad_input_is_one_line_without_traceback(args: list[str], expected: str) -> None:
    r = run_vizdl("train", "--preset", "tiny", *args, cwd=ROOT)
    assert r.returncode != 0
    assert expected in r.stderr
    assert "Traceback" not in r.stderr


def test_a_folder_without_idx_files_names_itself_and_the_fix(tmp_path: Path) -> None:
    r = run_vizdl("train", "--data-dir", str(tmp_path), cwd=ROOT)
    assert r.returncode == 1
    assert r.stderr.startswith("Error: data folder") and str(tmp_path) in r.stderr
    assert "apt-get install dataset-fashion-mnist" in r.stderr
    assert "Traceback" not in r.stderr
