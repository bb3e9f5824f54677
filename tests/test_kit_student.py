"""The student edition (tools/kit/student.py): nothing of a solution, a hidden check or an answer leaks,
and every student notebook still runs from top to bottom (offline, in this environment's kernel)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from tools.kit.student import glue_names_in_text, remove_glue, split_solutions, student_notebook, write_student_edition
from tools.kit.toc import ROOT, chapter_notebooks

BOOTSTRAP = 'import sys\nif "google.colab" in sys.modules:\n    pass'


def fixture_notebook() -> nbformat.NotebookNode:
    """A small chapter with every kind of thing the student edition must remove or keep."""
    hidden = {"tags": ["remove-cell"]}
    return new_notebook(cells=[
        new_code_cell(BOOTSTRAP, metadata=hidden),
        new_markdown_cell("# Title\n\nPublic number {glue:text}`shown:.1f`."),
        new_code_cell("from myst_nb import glue\nfrom selloff.notebook import glue_number, glue_text\n"
                      "glue('shown', 1.0, display=False)\nglue_number('answer_secret', 42.0)\n"
                      "for key in ('a', 'b'):\n    glue_text(f'{key}_secret_month', 'May')\n"
                      "glue_text('both', 'x')\nvalue = 3"),
        new_code_cell("assert value == 3  # checks the claim", metadata=hidden),
        new_markdown_cell("```{exercise-start}\n:label: ex1\n```\nCompute it.\n```{exercise-end}\n```\n\n"
                          "```{solution-start} ex1\n:class: dropdown\n```\nSee {glue:text}`both`."),
        new_code_cell("solution_value = value * 2\nsolution_value"),
        new_markdown_cell("It is {glue:text}`answer_secret:.0f` in {glue:text}`a_secret_month`.\n"
                          "```{solution-end}\n```\n\nBoth: {glue:text}`both`.\n\n"
                          "````{exercise} Discussion\n:label: ex2\nDiscuss.\n````\n\n"
                          "````{solution} ex2\n:class: dropdown\n```python\nprint('model answer')\n```\n"
                          "Model answer text.\n````\n\n:::{solution} ex2\nColon answer.\n:::\nAfter."),
        new_code_cell("%matplotlib inline\nprint(value)"),
    ])


def test_fixture_loses_solutions_checks_and_answer_glue_only():
    student, removed = student_notebook(fixture_notebook())
    text = "\n".join(c.source for c in student.cells)
    for leak in ("solution", "model answer", "Model answer", "Colon answer", "answer_secret", "_secret_month",
                 "solution_value", "assert value"):
        assert leak not in text, leak
    for kept in ("google.colab", "Public number", "{exercise-start}", "Compute it.", "{exercise} Discussion",
                 "Discuss.", "Both: {glue:text}`both`", "After.", "glue('shown'", "glue_text('both'",
                 "%matplotlib inline"):
        assert kept in text, kept
    assert removed.answer_glue == {"answer_secret", "a_secret_month"}
    assert len(removed.glue_statements) == 2 and len(removed.solution_code) == 1 and len(removed.hidden_cells) == 1
    # the loop whose only statement was an answer's glue stays valid Python
    assert "for key in ('a', 'b'):\n    pass" in text
    assert [c.source for c in student.cells].count("# Your answer") == 1


def test_a_loop_that_glues_shown_names_and_answers_stays():
    code = "for key in ('a', 'b'):\n    glue_text(f'{key}_month', 'May')"
    assert remove_glue(code, {"b_month"}, shown={"a_month"}) == (code, [])


def test_split_solutions_carries_an_open_solution_across_cells():
    kept, removed, open_after = split_solutions("Exercise.\n```{solution-start} x\n```\nAnswer begins", False)
    assert (kept, open_after) == ("Exercise.", True) and "Answer begins" in removed
    kept, removed, open_after = split_solutions("more answer\n```{solution-end}\n```\nNext.", True)
    assert (kept, open_after) == ("Next.", False) and "more answer" in removed


def test_glue_names_and_removal_helpers():
    assert glue_names_in_text("{glue:text}`a:,.0f` and {glue:}`b` and\n```{glue:figure} c\n```") == {"a", "b", "c"}
    code, gone = remove_glue("x = 1\nglue_number(name, x)\ny = 2", {"secret"})
    assert code == "x = 1\ny = 2" and gone == ["glue_number(name, x)"]   # a computed name could be the secret


@pytest.fixture(scope="module")
def student_edition(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("student")
    return out, write_student_edition(out)


def test_every_chapter_is_in_the_edition_and_the_zip(student_edition):
    out, summary = student_edition
    chapters = chapter_notebooks()
    assert chapters and sorted(summary) == sorted(p.name for p in chapters)
    with zipfile.ZipFile(out / "student-edition.zip") as archive:
        names = set(archive.namelist())
    assert {f"student-edition/{p.name}" for p in chapters} | {"student-edition/README.txt"} == names


def test_nothing_of_a_solution_or_check_leaks(student_edition):
    out, summary = student_edition
    for path in chapter_notebooks():
        original = nbformat.read(path, as_version=4)
        student = nbformat.read(out / path.name, as_version=4)
        sources = [c.source for c in student.cells]
        joined = "\n".join(sources)
        assert "{solution" not in joined, path.name
        hidden = [c.source for c in original.cells
                  if "remove-cell" in c.metadata.get("tags", []) and "google.colab" not in c.source]
        assert not set(hidden) & set(sources), f"{path.name}: a hidden check cell is in the student edition"
        assert all("remove-cell" not in c.metadata.get("tags", []) or "google.colab" in c.source
                   for c in student.cells), path.name
        removed = summary[path.name]
        assert not set(removed.solution_code) & set(sources), path.name
        # every exercise of the chapter is still there
        for directive in ("{exercise}", "{exercise-start}"):
            assert joined.count(directive) == "\n".join(c.source for c in original.cells).count(directive)


def _glued_names(nb: nbformat.NotebookNode) -> set[str]:
    """Names glued while the notebook ran (myst-nb's glue outputs carry them in their metadata)."""
    return {out.get("metadata", {}).get("scrapbook", {}).get("name")
            for cell in nb.cells if cell.cell_type == "code" for out in cell.get("outputs", [])} - {None}


def test_every_student_notebook_runs_and_glues_no_answer(student_edition):
    out, summary = student_edition
    for path in chapter_notebooks():
        nb = nbformat.read(out / path.name, as_version=4)
        # run where the chapter lives, as a student who copies it into book/ would
        NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
        leaked = _glued_names(nb) & summary[path.name].answer_glue
        assert not leaked, f"{path.name} glues answers of its solutions: {sorted(leaked)}"

