"""Cross-file rules, one small function each.

The schema checks the shape of one file; these check what a single file
cannot: that ids are unique and match file names, that references resolve,
that dialogue speakers are in the cast and that recorded repairs point at
text that really reads as the repair says.  Each rule returns problems and
never raises.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator

from pydantic import BaseModel

from .content import Course
from .errors import Problem, format_loc
from .models import Dialogue, Lesson

Rule = Callable[[Course], list[Problem]]
RULES: list[Rule] = []


def rule(fn: Rule) -> Rule:
    RULES.append(fn)
    return fn


def run_all(course: Course) -> list[Problem]:
    problems: list[Problem] = []
    for check in RULES:
        problems.extend(check(course))
    return problems


def _at(course: Course, key: str, loc: tuple, message: str) -> Problem:
    doc = course.files.get(key)
    path = doc.path if doc else key
    line = doc.line_of(loc) if doc else 1
    return Problem(path, line, format_loc(loc), message)


def _key(lesson: Lesson) -> str:
    return f"lessons/{lesson.id}"


@rule
def ids_match_file_names(course: Course) -> list[Problem]:
    """``docs/lessons/295.yaml`` must hold lesson 295 (and so on), so URLs stay stable."""
    problems = []
    for key, doc in course.files.items():
        if key.endswith("/index") or "/" not in key or not isinstance(doc.data, dict) or "id" not in doc.data:
            continue
        stem = key.rsplit("/", 1)[1]
        got = doc.data.get("id")
        if str(got) != stem:
            problems.append(_at(course, key, ("id",), f"must equal the file name {stem} (got {got!r})"))
    return problems


@rule
def ids_are_unique(course: Course) -> list[Problem]:
    """Topic, source and lesson ids are each unique."""
    problems = []
    for key, items, field in (("topics", course.topics, "topics"), ("sources", course.sources, "documents")):
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            if item.id in seen:
                problems.append(
                    _at(course, key, (field, i, "id"), f"duplicate id {item.id!r} (already used by {field}[{seen[item.id]}])")
                )
            else:
                seen[item.id] = i
    counts = Counter(lesson.id for lesson in course.lessons)
    for lesson in course.lessons:
        if counts[lesson.id] > 1:
            problems.append(_at(course, _key(lesson), ("id",), f"duplicate lesson id {lesson.id}"))
    return problems


@rule
def references_resolve(course: Course) -> list[Problem]:
    """A lesson's topic and source document exist."""
    topics = {t.id for t in course.topics}
    sources = {s.id for s in course.sources}
    problems = []
    for lesson in course.lessons:
        if lesson.topic not in topics:
            problems.append(
                _at(course, _key(lesson), ("topic",), f"must be a topic id from docs/topics.yaml: {', '.join(sorted(topics))} (got {lesson.topic!r})")
            )
        if lesson.source.document not in sources:
            problems.append(
                _at(course, _key(lesson), ("source", "document"), f"must be a document id from docs/sources.yaml: {', '.join(sorted(sources))} (got {lesson.source.document!r})")
            )
    return problems


@rule
def every_topic_has_lessons(course: Course) -> list[Problem]:
    """An empty topic would be an empty section on the course map."""
    used = {lesson.topic for lesson in course.lessons}
    return [
        _at(course, "topics", ("topics", i, "id"), f"topic {t.id!r} has no lessons")
        for i, t in enumerate(course.topics)
        if t.id not in used and course.lessons
    ]


@rule
def speakers_are_in_the_cast(course: Course) -> list[Problem]:
    """Every turn's speaker is a member of its dialogue's cast."""
    problems = []
    for key, item in course.items():
        for b, block in enumerate(getattr(item, "body", [])):
            if not isinstance(block, Dialogue):
                continue
            names = [member.name for member in block.cast]
            for dup, n in Counter(names).items():
                if n > 1:
                    problems.append(_at(course, key, ("body", b, "cast"), f"{dup!r} is listed {n} times"))
            for t, turn in enumerate(block.turns):
                if turn.speaker is not None and turn.speaker not in names:
                    problems.append(
                        _at(course, key, ("body", b, "turns", t, "speaker"), f"must be one of {', '.join(names)} (got {turn.speaker!r})")
                    )
    return problems


