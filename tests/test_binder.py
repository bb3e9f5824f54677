"""What a student gets on Binder, on this machine: the pinned environment repo2docker installs
(binder/requirements.txt, with the Python of binder/runtime.txt) in a fresh virtualenv, a real JupyterLab
on 127.0.0.1, and Debian's chromium driving it with Playwright: every notebook in book/ is opened, run with
Run > Run All Cells and checked: every code cell ran, none shows an error; in each chapter, the first slider of every widget that
shows a figure is moved with the keyboard and the figure must change (the kernel redraws or switches frame).

Slow (a fresh virtualenv and a JupyterLab): runs with `pytest --slow` or CI=true. pip's cache is used, so
after the first run it installs from local wheels. Run-all seconds per notebook are printed at the end.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import time
import urllib.request
import venv
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from jupyterlab_driver import CELL_PROBLEMS_JS, DONE_JS, run_all_cells
from test_book_sources import chapter_entries

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
LOCK = BINDER / "requirements.txt"
NOTEBOOKS = sorted(p for p in (ROOT / "book").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
INSTALL_TIMEOUT_S = 1200
LAB_START_TIMEOUT_S = 180
RUN_ALL_TIMEOUT_MS = 1_800_000
FIGURE_CHANGE_TIMEOUT_MS = 120_000
CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = ROOT / "_build" / "screenshots"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)$")
# JupyterLab settings for the test: every cell in the page (no virtual scrolling, so that every prompt and
# output can be read), and no request for news or updates to jupyter.org.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}


# --- the files repo2docker reads ---------------------------------------------------------------------

def test_runtime_txt_pins_python():
    pin = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-(3)\.(\d+)", pin)
    assert match, f"binder/runtime.txt must pin Binder's Python as python-3.X, not {pin!r}"
    requires = re.search(r'requires-python\s*=\s*">=3\.(\d+)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    if requires:
        assert int(match.group(2)) >= int(requires.group(1)), f"{pin} is older than pyproject's requires-python"
    # With a binder/ folder, repo2docker ignores these files at the root: they would only mislead.
    assert not (ROOT / "runtime.txt").exists(), "runtime.txt belongs in binder/ (repo2docker reads only binder/)"


def lock_pins() -> dict[str, str]:
    pins, others = {}, []
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or line == "-e .":
            continue
        match = PIN.match(line)
        if match:
            pins[match.group(1).lower().replace("_", "-")] = match.group(2)
        else:
            others.append(line)
    assert not others, f"binder/requirements.txt holds lines that are not name==version: {others}"
    return pins


def test_binder_lock_satisfies_requirements_txt():
    """binder/requirements.txt installs the book's package and pins, within its range, each requirement."""
    lines = [line.strip() for line in LOCK.read_text(encoding="utf-8").splitlines()]
    assert "-e ." in lines, "binder/requirements.txt must install the book's package (-e .)"
    pins = lock_pins()
    problems = []
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        req = Requirement(line)
        name = req.name.lower().replace("_", "-")
        if name not in pins:
            problems.append(f"{req.name} is not pinned")
        elif not req.specifier.contains(pins[name], prereleases=True):
            problems.append(f"{req.name}=={pins[name]} is outside requirements.txt's {req.specifier}")
    if "jupyterlab" not in pins:
        problems.append("jupyterlab is not pinned (Binder opens the chapters in JupyterLab)")
    assert not problems, "binder/requirements.txt is out of date (run `make binder-lock`):\n" + "\n".join(problems)


# --- the environment ---------------------------------------------------------------------------------

