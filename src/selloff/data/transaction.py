"""Refresh the data pack from the official sources as one transaction; re-validate a file on purpose.

:func:`refresh` takes the pack's lock (a second refresh fails at once), downloads every source under
one overall deadline, rebuilds each requested resource (plus its partners: the two TIC files come from
one download, and the monthly dollar index is rebuilt from the daily one), and validates every rebuilt
file with the loader's own checks.  It refuses a rebuilt file whose rows, or any column's first or last
value, cover less time than the snapshot declares (unless ``allow_shrink``).  Only when every file
passes are the files and the new descriptor swapped in together (see :mod:`selloff.data._journal`);
otherwise nothing is written.  All or nothing: one failure fails the whole refresh.
"""

from __future__ import annotations

import copy
import csv
import datetime as _dt
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

import pandas as pd

from selloff.data import _journal, builders, pack, sources
from selloff.data.errors import DataError, RefreshError


@dataclass
class RefreshResult:
    """Outcome of refreshing one resource."""

    name: str
    ok: bool
    message: str
    rows: int | None = None

    def line(self) -> str:
        """One-line, human-readable status."""
        return f"{'ok  ' if self.ok else 'FAIL'} {self.name}: {_one_line(self.message)}"


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


@dataclass
class _Staged:
    res: dict[str, Any]
    payload: bytes
    frame: pd.DataFrame
    rows: int


class _Context:
    """What builders may read: files staged earlier in this refresh, else the current pack."""

    def __init__(self, directory: Path, staged: Mapping[str, _Staged]) -> None:
        self.directory = directory
        self.staged = staged

    def load(self, name: str) -> pd.DataFrame:
        if name in self.staged:
            return self.staged[name].frame.copy()
        return pack.load(name, self.directory)


def _csv_bytes(header: Sequence[str], rows: Iterable[Sequence[str]]) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


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
            f.pop("coverage", None)
            out.append(f)
    return out


def seal(res: dict[str, Any], frame: pd.DataFrame, payload: bytes) -> None:
    """Record in ``res`` what the loader checks: coverage (resource and fields), ``bytes`` and ``hash``."""
    cov, per_field = pack.coverage_of(frame, res)
    res.setdefault("coverage", {}).update(cov)
    for f in res["schema"]["fields"]:
        if f["name"] in per_field:
            f["coverage"] = per_field[f["name"]]
        else:
            f.pop("coverage", None)
    res["bytes"] = len(payload)
    res["hash"] = pack.sha256(payload)


def _check_shrink(res: Mapping[str, Any], new: Mapping[str, Any], rows: int, old_rows: int | None) -> None:
    """Refuse a rebuilt table that covers less than the snapshot: rows, time span, or any one column."""
    hint = "(truncated source?; use --allow-shrink to accept)"
    old_cov, new_cov = res.get("coverage", {}), new["coverage"]
    if old_cov.get("start") and old_cov.get("end") and (
            new_cov["start"] > old_cov["start"] or new_cov["end"] < old_cov["end"]):
        raise RefreshError(f"refusing to shrink coverage from {old_cov['start']}..{old_cov['end']} to "
                           f"{new_cov['start']}..{new_cov['end']} {hint}")
    if old_rows is not None and rows < old_rows:
        raise RefreshError(f"refusing to shrink from {old_rows} to {rows} rows {hint}")
    new_fields = {f["name"]: f for f in new["schema"]["fields"]}
    for f in res["schema"]["fields"]:
        was = f.get("coverage")
        if not was:
            continue
        now = new_fields.get(f["name"], {}).get("coverage")
        series = f.get("source_series") or f["name"]
        if not now:
            raise RefreshError(f"refusing to shrink column {f['name']!r} ({series}): it had values {was['start']}.."
                               f"{was['end']} and would have none {hint}")
        if now["start"] > was["start"] or now["end"] < was["end"]:
            raise RefreshError(f"refusing to shrink column {f['name']!r} ({series}) from {was['start']}..{was['end']} "
                               f"to {now['start']}..{now['end']} {hint}")


