"""Builders: downloaded series -> rows of strings in the snapshot's exact format.

One builder per ``refresh.method`` in ``datapackage.json``.  A builder reads its sources through the
:class:`~selloff.data.sources.Fetcher` and other resources through ``ctx.load(name)`` (which sees the
files staged earlier in the same refresh), and returns ``(header, rows)``.
"""

from __future__ import annotations

import math
from typing import Any, Callable, Mapping, Protocol

import pandas as pd

from selloff.data.errors import RefreshError
from selloff.data.sources import Fetcher, parse_tic_mfhhis, tic_url, _TIC_MEMOS

Table = tuple[list[str], list[list[str]]]


class Context(Protocol):
    def load(self, name: str) -> pd.DataFrame: ...


def _fmt(x: float, decimals: int) -> str:
    """Format like the snapshot: fixed decimals, empty for NaN, no negative zero."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    s = f"{x:.{decimals}f}"
    if s.startswith("-") and float(s) == 0:
        s = s[1:]
    return s


def _last_complete_month(all_dates: pd.DatetimeIndex) -> pd.Period:
    """Last complete calendar month of a daily series.

    The month of the last row FRED lists (observed or '.') counts as complete only
    if that row is dated on/after the month's last weekday (Mon-Fri).
    """
    last = all_dates.max()
    month_end = last + pd.offsets.MonthEnd(0)
    last_weekday = month_end - pd.Timedelta(days=max(0, month_end.weekday() - 4))
    p = last.to_period("M")
    return p if last.normalize() >= last_weekday.normalize() else p - 1


def _monthly_mean_last(s: pd.Series) -> pd.DataFrame:
    """Per calendar month of a daily series: mean, last value and its date.

    The mean is the left-to-right float sum of the available values divided by
    their count (this reproduces the snapshot's rounding exactly).  Only complete
    months (see :func:`_last_complete_month`) are returned.
    """
    cutoff = _last_complete_month(s.index)
    obs = s.dropna()
    periods = obs.index.to_period("M")
    keep = periods <= cutoff
    obs, periods = obs[keep], periods[keep]
    out: dict[pd.Period, tuple[float, float, pd.Timestamp]] = {}
    vals = obs.to_numpy(dtype=float).tolist()
    dates = list(obs.index)
    codes = list(periods)
    start = 0
    for i in range(1, len(vals) + 1):
        if i == len(vals) or codes[i] != codes[start]:
            chunk = vals[start:i]
            out[codes[start]] = (sum(chunk) / len(chunk), chunk[-1], dates[i - 1])
            start = i
    df = pd.DataFrame.from_dict(out, orient="index", columns=["avg", "eom", "eom_date"])
    df.index = pd.PeriodIndex(df.index, freq="M", name="month")
    return df


def _monthly_published(s: pd.Series) -> pd.Series:
    obs = s.dropna()
    return pd.Series(obs.to_numpy(), index=pd.PeriodIndex(obs.index.to_period("M"), name="month"))


def _quarterly(s: pd.Series) -> pd.Series:
    obs = s.dropna()
    return pd.Series(obs.to_numpy(), index=pd.PeriodIndex(obs.index.to_period("Q"), name="quarter"))


def _quarter_cells(q: pd.Period) -> list[str]:
    return [f"{q.year}Q{q.quarter}", q.end_time.strftime("%Y-%m-%d")]


Table = tuple[list[str], list[list[str]]]

def _build_fred_join(res: Mapping[str, Any], fx: Fetcher, ctx: Context) -> Table:
    """Outer join of daily or weekly FRED series on date (``refresh``: series, start, decimals, scale, dates_from)."""
    spec = res["refresh"]
    cols = list(spec["series"])
    start = pd.Timestamp(spec.get("start", "1900-01-01"))
    scale = float(spec.get("scale", 1.0))
    data = {c: fx.fred(sid) * scale for c, sid in spec["series"].items()}
    df = pd.concat(data, axis=1, sort=True)
    df = df[df.index >= start].dropna(how="all")
    if spec.get("dates_from"):
        df = df.reindex(ctx.load(spec["dates_from"]).index)
    dec = spec.get("decimals", 2)
    digits = [int(dec[c]) if isinstance(dec, Mapping) else int(dec) for c in cols]
    rows = [[ts.strftime("%Y-%m-%d")] + [_fmt(v, d) for v, d in zip(vals, digits)]
            for ts, vals in zip(df.index, df[cols].to_numpy())]
    return ["date", *cols], rows


def _build_yields_monthly(res: Mapping[str, Any], fx: Fetcher, ctx: Context) -> Table:
    spec = res["refresh"]
    d = int(spec.get("decimals", 2))
    header = [f["name"] for f in res["schema"]["fields"]]
    columns: dict[str, pd.Series] = {}
    for short, sid in spec["daily"].items():
        m = _monthly_mean_last(fx.fred(sid))
        columns[f"{short}_avg"] = m["avg"]
        columns[f"{short}_eom"] = m["eom"]
    for col, sid in spec["monthly"].items():
        columns[col] = _monthly_published(fx.fred(sid))
    df = pd.DataFrame(columns).sort_index()
    rows = [[str(p)] + [_fmt(df.at[p, c], d) for c in header[1:]] for p in df.index]
    return header, rows


def _build_fed_holdings(res: Mapping[str, Any], fx: Fetcher, ctx: Context) -> Table:
    spec = res["refresh"]
    header = [f["name"] for f in res["schema"]["fields"]]
    series = {col: fx.fred(sid) for col, sid in spec["series"].items()}
    main_col = next(iter(spec["series"]))
    main = series[main_col]
    first, last_listed = main.dropna().index.min(), main.index.max()
    (ratio_col, (num_sid, den_sid)), = spec["ratio"].items()
    by_sid = {sid: series[col] for col, sid in spec["series"].items()}
    rows = []
    for p in pd.period_range(first.to_period("M"), last_listed.to_period("M"), freq="M"):
        end = p.end_time.normalize()
        wed = end - pd.Timedelta(days=(end.weekday() - 2) % 7)
        if wed not in main.index or math.isnan(main.at[wed]):
            continue  # last Wednesday not (yet) in the source: omit the month
        cells = [str(p), wed.strftime("%Y-%m-%d")]
        for col in header[2:]:
            if col == ratio_col:
                num = by_sid[num_sid].get(wed, math.nan)
                den = by_sid[den_sid].get(wed, math.nan)
                cells.append(_fmt(100.0 * num / den if den else math.nan, 1))
            else:
                cells.append(_fmt(series[col].get(wed, math.nan) / 1000.0, 1))
        rows.append(cells)
    return header, rows


def _tic_tables(fx: Fetcher, res: Mapping[str, Any]) -> tuple[Table, Table]:
    parsed = parse_tic_mfhhis(fx.text(tic_url(res["refresh"].get("file", "mfhhis01.txt"))))
    months = sorted({p for p, _ in parsed.values})
    latest = months[-1]
    cols = set(c for _, c in parsed.values)
    special = {"grand_total", *_TIC_MEMOS}
    countries = [c for c in cols if c not in special and not c.startswith("agg_")]
    listed = [c for c in countries if not math.isnan(parsed.values.get((latest, c), math.nan))]
    listed.sort(key=lambda c: (-parsed.values[(latest, c)], parsed.first_seen[c]))
    others = sorted(set(countries) - set(listed))
    aggs = sorted(c for c in cols if c.startswith("agg_"))
    memos = [c for c in _TIC_MEMOS if c in cols]
    order = ["grand_total", *listed, *others, *aggs, *memos]
    if "grand_total" not in cols:
        raise RefreshError("TIC: no Grand Total")
    main_rows = [[str(p)] + [_fmt(parsed.values.get((p, c), math.nan), 1) for c in order] for p in months]
    # old-basis values in time order (months ascending; within a month, in file order)
    comp = sorted(enumerate(parsed.comparison), key=lambda iv: (iv[1][0], iv[0]))
    comp_rows = [[str(p), c, _fmt(v, 1)] for _, (p, c, v) in comp]
    return (["month", *order], main_rows), (["month", "column", "holdings_usd_bn_prior_series"], comp_rows)


def _build_tic_main(res: Mapping[str, Any], fx: Fetcher, ctx: Context) -> Table:
    return _tic_tables(fx, res)[0]


def _build_tic_comparison(res: Mapping[str, Any], fx: Fetcher, ctx: Context) -> Table:
    return _tic_tables(fx, res)[1]


def _build_debt_holders(res: Mapping[str, Any], fx: Fetcher, ctx: Context) -> Table:
    spec = res["refresh"]
    header = [f["name"] for f in res["schema"]["fields"]]
    fred_cols: dict[str, pd.Series] = {}
    for col, (sid, scale) in spec["fred"].items():
        fred_cols[col] = _quarterly(fx.fred(sid)) * float(scale)
    quarters = sorted(set(fred_cols["debt_held_by_public_bn"].index) | set(fred_cols["foreign_holdings_fdhbfin_bn"].index))
    local: dict[str, pd.Series] = {}
    for col, (rname, rcol) in spec["from_resources"].items():
        local[col] = ctx.load(rname)[rcol]
    rows = []
    for q in quarters:
        vals: dict[str, str] = {}
        for col, s in fred_cols.items():
            vals[col] = _fmt(s.get(q, math.nan), 1)
        last_month = q.asfreq("M", "end")
        for col, s in local.items():
            vals[col] = _fmt(s.get(last_month, math.nan), 1)
        pub = float(vals["debt_held_by_public_bn"]) if vals["debt_held_by_public_bn"] else math.nan

        def share(cell: str) -> str:
            return _fmt(100.0 * float(cell) / pub, 1) if cell and pub and not math.isnan(pub) else ""

        vals["foreign_share_of_public_debt_pct"] = share(vals["foreign_holdings_fdhbfin_bn"])
        vals["fed_share_of_public_debt_pct"] = share(vals["fed_treasuries_h41_bn"])
        rows.append(_quarter_cells(q) + [vals[c] for c in header[2:]])
    return header, rows


def _build_fred_quarterly(res: Mapping[str, Any], fx: Fetcher, ctx: Context) -> Table:
    spec = res["refresh"]
    (col, sid), = spec["series"].items()
    s = _quarterly(fx.fred(sid))
    d = int(spec.get("decimals", 3))
    return ["quarter", "quarter_end", col], [_quarter_cells(q) + [_fmt(v, d)] for q, v in s.items()]


def _build_monthly_from_daily_resource(res: Mapping[str, Any], fx: Fetcher, ctx: Context) -> Table:
    spec = res["refresh"]
    m = _monthly_mean_last(ctx.load(spec["resource"])[spec["column"]])
    d = int(spec.get("decimals", 4))
    c = spec["columns"]
    rows = [[str(p), _fmt(r.avg, d), _fmt(r.eom, d), r.eom_date.strftime("%Y-%m-%d")] for p, r in m.iterrows()]
    return ["month", c["avg"], c["eom"], c["eom_date"]], rows


BUILDERS: dict[str, Callable[[Mapping[str, Any], Fetcher, Context], Table]] = {
    "fred_daily": _build_fred_join,
    "fred_weekly": _build_fred_join,
    "monthly_from_daily_resource": _build_monthly_from_daily_resource,
    "fred_daily_to_monthly_yields": _build_yields_monthly,
    "fred_weekly_last_wednesday": _build_fed_holdings,
    "tic_mfhhis01": lambda res, fx, ctx: (_build_tic_main if res["name"] == "tic_major_foreign_holders" else _build_tic_comparison)(res, fx, ctx),
    "federal_debt_holders": _build_debt_holders,
    "fred_quarterly": _build_fred_quarterly,
}

#: Refresh order: sources first, then resources derived from other resources.
REFRESH_ORDER = [
    "treasury_yields_daily",
    "treasury_yields_monthly",
    "fed_treasury_holdings",
    "tic_major_foreign_holders",
    "tic_series_break_comparison",
    "federal_interest_payments",
    "dollar_and_fx_daily",
    "dollar_index_broad",
    "federal_debt_holders",
    "fed_balance_sheet_weekly",
    "policy_rates_daily",
    "treasury_yields_daily_extra",
]
