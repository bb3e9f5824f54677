"""The safe-asset chapter in a real browser, with no kernel: its static widget (kind of shock x size of the sale)
switches frames when the dropdown and the slider move, every frame has a text alternative, all frames are saved with
the page, the page stays within the book's HTML budget and loads nothing from outside the site."""

from __future__ import annotations

import pytest

from test_browser import WIDGET_VIEW, browser, check_clean, check_widget, open_page, settle, weight_of  # noqa: F401
from test_built_book import MAX_HTML_BYTES

pytestmark = pytest.mark.browser

PAGE = "book/safe_asset.html"
FRAMES = 6 * 5     # six shocks (kind, intensity) x five sale sizes
# the start of each saved frame's <img alt=...>, as escaped in the widget state saved with the page
FRAME_ALT = 'alt=\\"Left: yield changes in basis points'


def test_the_shock_explorer_moves_without_a_kernel(built_book, open_page, record_property):
    path = built_book / PAGE
    assert path.is_file(), f"{PAGE} was not built"
    html = path.read_text(encoding="utf-8")
    assert WIDGET_VIEW in html, "the page has no saved widget"
    # every frame is saved with the page (the browser attaches only the one shown)
    assert html.count(FRAME_ALT) == FRAMES, f"expected {FRAMES} saved frames, found {html.count(FRAME_ALT)}"
    page, visit = open_page(path)
    settle(page)
    page.wait_for_selector(".widget-subarea")
    page.wait_for_timeout(500)
    explorer = page.locator(".widget-subarea").filter(has=page.locator(".widget-dropdown select")).first
    assert explorer.count() == 1, "the shock explorer (a dropdown and a slider) did not render"
    assert explorer.locator(".widget-slider").count() == 1
    problems = check_widget(page, explorer, f"{PAGE} shock explorer")
    problems += check_clean(PAGE, visit)
    record_property("browser_bytes", weight_of(visit))   # the page and the shared site assets it loads
    record_property("html_bytes", len(html.encode("utf-8")))
    assert len(html.encode("utf-8")) < MAX_HTML_BYTES, f"{PAGE} is over the book's HTML budget"
    assert not problems, "\n".join(problems)
