"""Fiscal cost: the interest bill follows a yield rise as the debt reprices."""

import numpy as np
import pytest

from selloff.fiscal import (cumulative_extra_interest_bn, decaying_rise_bp, extra_interest_bn_per_year,
                            longest_maturity_years, repriced_share)


def test_a_permanent_100bp_costs_a_third_in_year_one_and_all_once_rolled():
    # Calibration sheet: +100bp parallel ≈ +$100bn in year 1 and ≈ +$300bn fully rolled, on $30tn, ⅓ repricing.
    extra = extra_interest_bn_per_year(np.full(240, 100.0), 30_000, 1 / 3, 6.0)
    assert extra[11] == pytest.approx(100)
    assert extra[-1] == pytest.approx(300)
    assert np.all(np.diff(extra) >= -1e-9)


def test_the_maturity_profile_has_the_stated_weighted_average_maturity():
    r, wam = 1 / 3, 6.0
    m = longest_maturity_years(r, wam)
    assert r * 0.5 + (1 - r) * (1 + m) / 2 == pytest.approx(wam)


def test_repriced_share_runs_from_the_short_debt_to_everything():
    share = repriced_share(12 * 20, 1 / 3, 6.0)
    assert share[11] == pytest.approx(1 / 3) and share[-1] == pytest.approx(1.0)


def test_a_temporary_spike_is_locked_in_only_by_the_debt_that_rolled_during_it():
    spike = np.zeros(60)
    spike[12:24] = 100.0  # +100bp during the second year only
    extra = extra_interest_bn_per_year(spike, 30_000, 1 / 3, 6.0)
    assert extra[11] == 0
    assert extra[-1] > 0  # coupons refinanced in year two keep paying more
    assert extra[-1] < extra[23]  # but the short debt's cost fell back


def test_no_rise_no_cost_and_linearity():
    dy = np.linspace(0, 80, 36)
    assert np.all(extra_interest_bn_per_year(np.zeros(36), 30_000, 1 / 3, 6) == 0)
    np.testing.assert_allclose(extra_interest_bn_per_year(2 * dy, 30_000, 1 / 3, 6),
                               2 * extra_interest_bn_per_year(dy, 30_000, 1 / 3, 6))


def test_cumulative_cost_is_the_sum_of_monthly_rates():
    assert cumulative_extra_interest_bn(np.full(24, 120.0), 2) == pytest.approx(240)


@pytest.mark.parametrize("kwargs", [dict(debt_bn=-1.0), dict(share_repricing_within_year=1.2),
                                    dict(wam_years=0.5), dict(yield_change_bp=[np.nan] * 12)])
def test_bad_input_is_rejected(kwargs):
    args = dict(yield_change_bp=np.ones(12), debt_bn=30_000, share_repricing_within_year=1 / 3, wam_years=6.0)
    args.update(kwargs)
    with pytest.raises(ValueError):
        extra_interest_bn_per_year(**args)


def test_a_decaying_rise_halves_after_its_half_life_and_a_permanent_one_stays():
    path = decaying_rise_bp(100.0, 61, half_life_years=2.0)
    assert path[0] == pytest.approx(100) and path[24] == pytest.approx(50) and path[48] == pytest.approx(25)
    assert np.all(np.diff(path) < 0)
    np.testing.assert_allclose(decaying_rise_bp(100.0, 36), 100.0)


def test_a_temporary_rise_costs_less_than_a_permanent_one_of_the_same_size():
    permanent = extra_interest_bn_per_year(decaying_rise_bp(100.0, 120), 30_000, 1 / 3, 6.0)
    temporary = extra_interest_bn_per_year(decaying_rise_bp(100.0, 120, 1.0), 30_000, 1 / 3, 6.0)
    assert temporary[0] == pytest.approx(permanent[0])
    assert cumulative_extra_interest_bn(temporary, 10) < cumulative_extra_interest_bn(permanent, 10)


def test_decaying_rise_broadcasts_over_paths():
    paths = decaying_rise_bp(np.array([50.0, 100.0]), 24, np.array([1.0, np.inf]))
    assert paths.shape == (2, 24)
    assert paths[0, 12] == pytest.approx(25) and paths[1, 23] == pytest.approx(100)


@pytest.mark.parametrize("kwargs", [dict(months=0), dict(months=2.5), dict(half_life_years=0.0),
                                    dict(half_life_years=-1.0), dict(rise_bp=np.nan), dict(rise_bp=np.inf)])
def test_decaying_rise_rejects_bad_input(kwargs):
    args = dict(rise_bp=100.0, months=12, half_life_years=1.0)
    args.update(kwargs)
    with pytest.raises(ValueError):
        decaying_rise_bp(**args)
