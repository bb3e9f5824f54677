"""Market absorption: the 10-year term premium must rise for private investors to hold more duration."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selloff.market import decay_per_week, yield_change_bp


def test_no_sale_nothing_moves():
    assert np.all(yield_change_bp(np.zeros(52), 15, 3, 8) == 0)


def test_a_one_off_100bn_moves_the_yield_by_the_short_run_impact_then_decays_to_the_long_run():
    path = np.zeros(260)
    path[0] = 100.0
    dy = yield_change_bp(path, 15, 3, 8)
    assert dy[0] == pytest.approx(15)
    assert dy[8] == pytest.approx(3 + 12 * 0.5)  # half-life of 8 weeks: half the gap left after 8 weeks
    assert dy[-1] == pytest.approx(3, abs=1e-6)


def test_half_life_means_half():
    assert decay_per_week(8) ** 8 == pytest.approx(0.5)


def test_private_selling_lowers_the_yield():
    assert yield_change_bp(np.r_[-100.0, np.zeros(3)], 15, 3, 8)[0] == pytest.approx(-15)


@given(size=st.floats(0, 5000), scale=st.floats(0, 10))
@settings(max_examples=50, deadline=None)
def test_linear_in_the_size_of_the_sale(size, scale):
    path = np.r_[np.full(26, size / 26), np.zeros(26)]
    np.testing.assert_allclose(yield_change_bp(scale * path, 15, 3, 8), scale * yield_change_bp(path, 15, 3, 8),
                               rtol=1e-9, atol=1e-9)


def test_vectorised_over_calibration_draws():
    path = np.r_[np.full(6, 50.0), np.zeros(6)]
    sr = np.array([5.0, 15.0, 60.0])
    many = yield_change_bp(path, sr, 3.0, 8.0)
    assert many.shape == (3, 12)
    for i, s in enumerate(sr):
        np.testing.assert_allclose(many[i], yield_change_bp(path, s, 3.0, 8.0))


@pytest.mark.parametrize("kwargs, name", [
    (dict(short_run_bp_per_100bn=-1), "short_run"), (dict(long_run_bp_per_100bn=20), "long_run"),
    (dict(half_life_weeks=0), "half_life_weeks"), (dict(absorbed_bn=[1.0, np.nan]), "absorbed_bn"),
    (dict(absorbed_bn=[1.0, np.inf]), "absorbed_bn"), (dict(absorbed_bn=5.0), "absorbed_bn"),
    (dict(half_life_weeks="8"), "half_life_weeks")])
def test_bad_input_is_rejected(kwargs, name):
    args = dict(absorbed_bn=[100.0, 0.0], short_run_bp_per_100bn=15, long_run_bp_per_100bn=3, half_life_weeks=8)
    args.update(kwargs)
    with pytest.raises(ValueError, match=name):
        yield_change_bp(**args)
