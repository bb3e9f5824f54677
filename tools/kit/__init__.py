"""The seminar kit's tools (not economics): the student edition, slides and the PDF of the book.

Run from the repository root: ``python -m tools.kit --help``.
"""
