"""The sellers' losses chapter in a real browser: its static widget (coalition x share sold) switches frames with no
kernel. Uses the browser fixtures and checks of ``test_browser``; skipped with them when the book is not built."""

from __future__ import annotations

import pytest

from test_browser import WIDGET_VIEW, browser, check_clean, check_widget, open_page, settle  # noqa: F401 (fixtures)

pytestmark = pytest.mark.browser

PAGE = "book/sellers_losses.html"


def test_the_coalition_widget_moves_without_a_kernel(built_book, open_page):
    path = built_book / PAGE
    assert path.exists(), f"{PAGE} was not built"
    assert WIDGET_VIEW in path.read_text(encoding="utf-8"), "the chapter saved no widget"
    page, visit = open_page(path)
    settle(page)
    page.wait_for_function("() => document.querySelectorAll('.widget-subarea').length >= 1")
    page.wait_for_timeout(500)
    # the static widget: a dropdown (coalition) and a slider (share sold) over a stack of frames
    widgets = page.locator(".widget-subarea").filter(has=page.locator(".widget-dropdown select"))
    assert widgets.count() >= 1, "no widget with a coalition dropdown rendered"
    widget = widgets.first
    assert widget.locator(".widget-slider").count() == 1
    assert widget.locator(".widget-dropdown select option").count() >= 5
    problems = check_widget(page, widget, PAGE)
    problems += check_clean(PAGE, visit)
    assert not problems, "\n".join(problems)
