"""Specification of `python -m selloff.data refresh`.

Saved responses (tests/fixtures) and responses rebuilt from the snapshot's own numbers
are served by http.server on 127.0.0.1 (ephemeral port, daemon thread).  Every test
works on a copy of data/ in tmp_path.  A guard makes any request to another host fail.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import math
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from selloff import data as sd
from selloff.data import _journal

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
FIX = Path(__file__).resolve().parent / "fixtures"


# ---------------------------------------------------------------------------------------
# A tiny local HTTP server
# ---------------------------------------------------------------------------------------


@dataclass
class Reply:
    body: bytes
    status: int = 200
    content_type: str = "text/csv; charset=utf-8"
    # ok | short_body (Content-Length larger than the bytes sent) | hang | delay (answer after 0.3 s) |
    # drip (headers at once, then one byte of the body every 20 ms)
    mode: str = "ok"


@dataclass
class Server:
    port: int
    routes: dict[str, Reply] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def fred(self, series_id: str, reply: Reply) -> None:
        self.routes[f"/fred/fredgraph.csv?id={series_id}"] = reply

    def tic(self, reply: Reply) -> None:
        self.routes["/tic/mfhhis01.txt"] = reply


@pytest.fixture
def server(monkeypatch):
    state: dict[str, Server] = {}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # keep pytest output clean
            pass

        def do_GET(self):
            srv = state["srv"]
            srv.hits.append(self.path)
            reply = srv.routes.get(self.path)
            if reply is None:
                reply = Reply(b"not found", 404, "text/plain")
            if reply.mode == "hang":
                srv.release.wait(10)
                return
            if reply.mode == "delay":
                time.sleep(0.3)
            if reply.mode == "drip":
                self.send_response(200)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                for i in range(len(reply.body)):
                    if srv.release.wait(0.02):
                        return
                    try:
                        self.wfile.write(reply.body[i:i + 1])
                        self.wfile.flush()
                    except OSError:
                        return
                return
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            declared = len(reply.body) * 2 if reply.mode == "short_body" else len(reply.body)
            self.send_header("Content-Length", str(declared))
            if reply.mode == "short_body":
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(reply.body)
            self.wfile.flush()
            if reply.mode == "short_body":
                self.close_connection = True

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    srv = Server(port=httpd.server_address[1])
    state["srv"] = srv
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    monkeypatch.setenv("SELLOFF_FRED_URL", f"http://127.0.0.1:{srv.port}/fred/fredgraph.csv")
    monkeypatch.setenv("SELLOFF_TIC_URL", f"http://127.0.0.1:{srv.port}/tic/")
    try:
        yield srv
    finally:
        srv.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Only 127.0.0.1 may be contacted."""
    real = urllib.request.urlopen

    def guarded(req, *args, **kwargs):
        url = req.full_url if isinstance(req, urllib.request.Request) else req
        host = urllib.parse.urlsplit(url).hostname
        assert host == "127.0.0.1", f"test tried to reach {url}"
        return real(req, *args, **kwargs)

    monkeypatch.setattr(urllib.request, "urlopen", guarded)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "data"
    shutil.copytree(DATA, dst)
    for p in dst.iterdir():
        p.chmod(0o644)
    return dst


def digest(folder: Path) -> dict[str, str]:
    """Hash of every entry in the folder (detects any change, including left-over temp files and folders)."""
    return {p.name: "folder" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir())}


# ---------------------------------------------------------------------------------------
# FRED responses made from the snapshot's own numbers
# ---------------------------------------------------------------------------------------


def fred_body(values: dict[str, str], series_id: str, old_format: bool = False) -> bytes:
    out = io.StringIO()
    out.write(("DATE" if old_format else "observation_date") + f",{series_id}\n")
    for date, v in values.items():
        out.write(f"{date},{('.' if old_format else '') if v == '' else v}\n")
    return out.getvalue().encode()


def serve_daily_yields(server: Server) -> None:
    """DGS3MO/DGS2/DGS10 for every weekday 2007-01-01..2026-07-22 ('.'/empty on holidays)."""
    daily = pd.read_csv(DATA / "treasury_yields_daily_2007_2026.csv", dtype=str, index_col="date")
    weekdays = pd.bdate_range("2007-01-01", "2026-07-22").strftime("%Y-%m-%d")
    for col, sid in [("dgs3mo", "DGS3MO"), ("dgs2", "DGS2"), ("dgs10", "DGS10")]:
        vals = {d: daily[col].get(d, "") for d in weekdays}
        server.fred(sid, Reply(fred_body(vals, sid, old_format=(sid == "DGS2"))))


def serve_monthly_published(server: Server) -> None:
    m = pd.read_csv(DATA / "treasury_yields_monthly.csv", dtype=str, index_col="month")
    for col, sid in [("tb3ms_avg", "TB3MS"), ("gs10_avg", "GS10")]:
        s = m[col].dropna()
        server.fred(sid, Reply(fred_body({f"{k}-01": v for k, v in s.items()}, sid)))


def serve_debt_series(server: Server) -> None:
    q = pd.read_csv(DATA / "federal_debt_holders_quarterly.csv", dtype=str, index_col="quarter")
    starts = [str(pd.Period(k, "Q").start_time.date()) for k in q.index]
    for col, sid, millions in [("gross_federal_debt_bn", "GFDEBTN", True),
                               ("debt_held_by_public_bn", "FYGFDPUN", True),
                               ("foreign_holdings_fdhbfin_bn", "FDHBFIN", False)]:
        vals = [f"{float(v) * 1000:.0f}" if millions else v for v in q[col]]
        server.fred(sid, Reply(fred_body(dict(zip(starts, vals)), sid)))


