"""Checks on the built HTML book (``_build/html``): pages, images, that nothing comes from a
third-party host, and what the build does to widget pages (_ext/widget_pages.py): pruned widget
state, frames as image files, a <noscript> fallback, MathJax only where there is maths. The bytes a
browser really fetches are held in tests/test_browser.py."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from test_book_sources import chapter_entries, toc_entries

# Upper bound for a chapter page's HTML file (the bytes a browser fetches in all are held, measured in
# Chromium, by tests/test_browser.py::test_chapter_page_fetches_at_most_3_mb).
MAX_HTML_BYTES = 400_000
MATHJAX = "_static/npm/mathjax/startup.js"
WIDGET_JS = "_static/npm/widgets/widgets.js"
WIDGET_CSS = "_static/npm/widgets/widgets.css"
VENDORED = [MATHJAX, WIDGET_JS, WIDGET_CSS]
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
LINK_MODELS = {"LinkModel", "DirectionalLinkModel"}
HTTP_URL = re.compile(r"https?://[^\s\"'<>)]+", re.IGNORECASE)
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


def scripts_of(page: Path) -> set[Path]:
    return {local_file(page, url) for tag, url in loaded_urls(page) if tag == "script" and not THIRD_PARTY.match(url)}


def test_vendored_assets_are_where_pages_expect_them(built_book, pages):
    for asset in VENDORED:
        assert (built_book / asset).is_file(), f"{asset} missing from the build: was `make npm` run?"
    mathjax = (built_book / MATHJAX).resolve()
    math_pages = [p for p in pages if 'class="math' in p.read_text(encoding="utf-8")]
    assert math_pages, "no page with math: the MathJax check has nothing to check"
    problems = []
    for page in pages:
        name = page.relative_to(built_book)
        text = page.read_text(encoding="utf-8")
        scripts = scripts_of(page)
        if page in math_pages and mathjax not in scripts:
            problems.append(f"{name} has maths but does not load {MATHJAX}")
        if page not in math_pages and any("mathjax" in s.as_posix() for s in scripts):
            problems.append(f"{name} has no maths but loads MathJax")
        if "window.MathJax" in text and page not in math_pages:
            problems.append(f"{name} has no maths but configures MathJax")
        if WIDGET_VIEW in text:
            styles = {local_file(page, url) for tag, url in loaded_urls(page) if tag == "link"}
            if (built_book / WIDGET_JS).resolve() not in scripts:
                problems.append(f"{name} has a widget but does not load {WIDGET_JS}")
            if (built_book / WIDGET_CSS).resolve() not in styles:
                problems.append(f"{name} has a widget but does not load {WIDGET_CSS}")
        elif any("widgets" in s.as_posix() for s in scripts):
            problems.append(f"{name} has no widget but loads the widget runtime")
        dropped = [s.name for s in scripts if s.name in {"fontawesome.js", "require.js", "embed-amd.js", "sphinx-thebe.js"}]
        if dropped:
            problems.append(f"{name} loads {dropped}: the build should have dropped them")
    assert not problems, "\n".join(problems)


def inline_scripts(page: Path) -> list[tuple[dict[str, str], str]]:
    """(attributes, text) of every <script> element with content."""
    found = re.findall(r"<script\b([^>]*)>(.*?)</script>", page.read_text(encoding="utf-8"), re.DOTALL | re.IGNORECASE)
    return [(dict(re.findall(r'([\w-]+)="([^"]*)"', attrs)), text) for attrs, text in found if text.strip()]


def test_no_third_party_url_in_any_script(built_book, pages):
    """No page names a third-party host in a script: what a script names, it may load (sphinx-thebe
    named thebe on unpkg.com in every page). Hyperlinks in the text are fine; the widget state is
    data (its frames' HTML is checked by test_widget_state_is_pruned_and_frames_are_files)."""
    offending = []
    for page in pages:
        for attrs, text in inline_scripts(page):
            if attrs.get("type") in (WIDGET_STATE, WIDGET_VIEW):
                continue
            offending += [f"{page.relative_to(built_book)}: <script {attrs}> names {url}" for url in HTTP_URL.findall(text)]
    assert not offending, "\n".join(offending)


def widget_state(page: Path) -> dict:
    states = [json.loads(text.replace("<\\/", "</")) for attrs, text in inline_scripts(page)
              if attrs.get("type") == WIDGET_STATE]
    assert len(states) <= 1, f"{page.name}: {len(states)} widget states"
    return states[0]["state"] if states else {}


def widget_pages(pages: list[Path]) -> list[Path]:
    found = [p for p in pages if WIDGET_VIEW in p.read_text(encoding="utf-8")]
    assert found, "no page with a saved widget view"
    return found


def test_widget_state_is_pruned_and_frames_are_files(built_book, pages):
    problems = []
    for page in widget_pages(pages):
        name = page.relative_to(built_book)
        state = widget_state(page)
        views = {json.loads(t)["model_id"] for a, t in inline_scripts(page) if a.get("type") == WIDGET_VIEW}
        referenced = views | {ref for entry in state.values()
                              for ref in re.findall(r"IPY_MODEL_([0-9a-f]+)", json.dumps(entry["state"]))}
        unused = [m for m, e in state.items() if m not in referenced and e["model_name"] not in LINK_MODELS]
        if unused:
            problems.append(f"{name}: {len(unused)} widget models no view uses, e.g. {state[unused[0]]['model_name']}")
        dangling = sorted(views - set(state))
        if dangling:
            problems.append(f"{name}: views of models missing from the state: {dangling}")
        frames = 0
        for entry in state.values():
            for img in re.findall(r"<img\b[^>]*>", str(entry["state"].get("value", ""))):
                frames += 1
                src = re.search(r'src="([^"]*)"', img).group(1)
                if src.startswith("data:"):
                    problems.append(f"{name}: a frame is still inline ({src[:40]}...)")
                elif not local_file(page, src).is_file():
                    problems.append(f"{name}: frame {src} does not exist")
                if not re.search(r'alt="[^"]+"', img):
                    problems.append(f"{name}: a frame has no alt text: {img[:80]}")
                if 'loading="lazy"' not in img:
                    problems.append(f"{name}: a frame is not loading=lazy (every frame would be fetched)")
        if not frames:
            problems.append(f"{name}: widgets but no frame in the state")
    assert not problems, "\n".join(problems)


# What the book's widget runtime (_ext/widgets/embed.js) renders: the ipywidgets 8 base and controls
# modules; no Output widget, no ipywidgets 7 state, no HTML in descriptions (refused by the runtime).
RUNTIME_MODULES = {"@jupyter-widgets/base", "@jupyter-widgets/controls"}


def test_widget_state_needs_only_what_the_runtime_has(built_book, pages):
    problems = []
    for page in widget_pages(pages):
        for model_id, entry in widget_state(page).items():
            name = f"{page.relative_to(built_book)}: {entry['model_name']} {model_id[:8]}"
            model = entry["state"]
            for module, version in ((entry["model_module"], entry["model_module_version"]),
                                    (model.get("_view_module"), model.get("_view_module_version"))):
                if module is not None and (module not in RUNTIME_MODULES or not str(version).startswith("2.")):
                    problems.append(f"{name} needs {module}@{version}, not in the book's widget runtime")
            if model.get("description_allow_html"):
                problems.append(f"{name} has description_allow_html=True, which the runtime refuses")
    assert not problems, "\n".join(problems)


def test_widgets_have_a_noscript_fallback(built_book, pages):
    """Without JavaScript each widget view is followed by its default frame (with alt text) and a note."""
    problems = []
    for page in widget_pages(pages):
        text = page.read_text(encoding="utf-8")
        for view in re.finditer(r'<script type="application/vnd\.jupyter\.widget-view\+json">.*?</script>', text, re.DOTALL):
            after = text[view.end():view.end() + 2000]
            fallback = re.match(r"\s*<noscript>(.*?)</noscript>", after, re.DOTALL)
            if not fallback:
                problems.append(f"{page.name}: a widget view without <noscript> fallback")
                continue
            imgs = re.findall(r"<img\b[^>]*>", fallback.group(1))
            if not imgs or not all(re.search(r'alt="[^"]+"', i) for i in imgs):
                problems.append(f"{page.name}: <noscript> without a frame with alt text")
            for img in imgs:
                src = re.search(r'src="([^"]*)"', img).group(1)
                if src.startswith("data:") or not local_file(page, src).is_file():
                    problems.append(f"{page.name}: <noscript> frame {src[:60]} is not a file of the site")
            if "JavaScript" not in fallback.group(1):
                problems.append(f"{page.name}: <noscript> does not say the figure is interactive with JavaScript on")
    assert not problems, "\n".join(problems)


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
    report = (f"page weight {entry}.html: HTML {html / 1e6:.2f} MB, with the {len(files)} files it references "
              f"{total / 1e6:.2f} MB (largest: "
              + ", ".join(f"{Path(p).relative_to(built_book.resolve())} {n / 1e6:.2f} MB" for p, n in biggest) + ")")
    print(report)
    record_property("html_bytes", html)
    record_property("page_bytes", total)
    assert html < MAX_HTML_BYTES, report


# --- the asset copy ---------------------------------------------------------------------------------

def test_asset_copy_refuses_symlinks(tmp_path, monkeypatch):
    """A symbolic link in node_modules (to a file or through a directory) is never copied into the site:
    the build fails naming it. Regular files are copied."""
    import sys
    from types import SimpleNamespace

    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1] / "_ext"))
    import vendored_assets
    from sphinx.errors import ExtensionError

    root = tmp_path / "book"
    package = root / "node_modules" / "pkg"
    package.mkdir(parents=True)
    (package / "real.js").write_text("ok")
    app = SimpleNamespace(confdir=str(root), outdir=str(root / "_build" / "html"),
                          builder=SimpleNamespace(format="html"))
    monkeypatch.setattr(vendored_assets, "ASSETS", [("pkg", "pkg", ("*.js", "sub/*.js"))])
    vendored_assets.copy_assets(app, None)
    assert (root / "_build/html/_static/npm/pkg/real.js").read_text() == "ok"

    secret = tmp_path / "outside.txt"
    secret.write_text("not an asset")
    (package / "link.js").symlink_to(secret)
    with pytest.raises(ExtensionError, match="symbolic link"):
        vendored_assets.copy_assets(app, None)
    (package / "link.js").unlink()
    (package / "sub").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "x.js").write_text("outside the package")
    with pytest.raises(ExtensionError, match="symbolic link"):
        vendored_assets.copy_assets(app, None)
    assert not (root / "_build/html/_static/npm/pkg/sub").exists()
    sys.modules.pop("vendored_assets", None)