def _stage(name: str, pkg: Mapping[str, Any], fx: sources.Fetcher, ctx: _Context, allow_shrink: bool) -> _Staged:
    """Rebuild one resource in memory and check it with the loader's checks; nothing is written."""
    res = pack.resource(pkg, name)
    method = res.get("refresh", {}).get("method")
    if method not in builders.BUILDERS:
        raise RefreshError(f"no refresh method for {name} in {pack.DATAPACKAGE} (got {method!r})")
    header, rows = builders.BUILDERS[method](res, fx, ctx)
    if not rows:
        raise RefreshError("rebuilt table is empty")
    new = copy.deepcopy(res)
    declared = [f["name"] for f in res["schema"]["fields"]]
    if header != declared:
        if method == "tic_mfhhis01" and name == "tic_major_foreign_holders":
            new["schema"]["fields"] = _tic_fields(res["schema"]["fields"], header)
        elif set(header) == set(declared):
            idx = [header.index(c) for c in declared]
            rows = [[r[i] for i in idx] for r in rows]
            header = declared
        else:
            raise RefreshError(f"rebuilt columns {header} differ from the declared fields {declared}")
    payload = _csv_bytes(header, rows)
    display = f"{res.get('path')} (rebuilt from download)"
    try:
        frame, _ = pack.validate_table(payload, new, display)
        seal(new, frame, payload)
        if not allow_shrink:
            try:
                old_rows: int | None = len(ctx.load(name)) if name not in ctx.staged else None
            except DataError:
                old_rows = None  # snapshot damaged: the declared coverage still guards
            _check_shrink(res, new, len(rows), old_rows)
        new["coverage"]["refreshed"] = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%d")
        typed = pack.to_frame(pack.check_file(payload, new, display), new)
    except DataError as exc:
        raise RefreshError(f"rebuilt data failed validation: {exc}") from None
    return _Staged(new, payload, typed, len(rows))


def _with_partners(pkg: Mapping[str, Any], wanted: list[str]) -> list[str]:
    """Add the resources that must change together with the wanted ones, in refresh order.

    A ``refresh.pair`` (the two TIC files, built from one download) and a monthly file built
    from a daily resource (``monthly_from_daily_resource``) are refreshed with their partner.
    """
    out = list(wanted)
    specs = {r["name"]: r.get("refresh", {}) for r in pkg["resources"]}
    changed = True
    while changed:
        changed = False
        for name, spec in specs.items():
            derived = spec.get("method") == "monthly_from_daily_resource" and spec.get("resource") in out
            if name not in out and (spec.get("pair") in out or derived):
                out.append(name)
                changed = True
    order = [n for n in builders.REFRESH_ORDER if n in out]
    return order + [n for n in out if n not in order]


