"""The model's parameters: low / central / high values, units and sources; named "benign" and "stress" sets.

Every parameter names its sources by bibliography key (``references.bib``). Where no published estimate
pins a value or its range down, ``illustrative`` is True and the note says what is judgement. Values
that come from the data snapshot (the size of the debt, today's interest bill and yields) have a single
value and name the data source.

``Calibration.at("central")`` gives one value per parameter; ``Calibration.draw(n, rng)`` gives ``n``
draws per parameter from a triangular distribution between low and high with its mode at the central
value, for uncertainty bands. ``Calibration.at("benign")`` and ``at("stress")`` are two *coherent* sets
(``NAMED_SETS``): each parameter at the end of its range that belongs with the others in that kind of
market (a deep market in a global flight to quality; a March-2020-like dash for cash), not all-low or
all-high.

**One market-size scaling rule for every price-impact estimate** (``impact_scaling``): an estimate of
bp per $100bn from a sample in which debt held by the public averaged D_sample is worth
D_sample / D_today as much today (the same $100bn is a smaller share of a larger market). The ratio is
computed from the data snapshot (``federal_debt_holders``) for each estimate's sample. The published
figures are for the 5-year yield (Beltran et al.) or 2-3-year term premia (IMF) and for flows of the
foreign official maturity mix; the model's parameters are for the 10-year per $100bn of 10-year
equivalents, so each is also divided by the curve loading of its maturity and by the 10-year
equivalents per $ of the foreign official mix (``selloff.curve``). Every step is in the table.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from selloff import curve
from selloff._checks import finite, positive, whole

Level = Literal["low", "central", "high", "benign", "stress"]
LEVELS: tuple[Level, ...] = ("low", "central", "high")
NAMED: tuple[str, ...] = ("benign", "stress")
Values = Mapping[str, "float | np.ndarray"]


@dataclass(frozen=True)
class Parameter:
    """One parameter with its range, unit and sources."""

    name: str
    low: float
    central: float
    high: float
    unit: str
    sources: tuple[str, ...]
    note: str
    illustrative: bool = False

    def __post_init__(self) -> None:
        for level in LEVELS:
            value = getattr(self, level)
            if not isinstance(value, (int, float)) or not math.isfinite(value):
                raise ValueError(f"{self.name}.{level} must be a finite number, got {value!r}")
        if not self.low <= self.central <= self.high:
            raise ValueError(f"{self.name}: need low <= central <= high, got {self.low}, {self.central}, {self.high}")
        if not self.sources and not self.illustrative:
            raise ValueError(f"{self.name}: a parameter without a source must be marked illustrative")

    def value(self, level: Level = "central") -> float:
        if level in NAMED:
            level = NAMED_SETS[level].get(self.name, "central")
        if level not in LEVELS:
            raise ValueError(f"level must be one of {LEVELS + NAMED}, got {level!r}")
        return float(getattr(self, level))


# (smaller, larger): in every draw the first may not exceed the second. The long-run price impact is
# what remains of the short-run one; their ranges overlap, so independent draws could cross.
ORDERED_PAIRS: tuple[tuple[str, str], ...] = (("long_run_impact_bp_per_100bn", "short_run_impact_bp_per_100bn"),)


@dataclass(frozen=True)
class Calibration:
    """All parameters of the model, by name."""

    parameters: tuple[Parameter, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        names = [p.name for p in self.parameters]
        duplicated = sorted({n for n in names if names.count(n) > 1})
        if duplicated:
            raise ValueError(f"parameters defined twice: {duplicated}")

    def __getitem__(self, name: str) -> Parameter:
        for p in self.parameters:
            if p.name == name:
                return p
        raise ValueError(f"unknown parameter {name!r}; known: {[p.name for p in self.parameters]}")

    @property
    def names(self) -> list[str]:
        return [p.name for p in self.parameters]

    def at(self, level: Level = "central", **overrides: float) -> dict[str, float]:
        """One value per parameter at ``level`` (low, central, high, or a named set: benign, stress), with
        ``overrides`` (name=value) applied; an unknown name or a value that is not a finite number is refused."""
        values = {p.name: p.value(level) for p in self.parameters}
        for name, value in overrides.items():
            self[name]  # raises for an unknown name
            values[name] = float(finite(name, value))
        return values

    def draw(self, n: int, rng: np.random.Generator | int | None = None) -> dict[str, np.ndarray]:
        """``n`` draws of every parameter: triangular(low, central, high), independent across parameters,
        except that a draw of the first parameter of an ``ORDERED_PAIRS`` pair above the second is set
        equal to it (a long-run price impact larger than the short-run one would mean the impact grows)."""
        whole("n", n)
        rng = np.random.default_rng(rng)
        ranged = [p for p in self.parameters if p.low < p.high]
        # All triangular draws at once, by the inverse of the distribution function of one uniform draw each.
        a, c, b = (np.array([getattr(p, level) for p in ranged])[:, None] for level in LEVELS)
        u = rng.random((len(ranged), n))
        mode_at = (c - a) / (b - a)
        x = np.where(u < mode_at, a + np.sqrt(u * (b - a) * (c - a)), b - np.sqrt((1 - u) * (b - a) * (b - c)))
        out: dict[str, np.ndarray] = dict(zip((p.name for p in ranged), x))
        for p in self.parameters:
            if p.low == p.high:
                out[p.name] = np.full(n, p.central)
        out = {p.name: out[p.name] for p in self.parameters}
        for smaller, larger in ORDERED_PAIRS:
            if smaller in out and larger in out:
                out[smaller] = np.minimum(out[smaller], out[larger])
        return out

    def replace(self, name: str, **changes: float | str | bool | tuple[str, ...]) -> "Calibration":
        """A copy with one parameter's fields changed (e.g. ``low=``, ``central=``, ``high=``)."""
        new = dataclasses.replace(self[name], **changes)
        return Calibration(tuple(new if p.name == name else p for p in self.parameters))

    def table(self):
        """The calibration as a pandas DataFrame (one row per parameter), for the book's tables."""
        import pandas as pd

        return pd.DataFrame([
            {"parameter": p.name, "low": p.low, "central": p.central, "high": p.high, "unit": p.unit,
             "sources": ", ".join(p.sources), "illustrative": p.illustrative, "note": p.note}
            for p in self.parameters
        ]).set_index("parameter")


