"""The official sources: download with an overall deadline, and parse FRED and TIC files.

Nothing here touches the data pack.  Every failure is a :class:`RefreshError` with a one-line reason.
"""

from __future__ import annotations

import calendar
import csv
import http.client
import io
import math
import os
import re
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass

import numpy as np
import pandas as pd

from selloff.data.errors import RefreshError

#: FRED's CSV download endpoint; requested as ``FRED_BASE_URL?id=SERIES``.
FRED_BASE_URL = "https://fred.stlouisfed.org/graph/fredgraph.csv"
#: Environment variable that overrides :data:`FRED_BASE_URL` (e.g. a local test server).
FRED_URL_ENV = "SELLOFF_FRED_URL"
#: Directory of Treasury's TIC publication files (``mfhhis01.txt`` lives there).
TIC_BASE_URL = "https://ticdata.treasury.gov/Publish/"
#: Environment variable that overrides :data:`TIC_BASE_URL`.  A value ending in
#: ``.txt`` is taken as the full URL of the file, anything else as the directory.
TIC_URL_ENV = "SELLOFF_TIC_URL"
#: Default overall deadline of a refresh, seconds (every download together, not each one).
DEFAULT_TIMEOUT = 30.0
#: Largest accepted deadline, seconds (one day).
MAX_TIMEOUT = 86400.0
USER_AGENT = "selloff-data-refresh/0.2 (open textbook project; python urllib)"
_READ_CHUNK = 16384
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_timeout(timeout: object) -> float:
    """``timeout`` as a float of seconds in (0, MAX_TIMEOUT]; ``ValueError`` naming it otherwise."""
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)):
        raise ValueError(f"timeout must be a number of seconds, got {timeout!r}")
    t = float(timeout)
    if not math.isfinite(t) or t <= 0 or t > MAX_TIMEOUT:
        raise ValueError(f"timeout must be a finite number of seconds, more than 0 and at most {MAX_TIMEOUT:g}; got {timeout!r}")
    return t


class Deadline:
    """One overall deadline shared by every download of a refresh."""

    def __init__(self, seconds: float) -> None:
        self.total = check_timeout(seconds)
        self.end = time.monotonic() + self.total

    def remaining(self) -> float:
        return self.end - time.monotonic()


def _fred_url(series_id: str) -> str:
    base = os.environ.get(FRED_URL_ENV) or FRED_BASE_URL
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}id={series_id}"


def tic_url(file_name: str) -> str:
    base = os.environ.get(TIC_URL_ENV) or TIC_BASE_URL
    if base.lower().endswith(".txt"):
        return base
    return base.rstrip("/") + "/" + file_name


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith("<!doctype html") or head.startswith("<html") or "<html" in head or "<body" in head


def _fetch(url: str, deadline: Deadline) -> tuple[bytes, str, str | None]:
    """GET ``url``: body, Content-Type, Content-Length.  Stops at the deadline between small reads."""
    req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/csv,text/plain,*/*"})
    with urllib.request.urlopen(req, timeout=max(deadline.remaining(), 0.001)) as resp:
        ctype = resp.headers.get("Content-Type", "") or ""
        length = resp.headers.get("Content-Length")
        chunks: list[bytes] = []
        while True:
            if deadline.remaining() <= 0:
                raise TimeoutError
            chunk = resp.read1(_READ_CHUNK) if hasattr(resp, "read1") else resp.read(_READ_CHUNK)
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks), ctype, length


def download(url: str, deadline: Deadline) -> str:
    """GET ``url`` into memory, finished before the deadline or abandoned.

    The request runs in a daemon thread that the caller stops waiting for at the deadline, so a
    server that drips bytes, stalls in its headers or a resolver that hangs cannot hold the refresh
    past ``--timeout``.  Raises :class:`RefreshError` with a one-line reason on HTTP errors,
    timeouts, truncated bodies (fewer bytes than Content-Length), empty bodies and HTML pages.
    """
    timed_out = RefreshError(f"timed out after {deadline.total:g} s (the refresh's overall deadline) while downloading {url}")
    remaining = deadline.remaining()
    if remaining <= 0:
        raise timed_out
    box: dict[str, object] = {}

    def work() -> None:
        try:
            box["result"] = _fetch(url, deadline)
        except BaseException as exc:  # reported to the waiting thread
            box["error"] = exc

    worker = threading.Thread(target=work, name="selloff-download", daemon=True)
    worker.start()
    worker.join(remaining)
    if worker.is_alive():
        raise timed_out
    exc = box.get("error")
    if exc is not None:
        if isinstance(exc, urllib.error.HTTPError):
            raise RefreshError(f"HTTP {exc.code} {exc.reason} from {url}") from None
        if isinstance(exc, urllib.error.URLError):
            if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                raise timed_out from None
            raise RefreshError(f"cannot reach {url}: {exc.reason}") from None
        if isinstance(exc, (TimeoutError, socket.timeout)):
            raise timed_out from None
        if isinstance(exc, http.client.IncompleteRead):
            raise RefreshError(f"truncated download from {url}: connection closed after {len(exc.partial)} bytes") from None
        if isinstance(exc, (http.client.HTTPException, OSError, ValueError)):
            raise RefreshError(f"download failed from {url}: {type(exc).__name__}: {exc}") from None
        raise RefreshError(f"download failed from {url}: {type(exc).__name__}: {exc}") from None
    body, ctype, length = box["result"]  # type: ignore[misc]
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


class Fetcher:
    """Per-refresh download cache (a source used by several resources is fetched once)."""

    def __init__(self, deadline: Deadline) -> None:
        self.deadline = deadline
        self._cache: dict[str, str | RefreshError] = {}

    def text(self, url: str) -> str:
        if url not in self._cache:
            try:
                self._cache[url] = download(url, self.deadline)
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

