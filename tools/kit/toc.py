"""The chapters the kit covers: every notebook that ``_toc.yml`` lists, in order."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def toc_files(toc: Path = ROOT / "_toc.yml") -> list[str]:
    """Every ``file:`` of the table of contents (root first), without suffix, in reading order."""
    data = yaml.safe_load(toc.read_text(encoding="utf-8"))
    files: list[str] = [data["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries or []:
            if "file" in entry:
                files.append(entry["file"])
            for key in ("parts", "chapters", "sections"):
                walk(entry.get(key, []))

    walk(data.get("parts", []) + data.get("chapters", []))
    return files


def chapter_notebooks(toc: Path = ROOT / "_toc.yml") -> list[Path]:
    """The ``.ipynb`` files of the table of contents, in reading order."""
    root = toc.parent
    return [root / f"{f}.ipynb" for f in toc_files(toc) if (root / f"{f}.ipynb").is_file()]
