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
     ("embed-amd.js", "embed.js.LICENSE.txt", "*.woff", "*.woff2", "*.ttf", "*.eot", "*.svg")),
]
REQUIRED = ["mathjax/es5/tex-chtml.js", "requirejs/require.js",
            "@jupyter-widgets/html-manager/dist/embed-amd.js"]
# Executed before the theme's Font Awesome script: keeps it from replacing the <i> icons that
# ipywidgets (e.g. a Play button) manages itself, which otherwise crashes the widget view.
FONTAWESOME_CONFIG = "window.FontAwesomeConfig = {autoReplaceSvg: 'nest'};"


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


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", check_installed)
    app.connect("build-finished", copy_assets)
    app.add_js_file(None, body=FONTAWESOME_CONFIG, priority=100)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
