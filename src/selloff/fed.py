"""The Fed backstop (caveat 2): purchases that cap the rise in yields, and what they cost.

Reaction function, each month: if the yield rise before purchases, Δy*, exceeds the threshold θ, the Fed
buys enough to remove a share s of the excess, at most P a month:

    F = min(P, s_eff · (Δy* − θ) / (λ_SR / 100)),   s_eff = s · max(0, 1 − gap / tolerance)

where λ_SR is the short-run impact (bp per $100bn), so each $bn bought lowers the yield by λ_SR/100 bp,
and ``gap`` is inflation above target (percentage points): the higher it is, the less willing the Fed.
With s = 1 and no pace limit the rise is held exactly at θ.

Purchases create reserves, on which the Fed pays (roughly) the policy rate; the bonds it holds pay the
long yield. The consolidated government's extra interest cost is reserves × (policy rate − bond yield).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from selloff._checks import as_array, non_negative, positive, share


def willingness(strength: ArrayLike, inflation_gap_pp: ArrayLike, inflation_tolerance_pp: ArrayLike) -> np.ndarray:
    """Effective strength s · max(0, 1 − gap / tolerance): inflation above target weakens the backstop."""
    share(strength=strength)
    positive(inflation_tolerance_pp=inflation_tolerance_pp)
    as_array("inflation_gap_pp", inflation_gap_pp)
    gap = np.maximum(np.asarray(inflation_gap_pp, dtype=float), 0.0)
    return np.asarray(strength, dtype=float) * np.clip(1.0 - gap / np.asarray(inflation_tolerance_pp), 0.0, 1.0)


def fed_purchases_bn(yield_before_bp: ArrayLike, threshold_bp: ArrayLike, strength: ArrayLike,
                     max_pace_bn: ArrayLike, short_run_bp_per_100bn: ArrayLike) -> np.ndarray:
    """Purchases ($bn this month) that remove ``strength`` of the rise above ``threshold_bp``, capped at the pace."""
    non_negative(threshold_bp=threshold_bp, max_pace_bn=max_pace_bn)
    positive(short_run_bp_per_100bn=short_run_bp_per_100bn)
    share(strength=strength)
    excess = np.maximum(as_array("yield_before_bp", yield_before_bp) - np.asarray(threshold_bp), 0.0)
    needed = excess / (np.asarray(short_run_bp_per_100bn, dtype=float) / 100.0)
    return np.minimum(np.asarray(strength) * needed, np.asarray(max_pace_bn, dtype=float))


def qe_interest_cost_bn_per_year(reserves_bn: ArrayLike, policy_rate_pct: ArrayLike,
                                 bond_yield_pct: ArrayLike) -> np.ndarray:
    """Extra interest for the consolidated government ($bn a year): reserves × (policy rate − bond yield).

    Negative when the bonds bought yield more than the reserves cost (QE then *earns* money for the
    Treasury through the Fed's remittances)."""
    non_negative(reserves_bn=reserves_bn)
    return np.asarray(reserves_bn) * (np.asarray(policy_rate_pct) - np.asarray(bond_yield_pct)) / 100.0
