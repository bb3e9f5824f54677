"""Event windows and co-movement: what daily market data did over a window, and on which days yields and the
dollar moved the "wrong" way together.

**Window changes.** The change of a daily series over a window runs from the last observation on or before the
window's ``start`` (the close before the move) to the last observation on or before its ``end``, each no more
than ``max_gap_days`` calendar days before the date (so a holiday does not matter, a gap in the data does):

* ``unit="bp"`` for a series in percent (a yield): (end − start) × 100, in basis points;
* ``unit="pct"`` for a level (an index, an exchange rate, holdings in $bn): (end / start − 1) × 100, in percent.

**Co-movement of a yield and the dollar.** In a flight *to* US safety investors buy Treasuries and dollars:
yields fall as the dollar rises. Days (or weeks) on which the yield *rises* and the dollar *falls* are the
signature of a flight *from* US assets, but not only of it: good news that lowers the demand for safety (a
"risk-on" day) gives the same signs. ``co_movement`` labels each period by the quadrant its two changes fall
in (moves smaller than the thresholds are "small"); ``co_movement_counts_by_year`` counts them by year.

Pure functions of pandas Series with a DatetimeIndex; a ``ValueError`` names the argument and the value.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from selloff._checks import _short, finite, non_negative, one_of, whole

UNITS = ("bp", "pct")
FREQS = ("D", "W")
#: Labels of ``co_movement``'s quadrants, in the order of ``co_movement_counts_by_year``'s columns.
QUADRANTS = ("flight from", "flight to", "both up", "both down", "small")


def _daily(name: str, series) -> pd.Series:
    """A numeric Series on a DatetimeIndex, sorted, without NaN; ValueError otherwise (±inf included)."""
    if not isinstance(series, pd.Series):
        raise ValueError(f"{name} must be a pandas Series, got {type(series).__name__}")
    if not isinstance(series.index, pd.DatetimeIndex):
        raise ValueError(f"{name} must have a DatetimeIndex, got {type(series.index).__name__}")
    if not pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_bool_dtype(series.dtype):
        raise ValueError(f"{name} must hold numbers, got dtype {series.dtype}")
    clean = series.dropna().sort_index().astype(float)
    if np.isinf(clean.to_numpy()).any():
        raise ValueError(f"{name} must be finite (no infinity), got {_short(clean[np.isinf(clean)])}")
    if clean.index.has_duplicates:
        raise ValueError(f"{name} has duplicate dates, e.g. {clean.index[clean.index.duplicated()][0].date()}")
    if clean.empty:
        raise ValueError(f"{name} has no observations")
    return clean


def _date(name: str, value) -> pd.Timestamp:
    try:
        date = pd.Timestamp(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a date, got {_short(value)}") from None
    if date is pd.NaT:
        raise ValueError(f"{name} must be a date, got {_short(value)}")
    return date


def _change(first: float, last: float, unit: str, name: str) -> float:
    if unit == "bp":
        return (last - first) * 100.0
    if first == 0:
        raise ValueError(f"{name}: a percent change from a level of 0 is undefined")
    return (last / first - 1.0) * 100.0


def value_on_or_before(series: pd.Series, date, max_gap_days: int = 7) -> float:
    """The last observation of ``series`` on or before ``date``, at most ``max_gap_days`` calendar days earlier."""
    s = _daily("series", series)
    when = _date("date", date)
    whole("max_gap_days", max_gap_days, minimum=0)
    position = s.index.searchsorted(when, side="right") - 1
    if position < 0 or (when - s.index[position]).days > max_gap_days:
        raise ValueError(f"no observation of {s.name or 'the series'} within {max_gap_days} days on or before "
                         f"{when.date()}")
    return float(s.iloc[position])


def window_change(series: pd.Series, start, end, unit: str, max_gap_days: int = 7) -> float:
    """Change of a daily series over the window (``start``, ``end``]: in bp (``unit="bp"``, a series in percent)
    or in percent (``unit="pct"``, a level). ``start`` is the close before the move."""
    one_of("unit", unit, UNITS)
    first_date, last_date = _date("start", start), _date("end", end)
    if not first_date < last_date:
        raise ValueError(f"start ({first_date.date()}) must come before end ({last_date.date()})")
    first = value_on_or_before(series, first_date, max_gap_days)
    last = value_on_or_before(series, last_date, max_gap_days)
    return _change(first, last, unit, f"{series.name or 'series'} on {first_date.date()}")


def window_changes(frame: pd.DataFrame, windows: Mapping[str, tuple], units: Mapping[str, str],
                   max_gap_days: int = 7) -> pd.DataFrame:
    """One row per window (``{name: (start, end)}``), one column per series named in ``units``
    (``{column: "bp" or "pct"}``), headed ``"{column}_{unit}"``: ``window_change`` of each."""
    if not isinstance(frame, pd.DataFrame):
        raise ValueError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    if not isinstance(windows, Mapping) or not windows:
        raise ValueError(f"windows must be a non-empty mapping name -> (start, end), got {_short(windows)}")
    if not isinstance(units, Mapping) or not units:
        raise ValueError(f"units must be a non-empty mapping column -> 'bp' or 'pct', got {_short(units)}")
    missing = [c for c in units if c not in frame.columns]
    if missing:
        raise ValueError(f"frame lacks the columns {missing}")
    rows = {}
    for name, window in windows.items():
        if not isinstance(window, tuple) or len(window) != 2:
            raise ValueError(f"windows[{name!r}] must be a pair (start, end), got {_short(window)}")
        rows[name] = {f"{c}_{u}": window_change(frame[c].rename(c), *window, unit=u, max_gap_days=max_gap_days)
                      for c, u in units.items()}
    return pd.DataFrame.from_dict(rows, orient="index")


def period_changes(series: pd.Series, unit: str, freq: str = "D") -> pd.Series:
    """Changes from one period to the next: ``freq="D"`` from each observation to the next, ``"W"`` from the last
    observation of one week (ending Friday) to the last of the next; in bp or percent (``unit``)."""
    one_of("unit", unit, UNITS)
    one_of("freq", freq, FREQS)
    s = _daily("series", series)
    if freq == "W":
        s = s.resample("W-FRI").last().dropna()
    if unit == "bp":
        return s.diff().iloc[1:] * 100.0
    if (s == 0).any():
        raise ValueError("series has a level of 0: percent changes are undefined")
    return s.pct_change().iloc[1:] * 100.0


def quadrant(yield_change_bp, dollar_change_pct, min_yield_bp: float = 0.0, min_dollar_pct: float = 0.0) -> np.ndarray:
    """The quadrant (``QUADRANTS``) of each pair of changes: "flight from" (the yield up by at least
    ``min_yield_bp`` and the dollar down by at least ``min_dollar_pct``), "flight to" (yield down, dollar up),
    "both up", "both down", or "small" when either move is within its threshold (or zero). Arrays broadcast."""
    dy, dd = finite("yield_change_bp", yield_change_bp), finite("dollar_change_pct", dollar_change_pct)
    non_negative(min_yield_bp=min_yield_bp, min_dollar_pct=min_dollar_pct)
    dy, dd = np.broadcast_arrays(dy, dd)
    y_up, y_down = (dy > 0) & (dy >= min_yield_bp), (dy < 0) & (dy <= -min_yield_bp)
    d_up, d_down = (dd > 0) & (dd >= min_dollar_pct), (dd < 0) & (dd <= -min_dollar_pct)
    return np.select([y_up & d_down, y_down & d_up, y_up & d_up, y_down & d_down], list(QUADRANTS[:4]),
                     default="small")


def co_movement(yield_pct: pd.Series, dollar_index: pd.Series, freq: str = "D", min_yield_bp: float = 0.0,
                min_dollar_pct: float = 0.0) -> pd.DataFrame:
    """The yield's change (bp) and the dollar's (%) period by period, on the dates both are observed, and the
    quadrant each period falls in (``QUADRANTS``): "flight from" (yield up by at least ``min_yield_bp``, dollar
    down by at least ``min_dollar_pct``), "flight to" (yield down, dollar up), "both up", "both down", or
    "small" when either move is within its threshold (with thresholds 0: when either did not move)."""
    one_of("freq", freq, FREQS)
    non_negative(min_yield_bp=min_yield_bp, min_dollar_pct=min_dollar_pct)
    both = pd.concat([_daily("yield_pct", yield_pct), _daily("dollar_index", dollar_index)], axis=1,
                     join="inner", keys=["y", "d"])
    if len(both) < 2:
        raise ValueError("yield_pct and dollar_index share fewer than two dates")
    out = pd.DataFrame({"yield_change_bp": period_changes(both["y"], "bp", freq),
                        "dollar_change_pct": period_changes(both["d"], "pct", freq)})
    out["quadrant"] = quadrant(out["yield_change_bp"].to_numpy(), out["dollar_change_pct"].to_numpy(),
                               min_yield_bp, min_dollar_pct)
    return out


def co_movement_counts_by_year(yield_pct: pd.Series, dollar_index: pd.Series, freq: str = "D",
                               min_yield_bp: float = 0.0, min_dollar_pct: float = 0.0) -> pd.DataFrame:
    """How many periods of each year fall in each quadrant of ``co_movement`` (columns ``QUADRANTS``), with
    ``periods`` (their total) and ``flight_from_share`` (flight-from periods / all periods). A week belongs to
    the year of its Friday."""
    moves = co_movement(yield_pct, dollar_index, freq, min_yield_bp, min_dollar_pct)
    counts = pd.crosstab(moves.index.year, moves["quadrant"]).reindex(columns=list(QUADRANTS), fill_value=0)
    counts.index.name, counts.columns.name = "year", None
    counts["periods"] = counts[list(QUADRANTS)].sum(axis=1)
    counts["flight_from_share"] = counts["flight from"] / counts["periods"]
    return counts
