"""The yield curve: yields by maturity, duration, 10-year equivalents and term-premium loadings.

Maturities (years): ``MATURITIES_YEARS = (0.25, 2, 5, 10, 30)`` (3-month bill, 2-, 5-, 10- and 30-year).
Every array "by maturity" has these five values on its last axis, in this order.

* **Duration.** ``modified_duration_years(maturity, yield_pct)``: a par bond paying semi-annual coupons,
  D = (1 − (1 + y/2)^(−2T)) / y; a bill, D = T / (1 + y T). A bond's price falls by about D × Δy.
* **Supply in 10-year equivalents** (Greenwood & Vayanos 2014: what moves term premia is the duration the
  market must hold, not the face value). ``ten_year_equivalents_bn(amount_bn, mix)`` = amount × Σ_m mix_m D_m / D₁₀:
  $100bn of bills adds about $3bn of 10-year equivalents, $100bn of 30-year bonds about $210bn.
* **How a sale moves the curve.** A sale moves the *term premium*; the 10-year's change Δtp₁₀ comes from the
  market block (``selloff.market``), and maturity m moves by ``loading_m × Δtp₁₀``. The 3-month yield does
  not follow the sale (loading 0): it follows the **policy rate**, which is its own path
  (``yields_by_maturity_bp``).
* **Loadings from the data.** ``term_premium_loadings(daily, windows)`` measures, in named episodes of
  selling pressure, each maturity's yield change over the window divided by the 10-year's.
  ``LOADING_WINDOWS`` names the episodes and says why each is there. Judgement remains: these moves also
  contain news about the policy path (most at 2 years), and two or three episodes are a small sample;
  the calibration uses the lowest, mean and highest loading across episodes as low / central / high.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from selloff._checks import finite, last_axis, non_negative, share

MATURITIES_YEARS: tuple[float, ...] = (0.25, 2.0, 5.0, 10.0, 30.0)
MATURITY_LABELS: tuple[str, ...] = ("3m", "2y", "5y", "10y", "30y")
TEN_YEAR = MATURITIES_YEARS.index(10.0)
# Column of each maturity in the book's daily yield data (FRED / H.15 ids, lower case).
DAILY_COLUMNS: dict[str, str] = {"3m": "dgs3mo", "2y": "dgs2", "5y": "dgs5", "10y": "dgs10", "30y": "dgs30"}

#: Maturity mix of a foreign official sale (shares of face value, by maturity). The bills share (10%) is that
#: of foreign official holdings in December 2025 (TIC memo lines: $388.5bn of $3,887.0bn; a test checks it
#: against the data). How the notes and bonds split across maturities is not published in TIC: the split
#: below is illustrative, chosen so that the mix has a duration of about 5.4 years at today's yields (the
#: calibration sheet's 5.5 years for foreign holdings is itself unverified).
FOREIGN_OFFICIAL_MIX: tuple[float, ...] = (0.10, 0.25, 0.30, 0.25, 0.10)
BILLS_ONLY: tuple[float, ...] = (1.0, 0.0, 0.0, 0.0, 0.0)
TEN_YEAR_ONLY: tuple[float, ...] = (0.0, 0.0, 0.0, 1.0, 0.0)

#: Episodes used to measure loadings: (first day, last day, why it is there). Windows run from the close
#: before the move to its peak, as dated in the sources.
LOADING_WINDOWS: dict[str, tuple[str, str, str]] = {
    "march_2020": ("2020-03-09", "2020-03-18",
                   "Dash for cash: foreign official and other sellers, 10-year +64bp (Vissing-Jorgensen 2021); "
                   "the Fed cut rates in the window, so the bill fell: its policy path, not the sale."),
    "april_2025": ("2025-04-04", "2025-04-11",
                   "US-centred sell-off after the tariff announcements: 10-year +47bp in a week, no policy move."),
}
#: Episodes left out, and why (stated so a reader can add them back and see what changes).
EXCLUDED_WINDOWS: dict[str, str] = {
    "september_2022": "UK gilt crisis, but the FOMC raised rates by 75bp inside the window: policy news dominates.",
    "taper_2013": "Taper tantrum: news about the Fed's purchases (a policy path), not selling by holders.",
    "q3_2015": "China scare: official sales, but the 10-year fell (a loading is a ratio to a fall: not meaningful).",
}

# Policy-rate loadings by maturity: the 3-month follows the policy rate one for one; longer yields are
# given no mechanical response (whatever a policy change would do to expectations is left to the path's
# author). Judgement, stated.
POLICY_LOADINGS: tuple[float, ...] = (1.0, 0.0, 0.0, 0.0, 0.0)


def _by_maturity(name: str, value: ArrayLike) -> np.ndarray:
    array = finite(name, value)
    last_axis(name, array, len(MATURITIES_YEARS))
    return array


def check_mix(name: str, mix: ArrayLike) -> np.ndarray:
    """A maturity mix: five shares (of face value) that add up to one."""
    array = _by_maturity(name, mix)
    share(**{name: array})
    if not np.allclose(array.sum(axis=-1), 1.0, atol=1e-9):
        raise ValueError(f"{name} must add up to 1 across maturities, got {mix!r}")
    return array


def modified_duration_years(maturity_years: ArrayLike, yield_pct: ArrayLike) -> np.ndarray:
    """Modified duration (years) of a par bond of ``maturity_years`` at ``yield_pct`` (semi-annual coupons);
    of a bill (maturity up to 1 year), T / (1 + y T)."""
    non_negative(maturity_years=maturity_years, yield_pct=yield_pct)
    t = np.asarray(maturity_years, dtype=float)
    y = np.maximum(np.asarray(yield_pct, dtype=float) / 100.0, 1e-9)
    bond = (1.0 - (1.0 + y / 2.0) ** (-2.0 * t)) / y
    bill = t / (1.0 + y * t)
    return np.where(t <= 1.0, bill, bond)


def durations_years(yields_pct: ArrayLike) -> np.ndarray:
    """Modified duration (years) at each maturity of ``MATURITIES_YEARS``, given yields by maturity (percent)."""
    return modified_duration_years(np.asarray(MATURITIES_YEARS), _by_maturity("yields_pct", yields_pct))


def ten_year_equivalent_per_bn(mix: ArrayLike, yields_pct: ArrayLike) -> np.ndarray:
    """$bn of 10-year equivalents per $bn of face value sold with maturity ``mix``: Σ_m mix_m D_m / D₁₀."""
    m = check_mix("mix", mix)
    d = durations_years(yields_pct)
    return (m * d).sum(axis=-1) / d[..., TEN_YEAR]


def ten_year_equivalents_bn(amount_bn: ArrayLike, mix: ArrayLike, yields_pct: ArrayLike) -> np.ndarray:
    """Face amount ($bn) in 10-year equivalents ($bn): amount × ``ten_year_equivalent_per_bn``."""
    non_negative(amount_bn=amount_bn)
    return np.asarray(amount_bn, dtype=float) * ten_year_equivalent_per_bn(mix, yields_pct)


def mix_duration_years(mix: ArrayLike, yields_pct: ArrayLike) -> np.ndarray:
    """Duration (years) of a portfolio with maturity ``mix``: Σ_m mix_m D_m."""
    return (check_mix("mix", mix) * durations_years(yields_pct)).sum(axis=-1)


def term_premium_loadings(daily_yields_pct: pd.DataFrame,
                          windows: Mapping[str, tuple[str, str, str]] = LOADING_WINDOWS) -> pd.DataFrame:
    """Each maturity's yield change over each window divided by the 10-year's (rows: windows; columns:
    ``MATURITY_LABELS``; the 10-year column is 1). The 3-month column is reported, but the model does not use
    it: the bill follows the policy rate. Also returns, as columns ``ten_year_change_bp``, the size of the move.

    ``daily_yields_pct``: a frame indexed by date with the columns of ``DAILY_COLUMNS`` that exist (a missing
    maturity gives NaN in its column). A window whose 10-year change is under 10bp is refused (a ratio to a
    small move is noise).
    """
    if not isinstance(daily_yields_pct, pd.DataFrame) or "dgs10" not in daily_yields_pct.columns:
        raise ValueError("daily_yields_pct must be a DataFrame with at least a 'dgs10' column (percent)")
    if not windows:
        raise ValueError("windows is empty: name at least one episode")
    rows = {}
    index = pd.DatetimeIndex(daily_yields_pct.index)
    frame = daily_yields_pct.set_axis(index)
    for name, window in windows.items():
        start, end = pd.Timestamp(window[0]), pd.Timestamp(window[1])
        if start not in index or end not in index or start >= end:
            raise ValueError(f"window {name!r}: {window[0]} and {window[1]} must be days in the data, in order")
        change = (frame.loc[end] - frame.loc[start]) * 100.0
        ten = change["dgs10"]
        if not np.isfinite(ten) or abs(ten) < 10.0:
            raise ValueError(f"window {name!r}: the 10-year moved {ten:+.0f}bp; a loading needs at least 10bp")
        row = {label: change[col] / ten if col in change.index else np.nan for label, col in DAILY_COLUMNS.items()}
        row["ten_year_change_bp"] = ten
        rows[name] = row
    return pd.DataFrame(rows).T[list(MATURITY_LABELS) + ["ten_year_change_bp"]]


def loading_range(loadings: pd.DataFrame) -> pd.DataFrame:
    """Low (smallest), central (mean) and high (largest) loading per maturity across the episodes; the 3-month
    is set to 0 (it follows the policy rate, not the sale) and the 10-year is 1 by construction."""
    table = loadings[list(MATURITY_LABELS)].astype(float)
    out = pd.DataFrame({"low": table.min(), "central": table.mean(), "high": table.max()})
    out.loc["3m"] = 0.0
    out.loc["10y"] = 1.0
    return out


def loadings_vector(params: Mapping[str, ArrayLike]) -> np.ndarray:
    """Term-premium loadings by maturity from calibration values ``tp_loading_2y``, ``_5y``, ``_30y`` (scalars or
    one per draw): shape (..., 5) with 0 for the 3-month and 1 for the 10-year."""
    l2, l5, l30 = (np.asarray(params[f"tp_loading_{m}"], dtype=float) for m in ("2y", "5y", "30y"))
    shape = np.broadcast_shapes(l2.shape, l5.shape, l30.shape)
    zero, one = np.zeros(shape), np.ones(shape)
    return np.stack([zero, *np.broadcast_arrays(l2, l5), one, np.broadcast_to(l30, shape)], axis=-1)


def yields_by_maturity_bp(term_premium_10y_bp: ArrayLike, loadings: ArrayLike,
                          policy_rate_change_bp: ArrayLike = 0.0,
                          policy_loadings: ArrayLike = POLICY_LOADINGS) -> np.ndarray:
    """Yield changes (bp) by maturity: Δy_m = loading_m × Δtp₁₀ + policy_loading_m × Δpolicy.

    ``term_premium_10y_bp``: shape (..., weeks); ``loadings``: (..., 5) (one set per draw, or one for all);
    ``policy_rate_change_bp``: a number or a path broadcasting against (..., weeks). Returns (..., weeks, 5).
    """
    tp = finite("term_premium_10y_bp", term_premium_10y_bp)
    load = _by_maturity("loadings", loadings)
    policy = finite("policy_rate_change_bp", policy_rate_change_bp)
    pl = _by_maturity("policy_loadings", policy_loadings)
    return tp[..., None] * load[..., None, :] + np.asarray(policy)[..., None] * pl
