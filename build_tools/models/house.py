"""House lists kept as content: the preferred terms and the reviewed conversion fixes.

`docs/terminology.yaml` names one term for each thing the course's own text
(drills, notes, summaries) talks about, with the variants to avoid.
`docs/conversion.yaml` lists what OpenCC's `t2s` gets wrong for this course
and the words in which 著 is right in Simplified Chinese.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from .base import Strict, Text

Phrase = Annotated[str, StringConstraints(pattern=r"^[\u3400-\u9fff]{1,12}$")]
"""Chinese characters only (1–12): a word or phrase matched in the text, never shown as such."""


class Term(Strict):
    """One preferred term and the variants that must not be used for it."""

    preferred: Text = Field(description="The house term, in Simplified Chinese, e.g. 服务热线.")
    variants: list[Text] = Field(min_length=1, description="Other names for the same thing, e.g. 售后电话, 客服热线.")
    note: Text | None = Field(default=None, description="Why this term, or where it comes from.")

    @model_validator(mode="after")
    def _variants_differ(self) -> "Term":
        for i, variant in enumerate(self.variants):
            if variant in self.preferred:
                raise ValueError(f"variants[{i}]: must not be part of the preferred term {self.preferred!r} (got {variant!r})")
        return self


class Terminology(Strict):
    """`docs/terminology.yaml`: the house terminology."""

    terms: list[Term] = Field(min_length=1, description="Preferred terms with their variants.")


class Override(Strict):
    """A phrase OpenCC's `t2s` converts wrongly, and what Simplified Chinese writes."""

    opencc: Phrase = Field(description="What `t2s` produces, e.g. 高昂著 (Chinese characters only).")
    hans: Phrase = Field(description="What the Simplified edition shows instead, e.g. 高昂着 (Chinese characters only).")
    note: Text | None = Field(default=None, description="Why (e.g. the particle 着).")

    @model_validator(mode="after")
    def _differs(self) -> "Override":
        if self.opencc == self.hans:
            raise ValueError("hans: must differ from opencc")
        return self


class Conversion(Strict):
    """`docs/conversion.yaml`: reviewed fixes applied after OpenCC `t2s`."""

    keep: list[Phrase] = Field(
        min_length=1,
        description="Simplified words in which 著 is right (著名, 显著 …; Chinese characters only); any other 著 is a problem.",
    )
    overrides: list[Override] = Field(default_factory=list, description="Phrases `t2s` gets wrong, fixed after conversion.")
