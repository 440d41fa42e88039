"""No number in a caption or claim is typed by hand.

Every number a caption or a claim states must be a ``{placeholder}`` filled from what a check
measured (a tolerance too: the check exports its module constant as a measured field), unless it
is a fixed definition. This scans every entry's caption and claim texts (not the lecture quotes)
for numbers outside ``{…}``. ALLOWED lists the definitions, each with its reason; TYPED lists
the hand-typed numbers not yet replaced by measured fields (a debt: the test fails when a new
one appears, and when a listed one is gone, so the list only shrinks).
"""

from __future__ import annotations

import re
import string
from pathlib import Path

from vizdl.gallery.registry import load_gallery

ROOT = Path(__file__).resolve().parents[2]
_NUMBER = re.compile(r"^[−±-]?\d[\d.,]*(%|×)?$")
_CONTEXT = 28  # characters of literal text before a number that name its place

# A number on its own (stripped of brackets and punctuation): 0 and 1 are the origin, the unit,
# step/layer/epoch 1 and the ends of [0, 1]; ±1 and −1 are tanh's bounds.
ALLOWED_TOKENS = {"0", "1", "±1", "−1"}

# (regex on the literal text around the number, why it is a definition, not a measurement)
ALLOWED: list[tuple[str, str]] = [
    (r"784 →|784-input|real 784", "an MNIST/Fashion-MNIST image has 28 × 28 = 784 pixels"),
    (r"→ 10\b|→ 10 MLP", "ten classes: the output layer of every MNIST network"),
    (r"chance: 10%", "ten classes: chance accuracy is 1/10 by definition"),
    (r"Bengio \(2010\)|Bengio's \(2010\)|et al\. 2014", "a citation's year"),
    (r"ln 10|over the 10 classes", "ten classes: a uniform guess's cross-entropy is ln 10"),
    (r"σ\(0\) = 0\.5", "the sigmoid's value at 0, by its formula"),
    (r"2·ln 9", "the closed form of the 10%-90% rise time of σ(wx)"),
    (r"from 0\.1 to 0\.9", "the 10%-90% rise that the closed form 2·ln 9 / w defines"),
    (r"stability limit 2", "gradient descent on a quadratic is stable iff η·λ < 2 (closed form)"),
    (r"From step 2 to step|from step 2 to step", "step 1 has no previous velocity to compare"),
    (r"\(step 3 and the boxed", "the figure draws step 3 (a drawing choice of the renderer)"),
    (
        r"f\(x\) = 0\.2 \+ 0\.4x² \+ 0\.3x·sin\(15x\) \+ 0\.05·cos\(50x\)",
        "the target function's formula (vizdl.sim.approximation's definition, shown verbatim)",
    ),
    (r"after 4 epochs \(2400 iterations\)", "the lecture's own printed numbers, quoted"),
    (r"figure: 3 hidden layers of 64", "the lecture's figure, described"),
    (r"[Bb]iases (started|at) (at )?0\.1", "the lecture's suggested bias, 0.1, quoted"),
]