def _p(name, low, central, high, unit, sources, note, illustrative=False) -> Parameter:
    return Parameter(name, float(low), float(central), float(high), unit, tuple(sources), note, illustrative)


# --- the one scaling rule ----------------------------------------------------------------------------

#: Samples of the price-impact estimates, by the quarters of debt held by the public they span.
BELTRAN_SAMPLE = ("1994Q1", "2010Q2")   # Beltran et al. (2013): monthly data, 1994 to mid-2010
GAGNON_SAMPLE = ("2008Q4", "2010Q1")    # Gagnon et al. (2011): LSAP1, November 2008 to March 2010
#: Published figures used (bp per $100bn unless stated), as in the calibration sheet.
BELTRAN_SHORT_RUN_BP = (40.0, 50.0, 60.0)   # 5-year, $100bn less foreign official inflow in a month: 40-60bp
BELTRAN_LONG_RUN_BP = 20.0                  # 5-year, after foreign private investors respond: about 20bp
AHMED_REBUCCI_FACTOR = 2.0                  # "about twice as large as previously reported in the literature"
IMF_BP_PER_PP_OF_DEBT = 2.0                 # 2-3-year term premium per pp of marketable debt (2.0-2.4; low end)
GAGNON_BP = (2.9, 5.7)                      # LSAP1 per $100bn (sheet's calculation); mostly agency MBS


