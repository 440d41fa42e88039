"""The trainer: the lecture's first PyTorch model on real Fashion-MNIST, fast and reproducible.

The loop is the lecture's loop (forward, loss, ``zero_grad``, ``backward``, ``step``), written to be
read. What makes it fast is only where the data lives: the whole split is one float tensor on the
device, and a mini-batch is an index into it (``X[perm[i:i + B]]``) instead of a per-sample
``Dataset.__getitem__`` plus a ``DataLoader`` collate (``bench/bench_trainer.py`` measures both).
"""

from __future__ import annotations

import difflib
import inspect
import json
import math
import numbers
import os
import time
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

import numpy as np
import torch

from vizdl.sim import data as fmnist
from vizdl.sim._checks import (
    SEED_MAX,
    SettingError,
    check_choice,
    check_int,
    check_positive,
    check_seed,
)
from vizdl.sim._checks import setting as _setting
from vizdl.sim._tables import columns
from vizdl.sim.initialization import INITIALIZERS, sample_bias, sample_weights
from vizdl.sim.networks import drop_params
from vizdl.sim.optimizers.rules import NAMED
from vizdl.sim.splits import SPLITS, Splits, make_splits

__all__ = [
    "ARCHITECTURES",
    "OPTIMIZERS",
    "SPLITS",
    "SEED_MAX",
    "TrainConfig",
    "SettingError",
    "check_hyperparameters",
    "check_save_path",
    "check_seed",
    "hyperparameter_names",
    "Splits",
    "TrainResult",
    "make_splits",
    "build_model",
    "LectureNet",
    "model_summary",
    "resolve_device",
    "train",
    "train_many",
    "split_arithmetic",
    "SplitArithmetic",
]

ARCHITECTURES = {"784-128-10": (784, 128, 10), "784-200-10": (784, 200, 10)}
# torch.optim optimizers by the names students use (vizdl.sim.optimizers.rules.NAMED says what
# each name means: its class and implied hyperparameters), all but "amsgrad" (here: adam with
# amsgrad=true); any keyword hyperparameter passes through.
OPTIMIZERS = {name: n.torch_class for name, n in NAMED.items() if name != "amsgrad"}
DEVICES = ("auto", "cpu", "cuda")
DIVERGED_FACTOR = 100.0


def blown_up(losses: np.ndarray, first_loss: float) -> np.ndarray:
    """Which of ``losses`` mark a run as diverged: a non-finite loss, or one over
    :data:`DIVERGED_FACTOR` × the run's first loss (at least 1). The cross-entropy stays finite
    while the logits explode, so NaN alone would miss it. One rule for train, train_many and
    seed_spread."""
    losses = np.asarray(losses, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        return ~np.isfinite(losses) | (losses > DIVERGED_FACTOR * max(first_loss, 1.0))


def pad_epochs(v: np.ndarray, epochs: int) -> np.ndarray:
    """A per-epoch curve as ``epochs`` floats: a diverged run stops early, NaN after."""
    return np.r_[np.asarray(v, dtype=float), np.full(epochs - len(v), np.nan)]


def blown_up_reason(loss: float) -> str:
    """Why a loss that :func:`blown_up` marks stopped its run, in one line."""
    if not np.isfinite(loss):
        return "the loss became non-finite"
    return f"the loss reached {loss:.3g}, over {DIVERGED_FACTOR:g}× its start"


def _number(v: object) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool | np.bool_) and math.isfinite(v)


def _at_least_0(v: object) -> bool:
    return _number(v) and v >= 0  # type: ignore[operator]


def _unit(v: object) -> bool:
    return _number(v) and 0 <= v <= 1  # type: ignore[operator]


def _betas(v: object) -> bool:
    return isinstance(v, tuple | list) and len(v) == 2 and all(_number(b) and 0 <= b < 1 for b in v)


def _flag(v: object) -> bool:
    return isinstance(v, bool | np.bool_)


# What each optimizer hyperparameter may be. torch.optim checks only some of these, some with a
# crash instead of a message (betas=[0.9] is an IndexError), and only once the data is loaded;
# checking here first gives one clear line before anything runs. Implementation switches
# (foreach, fused, capturable, differentiable) are not hyperparameters: fused is chosen below.
_HYPER_RULES: dict[str, tuple[str, Callable[[object], bool]]] = {
    "betas": ("two numbers in [0, 1), e.g. [0.9, 0.999]", _betas),
    "momentum": ("a number >= 0, e.g. 0.9", _at_least_0),
    "dampening": ("a number in [0, 1]", _unit),
    "weight_decay": ("a number >= 0, e.g. 0.0001", _at_least_0),
    "eps": ("a number >= 0, e.g. 1e-08", _at_least_0),
    "alpha": ("a number in [0, 1], e.g. 0.99", _unit),
    "rho": ("a number in [0, 1], e.g. 0.9", _unit),
    "lr_decay": ("a number >= 0", _at_least_0),
    "initial_accumulator_value": ("a number >= 0", _at_least_0),
    "momentum_decay": ("a number >= 0, e.g. 0.004", _at_least_0),
    "nesterov": ("true or false", _flag),
    "amsgrad": ("true or false", _flag),
    "centered": ("true or false", _flag),
    "maximize": ("true or false", _flag),
    "decoupled_weight_decay": ("true or false", _flag),
}


def _show(value: object) -> str:
    """A value as the user wrote it on the command line (JSON: [0.9], true), else its repr."""
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)


def hyperparameter_names(optimizer: str) -> tuple[str, ...]:
    """The hyperparameters ``optimizer`` takes besides the learning rate, in torch's order (read
    from the installed torch.optim class, so a name this torch lacks is refused)."""
    cls = getattr(torch.optim, OPTIMIZERS[check_choice("optimizer", optimizer, OPTIMIZERS)])
    return tuple(p for p in inspect.signature(cls).parameters if p in _HYPER_RULES)


def check_hyperparameters(optimizer: str, hyper: Mapping) -> dict:
    """The keyword arguments for ``optimizer``'s torch.optim class: its implied ones (momentum
    0.9 for ``momentum``/``nesterov``) updated by ``hyper``, each checked by name, type and range.

    Raises ``ValueError`` naming the hyperparameter, its value and what is allowed.
    """
    key = check_choice("optimizer", optimizer, OPTIMIZERS)
    allowed = hyperparameter_names(key)
    bad = f"bad hyperparameter for {key}"
    for name, value in hyper.items():
        if name == "lr":
            raise ValueError(
                f"{bad}: lr={_show(value)}; the learning rate is set on its own "
                "(lr=..., or --lr on the command line), not as a hyperparameter"
            )
        if name not in allowed:
            hint = difflib.get_close_matches(str(name), allowed, n=1)
            extra = f" (did you mean {hint[0]!r}?)" if hint else ""
            raise ValueError(f"{bad}: unknown name {name!r}{extra}; allowed: {', '.join(allowed)}")
        text, ok = _HYPER_RULES[name]
        if not ok(value):
            raise ValueError(f"{bad}: {name}={_show(value)}; {name} must be {text}")
    kw = {**NAMED[key].implied, **hyper}
    if kw.get("nesterov") and not (kw.get("momentum", 0) > 0 and kw.get("dampening", 0) == 0):
        raise ValueError(
            f"{bad}: nesterov=true needs momentum > 0 and dampening 0, got momentum="
            f"{_show(kw.get('momentum', 0))} and dampening={_show(kw.get('dampening', 0))} "
            "(or use the optimizer 'nesterov': SGD with momentum 0.9 and Nesterov's update)"
        )
    return kw


