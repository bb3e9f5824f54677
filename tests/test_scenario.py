"""Scenarios: the blocks composed week by week, and what the tests of the economics say."""

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selloff import curve
from selloff import scenario as sc
from selloff.calibration import default_calibration

CAL = default_calibration()
CENTRAL = CAL.at("central")


def sale(total=500.0, weeks=26, **kwargs):
    return sc.Scenario("test", {"seller": total}, weeks=weeks, **kwargs)


def test_a_zero_sale_moves_nothing():
    out = sc.run(sale(0.0), CAL)
    assert (out.abs().to_numpy() < 1e-12).all()


def test_the_fed_is_off_by_default():
    assert sale().fed == "none"
    huge = sc.run(sale(5000.0, 2), CAL)
    assert huge.yield_change_bp.max() > 200 and (huge.fed_bn == 0).all()


def test_a_bill_only_sale_moves_the_10_year_less_than_a_bond_sale_of_equal_value():
    bills = sc.run(sale(mix=curve.BILLS_ONLY), CAL)
    bonds = sc.run(sale(mix=curve.TEN_YEAR_ONLY), CAL)
    assert 0 < bills.yield_change_bp.max() < 0.1 * bonds.yield_change_bp.max()


def test_a_flight_to_quality_can_lower_yields():
    out = sc.run(sale(100.0, shock="global_risk_off"), CAL, safe_haven_demand_bn_global_risk_off=335.0)
    assert out.yield_change_bp.min() < 0 and out.safe_haven_bn.sum() > out.sales_10y_eq_bn.sum()


def test_a_dash_for_cash_adds_to_the_rise():
    calm = sc.run(sale(), CAL, convenience_yield_loss_bp=0.0)
    for kind in ("dash_for_cash", "us_centred"):
        dash = sc.run(sale(shock=kind), CAL, convenience_yield_loss_bp=0.0)
        assert dash.yield_change_bp.max() > calm.yield_change_bp.max()


def test_the_dollar_rises_in_a_dash_for_cash_and_falls_in_a_us_centred_shock():
    # March 2020: the broad dollar rose while Treasuries were sold; April 2025: it fell. The context decides.
    params = CAL.at("central")
    for kind, sign in (("dash_for_cash", 1), ("us_centred", -1)):
        parts = sc.decompose(sale(0.0, shock=kind), params)
        assert np.sign(parts["context"]["dollar_change_pct"][-1]) == sign
        assert np.all(parts["sale"]["dollar_change_pct"] == 0)
    march = sc.run(sc.presets()["march_2020"], CAL)
    assert march.dollar_change_pct.iloc[-1] > 0


@given(total=st.floats(0, 5000), weeks=st.integers(1, 104), shock=st.sampled_from(["none", "global_risk_off", "dash_for_cash", "us_centred"]),
       intensity=st.floats(0, 1), fed=st.sampled_from(["none", "backstop"]),
       level=st.sampled_from(["low", "central", "high", "benign", "stress"]), gap=st.floats(-2, 6))
@settings(max_examples=40, deadline=None)
def test_accounting_identity_every_week(total, weeks, shock, intensity, fed, level, gap):
    s = sale(total, weeks, shock=shock, intensity=intensity, fed=fed, inflation_gap_pp=gap)
    out = sc.run(s, CAL, level)
    np.testing.assert_allclose(out.sales_10y_eq_bn, out.safe_haven_bn + out.fed_bn + out.private_bn, atol=1e-9)
    assert (out.fed_bn >= 0).all()


