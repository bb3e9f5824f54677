"""Checks on the book's sources, before any build: the table of contents, the notebooks, the citations
and the configuration."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
PAGE_SUFFIXES = (".md", ".ipynb")
# Parts of the toc whose chapters need no hidden assertion cells.
# "For lecturers" holds classroom material (the coalition game, the guide), not chapters of the argument: no
# precomputed static widget is required of it.
NON_CHAPTER_PARTS = re.compile(r"appendi|bibliograph|reference|lecturer", re.IGNORECASE)
NON_CHAPTER_FILES = re.compile(r"bibliography|references|appendix", re.IGNORECASE)


def toc_entries(node: Any = TOC) -> list[str]:
    """Every ``file:`` / ``root:`` entry of the toc, in order (sections included)."""
    found: list[str] = []
    if isinstance(node, dict):
        for key in ("root", "file"):
            if isinstance(node.get(key), str):
                found.append(node[key])
        for value in node.values():
            if isinstance(value, (list, dict)):
                found.extend(toc_entries(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(toc_entries(item))
    return found


def chapter_entries() -> list[str]:
    """The toc's chapters (and their sections) outside the appendix / bibliography parts."""
    entries: list[str] = []
    for part in TOC.get("parts", []):
        if NON_CHAPTER_PARTS.search(part.get("caption", "")):
            continue
        entries.extend(e for e in toc_entries(part.get("chapters", [])) if not NON_CHAPTER_FILES.search(e))
    return entries


def source_of(entry: str) -> Path | None:
    """The file behind a toc entry (entries are written without their suffix)."""
    path = ROOT / entry
    if path.suffix in PAGE_SUFFIXES and path.is_file():
        return path
    for suffix in PAGE_SUFFIXES:
        if path.with_name(path.name + suffix).is_file():
            return path.with_name(path.name + suffix)
    return None


def book_pages() -> list[Path]:
    return sorted(p for p in BOOK.rglob("*") if p.suffix in PAGE_SUFFIXES and p.is_file()
                  and ".ipynb_checkpoints" not in p.parts)


NOTEBOOKS = [p for p in book_pages() if p.suffix == ".ipynb"]
CHAPTER_NOTEBOOKS = [p for p in (source_of(e) for e in chapter_entries()) if p is not None and p.suffix == ".ipynb"]


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    src = cell.get("source", "")
    return "".join(src) if isinstance(src, list) else src


# --- the table of contents ------------------------------------------------------------------------

def test_toc_lists_pages():
    assert toc_entries(), "_toc.yml lists no page"
    assert chapter_entries(), "_toc.yml lists no chapter outside the appendices"


@pytest.mark.parametrize("entry", toc_entries())
def test_toc_entry_exists_in_book(entry):
    path = source_of(entry)
    assert path is not None, f"_toc.yml lists {entry!r}, but neither {entry}.md nor {entry}.ipynb exists"
    assert BOOK in path.parents, f"_toc.yml entry {entry!r} is outside book/"


def test_every_page_is_in_toc():
    listed = {source_of(e) for e in toc_entries()}
    orphans = [rel(p) for p in book_pages() if p not in listed]
    assert not orphans, f"pages in book/ missing from _toc.yml (they would not be built): {orphans}"


def test_toc_lists_no_page_twice():
    entries = [str(source_of(e)) for e in toc_entries()]
    assert len(entries) == len(set(entries)), f"_toc.yml lists a page twice: {entries}"


# --- the notebooks --------------------------------------------------------------------------------

@pytest.mark.parametrize("path", NOTEBOOKS, ids=rel)
def test_notebook_has_no_stored_outputs(path):
    nb = load(path)
    dirty = [i for i, cell in enumerate(nb["cells"]) if cell["cell_type"] == "code"
             and (cell.get("outputs") or cell.get("execution_count") is not None)]
    assert not dirty, (f"{rel(path)}: code cells {dirty} have stored outputs or execution counts; "
                       "clear them (e.g. `jupyter nbconvert --clear-output --inplace`)")
    assert "widgets" not in nb.get("metadata", {}), f"{rel(path)}: saved widget state in the notebook metadata"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=rel)
def test_notebook_has_kernelspec(path):
    spec = load(path).get("metadata", {}).get("kernelspec", {})
    assert spec.get("name") and spec.get("display_name"), f"{rel(path)}: no kernelspec in the metadata"
    assert spec.get("language", "python") == "python", f"{rel(path)}: kernel is not Python: {spec}"


def removed_cells(nb: dict) -> list[tuple[int, dict]]:
    return [(i, c) for i, c in enumerate(nb["cells"]) if "remove-cell" in c.get("metadata", {}).get("tags", [])]


# The one other kind of hidden cell allowed: the Colab bootstrap, which does nothing unless the notebook
# runs in Colab (it fetches the book's code and data there), so it never changes what a reader sees.
COLAB_ONLY = re.compile(r"""if\s+["']google\.colab["']\s+in\s+sys\.modules""")


def is_assertion_cell(cell: dict) -> bool:
    return cell["cell_type"] == "code" and re.search(r"\bassert\b", source(cell)) is not None


