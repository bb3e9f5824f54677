"""Copy the book's browser assets from node_modules into the built site, and keep pages light.

MathJax and the ipywidgets packages are installed from the npm registry at the versions pinned in
package.json / package-lock.json (``npm ci``); the widget runtime is bundled from the upstream
packages by ``npm run build`` (esbuild, see _ext/widgets/). Nothing of it is committed: it is copied
into ``_static/npm/`` after each HTML build, so that the built pages load nothing from a third-party
host. It is not placed in the book's source ``_static/`` because Jupyter Book injects every script
found there into every page.

Pages also drop what they do not use: the theme's Font Awesome script (its CSS draws the icons),
sphinx-thebe's scripts (no thebe button), sphinx-design's assets (no component on the page). Every
page gets _ext/static/book-pages.css. widget_pages.py (set up from here) lightens widget pages.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

# Where `npm run build` writes the bundled widget runtime (under node_modules: rebuilt after `npm ci`).
WIDGET_BUNDLE = ".book-widgets"

# (source under node_modules, destination under _static/npm, glob patterns to copy)
ASSETS: list[tuple[str, str, tuple[str, ...]]] = [
    # MathJax as separate components (see mathjax3_config in _config.yml): no context menu (0.4 MB).
    ("mathjax/es5", "mathjax", ("startup.js", "core.js", "input/tex.js", "input/tex/extensions/*.js",
                                "output/chtml.js", "output/chtml/fonts/**/*", "a11y/assistive-mml.js")),
    ("mathjax", "mathjax", ("LICENSE",)),
    # The widget runtime bundled by `npm run build` (_ext/widgets/build.mjs) from the upstream packages.
    (WIDGET_BUNDLE, "widgets", ("widgets.js", "widgets.css", "widgets.js.LEGAL.txt", "widgets.LICENSES.txt")),
]
REQUIRED = ["mathjax/es5/startup.js", f"{WIDGET_BUNDLE}/widgets.js", f"{WIDGET_BUNDLE}/widgets.css"]
WIDGET_CSS = "npm/widgets/widgets.css"
# The widget manager typesets labels with MathJax 2's `MathJax.Hub.Queue`; the book loads MathJax 3,
# which has no `Hub`, so every widget label raised "Cannot read properties of undefined (reading
# 'Queue')". This maps the call onto MathJax 3. A module script is deferred, so it runs after the
# (deferred) MathJax script and before the widgets are rendered. Pages without maths have neither
# (widget_pages.mathjax_only_with_maths).
MATHJAX2_HUB_SHIM = """
const mj = window.MathJax;
if (mj && !mj.Hub) {
  mj.Hub = {Queue: (job) => {
    const element = Array.isArray(job) ? job[2] : undefined;
    if (element && mj.startup && mj.startup.promise) {
      mj.startup.promise.then(() => mj.typesetPromise([element]));
    }
  }};
}
"""
# The theme's Font Awesome script (1.5 MB) turns <i class="fa-..."> icons into inline SVG; the theme's
# CSS already draws the same icons from its webfonts, so pages drop the script (drop_fontawesome_js).
FONTAWESOME_JS = re.compile(r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js(?:\?[^"]*)?"></script>')
FONTAWESOME_FILES = ("scripts/fontawesome.js", "scripts/fontawesome.js.LICENSE.txt", "scripts/fontawesome.js.map")
# sphinx-design (loaded by Jupyter Book) styles its components' `sd-` classes; a page without any
# needs neither its CSS (55 KB) nor its tabs script.
SPHINX_DESIGN_CLASS = re.compile(r'class="[^"]*\bsd-')
# sphinx-thebe (always loaded by Jupyter Book) adds a script naming thebe on unpkg.com to every page,
# and a thebe configuration for someone else's repository; the book has no thebe button.
THEBE_CONFIG = re.compile(r'\s*<script type="text/x-thebe-config">.*?</script>\s*<script>kernelName = [^<]*</script>',
                          re.DOTALL)


def node_modules(app: Sphinx) -> Path:
    return Path(app.confdir) / "node_modules"


def check_installed(app: Sphinx) -> None:
    missing = [p for p in REQUIRED if not (node_modules(app) / p).is_file()]
    if missing:
        raise ExtensionError(
            f"browser assets missing from {node_modules(app)}: {', '.join(missing)}. "
            "Run `make npm` (npm ci, then npm run build) in the book's root first (see README)."
        )


def copy_assets(app: Sphinx, exception: Exception | None) -> None:
    """Copy ASSETS into _static/npm/. A symbolic link anywhere under node_modules is refused: the site
    would otherwise ship whatever file it points to (outside the pinned packages, even outside the repo)."""
    if exception is not None or app.builder.format != "html":
        return
    root = node_modules(app)
    target_root = Path(app.outdir) / "_static" / "npm"
    for src, dest, patterns in ASSETS:
        src_dir = root / src
        for pattern in patterns:
            for file in sorted(src_dir.glob(pattern)):
                refuse_symlinks(root, file)
                if file.is_file():
                    target = target_root / dest / file.relative_to(src_dir)
                    if not target.exists() or target.stat().st_mtime < file.stat().st_mtime:
                        target.parent.mkdir(parents=True, exist_ok=True)
                        shutil.copy2(file, target)


def refuse_symlinks(root: Path, file: Path) -> None:
    """Raise ExtensionError when ``file`` or a directory between ``root`` and it is a symbolic link."""
    path = root
    for part in file.relative_to(root).parts:
        path = path / part
        if path.is_symlink():
            raise ExtensionError(f"refusing to copy {file}: {path} is a symbolic link (to {path.resolve()}); "
                                 "browser assets must be regular files installed by `npm ci`")


def page_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The widget runtime's stylesheet on pages with saved widgets; no sphinx-thebe without a thebe
    button; no sphinx-design assets on a page that uses none of its components (Jupyter Book loads
    both extensions on every page)."""
    scripts, styles = context.get("script_files"), context.get("css_files")
    if not (isinstance(scripts, list) and isinstance(styles, list)):
        return
    body = context.get("body") if isinstance(context.get("body"), str) else ""  # genindex, search: none
    if any(js.attributes.get("type") == "application/vnd.jupyter.widget-state+json" for js in scripts):
        app.add_css_file(WIDGET_CSS)
    unused: list[str] = []  # file name prefixes
    thebe = bool((app.config.html_theme_options.get("launch_buttons") or {}).get("thebe"))
    if not thebe:
        unused.append("sphinx-thebe")
        if body:
            context["body"] = THEBE_CONFIG.sub("", body)
    if not SPHINX_DESIGN_CLASS.search(body):
        unused += ["sphinx-design", "design-tabs"]

    def used(asset) -> bool:
        if Path(str(asset.filename or "")).name.startswith(tuple(unused)):
            return False
        return thebe or "THEBE_JS_URL" not in asset.attributes.get("body", "")

    scripts[:] = [js for js in scripts if used(js)]
    styles[:] = [css for css in styles if used(css)]


