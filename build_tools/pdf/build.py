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
from datetime import datetime, timezone
from pathlib import Path

from markupsafe import Markup

from ..content import Course
from ..render.script import to_hans
from .course_doc import EDITIONS, course_context
from .drill_doc import answers_context, workbook_context
from .env import render, stylesheet
from .parallel import build_parallel
from .system import check_system
from .typeset import compress_punctuation
from .writer import DocStats, write_pdf

DOCUMENTS = {
    "course": ("course.pdf", "course.html.j2", course_context),
    "workbook": ("workbook.pdf", "workbook.html.j2", workbook_context),
    "answers": ("answers.pdf", "answers.html.j2", answers_context),
}
"""name → (file name, template, context function)."""


def file_name(name: str, edition: str = "trainee") -> str:
    """The PDF's file name: the editor's edition of the course is ``course-editor.pdf``."""
    base = DOCUMENTS[name][0]
    return base if edition == "trainee" or name != "course" else base.replace(".pdf", f"-{edition}.pdf")


def build_date() -> datetime:
    """The creation date written into the PDFs: ``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch else datetime.now(timezone.utc)
    return when.replace(microsecond=0)


def render_html(course: Course, name: str, edition: str = "trainee", workbook_pages: dict[str, int] | None = None) -> str:
    """The print HTML of one document (``course``, ``workbook`` or ``answers``), in Simplified script.

    ``edition`` (:data:`~build_tools.pdf.course_doc.EDITIONS`) matters for the course only, and so
    does ``workbook_pages`` (drill id → workbook page), which adds page references to its 练一练.
    Adjacent punctuation marks are marked for compression (:mod:`.typeset`).
    """
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}: choose from {', '.join(EDITIONS)}")
    _, template, context = DOCUMENTS[name]
    data = context(course, edition, workbook_pages) if name == "course" else context(course)
    html = render(template, stylesheet=Markup(stylesheet()), date=build_date().isoformat(), **data)
    return compress_punctuation(to_hans(html))


def build_one(
    course: Course, name: str, tmp: Path, out_dir: Path, keep_html: bool, edition: str = "trainee",
    workbook_pages: dict[str, int] | None = None,
) -> DocStats:
    """Render and write one document into ``tmp`` (in a worker process when building in parallel)."""
    file_name_ = file_name(name, edition)
    stats = DocStats(name, out_dir / file_name_)
    t0 = time.perf_counter()
    html = render_html(course, name, edition, workbook_pages)
    stats.html_seconds = time.perf_counter() - t0
    if keep_html:
        (tmp / file_name_).with_suffix(".html").write_text(html, encoding="utf-8")
    return write_pdf(name, html, tmp / file_name_, stats)


def built_before(name: str) -> int:
    """Build order: the workbook first, the course last (its 练一练 cites workbook pages)."""
    return {"workbook": 0, "course": 2}.get(name, 1)


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
    edition: str = "trainee",
) -> dict[str, Path]:
    """Write ``course.pdf``, ``workbook.pdf`` and ``answers.pdf`` into ``out_dir``.

    Returns name → path.  ``timings``, when given, is filled with a
    :class:`DocStats` per document (seconds per stage, pages, bytes).
    ``keep_html`` also writes the HTML given to WeasyPrint (for debugging).
    ``jobs`` is the number of documents built at once: 1 (default) builds in
    this process, more builds in worker subprocesses (:mod:`.parallel`),
    ``None`` means one per document, at most one per CPU.
    ``edition`` ``editor`` writes the course as ``course-editor.pdf`` with its
    editorial apparatus (the workbook and the key have none).
    Raises :class:`~build_tools.pdf.system.PdfError` (missing system package,
    missing glyphs, WeasyPrint warnings); nothing in ``out_dir`` changes then.
    """
    check_system()
    out_dir = Path(out_dir).resolve()
    names = list(documents or DOCUMENTS)
    unknown = [n for n in names if n not in DOCUMENTS]
    if unknown:
        raise ValueError(f"unknown document(s) {unknown}: choose from {list(DOCUMENTS)}")
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}: choose from {', '.join(EDITIONS)}")
    jobs = default_jobs(len(names)) if jobs is None else max(1, jobs)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_dir.parent / f".pdf-build-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        if jobs == 1 or len(names) == 1:
            stats = {}
            for name in sorted(names, key=built_before):  # the workbook first: the course cites its pages
                pages = stats["workbook"].drill_pages if "workbook" in stats else None
                stats[name] = build_one(course, name, tmp, out_dir, keep_html, edition, pages)
        else:
            stats = build_parallel(course, names, tmp, out_dir, keep_html, jobs, edition)
        if timings is not None:
            timings.update(stats)
        out_dir.mkdir(parents=True, exist_ok=True)
        for path in sorted(tmp.iterdir()):
            os.replace(path, out_dir / path.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {name: out_dir / file_name(name, edition) for name in names}
