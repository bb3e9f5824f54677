"""Event windows and the co-movement of yields and the dollar (selloff.episodes)."""

import numpy as np
import pandas as pd
import pytest

from selloff import episodes
from selloff.data import load
from selloff.episodes import (QUADRANTS, co_movement, co_movement_counts_by_year, period_changes, quadrant,
                              value_on_or_before, window_change, window_changes)


def daily(values, start="2024-01-01", name="x"):
    return pd.Series(values, index=pd.bdate_range(start, periods=len(values)), name=name, dtype=float)


# --- window changes ------------------------------------------------------------------------------------

def test_a_yield_change_is_in_basis_points_and_a_level_change_in_percent():
    s = daily([4.00, 4.10, 4.25, 4.50])            # Mon 1 Jan ... Thu 4 Jan 2024
    assert window_change(s, "2024-01-01", "2024-01-04", "bp") == pytest.approx(50.0)
    assert window_change(s, "2024-01-01", "2024-01-04", "pct") == pytest.approx(12.5)


def test_a_window_starts_at_the_close_before_it_and_skips_holidays():
    s = daily([100.0, 101.0, 102.0, 103.0, 104.0])  # Mon-Fri 1-5 Jan 2024
    # a Saturday start uses Friday's close; an end on Sunday uses Friday's too
    assert value_on_or_before(s, "2024-01-06") == 104.0
    assert window_change(s, "2024-01-02", "2024-01-07", "pct") == pytest.approx(100 * (104 / 101 - 1))


def test_a_gap_in_the_data_longer_than_allowed_is_refused():
    s = daily([1.0, 2.0])
    with pytest.raises(ValueError, match="within 7 days"):
        window_change(s, "2024-01-01", "2024-02-01", "bp")
    with pytest.raises(ValueError, match="within 7 days"):
        value_on_or_before(s, "2023-12-01")
    assert window_change(s, "2024-01-01", "2024-02-01", "bp", max_gap_days=40) == pytest.approx(100.0)


def test_window_changes_tabulates_each_series_in_its_unit():
    frame = pd.DataFrame({"dgs10": [4.0, 4.5, 4.2], "dollar": [100.0, 98.0, 99.0]},
                         index=pd.bdate_range("2024-01-01", periods=3))
    table = window_changes(frame, {"first": ("2024-01-01", "2024-01-02"), "both": ("2024-01-01", "2024-01-03")},
                           {"dgs10": "bp", "dollar": "pct"})
    assert list(table.columns) == ["dgs10_bp", "dollar_pct"]
    assert table.loc["first", "dgs10_bp"] == pytest.approx(50.0)
    assert table.loc["first", "dollar_pct"] == pytest.approx(-2.0)
    assert table.loc["both", "dgs10_bp"] == pytest.approx(20.0)


def test_window_changes_over_consecutive_windows_add_up_in_bp():
    s = daily(np.linspace(1.0, 3.0, 30))
    d = s.index
    whole = window_change(s, d[0], d[-1], "bp")
    parts = window_change(s, d[0], d[10], "bp") + window_change(s, d[10], d[-1], "bp")
    assert whole == pytest.approx(parts)


# --- period changes and co-movement -------------------------------------------------------------------

def test_weekly_changes_run_from_friday_to_friday():
    s = daily(np.arange(1.0, 11.0))                 # Mon 1 Jan ... Fri 12 Jan 2024: 1..10
    weekly = period_changes(s, "bp", "W")
    assert list(weekly.index) == [pd.Timestamp("2024-01-12")]
    assert weekly.iloc[0] == pytest.approx(500.0)  # Friday 5 Jan (5.0) to Friday 12 Jan (10.0)
    assert period_changes(s, "pct").iloc[0] == pytest.approx(100.0)  # 1 -> 2


def test_the_quadrants_follow_the_signs_of_the_two_moves():
    y = daily([4.0, 4.1, 4.0, 4.1, 4.0, 4.0], name="y")
    d = daily([100, 99, 100, 101, 100, 101], name="d")
    moves = co_movement(y, d)
    assert list(moves["quadrant"]) == ["flight from", "flight to", "both up", "both down", "small"]


def test_quadrant_labels_pairs_of_changes_as_the_series_function_does():
    assert list(quadrant([30, -30, 30, -30, 0], [-1, 1, 1, -1, 1])) == list(QUADRANTS)
    assert quadrant(4.0, -1.0, min_yield_bp=5) == "small"
    assert quadrant(5.0, -0.3, min_yield_bp=5, min_dollar_pct=0.3) == "flight from"
    with pytest.raises(ValueError, match="yield_change_bp"):
        quadrant(np.nan, 1.0)
    with pytest.raises(ValueError, match="min_dollar_pct"):
        quadrant(1.0, 1.0, min_dollar_pct=-0.1)


def test_thresholds_turn_small_moves_into_small():
    y = daily([4.00, 4.03, 4.13], name="y")      # +3bp, then +10bp
    d = daily([100.0, 99.0, 98.0], name="d")     # -1%, then about -1%
    moves = co_movement(y, d, min_yield_bp=5, min_dollar_pct=0.5)
    assert list(moves["quadrant"]) == ["small", "flight from"]


