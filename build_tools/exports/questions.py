"""Choice decisions as multiple-choice questions, the common ground of the question-bank exports.

A decision becomes one question: the drill's situation and the customer's
default line (with what the customer does) as the stem, every reply offered
with that line as an answer.  Fractions follow the drill's scoring: a good
reply earns full credit, an acceptable one half, a bad one none; every answer
carries the drill's feedback on it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models.drill import ChoiceStep, Drill
from ..render.assign import graph as drill_graph
from ..render.drills import SETTINGS

FRACTIONS = {"good": 100, "acceptable": 50, "bad": 0}
VERDICT_NAMES = {"good": "好的服务", "acceptable": "还可以", "bad": "不好的服务"}
ROOT_CATEGORY = "售后服务训练营"


@dataclass(frozen=True)
class Answer:
    text: str
    fraction: int
    feedback: str


@dataclass(frozen=True)
class Question:
    ident: str  # "drill-id/step-id": stable, ASCII
    name: str
    category: tuple[str, ...]  # path below the course's default category
    stem: str
    answers: tuple[Answer, ...]


def offered_choices(drill: Drill, step: ChoiceStep, graph=None) -> list:
    """The replies offered with the customer's default line (the state the step is first met in)."""
    graph = graph or drill_graph(drill)
    nodes = [n for n in graph.nodes if n.step == step.id]
    if not nodes:
        return []
    node = next((n for n in nodes if n.variant is None), nodes[0])
    offered = {e.choice for e in node.edges}
    return [c for c in step.choices if c.id in offered]


def drill_questions(drill: Drill) -> list[Question]:
    graph = drill_graph(drill)
    out: list[Question] = []
    number = 0
    for step in drill.steps:
        if not isinstance(step, ChoiceStep):
            continue
        choices = offered_choices(drill, step, graph)
        if not choices:
            continue
        number += 1
        said = f"{drill.persona.name}" + (f"（{step.action}）" if step.action else "") + f"：“{step.customer}”"
        stem = f"{drill.intro}\n{said}\n你是{drill.role}。{step.prompt or '你怎么回应？'}"
        answers = tuple(
            Answer(
                text=c.reply,
                fraction=FRACTIONS[c.verdict],
                feedback=f"{VERDICT_NAMES[c.verdict]}（{c.strategy}）。{c.feedback}",
            )
            for c in choices
        )
        out.append(
            Question(
                ident=f"{drill.id}/{step.id}",
                name=f"{drill.title} · 第{number}题",
                category=(ROOT_CATEGORY, SETTINGS[drill.setting], drill.title),
                stem=stem,
                answers=answers,
            )
        )
    return out


def questions(drills: list[Drill]) -> list[Question]:
    return [q for d in drills for q in drill_questions(d)]
