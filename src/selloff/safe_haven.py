"""Safe-haven demand (caveat 1): private buyers who take part of the foreign selling off the market.

Safe-haven purchases (bn) = offset(kind) × intensity × sales. In a global risk-off the offset is positive
(investors run *towards* Treasuries); in a US-centred shock it is zero or negative (a flight *from*
Treasuries, as in April 2025); with no shock there is none.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from selloff._checks import as_array, per_path, share

ShockKind = Literal["global_risk_off", "us_centred", "none"]
SHOCK_KINDS: tuple[ShockKind, ...] = ("global_risk_off", "us_centred", "none")


def check_shock_kind(kind: str) -> None:
    if kind not in SHOCK_KINDS:
        raise ValueError(f"shock kind must be one of {SHOCK_KINDS}, got {kind!r}")


def by_shock_kind(prefix: str, kind: str, params: Mapping[str, ArrayLike], intensity: float = 1.0) -> np.ndarray:
    """``intensity`` × the parameter ``{prefix}_{kind}`` (0 when there is no shock), e.g. the safe-haven
    offset or the dollar's change in a US-centred shock."""
    check_shock_kind(kind)
    share(intensity=intensity)
    if kind == "none":
        return np.asarray(0.0)
    return intensity * np.asarray(params[f"{prefix}_{kind}"], dtype=float)


def safe_haven_offset(kind: str, params: Mapping[str, ArrayLike], intensity: float = 1.0) -> np.ndarray:
    """Share of sales bought by safe-haven demand for a shock ``kind`` at ``intensity`` (0 to 1)."""
    return by_shock_kind("safe_haven_offset", kind, params, intensity)


def safe_haven_purchases_bn(sales_bn: ArrayLike, offset: ArrayLike) -> np.ndarray:
    """Safe-haven purchases ($bn a month) = offset × sales; negative when investors flee with the sellers."""
    sales = as_array("sales_bn", sales_bn)
    return per_path(offset) * sales
