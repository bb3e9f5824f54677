"""The verdict: named scenarios of the lab, a yardstick for "large pressure", and one row of the verdict table each.

Everything here composes ``scenario`` (``Scenario.from_holders``, ``decompose``, ``simulate``); no model logic is
re-implemented. Units: bp for yields and rates, $bn for money ($bn a year for interest), % for the dollar and
equities, weeks for time.

**API** (stable: the Verdict chapter uses it)::

    from selloff import verdict as vd
    from selloff.calibration import default_calibration

    cal = default_calibration()
    scenarios = vd.lab_scenarios()                    # {key: Scenario}: the verdict table's named rows
    one = vd.lab_scenario("eu", "us_centred", fed="backstop", inflation="high")   # any combination
    stick = vd.yardstick()                            # {"april_2025_10y_bp": ..., "march_2020_10y_bp": ..., ...}
    row = vd.verdict_row(scenarios["eu_us_centred"], cal, n=500)   # dict: bands and verdict columns
    values = vd.per_draw(one, cal.draw(200, 0))       # the row's quantities, one value per draw (arrays)
    table = vd.verdict_table(scenarios, cal, n=500)   # one row per scenario (index: the keys)
    grid = vd.works_region(one, cal, ("short_run_impact_bp_per_100bn", xs), ("convenience_yield_loss_bp", ys))

**Controls of a lab scenario** (``lab_scenario``): who sells (``SELLERS``: EU-located holders, foreign official
holders, China, a broad coalition; each sells ``share`` of its December 2025 TIC holdings over ``weeks``), the
context (``CONTEXTS``: calm = no shock, a global risk-off, a US-centred shock), the Fed (``"none"`` = off, or
``"backstop"``) and inflation (``INFLATION_GAPS_PP``: low = at target, high = 2 points above it, which weakens a
backstop through ``inflation_gap_pp``; illustrative). TIC attributes holdings to the country of the custodian: the
EU lines include custody centres (Belgium, Luxembourg, Ireland) that hold for others, so an "EU" sale is an upper
bound on what EU-owned holdings could be.

**The yardstick** (``yardstick``): the 10-year's rise over 4-11 April 2025 (``curve.LOADING_WINDOWS``), computed
from the daily data with ``episodes.window_change``. The sources discuss a link between that bond-market move and
the tariff pause of 9 April 2025, but do not establish it: the book uses it as a *size* comparison, not as proof
that such a rise moves policy. Beside it, the 10-year's rise of 9-18 March 2020 (+64bp, Vissing-Jorgensen 2021),
which came with Fed purchases. For the fiscal side, CBO's rule of thumb: all interest rates 0.1 percentage point
higher adds between $184bn and $388bn to the 2026-2035 deficit (the range of its four scenarios;
``cbo_econ_sensitivity2025``), about $18-39bn a year on average (our arithmetic).

**A verdict row** (``verdict_row``), from ``n`` calibration draws; each quantity has ``_p5``, ``_p50``, ``_p95``
columns (quantiles across draws):

* ``peak_10y_bp``, ``peak_3m_bp``, ``peak_2y_bp``, ``peak_5y_bp``, ``peak_30y_bp``: the largest rise of each yield
  over the horizon (sale and context together); ``sale_peak_10y_bp``: the same for the *sale effect* alone
  (``scenario.decompose``);
* ``extra_interest_bn_per_year``, ``extra_interest_net_of_fed_bn_per_year``: extra federal interest, average over
  the horizon's last 52 weeks ($bn a year); ``extra_interest_pct_of_bill``: gross, as % of today's interest bill
  (NIPA basis: it includes interest paid to the Fed and imputed pension interest, so an order of magnitude).
  The data pack has no GDP series, so no share of GDP is computed;
* ``cbo_equivalent_bp_low`` / ``_high``: that extra interest as an all-rates rise in CBO's rule of thumb
  (10bp × extra / $38.8bn and / $18.4bn a year);
* ``peak_mortgage_bp``, ``peak_corporate_bp``: the largest rise of mortgage and corporate rates; ``dollar_pct``: the
  broad dollar at the end of the sale (%); ``equity_trough_pct``: the lowest equity value (%);
* the sellers at the horizon's end ($bn): ``sellers_price_concession_bn``, ``sellers_fx_loss_bn``,
  ``sellers_mark_to_market_loss_bn``, ``sellers_loss_bn``; ``sellers_self_harm_bn``: the *sale effect* of the
  price concession and the FX loss (what selling, rather than the context, costs them); ``us_sale_cost_bn``: the
  extra interest the sale effect costs the US over the horizon ($bn, gross);
* ``safe_haven_offset_share``: safe-haven demand ÷ the sale, both in 10-year equivalents over the horizon
  (negative: investors sell too); ``fed_purchases_bn``: the Fed's purchases over the horizon.

Verdict columns: ``large_share`` (share of draws whose peak 10-year rise reaches the April 2025 yardstick),
``sale_large_share`` (the same for the sale effect), ``pressure`` ("large" when ``large_share`` ≥ 0.75, "small"
when ≤ 0.25, "mixed" between: the book's convention), ``safe_haven`` (caveat 1: "not tested" with no shock; "holds"
when the median offset is at least half the sale, "partly" when positive, "breaks" when investors sell too),
``fed_acts_share`` and ``fed`` (caveat 2: "switched off" unless the scenario's switch is on; then "acts" or "does
not act" in most draws), ``sellers_lose_more_share`` and ``who_loses_more`` (caveat 3: the sellers' self-harm
against the US's sale cost over the horizon, in most draws).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from selloff import curve, episodes
from selloff import scenario as sc
from selloff._checks import finite, one_of, share, whole
from selloff.calibration import ORDERED_PAIRS, Calibration
from selloff.holders import EU_MEMBERS

#: Who sells: a label and the TIC lines (``tic_major_foreign_holders`` columns).
SELLERS: dict[str, tuple[str, tuple[str, ...]]] = {
    "eu": ("EU-located holders", EU_MEMBERS),
    "official": ("foreign official holders", ("memo_foreign_official_total",)),
    "china": ("China", ("china_mainland",)),
    "coalition": ("a broad coalition (EU, UK, Japan, China, Canada)",
                  EU_MEMBERS + ("united_kingdom", "japan", "china_mainland", "canada")),
}
#: The context: a label and the shock kind (``safe_haven.SHOCK_KINDS``).
CONTEXTS: dict[str, tuple[str, str]] = {
    "calm": ("calm", "none"),
    "risk_off": ("global risk-off", "global_risk_off"),
    "us_centred": ("US-centred shock", "us_centred"),
}
#: Inflation above target (percentage points) that weakens a backstop (``fed.willingness``): illustrative.
INFLATION_GAPS_PP: dict[str, float] = {"low": 0.0, "high": 2.0}
DEFAULT_SHARE = 0.5       # share of holdings sold in the named rows: a "mass" sale (illustrative)
DEFAULT_WEEKS = 13        # over a quarter (illustrative)
QUANTILES = (0.05, 0.5, 0.95)
#: CBO: all rates +0.1 point adds $184-388bn to the 2026-2035 deficit (four scenarios' range), per year on average.
CBO_TENTH_POINT_BN_10Y = (184.0, 388.0)
CBO_TENTH_POINT_BN_PER_YEAR = tuple(x / 10.0 for x in CBO_TENTH_POINT_BN_10Y)
LARGE, SMALL = 0.75, 0.25  # the "pressure" column's thresholds on large_share (the book's convention)


def lab_scenario(sellers: str, context: str, fed: str = "none", inflation: str = "low", *,
                 share_sold: float = DEFAULT_SHARE, weeks: int = DEFAULT_WEEKS, horizon_weeks: int = 104,
                 data_dir=None) -> sc.Scenario:
    """One scenario of the lab: ``sellers`` (``SELLERS``) sell ``share_sold`` of their December 2025 TIC holdings
    evenly over ``weeks``, in ``context`` (``CONTEXTS``), with the Fed ``fed`` ("none" or "backstop") and
    ``inflation`` ("low" or "high", ``INFLATION_GAPS_PP``)."""
    one_of("sellers", sellers, SELLERS)
    one_of("context", context, CONTEXTS)
    one_of("fed", fed, sc.FED_STANCES)
    one_of("inflation", inflation, INFLATION_GAPS_PP)
    share(share_sold=share_sold)
    whole("weeks", weeks)
    who, lines = SELLERS[sellers]
    where, shock = CONTEXTS[context]
    fed_text = "Fed backstop" if fed == "backstop" else "Fed off"
    name = (f"{who[0].upper() + who[1:]} sell {100 * share_sold:.0f}% over {weeks} weeks; {where}; {fed_text}; "
            f"{inflation} inflation")
    return sc.Scenario.from_holders(name, {line: share_sold for line in lines}, weeks=weeks, shock=shock, fed=fed,
                                    inflation_gap_pp=INFLATION_GAPS_PP[inflation], horizon_weeks=horizon_weeks,
                                    data_dir=data_dir)


#: The named rows of the verdict table: key -> (sellers, context, fed, inflation).
LAB_ROWS: dict[str, tuple[str, str, str, str]] = {
    "eu_calm": ("eu", "calm", "none", "low"),
    "eu_risk_off": ("eu", "risk_off", "none", "low"),
    "eu_us_centred": ("eu", "us_centred", "none", "low"),
    "eu_us_centred_fed": ("eu", "us_centred", "backstop", "low"),
    "official_calm": ("official", "calm", "none", "low"),
    "official_us_centred_fed": ("official", "us_centred", "backstop", "low"),
    "china_calm": ("china", "calm", "none", "low"),
    "china_risk_off": ("china", "risk_off", "none", "low"),
    "coalition_us_centred": ("coalition", "us_centred", "none", "low"),
    "coalition_us_centred_fed": ("coalition", "us_centred", "backstop", "low"),
    "coalition_us_centred_fed_high_inflation": ("coalition", "us_centred", "backstop", "high"),
}


def lab_scenarios(data_dir=None) -> dict[str, sc.Scenario]:
    """The verdict table's named scenarios (``LAB_ROWS``), each built by ``lab_scenario`` with its defaults."""
    return {key: lab_scenario(*spec, data_dir=data_dir) for key, spec in LAB_ROWS.items()}


