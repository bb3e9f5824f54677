"""Specification of selloff.data: loading and validating the data pack.

Every test runs against the real snapshot in data/ or against a corrupted copy of
it in tmp_path; nothing touches the network.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from selloff import data as sd
from selloff.data import DataError

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"

MONTHLY = ["treasury_yields_monthly", "fed_treasury_holdings", "tic_major_foreign_holders", "dollar_index_broad"]
QUARTERLY = ["federal_debt_holders", "federal_interest_payments"]
ALL = [
    "treasury_yields_monthly",
    "treasury_yields_daily",
    "fed_treasury_holdings",
    "tic_major_foreign_holders",
    "tic_series_break_comparison",
    "federal_debt_holders",
    "federal_interest_payments",
    "dollar_index_broad",
    "dollar_and_fx_daily",
    "fed_balance_sheet_weekly",
    "policy_rates_daily",
    "treasury_yields_daily_extra",
]
DAILY = ["treasury_yields_daily", "dollar_and_fx_daily", "fed_balance_sheet_weekly", "policy_rates_daily",
         "treasury_yields_daily_extra"]


@pytest.fixture
def copy_dir(tmp_path: Path) -> Path:
    """A writable copy of data/ (the snapshot itself is never modified)."""
    dst = tmp_path / "data"
    shutil.copytree(DATA, dst)
    for p in dst.iterdir():
        p.chmod(0o644)
    return dst


def refused(name: str, folder: Path) -> None:
    """load() refuses a changed file (its hash); accept(), the re-validation on purpose, must refuse it too.

    Raises accept()'s DataError, which names what is wrong; the descriptor is unchanged.
    """
    with pytest.raises(DataError, match="changed since the data pack was built") as exc:
        sd.load(name, data_dir=folder)
    assert f"python -m selloff.data accept {name}" in str(exc.value)
    before = (folder / "datapackage.json").read_bytes()
    try:
        sd.accept([name], data_dir=folder)
    finally:
        assert (folder / "datapackage.json").read_bytes() == before


def rewrite_line(path: Path, line_no: int, new: str) -> str:
    """Replace CSV line ``line_no`` (1 = header); returns the old line."""
    lines = path.read_text().splitlines(keepends=True)
    old = lines[line_no - 1]
    lines[line_no - 1] = new.rstrip("\n") + "\n"
    path.write_text("".join(lines))
    return old.rstrip("\n")


def line_of(path: Path, prefix: str) -> int:
    for i, line in enumerate(path.read_text().splitlines(), start=1):
        if line.startswith(prefix):
            return i
    raise AssertionError(f"{prefix!r} not found in {path}")


# ---------------------------------------------------------------------------------------
# The package
# ---------------------------------------------------------------------------------------


def test_available_lists_the_twelve_resources_in_package_order():
    assert sd.available() == ALL


def test_every_csv_in_data_dir_is_described_exactly_once():
    pkg = json.loads((DATA / "datapackage.json").read_text())
    assert pkg["profile"] == "tabular-data-package"
    paths = [r["path"] for r in pkg["resources"]]
    assert sorted(paths) == sorted(p.name for p in DATA.glob("*.csv"))


@pytest.mark.parametrize("name", ALL)
def test_resource_metadata_is_complete(name):
    pkg = json.loads((DATA / "datapackage.json").read_text())
    res = next(r for r in pkg["resources"] if r["name"] == name)
    assert res["format"] == "csv"
    assert res["title"] and len(res["description"]) > 100
    assert res["licenses"] and all("17 U.S.C." in lic["title"] or "Citation Requested" in lic["title"] for lic in res["licenses"])
    assert res["sources"] and all(s["path"].startswith("https://") and s["title"] for s in res["sources"])
    assert res["refresh"]["method"] and res["refresh"]["transformation"]
    assert res["bytes"] == (DATA / res["path"]).stat().st_size
    assert res["hash"] == "sha256:" + hashlib.sha256((DATA / res["path"]).read_bytes()).hexdigest()
    key = res["schema"]["primaryKey"]
    for field in res["schema"]["fields"]:
        assert field["type"] in {"string", "number", "date", "yearmonth"}
        assert "unit" in field
        if field["name"] not in key and field["type"] == "number":
            assert field["source_series"].split(":")[0] in {"FRED", "TIC", "computed"}
            assert "minimum" in field["constraints"] and "maximum" in field["constraints"]
    for k in key:
        field = next(f for f in res["schema"]["fields"] if f["name"] == k)
        assert field["constraints"]["required"] is True


@pytest.mark.parametrize("name", ALL)
def test_declared_coverage_matches_the_data(name):
    df = sd.load(name)
    meta = sd.describe(name)
    keys = df.index.get_level_values(0)
    as_text = (lambda k: k.strftime("%Y-%m-%d")) if isinstance(keys, pd.DatetimeIndex) else str
    assert (meta["coverage"]["start"], meta["coverage"]["end"]) == (as_text(keys.min()), as_text(keys.max()))
    for col in df.columns:  # each column's own first and last value
        present = keys[df[col].notna().to_numpy()]
        assert meta["fields"][col]["coverage"] == {"start": as_text(present.min()), "end": as_text(present.max())}, col


def test_the_descriptor_is_a_valid_frictionless_data_package():
    """The reference implementation (frictionless-py) checks the descriptor, every row, types,
    constraints, primary keys, and each file's `bytes` and `hash`."""
    frictionless = pytest.importorskip("frictionless", reason="frictionless is in requirements-dev.txt")
    report = frictionless.validate(str(DATA / "datapackage.json"))
    problems = [f"{task.name}: {e.type}: {e.note}" for task in report.tasks for e in task.errors[:3]]
    assert report.valid, "\n".join(problems + [e.note for e in report.errors])
    assert len(report.tasks) == len(ALL)


