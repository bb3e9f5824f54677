"""Safe-haven demand (caveat 1): a shift in demand for Treasuries that comes with the shock, not with the sale.

Safe-haven demand is a **demand shift in $bn** (of 10-year equivalents) spread over the weeks of the shock:

    H_t = intensity × H(kind) / shock_weeks   for the shock's weeks, 0 afterwards.

It is part of the shock *context*, not of the sale: it happens whether or not anyone sells, so it does not
scale with the sale and it can **exceed** it (then yields fall: a flight to quality). It can be
**negative**: in a dash for cash (March 2020) or a US-centred shock (April 2025) investors sell
Treasuries too. The two differ in the dollar (``dollar``): in a dash for cash everyone wants dollars and the
dollar *rises* (it did in March 2020); in a US-centred shock it falls. ``H(kind)`` is a calibration parameter ``safe_haven_demand_bn_{kind}``; with no shock there
is none.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from selloff._checks import finite, one_of, share, whole

ShockKind = Literal["global_risk_off", "dash_for_cash", "us_centred", "none"]
SHOCK_KINDS: tuple[ShockKind, ...] = ("global_risk_off", "dash_for_cash", "us_centred", "none")


def check_shock_kind(kind: str) -> None:
    one_of("shock kind", kind, SHOCK_KINDS)


def by_shock_kind(prefix: str, kind: str, params: Mapping[str, ArrayLike], intensity: float = 1.0) -> np.ndarray:
    """``intensity`` × the parameter ``{prefix}_{kind}`` (0 when there is no shock), e.g. the safe-haven
    demand or the dollar's change in a US-centred shock."""
    check_shock_kind(kind)
    share(intensity=intensity)
    if kind == "none":
        return np.asarray(0.0)
    name = f"{prefix}_{kind}"
    if name not in params:
        raise ValueError(f"params lacks {name!r}")
    return float(intensity) * finite(name, params[name])


def shock_profile(shock_weeks: int, horizon_weeks: int) -> np.ndarray:
    """1 / shock_weeks in each of the shock's first ``shock_weeks`` weeks, 0 afterwards (sums to 1)."""
    whole("shock_weeks", shock_weeks)
    whole("horizon_weeks", horizon_weeks)
    if shock_weeks > horizon_weeks:
        raise ValueError(f"shock_weeks ({shock_weeks}) must not exceed horizon_weeks ({horizon_weeks})")
    out = np.zeros(horizon_weeks)
    out[:shock_weeks] = 1.0 / shock_weeks
    return out


def safe_haven_demand_bn(kind: str, params: Mapping[str, ArrayLike], shock_weeks: int, horizon_weeks: int,
                         intensity: float = 1.0) -> np.ndarray:
    """Weekly safe-haven demand ($bn of 10-year equivalents a week): shape (..., horizon_weeks), one path per
    draw of ``safe_haven_demand_bn_{kind}``. Positive: investors run to Treasuries; negative: away."""
    total = by_shock_kind("safe_haven_demand_bn", kind, params, intensity)
    return np.asarray(total)[..., None] * shock_profile(shock_weeks, horizon_weeks)
