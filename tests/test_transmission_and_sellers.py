"""Transmission to borrowing costs, the dollar and equities; the sellers' own losses."""

import numpy as np
import pytest

from selloff import sellers, transmission


def test_complete_pass_through_moves_mortgages_one_for_one_plus_the_stress_spread():
    dy = np.array([10.0, 20.0])
    np.testing.assert_allclose(transmission.borrowing_rate_change_bp(dy, 1.0, 50.0, 0.0), dy)
    np.testing.assert_allclose(transmission.borrowing_rate_change_bp(dy, 1.0, 50.0, 1.0), dy + 50)


def test_the_dollar_falls_in_a_us_centred_shock_and_rises_in_a_global_one():
    params = {"dollar_change_pct_us_centred": -5.6, "dollar_change_pct_global_risk_off": 3.0}
    assert transmission.dollar_change_pct("us_centred", params) < 0 < transmission.dollar_change_pct("global_risk_off", params)
    assert transmission.dollar_change_pct("none", params) == 0
    assert transmission.dollar_change_pct("us_centred", params, 0.5) == pytest.approx(-2.8)


def test_equity_values_fall_by_duration_times_the_rate_rise():
    assert transmission.equity_value_change_pct(np.array([100.0]), 25)[0] == pytest.approx(-25)


def test_duration_loss_is_holdings_times_duration_times_the_yield_change():
    # $1,000bn at a duration of 5.5 years loses about 5.5% for +100bp.
    assert sellers.mark_to_market_loss_bn(1000, 5.5, 100) == pytest.approx(55)


def test_selling_into_a_higher_yield_costs_the_sellers():
    cost = sellers.selling_cost_bn(np.array([100.0, 100.0, 0.0]), 5.0, np.array([10.0, 20.0, 30.0]))
    np.testing.assert_allclose(cost, [0.5, 1.5, 1.5])


def test_a_weaker_dollar_is_a_loss_in_home_currency():
    assert sellers.fx_loss_bn(1000, -5.6) == pytest.approx(56)
    assert sellers.fx_loss_bn(1000, 3.0) == pytest.approx(-30)


def test_alternatives_cite_their_sources():
    bib = open("references.bib", encoding="utf-8").read()
    for row in sellers.ALTERNATIVE_ASSETS:
        assert f"{{{row['source']}," in bib


@pytest.mark.parametrize("call", [
    lambda: sellers.mark_to_market_loss_bn(-1, 5, 10),
    lambda: sellers.mark_to_market_loss_bn(100, 5, np.nan),
    lambda: sellers.selling_cost_bn([-5.0], 5, [10.0]),
    lambda: sellers.fx_loss_bn(-1, 5),
    lambda: transmission.dollar_change_pct("martian", {}),
    lambda: transmission.borrowing_rate_change_bp([1.0], 1.0, 50, stress=2.0),
])
def test_bad_input_is_rejected(call):
    with pytest.raises(ValueError):
        call()
