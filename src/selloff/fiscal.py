"""Fiscal cost (the chain): extra federal interest from a rise in yields, as the debt reprices.

The debt D held by the public reprices in two parts (a parallel shift of the yield curve is assumed):

* a share r (bills and coupons maturing within a year) rolls over continuously, so its cost follows the
  current yield change: D · r · Δy_t;
* the rest matures evenly between 1 and M years, each tranche locking in the yield change of the month
  it rolls over. M is set so that the whole debt has the weighted average maturity W:
  W = r · ½ + (1 − r) · (1 + M) / 2  ⇒  M = 2 (W − r/2) / (1 − r) − 1.

Extra interest in month t (annual rate, $bn a year) = D · [r · Δy_t + Σ_{τ ≤ t} w_τ · Δy_τ] / 10⁴, with
w_τ = (1 − r) / (12 (M − 1)) for months τ in (12, 12 M]. A permanent +100bp therefore costs D · r · 1%
in the first year and D · 1% once the debt has fully rolled.

A yield rise need not last: ``decaying_rise_bp`` gives the path of a rise Δy₀ that fades with a
half-life of h years, Δy_t = Δy₀ · 0.5^((t − 1) / (12 h)) in month t (h = ∞: a permanent rise).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from selloff._checks import as_array, per_path, positive, share


def longest_maturity_years(share_repricing_within_year: ArrayLike, wam_years: ArrayLike) -> np.ndarray:
    """M (years) such that the debt's weighted average maturity is ``wam_years`` (see module docstring)."""
    share(share_repricing_within_year=share_repricing_within_year)
    positive(wam_years=wam_years)
    r, w = np.asarray(share_repricing_within_year, dtype=float), np.asarray(wam_years, dtype=float)
    if np.any(r >= 1):
        raise ValueError(f"share_repricing_within_year must be below 1, got {share_repricing_within_year!r}")
    m = 2 * (w - r / 2) / (1 - r) - 1
    if np.any(m <= 1):
        raise ValueError(f"wam_years={wam_years!r} is too short for share_repricing_within_year="
                         f"{share_repricing_within_year!r}: the longer debt would mature within a year")
    return m


def repriced_share(months: int, share_repricing_within_year: ArrayLike, wam_years: ArrayLike) -> np.ndarray:
    """Share of the debt repriced after each of ``months`` months (last axis), for a permanent shift."""
    if months < 1:
        raise ValueError(f"months must be at least 1, got {months!r}")
    r = per_path(share_repricing_within_year)
    m = per_path(longest_maturity_years(share_repricing_within_year, wam_years))
    t = np.arange(1, months + 1) / 12.0
    return np.minimum(r + (1 - r) * np.clip((t - 1) / (m - 1), 0, 1), 1.0)


def extra_interest_bn_per_year(yield_change_bp: ArrayLike, debt_bn: ArrayLike, share_repricing_within_year: ArrayLike,
                               wam_years: ArrayLike) -> np.ndarray:
    """Extra federal interest ($bn a year, at each month's annual rate) from a path of yield changes (bp).

    ``yield_change_bp`` has months on its last axis; the parameters broadcast against the leading axes.
    """
    dy = as_array("yield_change_bp", yield_change_bp)
    positive(debt_bn=debt_bn)
    r = per_path(share_repricing_within_year)
    # weight of the coupon tranche that rolls in each month: the increase in the repriced share after year 1
    weight = np.diff(repriced_share(dy.shape[-1], share_repricing_within_year, wam_years), axis=-1, prepend=r)
    locked = np.cumsum(weight * dy, axis=-1)
    return per_path(debt_bn) * (r * dy + locked) / 1e4


def cumulative_extra_interest_bn(extra_bn_per_year: ArrayLike, years: float) -> np.ndarray:
    """Total extra interest ($bn) paid over the first ``years`` years from a monthly annual-rate path."""
    path = as_array("extra_bn_per_year", extra_bn_per_year)
    months = int(round(12 * years))
    if months < 1 or months > path.shape[-1]:
        raise ValueError(f"years={years!r} must cover between 1 month and the path's {path.shape[-1]} months")
    return path[..., :months].sum(axis=-1) / 12.0


def decaying_rise_bp(rise_bp: ArrayLike, months: int, half_life_years: ArrayLike = np.inf) -> np.ndarray:
    """Path of a yield rise (bp) over ``months`` months (last axis) that fades with a half-life (years).

    Δy_t = Δy₀ · 0.5^((t − 1) / (12 h)) for months t = 1 … ``months``: the full rise in month 1, half of it
    h years later. ``half_life_years=np.inf`` keeps the rise for good. ``rise_bp`` and ``half_life_years``
    may be arrays (one value per path); they broadcast against the leading axes.
    """
    if not isinstance(months, (int, np.integer)) or months < 1:
        raise ValueError(f"months must be a whole number of months >= 1, got {months!r}")
    rise = as_array("rise_bp", rise_bp)
    if not np.isfinite(rise).all():
        raise ValueError(f"rise_bp must be finite, got {rise_bp!r}")
    positive(half_life_years=half_life_years)
    h = per_path(half_life_years)
    t = np.arange(months, dtype=float)
    return per_path(rise) * 0.5 ** (t / (12.0 * h))