def test_only_dates_where_both_are_observed_count():
    y = daily([4.0, 4.1, 4.2, 4.3], name="y")
    d = daily([100.0, 99.0, np.nan, 97.0], name="d")  # the dollar is missing on the third day
    moves = co_movement(y, d)
    assert len(moves) == 2
    assert moves["yield_change_bp"].iloc[-1] == pytest.approx(20.0)  # day 2 to day 4, not day 3 to day 4


def test_the_counts_by_year_add_up():
    rng = np.random.default_rng(0)
    n = 600
    y = daily(4 + np.cumsum(rng.normal(0, 0.05, n)), start="2020-01-01", name="y")
    d = daily(100 * np.exp(np.cumsum(rng.normal(0, 0.004, n))), start="2020-01-01", name="d")
    counts = co_movement_counts_by_year(y, d)
    moves = co_movement(y, d)
    assert counts["periods"].sum() == len(moves)
    assert (counts[list(QUADRANTS)].sum(axis=1) == counts["periods"]).all()
    assert counts["flight_from_share"].between(0, 1).all()
    assert list(counts.index) == sorted(set(moves.index.year))


@pytest.mark.parametrize("bad, match", [
    (dict(unit="percent"), "unit must be one of"),
    (dict(start="not a date"), "start must be a date"),
    (dict(start="2024-01-05", end="2024-01-02"), "must come before end"),
    (dict(max_gap_days=-1), "max_gap_days"),
    (dict(max_gap_days=2.5), "max_gap_days"),
])
def test_window_change_refuses_bad_arguments(bad, match):
    args = dict(series=daily([1.0, 2.0, 3.0, 4.0, 5.0]), start="2024-01-01", end="2024-01-05", unit="bp")
    args.update(bad)
    with pytest.raises(ValueError, match=match):
        window_change(**args)


@pytest.mark.parametrize("series, match", [
    ([1.0, 2.0], "must be a pandas Series"),
    (pd.Series([1.0, 2.0]), "DatetimeIndex"),
    (pd.Series(["a", "b"], index=pd.bdate_range("2024-01-01", periods=2)), "numbers"),
    (daily([1.0, np.inf]), "finite"),
    (daily([np.nan, np.nan]), "no observations"),
    (pd.Series([1.0, 2.0], index=pd.DatetimeIndex(["2024-01-01", "2024-01-01"])), "duplicate"),
])
def test_bad_series_are_refused(series, match):
    with pytest.raises(ValueError, match=match):
        period_changes(series, "bp")


def test_bad_co_movement_arguments_are_refused():
    y, d = daily([1.0, 2.0]), daily([100.0, 101.0])
    with pytest.raises(ValueError, match="freq"):
        co_movement(y, d, freq="M")
    with pytest.raises(ValueError, match="min_yield_bp"):
        co_movement(y, d, min_yield_bp=-1)
    with pytest.raises(ValueError, match="min_dollar_pct"):
        co_movement(y, d, min_dollar_pct=float("nan"))
    with pytest.raises(ValueError, match="fewer than two"):
        co_movement(y, daily([100.0, 101.0], start="2025-01-01"))
    with pytest.raises(ValueError, match="percent change from a level of 0"):
        window_change(daily([0.0, 1.0]), "2024-01-01", "2024-01-02", "pct")
    with pytest.raises(ValueError, match="windows"):
        window_changes(pd.DataFrame({"x": daily([1.0, 2.0])}), {}, {"x": "bp"})
    with pytest.raises(ValueError, match="lacks the columns"):
        window_changes(pd.DataFrame({"x": daily([1.0, 2.0])}), {"w": ("2024-01-01", "2024-01-02")}, {"z": "bp"})


# --- the data reproduce what the sources say ----------------------------------------------------------

def test_the_data_reproduce_the_dated_episodes():
    ten = load("treasury_yields_daily")["dgs10"]
    dollar = load("dollar_and_fx_daily")["dtwexbgs"]
    assert window_change(ten, "2020-03-09", "2020-03-18", "bp") == pytest.approx(64, abs=0.5)  # Vissing-Jorgensen
    assert window_change(ten, "2025-04-04", "2025-04-11", "bp") == pytest.approx(47, abs=0.5)  # SOURCES.md: 4.01 -> 4.48
    assert window_change(dollar, "2025-04-02", "2025-04-11", "pct") == pytest.approx(100 * (124.02 / 126.38 - 1), abs=0.01)
    weekly = co_movement(ten, dollar, freq="W")
    assert weekly.loc["2025-04-11", "quadrant"] == "flight from"
    # the week of 4-11 April 2025 is the largest weekly rise of the 10-year among flight-from weeks
    from_weeks = weekly[weekly["quadrant"] == "flight from"]
    assert from_weeks["yield_change_bp"].idxmax() == pd.Timestamp("2025-04-11")


def test_the_module_names_its_units():
    assert episodes.UNITS == ("bp", "pct") and "flight from" in QUADRANTS


@pytest.mark.parametrize("argument", ["yield_change_bp", "dollar_change_pct", "min_yield_bp", "min_dollar_pct"])
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf, "1", None])
def test_quadrant_names_the_bad_argument(argument, bad):
    args = dict(yield_change_bp=[1.0, -1.0], dollar_change_pct=[-1.0, 1.0], min_yield_bp=0.0, min_dollar_pct=0.0)
    args[argument] = bad
    with pytest.raises(ValueError, match=argument):
        quadrant(**args)
