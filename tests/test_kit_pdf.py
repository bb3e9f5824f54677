"""The PDF of the book (tools/kit/pdf.py, `make pdf`): it builds from the HTML book, offline, and has every
page of `_toc.yml`, in order, with the widgets' default frames; the front page links to it."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest

from conftest import BUILD_STAMP
from tools.kit.pdf import PUBLISHED_NAME, WIDGET_VIEW, page_count, pages_in_order, pdf_text, print_pdf
from tools.kit.toc import ROOT, toc_files

pytestmark = pytest.mark.browser
MADE_PDF = ROOT / "_build" / "pdf" / PUBLISHED_NAME


def first_heading(page: Path) -> str:
    """The page's title as printed: its first <h1>, without tags or the heading's link sign."""
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page.read_text(encoding="utf-8"), re.DOTALL)
    assert match, f"{page.name} has no <h1>"
    text = html.unescape(re.sub(r"<[^>]+>", "", match[1])).replace("#", "")
    return " ".join(text.split())


@pytest.fixture(scope="module")
def book_pdf(built_book, tmp_path_factory) -> Path:
    """`make pdf`'s PDF when it is newer than the HTML build (CI makes it first), else printed afresh."""
    if MADE_PDF.is_file() and MADE_PDF.stat().st_mtime > BUILD_STAMP.stat().st_mtime:
        return MADE_PDF
    out = tmp_path_factory.mktemp("pdf") / PUBLISHED_NAME
    print_pdf(built_book, out)
    return out


def test_pdf_has_every_page_of_the_toc_in_order(built_book, book_pdf):
    pages = pages_in_order(built_book)
    assert len(pages) == len(toc_files())
    text = " ".join(pdf_text(book_pdf).split())
    position = 0
    for page in pages:
        title = first_heading(page)
        found = text.find(title, position)
        assert found >= 0, f"{page.name}: its title {title!r} is not in the PDF after the previous page's"
        position = found + len(title)
    assert page_count(book_pdf) >= 2 * len(pages)


def test_pdf_shows_the_widgets_default_frames_not_their_fallback(built_book, book_pdf):
    text = " ".join(pdf_text(book_pdf).split())
    assert "This figure is interactive" not in text   # the no-JavaScript note: widgets rendered instead
    views = sum(p.read_text(encoding="utf-8").count(WIDGET_VIEW) for p in pages_in_order(built_book))
    images = subprocess.run(["pdfimages", "-list", str(book_pdf)], check=True, capture_output=True,
                            text=True).stdout.splitlines()[2:]
    assert views > 0 and len(images) >= views


def test_front_page_links_to_the_pdf(built_book):
    intro = built_book / f"{toc_files()[0]}.html"
    links = re.findall(r'href="([^"]*\.pdf)"', intro.read_text(encoding="utf-8"))
    assert links, "the front page does not link to the PDF"
    assert all((intro.parent / link).resolve() == (built_book / PUBLISHED_NAME).resolve() for link in links)