def drop_fontawesome_js(app: Sphinx, exception: Exception | None) -> None:
    """Remove the theme's Font Awesome script from every page (the theme template has no option for it)."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    for page in outdir.rglob("*.html"):
        if "_static" in page.relative_to(outdir).parts:
            continue
        text = page.read_text(encoding="utf-8")
        if "fontawesome.js" in text:
            page.write_text(FONTAWESOME_JS.sub("", text), encoding="utf-8")
    for name in FONTAWESOME_FILES:
        (outdir / "_static" / name).unlink(missing_ok=True)


def drop_duplicate_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Emit each script once. sphinx-thebe and sphinx-togglebutton register their inline scripts on
    every read phase, and Jupyter Book reads twice: a second `const THEBE_JS_URL` is a JavaScript error."""
    scripts = context.get("script_files")
    if isinstance(scripts, list):
        seen: set = set()
        unique = []
        for js in scripts:
            # An inline script is registered with filename None or "" depending on the code path.
            key = (js.filename or "", js.priority, tuple(sorted(js.attributes.items())))
            if key not in seen:
                seen.add(key)
                unique.append(js)
        scripts[:] = unique


def add_static_path(app: Sphinx, config) -> None:
    """_ext/static/ (the book's own page styles) as a static path of the site."""
    config.html_static_path.append(str(Path(__file__).resolve().parent / "static"))


def setup(app: Sphinx) -> dict:
    app.setup_extension("widget_pages")
    app.setup_extension("figure_images")
    app.connect("builder-inited", check_installed)
    app.connect("build-finished", copy_assets)
    app.connect("build-finished", drop_fontawesome_js)
    app.connect("html-page-context", page_assets, priority=850)
    app.connect("html-page-context", drop_duplicate_scripts, priority=900)
    app.add_js_file(None, body=MATHJAX2_HUB_SHIM, type="module", priority=600)
    app.connect("config-inited", add_static_path)
    app.add_css_file("book-pages.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