def serve_fed_weekly(server: Server) -> None:
    """Weekly H.4.1 series: the snapshot's last-Wednesday levels (in millions), a different value on
    the Wednesday before, and June 2026 without its last Wednesday (as in the real source)."""
    f = pd.read_csv(DATA / "fed_treasury_holdings_monthly.csv", dtype=str)
    for col, sid in [("fed_treasuries_bn", "TREAST"), ("fed_mbs_bn", "WSHOMCB"), ("fed_total_assets_bn", "WALCL")]:
        vals: dict[str, str] = {}
        for wed, v in zip(f["as_of_wednesday"], f[col]):
            before = (pd.Timestamp(wed) - pd.Timedelta(days=7)).strftime("%Y-%m-%d")
            vals[before] = "1"
            vals[wed] = f"{float(v) * 1000:.0f}"
        for wed in ["2026-06-03", "2026-06-10", "2026-06-17"]:
            vals[wed] = "4500000"
        server.fred(sid, Reply(fred_body(dict(sorted(vals.items())), sid)))


NEW_SERIES = {
    # resource: (file, {column: FRED id}, factor from the file's units to FRED's)
    "dollar_and_fx_daily": ("dollar_and_fx_daily.csv",
                            {"dtwexbgs": "DTWEXBGS", "dexuseu": "DEXUSEU", "dexjpus": "DEXJPUS", "dexchus": "DEXCHUS"}, None),
    "fed_balance_sheet_weekly": ("fed_balance_sheet_weekly.csv",
                                 {"treasuries_held_outright_bn": "TREAST", "total_assets_bn": "WALCL",
                                  "reserve_balances_week_avg_bn": "WRESBAL"}, 1000),
    "policy_rates_daily": ("policy_rates_daily.csv",
                           {"dff": "DFF", "fomc_target": "DFEDTAR", "fomc_target_lower": "DFEDTARL",
                            "fomc_target_upper": "DFEDTARU", "ioer": "IOER", "iorb": "IORB"}, None),
    "treasury_yields_daily_extra": ("treasury_yields_daily_extra.csv",
                                    {"dgs5": "DGS5", "dgs30": "DGS30", "dfii10": "DFII10", "t10yie": "T10YIE"}, None),
}


def serve_new_series(server: Server, name: str, extra_rows: dict[str, str] | None = None) -> None:
    """Each column of a new resource as its FRED download ('.' where the snapshot is empty, only the
    series' own date span, as FRED serves it; millions for H.4.1)."""
    file, series, factor = NEW_SERIES[name]
    df = pd.read_csv(DATA / file, dtype=str, keep_default_na=False, index_col="date")
    for col, sid in series.items():
        s = df[col]
        present = s[s != ""]
        span = s.loc[present.index[0]:present.index[-1]]
        vals = {d: (f"{float(v) * factor:.0f}" if factor and v else v) for d, v in span.items()}
        vals.update(extra_rows or {})
        server.fred(sid, Reply(fred_body(dict(sorted(vals.items())), sid, old_format=(sid == "DEXJPUS"))))


def csv_rows(path: Path) -> list[str]:
    return path.read_text().splitlines()


# ---------------------------------------------------------------------------------------
# Parsers
# ---------------------------------------------------------------------------------------


def test_fred_parser_reads_current_and_old_format():
    new = sd.parse_fred_csv((FIX / "fred_DGS10_new_format.csv").read_text(), "DGS10")
    old = sd.parse_fred_csv((FIX / "fred_DGS10_old_format.csv").read_text(), "DGS10")
    pd.testing.assert_series_equal(new, old)
    assert new[pd.Timestamp("2025-04-04")] == 4.01 and new[pd.Timestamp("2025-04-11")] == 4.48
    assert np.isnan(new[pd.Timestamp("2025-04-18")])  # Good Friday: empty / "."
    assert isinstance(new.index, pd.DatetimeIndex) and len(new) == 22


@pytest.mark.parametrize(
    "text, reason",
    [
        ("", "empty"),
        ((FIX / "fred_error_page.html").read_text(), "HTML"),
        ("observation_date,DGS2\n2025-04-01,3.9\n", "unexpected header"),
        ("observation_date,DGS10\n2025-04-01,4.17\n2025-04-0", "line 3"),
        ("observation_date,DGS10\n2025-04-01,n/a\n", "not a number"),
        ("observation_date,DGS10\n2025-04-02,4.17\n2025-04-01,4.1\n", "increasing"),
    ],
)
def test_fred_parser_rejects_non_fred_content(text, reason):
    with pytest.raises(sd.RefreshError, match=reason):
        sd.parse_fred_csv(text, "DGS10")


def test_tic_parser_on_the_saved_excerpt_matches_the_snapshot_rows():
    parsed = sd.parse_tic_mfhhis((FIX / "mfhhis01_excerpt.txt").read_text())
    snap = sd.load("tic_major_foreign_holders")
    months = sorted({p for p, _ in parsed.values})
    assert [str(m) for m in months] == ["2000-03", *[f"2000-{m:02d}" for m in range(4, 13)],
                                        *[f"2011-{m:02d}" for m in range(1, 13)], *[f"2025-{m:02d}" for m in range(1, 13)]]
    for (p, col), v in parsed.values.items():
        expected = snap.loc[p, col]
        assert (np.isnan(v) and np.isnan(expected)) or v == expected, (p, col)
    # every non-empty snapshot cell of those months is in the parse
    sub = snap.loc[months]
    assert int(sub.notna().sum().sum()) == sum(not np.isnan(v) for v in parsed.values.values())
    # footnote markers / stray spaces are dropped from labels
    assert {"united_kingdom", "korea_south", "belgium_luxembourg", "agg_carib_bnkng_ctrs"} <= {c for _, c in parsed.values}
    # old-series values at breaks: the parser keeps file order (newest block first), the pack time order
    comp = pd.read_csv(DATA / "tic_series_break_comparison_values.csv", dtype=str, keep_default_na=False)
    want = comp[comp["month"].isin(["2011-06", "2000-03"])].values.tolist()
    got = [[str(p), c, "" if np.isnan(v) else f"{v:.1f}"] for p, c, v in parsed.comparison]
    assert got[0][0] == "2011-06" and got[-1][0] == "2000-03"
    got = [g for _, g in sorted(enumerate(got), key=lambda ig: (ig[1][0], ig[0]))]
    assert got == want


