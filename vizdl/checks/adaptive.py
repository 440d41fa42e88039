"""Checks on :mod:`vizdl.sim.optimizers.adaptive` results (adaptive learning rates, Adam's bias
correction and Adamax's ∞-norm)."""

from __future__ import annotations

import numpy as np

from vizdl.checks import Verdict, verdict

__all__ = [
    "steep_parameter_gets_the_smaller_rate",
    "adagrad_never_recovers",
    "windowed_methods_recover",
    "adam_raw_moments_start_small",
    "adamax_needs_no_correction",
]

nan = float("nan")


def steep_parameter_gets_the_smaller_rate(r: object) -> Verdict:
    """On the elongated bowl Adagrad's and RMSprop's effective rate for the steep θ₂ is below
    the flat θ₁'s at every step, and at the first step smaller by the gradient ratio |g₂/g₁| at
    the start (5 from (2, 1)), read from the surface's gradient the result stores (to 0.1%)."""
    ratios, every = [], True
    for name in ("adagrad", "rmsprop"):
        e = np.asarray(r.bowl_eff_lr.get(name, np.full((1, 2), nan)), dtype=float)
        every &= bool(np.all(e[:, 1] < e[:, 0]))
        ratios.append(float(e[0, 0] / e[0, 1]))
    g = getattr(r, "bowl_grad", None)
    grad_ratio = float(abs(g[1] / g[0])) if g is not None and g[0] != 0 else nan
    return verdict(
        every and len(r.bowl_eff_lr) >= 2 and bool(np.allclose(ratios, grad_ratio, rtol=1e-3)),
        first_rate_ratio=min(ratios),
        bowl_grad_ratio=grad_ratio,
        bowl_steps=int(np.asarray(next(iter(r.bowl_eff_lr.values()))).shape[0]),
    )


def _around_switch(r: object, name: str) -> tuple[float, float]:
    """(rate at the last step before the gradient drops, rate at the last step)."""
    e = np.asarray(r.stream_eff_lr[name], dtype=float)
    return float(e[r.switch - 1]), float(e[-1])


def adagrad_never_recovers(r: object) -> Verdict:
    """Adagrad's effective rate never rises (its sum of squared gradients only grows): at the end
    it is no higher than just before the gradient dropped."""
    if "adagrad" not in r.stream_eff_lr:
        return verdict(False, adagrad_after=nan)
    e = np.asarray(r.stream_eff_lr["adagrad"], dtype=float)
    before, end = _around_switch(r, "adagrad")
    return verdict(
        bool(np.all(np.diff(e) <= 0)),
        adagrad_after=end / before,
        switch=int(r.switch),
        drop=float(r.stream[0] / r.stream[-1]),
    )


def windowed_methods_recover(r: object) -> Verdict:
    """RMSprop's and Adadelta's effective rates end at least twice as high as just before the
    gradient dropped: their decaying averages forget the steep phase."""
    got = {}
    for name in ("rmsprop", "adadelta"):
        if name not in r.stream_eff_lr:
            return verdict(False, rmsprop_after=nan, adadelta_after=nan)
        before, end = _around_switch(r, name)
        got[name] = end / before
    return verdict(
        min(got.values()) >= 2,
        rmsprop_after=got["rmsprop"],
        adadelta_after=got["adadelta"],
        stream_steps=len(r.stream),
    )


def adam_raw_moments_start_small(r: object) -> Verdict:
    """At step 1 Adam's raw m is (1 − β₁)·g₁ and its raw √v is √(1 − β₂)·|g₁|; the corrected m̂₁
    and √v̂₁ are g₁ and |g₁| exactly."""
    g1 = float(r.adam_g[0])
    b1, b2 = r.betas
    m1, v1 = float(r.adam_m[0]), float(np.sqrt(r.adam_v[0]))
    holds = (
        np.isclose(m1, (1 - b1) * g1, rtol=1e-12)
        and np.isclose(v1, np.sqrt(1 - b2) * abs(g1), rtol=1e-12)
        and np.isclose(r.adam_m_hat[0], g1, rtol=1e-12)
        and np.isclose(np.sqrt(r.adam_v_hat[0]), abs(g1), rtol=1e-12)
        and abs(m1) < 0.5 * abs(g1)
    )
    return verdict(holds, g1=g1, raw_m1=m1, raw_sqrt_v1=v1, beta1=float(b1), beta2=float(b2))


def adamax_needs_no_correction(r: object) -> Verdict:
    """Adamax's u starts at |g₁| (the max of β₂·0 and |g₁| + ε), while Adam's raw √v starts
    under a tenth of it; over the stream u stays within 2× of Adam's corrected √v̂."""
    u = np.asarray(r.adamax_u, dtype=float)
    g1 = abs(float(r.adam_g[0]))
    vhat = np.sqrt(np.asarray(r.adam_v_hat, dtype=float))
    raw = float(np.sqrt(r.adam_v[0]))
    ratio = u / vhat
    holds = (
        np.isclose(u[0], g1, rtol=1e-6) and raw < 0.1 * u[0] and np.all((ratio > 0.5) & (ratio < 2))
    )
    return verdict(
        holds,
        adamax_u1=float(u[0]),
        raw_sqrt_v1=raw,
        u_over_vhat_min=float(ratio.min()),
        u_over_vhat_max=float(ratio.max()),
    )
