"""The drill catalogue the trainer's and the learner's assignment pages read.

Besides titles it carries what a gradebook needs to check and analyse a
result code without trusting it: the highest score a drill allows on any
path (a code claiming more is refused), the score of the good path (the
share an unfinished drill counts against), and every choice decision with
its replies (id, verdict, strategy), in the drill's order, for the item
analysis.
"""

from __future__ import annotations

from functools import lru_cache

from ..content import Course
from ..drill_logic import explore, play
from ..models.drill import ChoiceStep, Drill, WriteStep
from . import drills as drill_render

VERDICT_CODES = {"good": "g", "acceptable": "a", "bad": "b"}

_graphs: dict[int, tuple[Drill, object]] = {}


def graph(drill: Drill):
    """The drill's state graph, walked once per build (the catalogue and the exports ask often)."""
    hit = _graphs.get(id(drill))
    if hit is None or hit[0] is not drill:
        hit = _graphs[id(drill)] = (drill, explore(drill))
    return hit[1]


def max_points(drill: Drill) -> int:
    """The most points any path through the drill can give (2 per scored decision)."""
    g = graph(drill)
    scored = {s.id: not isinstance(s, WriteStep) for s in drill.steps}

    @lru_cache(maxsize=None)
    def best(n: int) -> int:
        node = g.nodes[n]
        here = 2 if scored[node.step] else 0
        return here + max((best(e.target) if e.target is not None else 0) for e in node.edges)

    return best(g.start)


def good_path_points(drill: Drill) -> int:
    """The points of the path of good replies: what an unfinished drill counts against."""
    scored = {s.id: not isinstance(s, WriteStep) for s in drill.steps}
    path = play(graph(drill), lambda node, edges: next((e for e in edges if e.verdict == "good"), edges[0]))
    return 2 * sum(1 for step in path.steps if scored[step])


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def catalogue_entry(drill: Drill) -> dict:
    decisions = [
        {
            "id": s.id,
            "line": _short(s.customer),
            "choices": [[c.id, VERDICT_CODES[c.verdict], c.strategy] for c in s.choices],
        }
        for s in drill.steps
        if isinstance(s, ChoiceStep)
    ]
    return {
        "id": drill.id,
        "title": drill.title,
        "setting": drill_render.SETTINGS[drill.setting],
        "nominal": good_path_points(drill),
        "top": max_points(drill),
        "decisions": decisions,
    }


def catalogue(course: Course, ids: list[str]) -> list[dict]:
    by_id = {d.id: d for d in course.drills}
    return [catalogue_entry(by_id[i]) for i in ids]
