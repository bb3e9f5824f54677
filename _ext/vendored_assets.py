"""Copy the book's browser assets from node_modules into the built site.

MathJax, require.js and the ipywidgets HTML manager are installed from the npm registry at the
versions pinned in package.json / package-lock.json (``npm ci``), never committed, and copied into
``_static/npm/`` after each HTML build, so that the built pages load nothing from a third-party host.
They are not placed in the book's source ``_static/`` because Jupyter Book injects every script found
there into every page.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

# (source under node_modules, destination under _static/npm, glob patterns to copy)
ASSETS: list[tuple[str, str, tuple[str, ...]]] = [
    ("mathjax/es5", "mathjax", ("tex-chtml.js", "input/**/*", "output/chtml/**/*", "a11y/**/*",
                                "ui/**/*", "adaptors/**/*", "sre/**/*", "LICENSE")),
    ("mathjax", "mathjax", ("LICENSE",)),
    ("requirejs", "requirejs", ("require.js",)),
    ("@jupyter-widgets/html-manager/dist", "@jupyter-widgets/html-manager",
     ("embed-amd.js", "embed.js.LICENSE.txt")),
]
REQUIRED = ["mathjax/es5/tex-chtml.js", "requirejs/require.js",
            "@jupyter-widgets/html-manager/dist/embed-amd.js"]
# Executed before the theme's Font Awesome script: keeps it from replacing the <i> icons that
# ipywidgets (e.g. a Play button) manages itself, which otherwise crashes the widget view.
FONTAWESOME_CONFIG = "window.FontAwesomeConfig = {autoReplaceSvg: 'nest'};"
# The widget manager typesets labels with MathJax 2's `MathJax.Hub.Queue`; the book loads MathJax 3,
# which has no `Hub`, so every widget label raised "Cannot read properties of undefined (reading
# 'Queue')". This maps the call onto MathJax 3. A module script is deferred, so it runs after the
# (deferred) MathJax script and before the widgets are rendered.
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
# The widget manager loads its icon fonts relative to the page: <page dir>/@jupyter-widgets/html-manager/dist/.
WIDGET_FONTS = ("*.woff", "*.woff2", "*.ttf", "*.eot", "*.svg")


def node_modules(app: Sphinx) -> Path:
    return Path(app.confdir) / "node_modules"


def check_installed(app: Sphinx) -> None:
    missing = [p for p in REQUIRED if not (node_modules(app) / p).is_file()]
    if missing:
        raise ExtensionError(
            f"browser assets missing from {node_modules(app)}: {', '.join(missing)}. "
            "Run `npm ci` in the book's root first (see README)."
        )


def copy_assets(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    target_root = Path(app.outdir) / "_static" / "npm"
    for src, dest, patterns in ASSETS:
        src_dir = node_modules(app) / src
        for pattern in patterns:
            for file in src_dir.glob(pattern):
                if file.is_file():
                    target = target_root / dest / file.relative_to(src_dir)
                    if not target.exists() or target.stat().st_mtime < file.stat().st_mtime:
                        target.parent.mkdir(parents=True, exist_ok=True)
                        shutil.copy2(file, target)


def copy_widget_fonts(app: Sphinx, exception: Exception | None) -> None:
    """Put the widget manager's fonts beside every page that embeds widgets (it looks for them there)."""
    if exception is not None or app.builder.format != "html":
        return
    source = node_modules(app) / "@jupyter-widgets/html-manager/dist"
    page_dirs = {page.parent for page in Path(app.outdir).rglob("*.html")
                 if "application/vnd.jupyter.widget-state+json" in page.read_text(encoding="utf-8")}
    for page_dir in page_dirs:
        target = page_dir / "@jupyter-widgets/html-manager/dist"
        target.mkdir(parents=True, exist_ok=True)
        for pattern in WIDGET_FONTS:
            for file in source.glob(pattern):
                if not (target / file.name).exists():
                    shutil.copy2(file, target / file.name)


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


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", check_installed)
    app.connect("build-finished", copy_assets)
    app.connect("build-finished", copy_widget_fonts)
    app.connect("html-page-context", drop_duplicate_scripts, priority=900)
    app.add_js_file(None, body=FONTAWESOME_CONFIG, priority=100)
    app.add_js_file(None, body=MATHJAX2_HUB_SHIM, type="module", priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
