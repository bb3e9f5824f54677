"""The built book in a real browser (Debian's chromium, headless, driven by Playwright), from file://.

* Nothing is fetched from anywhere but the built site itself: every request that is not file:, data: or
  blob: is aborted and fails the test.
* Math is typeset by the vendored MathJax; no raw TeX is left in the text.
* Every saved widget renders with no kernel, and moving a slider (or choosing in a dropdown) switches
  the frame shown; every frame has a text alternative (alt or title); slider handles have an
  accessible name, a selection slider announces its label (aria-valuetext), and keyboard focus is
  visible.
* A chapter page fetches at most 3 MB (measured here, in Chromium; benchmarks/bench_pages.py prints it
  with the times).
* On a phone (390 x 844) each widget fits its box and its frame keeps its aspect ratio; wide tables
  scroll inside their box and show it. With JavaScript off each widget shows its default frame.
* The console stays clean: errors and warnings fail the test unless they are in ALLOW_LIST.
* Screenshots of the chapter page, light and dark, go to _build/screenshots/ (not committed).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from test_book_sources import chapter_entries, toc_entries

pytestmark = pytest.mark.browser

# Console messages (errors, warnings, uncaught exceptions, failed loads) that are known and harmless.
# (kind, regex on the text, reason). Kind is "console" (console.error / console.warn), "pageerror"
# (an uncaught exception) or "requestfailed" (a file the page asked for is missing; the URL is matched).
ALLOW_LIST: list[tuple[str, str, str]] = [
    # (none: the widget runtime no longer validates the state with ajv, whose schema notice was here)
]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
LOCAL_SCHEMES = {"file", "data", "blob"}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
TIMEOUT_MS = 30_000
SCREENSHOTS = Path(__file__).resolve().parents[1] / "_build" / "screenshots"
MAIN = "main#main-content"


@dataclass
class Visit:
    """What happened while a page was open."""
    external: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    messages: list[tuple[str, str]] = field(default_factory=list)  # (kind, text)

    def unexpected(self) -> list[str]:
        found = []
        for kind, text in self.messages:
            reasons = [why for k, rx, why in ALLOW_LIST if k == kind and re.search(rx, text)]
            if reasons:
                print(f"allowed {kind}: {text[:160]} ({reasons[0]})")
            else:
                found.append(f"{kind}: {text}")
        return found


def console_text(message) -> str:
    """A console message's text; a failed load's also names the file (Chromium logs it as the location)."""
    url = (message.location or {}).get("url", "")
    if message.text.startswith("Failed to load resource") and url:
        return f"{message.text} @ {url}"
    return message.text


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_page(browser):
    """open_page(path, color_scheme="light") -> (page, Visit); a fresh context (empty storage) each time."""
    contexts = []

    def _open(path: Path, color_scheme: str = "light"):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=color_scheme)
        contexts.append(context)
        visit = Visit()

        def on_request(request):
            if urlsplit(request.url).scheme in LOCAL_SCHEMES:
                if request.url.startswith("file:"):
                    visit.files.append(request.url)
            else:
                visit.external.append(request.url)

        def route(route):
            if urlsplit(route.request.url).scheme in LOCAL_SCHEMES:
                route.continue_()
            else:
                route.abort()

        context.on("request", on_request)
        context.route("**/*", route)
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.on("console", lambda m: m.type in ("error", "warning")
                and visit.messages.append(("console", console_text(m))))
        page.on("pageerror", lambda e: visit.messages.append(("pageerror", e.message)))
        page.on("requestfailed", lambda r: visit.messages.append(("requestfailed", f"{r.url} {r.failure}")))
        page.goto(path.resolve().as_uri(), wait_until="load")
        return page, visit

    yield _open
    for context in contexts:
        context.close()


def settle(page) -> None:
    """Wait for MathJax (when the page has it) to finish typesetting, and for late loads."""
    page.wait_for_load_state("networkidle")
    page.evaluate("() => window.MathJax && MathJax.startup && MathJax.startup.promise ? "
                  "MathJax.startup.promise.then(() => true) : true")
    page.wait_for_timeout(300)


def widget_pages(built_book: Path) -> list[Path]:
    return sorted(p for p in built_book.rglob("*.html") if "_static" not in p.parts
                  and WIDGET_VIEW in p.read_text(encoding="utf-8"))


def static_widget_on(built_book: Path, open_page, page_path: str, text: str):
    """Open a built page and return (page, visit, widget): the one rendered widget whose text contains ``text``."""
    path = built_book / page_path
    assert path.is_file(), f"{page_path} was not built"
    page, visit = open_page(path)
    settle(page)
    views = page.locator(f"script[type='{WIDGET_VIEW}']").count()
    assert views >= 1, f"{page_path} saved no widget"
    page.wait_for_function(f"() => document.querySelectorAll('.widget-subarea').length >= {views}",
                           timeout=TIMEOUT_MS)
    page.wait_for_timeout(500)
    found = page.locator(".widget-subarea").filter(has_text=text)
    assert found.count() == 1, f"{page_path}: no widget showing {text!r}"
    return page, visit, found.first


def check_clean(name: str, visit: Visit) -> list[str]:
    problems = [f"{name}: requested from outside the site: {url}" for url in visit.external]
    problems += [f"{name}: {msg}" for msg in visit.unexpected()]
    return problems


def weight_of(visit: Visit) -> int:
    paths = {Path(unquote(urlsplit(u).path)) for u in visit.files}
    return sum(p.stat().st_size for p in paths if p.is_file())


# --- every page loads cleanly ------------------------------------------------------------------------

@pytest.mark.parametrize("entry", toc_entries())
def test_page_loads_only_local_files_and_logs_no_error(built_book, open_page, entry):
    page, visit = open_page(built_book / f"{entry}.html")
    settle(page)
    problems = check_clean(f"{entry}.html", visit)
    assert not problems, "\n".join(problems)


def test_search_works_from_disk(built_book, open_page):
    page, visit = open_page(built_book / "search.html")
    page.goto((built_book / "search.html").resolve().as_uri() + "?q=dollar", wait_until="load")
    page.get_by_text(re.compile(r"Search finished, found \d+ page")).wait_for()
    settle(page)
    assert page.locator("#search-results li").count() >= 3
    problems = check_clean("search.html?q=dollar", visit)
    assert not problems, "\n".join(problems)


# --- math --------------------------------------------------------------------------------------------

RAW_TEX = re.compile(r"\$\$|\\\(|\\\)|\\\[|\\\]|\\begin\{")
# The main text without code, scripts and the typeset math itself.
MAIN_TEXT_JS = f"""() => {{
  const main = document.querySelector({MAIN!r}).cloneNode(true);
  main.querySelectorAll('pre, code, script, style, mjx-container, .highlight').forEach(e => e.remove());
  return main.innerText;
}}"""


def math_pages(built_book: Path) -> list[Path]:
    return [built_book / f"{e}.html" for e in toc_entries()
            if 'class="math' in (built_book / f"{e}.html").read_text(encoding="utf-8")]


def test_math_is_typeset(built_book, open_page):
    pages = math_pages(built_book)
    assert pages, "no page has math"
    problems = []
    for path in pages:
        page, visit = open_page(path)
        settle(page)
        name = path.relative_to(built_book).as_posix()
        untypeset = page.evaluate("() => [...document.querySelectorAll('.math')]"
                                  ".filter(e => !e.querySelector('mjx-container')).map(e => e.textContent)")
        if page.locator("mjx-container").count() == 0:
            problems.append(f"{name}: no mjx-container: MathJax did not typeset")
        problems += [f"{name}: math not typeset: {t[:80]!r}" for t in untypeset]
        raw = RAW_TEX.findall(page.evaluate(MAIN_TEXT_JS))
        if raw:
            problems.append(f"{name}: raw TeX delimiters left in the text: {sorted(set(raw))}")
        problems += check_clean(name, visit)
    assert not problems, "\n".join(problems)


# --- widgets -----------------------------------------------------------------------------------------

# The frames shown, by content: a frame is an <img> (an Image widget's, or one inside an HTML widget);
# an Image widget's src is a fresh blob: URL each time its view is attached, so the bytes' digest (not
# the URL) tells whether the frame really changed. A frame file's URL (file:, which a page may not
# fetch()) names its content: the build names frame files by their hash.
VISIBLE_IMAGES_JS = """async (root) => {
  const shown = [...root.querySelectorAll('img')]
    .filter(img => img.offsetParent !== null && img.getBoundingClientRect().width > 0);
  return Promise.all(shown.map(async img => {
    if (!img.src.startsWith('blob:')) return img.src;
    const bytes = await (await fetch(img.src)).arrayBuffer();
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    return [...digest.slice(0, 8)].map(b => b.toString(16).padStart(2, '0')).join('');
  }));
}"""


def test_widgets_work_without_a_kernel(built_book, open_page, record_property):
    pages = widget_pages(built_book)
    assert pages, "no built page contains a saved widget (application/vnd.jupyter.widget-view+json)"
    problems: list[str] = []
    for path in pages:
        name = path.relative_to(built_book).as_posix()
        page, visit = open_page(path)
        settle(page)
        views = page.locator(f"script[type='{WIDGET_VIEW}']").count()
        try:
            page.wait_for_function(f"() => document.querySelectorAll('.widget-subarea').length >= {views}",
                                   timeout=TIMEOUT_MS)
        except Exception:  # noqa: BLE001 - reported below with the page's errors
            problems.append(f"{name}: only {page.locator('.widget-subarea').count()} of {views} widgets rendered")
        page.wait_for_timeout(500)
        errors = page.locator(".jupyter-widgets-error-widget").count()
        if errors:
            problems.append(f"{name}: {errors} widget(s) failed to render (the error widget is shown)")
        for i in range(page.locator(".widget-subarea").count()):
            problems += check_widget(page, page.locator(".widget-subarea").nth(i), f"{name} widget {i + 1}")
        problems += check_clean(name, visit)
        print(f"{name}: {views} widget(s); {len(set(visit.files))} files loaded, {weight_of(visit) / 1e6:.2f} MB")
    assert not problems, "\n".join(problems)


def check_widget(page, widget, name: str) -> list[str]:
    """A rendered widget: its frames have an accessible name; each control switches the frame shown."""
    problems = []
    images = widget.locator("img")
    unnamed = [i for i in range(images.count())
               if not ((images.nth(i).get_attribute("alt") or "").strip()
                       or (images.nth(i).get_attribute("title") or "").strip())]
    if unnamed:
        problems.append(f"{name}: {len(unnamed)} of {images.count()} images have neither alt text nor a title")
    sliders = widget.locator(".widget-slider")
    dropdowns = widget.locator(".widget-dropdown select")
    if images.count() and sliders.count() + dropdowns.count() == 0:
        problems.append(f"{name}: images but no slider or dropdown")
    if images.count() == 0:
        return problems  # a plain control with no frames to switch: it rendered, that is all to check

    def shown() -> list[str]:
        page.wait_for_timeout(300)
        return widget.evaluate(VISIBLE_IMAGES_JS)

    for s in range(sliders.count()):
        handle = sliders.nth(s).locator(".noUi-handle").first
        if handle.count() == 0:
            problems.append(f"{name}: slider {s + 1} has no handle")
            continue
        problems += check_slider_accessibility(page, sliders.nth(s), handle, f"{name} slider {s + 1}")
        before = shown()
        if len(before) != 1:
            problems.append(f"{name}: {len(before)} images visible before moving slider {s + 1}, expected 1")
        at_end = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        handle.focus()
        page.keyboard.press("ArrowLeft" if at_end else "ArrowRight")
        after = shown()
        if len(after) != 1:
            problems.append(f"{name}: {len(after)} images visible after moving slider {s + 1}, expected 1")
        elif before == after:
            problems.append(f"{name}: moving slider {s + 1} with the keyboard did not change the frame")
        readout = sliders.nth(s).locator(".widget-readout").inner_text().strip()
        if readout and handle.get_attribute("aria-valuetext") != readout:
            problems.append(f"{name}: slider {s + 1} moved to {readout!r} announces "
                            f"{handle.get_attribute('aria-valuetext')!r}")
        handle.focus()
        page.keyboard.press("ArrowRight" if at_end else "ArrowLeft")
        if shown() != before:
            problems.append(f"{name}: moving slider {s + 1} back did not restore the first frame")
    for d in range(dropdowns.count()):
        select = dropdowns.nth(d)
        options = select.locator("option")
        if options.count() < 2:
            continue
        first = select.input_value()
        before = shown()
        other = next(options.nth(i).get_attribute("value") for i in range(options.count())
                     if options.nth(i).get_attribute("value") != first)
        select.select_option(other)
        if shown() == before:
            problems.append(f"{name}: choosing {other!r} in dropdown {d + 1} did not change the frame")
        select.select_option(first)
        if shown() != before:
            problems.append(f"{name}: choosing {first!r} again in dropdown {d + 1} did not restore the frame")
    return problems


FOCUS_RING_JS = """el => { const s = getComputedStyle(el);
  return {style: s.outlineStyle, width: parseFloat(s.outlineWidth), shadow: s.boxShadow}; }"""


def check_slider_accessibility(page, slider, handle, name: str) -> list[str]:
    """The handle (role=slider) has a name, announces the label shown (not an index), shows its focus."""
    problems = []
    label = (handle.get_attribute("aria-label") or "").strip()
    description = slider.locator(".widget-label").inner_text().strip()
    if not label:
        problems.append(f"{name}: the slider handle has no accessible name (aria-label)")
    elif description and label != description:
        problems.append(f"{name}: the handle is named {label!r}, the label shown is {description!r}")
    readout = slider.locator(".widget-readout").inner_text().strip()
    valuetext = handle.get_attribute("aria-valuetext")
    if readout and valuetext != readout:
        problems.append(f"{name}: announces aria-valuetext={valuetext!r} while showing {readout!r}")
    handle.focus()
    ring = handle.evaluate(FOCUS_RING_JS)
    if ring["style"] == "none" or ring["width"] < 2:
        problems.append(f"{name}: no visible focus ring on the focused handle ({ring})")
    return problems


# --- page weight -------------------------------------------------------------------------------------

MAX_CHAPTER_BYTES = 3_000_000


@pytest.mark.parametrize("entry", chapter_entries())
def test_chapter_page_fetches_at_most_3_mb(built_book, open_page, entry, record_property):
    """Everything the browser fetched for a chapter page from disk, widgets rendered (issue 14's budget)."""
    page, visit = open_page(built_book / f"{entry}.html")
    settle(page)
    views = page.locator(f"script[type='{WIDGET_VIEW}']").count()
    if views:
        page.wait_for_function(f"() => document.querySelectorAll('.widget-subarea img').length >= {views}")
        page.wait_for_timeout(500)
    fetched = weight_of(visit)
    record_property("browser_bytes", fetched)
    largest = sorted(((Path(unquote(urlsplit(u).path)).stat().st_size, Path(unquote(urlsplit(u).path)).name)
                      for u in set(visit.files) if Path(unquote(urlsplit(u).path)).is_file()), reverse=True)[:4]
    assert fetched <= MAX_CHAPTER_BYTES, f"{entry}.html fetched {fetched / 1e6:.2f} MB; largest: {largest}"


# --- phones and no JavaScript ------------------------------------------------------------------------

PHONE = {"width": 390, "height": 844}
FRAME_RATIO = 400 / 240  # selloff.widgets.FRAME_SIZE_PX
WIDGET_FIT_JS = """root => {
  const box = root.getBoundingClientRect();
  const article = document.querySelector('article') || document.body;
  const limit = article.getBoundingClientRect();
  const over = [...root.querySelectorAll('.widget-slider, .widget-dropdown, .widget-readout, .widget-label, img')]
    .filter(e => e.offsetParent !== null)
    .map(e => [e.className || e.tagName, e.getBoundingClientRect()])
    .filter(([, r]) => r.right > box.right + 1 || r.left < box.left - 1)
    .map(([c, r]) => `${c} spans ${Math.round(r.left)}-${Math.round(r.right)}`);
  // each part of a control (label, slider, readout, select) inside its control's box, e.g. not
  // wrapped below a fixed-height row and hidden under the frame
  const clipped = [...root.querySelectorAll('.widget-inline-hbox > *')].filter(e => e.offsetParent !== null)
    .filter(e => { const r = e.getBoundingClientRect(), p = e.parentElement.getBoundingClientRect();
                   return r.top < p.top - 1 || r.bottom > p.bottom + 1; })
    .map(e => `${e.className || e.tagName} outside its control's box`);
  over.push(...clipped);
  const imgs = [...root.querySelectorAll('img')].filter(e => e.offsetParent !== null)
    .map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; });
  return {left: box.left, right: box.right, limit: [limit.left, limit.right], scroll: root.scrollWidth,
          client: root.clientWidth, over, imgs};
}"""
# For each visible table: does it fit, does its scrolling box show that it scrolls (the right edge fades
# while there is more to the right: a CSS mask, see _ext/static/book-pages.css), and can the box be
# scrolled with the keyboard (it is focusable)?
WIDE_TABLES_JS = """async () => {
  const mask = e => { const s = getComputedStyle(e); return s.maskImage || s.webkitMaskImage || 'none'; };
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const out = [];
  for (const t of [...document.querySelectorAll('main table')].filter(t => t.offsetParent !== null)) {
    let box = t.parentElement;
    while (box && box.tagName !== 'MAIN' && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
    const scrolls = !!box && box.tagName !== 'MAIN';
    const wide = scrolls ? box.scrollWidth > box.clientWidth + 1 : t.getBoundingClientRect().width > t.parentElement.clientWidth + 1;
    let cue = false, cueGoneAtEnd = false;
    if (scrolls && wide) {
      cue = mask(box) !== 'none';
      box.scrollLeft = box.scrollWidth; await frame();
      cueGoneAtEnd = mask(box) === 'none';
      box.scrollLeft = 0; await frame();
    }
    out.push({wide, scrolls, cue, cueGoneAtEnd, focusable: scrolls && box.tabIndex >= 0,
              right: Math.round((scrolls ? box : t).getBoundingClientRect().right), text: t.innerText.slice(0, 40)});
  }
  return out;
}"""


@pytest.mark.parametrize("entry", chapter_entries())
def test_phone_layout(browser, built_book, entry):
    """At 390 x 844: each widget's controls and frame stay inside the widget's box and the page; the frame
    keeps its aspect ratio; a table wider than the page scrolls in its own box, which shows it (a cue)
    and can be scrolled with the keyboard. Screenshots go to _build/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto((built_book / f"{entry}.html").resolve().as_uri(), wait_until="load")
        settle(page)
        views = page.locator(f"script[type='{WIDGET_VIEW}']").count()
        if views:
            page.wait_for_function(f"() => document.querySelectorAll('.widget-subarea img').length >= {views}")
            page.wait_for_timeout(500)
        page.screenshot(path=str(SCREENSHOTS / f"{entry.replace('/', '_')}-phone.png"), full_page=True)
        problems = []
        viewport_width = page.evaluate("document.documentElement.clientWidth")
        page_scroll = page.evaluate("document.documentElement.scrollWidth")
        if page_scroll > viewport_width + 1:
            problems.append(f"the page scrolls sideways: {page_scroll}px in a {viewport_width}px viewport")
        for i in range(page.locator(".widget-subarea").count()):
            fit = page.locator(".widget-subarea").nth(i).evaluate(WIDGET_FIT_JS)
            print(f"{entry} widget {i + 1} at 390px: {fit}")
            if fit["right"] > viewport_width:
                problems.append(f"widget {i + 1} ends at {fit['right']:.0f}px, past the {viewport_width}px viewport")
            if fit["scroll"] > fit["client"] + 1:
                problems.append(f"widget {i + 1} overflows its box: {fit['scroll']}px in {fit['client']}px")
            problems += [f"widget {i + 1}: {o}, outside its box {fit['left']:.0f}-{fit['right']:.0f}" for o in fit["over"]]
            for w, h in fit["imgs"]:
                if h == 0 or abs(w / h - FRAME_RATIO) > 0.02:
                    problems.append(f"widget {i + 1}: frame shown at {w:.0f}x{h:.0f}, not in the {FRAME_RATIO:.3f} ratio")
        for t in page.evaluate(WIDE_TABLES_JS):
            if t["right"] > viewport_width + 1:
                problems.append(f"table {t['text']!r} is cut at the page edge (ends at {t['right']}px)")
            if t["wide"] and not (t["scrolls"] and t["cue"] and t["cueGoneAtEnd"] and t["focusable"]):
                problems.append(f"wide table {t['text']!r}: scrolls={t['scrolls']}, shows it={t['cue']} "
                                f"(until its end: {t['cueGoneAtEnd']}), keyboard-scrollable={t['focusable']}")
    finally:
        context.close()
    assert not problems, f"{entry}.html at 390x844:\n" + "\n".join(problems)


def test_widgets_without_javascript(browser, built_book):
    """With JavaScript off, each widget shows its default frame (alt text) and says it is interactive."""
    pages = widget_pages(built_book)
    assert pages
    problems = []
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    try:
        for path in pages:
            page = context.new_page()
            page.goto(path.resolve().as_uri(), wait_until="load")
            name = path.relative_to(built_book).as_posix()
            views = page.locator(f"script[type='{WIDGET_VIEW}']").count()
            fallbacks = page.locator(".widget-noscript")
            if fallbacks.count() != views:
                problems.append(f"{name}: {fallbacks.count()} no-JavaScript fallbacks for {views} widgets")
            for i in range(fallbacks.count()):
                box = fallbacks.nth(i)
                imgs = box.locator("img")
                if imgs.count() == 0:
                    problems.append(f"{name}: fallback {i + 1} shows no frame")
                for j in range(imgs.count()):
                    img = imgs.nth(j)
                    size = img.evaluate("e => [e.complete && e.naturalWidth, e.getBoundingClientRect().height]")
                    if not (img.get_attribute("alt") or "").strip():
                        problems.append(f"{name}: fallback {i + 1} frame without alt text")
                    if not size[0] or size[1] < 100:
                        problems.append(f"{name}: fallback {i + 1} frame not shown (loaded width, height: {size})")
                if "JavaScript" not in box.inner_text():
                    problems.append(f"{name}: fallback {i + 1} does not say the figure is interactive with JavaScript")
            page.close()
    finally:
        context.close()
    assert not problems, "\n".join(problems)


ICONS_JS = """async () => {
  await document.fonts.ready;
  return [...document.querySelectorAll('i[class*="fa-"]')].filter(i => i.offsetParent !== null).map(i => {
    const before = getComputedStyle(i, '::before');
    const family = before.fontFamily;
    const loaded = [...document.fonts].some(f => family.includes(f.family.replace(/"/g, '')) && f.status === 'loaded');
    return {cls: i.className, content: before.content, family, loaded, width: i.getBoundingClientRect().width};
  });
}"""


def test_icons_render_without_the_fontawesome_script(built_book, open_page):
    """The theme's icons come from its CSS and webfonts (the build drops its 1.5 MB fontawesome.js)."""
    page, visit = open_page(built_book / f"{chapter_entries()[0]}.html")
    settle(page)
    assert not [u for u in visit.files if u.split("?")[0].endswith("fontawesome.js")], "fontawesome.js was loaded"
    icons = page.evaluate(ICONS_JS)
    assert len(icons) >= 5, f"expected the header's icons, found {icons}"
    broken = [i for i in icons if i["content"] in ("none", "normal", '""') or "Font Awesome" not in i["family"]
              or not i["loaded"] or i["width"] < 8]
    assert not broken, f"icons not drawn from the Font Awesome webfont: {broken}"


# --- how the chapter looks ---------------------------------------------------------------------------

def set_mode(page, mode: str) -> None:
    """Switch light/dark with the theme's own button (it cycles light → dark → auto)."""
    for _ in range(4):
        if page.evaluate("document.documentElement.dataset.mode") == mode:
            return
        page.locator("button.theme-switch-button").first.click()
        page.wait_for_timeout(200)
    raise AssertionError(f"the theme switch never reached {mode} mode")


@pytest.mark.parametrize("entry", chapter_entries())
def test_chapter_screenshots_light_and_dark(built_book, open_page, entry, record_property):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page, visit = open_page(built_book / f"{entry}.html")
    settle(page)
    shots = []
    for mode in ("light", "dark"):
        set_mode(page, mode)
        assert page.evaluate("document.documentElement.dataset.theme") == mode
        page.mouse.move(1, 1)  # no hover tooltip on the theme switch in the picture
        page.wait_for_timeout(200)
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        shot = SCREENSHOTS / f"{entry.replace('/', '_')}-{mode}.png"
        page.screenshot(path=str(shot), full_page=True)
        shots.append(shot)
        print(f"screenshot {shot} (body background {background})")
        record_property(f"screenshot_{mode}", str(shot))
    stored = page.evaluate("localStorage.getItem('mode')")
    assert stored == "dark", f"the theme switch did not store the mode (localStorage mode = {stored!r})"
    print(f"{entry}.html as loaded by the browser: {len(set(visit.files))} files, {weight_of(visit) / 1e6:.2f} MB")
    record_property("browser_bytes", weight_of(visit))
    problems = check_clean(f"{entry}.html", visit)
    assert not problems, "\n".join(problems)