def test_frictionless_also_catches_a_changed_file(copy_dir):
    frictionless = pytest.importorskip("frictionless", reason="frictionless is in requirements-dev.txt")
    path = copy_dir / "federal_interest_payments_quarterly.csv"
    path.write_bytes(path.read_bytes().replace(b"1218.938", b"1218.939"))
    report = frictionless.validate(str(copy_dir / "datapackage.json"))
    errors = {e.type for task in report.tasks for e in task.errors}
    assert not report.valid and "hash-count" in errors


def test_caveats_from_sources_md_are_in_the_descriptions():
    tic = sd.describe("tic_major_foreign_holders")["description"]
    assert "CUSTODIAN" in tic and "June 2002-2011" in tic and "March 2000" in tic and "el_salvador" in tic
    debt = sd.describe("federal_debt_holders")["description"]
    assert "PROVISIONAL" in debt and "2000Q1" in debt
    assert "NIPA" in sd.describe("federal_interest_payments")["description"]
    assert "net interest" in sd.describe("federal_interest_payments")["description"]


def test_describe_gives_units_sources_licence_and_coverage():
    d = sd.describe("treasury_yields_daily")
    assert d["title"].startswith("Treasury constant-maturity yields, daily")
    assert d["units"]["dgs10"] == "percent per year"
    assert d["source_series"]["dgs10"] == "FRED:DGS10"
    assert any(s["path"] == "https://fred.stlouisfed.org/series/DGS10" for s in d["sources"])
    assert any("Citation Requested" in lic["title"] for lic in d["licenses"])
    assert d["coverage"]["start"] == "2007-01-02"
    assert Path(d["path"]).name == "treasury_yields_daily_2007_2026.csv"
    assert sd.describe("dollar_index_broad")["units"]["dtwexbgs_avg"] == "index, Jan 2006 = 100"
    assert sd.describe("federal_interest_payments")["units"]["federal_interest_payments_saar_bn"] == "USD billions, SAAR"
    assert sd.describe("tic_major_foreign_holders")["source_series"]["japan"] == "TIC:mfhhis01.txt"


def test_describe_returns_a_copy():
    d = sd.describe("dollar_index_broad")
    d["units"]["dtwexbgs_avg"] = "changed"
    assert sd.describe("dollar_index_broad")["units"]["dtwexbgs_avg"] == "index, Jan 2006 = 100"


def test_unknown_name_is_a_value_error_listing_valid_names():
    with pytest.raises(ValueError, match="treasury_yields_daily") as exc:
        sd.load("treasury_yields")
    assert not isinstance(exc.value, DataError)
    with pytest.raises(ValueError, match="valid names"):
        sd.describe("nope")


# ---------------------------------------------------------------------------------------
# Locating data/
# ---------------------------------------------------------------------------------------


def test_data_dir_env_var_wins(monkeypatch, copy_dir):
    monkeypatch.setenv("SELLOFF_DATA_DIR", str(copy_dir))
    assert sd.data_dir() == copy_dir
    assert sd.describe("dollar_index_broad")["path"] == str(copy_dir / "dollar_index_broad_monthly.csv")


