"""The Fed backstop: no purchases below the threshold, a cap above it, limited by pace and inflation."""

import numpy as np
import pytest

from selloff.fed import fed_purchases_bn, qe_interest_cost_bn_per_year, willingness


def test_no_purchases_below_the_threshold():
    assert fed_purchases_bn(59.9, 60, 1.0, 500, 15) == 0


def test_full_strength_buys_exactly_what_removes_the_excess():
    # 30bp above the threshold at 15bp per $100bn: $200bn brings the yield back to the threshold.
    assert fed_purchases_bn(90, 60, 1.0, 1e9, 15) == pytest.approx(200)


def test_pace_limits_purchases_and_strength_scales_them():
    assert fed_purchases_bn(90, 60, 1.0, 50, 15) == 50
    assert fed_purchases_bn(90, 60, 0.5, 1e9, 15) == pytest.approx(100)


def test_inflation_above_target_weakens_the_backstop():
    assert willingness(1.0, 0.0, 2.0) == 1.0
    assert willingness(1.0, 1.0, 2.0) == pytest.approx(0.5)
    assert willingness(1.0, 3.0, 2.0) == 0.0
    assert willingness(1.0, -1.0, 2.0) == 1.0  # inflation below target does not make the Fed keener than s


def test_qe_costs_money_when_reserves_pay_more_than_the_bonds_yield():
    assert qe_interest_cost_bn_per_year(1000, 5.0, 4.0) == pytest.approx(10)
    assert qe_interest_cost_bn_per_year(1000, 3.0, 4.5) == pytest.approx(-15)


@pytest.mark.parametrize("args", [(90, -1, 1.0, 50, 15), (90, 60, 1.5, 50, 15), (90, 60, 1.0, -5, 15),
                                  (90, 60, 1.0, 50, 0), (np.nan, 60, 1.0, 50, 15)])
def test_bad_input_is_rejected(args):
    with pytest.raises(ValueError):
        fed_purchases_bn(*args)