def test_figures_are_palette_pngs(built_book):
    """The build re-encodes full-colour figure PNGs with a 256-colour palette (_ext/figure_images.py)."""
    from PIL import Image

    full_colour = []
    for path in sorted((built_book / "_images").glob("*.png")):
        with Image.open(path) as image:
            if image.mode != "P" and not (image.mode in ("RGBA", "LA") and image.getchannel("A").getextrema()[0] < 255):
                full_colour.append(f"{path.name} ({image.mode}, {path.stat().st_size:,} bytes)")
    assert not full_colour, "figures left in full colour:\n" + "\n".join(full_colour)


def test_palette_keeps_a_chart_and_halves_it(tmp_path):
    import sys

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from PIL import Image

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "_ext"))
    from figure_images import to_palette

    fig, ax = plt.subplots(figsize=(6, 3))
    ax.plot(range(50), [x ** 0.5 for x in range(50)], lw=2)
    ax.fill_between(range(50), 0, [x ** 0.4 for x in range(50)], alpha=0.3)
    path = tmp_path / "chart.png"
    fig.savefig(path, dpi=150, facecolor="white")
    plt.close(fig)
    before = path.stat().st_size
    with Image.open(path) as image:
        original = image.convert("RGB")
    assert to_palette(path) and path.stat().st_size < 0.75 * before
    with Image.open(path) as image:
        assert image.mode == "P" and image.size == original.size
        diff = [abs(a - b) for a, b in zip(image.convert("RGB").tobytes(), original.tobytes())]
    assert max(diff) < 48 and sum(diff) / len(diff) < 1.0        # the same picture to the eye
    assert not to_palette(path)                                   # idempotent
