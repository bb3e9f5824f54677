"""Bad input everywhere: every public function of the model rejects NaN, ±inf, strings, None, negative amounts,
shares outside [0, 1], wrong shapes and wrong counts with a ValueError that names the argument.

Each public function is listed with a valid call and the kind of each argument; hypothesis picks a function,
an argument and a bad value for its kind, and the call must raise ValueError mentioning the argument."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selloff import coalition, curve, dollar, fed, market, safe_haven, sellers, transmission
from selloff import scenario as sc
from selloff.calibration import default_calibration, market_size_ratio

CAL = default_calibration()
CENTRAL = CAL.at("central")
Y5 = np.array([4.0, 4.1, 4.2, 4.5, 5.0])
PATH = np.array([10.0, 20.0, 5.0])
BY_MATURITY = np.ones((3, 5))
HAVEN = {"safe_haven_demand_bn_global_risk_off": 100.0, "safe_haven_demand_bn_us_centred": -50.0}
DOLLAR = {"dollar_change_pct_us_centred": -5.0, "dollar_change_pct_global_risk_off": 3.0}

# kinds: "real" (any finite number), "amount" (>= 0), "positive" (> 0), "share" ([0, 1]), "mix" (five shares
# adding to 1), "five" (five numbers), "path" (an array of numbers), "count" (a whole number >= 1)
FUNCTIONS = {
    "curve.modified_duration_years": (curve.modified_duration_years, dict(maturity_years=10.0, yield_pct=4.0),
                                      dict(maturity_years="amount", yield_pct="amount")),
    "curve.durations_years": (curve.durations_years, dict(yields_pct=Y5), dict(yields_pct="five")),
    "curve.ten_year_equivalent_per_bn": (curve.ten_year_equivalent_per_bn, dict(mix=curve.FOREIGN_OFFICIAL_MIX, yields_pct=Y5),
                                         dict(mix="mix", yields_pct="five")),
    "curve.ten_year_equivalents_bn": (curve.ten_year_equivalents_bn,
                                      dict(amount_bn=100.0, mix=curve.BILLS_ONLY, yields_pct=Y5),
                                      dict(amount_bn="amount", mix="mix", yields_pct="five")),
    "curve.mix_duration_years": (curve.mix_duration_years, dict(mix=curve.TEN_YEAR_ONLY, yields_pct=Y5),
                                 dict(mix="mix", yields_pct="five")),
    "curve.yields_by_maturity_bp": (curve.yields_by_maturity_bp,
                                    dict(term_premium_10y_bp=PATH, loadings=np.ones(5), policy_rate_change_bp=0.0),
                                    dict(term_premium_10y_bp="path", loadings="five", policy_rate_change_bp="real")),
    "market.decay_per_week": (market.decay_per_week, dict(half_life_weeks=8.0), dict(half_life_weeks="positive")),
    "market.yield_change_bp": (market.yield_change_bp,
                               dict(absorbed_bn=PATH, short_run_bp_per_100bn=10.0, long_run_bp_per_100bn=3.0,
                                    half_life_weeks=8.0),
                               dict(absorbed_bn="path", short_run_bp_per_100bn="positive",
                                    long_run_bp_per_100bn="amount", half_life_weeks="positive")),
    "market.yield_from_state_bp": (market.yield_from_state_bp,
                                   dict(permanent_bn=100.0, transitory_bn=50.0, short_run_bp_per_100bn=10.0,
                                        long_run_bp_per_100bn=3.0),
                                   dict(permanent_bn="real", transitory_bn="real", short_run_bp_per_100bn="positive",
                                        long_run_bp_per_100bn="amount")),
    "safe_haven.shock_profile": (safe_haven.shock_profile, dict(shock_weeks=4, horizon_weeks=10),
                                 dict(shock_weeks="count", horizon_weeks="count")),
    "safe_haven.safe_haven_demand_bn": (safe_haven.safe_haven_demand_bn,
                                        dict(kind="global_risk_off", params=HAVEN, shock_weeks=4, horizon_weeks=10,
                                             intensity=1.0),
                                        dict(shock_weeks="count", horizon_weeks="count", intensity="share")),
    "fed.willingness": (fed.willingness, dict(strength=1.0, inflation_gap_pp=0.0, inflation_tolerance_pp=2.0),
                        dict(strength="share", inflation_gap_pp="real", inflation_tolerance_pp="positive")),
    "fed.fed_purchases_bn": (fed.fed_purchases_bn,
                             dict(rise_over_window_bp=80.0, trigger_bp=60.0, strength=1.0, max_pace_bn_per_week=250.0,
                                  short_run_bp_per_100bn=10.0),
                             dict(rise_over_window_bp="real", trigger_bp="amount", strength="share",
                                  max_pace_bn_per_week="amount", short_run_bp_per_100bn="positive")),
    "fed.qe_interest_cost_bn_per_year": (fed.qe_interest_cost_bn_per_year,
                                         dict(purchases_bn=PATH, reserve_rate_pct=4.0, bond_yield_pct=4.5),
                                         dict(purchases_bn="amount", reserve_rate_pct="real", bond_yield_pct="real")),
    "dollar.dollar_sale_effect_pct": (dollar.dollar_sale_effect_pct, dict(sales_bn=PATH, elasticity_pct_per_100bn=0.25),
                                      dict(sales_bn="amount", elasticity_pct_per_100bn="amount")),
    "dollar.dollar_context_pct": (dollar.dollar_context_pct,
                                  dict(kind="us_centred", params=DOLLAR, shock_weeks=4, horizon_weeks=10, intensity=1.0),
                                  dict(shock_weeks="count", horizon_weeks="count", intensity="share")),
    "transmission.borrowing_rate_change_bp": (transmission.borrowing_rate_change_bp,
                                              dict(yield_change_bp=PATH, pass_through=0.5, stress_spread_bp=25.0,
                                                   stress=0.0),
                                              dict(yield_change_bp="path", pass_through="share",
                                                   stress_spread_bp="amount", stress="share")),
    "transmission.equity_value_change_pct": (transmission.equity_value_change_pct,
                                             dict(yield_change_bp=PATH, equity_duration_years=25.0),
                                             dict(yield_change_bp="path", equity_duration_years="amount")),
    "sellers.price_fall_share": (sellers.price_fall_share,
                                 dict(yields_by_maturity_bp=BY_MATURITY, mix=curve.FOREIGN_OFFICIAL_MIX,
                                      durations_years=np.ones(5)),
                                 dict(yields_by_maturity_bp="five", mix="mix", durations_years="five")),
    "sellers.price_concession_bn": (sellers.price_concession_bn, dict(sales_bn=PATH, fall_share=PATH / 1e3),
                                    dict(sales_bn="amount", fall_share="path")),
    "sellers.mark_to_market_loss_bn": (sellers.mark_to_market_loss_bn, dict(retained_bn=PATH, fall_share=PATH / 1e3),
                                       dict(retained_bn="amount", fall_share="path")),
    "sellers.fx_loss_bn": (sellers.fx_loss_bn, dict(dollar_assets_bn=100.0, dollar_change_pct=-3.0),
                           dict(dollar_assets_bn="amount", dollar_change_pct="real")),
    "sellers.dollar_change_in_home_currency_pct": (sellers.dollar_change_in_home_currency_pct,
                                                   dict(rate_start=150.0, rate_end=140.0, quote="home_per_dollar"),
                                                   dict(rate_start="positive", rate_end="positive")),
    "sellers.purchase_yield_fall_bp": (sellers.purchase_yield_fall_bp,
                                       dict(purchase_bn=1000.0, impact_bp_per_100bn=3.0, reference_market_bn=30_000.0,
                                            market_bn=2_000.0),
                                       dict(purchase_bn="amount", impact_bp_per_100bn="amount",
                                            reference_market_bn="positive", market_bn="positive")),
    "scenario.weeks_from_months": (sc.weeks_from_months, dict(months=6), dict(months="count")),
    "scenario.aggregate": (sc.aggregate, dict(path=np.arange(104.0), freq="month", how="sum"), dict(path="path")),
    "scenario.fiscal_cost_bn_per_year": (
        sc.fiscal_cost_bn_per_year,
        dict(dy_10y_bp=np.ones((2, 10)), policy_bp=0.0, loadings=np.ones(5), debt_bn=30_000.0,
             deficit_bn_per_year=2_000.0, borrowing_rate_pct=4.0, fed_share=np.full(5, 0.1)),
        dict(dy_10y_bp="path", policy_bp="real", loadings="five", debt_bn="positive", borrowing_rate_pct="amount",
             fed_share="share")),
    "scenario.sale_for_yield_rise_bn": (sc.sale_for_yield_rise_bn,
                                        dict(target_bp=20.0, weeks=13, params=CENTRAL, max_sale_bn=5_000.0, tol_bn=1.0),
                                        dict(target_bp="positive", weeks="count", max_sale_bn="positive",
                                             tol_bn="positive")),
    "scenario.Scenario": (sc.Scenario, dict(name="x", sales_bn={"a": 100.0}, weeks=13, intensity=1.0,
                                            inflation_gap_pp=0.0, horizon_weeks=52, policy_rate_change_bp=0.0,
                                            shock_weeks=4),
                          dict(weeks="count", intensity="share", inflation_gap_pp="real", horizon_weeks="count",
                               policy_rate_change_bp="real", shock_weeks="count")),
    "coalition.coalition_outcome": (coalition.coalition_outcome,
                                    dict(holdings={"a": 100.0}, share_sold=0.5, months=3, params=CENTRAL),
                                    dict(share_sold="share", months="count")),
}

BAD_FOR_ALL = [np.nan, np.inf, -np.inf, "x", None]
BAD = {"real": [], "path": [], "amount": [-1.0], "positive": [0.0, -1.0], "share": [-0.1, 1.5],
       "mix": [(0.5, 0.6, 0.0, 0.0, 0.0), (1.0, 0.0)], "five": [np.ones(4)],
       "count": [0, -3, 2.5, True, "4"]}
CASES = [(f, arg, bad) for f, (_, _, kinds) in FUNCTIONS.items() for arg, kind in kinds.items()
         for bad in (BAD_FOR_ALL if kind != "count" else []) + BAD[kind]]


def _bad_like(valid, bad):
    """The bad value in the shape of the valid one where it makes sense (a NaN inside an array)."""
    if isinstance(bad, float) and isinstance(valid, np.ndarray) and valid.size > 1:
        out = valid.astype(float).copy()
        out.flat[-1] = bad
        return out
    return bad


@given(case=st.sampled_from(CASES), inside=st.booleans())
@settings(max_examples=400, deadline=None)
def test_every_public_function_rejects_bad_input_naming_the_argument(case, inside):
    name, arg, bad = case
    fn, valid, _ = FUNCTIONS[name]
    value = _bad_like(valid[arg], bad) if inside else bad
    with pytest.raises(ValueError, match=arg.split("_")[0]):
        fn(**{**valid, arg: value})


def test_every_case_is_valid_before_it_is_broken():
    for name, (fn, valid, _) in FUNCTIONS.items():
        fn(**valid)  # raises if the valid call is not valid


@given(name=st.sampled_from(sc.REQUIRED), bad=st.sampled_from([np.nan, np.inf, -np.inf, "x", None]))
@settings(max_examples=120, deadline=None)
def test_simulate_rejects_a_bad_parameter_by_name(name, bad):
    with pytest.raises(ValueError, match=name):
        sc.simulate(sc.Scenario("x", {"a": 100.0}, weeks=13), {**CENTRAL, name: bad})


@given(name=st.sampled_from(sc.REQUIRED), bad=st.sampled_from([np.nan, np.inf, -np.inf]))
@settings(max_examples=60, deadline=None)
def test_run_rejects_a_bad_override_by_name(name, bad):
    with pytest.raises(ValueError, match=name):
        sc.run(sc.Scenario("x", {"a": 100.0}, weeks=13), CAL, **{name: bad})


@pytest.mark.parametrize("call, name", [
    (lambda: sc.run(sc.Scenario("x", {"a": 1.0}, weeks=2), CAL, short_run_impact=5.0), "unknown parameters"),
    (lambda: sc.run(sc.Scenario("x", {"a": 1.0}, weeks=2), CAL, freq="day"), "freq"),
    (lambda: sc.simulate("not a scenario", CENTRAL), "scenario"),
    (lambda: sc.simulate(sc.Scenario("x", {"a": 1.0}, weeks=2), {"short_run_impact_bp_per_100bn": 1.0}), "lacks"),
    (lambda: sc.bands({"yield_change_bp": np.ones((3, 4))}, "yield"), "unknown output"),
    (lambda: sc.aggregate(np.ones(10), "month", "median"), "how"),
    (lambda: CAL.draw(0), "n must be"),
    (lambda: CAL.draw(2.5), "n must be"),
    (lambda: CAL.at("extreme"), "level"),
    (lambda: market_size_ratio(pd.Series(dtype=float), ("1994Q1", "2010Q2")), "debt_bn"),
    (lambda: curve.term_premium_loadings(pd.DataFrame({"dgs10": [1.0]}), {}), "windows"),
])
def test_other_bad_input_is_refused(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_every_case_exhaustively():
    """The same cases, every one of them (hypothesis samples; this checks all, both as given and inside arrays)."""
    failures = []
    for name, arg, bad in CASES:
        fn, valid, _ = FUNCTIONS[name]
        for value in {id(bad): bad, id(v := _bad_like(valid[arg], bad)): v}.values():
            try:
                fn(**{**valid, arg: value})
            except ValueError as error:
                if arg.split("_")[0] not in str(error):
                    failures.append((name, arg, repr(value)[:40], f"message does not name it: {error}"))
            except Exception as error:  # noqa: BLE001 - any other exception is the failure being looked for
                failures.append((name, arg, repr(value)[:40], f"{type(error).__name__}: {error}"))
            else:
                failures.append((name, arg, repr(value)[:40], "accepted"))
    assert not failures, "\n".join(map(str, failures))


@pytest.mark.parametrize("kwargs, name", [
    (dict(loadings={"2y": 0.4}), "loadings"), (dict(loadings={"2y": 0.4, "5y": np.nan}), "loadings"),
    (dict(ten_year_equivalent_per_bn=0.0), "ten_year_equivalent_per_bn"),
    (dict(ten_year_equivalent_per_bn=np.inf), "ten_year_equivalent_per_bn")])
def test_impact_scaling_rejects_bad_input(kwargs, name):
    from selloff.calibration import impact_scaling
    from selloff.data import load

    args = dict(debt_bn=load("federal_debt_holders")["debt_held_by_public_bn"], loadings={"2y": 0.4, "5y": 0.7},
                ten_year_equivalent_per_bn=0.7)
    with pytest.raises(ValueError, match=name):
        impact_scaling(**{**args, **kwargs})
