"""The student edition: every chapter's notebook without its solutions, hidden checks or answers.

What is removed from a chapter (``student_notebook``):

* sphinx-exercise solutions: the text and the code cells from a ``{solution-start}`` fence to its
  ``{solution-end}`` fence (which may sit inside longer Markdown cells), and every ``{solution}``
  directive with its content. Exercises (``{exercise}``, ``{exercise-start}`` … ``{exercise-end}``) stay.
* cells tagged ``remove-cell`` (the assertion cells that check the text's claims), except the Colab
  bootstrap cell, which students need in Colab.
* answer-bearing glue: a ``glue``/``glue_number``/``glue_text`` call in a kept code cell whose name the prose
  uses only inside solutions (the statement goes; a sole statement of a block becomes ``pass``).
* outputs and execution counts.

Where a solution's code was, one empty code cell (``# Your answer``) is left for the student.
"""

from __future__ import annotations

import ast
import copy
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .toc import ROOT, chapter_notebooks

GLUE_FUNCTIONS = {"glue", "glue_number", "glue_text"}
_FENCE_OPEN = re.compile(r"^\s{0,3}(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}(?P<arg>.*)$")
_GLUE_ROLE = re.compile(r"\{glue(?::[a-z]*)?\}`(?P<name>[^`:]+)(?::[^`]*)?`")
_GLUE_DIRECTIVE = re.compile(r"^\s*(?:`{3,}|:{3,})\{glue(?::[a-z]*)?\}\s+(?P<name>\S+)", re.MULTILINE)
ANSWER_CELL = "# Your answer"
# The zip's name, in out_dir and in the HTML build (book/instructor_guide.md links ``../student-edition.zip``).
ZIP_NAME = "student-edition.zip"
SOLUTION_FENCES = {"solution", "solution-start", "solution-end"}


@dataclass
class Removed:
    """What ``student_notebook`` took out of one chapter (used by the tests and the summary)."""

    solution_text: list[str] = field(default_factory=list)
    solution_code: list[str] = field(default_factory=list)
    hidden_cells: list[str] = field(default_factory=list)
    answer_glue: set[str] = field(default_factory=set)   # names glued only for solutions
    glue_statements: list[str] = field(default_factory=list)


def is_colab_bootstrap(cell: dict) -> bool:
    """The hidden first cell that clones the repository in Colab only."""
    return cell["cell_type"] == "code" and "google.colab" in cell["source"]


def _closing_fence(lines: list[str], start: int, fence: str) -> int:
    """Index of the line that closes the fence opened at ``lines[start]`` (the last line if none does)."""
    closing = re.compile(rf"^\s*{re.escape(fence[0])}{{{len(fence)},}}\s*$")
    for i in range(start + 1, len(lines)):
        if closing.match(lines[i]):
            return i
    return len(lines) - 1


def split_solutions(markdown: str, in_solution: bool) -> tuple[str, str, bool]:
    """Split a Markdown cell into (kept text, solution text, still inside a gated solution after it).

    ``in_solution`` says whether a ``{solution-start}`` of an earlier cell is still open.
    """
    lines = markdown.split("\n")
    kept: list[str] = []
    removed: list[str] = []
    i = 0
    while i < len(lines):
        match = _FENCE_OPEN.match(lines[i])
        name = match["name"] if match else None
        if name in SOLUTION_FENCES:
            end = _closing_fence(lines, i, match["fence"])
            removed.extend(lines[i:end + 1])
            if name == "solution-start":
                in_solution = True
            elif name == "solution-end":
                in_solution = False
            i = end + 1
            continue
        (removed if in_solution else kept).append(lines[i])
        i += 1
    return "\n".join(kept).strip("\n"), "\n".join(removed), in_solution


def glue_names_in_text(markdown: str) -> set[str]:
    """Names the prose shows through ``{glue:…}`` roles and ``{glue…}`` directives."""
    return ({m["name"].strip() for m in _GLUE_ROLE.finditer(markdown)}
            | {m["name"].strip() for m in _GLUE_DIRECTIVE.finditer(markdown)})


def _parseable(code: str) -> str:
    """The cell's code with IPython magics and shell lines blanked (line numbers unchanged)."""
    return "\n".join(re.sub(r"^(\s*)[%!].*$", r"\1pass", line) for line in code.split("\n"))