def run(cmd: list[str], timeout: int, **kwargs) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout, **kwargs)
    if proc.returncode != 0:
        tail = "\n".join(proc.stdout.splitlines()[-60:])
        pytest.fail(f"`{' '.join(map(str, cmd))}` exited {proc.returncode}:\n{tail}", pytrace=False)
    return proc


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A fresh venv with binder/requirements.txt (and nothing else) installed, as repo2docker would."""
    home = tmp_path_factory.mktemp("binder")
    env_dir = home / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    bin_dir = env_dir / "bin"
    # Only the new environment: no variables pointing at the outer venv or user-wide Jupyter files.
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "JUPYTER_PATH",
                                                             "JUPYTER_DATA_DIR", "JUPYTER_CONFIG_DIR"}}
    env.update(PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}", VIRTUAL_ENV=str(env_dir),
               JUPYTER_PATH=str(env_dir / "share" / "jupyter"), JUPYTER_DATA_DIR=str(home / "jupyter-data"),
               JUPYTER_CONFIG_DIR=str(home / "jupyter-config"), JUPYTER_RUNTIME_DIR=str(home / "jupyter-runtime"),
               MPLBACKEND="Agg", PYTHONNOUSERSITE="1")
    # repo2docker runs this from the repository's root: `-e .` in the file is the repository.
    run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "-r", str(LOCK.relative_to(ROOT))],
        INSTALL_TIMEOUT_S, cwd=ROOT, env=env)
    # repo2docker registers the environment's kernel as python3; do the same inside the venv.
    run([str(bin_dir / "python"), "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3"], 300, env=env)
    specs = json.loads(run([str(bin_dir / "jupyter"), "kernelspec", "list", "--json"], 120, env=env).stdout)
    argv0 = specs["kernelspecs"]["python3"]["spec"]["argv"][0]
    assert Path(argv0).resolve().is_relative_to(env_dir.resolve()) or Path(argv0).parent == bin_dir, \
        f"the python3 kernel would not run in the fresh environment: {argv0}"
    return env_dir, env


@pytest.mark.slow
def test_binder_environment_is_the_lock(binder_env):
    """The fresh environment has the book's package from src/ and exactly the pinned versions."""
    env_dir, env = binder_env
    out = run([str(env_dir / "bin" / "python"), "-c", "import selloff, sys; print(selloff.__file__)"], 120,
              env=env, cwd=env_dir).stdout.strip()
    assert Path(out).resolve().is_relative_to((ROOT / "src").resolve()), f"selloff imported from {out}"
    frozen = run([str(env_dir / "bin" / "python"), "-m", "pip", "freeze", "--exclude-editable"], 120, env=env).stdout
    installed = {m.group(1).lower().replace("_", "-"): m.group(2)
                 for m in map(PIN.match, frozen.splitlines()) if m}
    pins = lock_pins()
    differ = [f"{name}: pinned {pins.get(name)}, installed {installed.get(name)}"
              for name in sorted(set(pins) | set(installed)) if pins.get(name) != installed.get(name)]
    assert not differ, "the environment is not the lock (run `make binder-lock`):\n" + "\n".join(differ)


