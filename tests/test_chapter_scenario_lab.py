"""The chapter "The scenario lab" in a real browser, without a kernel: the lab moves.

Both drop-downs of the static lab (who sells; the context and the Fed) switch the frame shown, every frame names its
sellers and context in its alt text and carries the verdict row, and the page stays under the book's 3 MB page weight.
"""

from __future__ import annotations

import pytest

from test_browser import (VISIBLE_IMAGES_JS, browser, check_clean, check_widget, open_page,  # noqa: F401
                          static_widget_on, weight_of)

pytestmark = pytest.mark.browser

PAGE = "book/scenario_lab.html"
MAX_PAGE_BYTES = 3_000_000


def test_the_static_lab_moves_without_a_kernel(built_book, open_page):  # noqa: F811
    page, visit, widget = static_widget_on(built_book, open_page, PAGE, "Context and Fed")
    selects = widget.locator(".widget-dropdown select")
    assert selects.count() == 2, "the lab needs its two drop-downs (who sells; context and Fed)"
    problems = check_widget(page, widget, "scenario lab")
    assert not problems, "\n".join(problems)

    first = widget.evaluate(VISIBLE_IMAGES_JS)
    assert len(first) == 1
    alt = widget.locator("img:visible").first.get_attribute("alt") or ""
    assert "EU-located holders" in alt and "US-centred" in alt and "pressure" in alt, alt

    selects.nth(1).select_option("US-centred, Fed backstop")
    page.wait_for_timeout(300)
    second = widget.evaluate(VISIBLE_IMAGES_JS)
    assert second != first, "choosing the Fed backstop did not change the frame"
    selects.nth(0).select_option("China")
    page.wait_for_timeout(300)
    third = widget.evaluate(VISIBLE_IMAGES_JS)
    assert third not in (first, second), "choosing China did not change the frame"
    alt = widget.locator("img:visible").first.get_attribute("alt") or ""
    assert "China" in alt and "Fed backstop" in alt, alt

    assert not check_clean(PAGE, visit)
    assert weight_of(visit) <= MAX_PAGE_BYTES, f"{PAGE} weighs {weight_of(visit) / 1e6:.2f} MB"
