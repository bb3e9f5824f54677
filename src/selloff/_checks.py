"""Input checks shared by the model's modules: every error is a ``ValueError`` naming the argument and the value.

``finite`` is the base check (a number or an array of numbers, no NaN, no ±inf, no strings, no bools);
``non_negative``, ``positive`` and ``share`` add a range; ``whole`` checks a count (weeks, draws);
``one_of`` a named choice; ``last_axis`` the length of an array's last axis.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:117] + "..."


def finite(name: str, value) -> np.ndarray:
    """``value`` as a float array; ValueError if it is not numeric, or holds NaN or ±inf."""
    if isinstance(value, (str, bytes, bool, np.bool_)) or value is None:
        raise ValueError(f"{name} must be a number or an array of numbers, got {_short(value)}")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number or an array of numbers, got {_short(value)}") from None
    if array.dtype == object or (np.asarray(value).dtype.kind == "b"):
        raise ValueError(f"{name} must be a number or an array of numbers, got {_short(value)}")
    # One reduction instead of a boolean temporary: NaN or ±inf make the sum non-finite. Only when it is
    # (which a sum of huge finite numbers can also do) is every element checked.
    if array.size and not np.isfinite(np.add.reduce(array, axis=None)) and not np.isfinite(array).all():
        raise ValueError(f"{name} must be finite (no NaN or infinity), got {_short(value)}")
    return array


# Kept for callers that only exclude NaN: now also excludes ±inf (every model input must be finite).
as_array = finite


def non_negative(**values) -> None:
    for name, value in values.items():
        array = finite(name, value)
        if array.size and array.min() < 0:
            raise ValueError(f"{name} must be non-negative, got {_short(value)}")


def positive(**values) -> None:
    for name, value in values.items():
        array = finite(name, value)
        if array.size and array.min() <= 0:
            raise ValueError(f"{name} must be positive, got {_short(value)}")


def share(**values) -> None:
    for name, value in values.items():
        array = finite(name, value)
        if array.size and (array.min() < 0 or array.max() > 1):
            raise ValueError(f"{name} must be a share between 0 and 1, got {_short(value)}")


def whole(name: str, value, minimum: int = 1) -> int:
    """A whole number (not a bool, not a float) of at least ``minimum``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be a whole number >= {minimum}, got {_short(value)}")
    return int(value)


def one_of(name: str, value, options: Iterable) -> None:
    options = tuple(options)
    if not isinstance(value, str) or value not in options:
        raise ValueError(f"{name} must be one of {options}, got {_short(value)}")


def last_axis(name: str, array: np.ndarray, length: int) -> None:
    if array.ndim < 1 or array.shape[-1] != length:
        raise ValueError(f"{name} must have {length} values on its last axis, got shape {array.shape}")


def per_path(value) -> np.ndarray:
    """A parameter (scalar, or one value per calibration draw) shaped to broadcast over a path's weeks."""
    return np.asarray(value, dtype=float)[..., None]
