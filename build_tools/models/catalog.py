"""Course-wide lists: the topics that group the lessons and the cited sources."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from .base import Slug, Strict, Text


class Topic(Strict):
    """A group of lessons on the course map."""

    id: Slug = Field(description="Stable identifier used by lessons' `topic` field.")
    name: Text = Field(description="Name shown on the course map, e.g. 处理投诉.")
    summary: Text = Field(description="One or two sentences telling a new hire what the topic covers.")


class Topics(Strict):
    """`docs/topics.yaml`: the course map, in reading order."""

    topics: list[Topic] = Field(min_length=1, description="Topics in the order they are taught.")


class SourceDocument(Strict):
    """A source document the course text is curated from."""

    id: Slug = Field(description="Stable identifier cited by content files.")
    title: Text = Field(description="The title to cite the document by.")
    script: Literal["Hans", "Hant"] = Field(description="Script of the source text: Hans (Simplified) or Hant (Traditional).")
    note: Text | None = Field(default=None, description="What the document holds and how complete it is.")


class Sources(Strict):
    """`docs/sources.yaml`: every document the course cites."""

    documents: list[SourceDocument] = Field(min_length=1, description="Cited documents.")
