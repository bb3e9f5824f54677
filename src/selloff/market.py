"""Market absorption: how much the 10-year yield must rise for private investors to hold more bonds.

Each month private investors absorb ``A_t`` ($bn) of net supply. The yield change (bp) is

    Δy_t = λ_LR · K_t / 100  +  (λ_SR − λ_LR) · T_t / 100,
    K_t = K_{t−1} + A_t            (supply held permanently)
    T_t = δ · T_{t−1} + A_t,  δ = 0.5 ** (1 / h)   (the part not yet spread across the market)

so a one-off $100bn moves the yield by λ_SR on impact, decaying with half-life ``h`` months towards
λ_LR, which persists while the bonds stay with private investors. λ are in bp per $100bn.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from selloff._checks import as_array, non_negative, positive


def decay_per_month(half_life_months: ArrayLike) -> np.ndarray:
    """Monthly decay factor δ = 0.5 ** (1 / half-life) of the transitory price impact."""
    positive(half_life_months=half_life_months)
    return 0.5 ** (1.0 / np.asarray(half_life_months, dtype=float))


def yield_from_state_bp(permanent_bn: ArrayLike, transitory_bn: ArrayLike, short_run_bp_per_100bn: ArrayLike,
                        long_run_bp_per_100bn: ArrayLike) -> np.ndarray:
    """Δy (bp) = λ_LR · K / 100 + (λ_SR − λ_LR) · T / 100, for stocks K and T in $bn."""
    lr, sr = np.asarray(long_run_bp_per_100bn, dtype=float), np.asarray(short_run_bp_per_100bn, dtype=float)
    return (lr * np.asarray(permanent_bn) + (sr - lr) * np.asarray(transitory_bn)) / 100.0


def yield_change_bp(absorbed_bn: ArrayLike, short_run_bp_per_100bn: ArrayLike, long_run_bp_per_100bn: ArrayLike,
                    half_life_months: ArrayLike) -> np.ndarray:
    """Path of the 10-year yield change (bp) from a path of private absorption ($bn a month, last axis).

    Parameters broadcast against the leading axes, so one call evaluates many calibration draws.
    """
    absorbed = as_array("absorbed_bn", absorbed_bn)
    non_negative(short_run_bp_per_100bn=short_run_bp_per_100bn, long_run_bp_per_100bn=long_run_bp_per_100bn)
    if np.any(np.asarray(long_run_bp_per_100bn) > np.asarray(short_run_bp_per_100bn)):
        raise ValueError("long_run_bp_per_100bn must not exceed short_run_bp_per_100bn "
                         f"(got {long_run_bp_per_100bn!r} > {short_run_bp_per_100bn!r})")
    delta = decay_per_month(half_life_months)
    shape = np.broadcast_shapes(absorbed.shape[:-1], np.shape(delta), np.shape(short_run_bp_per_100bn),
                                np.shape(long_run_bp_per_100bn))
    permanent = np.zeros(shape)
    transitory = np.zeros(shape)
    out = np.empty(shape + absorbed.shape[-1:])
    for t in range(absorbed.shape[-1]):
        permanent = permanent + absorbed[..., t]
        transitory = delta * transitory + absorbed[..., t]
        out[..., t] = yield_from_state_bp(permanent, transitory, short_run_bp_per_100bn, long_run_bp_per_100bn)
    return out