def check_save_path(path: str | os.PathLike) -> Path:
    """``path`` if a state_dict can be written there, checked before training rather than after.

    Its folder must exist or be creatable (the first existing one above it is a folder, not a
    file) and be writable; a probe file is created and removed there, which also catches
    read-only mounts that ``os.access`` (always true for root) does not. Raises
    :class:`SettingError` about ``save``.
    """
    p = Path(path).expanduser()
    if not str(path).strip():
        raise SettingError("save", "the save path is empty; give a file name such as model.pt")
    if p.is_dir():
        raise SettingError(
            "save", f"save path {str(p)!r} is a folder; give a file name such as {p / 'model.pt'}"
        )
    folder = p.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    if not folder.is_dir():
        raise SettingError(
            "save", f"cannot save to {str(p)!r}: {str(folder)!r} is a file, not a folder"
        )
    probe = folder / f".vizdl-write-probe.{os.getpid()}.tmp"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise SettingError(
            "save",
            f"cannot save to {str(p)!r}: folder {str(folder)!r} is not writable "
            f"({exc.strerror or exc})",
        ) from None
    return p


@dataclass(frozen=True)
class TrainConfig:
    """Everything a run depends on (its cache key). ``limit`` keeps the first N shuffled training
    examples (the CI preset); ``hist_epochs`` are the epochs after which weight histograms are
    recorded (0 = at initialization)."""

    model: str = "784-128-10"
    style: str = "sequential"
    init: str = "torch-default"
    optimizer: str = "adam"
    lr: float = 1e-3
    hyper: tuple[tuple[str, float], ...] = ()
    batch_size: int = 100
    epochs: int = 4
    split: str = "standard"
    val_size: int = 0
    limit: int = 0
    seed: int = 0
    hist_epochs: tuple[int, ...] = ()
    hist_bins: int = 2001
    examples: int = 12

    def validate(self) -> TrainConfig:
        """``self`` if every setting is usable; else :class:`SettingError` (a ``ValueError``)
        naming the setting, its value and what is allowed. Needs no data: the data-dependent
        checks (``val_size`` below the number of training images) are in :func:`make_splits`."""
        with _setting("model"):
            check_choice("model", self.model, ARCHITECTURES)
        with _setting("style"):
            check_choice("model style", self.style, ("sequential", "module"))
        with _setting("init"):
            check_choice("initializer", self.init, INITIALIZERS)
        with _setting("optimizer"):
            check_choice("optimizer", self.optimizer, OPTIMIZERS)
        with _setting("lr"):
            check_positive("learning rate", self.lr)
        with _setting("hyper"):
            try:
                hyper = dict(self.hyper)
            except (TypeError, ValueError):
                raise ValueError(
                    f"hyper must be NAME=VALUE pairs or a dict, got {self.hyper!r}"
                ) from None
            check_hyperparameters(self.optimizer, hyper)
        with _setting("batch_size"):
            check_int("batch size", self.batch_size, 1)
        with _setting("epochs"):
            check_int("epochs", self.epochs, 1)
        with _setting("split"):
            check_choice("split", self.split, SPLITS)
        with _setting("val_size"):
            check_int("val_size", self.val_size, 0)
            if self.val_size and self.split != "standard":
                raise ValueError(
                    f"val_size applies to the standard split only (the {self.split} split holds "
                    f"out its own validation set), got val_size {self.val_size}"
                )
        with _setting("limit"):
            check_int("limit", self.limit, 0)
        with _setting("seed"):
            check_seed(self.seed)
        with _setting("hist_bins"):
            check_int("hist_bins", self.hist_bins, 2)
        with _setting("examples"):
            check_int("examples", self.examples, 0)
        with _setting("hist_epochs"):
            for e in self.hist_epochs:
                if not 0 <= check_int("histogram epoch", e, 0) <= self.epochs:
                    raise ValueError(f"histogram epoch {e!r} must be between 0 and {self.epochs}")
        return self


class LectureNet(torch.nn.Module):
    """The lecture's modular version: ``hidden`` then ``output``, ReLU between."""

    def __init__(self, n_in: int = 784, n_hidden: int = 128, n_out: int = 10) -> None:
        super().__init__()
        self.hidden = torch.nn.Linear(n_in, n_hidden)
        self.output = torch.nn.Linear(n_hidden, n_out)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.output(torch.relu(self.hidden(x)))


def build_model(
    model: str = "784-128-10", style: str = "sequential", init: str = "torch-default", seed: int = 0
) -> torch.nn.Module:
    """The lecture's MLP as ``nn.Sequential`` or as an ``nn.Module``, initialized by ``init``.

    ``torch-default`` keeps ``nn.Linear``'s own initialization (drawn from ``seed``); the others
    use :mod:`vizdl.sim.initialization`'s samplers (checked against ``torch.nn.init``) with biases
    at zero.
    """
    n_in, n_hidden, n_out = ARCHITECTURES[check_choice("model", model, ARCHITECTURES)]
    check_choice("model style", style, ("sequential", "module"))
    check_choice("initializer", init, INITIALIZERS)
    seed = check_seed(seed)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        if style == "sequential":
            net: torch.nn.Module = torch.nn.Sequential(
                torch.nn.Linear(n_in, n_hidden), torch.nn.ReLU(), torch.nn.Linear(n_hidden, n_out)
            )
        else:
            net = LectureNet(n_in, n_hidden, n_out)
    if init != "torch-default":
        with torch.no_grad():
            for k, lin in enumerate(m for m in net.modules() if isinstance(m, torch.nn.Linear)):
                w = sample_weights(init, lin.out_features, lin.in_features, seed + 17 * k)
                lin.weight.copy_(w.float())
                lin.bias.copy_(sample_bias(init, lin.out_features, lin.in_features).float())
    return net


def model_summary(net: torch.nn.Module) -> list[tuple[str, str, int]]:
    """torchsummary's table: (layer, output shape, parameters) per Linear layer, then the total."""
    rows = []
    k = 0
    for m in net.modules():
        if isinstance(m, torch.nn.Linear):
            k += 1
            rows.append(
                (f"Linear-{k}", f"[-1, {m.out_features}]", sum(p.numel() for p in m.parameters()))
            )
    rows.append(("Total", "", sum(p.numel() for p in net.parameters())))
    return rows


def resolve_device(device: str = "auto") -> torch.device:
    """``auto``: CUDA when available, else CPU. ``cuda`` without a GPU is an error."""
    with _setting("device"):
        check_choice("device", device, DEVICES)
    if device == "cuda" and not torch.cuda.is_available():
        raise SettingError(
            "device", "device 'cuda' requested but no CUDA GPU is available; use auto or cpu"
        )
    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    return torch.device(device)


