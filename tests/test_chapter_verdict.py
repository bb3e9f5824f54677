"""The chapter "Verdict" in a real browser, without a kernel: its widget on the two deciding parameters moves.

The price-impact slider and the convenience-yield drop-down each switch the frame shown, and the frame's alt text
says how many scenarios reach the yardstick at that point; the page stays under the book's 3 MB page weight.
"""

from __future__ import annotations

import re

import pytest

from test_browser import browser, check_clean, check_widget, open_page, static_widget_on, weight_of  # noqa: F401

pytestmark = pytest.mark.browser

PAGE = "book/verdict.html"
MAX_PAGE_BYTES = 3_000_000
REACH = re.compile(r"(\d+) of (\d+) scenarios reach the yardstick")


def test_the_deciding_parameters_widget_moves_without_a_kernel(built_book, open_page):  # noqa: F811
    page, visit, widget = static_widget_on(built_book, open_page, PAGE, "convenience-yield loss")
    assert widget.locator(".widget-slider").count() == 1 and widget.locator(".widget-dropdown select").count() == 1
    alt = widget.locator("img:visible").first.get_attribute("alt") or ""
    found = REACH.search(alt)
    assert found and int(found[1]) <= int(found[2]), alt
    problems = check_widget(page, widget, "verdict: deciding parameters")
    problems += check_clean(PAGE, visit)
    assert not problems, "\n".join(problems)
    assert weight_of(visit) <= MAX_PAGE_BYTES, f"{PAGE} weighs {weight_of(visit) / 1e6:.2f} MB"
