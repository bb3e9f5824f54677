"""The verdict: the lab's scenarios, the yardstick, and a verdict row's economics, shapes and bad input."""

import dataclasses

import numpy as np
import pytest

from selloff import verdict as vd
from selloff.calibration import default_calibration

CAL = default_calibration()
CENTRAL = CAL.at("central")


def peak(scenario, params=CENTRAL, measure="peak_10y_bp"):
    return vd.per_draw(scenario, params)[measure]


def test_the_yardstick_is_april_2025_computed_from_the_daily_data():
    stick = vd.yardstick()
    assert round(stick["april_2025_10y_bp"]) == 47   # curve.LOADING_WINDOWS: +47bp in a week
    assert round(stick["march_2020_10y_bp"]) == 64   # Vissing-Jorgensen (2021): +64bp, 9-18 March 2020
    assert stick["cbo_tenth_point_bn_per_year_low"] < stick["cbo_tenth_point_bn_per_year_high"]


def test_the_named_scenarios_come_from_the_tic_holdings():
    scenarios = vd.lab_scenarios()
    assert set(scenarios) == set(vd.LAB_ROWS) and 8 <= len(scenarios) <= 12
    eu, coalition = scenarios["eu_calm"], scenarios["coalition_us_centred"]
    assert set(eu.sales_bn) == set(vd.SELLERS["eu"][1])
    assert coalition.total_sales_bn > eu.total_sales_bn > scenarios["china_calm"].total_sales_bn > 0
    for s in scenarios.values():  # each seller sells the default share of what it held
        assert s.total_sales_bn == pytest.approx(vd.DEFAULT_SHARE * s.total_holdings_bn)
    assert scenarios["coalition_us_centred_fed_high_inflation"].inflation_gap_pp > 0


def test_the_peak_rises_with_the_sale():
    peaks = [float(peak(vd.lab_scenario("eu", "us_centred", share_sold=s))) for s in (0.0, 0.1, 0.3, 0.6, 1.0)]
    assert np.all(np.diff(peaks) > 0)


def test_a_zero_sale_has_a_zero_sale_effect():
    out = vd.per_draw(vd.lab_scenario("coalition", "us_centred", "backstop", share_sold=0.0), CAL.draw(50, 1))
    for k in ("sale_peak_10y_bp", "sellers_self_harm_bn", "us_sale_cost_bn"):
        assert np.all(np.abs(out[k]) < 1e-9), k
    assert np.all(out["peak_10y_bp"] > 0)  # the context alone still moves the yield


def test_the_fed_never_raises_the_peak():
    draws = CAL.draw(200, 2)
    for share_sold, weeks in ((0.5, 13), (1.0, 2)):
        off = vd.lab_scenario("coalition", "us_centred", share_sold=share_sold, weeks=weeks)
        on = dataclasses.replace(off, fed="backstop")
        assert np.all(peak(on, draws) <= peak(off, draws) + 1e-9)
    fast = vd.lab_scenario("coalition", "us_centred", "backstop", share_sold=1.0, weeks=2)
    assert np.any(vd.per_draw(fast, draws)["fed_purchases_bn"] > 0)  # a fast enough sale does trigger it


def test_a_global_risk_off_lowers_the_peak_against_calm_and_a_us_centred_shock_raises_it():
    draws = CAL.draw(200, 3)
    calm, risk_off, us = (peak(vd.lab_scenario("eu", c), draws) for c in ("calm", "risk_off", "us_centred"))
    assert np.all(risk_off <= calm) and np.all(us >= calm)


def test_a_verdict_row_has_ordered_bands_and_consistent_verdicts():
    scenarios = vd.lab_scenarios()
    table = vd.verdict_table({k: scenarios[k] for k in ("eu_calm", "china_risk_off", "eu_us_centred_fed")}, CAL, n=100)
    assert list(table.index) == ["eu_calm", "china_risk_off", "eu_us_centred_fed"]
    for q in ("peak_10y_bp", "extra_interest_bn_per_year", "sellers_loss_bn"):
        assert np.all(table[f"{q}_p5"] <= table[f"{q}_p50"]) and np.all(table[f"{q}_p50"] <= table[f"{q}_p95"])
    for _, row in table.iterrows():
        assert 0 <= row.large_share <= 1 and 0 <= row.sale_large_share <= 1
        expected = "large" if row.large_share >= vd.LARGE else "small" if row.large_share <= vd.SMALL else "mixed"
        assert row.pressure == expected
    assert table.loc["eu_calm", "safe_haven"].startswith("not tested")
    assert table.loc["eu_calm", "fed"] == "switched off" and table.loc["eu_us_centred_fed", "fed"] != "switched off"
    assert table.loc["china_risk_off", "safe_haven_offset_share_p50"] > 0      # a flight to quality offsets it
    assert table.loc["eu_us_centred_fed", "safe_haven_offset_share_p50"] < 0   # investors sell too
    # with no shock and no Fed the whole rise is the sale's
    assert table.loc["eu_calm", "peak_10y_bp_p50"] == pytest.approx(table.loc["eu_calm", "sale_peak_10y_bp_p50"])
    # the share of the bill is the gross extra interest over the NIPA bill
    row = table.loc["eu_calm"]
    assert row.extra_interest_pct_of_bill_p50 == pytest.approx(
        100 * row.extra_interest_bn_per_year_p50 / CENTRAL["interest_payments_bn"])