def market_size_ratio(debt_bn: pd.Series, sample: tuple[str, str]) -> float:
    """Debt held by the public today (the last observation) ÷ its average over ``sample`` (quarters)."""
    if not isinstance(debt_bn, pd.Series) or debt_bn.dropna().empty:
        raise ValueError("debt_bn must be a non-empty pandas Series of debt held by the public ($bn)")
    debt = debt_bn.dropna()
    window = debt.loc[sample[0]:sample[1]]
    if window.empty:
        raise ValueError(f"sample {sample!r} is not covered by the debt data ({debt.index[0]} to {debt.index[-1]})")
    return float(debt.iloc[-1] / window.mean())


def impact_scaling(debt_bn: pd.Series, loadings: Mapping[str, float], ten_year_equivalent_per_bn: float) -> pd.DataFrame:
    """The scaling of every price-impact estimate, step by step (rows: estimates; the last column is the value
    used, in bp on the 10-year per $100bn of 10-year equivalents, today).

    ``loadings``: central curve loadings (``"2y"``, ``"5y"``); ``ten_year_equivalent_per_bn``: of the foreign
    official mix. Gagnon et al. is shown scaled for comparison but not used: LSAP1 bought mostly agency MBS
    and agency debt, and its duration in 10-year equivalents is not known here.
    """
    positive(ten_year_equivalent_per_bn=ten_year_equivalent_per_bn,
             **{f"loadings[{m!r}]": loadings.get(m, np.nan) for m in ("2y", "5y")})
    beltran = market_size_ratio(debt_bn, BELTRAN_SAMPLE)
    gagnon = market_size_ratio(debt_bn, GAGNON_SAMPLE)
    today = float(debt_bn.dropna().iloc[-1])
    k = float(ten_year_equivalent_per_bn)
    rows = []

    def row(estimate, published, maturity, ratio, use, note, mix=True):
        at_maturity = published / ratio
        per_10y = at_maturity / loadings[maturity] if maturity in loadings else at_maturity
        value = per_10y / k if mix else per_10y
        rows.append({"estimate": estimate, "published_bp_per_100bn": published, "maturity": maturity,
                     "market_size_ratio": ratio, "scaled_bp_per_100bn": at_maturity, "curve_loading":
                     loadings.get(maturity, 1.0), "per_100bn_10y_equivalents": value, "used_for": use, "note": note})

    low, mid, high = BELTRAN_SHORT_RUN_BP
    row("Beltran et al. (2013), short run, low", low, "5y", beltran, "short_run_impact low", "1994-mid-2010 sample")
    row("Beltran et al. (2013), short run, mid", mid, "5y", beltran, "short_run_impact central", "midpoint of 40-60bp")
    row("Ahmed & Rebucci (2022): twice Beltran's high", AHMED_REBUCCI_FACTOR * high, "5y", beltran,
        "short_run_impact high", "their estimates are about twice earlier ones; applied to Beltran's, same scaling")
    row("IMF WP 17/174, per pp of debt", IMF_BP_PER_PP_OF_DEBT * 1e4 / today, "2y", 1.0, "long_run_impact low",
        "2.0bp per pp of marketable debt; $100bn is 10,000/D_today pp today: scale-free, no ratio needed")
    row("Beltran et al. (2013), long run", BELTRAN_LONG_RUN_BP, "5y", beltran, "long_run_impact central",
        "after foreign private investors respond")
    row("Ahmed & Rebucci (2022): twice Beltran's long run", AHMED_REBUCCI_FACTOR * BELTRAN_LONG_RUN_BP, "5y",
        beltran, "long_run_impact high", "the same factor of two")
    for label, value in zip(("low", "high"), GAGNON_BP):
        row(f"Gagnon et al. (2011), {label}", value, "10y", gagnon, "not used (mostly MBS)",
            "LSAP1 was mostly agency MBS and agency debt; shown scaled for comparison", mix=False)
    return pd.DataFrame(rows).set_index("estimate")


# --- published estimates and judgement ---------------------------------------------------------------

