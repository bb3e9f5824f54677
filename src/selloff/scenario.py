"""A scenario: who sells how much, of what maturities, over how many weeks, in what context, with what Fed.

**Time.** The model steps week by week (52 weeks a year); ``aggregate`` gives monthly and annual views
(flows summed, stocks at the period's end, rates and yield changes averaged). A scenario may be given in
``weeks`` or, for convenience, in ``months`` (converted to round(months × 52 / 12) weeks).

**The blocks, each week** (``simulate``):

1. the sale, in face value ($bn) and in 10-year equivalents (``curve``: duration-weighted by its maturity mix);
2. safe-haven demand, a shift that comes with the shock (``safe_haven``), can exceed the sale and can be negative;
3. the Fed, **off unless** ``fed="backstop"``: it buys when the 10-year rises too fast (``fed``);
4. private investors absorb the rest; the 10-year term premium moves (``market``), plus the convenience-yield
   loss of a US-centred shock; the curve follows with its loadings, the 3-month follows the policy rate;
5. the fiscal cost on the maturity ladder, gross and net of the Fed's remittances (``fiscal``);
6. the dollar (sale effect + context), private borrowing rates, equities, the sellers' three losses.

Every week the accounting identity holds, in $bn of 10-year equivalents:

    sales_10y_eq = safe-haven demand + Fed purchases + private absorption.

**Sale versus context** (``decompose``): the *sale effect* is outcome(sale, context) − outcome(no sale, same
context); the *context effect* is outcome(no sale, context) − outcome(nothing: no sale, no shock, no Fed,
no policy change). The context is the kind and intensity of the shock (safe-haven demand, the
convenience-yield loss, the dollar's context move), the policy-rate path and the Fed's stance. A zero sale
has a zero sale effect, exactly.

Parameters are a mapping name → value (``Calibration.at``) or name → array of draws (``Calibration.draw``):
the same code gives one path, or one path per draw (fan charts). ``run`` refuses unknown (misspelt) overrides.

**Quick use** (for chapter writers)::

    import dataclasses
    from selloff import curve, scenario as sc
    from selloff.calibration import default_calibration

    cal = default_calibration()
    sale = sc.Scenario("$1tn over a year", {"foreign official": 1000.0}, weeks=52)   # Fed off, no shock
    weekly = sc.run(sale, cal)                     # one row per week; cal.at("stress") etc. via level=
    monthly = sc.run(sale, cal, freq="month")      # or freq="year"
    with_fed = sc.run(dataclasses.replace(sale, fed="backstop", shock="us_centred"), cal)
    parts = sc.decompose(sale, cal.at("central"))  # parts["sale"], parts["context"], parts["total"]
    draws = sc.run_draws(sale, cal, n=1000, outputs=["yield_change_bp"])   # fan charts: sc.bands(draws, ...)
    bills = dataclasses.replace(sale, mix=curve.BILLS_ONLY)                 # a bill-only sale

Outputs (``OUTPUTS``; $bn flows are a week's, "_bn_per_year" are annual rates): the accounting
(``sales_bn`` face value, ``sales_10y_eq_bn``, ``safe_haven_bn``, ``fed_bn``, ``private_bn``, the last four in
10-year equivalents), yields (``yield_change_bp`` for the 10-year, ``yield_change_{3m,2y,5y,30y}_bp``), the Fed
(``reserves_bn``, ``qe_cost_bn_per_year``), the fiscal ladder (``extra_interest_bn_per_year`` gross,
``extra_interest_net_of_fed_bn_per_year``), transmission (``mortgage_rate_change_bp``,
``corporate_rate_change_bp``, ``equity_value_change_pct``, ``dollar_change_pct``) and the sellers
(``sellers_price_concession_bn``, ``sellers_fx_loss_bn``, ``sellers_mark_to_market_loss_bn``, ``sellers_loss_bn``;
self-harm = the *sale effect* of the first two, see ``selloff.sellers``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from selloff import curve, fiscal, market, safe_haven, sellers
from selloff import fed as fed_block
from selloff._checks import finite, last_axis, non_negative, one_of, positive, share, whole
from selloff.calibration import Calibration, Level, Values

FED_STANCES = fed_block.FED_STANCES
WEEKS_PER_YEAR = 52
Freq = Literal["week", "month", "year"]

#: Weekly outputs of ``simulate`` (shape (..., weeks)), and how ``aggregate`` turns weeks into months or years:
#: "sum" (flows in $bn a week), "last" (stocks and cumulative amounts), "mean" (rates, yields, annual rates).
OUTPUT_KINDS: dict[str, str] = {
    "sales_bn": "sum", "sales_10y_eq_bn": "sum", "safe_haven_bn": "sum", "fed_bn": "sum", "private_bn": "sum",
    "yield_change_bp": "mean", "yield_change_3m_bp": "mean", "yield_change_2y_bp": "mean",
    "yield_change_5y_bp": "mean", "yield_change_30y_bp": "mean",
    "reserves_bn": "last", "qe_cost_bn_per_year": "mean",
    "extra_interest_bn_per_year": "mean", "extra_interest_net_of_fed_bn_per_year": "mean",
    "mortgage_rate_change_bp": "mean", "corporate_rate_change_bp": "mean",
    "dollar_change_pct": "mean", "equity_value_change_pct": "mean",
    "sellers_price_concession_bn": "last", "sellers_fx_loss_bn": "last", "sellers_mark_to_market_loss_bn": "last",
    "sellers_loss_bn": "last",
}
OUTPUTS: tuple[str, ...] = tuple(OUTPUT_KINDS)
FLOWS = ("sales_10y_eq_bn", "safe_haven_bn", "fed_bn", "private_bn")
#: The market core: the accounting and the 10-year (what a fan chart of yields needs); the rest is derived.
CORE_OUTPUTS = ("sales_bn", *FLOWS, "yield_change_bp")


def weeks_from_months(months: int) -> int:
    """round(months × 52 / 12): 1 month → 4 weeks, 6 → 26, 12 → 52, 24 → 104."""
    return int(round(whole("months", months) * WEEKS_PER_YEAR / 12))


@dataclass(frozen=True)
class Scenario:
    """Who sells ($bn in total, by seller, face value), over how many weeks, in what context.

    * ``weeks`` (or ``months``): the sale is spread evenly over them; ``horizon_weeks`` (or
      ``horizon_months``, default 104 weeks) is the length of every path.
    * ``mix``: the sale's maturity mix (shares of face value at ``curve.MATURITIES_YEARS``; default: the
      foreign official mix). ``curve.BILLS_ONLY`` sells bills only.
    * ``shock`` (``"none"``, ``"global_risk_off"``, ``"dash_for_cash"``, ``"us_centred"``) at ``intensity`` (0 to 1), lasting
      ``shock_weeks`` (default: the sale's weeks); ``policy_rate_change_bp``: the policy rate's own path
      relative to today (a number, held over the horizon, or one value per week).
    * ``fed``: ``"none"`` (the default: no backstop) or ``"backstop"`` (purchases on a dysfunction trigger);
      ``inflation_gap_pp`` weakens a backstop.
    * ``holdings_bn``: the sellers' holdings before the sale (for their losses); by default what they sell.
      ``stress`` (0 to 1) widens private spreads; by default the intensity of a shock, 0 with none.
    """

    name: str
    sales_bn: Mapping[str, float]
    weeks: int | None = None
    shock: str = "none"
    intensity: float = 1.0
    fed: str = "none"
    inflation_gap_pp: float = 0.0
    horizon_weeks: int | None = None
    holdings_bn: Mapping[str, float] | None = None
    stress: float | None = None
    mix: tuple[float, ...] = curve.FOREIGN_OFFICIAL_MIX
    policy_rate_change_bp: float | tuple[float, ...] = 0.0
    shock_weeks: int | None = None
    note: str = ""
    months: int | None = None
    horizon_months: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.sales_bn, Mapping) or not self.sales_bn:
            raise ValueError("sales_bn is empty: name at least one seller (use 0 for a sale of nothing)")
        for seller, amount in self.sales_bn.items():
            non_negative(**{f"sales_bn[{seller!r}]": amount})
        for given, alias in (("weeks", "months"), ("horizon_weeks", "horizon_months")):
            if getattr(self, given) is not None and getattr(self, alias) is not None:
                raise ValueError(f"give {given} or {alias}, not both ({given}={getattr(self, given)!r}, "
                                 f"{alias}={getattr(self, alias)!r})")
        if self.weeks is None and self.months is None:
            raise ValueError("give the sale's length: weeks (or months)")
        if self.weeks is not None:
            whole("weeks", self.weeks)
        if self.horizon_weeks is not None:
            whole("horizon_weeks", self.horizon_weeks)
        sale, total = self.sale_weeks, self.total_weeks
        if sale > total:
            raise ValueError(f"the sale's weeks ({sale}) must not exceed the horizon's weeks ({total})")
        safe_haven.check_shock_kind(self.shock)
        share(intensity=self.intensity)
        one_of("fed", self.fed, FED_STANCES)
        finite("inflation_gap_pp", self.inflation_gap_pp)
        if self.stress is not None:
            share(stress=self.stress)
        curve.check_mix("mix", self.mix)
        policy = finite("policy_rate_change_bp", self.policy_rate_change_bp)
        if policy.ndim > 1 or (policy.ndim == 1 and policy.shape[0] != total):
            raise ValueError(f"policy_rate_change_bp must be a number or one value per week ({total}), "
                             f"got shape {policy.shape}")
        if self.shock_weeks is not None:
            whole("shock_weeks", self.shock_weeks)
            if self.shock_weeks > total:
                raise ValueError(f"shock_weeks ({self.shock_weeks}) must not exceed the horizon ({total} weeks)")
        if self.holdings_bn is not None:
            for seller, amount in self.sales_bn.items():
                held = self.holdings_bn.get(seller)
                if held is None:
                    raise ValueError(f"holdings_bn[{seller!r}] must be given, got None")
                non_negative(**{f"holdings_bn[{seller!r}]": held})
                if amount > held + 1e-9:
                    raise ValueError(f"{seller!r} cannot sell {amount}bn out of holdings of {held}bn")

    @property
    def sale_weeks(self) -> int:
        return int(self.weeks) if self.weeks is not None else weeks_from_months(self.months)

    @property
    def total_weeks(self) -> int:
        if self.horizon_weeks is not None:
            return int(self.horizon_weeks)
        return weeks_from_months(self.horizon_months) if self.horizon_months is not None else 2 * WEEKS_PER_YEAR

    @property
    def context_weeks(self) -> int:
        return int(self.shock_weeks) if self.shock_weeks is not None else self.sale_weeks

    @property
    def total_sales_bn(self) -> float:
        return float(sum(self.sales_bn.values()))

    @property
    def total_holdings_bn(self) -> float:
        return float(sum((self.holdings_bn or self.sales_bn)[s] for s in self.sales_bn))

    def sales_path_bn(self) -> np.ndarray:
        """Weekly sales ($bn face value): the total spread evenly over the sale's weeks, then nothing."""
        path = np.zeros(self.total_weeks)
        path[: self.sale_weeks] = self.total_sales_bn / self.sale_weeks
        return path

    def policy_path_bp(self) -> np.ndarray:
        return np.broadcast_to(np.asarray(self.policy_rate_change_bp, dtype=float), (self.total_weeks,))

    @property
    def effective_stress(self) -> float:
        if self.stress is not None:
            return float(self.stress)
        return 0.0 if self.shock == "none" else float(self.intensity)

    def without_sale(self) -> "Scenario":
        """The same context with no sale (for the sale effect): the sellers keep all their holdings."""
        held = dict(self.holdings_bn) if self.holdings_bn is not None else dict(self.sales_bn)
        return dataclasses.replace(self, sales_bn={s: 0.0 for s in self.sales_bn}, holdings_bn=held)

    def nothing(self) -> "Scenario":
        """No sale, no shock, no Fed, no policy change: the baseline of the context effect."""
        return dataclasses.replace(self.without_sale(), shock="none", fed="none", policy_rate_change_bp=0.0,
                                   stress=None)

    @classmethod
    def from_holders(cls, name: str, shares: Mapping[str, float], *, month: str = "2025-12", data_dir=None,
                     **kwargs) -> "Scenario":
        """Sellers named by TIC line (e.g. ``"japan"``, ``"memo_foreign_official_total"``) sell a share
        (0 to 1) of what they held at the end of ``month``; ``weeks=`` (or ``months=``) and the rest as keywords."""
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
        return cls(name=name, sales_bn={s: float(held[s] * shares[s]) for s in shares},
                   holdings_bn={s: float(held[s]) for s in shares}, **kwargs)


# Parameters simulate needs (a Calibration provides them all).
REQUIRED = ("short_run_impact_bp_per_100bn", "long_run_impact_bp_per_100bn", "impact_half_life_weeks",
            "fed_trigger_bp", "fed_strength", "fed_max_pace_bn_per_week", "inflation_tolerance_pp",
            "mortgage_pass_through", "mortgage_stress_spread_bp", "corporate_pass_through",
            "corporate_stress_spread_bp", "dollar_elasticity_pct_per_100bn", "convenience_yield_loss_bp",
            "equity_duration_years", "debt_held_by_public_bn", "deficit_bn_per_year", "reserve_rate_pct",
            "fed_treasuries_bn", "fed_bills_bn", "tp_loading_2y", "tp_loading_5y", "tp_loading_30y",
            *(f"yield_{m}_pct" for m in curve.MATURITY_LABELS))


def _checked(params: Values) -> dict[str, np.ndarray]:
    if not isinstance(params, Mapping):
        raise ValueError(f"params must be a mapping name -> value, got {type(params).__name__}")
    missing = [k for k in REQUIRED if k not in params]
    if missing:
        raise ValueError(f"params lacks {missing}")
    p = {k: finite(k, v) for k, v in params.items()}
    market.check_impacts(p["short_run_impact_bp_per_100bn"], p["long_run_impact_bp_per_100bn"])
    positive(impact_half_life_weeks=p["impact_half_life_weeks"], debt_held_by_public_bn=p["debt_held_by_public_bn"])
    non_negative(**{k: p[k] for k in ("fed_trigger_bp", "fed_max_pace_bn_per_week", "dollar_elasticity_pct_per_100bn",
                                      "convenience_yield_loss_bp", "equity_duration_years", "reserve_rate_pct",
                                      "fed_treasuries_bn", "fed_bills_bn", "mortgage_stress_spread_bp",
                                      "corporate_stress_spread_bp")})
    share(fed_strength=p["fed_strength"], mortgage_pass_through=p["mortgage_pass_through"],
          corporate_pass_through=p["corporate_pass_through"])
    return p


def _known_outputs(outputs) -> list[str]:
    if isinstance(outputs, str) or not all(isinstance(o, str) for o in outputs):
        raise ValueError(f"outputs must be a list of output names, got {outputs!r}")
    unknown = sorted(set(outputs) - set(OUTPUTS))
    if unknown:
        raise ValueError(f"unknown outputs {unknown}; outputs: {list(OUTPUTS)}")
    return list(outputs)


def _uniform(value: np.ndarray) -> bool:
    return value.ndim == 0 or bool(np.all(value == value.flat[0]))


# Inside ``simulate`` paths are *weeks first*, shape (weeks, *draws): one week of every draw is one block of
# memory, so the weekly recursions step through rows; a parameter with one value per draw (shape draws)
# broadcasts against a path as it is, and a path that is the same in every draw is a column (``_column``).
# The outputs are (*draws, weeks) views of these arrays. Each 10,000 × 104 array is 8 MB and filling fresh
# memory is about half the time of 10,000 draws, so temporary arrays are few: cumulative sums and interest on
# interest are computed in place, and what needs a running total is built week by week.

def _column(path: ArrayLike, ndim: int) -> np.ndarray:
    """A path over the weeks (the same in every draw) shaped to broadcast against (weeks, *draws) with
    ``ndim`` axes of draws."""
    path = np.asarray(path, dtype=float)
    return path.reshape(path.shape + (1,) * ndim)


def _cumsum_weeks(x: np.ndarray) -> np.ndarray:
    """``np.cumsum(x, axis=0)`` of a weeks-first array, **in place** (``x`` is overwritten and returned): the
    same additions in the same order, one vector addition per week (numpy's accumulate over a short first
    axis is several times slower)."""
    if x.ndim < 2:
        return np.cumsum(x, axis=0, out=x)
    for t in range(1, x.shape[0]):
        np.add(x[t - 1], x[t], out=x[t])
    return x


def _add_interest_on_interest(cost_bn_per_year: np.ndarray, rate_pct: float) -> np.ndarray:
    """Adds **in place** to a weeks-first cost path ($bn a year) the interest on the extra debt it creates, as
    ``fiscal._with_interest_on_interest`` does for one rate: X(t) = g X(t − 1) + cost(t) / 52 with
    g = 1 + r / 5200, and week t costs r X(t − 1) / 100 more. Returns ``cost_bn_per_year``."""
    growth = 1.0 + rate_pct / (100.0 * WEEKS_PER_YEAR)
    extra_debt = 0.0
    for t in range(cost_bn_per_year.shape[0]):
        borrowed = cost_bn_per_year[t] / WEEKS_PER_YEAR
        cost_bn_per_year[t] += rate_pct / 100.0 * extra_debt
        extra_debt = growth * extra_debt + borrowed
    return cost_bn_per_year


def fiscal_cost_bn_per_year(dy_10y_bp: np.ndarray, policy_bp: np.ndarray, loadings: np.ndarray, debt_bn: float,
                            deficit_bn_per_year: float, borrowing_rate_pct: float,
                            fed_share: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Extra federal interest (gross, net of the Fed; $bn a year) when maturity m moves by
    ``loadings_m × dy_10y_bp + POLICY_LOADINGS_m × policy_bp``: exactly ``fiscal.extra_federal_interest`` on
    those yields (a test checks it), computed without building the (draws, weeks, 5) array.

    The ladder is linear in the yield changes and its parameters (debt, deficit, rate, the Fed's shares) are
    the same for every draw, so each rung's cost is its loading times a weighted cumulative sum of ``dy``;
    rungs that live at least as long as the horizon share one cumulative sum, and interest on interest
    (linear too, at one rate) is added to that sum once. The policy part is the same for every draw and goes
    through ``fiscal.extra_federal_interest`` once."""
    dy_10y_bp, policy_bp = finite("dy_10y_bp", dy_10y_bp), finite("policy_bp", policy_bp)
    loadings = finite("loadings", loadings)
    last_axis("loadings", loadings, len(curve.MATURITIES_YEARS))
    weeks = dy_10y_bp.shape[-1]
    if policy_bp.shape not in ((), (weeks,)):
        raise ValueError(f"policy_bp must be a number or one value per week ({weeks}), got shape {policy_bp.shape}")
    non_negative(borrowing_rate_pct=borrowing_rate_pct)
    positive(debt_bn=debt_bn)
    share(fed_share=fed_share)
    fed_share = np.broadcast_to(np.asarray(fed_share, dtype=float), (len(curve.MATURITIES_YEARS),))
    dy_10y_bp = np.broadcast_to(dy_10y_bp, np.broadcast_shapes(dy_10y_bp.shape[:-1], loadings.shape[:-1]) + (weeks,))
    gross, net = _ladder_cost(np.moveaxis(dy_10y_bp, -1, 0), np.broadcast_to(policy_bp, (weeks,)), loadings,
                              float(debt_bn), float(deficit_bn_per_year), float(borrowing_rate_pct), fed_share)
    return np.moveaxis(gross, 0, -1), np.moveaxis(net, 0, -1)


def _ladder_cost(dy: np.ndarray, policy_bp: np.ndarray, loadings: np.ndarray, debt_bn: float,
                 deficit_bn_per_year: float, borrowing_rate_pct: float,
                 fed_share: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``fiscal_cost_bn_per_year`` for checked inputs, weeks first: ``dy`` (weeks, *draws), ``policy_bp``
    (weeks,), ``loadings`` (*draws, 5) or (5,). Returns (gross, net), each (weeks, *draws)."""
    weeks, ndim = dy.shape[0], dy.ndim - 1
    issuance = fiscal.rollover_bn_per_week(debt_bn, deficit_bn_per_year, weeks) / 1e4  # (weeks, 5)
    lives = np.round(np.asarray(curve.MATURITIES_YEARS) * WEEKS_PER_YEAR).astype(int)
    fed_rollover = fed_share * np.asarray(fiscal.LADDER_SHARES) * debt_bn / lives / 1e4  # (5,)
    # A rung that lives at least as long as the horizon issues the same amount every week (rollover_bn_per_week)
    # and all of it is still outstanding: it costs loading × issuance × Σ dy, of which loading × the Fed's
    # rollover × Σ dy comes back as remittances.
    long = lives >= weeks
    summed = _add_interest_on_interest(_cumsum_weeks(np.array(dy, dtype=float)), borrowing_rate_pct)
    repricing = loadings[..., long] @ issuance[0, long]
    gross = repricing * summed
    net = np.multiply(repricing - loadings[..., long] @ fed_rollover[long], summed, out=summed)
    for k in np.flatnonzero(~long):  # rungs that mature within the horizon: each issue for its life only
        if not np.any(loadings[..., k]):
            continue
        life = lives[k]
        sold = _cumsum_weeks(_column(issuance[:, k], ndim) * dy)
        sold[life:] -= sold[:-life].copy()
        outstanding = _cumsum_weeks(np.array(dy, dtype=float))
        outstanding[life:] -= outstanding[:-life].copy()
        net_of_fed = sold - fed_rollover[k] * outstanding
        gross += loadings[..., k] * _add_interest_on_interest(sold, borrowing_rate_pct)
        net += loadings[..., k] * _add_interest_on_interest(net_of_fed, borrowing_rate_pct)
    if np.any(policy_bp):
        by_maturity = policy_bp[:, None] * np.asarray(curve.POLICY_LOADINGS)
        policy = fiscal.extra_federal_interest(by_maturity, debt_bn, deficit_bn_per_year, borrowing_rate_pct,
                                               fed_share)
        gross += _column(policy["gross_bn_per_year"], ndim)
        net += _column(policy["net_of_fed_bn_per_year"], ndim)
    return gross, net


def simulate(scenario: Scenario, params: Values, outputs: Sequence[str] | None = None) -> dict[str, np.ndarray]:
    """Every output of the model (``OUTPUTS``), or those named in ``outputs``, week by week: arrays of shape
    (weeks,) or (draws, weeks). Naming fewer outputs skips the blocks nobody asked for (for many draws).

    Outputs that do not vary across draws are read-only broadcast views (copy one before writing to it); the
    others are stored weeks first (one week of every draw is contiguous; ``np.ascontiguousarray`` gives rows).
    ``yields_by_maturity(outputs)`` stacks the five yield changes into (..., weeks, 5)."""
    if not isinstance(scenario, Scenario):
        raise ValueError(f"scenario must be a Scenario, got {type(scenario).__name__}")
    p = _checked(params)
    wanted = set(OUTPUTS if outputs is None else _known_outputs(outputs))
    draws = np.broadcast_shapes(*(v.shape for v in p.values()))
    horizon, shock_weeks = scenario.total_weeks, scenario.context_weeks
    shape = (horizon,) + draws  # weeks first (see ``_column``)

    def weekly(path: ArrayLike) -> np.ndarray:
        return _column(path, len(draws))

    # 1. the sale, in face value and 10-year equivalents
    yields_now = np.stack(np.broadcast_arrays(*(p[f"yield_{m}_pct"] for m in curve.MATURITY_LABELS)), axis=-1)
    durations = curve.durations_years(yields_now)
    mix = np.asarray(scenario.mix, dtype=float)
    k_sale = (mix * durations).sum(axis=-1) / durations[..., curve.TEN_YEAR]
    sales_path = scenario.sales_path_bn()
    sales = weekly(sales_path)
    sales_10y_eq = sales * (float(k_sale.flat[0]) if _uniform(k_sale) else k_sale)
    # 2. the context: safe-haven demand (``safe_haven``) and the convenience-yield loss of a US-centred shock
    haven = weekly(safe_haven.shock_profile(shock_weeks, horizon)) * safe_haven.by_shock_kind(
        "safe_haven_demand_bn", scenario.shock, p, scenario.intensity)
    phase_in = np.minimum(np.arange(1, horizon + 1) / shock_weeks, 1.0)
    loss = scenario.intensity * p["convenience_yield_loss_bp"] if scenario.shock == "us_centred" else np.zeros(())
    # 3-4. the Fed and the market, week by week: Δtp = a K + b T (see ``market``), a = λ_LR/100, b = (λ_SR − λ_LR)/100
    backstop = scenario.fed == "backstop"
    delta = market.decay_per_week(p["impact_half_life_weeks"])
    sr, lr = p["short_run_impact_bp_per_100bn"], p["long_run_impact_bp_per_100bn"]
    a, b = lr / 100.0, (sr - lr) / 100.0
    if backstop:
        strength = fed_block.willingness(p["fed_strength"], scenario.inflation_gap_pp, p["inflation_tolerance_pp"])
        window = fed_block.TRIGGER_WINDOW_WEEKS
        fed_buys, private = np.empty(shape), np.empty(shape)
    else:  # linear: everything supplied is absorbed privately
        fed_buys, private = np.zeros(()), sales_10y_eq - haven
    dy = np.empty(shape)
    permanent = transitory = np.zeros(draws)
    for t in range(horizon):
        supply, context = sales_10y_eq[t] - haven[t], phase_in[t] * loss
        absorbed = supply
        if backstop:  # the 10-year's rise over the trigger window if private investors absorbed it all
            before = a * (permanent + supply) + b * (delta * transitory + supply) + context
            rise = before - dy[t - window] if t >= window else before
            fed_buys[t] = fed_block._purchases(rise, p["fed_trigger_bp"], strength, p["fed_max_pace_bn_per_week"],
                                               sr)
            private[t] = absorbed = supply - fed_buys[t]
        permanent = permanent + absorbed
        transitory = delta * transitory + absorbed
        dy[t] = a * permanent + b * transitory + context
    policy_path = scenario.policy_path_bp()
    policy = weekly(policy_path)
    loadings = np.broadcast_to(curve.loadings_vector(p), draws + (len(curve.MATURITIES_YEARS),))
    policy_loadings = np.asarray(curve.POLICY_LOADINGS)

    out: dict[str, np.ndarray] = {"sales_bn": sales, "sales_10y_eq_bn": sales_10y_eq, "safe_haven_bn": haven,
                                  "fed_bn": fed_buys, "private_bn": private, "yield_change_bp": dy}
    for i, m in enumerate(curve.MATURITY_LABELS):
        if m != "10y" and f"yield_change_{m}_bp" in wanted:
            loading = np.ascontiguousarray(loadings[..., i])  # one value per draw, contiguous (twice as fast)
            moved = loading * dy if np.any(loading) else np.zeros(())
            if policy_loadings[i] and np.any(policy_path):
                moved = moved + policy_loadings[i] * policy
            out[f"yield_change_{m}_bp"] = moved

    # 5. the fiscal cost (gross and net of the Fed's remittances), on a debt growing with the baseline deficit
    if wanted & {"extra_interest_bn_per_year", "extra_interest_net_of_fed_bn_per_year"}:
        fiscal_params = ("debt_held_by_public_bn", "deficit_bn_per_year", "fed_treasuries_bn", "fed_bills_bn")
        debt = p["debt_held_by_public_bn"]
        borrowing_rate = fiscal.borrowing_rate_pct(yields_now)
        fed_share = fiscal.fed_share_by_maturity(p["fed_treasuries_bn"], p["fed_bills_bn"], debt)
        if all(_uniform(p[k]) for k in fiscal_params) and _uniform(borrowing_rate):
            gross, net = _ladder_cost(dy, policy_path, loadings, float(debt.flat[0]),
                                      float(p["deficit_bn_per_year"].flat[0]), float(borrowing_rate.flat[0]),
                                      fed_share.reshape(-1, 5)[0])
        else:  # draws of the fiscal parameters themselves: the general (slower) route
            cost = fiscal.extra_federal_interest(
                curve.yields_by_maturity_bp(np.moveaxis(dy, 0, -1), loadings, policy_path), debt,
                p["deficit_bn_per_year"], borrowing_rate, fed_share)
            gross, net = (np.moveaxis(cost[k], -1, 0) for k in ("gross_bn_per_year", "net_of_fed_bn_per_year"))
        out["extra_interest_bn_per_year"], out["extra_interest_net_of_fed_bn_per_year"] = gross, net
    # the Fed's purchases: reserves at IORB (moving with the policy rate) against the 10-year yield at purchase
    # (``fed.qe_interest_cost_bn_per_year``)
    if wanted & {"reserves_bn", "qe_cost_bn_per_year"}:
        if backstop:
            reserves, qe_cost = np.empty(shape), np.empty(shape)
            held = paid = np.zeros(draws)  # reserves created, and Σ purchases × their yield ($bn × %)
            for t in range(horizon):
                held = held + fed_buys[t]
                paid = paid + fed_buys[t] * (p["yield_10y_pct"] + dy[t] / 100.0)
                reserves[t] = held
                qe_cost[t] = (held * (p["reserve_rate_pct"] + policy_path[t] / 100.0) - paid) / 100.0
            out["reserves_bn"], out["qe_cost_bn_per_year"] = reserves, qe_cost
        else:
            out["reserves_bn"] = out["qe_cost_bn_per_year"] = np.zeros(())

    # 6. the dollar, borrowing rates, equities, the sellers (``dollar``, ``transmission``, ``sellers``)
    stress = weekly(scenario.effective_stress * phase_in[:shock_weeks])  # and none after the shock's weeks
    for name, kind in (("mortgage_rate_change_bp", "mortgage"), ("corporate_rate_change_bp", "corporate")):
        if name in wanted:
            out[name] = p[f"{kind}_pass_through"] * dy
            out[name][:shock_weeks] += p[f"{kind}_stress_spread_bp"] * stress
    if "equity_value_change_pct" in wanted:
        with np.errstate(over="ignore"):  # a yield fall of thousands of bp (an absurd haven demand): +inf
            out["equity_value_change_pct"] = 100.0 * np.expm1(-p["equity_duration_years"] * dy / 1e4)
    sellers_outputs = {"sellers_price_concession_bn", "sellers_fx_loss_bn", "sellers_mark_to_market_loss_bn",
                       "sellers_loss_bn"}
    # The dollar's two parts are each a number per draw times a path (``dollar``): the sale effect,
    # −ε / 100 × the sales so far, and the context's, the shock's move × its phasing-in.
    per_bn_sold, sold = -p["dollar_elasticity_pct_per_100bn"] / 100.0, np.cumsum(sales_path)
    context_move = safe_haven.by_shock_kind("dollar_change_pct", scenario.shock, p, scenario.intensity)
    if wanted & (sellers_outputs | {"dollar_change_pct"}):
        out["dollar_change_pct"] = per_bn_sold * weekly(sold) + context_move * weekly(phase_in)
    if wanted & sellers_outputs:
        retained_path = np.maximum(scenario.total_holdings_bn - sold, 0.0)
        retained = weekly(retained_path)
        # share of value lost by a portfolio of the sale's mix: linear in dy and the policy path (see sellers)
        weights = mix * durations
        fall = ((weights * loadings).sum(axis=-1) / 1e4) * dy
        if np.any(policy_path):
            fall += ((weights @ policy_loadings) / 1e4) * policy
        concession = _cumsum_weeks(sales * fall)
        mtm = np.multiply(retained, fall, out=fall)  # in place: fall is not needed again

        def fx_loss(dollar_pct: np.ndarray) -> np.ndarray:  # on what they keep, and on what they have converted
            return (sellers.fx_loss_bn(retained_path, dollar_pct)
                    + np.cumsum(sellers.fx_loss_bn(sales_path, dollar_pct)))

        # linear in the dollar, so the sum of the loss on each part
        fx = per_bn_sold * weekly(fx_loss(sold)) + context_move * weekly(fx_loss(phase_in))
        out.update({"sellers_price_concession_bn": concession, "sellers_fx_loss_bn": fx,
                    "sellers_mark_to_market_loss_bn": mtm, "sellers_loss_bn": concession + fx + mtm})
    return {k: np.moveaxis(v if np.shape(v) == shape else np.broadcast_to(v, shape), 0, -1)
            for k, v in out.items() if k in wanted}


def yields_by_maturity(outputs: Mapping[str, np.ndarray]) -> np.ndarray:
    """The yield changes by maturity (bp) from ``simulate``'s outputs: shape (..., weeks, 5), in the order of
    ``curve.MATURITIES_YEARS``."""
    return np.stack([outputs["yield_change_bp" if m == "10y" else f"yield_change_{m}_bp"]
                     for m in curve.MATURITY_LABELS], axis=-1)


def decompose(scenario: Scenario, params: Values) -> dict[str, dict[str, np.ndarray]]:
    """``{"total", "sale", "context"}``, each a dict of outputs like ``simulate``'s:

    * sale = outcome(sale, context) − outcome(no sale, same context);
    * context = outcome(no sale, context) − outcome(nothing: no sale, no shock, no Fed, no policy change);
    * total = sale + context + outcome(nothing) (outcome(nothing) is zero for every change the model reports).

    With the Fed on the model is not linear, so the sale effect depends on the context: that is the point.
    The sellers' self-harm is ``sale["sellers_price_concession_bn"] + sale["sellers_fx_loss_bn"]``."""
    total = simulate(scenario, params)
    no_sale = simulate(scenario.without_sale(), params)
    nothing = simulate(scenario.nothing(), params)
    return {"total": total,
            "sale": {k: total[k] - no_sale[k] for k in total},
            "context": {k: no_sale[k] - nothing[k] for k in total}}


def _period_index(weeks: int, freq: str) -> np.ndarray:
    one_of("freq", freq, ("week", "month", "year"))
    i = np.arange(weeks)
    if freq == "week":
        return i
    return (i * 12) // WEEKS_PER_YEAR if freq == "month" else i // WEEKS_PER_YEAR


def aggregate(path: np.ndarray, freq: Freq, how: str) -> np.ndarray:
    """A weekly path (last axis) in monthly or annual periods: ``how`` = "sum", "mean" or "last".
    Week i (from 0) is in month ⌊12 i / 52⌋ and year ⌊i / 52⌋; a last, incomplete period is kept."""
    array = finite("path", path)
    one_of("how", how, ("sum", "mean", "last"))
    period = _period_index(array.shape[-1], freq)
    starts = np.flatnonzero(np.r_[True, np.diff(period) > 0])
    if how == "last":
        ends = np.r_[starts[1:], array.shape[-1]] - 1
        return array[..., ends]
    sums = np.add.reduceat(array, starts, axis=-1)
    return sums if how == "sum" else sums / np.diff(np.r_[starts, array.shape[-1]])


def _params(calibration: Calibration | Values | None, level: Level) -> dict:
    if calibration is None:
        from selloff.calibration import default_calibration

        calibration = default_calibration()
    return dict(calibration.at(level) if isinstance(calibration, Calibration) else calibration)


def run(scenario: Scenario, calibration: Calibration | Values | None = None, level: Level = "central",
        freq: Freq = "week", **overrides: float) -> pd.DataFrame:
    """One path as a tidy table (index: week, month or year 1 … n; one column per output in ``OUTPUTS``).

    ``overrides`` (parameter=value) must name known parameters: a misspelt name is refused."""
    params = _params(calibration, level)
    unknown = sorted(set(overrides) - set(params))
    if unknown:
        raise ValueError(f"unknown parameters in overrides: {unknown}; known: {sorted(params)}")
    params.update({k: float(finite(k, v)) for k, v in overrides.items()})
    out = simulate(scenario, params)
    table = {k: aggregate(out[k], freq, OUTPUT_KINDS[k]) if freq != "week" else out[k] for k in OUTPUTS}
    n = len(next(iter(table.values())))
    frame = pd.DataFrame(table, index=pd.RangeIndex(1, n + 1, name=freq))
    frame.attrs["scenario"] = scenario.name
    return frame


def run_draws(scenario: Scenario, calibration: Calibration, n: int = 1000,
              rng: np.random.Generator | int | None = 0, outputs: Sequence[str] | None = None) -> dict[str, np.ndarray]:
    """``n`` calibration draws in one vectorised call: each output (all, or those in ``outputs``) as an array
    (n, weeks)."""
    if not isinstance(calibration, Calibration):
        raise ValueError(f"calibration must be a Calibration, got {type(calibration).__name__}")
    return simulate(scenario, calibration.draw(n, rng), outputs)


def bands(draws: Mapping[str, np.ndarray], output: str, quantiles=(0.05, 0.25, 0.5, 0.75, 0.95)) -> pd.DataFrame:
    """Quantiles of one output across draws, by week (columns: the quantiles)."""
    if output not in draws:
        raise ValueError(f"unknown output {output!r}; outputs: {sorted(draws)}")
    share(quantiles=quantiles)
    q = np.quantile(draws[output], quantiles, axis=0)
    return pd.DataFrame(q.T, columns=list(quantiles), index=pd.RangeIndex(1, q.shape[1] + 1, name="week"))


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
        lo = {**central, p.name: p.low}
        hi = {**central, p.name: p.high}
        if p.name == "long_run_impact_bp_per_100bn":  # keep the pair ordered, as in Calibration.draw
            hi[p.name] = min(p.high, central["short_run_impact_bp_per_100bn"])
        if p.name == "short_run_impact_bp_per_100bn":
            lo["long_run_impact_bp_per_100bn"] = min(central["long_run_impact_bp_per_100bn"], p.low)
        rows.append({"parameter": p.name, "at_low": float(summary(simulate(scenario, lo))),
                     "at_high": float(summary(simulate(scenario, hi))), "central": base,
                     "illustrative": p.illustrative})
        rows[-1]["swing"] = abs(rows[-1]["at_high"] - rows[-1]["at_low"])
    return pd.DataFrame(rows).set_index("parameter").sort_values("swing", ascending=False)


def peak_yield_change_bp(outputs: Mapping[str, np.ndarray]) -> np.ndarray:
    """The largest 10-year yield rise over the horizon (bp), per draw."""
    return outputs["yield_change_bp"].max(axis=-1)


MAX_BISECTIONS = 200


def sale_for_yield_rise_bn(target_bp: float, weeks: int, params: Values, *, shock: str = "none",
                           intensity: float = 1.0, fed: str = "none", horizon_weeks: int = 104,
                           mix: tuple[float, ...] = curve.FOREIGN_OFFICIAL_MIX,
                           max_sale_bn: float = 100_000.0, tol_bn: float = 0.1) -> float:
    """The smallest total sale S ($bn face value, spread evenly over ``weeks``) whose peak 10-year rise reaches
    ``target_bp``.

    Bisection on S in [0, ``max_sale_bn``], with one value per parameter (e.g. ``Calibration.at("low")``). The
    peak never falls as the sale grows, so the answer is unique; it is accurate to ``tol_bn`` (at least
    1e-9 × ``max_sale_bn``), and the loop stops after ``MAX_BISECTIONS`` halvings whatever happens.
    Returns ``inf`` when even ``max_sale_bn`` does not reach the target (a safe-haven demand larger than
    any sale, or a Fed that slows the rise enough). With ``shock`` given, the context's own effect counts
    towards the target."""
    positive(target_bp=target_bp, max_sale_bn=max_sale_bn, tol_bn=tol_bn)
    if tol_bn < 1e-9 * max_sale_bn:
        raise ValueError(f"tol_bn={tol_bn!r} is below 1e-9 x max_sale_bn: bisection cannot get that close")
    whole("weeks", weeks)
    if not isinstance(params, Mapping):
        raise ValueError(f"params must be a mapping name -> value, got {type(params).__name__}")
    not_scalar = [k for k, v in params.items() if np.ndim(v) != 0]
    if not_scalar:
        raise ValueError(f"params must hold one value per parameter (Calibration.at), not draws: {not_scalar}")

    def peak(total_bn: float) -> float:
        scen = Scenario("sale_for_yield_rise", {"seller": total_bn}, weeks=weeks, shock=shock,
                        intensity=intensity, fed=fed, horizon_weeks=horizon_weeks, mix=mix)
        return float(peak_yield_change_bp(simulate(scen, params)))

    lo, hi = 0.0, float(max_sale_bn)
    if peak(hi) < target_bp:
        return float("inf")
    for _ in range(MAX_BISECTIONS):
        if hi - lo <= tol_bn:
            break
        mid = 0.5 * (lo + hi)
        lo, hi = (mid, hi) if peak(mid) < target_bp else (lo, mid)
    return hi


def presets(data_dir=None) -> dict[str, Scenario]:
    """Named scenarios used across the book (holdings from the TIC data, December 2025). The Fed is off in
    all of them; add ``fed="backstop"`` (``dataclasses.replace``) to switch it on."""
    from selloff.holders import EU_MEMBERS

    return {
        "eu_quarter": Scenario.from_holders(
            "EU-located holders sell 25% over 26 weeks", {m: 0.25 for m in EU_MEMBERS},
            weeks=26, data_dir=data_dir, shock="none",
            note="Every EU member listed in TIC sells a quarter of its December 2025 holdings."),
        "official_1tn": Scenario(
            "Foreign official holders sell $1tn over a year", {"memo_foreign_official_total": 1000.0}, weeks=52,
            shock="none", note="A round $1tn, about a quarter of foreign official holdings."),
        "china_exit": Scenario.from_holders(
            "China sells all its Treasuries over 2 years", {"china_mainland": 1.0}, weeks=104, data_dir=data_dir,
            shock="none"),
        "march_2020": Scenario(
            "March 2020 replay: foreign official sales in a dash for cash", {"foreign official": 243.5}, weeks=13,
            shock="dash_for_cash", intensity=1.0,
            note="Foreign official net sales March-May 2020: $243.5bn (Weiss 2022); foreign private sales are "
                 "part of the context (negative safe-haven demand)."),
        "april_2025": Scenario(
            "April 2025 replay: a US-centred shock", {"foreign holders (illustrative)": 100.0}, weeks=1,
            shock="us_centred", intensity=1.0,
            note="Illustrative: no published figure supports a foreign sale of a given size in April 2025."),
    }
