"""Back-tests: replay past episodes with the flows that were observed, beside the yields that were observed.

**What is replayed.** For each episode (``EPISODES``: a window from the close before the move to its end), the
model is driven by what holders were seen to buy or sell in the window, week by week:

* foreign official holders, bills and notes-and-bonds separately, and foreign private holders (TIC "Major
  Foreign Holders", monthly; ``tic_major_foreign_holders``);
* the Federal Reserve (H.4.1 Treasuries held outright, Wednesday levels; ``fed_balance_sheet_weekly``).

What domestic private investors must absorb is the opposite of these purchases, in 10-year equivalents
(``selloff.curve``); the market block (``selloff.market``) turns it into a change of the 10-year term premium,
and the curve's loadings carry it to the 2-year. Nothing else is switched on: no confidence shock, no
convenience-yield loss, no policy-rate news. The model's change is therefore *the effect of the flows alone*,
and the miss (observed − model) is what the flows do not explain: the context. The calibration is the book's
own (``Calibration.at``); nothing is fitted to these episodes.

**How flows are measured (assumptions, stated).**

* TIC holdings since December 2011 come from the monthly SLT reports, which give holdings at market value,
  so a change of holdings includes price changes. The flow is the change less an estimate of the price
  change, −Σ_m mix_m · D_m · Δy_m × holdings at the start of the month (durations D at the start yields, yield
  changes Δy over the month from the daily data). Bills are taken to have no price change.
* A TIC month that only partly overlaps a window counts pro rata to the days it shares with it (exact for
  windows of whole months; an assumption for the one-week windows of March 2020 and April 2025, whose TIC
  months also contain the rest of the month). H.4.1 levels are Wednesday figures at par: a window starts and
  ends at the last Wednesday on or before its dates.
* Maturity mixes: official bills sell as bills; official notes and bonds, and foreign private holdings, as
  ``curve.FOREIGN_OFFICIAL_MIX`` (without its bills for the notes and bonds); the Fed's flows as the coupon
  rungs of the debt (``fiscal.LADDER_SHARES`` without bills). The mixes are illustrative.
* New Treasury issuance is not counted: the replay asks what the *holders'* flows did, not the deficit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from selloff import curve, fiscal, market, plotting

DAYS_PER_WEEK = 7
FLOW_COLUMNS = ("foreign_official_bills_bn", "foreign_official_notes_bonds_bn", "foreign_private_bn", "fed_bn")
YIELD_COLUMNS = {"3m": "dgs3mo", "2y": "dgs2", "5y": "dgs5", "10y": "dgs10", "30y": "dgs30"}


@dataclass(frozen=True)
class Episode:
    """A window of selling pressure: ``start`` is the close before the move, ``end`` its last day."""

    name: str
    label: str
    start: str
    end: str
    note: str

    def __post_init__(self) -> None:
        try:
            start, end = pd.Timestamp(self.start), pd.Timestamp(self.end)
        except (TypeError, ValueError):
            raise ValueError(f"episode {self.name!r}: start={self.start!r} and end={self.end!r} must be "
                             "dates") from None
        if not start < end:
            raise ValueError(f"episode {self.name!r}: start={self.start!r} must come before end={self.end!r}")


EPISODES: tuple[Episode, ...] = (
    Episode("q3_2015", "China scare, Jul–Sep 2015", "2015-06-30", "2015-09-30",
            "Weiss (2022): foreign official net purchases −$159bn, foreign private +$46bn in July–September "
            "2015 (a global risk-off)."),
    Episode("russia_2018", "Russia sells, Apr–May 2018", "2018-03-31", "2018-05-31",
            "Russia sold most of its Treasuries (TIC) in April–May 2018: a sale by one official holder in "
            "calm markets."),
    Episode("march_2020_peak", "Dash for cash, 9–18 Mar 2020", "2020-03-09", "2020-03-18",
            "Vissing-Jorgensen (2021): the 10-year rose 64bp on 9–18 March 2020 as foreign official holders, "
            "funds and others sold; the Fed began to buy on a large scale in the window."),
    Episode("march_2020_month", "March 2020 (whole month)", "2020-02-29", "2020-03-31",
            "The same episode over the whole TIC month: the Fed's purchases and the fall of yields after "
            "18 March are included."),
    Episode("year_2022", "2022: the Fed stops buying, then shrinks", "2021-12-31", "2022-12-31",
            "Fed purchases ended in March 2022 and its holdings began to shrink in June, while the Fed raised "
            "its policy rate: most of the 10-year's rise was policy news, not flows."),
    Episode("april_2025_week", "Tariff shock, 4–11 Apr 2025", "2025-04-04", "2025-04-11",
            "A US-centred sell-off: yields and the dollar fell together; no published figure gives the size of "
            "foreign sales (BIS Bulletin 105 finds positions largely kept)."),
    Episode("april_2025_month", "April 2025 (whole month)", "2025-03-31", "2025-04-30",
            "The same episode over the whole TIC month."),
)


def episode(name: str) -> Episode:
    """The episode called ``name`` (see ``EPISODES``)."""
    for e in EPISODES:
        if e.name == name:
            return e
    raise ValueError(f"unknown episode {name!r}; known: {[e.name for e in EPISODES]}")


# --- the observed side ---------------------------------------------------------------------------------

def _at_or_before(frame: pd.DataFrame | pd.Series, date: pd.Timestamp, what: str):
    """The last row on or before ``date`` (the close before a move, or the last Wednesday)."""
    index = pd.DatetimeIndex(frame.index)
    position = index.searchsorted(date, side="right") - 1
    if position < 0 or (date - index[position]).days > DAYS_PER_WEEK:
        raise ValueError(f"{what}: no observation within a week on or before {date.date()}")
    return frame.iloc[position]


def daily_yields(yields_daily: pd.DataFrame, yields_extra: pd.DataFrame | None = None) -> pd.DataFrame:
    """The daily yields by maturity (percent): columns 3m, 2y, 5y, 10y, 30y (NaN where a maturity is missing)."""
    frame = yields_daily if yields_extra is None else yields_daily.join(yields_extra, how="outer")
    return pd.DataFrame({label: frame[col] if col in frame.columns else np.nan
                         for label, col in YIELD_COLUMNS.items()}, index=pd.DatetimeIndex(frame.index))


def observed_moves(ep: Episode, yields: pd.DataFrame, dollar_daily: pd.Series) -> dict[str, float]:
    """Observed changes over the window: yields by maturity (bp, ``d3m_bp`` … ``d30y_bp``) and the broad dollar
    (``dollar_pct``, %). Each from the last observation on or before the window's start and end dates."""
    start, end = pd.Timestamp(ep.start), pd.Timestamp(ep.end)
    out = {}
    for label in YIELD_COLUMNS:
        series = yields[label].dropna()
        out[f"d{label}_bp"] = (float(_at_or_before(series, end, f"{ep.name} {label} yield"))
                               - float(_at_or_before(series, start, f"{ep.name} {label} yield"))) * 100.0
    dollar = dollar_daily.dropna()
    out["dollar_pct"] = (float(_at_or_before(dollar, end, f"{ep.name} dollar"))
                         / float(_at_or_before(dollar, start, f"{ep.name} dollar")) - 1.0) * 100.0
    return out


