"""Re-encode the book's figure images as palette PNGs after an HTML build.

myst-nb writes each Matplotlib figure as a full-colour PNG (50-200 KB). The book's figures are flat charts
on white, so a 256-colour palette (what the widget frames already use, ``selloff.widgets.figure_to_png``)
looks the same and weighs about half: that keeps every chapter page within its byte budget
(tests/test_browser.py). A file is replaced only when the palette version is smaller; an image with real
transparency is left alone.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from sphinx.application import Sphinx

COLOURS = 256


def to_palette(path: Path) -> bool:
    """Rewrite ``path`` as a palette PNG if that is smaller; True when rewritten."""
    with Image.open(path) as image:
        image.load()
    if image.mode == "P":
        return False
    if image.mode in ("RGBA", "LA"):
        if image.getchannel("A").getextrema()[0] < 255:  # real transparency: keep it
            return False
    quantised = image.convert("RGB").quantize(colors=COLOURS, method=Image.Quantize.MEDIANCUT)
    temporary = path.with_suffix(".palette.png")
    quantised.save(temporary, format="PNG", optimize=True)
    if temporary.stat().st_size < path.stat().st_size:
        temporary.replace(path)
        return True
    temporary.unlink()
    return False


def palette_figures(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    images = Path(app.outdir) / "_images"
    for path in sorted(images.glob("*.png")) if images.is_dir() else []:
        if not path.is_symlink():
            to_palette(path)


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", palette_figures)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