def make_optimizer(
    name: str, params: object, lr: float, hyper: dict | None = None
) -> torch.optim.Optimizer:
    """A ``torch.optim`` optimizer by name; ``momentum``/``nesterov`` are SGD with momentum 0.9."""
    key = check_choice("optimizer", name, OPTIMIZERS)
    cls = getattr(torch.optim, OPTIMIZERS[key])
    kw = check_hyperparameters(key, hyper or {})
    lr = check_positive("learning rate", lr)
    given = list(params)  # type: ignore[call-overload]

    def fresh() -> list:
        # torch writes its defaults ("fused": None, ...) into each parameter-group dict it is
        # given: every construction gets its own copies, or the first would unfuse the second
        return [dict(p) if isinstance(p, dict) else p for p in given]

    try:
        cls(fresh(), lr=lr, **kw)  # validates the hyperparameters (clear error below)
    except TypeError as exc:
        raise ValueError(f"bad hyperparameter for {name}: {exc}") from None
    if "fused" not in kw and "fused" in inspect.signature(cls).parameters:
        # one fused kernel per step instead of a loop over parameter tensors: the same update
        # rule, measurably faster for small models (bench/bench_trainer.py)
        try:
            return cls(fresh(), lr=lr, fused=True, **kw)
        except (RuntimeError, TypeError, ValueError):
            pass
    return cls(fresh(), lr=lr, **kw)


@dataclass(frozen=True)
class TrainResult:
    """A finished (or diverged) run. Per iteration: ``it_loss``, ``it_acc`` (the batch's accuracy
    before its update). Per epoch: ``train_loss`` (mean over the epoch), ``train_acc`` (the lecture's
    running ``correct / len(dataset)``), ``val_loss``/``val_acc`` (NaN without a validation set),
    ``epoch_seconds``. ``hist_counts[e, layer, bin]`` on ``hist_edges[layer]`` after epoch
    ``hist_epochs[e]`` (``hist_outside[e, layer]``: weights beyond the edges); ``last_weights``: the hidden → output weights at the end."""

    config: dict
    classes: tuple[str, ...]
    device: str
    n_train: int
    n_val: int
    n_test: int
    iterations_per_epoch: int
    it_loss: np.ndarray
    it_acc: np.ndarray
    train_loss: np.ndarray
    train_acc: np.ndarray
    val_loss: np.ndarray
    val_acc: np.ndarray
    epoch_seconds: np.ndarray
    test_loss: float
    test_acc: float
    confusion: np.ndarray
    diverged: bool
    diverged_at: int
    diverged_reason: str
    hist_epochs: np.ndarray
    hist_edges: np.ndarray
    hist_counts: np.ndarray
    hist_outside: np.ndarray
    last_weights: np.ndarray
    example_images: np.ndarray
    example_labels: np.ndarray
    example_logits: np.ndarray
    summary: tuple[tuple[str, str, int], ...]
    seconds: float
    state_path: str = ""
    extra: dict = field(default_factory=dict)

    def metrics(self) -> dict:
        """The final numbers ``vizdl train --json`` prints."""
        done = len(self.train_loss)
        return {
            "test_accuracy": self.test_acc,
            "test_loss": self.test_loss,
            "train_loss": float(self.train_loss[-1]) if done else math.nan,
            "train_accuracy": float(self.train_acc[-1]) if done else math.nan,
            "val_accuracy": float(self.val_acc[-1]) if done else math.nan,
            "epochs": done,
            "iterations": len(self.it_loss),
            "diverged": self.diverged,
            "seconds": round(self.seconds, 3),
            "device": self.device,
            "per_epoch_train_accuracy": [float(a) for a in self.train_acc],
        }

    def table(self) -> dict[str, list]:
        return columns(
            {
                "epoch": range(1, len(self.train_loss) + 1),
                "train_loss": self.train_loss,
                "train_accuracy": self.train_acc,
                "val_loss": self.val_loss,
                "val_accuracy": self.val_acc,
                "seconds": self.epoch_seconds,
            }
        )


def _hist_edges(net: torch.nn.Module, bins: int) -> np.ndarray:
    """Fixed bin edges per layer for the whole run: fine bins over ±max(4 × the largest initial
    |w|, 1), wide enough for what training does to small initial weights (renderers merge bins
    over the occupied range); weights beyond are counted in ``hist_outside``."""
    out = []
    for lin in (m for m in net.modules() if isinstance(m, torch.nn.Linear)):
        r = max(float(lin.weight.detach().abs().max()) * 4.0, 1.0)
        out.append(np.linspace(-r, r, bins + 1))
    return np.stack(out)


def _histograms(net: torch.nn.Module, edges: np.ndarray) -> np.ndarray:
    """Counts per layer and bin, plus one last column: the weights outside the edges."""
    out = []
    for k, lin in enumerate(m for m in net.modules() if isinstance(m, torch.nn.Linear)):
        w = lin.weight.detach().cpu().numpy().ravel()
        h, _ = np.histogram(w, bins=edges[k])
        out.append(np.append(h, w.size - h.sum()))
    return np.stack(out)


@torch.no_grad()
def evaluate(
    net: torch.nn.Module, x: torch.Tensor, y: torch.Tensor, batch: int = 5000
) -> tuple[float, float, np.ndarray]:
    """Mean cross-entropy, accuracy and the 10 × 10 confusion matrix (rows: true class)."""
    if len(y) == 0:
        return math.nan, math.nan, np.zeros((10, 10), dtype=np.int64)
    net.eval()
    loss_sum, correct = 0.0, 0
    conf = torch.zeros(10, 10, dtype=torch.int64, device=x.device)
    for i in range(0, len(y), batch):
        out = net(x[i : i + batch])
        yb = y[i : i + batch]
        loss_sum += float(torch.nn.functional.cross_entropy(out, yb, reduction="sum"))
        pred = out.argmax(1)
        correct += int((pred == yb).sum())
        conf += torch.bincount(yb * 10 + pred, minlength=100).view(10, 10)
    net.train()
    return loss_sum / len(y), correct / len(y), conf.cpu().numpy()