def _mix_without_bills(mix: Sequence[float]) -> np.ndarray:
    m = np.asarray(mix, dtype=float).copy()
    m[0] = 0.0
    return m / m.sum()


NOTES_BONDS_MIX = tuple(_mix_without_bills(curve.FOREIGN_OFFICIAL_MIX))
FED_MIX = tuple(_mix_without_bills(fiscal.LADDER_SHARES))


def _price_change_share(mix: Sequence[float], yields: pd.DataFrame, start: pd.Timestamp, end: pd.Timestamp) -> float:
    """Relative price change of a portfolio with maturity ``mix`` from ``start`` to ``end``: −Σ mix_m D_m Δy_m."""
    before = _at_or_before(yields, start, "yields").to_numpy(dtype=float)
    after = _at_or_before(yields, end, "yields").to_numpy(dtype=float)
    if not (np.isfinite(before).all() and np.isfinite(after).all()):
        raise ValueError(f"yields by maturity are missing on or before {start.date()} or {end.date()}")
    return float(-(np.asarray(mix) * curve.durations_years(before) * (after - before) / 100.0).sum())


def tic_monthly_flows_bn(tic: pd.DataFrame, yields: pd.DataFrame, months: pd.PeriodIndex) -> pd.DataFrame:
    """Foreign net purchases by month ($bn): the change of TIC holdings less the estimated price change.

    Columns: ``foreign_official_bills_bn``, ``foreign_official_notes_bonds_bn``, ``foreign_private_bn`` (total
    less official), and, for reference, ``*_holdings_change_bn`` (the raw changes)."""
    need = ["grand_total", "memo_foreign_official_total", "memo_foreign_official_bills",
            "memo_foreign_official_bonds_notes"]
    missing = [c for c in need if c not in tic.columns]
    if missing:
        raise ValueError(f"tic lacks the columns {missing}")
    rows = {}
    for month in months:
        before, now = month - 1, month
        if before not in tic.index or now not in tic.index:
            raise ValueError(f"tic has no holdings for {before} and {now} (it covers {tic.index[0]} to "
                             f"{tic.index[-1]})")
        held_before, held_now = tic.loc[before, need].astype(float), tic.loc[now, need].astype(float)
        if held_before.isna().any() or held_now.isna().any():
            raise ValueError(f"tic has missing holdings in {before} or {now}: {list(need)}")
        private_before = held_before["grand_total"] - held_before["memo_foreign_official_total"]
        private_now = held_now["grand_total"] - held_now["memo_foreign_official_total"]
        start, end = before.end_time.normalize(), now.end_time.normalize()
        price_notes = _price_change_share(NOTES_BONDS_MIX, yields, start, end)
        price_private = _price_change_share(curve.FOREIGN_OFFICIAL_MIX, yields, start, end)
        notes_before = held_before["memo_foreign_official_bonds_notes"]
        notes_change = held_now["memo_foreign_official_bonds_notes"] - notes_before
        bills_change = held_now["memo_foreign_official_bills"] - held_before["memo_foreign_official_bills"]
        private_change = private_now - private_before
        rows[now] = {
            "foreign_official_bills_bn": bills_change,
            "foreign_official_notes_bonds_bn": notes_change - price_notes * notes_before,
            "foreign_private_bn": private_change - price_private * private_before,
            "foreign_official_bills_holdings_change_bn": bills_change,
            "foreign_official_notes_bonds_holdings_change_bn": notes_change,
            "foreign_private_holdings_change_bn": private_change,
        }
    return pd.DataFrame.from_dict(rows, orient="index")


