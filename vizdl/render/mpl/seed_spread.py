"""Test accuracy across seeds per activation. Reads :mod:`vizdl.sim.seed_spread`."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from vizdl.render.mpl.slides import is_slide, slide_pages
from vizdl.sim.seed_spread import SeedSpread
from vizdl.style import THEME

__all__ = ["figure_seed_spread"]


def _color(r: SeedSpread, k: int) -> str:
    return THEME.activations.get(r.names[k], THEME.palette[k])


def figure_seed_spread(fig: Figure, r: SeedSpread) -> None:
    """Each seed's test accuracy per activation, the same seed joined across activations, with
    mean ± standard deviation (left); Leaky ReLU's spread over each other activation's, with
    its 95% bootstrap interval over the seeds (right)."""
    left, right = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.4, 1.0]})
    acc = np.asarray(r.final, dtype=float) * 100
    xs = np.arange(len(r.names))
    for s in range(acc.shape[1]):
        left.plot(xs, acc[:, s], color=THEME.greys["0.75"], lw=0.8, zorder=1)
    for k in range(len(r.names)):
        c = _color(r, k)
        left.plot(
            np.full(acc.shape[1], xs[k]),
            acc[k],
            ls="none",
            marker=THEME.markers[k],
            ms=6,
            mfc=c,
            mec=THEME.greys["0.2"],
            mew=0.5,
            label=r.labels[k],
            zorder=3,
        )
        done = acc[k][np.isfinite(acc[k])]  # a diverged run has no accuracy
        if len(done) < 2:
            continue
        m, sd = float(np.mean(done)), float(np.std(done, ddof=1))
        left.errorbar(
            xs[k] + 0.18, m, yerr=sd, color=c, marker="_", ms=16, capsize=5, lw=2, zorder=2
        )
        left.text(xs[k] + 0.26, m, f"{m:.1f}%\n± {sd:.2f} pp", va="center", fontsize=8.5, color=c)
    left.set_xticks(xs, [lbl.split(" (")[0] for lbl in r.labels])
    left.set_xlim(-0.4, len(r.names) - 0.2)
    left.set_ylabel(f"test accuracy on {r.n_test:,} images (%)")
    left.set_title(
        f"{len(r.seeds)} seeds each (grey: the same seed, so the same initial weights and batches)",
        fontsize=10,
    )

    k = r.names.index("leaky_relu") if "leaky_relu" in r.names else -1
    bars, equal, note = [], None, None  # the slide names them in a legend
    if k < 0 or not np.isfinite(np.asarray(r.ratio, dtype=float)[k]).any():
        right.text(
            0.5,
            0.5,
            "spreads not compared\n(a run diverged, or Leaky ReLU is not trained)",
            transform=right.transAxes,
            ha="center",
            va="center",
            color=THEME.greys["0.3"],
        )
        right.set_axis_off()
    else:
        others = [j for j in range(len(r.names)) if j != k]
        for i, j in enumerate(others):
            ratio, lo, hi = r.ratio[k, j], r.ratio_lo[k, j], r.ratio_hi[k, j]
            bar = right.errorbar(
                i,
                ratio,
                yerr=[[ratio - lo], [hi - ratio]],
                color=_color(r, j),
                marker=THEME.markers[j],
                ms=8,
                capsize=6,
                lw=2,
            )
            bars.append(bar)
            right.text(
                i + 0.08,
                ratio,
                f"{ratio:.2f}×\n[{lo:.2f}, {hi:.2f}]",
                va="center",
                fontsize=9,
                color=THEME.greys["0.2"],
            )
        equal = right.axhline(1.0, color=THEME.greys["0.45"], ls="--", lw=1.0)
        right.set_xticks(range(len(others)), [f"÷ {r.labels[j].split(' (')[0]}'s" for j in others])
        right.set_xlim(-0.5, len(others) - 0.3)
        top = float(np.nanmax(r.ratio_hi[k, others])) if others else 2.0
        right.set_ylim(0, max(top, 1.0) * 1.3)
        right.set_ylabel("Leaky ReLU's spread ÷ the other's")
        note = right.text(
            0.02,
            0.97,
            "above the dashed line: Leaky ReLU varies more from seed to seed\n"
            f"bars: 95% bootstrap interval over the seeds ({r.n_boot:,} resamples)",
            transform=right.transAxes,
            va="top",
            fontsize=8.5,
            color=THEME.greys["0.3"],
        )
        right.set_title("Leaky ReLU's standard deviation across seeds, relative", fontsize=10)
    fig.suptitle(
        f"784-{r.hidden}-{r.hidden}-10 on {r.n_train:,} Fashion-MNIST images, {r.epochs} epochs "
        f"of SGD (lr {r.lr:g}, momentum {r.momentum:g}, batches of {r.batch_size})",
        fontsize=11.5,
    )
    if is_slide(fig):  # a panel a slide; the ratio panel's note as a legend beside it
        left.set_title(f"{len(r.seeds)} seeds each (grey: the same seed)")
        if note is not None:  # the ratios under their bars, the note as a legend beside
            for t in list(right.texts):
                t.remove()
            others = [j for j in range(len(r.names)) if j != k]
            right.set_xticks(
                range(len(others)),
                [
                    f"÷ {r.labels[j].split(' (')[0]}'s\n{r.ratio[k, j]:.2f}×\n"
                    f"[{r.ratio_lo[k, j]:.2f}, {r.ratio_hi[k, j]:.2f}]"
                    for j in others
                ],
            )
            right.set_xlim(-0.6, len(others) - 0.4)
            right.legend(
                [equal, bars[0]],
                [
                    "equal spread;\nabove: Leaky\nReLU varies\nmore",
                    f"bars: 95%\ninterval, {r.n_boot:,}\nbootstrap\nresamples",
                ],
                loc="upper left",
                bbox_to_anchor=(1.02, 1.0),
            )
            right.set_title("Leaky ReLU's spread, relative")
            right.set_ylabel("Leaky ReLU's std ÷ other's")
        slide_pages(fig, [[0], [1]])
