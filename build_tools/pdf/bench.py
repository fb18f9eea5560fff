"""How long the PDFs take, for the real course and for a course ten times larger.

``bench_pdf(root)`` builds the three PDFs of the real course, then of a
synthetic course made by copying every lesson (new ids 1000+), cause,
handbook and article section and drill ``scale`` times, and reports time,
pages and sizes of both with the growth ratios.  Each copy cross-references
and cites its own copies, as a real course of that size would.
"""

from __future__ import annotations

import dataclasses
import os
import platform
import re
import resource
import tempfile
import time
from pathlib import Path

from ..content import Course, Part, load_or_raise
from ..models.drill import ChoiceStep, Drill
from .build import DOCUMENTS, build_pdfs, default_jobs
from .writer import DocStats


def _suffix(k: int) -> str:
    return f"-x{k}"


def copy_ref(ref: str, k: int) -> str:
    """The reference ``ref`` as seen from copy ``k`` (``k`` = 0 is the original)."""
    if k == 0:
        return ref
    m = re.fullmatch(r"lessons/(\d+)", ref)
    if m:
        return f"lessons/{1000 * k + int(m.group(1))}"
    return ref + _suffix(k) if ref.count("/") >= 1 else ref


def _title(text: str, k: int) -> str:
    return f"{text}（{k + 1}）"


def _copy_cites(cites: list, k: int) -> list:
    return [c.model_copy(update={"ref": copy_ref(c.ref, k)}) for c in cites]


def _copy_drill(drill: Drill, k: int) -> Drill:
    steps = []
    for step in drill.steps:
        if isinstance(step, ChoiceStep):
            choices = [c.model_copy(update={"cites": _copy_cites(c.cites, k)}) for c in step.choices]
            steps.append(step.model_copy(update={"choices": choices}))
        else:
            steps.append(step.model_copy(update={"cites": _copy_cites(step.cites, k)}))
    return drill.model_copy(update={"id": drill.id + _suffix(k), "title": _title(drill.title, k), "steps": steps})


def _copy_body(body: list, k: int) -> list:
    return [b.model_copy(update={"id": b.id + _suffix(k)}) if b.type == "stats" else b for b in body]


def scaled_course(course: Course, scale: int) -> Course:
    """``course`` with every lesson, cause, section and drill present ``scale`` times (unvalidated copy)."""
    lessons = list(course.lessons)
    causes = list(course.causes)
    drills = list(course.drills)
    sections: dict[str, list] = {p.key: list(p.sections) for p in course.parts}
    for k in range(1, scale):
        for lesson in course.lessons:
            lessons.append(lesson.model_copy(update={"id": 1000 * k + lesson.id, "title": _title(lesson.title, k)}))
        for cause in course.causes:
            causes.append(
                cause.model_copy(
                    update={
                        "id": cause.id + _suffix(k), "order": cause.order + k * len(course.causes), "name": _title(cause.name, k),
                        "related": [copy_ref(r, k) for r in cause.related],
                    }
                )
            )
        for part in course.parts:
            for s in part.sections:
                sections[part.key].append(
                    s.model_copy(
                        update={
                            "id": s.id + _suffix(k), "order": s.order + 1000 * k, "title": _title(s.title, k),
                            "related": [copy_ref(r, k) for r in s.related], "body": _copy_body(s.body, k),
                        }
                    )
                )
        drills += [_copy_drill(d, k) for d in course.drills]
    return dataclasses.replace(
        course,
        lessons=tuple(sorted(lessons, key=lambda lesson: lesson.id)),
        causes=tuple(causes),
        parts=tuple(Part(p.key, p.index, tuple(sections[p.key])) for p in course.parts),
        drills=tuple(drills),
        files={},
    )


def _content(course: Course) -> str:
    n_sections = sum(len(p.sections) for p in course.parts)
    return f"{len(course.lessons)} lessons, {len(course.causes)} causes, {n_sections} sections, {len(course.drills)} drills"


def _build(course: Course, out: Path, jobs: int | None) -> tuple[dict[str, DocStats], float]:
    timings: dict[str, DocStats] = {}
    t0 = time.perf_counter()
    build_pdfs(course, out, timings=timings, jobs=jobs)
    return timings, time.perf_counter() - t0


def _row(name: str, label: str, s: DocStats) -> str:
    stages = f"{s.html_seconds:.1f}/{s.check_seconds:.1f}/{s.layout_seconds:.1f}/{s.write_seconds:.1f}"
    return f"{name:<9} {label:>5} {s.pages:>6} {s.bytes / 1024:>10.0f} {s.seconds:>8.1f}   {stages}"


def _ratio(a: float, b: float) -> str:
    return f"×{b / a:.1f}" if a else "–"


def bench_pdf(root: Path, scale: int = 10, jobs: int | None = None) -> str:
    """Build the PDFs of the real course and of a ``scale``× synthetic course; return a report.

    ``jobs`` as for :func:`~build_tools.pdf.build_pdfs` (default: one process per
    document, at most one per CPU).  With 2 CPUs the ×10 run takes several minutes.
    """
    import weasyprint

    course = load_or_raise(Path(root))
    big = scaled_course(course, scale)
    with tempfile.TemporaryDirectory(prefix="pdf-bench-") as tmp:
        small_t, small_wall = _build(course, Path(tmp) / "x1", jobs)
        big_t, big_wall = _build(big, Path(tmp) / f"x{scale}", jobs)
    peak = max(resource.getrusage(who).ru_maxrss for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) / 1024
    lines = [
        f"PDF build benchmark: WeasyPrint {weasyprint.__version__}, Python {platform.python_version()}, {os.cpu_count()} CPUs",
        f"  ×1:  {_content(course)}",
        f"  ×{scale}: {_content(big)}",
        "",
        f"{'document':<9} {'scale':>5} {'pages':>6} {'size KiB':>10} {'seconds':>8}   html/glyphs/layout/write",
    ]
    for name in DOCUMENTS:
        lines.append(_row(name, "×1", small_t[name]))
        lines.append(_row(name, f"×{scale}", big_t[name]))
    lines.append("")
    workers = f"{jobs} job(s)" if jobs else f"{default_jobs(len(DOCUMENTS))} job(s) (auto)"
    lines.append(
        f"total wall time with {workers}: ×1 {small_wall:.1f} s, ×{scale} {big_wall:.1f} s ({_ratio(small_wall, big_wall)}); "
        f"peak memory of one process {peak:.0f} MiB"
    )
    lines.append(f"growth for ×{scale} content:")
    for name in DOCUMENTS:
        a, b = small_t[name], big_t[name]
        lines.append(
            f"  {name:<9} pages {_ratio(a.pages, b.pages)}, size {_ratio(a.bytes, b.bytes)}, time {_ratio(a.seconds, b.seconds)} "
            f"({b.seconds / b.pages * 1000:.0f} ms/page vs {a.seconds / a.pages * 1000:.0f} ms/page)"
        )
    return "\n".join(lines)