def test_tic_parser_rejects_html_and_text_without_blocks():
    with pytest.raises(sd.RefreshError, match="HTML"):
        sd.parse_tic_mfhhis((FIX / "fred_error_page.html").read_text())
    with pytest.raises(sd.RefreshError, match="no annual blocks"):
        sd.parse_tic_mfhhis("Department of the Treasury/Federal Reserve Board\n3/18/26\n")


# ---------------------------------------------------------------------------------------
# Good responses
# ---------------------------------------------------------------------------------------


def test_good_response_replaces_the_file_and_updates_coverage(server, data_copy):
    server.fred("A091RC1Q027SBEA", Reply((FIX / "fred_A091RC1Q027SBEA.csv").read_bytes()))
    target = data_copy / "federal_interest_payments_quarterly.csv"
    before = target.read_text()
    [res] = sd.refresh(["federal_interest_payments"], data_dir=data_copy, timeout=5)
    assert res.ok, res.message
    after = target.read_text()
    assert after.startswith(before) and after[len(before):] == "2026Q2,2026-06-30,1234.567\n"
    df = sd.load("federal_interest_payments", data_dir=data_copy)
    assert df.index[-1] == pd.Period("2026Q2", "Q")
    assert df.loc[pd.Period("2026Q2", "Q"), "quarter_end"] == pd.Timestamp("2026-06-30")
    cov = sd.describe("federal_interest_payments", data_dir=data_copy)["coverage"]
    assert (cov["start"], cov["end"]) == ("1959Q1", "2026Q2")
    # no temp files left behind
    assert not [p for p in data_copy.iterdir() if p.name.startswith(".")]


def test_rebuild_from_the_snapshot_numbers_gives_identical_files(server, data_copy):
    serve_daily_yields(server)
    serve_debt_series(server)
    names = ["treasury_yields_daily", "federal_debt_holders"]
    before = {n: (data_copy / sd.describe(n, data_copy)["path"]).read_bytes() for n in names}
    inodes = {n: Path(sd.describe(n, data_copy)["path"]).stat().st_ino for n in names}
    results = sd.refresh(names, data_dir=data_copy, timeout=5)
    assert [r.ok for r in results] == [True, True], [r.message for r in results]
    for n in names:
        path = Path(sd.describe(n, data_copy)["path"])
        assert path.read_bytes() == before[n], n
        assert path.stat().st_ino != inodes[n]  # really replaced (os.replace), not left alone
    # DGS2 was served in the old DATE/"." format, the others in the current format
    assert any("id=DGS2" in h for h in server.hits)


def test_monthly_yields_rule_reproduces_the_snapshot(server, data_copy):
    serve_daily_yields(server)
    serve_monthly_published(server)
    snap = csv_rows(data_copy / "treasury_yields_monthly.csv")
    [res] = sd.refresh(["treasury_yields_monthly"], data_dir=data_copy, timeout=5)
    # the daily series are served from 2007 only: each column's own coverage guard refuses that
    assert not res.ok and "refusing to shrink column 'dgs3mo_avg' (FRED:DGS3MO) from 1981-09..2026-06 to 2007-01..2026-06" in res.message
    [res] = sd.refresh(["treasury_yields_monthly"], data_dir=data_copy, timeout=5, allow_shrink=True)
    assert res.ok, res.message
    new = csv_rows(data_copy / "treasury_yields_monthly.csv")
    assert new[0] == snap[0] and len(new) == len(snap)
    # daily data served from 2007 only: from 2007-01 on, every row is identical
    # (mean/last/2-decimal rounding, July 2026 dropped as incomplete); before, TB3MS/GS10 as published
    i2007 = next(i for i, r in enumerate(snap) if r.startswith("2007-01,"))
    assert new[i2007:] == snap[i2007:]
    assert [r.split(",")[-2:] for r in new[1:i2007]] == [r.split(",")[-2:] for r in snap[1:i2007]]
    assert new[-1].startswith("2026-06,")


def test_fed_holdings_use_last_wednesday_and_omit_months_without_it(server, data_copy):
    serve_fed_weekly(server)
    snap = csv_rows(data_copy / "fed_treasury_holdings_monthly.csv")
    [res] = sd.refresh(["fed_treasury_holdings"], data_dir=data_copy, timeout=5)
    assert res.ok, res.message
    new = csv_rows(data_copy / "fed_treasury_holdings_monthly.csv")
    assert len(new) == len(snap) and new[-1].startswith("2026-05,")  # June 2026: 06-24 missing -> omitted
    for a, b in zip(new[1:], snap[1:]):
        assert a.split(",")[:5] == b.split(",")[:5]
        # the percentage is computed from unrounded millions; the served millions are rebuilt from
        # rounded billions, so it may differ by one in the last digit
        assert abs(float(a.split(",")[5]) - float(b.split(",")[5])) <= 0.1 + 1e-9


@pytest.mark.parametrize("name", list(NEW_SERIES))
def test_new_series_rebuild_byte_for_byte_from_their_fred_downloads(server, data_copy, name):
    serve_new_series(server, name)
    file = NEW_SERIES[name][0]
    before = (data_copy / file).read_bytes()
    results = sd.refresh([name], data_dir=data_copy, timeout=5)
    assert all(r.ok for r in results), [r.line() for r in results]
    assert (data_copy / file).read_bytes() == before
    assert set(server.hits) == {f"/fred/fredgraph.csv?id={sid}" for sid in NEW_SERIES[name][1].values()}