def weekly_flows_bn(ep: Episode, tic: pd.DataFrame, fed_weekly: pd.Series, yields: pd.DataFrame) -> pd.DataFrame:
    """Net purchases ($bn) in each week of the window (rows: week 1 … n, each ending on ``week_end``), by holder:
    ``FLOW_COLUMNS`` (and the raw TIC changes of holdings, ``*_holdings_change_bn``). TIC months count pro rata
    to the days they share with each week; the Fed's flow is the change of its Wednesday holdings (par). A
    window shorter than a week is one week."""
    start, end = pd.Timestamp(ep.start), pd.Timestamp(ep.end)
    n = max(1, int(np.ceil((end - start).days / DAYS_PER_WEEK)))
    edges = [min(start + pd.Timedelta(days=DAYS_PER_WEEK * i), end) for i in range(n)] + [end]
    months = pd.period_range(start + pd.Timedelta(days=1), end, freq="M")
    tic_flows = tic_monthly_flows_bn(tic, yields, months)
    holdings = fed_weekly.dropna()
    rows = []
    for a, b in zip(edges[:-1], edges[1:]):
        row = {"week_end": b}
        for column in tic_flows.columns:
            total = 0.0
            for month in months:
                first, last = month.start_time.normalize() - pd.Timedelta(days=1), month.end_time.normalize()
                overlap = (min(b, last) - max(a, first)).days
                if overlap > 0:
                    total += tic_flows.loc[month, column] * overlap / month.days_in_month
            row[column] = total
        row["fed_bn"] = (float(_at_or_before(holdings, b, f"{ep.name} Fed holdings"))
                         - float(_at_or_before(holdings, a, f"{ep.name} Fed holdings")))
        rows.append(row)
    return pd.DataFrame(rows, index=pd.RangeIndex(1, n + 1, name="week"))


# --- the model side ------------------------------------------------------------------------------------

def private_absorption_10y_eq_bn(flows: pd.DataFrame, yields_pct: Sequence[float]) -> np.ndarray:
    """What domestic private investors absorb each week ($bn of 10-year equivalents): minus the others' net
    purchases, each converted with its maturity mix at the start yields ``yields_pct`` (3m … 30y, percent)."""
    k = {"foreign_official_bills_bn": curve.ten_year_equivalent_per_bn(curve.BILLS_ONLY, yields_pct),
         "foreign_official_notes_bonds_bn": curve.ten_year_equivalent_per_bn(NOTES_BONDS_MIX, yields_pct),
         "foreign_private_bn": curve.ten_year_equivalent_per_bn(curve.FOREIGN_OFFICIAL_MIX, yields_pct),
         "fed_bn": curve.ten_year_equivalent_per_bn(FED_MIX, yields_pct)}
    return -sum(flows[c].to_numpy(dtype=float) * float(k[c]) for c in FLOW_COLUMNS)


