"""A role-play drill: the learner serves a customer and learns from every choice.

A drill is a small graph of steps with memory.  It may declare integer state
(`state`: the customer's patience, trust, flags such as "apologised"); each
reply changes it (`effects`), and the customer's line (`variants`), the
replies offered (`when`), the way on (`routes`) and the ending (`endings[].when`)
depend on it.  The logic lives in :mod:`build_tools.drill_logic`.

A `choice` step shows what the customer says and offers 3–4 replies; each
reply has a verdict, the customer's `reaction` (shown first), feedback in
plain words and citations of the exact passages that teach it.  Other step
kinds teach what multiple choice cannot: `order` (put steps in order), `spot`
(find the faulty lines in a transcript), `match` (pair behaviours with
causes) and `write` (say it in your own words, then compare with model
replies; self-assessed, not scored).

Ids are stable: saved progress and trainers' results refer to them, so an id
is never reused for something else (retired ids are listed in
`drills/retired.yaml`).
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import AfterValidator, Discriminator, Field, StringConstraints, Tag, model_validator

from .base import Slug, Strict, Text
from .pages import Ref

StepId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
VarName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]

Verdict = Literal["good", "acceptable", "bad"]
Mood = Literal["calm", "worried", "annoyed", "angry", "pleased"]
Setting = Literal["counter", "phone", "hall", "home-visit", "online"]


def _condition(text: str) -> str:
    from ..drill_logic import ConditionError, parse

    try:
        parse(text)
    except ConditionError as exc:
        raise ValueError(f"must be a condition such as `patience <= 1 and not apologised` ({exc})") from None
    return text


Condition = Annotated[str, StringConstraints(min_length=1), AfterValidator(_condition)]
"""A condition on the drill's state, e.g. `patience <= 1 and not apologised` (see drill_logic)."""


class Cite(Strict):
    """A passage of the course that teaches the point: the page and a clause quoted from it."""

    ref: Ref = Field(description="The page, e.g. lessons/321 or causes/slow-response.")
    quote: Text = Field(
        description="A clause or sentence of that page, copied exactly (either script), that makes the point; "
        "the link opens the page at this passage.",
    )


class Var(Strict):
    """One state variable: an integer kept between min and max."""

    label: Text = Field(description="What it means, as shown in the debrief, e.g. 耐心 or 已道歉.")
    start: int = Field(description="Value at the start of the drill.")
    min: int = Field(default=0, description="Lowest value (effects are clamped).")
    max: int = Field(description="Highest value (effects are clamped); 1 for a flag.")

    @model_validator(mode="after")
    def _range(self) -> "Var":
        if self.min >= self.max:
            raise ValueError(f"max: must be greater than min {self.min} (got {self.max})")
        if not self.min <= self.start <= self.max:
            raise ValueError(f"start: must lie between min {self.min} and max {self.max} (got {self.start})")
        return self


class Persona(Strict):
    """Who the customer is."""

    name: Text = Field(description="How the customer is addressed, e.g. 王先生.")
    type: Slug | None = Field(
        default=None,
        description="A personality type (handbook) or complaint reaction type (article 001), as a short id, e.g. analytical. "
        "Revealed in the debrief, never before.",
    )
    type_label: Text | None = Field(default=None, description="The type's name, shown in the debrief, e.g. 分析型.")
    description: Text = Field(description="One or two sentences: who they are and what can be seen or heard; no diagnosis.")


class Reaction(Strict):
    """How the customer takes a reply, shown before any verdict."""

    line: Text | None = Field(default=None, description="What the customer says back.")
    action: Text | None = Field(default=None, description="What the customer does, e.g. 把单据推了回来.")
    mood: Mood = Field(description="The customer's mood after this reply.")

    @model_validator(mode="after")
    def _something(self) -> "Reaction":
        if self.line is None and self.action is None:
            raise ValueError("line: a reaction needs a line or an action")
        return self


class Choice(Strict):
    """One reply the learner may pick."""

    id: StepId = Field(description="Stable id within the step, e.g. a, b, c.")
    reply: Text = Field(description="What the employee says (and does). No surface cue: as long and as courteous as the others.")
    strategy: Text = Field(description="The strategy this reply stands for, e.g. 先走流程 or 先安抚情绪 (shown in the debrief).")
    verdict: Verdict = Field(description="good, acceptable or bad service.")
    move: Slug | None = Field(
        default=None, description="A house ruling in drills/rulings.yaml this reply is an instance of; its verdict must agree."
    )
    reaction: Reaction = Field(description="How the customer takes it: shown first, before any verdict.")
    feedback: Text = Field(description="Why, in plain words: the principle behind the verdict.")
    cites: list[Cite] = Field(min_length=1, description="Passages that teach this.")
    effects: dict[VarName, int] = Field(default_factory=dict, description="Changes to the state, e.g. {patience: -1}.")
    when: Condition | None = Field(default=None, description="Offer this reply only when the condition holds.")
    next: StepId | None = Field(
        default=None, description="Step or ending this reply leads to, or `end` (default: the step's next)."
    )


class Variant(Strict):
    """What the customer says at a step in a given state, instead of the default line."""

    when: Condition = Field(description="When this line is used (the first variant that holds wins).")
    customer: Text = Field(description="What the customer says.")
    action: Text | None = Field(default=None, description="What the customer does.")
    mood: Mood = Field(description="The customer's mood.")


class Route(Strict):
    """A way out of a step that depends on the state after the reply (e.g. escalation)."""

    when: Condition = Field(description="Checked after the reply's effects; the first that holds wins.")
    next: StepId = Field(description="Step or ending to go to, or `end`.")


