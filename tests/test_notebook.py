"""Gluing computed numbers into the prose."""

import numpy as np
import pytest

from selloff.notebook import glue_number


@pytest.mark.parametrize("value", [np.float64(4.4), np.int64(3), np.array(2.5), 1.5])
def test_numbers_of_any_numpy_flavour_are_glued_as_python_floats(monkeypatch, value):
    glued = {}
    monkeypatch.setattr("myst_nb.glue", lambda name, v, display=True: glued.update({name: v}))
    glue_number("x", value)
    assert type(glued["x"]) is float and glued["x"] == float(value)


@pytest.mark.parametrize("value", [np.nan, "4.4", np.array([1.0, 2.0]), None])
def test_nan_and_non_numbers_are_refused(value):
    with pytest.raises(ValueError):
        glue_number("x", value)