def test_a_data_folder_planted_in_the_working_directory_is_never_used(monkeypatch, copy_dir):
    monkeypatch.delenv("SELLOFF_DATA_DIR", raising=False)
    deep = copy_dir.parent / "book" / "chapter1"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    assert sd.data_dir() == REPO / "data"
    monkeypatch.chdir(copy_dir.parent)
    assert sd.data_dir() == REPO / "data"
    (copy_dir / "dollar_index_broad_monthly.csv").write_text("month,dtwexbgs_avg,dtwexbgs_eom,eom_date\n")
    assert len(sd.load("dollar_index_broad")) == 243  # the package's own file, not the planted one


def test_data_dir_is_the_packages_own(monkeypatch, tmp_path):
    monkeypatch.delenv("SELLOFF_DATA_DIR", raising=False)
    monkeypatch.chdir(tmp_path)
    assert sd.data_dir() == REPO / "data"
    assert (sd.data_dir() / "datapackage.json").is_file()


# ---------------------------------------------------------------------------------------
# Shape of what load() returns
# ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", MONTHLY)
def test_monthly_resources_have_a_monthly_period_index(name):
    df = sd.load(name)
    assert isinstance(df.index, pd.PeriodIndex) and df.index.freqstr == "M" and df.index.name == "month"
    assert df.index.is_unique and df.index.is_monotonic_increasing


@pytest.mark.parametrize("name", QUARTERLY)
def test_quarterly_resources_have_a_quarterly_period_index_and_quarter_end(name):
    df = sd.load(name)
    assert isinstance(df.index, pd.PeriodIndex) and df.index.freqstr.startswith("Q") and df.index.name == "quarter"
    assert df.index.is_unique
    assert pd.api.types.is_datetime64_any_dtype(df["quarter_end"])
    ends = df.index.to_timestamp(how="end").normalize()
    assert (pd.DatetimeIndex(df["quarter_end"]) == ends).all()


@pytest.mark.parametrize("name", DAILY)
def test_daily_and_weekly_resources_have_a_datetime_index(name):
    df = sd.load(name)
    assert isinstance(df.index, pd.DatetimeIndex) and df.index.name == "date"
    assert df.index.is_unique and df.index.is_monotonic_increasing
    assert list(df.columns) == [f for f in sd.describe(name)["fields"] if f != "date"]


def test_series_break_comparison_has_month_and_column_multiindex():
    df = sd.load("tic_series_break_comparison")
    assert isinstance(df.index, pd.MultiIndex) and list(df.index.names) == ["month", "column"]
    assert isinstance(df.index.levels[0], pd.PeriodIndex)
    assert df.index.is_unique and len(df) == 370
    months = sorted({str(m) for m in df.index.get_level_values("month")})
    assert months == ["2000-03"] + [f"{y}-06" for y in range(2002, 2012)]
    main_cols = set(sd.load("tic_major_foreign_holders").columns)
    assert set(df.index.get_level_values("column")) <= main_cols


@pytest.mark.parametrize("name", ALL)
def test_numeric_columns_are_float_and_nothing_is_duplicated(name):
    df = sd.load(name)
    units = sd.describe(name)["fields"]
    for col in df.columns:
        if units[col]["type"] == "number":
            assert df[col].dtype == np.float64, col
    assert not df.index.duplicated().any()


def test_empty_cells_are_nan():
    m = sd.load("treasury_yields_monthly")
    assert math.isnan(m.loc[pd.Period("2026-06", "M"), "tb3ms_avg"])
    assert math.isnan(m.loc[pd.Period("1953-04", "M"), "dgs10_avg"])
    tic = sd.load("tic_major_foreign_holders")
    assert math.isnan(tic.loc[pd.Period("2025-12", "M"), "agg_oil_exporters"])
    assert math.isnan(sd.load("tic_series_break_comparison").loc[(pd.Period("2002-06", "M"), "luxembourg"), "holdings_usd_bn_prior_series"])


def test_load_returns_independent_copies():
    a = sd.load("dollar_index_broad")
    a.iloc[0, 0] = -1.0
    b = sd.load("dollar_index_broad")
    assert b.iloc[0, 0] == 100.0


# ---------------------------------------------------------------------------------------
# Known values (from data/SOURCES.md)
# ---------------------------------------------------------------------------------------


def test_china_peak_and_japan_values():
    tic = sd.load("tic_major_foreign_holders")
    china = tic["china_mainland"]
    assert china.max() == 1316.7 and china.idxmax() == pd.Period("2013-11", "M")
    assert china[pd.Period("2025-01", "M")] == 760.8 and china[pd.Period("2025-12", "M")] == 683.5
    assert tic.loc[pd.Period("2025-12", "M"), "japan"] == 1185.5
    assert tic["japan"].max() == 1325.5 and tic["japan"].idxmax() == pd.Period("2021-11", "M")


