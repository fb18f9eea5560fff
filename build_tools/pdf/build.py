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
from .env import render, stylesheet
from .parallel import build_parallel
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
    html = render(template, stylesheet=Markup(stylesheet()), **context(course))
    return to_hans(html)


def build_one(course: Course, name: str, tmp: Path, out_dir: Path, keep_html: bool) -> DocStats:
    """Render and write one document into ``tmp`` (in a worker process when building in parallel)."""
    file_name = DOCUMENTS[name][0]
    stats = DocStats(name, out_dir / file_name)
    t0 = time.perf_counter()
    html = render_html(course, name)
    stats.html_seconds = time.perf_counter() - t0
    if keep_html:
        (tmp / file_name).with_suffix(".html").write_text(html, encoding="utf-8")
    return write_pdf(name, html, tmp / file_name, stats)


def default_jobs(n_documents: int) -> int:
    """One worker process per document, at most one per CPU."""
    return max(1, min(n_documents, os.cpu_count() or 1))


def build_pdfs(
    course: Course,
    out_dir: Path,
    *,
    documents: list[str] | None = None,
    timings: dict[str, DocStats] | None = None,
    keep_html: bool = False,
    jobs: int | None = 1,
) -> dict[str, Path]:
    """Write ``course.pdf``, ``workbook.pdf`` and ``answers.pdf`` into ``out_dir``.

    Returns name → path.  ``timings``, when given, is filled with a
    :class:`DocStats` per document (seconds per stage, pages, bytes).
    ``keep_html`` also writes the HTML given to WeasyPrint (for debugging).
    ``jobs`` is the number of documents built at once: 1 (default) builds in
    this process, more builds in worker subprocesses (:mod:`.parallel`),
    ``None`` means one per document, at most one per CPU.
    Raises :class:`~build_tools.pdf.system.PdfError` (missing system package,
    missing glyphs, WeasyPrint warnings); nothing in ``out_dir`` changes then.
    """
    check_system()
    out_dir = Path(out_dir).resolve()
    names = list(documents or DOCUMENTS)
    unknown = [n for n in names if n not in DOCUMENTS]
    if unknown:
        raise ValueError(f"unknown document(s) {unknown}: choose from {list(DOCUMENTS)}")
    jobs = default_jobs(len(names)) if jobs is None else max(1, jobs)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_dir.parent / f".pdf-build-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        if jobs == 1 or len(names) == 1:
            stats = {name: build_one(course, name, tmp, out_dir, keep_html) for name in names}
        else:
            stats = build_parallel(course, names, tmp, out_dir, keep_html, jobs)
        if timings is not None:
            timings.update(stats)
        out_dir.mkdir(parents=True, exist_ok=True)
        for path in sorted(tmp.iterdir()):
            os.replace(path, out_dir / path.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {name: out_dir / DOCUMENTS[name][0] for name in names}