def train(
    config: TrainConfig | None = None,
    *,
    device: str = "auto",
    data_dir: str | os.PathLike | None = None,
    splits: Splits | None = None,
    save: str | os.PathLike | None = None,
    progress: object = None,
    seed: int | None = None,
    **overrides: object,
) -> TrainResult:
    """Train the lecture's MLP on Fashion-MNIST and return every number the gallery draws.

    ``config`` (or keyword overrides of :class:`TrainConfig`) says what to train; ``device`` where.
    A non-finite loss stops the run and marks it diverged (the numbers so far are kept). ``save``
    writes the final ``state_dict`` (its folder is checked before training, so a bad path does not
    cost a run). ``progress(epoch, metrics)`` is called after each epoch when given. Bad settings
    raise :class:`SettingError` (a ``ValueError``) before training starts.
    """
    cfg = config or TrainConfig()
    if seed is not None:
        overrides["seed"] = seed
    names = [f.name for f in fields(TrainConfig)]
    for key in overrides:
        if key not in names:
            # TrainConfig(**overrides) would say only "unexpected keyword argument"
            with _setting(key):
                check_choice("training setting", key, names)
    if overrides:
        cfg = TrainConfig(**{**asdict(cfg), **overrides})
    if isinstance(cfg.hyper, dict):
        cfg = TrainConfig(**{**asdict(cfg), "hyper": tuple(sorted(cfg.hyper.items()))})
    cfg = TrainConfig(**{**asdict(cfg), "hist_epochs": tuple(int(e) for e in cfg.hist_epochs)})
    cfg.validate()
    dev = resolve_device(device)
    if save:
        check_save_path(save)
    t0 = time.perf_counter()
    sp = splits or make_splits(cfg.split, cfg.val_size, cfg.limit, cfg.seed, data_dir)
    x_tr, y_tr = sp.x_train.to(dev), sp.y_train.to(dev)
    x_va, y_va = sp.x_val.to(dev), sp.y_val.to(dev)
    n = len(y_tr)
    if n == 0:
        raise ValueError("the training split is empty")

    net = build_model(cfg.model, cfg.style, cfg.init, cfg.seed).to(dev)
    loss_func = torch.nn.CrossEntropyLoss()
    optimizer = make_optimizer(cfg.optimizer, net.parameters(), cfg.lr, dict(cfg.hyper))
    edges = _hist_edges(net, cfg.hist_bins)
    hists = {0: _histograms(net, edges)} if 0 in cfg.hist_epochs else {}
    gen = torch.Generator(device="cpu").manual_seed(cfg.seed)
    per_epoch = math.ceil(n / cfg.batch_size)

    it_loss, it_acc = [], []
    ep = {k: [] for k in ("train_loss", "train_acc", "val_loss", "val_acc", "seconds")}
    diverged, diverged_at, reason = False, -1, ""
    first_loss: float | None = None
    for epoch in range(1, cfg.epochs + 1):
        te = time.perf_counter()
        perm = torch.randperm(n, generator=gen).to(dev)  # reshuffle the training set every epoch
        losses = torch.empty(per_epoch, device=dev)
        corrects = torch.empty(per_epoch, dtype=torch.int64, device=dev)
        for i in range(per_epoch):
            idx = perm[i * cfg.batch_size : (i + 1) * cfg.batch_size]
            images, labels = x_tr[idx], y_tr[idx]
            outputs = net(images)  # forward pass
            loss = loss_func(outputs, labels)
            optimizer.zero_grad()  # backprop
            loss.backward()
            optimizer.step()  # optimize
            losses[i] = loss.detach()
            corrects[i] = (outputs.detach().argmax(1) == labels).sum()
        batch_loss = losses.cpu().numpy().astype(np.float64)
        batch_n = np.minimum(cfg.batch_size, n - cfg.batch_size * np.arange(per_epoch))
        batch_correct = corrects.cpu().numpy()
        if first_loss is None:
            first_loss = float(batch_loss[0])
        bad = np.flatnonzero(blown_up(batch_loss, first_loss))
        if len(bad):
            # keep the iterations up to the first non-finite loss, then stop
            k = int(bad[0])
            it_loss += batch_loss[: k + 1].tolist()
            it_acc += (batch_correct[: k + 1] / batch_n[: k + 1]).tolist()
            diverged, diverged_at = True, (epoch - 1) * per_epoch + k + 1
            reason = blown_up_reason(float(batch_loss[k]))
            break
        it_loss += batch_loss.tolist()
        it_acc += (batch_correct / batch_n).tolist()
        val_loss, val_acc, _ = evaluate(net, x_va, y_va)
        ep["train_loss"].append(float(np.sum(batch_loss * batch_n) / n))
        ep["train_acc"].append(float(batch_correct.sum() / n))
        ep["val_loss"].append(val_loss)
        ep["val_acc"].append(val_acc)
        ep["seconds"].append(time.perf_counter() - te)
        if epoch in cfg.hist_epochs:
            hists[epoch] = _histograms(net, edges)
        if progress is not None:
            progress(epoch, {k: v[-1] for k, v in ep.items()})

    return _finish(
        cfg,
        dev,
        net,
        sp,
        save,
        t0,
        per_epoch,
        it_loss,
        it_acc,
        ep,
        hists,
        edges,
        (diverged, diverged_at, reason),
    )


def _finish(
    cfg: TrainConfig,
    dev: torch.device,
    net: torch.nn.Module,
    sp: Splits,
    save: str | os.PathLike | None,
    t0: float,
    per_epoch: int,
    it_loss: list,
    it_acc: list,
    ep: dict[str, list],
    hists: dict[int, np.ndarray],
    edges: np.ndarray,
    stop: tuple[bool, int, str],
) -> TrainResult:
    """A finished run's :class:`TrainResult`: the test set, examples and state after training."""
    diverged, diverged_at, reason = stop
    x_te, y_te = sp.x_test.to(dev), sp.y_test.to(dev)
    n = len(sp.y_train)
    if diverged:
        test_loss, test_acc, conf = math.nan, math.nan, np.zeros((10, 10), dtype=np.int64)
    else:
        test_loss, test_acc, conf = evaluate(net, x_te, y_te)
    k = min(cfg.examples, len(y_te))
    with torch.no_grad():
        net.eval()
        logits = net(x_te[:k]).cpu().numpy().astype(np.float64)
    last = [m for m in net.modules() if isinstance(m, torch.nn.Linear)][-1]
    hist_epochs = sorted(hists)
    state_path = ""
    if save:
        from vizdl.fileio import atomic_path

        with atomic_path(Path(save)) as tmp:
            torch.save({k: v.cpu() for k, v in net.state_dict().items()}, tmp)
        state_path = str(save)
    return TrainResult(
        config=asdict(cfg),
        classes=fmnist.CLASSES,
        device=str(dev),
        n_train=n,
        n_val=len(sp.y_val),
        n_test=len(y_te),
        iterations_per_epoch=per_epoch,
        it_loss=np.array(it_loss),
        it_acc=np.array(it_acc),
        train_loss=np.array(ep["train_loss"]),
        train_acc=np.array(ep["train_acc"]),
        val_loss=np.array(ep["val_loss"]),
        val_acc=np.array(ep["val_acc"]),
        epoch_seconds=np.array(ep["seconds"]),
        test_loss=test_loss,
        test_acc=test_acc,
        confusion=conf,
        diverged=diverged,
        diverged_at=diverged_at,
        diverged_reason=reason,
        hist_epochs=np.array(hist_epochs, dtype=np.int64),
        hist_edges=edges,
        hist_counts=(
            np.stack([hists[e][:, :-1] for e in hist_epochs])
            if hist_epochs
            else np.zeros((0, edges.shape[0], edges.shape[1] - 1))
        ),
        hist_outside=(
            np.stack([hists[e][:, -1] for e in hist_epochs])
            if hist_epochs
            else np.zeros((0, edges.shape[0]))
        ),
        last_weights=last.weight.detach().cpu().numpy().astype(np.float64),
        example_images=(sp.x_test[:k].numpy().reshape(k, 28, 28) * 255).round().astype(np.uint8),
        example_labels=sp.y_test[:k].numpy(),
        example_logits=logits,
        summary=tuple(model_summary(net)),
        seconds=time.perf_counter() - t0,
        state_path=state_path,
    )