def test_el_salvador_jump_is_kept_as_printed():
    s = sd.load("tic_major_foreign_holders")["el_salvador"]
    assert (s[pd.Period("2025-02", "M")], s[pd.Period("2025-03", "M")]) == (1.1, 85.0)


def test_tic_series_breaks_new_basis_in_main_file_old_basis_in_comparison():
    tic = sd.load("tic_major_foreign_holders")
    comp = sd.load("tic_series_break_comparison")["holdings_usd_bn_prior_series"]
    assert tic.loc[pd.Period("2011-06", "M"), "grand_total"] == 4690.6
    assert comp[(pd.Period("2011-06", "M"), "grand_total")] == 4533.6
    assert tic.loc[pd.Period("2000-03", "M"), "grand_total"] == 1085.0
    assert comp[(pd.Period("2000-03", "M"), "grand_total")] == 1252.1


def test_tic_components_add_up_to_grand_total():
    tic = sd.load("tic_major_foreign_holders")
    parts = tic.drop(columns=["grand_total", *[c for c in tic.columns if c.startswith("memo_")]])
    assert ((parts.sum(axis=1) - tic["grand_total"]).abs() <= 1.5).all()


def test_ten_year_yield_in_the_april_2025_selloff():
    d = sd.load("treasury_yields_daily")["dgs10"]
    assert d[pd.Timestamp("2025-04-04")] == 4.01
    assert d[pd.Timestamp("2025-04-11")] == 4.48


def test_monthly_ten_year_sanity_values():
    m = sd.load("treasury_yields_monthly")
    summer2020 = m.loc[pd.Period("2020-06", "M"):pd.Period("2020-08", "M"), "dgs10_avg"]
    assert summer2020.between(0.62, 0.73).all()
    y2025 = m.loc[pd.Period("2025-01", "M"):pd.Period("2025-12", "M"), "dgs10_avg"]
    assert y2025.min() == 4.06 and y2025.max() == 4.63
    both = m[["dgs10_avg", "gs10_avg"]].dropna()
    assert len(both) == 774
    # SOURCES.md says dgs10_avg equals H.15's GS10 in all 774 months.  In the snapshot 8 months
    # differ by 0.01: exact means of x.xx5 that the float mean rounds down and H.15 rounds up.
    diff = (both["dgs10_avg"] - both["gs10_avg"]).abs()
    assert diff.max() <= 0.0100001
    assert [str(p) for p in diff[diff > 0.001].index] == [
        "1974-07", "1990-12", "1997-11", "2005-11", "2008-04", "2011-04", "2015-04", "2021-04"]


def test_federal_debt_holders_known_values_and_break():
    q = sd.load("federal_debt_holders")
    q4 = q.loc[pd.Period("2025Q4", "Q")]
    assert q4["foreign_holdings_fdhbfin_bn"] == 9269.5
    assert q4["foreign_holdings_tic_total_bn"] == 9271.0
    assert q4["debt_held_by_public_bn"] == 30870.7
    assert q.loc[pd.Period("2026Q1", "Q"), "foreign_holdings_fdhbfin_bn"] == 9355.0
    assert q.loc[pd.Period("1999Q4", "Q"), "foreign_holdings_fdhbfin_bn"] == 1268.7
    assert q.loc[pd.Period("2000Q1", "Q"), "foreign_holdings_fdhbfin_bn"] == 1085.0
    assert q.loc[pd.Period("1999Q4", "Q"), "foreign_share_of_public_debt_pct"] == 34.1
    assert q.loc[pd.Period("2000Q1", "Q"), "foreign_share_of_public_debt_pct"] == 29.4
    assert q.loc[pd.Period("2025Q4", "Q"), "quarter_end"] == pd.Timestamp("2025-12-31")


def test_fed_holdings_are_last_wednesday_levels():
    f = sd.load("fed_treasury_holdings")
    wed = pd.DatetimeIndex(f["as_of_wednesday"])
    assert (wed.day_of_week == 2).all()
    assert ((wed + pd.offsets.MonthEnd(0) - wed).days < 7).all()
    assert pd.Period("2026-06", "M") not in f.index
    assert f.loc[pd.Period("2002-12", "M"), "as_of_wednesday"] == pd.Timestamp("2002-12-25")


