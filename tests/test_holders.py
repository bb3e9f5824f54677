"""Groups of TIC holders, their share of the debt and their sale in days of trading volume."""

import numpy as np
import pandas as pd
import pytest

from selloff import holders
from selloff.data import load


@pytest.fixture(scope="module")
def tic():
    return load("tic_major_foreign_holders")


@pytest.fixture(scope="module")
def debt():
    return load("federal_debt_holders")


def test_group_is_the_sum_of_its_members(tic):
    cj = holders.group_holdings_bn(tic, ["china_mainland", "japan"])
    assert cj["2025-12"] == pytest.approx(683.5 + 1185.5)


def test_member_not_listed_in_a_month_counts_as_zero_but_an_empty_group_is_nan(tic):
    # Luxembourg is listed only from June 2002; before that the Belgium-Luxembourg line holds it.
    lu = holders.group_holdings_bn(tic, ["luxembourg"])
    assert np.isnan(lu["2001-12"])
    be_lu = holders.group_holdings_bn(tic, ["belgium_luxembourg", "luxembourg"])
    assert be_lu["2001-12"] == tic.loc["2001-12", "belgium_luxembourg"]


def test_every_preset_names_lines_of_the_table(tic):
    for name, members in holders.HOLDER_GROUPS.items():
        assert set(members) <= set(tic.columns), name
        assert holders.group_holdings_bn(tic, members).iloc[-1] > 0, name


def test_eu_custody_centres_are_eu_members():
    assert set(holders.EU_CUSTODY_CENTRES) <= set(holders.EU_MEMBERS)
    assert set(holders.EURO_AREA_MEMBERS) <= set(holders.EU_MEMBERS)
    assert "united_kingdom" not in holders.EU_MEMBERS  # left the EU in 2020


@pytest.mark.parametrize("members, message", [
    ([], "empty"),
    (["atlantis"], "not in the TIC table"),
    (["japan", "japan"], "twice"),
    (["grand_total", "japan"], "cannot be combined"),
    (["memo_foreign_official_total", "china_mainland"], "cannot be combined"),
])
def test_bad_groups_are_rejected(tic, members, message):
    with pytest.raises(ValueError, match=message):
        holders.group_holdings_bn(tic, members)


def test_debt_is_exact_at_quarter_ends_and_interpolated_between(debt):
    months = pd.period_range("2025-09", "2025-12", freq="M")
    d = holders.monthly_debt_held_by_public_bn(debt, months)
    q3, q4 = debt.loc["2025Q3", "debt_held_by_public_bn"], debt.loc["2025Q4", "debt_held_by_public_bn"]
    assert d["2025-09"] == q3 and d["2025-12"] == q4
    assert d["2025-10"] == pytest.approx(q3 + (q4 - q3) / 3)


def test_debt_after_the_last_quarter_is_not_extrapolated(debt):
    later = (debt.index[-1].asfreq("M", how="end") + 1)
    assert np.isnan(holders.monthly_debt_held_by_public_bn(debt, pd.PeriodIndex([later]))).all()


def test_share_of_the_foreign_total_matches_the_published_quarterly_share(tic, debt):
    share = holders.share_of_debt_held_by_public_pct(holders.group_holdings_bn(tic, ["grand_total"]), debt)
    # FDHBFIN and the TIC total agree exactly in 2025Q3; the published share uses FDHBFIN.
    assert share["2025-09"] == pytest.approx(debt.loc["2025Q3", "foreign_share_of_public_debt_pct"], abs=0.06)


def test_sale_in_trading_days_is_linear_in_the_sale():
    days = holders.sale_in_trading_days(np.array([0.0, 1055.5, 2111.0]))
    np.testing.assert_allclose(days, [0.0, 1.0, 2.0])


@pytest.mark.parametrize("sale, volume", [(-1.0, 100.0), (np.nan, 100.0), (10.0, 0.0), (10.0, -5.0)])
def test_sale_in_trading_days_rejects_nonsense(sale, volume):
    with pytest.raises(ValueError):
        holders.sale_in_trading_days(sale, volume)
