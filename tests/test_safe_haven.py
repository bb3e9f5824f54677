"""Safe-haven demand: a shift in $bn that comes with the shock, can exceed a sale and can reverse."""

import numpy as np
import pytest

from selloff.safe_haven import safe_haven_demand_bn, shock_profile

PARAMS = {"safe_haven_demand_bn_global_risk_off": 300.0, "safe_haven_demand_bn_us_centred": -100.0}


def test_investors_run_towards_treasuries_in_a_global_panic_and_away_in_a_us_centred_one():
    assert safe_haven_demand_bn("global_risk_off", PARAMS, 4, 10).sum() == pytest.approx(300)
    assert safe_haven_demand_bn("us_centred", PARAMS, 4, 10).sum() == pytest.approx(-100)
    assert np.all(safe_haven_demand_bn("none", PARAMS, 4, 10) == 0)


def test_the_shift_is_spread_over_the_shock_and_scaled_by_intensity():
    path = safe_haven_demand_bn("global_risk_off", PARAMS, 4, 10, intensity=0.5)
    np.testing.assert_allclose(path, [37.5] * 4 + [0.0] * 6)
    assert shock_profile(3, 5).sum() == pytest.approx(1)


def test_one_path_per_draw():
    draws = {**PARAMS, "safe_haven_demand_bn_global_risk_off": np.array([100.0, 200.0])}
    assert safe_haven_demand_bn("global_risk_off", draws, 2, 6).shape == (2, 6)


@pytest.mark.parametrize("call, name", [
    (lambda: safe_haven_demand_bn("panic", PARAMS, 4, 10), "shock kind"),
    (lambda: safe_haven_demand_bn("none", PARAMS, 4, 10, 2.0), "intensity"),
    (lambda: safe_haven_demand_bn("global_risk_off", {**PARAMS, "safe_haven_demand_bn_global_risk_off": np.nan}, 4, 10),
     "safe_haven_demand"),
    (lambda: safe_haven_demand_bn("global_risk_off", PARAMS, 0, 10), "shock_weeks"),
    (lambda: safe_haven_demand_bn("global_risk_off", PARAMS, 12, 10), "shock_weeks"),
    (lambda: safe_haven_demand_bn("global_risk_off", PARAMS, 2.5, 10), "shock_weeks")])
def test_bad_input_is_rejected(call, name):
    with pytest.raises(ValueError, match=name):
        call()