def test_interest_payments_and_dollar_index_values():
    ip = sd.load("federal_interest_payments")["federal_interest_payments_saar_bn"]
    assert ip[pd.Period("2024Q1", "Q")] == pytest.approx(1071.2, abs=0.05)
    assert ip[pd.Period("2026Q1", "Q")] == 1218.938
    dx = sd.load("dollar_index_broad")
    assert dx.loc[pd.Period("2006-01", "M"), "dtwexbgs_avg"] == 100.0
    assert dx.index[-1] == pd.Period("2026-03", "M")
    assert dx.loc[pd.Period("2026-03", "M"), "eom_date"] == pd.Timestamp("2026-03-31")


def test_monthly_dollar_index_is_the_monthly_mean_of_the_daily_one():
    """SOURCES.md section 9: one vintage in both files (the daily file is the current one)."""
    daily = sd.load("dollar_and_fx_daily")["dtwexbgs"].dropna()
    monthly = sd.load("dollar_index_broad")
    means = daily.groupby(daily.index.to_period("M")).mean().round(4)
    lasts = daily.groupby(daily.index.to_period("M")).last()
    assert (means.loc[monthly.index] - monthly["dtwexbgs_avg"]).abs().max() < 0.00011
    assert (lasts.loc[monthly.index] == monthly["dtwexbgs_eom"]).all()
    assert pd.Period("2026-04", "M") not in monthly.index  # the daily file stops on 2026-04-24


def test_dollar_and_fx_sanity_values_from_sources_md():
    fx = sd.load("dollar_and_fx_daily")
    assert fx.loc["2025-04-02", "dtwexbgs"] == pytest.approx(126.38, abs=0.005)
    assert fx.loc["2025-04-14", "dtwexbgs"] == pytest.approx(123.66, abs=0.005)
    assert fx.loc["2025-04-02", "dexuseu"] == 1.0868 and fx.loc["2025-04-11", "dexuseu"] == 1.1325
    assert fx.loc["2025-04-02", "dexjpus"] == 149.98 and fx.loc["2025-04-11", "dexjpus"] == 143.57
    assert fx.loc["2025-04-02", "dexchus"] == 7.2675 and fx.loc["2025-04-09", "dexchus"] == 7.3499
    assert fx["dtwexbgs"].idxmax() == pd.Timestamp("2025-01-13") and fx["dtwexbgs"].idxmin() == pd.Timestamp("2011-07-26")
    assert fx["dexchus"].last_valid_index() == pd.Timestamp("2026-01-30")


def test_fed_balance_sheet_sanity_values_and_monthly_file_agree():
    w = sd.load("fed_balance_sheet_weekly")
    assert (w.index.day_of_week == 2).all() and len(w) == 1232
    assert (w.index.to_series().diff().dropna() == pd.Timedelta(days=7)).all()
    assert round(w.loc["2020-02-26", "treasuries_held_outright_bn"], 1) == 2474.1
    assert round(w["treasuries_held_outright_bn"].max(), 1) == 5771.4
    assert round(w.loc["2026-07-22", "treasuries_held_outright_bn"], 1) == 4515.7
    assert round(w["reserve_balances_week_avg_bn"].max(), 1) == 4275.8
    m = sd.load("fed_treasury_holdings")
    weekly_at_month_end = w.loc[pd.DatetimeIndex(m["as_of_wednesday"]), "treasuries_held_outright_bn"].round(1)
    assert (weekly_at_month_end.to_numpy() == m["fed_treasuries_bn"].to_numpy()).all()


def test_policy_rates_sanity_values():
    r = sd.load("policy_rates_daily")
    assert (r.index.to_series().diff().dropna() == pd.Timedelta(days=1)).all()  # every calendar day
    last = r.loc["2026-07-22"]
    assert (last["fomc_target_lower"], last["fomc_target_upper"], last["iorb"], last["dff"]) == (3.50, 3.75, 3.65, 3.63)
    assert r["iorb"].max() == 5.40 and r.loc["2025-04-09", "iorb"] == 4.40
    assert r.loc["2020-03-16", "ioer"] == 0.10
    assert r["fomc_target"].last_valid_index() == pd.Timestamp("2008-12-15")
    assert r["ioer"].last_valid_index() == pd.Timestamp("2021-07-28")
    assert r["iorb"].first_valid_index() == pd.Timestamp("2021-07-29")


