"""Build the three PDFs: the course, the drill workbook and its answer key.

``build_pdfs`` renders each document's HTML from the print templates,
converts it to the Simplified edition (the handbook, the causes and one
article are Traditional in the YAML), checks the glyphs, and lets WeasyPrint
write the PDF.  The files are written into a temporary folder first and
moved into place only when all three succeeded, so a failed build leaves
the previous PDFs untouched.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from markupsafe import Markup

from ..content import Course
from ..render.script import to_hans
from .course_doc import course_context
from .drill_doc import answers_context, workbook_context
from .env import asset, render
from .system import check_system
from .writer import DocStats, write_pdf

DOCUMENTS = {
    "course": ("course.pdf", "course.html.j2", course_context),
    "workbook": ("workbook.pdf", "workbook.html.j2", workbook_context),
    "answers": ("answers.pdf", "answers.html.j2", answers_context),
}
"""name → (file name, template, context function)."""


def render_html(course: Course, name: str) -> str:
    """The print HTML of one document (``course``, ``workbook`` or ``answers``), in Simplified script."""
    _, template, context = DOCUMENTS[name]
    html = render(template, stylesheet=Markup(asset("print.css")), **context(course))
    return to_hans(html)


def build_pdfs(
    course: Course,
    out_dir: Path,
    *,
    documents: list[str] | None = None,
    timings: dict[str, DocStats] | None = None,
    keep_html: bool = False,
) -> dict[str, Path]:
    """Write ``course.pdf``, ``workbook.pdf`` and ``answers.pdf`` into ``out_dir``.

    Returns name → path.  ``timings``, when given, is filled with a
    :class:`DocStats` per document (seconds per stage, pages, bytes).
    ``keep_html`` also writes the HTML given to WeasyPrint (for debugging).
    Raises :class:`~build_tools.pdf.system.PdfError` (missing system package,
    missing glyphs, WeasyPrint warnings); nothing in ``out_dir`` changes then.
    """
    check_system()
    out_dir = Path(out_dir).resolve()
    names = documents or list(DOCUMENTS)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_dir.parent / f".pdf-build-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    written: dict[str, Path] = {}
    try:
        for name in names:
            file_name = DOCUMENTS[name][0]
            stats = DocStats(name, out_dir / file_name)
            t0 = time.perf_counter()
            html = render_html(course, name)
            stats.html_seconds = time.perf_counter() - t0
            if keep_html:
                (tmp / file_name).with_suffix(".html").write_text(html, encoding="utf-8")
            write_pdf(name, html, tmp / file_name, stats)
            if timings is not None:
                timings[name] = stats
        out_dir.mkdir(parents=True, exist_ok=True)
        for path in sorted(tmp.iterdir()):
            os.replace(path, out_dir / path.name)
        for name in names:
            written[name] = out_dir / DOCUMENTS[name][0]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return written