# Hand-typed numbers still to be replaced by measured fields: (number, the literal text before
# it). Each is a threshold or setting a check or simulation holds; typed here it can drift.
TYPED: set[tuple[str, str]] = {
    ("0.1", " the L2 error {} (both −1 ± "),  # bump-error
    ("80%", "ers and coats, {} (at least "),  # confusion-matrix
    ("90%", "st {} of the time (at least "),  # confusion-matrix
    ("10", "0 and stays within a factor "),  # derivative-products
    ("4", "ignal stays between 1/4 and "),  # derivative-products
    ("1%", " back on. Leaky ReLU passes "),  # dying-relu
    ("20%", "ry training image (at least "),  # dying-relu
    ("1%", " = 0, {}σ at x₀ = {} (under "),  # elu-saturation-noise
    ("10%", "n standard deviation within "),  # elu-saturation-noise
    ("10", "dient norms within a factor "),  # gradient-norms-per-layer
    ("100", "ry one at least {} times (≥ "),  # gradient-norms-per-layer
    ("0.01", "nh layer's units are within "),  # init-backward-variance
    ("0.01", "nh layer's units sit within "),  # init-backward-variance
    ("16", " net's measured factor over "),  # init-backward-variance
    ("2", " Var(δₗ) is within a factor "),  # init-backward-variance
    ("2", "s Var(δ) is within a factor "),  # init-backward-variance
    ("5%", "or over 16 (worst {} of it, "),  # init-backward-variance
    ("5×", "s × {} per layer (more than "),  # init-backward-variance
    ("0.1", ") and {} with gain 1 (below "),  # init-calculate-gain
    ("1%", "1 + a² times larger, within "),  # init-calculate-gain
    ("1.5", "; gain 5/3: within a factor "),  # init-calculate-gain
    ("10", "{} with gain 5/3 (more than "),  # init-calculate-gain
    ("20%", "_in': forward Var(y) within "),  # init-calculate-gain
    ("20%", "ery layer ({}); both within "),  # init-calculate-gain
    ("20%", "ut': backward Var(δ) within "),  # init-calculate-gain
    ("25%", " 1 (below 0.1); both within "),  # init-calculate-gain
    ("25%", "orward and backward, within "),  # init-calculate-gain
    ("3%", "d √(Var(y)/E[x²]) is within "),  # init-calculate-gain
    ("4", "ayer to the last (more than "),  # init-calculate-gain
    ("5%", "Var(y) changes by less than "),  # init-calculate-gain
    ("5", "init's variances are within "),  # init-distributions
    ("1.5", "onal stay between 1/1.5 and "),  # init-forward-variance
    ("10%", "d under N(0, 1) stay within "),  # init-forward-variance
    ("2", " Var(aₗ) is within a factor "),  # init-forward-variance
    ("2", "ReLU needs Kaiming's factor "),  # init-forward-variance
    ("2", "iming stays within a factor "),  # init-forward-variance
    ("20%", "irst and ends at {}, within "),  # init-forward-variance
    ("5%", "for N(0, 1) (n = {}, within "),  # init-forward-variance
    ("2", "aiming ends within a factor "),  # init-forward-variance-animation
    ("0.01", "Sigmoid: E[x] = {} (within "),  # init-he-step
    ("0.02", "Tanh: E[x] = {} (|E[x]| < "),  # init-he-step
    ("0.05", "term is {} of E[x²] (within "),  # init-he-step
    ("0.45", "y layer P(y > 0) is between "),  # init-he-step
    ("0.55", "(y > 0) is between 0.45 and "),  # init-he-step
    ("10%", "to {}, worst {}) and within "),  # init-he-step
    ("10%", "works' mean E[x²] is within "),  # init-he-step
    ("15%", "Var(y) is within "),  # init-he-step
    ("3×", " form {} and {}× (more than "),  # init-he-step
    ("5%", " has a sample Var(w) within "),  # init-he-step
    ("5%", " to {}) and |E[y]| is below "),  # init-he-step
    ("5%", "Var(x) gives Var(y₂) within "),  # init-he-step
    ("5%", "f 1/π = {}), Var(y₂) within "),  # init-he-step
    ("5%", "lf); Var(y₂) = {} is within "),  # init-he-step
    ("0.01", "s of every layer sit within "),  # init-layer-histograms
    ("0.02", "1 of ±1 (saturated, tanh' < "),  # init-layer-histograms
    ("5×", "s last-layer std (more than "),  # init-layer-histograms
    ("0.01", "east {} of the units within "),  # init-layer-histograms-animation
    ("0.01", "ts differ by at least {} (> "),  # init-symmetry
    ("0.99", "d: {} of the units at |a| > "),  # init-symmetry
    ("0.99", "es {} of the units at |a| > "),  # init-symmetry
    ("1%", " units at |a| > 0.99 (under "),  # init-symmetry
    ("0.01", "st layer's units sit within "),  # init-variance-heatmap
    ("10", "factor 2 of 1, and a factor "),  # init-variance-heatmap
    ("10", "rd ratio is within a factor "),  # init-variance-heatmap
    ("2", "cell (ratio within a factor "),  # init-variance-heatmap
    ("2", "s pale only within a factor "),  # init-variance-heatmap
    ("2.5", "curve stays within a factor "),  # init-variance-heatmap
    ("0.01", "han half their units within "),  # init-variance-heatmap-animation
    ("0.9", "ng correlate at least {} (≥ "),  # init-weight-histograms
    ("10%", " goes from {} to {} (within "),  # init-weight-histograms
    ("25%", "t least {}× and ends within "),  # init-weight-histograms
    ("3", "st accuracy {}% is at least "),  # init-weight-histograms
    ("10%", " rules differ (by more than "),  # init-xavier-tapering
    ("10%", "every layer's Var(a) within "),  # init-xavier-tapering
    ("10%", "measured variance is within "),  # init-xavier-tapering
    ("10%", "y layer's Var(∂L/∂a) within "),  # init-xavier-tapering
    ("2×", "iving one (off by more than "),  # init-xavier-tapering
    ("2×", "of Var(x) (off by more than "),  # init-xavier-tapering
    ("95%", "ReLU's spread is {}× ReLU's "),  # leaky-relu-seed-spread
    ("95%", "}–{}) and {}× ELU's ({}–{}) "),  # leaky-relu-seed-spread
    ("0.1", "nds below its start, within "),  # learning-curves
    ("1%", "rshoots and ends with under "),  # learning-rate-regimes
    ("10%", "} steps (mean over the last "),  # lr-sensitivity
    ("0.1", "ered by up to {} (more than "),  # model-summary
    ("10×", " SGD from every start and a "),  # optimizer-table-measured
    ("10×", " at least {} more steps per "),  # optimizer-table-measured
    ("10×", "SGD from every start, and a "),  # optimizer-table-measured
    ("10×", "rom every start, although a "),  # optimizer-table-measured
    ("0.05", "es: training loss {} (under "),  # overfitting
    ("30%", "h {} ({}) and ends at least "),  # overfitting
    ("1%", "s a first step of {} (under "),  # race-bowl
    ("10%", " (lowest loss over the last "),  # race-bowl
    ("1000×", ") and NAG ({}) end at least "),  # race-ravine
    ("100×", "1 − α) = {}η. The ravine is "),  # race-ravine
    ("100×", "d RMSprop ({}) end at least "),  # race-ravine
    ("1000×", " 30 steps it is at {}, over "),  # race-saddle
    ("1000×", "steps Adadelta ({}) is over "),  # race-saddle
    ("30", "After "),  # race-saddle
    ("30", "omentum compounds it (after "),  # race-saddle
    ("30", "ut its steps grow and after "),  # race-saddle
    ("0.01", "dle point while still under "),  # race-saddle-3d-animation
    ("10", "epest slope is {} (at least "),  # repeated-composition
    ("10%", "e lowest loss over the last "),  # saddle-plateau
    ("11%", "ery class is between 9% and "),  # split-and-batches
    ("9%", "plit every class is between "),  # split-and-batches
    ("20%", " the minimum, over the last "),  # stochastic-minibatch-batch
    ("20%", "Over the last "),  # stochastic-minibatch-batch
    ("1000", "e loss still fell by {} per "),  # trained-vs-constructed
    ("1000", "was still falling by {} per "),  # trained-vs-constructed
    ("25%", "RMS weight of {}–{} (within "),  # weight-ridgelines
}


