"""``python -m tools.kit COMMAND`` from the repository root: the seminar kit's commands."""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

from .toc import ROOT


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.kit", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    student = sub.add_parser("student-edition", help="solution-free notebooks of every chapter and a zip")
    student.add_argument("--out", type=Path, default=ROOT / "_build" / "student")
    student.add_argument("--html", type=Path, default=ROOT / "_build" / "html",
                         help="the HTML build, where the instructor's guide links the zip")
    slides = sub.add_parser("slides", help="every chapter's key figures (tag `slide`) as 16:9 PNG and SVG")
    slides.add_argument("--out", type=Path, default=ROOT / "_build" / "slides")
    pdf = sub.add_parser("pdf", help="print the built HTML book to one PDF with Chromium")
    pdf.add_argument("--html", type=Path, default=ROOT / "_build" / "html", help="the HTML build")
    pdf.add_argument("--out", type=Path, default=ROOT / "_build" / "pdf" / "selling-treasuries.pdf")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    if args.command == "student-edition":
        from .student import ZIP_NAME, write_student_edition
        summary = write_student_edition(args.out)
        args.html.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(args.out / ZIP_NAME, args.html / ZIP_NAME)   # the instructor's guide links it
        for name, removed in summary.items():
            print(f"{name}: removed {len(removed.solution_text)} solution texts, {len(removed.solution_code)} "
                  f"solution code cells, {len(removed.hidden_cells)} hidden cells, "
                  f"{len(removed.glue_statements)} answer glue calls")
        print(f"wrote {len(summary)} notebooks, {args.out / ZIP_NAME} and {args.html / ZIP_NAME}")
    elif args.command == "slides":
        from .slides import export_slides
        figures = export_slides(args.out)
        print(f"wrote {len(figures)} figures and {args.out / 'index.md'}")
    elif args.command == "pdf":
        from .pdf import PUBLISHED_NAME, print_pdf
        pages = print_pdf(args.html, args.out)
        shutil.copyfile(args.out, args.html / PUBLISHED_NAME)   # the front page links it
        print(f"wrote {args.out} ({pages} pages) and {args.html / PUBLISHED_NAME}")
    print(f"{args.command}: {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
