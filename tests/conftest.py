"""Shared pytest set-up: the --slow option, the browser precondition and the ``built_book`` fixture.

* ``@pytest.mark.slow`` tests run only with ``pytest --slow`` or when ``CI=true``.
* ``@pytest.mark.browser`` tests need Debian's chromium at ``/usr/bin/chromium``: without it they are
  skipped on a developer's machine and fail in CI.
* ``built_book`` builds the HTML book with the same command as ``make book`` when it is missing or
  older than its sources, and fails the test with the build log's tail on any error or warning.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUILD_DIR = ROOT / "_build"
HTML_DIR = BUILD_DIR / "html"
# Written (by this fixture and by `make book`) after a build that finished with no error and no warning.
BUILD_STAMP = BUILD_DIR / ".book-ok"
CHROMIUM = Path("/usr/bin/chromium")
# Everything a build reads: when one of these is newer than the last good build, the book is rebuilt.
SOURCE_GLOBS = ["book/**/*", "_toc.yml", "_config.yml", "references.bib", "src/selloff/**/*.py", "data/*",
                "_ext/*.py", "_ext/widgets/*", "_ext/static/*", "package-lock.json"]
# What the notebooks import or read: a change to one of these invalidates the execution cache.
EXECUTION_INPUTS = ["src/selloff/**/*.py", "data/*"]
# What changes pages without changing their sources: Sphinx must re-write every page.
PAGE_INPUTS = ["_ext/*.py", "_ext/widgets/*", "_ext/static/*", "package-lock.json"]
LOG_TAIL_LINES = 60
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


# --- the --slow option and the slow / browser markers ---------------------------------------------

def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", default=False,
                     help="run the tests marked slow (they always run when CI=true)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow") or in_ci():
        return
    skip_slow = pytest.mark.skip(reason="slow test: run it with `pytest --slow` (or CI=true)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip_slow)


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.get_closest_marker("browser") is None or CHROMIUM.is_file():
        return
    message = f"{CHROMIUM} is missing: install Debian's browser with `apt-get install chromium`"
    if in_ci():
        pytest.fail(f"browser test cannot run in CI: {message}", pytrace=False)
    pytest.skip(message)


# --- the built book -------------------------------------------------------------------------------

def source_files() -> list[Path]:
    files: list[Path] = []
    for pattern in SOURCE_GLOBS:
        files.extend(p for p in ROOT.glob(pattern) if p.is_file() and ".ipynb_checkpoints" not in p.parts)
    return files


def stale_sources() -> list[Path]:
    """Sources newer than the last good build (all of them when there is none)."""
    if not BUILD_STAMP.is_file() or not (HTML_DIR / "index.html").is_file():
        return source_files()
    built = BUILD_STAMP.stat().st_mtime
    return [p for p in source_files() if p.stat().st_mtime > built]


def build_book() -> tuple[bool, str]:
    """Run ``jupyter-book build . -W -n --keep-going``; return (clean, log)."""
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    if not jupyter_book.is_file():
        pytest.fail(f"{jupyter_book} not found: install requirements-dev.txt into this interpreter's venv",
                    pytrace=False)
    # jupyter-cache re-executes a notebook only when the notebook's code changes; a change to the
    # package or the data it imports must re-execute every chapter too.
    stamp = BUILD_STAMP.stat().st_mtime if BUILD_STAMP.is_file() else None
    code_and_data = [p for pattern in EXECUTION_INPUTS for p in ROOT.glob(pattern) if p.is_file()]
    if stamp is None or any(p.stat().st_mtime > stamp for p in code_and_data):
        shutil.rmtree(BUILD_DIR / ".jupyter_cache", ignore_errors=True)
        # Sphinx re-reads (so re-executes) only pages whose source changed: drop its environment too.
        shutil.rmtree(BUILD_DIR / ".doctrees", ignore_errors=True)
    page_inputs = [p for pattern in PAGE_INPUTS for p in ROOT.glob(pattern) if p.is_file()]
    if stamp is None or any(p.stat().st_mtime > stamp for p in page_inputs):
        shutil.rmtree(BUILD_DIR / ".doctrees", ignore_errors=True)
    if not BUILD_STAMP.is_file():
        # The last build failed, or is of unknown outcome. Sphinx reports a page's warnings only when it
        # reads the page, so an incremental build after a failed one would read nothing and pass.
        # Dropping its environment makes it re-read every page (the notebooks' outputs still come from
        # the execution cache in _build/.jupyter_cache, so nothing is re-executed for that).
        shutil.rmtree(BUILD_DIR / ".doctrees", ignore_errors=True)
    BUILD_STAMP.unlink(missing_ok=True)
    proc = subprocess.run([str(jupyter_book), "build", ".", "-W", "-n", "--keep-going"], cwd=ROOT,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          env={**os.environ, "PYTHONUNBUFFERED": "1"})
    log = ANSI.sub("", proc.stdout)
    # Sphinx's own "WARNING:"/"ERROR:" lines (a kernel's "[IPKernelApp] WARNING | ..." log is not one).
    warned = re.search(r"(?:^|\s)(?:WARNING|ERROR|CRITICAL):|build finished with problems", log, re.MULTILINE)
    clean = proc.returncode == 0 and warned is None
    if clean:
        BUILD_STAMP.touch()
    return clean, log


@pytest.fixture(scope="session")
def built_book() -> Path:
    """Path to ``_build/html``, (re)built when missing or older than any source file."""
    stale = stale_sources()
    if stale:
        clean, log = build_book()
        if not clean:
            tail = "\n".join(log.splitlines()[-LOG_TAIL_LINES:])
            pytest.fail(f"`jupyter-book build . -W -n --keep-going` failed or warned; log tail:\n{tail}",
                        pytrace=False)
    return HTML_DIR


# --- measurements in the closing summary -----------------------------------------------------------

_MEASURED: list[tuple[str, str, object]] = []
REPORTED_PROPERTIES = {"html_bytes", "page_bytes", "browser_bytes", "screenshot_light", "screenshot_dark"}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when == "call":
        _MEASURED.extend((report.nodeid, k, v) for k, v in report.user_properties if k in REPORTED_PROPERTIES)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Page weights and screenshot paths (recorded with record_property), shown even without -s."""
    if not _MEASURED:
        return
    terminalreporter.section("book measurements")
    for nodeid, key, value in _MEASURED:
        shown = f"{value / 1e6:.2f} MB" if key.endswith("_bytes") else value
        terminalreporter.write_line(f"{nodeid.split('::', 1)[-1]}: {key} = {shown}")
