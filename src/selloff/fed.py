"""The Fed (caveat 2): a backstop only when a scenario chooses one, triggered by market dysfunction.

**Off by default.** ``Scenario(fed="none")`` is the default: no purchases whatever yields do. The 2022 rise
(over 200bp while the Fed stopped buying and then shrank its holdings) and April 2025 (its holdings fell)
show that a yield *level* does not bring purchases.

**A dysfunction trigger** (``fed="backstop"``): in March 2020 purchases answered a disorderly market, the
10-year up 64bp in seven trading days (Vissing-Jorgensen 2021). The trigger here is the *speed* of the
rise: the 10-year's rise over the last ``TRIGGER_WINDOW_WEEKS`` weeks, before purchases, above θ bp. The
Fed then buys enough to remove a share s_eff of that excess speed, at most P $bn a week:

    F_t = min(P, s_eff · max(0, (Δy*_t − Δy_{t−w}) − θ) / (λ_SR / 100)),  s_eff = s · max(0, 1 − gap / tolerance)

where Δy*_t is this week's 10-year change before purchases, Δy_{t−w} the change w weeks earlier, λ_SR the
short-run impact (bp per $100bn of 10-year equivalents; the Fed is taken to buy 10-year equivalents) and
``gap`` inflation above target (the higher, the less willing the Fed). A slow rise, however large, brings
no purchases; a fast one is slowed, not reversed.

**The consolidated cost.** Purchases create reserves, on which the Fed pays the interest rate on reserve
balances (IORB); the bonds pay the yield at which they were bought. The consolidated government's extra
interest ($bn a year) = reserves × IORB − Σ purchases × yield at purchase (``qe_interest_cost_bn_per_year``).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from selloff._checks import finite, non_negative, positive, share

FedStance = Literal["none", "backstop"]
FED_STANCES: tuple[FedStance, ...] = ("none", "backstop")
#: Window of the speed trigger (weeks): 9-18 March 2020 is seven trading days; the calibration sheet's
#: suggested trigger is a rise "within 2 weeks". Judgement.
TRIGGER_WINDOW_WEEKS = 2


def willingness(strength: ArrayLike, inflation_gap_pp: ArrayLike, inflation_tolerance_pp: ArrayLike) -> np.ndarray:
    """Effective strength s · max(0, 1 − gap / tolerance): inflation above target weakens the backstop."""
    share(strength=strength)
    positive(inflation_tolerance_pp=inflation_tolerance_pp)
    gap = np.maximum(finite("inflation_gap_pp", inflation_gap_pp), 0.0)
    return np.asarray(strength, dtype=float) * np.clip(1.0 - gap / np.asarray(inflation_tolerance_pp, dtype=float), 0.0, 1.0)


def fed_purchases_bn(rise_over_window_bp: ArrayLike, trigger_bp: ArrayLike, strength: ArrayLike,
                     max_pace_bn_per_week: ArrayLike, short_run_bp_per_100bn: ArrayLike) -> np.ndarray:
    """Purchases ($bn of 10-year equivalents this week) that remove ``strength`` of the rise over the trigger
    window in excess of ``trigger_bp``, capped at the weekly pace. Checked version of ``_purchases``."""
    finite("rise_over_window_bp", rise_over_window_bp)
    non_negative(trigger_bp=trigger_bp, max_pace_bn_per_week=max_pace_bn_per_week)
    positive(short_run_bp_per_100bn=short_run_bp_per_100bn)
    share(strength=strength)
    return _purchases(rise_over_window_bp, trigger_bp, strength, max_pace_bn_per_week, short_run_bp_per_100bn)


def _purchases(rise_over_window_bp, trigger_bp, strength, max_pace_bn_per_week,
                        short_run_bp_per_100bn) -> np.ndarray:
    """``fed_purchases_bn`` without the input checks, for the weekly loop (inputs checked once by the caller)."""
    excess = np.maximum(np.asarray(rise_over_window_bp) - trigger_bp, 0.0)
    return np.minimum(strength * excess / (np.asarray(short_run_bp_per_100bn) / 100.0), max_pace_bn_per_week)


def qe_interest_cost_bn_per_year(purchases_bn: ArrayLike, reserve_rate_pct: ArrayLike,
                                 bond_yield_pct: ArrayLike) -> np.ndarray:
    """Extra interest for the consolidated government ($bn a year, each week at its annual rate) from a path of
    weekly purchases ($bn, last axis): reserves_t × IORB_t − Σ_{s≤t} F_s × y_s, with y_s the bond yield (percent)
    in the week of purchase, locked in, and IORB_t the reserve rate (percent, a number or a path).

    Negative when the bonds bought yield more than reserves cost (QE then *earns* money for the Treasury
    through the Fed's remittances)."""
    f = finite("purchases_bn", purchases_bn)
    non_negative(purchases_bn=f)
    iorb = finite("reserve_rate_pct", reserve_rate_pct)
    y = finite("bond_yield_pct", bond_yield_pct)
    reserves = np.cumsum(f, axis=-1)
    return (reserves * iorb - np.cumsum(f * y, axis=-1)) / 100.0
