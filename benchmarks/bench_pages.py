"""What a reader's browser fetches and how soon the page is ready, for every built page, from disk.

Run after `make book`: `.venv/bin/python benchmarks/bench_pages.py [--save NAME] [--against NAME]`.

Each page of ``_build/html`` is opened in Debian's Chromium (headless, the flags of the browser tests),
in a fresh context (empty cache), from file://. Printed per page:

* **bytes**: the sum of the sizes of the distinct files the page fetched (the HTML, scripts, styles,
  fonts, images), as stored on disk; **gzip**: the same files each gzip-compressed (level 6, what a web
  server typically sends); **requests**: the number of file requests;
* **MathJax ms**: from navigation start until MathJax's first typeset finished (``MathJax.startup.promise``
  resolved), or "-" when the page loads no MathJax;
* **widgets ms**: from navigation start until every saved widget view has rendered and lays out a
  frame (a visible ``<img>`` in each widget that has frames), or "-" when the page has no widget.
  The frames are lazy images, fetched when near the viewport: after that mark each widget is scrolled
  into view and its frame waited for, so the bytes count the frame a reader sees in every widget.

Bytes are deterministic (the benchmark test in tests/test_browser.py holds the budget); times are not:
the machine is shared, so read them as rough. Results are written to ``benchmarks/results/NAME.json``
(default ``bench_pages``) and shown beside those of ``--against`` (default ``bench_pages-main``, the
numbers of the build before issue 14) when that file exists.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
RESULTS = Path(__file__).resolve().parent / "results"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
TIMEOUT_MS = 30_000
SETTLE_MS = 500

# Installed before any page script: records when MathJax finished its first typeset and when every
# widget view is on screen (times are performance.now(), i.e. ms since navigation start).
PROBE_JS = """
(() => {
  const marks = window.__bench = {mathjax: null, widgets: null};
  const views = () => document.querySelectorAll('script[type="%s"]').length;
  const rendered = () => {
    const areas = [...document.querySelectorAll('.widget-subarea')];
    if (areas.length < views()) return false;
    return areas.every(a => a.querySelectorAll('img').length === 0 ||
      [...a.querySelectorAll('img')].some(img => img.getBoundingClientRect().width > 0));
  };
  let hooked = false;
  const poll = () => {
    if (!hooked && window.MathJax && MathJax.startup && MathJax.startup.promise) {
      hooked = true;
      MathJax.startup.promise.then(() => { marks.mathjax = performance.now(); });
    }
    if (marks.widgets === null && document.readyState !== 'loading' && views() > 0 && rendered()) {
      marks.widgets = performance.now();
    }
    if (!(hooked || document.readyState === 'complete') || (views() > 0 && marks.widgets === null)) {
      setTimeout(poll, 5);
    } else if (!hooked) {
      setTimeout(poll, 50);   // MathJax may still appear (deferred); keep a slow watch
    }
  };
  poll();
})();
""" % WIDGET_VIEW


def built_pages(html: Path) -> list[Path]:
    """Every page of the site, less redirects (index.html only forwards to the first chapter)."""
    return sorted(p for p in html.rglob("*.html")
                  if not {"_static", "_sources"} & set(p.relative_to(html).parts)
                  and 'http-equiv="Refresh"' not in p.read_text(encoding="utf-8")[:200])


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))


def measure(browser, path: Path) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    pending: set = set()
    context.on("request", lambda r: (pending.add(r), r.url.startswith("file:") and requests.append(r.url)))
    context.on("requestfinished", lambda r: pending.discard(r))
    context.on("requestfailed", lambda r: pending.discard(r))
    page = context.new_page()
    page.add_init_script(PROBE_JS)
    page.goto(path.resolve().as_uri(), wait_until="load", timeout=TIMEOUT_MS)
    has_mathjax = page.evaluate("() => !!document.querySelector('script[src*=\"mathjax\"]')")
    views = page.evaluate(f"() => document.querySelectorAll('script[type=\"{WIDGET_VIEW}\"]').length")
    if has_mathjax:
        page.wait_for_function("() => window.__bench.mathjax !== null", timeout=TIMEOUT_MS)
    if views:
        page.wait_for_function("() => window.__bench.widgets !== null", timeout=TIMEOUT_MS)
        for area in page.locator(".widget-subarea").all():
            area.scroll_into_view_if_needed()
            area.evaluate("a => Promise.all([...a.querySelectorAll('img')].filter(i => i.getBoundingClientRect()"
                          ".width > 0).map(i => i.decode().catch(() => null)))")
    # Late loads (fonts, the frames' images): wait until no request has been pending for SETTLE_MS.
    quiet_since = None
    for _ in range(TIMEOUT_MS // 50):
        page.wait_for_timeout(50)
        if pending:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = 0
        else:
            quiet_since += 50
            if quiet_since >= SETTLE_MS:
                break
    marks = page.evaluate("() => window.__bench")
    context.close()
    files = {Path(unquote(urlsplit(u).path)) for u in requests}
    files = {f for f in files if f.is_file()}
    return {
        "bytes": sum(f.stat().st_size for f in files),
        "gzip": sum(gzip_size(f) for f in files),
        "requests": len(requests),
        "mathjax_ms": round(marks["mathjax"]) if marks["mathjax"] is not None else None,
        "widgets_ms": round(marks["widgets"]) if marks["widgets"] is not None else None,
        "widgets": views,
        "largest": sorted(((f.stat().st_size, str(f.relative_to(HTML.resolve())) if f.is_relative_to(HTML.resolve())
                            else str(f)) for f in files), reverse=True),
    }


def fmt_mb(n: int | None) -> str:
    return "-" if n is None else f"{n / 1e6:.2f}"


def fmt_ms(n: int | None) -> str:
    return "-" if n is None else f"{n:d}"


def table(now: dict[str, dict], before: dict[str, dict] | None) -> str:
    cols = ["MB", "gzip MB", "requests", "MathJax ms", "widgets ms"]
    keys = ["bytes", "gzip", "requests", "mathjax_ms", "widgets_ms"]
    fmts = [fmt_mb, fmt_mb, lambda n: "-" if n is None else str(n), fmt_ms, fmt_ms]
    width = max(len(p) for p in now) + 2
    head = f"{'page':<{width}}" + "".join(f"{c:>{22 if before else 11}}" for c in cols)
    lines = [head]
    if before:
        lines.append(" " * width + "".join(f"{'before -> now':>22}" for _ in cols))
    for name, r in now.items():
        b = (before or {}).get(name)
        cells = []
        for key, f in zip(keys, fmts):
            cells.append(f"{(f(b.get(key)) if b else '?') + ' -> ' + f(r[key]):>22}" if before else f"{f(r[key]):>11}")
        lines.append(f"{name:<{width}}" + "".join(cells))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--save", default="bench_pages", help="results/NAME.json to write")
    parser.add_argument("--against", default="bench_pages-main", help="results/NAME.json to compare with")
    parser.add_argument("--html", type=Path, default=HTML, help="the built site (default _build/html)")
    args = parser.parse_args(argv)
    if not (args.html / "index.html").is_file():
        print(f"no built book in {args.html}: run `make book` first", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    results: dict[str, dict] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        for path in built_pages(args.html):
            name = path.relative_to(args.html).as_posix()
            print(f"measuring {name} ...", file=sys.stderr, flush=True)
            results[name] = measure(browser, path)
        browser.close()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.save}.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    before_file = RESULTS / f"{args.against}.json"
    before = None
    if before_file.is_file() and before_file.name != f"{args.save}.json":
        before = json.loads(before_file.read_text(encoding="utf-8"))
    print(table(results, before))
    print(f"\nwritten: {RESULTS / (args.save + '.json')}" + (f"; compared with {before_file}" if before else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
