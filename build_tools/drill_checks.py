"""Cross-file rules for drills: citations, verdicts, branches and endings.

Registered with the other rules in :mod:`build_tools.checks`.
"""

from __future__ import annotations

from .checks import _at, ref_exists, rule
from .content import Course
from .errors import Problem
from .models.drill import ChoiceStep, Drill


def successors(drill: Drill) -> dict[str, list[tuple[tuple, str]]]:
    """For each step: (location of the link, target id) of every way out.

    A choice without `next` follows its step's `next`; a step without `next`
    goes to the following step; after the last step the drill ends (target "").
    """
    out: dict[str, list[tuple[tuple, str]]] = {}
    for i, step in enumerate(drill.steps):
        default = step.next if step.next is not None else (drill.steps[i + 1].id if i + 1 < len(drill.steps) else "")
        loc = ("steps", i, "next")
        if isinstance(step, ChoiceStep):
            out[step.id] = [
                (("steps", i, "choices", c, "next") if choice.next else loc, choice.next or default)
                for c, choice in enumerate(step.choices)
            ]
        else:
            out[step.id] = [(loc, default)]
    return out


def _key(drill: Drill) -> str:
    return f"drills/{drill.id}"


@rule
def drill_ids_are_unique_and_not_retired(course: Course) -> list[Problem]:
    problems = []
    retired_drills = set(course.retired.drills) if course.retired else set()
    retired_steps = set(course.retired.steps) if course.retired else set()
    for drill in course.drills:
        if drill.id in retired_drills:
            problems.append(_at(course, _key(drill), ("id",), f"{drill.id!r} is retired (drills/retired.yaml); give the drill a new id"))
        seen: dict[str, int] = {}
        for i, step in enumerate(drill.steps):
            if step.id in seen:
                problems.append(_at(course, _key(drill), ("steps", i, "id"), f"duplicate step id {step.id!r} (also steps[{seen[step.id]}])"))
            seen.setdefault(step.id, i)
            if f"{drill.id}/{step.id}" in retired_steps:
                problems.append(_at(course, _key(drill), ("steps", i, "id"), f"{drill.id}/{step.id} is retired; use a new step id"))
            if isinstance(step, ChoiceStep):
                ids = [c.id for c in step.choices]
                for c, cid in enumerate(ids):
                    if cid in ids[:c]:
                        problems.append(_at(course, _key(drill), ("steps", i, "choices", c, "id"), f"duplicate choice id {cid!r}"))
        for e, ending in enumerate(drill.endings):
            if ending.id in seen:
                problems.append(_at(course, _key(drill), ("endings", e, "id"), f"{ending.id!r} is also a step id"))
    return problems


@rule
def drill_citations_resolve(course: Course) -> list[Problem]:
    refs = course.refs()
    problems = []
    for drill in course.drills:
        for i, step in enumerate(drill.steps):
            places = (
                [(("steps", i, "choices", c, "cites", k), ref) for c, ch in enumerate(step.choices) for k, ref in enumerate(ch.cites)]
                if isinstance(step, ChoiceStep)
                else [(("steps", i, "cites", k), ref) for k, ref in enumerate(step.cites)]
            )
            for loc, ref in places:
                if not ref_exists(course, refs, ref):
                    problems.append(_at(course, _key(drill), loc, f"must cite an existing page such as lessons/303 or handbook/waiting (got {ref!r})"))
    return problems


@rule
def choice_steps_have_a_good_and_a_bad_reply(course: Course) -> list[Problem]:
    problems = []
    for drill in course.drills:
        for i, step in enumerate(drill.steps):
            if isinstance(step, ChoiceStep):
                verdicts = {c.verdict for c in step.choices}
                for needed in ("good", "bad"):
                    if needed not in verdicts:
                        problems.append(_at(course, _key(drill), ("steps", i, "choices"), f"needs at least one {needed} reply"))
    return problems


@rule
def drill_paths_all_end(course: Course) -> list[Problem]:
    """Branch targets exist, every step is reachable, and no path loops forever."""
    problems = []
    for drill in course.drills:
        steps = {s.id: i for i, s in enumerate(drill.steps)}
        endings = {e.id for e in drill.endings}
        if drill.start is not None and drill.start not in steps:
            problems.append(_at(course, _key(drill), ("start",), f"must name a step: {', '.join(steps)} (got {drill.start!r})"))
            continue
        graph = successors(drill)
        broken = False
        for sid, outs in graph.items():
            for loc, target in outs:
                if target and target not in steps and target not in endings:
                    broken = True
                    problems.append(
                        _at(course, _key(drill), loc, f"must name a step or ending of this drill (got {target!r})")
                    )
        if broken:
            continue
        start = drill.start or drill.steps[0].id
        # depth-first search for reachability and cycles
        state: dict[str, int] = {}
        cycle: list[str] = []

        def visit(sid: str, path: list[str]) -> None:
            state[sid] = 1
            path.append(sid)
            for _, target in graph[sid]:
                if target not in steps:
                    continue
                if state.get(target) == 1 and not cycle:
                    cycle.extend(path[path.index(target):] + [target])
                elif target not in state:
                    visit(target, path)
            path.pop()
            state[sid] = 2

        visit(start, [])
        if cycle:
            problems.append(
                _at(course, _key(drill), ("steps", steps[cycle[0]], "id"), f"steps form a loop: {' → '.join(cycle)} (a drill must always move on to an ending)")
            )
        for sid, i in steps.items():
            if sid not in state:
                problems.append(_at(course, _key(drill), ("steps", i, "id"), f"step {sid!r} can never be reached from {start!r}"))
        used = {t for outs in graph.values() for _, t in outs}
        for e, ending in enumerate(drill.endings):
            if ending.id not in used:
                problems.append(_at(course, _key(drill), ("endings", e, "id"), f"ending {ending.id!r} is never reached"))
    return problems