# Parameters whose values do not come from the data snapshot. Price impacts and curve loadings are computed
# from the data (``data_parameters``) with the rule above.
LITERATURE: tuple[Parameter, ...] = (
    _p("impact_half_life_weeks", 4.3, 8.7, 26.0, "weeks",
       ("wright2011",),
       "Half-life of the decay from the short-run to the long-run impact. Central: Wright's two months for "
       "long-rate effects of monetary policy (8.7 weeks). Low one month, high six months: judgement.",
       illustrative=True),
    _p("safe_haven_demand_bn_global_risk_off", 46, 101, 335, "$bn of 10-year equivalents over the shock",
       ("weiss2022",),
       "A demand shift that comes with the shock, not with the sale. Low: foreign private purchases in July-"
       "September 2015 (+$46bn); central: foreign private purchases in September-November 2008 (+$101bn); "
       "high: foreign private and official together then (+$335bn). Face values used as 10-year equivalents "
       "(flight-to-quality buying leans to bills, so this overstates the duration bought): illustrative.",
       illustrative=True),
    _p("safe_haven_demand_bn_dash_for_cash", -143, -72, 0, "$bn of 10-year equivalents over the shock",
       ("weiss2022", "vissingjorgensen2021"),
       "A dash for cash: investors sell Treasuries for cash. Low: foreign private net sales March-May 2020 "
       "(-$143bn); high: none; central: half of it (judgement).", illustrative=True),
    _p("safe_haven_demand_bn_us_centred", -143, -50, 0, "$bn of 10-year equivalents over the shock",
       ("weiss2022", "shin2025"),
       "A flight from US assets: investors may sell Treasuries too, though in April 2025 foreign positions were "
       "largely kept and hedged (Shin et al.). Low: as much as foreign private investors sold in the March-May "
       "2020 dash for cash (-$143bn); high: none; central: judgement.", illustrative=True),
    _p("fed_trigger_bp", 50, 60, 100, "bp rise of the 10-year within 2 weeks (before purchases)",
       ("vissingjorgensen2021",),
       "A dysfunction trigger on the speed of the rise. +64bp in 7 trading days (9-18 March 2020) came with "
       "purchases; about +50bp in a week in April 2025 did not. Range: judgement.", illustrative=True),
    _p("fed_strength", 0.5, 1.0, 1.0, "share of the excess speed that purchases remove",
       (), "How hard the Fed leans once it acts. Judgement.", illustrative=True),
    _p("fed_max_pace_bn_per_week", 100, 250, 375, "$bn of purchases a week",
       ("vissingjorgensen2021", "duffie2020"),
       "March 2020: about $1tn in three weeks (about $330bn a week), up to about $75bn a day at the peak "
       "(high: five such days). Low and central: judgement.", illustrative=True),
    _p("inflation_tolerance_pp", 1, 2, 4, "percentage points of inflation above target",
       (), "The inflation gap at which the Fed's willingness to buy falls to zero (linearly). Judgement.",
       illustrative=True),
    _p("share_repricing_within_year", 0.25, 1 / 3, 0.40, "share of marketable debt repriced within a year",
       ("treasury_wam",),
       "About a third of the debt (bills and maturing coupons) rolls over within 12 months (approximate). "
       "Range: judgement. Used by the fiscal block.", illustrative=True),
    _p("wam_years", 5.5, 6.0, 6.5, "years (weighted average maturity)",
       ("treasury_wam",), "About 72 months (approximate). Range: judgement.", illustrative=True),
    _p("mortgage_pass_through", 0.3, 0.5, 1.0, "bp of mortgage rate per bp of 10-year yield",
       ("krishnamurthy2011", "gilchrist2015", "fuster2017"),
       "A Treasury-specific shock passes through less than fully: Krishnamurthy & Vissing-Jorgensen find "
       "Treasury-only purchases moved MBS yields far less than Treasuries (no coefficient retrieved: low and "
       "central are judgement). High: complete pass-through, which Gilchrist et al. measure for monetary-"
       "policy moves, not Treasury-specific ones.", illustrative=True),
    _p("mortgage_stress_spread_bp", 0, 25, 80, "bp widening of the mortgage-Treasury spread in stress",
       ("firstamerican2023",),
       "High: about 170bp (post-crisis average) against about 250bp in April 2025 - two regimes (the spread has "
       "been wide since 2022), so it overstates a stress widening. Central: judgement; compare like with "
       "like.", illustrative=True),
    _p("corporate_pass_through", 0.2, 0.4, 1.0, "bp of corporate yield per bp of 10-year yield",
       ("krishnamurthy2011", "gilchrist2015"),
       "As for mortgages: weak spill-over of Treasury-only shocks to Baa and corporate yields (Krishnamurthy & "
       "Vissing-Jorgensen); complete pass-through for policy moves (high). Low and central: judgement.",
       illustrative=True),
    _p("corporate_stress_spread_bp", 0, 25, 100, "bp widening of corporate spreads in stress",
       (), "No published estimate used here. Judgement.", illustrative=True),
    _p("dollar_elasticity_pct_per_100bn", 0.0, 0.25, 1.0, "% fall of the broad dollar per $100bn sold",
       (), "The sale effect on the dollar. No estimate in the book's sources: illustrative. Zero: the seller "
       "keeps the proceeds in dollars.", illustrative=True),
    _p("dollar_change_pct_us_centred", -10, -5.6, -2, "% change of the broad dollar over the shock (context)",
       ("nyfed_fx2025q2", "shin2025"),
       "Q2 2025: broad dollar -5.6% (central); H1 2025 about -10% (low). High: judgement. Context, not sale.",
       illustrative=True),
    _p("dollar_change_pct_global_risk_off", 0, 3, 8, "% change of the broad dollar over the shock (context)",
       ("jiang2021",),
       "In a global risk-off the dollar usually rises with demand for Treasuries (sign from Jiang et al.); "
       "sizes: judgement.", illustrative=True),
    _p("convenience_yield_loss_bp", 0, 20, 73, "bp added to the term premium in a US-centred shock (context)",
       ("du2018", "krishnamurthy2012"),
       "Du, Im & Schreger's 5-year Treasury premium averaged about 21bp before the crisis but -8bp after it, so "
       "a loss from today's level needs its own argument: the central 20bp is illustrative. High: Krishnamurthy "
       "& Vissing-Jorgensen's 1926-2008 average convenience yield (73bp), an upper bound.", illustrative=True),
    _p("deficit_bn_per_year", 2180, 2180, 2180, "$bn a year (baseline deficit, constant)",
       ("cbo_econ_sensitivity2025",),
       "CBO's baseline: cumulative deficits of $21.8tn over 2026-2035, an average of $2.18tn a year. The debt in "
       "the fiscal block grows with it."),
    _p("fed_bills_bn", 234, 234, 234, "$bn (the Fed's Treasury bills, 24 December 2025)",
       ("frb_h41",), "H.4.1 via the calibration sheet (the data snapshot has no bills column): for the Fed's share "
       "of each rung of the ladder (``fiscal.fed_share_by_maturity``)."),
    _p("equity_duration_years", 15, 25, 40, "years (sensitivity of equity value to the discount rate)",
       (), "Equity value falls by about duration x the rise in the discount rate. Judgement.", illustrative=True),
)

