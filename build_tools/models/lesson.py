"""A lesson of 《每天一堂销售课》: typed body blocks, a summary and its repairs."""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field, model_validator

from .base import Edit, Slug, Strict, Text


class Paragraph(Strict):
    """A plain paragraph of the lesson's text."""

    type: Literal["paragraph"] = Field(description="Block type.")
    text: Text = Field(description="The paragraph.")


class PointItem(Strict):
    """One labelled point, e.g. `第一,` or `(1)`, with its lead sentence."""

    label: Text = Field(description="The label exactly as the source writes it: 第一 / (1) / 第一步.")
    lead: Text = Field(description="The point's heading sentence, shown in bold.")
    text: Text | None = Field(default=None, description="The rest of the point's first paragraph.")
    paragraphs: list[Text] = Field(default_factory=list, description="Further paragraphs belonging to this point.")
    items: list["PointItem"] = Field(default_factory=list, description="Sub-points, e.g. 第一/第二 under (1).")
    after: list[Text] = Field(
        default_factory=list, description="Paragraphs that follow the sub-points and still belong to this point."
    )


class Points(Strict):
    """A list of labelled points."""

    type: Literal["points"] = Field(description="Block type.")
    items: list[PointItem] = Field(min_length=1, description="The points in source order.")


class CastMember(Strict):
    """Somebody who speaks in a dialogue."""

    name: Text = Field(description="Name used in the turns' `speaker` field, e.g. 客户 or 罗伯特.")
    role: Literal["customer", "staff", "other"] = Field(
        description="customer (the one being served), staff (the salesperson or service side) or other."
    )


class Turn(Strict):
    """A dialogue turn: somebody's line, or a line of narration."""

    speaker: Text | None = Field(default=None, description="Who speaks; must be in the dialogue's cast.")
    line: Text | None = Field(default=None, description="What is said, without the quotation marks.")
    action: Text | None = Field(default=None, description="A stage direction given in brackets, e.g. 停顿.")
    narration: Text | None = Field(default=None, description="Narration between the spoken lines.")

    @model_validator(mode="after")
    def _one_form(self) -> "Turn":
        if self.narration is not None:
            if self.speaker is not None or self.line is not None or self.action is not None:
                raise ValueError("a turn is either narration, or speaker + line, not both")
        elif self.speaker is None or self.line is None:
            raise ValueError("a turn needs speaker and line (or narration)")
        return self


class Dialogue(Strict):
    """An exchange between customer and staff, shown as a conversation."""

    type: Literal["dialogue"] = Field(description="Block type.")
    title: Text | None = Field(default=None, description="Scene title as the source gives it, e.g. 情景一.")
    verdict: Literal["good", "bad"] | None = Field(
        default=None, description="Where the source marks the scene: good (正确的态度) or bad (错误的态度)."
    )
    label: Text | None = Field(default=None, description="The source's own words for the verdict, e.g. 错误的态度.")
    cast: list[CastMember] = Field(min_length=1, description="Everyone who speaks in the turns.")
    turns: list[Turn] = Field(min_length=1, description="The exchange in source order.")


class Letter(Strict):
    """A letter quoted in full."""

    type: Literal["letter"] = Field(description="Block type.")
    salutation: Text = Field(description="Opening line, e.g. 亲爱的约翰:")
    paragraphs: list[Text] = Field(min_length=1, description="The letter's body.")
    closing: list[Text] = Field(min_length=1, description="Sign-off lines.")


class Quote(Strict):
    """A quotation set apart from the text."""

    type: Literal["quote"] = Field(description="Block type.")
    text: Text = Field(description="The quotation.")
    attribution: Text | None = Field(default=None, description="Who said it.")


Block = Annotated[Union[Paragraph, Points, Dialogue, Letter, Quote], Field(discriminator="type")]


class SourceRef(Strict):
    """Where in which source document the text comes from."""

    document: Slug = Field(description="Id of a document in docs/sources.yaml.")
    ref: Text = Field(description="Place in the document, e.g. 第295课.")


class Lesson(Strict):
    """One lesson page: `docs/lessons/<id>.yaml`."""

    id: int = Field(ge=1, le=9999, description="Lesson number; the file is named after it.")
    title: Text = Field(description="Lesson title without its number.")
    topic: Slug = Field(description="Id of a topic in docs/topics.yaml.")
    tags: list[Text] = Field(default_factory=list, description="Short keywords shown on the page and in the tag index.")
    terms: list[Text] = Field(
        default_factory=list,
        description="Extra search words (names, rules, terms) added to the Chinese search dictionary.",
    )
    questions: list[Text] = Field(
        default_factory=list,
        description="Questions a reader would type that this page answers, in everyday words (Simplified). Indexed for search, never shown.",
    )
    source: SourceRef = Field(description="The source this lesson is curated from.")
    body: list[Block] = Field(min_length=1, description="The lesson text as typed blocks, in source order.")
    summary: list[Text] = Field(min_length=1, description="The 行动总结 (action summary) paragraphs.")
    edits: list[Edit] = Field(default_factory=list, description="Every editorial repair made to the source text.")
