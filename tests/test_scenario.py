"""Scenarios: the blocks composed, month by month."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selloff import scenario as sc
from selloff.calibration import default_calibration

CAL = default_calibration()
CENTRAL = CAL.at("central")


def sale(total=500.0, months=6, **kwargs):
    return sc.Scenario("test", {"seller": total}, months=months, **kwargs)


def test_no_sale_nothing_moves():
    out = sc.run(sale(0.0), CAL)
    assert (out.drop(columns=["sales_bn"]).abs().to_numpy() < 1e-12).all()


@given(total=st.floats(0, 5000), months=st.integers(1, 24), shock=st.sampled_from(["none", "global_risk_off", "us_centred"]),
       intensity=st.floats(0, 1), fed=st.sampled_from(["none", "reactive"]), level=st.sampled_from(["low", "central", "high"]),
       gap=st.floats(-2, 6))
@settings(max_examples=60, deadline=None)
def test_accounting_identity_every_month(total, months, shock, intensity, fed, level, gap):
    s = sale(total, months, shock=shock, intensity=intensity, fed=fed, inflation_gap_pp=gap, horizon_months=24)
    out = sc.run(s, CAL, level)
    np.testing.assert_allclose(out.sales_bn, out.safe_haven_bn + out.fed_bn + out.private_bn, atol=1e-9)
    assert (out.fed_bn >= 0).all()


def test_a_safe_haven_offset_of_one_leaves_yields_unchanged():
    out = sc.run(sale(shock="global_risk_off"), CAL, safe_haven_offset_global_risk_off=1.0)
    assert np.allclose(out.yield_change_bp, 0) and np.allclose(out.safe_haven_bn, out.sales_bn)


def test_a_full_fed_cap_holds_the_rise_at_the_threshold():
    big = sale(3000.0, 3)
    capped = sc.run(big, CAL, fed_strength=1.0, fed_max_pace_bn_per_month=1e9)
    uncapped = sc.run(sc.Scenario("no Fed", {"seller": 3000.0}, months=3, fed="none"), CAL)
    assert uncapped.yield_change_bp.max() > 100
    assert capped.yield_change_bp.max() == pytest.approx(CENTRAL["fed_threshold_bp"])
    assert capped.fed_bn.sum() > 0 and capped.reserves_bn.iloc[-1] == pytest.approx(capped.fed_bn.sum())


def test_inflation_far_above_target_switches_the_backstop_off():
    big = sale(3000.0, 3, inflation_gap_pp=10.0)
    assert sc.run(big, CAL).fed_bn.sum() == 0


def test_central_calibration_reproduces_its_per_100bn_figures():
    one_month = sc.run(sc.Scenario("100bn", {"s": 100.0}, months=1, horizon_months=120), CAL)
    assert one_month.yield_change_bp.iloc[0] == pytest.approx(CENTRAL["short_run_impact_bp_per_100bn"])
    assert one_month.yield_change_bp.iloc[-1] == pytest.approx(CENTRAL["long_run_impact_bp_per_100bn"], abs=1e-6)


def test_linear_in_size_when_nothing_binds():
    small, double = sc.run(sale(100.0), CAL), sc.run(sale(200.0), CAL)
    for column in ("yield_change_bp", "extra_interest_bn_per_year", "mortgage_rate_change_bp"):
        np.testing.assert_allclose(double[column], 2 * small[column], rtol=1e-9, atol=1e-9)
    # The sellers lose on a position twice as large at a yield that moved twice as far: four times as much.
    np.testing.assert_allclose(double.sellers_loss_bn, 4 * small.sellers_loss_bn, rtol=1e-9, atol=1e-9)


def test_us_centred_shock_adds_the_convenience_loss_and_weakens_the_dollar():
    calm, us = sc.run(sale(fed="none"), CAL), sc.run(sale(shock="us_centred", fed="none"), CAL)
    assert us.yield_change_bp.iloc[-1] - calm.yield_change_bp.iloc[-1] == pytest.approx(CENTRAL["convenience_yield_loss_bp"])
    assert us.dollar_change_pct.iloc[-1] == pytest.approx(CENTRAL["dollar_change_pct_us_centred"])
    assert us.mortgage_rate_change_bp.iloc[0] > calm.mortgage_rate_change_bp.iloc[0]


def test_draws_in_one_call_equal_a_loop_over_draws():
    s = sc.presets()["eu_quarter"]
    draws = CAL.draw(5, rng=3)
    together = sc.simulate(s, draws)
    for i in range(5):
        one = sc.simulate(s, {k: v[i] for k, v in draws.items()})
        for key in sc.OUTPUTS:
            np.testing.assert_allclose(together[key][i], one[key], rtol=1e-10, atol=1e-10)


def test_bands_are_ordered_and_the_tornado_ranks_the_short_run_impact_high():
    s = sc.presets()["eu_quarter"]
    b = sc.bands(sc.run_draws(s, CAL, 500), "yield_change_bp")
    assert (b.diff(axis=1).iloc[:, 1:] >= 0).all().all()
    tornado = sc.sensitivity(s, CAL, sc.peak_yield_change_bp)
    assert tornado.index[0] == "short_run_impact_bp_per_100bn"
    assert "debt_held_by_public_bn" not in tornado.index  # single-valued data parameters are left out


def test_presets_take_holdings_from_the_data():
    presets = sc.presets()
    from selloff.data import load
    china = load("tic_major_foreign_holders").loc["2025-12", "china_mainland"]
    assert presets["china_exit"].total_sales_bn == pytest.approx(china)
    assert presets["eu_quarter"].total_sales_bn == pytest.approx(0.25 * presets["eu_quarter"].total_holdings_bn)
    for s in presets.values():
        out = sc.run(s, CAL)
        assert out.yield_change_bp.max() >= 0


@pytest.mark.parametrize("kwargs, message", [
    (dict(sales_bn={"a": -5.0}), "non-negative"),
    (dict(sales_bn={"a": float("nan")}), "non-negative"),
    (dict(sales_bn={}), "empty"),
    (dict(months=0), "months"),
    (dict(horizon_months=0), "horizon"),
    (dict(months=30, horizon_months=24), "exceed"),
    (dict(shock="martian"), "shock kind"),
    (dict(intensity=1.5), "intensity"),
    (dict(fed="qe-infinity"), "fed"),
    (dict(holdings_bn={"a": 10.0}), "cannot sell"),
])
def test_bad_scenarios_are_rejected(kwargs, message):
    args = dict(name="x", sales_bn={"a": 100.0}, months=6)
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        sc.Scenario(**args)


def test_holders_must_be_in_the_data_and_shares_between_0_and_1():
    with pytest.raises(ValueError, match="not in the TIC data"):
        sc.Scenario.from_holders("x", {"atlantis": 0.5}, months=6)
    with pytest.raises(ValueError, match="between 0 and 1"):
        sc.Scenario.from_holders("x", {"japan": 1.5}, months=6)
    with pytest.raises(ValueError, match="not in the TIC data"):
        sc.Scenario.from_holders("x", {"japan": 0.5}, months=6, month="1999-01")


# --- the sale that moves the yield by a given amount ------------------------------------------------

@pytest.mark.parametrize("level", ["low", "central", "high"])
@pytest.mark.parametrize("months", [1, 6, 12])
def test_the_sale_found_moves_the_peak_by_the_target(level, months):
    params = CAL.at(level)
    size = sc.sale_for_yield_rise_bn(50.0, months, params)
    peak = lambda s: float(sc.peak_yield_change_bp(sc.simulate(sale(s, months, fed="none"), params)))
    assert peak(size) >= 50.0 - 1e-9 and peak(size - 0.2) < 50.0


def test_one_month_sale_at_the_central_impact_is_target_over_the_impact():
    # $100bn in one month moves the yield by the short-run impact, so 50bp needs 50 / 15 x $100bn.
    size = sc.sale_for_yield_rise_bn(50.0, 1, CENTRAL, tol_bn=0.01)
    assert size == pytest.approx(100.0 * 50.0 / CENTRAL["short_run_impact_bp_per_100bn"], abs=0.02)


def test_a_bigger_price_impact_needs_a_smaller_sale():
    sizes = [sc.sale_for_yield_rise_bn(50.0, 6, CAL.at(level)) for level in ("low", "central", "high")]
    assert sizes[0] > sizes[1] > sizes[2] > 0


def test_a_fed_that_caps_below_the_target_means_no_sale_is_large_enough():
    params = {**CENTRAL, "fed_threshold_bp": 40.0, "fed_strength": 1.0, "fed_max_pace_bn_per_month": 1e9}
    assert sc.sale_for_yield_rise_bn(50.0, 3, params, fed="reactive", max_sale_bn=5_000.0) == float("inf")


def test_full_safe_haven_offset_means_no_sale_is_large_enough():
    params = {**CENTRAL, "safe_haven_offset_global_risk_off": 1.0}
    assert sc.sale_for_yield_rise_bn(50.0, 3, params, shock="global_risk_off", max_sale_bn=5_000.0) == float("inf")


@pytest.mark.parametrize("kwargs, message", [
    ({"target_bp": 0.0}, "target_bp"), ({"target_bp": float("nan")}, "target_bp"),
    ({"max_sale_bn": -1.0}, "max_sale_bn"), ({"tol_bn": 0.0}, "tol_bn"),
    ({"params": CAL.draw(5, 0)}, "one value per parameter"), ({"months": 0}, "months"),
])
def test_sale_for_yield_rise_rejects_bad_input(kwargs, message):
    args = {"target_bp": 50.0, "months": 6, "params": CENTRAL, **kwargs}
    with pytest.raises(ValueError, match=message):
        sc.sale_for_yield_rise_bn(args.pop("target_bp"), args.pop("months"), args.pop("params"), **args)
