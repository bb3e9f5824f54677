"""Programme sizes over dated windows of a weekly stock series."""

import numpy as np
import pandas as pd
import pytest

from selloff.data import load
from selloff.programmes import Window, change_over_window, changes_over_windows


def weekly(values, start="2020-01-01"):
    return pd.Series(values, index=pd.date_range(start, periods=len(values), freq="7D"), dtype=float)


def test_a_steady_purchase_has_its_size_length_and_pace():
    stock = weekly([100, 110, 120, 130, 140])
    out = change_over_window(stock, "2020-01-01", "2020-01-29")
    assert out["change_bn"] == 40 and out["weeks"] == 4 and out["pace_bn_per_week"] == 10
    assert out["largest_weekly_change_bn"] == 10


def test_dates_between_observations_read_the_last_one_before():
    stock = weekly([100, 110, 150, 130, 140])
    out = change_over_window(stock, "2020-01-03", "2020-01-17")    # Friday → Wednesday 1 Jan; → 15 Jan
    assert out["start_date"] == pd.Timestamp("2020-01-01") and out["end_date"] == pd.Timestamp("2020-01-15")
    assert out["change_bn"] == 50 and out["largest_weekly_change_bn"] == 40


def test_a_run_off_is_negative_and_its_largest_step_is_the_largest_fall():
    stock = weekly([500, 480, 485, 440, 430])
    out = changes_over_windows(stock, [Window("qt", "2020-01-01", "2020-01-29")]).loc["qt"]
    assert out["change_bn"] == -70 and out["largest_weekly_change_bn"] == -45
    assert out["pace_bn_per_week"] == pytest.approx(-17.5)


def test_a_flat_window_has_no_change():
    out = change_over_window(weekly([7, 7, 7]), "2020-01-01", "2020-01-15")
    assert out["change_bn"] == 0 and out["largest_weekly_change_bn"] == 0


def test_the_march_2020_purchases_match_the_sources_sanity_values():
    held = load("fed_balance_sheet_weekly")["treasuries_held_outright_bn"]
    out = change_over_window(held, "2020-02-26", "2020-04-29")
    assert out["start_level_bn"] == pytest.approx(2474.1, abs=0.05)   # SOURCES.md §10 sanity values
    assert out["end_level_bn"] == pytest.approx(3971.4, abs=0.05)
    assert out["change_bn"] > 1000                                    # "about $1tn in three weeks" and more


@pytest.mark.parametrize("start, end", [("2020-02-01", "2020-01-01"), ("2020-01-01", "2020-01-01"),
                                        ("not a date", "2020-01-01"), (None, "2020-02-01")])
def test_bad_windows_are_refused(start, end):
    with pytest.raises(ValueError, match="start"):
        Window("w", start, end)


def test_bad_stocks_and_windows_outside_the_data_are_refused():
    stock = weekly([1, 2, 3])
    with pytest.raises(ValueError, match="stock must be a pandas Series"):
        change_over_window([1, 2, 3], "2020-01-01", "2020-01-15")
    with pytest.raises(ValueError, match="DatetimeIndex"):
        change_over_window(pd.Series([1.0, 2.0]), "2020-01-01", "2020-01-15")
    with pytest.raises(ValueError, match="infinite"):
        change_over_window(weekly([1, np.inf, 3]), "2020-01-01", "2020-01-15")
    with pytest.raises(ValueError, match="not numbers"):
        change_over_window(weekly([1, 2, 3]).astype(object).where(lambda s: s != 2, "two"), "2020-01-01", "2020-01-15")
    with pytest.raises(ValueError, match="within a week"):
        change_over_window(stock, "2019-06-01", "2020-01-15")
    with pytest.raises(ValueError, match="fewer than two"):
        change_over_window(stock, "2020-01-02", "2020-01-03")
    with pytest.raises(ValueError, match="two windows"):
        changes_over_windows(stock, [Window("a", "2020-01-01", "2020-01-08")] * 2)
    with pytest.raises(ValueError, match="non-empty"):
        changes_over_windows(stock, [])
