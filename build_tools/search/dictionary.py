"""The search dictionary: the course's own short terms, taught to jieba.

Material's search plugin segments the pages with jieba; the same words, plus
the thesaurus, become the vocabulary the browser segments queries with.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..content import Course

_MAX_TERM = 8


def dictionary_terms(course: Course) -> list[str]:
    """Short domain terms from the content and the thesaurus, for the jieba user dictionary."""
    from ..render.script import to_hans

    terms: set[str] = set()
    for topic in course.topics:
        terms.add(topic.name)
    for _, item in course.items():
        for word in [*getattr(item, "terms", []), *getattr(item, "tags", [])]:
            terms.add(to_hans(word))
    for cause in course.causes:
        terms.add(to_hans(cause.name))
    if course.thesaurus is not None:
        for group in course.thesaurus.groups:
            terms.update(w for w in group.words if len(w) > 1)
    # Long phrases as one token hurt matching; keep words short.
    return sorted(t for t in terms if 2 <= len(t) <= _MAX_TERM and not re.search(r"\s", t))


def load_terms(terms: list[str]) -> None:
    """Teach jieba the terms (jieba keeps one global dictionary per process)."""
    import jieba

    for term in terms:
        jieba.add_word(term)
        # Names written with a middle dot are also typed without it.
        if "·" in term:
            jieba.add_word(term.replace("·", ""))


def write_user_dictionary(terms: list[str], path: Path) -> None:
    """Write the terms in jieba's user-dictionary format (one per line)."""
    path.write_text("".join(f"{t}\n" for t in terms), encoding="utf-8")
