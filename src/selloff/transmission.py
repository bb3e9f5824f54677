"""Transmission (the chain): from the 10-year yield to private borrowing costs and equity values.

* Mortgage and corporate rates: Δr = pass-through × Δy₁₀ + stress spread × stress, where ``stress``
  (0 to 1) says how far the episode is a market-stress one. The pass-through of a **Treasury-specific**
  shock is below one: Krishnamurthy & Vissing-Jorgensen (2011) find that Treasury-only purchases moved
  Treasuries far more than MBS and corporate yields. Complete pass-through (Gilchrist, López-Salido &
  Zakrajšek 2015) is measured for *monetary-policy* moves and is the upper end of the range.
* Equity values (illustrative): value ∝ exp(−equity duration × discount rate), the rate moving with Δy₁₀, so
  Δvalue = exp(−D × Δy) − 1: about −D × Δy for small moves, and never a fall of 100% or more.
* The dollar has its own module (``selloff.dollar``).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from selloff._checks import finite, non_negative, per_path, share


def borrowing_rate_change_bp(yield_change_bp: ArrayLike, pass_through: ArrayLike, stress_spread_bp: ArrayLike,
                             stress: ArrayLike = 0.0) -> np.ndarray:
    """Change in a private borrowing rate (bp) = pass-through × Δy + stress spread × stress.

    ``yield_change_bp`` has weeks on its last axis; ``pass_through`` and ``stress_spread_bp`` broadcast
    against the leading axes (one per draw); ``stress`` (0 to 1) is a number or a path over the same weeks."""
    share(stress=stress, pass_through=pass_through)
    non_negative(stress_spread_bp=stress_spread_bp)
    dy = finite("yield_change_bp", yield_change_bp)
    return per_path(pass_through) * dy + per_path(stress_spread_bp) * np.asarray(stress, dtype=float)


def equity_value_change_pct(yield_change_bp: ArrayLike, equity_duration_years: ArrayLike) -> np.ndarray:
    """Illustrative: % change in equity values, 100 × (exp(−duration × Δy / 10⁴) − 1), the discount rate moving
    with Δy (bp); ≈ −duration × Δy / 100 for small moves, and above −100% for any rise."""
    non_negative(equity_duration_years=equity_duration_years)
    dy = finite("yield_change_bp", yield_change_bp)
    with np.errstate(over="ignore"):  # a fall of thousands of bp gives +inf, the formula's limit
        return 100.0 * np.expm1(-per_path(equity_duration_years) * dy / 1e4)