# What the runs of one train_many call must share: one architecture and one optimizer (its rule,
# hyperparameters and batches); initializer, learning rate and seed may differ per run.
_SHARED = ("model", "optimizer", "hyper", "batch_size", "epochs", "split", "val_size", "limit")


def _config(config: TrainConfig | Mapping) -> TrainConfig:
    cfg = config if isinstance(config, TrainConfig) else TrainConfig(**dict(config))
    if isinstance(cfg.hyper, dict):
        cfg = TrainConfig(**{**asdict(cfg), "hyper": tuple(sorted(cfg.hyper.items()))})
    cfg = TrainConfig(**{**asdict(cfg), "hist_epochs": tuple(int(e) for e in cfg.hist_epochs)})
    return cfg.validate()


def train_many(
    configs: list[TrainConfig] | tuple[TrainConfig, ...],
    *,
    device: str = "cpu",
    splits: Mapping[int, Splits] | None = None,
    data_dir: str | os.PathLike | None = None,
) -> list[TrainResult]:
    """:func:`train` for several runs at once: ``[train(c, splits=splits[c.seed]) for c in
    configs]`` to rounding, as one batched computation.

    Every run is its own network, built by :func:`build_model` from its own initializer and seed
    (the same network :func:`train` trains), with its own learning rate, and sees the batches
    :func:`train` would give it: one seeded permutation per epoch of its seed's split. The runs of
    one seed see the same images, so their first layers are one matrix product (``x @ [W₁ | W₂ |
    …]ᵀ``); the output layers are one batched product (``bmm``); one loss (the sum of the runs'
    mean losses: each network's gradient is its own), one ``backward`` and one optimizer step
    (one parameter group per run, so each keeps its learning rate) serve them all. A run that
    diverges stops at the end of that epoch, as in :func:`train`. ``epoch_seconds`` and
    ``seconds`` are the shared time split evenly among the runs that took part.

    All runs must share ``model``, ``optimizer``, ``hyper``, ``batch_size``, ``epochs``,
    ``split``, ``val_size`` and ``limit``; ``splits`` maps a seed to its :class:`Splits`
    (default: :func:`make_splits` of each seed).
    """
    cfgs = [_config(c) for c in configs]
    if not cfgs:
        raise ValueError("give at least one training configuration")
    for name in _SHARED:
        values = {repr(getattr(c, name)) for c in cfgs}
        if len(values) > 1:
            raise ValueError(
                f"train_many: all runs must share {name}, got {', '.join(sorted(values))}"
            )
    base = cfgs[0]
    dev = resolve_device(device)
    t0 = time.perf_counter()
    seeds = list(dict.fromkeys(c.seed for c in cfgs))  # data groups, in order of first use
    sps = {
        s: (splits or {}).get(s) or make_splits(base.split, base.val_size, base.limit, s, data_dir)
        for s in seeds
    }
    data = {s: (sps[s].x_train.to(dev), sps[s].y_train.to(dev)) for s in seeds}
    n = len(sps[seeds[0]].y_train)
    if n == 0:
        raise ValueError("the training split is empty")
    if any(len(sps[s].y_train) != n for s in seeds):
        raise ValueError("train_many: every seed's training split must hold as many images")
    nets = [build_model(c.model, c.style, c.init, c.seed).to(dev) for c in cfgs]
    lins = [[m for m in net.modules() if isinstance(m, torch.nn.Linear)] for net in nets]
    # one parameter group per learning rate, not per run: the optimizer's step costs a Python
    # pass per group (~0.5 ms), its fused kernel updates all of a group's tensors in one call
    by_lr: dict[float, list] = {}
    for net, c in zip(nets, cfgs, strict=True):
        by_lr.setdefault(c.lr, []).extend(net.parameters())
    groups = [{"params": p, "lr": lr} for lr, p in by_lr.items()]
    optimizer = make_optimizer(base.optimizer, groups, base.lr, dict(base.hyper))
    edges = [_hist_edges(net, c.hist_bins) for net, c in zip(nets, cfgs, strict=True)]
    hists = [
        {0: _histograms(net, e)} if 0 in c.hist_epochs else {}
        for net, e, c in zip(nets, edges, cfgs, strict=True)
    ]
    gens = {s: torch.Generator(device="cpu").manual_seed(s) for s in seeds}
    bs = base.batch_size
    per_epoch = math.ceil(n / bs)
    batch_n = np.minimum(bs, n - bs * np.arange(per_epoch))
    k_all = len(cfgs)
    it_loss: list[list] = [[] for _ in cfgs]
    it_acc: list[list] = [[] for _ in cfgs]
    keys = ("train_loss", "train_acc", "val_loss", "val_acc", "seconds")
    ep = [{k: [] for k in keys} for _ in cfgs]
    stop = [(False, -1, "")] * k_all
    first_loss: list[float | None] = [None] * k_all
    active = list(range(k_all))
    loss_func = torch.nn.functional.cross_entropy
    for epoch in range(1, base.epochs + 1):
        te = time.perf_counter()
        by_seed = [(s, [k for k in active if cfgs[k].seed == s]) for s in seeds]
        by_seed = [(s, ks) for s, ks in by_seed if ks]
        perms = {s: torch.randperm(n, generator=gens[s]).to(dev) for s, _ in by_seed}
        losses = torch.empty(k_all, per_epoch, device=dev)
        corrects = torch.empty(k_all, per_epoch, dtype=torch.int64, device=dev)
        for i in range(per_epoch):
            total = None
            for s, ks in by_seed:
                x_tr, y_tr = data[s]
                idx = perms[s][i * bs : (i + 1) * bs]
                # index_select: the same rows as x_tr[idx], gathered ~5x faster on the CPU
                images, labels = x_tr.index_select(0, idx), y_tr.index_select(0, idx)
                first = [lins[k][0] for k in ks]
                last = [lins[k][1] for k in ks]
                w1 = torch.cat([m.weight for m in first])
                b1 = torch.cat([m.bias for m in first])
                hidden = torch.relu(torch.nn.functional.linear(images, w1, b1))
                hidden = hidden.view(len(idx), len(ks), -1).transpose(0, 1)  # (runs, batch, h)
                w2 = torch.stack([m.weight for m in last])
                b2 = torch.stack([m.bias for m in last])
                outputs = torch.baddbmm(b2.unsqueeze(1), hidden, w2.transpose(1, 2))
                per_run = (
                    loss_func(
                        outputs.reshape(-1, outputs.shape[-1]),
                        labels.repeat(len(ks)),
                        reduction="none",
                    )
                    .view(len(ks), -1)
                    .mean(1)
                )
                total = per_run.sum() if total is None else total + per_run.sum()
                losses[ks, i] = per_run.detach()
                corrects[ks, i] = (outputs.detach().argmax(-1) == labels).sum(-1)
            optimizer.zero_grad()
            total.backward()
            optimizer.step()
        share = (time.perf_counter() - te) / len(active)
        batch_loss_all = losses.cpu().numpy().astype(np.float64)
        batch_correct_all = corrects.cpu().numpy()
        for k in list(active):
            batch_loss, batch_correct = batch_loss_all[k], batch_correct_all[k]
            if first_loss[k] is None:
                first_loss[k] = float(batch_loss[0])
            bad = np.flatnonzero(blown_up(batch_loss, first_loss[k]))
            if len(bad):  # as in train: keep the iterations up to the first bad loss, then stop
                j = int(bad[0])
                it_loss[k] += batch_loss[: j + 1].tolist()
                it_acc[k] += (batch_correct[: j + 1] / batch_n[: j + 1]).tolist()
                reason = blown_up_reason(float(batch_loss[j]))
                stop[k] = (True, (epoch - 1) * per_epoch + j + 1, reason)
                active.remove(k)
                drop_params(optimizer, list(nets[k].parameters()))
                continue
            it_loss[k] += batch_loss.tolist()
            it_acc[k] += (batch_correct / batch_n).tolist()
            sp = sps[cfgs[k].seed]
            val_loss, val_acc, _ = evaluate(nets[k], sp.x_val.to(dev), sp.y_val.to(dev))
            ep[k]["train_loss"].append(float(np.sum(batch_loss * batch_n) / n))
            ep[k]["train_acc"].append(float(batch_correct.sum() / n))
            ep[k]["val_loss"].append(val_loss)
            ep[k]["val_acc"].append(val_acc)
            ep[k]["seconds"].append(share)
            if epoch in cfgs[k].hist_epochs:
                hists[k][epoch] = _histograms(nets[k], edges[k])
        if not active:
            break
    t_share = (time.perf_counter() - t0) / k_all
    return [
        _finish(
            cfgs[k],
            dev,
            nets[k],
            sps[cfgs[k].seed],
            None,
            time.perf_counter() - t_share,
            per_epoch,
            it_loss[k],
            it_acc[k],
            ep[k],
            hists[k],
            edges[k],
            stop[k],
        )
        for k in range(k_all)
    ]


