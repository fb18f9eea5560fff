"""`docs/thesaurus.yaml`: the search thesaurus (words for one concept) and the words a query drops."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from .base import Strict, Text

Word = Annotated[str, StringConstraints(min_length=1, strip_whitespace=False)]
"""One search word: 1–8 characters, no spaces or punctuation, Simplified script (checked in
:mod:`build_tools.checks`, with a message an editor understands).  A word is matched, never
shown as text, so it is not a plain-text field: a hostile edit is refused where it is made."""


class SynonymGroup(Strict):
    """Words a reader may use for one concept of the course; a query with one also finds the others."""

    concept: Text = Field(description="What the words mean, for editors (never shown).")
    words: list[Word] = Field(
        min_length=2,
        description="The course's own word first, then everyday words and near-synonyms for the same thing.",
    )
    related: list[Word] = Field(
        default_factory=list,
        description="Looser associations, searched with less weight; may be words of another group.",
    )


class Thesaurus(Strict):
    """The search thesaurus: synonym groups, and the question and function words dropped from queries."""

    groups: list[SynonymGroup] = Field(min_length=1, description="One group per concept.")
    function_words: list[Word] = Field(
        min_length=1,
        description="Question and function words (怎么办, 什么, 了, 吗 …) that carry no topic and are dropped from a query.",
    )
