"""Load, validate and refresh the book's data pack (``data/datapackage.json``).

The data pack is a Frictionless *tabular data package*: one CSV per resource,
described (title, sources, licences, coverage, per-field unit and source series,
schema with constraints) in ``data/datapackage.json``.  ``data/SOURCES.md`` is
the human-readable provenance document.

Public API
----------
``available()``            names of the resources, in package order.
``load(name)``             validated, tidy :class:`pandas.DataFrame` indexed by time.
``describe(name)``         the resource's metadata (title, units, sources, licence, coverage).
``data_dir()``             where the data pack lives.
``refresh(names)``         re-download from the official sources and rebuild CSVs atomically.
``DataError``              raised for any data problem (subclass of :class:`ValueError`).

Units are those of the CSV files (see ``describe(name)["units"]``): yields in
percent per year, money in USD billions (interest payments: USD billions at a
seasonally adjusted annual rate), the dollar index as an index with
January 2006 = 100, shares in percent.

Command line::

    python -m selloff.data refresh [NAME ...] [--timeout S] [--data-dir DIR] [--allow-shrink]
    python -m selloff.data check   [NAME ...]
    python -m selloff.data list

Importing this module has no side effects (no I/O, no network).
"""

from __future__ import annotations

import argparse
import calendar
import copy
import csv
import datetime as _dt
import http.client
import io
import json
import math
import os
import re
import socket
import stat
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = [
    "DataError",
    "RefreshError",
    "RefreshResult",
    "available",
    "data_dir",
    "describe",
    "load",
    "refresh",
    "parse_fred_csv",
    "parse_tic_mfhhis",
    "FRED_BASE_URL",
    "TIC_BASE_URL",
    "DEFAULT_TIMEOUT",
]

#: File name of the package descriptor inside the data directory.
DATAPACKAGE = "datapackage.json"
#: Environment variable that overrides the data directory.
DATA_DIR_ENV = "SELLOFF_DATA_DIR"
#: FRED's CSV download endpoint; requested as ``FRED_BASE_URL?id=SERIES``.
FRED_BASE_URL = "https://fred.stlouisfed.org/graph/fredgraph.csv"
#: Environment variable that overrides :data:`FRED_BASE_URL` (e.g. a local test server).
FRED_URL_ENV = "SELLOFF_FRED_URL"
#: Directory of Treasury's TIC publication files (``mfhhis01.txt`` lives there).
TIC_BASE_URL = "https://ticdata.treasury.gov/Publish/"
#: Environment variable that overrides :data:`TIC_BASE_URL`.  A value ending in
#: ``.txt`` is taken as the full URL of the file, anything else as the directory.
TIC_URL_ENV = "SELLOFF_TIC_URL"
#: Default network timeout in seconds (whole download, not just connect).
DEFAULT_TIMEOUT = 30.0
USER_AGENT = "selloff-data-refresh/0.1 (open textbook project; python urllib)"


class DataError(ValueError):
    """A data file or the package descriptor is missing or fails validation.

    The message names the file and, for cell problems, the column, the CSV line
    number (header = line 1) and the offending value.
    """


class RefreshError(RuntimeError):
    """A refresh step failed (download, parse, validation); the snapshot is untouched."""


# --------------------------------------------------------------------------------------
# Locating the data pack
# --------------------------------------------------------------------------------------


def data_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """Return the directory holding ``datapackage.json`` and the CSV files.

    Resolution order: the explicit argument; the environment variable
    ``SELLOFF_DATA_DIR``; the first ``data/`` folder containing
    ``datapackage.json`` found walking up from the current working directory;
    finally ``../../data`` relative to this file (the repository layout
    ``src/selloff/data.py``).
    """
    if data_dir is not None:
        return Path(data_dir)
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env)
    cwd = Path.cwd()
    for folder in (cwd, *cwd.parents):
        if (folder / "data" / DATAPACKAGE).is_file():
            return folder / "data"
    return Path(__file__).resolve().parents[2] / "data"


_resolve_dir = data_dir


def _read_package(directory: Path) -> dict[str, Any]:
    path = directory / DATAPACKAGE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(f"{path}: package descriptor is missing") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read package descriptor ({exc})") from None
    try:
        pkg = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(f"{path}: invalid JSON at line {exc.lineno}: {exc.msg}") from None
    if not isinstance(pkg, dict) or not isinstance(pkg.get("resources"), list):
        raise DataError(f"{path}: not a data package (no 'resources' list)")
    return pkg


def _resource(pkg: Mapping[str, Any], name: str) -> dict[str, Any]:
    names = [r.get("name") for r in pkg["resources"]]
    for res in pkg["resources"]:
        if res.get("name") == name:
            return res
    raise ValueError(f"unknown dataset {name!r}; valid names: {', '.join(map(str, names))}")