def _literal(template: str) -> str:
    template = template.replace("[[", "").replace("]]", "")
    return "".join(
        lit + ("{}" if name is not None else "")
        for lit, name, _, _ in string.Formatter().parse(template)
    )


def _typed_numbers() -> dict[tuple[str, str], str]:
    """(number, context) -> the first entry whose caption or claims type it."""
    found: dict[tuple[str, str], str] = {}
    for name, e in load_gallery(ROOT).entries.items():
        for text in [e.caption, *(c.text for c in e.claims if not c.lecture)]:
            lit = " ".join(_literal(text or "").split())
            for m in re.finditer(r"\S+", lit):
                tok = m.group(0).strip("()[],.;:'")
                if not (re.search(r"\d", tok) and _NUMBER.match(tok)) or tok in ALLOWED_TOKENS:
                    continue
                around = lit[max(0, m.start() - 60) : m.end() + 60]
                if any(re.search(rx, around) for rx, _ in ALLOWED):
                    continue
                found.setdefault((tok, lit[max(0, m.start() - _CONTEXT) : m.start()]), name)
    return found


def test_every_caption_number_is_measured_or_a_listed_definition() -> None:
    found = _typed_numbers()
    new = {k: v for k, v in found.items() if k not in TYPED}
    assert not new, (
        "numbers typed by hand in captions/claims (quote a measured field instead):\n"
        + ("\n".join(f"  {v}: {tok!r} after {ctx!r}" for (tok, ctx), v in sorted(new.items())))
    )
    gone = TYPED - set(found)
    assert not gone, f"no longer typed: remove from TYPED: {sorted(gone)}"


def test_the_known_hand_typed_numbers_are_measured_now() -> None:
    # the ELU tolerance, the plateau's flatness share and the eight racers: placeholders now
    texts = {
        n: " ".join([e.caption, *(c.text for c in e.claims)])
        for n, e in load_gallery(ROOT).entries.items()
    }
    assert (
        "{elu_tol:g}" in texts["elu-saturation-noise"]
        and "0.01 of −α" not in texts["elu-saturation-noise"]
    )
    assert (
        "{flat_share:.0%}" in texts["saddle-plateau"]
        and "5% of the drop" not in texts["saddle-plateau"]
    )
    assert "{n_racers_text}" in texts["saddle-plateau"] and "eight" not in texts["saddle-plateau"]
