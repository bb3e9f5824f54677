"""The data pack and its loader: find ``datapackage.json``, check each file against it, return tables.

Every :func:`load` checks, in this order: the resource ``path`` is relative and inside the pack;
the file's ``bytes`` and ``hash`` (Frictionless fields, ``sha256:<hex>``) are those recorded when the
pack was built; the header is exactly the declared fields, in order; every cell parses and is within
its constraints; keys are unique and rows are in time order; the declared coverage (resource and
each column) matches the rows.  A file edited on purpose is re-validated and re-recorded with
``python -m selloff.data accept NAME`` (see :func:`selloff.data.transaction.accept`).
"""

from __future__ import annotations

import copy
import csv
import hashlib
import io
import json
import os
import re
from pathlib import Path, PurePosixPath
from typing import Any, Mapping

import numpy as np
import pandas as pd

from selloff.data import _journal
from selloff.data.errors import DataError

#: File name of the package descriptor inside the data directory.
DATAPACKAGE = "datapackage.json"
#: Environment variable naming the data directory (otherwise the package's own ``data/``).
DATA_DIR_ENV = "SELLOFF_DATA_DIR"
#: The package's own data pack: ``data/`` at the repository root (``src/selloff/data/pack.py``).
PACKAGE_DATA_DIR = Path(__file__).resolve().parents[3] / "data"
#: How to restore or re-validate a file, appended to integrity errors.
REVALIDATE_HINT = ("if you changed it on purpose, re-validate it with `python -m selloff.data accept {name}`; "
                   "otherwise restore it (e.g. `git checkout -- data/`)")

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEARMONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


# --------------------------------------------------------------------------------------
# Locating the pack and reading the descriptor
# --------------------------------------------------------------------------------------


def data_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The directory holding ``datapackage.json`` and the CSV files.

    The explicit argument, else the environment variable ``SELLOFF_DATA_DIR``, else the
    package's own ``data/`` folder.  The working directory is never searched.
    """
    if data_dir is not None:
        return Path(data_dir)
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env)
    return PACKAGE_DATA_DIR


def read_package_bytes(directory: Path) -> bytes:
    path = directory / DATAPACKAGE
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{path}: package descriptor is missing") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read package descriptor ({exc})") from None


def parse_package(raw: bytes, path: Path) -> dict[str, Any]:
    try:
        pkg = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not valid UTF-8 ({exc})") from None
    except json.JSONDecodeError as exc:
        raise DataError(f"{path}: invalid JSON at line {exc.lineno}: {exc.msg}") from None
    if not isinstance(pkg, dict) or not isinstance(pkg.get("resources"), list):
        raise DataError(f"{path}: not a data package (no 'resources' list)")
    return pkg


def read_package(directory: Path) -> dict[str, Any]:
    if _journal.pending(directory):
        _journal.settle(directory)
    return parse_package(read_package_bytes(directory), directory / DATAPACKAGE)


def resource(pkg: Mapping[str, Any], name: str) -> dict[str, Any]:
    names = [r.get("name") for r in pkg["resources"]]
    for res in pkg["resources"]:
        if res.get("name") == name:
            return res
    raise ValueError(f"unknown dataset {name!r}; valid names: {', '.join(map(str, names))}")


def resource_path(directory: Path, res: Mapping[str, Any]) -> Path:
    """The file of a resource; its ``path`` must be a relative POSIX path that stays inside the pack."""
    raw = res.get("path")
    where = f"{directory / DATAPACKAGE}: resource {res.get('name')!r}"
    if not isinstance(raw, str) or not raw:
        raise DataError(f"{where}: 'path' must be a file name inside the data pack (got {raw!r})")
    pure = PurePosixPath(raw)
    if pure.is_absolute() or "\\" in raw or re.match(r"^[A-Za-z]:", raw) or "://" in raw:
        raise DataError(f"{where}: 'path' {raw!r} must be relative to the data pack")
    if any(part in ("..", ".", "") for part in raw.split("/")) or raw.startswith("."):
        raise DataError(f"{where}: 'path' {raw!r} leaves the data pack or names a hidden file")
    path = directory / pure
    root = directory.resolve()
    if root not in path.resolve().parents:
        raise DataError(f"{where}: 'path' {raw!r} resolves outside the data pack ({path.resolve()})")
    return path


def available(data_dir: str | os.PathLike[str] | None = None) -> list[str]:
    """Names of the resources in the data pack, in package order."""
    pkg = read_package(_resolve(data_dir))
    return [str(r["name"]) for r in pkg["resources"]]


def describe(name: str, data_dir: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Metadata of one resource as a plain dict (a deep copy; safe to mutate).

    Keys: ``name``, ``title``, ``description``, ``path`` (absolute CSV path),
    ``units`` (field -> unit string, e.g. ``"percent per year"``,
    ``"USD billions"``, ``"index, Jan 2006 = 100"``), ``source_series``
    (field -> e.g. ``"FRED:DGS10"``), ``fields`` (field -> type, unit,
    description, constraints, coverage), ``primary_key``, ``sources`` and ``licenses``
    (lists of dicts with ``title`` and ``path``), ``coverage`` (``start``/``end``
    of the key column), ``hash`` and ``bytes`` (of the file when the pack was built),
    ``provenance`` and ``refresh`` (how the file is rebuilt).
    """
    directory = _resolve(data_dir)
    res = copy.deepcopy(resource(read_package(directory), name))
    fields = res.get("schema", {}).get("fields", [])
    return {
        "name": res["name"],
        "title": res.get("title"),
        "description": res.get("description"),
        "path": str(resource_path(directory, res)),
        "units": {f["name"]: f.get("unit") for f in fields},
        "source_series": {f["name"]: f.get("source_series") for f in fields},
        "fields": {f["name"]: {k: v for k, v in f.items() if k != "name"} for f in fields},
        "primary_key": list(res.get("schema", {}).get("primaryKey", [])),
        "sources": res.get("sources", []),
        "licenses": res.get("licenses", []),
        "coverage": res.get("coverage", {}),
        "hash": res.get("hash"),
        "bytes": res.get("bytes"),
        "provenance": res.get("provenance"),
        "refresh": res.get("refresh", {}),
    }


