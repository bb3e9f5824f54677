"""The coalition game in a real JupyterLab (Debian's Chromium driven by Playwright), offline on this machine:
run every cell, then play a round with the live controls; the round's table and chart appear, and no cell
fails. It runs a copy of the notebook, so JupyterLab's autosave never writes outputs into book/."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from jupyterlab_driver import CELL_PROBLEMS_JS, DONE_JS, run_all_cells

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "book" / "coalition_game.ipynb"
TOKEN = "coalition-game-test"
TIMEOUT_MS = 180_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def jupyterlab(tmp_path):
    jupyter = Path(sys.executable).parent / "jupyter-lab"
    if not jupyter.is_file():
        pytest.fail(f"{jupyter} not found: install requirements-dev.txt (it has jupyterlab)", pytrace=False)
    shutil.copy(NOTEBOOK, tmp_path / NOTEBOOK.name)
    port = free_port()
    log = open(tmp_path / "jupyterlab.log", "w")
    server = subprocess.Popen(
        [str(jupyter), "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
         f"--ServerApp.token={TOKEN}", f"--ServerApp.root_dir={tmp_path}", "--ServerApp.allow_root=True",
         "--LabApp.news_url=", "--LabServerApp.announcements_url=", "--ServerApp.disable_check_xsrf=False"],
        stdout=log, stderr=subprocess.STDOUT, cwd=tmp_path)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={TOKEN}", timeout=2)
                break
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not start in 60 s", pytrace=False)
        if server.poll() is not None:
            pytest.fail(f"JupyterLab exited: {(tmp_path / 'jupyterlab.log').read_text()[-2000:]}", pytrace=False)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def test_the_game_runs_in_jupyterlab_and_a_round_can_be_played(jupyterlab):
    from playwright.sync_api import sync_playwright

    local = ("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")
    outside: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})

            def offline(route):
                if route.request.url.startswith(local):
                    return route.continue_()
                outside.append(route.request.url)
                return route.abort()

            page.route("**/*", offline)
            page.goto(f"{jupyterlab}/lab/tree/{NOTEBOOK.name}?token={TOKEN}", timeout=TIMEOUT_MS)
            page.set_default_timeout(TIMEOUT_MS)
            page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell").first.wait_for()
            # Run All only once the kernel is connected (a click before that does nothing), and wait until no
            # cell is running or queued and the kernel is idle.
            run_all_cells(page)
            page.wait_for_function(DONE_JS, timeout=TIMEOUT_MS, polling=500)
            problems = page.evaluate(CELL_PROBLEMS_JS)
            assert not problems, problems
            toggles = page.locator(".jp-OutputArea .widget-toggle-buttons")
            # the widget views render just after their cell has run: give them a moment
            page.wait_for_function("() => document.querySelectorAll('.jp-OutputArea .widget-toggle-buttons').length"
                                   " === 5", timeout=30_000)
            toggles.nth(0).get_by_role("button", name="sell").click()
            page.get_by_role("button", name="Play round").click()
            page.get_by_text("Round 4, 1 of 5 sell", exact=False).first.wait_for(timeout=TIMEOUT_MS)
            widget_output = page.locator(".jp-OutputArea .widget-output")
            widget_output.locator("table").first.wait_for(timeout=TIMEOUT_MS)
            widget_output.locator("img").first.wait_for(timeout=TIMEOUT_MS)
            assert "US government (extra interest)" in widget_output.inner_text()
            assert page.locator('[data-mime-type="application/vnd.jupyter.error"]').count() == 0
        finally:
            browser.close()
    assert not outside, f"JupyterLab asked for files from elsewhere: {sorted(set(outside))[:5]}"
