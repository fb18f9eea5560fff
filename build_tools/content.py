"""Load the whole course from its YAML files into one validated :class:`Course`.

``load_course`` reads every content file, validates each against its model,
runs the cross-file rules in :mod:`build_tools.checks`, and returns either a
course or the complete list of problems, never just the first.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel

from .errors import ContentError, Problem
from .files import tree_problems
from .models import Lesson, SourceDocument, Sources, Topic, Topics
from .models.drill import Drill, Retired, Rulings
from .models.house import Conversion, Terminology
from .models.pages import Cause, Collection, SectionPage
from .models.thesaurus import Thesaurus
from .validate import validate
from .yamlload import Document, load

DOCS = "docs"
LESSONS = "docs/lessons"
CAUSES = "docs/causes"
THESAURUS = "docs/thesaurus.yaml"
DRILLS = "drills"


@dataclass(frozen=True)
class Part:
    """A source shown as a set of section pages (the handbook, an article)."""

    key: str  # content path of its folder, e.g. "handbook" or "articles/complaints"
    index: Collection
    sections: tuple[SectionPage, ...]

    def section(self, section_id: str) -> SectionPage:
        return next(s for s in self.sections if s.id == section_id)


@dataclass(frozen=True)
class PageRef:
    """What a reference such as `causes/slow-response` points at."""

    ref: str
    title: str
    path: str  # generated Markdown path below docs/, e.g. "causes/slow-response.md"


@dataclass(frozen=True)
class Course:
    """Every validated piece of content, plus where each came from."""

    root: Path
    sources: tuple[SourceDocument, ...]
    topics: tuple[Topic, ...]
    lessons: tuple[Lesson, ...]
    causes_index: Collection | None = None
    causes: tuple[Cause, ...] = ()
    parts: tuple[Part, ...] = ()
    drills: tuple[Drill, ...] = ()
    retired: Retired | None = None
    rulings: Rulings | None = None
    terminology: Terminology | None = None
    conversion: Conversion | None = None
    thesaurus: Thesaurus | None = None
    files: dict[str, Document] = field(default_factory=dict, compare=False, repr=False)
    """Parsed documents by content key (e.g. ``lessons/295``), for locating problems."""

    def lesson(self, lesson_id: int) -> Lesson:
        return next(lesson for lesson in self.lessons if lesson.id == lesson_id)

    def topic(self, topic_id: str) -> Topic:
        return next(topic for topic in self.topics if topic.id == topic_id)

    def source(self, source_id: str) -> SourceDocument:
        return next(doc for doc in self.sources if doc.id == source_id)

    def part(self, key: str) -> Part:
        return next(p for p in self.parts if p.key == key)

    def refs(self) -> dict[str, PageRef]:
        """Every page another page or a drill may cite, by content path."""
        out: dict[str, PageRef] = {}
        for lesson in self.lessons:
            ref = f"lessons/{lesson.id}"
            out[ref] = PageRef(ref, f"第{lesson.id}课 {lesson.title}", f"{ref}.md")
        if self.causes_index is not None:
            out["causes"] = PageRef("causes", self.causes_index.title, "causes/index.md")
        for cause in self.causes:
            ref = f"causes/{cause.id}"
            out[ref] = PageRef(ref, cause.name, f"{ref}.md")
        for part in self.parts:
            out[part.key] = PageRef(part.key, part.index.title, f"{part.key}/index.md")
            for section in part.sections:
                ref = f"{part.key}/{section.id}"
                out[ref] = PageRef(ref, section.title, f"{ref}.md")
        return out

    def drill(self, drill_id: str) -> Drill:
        return next(d for d in self.drills if d.id == drill_id)

    def items(self) -> list[tuple[str, BaseModel]]:
        """Every content object with its file key (e.g. `lessons/295`, `handbook/index`)."""
        out: list[tuple[str, BaseModel]] = [(f"lessons/{lesson.id}", lesson) for lesson in self.lessons]
        if self.causes_index is not None:
            out.append(("causes/index", self.causes_index))
        out += [(f"causes/{cause.id}", cause) for cause in self.causes]
        for part in self.parts:
            out.append((f"{part.key}/index", part.index))
            out += [(f"{part.key}/{section.id}", section) for section in part.sections]
        return out

    def lessons_in(self, topic_id: str) -> list[Lesson]:
        return [lesson for lesson in self.lessons if lesson.topic == topic_id]


def _content_key(rel: str) -> str:
    """`docs/lessons/295.yaml` → `lessons/295`; `drills/x.yaml` → `drills/x`."""
    key = Path(rel).with_suffix("").as_posix()
    return key[len(DOCS) + 1 :] if key.startswith(DOCS + "/") else key


def _read(path: Path, root: Path, model: type[BaseModel], problems: list[Problem]) -> tuple[object, Document | None]:
    doc, found = load(path, root)
    problems.extend(found)
    if doc is None or found:
        # A file with structural YAML problems is not validated or checked
        # further: its data may be partial and would only produce follow-on noise.
        return None, None
    obj, found = validate(doc, model)
    problems.extend(found)
    return obj, doc


# Folders of section pages, in the order they appear on the site.
PART_ORDER = ["handbook", "articles/complaints", "articles/after-sales"]


def _part_indexes(root: Path) -> list[Path]:
    """Every `docs/**/index.yaml` outside lessons/ and causes/, known parts first."""
    found = [p for p in (root / DOCS).rglob("index.yaml") if p.parent.name not in ("lessons", "causes") and p.parent != root / DOCS]
    rank = {key: i for i, key in enumerate(PART_ORDER)}
    return sorted(found, key=lambda p: (rank.get(p.parent.relative_to(root / DOCS).as_posix(), len(rank)), p.as_posix()))


def load_course(root: Path, drills: bool = True) -> tuple[Course | None, list[Problem]]:
    """Load and check all content below ``root``; return the course or the problems.

    ``drills=False`` leaves the drills out (for tools that read the pages only).
    """
    from . import checks, drill_checks, proofing, thesaurus_checks  # noqa: F401  (registers the other rules)

    root = Path(root)
    problems: list[Problem] = []
    files: dict[str, Document] = {}

    problems.extend(tree_problems(root))

    def required(rel: str, model: type[BaseModel]) -> object:
        path = root / rel
        if not os.path.lexists(path):
            problems.append(Problem(rel, 1, "", "file is missing"))
            return None
        obj, doc = _read(path, root, model, problems)
        if doc is not None:
            files[_content_key(rel)] = doc
        return obj

    sources = required(f"{DOCS}/sources.yaml", Sources)
    topics = required(f"{DOCS}/topics.yaml", Topics)
    # House lists: optional, so a course without them still loads.
    terminology = required(f"{DOCS}/terminology.yaml", Terminology) if (root / DOCS / "terminology.yaml").is_file() else None
    conversion = required(f"{DOCS}/conversion.yaml", Conversion) if (root / DOCS / "conversion.yaml").is_file() else None

    lesson_dir = root / LESSONS
    def folder(path: Path, model: type[BaseModel], skip: tuple[str, ...] = ("index.yaml",)) -> list:
        """Every `<folder>/*.yaml` except ``skip``, validated; remembered by content key."""
        found = []
        for file in sorted(path.glob("*.yaml")) if path.is_dir() else []:
            if file.name in skip:
                continue
            obj, doc = _read(file, root, model, problems)
            if doc is not None:
                files[_content_key(file.relative_to(root).as_posix())] = doc
            if obj is not None:
                found.append(obj)
        return found

    lessons: list[Lesson] = folder(lesson_dir, Lesson)
    if not (lesson_dir.is_dir() and any(lesson_dir.glob("*.yaml"))):
        problems.append(Problem(LESSONS, 1, "", "no lesson files found (expected docs/lessons/<id>.yaml)"))

    causes_index = None
    causes: list[Cause] = []
    if (root / CAUSES).is_dir():
        causes_index = required(f"{CAUSES}/index.yaml", Collection)
        causes = folder(root / CAUSES, Cause)

    parts: list[Part] = []
    for index_path in _part_indexes(root):
        key = index_path.parent.relative_to(root / DOCS).as_posix()
        index = required(index_path.relative_to(root).as_posix(), Collection)
        sections: list[SectionPage] = folder(index_path.parent, SectionPage)
        if index is not None:
            parts.append(Part(key, index, tuple(sorted(sections, key=lambda s: (s.order, s.id)))))  # type: ignore[arg-type]

    thesaurus = required(THESAURUS, Thesaurus) if (root / THESAURUS).is_file() else None

    retired = None
    if drills and os.path.lexists(root / DRILLS / "retired.yaml"):
        retired = required(f"{DRILLS}/retired.yaml", Retired)
    rulings = None
    if drills and os.path.lexists(root / DRILLS / "rulings.yaml"):
        rulings = required(f"{DRILLS}/rulings.yaml", Rulings)
    drill_list: list[Drill] = folder(root / DRILLS, Drill, skip=("retired.yaml", "rulings.yaml")) if drills else []

    if problems and (sources is None or topics is None):
        return None, sorted(set(problems))

    course = Course(
        root=root,
        sources=tuple(sources.documents) if sources else (),  # type: ignore[union-attr]
        topics=tuple(topics.topics) if topics else (),  # type: ignore[union-attr]
        lessons=tuple(sorted(lessons, key=lambda lesson: lesson.id)),
        causes_index=causes_index,  # type: ignore[arg-type]
        causes=tuple(sorted(causes, key=lambda c: (c.order, c.id))),
        parts=tuple(parts),
        drills=tuple(sorted(drill_list, key=lambda d: d.id)),
        retired=retired,  # type: ignore[arg-type]
        rulings=rulings,  # type: ignore[arg-type]
        terminology=terminology,  # type: ignore[arg-type]
        conversion=conversion,  # type: ignore[arg-type]
        thesaurus=thesaurus,  # type: ignore[arg-type]
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
