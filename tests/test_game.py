"""The classroom coalition game (selloff.game): teams, a round's tally and what it reveals."""

import numpy as np
import pandas as pd
import pytest

from selloff import coalition, game, holders
from selloff.calibration import default_calibration
from selloff.data import load

P = default_calibration().at("central")
TIC = load("tic_major_foreign_holders")
MONTH = str(TIC.index[-1])
HOLDINGS = {"a": 800.0, "b": 400.0, "c": 200.0}


def test_team_holdings_are_the_sums_of_their_tic_lines():
    teams = game.team_holdings_bn(TIC, MONTH)
    assert set(teams) == set(game.DEFAULT_TEAMS)
    assert teams["Japan"] == pytest.approx(TIC.loc[MONTH, "japan"])
    assert teams["EU members"] == pytest.approx(holders.group_holdings_bn(TIC, holders.EU_MEMBERS)[pd.Period(MONTH, "M")])
    assert all(v > 0 for v in teams.values())


@pytest.mark.parametrize("teams, month, message", [
    ({}, MONTH, "teams is empty"),
    ({"x": ("atlantis",)}, MONTH, "not in the TIC data"),
    ({"x": ("japan",), "y": ("japan", "canada")}, MONTH, "in two teams"),
    ({"x": "japan"}, MONTH, "sequence of TIC lines"),
    ({"x": ("japan",)}, "1990-01", "not in the TIC data"),
])
def test_bad_teams_or_month_are_refused(teams, month, message):
    with pytest.raises(ValueError, match=message):
        game.team_holdings_bn(TIC, month, teams)


def test_when_everyone_holds_nothing_happens():
    result = game.play_round(HOLDINGS, {"a": "hold", "b": "HOLD", "c": False}, 0.5, 6, P)
    assert result.sold_bn == 0 and result.sellers == 0
    assert result.us_extra_interest_bn == 0 and result.peak_10y_change_bp == 0
    assert np.allclose(result.yield_10y_path_bp, 0)
    assert (result.teams[list(game.LOSS_COLUMNS)] == 0).all().all()


def test_when_everyone_sells_the_round_is_coalitions_outcome():
    result = game.play_round(HOLDINGS, {t: "sell" for t in HOLDINGS}, 0.5, 6, P)
    table = coalition.coalition_outcome(HOLDINGS, 0.5, 6, P)
    for team in HOLDINGS:
        assert result.teams.loc[team, "total_loss_bn"] == pytest.approx(table.loc[team, "total_loss_bn"])
    assert result.us_extra_interest_bn == pytest.approx(table.loc["United States (extra interest)", "total_loss_bn"])
    assert result.sold_bn == pytest.approx(0.5 * sum(HOLDINGS.values())) and result.sellers == 3


def test_holders_lose_too_but_pay_no_cost_of_selling():
    result = game.play_round(HOLDINGS, {"a": "sell", "b": "hold", "c": "hold"}, 0.5, 6, P)
    assert result.teams.loc["b", "mark_to_market_loss_bn"] > 0 and result.teams.loc["b", "selling_cost_bn"] == 0
    assert result.teams.loc["a", "selling_cost_bn"] > 0 and result.teams.loc["b", "decision"] == "hold"
    assert result.peak_10y_change_bp >= result.end_10y_change_bp > 0


def test_more_sellers_push_yields_and_the_us_bill_higher():
    one = game.play_round(HOLDINGS, {"a": "hold", "b": "sell", "c": "hold"}, 0.5, 6, P)
    two = game.play_round(HOLDINGS, {"a": "hold", "b": "sell", "c": "sell"}, 0.5, 6, P)
    assert two.peak_10y_change_bp > one.peak_10y_change_bp > 0
    assert two.us_extra_interest_bn > one.us_extra_interest_bn > 0


def test_the_pressure_flag_is_the_threshold_and_the_fed_switch_is_passed_on():
    result = game.play_round(HOLDINGS, {t: "sell" for t in HOLDINGS}, 1.0, 1, P, pressure_threshold_bn=1.0)
    assert result.pressure is (result.us_extra_interest_bn >= 1.0) is True
    unreachable = game.play_round(HOLDINGS, {t: "sell" for t in HOLDINGS}, 1.0, 1, P, pressure_threshold_bn=1e9)
    assert unreachable.pressure is False
    assert game.play_round(HOLDINGS, {t: "hold" for t in HOLDINGS}, 0.5, 6, P).pressure is None
    with pytest.raises(ValueError, match="fed"):   # the scenario's switches reach the model
        game.play_round(HOLDINGS, {t: "sell" for t in HOLDINGS}, 1.0, 1, P, fed="sometimes")


@pytest.mark.parametrize("decisions, message", [
    ({"a": "sell", "b": "hold"}, "missing \\['c'\\]"),
    ({"a": "sell", "b": "hold", "c": "hold", "d": "sell"}, "unknown \\['d'\\]"),
    ({"a": "maybe", "b": "hold", "c": "hold"}, "decisions\\['a'\\] must be 'sell' or 'hold', got 'maybe'"),
    ({"a": 1, "b": "hold", "c": "hold"}, "got 1"),
])
def test_bad_decisions_are_refused(decisions, message):
    with pytest.raises(ValueError, match=message):
        game.play_round(HOLDINGS, decisions, 0.5, 6, P)


@pytest.mark.parametrize("kwargs, message", [
    ({"share_sold": 1.5}, "share_sold"), ({"share_sold": float("nan")}, "share_sold"),
    ({"holdings_bn": {"a": -1.0, "b": 1.0, "c": 1.0}}, "holdings_bn\\['a'\\]"),
    ({"pressure_threshold_bn": -5.0}, "pressure_threshold_bn"),
])
def test_bad_numbers_are_refused(kwargs, message):
    args = {"holdings_bn": HOLDINGS, "decisions": {t: "sell" for t in HOLDINGS}, "share_sold": 0.5, "months": 6,
            "params": P, **kwargs}
    with pytest.raises(ValueError, match=message):
        game.play_round(**args)


def test_results_table_has_a_row_per_round_and_each_teams_choice_and_loss():
    rounds = [game.play_round(HOLDINGS, {"a": d, "b": "hold", "c": "hold"}, 0.5, 6, P) for d in ("sell", "hold")]
    table = game.results_table(rounds)
    assert list(table.index) == [1, 2] and table.loc[1, "a: decision"] == "sell" and table.loc[2, "sellers"] == 0
    assert table.loc[1, "b: loss_bn"] == pytest.approx(rounds[0].teams.loc["b", "total_loss_bn"])
    assert table.loc[1, "us_extra_interest_bn"] > table.loc[2, "us_extra_interest_bn"] == 0
