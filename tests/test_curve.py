"""The curve: durations, 10-year equivalents, loadings from the daily data, yields by maturity."""

import numpy as np
import pytest

from selloff import curve
from selloff.data import load

YIELDS = np.array([4.0, 4.0, 4.0, 4.0, 4.0])


def daily():
    return load("treasury_yields_daily").join(load("treasury_yields_daily_extra"), how="outer")


def test_durations_rise_with_maturity_and_a_par_10_year_at_4pct_has_about_8_years():
    d = curve.durations_years(YIELDS)
    assert np.all(np.diff(d) > 0)
    assert d[curve.TEN_YEAR] == pytest.approx(8.18, abs=0.01)


def test_bills_add_far_fewer_10_year_equivalents_than_bonds():
    bills = curve.ten_year_equivalent_per_bn(curve.BILLS_ONLY, YIELDS)
    assert bills < 0.05 and curve.ten_year_equivalent_per_bn(curve.TEN_YEAR_ONLY, YIELDS) == pytest.approx(1)
    assert curve.ten_year_equivalent_per_bn((0, 0, 0, 0, 1.0), YIELDS) > 2


def test_loadings_are_measured_from_the_daily_data_in_the_named_windows():
    table = curve.term_premium_loadings(daily())
    assert list(table.index) == list(curve.LOADING_WINDOWS)
    # 4-11 April 2025: 10-year +47bp, 2-year +28bp (the issue's own figures).
    assert table.loc["april_2025", "ten_year_change_bp"] == pytest.approx(47)
    assert table.loc["april_2025", "2y"] == pytest.approx(28 / 47)
    assert table.loc["march_2020", "3m"] < 0  # the bill fell while the 10-year rose: it follows policy
    rng = curve.loading_range(table)
    assert rng.loc["3m"].eq(0).all() and rng.loc["10y"].eq(1).all()
    assert (rng["low"] <= rng["central"]).all() and (rng["central"] <= rng["high"]).all()


def test_a_window_with_a_small_10_year_move_is_refused():
    with pytest.raises(ValueError, match="at least 10bp"):
        curve.term_premium_loadings(daily(), {"calm": ("2018-04-06", "2018-04-13", "")})


def test_the_foreign_official_mix_has_the_bills_share_of_the_tic_data():
    tic = load("tic_major_foreign_holders").loc["2025-12"]
    bills = tic["memo_foreign_official_bills"] / tic["memo_foreign_official_total"]
    assert curve.FOREIGN_OFFICIAL_MIX[0] == pytest.approx(bills, abs=0.005)


def test_yields_by_maturity_follow_the_loadings_and_the_bill_follows_policy():
    tp = np.array([10.0, 20.0])
    load_ = np.array([0.0, 0.5, 0.7, 1.0, 1.1])
    out = curve.yields_by_maturity_bp(tp, load_, policy_rate_change_bp=np.array([-25.0, -25.0]))
    assert out.shape == (2, 5)
    np.testing.assert_allclose(out[1], [-25.0, 10.0, 14.0, 20.0, 22.0])


@pytest.mark.parametrize("call, name", [
    (lambda: curve.check_mix("mix", (0.5, 0.5, 0.5, 0, 0)), "mix"),
    (lambda: curve.check_mix("mix", (1.0, 0.0)), "mix"),
    (lambda: curve.modified_duration_years(-1.0, 4.0), "maturity_years"),
    (lambda: curve.durations_years([4.0, np.nan, 4.0, 4.0, 4.0]), "yields_pct"),
    (lambda: curve.ten_year_equivalents_bn(-5.0, curve.BILLS_ONLY, YIELDS), "amount_bn"),
    (lambda: curve.yields_by_maturity_bp([1.0], np.ones(4)), "loadings"),
    (lambda: curve.term_premium_loadings("not a frame"), "DataFrame"),
    (lambda: curve.term_premium_loadings(daily(), {"x": ("1999-01-01", "2020-03-18", "")}), "window"),
])
def test_bad_input_is_rejected(call, name):
    with pytest.raises(ValueError, match=name):
        call()