# --- JupyterLab --------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def jupyterlab(binder_env, tmp_path_factory):
    """(base URL, token, root folder): JupyterLab serving a copy of book/ (saving must not touch the repo)."""
    env_dir, env = binder_env
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(ROOT / "book", root / "book", ignore=shutil.ignore_patterns(".ipynb_checkpoints"),
                    copy_function=shutil.copy)
    settings = env_dir / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "overrides.json").write_text(json.dumps(LAB_SETTINGS), encoding="utf-8")
    port, token = free_port(), secrets.token_hex(16)
    # The kernel draws inline, as in Binder (MPLBACKEND=Agg would keep plain figures from showing).
    env = {k: v for k, v in env.items() if k != "MPLBACKEND"}
    log_path = root.parent / "jupyterlab.log"
    with open(log_path, "w", encoding="utf-8") as log:
        proc = subprocess.Popen([str(env_dir / "bin" / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1",
                                 f"--port={port}", f"--IdentityProvider.token={token}",
                                 f"--ServerApp.root_dir={root}", *(["--allow-root"] if os.geteuid() == 0 else [])],
                                cwd=root, env=env, stdout=log,
                                stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + LAB_START_TIMEOUT_S
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                tail = "\n".join(log_path.read_text(encoding="utf-8").splitlines()[-40:])
                pytest.fail(f"JupyterLab did not start (exit {proc.poll()}):\n{tail}", pytrace=False)
            time.sleep(1)
        yield base, token, root
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def lab_browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        yield browser
        browser.close()


# Digests of the images shown in an element (a frame is an <img>: an Image widget's blob: URL, or a data:
# URL inside an HTML widget), so that a new frame is told apart from the same bytes shown again.
VISIBLE_IMAGES_JS = """async (root) => {
  const shown = [...root.querySelectorAll('img')]
    .filter(img => img.offsetParent !== null && img.getBoundingClientRect().width > 0);
  return Promise.all(shown.map(async img => {
    const bytes = await (await fetch(img.src)).arrayBuffer();
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    return [...digest.slice(0, 8)].map(b => b.toString(16).padStart(2, '0')).join('');
  }));
}"""
def move_first_slider(page, cell, name: str) -> list[str]:
    """Move the first slider of a cell's widget output one step; the figure shown must change."""
    handle = cell.locator(".jp-OutputArea .widget-slider .noUi-handle").first
    handle.scroll_into_view_if_needed()
    before = cell.evaluate(VISIBLE_IMAGES_JS)
    if not before:
        return [f"{name}: no figure shown before moving its slider"]
    at_end = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
    handle.focus()
    page.keyboard.press("ArrowLeft" if at_end else "ArrowRight")
    deadline = time.monotonic() + FIGURE_CHANGE_TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        page.wait_for_timeout(500)
        after = cell.evaluate(VISIBLE_IMAGES_JS)
        if after and after != before:
            return []
    return [f"{name}: moving its first slider did not change the figure in {FIGURE_CHANGE_TIMEOUT_MS // 1000} s"]


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_notebook_in_jupyterlab(jupyterlab, lab_browser, notebook, record_property):
    base, token, _ = jupyterlab
    rel = notebook.relative_to(ROOT).as_posix()
    context = lab_browser.new_context(viewport={"width": 1400, "height": 1000})
    # Nothing but this JupyterLab: a student's Binder must not depend on any other host either.
    outside: list[str] = []

    def only_jupyterlab(route):
        if route.request.url.startswith(base):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_jupyterlab)
    page = context.new_page()
    page.set_default_timeout(120_000)
    shot = SCREENSHOTS / f"jupyterlab-{notebook.stem}.png"
    try:
        page.goto(f"{base}/lab/tree/{rel}?token={token}")
        page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell").first.wait_for()
        t0 = run_all_cells(page)
        page.wait_for_function(DONE_JS, timeout=RUN_ALL_TIMEOUT_MS, polling=500)
        seconds = time.monotonic() - t0
        record_property("run_all_seconds", round(seconds, 1))
        print(f"{rel}: Run All Cells took {seconds:.1f} s")

        problems = [f"{rel}: {p}" for p in page.evaluate(CELL_PROBLEMS_JS)]
        dialog = page.locator(".jp-Dialog")
        if dialog.count():  # a modal dialog would also swallow the key presses below
            problems.append(f"{rel}: JupyterLab shows a dialog: {dialog.first.inner_text()[:300]!r}")
            page.keyboard.press("Escape")
        cells = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell"
                             ":has(.jp-OutputArea .widget-slider .noUi-handle):has(.jp-OutputArea img)")
        for i in range(cells.count()):
            prompt = cells.nth(i).locator(".jp-InputPrompt").inner_text().strip()
            problems += move_first_slider(page, cells.nth(i), f"{rel} cell {prompt}")
        print(f"{rel}: moved the first slider of {cells.count()} widget(s) with a figure")
        if rel.removesuffix(".ipynb") in chapter_entries() and cells.count() == 0:
            problems.append(f"{rel}: a chapter with no widget that has a slider and a figure")
        problems += [f"{rel}: requested from outside JupyterLab: {url}" for url in outside]
        if problems:
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot), full_page=False)
        assert not problems, "\n".join(problems) + f"\n(screenshot: {shot})"
    except Exception:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot))
        raise
    finally:
        context.close()
