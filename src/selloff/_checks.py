"""Input checks shared by the model's modules: every error names the parameter and the value."""

from __future__ import annotations

import numpy as np


def as_array(name: str, value) -> np.ndarray:
    array = np.asarray(value, dtype=float)
    if np.isnan(array).any():
        raise ValueError(f"{name} contains NaN: {value!r}")
    return array


def non_negative(**values) -> None:
    for name, value in values.items():
        array = as_array(name, value)
        if (array < 0).any():
            raise ValueError(f"{name} must be non-negative, got {value!r}")


def positive(**values) -> None:
    for name, value in values.items():
        array = as_array(name, value)
        if (array <= 0).any():
            raise ValueError(f"{name} must be positive, got {value!r}")


def share(**values) -> None:
    for name, value in values.items():
        array = as_array(name, value)
        if ((array < 0) | (array > 1)).any():
            raise ValueError(f"{name} must be a share between 0 and 1, got {value!r}")


def per_path(value) -> np.ndarray:
    """A parameter (scalar, or one value per calibration draw) shaped to broadcast over a path's months."""
    return np.asarray(value, dtype=float)[..., None]
