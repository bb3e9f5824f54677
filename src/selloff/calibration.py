"""The model's parameters: low / central / high values, units and sources.

Every parameter names its sources by bibliography key (``references.bib``). Where no published estimate
pins a value or its range down, ``illustrative`` is True and the note says what is judgement. Values
that come from the data snapshot (the size of the debt, today's interest bill and yields) have a single
value and name the data source.

``Calibration.at("central")`` gives one value per parameter; ``Calibration.draw(n, rng)`` gives ``n``
draws per parameter from a triangular distribution between low and high with its mode at the central
value, for uncertainty bands.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

Level = Literal["low", "central", "high"]
LEVELS: tuple[Level, ...] = ("low", "central", "high")
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
        if level not in LEVELS:
            raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
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
        """One value per parameter at ``level``, with ``overrides`` (name=value) applied."""
        values = {p.name: p.value(level) for p in self.parameters}
        for name, value in overrides.items():
            self[name]  # raises for an unknown name
            values[name] = float(value)
        return values

    def draw(self, n: int, rng: np.random.Generator | int | None = None) -> dict[str, np.ndarray]:
        """``n`` draws of every parameter: triangular(low, central, high), independent across parameters,
        except that a draw of the first parameter of an ``ORDERED_PAIRS`` pair above the second is set
        equal to it (a long-run price impact larger than the short-run one would mean the impact grows)."""
        if not isinstance(n, (int, np.integer)) or n < 1:
            raise ValueError(f"n must be a positive integer, got {n!r}")
        rng = np.random.default_rng(rng)
        out: dict[str, np.ndarray] = {}
        for p in self.parameters:
            if p.low == p.high:
                out[p.name] = np.full(n, p.central)
            else:
                out[p.name] = rng.triangular(p.low, p.central, p.high, size=n)
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


# Published estimates and the book's judgement calls (see the Model reference appendix).
LITERATURE: tuple[Parameter, ...] = (
    _p("short_run_impact_bp_per_100bn", 5, 15, 60, "bp per $100bn absorbed within a month",
       ("beltran2013", "ahmed2022"),
       "Beltran et al.: a $100bn cut in foreign official inflows in one month raises the 5-year yield by "
       "40-60bp in the short run (high). Central: that figure scaled down for a market 3-4 times larger "
       "(the book's calculation). Low: judgement. Ahmed & Rebucci find over 100bp on impact (a stress case "
       "beyond the range)."),
    _p("long_run_impact_bp_per_100bn", 1, 3, 6, "bp per $100bn of supply held permanently",
       ("gagnon2011", "laubach2009", "imf2017uphill"),
       "Gagnon et al.'s LSAP effects imply about 2.9-5.7bp per $100bn (the book's calculation); Laubach's "
       "3-4bp per percentage point of debt/GDP and the IMF's 1.5-1.8bp per $100bn are at the low end."),
    _p("impact_half_life_months", 1, 2, 6, "months",
       ("wright2011",),
       "Half-life of the decay from the short-run to the long-run impact. Central: Wright's estimate for "
       "long-rate effects of monetary policy. Range: judgement.", illustrative=True),
    _p("safe_haven_offset_global_risk_off", 0.29, 0.5, 1.0, "share of foreign sales bought by private investors",
       ("weiss2022",),
       "Low: 2015, foreign private +$46bn against official -$159bn (the book's calculation). High: autumn "
       "2008, when foreign private and official investors both bought. Central: the book's baseline."),
    _p("safe_haven_offset_us_centred", -0.25, 0.0, 0.25, "share of foreign sales bought by private investors",
       ("vissingjorgensen2021", "ecb_fsr2025"),
       "In March 2020 and April 2025 yields rose in the turmoil: no offset, and possibly private selling "
       "too (negative values). Range: judgement.", illustrative=True),
    _p("fed_threshold_bp", 50, 60, 100, "bp rise of the 10-year yield",
       ("vissingjorgensen2021",),
       "+64bp (9-18 March 2020) came with Fed purchases; about +50bp in April 2025 did not. Range: judgement.",
       illustrative=True),
    _p("fed_strength", 0.5, 1.0, 1.0, "share of the rise above the threshold that purchases remove",
       (), "How hard the Fed leans once it acts: 1 caps the rise at the threshold. Judgement.", illustrative=True),
    _p("fed_max_pace_bn_per_month", 100, 500, 1500, "$bn of purchases per month",
       ("vissingjorgensen2021", "duffie2020"),
       "March 2020: about $1tn in three weeks, up to about $75bn a day at the peak (high, approximate). "
       "Central and low: judgement.", illustrative=True),
    _p("inflation_tolerance_pp", 1, 2, 4, "percentage points of inflation above target",
       (), "The inflation gap at which the Fed's willingness to buy falls to zero (linearly). Judgement.",
       illustrative=True),
    _p("holder_duration_years", 4.7, 5.5, 6.5, "years (modified duration of foreign holdings)",
       ("swissreserves",),
       "Low: the Swiss National Bank's reserves (approximate). Central and high: judgement; a holder loses "
       "about duration x 1% of value per +100bp.", illustrative=True),
    _p("share_repricing_within_year", 0.25, 1 / 3, 0.40, "share of marketable debt repriced within a year",
       ("treasury_wam",),
       "About a third of the debt (bills and maturing coupons) rolls over within 12 months (approximate). "
       "Range: judgement.", illustrative=True),
    _p("wam_years", 5.5, 6.0, 6.5, "years (weighted average maturity)",
       ("treasury_wam",), "About 72 months (approximate). Range: judgement.", illustrative=True),
    _p("mortgage_pass_through", 0.8, 1.0, 1.0, "bp of mortgage rate per bp of 10-year yield",
       ("gilchrist2015", "fuster2017"),
       "Complete pass-through of Treasury moves to comparable private yields (Gilchrist et al.); mortgage "
       "rates follow about 80% of MBS yield rises day to day (Fuster et al., low)."),
    _p("mortgage_stress_spread_bp", 0, 50, 80, "bp widening of the mortgage-Treasury spread in stress",
       ("firstamerican2023",),
       "The 30-year mortgage rate has averaged about 170bp over the 10-year since the financial crisis and "
       "was about 250bp above it in April 2025 (approximate)."),
    _p("corporate_pass_through", 0.8, 1.0, 1.0, "bp of corporate yield per bp of 10-year yield",
       ("gilchrist2015",), "Complete pass-through (central, high); low: judgement.", illustrative=True),
    _p("corporate_stress_spread_bp", 0, 25, 100, "bp widening of corporate spreads in stress",
       (), "No published estimate used here. Judgement.", illustrative=True),
    _p("dollar_change_pct_us_centred", -10, -5.6, -2, "% change of the broad dollar over the episode",
       ("nyfed_fx2025q2", "shin2025"),
       "Q2 2025: broad dollar -5.6% (central); H1 2025 about -10% (low). High: judgement.", illustrative=True),
    _p("dollar_change_pct_global_risk_off", 0, 3, 8, "% change of the broad dollar over the episode",
       ("jiang2021",),
       "In global risk-off the dollar usually rises with demand for Treasuries (sign from Jiang et al.); "
       "sizes: judgement.", illustrative=True),
    _p("convenience_yield_loss_bp", 0, 20, 73, "bp added to yields if Treasuries lose safe-asset status",
       ("du2018", "krishnamurthy2012"),
       "Applied in a US-centred shock only. Central: Du, Im & Schreger's pre-crisis Treasury premium (about "
       "21bp); high: Krishnamurthy & Vissing-Jorgensen's 1926-2008 average convenience yield (73bp)."),
    _p("equity_duration_years", 15, 25, 40, "years (sensitivity of equity value to the discount rate)",
       (), "Equity value falls by about duration x the rise in the discount rate. Judgement.", illustrative=True),
)


def data_parameters(data_dir=None) -> tuple[Parameter, ...]:
    """Parameters taken from the data snapshot: the debt, today's interest bill, yields."""
    from selloff.data import load

    debt = load("federal_debt_holders", data_dir)["debt_held_by_public_bn"].dropna()
    interest = load("federal_interest_payments", data_dir)["federal_interest_payments_saar_bn"].dropna()
    yields = load("treasury_yields_monthly", data_dir)
    ten, three = yields["dgs10_avg"].dropna(), yields["dgs3mo_avg"].dropna()
    return (
        _p("debt_held_by_public_bn", debt.iloc[-1], debt.iloc[-1], debt.iloc[-1], f"$bn, {debt.index[-1]}",
           ("treasury_debt",), "Federal debt held by the public (FYGFDPUN), latest quarter."),
        _p("interest_payments_bn", interest.iloc[-1], interest.iloc[-1], interest.iloc[-1],
           f"$bn a year (SAAR), {interest.index[-1]}", ("bea_nipa32",),
           "Federal interest payments, national accounts basis, latest quarter."),
        _p("ten_year_yield_pct", ten.iloc[-1], ten.iloc[-1], ten.iloc[-1], f"percent, {ten.index[-1]} average",
           ("frb_h15",), "10-year Treasury yield before the shock."),
        _p("policy_rate_pct", three.iloc[-1], three.iloc[-1], three.iloc[-1], f"percent, {three.index[-1]} average",
           ("frb_h15",), "3-month Treasury yield, standing in for the rate the Fed pays on reserves."),
    )


def default_calibration(data_dir=None) -> Calibration:
    """The book's calibration: the published estimates above plus today's values from the data."""
    return Calibration(LITERATURE + data_parameters(data_dir))