def _resolve(directory: str | os.PathLike[str] | None) -> Path:
    return data_dir(directory)


# --------------------------------------------------------------------------------------
# Checking a file's bytes against its resource
# --------------------------------------------------------------------------------------


def sha256(payload: bytes) -> str:
    return "sha256:" + hashlib.sha256(payload).hexdigest()


def check_integrity(payload: bytes, res: Mapping[str, Any], display: str) -> None:
    """The file's size and hash must be those recorded in the descriptor."""
    name = res.get("name")
    want_bytes, want_hash = res.get("bytes"), res.get("hash")
    if not isinstance(want_bytes, int) or not isinstance(want_hash, str) or not want_hash.startswith("sha256:"):
        raise DataError(f"{display}: the descriptor records no 'bytes' and 'sha256:' 'hash' for {name!r}; "
                        + REVALIDATE_HINT.format(name=name))
    if len(payload) != want_bytes or sha256(payload) != want_hash:
        raise DataError(
            f"{display}: file changed since the data pack was built ({len(payload)} bytes, {sha256(payload)[:19]}…; "
            f"recorded {want_bytes} bytes, {want_hash[:19]}…); " + REVALIDATE_HINT.format(name=name))


def _cell_error(display: str, column: str, line: int, value: str, problem: str) -> DataError:
    return DataError(f"{display}: column {column!r}, row at CSV line {line}: value {value!r} {problem}")


def _read_rows(payload: bytes, display: str) -> tuple[list[str], list[list[str]], list[int]]:
    """Parse CSV bytes into header, rows and the CSV line number of every row."""
    try:
        text = payload.decode("utf-8-sig")
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
    if text and not text.endswith("\n"):
        raise DataError(f"{display}: the last line (CSV line {reader.line_num}) has no line end: file cut short?")
    return header, rows, lines


def validate_table(payload: bytes, res: Mapping[str, Any], display: str) -> tuple[pd.DataFrame, np.ndarray]:
    """Check CSV bytes against ``res['schema']``: header, types, constraints, unique keys, time order.

    Returns the table as strings (empty string = missing) and the CSV line number of each row.
    Raises :class:`DataError` naming file, column, line and value.
    """
    header, rows, lines = _read_rows(payload, display)
    fields = res["schema"]["fields"]
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
    if header != declared:
        first = next(i for i, (a, b) in enumerate(zip(header, declared)) if a != b)
        raise DataError(f"{display}: header (line 1) is not in the declared order: column {first + 1} is "
                        f"{header[first]!r}, {DATAPACKAGE} declares {declared[first]!r} (swapped columns?)")
    if not rows:
        raise DataError(f"{display}: no data rows")
    frame = pd.DataFrame(rows, columns=header, dtype=object)
    line_arr = np.asarray(lines, dtype=np.int64)
    key = list(res["schema"].get("primaryKey", []))

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
        _check_time_order(frame, key[0], line_arr, display)
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


def _check_time_order(frame: pd.DataFrame, col: str, lines: np.ndarray, display: str) -> None:
    """The first key column (date, YYYY-MM or YYYYQn: all sort as text) never goes back in time."""
    keys = frame[col].to_numpy(dtype=object)
    back = np.flatnonzero(keys[1:] < keys[:-1])
    if back.size:
        i = int(back[0]) + 1
        raise _cell_error(display, col, int(lines[i]), keys[i],
                          f"comes after {keys[i - 1]!r} (CSV line {int(lines[i - 1])}): rows are not in time order")