def yardstick(data_dir=None) -> dict[str, float]:
    """The yardsticks, computed from the daily data: ``april_2025_10y_bp`` (4-11 April 2025) and
    ``march_2020_10y_bp`` (9-18 March 2020), 10-year rises in bp; and CBO's rule of thumb for all rates +0.1
    point, ``cbo_tenth_point_bn_per_year_low`` / ``_high`` ($bn a year on average over 2026-2035)."""
    from selloff.data import load

    ten = load("treasury_yields_daily", data_dir)[curve.DAILY_COLUMNS["10y"]]
    out = {f"{name}_10y_bp": episodes.window_change(ten, start, end, "bp")
           for name, (start, end, _) in curve.LOADING_WINDOWS.items()}
    out["cbo_tenth_point_bn_per_year_low"], out["cbo_tenth_point_bn_per_year_high"] = CBO_TENTH_POINT_BN_PER_YEAR
    return out


def _calibration(calibration) -> Calibration:
    if not isinstance(calibration, Calibration):
        raise ValueError(f"calibration must be a Calibration, got {type(calibration).__name__}")
    return calibration


def _scenario(scenario) -> sc.Scenario:
    if not isinstance(scenario, sc.Scenario):
        raise ValueError(f"scenario must be a Scenario, got {type(scenario).__name__}")
    return scenario