#: Coherent named sets: the level of each parameter in a benign and in a stress market (others: central).
#: Benign: a deep market that absorbs quickly, a global flight to quality, little spill-over.
#: Stress: a March-2020-like dash for cash: thin market, slow absorption, investors selling too, spreads
#: widening, a weak dollar. The Fed's parameters stay central: whether it acts is a scenario's choice.
NAMED_SETS: dict[str, dict[str, str]] = {
    "benign": {"short_run_impact_bp_per_100bn": "low", "long_run_impact_bp_per_100bn": "low",
               "impact_half_life_weeks": "low", "safe_haven_demand_bn_global_risk_off": "high",
               "safe_haven_demand_bn_us_centred": "high", "safe_haven_demand_bn_dash_for_cash": "high",
               "mortgage_pass_through": "low",
               "corporate_pass_through": "low", "mortgage_stress_spread_bp": "low", "corporate_stress_spread_bp": "low",
               "dollar_elasticity_pct_per_100bn": "low", "dollar_change_pct_us_centred": "high",
               "convenience_yield_loss_bp": "low"},
    "stress": {"short_run_impact_bp_per_100bn": "high", "long_run_impact_bp_per_100bn": "high",
               "impact_half_life_weeks": "high", "safe_haven_demand_bn_global_risk_off": "low",
               "safe_haven_demand_bn_us_centred": "low", "safe_haven_demand_bn_dash_for_cash": "low",
               "mortgage_pass_through": "high",
               "corporate_pass_through": "high", "mortgage_stress_spread_bp": "high", "corporate_stress_spread_bp": "high",
               "dollar_elasticity_pct_per_100bn": "high", "dollar_change_pct_us_centred": "low",
               "convenience_yield_loss_bp": "high"},
}