@dataclass(frozen=True)
class SplitArithmetic:
    """The lecture's split example from real numbers: sizes per split, iterations per epoch."""

    total: int
    fractions: tuple[float, ...]
    sizes: np.ndarray
    batch_size: int
    iterations: int
    last_batch: int
    fmnist_sizes: np.ndarray
    fmnist_class_counts: np.ndarray  # (3 splits, 10 classes) of the lecture split of Fashion-MNIST
    fmnist_iterations: int


def split_arithmetic(
    total: int = 100_000,
    fractions: tuple[float, float, float] = (0.70, 0.15, 0.15),
    batch_size: int = 70,
    seed: int = 0,
) -> SplitArithmetic:
    """100,000 examples split 70/15/15 with batch 70 give 1000 iterations per epoch; the same split
    of Fashion-MNIST's 70,000 images, with its per-class counts (the seeded shuffle keeps the
    classes balanced)."""
    total = check_int("total", total, 1)
    batch_size = check_int("batch size", batch_size, 1)
    if len(fractions) != 3 or abs(sum(fractions) - 1) > 1e-9 or min(fractions) < 0:
        raise ValueError(
            f"fractions must be three non-negative numbers summing to 1, got {fractions!r}"
        )
    a = int(round(fractions[0] * total))
    b = int(round((fractions[0] + fractions[1]) * total))
    sizes = np.array([a, b - a, total - b])
    sp = make_splits("lecture", seed=seed)
    counts = np.stack(
        [np.bincount(y.numpy(), minlength=10) for y in (sp.y_train, sp.y_val, sp.y_test)]
    )
    return SplitArithmetic(
        total=total,
        fractions=tuple(fractions),
        sizes=sizes,
        batch_size=batch_size,
        iterations=math.ceil(sizes[0] / batch_size),
        last_batch=int(sizes[0] - (math.ceil(sizes[0] / batch_size) - 1) * batch_size),
        fmnist_sizes=counts.sum(axis=1),
        fmnist_class_counts=counts,
        fmnist_iterations=math.ceil(len(sp.y_train) / batch_size),
    )


@dataclass(frozen=True)
class InitComparison:
    """One training run per initializer (same data, order of batches and optimizer).

    ``hist_counts[i, e, layer, bin]`` on ``hist_edges[i, layer]`` after epoch ``hist_epochs[e]``;
    ``test_acc[i]``, ``train_loss[i, epoch]``, ``val_acc[i, epoch]``; ``last_weights[i]`` the
    hidden → output weights at the end.
    """

    inits: tuple[str, ...]
    labels: tuple[str, ...]
    model: str
    optimizer: str
    lr: float
    epochs: int
    n_train: int
    hist_epochs: np.ndarray
    hist_edges: np.ndarray
    hist_counts: np.ndarray
    hist_outside: np.ndarray
    test_acc: np.ndarray
    train_loss: np.ndarray
    train_acc: np.ndarray
    diverged: np.ndarray
    last_weights: np.ndarray
    seconds: np.ndarray

    def table(self) -> dict[str, list]:
        return columns(
            {
                "initializer": self.inits,
                "test_accuracy": self.test_acc,
                "final_train_loss": [v[-1] if len(v) else math.nan for v in self.train_loss],
                "diverged": self.diverged,
                "seconds": self.seconds,
            }
        )


def initializer_comparison(
    inits: tuple[str, ...] = (
        "zeros",
        "small-normal",
        "large-normal",
        "uniform",
        "xavier-normal",
        "xavier-uniform",
        "kaiming-normal",
        "kaiming-uniform",
        "torch-default",
        "orthogonal",
    ),
    model: str = "784-200-10",
    optimizer: str = "sgd",
    lr: float = 0.1,
    batch_size: int = 100,
    epochs: int = 10,
    limit: int = 0,
    hist_bins: int = 2001,
    seed: int = 0,
    device: str = "cpu",
    batched: bool = True,
) -> InitComparison:
    """The lecture's comparison: 784-200-10 trained 10 epochs from each initializer, weight
    histograms of both junctions recorded after every epoch (fixed bins per run).

    ``batched`` trains the networks together (:func:`train_many`, the same runs to rounding);
    ``False`` one after another with :func:`train` (the reference, kept for the benchmark)."""
    if not inits:
        raise ValueError("give at least one initializer")
    sp = make_splits("standard", 0, limit, seed)
    cfgs = [
        TrainConfig(
            model=model,
            init=init,
            optimizer=optimizer,
            lr=lr,
            batch_size=batch_size,
            epochs=epochs,
            limit=limit,
            seed=seed,
            hist_epochs=tuple(range(epochs + 1)),
            hist_bins=hist_bins,
        )
        for init in inits
    ]
    if batched:  # one network per initializer, all trained in one batched loop (same batches)
        runs = train_many(cfgs, device=device, splits={seed: sp})
    else:
        runs = [train(c, device=device, splits=sp) for c in cfgs]
    n_ep = epochs + 1

    def pad_hist(v: np.ndarray) -> np.ndarray:
        out = np.zeros((n_ep,) + v.shape[1:])
        out[: len(v)] = v
        return out

    return InitComparison(
        inits=tuple(inits),
        labels=tuple(INITIALIZERS[i][0] for i in inits),
        model=model,
        optimizer=optimizer,
        lr=lr,
        epochs=epochs,
        n_train=runs[0].n_train,
        hist_epochs=np.arange(n_ep),
        hist_edges=np.stack([r.hist_edges for r in runs]),
        hist_counts=np.stack([pad_hist(r.hist_counts) for r in runs]),
        hist_outside=np.stack([pad_hist(r.hist_outside) for r in runs]),
        test_acc=np.array([r.test_acc for r in runs]),
        train_loss=np.stack([pad_epochs(r.train_loss, epochs) for r in runs]),
        train_acc=np.stack([pad_epochs(r.train_acc, epochs) for r in runs]),
        diverged=np.array([r.diverged for r in runs]),
        last_weights=np.stack([r.last_weights for r in runs]),
        seconds=np.array([r.seconds for r in runs]),
    )