def _yardstick_bp(yardstick_bp) -> float:
    value = float(finite("yardstick_bp", yardstick_bp))
    if value <= 0:
        raise ValueError(f"yardstick_bp must be positive, got {yardstick_bp!r}")
    return value


def per_draw(scenario: sc.Scenario, params: Mapping[str, float | np.ndarray]) -> dict[str, np.ndarray]:
    """The verdict's quantities for each draw of ``params`` (one value per parameter, or arrays of draws):
    see the module docstring for their names and units."""
    scenario = _scenario(scenario)
    parts = sc.decompose(scenario, params)
    total, sale = parts["total"], parts["sale"]
    last_year = slice(-min(sc.WEEKS_PER_YEAR, scenario.total_weeks), None)
    end_of_sale = scenario.sale_weeks - 1
    bill = np.asarray(params["interest_payments_bn"], dtype=float)
    out = {"peak_10y_bp": total["yield_change_bp"].max(axis=-1)}
    for m in ("3m", "2y", "5y", "30y"):
        out[f"peak_{m}_bp"] = total[f"yield_change_{m}_bp"].max(axis=-1)
    out["sale_peak_10y_bp"] = sale["yield_change_bp"].max(axis=-1)
    gross = total["extra_interest_bn_per_year"][..., last_year].mean(axis=-1)
    out["extra_interest_bn_per_year"] = gross
    out["extra_interest_net_of_fed_bn_per_year"] = total["extra_interest_net_of_fed_bn_per_year"][..., last_year].mean(axis=-1)
    out["extra_interest_pct_of_bill"] = 100.0 * gross / bill
    low, high = CBO_TENTH_POINT_BN_PER_YEAR
    out["cbo_equivalent_bp_low"], out["cbo_equivalent_bp_high"] = 10.0 * gross / high, 10.0 * gross / low
    out["peak_mortgage_bp"] = total["mortgage_rate_change_bp"].max(axis=-1)
    out["peak_corporate_bp"] = total["corporate_rate_change_bp"].max(axis=-1)
    out["dollar_pct"] = total["dollar_change_pct"][..., end_of_sale]
    out["equity_trough_pct"] = total["equity_value_change_pct"].min(axis=-1)
    for k in ("sellers_price_concession_bn", "sellers_fx_loss_bn", "sellers_mark_to_market_loss_bn", "sellers_loss_bn"):
        out[k] = total[k][..., -1]
    out["sellers_self_harm_bn"] = sale["sellers_price_concession_bn"][..., -1] + sale["sellers_fx_loss_bn"][..., -1]
    out["us_sale_cost_bn"] = sale["extra_interest_bn_per_year"].sum(axis=-1) / sc.WEEKS_PER_YEAR
    sold = total["sales_10y_eq_bn"].sum(axis=-1)
    haven = total["safe_haven_bn"].sum(axis=-1)
    out["safe_haven_offset_share"] = np.divide(haven, sold, out=np.full(np.shape(haven), np.nan), where=sold > 0)
    out["fed_purchases_bn"] = total["fed_bn"].sum(axis=-1)
    return {k: np.asarray(v, dtype=float) for k, v in out.items()}