def test_a_backstop_slows_a_fast_rise_but_not_a_slow_one():
    fast, slow = sale(3000.0, 2, horizon_weeks=52), sale(3000.0, 104)
    on = dict(fed="backstop")
    fast_on = sc.run(dataclasses.replace(fast, **on), CAL, fed_max_pace_bn_per_week=1e9)
    assert fast_on.fed_bn.sum() > 0
    assert fast_on.yield_change_bp.max() < sc.run(fast, CAL).yield_change_bp.max()
    rise = fast_on.yield_change_bp.to_numpy()
    speed = rise[2:] - rise[:-2]
    assert speed.max() <= CENTRAL["fed_trigger_bp"] + 1e-6  # the speed, not the level, is capped
    assert sc.run(dataclasses.replace(slow, **on), CAL).fed_bn.sum() == 0  # a slow rise: no purchases
    assert fast_on.reserves_bn.iloc[-1] == pytest.approx(fast_on.fed_bn.sum())


def test_inflation_far_above_target_switches_the_backstop_off():
    assert sc.run(sale(3000.0, 2, fed="backstop", inflation_gap_pp=10.0), CAL).fed_bn.sum() == 0


def test_a_default_mix_sale_of_100bn_in_a_week_moves_the_10_year_by_the_scaled_estimate():
    out = sc.run(sc.Scenario("100bn", {"s": 100.0}, weeks=1, horizon_weeks=520), CAL)
    k = float(out.sales_10y_eq_bn.iloc[0] / 100.0)
    assert out.yield_change_bp.iloc[0] == pytest.approx(k * CENTRAL["short_run_impact_bp_per_100bn"])
    assert out.yield_change_bp.iloc[-1] == pytest.approx(k * CENTRAL["long_run_impact_bp_per_100bn"], rel=1e-6)


def test_linear_in_size_when_nothing_binds():
    small, double = sc.run(sale(100.0), CAL), sc.run(sale(200.0), CAL)
    for column in ("yield_change_bp", "yield_change_30y_bp", "extra_interest_bn_per_year", "mortgage_rate_change_bp",
                   "dollar_change_pct"):
        np.testing.assert_allclose(double[column], 2 * small[column], rtol=1e-9, atol=1e-9)
    # twice the sale at a yield that moved twice as far: four times the price concession
    np.testing.assert_allclose(double.sellers_price_concession_bn, 4 * small.sellers_price_concession_bn, rtol=1e-9)


def test_sale_and_context_effects_add_up_and_a_zero_sale_has_no_sale_effect():
    s = sale(800.0, 13, shock="us_centred", fed="backstop")
    parts = sc.decompose(s, CENTRAL)
    for k in sc.OUTPUTS:
        np.testing.assert_allclose(parts["total"][k], parts["sale"][k] + parts["context"][k], atol=1e-9)
    zero = sc.decompose(dataclasses.replace(s, sales_bn={"seller": 0.0}), CENTRAL)
    for k in sc.OUTPUTS:
        assert np.all(zero["sale"][k] == 0), k
    # the dollar: its sale effect is the elasticity times what was sold; its context effect is the shock's
    assert parts["sale"]["dollar_change_pct"][-1] == pytest.approx(-CENTRAL["dollar_elasticity_pct_per_100bn"] * 8)
    assert parts["context"]["dollar_change_pct"][-1] == pytest.approx(CENTRAL["dollar_change_pct_us_centred"])


def test_the_policy_rate_moves_the_bill_not_the_10_year():
    out = sc.run(sale(0.0, policy_rate_change_bp=-50.0), CAL)
    assert (out.yield_change_3m_bp == -50).all() and (out.yield_change_bp == 0).all()


def test_monthly_and_annual_views_aggregate_the_weeks():
    s = sale(520.0, 52)
    weekly, monthly, yearly = (sc.run(s, CAL, freq=f) for f in ("week", "month", "year"))
    assert len(monthly) == 24 and len(yearly) == 2
    assert monthly.sales_bn.sum() == pytest.approx(520) and yearly.sales_bn.iloc[0] == pytest.approx(520)
    assert yearly.extra_interest_bn_per_year.iloc[0] == pytest.approx(weekly.extra_interest_bn_per_year.iloc[:52].mean())
    assert monthly.reserves_bn.iloc[-1] == weekly.reserves_bn.iloc[-1]