def _transaction(order: list[str], pkg: dict[str, Any], directory: Path, deadline: sources.Deadline,
                 allow_shrink: bool) -> list[RefreshResult]:
    fx = sources.Fetcher(deadline)
    staged: dict[str, _Staged] = {}
    failed: dict[str, str] = {}
    ctx = _Context(directory, staged)
    for name in order:
        try:
            staged[name] = _stage(name, pkg, fx, ctx, allow_shrink)
        except (RefreshError, DataError) as exc:
            failed[name] = _one_line(exc)
        except OSError as exc:
            failed[name] = f"cannot read the data pack: {_one_line(exc)}"
        except (ValueError, KeyError, TypeError, ArithmeticError) as exc:  # a source shaped unlike the snapshot
            failed[name] = f"could not rebuild from the source: {type(exc).__name__}: {_one_line(exc)}"
    if failed:
        first, why = next(iter(failed.items()))
        return [RefreshResult(n, False, failed.get(n) or f"not applied, the refresh is all or nothing: {first} failed: {why}")
                for n in order]
    new_pkg = copy.deepcopy(pkg)
    new_pkg["resources"] = [staged[r["name"]].res if r["name"] in staged else r for r in new_pkg["resources"]]
    descriptor = (json.dumps(new_pkg, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    try:
        files = [(str(pack.resource_path(directory, staged[n].res).relative_to(directory).as_posix()), staged[n].payload)
                 for n in order]
        pack.parse_package(descriptor, directory / pack.DATAPACKAGE)
        _journal.commit(directory, files + [(pack.DATAPACKAGE, descriptor)])
    except (OSError, DataError) as exc:
        if _journal.pending(directory):
            why = (f"the swap was interrupted and could not be undone ({_one_line(exc)}); "
                   "the next load() or `python -m selloff.data recover` completes the new pack")
        else:
            why = f"could not swap the new files in, nothing changed: {_one_line(exc)}"
        return [RefreshResult(n, False, why) for n in order]
    return [RefreshResult(n, True, f"{s.rows} rows, {s.res['coverage']['start']}..{s.res['coverage']['end']}, "
                                   f"{s.res['path']} replaced", s.rows)
            for n, s in staged.items()]


def refresh(
    names: Sequence[str] | None = None,
    *,
    data_dir: str | Path | None = None,
    timeout: float = sources.DEFAULT_TIMEOUT,
    allow_shrink: bool = False,
) -> list[RefreshResult]:
    """Re-download resources from the official sources and swap the rebuilt files in, all or nothing.

    ``names`` defaults to every resource; partners are added (the two TIC files; the monthly
    dollar index with the daily one).  ``timeout`` is the overall deadline in seconds for every
    download together (``ValueError`` unless finite, > 0 and at most one day).  Each rebuilt file
    must pass every check of :func:`~selloff.data.load` and must not cover less than the snapshot,
    in rows or in any column's first and last value, unless ``allow_shrink``.  Any failure (HTTP
    error, timeout, truncated or HTML download, parse or validation error, shrinking, full disk,
    another refresh holding the lock) leaves the pack byte-for-byte unchanged and returns one failed
    :class:`RefreshResult` per resource with a one-line reason.

    Base URLs: :data:`~selloff.data.sources.FRED_BASE_URL` / ``TIC_BASE_URL``, overridable with the
    environment variables ``SELLOFF_FRED_URL`` / ``SELLOFF_TIC_URL``.  Raises ``ValueError`` for
    unknown names (before any download).
    """
    deadline = sources.Deadline(timeout)
    directory = pack.data_dir(data_dir)
    pkg = pack.read_package(directory)
    valid = [r["name"] for r in pkg["resources"]]
    wanted = list(dict.fromkeys(names)) if names else list(valid)
    unknown = [n for n in wanted if n not in valid]
    if unknown:
        raise ValueError(f"unknown dataset(s) {', '.join(map(repr, unknown))}; valid names: {', '.join(valid)}")
    order = _with_partners(pkg, wanted)
    try:
        with _journal.lock(directory, wait=False):
            _journal.complete(directory)
            _journal.clean_strays(directory)
            pkg = pack.parse_package(pack.read_package_bytes(directory), directory / pack.DATAPACKAGE)
            return _transaction(order, pkg, directory, deadline, allow_shrink)
    except _journal.Busy:
        why = "another refresh of this data pack is running; nothing changed (try again when it has finished)"
    except DataError as exc:
        why = f"the data pack cannot be read: {_one_line(exc)}"
    except OSError as exc:
        why = f"cannot lock the data pack {directory}: {_one_line(exc)}"
    return [RefreshResult(n, False, why) for n in order]


def accept(names: Sequence[str], *, data_dir: str | Path | None = None) -> list[str]:
    """Re-validate files changed on purpose and record their new ``bytes``, ``hash`` and coverage.

    Each file must still pass every structural check (header in the declared order, types,
    ranges, unique keys, time order); only what a file edited on purpose legitimately changes
    is re-recorded.  Returns one line per resource saying what changed.  Raises
    :class:`DataError` (nothing changed) if a file fails, ``ValueError`` for an unknown name.
    """
    directory = pack.data_dir(data_dir)
    lines = []
    with _journal.lock(directory, wait=True):
        _journal.complete(directory)
        pkg = pack.parse_package(pack.read_package_bytes(directory), directory / pack.DATAPACKAGE)
        for name in dict.fromkeys(names):
            res = pack.resource(pkg, name)
            path = pack.resource_path(directory, res)
            try:
                payload = path.read_bytes()
            except OSError as exc:
                raise DataError(f"{path}: cannot read file ({exc})") from None
            frame, _ = pack.validate_table(payload, res, str(path))
            before = (res.get("coverage", {}).get("start"), res.get("coverage", {}).get("end"), res.get("bytes"))
            seal(res, frame, payload)
            lines.append(f"accepted {name}: {len(frame)} rows, {res['coverage']['start']}..{res['coverage']['end']}, "
                         f"{res['bytes']} bytes (was {before[0]}..{before[1]}, {before[2]} bytes)")
        descriptor = (json.dumps(pkg, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        _journal.commit(directory, [(pack.DATAPACKAGE, descriptor)])
    return lines


def recover(*, data_dir: str | Path | None = None) -> str:
    """Finish a swap interrupted by a crash and remove a dead refresh's temporary files."""
    directory = pack.data_dir(data_dir)
    with _journal.lock(directory, wait=True):
        was = _journal.pending(directory)
        _journal.complete(directory)
        _journal.clean_strays(directory)
    return "completed an interrupted refresh" if was else "nothing to recover"