def available(data_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """Names of the resources in the data pack, in package order."""
    pkg = _read_package(_resolve_dir(data_dir))
    return [str(r["name"]) for r in pkg["resources"]]


def describe(name: str, data_dir: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Metadata of one resource as a plain dict (a deep copy; safe to mutate).

    Keys: ``name``, ``title``, ``description``, ``path`` (absolute CSV path),
    ``units`` (field -> unit string, e.g. ``"percent per year"``,
    ``"USD billions"``, ``"index, Jan 2006 = 100"``), ``source_series``
    (field -> e.g. ``"FRED:DGS10"``), ``fields`` (field -> type, unit,
    description, constraints), ``primary_key``, ``sources`` and ``licenses``
    (lists of dicts with ``title`` and ``path``), ``coverage`` (``start``/``end``
    of the key column), ``provenance`` and ``refresh`` (how the file is rebuilt).
    """
    directory = _resolve_dir(data_dir)
    res = copy.deepcopy(_resource(_read_package(directory), name))
    fields = res.get("schema", {}).get("fields", [])
    return {
        "name": res["name"],
        "title": res.get("title"),
        "description": res.get("description"),
        "path": str(directory / res["path"]),
        "units": {f["name"]: f.get("unit") for f in fields},
        "source_series": {f["name"]: f.get("source_series") for f in fields},
        "fields": {f["name"]: {k: v for k, v in f.items() if k != "name"} for f in fields},
        "primary_key": list(res.get("schema", {}).get("primaryKey", [])),
        "sources": res.get("sources", []),
        "licenses": res.get("licenses", []),
        "coverage": res.get("coverage", {}),
        "provenance": res.get("provenance"),
        "refresh": res.get("refresh", {}),
    }


# --------------------------------------------------------------------------------------
# Validation (shared by load() and refresh())
# --------------------------------------------------------------------------------------

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEARMONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def _cell_error(display: str, column: str, line: int, value: str, problem: str) -> DataError:
    return DataError(f"{display}: column {column!r}, row at CSV line {line}: value {value!r} {problem}")


def _read_rows(path: Path, display: str) -> tuple[list[str], list[list[str]], list[int]]:
    """Parse a CSV file into header, rows and the CSV line number of every row."""
    if not path.is_file():
        raise DataError(f"{display}: data file is missing")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(f"{display}: cannot read file ({exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DataError(f"{display}: not valid UTF-8 ({exc})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise DataError(f"{display}: file is empty (no header line)") from None
    except csv.Error as exc:
        raise DataError(f"{display}: CSV error in header: {exc}") from None
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        for row in reader:
            line = reader.line_num
            if not row:
                raise DataError(f"{display}: blank row at CSV line {line}")
            if len(row) != len(header):
                raise DataError(
                    f"{display}: row at CSV line {line} has {len(row)} fields, header has {len(header)} "
                    f"(value {','.join(row)[:60]!r})"
                )
            rows.append(row)
            lines.append(line)
    except csv.Error as exc:
        raise DataError(f"{display}: CSV error at line {reader.line_num}: {exc}") from None
    return header, rows, lines


def _validate(path: Path, resource: Mapping[str, Any], display: str | None = None) -> tuple[pd.DataFrame, np.ndarray]:
    """Read ``path`` and check it against ``resource['schema']``.

    Returns the table as strings (empty string = missing) and the CSV line number
    of each row.  Raises :class:`DataError` naming file, column, line and value.
    """
    display = display or str(path)
    header, rows, lines = _read_rows(path, display)
    fields = resource["schema"]["fields"]
    declared = [f["name"] for f in fields]
    dupes = sorted({c for c in header if header.count(c) > 1})
    if dupes:
        raise DataError(f"{display}: duplicate column(s) in header (line 1): {', '.join(dupes)}")
    missing = [c for c in declared if c not in header]
    if missing:
        raise DataError(f"{display}: declared column(s) missing from header (line 1): {', '.join(missing)}")
    extra = [c for c in header if c not in declared]
    if extra:
        raise DataError(f"{display}: unexpected column(s) in header (line 1), not in {DATAPACKAGE}: {', '.join(extra)}")
    frame = pd.DataFrame(rows, columns=header, dtype=object)[declared] if rows else pd.DataFrame(columns=declared, dtype=object)
    line_arr = np.asarray(lines, dtype=np.int64)
    if frame.empty:
        raise DataError(f"{display}: no data rows")
    key = list(resource["schema"].get("primaryKey", []))

    for field in fields:
        col = field["name"]
        cons = field.get("constraints", {})
        values = frame[col].to_numpy(dtype=object)
        empty = values == ""
        if (cons.get("required") or col in key) and empty.any():
            i = int(np.flatnonzero(empty)[0])
            raise _cell_error(display, col, int(line_arr[i]), "", "is empty but the column is required")
        ftype = field.get("type", "string")
        present = ~empty
        if ftype in ("number", "integer"):
            nums = pd.to_numeric(pd.Series(np.where(present, values, None)), errors="coerce").to_numpy(dtype=float)
            bad = present & ~np.isfinite(nums)
            if ftype == "integer":
                bad |= present & np.isfinite(nums) & (np.mod(np.nan_to_num(nums), 1) != 0)
            if bad.any():
                i = int(np.flatnonzero(bad)[0])
                raise _cell_error(display, col, int(line_arr[i]), values[i], f"is not a valid {ftype}")
            lo, hi = cons.get("minimum"), cons.get("maximum")
            with np.errstate(invalid="ignore"):
                out = np.zeros(len(nums), dtype=bool)
                if lo is not None:
                    out |= present & (nums < lo)
                if hi is not None:
                    out |= present & (nums > hi)
            if out.any():
                i = int(np.flatnonzero(out)[0])
                raise _cell_error(display, col, int(line_arr[i]), values[i], f"is outside the allowed range [{lo}, {hi}]")
        elif ftype == "date":
            strs = pd.Series(values[present], dtype=object)
            ok = strs.str.match(_DATE_RE).fillna(False).to_numpy(dtype=bool)
            parsed = pd.to_datetime(strs.where(ok), format="%Y-%m-%d", errors="coerce")
            bad_sub = ~ok | parsed.isna().to_numpy()
            if bad_sub.any():
                i = int(np.flatnonzero(present)[np.flatnonzero(bad_sub)[0]])
                raise _cell_error(display, col, int(line_arr[i]), values[i], "is not a date YYYY-MM-DD")
        elif ftype == "yearmonth":
            ok = np.array([bool(_YEARMONTH_RE.match(v)) for v in values[present]], dtype=bool)
            if not ok.all():
                i = int(np.flatnonzero(present)[np.flatnonzero(~ok)[0]])
                raise _cell_error(display, col, int(line_arr[i]), values[i], "is not a year-month YYYY-MM")
        pattern = cons.get("pattern")
        if pattern:
            rx = re.compile(pattern)
            ok = np.array([bool(rx.fullmatch(v)) for v in values[present]], dtype=bool)
            if not ok.all():
                i = int(np.flatnonzero(present)[np.flatnonzero(~ok)[0]])
                raise _cell_error(display, col, int(line_arr[i]), values[i], f"does not match the pattern {pattern!r}")
        if cons.get("unique") and [col] != key:
            _check_unique(frame, [col], line_arr, display)
    if key:
        _check_unique(frame, key, line_arr, display)
    return frame, line_arr


def _check_unique(frame: pd.DataFrame, cols: list[str], lines: np.ndarray, display: str) -> None:
    dup = frame.duplicated(subset=cols, keep="first").to_numpy()
    if dup.any():
        i = int(np.flatnonzero(dup)[0])
        key_vals = tuple(frame.iloc[i][c] for c in cols)
        mask = (frame[cols] == pd.Series(dict(zip(cols, key_vals)))).all(axis=1).to_numpy()
        first = int(lines[np.flatnonzero(mask)[0]])
        shown = key_vals[0] if len(key_vals) == 1 else ",".join(key_vals)
        raise _cell_error(
            display, "+".join(cols), int(lines[i]), shown, f"is a duplicate key (first seen at CSV line {first})"
        )


def _to_frame(frame: pd.DataFrame, resource: Mapping[str, Any]) -> pd.DataFrame:
    """Convert a validated string table to typed columns and a time index."""
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    key = list(resource["schema"].get("primaryKey", []))
    out: dict[str, Any] = {}
    for col in frame.columns:
        ftype = fields[col].get("type", "string")
        s = frame[col]
        if ftype in ("number", "integer"):
            out[col] = pd.to_numeric(s.where(s != ""), errors="coerce").astype("float64")
        elif ftype == "date":
            out[col] = pd.to_datetime(s.where(s != ""), format="%Y-%m-%d")
        else:
            out[col] = s.astype(str)
    df = pd.DataFrame(out, index=pd.RangeIndex(len(frame)))

    def level(col: str) -> pd.Index:
        f = fields[col]
        vals = frame[col]
        if f.get("type") == "yearmonth":
            return pd.PeriodIndex(vals.tolist(), freq="M", name=col)
        if f.get("type") == "date":
            return pd.DatetimeIndex(pd.to_datetime(vals, format="%Y-%m-%d"), name=col)
        if col == "quarter":
            return pd.PeriodIndex(vals.tolist(), freq="Q", name=col)
        return pd.Index(vals.astype(str).tolist(), name=col, dtype=object)

    if len(key) == 1:
        df.index = level(key[0])
    elif key:
        df.index = pd.MultiIndex.from_arrays([level(c) for c in key], names=key)
    return df.drop(columns=key)


def load(name: str, data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Load one resource as a validated, tidy DataFrame indexed by time.

    * monthly resources: :class:`pandas.PeriodIndex` (freq ``M``) named ``month``;
    * quarterly: ``PeriodIndex`` (freq ``Q``) named ``quarter``; ``quarter_end``
      stays a datetime column;
    * ``treasury_yields_daily``: :class:`pandas.DatetimeIndex` named ``date``;
    * ``tic_series_break_comparison``: MultiIndex (``month`` Period, ``column`` str).

    Numeric columns are ``float64`` in the CSV's units (see :func:`describe`);
    empty cells are NaN; other date columns are datetimes.  The file is
    validated against ``datapackage.json`` on every call (fields present and no
    others, types parse, required keys present, no duplicate keys, values within
    the declared minimum/maximum); any failure raises :class:`DataError` naming
    the file, column, CSV line and value.  Each call returns a new object.

    Raises ``ValueError`` (not ``DataError``) for an unknown ``name``.
    """
    directory = _resolve_dir(data_dir)
    resource = _resource(_read_package(directory), name)
    path = directory / resource["path"]
    frame, _ = _validate(path, resource)
    return _to_frame(frame, resource)


# --------------------------------------------------------------------------------------
# Downloading
# --------------------------------------------------------------------------------------


def _fred_url(series_id: str) -> str:
    base = os.environ.get(FRED_URL_ENV) or FRED_BASE_URL
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}id={series_id}"


def _tic_url(file_name: str) -> str:
    base = os.environ.get(TIC_URL_ENV) or TIC_BASE_URL
    if base.lower().endswith(".txt"):
        return base
    return base.rstrip("/") + "/" + file_name


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith("<!doctype html") or head.startswith("<html") or "<html" in head or "<body" in head


def _download(url: str, timeout: float) -> str:
    """GET ``url`` into memory with a total deadline of ``timeout`` seconds.

    Raises :class:`RefreshError` with a one-line reason on HTTP errors,
    timeouts, truncated bodies (fewer bytes than Content-Length), empty bodies
    and HTML pages.
    """
    deadline = time.monotonic() + timeout
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/csv,text/plain,*/*"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            ctype = resp.headers.get("Content-Type", "") or ""
            length = resp.headers.get("Content-Length")
            chunks: list[bytes] = []
            while True:
                if time.monotonic() > deadline:
                    raise RefreshError(f"timed out after {timeout:g} s while reading {url}")
                chunk = resp.read(65536)
                if not chunk:
                    break
                chunks.append(chunk)
    except RefreshError:
        raise
    except urllib.error.HTTPError as exc:
        raise RefreshError(f"HTTP {exc.code} {exc.reason} from {url}") from None
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, (TimeoutError, socket.timeout)):
            raise RefreshError(f"timed out after {timeout:g} s waiting for {url}") from None
        raise RefreshError(f"cannot reach {url}: {exc.reason}") from None
    except (TimeoutError, socket.timeout):
        raise RefreshError(f"timed out after {timeout:g} s waiting for {url}") from None
    except http.client.IncompleteRead as exc:
        raise RefreshError(f"truncated download from {url}: connection closed after {len(exc.partial)} bytes") from None
    except (http.client.HTTPException, OSError, ValueError) as exc:
        raise RefreshError(f"download failed from {url}: {type(exc).__name__}: {exc}") from None
    body = b"".join(chunks)
    if length is not None and length.isdigit() and len(body) < int(length):
        raise RefreshError(f"truncated download from {url}: got {len(body)} of {length} bytes")
    if not body.strip():
        raise RefreshError(f"empty response from {url}")
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = body.decode("cp1252", errors="replace")
    if "html" in ctype.lower() or _looks_like_html(text):
        raise RefreshError(f"got an HTML page instead of data from {url} (Content-Type {ctype or 'unknown'})")
    return text


class _Fetcher:
    """Per-run download cache so a source used by several resources is fetched once."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._cache: dict[str, str | RefreshError] = {}

    def text(self, url: str) -> str:
        if url not in self._cache:
            try:
                self._cache[url] = _download(url, self.timeout)
            except RefreshError as exc:
                self._cache[url] = exc
        got = self._cache[url]
        if isinstance(got, RefreshError):
            raise RefreshError(str(got))
        return got

    def fred(self, series_id: str) -> pd.Series:
        url = _fred_url(series_id)
        try:
            return parse_fred_csv(self.text(url), series_id)
        except RefreshError as exc:
            msg = str(exc)
            if url in msg:
                raise RefreshError(msg) from None
            raise RefreshError(f"{msg} ({url})" if msg.startswith("FRED") else f"FRED {series_id}: {msg} ({url})") from None


# --------------------------------------------------------------------------------------
# Parsers
# --------------------------------------------------------------------------------------


def parse_fred_csv(text: str, series_id: str) -> pd.Series:
    """Parse a FRED ``fredgraph.csv`` download.

    Accepts the current header ``observation_date,SERIES`` and the older
    ``DATE,SERIES``; missing values may be empty or ``"."``.  Returns a float
    Series (NaN = missing, kept so the caller sees the dates FRED lists) on a
    DatetimeIndex named ``date``, in the series' own units.  Raises
    :class:`RefreshError` for anything that is not such a file.
    """
    if not text.strip():
        raise RefreshError(f"FRED {series_id}: empty response")
    if _looks_like_html(text):
        raise RefreshError(f"FRED {series_id}: got an HTML page, not CSV")
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except (StopIteration, csv.Error) as exc:
        raise RefreshError(f"FRED {series_id}: unreadable header ({exc})") from None
    if len(header) != 2 or header[0].lower() not in ("observation_date", "date") or header[1].upper() != series_id.upper():
        raise RefreshError(
            f"FRED {series_id}: unexpected header {','.join(header)[:80]!r} "
            f"(expected 'observation_date,{series_id}' or 'DATE,{series_id}')"
        )
    dates: list[str] = []
    vals: list[float] = []
    try:
        for row in reader:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            line = reader.line_num
            if len(row) != 2:
                raise RefreshError(f"FRED {series_id}: line {line} has {len(row)} fields: {','.join(row)[:60]!r}")
            d, v = row[0].strip(), row[1].strip()
            if not _DATE_RE.match(d):
                raise RefreshError(f"FRED {series_id}: line {line}: bad date {d!r} (truncated download?)")
            if v in ("", "."):
                vals.append(math.nan)
            else:
                try:
                    x = float(v)
                except ValueError:
                    raise RefreshError(f"FRED {series_id}: line {line}: value {v!r} is not a number") from None
                if not math.isfinite(x):
                    raise RefreshError(f"FRED {series_id}: line {line}: value {v!r} is not finite")
                vals.append(x)
            dates.append(d)
    except csv.Error as exc:
        raise RefreshError(f"FRED {series_id}: CSV error at line {reader.line_num}: {exc}") from None
    if not dates:
        raise RefreshError(f"FRED {series_id}: no observations")
    idx = pd.to_datetime(pd.Series(dates), format="%Y-%m-%d", errors="coerce")
    if idx.isna().any():
        bad = dates[int(np.flatnonzero(idx.isna().to_numpy())[0])]
        raise RefreshError(f"FRED {series_id}: invalid date {bad!r}")
    index = pd.DatetimeIndex(idx, name="date")
    if not index.is_monotonic_increasing or index.has_duplicates:
        raise RefreshError(f"FRED {series_id}: dates are not strictly increasing")
    s = pd.Series(vals, index=index, name=series_id, dtype="float64")
    if s.notna().sum() == 0:
        raise RefreshError(f"FRED {series_id}: every observation is missing")
    return s


_MONTHS = {m: i for i, m in enumerate(calendar.month_abbr) if m}
_TIC_SPECIAL = {
    "grand total": "grand_total",
    "all other": "agg_all_other",
    "oil exporters": "agg_oil_exporters",
    "carib bnkng ctrs": "agg_carib_bnkng_ctrs",
    "for. official": "memo_foreign_official_total",
    "treasury bills": "memo_foreign_official_bills",
    "t-bonds & notes": "memo_foreign_official_bonds_notes",
}
_TIC_MEMOS = ["memo_foreign_official_total", "memo_foreign_official_bills", "memo_foreign_official_bonds_notes"]


def _tic_column(label: str) -> str:
    """Map a TIC row label to a column name: ``'United Kingdom 2/'`` -> ``'united_kingdom'``."""
    s = label.strip().strip('"').strip()
    s = re.sub(r"\s*\d+/\s*$", "", s).strip()
    key = re.sub(r"\s+", " ", s.lower())
    if key in _TIC_SPECIAL:
        return _TIC_SPECIAL[key]
    return re.sub(r"[^a-z0-9]+", "_", key).strip("_")


@dataclass
class TicParse:
    """Result of :func:`parse_tic_mfhhis` (values in USD billions, NaN = 'n.a.')."""

    #: (month Period, column) -> value, new-series (left-hand) values.
    values: dict[tuple[pd.Period, str], float]
    #: [(month, column, value)] old-series values of months printed twice, in file order.
    comparison: list[tuple[pd.Period, str, float]]
    #: column -> order of first appearance in the file.
    first_seen: dict[str, int]


def parse_tic_mfhhis(text: str) -> TicParse:
    """Parse Treasury's TIC history file ``mfhhis01.txt`` (tab-separated text).

    The file is a sequence of annual blocks, newest first.  Each block has a
    month header row (``\\tDec\\tNov...``), a ``Country`` row with the years, a
    dashes row, then one row per holder (labels may carry footnote markers such
    as ``United Kingdom 2/`` and stray spaces), ``All Other``, ``Grand Total``
    and the ``Of which:`` memo rows (``For. Official``, ``Treasury Bills``,
    ``T-Bonds & Notes``).  At series breaks a month is printed twice; the
    left-hand column is the new series and the right-hand one the old series
    (``comparison``).  ``n.a.`` -> NaN, ``*`` (less than $50 million) -> 0.0,
    a blank cell means the holder was not listed that month (no entry).
    """
    if _looks_like_html(text):
        raise RefreshError("TIC: got an HTML page, not the tab-separated history file")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter="\t", quotechar='"'))
    values: dict[tuple[pd.Period, str], float] = {}
    comparison: list[tuple[pd.Period, str, float]] = []
    first_seen: dict[str, int] = {}
    months_hdr: list[str] | None = None
    colmap: dict[int, tuple[pd.Period, bool]] | None = None  # cell index -> (month, is_old_series)
    in_block = False
    seen_in_block: set[str] = set()
    block_year = ""
    blocks = 0
    months_done: set[pd.Period] = set()

    def is_month_header(cells: list[str]) -> bool:
        names = [c.strip() for c in cells[1:] if c.strip()]
        return (not cells[0].strip()) and len(names) >= 1 and all(n in _MONTHS for n in names)

    for lineno, cells in enumerate(rows, start=1):
        if not cells:
            continue
        if is_month_header(cells):
            if in_block:
                raise RefreshError(f"TIC: line {lineno}: the {block_year} block ends without its 'T-Bonds & Notes' row")
            months_hdr = cells
            colmap = None
            continue
        label = cells[0].strip()
        if months_hdr is not None and colmap is None and label.lower().startswith("country"):
            colmap = {}
            seen_months: set[pd.Period] = set()
            for j in range(1, max(len(cells), len(months_hdr))):
                mon = months_hdr[j].strip() if j < len(months_hdr) else ""
                yr = cells[j].strip() if j < len(cells) else ""
                if not mon and not yr:
                    continue
                if not mon or not re.fullmatch(r"\d{4}", yr):
                    raise RefreshError(f"TIC: line {lineno}: month/year header mismatch in column {j} ({mon!r}/{yr!r})")
                p = pd.Period(year=int(yr), month=_MONTHS[mon], freq="M")
                old = p in seen_months
                if old and any(v == (p, True) for v in colmap.values()):
                    raise RefreshError(f"TIC: line {lineno}: month {p} printed more than twice")
                seen_months.add(p)
                colmap[j] = (p, old)
            if not colmap:
                raise RefreshError(f"TIC: line {lineno}: no months in the 'Country' header row")
            for p, old in colmap.values():
                if not old and p in months_done:
                    raise RefreshError(f"TIC: line {lineno}: month {p} appears in two blocks")
                months_done.add(p)
            in_block = True
            seen_in_block = set()
            block_year = str(max(p for p, _ in colmap.values()).year)
            blocks += 1
            continue
        if not in_block or colmap is None:
            continue
        if not label or label.startswith("-") or label.lower().startswith("of which"):
            continue
        cells_j = {j: (cells[j].strip() if j < len(cells) else "") for j in colmap}
        if all(v == "" for v in cells_j.values()):
            continue
        col = _tic_column(label)
        if not col:
            raise RefreshError(f"TIC: line {lineno}: empty label")
        if col in seen_in_block:
            raise RefreshError(f"TIC: line {lineno}: holder {label!r} appears twice in one block")
        seen_in_block.add(col)
        first_seen.setdefault(col, len(first_seen))
        for j, raw in cells_j.items():
            p, old = colmap[j]
            if raw == "":
                continue
            if raw.lower() == "n.a.":
                x = math.nan
            elif raw == "*":
                x = 0.0
            else:
                try:
                    x = float(raw.replace(",", ""))
                except ValueError:
                    raise RefreshError(f"TIC: line {lineno}: holder {label!r}, {p}: value {raw!r} is not a number") from None
            if old:
                comparison.append((p, col, x))
            else:
                values[(p, col)] = x
        if col == "memo_foreign_official_bonds_notes":
            in_block = False  # last row of a block; what follows is a gap or the footnotes
    if blocks == 0 or not values:
        raise RefreshError("TIC: no annual blocks found (not the mfhhis01.txt format?)")
    if in_block:
        raise RefreshError(f"TIC: the {block_year} block ends before its 'Grand Total' and memo rows (truncated file?)")
    if not any(c == "grand_total" for _, c in values):
        raise RefreshError("TIC: no 'Grand Total' rows found (truncated file?)")
    return TicParse(values=values, comparison=comparison, first_seen=first_seen)


# --------------------------------------------------------------------------------------
# Builders: downloaded series -> rows of strings in the snapshot's exact format
# --------------------------------------------------------------------------------------


def _fmt(x: float, decimals: int) -> str:
    """Format like the snapshot: fixed decimals, empty for NaN, no negative zero."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    s = f"{x:.{decimals}f}"
    if s.startswith("-") and float(s) == 0:
        s = s[1:]
    return s


def _last_complete_month(all_dates: pd.DatetimeIndex) -> pd.Period:
    """Last complete calendar month of a daily series.

    The month of the last row FRED lists (observed or '.') counts as complete only
    if that row is dated on/after the month's last weekday (Mon-Fri).
    """
    last = all_dates.max()
    month_end = last + pd.offsets.MonthEnd(0)
    last_weekday = month_end - pd.Timedelta(days=max(0, month_end.weekday() - 4))
    p = last.to_period("M")
    return p if last.normalize() >= last_weekday.normalize() else p - 1


def _monthly_mean_last(s: pd.Series) -> pd.DataFrame:
    """Per calendar month of a daily series: mean, last value and its date.

    The mean is the left-to-right float sum of the available values divided by
    their count (this reproduces the snapshot's rounding exactly).  Only complete
    months (see :func:`_last_complete_month`) are returned.
    """
    cutoff = _last_complete_month(s.index)
    obs = s.dropna()
    periods = obs.index.to_period("M")
    keep = periods <= cutoff
    obs, periods = obs[keep], periods[keep]
    out: dict[pd.Period, tuple[float, float, pd.Timestamp]] = {}
    vals = obs.to_numpy(dtype=float).tolist()
    dates = list(obs.index)
    codes = list(periods)
    start = 0
    for i in range(1, len(vals) + 1):
        if i == len(vals) or codes[i] != codes[start]:
            chunk = vals[start:i]
            out[codes[start]] = (sum(chunk) / len(chunk), chunk[-1], dates[i - 1])
            start = i
    df = pd.DataFrame.from_dict(out, orient="index", columns=["avg", "eom", "eom_date"])
    df.index = pd.PeriodIndex(df.index, freq="M", name="month")
    return df


def _monthly_published(s: pd.Series) -> pd.Series:
    obs = s.dropna()
    return pd.Series(obs.to_numpy(), index=pd.PeriodIndex(obs.index.to_period("M"), name="month"))


def _quarterly(s: pd.Series) -> pd.Series:
    obs = s.dropna()
    return pd.Series(obs.to_numpy(), index=pd.PeriodIndex(obs.index.to_period("Q"), name="quarter"))


def _quarter_cells(q: pd.Period) -> list[str]:
    return [f"{q.year}Q{q.quarter}", q.end_time.strftime("%Y-%m-%d")]


Table = tuple[list[str], list[list[str]]]


def _build_fred_join(res: Mapping[str, Any], fx: _Fetcher, ctx: "_Context") -> Table:
    """Outer join of daily or weekly FRED series on date (``refresh``: series, start, decimals, scale, dates_from)."""
    spec = res["refresh"]
    cols = list(spec["series"])
    start = pd.Timestamp(spec.get("start", "1900-01-01"))
    scale = float(spec.get("scale", 1.0))
    data = {c: fx.fred(sid) * scale for c, sid in spec["series"].items()}
    df = pd.concat(data, axis=1).sort_index()
    df = df[df.index >= start].dropna(how="all")
    if spec.get("dates_from"):
        df = df.reindex(load(spec["dates_from"], ctx.directory).index)
    dec = spec.get("decimals", 2)
    digits = [int(dec[c]) if isinstance(dec, Mapping) else int(dec) for c in cols]
    rows = [[ts.strftime("%Y-%m-%d")] + [_fmt(v, d) for v, d in zip(vals, digits)] for ts, vals in zip(df.index, df[cols].to_numpy())]
    return ["date", *cols], rows


def _build_yields_monthly(res: Mapping[str, Any], fx: _Fetcher, ctx: "_Context") -> Table:
    spec = res["refresh"]
    d = int(spec.get("decimals", 2))
    header = [f["name"] for f in res["schema"]["fields"]]
    columns: dict[str, pd.Series] = {}
    for short, sid in spec["daily"].items():
        m = _monthly_mean_last(fx.fred(sid))
        columns[f"{short}_avg"] = m["avg"]
        columns[f"{short}_eom"] = m["eom"]
    for col, sid in spec["monthly"].items():
        columns[col] = _monthly_published(fx.fred(sid))
    df = pd.DataFrame(columns).sort_index()
    rows = [[str(p)] + [_fmt(df.at[p, c], d) for c in header[1:]] for p in df.index]
    return header, rows


def _build_fed_holdings(res: Mapping[str, Any], fx: _Fetcher, ctx: "_Context") -> Table:
    spec = res["refresh"]
    header = [f["name"] for f in res["schema"]["fields"]]
    series = {col: fx.fred(sid) for col, sid in spec["series"].items()}
    main_col = next(iter(spec["series"]))
    main = series[main_col]
    first, last_listed = main.dropna().index.min(), main.index.max()
    (ratio_col, (num_sid, den_sid)), = spec["ratio"].items()
    by_sid = {sid: series[col] for col, sid in spec["series"].items()}
    rows = []
    for p in pd.period_range(first.to_period("M"), last_listed.to_period("M"), freq="M"):
        end = p.end_time.normalize()
        wed = end - pd.Timedelta(days=(end.weekday() - 2) % 7)
        if wed not in main.index or math.isnan(main.at[wed]):
            continue  # last Wednesday not (yet) in the source: omit the month
        cells = [str(p), wed.strftime("%Y-%m-%d")]
        for col in header[2:]:
            if col == ratio_col:
                num = by_sid[num_sid].get(wed, math.nan)
                den = by_sid[den_sid].get(wed, math.nan)
                cells.append(_fmt(100.0 * num / den if den else math.nan, 1))
            else:
                cells.append(_fmt(series[col].get(wed, math.nan) / 1000.0, 1))
        rows.append(cells)
    return header, rows


def _tic_tables(fx: _Fetcher, res: Mapping[str, Any]) -> tuple[Table, Table]:
    parsed = parse_tic_mfhhis(fx.text(_tic_url(res["refresh"].get("file", "mfhhis01.txt"))))
    months = sorted({p for p, _ in parsed.values})
    latest = months[-1]
    cols = set(c for _, c in parsed.values)
    special = {"grand_total", *_TIC_MEMOS}
    countries = [c for c in cols if c not in special and not c.startswith("agg_")]
    listed = [c for c in countries if not math.isnan(parsed.values.get((latest, c), math.nan))]
    listed.sort(key=lambda c: (-parsed.values[(latest, c)], parsed.first_seen[c]))
    others = sorted(set(countries) - set(listed))
    aggs = sorted(c for c in cols if c.startswith("agg_"))
    memos = [c for c in _TIC_MEMOS if c in cols]
    order = ["grand_total", *listed, *others, *aggs, *memos]
    if "grand_total" not in cols:
        raise RefreshError("TIC: no Grand Total")
    main_rows = [[str(p)] + [_fmt(parsed.values.get((p, c), math.nan), 1) for c in order] for p in months]
    comp_rows = [[str(p), c, _fmt(v, 1)] for p, c, v in parsed.comparison]
    return (["month", *order], main_rows), (["month", "column", "holdings_usd_bn_prior_series"], comp_rows)


def _build_tic_main(res: Mapping[str, Any], fx: _Fetcher, ctx: "_Context") -> Table:
    return _tic_tables(fx, res)[0]


def _build_tic_comparison(res: Mapping[str, Any], fx: _Fetcher, ctx: "_Context") -> Table:
    return _tic_tables(fx, res)[1]


def _build_debt_holders(res: Mapping[str, Any], fx: _Fetcher, ctx: "_Context") -> Table:
    spec = res["refresh"]
    header = [f["name"] for f in res["schema"]["fields"]]
    fred_cols: dict[str, pd.Series] = {}
    for col, (sid, scale) in spec["fred"].items():
        fred_cols[col] = _quarterly(fx.fred(sid)) * float(scale)
    quarters = sorted(set(fred_cols["debt_held_by_public_bn"].index) | set(fred_cols["foreign_holdings_fdhbfin_bn"].index))
    local: dict[str, pd.Series] = {}
    for col, (rname, rcol) in spec["from_resources"].items():
        local[col] = load(rname, ctx.directory)[rcol]
    rows = []
    for q in quarters:
        vals: dict[str, str] = {}
        for col, s in fred_cols.items():
            vals[col] = _fmt(s.get(q, math.nan), 1)
        last_month = q.asfreq("M", "end")
        for col, s in local.items():
            vals[col] = _fmt(s.get(last_month, math.nan), 1)
        pub = float(vals["debt_held_by_public_bn"]) if vals["debt_held_by_public_bn"] else math.nan

        def share(cell: str) -> str:
            return _fmt(100.0 * float(cell) / pub, 1) if cell and pub and not math.isnan(pub) else ""

        vals["foreign_share_of_public_debt_pct"] = share(vals["foreign_holdings_fdhbfin_bn"])
        vals["fed_share_of_public_debt_pct"] = share(vals["fed_treasuries_h41_bn"])
        rows.append(_quarter_cells(q) + [vals[c] for c in header[2:]])
    return header, rows


def _build_fred_quarterly(res: Mapping[str, Any], fx: _Fetcher, ctx: "_Context") -> Table:
    spec = res["refresh"]
    (col, sid), = spec["series"].items()
    s = _quarterly(fx.fred(sid))
    d = int(spec.get("decimals", 3))
    return ["quarter", "quarter_end", col], [_quarter_cells(q) + [_fmt(v, d)] for q, v in s.items()]


def _build_index_monthly(res: Mapping[str, Any], fx: _Fetcher, ctx: "_Context") -> Table:
    spec = res["refresh"]
    m = _monthly_mean_last(fx.fred(spec["series"]))
    d = int(spec.get("decimals", 4))
    c = spec["columns"]
    rows = [[str(p), _fmt(r.avg, d), _fmt(r.eom, d), r.eom_date.strftime("%Y-%m-%d")] for p, r in m.iterrows()]
    return ["month", c["avg"], c["eom"], c["eom_date"]], rows


def _build_monthly_from_daily_resource(res: Mapping[str, Any], fx: _Fetcher, ctx: "_Context") -> Table:
    spec = res["refresh"]
    m = _monthly_mean_last(load(spec["resource"], ctx.directory)[spec["column"]])
    d = int(spec.get("decimals", 4))
    c = spec["columns"]
    rows = [[str(p), _fmt(r.avg, d), _fmt(r.eom, d), r.eom_date.strftime("%Y-%m-%d")] for p, r in m.iterrows()]
    return ["month", c["avg"], c["eom"], c["eom_date"]], rows


_BUILDERS: dict[str, Callable[[Mapping[str, Any], _Fetcher, "_Context"], Table]] = {
    "fred_daily": _build_fred_join,
    "fred_weekly": _build_fred_join,
    "monthly_from_daily_resource": _build_monthly_from_daily_resource,
    "fred_daily_to_monthly_yields": _build_yields_monthly,
    "fred_weekly_last_wednesday": _build_fed_holdings,
    "tic_mfhhis01": lambda res, fx, ctx: (_build_tic_main if res["name"] == "tic_major_foreign_holders" else _build_tic_comparison)(res, fx, ctx),
    "federal_debt_holders": _build_debt_holders,
    "fred_quarterly": _build_fred_quarterly,
    "fred_daily_to_monthly_index": _build_index_monthly,
}

#: Refresh order: sources first, then resources derived from other resources.
_REFRESH_ORDER = [
    "treasury_yields_daily",
    "treasury_yields_monthly",
    "fed_treasury_holdings",
    "tic_major_foreign_holders",
    "tic_series_break_comparison",
    "federal_interest_payments",
    "dollar_and_fx_daily",
    "dollar_index_broad",
    "federal_debt_holders",
    "fed_balance_sheet_weekly",
    "policy_rates_daily",
    "treasury_yields_daily_extra",
]


# --------------------------------------------------------------------------------------
# Refresh: build -> write temp -> validate -> atomic replace -> update coverage
# --------------------------------------------------------------------------------------


@dataclass
class RefreshResult:
    """Outcome of refreshing one resource."""

    name: str
    ok: bool
    message: str
    rows: int | None = None

    def line(self) -> str:
        """One-line, human-readable status."""
        return f"{'ok  ' if self.ok else 'FAIL'} {self.name}: {' '.join(self.message.split())}"


@dataclass
class _Context:
    directory: Path
    allow_shrink: bool


def _csv_bytes(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _atomic_write(target: Path, payload: bytes, validate: Callable[[Path], None] | None = None) -> None:
    """Write ``payload`` to a temp file next to ``target``, validate it, then ``os.replace``."""
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=str(target.parent))
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():
            os.chmod(tmp, stat.S_IMODE(target.stat().st_mode))
        else:
            os.chmod(tmp, 0o644)
        if validate is not None:
            validate(tmp)
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def _tic_fields(old_fields: list[dict[str, Any]], header: list[str]) -> list[dict[str, Any]]:
    """Schema fields for a rebuilt TIC table: keep declared fields, add new holders."""
    by_name = {f["name"]: f for f in old_fields}
    template = next(f for f in old_fields if f.get("type") == "number")
    out = []
    for col in header:
        if col in by_name:
            out.append(by_name[col])
        else:
            f = copy.deepcopy(template)
            f["name"] = col
            f["description"] = f"Holdings attributed to {col.replace('_', ' ').title()} (country of the custodian); column added by refresh"
            out.append(f)
    return out


def _refresh_one(name: str, pkg: dict[str, Any], fx: _Fetcher, ctx: _Context) -> RefreshResult:
    res = _resource(pkg, name)
    method = res.get("refresh", {}).get("method")
    if method not in _BUILDERS:
        raise RefreshError(f"no refresh method for {name} in {DATAPACKAGE} (got {method!r})")
    header, rows = _BUILDERS[method](res, fx, ctx)
    if not rows:
        raise RefreshError("rebuilt table is empty")
    new_res = copy.deepcopy(res)
    declared = [f["name"] for f in res["schema"]["fields"]]
    if header != declared:
        if method == "tic_mfhhis01" and name == "tic_major_foreign_holders":
            new_res["schema"]["fields"] = _tic_fields(res["schema"]["fields"], header)
        elif set(header) == set(declared):
            header_idx = [header.index(c) for c in declared]
            rows = [[r[i] for i in header_idx] for r in rows]
            header = declared
        else:
            raise RefreshError(f"rebuilt columns {header} differ from the declared fields {declared}")
    key = new_res["schema"]["primaryKey"][0]
    kpos = header.index(key)
    keys = sorted(r[kpos] for r in rows)
    new_cov = {"start": keys[0], "end": keys[-1]}
    target = ctx.directory / res["path"]
    old_cov = dict(res.get("coverage", {}))
    try:
        old_frame, _ = _validate(target, res)
        old_keys = sorted(old_frame[key])
        old_cov.update(start=old_keys[0], end=old_keys[-1])
    except DataError:
        pass  # snapshot missing or invalid: fall back to the declared coverage
    if not ctx.allow_shrink and old_cov.get("start") and old_cov.get("end"):
        if new_cov["start"] > old_cov["start"] or new_cov["end"] < old_cov["end"]:
            raise RefreshError(
                f"refusing to shrink coverage from {old_cov['start']}..{old_cov['end']} to "
                f"{new_cov['start']}..{new_cov['end']} (truncated source?; use --allow-shrink to accept)"
            )
    payload = _csv_bytes(header, rows)
    display = f"{target} (rebuilt from download)"

    def check(tmp: Path) -> None:
        _validate(tmp, new_res, display=display)

    try:
        _atomic_write(target, payload, check)
    except DataError as exc:
        raise RefreshError(f"rebuilt data failed validation: {exc}") from None
    # Update coverage (and TIC fields) in datapackage.json, atomically.
    pkg_path = ctx.directory / DATAPACKAGE
    fresh = _read_package(ctx.directory)
    r = _resource(fresh, name)
    r.setdefault("coverage", {})
    r["coverage"]["start"], r["coverage"]["end"] = new_cov["start"], new_cov["end"]
    r["coverage"]["refreshed"] = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d")
    r["schema"]["fields"] = new_res["schema"]["fields"]
    text = json.dumps(fresh, indent=2, ensure_ascii=False) + "\n"
    _atomic_write(pkg_path, text.encode("utf-8"))
    pkg.clear()
    pkg.update(fresh)
    return RefreshResult(name, True, f"{len(rows)} rows, {new_cov['start']}..{new_cov['end']}, {target.name} replaced", len(rows))


def refresh(
    names: Sequence[str] | None = None,
    *,
    data_dir: str | os.PathLike[str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    allow_shrink: bool = False,
) -> list[RefreshResult]:
    """Re-download resources from the official sources and rebuild their CSVs.

    ``names`` defaults to every resource.  Each resource is rebuilt in the
    snapshot's exact format (see the ``refresh`` block in ``datapackage.json``),
    written to a temp file in the data directory, validated with the same
    validator as :func:`load`, and only then moved over the old file with
    :func:`os.replace`; ``coverage`` in ``datapackage.json`` is then updated
    (also atomically).  A failed, truncated, HTML or invalid download, a timeout,
    or a rebuilt table whose coverage is shorter than the snapshot's (unless
    ``allow_shrink``) leaves the snapshot byte-for-byte untouched and yields a
    failed :class:`RefreshResult` with a one-line reason.  The two TIC resources
    come from one file and are always rebuilt together.

    Every network request has a total deadline of ``timeout`` seconds.  Base
    URLs: :data:`FRED_BASE_URL` / :data:`TIC_BASE_URL`, overridable with the
    environment variables ``SELLOFF_FRED_URL`` / ``SELLOFF_TIC_URL``.
    Raises ``ValueError`` for unknown names (before any download).
    """
    directory = _resolve_dir(data_dir)
    pkg = _read_package(directory)
    valid = [r["name"] for r in pkg["resources"]]
    wanted = list(dict.fromkeys(names)) if names else list(valid)
    unknown = [n for n in wanted if n not in valid]
    if unknown:
        raise ValueError(f"unknown dataset(s) {', '.join(map(repr, unknown))}; valid names: {', '.join(valid)}")
    tic_pair = {"tic_major_foreign_holders", "tic_series_break_comparison"}
    if tic_pair & set(wanted):
        wanted += [n for n in sorted(tic_pair) if n in valid and n not in wanted]
    order = [n for n in _REFRESH_ORDER if n in wanted] + [n for n in wanted if n not in _REFRESH_ORDER]
    fx = _Fetcher(timeout)
    ctx = _Context(directory=directory, allow_shrink=allow_shrink)
    results: list[RefreshResult] = []
    for name in order:
        try:
            results.append(_refresh_one(name, pkg, fx, ctx))
        except (RefreshError, DataError) as exc:
            results.append(RefreshResult(name, False, str(exc)))
    return results


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m selloff.data``; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m selloff.data", description="Data pack tools for the book.")
    sub = parser.add_subparsers(dest="cmd", required=True)
    p_ref = sub.add_parser("refresh", help="re-download from official sources and rebuild CSVs atomically")
    p_ref.add_argument("names", nargs="*", metavar="NAME", help="resources to refresh (default: all)")
    p_ref.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="network timeout per download, seconds (default 30)")
    p_ref.add_argument("--data-dir", default=None, help="data directory (default: auto-detect)")
    p_ref.add_argument("--allow-shrink", action="store_true", help="accept a rebuilt file covering less time than the snapshot")
    p_chk = sub.add_parser("check", help="validate resources against datapackage.json")
    p_chk.add_argument("names", nargs="*", metavar="NAME")
    p_chk.add_argument("--data-dir", default=None)
    p_lst = sub.add_parser("list", help="list resources")
    p_lst.add_argument("--data-dir", default=None)
    args = parser.parse_args(argv)
    try:
        if args.cmd == "list":
            for n in available(args.data_dir):
                d = describe(n, args.data_dir)
                print(f"{n}\t{d['coverage'].get('start')}..{d['coverage'].get('end')}\t{d['title']}")
            return 0
        if args.cmd == "check":
            bad = 0
            for n in args.names or available(args.data_dir):
                try:
                    df = load(n, args.data_dir)
                    print(f"ok   {n}: {len(df)} rows")
                except DataError as exc:
                    bad += 1
                    print(f"FAIL {n}: {' '.join(str(exc).split())}")
            return 1 if bad else 0
        if args.timeout <= 0:
            parser.error("--timeout must be positive")
        results = refresh(args.names or None, data_dir=args.data_dir, timeout=args.timeout, allow_shrink=args.allow_shrink)
    except (ValueError, DataError) as exc:
        print(f"error: {' '.join(str(exc).split())}", file=sys.stderr)
        return 2
    for r in results:
        print(r.line(), file=sys.stdout if r.ok else sys.stderr)
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
