"""The instructor's guide (book/instructor_guide.md): in the table of contents for lecturers, its key numbers
pasted from the chapters (never typed), and its link to the student edition's zip working in the built book
after the documented commands (`make book`, then `make student`)."""

from __future__ import annotations

import re
import zipfile

import nbformat
import pytest
import yaml

from conftest import BUILD_STAMP
from tools.kit.__main__ import main as kit
from tools.kit.student import ZIP_NAME, student_notebook
from tools.kit.toc import ROOT, chapter_notebooks

GUIDE = ROOT / "book" / "instructor_guide.md"
_GLUE_ROLE = re.compile(r"\{glue(?::[a-z]*)?\}`[^`]+`")


def test_the_guide_is_for_lecturers_before_the_game():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    part = next(p for p in toc["parts"] if p["caption"] == "For lecturers")
    files = [c["file"] for c in part["chapters"]]
    assert files.index("book/instructor_guide") < files.index("book/coalition_game")


def test_every_key_number_is_pasted_from_a_chapter():
    """In the key-number tables, the 'number' column holds no digit outside a glue role (maturities such as
    "10-year" aside), and every role pastes
    from a chapter of the book (``<chapter>.ipynb::<key>``)."""
    rows = [line for line in GUIDE.read_text(encoding="utf-8").splitlines() if line.startswith("| ")]
    numbers = [row.split(" | ")[0].removeprefix("| ") for row in rows if not row.startswith(("| number", "| minutes"))
               and not re.match(r"\|\s*\d+–\d+ \|", row)]
    assert len(numbers) >= 30
    chapters = {p.name for p in chapter_notebooks()}
    for cell in numbers:
        roles = _GLUE_ROLE.findall(cell)
        assert roles, f"a key number that is not pasted: {cell!r}"
        text = re.sub(r"\b\d+-year\b", "", _GLUE_ROLE.sub("", cell))   # maturities ("10-year") are names
        assert not re.search(r"\d", text), f"a typed number: {cell!r}"
        for role in roles:
            source = re.search(r"`([^`:]+\.ipynb)::", role)
            assert source and source[1] in chapters, f"{role} does not paste from a chapter of the book"


@pytest.fixture(scope="module")
def published_zip(built_book):
    """The zip the built book serves, as `make student` leaves it (made afresh unless newer than the build)."""
    published = built_book / ZIP_NAME
    if not (published.is_file() and published.stat().st_mtime > BUILD_STAMP.stat().st_mtime):
        assert kit(["student-edition"]) == 0
    return published


def test_the_guide_links_the_student_edition_zip(built_book, published_zip):
    page = built_book / "book" / "instructor_guide.html"
    links = re.findall(r'href="([^"]*\.zip)"', page.read_text(encoding="utf-8"))
    assert links, "the instructor's guide does not link the student edition"
    for link in links:
        assert (page.parent / link).resolve() == published_zip.resolve() and published_zip.is_file(), link
    with zipfile.ZipFile(published_zip) as archive:
        names = set(archive.namelist())
        assert names == {f"student-edition/{p.name}" for p in chapter_notebooks()} | {"student-edition/README.txt"}
        for path in chapter_notebooks():
            served = nbformat.reads(archive.read(f"student-edition/{path.name}").decode("utf-8"), as_version=4)
            expected, _ = student_notebook(nbformat.read(path, as_version=4))
            # the served notebook is today's student edition of the chapter: no solution, check or answer glue
            assert [c.source for c in served.cells] == [c.source for c in expected.cells], path.name
            assert not any("{solution" in c.source for c in served.cells), path.name


def test_the_guides_section_links_resolve(built_book):
    """The guide links chapter sections by their built ids (``<chapter>.html#<section>``): each page and id exists."""
    page = built_book / "book" / "instructor_guide.html"
    links = set(re.findall(r'href="([a-z_]+\.html)#([^"]+)"', page.read_text(encoding="utf-8")))
    assert len(links) >= 15
    for target, anchor in sorted(links):
        html = (page.parent / target).read_text(encoding="utf-8")
        assert f'id="{anchor}"' in html, f"{target}#{anchor} does not exist"