@pytest.mark.parametrize("path", NOTEBOOKS, ids=rel)
def test_removed_cells_are_assertions(path):
    """A cell hidden from the reader may only check something: it must never make what the reader sees."""
    bad = [i for i, cell in removed_cells(load(path))
           if not is_assertion_cell(cell) and not (cell["cell_type"] == "code" and COLAB_ONLY.search(source(cell)))]
    assert not bad, f"{rel(path)}: cells {bad} are tagged remove-cell but are not assertion cells"


def colab_cell(path: Path) -> str:
    cells = [source(c) for c in load(path)["cells"] if c["cell_type"] == "code" and COLAB_ONLY.search(source(c))]
    assert len(cells) == 1, f"{rel(path)}: expected one Colab bootstrap cell, found {len(cells)}"
    return cells[0]


def test_colab_cells_clone_this_release_not_a_branch():
    """Colab fetches the code and data of the release the page was built from: the tag v<package version>
    (pyproject.toml), never a moving branch, and every notebook fetches the same one."""
    version = re.search(r'^version\s*=\s*"([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.M).group(1)
    cells = {rel(p): colab_cell(p) for p in NOTEBOOKS}
    for name, cell in cells.items():
        ref = re.search(r'^\s*REF\s*=\s*"([^"]+)"', cell, re.M)
        assert ref and ref.group(1) == f"v{version}", f"{name}: the Colab cell must pin REF = \"v{version}\""
        assert '"--branch", REF' in cell, f"{name}: the Colab cell must clone REF"
    assert len(set(cells.values())) == 1, "the Colab cells differ between notebooks"


@pytest.mark.parametrize("path", CHAPTER_NOTEBOOKS, ids=rel)
def test_chapter_has_assertion_cell(path):
    assert any(is_assertion_cell(c) for _, c in removed_cells(load(path))), (
        f"{rel(path)}: a chapter needs at least one hidden assertion cell (tagged remove-cell, with "
        "`assert`) that checks the numbers the text states")


# --- citations --------------------------------------------------------------------------------------

CITE = re.compile(r"\{(?:foot)?cite(?::[a-z]+)?\}`([^`]+)`")
BIB_ENTRY = re.compile(r"@(\w+)\s*\{\s*([^,\s]+)\s*,")


def bib_keys() -> set[str]:
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    return {key for kind, key in BIB_ENTRY.findall(text) if kind.lower() not in {"comment", "string", "preamble"}}


def cited_keys() -> dict[str, set[str]]:
    """Citation keys used in book/, by page (markdown text of pages and notebooks)."""
    cited: dict[str, set[str]] = {}
    for path in book_pages():
        if path.suffix == ".ipynb":
            text = "\n".join(source(c) for c in load(path)["cells"] if c["cell_type"] == "markdown")
        else:
            text = path.read_text(encoding="utf-8")
        for group in CITE.findall(text):
            cited.setdefault(rel(path), set()).update(k.strip() for k in group.split(",") if k.strip())
    return cited


def test_bibliography_has_no_duplicate_key():
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    keys = [key for _, key in BIB_ENTRY.findall(text)]
    assert len(keys) == len(set(keys)), f"duplicate keys in references.bib: {sorted({k for k in keys if keys.count(k) > 1})}"


def test_every_cited_key_is_in_references_bib():
    known = bib_keys()
    missing = {page: sorted(keys - known) for page, keys in cited_keys().items() if keys - known}
    assert not missing, f"citation keys not in references.bib: {missing}"


# --- configuration: nothing loaded from a third-party host ----------------------------------------

# Config values that are plain hyperlinks shown to the reader, not assets the page loads.
LINK_KEYS = {("repository", "url"), ("launch_buttons", "binderhub_url"), ("launch_buttons", "colab_url"),
             ("launch_buttons", "jupyterhub_url"), ("html", "baseurl")}
URL = re.compile(r"^\s*(?:https?:)?//", re.IGNORECASE)
# In an HTML snippet (a footer, an announcement): an element that loads something.
HTML_LOAD = re.compile(r"<(?:script|link|img|iframe|source|video|audio|embed)\b[^>]*\b(?:src|href|srcset|data)\s*=\s*"
                       r"[\"']?\s*(?:https?:)?//", re.IGNORECASE)


def config_strings(node: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], str]]:
    """Every string in the config, keys included, with the key path leading to it."""
    found: list[tuple[tuple[str, ...], str]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append((path + (str(key),), str(key)))
            found.extend(config_strings(value, path + (str(key),)))
    elif isinstance(node, list):
        for item in node:
            found.extend(config_strings(item, path))
    elif isinstance(node, str):
        found.append((path, node))
    return found


def test_config_loads_nothing_from_third_party_hosts():
    offending = []
    for path, text in config_strings(CONFIG):
        if path in LINK_KEYS:
            continue
        if URL.match(text) or HTML_LOAD.search(text):
            offending.append(f"{'.'.join(path)}: {text.strip()[:120]}")
    assert not offending, f"_config.yml points the pages at a third-party host: {offending}"


def test_config_vendors_mathjax_and_widgets():
    sphinx = CONFIG.get("sphinx", {}).get("config", {})
    assert sphinx.get("mathjax_path", "").startswith("npm/"), "mathjax_path must point into _static/npm/"
    widget_js = sphinx.get("nb_ipywidgets_js", {})
    assert widget_js and all(k.startswith("npm/") for k in widget_js), \
        f"nb_ipywidgets_js must load only vendored files from _static/npm/: {list(widget_js)}"