class _Spoken(Strict):
    """What choice and write steps share: the customer speaks, maybe differently by state."""

    id: StepId = Field(description="Stable step id, unique within the drill.")
    customer: Text = Field(description="What the customer says (the default line).")
    action: Text | None = Field(default=None, description="What the customer does, e.g. 把眼镜拍在柜台上.")
    mood: Mood = Field(default="calm", description="The customer's mood at this point.")
    variants: list[Variant] = Field(default_factory=list, description="Other lines for other states, first match wins.")
    prompt: Text | None = Field(
        default=None, description="Question to the learner (default: 你怎么回应？); only what can be seen or heard."
    )
    routes: list[Route] = Field(default_factory=list, description="Ways on that depend on the state after the reply.")
    next: StepId | None = Field(
        default=None, description="Default next step or ending, or `end` (default: the following step)."
    )


class ChoiceStep(_Spoken):
    """The customer says something; the learner picks a reply."""

    kind: Literal["choice"] = Field(default="choice", description="Step kind.")
    choices: list[Choice] = Field(min_length=3, max_length=6, description="Replies; 3–4 are offered in any state.")


class WriteStep(_Spoken):
    """Say it in your own words: the learner writes a reply, then compares it (self-assessed, not scored)."""

    kind: Literal["write"] = Field(description="Step kind.")
    models: list[Text] = Field(min_length=1, max_length=3, description="Model replies shown after writing.")
    checklist: list[Text] = Field(min_length=2, max_length=6, description="What a good reply contains, for self-assessment.")
    cites: list[Cite] = Field(min_length=1, description="Passages that teach it.")


class _Exercise(Strict):
    """What the order, spot and match steps share: a task, feedback, citations, a next step."""

    id: StepId = Field(description="Stable step id.")
    prompt: Text = Field(description="The task, e.g. 把处理投诉的五个步骤排好顺序.")
    feedback: Text = Field(description="What to take away (shown with the solution).")
    cites: list[Cite] = Field(min_length=1, description="Passages that teach it.")
    next: StepId | None = Field(default=None, description="Next step or ending, or `end`.")


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
        Annotated[WriteStep, Tag("write")],
    ],
    Discriminator(_step_kind, custom_error_type="step_kind", custom_error_message="unknown step kind",
                  custom_error_context={"discriminator": "'kind'", "expected_tags": "'choice', 'order', 'spot', 'match', 'write'"}),
]


class Ending(Strict):
    """How the encounter ends."""

    id: StepId = Field(description="Stable id; a step's or choice's `next` may name it.")
    outcome: Literal["good", "mixed", "bad"] = Field(description="How well it went for the customer relationship.")
    title: Text = Field(description="Short headline, e.g. 客户留下了.")
    text: Text = Field(description="What happens next, in a sentence or two.")
    when: Condition | None = Field(
        default=None,
        description="When the conversation reaches `end`, the first ending whose condition holds is told "
        "(endings that a `next` names directly are never picked this way); the last ending usually has none.",
    )


class Drill(Strict):
    """`drills/<id>.yaml`: one role-play drill."""

    id: Slug = Field(description="Stable id; equals the file name and is never reused.")
    title: Text = Field(
        max_length=32, description="Title shown in the drill list: the situation, never the technique (it fits the workbook's running header)."
    )
    setting: Setting = Field(
        description="Where it happens: store counter, phone call, service hall, home visit, online (chat, WeChat, a review)."
    )
    difficulty: int = Field(ge=1, le=3, description="1 入门, 2 进阶, 3 挑战.")
    persona: Persona = Field(description="The customer.")
    role: Text = Field(default="销售人员", description="Who the learner plays, e.g. 销售人员 or 营业厅值班经理.")
    skills: list[Text] = Field(min_length=1, description="Skills practised, e.g. 倾听, 表示认同 (revealed in the debrief).")
    tags: list[Text] = Field(default_factory=list, description="Short keywords.")
    intro: Text = Field(description="The scene, told to the learner before the first step: what can be seen or heard.")
    reflection: Text = Field(description="One question for the learner to think about after the debrief.")
    state: dict[VarName, Var] = Field(
        default_factory=dict, description="State variables, e.g. {patience: {label: 耐心, start: 2, max: 3}}."
    )
    start: StepId | None = Field(default=None, description="First step (default: the first in the list).")
    steps: list[Step] = Field(min_length=1, description="The steps.")
    endings: list[Ending] = Field(min_length=1, description="How the encounter can end; `end` picks the first whose `when` holds.")


class Ruling(Strict):
    """A house ruling: one move, one verdict, in every drill."""

    id: Slug = Field(description="Stable id that replies name in `move`.")
    move: Text = Field(description="The move, described neutrally, e.g. 道别时只报服务热线.")
    verdict: Verdict = Field(description="The verdict every reply making this move gets.")
    why: Text = Field(description="The reasoning, for reviewers.")
    cites: list[Cite] = Field(min_length=1, description="Passages the ruling rests on.")


class Rulings(Strict):
    """`drills/rulings.yaml`: the house rulings, reviewed in one place."""

    rulings: list[Ruling] = Field(min_length=1, description="The rulings.")


class Retired(Strict):
    """`drills/retired.yaml`: ids that were used once and must never come back."""

    drills: list[Slug] = Field(default_factory=list, description="Retired drill ids.")
    steps: list[Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+/[a-z0-9-]+$")]] = Field(
        default_factory=list, description="Retired steps as `<drill id>/<step id>`."
    )