def replay(flows: pd.DataFrame, yields_pct: Sequence[float], params: Mapping[str, float]) -> dict[str, float]:
    """The model's change of the 10-year and the 2-year (bp) at the window's end, from the flows alone."""
    absorbed = private_absorption_10y_eq_bn(flows, yields_pct)
    term_premium = market.yield_change_bp(absorbed, params["short_run_impact_bp_per_100bn"],
                                          params["long_run_impact_bp_per_100bn"], params["impact_half_life_weeks"])
    by_maturity = curve.yields_by_maturity_bp(term_premium, curve.loadings_vector(params))
    return {"d10y_bp": float(by_maturity[-1, curve.TEN_YEAR]), "d2y_bp": float(by_maturity[-1, 1]),
            "absorbed_10y_eq_bn": float(absorbed.sum())}


def backtest_table(calibration=None, levels: Sequence[str] = ("central", "benign", "stress"),
                   episodes: Sequence[Episode] = EPISODES, data_dir=None) -> pd.DataFrame:
    """One row per episode: its window, the observed flows ($bn, net purchases), the model's Δ10y at each
    calibration level (``model_d10y_bp_<level>``), the observed moves, and the miss (observed − model, central).

    ``calibration``: a ``Calibration`` (default: the book's). Nothing is fitted: the levels are the book's own.
    """
    from selloff.calibration import default_calibration
    from selloff.data import load

    calibration = default_calibration(data_dir) if calibration is None else calibration
    if not levels or "central" not in levels:
        raise ValueError(f"levels must include 'central' (the miss is measured against it), got {levels!r}")
    params = {level: calibration.at(level) for level in levels}
    yields = daily_yields(load("treasury_yields_daily", data_dir), load("treasury_yields_daily_extra", data_dir))
    dollar = load("dollar_and_fx_daily", data_dir)["dtwexbgs"]
    tic = load("tic_major_foreign_holders", data_dir)
    fed = load("fed_balance_sheet_weekly", data_dir)["treasuries_held_outright_bn"]
    rows = []
    for ep in episodes:
        if not isinstance(ep, Episode):
            raise ValueError(f"episodes must be Episode objects, got {ep!r}")
        flows = weekly_flows_bn(ep, tic, fed, yields)
        start_yields = _at_or_before(yields, pd.Timestamp(ep.start), f"{ep.name} yields").to_numpy(dtype=float)
        observed = observed_moves(ep, yields, dollar)
        row = {"episode": ep.label, "window": f"{ep.start} to {ep.end}", "weeks": len(flows),
               **{c: float(flows[c].sum()) for c in FLOW_COLUMNS},
               "foreign_official_holdings_change_bn": float(
                   flows[["foreign_official_bills_holdings_change_bn",
                          "foreign_official_notes_bonds_holdings_change_bn"]].to_numpy().sum()),
               "foreign_private_holdings_change_bn": float(flows["foreign_private_holdings_change_bn"].sum())}
        for level in levels:
            model = replay(flows, start_yields, params[level])
            row[f"model_d10y_bp_{level}"] = model["d10y_bp"]
            if level == "central":
                row["absorbed_10y_eq_bn"] = model["absorbed_10y_eq_bn"]
                row["model_d2y_bp_central"] = model["d2y_bp"]
        row.update({f"observed_{k}": v for k, v in observed.items()})
        row["miss_d10y_bp"] = row["observed_d10y_bp"] - row["model_d10y_bp_central"]
        row["note"] = ep.note
        rows.append(row)
    return pd.DataFrame(rows).set_index("episode")


def backtest_chart(ax, table: pd.DataFrame) -> None:
    """Observed change of the 10-year beside the model's (central, with the benign-to-stress range), one row
    per episode of ``backtest_table`` (bp). The gap is the miss: what the flows alone do not explain."""
    for column in ("observed_d10y_bp", "model_d10y_bp_central"):
        if column not in table.columns:
            raise ValueError(f"table lacks {column!r}: pass the output of backtest_table")
    y = np.arange(len(table))[::-1]
    model = plotting.OKABE_ITO["blue"]
    if {"model_d10y_bp_benign", "model_d10y_bp_stress"} <= set(table.columns):
        low = table[["model_d10y_bp_benign", "model_d10y_bp_stress"]].min(axis=1)
        high = table[["model_d10y_bp_benign", "model_d10y_bp_stress"]].max(axis=1)
        ax.hlines(y, low, high, color=model, lw=4, alpha=0.35, label="model, benign to stress calibration")
    ax.plot(table["model_d10y_bp_central"], y, "o", color=model, label="model (central): the flows alone")
    ax.plot(table["observed_d10y_bp"], y, "D", color=plotting.OKABE_ITO["black"], label="observed")
    ax.axvline(0, color=plotting.OKABE_ITO["black"], lw=0.8)
    ax.set_yticks(y, list(table.index))
    ax.set_xlabel("Change of the 10-year yield over the window (bp)")
    ax.legend(loc="lower right", fontsize="small")