def _glue_name_pattern(call: ast.Call) -> re.Pattern[str] | None:
    """The glued name of a ``glue*(name, …)`` call as a pattern (an f-string's fields match anything)."""
    func = call.func
    called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
    if called not in GLUE_FUNCTIONS or not call.args:
        return None
    first = call.args[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return re.compile(re.escape(first.value))
    if isinstance(first, ast.JoinedStr):
        parts = [re.escape(v.value) if isinstance(v, ast.Constant) else ".+" for v in first.values]
        return re.compile("".join(parts))
    return re.compile(".+")   # a name computed some other way: it could be any name


def remove_glue(code: str, names: set[str], shown: frozenset[str] | set[str] = frozenset()) -> tuple[str, list[str]]:
    """Remove the statements ``glue*(name, …)`` whose name may be one of ``names`` and none of ``shown``.

    A call whose name is an f-string (glued in a loop) may glue both a shown name and an answer: it stays,
    and the tests catch an answer it glues when the student edition runs. Returns the new code and the removed statements. A statement that is the only one of its block is
    replaced by ``pass`` so that the code stays valid.
    """
    if not names:
        return code, []
    tree = ast.parse(_parseable(code))
    targets: list[tuple[ast.stmt, bool]] = []
    for node in ast.walk(tree):
        for value in ast.iter_fields(node):
            body = value[1]
            if not (isinstance(body, list) and body and isinstance(body[0], ast.stmt)):
                continue
            for stmt in body:
                if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
                    pattern = _glue_name_pattern(stmt.value)
                    if (pattern is not None and any(pattern.fullmatch(n) for n in names)
                            and not any(pattern.fullmatch(n) for n in shown)):
                        targets.append((stmt, len(body) == 1))
    lines = code.split("\n")
    removed: list[str] = []
    for stmt, sole in sorted(targets, key=lambda t: t[0].lineno, reverse=True):
        first, last = stmt.lineno - 1, stmt.end_lineno - 1
        removed.insert(0, "\n".join(lines[first:last + 1]))
        indent = re.match(r"\s*", lines[first]).group(0)
        lines[first:last + 1] = [f"{indent}pass"] if sole else []
    return "\n".join(lines), removed


def student_notebook(nb: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, Removed]:
    """The student edition of one chapter, and what was removed from it."""
    removed = Removed()
    kept_cells = []
    public_text: list[str] = []
    in_solution = False
    for cell in nb.cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if cell["cell_type"] == "markdown":
            kept, solution, in_solution = split_solutions(cell["source"], in_solution)
            if solution.strip():
                removed.solution_text.append(solution)
            if kept.strip():
                new = copy.deepcopy(cell)
                new["source"] = kept
                kept_cells.append(new)
                public_text.append(kept)
            continue
        if in_solution:
            removed.solution_code.append(cell["source"])
            if not (kept_cells and kept_cells[-1]["cell_type"] == "code" and kept_cells[-1]["source"] == ANSWER_CELL):
                kept_cells.append(nbformat.v4.new_code_cell(ANSWER_CELL))   # where the student works
            continue
        if "remove-cell" in tags and not is_colab_bootstrap(cell):
            removed.hidden_cells.append(cell["source"])
            continue
        kept_cells.append(copy.deepcopy(cell))
    shown = set().union(*map(glue_names_in_text, public_text)) if public_text else set()
    in_solutions = set().union(*map(glue_names_in_text, removed.solution_text)) if removed.solution_text else set()
    removed.answer_glue = in_solutions - shown
    for cell in kept_cells:
        if cell["cell_type"] == "code":
            cell["source"], statements = remove_glue(cell["source"], removed.answer_glue, shown)
            removed.glue_statements.extend(statements)
            cell["outputs"] = []
            cell["execution_count"] = None
    student = copy.deepcopy(nb)
    student.cells = kept_cells
    return student, removed


README = """Selling Treasuries: student edition
====================================

These are the book's chapters as notebooks, with the exercises and without their solutions.
Open them in the book's environment: copy them into the book/ folder of a clone of the repository
(after `make book`, or `pip install -r requirements.txt`), or upload them to the book's Binder.
The solutions are in the HTML book.
"""


def write_student_edition(out_dir: Path = ROOT / "_build" / "student",
                          notebooks: list[Path] | None = None) -> dict[str, Removed]:
    """Write ``out_dir/<chapter>.ipynb`` for every chapter and their zip, ``out_dir/student-edition.zip``."""
    notebooks = chapter_notebooks() if notebooks is None else notebooks
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.ipynb"):
        old.unlink()
    summary: dict[str, Removed] = {}
    for path in notebooks:
        student, removed = student_notebook(nbformat.read(path, as_version=4))
        nbformat.write(student, out_dir / path.name)
        summary[path.name] = removed
    with zipfile.ZipFile(out_dir / ZIP_NAME, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("student-edition/README.txt", README)
        for path in notebooks:
            archive.write(out_dir / path.name, f"student-edition/{path.name}")
    return summary
