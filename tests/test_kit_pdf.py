"""The PDF of the book (tools/kit/pdf.py, `make pdf`): it builds from the HTML book, offline, and has every
page of `_toc.yml`, in order, with the widgets' default frames; the front page and the instructor's guide link to
it, and the link works after the documented commands (`make book`, then `make pdf`)."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest

from conftest import BUILD_STAMP
from tools.kit.__main__ import main as kit
from tools.kit.pdf import PUBLISHED_NAME, WIDGET_VIEW, page_count, pages_in_order, pdf_text
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
def book_pdf(built_book) -> Path:
    """`make pdf`'s PDF when it is newer than the HTML build (CI makes it first), else made afresh by the same
    command, which also copies it into the HTML build (where the front page links it)."""
    if not (MADE_PDF.is_file() and MADE_PDF.stat().st_mtime > BUILD_STAMP.stat().st_mtime):
        assert kit(["pdf"]) == 0
    return MADE_PDF


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


@pytest.mark.parametrize("entry", [toc_files()[0], "book/instructor_guide"])
def test_front_page_and_guide_link_to_the_pdf_after_make_pdf(built_book, book_pdf, entry):
    page = built_book / f"{entry}.html"
    links = re.findall(r'href="([^"]*\.pdf)"', page.read_text(encoding="utf-8"))
    assert links, f"{entry} does not link to the PDF"
    published = built_book / PUBLISHED_NAME
    assert all((page.parent / link).resolve() == published.resolve() for link in links)
    # the link works: it is the PDF `make pdf` made, whole
    assert published.read_bytes() == book_pdf.read_bytes() and page_count(published) >= len(toc_files())