# The lecture's printed numbers (002). Its code (slides "Introduction to PyTorch", both versions)
# builds 784-128-10 with Adam at lr=0.0001, batch 100, shuffled, on the 60,000 training images; the
# training loop (num_epochs = 4) prints the running training accuracy after each epoch (600
# iterations each), and the "test set performance" slide prints the test accuracy after 4 epochs
# (2400 iterations) without showing the learning rate again.
LECTURE_LR = 1e-4  # the lr of the lecture's code
LECTURE_TEST_ACCURACY = 0.8665  # "After 4 epochs (2400 iterations) ... Accuracy: 86.65%"
LECTURE_TRAIN_ACCURACY = (0.69465, 0.80110, 0.82467, 0.83615)  # "Epoch: 01 ... 69.465%" ... "04"
LECTURE_ITERATIONS_PER_EPOCH = 600  # "Epoch: 01, Iteration: 600" ... "Epoch: 04, Iteration: 2400"
FAST_LR = 1e-3  # a ten times larger lr (Adam's default), run beside the lecture's for comparison


@dataclass(frozen=True)
class LectureCheck:
    """Our runs of the lecture's code over several seeds, beside its printed numbers: at the
    code's lr 1e-4 (``train_acc``: running training accuracy per epoch, ``test_acc_code``: test
    accuracy after the last epoch) and at lr 1e-3 (``test_acc``)."""

    seeds: np.ndarray
    test_acc: np.ndarray  # (seeds,) lr 1e-3, after the last epoch
    train_acc: np.ndarray  # (seeds, epochs) lr 1e-4, per epoch
    lecture_test_acc: float
    lecture_train_acc: np.ndarray
    epoch_seconds: np.ndarray  # (seeds,) mean epoch time of the lr 1e-3 runs
    test_acc_code: np.ndarray  # (seeds,) lr 1e-4 (the lecture's code), after the last epoch
    lr_code: float
    lr_fast: float
    batch_size: int
    n_train: int
    iterations_per_epoch: int

    def table(self) -> dict[str, list]:
        per_epoch = {f"train_acc_epoch{e}_lr1e-4": a for e, a in enumerate(self.train_acc.T, 1)}
        code = {} if self.test_acc_code is None else {"test_acc_lr1e-4": self.test_acc_code}
        return columns({"seed": self.seeds, **code, "test_acc_lr1e-3": self.test_acc, **per_epoch})


def lecture_check(
    seeds: tuple[int, ...] = (0, 1, 2),
    epochs: int = 4,
    limit: int = 0,
    device: str = "cpu",
    batched: bool = True,
) -> LectureCheck:
    """Run the lecture's code (784-128-10, Adam lr 1e-4, batch 100, 60,000 images) from each
    seed: its running training accuracy per epoch (the lecture prints 69.5, 80.1, 82.5, 83.6%) and
    its test accuracy after ``epochs`` epochs (the lecture prints 86.65% after 4); and the same
    with lr 1e-3, whose test accuracy is kept too.

    ``batched`` trains the 2 × seeds networks together (:func:`train_many`: each is the network
    :func:`train` trains from its seed, on the same batches, to rounding); ``False`` one after
    another (the reference, kept for the benchmark)."""
    test, test_code, tr, secs = [], [], [], []
    n_train, per_epoch = 0, 0
    sps = {s: make_splits("standard", 0, limit, s) for s in dict.fromkeys(seeds)}
    # per seed: lr 1e-3 (run a) then the lecture's 1e-4 (run b)
    cfgs = [
        TrainConfig(lr=lr, epochs=epochs, seed=s, limit=limit)
        for s in seeds
        for lr in (FAST_LR, LECTURE_LR)
    ]
    if batched:
        runs = train_many(cfgs, device=device, splits=sps)
    else:
        runs = [train(c, device=device, splits=sps[c.seed]) for c in cfgs]
    for i, _s in enumerate(seeds):
        a, b = runs[2 * i], runs[2 * i + 1]
        test.append(a.test_acc)
        test_code.append(b.test_acc)
        tr.append(b.train_acc)
        secs.append(float(np.mean(a.epoch_seconds)))
        n_train, per_epoch = b.n_train, b.iterations_per_epoch
    return LectureCheck(
        seeds=np.array(seeds),
        test_acc=np.array(test),
        train_acc=np.stack(tr),
        lecture_test_acc=LECTURE_TEST_ACCURACY,
        lecture_train_acc=np.array(LECTURE_TRAIN_ACCURACY[:epochs]),
        epoch_seconds=np.array(secs),
        test_acc_code=np.array(test_code),
        lr_code=LECTURE_LR,
        lr_fast=FAST_LR,
        batch_size=TrainConfig().batch_size,
        n_train=n_train,
        iterations_per_epoch=per_epoch,
    )


# --- the model summary (issue 15, item 12) -------------------------------------------------------

# The lecture's torchsummary table for its nn.Module version (``summary(model, input_size=(1, 1,
# 28*28))``): layer, output shape, parameters; then "Total params: 101,770" and "Params size (MB):
# 0.39". Typed from the lecture, compared with what the real model gives (never used to compute it).
LECTURE_SUMMARY = (("Linear-1", "[-1, 1, 1, 128]", 100_480), ("Linear-2", "[-1, 1, 1, 10]", 1_290))
LECTURE_TOTAL_PARAMS = 101_770
LECTURE_PARAMS_MB = "0.39"
SUMMARY_INPUT_SIZE = (1, 1, 28 * 28)  # the lecture's input_size


