"""Load, check and refresh the book's data pack (``data/datapackage.json``).

The data pack is a Frictionless *tabular data package*: one CSV per resource,
described (title, sources, licences, coverage, per-field unit, source series and
coverage, schema with constraints, and each file's ``bytes`` and ``hash``) in
``data/datapackage.json``.  ``data/SOURCES.md`` is the human-readable provenance.

Public API
----------
``available()``            names of the resources, in package order.
``load(name)``             checked, tidy :class:`pandas.DataFrame` indexed by time.
``describe(name)``         the resource's metadata (title, units, sources, licence, coverage, hash).
``data_dir()``             where the data pack lives: ``SELLOFF_DATA_DIR``, else the package's own ``data/``.
``refresh(names)``         re-download from the official sources; all files swapped in together or none.
``accept(names)``          re-validate files edited on purpose and record their new hash, size and coverage.
``DataError``              any data problem (subclass of :class:`ValueError`).
``RefreshError``           any refresh problem (the pack is unchanged).

Units are those of the CSV files (see ``describe(name)["units"]``): yields and
rates in percent per year, money in USD billions (interest payments: USD billions
at a seasonally adjusted annual rate), the dollar index as an index with
January 2006 = 100, exchange rates as quoted by H.10, shares in percent.

Modules: :mod:`~selloff.data.pack` (the pack and its loader), :mod:`~selloff.data.sources`
(downloads and the FRED/TIC parsers), :mod:`~selloff.data.builders` (source series -> files),
:mod:`~selloff.data.transaction` (the refresh as one transaction), :mod:`~selloff.data._journal` (the swap and
the lock), ``__main__`` (the command line)::

    python -m selloff.data refresh [NAME ...] [--timeout S] [--data-dir DIR] [--allow-shrink]
    python -m selloff.data check   [NAME ...]
    python -m selloff.data accept  NAME ...
    python -m selloff.data recover
    python -m selloff.data list

Importing this package has no side effects (no I/O, no network).
"""

from __future__ import annotations

from typing import Sequence

from selloff.data.errors import DataError, RefreshError
from selloff.data.pack import DATA_DIR_ENV, DATAPACKAGE, available, data_dir, describe, load
from selloff.data.transaction import RefreshResult, accept, recover, refresh
from selloff.data.sources import (DEFAULT_TIMEOUT, FRED_BASE_URL, TIC_BASE_URL, parse_fred_csv,
                                  parse_tic_mfhhis)

__all__ = [
    "DataError",
    "RefreshError",
    "RefreshResult",
    "available",
    "accept",
    "data_dir",
    "describe",
    "load",
    "main",
    "recover",
    "refresh",
    "parse_fred_csv",
    "parse_tic_mfhhis",
    "FRED_BASE_URL",
    "TIC_BASE_URL",
    "DEFAULT_TIMEOUT",
    "DATAPACKAGE",
    "DATA_DIR_ENV",
]


def main(argv: Sequence[str] | None = None) -> int:
    """The command line (``python -m selloff.data``); returns the exit status."""
    from selloff.data.__main__ import main as _main

    return _main(argv)
