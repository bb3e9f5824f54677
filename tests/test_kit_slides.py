"""Slides (tools/kit/slides.py): the key figures of a small notebook, 16:9 PNG and SVG with the index."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook
from PIL import Image

from tools.kit.slides import DPI, HEIGHT_IN, WIDTH_IN, export_slides

SETUP = "import matplotlib.pyplot as plt\nfrom selloff import plotting"
KEY = ("fig, ax = plt.subplots(figsize=(4, 3))\nax.plot([0, 1], [1, 2])\nax.set_ylabel('$bn')\n"
       "plotting.add_source(ax, 'US Treasury, TIC.')\nplt.show()")
TWO = ("for k in range(2):\n    fig, ax = plt.subplots()\n    ax.bar([0], [k + 1])\n"
       "    ax.annotate('Source: BEA.', (0, 0))")
OTHER = "fig, ax = plt.subplots()\nax.plot([1, 2], [3, 4])"


def alt(text: str) -> dict:
    return {"mystnb": {"image": {"alt": text}}, "tags": ["hide-input", "slide"]}


def write(path: Path, cells: list) -> Path:
    nbformat.write(new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                      "language": "python"}}), path)
    return path


def test_key_figures_are_exported_at_16_9_with_alt_text_and_source(tmp_path):
    notebook = write(tmp_path / "demo.ipynb", [
        new_code_cell(SETUP),
        new_markdown_cell("# Demo\n\n## Holdings | since 2000"),
        new_code_cell(KEY, metadata=alt("A line rising from 1 to 2.")),
        new_code_cell(OTHER),                                      # not tagged: not exported
        new_code_cell(TWO, metadata={**alt("Two bars."), "slide": {"title": "Two bars"}}),
    ])
    out = tmp_path / "slides"
    slides = export_slides(out, [notebook])
    assert [s.file for s in slides] == ["demo-01", "demo-02-a", "demo-02-b"]
    assert slides[0].title == "Holdings | since 2000" and slides[0].source == "US Treasury, TIC."
    assert slides[0].alt == "A line rising from 1 to 2." and slides[1].title == "Two bars"
    assert slides[2].source == "BEA."
    assert sorted(p.name for p in out.glob("*.png")) == ["demo-01.png", "demo-02-a.png", "demo-02-b.png"]
    for s in slides:
        with Image.open(out / f"{s.file}.png") as image:
            assert image.size == (int(WIDTH_IN * DPI), int(HEIGHT_IN * DPI)) == (1920, 1080)
        svg = (out / f"{s.file}.svg").read_text()
        width, height = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
        assert width / height == pytest.approx(16 / 9, rel=1e-3)
    index = json.loads((out / "index.json").read_text())
    assert [row["file"] for row in index] == [s.file for s in slides]
    table = (out / "index.md").read_text()
    assert "| demo-01 | demo | Holdings \\| since 2000 | A line rising from 1 to 2. | US Treasury, TIC. |" in table


def test_a_key_figure_without_alt_text_or_source_is_an_error(tmp_path):
    no_alt = write(tmp_path / "a.ipynb", [new_code_cell(SETUP), new_code_cell(KEY, metadata={"tags": ["slide"]})])
    with pytest.raises(ValueError, match="alt text"):
        export_slides(tmp_path / "out", [no_alt])
    no_source = write(tmp_path / "b.ipynb", [new_code_cell(SETUP), new_code_cell(OTHER, metadata=alt("A line."))])
    with pytest.raises(ValueError, match="no source line"):
        export_slides(tmp_path / "out", [no_source])


def test_a_wide_figure_keeps_its_width_so_its_text_still_fits(tmp_path):
    wide = ("fig, ax = plt.subplots(figsize=(10, 2.8))\nax.plot([0, 1], [1, 2])\nax.set_ylabel('bp')\n"
            "plotting.add_source(ax, 'Model.')")
    notebook = write(tmp_path / "wide.ipynb", [new_code_cell(SETUP), new_code_cell(wide, metadata=alt("A line."))])
    out = tmp_path / "slides"
    [slide] = export_slides(out, [notebook])
    with Image.open(out / f"{slide.file}.png") as image:
        assert image.size == (1920, 1080)
    svg = (out / f"{slide.file}.svg").read_text()
    width, height = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    assert width == pytest.approx(10 * 72) and height == pytest.approx(10 * 72 * 9 / 16)   # 10 in wide, not 8