def _bands(values: Mapping[str, np.ndarray]) -> dict[str, float]:
    row = {}
    for k, v in values.items():
        v = np.atleast_1d(v)
        v = v[~np.isnan(v)]
        for q in QUANTILES:
            row[f"{k}_p{round(100 * q)}"] = float(np.quantile(v, q)) if v.size else float("nan")
    return row


def verdict_row(scenario: sc.Scenario, calibration: Calibration, n: int = 500,
                rng: np.random.Generator | int | None = 0, yardstick_bp: float | None = None,
                data_dir=None) -> dict[str, float | str]:
    """One row of the verdict table: the 5/50/95% bands of every quantity over ``n`` calibration draws, and the
    verdict columns (module docstring). ``yardstick_bp``: the 10-year rise that counts as large (default: April
    2025's, ``yardstick()``)."""
    scenario, calibration = _scenario(scenario), _calibration(calibration)
    whole("n", n)
    stick = _yardstick_bp(yardstick(data_dir)["april_2025_10y_bp"] if yardstick_bp is None else yardstick_bp)
    values = per_draw(scenario, calibration.draw(n, rng))
    row: dict[str, float | str] = {"scenario": scenario.name, "yardstick_bp": stick, **_bands(values)}
    large = float(np.mean(values["peak_10y_bp"] >= stick))
    row["large_share"] = large
    row["sale_large_share"] = float(np.mean(values["sale_peak_10y_bp"] >= stick))
    row["pressure"] = "large" if large >= LARGE else "small" if large <= SMALL else "mixed"
    offset = row["safe_haven_offset_share_p50"]
    if scenario.shock == "none":
        row["safe_haven"] = "not tested (no shock)"
    else:
        row["safe_haven"] = "holds" if offset >= 0.5 else "partly" if offset > 0 else "breaks"
    acts = float(np.mean(values["fed_purchases_bn"] > 0))
    row["fed_acts_share"] = acts
    row["fed"] = "switched off" if scenario.fed == "none" else "acts" if acts >= 0.5 else "does not act"
    more = float(np.mean(values["sellers_self_harm_bn"] > values["us_sale_cost_bn"]))
    row["sellers_lose_more_share"] = more
    row["who_loses_more"] = "sellers" if more >= 0.5 else "US"
    return row


