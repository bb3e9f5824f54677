"""A scenario: who sells how much over how many months, the kind of shock and the Fed's stance.

``simulate`` composes the blocks month by month (market absorption, safe-haven demand, the Fed, the
fiscal cost, transmission and the sellers' losses). Every month the accounting identity holds:

    sales = safe-haven purchases + Fed purchases + private absorption.

Parameters are a mapping name → value (``Calibration.at``) or name → array of draws
(``Calibration.draw``): the same code gives one path, or one path per draw (fan charts).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from selloff import fed as fed_block
from selloff import fiscal, market, safe_haven, sellers, transmission
from selloff._checks import share
from selloff.calibration import Calibration, Level, Values

FedStance = Literal["none", "reactive"]
FED_STANCES: tuple[FedStance, ...] = ("none", "reactive")
OUTPUTS = ("sales_bn", "safe_haven_bn", "fed_bn", "private_bn", "yield_change_bp", "reserves_bn",
           "qe_cost_bn_per_year", "extra_interest_bn_per_year", "mortgage_rate_change_bp",
           "corporate_rate_change_bp", "dollar_change_pct", "equity_value_change_pct",
           "sellers_mark_to_market_loss_bn", "sellers_selling_cost_bn", "sellers_fx_loss_bn", "sellers_loss_bn")


@dataclass(frozen=True)
class Scenario:
    """Who sells ($bn in total, by seller), over how many months, in what kind of shock.

    ``holdings_bn`` are the sellers' holdings before the sale (for their losses); by default each
    seller holds exactly what it sells. ``stress`` (0 to 1) widens private spreads; by default it is the
    intensity of a US-centred or global shock, and 0 when there is none.
    """

    name: str
    sales_bn: Mapping[str, float]
    months: int
    shock: str = "none"
    intensity: float = 1.0
    fed: str = "reactive"
    inflation_gap_pp: float = 0.0
    horizon_months: int = 24
    holdings_bn: Mapping[str, float] | None = None
    stress: float | None = None
    note: str = ""

    def __post_init__(self) -> None:
        if not self.sales_bn:
            raise ValueError("sales_bn is empty: name at least one seller (use 0 for a sale of nothing)")
        for seller, amount in self.sales_bn.items():
            if not np.isfinite(amount) or amount < 0:
                raise ValueError(f"sales_bn[{seller!r}] must be a non-negative amount in $bn, got {amount!r}")
        if not isinstance(self.months, (int, np.integer)) or self.months < 1:
            raise ValueError(f"months must be a whole number of months >= 1, got {self.months!r}")
        if not isinstance(self.horizon_months, (int, np.integer)) or self.horizon_months < 1:
            raise ValueError(f"horizon_months must be >= 1, got {self.horizon_months!r}")
        if self.months > self.horizon_months:
            raise ValueError(f"months ({self.months}) must not exceed horizon_months ({self.horizon_months})")
        safe_haven.check_shock_kind(self.shock)
        share(intensity=self.intensity)
        if self.fed not in FED_STANCES:
            raise ValueError(f"fed must be one of {FED_STANCES}, got {self.fed!r}")
        if not np.isfinite(self.inflation_gap_pp):
            raise ValueError(f"inflation_gap_pp must be a number, got {self.inflation_gap_pp!r}")
        if self.stress is not None:
            share(stress=self.stress)
        if self.holdings_bn is not None:
            for seller, amount in self.sales_bn.items():
                held = self.holdings_bn.get(seller)
                if held is None or not np.isfinite(held) or held < 0:
                    raise ValueError(f"holdings_bn[{seller!r}] must be given and non-negative, got {held!r}")
                if amount > held + 1e-9:
                    raise ValueError(f"{seller!r} cannot sell {amount}bn out of holdings of {held}bn")

    @property
    def total_sales_bn(self) -> float:
        return float(sum(self.sales_bn.values()))

    @property
    def total_holdings_bn(self) -> float:
        return float(sum((self.holdings_bn or self.sales_bn)[s] for s in self.sales_bn))

    def sales_path_bn(self) -> np.ndarray:
        """Monthly sales ($bn): the total spread evenly over ``months``, then nothing to the horizon."""
        path = np.zeros(self.horizon_months)
        path[: self.months] = self.total_sales_bn / self.months
        return path

    @property
    def effective_stress(self) -> float:
        if self.stress is not None:
            return float(self.stress)
        return 0.0 if self.shock == "none" else float(self.intensity)

    @classmethod
    def from_holders(cls, name: str, shares: Mapping[str, float], months: int, *, month: str = "2025-12",
                     data_dir=None, **kwargs) -> "Scenario":
        """Sellers named by TIC line (e.g. ``"japan"``, ``"memo_foreign_official_total"``) sell a share
        (0 to 1) of what they held at the end of ``month``."""
        from selloff.data import load

        tic = load("tic_major_foreign_holders", data_dir)
        unknown = [s for s in shares if s not in tic.columns]
        if unknown:
            raise ValueError(f"holders not in the TIC data: {unknown}")
        if pd.Period(month, "M") not in tic.index:
            raise ValueError(f"month {month!r} is not in the TIC data ({tic.index[0]} to {tic.index[-1]})")
        held = tic.loc[month, list(shares)].fillna(0.0)
        for seller, s in shares.items():
            share(**{f"shares[{seller!r}]": s})
        return cls(name=name, sales_bn={s: float(held[s] * shares[s]) for s in shares}, months=months,
                   holdings_bn={s: float(held[s]) for s in shares}, **kwargs)


def simulate(scenario: Scenario, params: Values) -> dict[str, np.ndarray]:
    """Every output of the model, month by month: arrays of shape (horizon,) or (draws, horizon)."""
    p = {k: np.asarray(v, dtype=float) for k, v in params.items()}
    sr, lr = p["short_run_impact_bp_per_100bn"], p["long_run_impact_bp_per_100bn"]
    if np.any(lr > sr):
        raise ValueError("long_run_impact_bp_per_100bn must not exceed short_run_impact_bp_per_100bn")
    draws = np.broadcast_shapes(*(v.shape for v in p.values()))
    horizon, months = scenario.horizon_months, scenario.months
    sales = np.broadcast_to(scenario.sales_path_bn(), draws + (horizon,))
    offset = safe_haven.safe_haven_offset(scenario.shock, p, scenario.intensity)
    haven = safe_haven.safe_haven_purchases_bn(sales, np.broadcast_to(offset, draws))
    delta = market.decay_per_month(p["impact_half_life_months"])
    phase_in = np.minimum(np.arange(1, horizon + 1) / months, 1.0)
    convenience = (scenario.intensity * p["convenience_yield_loss_bp"] if scenario.shock == "us_centred"
                   else np.zeros(draws))[..., None] * phase_in
    strength = (fed_block.willingness(p["fed_strength"], scenario.inflation_gap_pp, p["inflation_tolerance_pp"])
                if scenario.fed == "reactive" else np.zeros(draws))

    permanent, transitory = np.zeros(draws), np.zeros(draws)
    fed_buys, private, dy = (np.zeros(draws + (horizon,)) for _ in range(3))
    for t in range(horizon):
        supply = sales[..., t] - haven[..., t]
        before = market.yield_from_state_bp(permanent + supply, delta * transitory + supply, sr, lr) + convenience[..., t]
        fed_buys[..., t] = fed_block.fed_purchases_bn(before, p["fed_threshold_bp"], strength,
                                                      p["fed_max_pace_bn_per_month"], sr)
        private[..., t] = supply - fed_buys[..., t]
        permanent = permanent + private[..., t]
        transitory = delta * transitory + private[..., t]
        dy[..., t] = market.yield_from_state_bp(permanent, transitory, sr, lr) + convenience[..., t]

    reserves = np.cumsum(fed_buys, axis=-1)
    bond_yield_pct = p["ten_year_yield_pct"][..., None] + dy / 100.0
    qe_cost = np.cumsum(fed_buys * (p["policy_rate_pct"][..., None] - bond_yield_pct), axis=-1) / 100.0
    extra_interest = fiscal.extra_interest_bn_per_year(dy, p["debt_held_by_public_bn"],
                                                       p["share_repricing_within_year"], p["wam_years"])
    stress = scenario.effective_stress * phase_in * (np.arange(horizon) < months)
    dollar = transmission.dollar_change_pct(scenario.shock, p, scenario.intensity)[..., None] * phase_in
    retained = scenario.total_holdings_bn - np.cumsum(sales, axis=-1)
    mtm = sellers.mark_to_market_loss_bn(np.maximum(retained, 0.0), p["holder_duration_years"][..., None], dy)
    selling = sellers.selling_cost_bn(sales, p["holder_duration_years"], dy)
    fx = sellers.fx_loss_bn(np.maximum(retained, 0.0), dollar)
    return {
        "sales_bn": np.array(sales), "safe_haven_bn": haven, "fed_bn": fed_buys, "private_bn": private,
        "yield_change_bp": dy, "reserves_bn": reserves, "qe_cost_bn_per_year": qe_cost,
        "extra_interest_bn_per_year": extra_interest,
        "mortgage_rate_change_bp": transmission.borrowing_rate_change_bp(
            dy, p["mortgage_pass_through"], p["mortgage_stress_spread_bp"], stress),
        "corporate_rate_change_bp": transmission.borrowing_rate_change_bp(
            dy, p["corporate_pass_through"], p["corporate_stress_spread_bp"], stress),
        "dollar_change_pct": np.broadcast_to(dollar, draws + (horizon,)).copy(),
        "equity_value_change_pct": transmission.equity_value_change_pct(dy, p["equity_duration_years"]),
        "sellers_mark_to_market_loss_bn": mtm, "sellers_selling_cost_bn": selling, "sellers_fx_loss_bn": fx,
        "sellers_loss_bn": mtm + selling + fx,
    }


def _params(calibration: Calibration | Values | None, level: Level) -> Values:
    if calibration is None:
        from selloff.calibration import default_calibration

        calibration = default_calibration()
    return calibration.at(level) if isinstance(calibration, Calibration) else calibration


def run(scenario: Scenario, calibration: Calibration | Values | None = None, level: Level = "central",
        **overrides: float) -> pd.DataFrame:
    """One path, as a tidy monthly table (index: month 1 … horizon; one column per output)."""
    params = dict(_params(calibration, level))
    params.update(overrides)
    out = simulate(scenario, params)
    frame = pd.DataFrame({k: out[k] for k in OUTPUTS}, index=pd.RangeIndex(1, scenario.horizon_months + 1, name="month"))
    frame.attrs["scenario"] = scenario.name
    return frame


def run_draws(scenario: Scenario, calibration: Calibration, n: int = 1000,
              rng: np.random.Generator | int | None = 0) -> dict[str, np.ndarray]:
    """``n`` calibration draws in one vectorised call: each output as an array (n, horizon)."""
    return simulate(scenario, calibration.draw(n, rng))


def bands(draws: Mapping[str, np.ndarray], output: str, quantiles=(0.05, 0.25, 0.5, 0.75, 0.95)) -> pd.DataFrame:
    """Quantiles of one output across draws, by month (columns: the quantiles)."""
    if output not in draws:
        raise ValueError(f"unknown output {output!r}; outputs: {sorted(draws)}")
    q = np.quantile(draws[output], quantiles, axis=0)
    return pd.DataFrame(q.T, columns=list(quantiles), index=pd.RangeIndex(1, q.shape[1] + 1, name="month"))


def sensitivity(scenario: Scenario, calibration: Calibration,
                summary: Callable[[Mapping[str, np.ndarray]], float]) -> pd.DataFrame:
    """A tornado: ``summary(outputs)`` with each parameter at its low and its high value, all others central.

    Sorted by swing (|high − low|), largest first; parameters with a single value are left out."""
    central = calibration.at("central")
    base = float(summary(simulate(scenario, central)))
    rows = []
    for p in calibration.parameters:
        if p.low == p.high:
            continue
        lo = float(summary(simulate(scenario, {**central, p.name: p.low})))
        hi = float(summary(simulate(scenario, {**central, p.name: p.high})))
        rows.append({"parameter": p.name, "at_low": lo, "at_high": hi, "central": base, "swing": abs(hi - lo),
                     "illustrative": p.illustrative})
    return pd.DataFrame(rows).set_index("parameter").sort_values("swing", ascending=False)


def peak_yield_change_bp(outputs: Mapping[str, np.ndarray]) -> np.ndarray:
    """The largest yield rise over the horizon (bp), per draw."""
    return outputs["yield_change_bp"].max(axis=-1)


def sale_for_yield_rise_bn(target_bp: float, months: int, params: Values, *, shock: str = "none",
                           intensity: float = 1.0, fed: str = "none", horizon_months: int = 24,
                           max_sale_bn: float = 100_000.0, tol_bn: float = 0.1) -> float:
    """The smallest total sale S ($bn, spread evenly over ``months``) whose peak yield rise reaches ``target_bp``.

    Solves max_t Δy_t(S) = ``target_bp`` (bp, 10-year yield) by bisection on S in [0, ``max_sale_bn``],
    running :func:`simulate` with one value per parameter (e.g. ``Calibration.at("low")``). In the model the
    peak never falls as the sale grows (it is linear in S when neither the Fed nor anything else binds), so
    the answer is unique; it is accurate to ``tol_bn``. Returns ``inf`` when even ``max_sale_bn`` does not
    reach the target (for instance, a Fed that caps the rise below it).
    """
    if not np.isfinite(target_bp) or target_bp <= 0:
        raise ValueError(f"target_bp must be a positive number of basis points, got {target_bp!r}")
    if not np.isfinite(max_sale_bn) or max_sale_bn <= 0:
        raise ValueError(f"max_sale_bn must be a positive amount in $bn, got {max_sale_bn!r}")
    if not np.isfinite(tol_bn) or tol_bn <= 0:
        raise ValueError(f"tol_bn must be a positive amount in $bn, got {tol_bn!r}")
    not_scalar = [k for k, v in params.items() if np.ndim(v) != 0]
    if not_scalar:
        raise ValueError(f"params must hold one value per parameter (Calibration.at), not draws: {not_scalar}")

    def peak(total_bn: float) -> float:
        scen = Scenario("sale_for_yield_rise", {"seller": total_bn}, months=months, shock=shock,
                        intensity=intensity, fed=fed, horizon_months=horizon_months)
        return float(peak_yield_change_bp(simulate(scen, params)))

    lo, hi = 0.0, float(max_sale_bn)
    if peak(hi) < target_bp:
        return float("inf")
    while hi - lo > tol_bn:
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if peak(mid) < target_bp else (lo, mid)
    return hi


def presets(data_dir=None) -> dict[str, Scenario]:
    """Named scenarios used across the book (holdings from the TIC data, December 2025)."""
    from selloff.holders import EU_MEMBERS

    return {
        "eu_quarter": Scenario.from_holders(
            "EU-located holders sell 25% over 6 months", {m: 0.25 for m in EU_MEMBERS},
            months=6, data_dir=data_dir, shock="none",
            note="Every EU member listed in TIC sells a quarter of its December 2025 holdings."),
        "official_1tn": Scenario(
            "Foreign official holders sell $1tn over a year", {"memo_foreign_official_total": 1000.0}, months=12,
            shock="none", note="A round $1tn, about a quarter of foreign official holdings."),
        "china_exit": Scenario.from_holders(
            "China sells all its Treasuries over 2 years", {"china_mainland": 1.0}, months=24, data_dir=data_dir,
            shock="none"),
        "march_2020": Scenario(
            "March 2020 replay: foreign sales in a dash for cash", {"foreign official and private": 386.6}, months=3,
            shock="us_centred", intensity=1.0,
            note="Foreign net sales March-May 2020: official $243.5bn, private $143.1bn (Weiss 2022)."),
        "april_2025": Scenario(
            "April 2025 replay: a US-centred shock", {"foreign holders (illustrative)": 100.0}, months=1,
            shock="us_centred", intensity=1.0,
            note="Illustrative: no published figure for foreign sales in April 2025 is used; $100bn in one month."),
    }
