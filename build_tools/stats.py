"""Counts over the course, for `python -m build_tools stats`."""

from __future__ import annotations

from collections import Counter

from .checks import texts
from .content import Course
from .models import Dialogue, Letter, Paragraph, PointItem, Points
from .models.base import EDIT_KINDS


def _points(items: list[PointItem]) -> tuple[int, int]:
    """(points, paragraphs inside them) counted recursively."""
    n_points = n_paras = 0
    for item in items:
        n_points += 1
        n_paras += 1 + len(item.paragraphs) + len(item.after)
        sub_points, sub_paras = _points(item.items)
        n_points += sub_points
        n_paras += sub_paras
    return n_points, n_paras


def course_stats(course: Course) -> dict[str, int]:
    c: Counter[str] = Counter()
    c["topics"] = len(course.topics)
    c["lessons"] = len(course.lessons)
    c["loss causes"] = len(course.causes)
    for part in course.parts:
        c["handbook sections" if part.key == "handbook" else "article sections"] += len(part.sections)
    for _, item in course.items():
        for edit in getattr(item, "edits", []):
            c["repairs"] += 1
            c[f"repairs: {edit.kind}"] += 1
        for block in getattr(item, "body", []):
            if block.type == "stats":
                c["charts" if block.chart == "bar" else "figure tables"] += 1
                c["figures"] += len(block.figures)
            elif block.type in ("steps", "table") and getattr(block, "diagram", False):
                c["diagrams"] += 1
    c["drills"] = len(course.drills)
    c["decisions"] = sum(1 for d in course.drills for s in d.steps if s.kind == "choice")
    c["exercise steps"] = sum(1 for d in course.drills for s in d.steps if s.kind != "choice")
    for lesson in course.lessons:
        c["summary paragraphs"] += len(lesson.summary)
        c["tags"] += len(lesson.tags)
        c["search terms"] += len(lesson.terms)
        c["characters"] += sum(len(t) for t in texts(lesson.body)) + sum(len(t) for t in lesson.summary)
        for block in lesson.body:
            if isinstance(block, Paragraph):
                c["paragraphs"] += 1
            elif isinstance(block, Points):
                points, paras = _points(block.items)
                c["points"] += points
                c["paragraphs"] += paras
            elif isinstance(block, Dialogue):
                c["dialogues"] += 1
                c["dialogue turns"] += sum(1 for t in block.turns if t.speaker)
                c["narration turns"] += sum(1 for t in block.turns if t.narration)
            elif isinstance(block, Letter):
                c["letters"] += 1
                c["paragraphs"] += len(block.paragraphs)
    return dict(c)


def format_stats(stats: dict[str, int]) -> str:
    order = [
        "topics", "lessons", "paragraphs", "points", "dialogues", "dialogue turns",
        "narration turns", "letters", "summary paragraphs", "tags", "search terms", "characters",
        "loss causes", "handbook sections", "article sections", "charts", "figure tables", "figures",
        "diagrams", "repairs", *(f"repairs: {kind}" for kind in EDIT_KINDS), "drills", "decisions", "exercise steps",
    ]
    keys = order + sorted(k for k in stats if k not in order)
    width = max(len(k) for k in keys)
    return "\n".join(f"{k:<{width}}  {stats.get(k, 0):>6}" for k in keys)


def coverage(course: Course) -> dict[str, tuple[list[str], list[str]]]:
    """For lessons, causes and handbook sections: (practised, not yet practised) refs."""
    from .crossrefs import cited

    used = {ref for d in course.drills for ref in cited(d)}
    groups = {
        "lessons": [f"lessons/{lesson.id}" for lesson in course.lessons],
        "loss causes": [f"causes/{c.id}" for c in course.causes],
        "handbook sections": [f"handbook/{s.id}" for p in course.parts if p.key == "handbook" for s in p.sections],
    }
    return {name: ([r for r in refs if r in used], [r for r in refs if r not in used]) for name, refs in groups.items()}


def format_coverage(cov: dict[str, tuple[list[str], list[str]]]) -> str:
    lines = ["", "practised by the drills:"]
    for name, (done, missing) in cov.items():
        total = len(done) + len(missing)
        lines.append(f"  {name:<18} {len(done):>3} / {total}")
        if missing:
            lines.append(f"    not yet practised: {', '.join(missing)}")
    return "\n".join(lines)
