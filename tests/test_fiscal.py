"""Fiscal cost: the interest bill follows a yield rise as the debt's maturity ladder rolls over."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from selloff import fiscal
from selloff.data import load
from selloff.fiscal import (LADDER_SHARES, MATURITIES_YEARS, WEEKS_PER_YEAR, annual_totals_bn, cumulative_bn,
                            cumulative_extra_interest_bn, debt_path_bn, decaying_rise_bp, extra_federal_interest,
                            extra_interest_bn_per_year, fed_share_by_maturity, longest_maturity_years,
                            monthly_average_bn_per_year, repriced_share, rollover_bn_per_week,
                            share_repricing_within_year, weighted_average_maturity_years)

N = len(MATURITIES_YEARS)
BILLS, TEN = MATURITIES_YEARS.index(0.25), MATURITIES_YEARS.index(10.0)
TEN_YEARS = 10 * WEEKS_PER_YEAR
# A simple case: $30tn, no deficit, the extra debt borrowed at 4%, the Fed holding 15% of every rung.
CASE = dict(debt_bn=30_000.0, deficit_bn_per_year=0.0, borrowing_rate_pct=4.0, fed_share=0.15)


def parallel(rise_bp, weeks=TEN_YEARS):
    return np.full((weeks, N), float(rise_bp))


def only(maturity_index, rise_bp, weeks=TEN_YEARS):
    dy = np.zeros((weeks, N))
    dy[:, maturity_index] = rise_bp
    return dy


# --- the ladder matches the cited facts about the debt ------------------------------------------------

def test_the_default_ladder_matches_the_cited_composition_of_the_debt():
    # Treasury via secondary sources (calibration sheet E): bills ~21%, WAM ~72 months, ~1/3 reprices in 12 months.
    assert LADDER_SHARES[BILLS] == pytest.approx(0.21)
    assert weighted_average_maturity_years() == pytest.approx(6.0, abs=0.1)
    assert share_repricing_within_year() == pytest.approx(1 / 3, abs=0.01)


def test_the_rungs_keep_their_shares_as_the_debt_grows():
    weeks = 3 * WEEKS_PER_YEAR
    issuance = rollover_bn_per_week(30_000.0, 2_000.0, weeks)
    debt = debt_path_bn(30_000.0, 2_000.0, weeks)
    # a bill rung of 13 weeks is exactly the bills issued in the last 13 weeks
    bills_outstanding = issuance[-13:, BILLS].sum()
    assert bills_outstanding == pytest.approx(LADDER_SHARES[BILLS] * debt[-1])
    # and every week's new borrowing is split by the shares
    assert debt[-1] - debt[-2] == pytest.approx(2_000.0 / WEEKS_PER_YEAR)


def test_the_repricing_is_each_outstanding_issue_times_the_yield_change_when_it_was_sold():
    # brute force over the issues of rollover_bn_per_week: an issue sold in week τ pays Δy_k(τ) for L_k weeks
    weeks, rng = 3 * WEEKS_PER_YEAR, np.random.default_rng(7)
    dy = rng.normal(0, 25, size=(weeks, N))
    issuance = rollover_bn_per_week(30_000.0, 1_800.0, weeks)
    lives = np.round(np.array(MATURITIES_YEARS) * WEEKS_PER_YEAR).astype(int)
    expected = [sum(issuance[tau, k] * dy[tau, k] / 1e4
                    for k in range(N) for tau in range(max(0, t - lives[k] + 1), t + 1)) for t in range(weeks)]
    got = extra_federal_interest(dy, 30_000.0, 1_800.0, 4.0)["repricing_bn_per_year"]
    np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-9)


# --- the cross-checks: a cited rule of thumb and the calibration sheet's arithmetic ------------------

def test_a_permanent_tenth_of_a_point_reproduces_cbos_rule_of_thumb():
    # CBO (cbo_econ_sensitivity2025): all interest rates 0.1pp higher every year add to the 2026-2035 deficit an
    # amount inside the range its four scenarios span, $184bn to $388bn (the slower-labour-force and
    # slower-productivity scenarios are the ends, so the interest-rate scenario lies strictly inside). Same
    # vintage: CBO's baseline deficit of $21.8tn over 2026-2035 (an average of $2.18tn a year) and the debt held
    # by the public at the end of fiscal 2025 from the data snapshot (2025Q3). CBO counts deficits, so the cost
    # includes interest on interest; the borrowing rate is bracketed by the data's yields (3-month 4.0%,
    # 10-year 4.1% in September 2025) with room either side. CBO's deficits count Fed remittances as revenue, and
    # higher rates also change what the Fed pays on reserves; so both the gross and the net-of-Fed cost are
    # checked (the Fed's share: H.4.1 holdings in the snapshot, its bills from the calibration sheet, row E).
    debt = load("federal_debt_holders")
    d0 = float(debt.loc["2025Q3", "debt_held_by_public_bn"])
    fed = fed_share_by_maturity(float(debt.loc["2025Q3", "fed_treasuries_h41_bn"]), 234.0, d0)
    for rate in (3.0, 4.0, 5.0):
        out = extra_federal_interest(parallel(10.0), d0, 21_800 / 10, rate, fed)
        net, gross = (cumulative_bn(out[k], 10) for k in ("net_of_fed_bn_per_year", "gross_bn_per_year"))
        assert 184 < net < gross < 388


def test_a_permanent_100bp_costs_about_a_third_in_year_one_and_all_once_rolled():
    # Calibration sheet, row 7 (calc): +100bp parallel ~ +$100bn a year after year 1, ~ +$300bn fully rolled,
    # on $30tn with a third repricing within a year (constant debt, no interest on interest).
    out = extra_federal_interest(parallel(100.0, 31 * WEEKS_PER_YEAR), 30_000.0, 0.0, 0.0)
    rate = out["gross_bn_per_year"]
    assert rate[WEEKS_PER_YEAR - 1] == pytest.approx(100, abs=3)
    assert rate[-1] == pytest.approx(300)
    assert np.all(np.diff(rate) >= -1e-9)


# --- the economics --------------------------------------------------------------------------------

def test_no_rise_no_cost():
    out = extra_federal_interest(np.zeros((TEN_YEARS, N)), 30_000.0, 2_000.0, 4.0, 0.15)
    for key in fiscal.OUTPUTS:
        assert np.all(out[key] == 0), key


def test_a_policy_rate_rise_costs_more_in_year_one_than_a_ten_year_rise_of_equal_size():
    bills = extra_federal_interest(only(BILLS, 50.0), **CASE)["gross_bn_per_year"]
    tens = extra_federal_interest(only(TEN, 50.0), **CASE)["gross_bn_per_year"]
    assert cumulative_bn(bills, 1) > 3 * cumulative_bn(tens, 1)
    # the bills reprice within 13 weeks; only a tenth of the 10-year rung rolls in a year
    assert bills[12] == pytest.approx(0.21 * 30_000 * 0.005, rel=0.01)


def test_net_of_the_fed_is_below_gross_and_the_gap_is_the_remittances():
    out = extra_federal_interest(parallel(100.0), **CASE)
    assert np.all(out["net_of_fed_bn_per_year"][1:] < out["gross_bn_per_year"][1:])
    # before any interest on interest, the gap is exactly what the Fed earns on its 15% and hands back
    first = extra_federal_interest(parallel(100.0, 1), **CASE)
    assert first["gross_bn_per_year"] - first["net_of_fed_bn_per_year"] == pytest.approx(
        0.15 * first["repricing_bn_per_year"])
    # the Fed holding nothing: no remittances
    none = extra_federal_interest(parallel(100.0), **{**CASE, "fed_share": 0.0})
    np.testing.assert_allclose(none["net_of_fed_bn_per_year"], none["gross_bn_per_year"])


def test_interest_on_interest_makes_the_ten_year_total_larger():
    with_ioi = extra_federal_interest(parallel(100.0), **CASE)
    without = extra_federal_interest(parallel(100.0), **{**CASE, "borrowing_rate_pct": 0.0})
    total = cumulative_bn(with_ioi["gross_bn_per_year"], 10)
    assert total > cumulative_bn(without["gross_bn_per_year"], 10)
    # the extra debt is what the extra interest added up to
    assert with_ioi["extra_debt_gross_bn"][-1] == pytest.approx(total)


def test_the_left_out_cross_term_is_small():
    # the module docstring: the extra debt's own repricing (X · Δy) would add about 4% to a permanent +100bp
    out = extra_federal_interest(parallel(100.0), 30_000.0, 2_180.0, 4.0)
    cross = (out["extra_debt_gross_bn"] * 100.0 / 1e4).sum() / WEEKS_PER_YEAR
    assert 0.02 < cross / cumulative_bn(out["gross_bn_per_year"], 10) < 0.05


def test_a_growing_debt_costs_more_than_a_constant_one():
    growing = extra_federal_interest(parallel(100.0), **{**CASE, "deficit_bn_per_year": 2_000.0})
    constant = extra_federal_interest(parallel(100.0), **CASE)
    assert cumulative_bn(growing["gross_bn_per_year"], 10) > cumulative_bn(constant["gross_bn_per_year"], 10)


def test_the_cost_is_linear_in_the_rise():
    rng = np.random.default_rng(1)
    dy = rng.normal(0, 30, size=(3 * WEEKS_PER_YEAR, N))
    one, two = extra_federal_interest(dy, **CASE), extra_federal_interest(2 * dy, **CASE)
    for key in fiscal.OUTPUTS:
        np.testing.assert_allclose(two[key], 2 * one[key], rtol=1e-9, atol=1e-9)
    # and additive across maturities
    parts = sum(extra_federal_interest(only(k, 40.0), **CASE)["gross_bn_per_year"] for k in range(N))
    np.testing.assert_allclose(parts, extra_federal_interest(parallel(40.0), **CASE)["gross_bn_per_year"])


def test_a_temporary_spike_is_locked_in_only_by_what_was_sold_during_it_and_only_for_its_life():
    dy = np.zeros((4 * WEEKS_PER_YEAR, N))
    dy[:WEEKS_PER_YEAR] = 100.0  # +100bp for a year, then back
    rate = extra_federal_interest(dy, 30_000.0, 0.0, 0.0)["repricing_bn_per_year"]
    two_year = extra_federal_interest(np.where(np.arange(N) == 1, dy, 0.0), 30_000.0, 0.0, 0.0)["repricing_bn_per_year"]
    assert rate[WEEKS_PER_YEAR + 20] < rate[WEEKS_PER_YEAR - 1]  # the bills sold at the high yield have matured
    assert two_year[3 * WEEKS_PER_YEAR - 1] == pytest.approx(0)  # the 2-year notes sold in year 1 are gone by year 3
    assert rate[-1] > 0  # the 5-, 10- and 30-year issues of year 1 still pay more


def test_draws_on_leading_axes_give_the_same_paths_as_one_at_a_time():
    debts, rates = np.array([25_000.0, 30_000.0, 35_000.0]), np.array([3.0, 4.0, 5.0])
    dy = parallel(60.0, 2 * WEEKS_PER_YEAR)
    together = extra_federal_interest(dy, debts, 1_500.0, rates, 0.1)
    assert together["gross_bn_per_year"].shape == (3, 2 * WEEKS_PER_YEAR)
    for i in range(3):
        alone = extra_federal_interest(dy, debts[i], 1_500.0, rates[i], 0.1)
        np.testing.assert_allclose(together["net_of_fed_bn_per_year"][i], alone["net_of_fed_bn_per_year"])
    # yield paths per draw, too
    per_draw = extra_federal_interest(np.stack([dy, 2 * dy]), 30_000.0, 0.0, 4.0)
    np.testing.assert_allclose(per_draw["gross_bn_per_year"][1], 2 * per_draw["gross_bn_per_year"][0])


def test_the_feds_share_by_rung_comes_from_its_bills_and_its_other_holdings():
    # H.4.1 (calibration sheet E): $4,228bn of Treasuries, of which $234bn bills, on ~$30.9tn of debt.
    share = fed_share_by_maturity(4_228.0, 234.0, 30_870.7)
    assert share[BILLS] == pytest.approx(234.0 / (0.21 * 30_870.7))
    assert (share * np.array(LADDER_SHARES)).sum() * 30_870.7 == pytest.approx(4_228.0)
    assert share[BILLS] < share[TEN]


# --- aggregation --------------------------------------------------------------------------------

def test_weekly_paths_add_up_to_years_and_average_to_months():
    path = np.arange(2 * WEEKS_PER_YEAR, dtype=float)
    years = annual_totals_bn(path)
    assert years.shape == (2,) and years.sum() == pytest.approx(cumulative_bn(path, 2))
    assert cumulative_bn(np.full(WEEKS_PER_YEAR, 120.0), 1) == pytest.approx(120)
    months = monthly_average_bn_per_year(np.full(WEEKS_PER_YEAR, 120.0))
    assert months.shape == (12,) and np.allclose(months, 120)
    # a rising path: the monthly averages rise; weighted by their weeks they give the yearly total
    months = monthly_average_bn_per_year(path[:WEEKS_PER_YEAR])
    weeks_in_month = np.bincount(np.arange(WEEKS_PER_YEAR) * 12 // WEEKS_PER_YEAR)
    assert np.all(np.diff(months) > 0) and set(weeks_in_month) == {4, 5}
    assert (months * weeks_in_month).sum() / WEEKS_PER_YEAR == pytest.approx(years[0])


def test_a_decaying_rise_halves_after_its_half_life_in_weeks_or_months():
    path = decaying_rise_bp(100.0, 61, half_life_years=2.0)
    assert path[0] == pytest.approx(100) and path[24] == pytest.approx(50) and path[48] == pytest.approx(25)
    weekly = decaying_rise_bp(100.0, 3 * WEEKS_PER_YEAR, 1.0, periods_per_year=WEEKS_PER_YEAR)
    assert weekly[WEEKS_PER_YEAR] == pytest.approx(50)
    np.testing.assert_allclose(decaying_rise_bp(100.0, 36), 100.0)
    paths = decaying_rise_bp(np.array([50.0, 100.0]), 24, np.array([1.0, np.inf]))
    assert paths.shape == (2, 24) and paths[0, 12] == pytest.approx(25) and paths[1, 23] == pytest.approx(100)


# --- bad input: every public function names the argument ---------------------------------------------

GOOD = dict(yield_change_bp=parallel(10.0, 20), **CASE)
# beyond the generic bad values below: shapes, sums and orderings that only the ladder has
BAD_LADDER = [
    ("yield_change_bp", np.ones((20, N - 1))), ("yield_change_bp", np.ones((0, N))),
    ("fed_share", [0.1, 0.2]), ("shares", [0.5, 0.5, 0.5, 0.0, 0.0]),
    ("maturities_years", (0.25, 2.0, 2.0, 10.0, 30.0)), ("maturities_years", (0.25, 2.0, 5.0, 10.0, np.inf)),
    ("maturities_years", (0.001, 2.0, 5.0, 10.0, 30.0)),
]


@pytest.mark.parametrize("name,value", BAD_LADDER, ids=[f"{n}={v!r}"[:40] for n, v in BAD_LADDER])
def test_the_ladder_rejects_bad_input_naming_the_argument(name, value):
    with pytest.raises(ValueError, match=name):
        extra_federal_interest(**{**GOOD, name: value})


@pytest.mark.parametrize("call,name", [
    (lambda: debt_path_bn(30_000.0, -40_000.0, 104), "deficit_bn_per_year"),
    (lambda: debt_path_bn(30_000.0, 0.0, 0), "weeks"),
    (lambda: debt_path_bn(30_000.0, 0.0, 2.5), "weeks"),
    (lambda: rollover_bn_per_week(30_000.0, 0.0, 10, shares=[0.3] * N), "shares"),
    (lambda: weighted_average_maturity_years([1.2, -0.2, 0, 0, 0]), "shares"),
    (lambda: share_repricing_within_year([np.inf] * N), "shares"),
    (lambda: fed_share_by_maturity(100.0, 200.0, 30_000.0), "fed_bills_bn"),
    (lambda: fed_share_by_maturity(-1.0, 0.0, 30_000.0), "fed_treasuries_bn"),
    (lambda: fed_share_by_maturity(40_000.0, 0.0, 30_000.0), "fed_treasuries_bn"),
    (lambda: cumulative_bn(np.ones(52), 2), "years"),
    (lambda: cumulative_bn(np.ones(52), np.nan), "years"),
    (lambda: cumulative_bn([np.inf] * 52, 1), "path_bn_per_year"),
    (lambda: annual_totals_bn(np.ones(51)), "path_bn_per_year"),
    (lambda: monthly_average_bn_per_year(np.full(52, np.nan)), "path_bn_per_year"),
    (lambda: monthly_average_bn_per_year(np.ones(0)), "path_bn_per_year"),
    (lambda: decaying_rise_bp(np.inf, 12), "rise_bp"),
    (lambda: decaying_rise_bp(100.0, 0), "months"),
    (lambda: decaying_rise_bp(100.0, 12, -1.0), "half_life_years"),
    (lambda: decaying_rise_bp(100.0, 12, np.nan), "half_life_years"),
    (lambda: decaying_rise_bp(100.0, 12, periods_per_year=0), "periods_per_year"),
])
def test_the_helpers_reject_bad_input_naming_the_argument(call, name):
    with pytest.raises(ValueError, match=name):
        call()


@settings(max_examples=30, deadline=None)
@given(rise=st.floats(-300, 300), debt=st.floats(5_000, 60_000), deficit=st.floats(-500, 4_000),
       rate=st.floats(0, 10), fed=st.floats(0, 1), scale=st.floats(0.1, 10))
def test_any_valid_input_gives_finite_costs_linear_in_the_rise(rise, debt, deficit, rate, fed, scale):
    dy = parallel(rise, 2 * WEEKS_PER_YEAR)
    one = extra_federal_interest(dy, debt, deficit, rate, fed)
    many = extra_federal_interest(scale * dy, debt, deficit, rate, fed)
    for key in fiscal.OUTPUTS:
        assert np.isfinite(one[key]).all()
        np.testing.assert_allclose(many[key], scale * one[key], rtol=1e-7, atol=1e-7)
    # a rise costs, a fall saves; the Fed's share never makes the net cost exceed the gross one in size
    assert np.all(np.abs(one["net_of_fed_bn_per_year"]) <= np.abs(one["gross_bn_per_year"]) + 1e-9)


# --- the first edition's one-factor model (kept for the chapters that still call it) -------------------

def test_first_edition_a_permanent_100bp_costs_a_third_in_year_one_and_all_once_rolled():
    extra = extra_interest_bn_per_year(np.full(240, 100.0), 30_000, 1 / 3, 6.0)
    assert extra[11] == pytest.approx(100) and extra[-1] == pytest.approx(300)
    assert cumulative_extra_interest_bn(np.full(24, 120.0), 2) == pytest.approx(240)
    r, wam = 1 / 3, 6.0
    assert r * 0.5 + (1 - r) * (1 + longest_maturity_years(r, wam)) / 2 == pytest.approx(wam)
    assert repriced_share(240, r, wam)[-1] == pytest.approx(1.0)


@pytest.mark.parametrize("kwargs,name", [(dict(debt_bn=-1.0), "debt_bn"), (dict(debt_bn=np.inf), "debt_bn"),
                                         (dict(share_repricing_within_year=1.2), "share_repricing_within_year"),
                                         (dict(wam_years=0.5), "wam_years"),
                                         (dict(yield_change_bp=[np.inf] * 12), "yield_change_bp")])
def test_first_edition_rejects_bad_input(kwargs, name):
    args = dict(yield_change_bp=np.ones(12), debt_bn=30_000, share_repricing_within_year=1 / 3, wam_years=6.0)
    with pytest.raises(ValueError, match=name):
        extra_interest_bn_per_year(**{**args, **kwargs})


# --- every public function, every argument, every kind of bad value (hypothesis) ---------------------------

LADDER_PATH = np.full((6, N), 10.0)
# name: (function, a valid call, the kind of each argument checked)
PUBLIC = {
    "ladder_shares": (fiscal.ladder_shares, dict(shares=LADDER_SHARES), dict(shares="mix")),
    "weighted_average_maturity_years": (weighted_average_maturity_years, dict(shares=LADDER_SHARES),
                                        dict(shares="mix")),
    "share_repricing_within_year": (share_repricing_within_year, dict(shares=LADDER_SHARES), dict(shares="mix")),
    "borrowing_rate_pct": (fiscal.borrowing_rate_pct, dict(yields_pct=[4.0] * N, shares=LADDER_SHARES),
                           dict(yields_pct="yields", shares="mix")),
    "debt_path_bn": (debt_path_bn, dict(debt_bn=30_000.0, deficit_bn_per_year=2_000.0, weeks=10),
                     dict(debt_bn="positive", deficit_bn_per_year="real", weeks="count")),
    "rollover_bn_per_week": (rollover_bn_per_week, dict(debt_bn=30_000.0, deficit_bn_per_year=2_000.0, weeks=10,
                                                        shares=LADDER_SHARES),
                             dict(debt_bn="positive", deficit_bn_per_year="real", weeks="count", shares="mix")),
    "extra_federal_interest": (extra_federal_interest, dict(yield_change_bp=LADDER_PATH, debt_bn=30_000.0,
                                                            deficit_bn_per_year=2_000.0, borrowing_rate_pct=4.0,
                                                            fed_share=0.1, shares=LADDER_SHARES),
                               dict(yield_change_bp="ladder_path", debt_bn="positive", deficit_bn_per_year="real",
                                    borrowing_rate_pct="amount", fed_share="share", shares="mix")),
    "fed_share_by_maturity": (fed_share_by_maturity, dict(fed_treasuries_bn=4_000.0, fed_bills_bn=200.0,
                                                          debt_bn=30_000.0, shares=LADDER_SHARES),
                              dict(fed_treasuries_bn="amount", fed_bills_bn="amount", debt_bn="positive",
                                   shares="mix")),
    "cumulative_bn": (cumulative_bn, dict(path_bn_per_year=np.ones(104), years=1.0),
                      dict(path_bn_per_year="path", years="positive")),
    "annual_totals_bn": (annual_totals_bn, dict(path_bn_per_year=np.ones(104)), dict(path_bn_per_year="path")),
    "monthly_average_bn_per_year": (monthly_average_bn_per_year, dict(path_bn_per_year=np.ones(104)),
                                    dict(path_bn_per_year="path")),
    "decaying_rise_bp": (decaying_rise_bp, dict(rise_bp=100.0, months=12, half_life_years=1.0, periods_per_year=12),
                         dict(rise_bp="real", months="count", half_life_years="half_life", periods_per_year="count")),
    "longest_maturity_years": (longest_maturity_years, dict(share_repricing_within_year=1 / 3, wam_years=6.0),
                               dict(share_repricing_within_year="share", wam_years="positive")),
    "repriced_share": (repriced_share, dict(months=24, share_repricing_within_year=1 / 3, wam_years=6.0),
                       dict(months="count", share_repricing_within_year="share", wam_years="positive")),
    "extra_interest_bn_per_year": (extra_interest_bn_per_year, dict(yield_change_bp=np.ones(12), debt_bn=30_000.0,
                                                                    share_repricing_within_year=1 / 3, wam_years=6.0),
                                   dict(yield_change_bp="path", debt_bn="positive",
                                        share_repricing_within_year="share", wam_years="positive")),
    "cumulative_extra_interest_bn": (cumulative_extra_interest_bn, dict(extra_bn_per_year=np.ones(24), years=1.0),
                                     dict(extra_bn_per_year="path", years="positive")),
}
NOT_NUMBERS = [np.nan, np.inf, -np.inf, "x", None]
BAD = {
    "real": NOT_NUMBERS, "amount": NOT_NUMBERS + [-1.0], "positive": NOT_NUMBERS + [0.0, -1.0],
    "share": NOT_NUMBERS + [-0.1, 1.5], "half_life": [np.nan, "x", None, 0.0, -1.0],
    "mix": NOT_NUMBERS + [[0.5] * N, [1 / (N - 1)] * (N - 1), [np.nan] * N],
    "path": NOT_NUMBERS + [[1.0, np.nan] * 52, [np.inf] * 104],
    "ladder_path": NOT_NUMBERS + [np.ones((6, N - 1)), np.ones(6), np.full((6, N), np.nan)],
    "count": [0, -3, 2.5, True, "x", None, np.nan],
    "yields": NOT_NUMBERS + [[4.0] * (N - 1), [4.0] * (N - 1) + [np.nan]],
}


def test_every_public_function_of_fiscal_is_listed():
    listed = {name for name in PUBLIC}
    public = {name for name in dir(fiscal) if callable(getattr(fiscal, name)) and not name.startswith("_")
              and getattr(getattr(fiscal, name), "__module__", "") == "selloff.fiscal"}
    assert public == listed
    for function, valid, _ in PUBLIC.values():
        function(**valid)  # the valid calls are valid


CASES = [(name, argument, bad) for name, (_, _, kinds) in PUBLIC.items() for argument, kind in kinds.items()
         for bad in BAD[kind]]


@pytest.mark.parametrize("name,argument,bad", CASES, ids=[f"{n}-{a}-{b!r}"[:60] for n, a, b in CASES])
def test_every_public_function_rejects_bad_input_naming_the_argument(name, argument, bad):
    function, valid, _ = PUBLIC[name]
    with pytest.raises(ValueError, match=argument):
        function(**{**valid, argument: bad})


def test_new_debt_is_borrowed_at_the_ladder_weighted_yield():
    flat = fiscal.borrowing_rate_pct(np.full(len(LADDER_SHARES), 4.0))
    assert flat == pytest.approx(4.0)
    steep = np.array([3.0, 3.5, 4.0, 4.5, 5.0])
    assert fiscal.borrowing_rate_pct(steep) == pytest.approx(float(np.dot(LADDER_SHARES, steep)))
    assert fiscal.borrowing_rate_pct(np.vstack([steep, steep])).shape == (2,)

