"""The safe-asset chapter in a real browser, with no kernel: its static widget (kind of shock x size of the sale)
switches frames when the dropdown and the slider move, every frame has a text alternative, and the page stays within
its weight budget and loads nothing from outside the site."""

from __future__ import annotations

import pytest

from test_browser import WIDGET_VIEW, browser, check_clean, check_widget, open_page, settle, weight_of  # noqa: F401

pytestmark = pytest.mark.browser

PAGE = "book/safe_asset.html"
MAX_PAGE_MB = 3.0  # the chapter's page weight budget (brief: static widgets on a modest grid)
FRAMES = 6 * 5     # six shocks (kind, intensity) x five sale sizes


def test_the_shock_explorer_moves_without_a_kernel(built_book, open_page, record_property):
    path = built_book / PAGE
    assert path.is_file(), f"{PAGE} was not built"
    assert WIDGET_VIEW in path.read_text(encoding="utf-8"), "the page has no saved widget"
    page, visit = open_page(path)
    settle(page)
    page.wait_for_selector(".widget-subarea")
    page.wait_for_timeout(500)
    explorer = page.locator(".widget-subarea").filter(has=page.locator(".widget-dropdown select")).first
    assert explorer.count() == 1, "the shock explorer (a dropdown and a slider) did not render"
    assert explorer.locator("img").count() == FRAMES
    assert explorer.locator(".widget-slider").count() == 1
    problems = check_widget(page, explorer, f"{PAGE} shock explorer")
    problems += check_clean(PAGE, visit)
    weight = weight_of(visit)
    record_property("browser_bytes", weight)
    assert weight < MAX_PAGE_MB * 1e6, f"{PAGE} loads {weight / 1e6:.2f} MB, over {MAX_PAGE_MB} MB"
    assert not problems, "\n".join(problems)