@rule
def tags_are_unique(course: Course) -> list[Problem]:
    problems = []
    for key, item in course.items():
        for field in ("tags", "terms", "related"):
            values = getattr(item, field, [])
            for i, value in enumerate(values):
                if value in values[:i]:
                    problems.append(_at(course, key, (field, i), f"duplicate entry {value!r}"))
    return problems


_PATH = re.compile(r"([a-z_]+)(?:\[(\d+)\])?")


def resolve_path(obj: BaseModel, where: str) -> object:
    """Follow an edit's ``where`` path (``body[3].items[0].text``) into a model."""
    node: object = obj
    for part in where.split("."):
        m = _PATH.fullmatch(part)
        if m is None:
            raise LookupError(part)
        name, index = m.group(1), m.group(2)
        if not isinstance(node, BaseModel) or name not in type(node).model_fields:
            raise LookupError(name)
        node = getattr(node, name)
        if index is not None:
            if not isinstance(node, (list, tuple)) or int(index) >= len(node):
                raise LookupError(f"{name}[{index}]")
            node = node[int(index)]
    return node


def texts(node: object) -> Iterator[str]:
    """Every piece of reader-visible text under a model, list or string."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, (list, tuple)):
        for item in node:
            yield from texts(item)
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            if name not in ("type", "role", "verdict", "edits", "id", "topic", "source", "cast"):
                yield from texts(getattr(node, name))


@rule
def edits_point_at_their_text(course: Course) -> list[Problem]:
    """A recorded repair names a real place, and that place reads as repaired."""
    problems = []
    for key, item in course.items():
        for i, edit in enumerate(getattr(item, "edits", [])):
            try:
                target = resolve_path(item, edit.where)
            except LookupError as exc:
                problems.append(_at(course, key, ("edits", i, "where"), f"must name a place in this file ({exc} does not exist)"))
                continue
            joined = "\n".join(texts(target))
            if edit.after and edit.after not in joined:
                problems.append(
                    _at(course, key, ("edits", i, "after"), f"must occur in the text at {edit.where} (got {edit.after!r})")
                )
            if edit.before == edit.after:
                problems.append(_at(course, key, ("edits", i, "after"), "must differ from before"))
    return problems


def ref_exists(course: Course, refs: dict, ref: str) -> bool:
    """A reference resolves; a file that exists but failed validation counts too
    (it is reported on its own, so links to it are not follow-on errors)."""
    docs = course.root / "docs"
    return ref in refs or (docs / f"{ref}.yaml").is_file() or (docs / ref / "index.yaml").is_file()


@rule
def related_pages_exist(course: Course) -> list[Problem]:
    """Cross-links name pages that exist (and not the page itself)."""
    refs = course.refs()
    problems = []
    for key, item in course.items():
        for i, ref in enumerate(getattr(item, "related", [])):
            if not ref_exists(course, refs, ref):
                problems.append(_at(course, key, ("related", i), f"must name an existing page such as lessons/317 or causes/slow-response (got {ref!r})"))
            elif ref == key:
                problems.append(_at(course, key, ("related", i), "a page cannot be related to itself"))
    return problems


@rule
def sections_cite_known_sources(course: Course) -> list[Problem]:
    sources = {s.id for s in course.sources}
    problems = []
    for key, item in course.items():
        source = getattr(item, "source", None)
        if source is None or key.startswith("lessons/"):
            continue
        doc_id, loc = (source, ("source",)) if isinstance(source, str) else (source.document, ("source", "document"))
        if doc_id not in sources:
            problems.append(_at(course, key, loc, f"must be a document id from docs/sources.yaml: {', '.join(sorted(sources))} (got {doc_id!r})"))
    return problems


@rule
def orders_and_chart_ids_are_unique(course: Course) -> list[Problem]:
    problems = []
    groups = [("causes", course.causes)] + [(p.key, p.sections) for p in course.parts]
    for folder, items in groups:
        seen: dict[int, str] = {}
        for item in items:
            if item.order in seen:
                problems.append(_at(course, f"{folder}/{item.id}", ("order",), f"order {item.order} is already used by {seen[item.order]}"))
            else:
                seen[item.order] = item.id
    charts: dict[str, str] = {}
    for key, item in course.items():
        for b, block in enumerate(getattr(item, "body", [])):
            if getattr(block, "type", None) == "stats":
                if block.id in charts:
                    problems.append(_at(course, key, ("body", b, "id"), f"chart id {block.id!r} is already used in {charts[block.id]}"))
                else:
                    charts[block.id] = key
    return problems
