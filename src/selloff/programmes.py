"""Central-bank programmes read from a weekly stock series: size, length and pace over dated windows.

A purchase programme (QE) or a run-off (QT) shows in the H.4.1 balance sheet as a change of a *stock*: the
Fed's Treasury holdings, its total assets, the reserves it owes to banks. Its size over a window is the
stock at the window's end less the stock at its start, each the last observation on or before the date
(H.4.1 levels are Wednesday figures); its pace is that change per week. Nothing here is specific to the Fed:
any weekly (or daily) stock in $bn will do.

    change_bn = S(end) − S(start),   weeks = (date(end) − date(start)) / 7,   pace = change_bn / weeks

``largest_weekly_change_bn`` is the largest one-observation change in the programme's own direction (the
largest weekly purchase in a QE window, the largest weekly fall in a QT window).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

DAYS_PER_WEEK = 7


@dataclass(frozen=True)
class Window:
    """A dated window: ``start`` and ``end`` are dates (the stock is read on or before each)."""

    name: str
    start: str
    end: str

    def __post_init__(self) -> None:
        try:
            start, end = pd.Timestamp(self.start), pd.Timestamp(self.end)
        except (TypeError, ValueError):
            raise ValueError(f"window {self.name!r}: start={self.start!r} and end={self.end!r} must be dates") from None
        if pd.isna(start) or pd.isna(end) or not start < end:
            raise ValueError(f"window {self.name!r}: start={self.start!r} must be a date before end={self.end!r}")


def _checked_stock(stock: pd.Series) -> pd.Series:
    if not isinstance(stock, pd.Series):
        raise ValueError(f"stock must be a pandas Series ($bn by date), got {type(stock).__name__}")
    if not isinstance(stock.index, pd.DatetimeIndex):
        raise ValueError("stock must be indexed by dates (a DatetimeIndex)")
    if not stock.index.is_monotonic_increasing:
        raise ValueError("stock's dates must be in increasing order")
    values = pd.to_numeric(stock, errors="coerce")
    if values.notna().sum() != stock.notna().sum():
        raise ValueError("stock has values that are not numbers ($bn expected)")
    values = values.dropna()
    if values.empty:
        raise ValueError("stock has no numeric observations")
    if not np.isfinite(values.to_numpy(dtype=float)).all():
        raise ValueError("stock has infinite values")
    return values.astype(float)


def _position_on_or_before(index: pd.DatetimeIndex, date: pd.Timestamp, what: str) -> int:
    position = int(index.searchsorted(date, side="right")) - 1
    if position < 0 or (date - index[position]).days >= DAYS_PER_WEEK:
        raise ValueError(f"{what}: no observation of the stock within a week on or before {date.date()}")
    return position


def change_over_window(stock: pd.Series, start: str | pd.Timestamp, end: str | pd.Timestamp) -> dict[str, object]:
    """Size and pace of the change of ``stock`` ($bn, by date) from ``start`` to ``end``.

    Returns ``start_date`` and ``end_date`` (the observations used: the last on or before each date),
    ``start_level_bn``, ``end_level_bn``, ``change_bn``, ``weeks``, ``pace_bn_per_week`` and
    ``largest_weekly_change_bn`` (the largest one-observation change in the direction of ``change_bn``;
    0 for a window with no change)."""
    window = Window("window", str(start), str(end))
    values = _checked_stock(stock)
    a = _position_on_or_before(values.index, pd.Timestamp(window.start), f"start {window.start}")
    b = _position_on_or_before(values.index, pd.Timestamp(window.end), f"end {window.end}")
    if not a < b:
        raise ValueError(f"window {window.start} to {window.end} holds fewer than two observations of the stock")
    start_level, end_level = float(values.iloc[a]), float(values.iloc[b])
    change = end_level - start_level
    weeks = (values.index[b] - values.index[a]).days / DAYS_PER_WEEK
    steps = np.diff(values.iloc[a:b + 1].to_numpy())
    direction = np.sign(change)
    largest = float(direction * np.max(direction * steps)) if direction != 0 else 0.0
    return {"start_date": values.index[a], "end_date": values.index[b], "start_level_bn": start_level,
            "end_level_bn": end_level, "change_bn": change, "weeks": weeks, "pace_bn_per_week": change / weeks,
            "largest_weekly_change_bn": largest}


def changes_over_windows(stock: pd.Series, windows: Sequence[Window]) -> pd.DataFrame:
    """``change_over_window`` for each window, one row per window (index: the windows' names)."""
    if isinstance(windows, (str, bytes)) or not len(windows):
        raise ValueError(f"windows must be a non-empty sequence of Window objects, got {windows!r}")
    rows = {}
    for w in windows:
        if not isinstance(w, Window):
            raise ValueError(f"windows must be Window objects, got {w!r}")
        if w.name in rows:
            raise ValueError(f"two windows are called {w.name!r}")
        rows[w.name] = change_over_window(stock, w.start, w.end)
    return pd.DataFrame.from_dict(rows, orient="index")