def verdict_table(scenarios: Mapping[str, sc.Scenario], calibration: Calibration, n: int = 500,
                  rng: int = 0, yardstick_bp: float | None = None, data_dir=None) -> pd.DataFrame:
    """``verdict_row`` for each scenario (the same draws for every row: ``rng`` is a seed); index: the keys."""
    if not isinstance(scenarios, Mapping) or not scenarios:
        raise ValueError(f"scenarios must be a non-empty mapping key -> Scenario, got {type(scenarios).__name__}")
    stick = yardstick(data_dir)["april_2025_10y_bp"] if yardstick_bp is None else yardstick_bp
    rows = {k: verdict_row(s, calibration, n, rng, stick) for k, s in scenarios.items()}
    return pd.DataFrame.from_dict(rows, orient="index")


def works_region(scenario: sc.Scenario, calibration: Calibration, x: tuple[str, Sequence[float]],
                 y: tuple[str, Sequence[float]], n: int = 200, rng: np.random.Generator | int | None = 0,
                 yardstick_bp: float | None = None, measure: str = "peak_10y_bp", data_dir=None) -> pd.DataFrame:
    """Where the sell-off "works": with parameter ``x[0]`` at each of ``x[1]`` and ``y[0]`` at each of ``y[1]``
    (the others drawn ``n`` times), the share of draws in which ``measure`` (``"peak_10y_bp"`` or
    ``"sale_peak_10y_bp"``) reaches the yardstick. Rows: the y values; columns: the x values."""
    scenario, calibration = _scenario(scenario), _calibration(calibration)
    whole("n", n)
    one_of("measure", measure, ("peak_10y_bp", "sale_peak_10y_bp"))
    stick = _yardstick_bp(yardstick(data_dir)["april_2025_10y_bp"] if yardstick_bp is None else yardstick_bp)
    axes = {}
    for arg, pair in (("x", x), ("y", y)):
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise ValueError(f"{arg} must be a pair (parameter name, values), got {pair!r}")
        name, grid = pair
        calibration[name]  # raises for an unknown name
        grid = finite(f"{arg} values", grid)
        if grid.ndim != 1 or grid.size == 0:
            raise ValueError(f"{arg} values must be a non-empty list of numbers, got shape {grid.shape}")
        axes[arg] = (name, grid)
    if axes["x"][0] == axes["y"][0]:
        raise ValueError(f"x and y must name two parameters, got {axes['x'][0]!r} twice")
    (xn, xs), (yn, ys) = axes["x"], axes["y"]
    draws = calibration.draw(n, rng)
    cells = ys.size * xs.size
    params = {k: np.tile(v, cells) for k, v in draws.items()}
    params[xn] = np.repeat(np.tile(xs, ys.size), n)
    params[yn] = np.repeat(np.repeat(ys, xs.size), n)
    for smaller, larger in ORDERED_PAIRS:  # as in Calibration.draw
        params[smaller] = np.minimum(params[smaller], params[larger])
    hit = per_draw(scenario, params)[measure].reshape(ys.size, xs.size, n) >= stick
    frame = pd.DataFrame(hit.mean(axis=-1), index=pd.Index(ys, name=yn), columns=pd.Index(xs, name=xn))
    frame.attrs.update(scenario=scenario.name, yardstick_bp=stick, measure=measure, n=n)
    return frame

