"""Market absorption: how much the 10-year term premium must rise for private investors to hold more duration.

Each week private investors absorb ``A_t`` ($bn of **10-year equivalents**, see ``selloff.curve``) of net
supply. The change of the 10-year term premium (bp) is

    Δtp_t = λ_LR · K_t / 100  +  (λ_SR − λ_LR) · T_t / 100,
    K_t = K_{t−1} + A_t            (supply held permanently)
    T_t = δ · T_{t−1} + A_t,  δ = 0.5 ** (1 / h)   (the part not yet spread across the market)

so a one-off $100bn (10-year equivalents) moves the 10-year by λ_SR in the week it is sold, decaying with a
half-life of ``h`` weeks towards λ_LR, which persists while the bonds stay with private investors. λ are in
bp per $100bn of 10-year equivalents (``selloff.calibration`` converts the published estimates). Negative
absorption (private investors sell to safe-haven buyers or to the Fed) lowers the term premium the same way.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from selloff._checks import finite, non_negative, positive


def decay_per_week(half_life_weeks: ArrayLike) -> np.ndarray:
    """Weekly decay factor δ = 0.5 ** (1 / half-life) of the transitory price impact."""
    positive(half_life_weeks=half_life_weeks)
    return 0.5 ** (1.0 / np.asarray(half_life_weeks, dtype=float))


def check_impacts(short_run_bp_per_100bn: ArrayLike, long_run_bp_per_100bn: ArrayLike) -> None:
    """Both impacts non-negative, the short-run one positive, and the long-run one not above the short-run one."""
    positive(short_run_bp_per_100bn=short_run_bp_per_100bn)
    non_negative(long_run_bp_per_100bn=long_run_bp_per_100bn)
    if np.any(np.asarray(long_run_bp_per_100bn, dtype=float) > np.asarray(short_run_bp_per_100bn, dtype=float)):
        raise ValueError(f"long_run_bp_per_100bn ({long_run_bp_per_100bn!r}) must not exceed "
                         f"short_run_bp_per_100bn ({short_run_bp_per_100bn!r})")


def yield_from_state_bp(permanent_bn: ArrayLike, transitory_bn: ArrayLike, short_run_bp_per_100bn: ArrayLike,
                        long_run_bp_per_100bn: ArrayLike) -> np.ndarray:
    """Δtp (bp) = λ_LR · K / 100 + (λ_SR − λ_LR) · T / 100, for stocks K and T in $bn of 10-year equivalents."""
    check_impacts(short_run_bp_per_100bn, long_run_bp_per_100bn)
    return _from_state(finite("permanent_bn", permanent_bn), finite("transitory_bn", transitory_bn),
                                short_run_bp_per_100bn, long_run_bp_per_100bn)


def _from_state(permanent_bn, transitory_bn, short_run_bp_per_100bn, long_run_bp_per_100bn) -> np.ndarray:
    """``yield_from_state_bp`` without input checks, for the weekly loops (their callers check inputs once)."""
    lr, sr = np.asarray(long_run_bp_per_100bn, dtype=float), np.asarray(short_run_bp_per_100bn, dtype=float)
    return (lr * np.asarray(permanent_bn) + (sr - lr) * np.asarray(transitory_bn)) / 100.0


def yield_change_bp(absorbed_bn: ArrayLike, short_run_bp_per_100bn: ArrayLike, long_run_bp_per_100bn: ArrayLike,
                    half_life_weeks: ArrayLike) -> np.ndarray:
    """Path of the 10-year term-premium change (bp) from a path of private absorption ($bn of 10-year
    equivalents a week, last axis). Parameters broadcast against the leading axes (one value per draw)."""
    absorbed = finite("absorbed_bn", absorbed_bn)
    if absorbed.ndim < 1:
        raise ValueError(f"absorbed_bn must be a path (weeks on the last axis), got {absorbed_bn!r}")
    check_impacts(short_run_bp_per_100bn, long_run_bp_per_100bn)
    delta = decay_per_week(half_life_weeks)
    shape = np.broadcast_shapes(absorbed.shape[:-1], np.shape(short_run_bp_per_100bn),
                                np.shape(long_run_bp_per_100bn), np.shape(delta))
    permanent, transitory = np.zeros(shape), np.zeros(shape)
    out = np.empty(shape + absorbed.shape[-1:])
    for t in range(absorbed.shape[-1]):
        permanent = permanent + absorbed[..., t]
        transitory = delta * transitory + absorbed[..., t]
        out[..., t] = _from_state(permanent, transitory, short_run_bp_per_100bn, long_run_bp_per_100bn)
    return out
