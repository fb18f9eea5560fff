"""The 我的进度 page: every lesson and drill, for the browser to mark from what it has stored.

Nothing is sent anywhere: the page lists what there is, and
``assets/javascripts/progress.js`` fills in what this browser remembers
(lessons read, drill records) and finds the decisions to practise again by
walking each saved drill record through the drill's state graph, which is
written here in a compact form: ``[start, nodes, steps]`` where a node is
``[step index, [[choice, next node or -1], ...]]`` and a step is
``[step id, the customer's opening words, {choice: verdict letter}]``.
"""

from __future__ import annotations

import posixpath

from ..content import Course
from ..drill_logic import explore
from .drills import SETTINGS, drill_path, script_json
from .env import render

PATH = "progress.md"


def _href(to_md: str) -> str:
    rel = posixpath.relpath(to_md, posixpath.dirname(PATH) or ".")
    return rel[:-3] + ".html" if rel.endswith(".md") else rel


def decision_map(course: Course) -> dict:
    out = {}
    for drill in course.drills:
        graph = explore(drill)
        index = {s.id: i for i, s in enumerate(drill.steps)}
        steps = []
        for s in drill.steps:
            if s.kind == "choice":
                steps.append([s.id, s.customer[:28], {c.id: c.verdict[0] for c in s.choices}])
            else:
                steps.append([s.id, "", {}])
        nodes = [
            [index[n.step], [[e.choice, e.target if e.target is not None else -1] for e in n.edges]]
            for n in graph.nodes
        ]
        out[drill.id] = [graph.start, nodes, steps]
    return out


def progress_page(course: Course, lesson_path, drill_order: list) -> str:
    lessons = [{"id": str(l.id), "title": l.title, "href": _href(lesson_path(l))} for l in course.lessons]
    drills = [{"id": d.id, "title": d.title, "setting": SETTINGS[d.setting], "href": _href(drill_path(d))} for d in drill_order]
    return render("progress.md.j2", lessons=lessons, drills=drills, data=script_json(decision_map(course)))
