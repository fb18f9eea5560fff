"""A role-play drill: the learner serves a customer and learns from every choice.

A drill is a small graph of steps.  A `choice` step shows what the customer
says and offers 3–4 replies; each reply has a verdict, feedback in plain
words and citations of the pages that teach it, and may branch to another
step (a poor reply can make the customer angrier).  Other step kinds teach
what multiple choice cannot: `order` (put steps in order), `spot` (find the
forbidden phrases in a transcript) and `match` (pair behaviours with causes).

Ids are stable: saved progress and trainers' results refer to them, so an id
is never reused for something else (retired ids are listed in
`drills/retired.yaml`).
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Discriminator, Field, StringConstraints, Tag

from .base import Slug, Strict, Text
from .pages import Ref

StepId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]

Verdict = Literal["good", "acceptable", "bad"]
Mood = Literal["calm", "worried", "annoyed", "angry", "pleased"]


class Persona(Strict):
    """Who the customer is."""

    name: Text = Field(description="How the customer is addressed, e.g. 王先生.")
    type: Slug | None = Field(
        default=None,
        description="A personality type (handbook) or complaint reaction type (article 001), as a short id, e.g. analytical.",
    )
    type_label: Text | None = Field(default=None, description="The type's name as shown, e.g. 分析型.")
    description: Text = Field(description="One or two sentences: who they are and what happened.")


class Choice(Strict):
    """One reply the learner may pick."""

    id: StepId = Field(description="Stable id within the step, e.g. a, b, c.")
    reply: Text = Field(description="What the salesperson says (and does).")
    verdict: Verdict = Field(description="good, acceptable or bad service.")
    feedback: Text = Field(description="Why, in plain words.")
    cites: list[Ref] = Field(min_length=1, description="Pages that teach this, e.g. lessons/303.")
    next: StepId | None = Field(default=None, description="Step or ending this reply leads to (default: the step's next).")


class ChoiceStep(Strict):
    """The customer says something; the learner picks a reply."""

    kind: Literal["choice"] = Field(default="choice", description="Step kind.")
    id: StepId = Field(description="Stable step id, unique within the drill.")
    customer: Text = Field(description="What the customer says.")
    action: Text | None = Field(default=None, description="What the customer does, e.g. 把眼镜拍在柜台上.")
    mood: Mood = Field(default="calm", description="The customer's mood at this point.")
    prompt: Text | None = Field(default=None, description="Question to the learner (default: 你怎么回应？).")
    choices: list[Choice] = Field(min_length=3, max_length=4, description="3–4 replies.")
    next: StepId | None = Field(default=None, description="Default next step or ending (default: the following step).")


class _Exercise(Strict):
    """What the order, spot and match steps share: a task, feedback, citations, a next step."""

    id: StepId = Field(description="Stable step id.")
    prompt: Text = Field(description="The task, e.g. 把处理投诉的五个步骤排好顺序.")
    feedback: Text = Field(description="What to take away (shown with the solution).")
    cites: list[Ref] = Field(min_length=1, description="Pages that teach it.")
    next: StepId | None = Field(default=None, description="Next step or ending.")


class OrderItem(Strict):
    id: StepId = Field(description="Stable id of the item.")
    text: Text = Field(description="The item as shown.")


class OrderStep(_Exercise):
    """Put items in the right order (e.g. the five steps of handling a complaint)."""

    kind: Literal["order"] = Field(description="Step kind.")
    items: list[OrderItem] = Field(min_length=3, description="The items in the correct order (the player shuffles them).")


class SpotLine(Strict):
    id: StepId = Field(description="Stable id of the line.")
    speaker: Text = Field(description="Who says it.")
    line: Text = Field(description="What is said.")
    faulty: bool = Field(default=False, description="True when the learner should flag this line.")
    feedback: Text | None = Field(default=None, description="Why the line is (or is not) a problem.")


class SpotStep(_Exercise):
    """Flag the faulty lines in a transcript (e.g. the forbidden phrases of lesson 307)."""

    kind: Literal["spot"] = Field(description="Step kind.")
    lines: list[SpotLine] = Field(min_length=3, description="The transcript.")


class MatchPair(Strict):
    id: StepId = Field(description="Stable id of the pair.")
    left: Text = Field(description="What is shown, e.g. a behaviour.")
    right: Text = Field(description="Its match, e.g. the loss cause's name.")


class MatchStep(_Exercise):
    """Pair each item on the left with one on the right."""

    kind: Literal["match"] = Field(description="Step kind.")
    pairs: list[MatchPair] = Field(min_length=3, description="Correct pairs (the player shuffles the right side).")


def _step_kind(value: object) -> str:
    """Steps without `kind` are choice steps, the common case."""
    if isinstance(value, dict):
        kind = value.get("kind", "choice")
        return kind if isinstance(kind, str) else ""
    return getattr(value, "kind", "choice")


Step = Annotated[
    Union[
        Annotated[ChoiceStep, Tag("choice")],
        Annotated[OrderStep, Tag("order")],
        Annotated[SpotStep, Tag("spot")],
        Annotated[MatchStep, Tag("match")],
    ],
    Discriminator(_step_kind, custom_error_type="step_kind", custom_error_message="unknown step kind",
                  custom_error_context={"discriminator": "'kind'", "expected_tags": "'choice', 'order', 'spot', 'match'"}),
]


class Ending(Strict):
    """How the encounter ends."""

    id: StepId = Field(description="Stable id; a step's or choice's `next` may name it.")
    outcome: Literal["good", "mixed", "bad"] = Field(description="How well it went for the customer relationship.")
    title: Text = Field(description="Short headline, e.g. 客户留下了.")
    text: Text = Field(description="What happens next, in a sentence or two.")


class Drill(Strict):
    """`drills/<id>.yaml`: one role-play drill."""

    id: Slug = Field(description="Stable id; equals the file name and is never reused.")
    title: Text = Field(description="Title shown in the drill list.")
    setting: Literal["counter", "phone", "hall", "home-visit"] = Field(
        description="Where it happens: store counter, phone call, service hall, home visit."
    )
    difficulty: int = Field(ge=1, le=3, description="1 入门, 2 进阶, 3 挑战.")
    persona: Persona = Field(description="The customer.")
    role: Text = Field(default="销售人员", description="Who the learner plays, e.g. 销售人员 or 营业厅值班经理.")
    skills: list[Text] = Field(min_length=1, description="Skills practised, e.g. 倾听, 表示认同.")
    tags: list[Text] = Field(default_factory=list, description="Short keywords.")
    intro: Text = Field(description="The scene, told to the learner before the first step.")
    start: StepId | None = Field(default=None, description="First step (default: the first in the list).")
    steps: list[Step] = Field(min_length=1, description="The steps.")
    endings: list[Ending] = Field(default_factory=list, description="Named endings that steps may lead to.")


class Retired(Strict):
    """`drills/retired.yaml`: ids that were used once and must never come back."""

    drills: list[Slug] = Field(default_factory=list, description="Retired drill ids.")
    steps: list[Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+/[a-z0-9-]+$")]] = Field(
        default_factory=list, description="Retired steps as `<drill id>/<step id>`."
    )