def test_a_scenario_given_in_months_is_converted_to_weeks():
    s = sc.Scenario("x", {"a": 1.0}, months=6, horizon_months=12)
    assert s.sale_weeks == 26 and s.total_weeks == 52
    assert dataclasses.replace(s, horizon_months=24).total_weeks == 104


def test_draws_in_one_call_equal_a_loop_over_draws():
    s = sc.presets()["eu_quarter"]
    draws = CAL.draw(5, rng=3)
    together = sc.simulate(s, draws)
    for i in range(5):
        one = sc.simulate(s, {k: v[i] for k, v in draws.items()})
        for key in sc.OUTPUTS:
            np.testing.assert_allclose(together[key][i], one[key], rtol=1e-10, atol=1e-10)


def test_bands_are_ordered_and_the_tornado_ranks_the_price_impact_high():
    s = sc.presets()["eu_quarter"]
    b = sc.bands(sc.run_draws(s, CAL, 500), "yield_change_bp")
    assert (b.diff(axis=1).iloc[:, 1:] >= 0).all().all()
    tornado = sc.sensitivity(s, CAL, sc.peak_yield_change_bp)
    assert tornado.index[0] in ("short_run_impact_bp_per_100bn", "long_run_impact_bp_per_100bn")
    assert "debt_held_by_public_bn" not in tornado.index


def test_presets_take_holdings_from_the_data_and_leave_the_fed_off():
    presets = sc.presets()
    from selloff.data import load
    china = load("tic_major_foreign_holders").loc["2025-12", "china_mainland"]
    assert presets["china_exit"].total_sales_bn == pytest.approx(china)
    for s in presets.values():
        assert s.fed == "none"
        assert sc.run(s, CAL).yield_change_bp.max() >= 0


def test_misspelt_overrides_are_refused():
    with pytest.raises(ValueError, match="unknown parameters"):
        sc.run(sale(), CAL, short_run_impact=5.0)
    with pytest.raises(ValueError, match="short_run_impact_bp_per_100bn"):
        sc.run(sale(), CAL, short_run_impact_bp_per_100bn=np.inf)


@pytest.mark.parametrize("kwargs, message", [
    (dict(sales_bn={"a": -5.0}), "non-negative"),
    (dict(sales_bn={"a": float("nan")}), "finite"),
    (dict(sales_bn={"a": float("inf")}), "finite"),
    (dict(sales_bn={}), "empty"),
    (dict(weeks=0), "weeks"),
    (dict(weeks=2.5), "weeks"),
    (dict(weeks=6, months=2), "not both"),
    (dict(horizon_weeks=0), "horizon_weeks"),
    (dict(weeks=130), "horizon"),
    (dict(shock="martian"), "shock kind"),
    (dict(intensity=1.5), "intensity"),
    (dict(fed="qe-infinity"), "fed"),
    (dict(fed="reactive"), "fed"),
    (dict(holdings_bn={"a": 10.0}), "cannot sell"),
    (dict(mix=(0.5, 0.6, 0, 0, 0)), "mix"),
    (dict(policy_rate_change_bp=np.nan), "policy_rate_change_bp"),
    (dict(inflation_gap_pp=np.inf), "inflation_gap_pp"),
])
def test_bad_scenarios_are_rejected(kwargs, message):
    args = dict(name="x", sales_bn={"a": 100.0}, weeks=26)
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        sc.Scenario(**args)


def test_holders_must_be_in_the_data_and_shares_between_0_and_1():
    with pytest.raises(ValueError, match="not in the TIC data"):
        sc.Scenario.from_holders("x", {"atlantis": 0.5}, weeks=26)
    with pytest.raises(ValueError, match="between 0 and 1"):
        sc.Scenario.from_holders("x", {"japan": 1.5}, weeks=26)