def test_saved_fred_downloads_of_new_series_parse_to_the_snapshot_values(server, data_copy):
    treast = sd.parse_fred_csv((FIX / "fred_TREAST_2020H1.csv").read_text(), "TREAST")
    weekly = sd.load("fed_balance_sheet_weekly")["treasuries_held_outright_bn"]
    assert ((treast / 1000).round(3) == weekly.loc[treast.index]).all()
    assert treast["2020-03-18"] / 1000 == pytest.approx(2640.8, abs=0.05)  # SOURCES.md section 10
    cny = sd.parse_fred_csv((FIX / "fred_DEXCHUS_old_format.csv").read_text(), "DEXCHUS")
    assert math.isnan(cny["2025-12-25"]) and cny.index[-1] == pd.Timestamp("2026-01-30")
    daily = sd.load("dollar_and_fx_daily")["dexchus"]
    assert (cny.dropna() == daily.loc[cny.dropna().index]).all()
    # served as FRED serves them, the builders keep the pack's rows: one saved series, the rest rebuilt
    serve_new_series(server, "dollar_and_fx_daily")
    body = server.routes["/fred/fredgraph.csv?id=DEXCHUS"].body.decode()
    saved = (FIX / "fred_DEXCHUS_old_format.csv").read_text().replace("\r\n", "\n").split("\n", 1)[1]
    server.fred("DEXCHUS", Reply((body[: body.index("2025-12-15")] + saved).encode()))
    before = (data_copy / "dollar_and_fx_daily.csv").read_bytes()
    results = sd.refresh(["dollar_and_fx_daily"], data_dir=data_copy, timeout=5)
    assert [r.name for r in results] == ["dollar_and_fx_daily", "dollar_index_broad"]  # the monthly file comes along
    assert all(r.ok for r in results), [r.line() for r in results]
    assert (data_copy / "dollar_and_fx_daily.csv").read_bytes() == before


def test_extra_yields_keep_the_dates_of_the_daily_yields(server, data_copy):
    serve_new_series(server, "treasury_yields_daily_extra", extra_rows={"2026-07-23": "2.30"})  # T10YIE runs a day ahead
    before = (data_copy / "treasury_yields_daily_extra.csv").read_bytes()
    [res] = sd.refresh(["treasury_yields_daily_extra"], data_dir=data_copy, timeout=5)
    assert res.ok, res.message
    assert (data_copy / "treasury_yields_daily_extra.csv").read_bytes() == before


def test_dollar_index_monthly_is_rebuilt_from_the_daily_file_without_a_download(server, data_copy):
    daily = data_copy / "dollar_and_fx_daily.csv"
    text = daily.read_text()
    # a new vintage of the index: +1 on every 2025-11 day, and 2026-04 completed to its last weekday
    lines = [ln if not ln.startswith("2025-11") else ",".join(
        [ln.split(",")[0], f"{float(ln.split(',')[1]) + 1:.4f}", *ln.split(",")[2:]]) for ln in text.splitlines()]
    lines += ["2026-04-27,119.0000,1.1700,159.00,", "2026-04-28,119.1000,1.1700,159.00,",
              "2026-04-29,119.2000,1.1700,159.00,", "2026-04-30,119.3000,1.1700,159.00,"]
    daily.write_text("\n".join(lines) + "\n")
    sd.accept(["dollar_and_fx_daily"], data_dir=data_copy)
    [res] = sd.refresh(["dollar_index_broad"], data_dir=data_copy, timeout=5)
    assert res.ok, res.message
    assert server.hits == []
    df = sd.load("dollar_index_broad", data_dir=data_copy)
    d = sd.load("dollar_and_fx_daily", data_dir=data_copy)["dtwexbgs"].dropna()
    nov = d["2025-11"].tolist()
    assert df.loc[pd.Period("2025-11", "M"), "dtwexbgs_avg"] == round(sum(nov) / len(nov), 4)
    assert df.loc[pd.Period("2025-11", "M"), "dtwexbgs_eom"] == d["2025-11"].iloc[-1]
    assert df.index[-1] == pd.Period("2026-04", "M")  # complete now: the last row is on the last weekday
    assert df.loc[pd.Period("2026-04", "M"), "eom_date"] == pd.Timestamp("2026-04-30")


def test_tic_refresh_from_the_saved_excerpt_rebuilds_both_tic_files(server, data_copy):
    server.tic(Reply((FIX / "mfhhis01_excerpt.txt").read_bytes(), content_type="text/plain"))
    results = sd.refresh(["tic_major_foreign_holders"], data_dir=data_copy, timeout=5)
    assert not any(r.ok for r in results) and "refusing to shrink" in results[0].message  # an excerpt: 3 of 26 years
    results = sd.refresh(["tic_major_foreign_holders"], data_dir=data_copy, timeout=5, allow_shrink=True)
    assert {r.name: r.ok for r in results} == {"tic_major_foreign_holders": True, "tic_series_break_comparison": True}
    assert server.hits == ["/tic/mfhhis01.txt"] * 2  # one download for both resources, in each refresh
    tic = sd.load("tic_major_foreign_holders", data_dir=data_copy)
    assert tic.loc[pd.Period("2025-12", "M"), "japan"] == 1185.5
    assert tic.loc[pd.Period("2011-06", "M"), "grand_total"] == 4690.6
    assert list(tic.columns[:4]) == ["grand_total", "japan", "united_kingdom", "china_mainland"]
    comp = sd.load("tic_series_break_comparison", data_dir=data_copy)
    assert comp.loc[(pd.Period("2011-06", "M"), "grand_total"), "holdings_usd_bn_prior_series"] == 4533.6
    assert comp.loc[(pd.Period("2000-03", "M"), "grand_total"), "holdings_usd_bn_prior_series"] == 1252.1
    # the excerpt lacks the holders listed only in 2001-2010 / 2012-2024: schema follows the file
    fields = sd.describe("tic_major_foreign_holders", data_copy)["fields"]
    assert list(fields) == ["month", *tic.columns] and "vietnam" not in fields
    assert sd.describe("tic_major_foreign_holders", data_copy)["coverage"]["end"] == "2025-12"


