"""Coalitions of sellers and the sell/hold game."""

import pytest

from selloff import coalition
from selloff.calibration import default_calibration

P = default_calibration().at("central")
HOLDINGS = {"a": 400.0, "b": 200.0}


def test_losses_are_shared_in_proportion_to_holdings_when_all_sell_the_same_share():
    table = coalition.coalition_outcome(HOLDINGS, 0.5, 6, P)
    assert table.loc["a", "total_loss_bn"] == pytest.approx(2 * table.loc["b", "total_loss_bn"])
    assert table.loc["a", "sold_bn"] == 200.0
    assert table.loc["United States (extra interest)", "total_loss_bn"] > 0


def test_the_sale_weakens_the_dollar_and_a_us_centred_shock_adds_to_the_fx_loss():
    calm = coalition.coalition_outcome(HOLDINGS, 0.5, 6, P)
    no_fx = coalition.coalition_outcome(HOLDINGS, 0.5, 6, {**P, "dollar_elasticity_pct_per_100bn": 0.0})
    us = coalition.coalition_outcome(HOLDINGS, 0.5, 6, P, shock="us_centred")
    assert no_fx.loc["a", "fx_loss_bn"] == 0 < calm.loc["a", "fx_loss_bn"] < us.loc["a", "fx_loss_bn"]


def test_a_holder_who_holds_bears_no_selling_cost_but_still_loses_on_what_it_keeps():
    losses, us_cost = coalition.member_losses(HOLDINGS, {"a": True, "b": False}, 0.5, 6, P)
    assert losses["b"]["sold_bn"] == 0 and losses["b"]["selling_cost_bn"] == 0
    assert losses["b"]["mark_to_market_loss_bn"] > 0 and losses["b"]["fx_loss_bn"] > 0
    assert losses["a"]["selling_cost_bn"] > 0 and us_cost > 0
    nobody, no_cost = coalition.member_losses(HOLDINGS, {"a": False, "b": False}, 0.5, 6, P)
    assert no_cost == 0 and all(row["total_loss_bn"] == 0 for row in nobody.values())


def test_with_no_political_value_holding_is_the_only_equilibrium():
    game = coalition.sell_hold_game(HOLDINGS, 0.0, 10.0, 0.5, 6, P)
    assert game.loc[game.equilibrium, "sellers"].tolist() == [()]


def test_free_riding_when_one_seller_is_enough():
    # If either seller alone creates the pressure and the gain is large, exactly one sells in equilibrium:
    # each would rather the other bore the cost of selling.
    game = coalition.sell_hold_game({"a": 600.0, "b": 600.0}, 1000.0, 1.0, 0.5, 6, P)
    equilibria = set(game.loc[game.equilibrium, "sellers"])
    assert equilibria == {("a",), ("b",)}


def test_a_coordination_problem_when_only_both_together_create_pressure():
    one = coalition.sell_hold_game({"a": 600.0, "b": 600.0}, 1000.0, 1.0, 0.5, 6, P)
    both_needed = one.loc[one.sellers == ("a", "b"), "us_extra_interest_bn"].item()
    alone = one.loc[one.sellers == ("a",), "us_extra_interest_bn"].item()
    threshold = (both_needed + alone) / 2
    game = coalition.sell_hold_game({"a": 600.0, "b": 600.0}, 1000.0, threshold, 0.5, 6, P)
    assert set(game.loc[game.equilibrium, "sellers"]) == {(), ("a", "b")}


@pytest.mark.parametrize("call", [
    lambda: coalition.coalition_outcome({}, 0.5, 6, P),
    lambda: coalition.coalition_outcome({"a": -1.0}, 0.5, 6, P),
    lambda: coalition.coalition_outcome({"a": 1.0}, 1.5, 6, P),
    lambda: coalition.sell_hold_game({f"h{i}": 1.0 for i in range(9)}, 1.0, 1.0, 0.5, 6, P),
    lambda: coalition.sell_hold_game(HOLDINGS, -1.0, 1.0, 0.5, 6, P),
    lambda: coalition.member_losses(HOLDINGS, {"a": True}, 0.5, 6, P),
    lambda: coalition.member_losses({"a": float("nan")}, {"a": True}, 0.5, 6, P),
])
def test_bad_input_is_rejected(call):
    with pytest.raises(ValueError):
        call()
