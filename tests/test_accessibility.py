"""Accessibility of every built page, in light and dark colour schemes, checked with axe-core.

axe-core comes from npm (pinned in package.json, a devDependency: it is injected into the page by this test
and never copied into the site). Each page is opened from disk in Debian's chromium (headless, Playwright),
with the browser's colour scheme set to light or dark (the theme follows it: ``default_mode: auto``); once
MathJax has typeset and the static widgets have rendered, axe runs on the whole document with its default
rules (WCAG 2.x A/AA and best practices).

Goal: no critical and no serious violation anywhere on a page, the widget controls included (the widget
runtime names its slider handles and announces selection labels: ``_ext/widgets/``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_book_sources import toc_entries

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
LOCAL_SCHEMES = ("file:", "data:", "blob:")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
TIMEOUT_MS = 60_000  # generous: the machine running CI may be loaded
SCHEMES = ("light", "dark")
FAILING_IMPACTS = ("critical", "serious")
# Every page the build writes for a reader (index.html only redirects to the root page).
PAGES = [*toc_entries(), "genindex", "search"]
WIDGET_ROOT = ".widget-subarea, .jupyter-widgets, .cell_output .widget-box"

# Runs axe and returns its violations as plain data, each node marked when it lies inside a widget.
RUN_AXE_JS = """async (widgetRoot) => {
  const results = await axe.run(document, {resultTypes: ['violations']});
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => {
      const el = n.target.length === 1 ? document.querySelector(n.target[0]) : null;
      return {target: n.target.join(' '), html: n.html.slice(0, 160), impact: n.impact,
              inWidget: !!(el && el.closest(widgetRoot)), summary: (n.failureSummary || '').slice(0, 300)};
    }),
  }));
}"""


@pytest.fixture(scope="module")
def browser():
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS} is missing: run `npm ci` (or `make npm`) first", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def audit(browser, path: Path, scheme: str) -> list[dict]:
    """axe's violations on one page in one colour scheme (after maths and widgets have rendered)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    # Only the site itself: anything else would be a different page from the one a reader gets offline.
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(LOCAL_SCHEMES)
                  else route.abort())
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(path.resolve().as_uri(), wait_until="load")
        page.wait_for_load_state("networkidle")
        page.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise ? "
                      "MathJax.startup.promise.then(() => true) : true")
        views = page.locator(f"script[type='{WIDGET_VIEW}']").count()
        if views:
            page.wait_for_function(f"() => document.querySelectorAll('.widget-subarea').length >= {views}")
        page.wait_for_timeout(300)
        shown = page.evaluate("document.documentElement.dataset.theme")
        assert shown == scheme, f"{path.name}: the theme shows {shown!r} in a {scheme} browser"
        page.add_script_tag(path=str(AXE_JS))
        return page.evaluate(RUN_AXE_JS, WIDGET_ROOT)
    finally:
        context.close()


def failing(violations: list[dict]) -> list[str]:
    """The critical/serious findings, one line per node (marked when the node lies in a widget)."""
    lines = []
    for v in violations:
        for n in v["nodes"]:
            impact = n["impact"] or v["impact"]
            if impact in FAILING_IMPACTS:
                where = " [widget]" if n["inWidget"] else ""
                lines.append(f"{impact} {v['id']}{where} ({v['help']}): {n['target']}  {n['html']}")
    return lines


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("entry", PAGES)
def test_page_has_no_critical_or_serious_violation(built_book, browser, entry, scheme):
    path = built_book / f"{entry}.html"
    violations = audit(browser, path, scheme)
    own = failing(violations)
    minor = sorted({f"{v['impact']} {v['id']}" for v in violations if v["impact"] not in FAILING_IMPACTS})
    print(f"{entry}.html ({scheme}): {len(own)} critical/serious, other rules: {minor or 'none'}")
    assert not own, f"{entry}.html ({scheme}): axe-core found {len(own)} critical/serious:\n" + "\n".join(own)