def today_yields_pct(data_dir=None) -> pd.Series:
    """Yields by maturity (percent): the average over the last complete month of the daily data."""
    from selloff.data import load

    daily = load("treasury_yields_daily", data_dir).join(load("treasury_yields_daily_extra", data_dir), how="outer")
    columns = [curve.DAILY_COLUMNS[m] for m in curve.MATURITY_LABELS]
    daily = daily[columns].dropna()
    last = daily.index[-1]
    month = last.to_period("M")
    if (last + pd.offsets.BDay(1)).month == last.month:  # the last month is incomplete: take the one before
        month = month - 1
    out = daily.loc[str(month)].mean()
    out.name = str(month)
    return out.set_axis(list(curve.MATURITY_LABELS))


#: The dash for cash: the dollar over the same window as the curve's March 2020 loading (``curve.LOADING_WINDOWS``).
DASH_FOR_CASH_WINDOW: tuple[str, str] = curve.LOADING_WINDOWS["march_2020"][:2]


def dash_for_cash_dollar_pct(broad_dollar_index: pd.Series) -> dict[str, float]:
    """The broad dollar's change (%) in the March 2020 dash for cash, from the daily index: over
    ``DASH_FOR_CASH_WINDOW`` (``"window"``) and from the window's first day to the index's March 2020 high
    (``"to_peak"``). The first value on or after the start date is the base."""
    index = broad_dollar_index.dropna()
    start, end = DASH_FOR_CASH_WINDOW
    base = index.loc[start:].iloc[0]
    return {"window": float(100 * (index.loc[:end].iloc[-1] / base - 1)),
            "to_peak": float(100 * (index.loc[start:"2020-03-31"].max() / base - 1))}


