"""The calibration: ranges, sources, draws."""

import numpy as np
import pytest

from selloff.calibration import Calibration, Parameter, default_calibration, impact_scaling

BIB = open("references.bib", encoding="utf-8").read()


@pytest.fixture(scope="module")
def cal():
    return default_calibration()


def test_every_parameter_cites_a_source_in_the_bibliography_or_is_illustrative(cal):
    for p in cal.parameters:
        assert p.sources or p.illustrative, p.name
        for key in p.sources:
            assert f"{{{key}," in BIB, f"{p.name} cites {key}, which is not in references.bib"


def test_one_scaling_rule_for_every_price_impact_estimate(cal):
    from selloff.calibration import BELTRAN_SAMPLE, market_size_ratio
    from selloff.data import load

    debt = load("federal_debt_holders")["debt_held_by_public_bn"]
    ratio = market_size_ratio(debt, BELTRAN_SAMPLE)
    # The review: debt held by the public averaged roughly $4-5tn over 1994-mid-2010, several times less than today.
    assert 4_000 < debt.loc["1994Q1":"2010Q2"].mean() < 5_000 and ratio > 5
    table = impact_scaling(debt, {"2y": 0.5, "5y": 0.8}, 0.7)
    used = table[table.used_for.str.startswith("short_run") | table.used_for.str.startswith("long_run")]
    beltran = used[used.index.str.startswith("Beltran")]
    assert (beltran.market_size_ratio == ratio).all()  # the same rule for the short- and the long-run estimate
    np.testing.assert_allclose(beltran.per_100bn_10y_equivalents,
                               beltran.published_bp_per_100bn / ratio / 0.8 / 0.7)
    sr, lr = cal["short_run_impact_bp_per_100bn"], cal["long_run_impact_bp_per_100bn"]
    assert sr.low < sr.central < sr.high and lr.low < lr.central < lr.high and lr.central < sr.central


def test_named_sets_are_coherent(cal):
    benign, stress = cal.at("benign"), cal.at("stress")
    assert benign["short_run_impact_bp_per_100bn"] < stress["short_run_impact_bp_per_100bn"]
    assert benign["safe_haven_demand_bn_us_centred"] > stress["safe_haven_demand_bn_us_centred"]
    assert benign["fed_trigger_bp"] == stress["fed_trigger_bp"] == cal.at("central")["fed_trigger_bp"]
    from selloff.calibration import NAMED_SETS
    for levels in NAMED_SETS.values():
        for name in levels:
            cal[name]  # every name in a set is a parameter


def test_data_parameters_come_from_the_snapshot(cal):
    from selloff.data import load

    debt = load("federal_debt_holders")["debt_held_by_public_bn"].iloc[-1]
    assert cal["debt_held_by_public_bn"].central == debt
    assert cal["debt_held_by_public_bn"].low == cal["debt_held_by_public_bn"].high


def test_draws_stay_within_low_and_high_and_centre_on_the_mode(cal):
    draws = cal.draw(20_000, rng=1)
    for p in cal.parameters:
        assert draws[p.name].shape == (20_000,)
        assert draws[p.name].min() >= p.low and draws[p.name].max() <= p.high
        if p.low < p.high:  # the mean of a triangular distribution is (low + mode + high) / 3
            assert draws[p.name].mean() == pytest.approx((p.low + p.central + p.high) / 3, rel=0.02, abs=0.01)


def test_draws_are_reproducible(cal):
    a, b = cal.draw(5, rng=7), cal.draw(5, rng=7)
    assert all(np.array_equal(a[k], b[k]) for k in a)


def test_overrides_and_unknown_names(cal):
    assert cal.at("high", fed_strength=0.3)["fed_strength"] == 0.3
    with pytest.raises(ValueError, match="unknown parameter"):
        cal.at(nonsense=1.0)
    with pytest.raises(ValueError, match="fed_strength"):
        cal.at(fed_strength=float("nan"))
    with pytest.raises(ValueError, match="level"):
        cal.at("extreme")


@pytest.mark.parametrize("low, central, high", [(2, 1, 3), (1, 3, 2), (float("nan"), 1, 2)])
def test_a_parameter_needs_ordered_finite_values(low, central, high):
    with pytest.raises(ValueError):
        Parameter("x", low, central, high, "bp", ("src",), "")


def test_a_parameter_without_a_source_must_say_it_is_illustrative():
    with pytest.raises(ValueError, match="illustrative"):
        Parameter("x", 1, 2, 3, "bp", (), "")


def test_duplicate_names_and_bad_draw_counts_are_rejected(cal):
    p = cal["fed_strength"]
    with pytest.raises(ValueError, match="twice"):
        Calibration((p, p))
    with pytest.raises(ValueError, match="n must be"):
        cal.draw(0)


def test_a_drawn_long_run_impact_never_exceeds_the_short_run_one(cal):
    narrow = cal.replace("short_run_impact_bp_per_100bn", low=2.0, central=3.0, high=4.0)
    draws = narrow.draw(5000, rng=2)
    assert (draws["long_run_impact_bp_per_100bn"] <= draws["short_run_impact_bp_per_100bn"]).all()
    assert (draws["long_run_impact_bp_per_100bn"] < draws["short_run_impact_bp_per_100bn"]).any()
