"""Helpers for the chapters' notebooks (not economics): putting computed values into the prose."""

from __future__ import annotations

import numbers

import numpy as np


def glue_number(name: str, value: float | np.floating | np.integer | np.ndarray) -> None:
    """Glue a computed number for ``{glue:text}`name:,.1f``` in the prose.

    myst-nb formats glued numbers from their text representation, which for NumPy scalars is
    ``np.float64(…)``; this converts first and rejects NaN, which would otherwise print as "nan".
    """
    array = np.asarray(value)
    if array.ndim != 0 or not (np.issubdtype(array.dtype, np.number) or isinstance(value, numbers.Real)):
        raise ValueError(f"{name}: expected a single number, got {type(value).__name__} {value!r}")
    number = float(array)
    if np.isnan(number):
        raise ValueError(f"{name}: the value is NaN; the text would print 'nan'")
    from myst_nb import glue

    glue(name, number, display=False)
    return None


def glue_text(name: str, text: str) -> None:
    """Glue a string (a month, a quarter, a name) for ``{glue:text}`name``` in the prose."""
    from myst_nb import glue

    glue(name, str(text), display=False)
    return None
