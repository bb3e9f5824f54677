"""Transmission to borrowing costs and equities; the dollar; the sellers' three losses."""

import numpy as np
import pytest

from selloff import curve, dollar, sellers, transmission

YIELDS = np.array([4.0, 4.0, 4.0, 4.0, 4.0])


def test_pass_through_below_one_moves_mortgages_less_than_treasuries_plus_the_stress_spread():
    dy = np.array([10.0, 20.0])
    np.testing.assert_allclose(transmission.borrowing_rate_change_bp(dy, 0.5, 50.0, 0.0), dy / 2)
    np.testing.assert_allclose(transmission.borrowing_rate_change_bp(dy, 0.5, 50.0, 1.0), dy / 2 + 50)


def test_the_dollar_sale_effect_is_proportional_to_cumulative_sales_and_zero_for_no_sale():
    np.testing.assert_allclose(dollar.dollar_sale_effect_pct([100.0, 100.0, 0.0], 0.25), [-0.25, -0.5, -0.5])
    assert np.all(dollar.dollar_sale_effect_pct(np.zeros(5), 1.0) == 0)


def test_the_dollar_context_falls_in_a_us_centred_shock_and_rises_in_a_global_one():
    params = {"dollar_change_pct_us_centred": -5.6, "dollar_change_pct_global_risk_off": 3.0}
    assert dollar.dollar_context_pct("us_centred", params, 2, 4)[-1] == pytest.approx(-5.6)
    assert dollar.dollar_context_pct("global_risk_off", params, 2, 4)[0] == pytest.approx(1.5)
    assert np.all(dollar.dollar_context_pct("none", params, 2, 4) == 0)


def test_equity_values_fall_by_about_duration_times_the_rate_rise_and_never_below_minus_100_pct():
    assert transmission.equity_value_change_pct(np.array([1.0]), 25)[0] == pytest.approx(-0.25, rel=2e-3)
    assert transmission.equity_value_change_pct(np.array([100.0]), 25)[0] == pytest.approx(100 * (np.exp(-0.25) - 1))
    huge = transmission.equity_value_change_pct(np.array([500.0, 2000.0]), 40)
    assert np.all(huge > -100) and huge[1] < huge[0]


def test_the_price_concession_on_ten_year_notes_is_sales_times_duration_times_the_rise():
    d = curve.durations_years(YIELDS)
    dy = np.zeros((2, 5))
    dy[:, 3] = [10.0, 20.0]
    cost = sellers.price_concession_bn([100.0, 100.0], sellers.price_fall_share(dy, curve.TEN_YEAR_ONLY, d))
    np.testing.assert_allclose(cost, np.cumsum([100 * d[3] * 10 / 1e4, 100 * d[3] * 20 / 1e4]))


def test_the_mark_to_market_loss_is_on_what_is_kept():
    d = curve.durations_years(YIELDS)
    dy = np.full((1, 5), 100.0)
    loss = sellers.mark_to_market_loss_bn([1000.0], sellers.price_fall_share(dy, curve.FOREIGN_OFFICIAL_MIX, d))
    assert loss[0] == pytest.approx(1000 * curve.mix_duration_years(curve.FOREIGN_OFFICIAL_MIX, YIELDS) / 100)


def test_a_weaker_dollar_is_a_loss_in_home_currency():
    assert sellers.fx_loss_bn(1000, -5.6) == pytest.approx(56)
    assert sellers.fx_loss_bn(1000, 3.0) == pytest.approx(-30)


def test_alternatives_cite_their_sources():
    bib = open("references.bib", encoding="utf-8").read()
    for row in sellers.ALTERNATIVE_ASSETS:
        assert f"{{{row['source']}," in bib


@pytest.mark.parametrize("call, name", [
    (lambda: sellers.mark_to_market_loss_bn([-1.0], [0.0]), "retained_bn"),
    (lambda: sellers.mark_to_market_loss_bn([1.0], [np.nan]), "fall_share"),
    (lambda: sellers.price_fall_share(np.full((1, 5), np.nan), curve.TEN_YEAR_ONLY, np.ones(5)), "yields_by_maturity"),
    (lambda: sellers.price_fall_share(np.zeros((1, 4)), curve.TEN_YEAR_ONLY, np.ones(5)), "yields_by_maturity"),
    (lambda: sellers.price_concession_bn([-5.0], [0.0]), "sales_bn"),
    (lambda: sellers.price_fall_share(np.zeros((1, 5)), (0.5, 0.5, 0.5, 0, 0), np.ones(5)), "mix"),
    (lambda: sellers.fx_loss_bn(-1, 5), "dollar_assets_bn"),
    (lambda: sellers.fx_loss_bn(1, np.inf), "dollar_change_pct"),
    (lambda: dollar.dollar_sale_effect_pct([1.0], -0.1), "elasticity"),
    (lambda: transmission.borrowing_rate_change_bp([1.0], 1.0, 50, stress=2.0), "stress"),
    (lambda: transmission.borrowing_rate_change_bp([1.0], 1.5, 50), "pass_through"),
])
def test_bad_input_is_rejected(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_the_dollars_change_in_home_currency_follows_the_quote():
    # yen per dollar 150 -> 135: the dollar lost 10% of its yen value; dollars per euro 1.00 -> 1.25: -20%
    assert sellers.dollar_change_in_home_currency_pct(150.0, 135.0, "home_per_dollar") == pytest.approx(-10.0)
    assert sellers.dollar_change_in_home_currency_pct(1.00, 1.25, "dollars_per_home") == pytest.approx(-20.0)
    assert sellers.dollar_change_in_home_currency_pct(7.0, 7.0, "home_per_dollar") == 0.0
    assert sellers.fx_loss_bn(1000.0, sellers.dollar_change_in_home_currency_pct(1.0, 1.25, "dollars_per_home")) \
        == pytest.approx(200.0)
    with pytest.raises(ValueError, match="quote"):
        sellers.dollar_change_in_home_currency_pct(1.0, 1.1, "per_dollar")


def test_a_purchase_moves_a_smaller_market_more_in_proportion_to_size():
    us = sellers.purchase_yield_fall_bp(1000.0, 3.0, 30_000.0, 30_000.0)
    assert us == pytest.approx(30.0)
    assert sellers.purchase_yield_fall_bp(1000.0, 3.0, 30_000.0, 3_000.0) == pytest.approx(10 * us)
    assert sellers.purchase_yield_fall_bp(0.0, 3.0, 30_000.0, 3_000.0) == 0.0
