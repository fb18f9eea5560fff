"""Drill pages: the validated drill written out as JSON for the browser player.

The player (docs/assets/javascripts/drill-player.js) gets data, not rules:
the drill's state machine is walked here (:func:`build_tools.drill_logic.explore`)
and written out as a finite graph of nodes (a step as met in one state:
which customer line, which replies, where each reply leads, which ending is
told).  Every citation is resolved to a title and a link that opens the page
at the quoted passage.
"""

from __future__ import annotations

import json
import posixpath
from urllib.parse import quote as urlquote

from markupsafe import Markup

from ..content import Course
from ..drill_logic import explore
from ..models.drill import ChoiceStep, Cite, Drill, MatchStep, OrderStep, SpotStep, WriteStep
from .script import to_hans

SETTINGS = {"counter": "门店柜台", "phone": "电话", "hall": "营业厅", "home-visit": "上门服务", "online": "线上"}
DIFFICULTY = {1: "入门", 2: "进阶", 3: "挑战"}
VERDICTS = {"good": "好的服务", "acceptable": "还可以", "bad": "不好的服务"}


def drill_path(drill: Drill) -> str:
    return f"drills/{drill.id}.md"


def _href(from_md: str, to_md: str) -> str:
    """A built-site link (offline builds use `.html` files, not directory URLs)."""
    rel = posixpath.relpath(to_md, posixpath.dirname(from_md))
    return rel[:-3] + ".html" if rel.endswith(".md") else rel


def passage_href(from_md: str, to_md: str, quote: str) -> str:
    """A link that opens the page scrolled to the quoted passage (a text fragment)."""
    return f"{_href(from_md, to_md)}#:~:text={urlquote(to_hans(quote).strip(), safe='')}"


def decisions(drill: Drill) -> int:
    """Decisions on the path of good replies (what the drill card counts)."""
    from ..drill_logic import play

    def best(node, edges):
        return next((e for e in edges if e.verdict == "good"), edges[0])

    return len(play(explore(drill), best).steps)


def cite_data(refs: dict, page: str, cite: Cite) -> dict:
    """A citation as the player shows it; ``refs`` is :meth:`Course.refs`, computed once per drill."""
    ref = refs[cite.ref]
    return {"title": ref.title, "href": passage_href(page, ref.path, cite.quote), "quote": to_hans(cite.quote)}


def drill_data(course: Course, drill: Drill) -> dict:
    """The drill as the player needs it: steps, the state graph, resolved links."""
    page = drill_path(drill)
    refs = course.refs()
    passages: list[dict] = []  # each cited passage once; replies and steps refer to it by index
    index: dict[tuple[str, str], int] = {}

    def cites(items: list[Cite]) -> list[int]:
        out = []
        for c in items:
            key = (c.ref, c.quote)
            if key not in index:
                index[key] = len(passages)
                passages.append(cite_data(refs, page, c))
            out.append(index[key])
        return out

    steps = {}
    for step in drill.steps:
        base: dict = {"id": step.id, "kind": step.kind}
        if isinstance(step, (ChoiceStep, WriteStep)):
            base.update(
                customer=step.customer, action=step.action, mood=step.mood, prompt=step.prompt or (
                    "用你自己的话回应客户" if isinstance(step, WriteStep) else "你怎么回应？"),
                variants=[{"customer": v.customer, "action": v.action, "mood": v.mood} for v in step.variants],
            )
        if isinstance(step, ChoiceStep):
            base["choices"] = [
                {
                    "id": c.id, "reply": c.reply, "strategy": c.strategy, "verdict": c.verdict,
                    "feedback": c.feedback, "cites": cites(c.cites),
                    "reaction": {"line": c.reaction.line, "action": c.reaction.action, "mood": c.reaction.mood},
                }
                for c in step.choices
            ]
        elif isinstance(step, WriteStep):
            base.update(models=list(step.models), checklist=list(step.checklist), cites=cites(step.cites))
        else:
            base.update(prompt=step.prompt, feedback=step.feedback, cites=cites(step.cites))
            if isinstance(step, OrderStep):
                base["items"] = [{"id": i.id, "text": i.text} for i in step.items]
            elif isinstance(step, SpotStep):
                base["lines"] = [
                    {"id": ln.id, "speaker": ln.speaker, "line": ln.line, "faulty": ln.faulty, "feedback": ln.feedback}
                    for ln in step.lines
                ]
            elif isinstance(step, MatchStep):
                base["pairs"] = [{"id": p.id, "left": p.left, "right": p.right} for p in step.pairs]
        steps[step.id] = base

    graph = explore(drill)
    n_vars = len(drill.state)
    nodes = [
        {
            "s": node.step,
            "v": node.variant if node.variant is not None else -1,
            "st": list(node.state[:n_vars]),
            "e": [
                [e.choice, e.target] if e.target is not None else [e.choice, e.ending, list(e.state[:n_vars])]
                for e in node.edges
            ],
        }
        for node in graph.nodes
    ]
    return {
        "v": 2,
        "id": drill.id,
        "title": drill.title,
        "role": drill.role,
        "setting": SETTINGS[drill.setting],
        "persona": {"name": drill.persona.name, "description": drill.persona.description},
        "reveal": {"type": drill.persona.type_label, "skills": list(drill.skills)},
        "intro": drill.intro,
        "reflection": drill.reflection,
        "vars": [{"id": k, "label": v.label, "min": v.min, "max": v.max} for k, v in drill.state.items()],
        "start": graph.start,
        "steps": steps,
        "passages": passages,
        "nodes": nodes,
        "endings": {e.id: {"outcome": e.outcome, "title": e.title, "text": e.text} for e in drill.endings},
        "verdicts": VERDICTS,
        "index": _href(page, "drills/index.md"),
    }


def script_json(data: object) -> Markup:
    """JSON safe as the text of an HTML element: no `<`, `>` or `&` reach the HTML parser.

    The data sits in a `<template>`, not a `<script type="application/json">`:
    Material's instant navigation re-creates every inline script without its
    `type`, so a JSON script would be run as JavaScript after a navigation.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(
        text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\u00a0", "\\u00a0")
    )
