"""Safe-haven demand by kind and intensity of the shock."""

import numpy as np
import pytest

from selloff.safe_haven import safe_haven_offset, safe_haven_purchases_bn

PARAMS = {"safe_haven_offset_global_risk_off": 0.5, "safe_haven_offset_us_centred": -0.2}


def test_investors_run_towards_treasuries_in_a_global_panic_and_away_in_a_us_centred_one():
    assert safe_haven_offset("global_risk_off", PARAMS) == 0.5
    assert safe_haven_offset("us_centred", PARAMS) == -0.2
    assert safe_haven_offset("none", PARAMS) == 0


def test_intensity_scales_the_offset_and_purchases_scale_with_sales():
    assert safe_haven_offset("global_risk_off", PARAMS, 0.5) == 0.25
    np.testing.assert_allclose(safe_haven_purchases_bn([100.0, 50.0], 0.5), [50.0, 25.0])


@pytest.mark.parametrize("call", [lambda: safe_haven_offset("panic", PARAMS),
                                  lambda: safe_haven_offset("none", PARAMS, 2.0),
                                  lambda: safe_haven_purchases_bn([np.nan], 0.5)])
def test_bad_input_is_rejected(call):
    with pytest.raises(ValueError):
        call()
