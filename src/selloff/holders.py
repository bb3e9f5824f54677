"""Who holds Treasuries: groups of holders in the TIC table and what a sale of their holdings means.

All amounts are US dollars, billions ($bn). The TIC table attributes holdings to the country of the
*custodian*, not of the owner (see the Data appendix): a "group" here is a set of lines in that table.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

# Lines of Treasury's "Major Foreign Holders" table (column names of `load("tic_major_foreign_holders")`).
EU_MEMBERS = ("belgium", "belgium_luxembourg", "luxembourg", "france", "ireland", "germany", "spain",
              "netherlands", "italy", "poland", "sweden", "denmark", "finland")
EURO_AREA_MEMBERS = ("belgium", "belgium_luxembourg", "luxembourg", "france", "ireland", "germany", "spain",
                     "netherlands", "italy", "finland")
EU_CUSTODY_CENTRES = ("belgium", "belgium_luxembourg", "luxembourg", "ireland")
CUSTODY_CENTRES = ("belgium", "belgium_luxembourg", "luxembourg", "ireland", "cayman_islands",
                   "united_kingdom", "switzerland")
TOTAL_LINES = ("grand_total", "memo_foreign_official_total")

HOLDER_GROUPS: dict[str, tuple[str, ...]] = {
    "EU members listed in TIC": EU_MEMBERS,
    "EU custody centres (BE, LU, IE)": EU_CUSTODY_CENTRES,
    "China + Japan": ("china_mainland", "japan"),
    "All foreign official": ("memo_foreign_official_total",),
    "All foreign": ("grand_total",),
}

# Average daily trading volume of US Treasuries in 2025, $bn a day (SIFMA, cited as {cite}`sifma2026`).
TREASURY_DAILY_VOLUME_2025_BN = 1055.5


def group_holdings_bn(tic: pd.DataFrame, members: Sequence[str]) -> pd.Series:
    """Holdings of a group of TIC lines, $bn, by month: the sum of the members' columns.

    A member not listed separately in a month (an empty cell) counts as zero, because Treasury then
    includes it in "All other"; a month in which no member is listed is NaN. A total line
    (``grand_total``, ``memo_foreign_official_total``) cannot be mixed with country lines, since it
    already contains them.
    """
    members = list(members)
    if not members:
        raise ValueError("members is empty: name at least one TIC line")
    unknown = [m for m in members if m not in tic.columns]
    if unknown:
        raise ValueError(f"members not in the TIC table: {unknown}")
    if len(members) != len(set(members)):
        raise ValueError(f"members lists a line twice: {members}")
    totals = [m for m in members if m in TOTAL_LINES or m.startswith(("memo_", "agg_"))]
    if totals and len(members) > 1:
        raise ValueError(f"{totals} are totals or aggregates; they cannot be combined with other lines: {members}")
    values = tic[members]
    return values.sum(axis=1, min_count=1).rename("holdings_bn")


def monthly_debt_held_by_public_bn(debt: pd.DataFrame, months: pd.PeriodIndex) -> pd.Series:
    """Debt held by the public, $bn, at the end of each month in ``months``.

    The source is quarterly (end-of-quarter stocks); months between quarter ends are linearly
    interpolated between the surrounding quarter ends; months after the last quarter end are NaN.
    """
    quarter_end = pd.Series(debt["debt_held_by_public_bn"].to_numpy(),
                            index=debt.index.asfreq("M", how="end"))
    grid = quarter_end.index.union(months)
    filled = quarter_end.reindex(grid).astype(float)
    filled = filled.interpolate(method="linear", limit_area="inside")
    return filled.reindex(months).rename("debt_held_by_public_bn")


def share_of_debt_held_by_public_pct(holdings_bn: pd.Series, debt: pd.DataFrame) -> pd.Series:
    """Holdings as a percentage of debt held by the public (both $bn, same months)."""
    denominator = monthly_debt_held_by_public_bn(debt, pd.PeriodIndex(holdings_bn.index))
    return (100 * holdings_bn / denominator.to_numpy()).rename("share_pct")


def sale_in_trading_days(sale_bn: float | np.ndarray, daily_volume_bn: float = TREASURY_DAILY_VOLUME_2025_BN) -> np.ndarray:
    """How many days of the market's average trading volume a sale of ``sale_bn`` ($bn) equals."""
    sale = np.asarray(sale_bn, dtype=float)
    if np.isnan(sale).any() or (sale < 0).any():
        raise ValueError(f"sale_bn must be non-negative and not NaN, got {sale_bn!r}")
    if not daily_volume_bn > 0:
        raise ValueError(f"daily_volume_bn must be positive, got {daily_volume_bn!r}")
    return sale / daily_volume_bn
