"""Proofreading rules: the mechanical kinds of error a proofreader finds.

Registered with the other rules in :mod:`build_tools.checks`.  Each looks at
every reader-visible string with its place in the file:

- the particle 著 in the Simplified edition (OpenCC's `t2s` keeps it);
- a number that lost its % (``70的受訓者``);
- a placeholder such as ×× in what somebody says in a drill;
- a term outside the house terminology (``docs/terminology.yaml``);
- a lead-in sentence (ending in a colon) cut off from what it introduces.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel

from .checks import _at, rule
from .content import Course
from .errors import Problem
from .models.pages import Cause, Collection
from .models.rich import Note
from .render.script import conversion, stray_zhu, to_hans

Loc = tuple

# Fields that hold ids, enums or references rather than reader-visible text.
NOT_TEXT = {
    "type", "role", "verdict", "edits", "id", "topic", "source", "cast", "related", "cites", "next",
    "mood", "setting", "kind", "outcome", "start", "diagram", "chart", "unit",
}

# Fields in which somebody speaks in a drill: the customer's lines and reactions, the replies
# to choose from, the model replies of a write step, the lines of a transcript.
SPOKEN = {"customer", "reply", "line", "lines", "says", "replies", "models"}


def located_texts(node: object, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every reader-visible string under a model, with its location."""
    if isinstance(node, str):
        yield loc, node
    elif isinstance(node, (list, tuple)):
        for i, item in enumerate(node):
            yield from located_texts(item, loc + (i,))
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            if name not in NOT_TEXT:
                yield from located_texts(getattr(node, name), loc + (name,))


def _everything(course: Course) -> Iterator[tuple[str, BaseModel]]:
    yield from course.items()
    for drill in course.drills:
        yield f"drills/{drill.id}", drill


def _excerpt(text: str, start: int, end: int, width: int = 6) -> str:
    left = max(0, start - width)
    right = min(len(text), end + width)
    return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")


@rule
def particle_zhu_in_simplified(course: Course) -> list[Problem]:
    """The Simplified edition writes the particle 着; 著 only in words such as 著名.

    Without a valid docs/conversion.yaml (its own problems are reported) there is
    nothing to judge by, so the rule waits until the list is fixed."""
    if conversion() is None:
        return []
    problems = []
    for key, item in _everything(course):
        for loc, text in located_texts(item):
            if "著" not in text:
                continue
            hans = to_hans(text)
            for pos in stray_zhu(hans):
                problems.append(_at(course, key, loc, (
                    "particle 著 in the Simplified edition: Simplified writes 着; fix the text, or list the phrase "
                    f"in docs/conversion.yaml (got {_excerpt(hans, pos, pos + 1)!r})"
                )))
    return problems


# A number written straight before 的 with no unit: 70的受訓者 (70% of the trainees).
# Only numbers up to 100 can be such a share; dates such as 3·15, ratios such as
# 1:15 and telephone numbers such as 12315 are not figures of this kind.
BARE_NUMBER = re.compile(r"(?<![\d.．·﹒:：/%％\-])\d{1,3}(?:\.\d+)?(?=的)")


@rule
def percent_sign_lost(course: Course) -> list[Problem]:
    """A share written as a bare number (``70的受訓者``) has lost its % sign."""
    problems = []
    for key, item in _everything(course):
        for loc, text in located_texts(item):
            for m in BARE_NUMBER.finditer(text):
                if float(m.group(0)) > 100:
                    continue
                problems.append(_at(course, key, loc, (
                    f"number with no % or unit before 的: write {m.group(0)}%的 where it is a share, "
                    f"or name its unit (got {_excerpt(text, m.start(), m.end() + 1)!r})"
                )))
    return problems


PLACEHOLDER = re.compile(r"××|ＸＸ|(?<![A-Za-z])XX(?![A-Za-z])|○○|某某")


