"""Checks on the built HTML book (``_build/html``): pages, images, and that nothing comes from a
third-party host."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from test_book_sources import chapter_entries, toc_entries

# Upper bounds for a chapter page: the HTML file, and the HTML plus everything it references on the site.
# The scripts every page with math and widgets loads come to about 7.3 MB (the widget manager 3.6 MB,
# the theme's Font Awesome 1.5 MB, MathJax 1.2 MB, ...), shared by all pages and cached; the total bound
# is that plus the HTML budget, so it fails when a page's own content outgrows it.
MAX_HTML_BYTES = 2_500_000
MAX_PAGE_BYTES = 10_000_000
VENDORED = ["_static/npm/mathjax/tex-chtml.js", "_static/npm/requirejs/require.js",
            "_static/npm/@jupyter-widgets/html-manager/embed-amd.js"]
THIRD_PARTY = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)  # http://, https://, //host
# <link rel=...> values that make the browser fetch the target.
LOADING_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "icon", "shortcut", "apple-touch-icon",
                "manifest", "mask-icon"}
CSS_URL = re.compile(r"""(?:url\(\s*["']?|@import\s+["'])([^"')\s]+)""", re.IGNORECASE)


class Tags(HTMLParser):
    """Start tags of a page, as (tag, attrs) pairs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: (v or "") for k, v in attrs}))

    handle_startendtag = handle_starttag


def tags(page: Path) -> list[tuple[str, dict[str, str]]]:
    parser = Tags()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.tags


def loaded_urls(page: Path) -> list[tuple[str, str]]:
    """(element, URL) for everything the page makes the browser fetch; hyperlinks excluded."""
    urls: list[tuple[str, str]] = []
    for tag, attrs in tags(page):
        found: list[str] = []
        if tag == "link":
            rels = set(attrs.get("rel", "").lower().split())
            if rels & LOADING_RELS:
                found.append(attrs.get("href", ""))
        elif tag in {"script", "img", "iframe", "source", "video", "audio", "embed", "track", "input"}:
            found.append(attrs.get("src", ""))
            if tag == "video":
                found.append(attrs.get("poster", ""))
        elif tag == "object":
            found.append(attrs.get("data", ""))
        for attr in ("srcset", "imagesrcset"):
            if attrs.get(attr):
                found.extend(part.strip().split()[0] for part in attrs[attr].split(",") if part.strip())
        urls.extend((tag, u) for u in found if u.strip())
    return urls


def local_file(page: Path, url: str) -> Path:
    return (page.parent / unquote(urlsplit(url).path)).resolve()


def is_inline(url: str) -> bool:
    return url.startswith(("data:", "blob:"))


@pytest.fixture(scope="module")
def pages(built_book) -> list[Path]:
    found = sorted(p for p in built_book.rglob("*.html") if "_static" not in p.relative_to(built_book).parts
                   and "_sources" not in p.relative_to(built_book).parts)
    assert found, f"no HTML page in {built_book}"
    return found


def html_page(built_book: Path, entry: str) -> Path:
    return built_book / f"{entry}.html"


def test_every_toc_entry_has_its_page(built_book):
    missing = [entry for entry in toc_entries() if not html_page(built_book, entry).is_file()]
    assert not missing, f"toc entries without a built page: {missing}"
    assert (built_book / "index.html").is_file()


def test_images_have_alt_text_and_exist(built_book, pages):
    problems = []
    for page in pages:
        for tag, attrs in tags(page):
            if tag != "img":
                continue
            name = page.relative_to(built_book)
            src = attrs.get("src", "")
            if not attrs.get("alt", "").strip():
                problems.append(f"{name}: <img src={src[:60]!r}> has no alt text")
            if not src:
                problems.append(f"{name}: <img> without src")
            elif not is_inline(src) and not THIRD_PARTY.match(src) and not local_file(page, src).is_file():
                problems.append(f"{name}: <img src={src!r}> does not exist")
    assert not problems, "\n".join(problems)


def test_no_page_loads_third_party_assets(built_book, pages):
    offending = [f"{page.relative_to(built_book)}: <{tag}> {url}"
                 for page in pages for tag, url in loaded_urls(page) if THIRD_PARTY.match(url)]
    assert not offending, "pages load assets from a third-party host:\n" + "\n".join(offending)


def test_loaded_local_assets_exist(built_book, pages):
    missing = sorted({f"{page.relative_to(built_book)}: <{tag}> {url}" for page in pages
                      for tag, url in loaded_urls(page)
                      if not is_inline(url) and not THIRD_PARTY.match(url) and not local_file(page, url).is_file()})
    assert not missing, "pages reference assets missing from the build:\n" + "\n".join(missing)


def test_stylesheets_load_nothing_from_third_party_hosts(built_book):
    offending = []
    for css in built_book.rglob("*.css"):
        for url in CSS_URL.findall(css.read_text(encoding="utf-8", errors="replace")):
            if THIRD_PARTY.match(url):
                offending.append(f"{css.relative_to(built_book)}: {url}")
    assert not offending, "stylesheets fetch from a third-party host:\n" + "\n".join(offending)


def test_vendored_assets_are_where_pages_expect_them(built_book, pages):
    for asset in VENDORED:
        assert (built_book / asset).is_file(), f"{asset} missing from the build: was `npm ci` run?"
    # MathJax is loaded by every page with math, from the vendored copy.
    math_pages = [p for p in pages if 'class="math' in p.read_text(encoding="utf-8")]
    assert math_pages, "no page with math: the MathJax check has nothing to check"
    for page in math_pages:
        scripts = [local_file(page, url) for tag, url in loaded_urls(page) if tag == "script"]
        assert (built_book / VENDORED[0]).resolve() in scripts, f"{page.name} has math but does not load {VENDORED[0]}"
    # Every page with a saved widget loads require.js and the widget manager from _static/npm/.
    for page in pages:
        if "application/vnd.jupyter.widget-view+json" in page.read_text(encoding="utf-8"):
            scripts = {local_file(page, url) for tag, url in loaded_urls(page) if tag == "script"}
            for asset in VENDORED[1:]:
                assert (built_book / asset).resolve() in scripts, f"{page.name} has a widget but does not load {asset}"


def page_weight(page: Path) -> tuple[int, int, dict[str, int]]:
    """(HTML bytes, HTML + referenced site files in bytes, bytes per referenced file)."""
    html = page.stat().st_size
    files: dict[str, int] = {}
    for _, url in loaded_urls(page):
        if not is_inline(url) and not THIRD_PARTY.match(url):
            path = local_file(page, url)
            if path.is_file():
                files[str(path)] = path.stat().st_size
    return html, html + sum(files.values()), files


@pytest.mark.parametrize("entry", chapter_entries())
def test_chapter_page_weight(built_book, entry, record_property):
    page = html_page(built_book, entry)
    html, total, files = page_weight(page)
    biggest = sorted(files.items(), key=lambda kv: -kv[1])[:3]
    report = (f"page weight {entry}.html: HTML {html / 1e6:.2f} MB, with the {len(files)} files it loads "
              f"{total / 1e6:.2f} MB (largest: "
              + ", ".join(f"{Path(p).relative_to(built_book.resolve())} {n / 1e6:.2f} MB" for p, n in biggest) + ")")
    print(report)
    record_property("html_bytes", html)
    record_property("page_bytes", total)
    assert html < MAX_HTML_BYTES, report
    assert total < MAX_PAGE_BYTES, report