def test_extra_yields_share_the_daily_dates_and_breakeven_is_nominal_minus_real():
    x = sd.load("treasury_yields_daily_extra")
    d = sd.load("treasury_yields_daily")
    assert x.index.equals(d.index) and not x.isna().any().any()
    assert ((d["dgs10"] - x["dfii10"]).round(2) == x["t10yie"]).all()
    assert x.loc["2025-04-02", "dgs30"] == 4.54 and x.loc["2025-04-11", "dgs30"] == 4.85
    assert x["dgs30"].min() == 0.99 and x.loc["2020-03-19", "t10yie"] == 0.50
    assert x["dfii10"].min() == -1.19 and x["dfii10"].idxmin() == pd.Timestamp("2021-08-03")


# ---------------------------------------------------------------------------------------
# Validation: a corrupted copy is refused by load() (hash) and by accept() naming file, column and row
# ---------------------------------------------------------------------------------------


def test_non_numeric_cell(copy_dir):
    path = copy_dir / "treasury_yields_daily_2007_2026.csv"
    n = line_of(path, "2025-04-04,")
    rewrite_line(path, n, "2025-04-04,4.20,3.66,4.o1")
    with pytest.raises(DataError) as exc:
        refused("treasury_yields_daily", copy_dir)
    msg = str(exc.value)
    assert "treasury_yields_daily_2007_2026.csv" in msg and "'dgs10'" in msg
    assert f"line {n}" in msg and "'4.o1'" in msg


def test_duplicate_date(copy_dir):
    path = copy_dir / "treasury_yields_daily_2007_2026.csv"
    lines = path.read_text().splitlines(keepends=True)
    n = line_of(path, "2020-03-16,")
    lines.insert(n, lines[n - 1])  # the same date again on line n+1
    path.write_text("".join(lines))
    with pytest.raises(DataError) as exc:
        refused("treasury_yields_daily", copy_dir)
    msg = str(exc.value)
    assert "treasury_yields_daily_2007_2026.csv" in msg and "'date'" in msg
    assert f"line {n + 1}" in msg and "2020-03-16" in msg and "duplicate" in msg and f"line {n})" in msg


def test_duplicate_month_in_comparison_key(copy_dir):
    path = copy_dir / "tic_series_break_comparison_values.csv"
    lines = path.read_text().splitlines(keepends=True)
    lines.append(lines[1])
    path.write_text("".join(lines))
    with pytest.raises(DataError, match=r"tic_series_break_comparison_values\.csv.*'month\+column'.*line 372.*duplicate"):
        refused("tic_series_break_comparison", copy_dir)


def test_out_of_range_value(copy_dir):
    path = copy_dir / "dollar_index_broad_monthly.csv"
    n = line_of(path, "2020-03,")
    old = rewrite_line(path, n, "2020-03,1250.0,125.0,2020-03-31")
    assert old.startswith("2020-03,")
    with pytest.raises(DataError) as exc:
        refused("dollar_index_broad", copy_dir)
    msg = str(exc.value)
    assert "dollar_index_broad_monthly.csv" in msg and "'dtwexbgs_avg'" in msg
    assert f"line {n}" in msg and "'1250.0'" in msg and "range [50, 200]" in msg


def test_negative_holdings_are_out_of_range(copy_dir):
    path = copy_dir / "tic_major_foreign_holders_monthly.csv"
    text = path.read_text().replace("2025-12,9271.0,1185.5,", "2025-12,9271.0,-1185.5,")
    path.write_text(text)
    with pytest.raises(DataError, match=r"tic_major_foreign_holders_monthly\.csv.*'japan'.*line 311.*'-1185\.5'"):
        refused("tic_major_foreign_holders", copy_dir)


def test_missing_column(copy_dir):
    path = copy_dir / "treasury_yields_monthly.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False).drop(columns=["gs10_avg"])
    df.to_csv(path, index=False)
    with pytest.raises(DataError) as exc:
        refused("treasury_yields_monthly", copy_dir)
    msg = str(exc.value)
    assert "treasury_yields_monthly.csv" in msg and "gs10_avg" in msg and "missing" in msg and "line 1" in msg


def test_unexpected_column(copy_dir):
    path = copy_dir / "federal_interest_payments_quarterly.csv"
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0] + ",note"] + [ln + "," for ln in lines[1:]]) + "\n")
    with pytest.raises(DataError, match=r"federal_interest_payments_quarterly\.csv.*unexpected column.*note"):
        refused("federal_interest_payments", copy_dir)


