"""Load the whole course from its YAML files into one validated :class:`Course`.

``load_course`` reads every content file, validates each against its model,
runs the cross-file rules in :mod:`build_tools.checks`, and returns either a
course or the complete list of problems, never just the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from .errors import ContentError, Problem
from .models import Lesson, SourceDocument, Sources, Topic, Topics
from .validate import validate
from .yamlload import Document, load

DOCS = "docs"
LESSONS = "docs/lessons"


@dataclass(frozen=True)
class Course:
    """Every validated piece of content, plus where each came from."""

    root: Path
    sources: tuple[SourceDocument, ...]
    topics: tuple[Topic, ...]
    lessons: tuple[Lesson, ...]
    files: dict[str, Document] = field(default_factory=dict, compare=False, repr=False)
    """Parsed documents by content key (e.g. ``lessons/295``), for locating problems."""

    def lesson(self, lesson_id: int) -> Lesson:
        return next(lesson for lesson in self.lessons if lesson.id == lesson_id)

    def topic(self, topic_id: str) -> Topic:
        return next(topic for topic in self.topics if topic.id == topic_id)

    def source(self, source_id: str) -> SourceDocument:
        return next(doc for doc in self.sources if doc.id == source_id)

    def lessons_in(self, topic_id: str) -> list[Lesson]:
        return [lesson for lesson in self.lessons if lesson.topic == topic_id]

    def neighbours(self, lesson: Lesson) -> tuple[Lesson | None, Lesson | None]:
        """The lessons before and after ``lesson`` in reading order."""
        order = self.reading_order()
        i = order.index(lesson)
        return (order[i - 1] if i else None, order[i + 1] if i + 1 < len(order) else None)

    def reading_order(self) -> list[Lesson]:
        """Lessons grouped by topic (in topic order), numbered order within a topic."""
        return [lesson for topic in self.topics for lesson in self.lessons_in(topic.id)]


def _read(path: Path, root: Path, model: type[BaseModel], problems: list[Problem]) -> tuple[object, Document | None]:
    doc, found = load(path, root)
    problems.extend(found)
    if doc is None or found:
        # A file with structural YAML problems is not validated further:
        # its data may be partial and would only produce follow-on noise.
        return None, doc
    obj, found = validate(doc, model)
    problems.extend(found)
    return obj, doc


def load_course(root: Path) -> tuple[Course | None, list[Problem]]:
    """Load and check all content below ``root``; return the course or the problems."""
    from . import checks

    root = Path(root)
    problems: list[Problem] = []
    files: dict[str, Document] = {}

    def required(rel: str, model: type[BaseModel]) -> object:
        path = root / rel
        if not path.is_file():
            problems.append(Problem(rel, 1, "", "file is missing"))
            return None
        obj, doc = _read(path, root, model, problems)
        if doc is not None:
            files[Path(rel).relative_to(DOCS).with_suffix("").as_posix()] = doc
        return obj

    sources = required(f"{DOCS}/sources.yaml", Sources)
    topics = required(f"{DOCS}/topics.yaml", Topics)

    lessons: list[Lesson] = []
    lesson_dir = root / LESSONS
    paths = sorted(lesson_dir.glob("*.yaml")) if lesson_dir.is_dir() else []
    if not paths:
        problems.append(Problem(LESSONS, 1, "", "no lesson files found (expected docs/lessons/<id>.yaml)"))
    for path in paths:
        obj, doc = _read(path, root, Lesson, problems)
        if doc is not None:
            files[f"lessons/{path.stem}"] = doc
        if obj is not None:
            lessons.append(obj)  # type: ignore[arg-type]

    if problems and (sources is None or topics is None):
        return None, sorted(set(problems))

    course = Course(
        root=root,
        sources=tuple(sources.documents) if sources else (),  # type: ignore[union-attr]
        topics=tuple(topics.topics) if topics else (),  # type: ignore[union-attr]
        lessons=tuple(sorted(lessons, key=lambda lesson: lesson.id)),
        files=files,
    )
    problems.extend(checks.run_all(course))
    if problems:
        return None, sorted(set(problems))
    return course, []


def load_or_raise(root: Path) -> Course:
    """Like :func:`load_course`, but raise :class:`ContentError` with every problem."""
    course, problems = load_course(root)
    if course is None:
        raise ContentError(problems)
    return course
