"""The dollar: what the sale does to it, and what the shock context does to it, kept apart.

* **Sale effect.** A foreign seller that takes the proceeds home sells dollars: the broad dollar index moves
  by −ε % per $100bn sold (cumulated; it lasts while the sold stock stays out):

      Δ$^sale_t = −ε · Σ_{s≤t} sales_s / 100.

  ε (``dollar_elasticity_pct_per_100bn``) is **illustrative**: no estimate in the book's sources gives the
  dollar's response to foreign official sales of Treasuries per $bn. ε = 0 describes a seller that keeps
  the proceeds in dollars (deposits, bills). A zero sale moves the dollar by exactly zero.
* **Context effect.** A shock moves the dollar whatever anyone sells: it tends to rise in a global
  risk-off (Jiang, Krishnamurthy & Lustig 2021), rose in the dash for cash of March 2020 (computed from the
  daily broad index, ``calibration.data_parameters``) and fell in the US-centred shock of Q2 2025 (−5.6%, NY Fed).
  ``dollar_context_pct`` phases that change in over the shock's weeks.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import ArrayLike

from selloff._checks import finite, non_negative, per_path, whole
from selloff.safe_haven import by_shock_kind


def dollar_sale_effect_pct(sales_bn: ArrayLike, elasticity_pct_per_100bn: ArrayLike) -> np.ndarray:
    """Change of the broad dollar (%) caused by a path of sales ($bn face value a week, last axis):
    −ε × cumulative sales / 100. ε broadcasts against the leading axes (one value per draw)."""
    sales = finite("sales_bn", sales_bn)
    non_negative(sales_bn=sales, elasticity_pct_per_100bn=elasticity_pct_per_100bn)
    return -per_path(elasticity_pct_per_100bn) * np.cumsum(sales, axis=-1) / 100.0


def dollar_context_pct(kind: str, params: Mapping[str, ArrayLike], shock_weeks: int, horizon_weeks: int,
                       intensity: float = 1.0) -> np.ndarray:
    """Change of the broad dollar (%) from the shock context alone, reached linearly over ``shock_weeks`` and
    held: intensity × ``dollar_change_pct_{kind}`` (0 with no shock). Shape (..., horizon_weeks)."""
    whole("shock_weeks", shock_weeks)
    whole("horizon_weeks", horizon_weeks)
    change = by_shock_kind("dollar_change_pct", kind, params, intensity)
    phase_in = np.minimum(np.arange(1, horizon_weeks + 1) / shock_weeks, 1.0)
    return np.asarray(change)[..., None] * phase_in