def test_missing_required_key(copy_dir):
    path = copy_dir / "federal_debt_holders_quarterly.csv"
    old = rewrite_line(path, 3, "")
    rewrite_line(path, 3, "," + old.split(",", 1)[1])
    with pytest.raises(DataError, match=r"federal_debt_holders_quarterly\.csv.*'quarter'.*line 3.*required"):
        refused("federal_debt_holders", copy_dir)


def test_bad_date_and_bad_month(copy_dir):
    path = copy_dir / "fed_treasury_holdings_monthly.csv"
    rewrite_line(path, 2, "2002-12,2002-12-35,629.4,0.0,732.1,86.0")
    with pytest.raises(DataError, match=r"fed_treasury_holdings_monthly\.csv.*'as_of_wednesday'.*line 2.*'2002-12-35'"):
        refused("fed_treasury_holdings", copy_dir)
    rewrite_line(path, 2, "2002-13,2002-12-25,629.4,0.0,732.1,86.0")
    with pytest.raises(DataError, match=r"'month'.*line 2.*'2002-13'"):
        refused("fed_treasury_holdings", copy_dir)


def test_ragged_row(copy_dir):
    path = copy_dir / "federal_interest_payments_quarterly.csv"
    rewrite_line(path, 5, "1960Q1,1960-03-31")
    with pytest.raises(DataError, match=r"federal_interest_payments_quarterly\.csv.*line 5 has 2 fields"):
        refused("federal_interest_payments", copy_dir)


def test_missing_file(copy_dir):
    (copy_dir / "dollar_index_broad_monthly.csv").unlink()
    with pytest.raises(DataError, match=r"dollar_index_broad_monthly\.csv.*missing"):
        sd.load("dollar_index_broad", data_dir=copy_dir)


def test_missing_datapackage(tmp_path):
    with pytest.raises(DataError, match="datapackage.json.*missing"):
        sd.load("dollar_index_broad", data_dir=tmp_path)


def test_data_error_is_a_value_error():
    assert issubclass(DataError, ValueError)


# ---------------------------------------------------------------------------------------
# Tampering (issue 8): each case is refused by load() with a clear message
# ---------------------------------------------------------------------------------------


def test_shuffled_rows_are_refused(copy_dir):
    path = copy_dir / "federal_debt_holders_quarterly.csv"
    lines = path.read_text().splitlines(keepends=True)
    body = lines[1:]
    body[-1], body[-40] = body[-40], body[-1]  # an old quarter last: it would pass for the "latest"
    path.write_text(lines[0] + "".join(body))
    with pytest.raises(DataError, match=r"federal_debt_holders_quarterly\.csv.*'quarter'.*not in time order"):
        refused("federal_debt_holders", copy_dir)


def test_a_file_cut_inside_its_last_number_is_refused(copy_dir):
    path = copy_dir / "federal_interest_payments_quarterly.csv"
    raw = path.read_bytes()
    assert raw.endswith(b"2026Q1,2026-03-31,1218.938\n")
    path.write_bytes(raw[: raw.rindex(b"1218.938") + 2])  # "...,12": today's bill would read 12.0
    with pytest.raises(DataError, match=r"last line .* has no line end: file cut short"):
        refused("federal_interest_payments", copy_dir)
    path.write_bytes(raw[: raw.rindex(b"1218.938") + 2] + b"\n")  # even with a line end, load() refuses
    with pytest.raises(DataError, match="changed since the data pack was built"):
        sd.load("federal_interest_payments", data_dir=copy_dir)


def test_deleted_rows_are_refused(copy_dir):
    path = copy_dir / "treasury_yields_daily_2007_2026.csv"
    lines = path.read_text().splitlines(keepends=True)
    path.write_text("".join(lines[:2000] + lines[2010:]))
    with pytest.raises(DataError, match=r"treasury_yields_daily_2007_2026\.csv: file changed since the data pack was built"):
        sd.load("treasury_yields_daily", data_dir=copy_dir)
    path.write_text("".join(lines[:-5]))  # the last rows: the declared coverage no longer matches either
    sd_pkg = json.loads((copy_dir / "datapackage.json").read_text())
    res = next(r for r in sd_pkg["resources"] if r["name"] == "treasury_yields_daily")
    res["bytes"] = path.stat().st_size
    res["hash"] = "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    (copy_dir / "datapackage.json").write_text(json.dumps(sd_pkg))
    with pytest.raises(DataError, match=r"rows cover 2007-01-02\.\.2026-07-15 but datapackage\.json declares 2007-01-02\.\.2026-07-22"):
        sd.load("treasury_yields_daily", data_dir=copy_dir)