# ---------------------------------------------------------------------------------------
# Bad responses leave the snapshot byte for byte untouched
# ---------------------------------------------------------------------------------------

GOOD = (FIX / "fred_A091RC1Q027SBEA.csv").read_bytes()
EXCERPT = (FIX / "mfhhis01_excerpt.txt").read_bytes()
HTML = (FIX / "fred_error_page.html").read_bytes()
BAD_REPLIES = {
    "short_body": (Reply(GOOD, mode="short_body"), "truncated"),
    "cut_mid_line": (Reply(GOOD[: GOOD.index(b"\n2000-01-01") + 6]), "has 1 fields: '2000-'"),
    "cut_at_line_end": (Reply(GOOD[: GOOD.index(b"\n2000-01-01")]), "shrink"),
    "html_200": (Reply(HTML, 200, "text/html; charset=utf-8"), "HTML"),
    "html_200_wrong_type": (Reply(HTML, 200, "text/csv"), "HTML"),
    "html_500": (Reply(HTML, 500, "text/html"), "HTTP 500"),
    "not_found": (None, "HTTP 404"),
    "wrong_series": (Reply(GOOD.replace(b"A091RC1Q027SBEA", b"GFDEBTN", 1)), "unexpected header"),
    "out_of_range": (Reply(GOOD.replace(b"2026-04-01,1234.567", b"2026-04-01,99999.0")), "validation"),
    "hang": (Reply(b"", mode="hang"), "timed out"),
}


@pytest.mark.parametrize("case", list(BAD_REPLIES))
def test_bad_response_leaves_snapshot_untouched(server, data_copy, case):
    reply, reason = BAD_REPLIES[case]
    if reply is not None:
        server.fred("A091RC1Q027SBEA", reply)
    before = digest(data_copy)
    t0 = time.monotonic()
    [res] = sd.refresh(["federal_interest_payments"], data_dir=data_copy, timeout=0.5)
    assert time.monotonic() - t0 < 3
    assert not res.ok
    assert reason in res.message and "\n" not in res.line()
    assert digest(data_copy) == before


@pytest.mark.parametrize(
    "reply, reason",
    [
        (Reply(b"", mode="hang"), "timed out"),
        (Reply(HTML, 200, "text/html"), "HTML"),
        (Reply(HTML, 500, "text/html"), "HTTP 500"),
        (Reply((FIX / "mfhhis01_excerpt.txt").read_bytes()[:2000], content_type="text/plain"), "truncated file?"),
        (Reply((FIX / "mfhhis01_excerpt.txt").read_bytes(), mode="short_body", content_type="text/plain"), "truncated"),
        # cut inside the oldest block, after its Grand Total: coverage would look complete
        (Reply(EXCERPT[: EXCERPT.rindex(b"Grand Total")], content_type="text/plain"), "2000 block ends before"),
        (Reply(EXCERPT.replace(b"\nGrand Total\t9271", b"\nGrand Total\t9,27x"), content_type="text/plain"), "not a number"),
    ],
)
def test_bad_tic_download_leaves_both_tic_files_untouched(server, data_copy, reply, reason):
    server.tic(reply)
    before = digest(data_copy)
    results = sd.refresh(["tic_series_break_comparison"], data_dir=data_copy, timeout=0.5)
    assert len(results) == 2 and not any(r.ok for r in results)
    assert all(reason in r.message for r in results)
    assert digest(data_copy) == before


def test_tic_file_cut_before_the_oldest_block_is_refused_as_shrinking(server, data_copy):
    text = (FIX / "mfhhis01_excerpt.txt").read_text()
    cut = text[: text.index("\t\t\t\t\t\t\t\t\t\tSeries 6/")]  # lose the year-2000 block
    server.tic(Reply(cut.encode(), content_type="text/plain"))
    before = digest(data_copy)
    results = sd.refresh(["tic_major_foreign_holders"], data_dir=data_copy, timeout=5)
    assert not any(r.ok for r in results) and all("shrink" in r.message for r in results)
    assert digest(data_copy) == before


def test_derived_file_fails_cleanly_when_one_input_fails(server, data_copy):
    serve_debt_series(server)
    server.fred("FDHBFIN", Reply(HTML, 500, "text/html"))
    before = digest(data_copy)
    [res] = sd.refresh(["federal_debt_holders"], data_dir=data_copy, timeout=5)
    assert not res.ok and "HTTP 500" in res.message and "FDHBFIN" in res.message
    assert digest(data_copy) == before


def test_unknown_name_is_rejected_before_any_download(server, data_copy):
    with pytest.raises(ValueError, match="valid names"):
        sd.refresh(["federal_interest_payments", "nope"], data_dir=data_copy)
    assert server.hits == []


# ---------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------


