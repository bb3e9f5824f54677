"""Swapping a new set of files into the data pack so that readers see the old pack or the new one, never a mix.

Why a journal (and not a versioned directory with a switched pointer): the pack's files keep their
names in ``data/``, so git, ``SOURCES.md``, the Makefile and readers of the folder see the same layout
before and after a refresh, and the descriptor's ``path`` values never change.

A commit, under the pack's lock:

1. every new file (CSV files, then ``datapackage.json``) is written and fsynced in a staging folder
   ``data/.refresh-staging-*/new/``; the current files are hard-linked (or copied) into ``…/old/``;
2. the journal ``data/.refresh-journal.json`` (staging folder, files, their sha256) is written to a
   temporary name, fsynced and renamed into place: **the commit point**;
3. each new file is renamed over its target, the descriptor last;
4. the journal is removed, then the staging folder.

A crash before step 2 leaves the old pack (plus a staging folder that the next refresh removes); a
crash after it leaves a journal, and the next :func:`settle` (called by every ``load()`` and every
refresh) finishes the renames: the new pack.  An error raised inside step 3 or 4 is rolled back at
once (new files back to staging, old files back in place, journal removed), so the refresh fails with
the pack unchanged; if even that fails, the journal stays and the next reader completes the new pack.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from pathlib import Path
from typing import Iterator, Sequence

from selloff.data.errors import DataError

try:  # POSIX: an advisory lock on the data directory itself (leaves no file behind)
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

JOURNAL = ".refresh-journal.json"
STAGING_PREFIX = ".refresh-staging-"
_STAGING_RE = re.compile(r"^\.refresh-staging-[A-Za-z0-9_]+$")
_NAME_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$")
_LOCK_FILE = ".refresh.lock"  # only where fcntl is missing
#: How long a reader waits for a live refresh to finish its swap (the swap itself takes milliseconds).
SETTLE_WAIT_S = 10.0


class Busy(Exception):
    """Another process holds the pack's lock."""


def _sha(payload: bytes) -> str:
    return hashlib.sha256(payload).hexdigest()


def write_file(path: Path, payload: bytes) -> None:
    """Create ``path`` (it must not exist) with ``payload``, flushed to disk."""
    with open(path, "xb") as fh:
        fh.write(payload)
        fh.flush()
        os.fsync(fh.fileno())


def fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def lock(directory: Path, *, wait: bool) -> Iterator[None]:
    """Exclusive lock on the data pack (an advisory ``flock`` on the directory).

    ``wait=False`` raises :class:`Busy` at once if another process holds it.
    """
    if fcntl is None:  # pragma: no cover - Windows fallback: a lock file created exclusively
        path = directory / _LOCK_FILE
        deadline = time.monotonic() + (SETTLE_WAIT_S if wait else 0)
        while True:
            try:
                fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
                break
            except FileExistsError:
                if time.monotonic() >= deadline:
                    raise Busy from None
                time.sleep(0.05)
        try:
            yield
        finally:
            os.close(fd)
            path.unlink(missing_ok=True)
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise Busy from None
        yield
    finally:
        os.close(fd)  # releases the lock


def pending(directory: Path) -> bool:
    """Is there a committed swap that has not finished (a journal)?"""
    return (directory / JOURNAL).is_file()


def _read_journal(directory: Path) -> tuple[Path, list[tuple[str, str]]]:
    path = directory / JOURNAL
    try:
        j = json.loads(path.read_text(encoding="utf-8"))
        staging = j["staging"]
        moves = [(str(m["name"]), str(m["sha256"])) for m in j["moves"]]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise DataError(f"{path}: unreadable refresh journal ({exc}); restore data/ (e.g. `git checkout -- data/`)") from None
    if not isinstance(staging, str) or not _STAGING_RE.match(staging) or not all(_NAME_RE.match(n) for n, _ in moves):
        raise DataError(f"{path}: refresh journal names files outside the data pack; not followed")
    return directory / staging, moves


def complete(directory: Path) -> None:
    """Finish a committed swap (roll forward).  The caller holds the lock."""
    if not pending(directory):
        return
    staging, moves = _read_journal(directory)
    for name, digest in moves:
        src, dst = staging / "new" / name, directory / name
        if src.is_file():
            os.replace(src, dst)
        if not dst.is_file() or _sha(dst.read_bytes()) != digest:
            raise DataError(f"{directory / JOURNAL}: cannot complete the interrupted refresh: {name} is not the "
                            "committed file; restore data/ (e.g. `git checkout -- data/`)")
    fsync_dir(directory)
    (directory / JOURNAL).unlink()
    fsync_dir(directory)
    remove_tree(staging)


