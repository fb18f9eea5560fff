"""Pages of the handbook, the articles and the customer-loss causes."""

from __future__ import annotations

from typing import Annotated, Union

from pydantic import Discriminator, Field, StringConstraints, Tag

from .base import Edit, Slug, Strict, Text
from .lesson import SourceRef
from .rich import Example, RichBlock

Ref = Annotated[
    str,
    StringConstraints(
        pattern=r"^(lessons/\d+|causes/[a-z0-9-]+|handbook/[a-z0-9-]+|articles/[a-z0-9-]+/[a-z0-9-]+)$"
    ),
]
"""A reference to another page by its content path: `lessons/317`, `causes/slow-response`,
`handbook/waiting`, `articles/complaints/four-r`."""


class Collection(Strict):
    """`docs/<collection>/index.yaml`: a source document shown as a set of section pages."""

    title: Text = Field(description="Title of the collection as shown on the site.")
    source: Slug = Field(description="Id of the source document in docs/sources.yaml.")
    summary: Text | None = Field(
        default=None, description="One line in the course's own words for the home page card (what this part covers)."
    )
    intro: list[Text] = Field(default_factory=list, description="Opening paragraphs of the collection's index page.")
    note: Text | None = Field(default=None, description="An editorial note shown on the index page (e.g. the source is incomplete).")
    body: list[RichBlock] = Field(default_factory=list, description="Further content of the index page (overview, statistics).")
    questions: list[Text] = Field(
        default_factory=list,
        description="Questions a reader would type that this page answers, in everyday words (Simplified). Indexed for search, never shown.",
    )
    edits: list[Edit] = Field(default_factory=list, description="Repairs made to text on the index page.")


class SectionPage(Strict):
    """`docs/handbook/<id>.yaml`, `docs/articles/<article>/<id>.yaml`: one section of a source."""

    id: Slug = Field(description="Stable id; equals the file name.")
    title: Text = Field(description="Section title.")
    order: int = Field(ge=1, description="Position within its collection.")
    tags: list[Text] = Field(default_factory=list, description="Short keywords shown on the page and in the tag index.")
    terms: list[Text] = Field(default_factory=list, description="Extra search words for the Chinese search dictionary.")
    questions: list[Text] = Field(
        default_factory=list,
        description="Questions a reader would type that this page answers, in everyday words (Simplified). Indexed for search, never shown.",
    )
    related: list[Ref] = Field(default_factory=list, description="Pages that teach the same thing (shown as 相关内容).")
    source: SourceRef = Field(description="Where in the source this section comes from.")
    body: list[RichBlock] = Field(min_length=1, description="The section's content as typed blocks.")
    edits: list[Edit] = Field(default_factory=list, description="Every editorial repair made to the source text.")


def _entry_kind(value: object) -> str:
    """A mapping is an example; anything else is validated as a paragraph."""
    return "example" if isinstance(value, (dict, Example)) else "paragraph"


CauseEntry = Annotated[
    Union[Annotated[Text, Tag("paragraph")], Annotated[Example, Tag("example")]],
    Discriminator(_entry_kind),
]
"""A paragraph of a cause page, or an example kept in place with the sentence that introduces it."""


class Cause(Strict):
    """`docs/causes/<id>.yaml`: one reason customers leave (客戶不滿意的服務分析)."""

    id: Slug = Field(description="Stable id; equals the file name.")
    order: int = Field(ge=1, description="Position in the source's list.")
    name: Text = Field(description="The cause as the source names it, e.g. 反應慢.")
    summary: Text = Field(description="The source's one-line description that follows the name.")
    looks_like: list[CauseEntry] = Field(
        default_factory=list,
        description="What the behaviour looks like in practice: paragraphs, and examples where the source gives them.",
    )
    why_customers_leave: list[CauseEntry] = Field(
        default_factory=list, description="Why it drives customers away (paragraphs and examples, in source order)."
    )
    instead: list[CauseEntry] = Field(
        default_factory=list, description="What to do instead (paragraphs and examples, in source order)."
    )
    examples: list[Example] = Field(
        default_factory=list,
        description="Example wording or questions that stand on their own. An example that a sentence refers to "
        "(a lead-in ending in a colon, or a judgement of it that follows) stays in place in the lists above.",
    )
    tags: list[Text] = Field(default_factory=list, description="Short keywords.")
    terms: list[Text] = Field(default_factory=list, description="Extra search words.")
    questions: list[Text] = Field(
        default_factory=list,
        description="Questions a reader would type that this page answers, in everyday words (Simplified). Indexed for search, never shown.",
    )
    related: list[Ref] = Field(default_factory=list, description="Pages that teach the same thing.")
    source: SourceRef = Field(description="Where in the source this cause is described.")
    edits: list[Edit] = Field(default_factory=list, description="Every editorial repair made to the source text.")