def summary_rows(
    net: torch.nn.Module, input_size: tuple[int, ...] = SUMMARY_INPUT_SIZE
) -> tuple[tuple[str, ...], tuple[str, ...], np.ndarray]:
    """torchsummary's rows, found the way torchsummary finds them: a forward hook on every
    submodule that is not a container, a forward pass of a batch of 2 of ``input_size``; per
    called module ``Type-k`` (k counts the calls), its output shape with the batch as -1, and its
    parameters (weight and bias). A function called inside ``forward`` (``torch.relu``) has no
    module, so it has no row."""
    names: list[str] = []
    shapes: list[str] = []
    params: list[int] = []
    hooks = []

    def hook(module: torch.nn.Module, _inputs: object, output: torch.Tensor) -> None:
        names.append(f"{type(module).__name__}-{len(names) + 1}")
        shapes.append(str([-1, *output.shape[1:]]))
        params.append(sum(p.numel() for p in module.parameters(recurse=False)))

    for m in net.modules():
        if m is not net and not isinstance(m, torch.nn.Sequential | torch.nn.ModuleList):
            hooks.append(m.register_forward_hook(hook))
    try:
        with torch.no_grad():
            net(torch.zeros((2, *input_size), dtype=next(net.parameters()).dtype))
    finally:
        for h in hooks:
            h.remove()
    return tuple(names), tuple(shapes), np.array(params, dtype=np.int64)


@dataclass(frozen=True)
class ModelSummary:
    """The lecture's first model as ``nn.Module`` (:class:`LectureNet`) and as ``nn.Sequential``.

    ``module_*`` / ``sequential_*``: torchsummary's rows (:func:`summary_rows`) — names, output
    shapes, parameters — with ``*_total`` all parameters and ``*_trainable`` those that require a
    gradient; ``linear_in``/``linear_out``: each Linear layer's features (the Module's);
    ``param_bytes``: bytes per parameter (float32: 4). ``lecture_*``: the lecture's printed table.

    Same function: the Sequential is built from ``seed``, the Module from ``seed + 1`` (different
    weights), then the Sequential's weights are copied into the Module (``0.weight`` →
    ``hidden.weight``, …). On the first ``n_images`` Fashion-MNIST test images (pixels / 255, as
    the lecture's ``ToTensor``): ``diff_before``/``diff_after`` the largest |output difference|
    before and after the copy, ``same_class_before``/``same_class_after`` the share of images
    given the same class. ``image``/``label``: the first test image; ``logits_sequential``,
    ``logits_module``, ``logits_module_before``: the three models' outputs for it.
    """

    model: str
    input_size: tuple[int, ...]
    module_names: tuple[str, ...]
    module_shapes: tuple[str, ...]
    module_params: np.ndarray
    module_total: int
    module_trainable: int
    sequential_names: tuple[str, ...]
    sequential_shapes: tuple[str, ...]
    sequential_params: np.ndarray
    sequential_total: int
    sequential_trainable: int
    linear_in: np.ndarray
    linear_out: np.ndarray
    param_bytes: int
    lecture_names: tuple[str, ...]
    lecture_shapes: tuple[str, ...]
    lecture_params: np.ndarray
    lecture_total: int
    lecture_params_mb: str
    n_images: int
    diff_before: float
    diff_after: float
    same_class_before: float
    same_class_after: float
    image: np.ndarray
    label: int
    label_name: str
    logits_sequential: np.ndarray
    logits_module: np.ndarray
    logits_module_before: np.ndarray

    def table(self) -> dict[str, list]:
        rows = [
            ("nn.Module", n, s, int(p))
            for n, s, p in zip(
                self.module_names, self.module_shapes, self.module_params, strict=True
            )
        ]
        rows += [
            ("nn.Sequential", n, s, int(p))
            for n, s, p in zip(
                self.sequential_names, self.sequential_shapes, self.sequential_params, strict=True
            )
        ]
        return columns(
            {
                "model": [r[0] for r in rows],
                "layer": [r[1] for r in rows],
                "output_shape": [r[2] for r in rows],
                "params": [r[3] for r in rows],
            }
        )


def _copy_sequential_into_module(seq: torch.nn.Sequential, net: LectureNet) -> None:
    """``net.load_state_dict`` with the Sequential's tensors under the Module's names."""
    names = {"0.weight": "hidden.weight", "0.bias": "hidden.bias"}
    names |= {"2.weight": "output.weight", "2.bias": "output.bias"}
    net.load_state_dict({names[k]: v for k, v in seq.state_dict().items()})


def first_model_summary(
    model: str = "784-128-10", n_images: int = 10_000, seed: int = 0
) -> ModelSummary:
    """The lecture's torchsummary table computed from the real model (both ways of writing it),
    and ``nn.Sequential`` vs ``nn.Module`` shown to compute the same function once they hold the
    same weights, on real Fashion-MNIST test images. No training."""
    check_choice("model", model, ARCHITECTURES)
    n_images = check_int("n_images", n_images, 1)
    seed = check_seed(seed)
    if seed + 1 > SEED_MAX:
        raise ValueError(f"seed must be below {SEED_MAX} (the Module is built from seed + 1)")
    seq = build_model(model, "sequential", seed=seed)
    net = build_model(model, "module", seed=seed + 1)
    m_names, m_shapes, m_params = summary_rows(net)
    s_names, s_shapes, s_params = summary_rows(seq)
    ds = fmnist.load("test")
    if n_images > len(ds.images):
        raise ValueError(f"n_images must be at most {len(ds.images)}, got {n_images}")
    x = torch.as_tensor(ds.images[:n_images].reshape(n_images, -1) / 255.0, dtype=torch.float32)
    with torch.no_grad():
        out_seq = seq(x)
        before = net(x)
        _copy_sequential_into_module(seq, net)
        after = net(x)
    linears = [m for m in net.modules() if isinstance(m, torch.nn.Linear)]
    return ModelSummary(
        model=model,
        input_size=SUMMARY_INPUT_SIZE,
        module_names=m_names,
        module_shapes=m_shapes,
        module_params=m_params,
        module_total=sum(p.numel() for p in net.parameters()),
        module_trainable=sum(p.numel() for p in net.parameters() if p.requires_grad),
        sequential_names=s_names,
        sequential_shapes=s_shapes,
        sequential_params=s_params,
        sequential_total=sum(p.numel() for p in seq.parameters()),
        sequential_trainable=sum(p.numel() for p in seq.parameters() if p.requires_grad),
        linear_in=np.array([m.in_features for m in linears]),
        linear_out=np.array([m.out_features for m in linears]),
        param_bytes=next(net.parameters()).element_size(),
        lecture_names=tuple(r[0] for r in LECTURE_SUMMARY),
        lecture_shapes=tuple(r[1] for r in LECTURE_SUMMARY),
        lecture_params=np.array([r[2] for r in LECTURE_SUMMARY]),
        lecture_total=LECTURE_TOTAL_PARAMS,
        lecture_params_mb=LECTURE_PARAMS_MB,
        n_images=n_images,
        diff_before=float((out_seq - before).abs().max()),
        diff_after=float((out_seq - after).abs().max()),
        same_class_before=float((out_seq.argmax(1) == before.argmax(1)).float().mean()),
        same_class_after=float((out_seq.argmax(1) == after.argmax(1)).float().mean()),
        image=ds.images[0].copy(),
        label=int(ds.labels[0]),
        label_name=fmnist.CLASSES[int(ds.labels[0])],
        logits_sequential=out_seq[0].numpy().astype(np.float64),
        logits_module=after[0].numpy().astype(np.float64),
        logits_module_before=before[0].numpy().astype(np.float64),
    )