def remove_tree(path: Path) -> None:
    """Remove a staging folder; a second attempt covers a one-off failure (what is left, the next refresh removes)."""
    for _ in range(2):
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            return


def clean_strays(directory: Path) -> None:
    """Remove staging folders and temporary journals left by a refresh that died before its commit point."""
    if pending(directory):
        return
    for p in directory.iterdir():
        if _STAGING_RE.match(p.name) and p.is_dir() and not p.is_symlink():
            remove_tree(p)
        elif p.name.startswith(JOURNAL + ".") and p.is_file():
            p.unlink(missing_ok=True)


def settle(directory: Path, wait_s: float = SETTLE_WAIT_S) -> None:
    """Make sure no half-done swap is visible: wait for a live refresh, or finish a crashed one."""
    deadline = time.monotonic() + wait_s
    while pending(directory):
        try:
            with lock(directory, wait=False):
                complete(directory)
                return
        except Busy:
            if time.monotonic() > deadline:
                raise DataError(f"{directory}: a refresh is still swapping files after {wait_s:g} s; try again") from None
            time.sleep(0.02)
        except OSError as exc:
            raise DataError(
                f"{directory}: an interrupted refresh must be completed but the data pack cannot be changed ({exc}); "
                "run `python -m selloff.data recover` with write access, or restore data/ (e.g. `git checkout -- data/`)"
            ) from None


def commit(directory: Path, files: Sequence[tuple[str, bytes]]) -> None:
    """Swap ``files`` (name relative to the pack, new bytes; the descriptor last) into the pack.

    The caller holds the lock and has validated the files.  Raises ``OSError`` or
    :class:`DataError`; then the pack is unchanged (or, if the rollback itself failed, a
    journal is left that the next reader completes: the new pack).
    """
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=directory))
    committed = False
    moved: list[str] = []
    try:
        (staging / "new").mkdir()
        (staging / "old").mkdir()
        for name, payload in files:
            (staging / "new" / name).parent.mkdir(parents=True, exist_ok=True)
            write_file(staging / "new" / name, payload)
            old = directory / name
            if old.is_file():
                (staging / "old" / name).parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(old, staging / "old" / name)
                except OSError:
                    shutil.copy2(old, staging / "old" / name)
        fsync_dir(staging / "new")
        fsync_dir(staging / "old")
        journal = json.dumps({"staging": staging.name,
                              "moves": [{"name": n, "sha256": _sha(b)} for n, b in files]}).encode()
        tmp = directory / f"{JOURNAL}.{staging.name[len(STAGING_PREFIX):]}"
        try:
            write_file(tmp, journal)
            os.replace(tmp, directory / JOURNAL)
        except BaseException:
            _unlink_quietly(tmp)
            raise
        committed = True
        fsync_dir(directory)
        for name, _ in files:
            os.replace(staging / "new" / name, directory / name)
            moved.append(name)
        fsync_dir(directory)
        (directory / JOURNAL).unlink()
        committed = False  # done: the new pack is in place
        with contextlib.suppress(OSError):
            fsync_dir(directory)  # a lost journal removal is harmless: complete() finds the files in place
    except BaseException:
        if committed and _rollback(directory, staging, moved):
            committed = False
        raise  # if the rollback failed, the journal stays: the next reader completes the new pack
    finally:
        if not committed:
            remove_tree(staging)


def _unlink_quietly(path: Path) -> None:
    for _ in range(2):
        try:
            path.unlink(missing_ok=True)
            return
        except OSError:
            continue


def _rollback(directory: Path, staging: Path, moved: list[str]) -> bool:
    """Undo the renames done so far and drop the journal; False if that failed too."""
    try:
        for name in reversed(moved):
            os.replace(directory / name, staging / "new" / name)
            old = staging / "old" / name
            if old.is_file():
                os.replace(old, directory / name)
        moved.clear()
        fsync_dir(directory)
        (directory / JOURNAL).unlink()
        fsync_dir(directory)
        return True
    except OSError:
        return False