def test_the_same_seed_gives_the_same_row():
    s = vd.lab_scenarios()["eu_us_centred"]
    assert vd.verdict_row(s, CAL, n=50, rng=4) == vd.verdict_row(s, CAL, n=50, rng=4)


def test_the_region_where_the_sale_works_grows_with_the_price_impact():
    s = vd.lab_scenario("china", "calm")
    xs = [CAL["short_run_impact_bp_per_100bn"].low, CAL["short_run_impact_bp_per_100bn"].high]
    grid = vd.works_region(s, CAL, ("short_run_impact_bp_per_100bn", xs), ("impact_half_life_weeks", [5.0, 20.0]), n=50)
    assert grid.shape == (2, 2) and ((grid >= 0) & (grid <= 1)).all().all()
    assert np.all(grid.iloc[:, 1].to_numpy() >= grid.iloc[:, 0].to_numpy())
    assert grid.iloc[:, 1].max() > grid.iloc[:, 0].min()


@pytest.mark.parametrize("call, name", [
    (lambda: vd.lab_scenario("france", "calm"), "sellers"),
    (lambda: vd.lab_scenario("eu", "panic"), "context"),
    (lambda: vd.lab_scenario("eu", "calm", fed="qe"), "fed"),
    (lambda: vd.lab_scenario("eu", "calm", inflation="medium"), "inflation"),
    (lambda: vd.lab_scenario("eu", "calm", share_sold=1.5), "share_sold"),
    (lambda: vd.lab_scenario("eu", "calm", share_sold=-0.1), "share_sold"),
    (lambda: vd.lab_scenario("eu", "calm", share_sold=float("nan")), "share_sold"),
    (lambda: vd.lab_scenario("eu", "calm", weeks=0), "weeks"),
    (lambda: vd.lab_scenario("eu", "calm", weeks=2.5), "weeks"),
    (lambda: vd.verdict_row("eu", CAL), "scenario"),
    (lambda: vd.verdict_row(vd.lab_scenario("eu", "calm"), CENTRAL), "calibration"),
    (lambda: vd.verdict_row(vd.lab_scenario("eu", "calm"), CAL, n=0), "n must be"),
    (lambda: vd.verdict_row(vd.lab_scenario("eu", "calm"), CAL, n=10, yardstick_bp=float("inf")), "yardstick_bp"),
    (lambda: vd.verdict_row(vd.lab_scenario("eu", "calm"), CAL, n=10, yardstick_bp=-5.0), "yardstick_bp"),
    (lambda: vd.verdict_table({}, CAL), "scenarios"),
    (lambda: vd.verdict_table([vd.lab_scenario("eu", "calm")], CAL), "scenarios"),
    (lambda: vd.works_region(vd.lab_scenario("eu", "calm"), CAL, ("nope", [1.0]), ("fed_strength", [1.0])), "nope"),
    (lambda: vd.works_region(vd.lab_scenario("eu", "calm"), CAL, ("fed_strength", [np.nan]),
                             ("wam_years", [6.0])), "x values"),
    (lambda: vd.works_region(vd.lab_scenario("eu", "calm"), CAL, ("fed_strength", [1.0]),
                             ("wam_years", [[6.0]])), "y values"),
    (lambda: vd.works_region(vd.lab_scenario("eu", "calm"), CAL, ("fed_strength", [1.0]),
                             ("fed_strength", [1.0])), "two parameters"),
    (lambda: vd.works_region(vd.lab_scenario("eu", "calm"), CAL, "fed_strength", ("wam_years", [6.0])), "x must"),
    (lambda: vd.works_region(vd.lab_scenario("eu", "calm"), CAL, ("fed_strength", [1.0]), ("wam_years", [6.0]),
                             measure="peak_2y_bp"), "measure"),
])
def test_bad_input_is_refused_by_name(call, name):
    with pytest.raises(ValueError, match=name):
        call()