# --- the sale that moves the yield by a given amount ------------------------------------------------

@pytest.mark.parametrize("level", ["low", "central", "high"])
@pytest.mark.parametrize("weeks", [1, 26, 52])
def test_the_sale_found_moves_the_peak_by_the_target(level, weeks):
    params = CAL.at(level)
    size = sc.sale_for_yield_rise_bn(50.0, weeks, params)
    peak = lambda s: float(sc.peak_yield_change_bp(sc.simulate(sale(s, weeks, horizon_weeks=104), params)))
    assert peak(size) >= 50.0 - 1e-9 and peak(size - 0.2) < 50.0


def test_a_bigger_price_impact_needs_a_smaller_sale():
    sizes = [sc.sale_for_yield_rise_bn(50.0, 26, CAL.at(level)) for level in ("low", "central", "high")]
    assert sizes[0] > sizes[1] > sizes[2] > 0


def test_a_flight_to_quality_larger_than_any_sale_means_no_sale_is_large_enough():
    params = {**CENTRAL, "safe_haven_demand_bn_global_risk_off": 1e7}
    assert sc.sale_for_yield_rise_bn(50.0, 13, params, shock="global_risk_off", max_sale_bn=5_000.0) == float("inf")


def test_the_bisection_cannot_loop_forever():
    # the tightest tolerance allowed still stops (after at most MAX_BISECTIONS halvings)
    size = sc.sale_for_yield_rise_bn(50.0, 13, CENTRAL, tol_bn=1e-9 * 100_000.0)
    assert np.isfinite(size)


@pytest.mark.parametrize("kwargs, message", [
    ({"target_bp": 0.0}, "target_bp"), ({"target_bp": float("nan")}, "target_bp"),
    ({"max_sale_bn": -1.0}, "max_sale_bn"), ({"tol_bn": 0.0}, "tol_bn"), ({"tol_bn": 1e-12}, "tol_bn"),
    ({"params": CAL.draw(5, 0)}, "one value per parameter"), ({"weeks": 0}, "weeks"),
])
def test_sale_for_yield_rise_rejects_bad_input(kwargs, message):
    args = {"target_bp": 50.0, "weeks": 26, "params": CENTRAL, **kwargs}
    with pytest.raises(ValueError, match=message):
        sc.sale_for_yield_rise_bn(args.pop("target_bp"), args.pop("weeks"), args.pop("params"), **args)


