"""Accessibility fixes to the theme's and the extensions' HTML, found by axe-core (tests/test_accessibility.py).

* ``templates/``: two theme components whose ``aria-label`` did not contain their visible text (the search
  button, the colour-mode switch), overriding pydata-sphinx-theme's files of the same name;
* ``static/a11y.css``: link colour inside admonitions in light mode (contrast);
* in each page's body, before the theme's template is applied:
  - myst-nb's ``<summary aria-label="Toggle hidden content">`` over a hidden code cell shows "Show code cell
    source" but was named "Toggle hidden content": the label is dropped, so the summary is named by its
    visible text;
  - docutils writes the bibliography as ``<div role="list">`` of ``role="doc-biblioentry"`` items, a role
    deprecated in DPUB-ARIA 1.1 and not a list item, so the list had no items for assistive technology
    (axe: aria-required-children, critical): the entries become ``role="listitem"``;
  - a display equation's box takes keyboard focus (``tabindex="0"``), so that a wide one can be scrolled
    from the keyboard (axe: scrollable-region-focusable); ``a11y.css`` makes that box, not MathJax's
    container inside it, the one that scrolls.

The fixes are string replacements on known markup; the accessibility test fails if the markup changes and a
finding comes back.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

HERE = Path(__file__).resolve().parent
# (markup written by myst-nb 1.x / docutils 0.21, what it becomes)
BODY_FIXES = [
    ('<summary aria-label="Toggle hidden content">', "<summary>"),
    # docutils writes role="doc-biblioentry" on citations only, always inside <div role="list" class="citation-list">
    ('role="doc-biblioentry"', 'role="listitem"'),
    # a wide display equation scrolls sideways: the scrolling box (the div, see a11y.css) must take keyboard
    # focus so that it can be scrolled without a mouse (axe: scrollable-region-focusable)
    ('<div class="math notranslate nohighlight">', '<div class="math notranslate nohighlight" tabindex="0">'),
]


def add_paths(app: Sphinx, config: Config) -> None:
    """Our templates before the theme's, our CSS among the static files."""
    config.templates_path = [str(HERE / "templates"), *config.templates_path]
    config.html_static_path = [*config.html_static_path, str(HERE / "static")]


def fix_body(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    body = context.get("body")
    if not isinstance(body, str):
        return
    for old, new in BODY_FIXES:
        body = body.replace(old, new)
    context["body"] = body


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", add_paths)
    app.connect("html-page-context", fix_body)
    app.add_css_file("a11y.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