def test_cli_reports_one_line_per_resource_and_exits_non_zero(server, data_copy, capsys):
    server.fred("A091RC1Q027SBEA", Reply(HTML, 500, "text/html"))
    server.fred("DGS5", Reply(b"", mode="hang"))
    before = digest(data_copy)
    code = sd.main(["refresh", "federal_interest_payments", "treasury_yields_daily_extra", "--timeout", "0.5",
                    "--data-dir", str(data_copy)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert len(err) == 2
    assert err[0].startswith("FAIL federal_interest_payments: HTTP 500")
    assert err[1].startswith("FAIL treasury_yields_daily_extra: timed out after 0.5 s")
    assert digest(data_copy) == before


def test_cli_success_and_unknown_name(server, data_copy, capsys):
    server.fred("A091RC1Q027SBEA", Reply(GOOD))
    assert sd.main(["refresh", "federal_interest_payments", "--data-dir", str(data_copy)]) == 0
    assert capsys.readouterr().out.startswith("ok   federal_interest_payments: 270 rows, 1959Q1..2026Q2")
    assert sd.main(["refresh", "bogus", "--data-dir", str(data_copy)]) == 2
    assert "valid names" in capsys.readouterr().err


def test_python_dash_m_entry_point(server, data_copy):
    server.fred("A091RC1Q027SBEA", Reply(HTML, 500, "text/html"))
    before = digest(data_copy)
    env = {"SELLOFF_FRED_URL": f"http://127.0.0.1:{server.port}/fred/fredgraph.csv", "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [sys.executable, "-m", "selloff.data", "refresh", "federal_interest_payments", "--timeout", "2",
         "--data-dir", str(data_copy)],
        capture_output=True, text=True, timeout=30, env=env,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip() == (
        f"FAIL federal_interest_payments: HTTP 500 Internal Server Error from "
        f"http://127.0.0.1:{server.port}/fred/fredgraph.csv?id=A091RC1Q027SBEA"
    )
    assert digest(data_copy) == before


# ---------------------------------------------------------------------------------------
# Faults (issue 8): the pack stays byte-identical, or becomes the whole new pack
# ---------------------------------------------------------------------------------------

PACK_FILES = sorted(p.name for p in DATA.iterdir())


def fresh_copy(tmp_path: Path, name: str) -> Path:
    dst = tmp_path / name / "data"
    shutil.copytree(DATA, dst)
    return dst


def test_one_series_cut_short_at_a_line_end_is_refused(server, data_copy):
    """The union of dates still reaches 2026-07-22, but the 10-year series alone stops in mid-2015."""
    serve_daily_yields(server)
    body = server.routes["/fred/fredgraph.csv?id=DGS10"].body
    server.fred("DGS10", Reply(body[: body.index(b"\n2015-07-01") + 1]))
    before = digest(data_copy)
    [res] = sd.refresh(["treasury_yields_daily"], data_dir=data_copy, timeout=5)
    assert not res.ok
    assert "refusing to shrink column 'dgs10' (FRED:DGS10) from 2007-01-02..2026-07-22 to 2007-01-02..2015-06-30" in res.message
    assert digest(data_copy) == before


def test_a_cut_input_of_the_debt_table_is_refused(server, data_copy):
    serve_debt_series(server)
    body = server.routes["/fred/fredgraph.csv?id=FDHBFIN"].body
    server.fred("FDHBFIN", Reply(body[: body.index(b"\n2015-07-01") + 1]))
    before = digest(data_copy)
    [res] = sd.refresh(["federal_debt_holders"], data_dir=data_copy, timeout=5)
    assert not res.ok and "refusing to shrink column 'foreign_holdings_fdhbfin_bn' (FRED:FDHBFIN)" in res.message
    assert digest(data_copy) == before


def test_a_rejected_tic_table_leaves_its_pair_and_the_descriptor_untouched(server, data_copy):
    server.tic(Reply(EXCERPT.replace(b"\nGrand Total\t9271", b"\nGrand Total\t-9271"), content_type="text/plain"))
    before = digest(data_copy)
    results = sd.refresh(["tic_series_break_comparison"], data_dir=data_copy, timeout=5, allow_shrink=True)
    by_name = {r.name: r for r in results}
    assert "'grand_total'" in by_name["tic_major_foreign_holders"].message
    assert "outside the allowed range" in by_name["tic_major_foreign_holders"].message
    assert by_name["tic_series_break_comparison"].message.startswith(
        "not applied, the refresh is all or nothing: tic_major_foreign_holders failed")
    assert not any(r.ok for r in results)
    assert digest(data_copy) == before


def test_one_failure_fails_the_whole_refresh(server, data_copy):
    server.fred("A091RC1Q027SBEA", Reply(GOOD))
    serve_new_series(server, "policy_rates_daily")
    server.fred("IORB", Reply(HTML, 500, "text/html"))
    before = digest(data_copy)
    results = sd.refresh(["federal_interest_payments", "policy_rates_daily"], data_dir=data_copy, timeout=5)
    assert [r.ok for r in results] == [False, False]
    assert "not applied" in results[0].message and "HTTP 500" in results[1].message
    assert digest(data_copy) == before


def _tic_refresh(folder: Path) -> list:
    return sd.refresh(["tic_major_foreign_holders"], data_dir=folder, timeout=10, allow_shrink=True)


@pytest.fixture
def new_pack(server, tmp_path) -> dict[str, str]:
    """What a clean TIC refresh (two files and the descriptor) makes of the pack."""
    server.tic(Reply(EXCERPT, content_type="text/plain"))
    ref = fresh_copy(tmp_path, "reference")
    assert all(r.ok for r in _tic_refresh(ref))
    return digest(ref)


# Every file-system step of a refresh's writing and swapping: the fault is injected at the n-th of them.
STEPS = [(os, "replace"), (os, "fsync"), (os, "unlink"), (os, "link"), (os, "mkdir"), (os, "rmdir"),
         (_journal, "write_file")]


def inject(monkeypatch: pytest.MonkeyPatch, fail_at: int, fault) -> dict[str, int]:
    calls = {"n": 0}
    for owner, attr in STEPS:
        real = getattr(owner, attr)

        def wrapped(*args, _real=real, **kwargs):
            calls["n"] += 1
            if calls["n"] == fail_at:
                fault()
            return _real(*args, **kwargs)

        monkeypatch.setattr(owner, attr, wrapped)
    return calls


def test_an_error_at_any_step_leaves_the_pack_unchanged(server, tmp_path, monkeypatch, new_pack):
    """os.replace, fsync, unlink, link, mkdir, rmdir or a write failing (full disk) at step n = 1, 2, ...:
    the refresh fails with one line and the folder is byte-identical, or (a fault in the final clean-up)
    it succeeded and the folder is exactly the new pack."""
    def full_disk():
        raise OSError(errno.ENOSPC, "No space left on device")

    failed_at = []
    for n in range(1, 200):
        folder = fresh_copy(tmp_path, f"n{n}")
        before = digest(folder)
        with monkeypatch.context() as m:
            calls = inject(m, n, full_disk)
            results = _tic_refresh(folder)
        if calls["n"] < n:
            break  # every step has had its fault
        assert all("\n" not in r.line() for r in results)
        if all(r.ok for r in results):
            assert digest(folder) == new_pack, n
        else:
            assert not any(r.ok for r in results), n
            assert "No space left on device" in results[0].message, (n, results[0].message)
            assert digest(folder) == before, (n, results[0].message)
            failed_at.append(n)
    else:
        pytest.fail("the refresh never completed")
    assert len(failed_at) >= 10  # staging, journal and every rename were hit


CRASHING_CHILD = """
import os, sys
import selloff.data as sd
from selloff.data import _journal
fail_at, calls = int(sys.argv[2]), [0]
for owner, attr in [(os, "replace"), (os, "fsync"), (os, "unlink"), (_journal, "write_file")]:
    real = getattr(owner, attr)
    def wrapped(*args, _real=real, **kwargs):
        calls[0] += 1
        if calls[0] == fail_at:
            os._exit(17)  # the process dies here: no except, no finally
        return _real(*args, **kwargs)
    setattr(owner, attr, wrapped)
results = sd.refresh(["tic_major_foreign_holders"], data_dir=sys.argv[1], timeout=10, allow_shrink=True)
sys.exit(0 if all(r.ok for r in results) else 1)
"""


def test_a_crash_at_any_step_leaves_the_old_pack_or_the_new_one(server, tmp_path, new_pack):
    """A process killed between any two steps (renames, fsyncs, writes, unlinks): the next load()
    sees the whole old pack or the whole new one, and `recover` removes what the dead refresh left."""
    old = digest(DATA)
    outcomes = []
    for n in range(1, 200):
        folder = fresh_copy(tmp_path, f"n{n}")
        proc = subprocess.run([sys.executable, "-c", CRASHING_CHILD, str(folder), str(n)],
                              capture_output=True, text=True, timeout=60, env=dict(os.environ))
        if proc.returncode == 0:
            break
        assert proc.returncode == 17, proc.stderr[-2000:]
        for name in ALL_NAMES:
            sd.load(name, data_dir=folder)  # completes an interrupted swap, or sees the old pack
        pack = {k: v for k, v in digest(folder).items() if k in PACK_FILES}
        assert pack in ({k: old[k] for k in PACK_FILES}, {k: new_pack[k] for k in PACK_FILES}), n
        outcomes.append("new" if pack == {k: new_pack[k] for k in PACK_FILES} else "old")
        sd.recover(data_dir=folder)
        assert sorted(digest(folder)) == PACK_FILES, n  # no journal, no staging folder left
    else:
        pytest.fail("the refresh never completed")
    assert "old" in outcomes and "new" in outcomes


ALL_NAMES = [r["name"] for r in json.loads((DATA / "datapackage.json").read_text())["resources"]]


def test_load_refuses_when_an_interrupted_swap_cannot_be_completed(data_copy, monkeypatch):
    (data_copy / _journal.JOURNAL).write_text(json.dumps({"staging": ".refresh-staging-x", "moves": []}))

    def read_only(directory):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(_journal, "complete", read_only)
    with pytest.raises(sd.DataError, match="interrupted refresh .* cannot be changed .*python -m selloff.data recover"):
        sd.load("federal_interest_payments", data_dir=data_copy)


def test_a_journal_pointing_outside_the_pack_is_not_followed(data_copy):
    (data_copy / _journal.JOURNAL).write_text(json.dumps({"staging": "../../etc", "moves": [{"name": "x", "sha256": "0"}]}))
    with pytest.raises(sd.DataError, match="names files outside the data pack"):
        sd.load("federal_interest_payments", data_dir=data_copy)


def test_two_refreshes_at_once_cannot_interleave(server, data_copy):
    """Threads here; flock is per open file, so separate processes are excluded the same way
    (test_a_refresh_in_another_process_holds_the_lock)."""
    server.fred("A091RC1Q027SBEA", Reply(GOOD, mode="delay"))
    serve_new_series(server, "policy_rates_daily")
    first: dict[str, list] = {}
    worker = threading.Thread(target=lambda: first.update(r=sd.refresh(["federal_interest_payments"], data_dir=data_copy, timeout=10)))
    worker.start()
    while not server.hits:
        time.sleep(0.01)
    before = digest(data_copy)
    [second] = sd.refresh(["policy_rates_daily"], data_dir=data_copy, timeout=10)
    assert not second.ok and second.message.startswith("another refresh of this data pack is running; nothing changed")
    assert len(sd.load("federal_interest_payments", data_dir=data_copy)) == 269  # readers are not blocked
    assert digest(data_copy) == before
    worker.join(10)
    assert first["r"][0].ok, first["r"][0].message
    [again] = sd.refresh(["policy_rates_daily"], data_dir=data_copy, timeout=10)
    assert again.ok, again.message
    # both updates are in the descriptor
    assert sd.describe("federal_interest_payments", data_copy)["coverage"]["end"] == "2026Q2"
    assert "refreshed" in sd.describe("policy_rates_daily", data_copy)["coverage"]


def test_a_refresh_in_another_process_holds_the_lock(server, data_copy):
    server.fred("A091RC1Q027SBEA", Reply(b"", mode="hang"))
    child = subprocess.Popen([sys.executable, "-m", "selloff.data", "refresh", "federal_interest_payments",
                              "--timeout", "20", "--data-dir", str(data_copy)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=dict(os.environ))
    try:
        deadline = time.monotonic() + 30
        while not server.hits and time.monotonic() < deadline:
            time.sleep(0.02)
        assert server.hits, "the child never started its download"
        before = digest(data_copy)
        [res] = sd.refresh(["federal_interest_payments"], data_dir=data_copy, timeout=5)
        assert not res.ok and "another refresh of this data pack is running" in res.message
        assert digest(data_copy) == before
    finally:
        child.kill()
        child.wait(10)


def test_a_slow_drip_cannot_outrun_the_deadline(server, data_copy):
    server.fred("A091RC1Q027SBEA", Reply(GOOD, mode="drip"))  # 7 kB at 50 bytes/s: minutes
    before = digest(data_copy)
    t0 = time.monotonic()
    [res] = sd.refresh(["federal_interest_payments"], data_dir=data_copy, timeout=0.5)
    assert time.monotonic() - t0 < 1.5
    assert not res.ok and res.message.startswith("timed out after 0.5 s (the refresh's overall deadline)")
    assert digest(data_copy) == before


def test_the_deadline_covers_every_download_together(server, data_copy):
    """Three downloads of 0.3 s each: each alone fits in 0.5 s, together they do not."""
    serve_daily_yields(server)
    for sid in ("DGS3MO", "DGS2", "DGS10"):
        server.routes[f"/fred/fredgraph.csv?id={sid}"].mode = "delay"
    before = digest(data_copy)
    t0 = time.monotonic()
    [res] = sd.refresh(["treasury_yields_daily"], data_dir=data_copy, timeout=0.5)
    assert time.monotonic() - t0 < 1.2
    assert not res.ok and "timed out after 0.5 s" in res.message
    assert digest(data_copy) == before


@pytest.mark.parametrize("bad", [math.inf, -math.inf, 0, 0.0, -1, math.nan, 1e9, True, "5", None])
def test_odd_timeouts_are_rejected_before_anything_happens(server, data_copy, bad):
    server.fred("A091RC1Q027SBEA", Reply(GOOD))
    before = digest(data_copy)
    with pytest.raises(ValueError, match=r"timeout must be a (finite )?number of seconds"):
        sd.refresh(["federal_interest_payments"], data_dir=data_copy, timeout=bad)
    assert server.hits == [] and digest(data_copy) == before


@pytest.mark.parametrize("bad", ["inf", "0", "-1", "nan", "1e9", "soon"])
def test_cli_rejects_odd_timeouts_in_one_line(server, data_copy, capsys, bad):
    before = digest(data_copy)
    code = sd.main(["refresh", "federal_interest_payments", "--timeout", bad, "--data-dir", str(data_copy)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 2 and len(err) == 1
    assert err[0] == f"error: --timeout must be a finite number of seconds, more than 0 and at most 86400; got {bad!r}"
    assert server.hits == [] and digest(data_copy) == before


def test_a_resource_path_outside_the_pack_is_never_written(server, data_copy):
    outside = data_copy.parent / "outside.csv"
    outside.write_text("planted\n")
    pkg = json.loads((data_copy / "datapackage.json").read_text())
    next(r for r in pkg["resources"] if r["name"] == "federal_interest_payments")["path"] = "../outside.csv"
    (data_copy / "datapackage.json").write_text(json.dumps(pkg))
    server.fred("A091RC1Q027SBEA", Reply(GOOD))
    before = digest(data_copy)
    [res] = sd.refresh(["federal_interest_payments"], data_dir=data_copy, timeout=5)
    assert not res.ok and "leaves the data pack" in res.message and "nothing changed" in res.message
    assert outside.read_text() == "planted\n" and digest(data_copy) == before


def test_stray_files_of_a_dead_refresh_are_removed_by_the_next_one(server, data_copy):
    (data_copy / ".refresh-staging-dead1").mkdir()
    (data_copy / ".refresh-staging-dead1" / "x.csv").write_text("x")
    (data_copy / (_journal.JOURNAL + ".dead1")).write_text("{}")
    assert len(sd.load("federal_interest_payments", data_dir=data_copy)) == 269  # readers ignore them
    server.fred("A091RC1Q027SBEA", Reply(GOOD))
    [res] = sd.refresh(["federal_interest_payments"], data_dir=data_copy, timeout=5)
    assert res.ok, res.message
    assert sorted(p.name for p in data_copy.iterdir()) == PACK_FILES


def test_readers_during_swaps_see_the_old_pack_or_the_new_one(server, data_copy):
    """A reader loading in a loop while refreshes swap files in never gets a mix (or a false alarm)."""
    versions = [GOOD, GOOD.replace(b"2026-04-01,1234.567", b"2026-04-01,1234.568")]
    seen: set[float] = set()
    errors: list[BaseException] = []
    stop = threading.Event()

    def reader():
        while not stop.is_set():
            try:
                seen.add(float(sd.load("federal_interest_payments", data_dir=data_copy).iloc[-1, -1]))
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
                return

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for i in range(4):
            server.fred("A091RC1Q027SBEA", Reply(versions[i % 2]))
            [res] = sd.refresh(["federal_interest_payments"], data_dir=data_copy, timeout=5)
            assert res.ok, res.message
    finally:
        stop.set()
        thread.join(10)
    assert not errors, errors[0]
    assert seen <= {1218.938, 1234.567, 1234.568} and len(seen) >= 2
