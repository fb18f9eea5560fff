"""Counts over the course, for `python -m build_tools stats`."""

from __future__ import annotations

from collections import Counter

from .checks import texts
from .content import Course
from .models import Dialogue, Letter, Paragraph, PointItem, Points


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
    for lesson in course.lessons:
        c["summary paragraphs"] += len(lesson.summary)
        c["repairs"] += len(lesson.edits)
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
        "narration turns", "letters", "summary paragraphs", "repairs", "tags", "search terms", "characters",
    ]
    keys = order + sorted(k for k in stats if k not in order)
    width = max(len(k) for k in keys)
    return "\n".join(f"{k:<{width}}  {stats.get(k, 0):>6}" for k in keys)
