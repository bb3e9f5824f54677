"""Transmission (the chain): from the 10-year yield to borrowing costs, the dollar and equity values.

* Mortgage and corporate rates: Δr = pass-through × Δy₁₀ + stress spread × stress, where ``stress``
  (0 to 1) says how far the episode is a market-stress one (spreads widen in stress).
* The dollar: a change over the episode that depends on the kind of shock (it tends to rise in a global
  risk-off, to fall in a US-centred shock), scaled by intensity.
* Equity values (illustrative): Δvalue ≈ −equity duration × Δ(discount rate), with the discount rate
  moving one for one with the 10-year yield.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import ArrayLike

from selloff._checks import as_array, non_negative, per_path, share
from selloff.safe_haven import by_shock_kind


def borrowing_rate_change_bp(yield_change_bp: ArrayLike, pass_through: ArrayLike, stress_spread_bp: ArrayLike,
                             stress: ArrayLike = 0.0) -> np.ndarray:
    """Change in a private borrowing rate (bp) = pass-through × Δy + stress spread × stress.

    ``stress`` (0 to 1) is a number or a path over the same months as ``yield_change_bp``."""
    share(stress=stress)
    non_negative(pass_through=pass_through, stress_spread_bp=stress_spread_bp)
    dy = as_array("yield_change_bp", yield_change_bp)
    return per_path(pass_through) * dy + per_path(stress_spread_bp) * np.asarray(stress, dtype=float)


def dollar_change_pct(kind: str, params: Mapping[str, ArrayLike], intensity: float = 1.0) -> np.ndarray:
    """Change of the broad dollar index over the episode (%), by kind of shock and intensity (0 to 1)."""
    return by_shock_kind("dollar_change_pct", kind, params, intensity)


def equity_value_change_pct(yield_change_bp: ArrayLike, equity_duration_years: ArrayLike) -> np.ndarray:
    """Illustrative: % change in equity values ≈ −duration × Δ(discount rate), the rate moving with Δy."""
    non_negative(equity_duration_years=equity_duration_years)
    return -per_path(equity_duration_years) * as_array("yield_change_bp", yield_change_bp) / 100.0