def data_parameters(data_dir=None) -> tuple[Parameter, ...]:
    """Parameters from the data snapshot: the debt, today's interest bill, yields, the reserve rate, curve
    loadings (``curve.term_premium_loadings``) and the price impacts (``impact_scaling``)."""
    from selloff.data import load

    debt = load("federal_debt_holders", data_dir)["debt_held_by_public_bn"].dropna()
    interest = load("federal_interest_payments", data_dir)["federal_interest_payments_saar_bn"].dropna()
    rates = load("policy_rates_daily", data_dir)["iorb"].dropna()
    fed = load("fed_treasury_holdings", data_dir).loc["2025-12", "fed_treasuries_bn"]
    daily = load("treasury_yields_daily", data_dir).join(load("treasury_yields_daily_extra", data_dir), how="outer")
    now = today_yields_pct(data_dir)
    loadings = curve.loading_range(curve.term_premium_loadings(daily))
    k = float(curve.ten_year_equivalent_per_bn(curve.FOREIGN_OFFICIAL_MIX, now.to_numpy()))
    scaling = impact_scaling(debt, loadings["central"].to_dict(), k)["per_100bn_10y_equivalents"]
    sr = scaling.iloc[0:3].to_numpy()
    lr = scaling.iloc[3:6].to_numpy()
    months = f"{now.name} average"
    dash = dash_for_cash_dollar_pct(load("dollar_and_fx_daily", data_dir)["dtwexbgs"])
    out = [
        _p("dollar_change_pct_dash_for_cash", 0.0, dash["window"], max(dash["window"], dash["to_peak"]),
           "% change of the broad dollar over the shock (context)", ("frb_h10",),
           f"The dollar rose in the March 2020 dash for cash (daily broad index, H.10). Central: "
           f"{DASH_FOR_CASH_WINDOW[0]} to {DASH_FOR_CASH_WINDOW[1]} ({dash['window']:+.1f}%); high: from the "
           f"window's start to the March 2020 peak ({dash['to_peak']:+.1f}%); low: no move (judgement)."),
        _p("short_run_impact_bp_per_100bn", *sr, "bp on the 10-year per $100bn of 10-year equivalents, week of sale",
           ("beltran2013", "ahmed2022"),
           "Beltran et al.'s 40 (low) and 50 (central) bp per $100bn in a month, and twice their 60bp after Ahmed "
           "& Rebucci (high), each scaled by impact_scaling (market size, 5-year to 10-year, 10-year equivalents). "
           "Applied to a week's sale; a sale spread over four weeks moves the yield by about 0.9 of it by the "
           "month's end (the impact decays while the month goes on)."),
        _p("long_run_impact_bp_per_100bn", *lr, "bp on the 10-year per $100bn of 10-year equivalents held",
           ("imf2017uphill", "beltran2013", "ahmed2022"),
           "Low: the IMF's 2.0bp per percentage point of debt; central: Beltran et al.'s long-run 20bp; high: "
           "twice that (Ahmed & Rebucci); each scaled by impact_scaling."),
        _p("debt_held_by_public_bn", debt.iloc[-1], debt.iloc[-1], debt.iloc[-1], f"$bn, {debt.index[-1]}",
           ("treasury_debt",), "Federal debt held by the public (FYGFDPUN), latest quarter."),
        _p("interest_payments_bn", interest.iloc[-1], interest.iloc[-1], interest.iloc[-1],
           f"$bn a year (SAAR), {interest.index[-1]}", ("bea_nipa32",),
           "Federal interest payments, national-accounts (NIPA) basis, latest quarter. It includes interest paid "
           "to the Fed and imputed interest on federal pension liabilities: not the Treasury's net interest."),
        _p("reserve_rate_pct", rates.iloc[-1], rates.iloc[-1], rates.iloc[-1], f"percent, {rates.index[-1].date()}",
           ("frb_h15",), "Interest rate on reserve balances (IORB), latest day: what the Fed pays on reserves."),
        _p("fed_treasuries_bn", fed, fed, fed, "$bn, December 2025 (as the bills figure)", ("frb_h41",),
           "The Fed's Treasury holdings (H.4.1), month of the bills figure."),
    ]
    for label, value in now.items():
        out.append(_p(f"yield_{label}_pct", value, value, value, f"percent, {months}", ("frb_h15",),
                      f"{label} Treasury yield before the shock (constant maturity)."))
    for label in ("2y", "5y", "30y"):
        row = loadings.loc[label]
        out.append(_p(f"tp_loading_{label}", row["low"], row["central"], row["high"],
                      "bp at this maturity per bp of the 10-year term premium",
                      ("frb_h15", "vissingjorgensen2021"),
                      f"{label} yield change / 10-year change in {', '.join(curve.LOADING_WINDOWS)} (daily H.15); "
                      "lowest, mean, highest. Also holds news about the policy path: judgement remains."))
    return tuple(out)


def default_calibration(data_dir=None) -> Calibration:
    """The book's calibration: the published estimates above plus the values computed from the data."""
    return Calibration(LITERATURE + data_parameters(data_dir))