def _spoken(node: object, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """What somebody says anywhere in a drill (any field named in SPOKEN)."""
    if isinstance(node, (list, tuple)):
        for i, item in enumerate(node):
            yield from _spoken(item, loc + (i,))
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            value = getattr(node, name)
            spoken_text = isinstance(value, str) or (isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value))
            if name in SPOKEN and spoken_text:
                yield from located_texts(value, loc + (name,))
            elif name not in NOT_TEXT:
                yield from _spoken(value, loc + (name,))


@rule
def placeholder_in_spoken_line(course: Course) -> list[Problem]:
    """People in a drill say real names: ×× is a template's gap, not speech."""
    problems = []
    for drill in course.drills:
        for loc, text in _spoken(drill):
            for m in PLACEHOLDER.finditer(text):
                problems.append(_at(course, f"drills/{drill.id}", loc, (
                    f"placeholder {m.group(0)!r} in a spoken line: say a name "
                    f"(got {_excerpt(text, m.start(), m.end())!r})"
                )))
    return problems


def _own_words(course: Course) -> Iterator[tuple[str, Loc, str]]:
    """Text the course writes itself: drills and house rulings (but not the passages they
    quote), topic summaries, collection summaries, editor's notes."""
    sources = [(f"drills/{drill.id}", drill) for drill in course.drills]
    if getattr(course, "rulings", None) is not None:
        sources.append(("drills/rulings", course.rulings))
    for key, item in sources:
        for loc, text in located_texts(item):
            if "quote" not in loc:
                yield key, loc, text
    for i, topic in enumerate(course.topics):
        for loc, text in located_texts(topic, ("topics", i)):
            yield "topics", loc, text
    for key, item in course.items():
        if isinstance(item, Collection) and item.summary:
            yield key, ("summary",), item.summary
        for b, block in enumerate(getattr(item, "body", [])):
            if isinstance(block, Note):
                yield key, ("body", b, "text"), block.text


@rule
def house_terms(course: Course) -> list[Problem]:
    """The course's own text uses the preferred term of docs/terminology.yaml."""
    if course.terminology is None:
        return []
    problems = []
    for key, loc, text in _own_words(course):
        hans = to_hans(text)
        for term in course.terminology.terms:
            for variant in term.variants:
                start = hans.find(variant)
                if start >= 0:
                    problems.append(_at(course, key, loc, (
                        f"use the house term {term.preferred} (docs/terminology.yaml), not {variant!r} "
                        f"(got {_excerpt(hans, start, start + len(variant))!r})"
                    )))
    return problems


LEAD_IN = re.compile(r"[：:]\s*$")


@rule
def lead_in_keeps_what_it_introduces(course: Course) -> list[Problem]:
    """A sentence ending in a colon introduces what follows; it must not be cut off from it.

    On a cause page, such a sentence is the `title` of the example it introduces
    (an example may stand inside 表现 / 客户为什么离开 / 应该怎么做).  In a page
    body, a paragraph ending in a colon must not be the last block before a heading.
    """
    problems = []
    for key, item in course.items():
        if isinstance(item, Cause):
            for field in ("looks_like", "why_customers_leave", "instead"):
                for i, entry in enumerate(getattr(item, field)):
                    if isinstance(entry, str) and LEAD_IN.search(entry):
                        problems.append(_at(course, key, (field, i), (
                            "ends with a colon, so it introduces what follows: make it the title of the example "
                            f"it introduces, in the same place (got {_excerpt(entry, len(entry) - 1, len(entry))!r})"
                        )))
        body = list(getattr(item, "body", []))
        for b, block in enumerate(body):
            if getattr(block, "type", None) != "paragraph" or not LEAD_IN.search(block.text):
                continue
            following = body[b + 1] if b + 1 < len(body) else None
            if following is None or following.type == "heading":
                problems.append(_at(course, key, ("body", b, "text"), (
                    "ends with a colon but nothing it introduces follows: keep the lead-in with its list, "
                    f"example or quotation (got {_excerpt(block.text, len(block.text) - 1, len(block.text))!r})"
                )))
    return problems
