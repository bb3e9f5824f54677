"""Slides: every chapter's key figures as 16:9 PNG and SVG, with their alt text and source lines.

A figure is *key* when its code cell carries the tag ``slide``. The cell must have alt text
(``metadata.mystnb.image.alt``, as every figure of the book does) and a source line: the figure's
``Source: …`` text (``selloff.plotting.add_source``), or ``metadata.slide.source`` when the figure has
none. ``metadata.slide.title`` overrides the title, which is otherwise the nearest heading above the cell.
Every figure the cell draws is exported (``<chapter>-<n>.png``/``.svg``, with ``-a``, ``-b`` … for a cell
that draws several) at 1920 × 1080 px on a white background: 16:9 at the figure's own width, at least 8 in (so
8 × 4.5 in at 240 dpi, or a wider figure at a lower dpi, whose text then fits as it does on the page).

The chapters run in a kernel (nbclient), each slide cell followed, within the same cell, by the export of
the figures it drew; figures of other cells are closed before each cell runs. ``index.md`` and
``index.json`` list file, chapter, title, alt text and source of every figure.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .toc import ROOT, chapter_notebooks

TAG = "slide"
WIDTH_IN, HEIGHT_IN, DPI = 8.0, 4.5, 240
MARKER = "KIT-SLIDE "

_SETUP = '''
import json as _kit_json
import matplotlib as _kit_mpl
import matplotlib.pyplot as _kit_plt
from pathlib import Path as _KitPath

get_ipython().run_line_magic("config", "InlineBackend.close_figures = False")
get_ipython().events.register("pre_run_cell", lambda *args: _kit_plt.close("all"))


def _kit_export(out_dir, stem):
    numbers = _kit_plt.get_fignums()
    for k, number in enumerate(numbers):
        fig = _kit_plt.figure(number)
        sources = [t.get_text() for t in fig.findobj(_kit_mpl.text.Text)
                   if t.get_text().startswith("Source:") and t.get_visible()]
        # 16:9 at the figure's own width (at least {width} in), so that text sized for the page still fits;
        # the PNG is always {px} px wide
        width = max({width}, fig.get_figwidth())
        fig.set_size_inches(width, width * 9 / 16)
        name = stem if len(numbers) == 1 else f"{{stem}}-{{chr(ord('a') + k)}}"
        for suffix, dpi in (("png", {px} / width), ("svg", 72)):
            fig.savefig(_KitPath(out_dir) / f"{{name}}.{{suffix}}", dpi=dpi, bbox_inches=None,
                        facecolor="white", metadata=None if suffix == "png" else {{"Date": None}})
        print("{marker}" + _kit_json.dumps({{"file": name, "sources": sources}}))
    _kit_plt.close("all")
'''.format(width=WIDTH_IN, px=int(WIDTH_IN * DPI), marker=MARKER)


@dataclass
class Slide:
    file: str          # stem: <file>.png and <file>.svg
    chapter: str       # notebook name without suffix
    title: str
    alt: str
    source: str


def _heading_before(cells: list, index: int) -> str:
    for cell in reversed(cells[:index]):
        if cell.cell_type == "markdown":
            headings = re.findall(r"^#{1,6}\s+(.+)$", cell.source, re.MULTILINE)
            if headings:
                return headings[-1].strip()
    return ""


def _alt_text(cell) -> str:
    mystnb = cell.metadata.get("mystnb", {})
    return (mystnb.get("image", {}).get("alt") or mystnb.get("figure", {}).get("caption") or "").strip()


def chapter_slides(path: Path, out_dir: Path, timeout: int = 600) -> list[Slide]:
    """Run one chapter and export the figures of its ``slide`` cells into ``out_dir``."""
    nb = nbformat.read(path, as_version=4)
    tagged = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and TAG in c.metadata.get("tags", [])]
    if not tagged:
        return []
    chapter = path.stem
    meta: dict[int, dict] = {}
    for n, i in enumerate(tagged, start=1):
        cell = nb.cells[i]
        alt = _alt_text(cell)
        if not alt:
            raise ValueError(f"{path.name}, cell {i}: a `slide` figure needs alt text (metadata.mystnb.image.alt)")
        extra = cell.metadata.get("slide", {})
        meta[i] = {"stem": f"{chapter}-{n:02d}", "alt": alt, "source": extra.get("source", ""),
                   "title": extra.get("title") or _heading_before(nb.cells, i)}
        cell.source = f"{cell.source}\n_kit_export({str(out_dir)!r}, {meta[i]['stem']!r})"
    nb.cells.insert(0, nbformat.v4.new_code_cell(_SETUP))
    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    slides: list[Slide] = []
    for i in tagged:
        cell = nb.cells[i + 1]
        printed = "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")
        records = [json.loads(line[len(MARKER):]) for line in printed.splitlines() if line.startswith(MARKER)]
        if not records:
            raise ValueError(f"{path.name}, cell {i}: tagged `slide` but drew no figure")
        for record in records:
            source = meta[i]["source"] or " ".join(s.removeprefix("Source:").strip() for s in record["sources"])
            if not source:
                raise ValueError(f"{path.name}, cell {i}: no source line (use selloff.plotting.add_source, "
                                 "or metadata.slide.source)")
            slides.append(Slide(record["file"], chapter, meta[i]["title"], meta[i]["alt"], source))
    return slides


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def write_index(slides: list[Slide], out_dir: Path) -> None:
    (out_dir / "index.json").write_text(json.dumps([asdict(s) for s in slides], indent=1) + "\n", encoding="utf-8")
    rows = ["# Key figures for slides", "",
            f"Each figure is `<file>.png` ({int(WIDTH_IN * DPI)} × {int(HEIGHT_IN * DPI)} px) and `<file>.svg` "
            "(16:9). Paste the alt text into your slide's alt text and keep the source line under the figure.",
            "", "| file | chapter | title | alt text | source |", "|---|---|---|---|---|"]
    rows += [f"| {s.file} | {s.chapter} | {_cell(s.title)} | {_cell(s.alt)} | {_cell(s.source)} |" for s in slides]
    (out_dir / "index.md").write_text("\n".join(rows) + "\n", encoding="utf-8")


def export_slides(out_dir: Path = ROOT / "_build" / "slides", notebooks: list[Path] | None = None) -> list[Slide]:
    """Export the key figures of every chapter (``_toc.yml``) into ``out_dir``, with the index."""
    notebooks = chapter_notebooks() if notebooks is None else notebooks
    out_dir = out_dir.resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in [*out_dir.glob("*.png"), *out_dir.glob("*.svg")]:
        old.unlink()
    slides = [slide for path in notebooks for slide in chapter_slides(path, out_dir)]
    write_index(slides, out_dir)
    return slides
