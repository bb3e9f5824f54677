"""The two exceptions of :mod:`selloff.data`."""

from __future__ import annotations


class DataError(ValueError):
    """A data file or the package descriptor is missing, damaged or fails validation.

    The message names the file and, for cell problems, the column, the CSV line
    number (header = line 1) and the offending value.
    """


class RefreshError(RuntimeError):
    """A refresh failed (download, parse, validation, disk, lock); the data pack is unchanged."""
