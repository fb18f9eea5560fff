"""Rules for `docs/thesaurus.yaml` (registered with :mod:`build_tools.checks`).

The schema checks the file's shape; these check its words: each is one short
word in Simplified script (queries are converted to Simplified before the
thesaurus is looked up), appears in one group only, and a word dropped from
queries is not also a synonym.
"""

from __future__ import annotations

import re

from .checks import _at, rule
from .content import THESAURUS, Course
from .errors import Problem, show

KEY = THESAURUS[len("docs/") : -len(".yaml")]
MAX_WORD = 8
_WORD = re.compile(r"^[\u3400-\u9fffA-Za-z0-9·]+$")


def _word_problem(word: str) -> str | None:
    from .render.script import to_hans

    if not _WORD.match(word):
        return f"must be one word: Chinese characters, letters or digits, no spaces or punctuation (got {show(word)})"
    if len(word) > MAX_WORD:
        return f"must be at most {MAX_WORD} characters (got {show(word)}, {len(word)})"
    if to_hans(word) != word:
        return f"must be in Simplified script: {to_hans(word)!r} (got {show(word)})"
    return None


@rule
def thesaurus_words(course: Course) -> list[Problem]:
    """Every thesaurus word is a short Simplified word; group words and function words are listed once."""
    th = course.thesaurus
    if th is None:
        return []
    problems: list[Problem] = []
    seen: dict[str, str] = {}

    def visit(word: str, loc: tuple, unique: bool = True) -> None:
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")
        bad = _word_problem(word)
        if bad:
            problems.append(_at(course, KEY, loc, bad))
        elif not unique:
            if word in function:
                problems.append(_at(course, KEY, loc, f"is a function word, dropped from every query (got {word!r})"))
        elif word in seen:
            problems.append(_at(course, KEY, loc, f"duplicate word {word!r} (already in {seen[word]})"))
        else:
            seen[word] = where

    function = set(th.function_words)
    for i, word in enumerate(th.function_words):
        visit(word, ("function_words", i))
    for g, group in enumerate(th.groups):
        for i, word in enumerate(group.words):
            visit(word, ("groups", g, "words", i))
        for i, word in enumerate(group.related):
            # a related word may belong to another group (it links two concepts)
            visit(word, ("groups", g, "related", i), unique=False)
    return problems