def coverage_of(frame: pd.DataFrame, res: Mapping[str, Any]) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """(resource coverage, per-field coverage) of a validated string table, by the first key column.

    A field's coverage is the first and last key at which it has a value; a field with no value has none.
    """
    key = res["schema"]["primaryKey"][0]
    keys = frame[key].to_numpy(dtype=object)
    cov = {"start": str(keys[0]), "end": str(keys[-1])}
    per_field: dict[str, dict[str, str]] = {}
    for f in res["schema"]["fields"]:
        if f["name"] in res["schema"]["primaryKey"]:
            continue
        idx = np.flatnonzero(frame[f["name"]].to_numpy(dtype=object) != "")
        if idx.size:
            per_field[f["name"]] = {"start": str(keys[idx[0]]), "end": str(keys[idx[-1]])}
    return cov, per_field


def check_coverage(frame: pd.DataFrame, res: Mapping[str, Any], display: str) -> None:
    """Declared coverage (resource and each field) must match the rows."""
    cov, per_field = coverage_of(frame, res)
    declared = res.get("coverage") or {}
    if (declared.get("start"), declared.get("end")) != (cov["start"], cov["end"]):
        raise DataError(f"{display}: rows cover {cov['start']}..{cov['end']} but {DATAPACKAGE} declares "
                        f"{declared.get('start')}..{declared.get('end')}; " + REVALIDATE_HINT.format(name=res.get("name")))
    for f in res["schema"]["fields"]:
        if f["name"] in res["schema"]["primaryKey"]:
            continue
        want = f.get("coverage")
        got = per_field.get(f["name"])
        want_t = (want.get("start"), want.get("end")) if want else None
        got_t = (got["start"], got["end"]) if got else None
        if want_t != got_t:
            shown = f"{got_t[0]}..{got_t[1]}" if got_t else "no values"
            decl = f"{want_t[0]}..{want_t[1]}" if want_t else "no values"
            raise DataError(f"{display}: column {f['name']!r} has values {shown} but {DATAPACKAGE} declares {decl}; "
                            + REVALIDATE_HINT.format(name=res.get("name")))


def to_frame(frame: pd.DataFrame, res: Mapping[str, Any]) -> pd.DataFrame:
    """Convert a validated string table to typed columns and a time index."""
    fields = {f["name"]: f for f in res["schema"]["fields"]}
    key = list(res["schema"].get("primaryKey", []))
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


def check_file(payload: bytes, res: Mapping[str, Any], display: str, *, integrity: bool = True) -> pd.DataFrame:
    """Every check of :func:`load` on a file's bytes; returns the validated string table."""
    if integrity:
        check_integrity(payload, res, display)
    frame, _ = validate_table(payload, res, display)
    check_coverage(frame, res, display)
    return frame


# --------------------------------------------------------------------------------------
# load()
# --------------------------------------------------------------------------------------


def _read_consistent(directory: Path, name: str) -> tuple[dict[str, Any], Path, bytes]:
    """Descriptor and file bytes from one state of the pack (never across a refresh's swap)."""
    for _ in range(20):
        if _journal.pending(directory):
            _journal.settle(directory)
        raw = read_package_bytes(directory)
        res = resource(parse_package(raw, directory / DATAPACKAGE), name)
        path = resource_path(directory, res)
        if not path.is_file():
            raise DataError(f"{path}: data file is missing")
        try:
            payload = path.read_bytes()
        except OSError as exc:
            raise DataError(f"{path}: cannot read file ({exc})") from None
        if not _journal.pending(directory) and read_package_bytes(directory) == raw:
            return res, path, payload
    raise DataError(f"{directory}: the data pack kept changing while it was read (a refresh in progress?); try again")


def load(name: str, data_dir: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Load one resource as a validated, tidy DataFrame indexed by time.

    * monthly resources: :class:`pandas.PeriodIndex` (freq ``M``) named ``month``;
    * quarterly: ``PeriodIndex`` (freq ``Q``) named ``quarter``; ``quarter_end``
      stays a datetime column;
    * daily and weekly resources: :class:`pandas.DatetimeIndex` named ``date``;
    * ``tic_series_break_comparison``: MultiIndex (``month`` Period, ``column`` str).

    Numeric columns are ``float64`` in the CSV's units (see :func:`describe`);
    empty cells are NaN; other date columns are datetimes.  Every call checks the
    file against ``datapackage.json`` (see the module docstring: path, bytes and
    hash, header order, types, ranges, unique keys, time order, coverage); any
    failure raises :class:`DataError` naming the file and what is wrong.  Each
    call returns a new object.

    Raises ``ValueError`` (not ``DataError``) for an unknown ``name``.
    """
    directory = _resolve(data_dir)
    res, path, payload = _read_consistent(directory, name)
    return to_frame(check_file(payload, res, str(path)), res)
