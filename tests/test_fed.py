"""The Fed: purchases on a dysfunction (speed) trigger, limited by pace and inflation; the consolidated cost."""

import numpy as np
import pytest

from selloff.fed import fed_purchases_bn, qe_interest_cost_bn_per_year, willingness


def test_no_purchases_when_the_rise_is_slower_than_the_trigger():
    assert fed_purchases_bn(59.9, 60, 1.0, 500, 15) == 0


def test_full_strength_buys_exactly_what_removes_the_excess_speed():
    # 30bp faster than the trigger at 15bp per $100bn: $200bn brings the rise back to the trigger.
    assert fed_purchases_bn(90, 60, 1.0, 1e9, 15) == pytest.approx(200)


def test_pace_limits_purchases_and_strength_scales_them():
    assert fed_purchases_bn(90, 60, 1.0, 50, 15) == 50
    assert fed_purchases_bn(90, 60, 0.5, 1e9, 15) == pytest.approx(100)


def test_inflation_above_target_weakens_the_backstop():
    assert willingness(1.0, 0.0, 2.0) == 1.0
    assert willingness(1.0, 1.0, 2.0) == pytest.approx(0.5)
    assert willingness(1.0, 3.0, 2.0) == 0.0
    assert willingness(1.0, -1.0, 2.0) == 1.0


def test_qe_costs_money_when_reserves_pay_more_than_the_bonds_yield():
    # $1,000bn bought at 4% and financed with reserves at 5%: +$10bn a year; at 3%: -$10bn (it earns money).
    assert qe_interest_cost_bn_per_year(np.array([1000.0]), 5.0, 4.0)[-1] == pytest.approx(10)
    assert qe_interest_cost_bn_per_year(np.array([1000.0]), 3.0, 4.0)[-1] == pytest.approx(-10)


def test_qe_cost_locks_in_the_yield_at_purchase():
    cost = qe_interest_cost_bn_per_year(np.array([1000.0, 0.0]), 4.0, np.array([4.0, 6.0]))
    np.testing.assert_allclose(cost, [0.0, 0.0])  # the later yield rise does not change what the bonds pay


@pytest.mark.parametrize("args, name", [((90, -1, 1.0, 50, 15), "trigger_bp"), ((90, 60, 1.5, 50, 15), "strength"),
                                        ((90, 60, 1.0, -5, 15), "max_pace"), ((90, 60, 1.0, 50, 0), "short_run"),
                                        ((np.nan, 60, 1.0, 50, 15), "rise_over_window"),
                                        ((np.inf, 60, 1.0, 50, 15), "rise_over_window")])
def test_bad_input_is_rejected(args, name):
    with pytest.raises(ValueError, match=name):
        fed_purchases_bn(*args)
