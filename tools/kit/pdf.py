"""The PDF of the book: every page of the HTML build, in the order of ``_toc.yml``, printed by Debian's
Chromium (Playwright ``page.pdf``) and joined by poppler's ``pdfunite``.

It prints the HTML book that ``make book`` built (nothing is executed or built again), from disk with no
network: each page once MathJax has typeset and every saved widget shows its default frame, as a reader
sees it with JavaScript on. Navigation, sidebars and buttons are left out; each page starts on a new sheet,
and each sheet's footer names its page. ``python -m tools.kit pdf`` writes ``_build/pdf/selling-treasuries.pdf``
and copies it into the HTML build, where the front page links to it.
"""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from .toc import ROOT, toc_files

# The copy in the HTML build that the front page (book/intro.md) links to.
PUBLISHED_NAME = "selling-treasuries.pdf"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
TIMEOUT_MS = 60_000
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LOCAL_SCHEMES = ("file:", "data:", "blob:")
FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#555">'
          'Selling Treasuries — {title} — <span class="pageNumber"></span></div>')
PRINT_CSS = """
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .header-article, .prev-next-area, .bd-footer,
.bd-footer-article, .bd-footer-content, .search-button__wrapper, .skip-link, .headerlink,
#pst-back-to-top, .back-to-top { display: none !important; }
.bd-page-width, .bd-main .bd-content .bd-article-container { max-width: 100% !important; }
img, figure, .cell_output, table { break-inside: avoid; }
"""


def pages_in_order(html_dir: Path, toc: Path = ROOT / "_toc.yml") -> list[Path]:
    """The built page of every ``_toc.yml`` entry, in reading order."""
    pages = [html_dir / f"{entry}.html" for entry in toc_files(toc)]
    missing = [str(p) for p in pages if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"build the HTML book first (`make book`): missing {missing}")
    return pages


def print_page(browser, page_html: Path, out: Path) -> None:
    """Print one built page to ``out`` once its maths and widgets are on screen (no network)."""
    views = page_html.read_text(encoding="utf-8").count(WIDGET_VIEW)
    blocked: list[str] = []
    page = browser.new_page(viewport={"width": 1000, "height": 1400})
    try:
        def offline(route):
            if route.request.url.startswith(LOCAL_SCHEMES):
                return route.continue_()
            blocked.append(route.request.url)
            return route.abort()

        page.route("**/*", offline)
        page.goto(page_html.as_uri(), wait_until="load", timeout=TIMEOUT_MS)
        page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
        page.evaluate("async () => { if (window.MathJax && MathJax.startup) await MathJax.startup.promise; }")
        if views:
            page.wait_for_function(f"() => document.querySelectorAll('.widget-subarea img').length >= {views}",
                                   timeout=TIMEOUT_MS)
            # the frames are loading="lazy": load the ones shown before printing
            page.evaluate("() => document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
            page.wait_for_function("() => [...document.querySelectorAll('.widget-subarea img')]"
                                   ".every(i => !i.offsetParent || (i.complete && i.naturalWidth > 0))",
                                   timeout=TIMEOUT_MS)
        page.add_style_tag(content=PRINT_CSS)
        title = page.title().split("—")[0].split(" - ")[0].strip()
        page.emulate_media(media="print")
        page.pdf(path=str(out), format="A4", print_background=True, display_header_footer=True,
                 header_template="<span></span>", footer_template=FOOTER.format(title=_escape(title)),
                 margin={"top": "14mm", "bottom": "16mm", "left": "14mm", "right": "14mm"})
    finally:
        page.close()
    if blocked:
        raise RuntimeError(f"{page_html.name} asked for files from elsewhere than disk: {sorted(set(blocked))[:5]}")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def print_pdf(html_dir: Path, out: Path) -> int:
    """Print the built book in ``html_dir`` to one PDF, ``out``; return its number of pages."""
    from playwright.sync_api import sync_playwright

    pages = pages_in_order(html_dir.resolve())
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            parts = []
            for n, page_html in enumerate(pages):
                parts.append(Path(tmp) / f"{n:03d}.pdf")
                print_page(browser, page_html, parts[-1])
        finally:
            browser.close()
        subprocess.run(["pdfunite", *map(str, parts), str(out)], check=True)
    return page_count(out)


def page_count(pdf: Path) -> int:
    """Pages of a PDF, by poppler's pdfinfo."""
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def pdf_text(pdf: Path) -> str:
    """The PDF's text, by poppler's pdftotext."""
    return subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
