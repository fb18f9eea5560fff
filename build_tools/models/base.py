"""Shared building blocks of the content models."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

class TextKind:
    """Marks a text field's kind in its type, so renderers and tests can find every such field.

    ``plain`` text is shown exactly as written: no HTML, no Markdown, line
    breaks kept as breaks (see :mod:`build_tools.render.text`).  A field that
    ever needs markup gets a type of its own, with its own kind and a
    restricted renderer; there is none so far.
    """

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def __repr__(self) -> str:
        return f"TextKind({self.kind!r})"


PLAIN = TextKind("plain")

Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=False), PLAIN]
"""Non-empty plain text as it is shown to a reader."""

AnyText = Annotated[str, PLAIN]
"""Plain text that may be empty (e.g. a repair that removed text)."""

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
"""A stable lower-case identifier such as ``after-closing``."""


class Strict(BaseModel):
    """Base of every content model: unknown fields and loose types are errors."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


EditKind = Literal["noise", "encoding", "missing", "typo", "conversion", "repeat", "punctuation", "figure", "layout"]
"""What sort of repair an edit is; `stats` counts repairs by kind."""

EDIT_KINDS: dict[str, str] = {
    "noise": "web debris removed: spam, pinyin, page markers, HTML, placeholders",
    "encoding": "text garbled by a wrong encoding, restored byte by byte",
    "missing": "words lost from the source (slide icons) put back",
    "typo": "a wrong character or word in the source",
    "conversion": "a slip of an earlier script conversion in the source (着名 for 著名)",
    "repeat": "a word written twice",
    "punctuation": "quotation marks, stray stops and spaces",
    "figure": "a number that lost its % or unit",
    "layout": "text moved back to where it belongs",
}


class Edit(Strict):
    """One editorial repair: what the source said and what the page says."""

    where: Annotated[
        str, StringConstraints(pattern=r"^[a-z_]+(\[\d+\])?(\.[a-z_]+(\[\d+\])?)*$")
    ] = Field(description="Path of the repaired text inside this file, e.g. `body[3]` or `summary[0]`.")
    before: Text = Field(description="The source's reading, long enough to be recognised.")
    after: AnyText = Field(description="What the page says instead (empty when text was removed).")
    kind: EditKind = Field(
        description="What sort of repair: " + "; ".join(f"{k}: {v}" for k, v in EDIT_KINDS.items()) + "."
    )
    reason: Text = Field(description="Why the change is an unambiguous repair.")
    hidden: bool = Field(
        default=False,
        description="The source reading is spam or similar: keep it here for editors, never show it on a page.",
    )
