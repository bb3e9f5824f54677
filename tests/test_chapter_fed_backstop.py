"""The chapter "Caveat 2: the Fed backstop" in a real browser, without a kernel: its explorer moves.

The stance drop-down and the inflation slider of the static explorer each switch the frame shown, every frame
names its stance and inflation gap in its alt text, and the page stays under the book's 3 MB page weight.
"""

from __future__ import annotations

import pytest

from test_browser import (VISIBLE_IMAGES_JS, browser, check_clean, check_widget, open_page,  # noqa: F401
                          static_widget_on, weight_of)

pytestmark = pytest.mark.browser

PAGE = "book/fed_backstop.html"
MAX_PAGE_BYTES = 3_000_000


def test_the_backstop_explorer_moves_without_a_kernel(built_book, open_page):  # noqa: F811
    page, visit, widget = static_widget_on(built_book, open_page, PAGE, "Inflation above target")
    assert widget.locator(".widget-dropdown select").count() == 1, "the Fed-stance drop-down is missing"
    assert widget.locator(".widget-slider").count() == 1, "the inflation slider is missing"
    problems = check_widget(page, widget, "backstop explorer")
    assert not problems, "\n".join(problems)

    shown = widget.evaluate(VISIBLE_IMAGES_JS)
    assert len(shown) == 1
    alt = widget.locator("img").first.get_attribute("alt") or ""
    assert "Fed stance" in alt and "inflation" in alt, alt
    select = widget.locator(".widget-dropdown select")
    select.select_option("off")
    page.wait_for_timeout(300)
    assert widget.evaluate(VISIBLE_IMAGES_JS) != shown, "choosing 'off' did not change the frame"
    assert not check_clean(PAGE, visit)
    assert weight_of(visit) <= MAX_PAGE_BYTES, f"{PAGE} weighs {weight_of(visit) / 1e6:.2f} MB"
