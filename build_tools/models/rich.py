"""Blocks for the handbook, the articles and the customer-loss causes.

Lessons use the plain blocks of :mod:`.lesson`; the other sources carry
structure that reads better typed: ordered steps, stage and factor tables,
paired lists, personality profiles and statistics (drawn as charts).
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field, model_validator

from .base import AnyText, Strict, Text
from .lesson import Dialogue, Letter, Paragraph, Points, Quote


class Heading(Strict):
    """A sub-heading inside a page."""

    type: Literal["heading"] = Field(description="Block type.")
    text: Text = Field(description="Heading text.")


class ListBlock(Strict):
    """A plain list (bullets, or numbers when `ordered`)."""

    type: Literal["list"] = Field(description="Block type.")
    title: Text | None = Field(default=None, description="Optional lead-in shown above the list.")
    ordered: bool = Field(default=False, description="Numbered list when true.")
    items: list[Text] = Field(min_length=1, description="The items.")


class Step(Strict):
    name: Text = Field(description="Short name of the step, e.g. 傾聽.")
    text: Text | None = Field(default=None, description="What the step means or how it is done.")


class Steps(Strict):
    """Ordered steps (a method, a procedure); optionally drawn as a flow diagram."""

    type: Literal["steps"] = Field(description="Block type.")
    title: Text | None = Field(default=None, description="Name of the method, e.g. 處理投訴的五個步驟.")
    diagram: bool = Field(default=False, description="Also draw the steps as an SVG flow diagram.")
    items: list[Step] = Field(min_length=2, description="The steps in order.")


class Table(Strict):
    """A table: stage × concern × action, factor × direction, …"""

    type: Literal["table"] = Field(description="Block type.")
    title: Text | None = Field(default=None, description="Caption of the table.")
    columns: list[Text] = Field(min_length=2, description="Column headings.")
    rows: list[list[Text]] = Field(min_length=1, description="Rows; each has one cell per column.")
    diagram: bool = Field(default=False, description="Also draw the first column as a flow diagram (stages).")

    @model_validator(mode="after")
    def _cells_match_columns(self) -> "Table":
        for i, row in enumerate(self.rows):
            if len(row) != len(self.columns):
                raise ValueError(f"rows[{i}]: must have {len(self.columns)} cells, one per column (got {len(row)})")
        return self


class PairSide(Strict):
    label: Text = Field(description="Heading of this side, e.g. 取款（壞習慣）.")
    items: list[Text] = Field(min_length=1, description="Items on this side.")


class Pairs(Strict):
    """Two lists shown side by side (bad habits ↔ good habits, 三有 ↔ 三事)."""

    type: Literal["pairs"] = Field(description="Block type.")
    title: Text | None = Field(default=None, description="Caption.")
    left: PairSide = Field(description="Left side (usually the bad one).")
    right: PairSide = Field(description="Right side (usually the good one).")


class Profile(Strict):
    name: Text = Field(description="Name of the type, e.g. 力量型.")
    traits: list[Text] = Field(default_factory=list, description="How to recognise this type.")
    approach: list[Text] = Field(default_factory=list, description="How to serve or speak to this type.")


class Profiles(Strict):
    """Types of people (personality types, complaint reaction types)."""

    type: Literal["profiles"] = Field(description="Block type.")
    title: Text | None = Field(default=None, description="Caption.")
    items: list[Profile] = Field(min_length=2, description="The types.")


class Figure(Strict):
    label: Text = Field(description="What the number measures.")
    value: float = Field(description="The number as the source gives it.")
    unit: AnyText = Field(default="", description="Unit shown after the value, e.g. % or 人.")
    note: Text | None = Field(default=None, description="Context for the number.")


class Stats(Strict):
    """Statistics from the source; drawn as an accessible SVG chart with a table."""

    type: Literal["stats"] = Field(description="Block type.")
    id: Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")] = Field(description="Stable id of the chart.")
    title: Text = Field(description="Chart title.")
    chart: Literal["bar", "none"] = Field(default="bar", description="bar: horizontal bar chart; none: table only.")
    figures: list[Figure] = Field(min_length=1, description="The numbers.")
    source_note: Text | None = Field(default=None, description="Where the numbers come from, as the source says.")


class Example(Strict):
    """Example wording from the source: what to say, questions to ask, a formula."""

    kind: Literal["wording", "questions", "formula", "other"] = Field(description="What sort of example this is.")
    title: Text | None = Field(default=None, description="Lead-in, e.g. 可以用這種方式回答.")
    lines: list[Text] = Field(min_length=1, description="The example's lines, as the source gives them.")


class Note(Strict):
    """An editorial note to the reader (e.g. that the source is incomplete)."""

    type: Literal["note"] = Field(description="Block type.")
    text: Text = Field(description="The note.")


RichBlock = Annotated[
    Union[Paragraph, Points, Dialogue, Letter, Quote, Heading, ListBlock, Steps, Table, Pairs, Profiles, Stats, Note],
    Field(discriminator="type"),
]