def test_swapped_column_headers_are_refused(copy_dir):
    path = copy_dir / "treasury_yields_daily_2007_2026.csv"
    text = path.read_text()
    path.write_text(text.replace("date,dgs3mo,dgs2,dgs10\n", "date,dgs3mo,dgs10,dgs2\n", 1))
    with pytest.raises(DataError, match=r"header \(line 1\) is not in the declared order: column 3 is 'dgs10'.*'dgs2'"):
        refused("treasury_yields_daily", copy_dir)


def test_all_values_times_ten_are_refused(copy_dir):
    path = copy_dir / "treasury_yields_monthly.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    for col in df.columns[1:]:
        df[col] = [f"{10 * float(v):.2f}" if v else "" for v in df[col]]
    df.to_csv(path, index=False, lineterminator="\n")
    with pytest.raises(DataError, match=r"treasury_yields_monthly\.csv.*outside the allowed range \[-1, 25\]"):
        refused("treasury_yields_monthly", copy_dir)


def test_a_value_changed_within_its_range_is_refused(copy_dir):
    path = copy_dir / "tic_major_foreign_holders_monthly.csv"
    path.write_text(path.read_text().replace("2025-12,9271.0,1185.5,", "2025-12,9271.0,1085.5,"))
    with pytest.raises(DataError, match="changed since the data pack was built.*accept tic_major_foreign_holders"):
        sd.load("tic_major_foreign_holders", data_dir=copy_dir)


def test_stale_declared_coverage_of_one_column_is_refused(copy_dir):
    pkg = json.loads((copy_dir / "datapackage.json").read_text())
    res = next(r for r in pkg["resources"] if r["name"] == "dollar_and_fx_daily")
    field = next(f for f in res["schema"]["fields"] if f["name"] == "dexchus")
    field["coverage"]["end"] = "2026-04-24"
    (copy_dir / "datapackage.json").write_text(json.dumps(pkg))
    with pytest.raises(DataError, match=r"column 'dexchus' has values 2006-01-03\.\.2026-01-30 but datapackage\.json declares 2006-01-03\.\.2026-04-24"):
        sd.load("dollar_and_fx_daily", data_dir=copy_dir)


@pytest.mark.parametrize("bad_path", ["../../x.csv", "../data/x.csv", "/etc/passwd", "sub/../../x.csv",
                                      "C:/x.csv", "https://example.org/x.csv", ".hidden.csv"])
def test_resource_paths_outside_the_pack_are_refused(copy_dir, bad_path):
    (copy_dir.parent / "x.csv").write_text("month,dtwexbgs_avg,dtwexbgs_eom,eom_date\n2006-01,1,1,2006-01-31\n")
    pkg = json.loads((copy_dir / "datapackage.json").read_text())
    next(r for r in pkg["resources"] if r["name"] == "dollar_index_broad")["path"] = bad_path
    (copy_dir / "datapackage.json").write_text(json.dumps(pkg))
    with pytest.raises(DataError, match=r"resource 'dollar_index_broad': 'path' .*(relative|leaves the data pack)"):
        sd.load("dollar_index_broad", data_dir=copy_dir)
    with pytest.raises(DataError):
        sd.describe("dollar_index_broad", data_dir=copy_dir)


def test_a_symlink_out_of_the_pack_is_refused(copy_dir):
    outside = copy_dir.parent / "elsewhere.csv"
    target = copy_dir / "dollar_index_broad_monthly.csv"
    outside.write_bytes(target.read_bytes())
    target.unlink()
    target.symlink_to(outside)
    with pytest.raises(DataError, match="resolves outside the data pack"):
        sd.load("dollar_index_broad", data_dir=copy_dir)


def test_accept_records_a_file_changed_on_purpose(copy_dir):
    path = copy_dir / "federal_interest_payments_quarterly.csv"
    path.write_bytes(path.read_bytes() + b"2026Q2,2026-06-30,1234.567\n")
    with pytest.raises(DataError, match="changed since the data pack was built"):
        sd.load("federal_interest_payments", data_dir=copy_dir)
    [line] = sd.accept(["federal_interest_payments"], data_dir=copy_dir)
    assert line.startswith("accepted federal_interest_payments: 270 rows, 1959Q1..2026Q2")
    assert sd.load("federal_interest_payments", data_dir=copy_dir).index[-1] == pd.Period("2026Q2", "Q")
    assert sd.describe("federal_interest_payments", copy_dir)["coverage"]["end"] == "2026Q2"
    assert sorted(p.name for p in copy_dir.iterdir()) == sorted(p.name for p in DATA.iterdir())  # nothing left over
