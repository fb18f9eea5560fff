"""Drill pages: the validated drill written out as JSON for the browser player.

The player (docs/assets/javascripts/drill-player.js) gets data, not rules:
every branch is resolved here (a reply's next step, or the ending), and
every citation is resolved to a title and a link.
"""

from __future__ import annotations

import json
import posixpath

from ..content import Course
from ..drill_checks import successors
from ..models.drill import ChoiceStep, Drill, MatchStep, OrderStep, SpotStep

SETTINGS = {"counter": "门店柜台", "phone": "电话", "hall": "营业厅", "home-visit": "上门服务"}
DIFFICULTY = {1: "入门", 2: "进阶", 3: "挑战"}
VERDICTS = {"good": "好的服务", "acceptable": "还可以", "bad": "不好的服务"}


def drill_path(drill: Drill) -> str:
    return f"drills/{drill.id}.md"


def _href(from_md: str, to_md: str) -> str:
    """A built-site link (offline builds use `.html` files, not directory URLs)."""
    rel = posixpath.relpath(to_md, posixpath.dirname(from_md))
    return rel[:-3] + ".html" if rel.endswith(".md") else rel


def decisions(drill: Drill) -> int:
    return len(drill.steps)


def drill_data(course: Course, drill: Drill) -> dict:
    """The drill as the player needs it: resolved branches and links."""
    refs = course.refs()
    page = drill_path(drill)

    def cite(ref: str) -> dict:
        return {"ref": ref, "title": refs[ref].title, "href": _href(page, refs[ref].path)}

    graph = successors(drill)
    endings = {e.id for e in drill.endings}

    def target(t: str) -> dict:
        if not t:
            return {"end": ""}
        return {"end": t} if t in endings else {"step": t}

    steps = []
    for step in drill.steps:
        outs = graph[step.id]
        base = {"id": step.id, "kind": step.kind}
        if isinstance(step, ChoiceStep):
            base.update(
                customer=step.customer, action=step.action, mood=step.mood, prompt=step.prompt or "你怎么回应？",
                choices=[
                    {
                        "id": c.id, "reply": c.reply, "verdict": c.verdict, "feedback": c.feedback,
                        "cites": [cite(r) for r in c.cites], "next": target(outs[i][1]),
                    }
                    for i, c in enumerate(step.choices)
                ],
            )
        else:
            base.update(prompt=step.prompt, feedback=step.feedback, cites=[cite(r) for r in step.cites], next=target(outs[0][1]))
            if isinstance(step, OrderStep):
                base["items"] = [{"id": i.id, "text": i.text} for i in step.items]
            elif isinstance(step, SpotStep):
                base["lines"] = [
                    {"id": ln.id, "speaker": ln.speaker, "line": ln.line, "faulty": ln.faulty, "feedback": ln.feedback}
                    for ln in step.lines
                ]
            elif isinstance(step, MatchStep):
                base["pairs"] = [{"id": p.id, "left": p.left, "right": p.right} for p in step.pairs]
        steps.append(base)
    return {
        "v": 1,
        "id": drill.id,
        "title": drill.title,
        "role": drill.role,
        "setting": SETTINGS[drill.setting],
        "persona": drill.persona.model_dump(),
        "intro": drill.intro,
        "start": drill.start or drill.steps[0].id,
        "steps": steps,
        "endings": [e.model_dump() for e in drill.endings],
        "verdicts": VERDICTS,
        "index": _href(page, "drills/index.md"),
    }


def script_json(data: object) -> str:
    """JSON safe as the text of an HTML element: no `<`, `>` or `&` reach the HTML parser.

    The data sits in a `<template>`, not a `<script type="application/json">`:
    Material's instant navigation re-creates every inline script without its
    `type`, so a JSON script would be run as JavaScript after a navigation.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").replace("\u00a0", "\\u00a0")
    )

