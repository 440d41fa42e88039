"""Bad ``vizdl train`` options and damaged IDX files: one ``Error:`` line, a non-zero exit, no
traceback.

Every case runs against a tiny generated data folder (20 training images), and every check fires
before the first epoch, so nothing here trains except the one run that shows good input still
works. A check that fires after the data is read (a bad file, ``--val-size`` above the number of
images) still costs only the read of these few bytes.
"""

from __future__ import annotations

import gzip
import inspect
from pathlib import Path

import numpy as np
import pytest
import torch
from click.testing import CliRunner

from tests.conftest import cli_error as fail
from tests.conftest import run_vizdl
from vizdl.cli import cli
from vizdl.sim import data as D
from vizdl.sim import training as T

ROOT = Path(__file__).resolve().parents[2]
TRAIN_IMAGES = "train-images-idx3-ubyte"


def _idx(arr: np.ndarray) -> bytes:
    """An IDX file of unsigned bytes: magic (0, 0, 8, ndim), big-endian dimensions, the bytes."""
    dims = b"".join(int(d).to_bytes(4, "big") for d in arr.shape)
    return bytes([0, 0, 8, arr.ndim]) + dims + arr.astype(np.uint8).tobytes()


def write_data(folder: Path, n_train: int = 20, n_test: int = 10) -> Path:
    """A Fashion-MNIST-shaped folder of the four plain IDX files, random pixels and labels."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    for prefix, n in (("train", n_train), ("t10k", n_test)):
        (folder / f"{prefix}-images-idx3-ubyte").write_bytes(
            _idx(rng.integers(0, 256, (n, 28, 28)))
        )
        (folder / f"{prefix}-labels-idx1-ubyte").write_bytes(_idx(rng.integers(0, 10, n)))
    return folder


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A tiny good data folder; the current folder is ``tmp_path`` (no vizdl.toml around)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VIZDL_DATA_DIR", raising=False)
    return write_data(tmp_path / "fmnist")


def train_fail(data: Path, *args: str) -> str:
    return fail("train", "--data-dir", str(data), "--device", "cpu", *args)


def assert_names(line: str, *parts: str) -> None:
    for part in parts:
        assert part in line, f"{part!r} not in {line!r}"


# --- optimizer hyperparameters (--hp) ------------------------------------------------------------

ADAM_NAMES = "betas, eps, weight_decay, amsgrad, maximize"


@pytest.mark.parametrize(
    ("args", "parts"),
    [
        # the case: an IndexError inside torch.optim.Adam before
        (
            ["--hp", "betas=[0.9]"],
            ["'--hp'", "betas=[0.9]", "adam", "two numbers in [0, 1)", "[0.9, 0.999]"],
        ),
        (["--hp", "betas=[0.9, 1.0]"], ["'--hp'", "betas=[0.9, 1.0]", "two numbers in [0, 1)"]),
        (["--hp", "betas=0.9"], ["'--hp'", "betas=0.9", "two numbers in [0, 1)"]),
        (["--hp", "betas=[0.9, true]"], ["betas=[0.9, true]", "two numbers in [0, 1)"]),
        (["--hp", "foo=1"], ["'--hp'", "unknown name 'foo'", "adam", f"allowed: {ADAM_NAMES}"]),
        (["--hp", "beta=0.9"], ["unknown name 'beta'", "did you mean 'betas'?"]),
        (["--hp", "momentum=0.9"], ["unknown name 'momentum'", "adam", ADAM_NAMES]),
        (["--hp", "fused=true"], ["unknown name 'fused'", ADAM_NAMES]),
        (["--hp", "lr=0.1"], ["'--hp'", "lr=0.1", "--lr"]),
        (["--hp", "eps=-1"], ["'--hp'", "eps=-1", "a number >= 0"]),
        (["--hp", "eps=NaN"], ["eps=NaN", "a number >= 0"]),
        (["--hp", 'eps="small"'], ['eps="small"', "a number >= 0"]),
        (["--hp", "eps=null"], ["eps=null", "a number >= 0"]),
        (["--hp", "weight_decay=-0.1"], ["weight_decay=-0.1", "a number >= 0"]),
        (["--hp", "amsgrad=1"], ["amsgrad=1", "true or false"]),
        (["--optimizer", "sgd", "--hp", "momentum=-1"], ["sgd", "momentum=-1", "a number >= 0"]),
        (["--optimizer", "sgd", "--hp", "dampening=2"], ["dampening=2", "a number in [0, 1]"]),
        (["--optimizer", "sgd", "--hp", "betas=[0.9, 0.99]"], ["unknown name 'betas'", "sgd"]),
        (
            ["--optimizer", "sgd", "--hp", "nesterov=true"],
            ["'--hp'", "nesterov=true needs momentum > 0 and dampening 0", "momentum=0"],
        ),
        (["--optimizer", "nesterov", "--hp", "momentum=0"], ["nesterov=true needs momentum > 0"]),
        (["--optimizer", "rmsprop", "--hp", "alpha=1.5"], ["rmsprop", "alpha=1.5", "[0, 1]"]),
        (["--optimizer", "adadelta", "--hp", "rho=-0.1"], ["adadelta", "rho=-0.1", "[0, 1]"]),
        (["--optimizer", "adagrad", "--hp", "lr_decay=-1"], ["adagrad", "lr_decay=-1", ">= 0"]),
        (["--optimizer", "nadam", "--hp", "momentum_decay=-1"], ["nadam", "momentum_decay=-1"]),
        # the --hp syntax itself
        (["--hp", "momentum"], ["'--hp'", "'momentum' must look like NAME=VALUE"]),
        (["--hp", "=0.9"], ["'--hp'", "must look like NAME=VALUE"]),
        (["--hp", "eps=abc"], ["'--hp'", "'eps=abc'", "a number, true/false or a list"]),
        (["--hp", "eps=1e-8", "--hp", "eps=1e-6"], ["'--hp'", "eps is given twice"]),
    ],
)
def test_bad_hyperparameters_name_the_value_and_what_is_allowed(
    data: Path, args: list[str], parts: list[str]
) -> None:
    assert_names(train_fail(data, *args), *parts)


def test_the_python_api_gets_the_same_hyperparameter_checks() -> None:
    with pytest.raises(ValueError, match=r"betas=\[0\.9\]; betas must be two numbers in \[0, 1\)"):
        T.TrainConfig(hyper=(("betas", (0.9,)),)).validate()
    with pytest.raises(T.SettingError, match="unknown name 'foo'") as exc:
        T.TrainConfig(optimizer="sgd", hyper={"foo": 1}).validate()
    assert exc.value.setting == "hyper"
    p = [torch.nn.Parameter(torch.zeros(2))]
    with pytest.raises(ValueError, match="bad hyperparameter for adam: betas"):
        T.make_optimizer("adam", p, 1e-3, {"betas": (0.9,)})
    with pytest.raises(ValueError, match="unknown training setting 'hyperparams'"):
        T.train(hyperparams={"betas": (0.9, 0.99)}, device="cpu")


@pytest.mark.parametrize("name", sorted(T.OPTIMIZERS))
def test_torch_defaults_of_every_optimizer_pass_the_checks(name: str) -> None:
    """The checks are never stricter than torch: each hyperparameter at torch's own default
    passes, and the optimizer builds with all of them given at once."""
    cls = getattr(torch.optim, T.OPTIMIZERS[name])
    params = inspect.signature(cls).parameters
    names = T.hyperparameter_names(name)
    assert names and "lr" not in names and "fused" not in names
    defaults = {n: params[n].default for n in names}
    if name == "nesterov":
        defaults.update(momentum=0.9, nesterov=True)  # what the name means
    kw = T.check_hyperparameters(name, defaults)
    assert isinstance(T.make_optimizer(name, [torch.nn.Parameter(torch.zeros(2))], 0.01, kw), cls)


# --- --seed --------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", ["-1", "1180591620717411303424", str(2**63)])
def test_a_seed_out_of_range_names_seed_and_the_range(data: Path, seed: str) -> None:
    line = train_fail(data, "--seed", seed)
    assert_names(line, "'--seed'", f"got {seed}", "from 0 to 2**63 - 1", str(T.SEED_MAX))


def test_the_largest_seed_is_accepted_by_numpy_and_torch() -> None:
    """The allowed range is what the trainer can really use, derived seeds included."""
    assert T.check_seed(T.SEED_MAX) == T.SEED_MAX
    T.build_model(init="xavier-normal", seed=T.SEED_MAX)  # seeds seed + 17k for its samplers
    np.random.default_rng(T.SEED_MAX)
    torch.Generator().manual_seed(T.SEED_MAX + 7919)  # sample_bias's offset, the largest
    with pytest.raises(ValueError, match="seed must be an integer from 0"):
        T.build_model(seed=-1)
    with pytest.raises(ValueError, match="seed must be an integer from 0"):
        T.TrainConfig(seed=True).validate()


# --- every other option --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "parts"),
    [
        (["--batch-size", "0"], ["'--batch-size'", "batch size must be an integer >= 1, got 0"]),
        (["--batch-size", "-3"], ["'--batch-size'", "got -3"]),
        (["--epochs", "-1"], ["'--epochs'", "epochs must be an integer >= 1, got -1"]),
        (["--epochs", "0"], ["'--epochs'", "got 0"]),
        (["--limit", "-5"], ["'--limit'", "limit must be an integer >= 0, got -5"]),
        (["--lr", "0"], ["'--lr'", "learning rate must be > 0, got 0.0"]),
        (["--lr", "nan"], ["'--lr'", "learning rate must be a finite number"]),
        (["--val-size", "-1"], ["'--val-size'", "val_size must be an integer >= 0, got -1"]),
        # data-dependent: checked on reading the 20 training images, before the first epoch
        (["--val-size", "20"], ["'--val-size'", "below the 20 training images", "got 20"]),
        (["--split", "lecture", "--val-size", "5"], ["'--val-size'", "standard split only"]),
        (["--model", "784-64-10"], ["'--model'", "'784-64-10'", "784-128-10, 784-200-10"]),
        (["--style", "functional"], ["'--style'", "'functional'", "sequential, module"]),
        (["--init", "he"], ["'--init'", "unknown initializer 'he'", "kaiming-normal"]),
        (["--optimizer", "adamm"], ["'--optimizer'", "did you mean 'adam'?", "sgd, momentum"]),
        (["--split", "80/20"], ["'--split'", "unknown split '80/20'", "standard, lecture"]),
        (["--device", "tpu"], ["'--device'", "unknown device 'tpu'", "auto, cpu, cuda"]),
        (["--batch-size", "abc"], ["'--batch-size'", "'abc' is not a valid integer"]),
        (["--preset", "huge"], ["'--preset'", "'huge'", "tiny"]),
    ],
)
def test_bad_option_values_name_the_option_and_what_is_allowed(
    data: Path, args: list[str], parts: list[str]
) -> None:
    assert_names(train_fail(data, *args), *parts)


def test_cuda_without_a_gpu_is_refused_before_anything_runs(
    data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(T, "make_splits", lambda *a, **k: pytest.fail("data read"))
    line = fail("train", "--data-dir", str(data), "--device", "cuda")
    assert_names(line, "'--device'", "'cuda'", "no CUDA GPU", "use auto or cpu")


def test_a_missing_data_folder_or_a_file_is_named(tmp_path: Path) -> None:
    line = fail("train", "--data-dir", str(tmp_path / "nope"))
    assert_names(line, str(tmp_path / "nope"), "does not exist", "apt-get install")
    (tmp_path / "notes.txt").write_text("hi")
    line = fail("train", "--data-dir", str(tmp_path / "notes.txt"))
    assert_names(line, str(tmp_path / "notes.txt"), "is a file, not a folder")


# --- --save --------------------------------------------------------------------------------------


def test_save_under_a_file_is_refused_before_training(
    data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "somefile.txt").write_text("not a folder")
    monkeypatch.setattr(T, "make_splits", lambda *a, **k: pytest.fail("trained before checking"))
    for target in ("somefile.txt/w.pt", "somefile.txt/deeper/w.pt"):
        line = train_fail(data, "--save", target)
        assert_names(line, "'--save'", repr(target), "'somefile.txt' is a file, not a folder")
    assert_names(train_fail(data, "--save", ""), "'--save'", "empty")
    assert_names(train_fail(data, "--save", str(tmp_path)), "'--save'", "is a directory")
    # the Python API checks first too
    with pytest.raises(T.SettingError, match="is a file, not a folder") as exc:
        T.train(epochs=1, device="cpu", data_dir=data, save=tmp_path / "somefile.txt" / "w.pt")
    assert exc.value.setting == "save"
    assert not list(tmp_path.glob("**/.vizdl-write-probe*"))


def test_save_into_a_folder_not_made_yet_still_works(data: Path, tmp_path: Path) -> None:
    """The checks let good input through: a short run on the 20 images with good --hp values,
    saved into folders that do not exist yet, loaded back as plain tensors."""
    target = tmp_path / "new" / "deeper" / "w.pt"
    r = CliRunner().invoke(
        cli,
        ["train", "--data-dir", str(data), "--device", "cpu", "--epochs", "1", "--batch-size", "5"]
        + ["--hp", "betas=[0.8, 0.99]", "--hp", "amsgrad=true", "--save", str(target), "--json"],
        catch_exceptions=False,
    )
    assert r.exit_code == 0, r.output
    state = torch.load(target, weights_only=True)  # a state_dict: tensors only, never unpickled
    assert set(state) == {"0.weight", "0.bias", "2.weight", "2.bias"}


# --- damaged IDX files ---------------------------------------------------------------------------


def _replace(folder: Path, name: str, raw: bytes, *, gz: bool = False) -> Path:
    (folder / name).unlink()
    path = folder / (name + ".gz" if gz else name)
    path.write_bytes(raw)
    return path


def _corrupt_deflate(raw: bytes) -> bytes:
    """A gzip file whose header is fine but whose first deflate block has the reserved type 3."""
    out = bytearray(gzip.compress(raw))
    out[10] = 0xFF  # the first byte after the 10-byte gzip header: BFINAL=1, BTYPE=11
    return bytes(out)


def _header(dims: tuple[int, ...]) -> bytes:
    return bytes([0, 0, 8, len(dims)]) + b"".join(d.to_bytes(4, "big") for d in dims)


@pytest.mark.parametrize(
    ("damage", "parts"),
    [
        # a damaged deflate stream: a zlib.error traceback before
        (
            lambda raw: (_corrupt_deflate(raw), True),
            ["cannot read IDX file", "train-images-idx3-ubyte.gz'", "invalid block type"],
        ),
        (lambda raw: (gzip.compress(raw)[:-12], True), ["cannot read IDX file", ".gz'"]),
        # header dimensions that do not fit the file size
        (
            lambda raw: (_header((20, 28, 29)) + raw[16:], False),
            ["train-images-idx3-ubyte'", "shape 20 x 28 x 29", "15,696 bytes"],
        ),
        (
            lambda raw: (_header((2**32 - 1,) * 3) + raw[16:], False),
            ["train-images-idx3-ubyte'", "shape 4294967295 x 4294967295 x 4294967295"],
        ),
        (lambda raw: (raw[:10], False), ["train-images-idx3-ubyte'", "too short for the header"]),
        (lambda raw: (raw[:-1], False), ["train-images-idx3-ubyte'", "truncated or corrupt"]),
        # a header that fits the size but not the images
        (
            lambda raw: (_idx(np.zeros((20, 28, 29))), False),
            ["train-images-idx3-ubyte'", "28 x 29 pixels", "28 x 28"],
        ),
        (lambda raw: (_idx(np.zeros((20, 784))), False), ["train-images-idx3-ubyte'", "images"]),
        (lambda raw: (b"\x89PNG\r\n\x1a\n" + raw, False), ["not an IDX file", "89504e47"]),
        (lambda raw: (b"", False), ["not an IDX file", "magic empty"]),
        # no images at all
        (
            lambda raw: (_idx(np.zeros((0, 28, 28))), False),
            ["train-images-idx3-ubyte'", "holds no images"],
        ),
    ],
)
def test_a_damaged_training_images_file_is_named(data: Path, damage, parts: list[str]) -> None:
    raw, gz = damage((data / TRAIN_IMAGES).read_bytes())
    path = _replace(data, TRAIN_IMAGES, raw, gz=gz)
    line = train_fail(data, "--epochs", "1")
    assert_names(line, str(path), *parts)
    with pytest.raises(D.DataError, match="train-images-idx3-ubyte"):
        D.load("train", data)


def test_empty_training_files_and_mismatched_labels_are_named(tmp_path: Path) -> None:
    empty = write_data(tmp_path / "empty", n_train=0)
    line = fail("train", "--data-dir", str(empty), "--device", "cpu")
    assert_names(line, str(empty / TRAIN_IMAGES), "holds no images")
    few = write_data(tmp_path / "few")
    (few / "train-labels-idx1-ubyte").write_bytes(_idx(np.zeros(19)))
    line = fail("train", "--data-dir", str(few), "--device", "cpu")
    assert_names(line, "20 images in", str(few / TRAIN_IMAGES), "19 labels in", "do not match")
    (few / "train-labels-idx1-ubyte").write_bytes(_idx(np.full(20, 10)))
    line = fail("train", "--data-dir", str(few), "--device", "cpu")
    assert_names(line, "train-labels-idx1-ubyte", "go up to 10", "expected 0-9")


# --- as a user runs it ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--hp", "betas=[0.9]"], "Invalid value for '--hp'"),
        (["--seed", "-1"], "Invalid value for '--seed'"),
    ],
)
def test_as_a_subprocess_the_error_is_one_line(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    data = write_data(tmp_path / "fmnist")
    r = run_vizdl("train", "--data-dir", str(data), "--device", "cpu", *args, cwd=ROOT)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr + r.stdout
    errors = [line for line in r.stderr.splitlines() if line.startswith("Error")]
    assert len(errors) == 1 and expected in errors[0], r.stderr


def test_training_never_unpickles() -> None:
    """The trainer keeps no pickle cache: results are recomputed, checkpoints are state_dicts."""
    src = Path(T.__file__).read_text(encoding="utf-8")
    assert "pickle" not in src
    assert "cache_dir" not in inspect.signature(T.train).parameters


def test_decoded_files_are_reused_only_while_their_bytes_are_unchanged(data: Path) -> None:
    a = D.load("train", data)
    b = D.load("train", data)
    assert b.images is a.images  # decoded once in this process
    assert not a.images.flags.writeable and b.labels is not a.labels  # nobody can change it
    # rewritten in place with the same size, at once (within the timestamp resolution)
    rng = np.random.default_rng(1)
    new = rng.integers(0, 256, (20, 28, 28))
    (data / TRAIN_IMAGES).write_bytes(_idx(new))
    c = D.load("train", data)
    np.testing.assert_array_equal(c.images, new)
    # and a file that broke since is refused, not served from memory
    (data / TRAIN_IMAGES).write_bytes(b"\x00\x00\x08\x03" + b"\x00" * 8)
    with pytest.raises(D.DataError, match="truncated|not an IDX"):
        D.load("train", data)
