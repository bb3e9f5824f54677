"""Sellers' self-harm (caveat 3): what selling costs the sellers themselves.

* Mark-to-market loss on what they still hold: holdings × duration × Δy (first-order).
* The cost of selling into their own price impact: each month's sales × duration × that month's Δy.
* The foreign-exchange loss, in home currency, on dollar assets when the dollar falls: assets × −Δ$ / 100.
* Where the proceeds could go: the depth of the alternatives (``ALTERNATIVE_ASSETS``).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from selloff._checks import as_array, non_negative, per_path


def mark_to_market_loss_bn(holdings_bn: ArrayLike, duration_years: ArrayLike, yield_change_bp: ArrayLike) -> np.ndarray:
    """Loss on a bond portfolio ($bn) when yields rise by ``yield_change_bp``: holdings × duration × Δy / 10⁴."""
    non_negative(holdings_bn=holdings_bn, duration_years=duration_years)
    return np.asarray(holdings_bn, dtype=float) * np.asarray(duration_years) * as_array("yield_change_bp", yield_change_bp) / 1e4


def selling_cost_bn(sales_bn: ArrayLike, duration_years: ArrayLike, yield_change_bp: ArrayLike) -> np.ndarray:
    """Cumulative price concession ($bn) from selling into a raised yield: Σ_t sales_t × duration × Δy_t / 10⁴."""
    sales = as_array("sales_bn", sales_bn)
    non_negative(sales_bn=sales, duration_years=duration_years)
    return np.cumsum(sales * per_path(duration_years) * as_array("yield_change_bp", yield_change_bp) / 1e4, axis=-1)


def fx_loss_bn(dollar_assets_bn: ArrayLike, dollar_change_pct: ArrayLike) -> np.ndarray:
    """Loss in home currency ($bn at the old exchange rate) on dollar assets when the dollar moves by Δ$ %."""
    non_negative(dollar_assets_bn=dollar_assets_bn)
    return -np.asarray(dollar_assets_bn, dtype=float) * as_array("dollar_change_pct", dollar_change_pct) / 100.0


# Depth of the alternatives to Treasuries (calibration sheet, section F). Units as published.
ALTERNATIVE_ASSETS: tuple[dict[str, object], ...] = (
    {"asset": "US Treasuries", "measure": "average daily trading volume, 2025", "value": 1055.5,
     "unit": "$bn a day", "source": "sifma2026"},
    {"asset": "German federal securities", "measure": "outstanding, H1 2025", "value": 1711.0,
     "unit": "€bn", "source": "finanzagentur2025"},
    {"asset": "German federal securities", "measure": "turnover, 2024", "value": 6738.0,
     "unit": "€bn a year", "source": "finanzagentur2025"},
    {"asset": "EU bonds (NextGenerationEU)", "measure": "planned issuance 2021-26", "value": 806.9,
     "unit": "€bn", "source": "ecb_fin_integration2024"},
    {"asset": "Gold", "measure": "share of official reserves at market value, end-2024", "value": 20.0,
     "unit": "%", "source": "ecb_intl_euro2025"},
    {"asset": "US dollar", "measure": "share of allocated reserves, 2025Q4", "value": 56.77,
     "unit": "%", "source": "imf_cofer"},
)