@pytest.mark.parametrize("weeks", [104, 300])
def test_the_fast_fiscal_cost_equals_the_ladder_on_the_yields_by_maturity(weeks):
    from selloff import fiscal

    rng = np.random.default_rng(0)
    dy = rng.normal(0, 20, size=(3, weeks)).cumsum(axis=-1)
    policy = np.linspace(0, -50, weeks)
    loadings = np.array([[0, 0.4, 0.7, 1.0, 1.1], [0, 0.25, 0.5, 1.0, 0.9], [0, 0.6, 0.9, 1.0, 1.2]])
    fed_share = fiscal.fed_share_by_maturity(4_228.0, 234.0, 31_000.0)
    gross, net = sc.fiscal_cost_bn_per_year(dy, policy, loadings, 31_000.0, 2_180.0, 4.3, fed_share)
    full = fiscal.extra_federal_interest(curve.yields_by_maturity_bp(dy, loadings, policy), 31_000.0, 2_180.0, 4.3,
                                         fed_share)
    np.testing.assert_allclose(gross, full["gross_bn_per_year"], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(net, full["net_of_fed_bn_per_year"], rtol=1e-9, atol=1e-9)


def test_draws_of_the_fiscal_parameters_take_the_general_route_with_the_same_answer():
    s = sale(800.0, 13)
    one = sc.simulate(s, CENTRAL)
    varied = {**CENTRAL, "debt_held_by_public_bn": np.array([CENTRAL["debt_held_by_public_bn"]] * 2 + [20_000.0])}
    two = sc.simulate(s, varied)
    np.testing.assert_allclose(two["extra_interest_bn_per_year"][0], one["extra_interest_bn_per_year"], rtol=1e-9)
    assert two["extra_interest_bn_per_year"][2, -1] < one["extra_interest_bn_per_year"][-1]


def test_fewer_outputs_give_the_same_values():
    s = sale(800.0, 13, fed="backstop", shock="us_centred")
    full = sc.simulate(s, CENTRAL)
    some = sc.simulate(s, CENTRAL, outputs=["yield_change_bp", "sellers_loss_bn"])
    assert set(some) == {"yield_change_bp", "sellers_loss_bn"}
    for k in some:
        np.testing.assert_array_equal(some[k], full[k])
    with pytest.raises(ValueError, match="unknown outputs"):
        sc.simulate(s, CENTRAL, outputs=["yield"])


def test_the_stress_set_gives_a_larger_rise_and_cost_than_the_benign_set():
    s = sale(1000.0, 52, shock="us_centred")
    benign, stress = sc.run(s, CAL, "benign"), sc.run(s, CAL, "stress")
    assert stress.yield_change_bp.max() > 3 * benign.yield_change_bp.max()
    assert stress.extra_interest_bn_per_year.iloc[-1] > benign.extra_interest_bn_per_year.iloc[-1]
    assert stress.dollar_change_pct.iloc[-1] < benign.dollar_change_pct.iloc[-1]


def test_a_weekly_policy_path_moves_the_bill_week_by_week_and_costs_through_the_bill_rung():
    path = tuple(np.r_[np.zeros(52), np.full(52, -100.0)])
    out = sc.run(sale(0.0, policy_rate_change_bp=path), CAL)
    np.testing.assert_allclose(out.yield_change_3m_bp, path)
    assert out.extra_interest_bn_per_year.iloc[51] == 0 and out.extra_interest_bn_per_year.iloc[-1] < 0
    with pytest.raises(ValueError, match="policy_rate_change_bp"):
        sale(0.0, policy_rate_change_bp=(1.0, 2.0))


def test_a_sale_spread_over_a_month_moves_the_yield_by_about_the_short_run_impact_per_100bn():
    out = sc.run(sale(100.0, 4, mix=curve.TEN_YEAR_ONLY), CAL)
    assert 0.85 * CENTRAL["short_run_impact_bp_per_100bn"] < out.yield_change_bp.iloc[3] <= CENTRAL["short_run_impact_bp_per_100bn"]


def test_the_sellers_losses_split_into_self_harm_and_context():
    # Without the sale the sellers keep their bonds: the counterfactual has holdings, not nothing.
    calm = sc.decompose(sale(1000.0, 26), {**CENTRAL, "dollar_elasticity_pct_per_100bn": 0.0})
    assert np.all(calm["sale"]["sellers_fx_loss_bn"] == 0)  # no dollar move, no currency loss
    assert calm["sale"]["sellers_price_concession_bn"][-1] > 0  # selling into its own price impact
    weak = sc.decompose(sale(1000.0, 26), CENTRAL)
    # the currency loss caused by the sale: on everything the sellers held, about holdings x elasticity x sold/100
    expected = 1000.0 * CENTRAL["dollar_elasticity_pct_per_100bn"] * 10 / 100
    assert weak["sale"]["sellers_fx_loss_bn"][-1] == pytest.approx(expected, rel=0.6)
    assert weak["sale"]["sellers_fx_loss_bn"][-1] > 0
    # in a US-centred shock the context's dollar fall is a loss on the holdings whether or not they sell
    us = sc.decompose(sale(1000.0, 26, shock="us_centred"), CENTRAL)
    assert us["context"]["sellers_fx_loss_bn"][-1] == pytest.approx(-1000.0 * CENTRAL["dollar_change_pct_us_centred"] / 100)
