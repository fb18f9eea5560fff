"""Cross-file rules for drills: ids, citations, option design, state and the graph.

Registered with the other rules in :mod:`build_tools.checks`.  The graph
rules read :func:`build_tools.drill_logic.explore`, the same walk the player's
data comes from.
"""

from __future__ import annotations

import re
from .checks import _at, ref_exists, rule, texts
from .content import Course
from .drill_logic import BUILTINS, MAX_DECISIONS, explore, names, parse
from .drill_logic import conditions as drill_conditions
from .errors import Problem
from .models.drill import ChoiceStep, Drill, WriteStep

LENGTH_RATIO = 1.25
"""A good reply may be at most this much longer than the longest other reply."""

END = "end"
"""`next: end` ends the conversation; the ending is then chosen by the state."""

PUNCT = set("|，。；：！？、“”‘’「」『』（）《》〈〉…—～·,.;:!?()[]\"' \n\t")


NOT_QUOTABLE = ("id", "topic", "order", "tags", "terms", "related", "edits", "source", "questions")
"""Fields of a page that are not its teaching text."""


def _key(drill: Drill) -> str:
    return f"drills/{drill.id}"


def reply_length(text: str) -> int:
    """Length as a reader sees it: characters, without white space."""
    return len(re.sub(r"\s+", "", text))


def _cites(drill: Drill):
    """(location, Cite) of every citation in a drill."""
    for i, step in enumerate(drill.steps):
        if isinstance(step, ChoiceStep):
            for c, ch in enumerate(step.choices):
                for k, cite in enumerate(ch.cites):
                    yield ("steps", i, "choices", c, "cites", k), cite
        else:
            for k, cite in enumerate(step.cites):
                yield ("steps", i, "cites", k), cite


def _step_targets(drill: Drill):
    """(location, target) of every explicit link out of a step or a reply."""
    for i, step in enumerate(drill.steps):
        if step.next is not None:
            yield ("steps", i, "next"), step.next
        for r, route in enumerate(getattr(step, "routes", [])):
            yield ("steps", i, "routes", r, "next"), route.next
        if isinstance(step, ChoiceStep):
            for c, choice in enumerate(step.choices):
                if choice.next is not None:
                    yield ("steps", i, "choices", c, "next"), choice.next


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
            if step.id == END:
                problems.append(_at(course, _key(drill), ("steps", i, "id"), "'end' is reserved for `next: end`; choose another id"))
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
            if ending.id in seen or ending.id == END:
                problems.append(_at(course, _key(drill), ("endings", e, "id"), f"{ending.id!r} is also a step id or reserved"))
    return problems


def _normal(text: str) -> str:
    from .render.script import to_hans

    return re.sub(r"\s+", "", to_hans(text))


def page_texts(course: Course) -> dict[str, str]:
    """Every citable page's reader text, Simplified, without white space (for quotes)."""
    out = {}
    for key, item in course.items():
        ref = key[: -len("/index")] if key.endswith("/index") else key
        parts = [getattr(item, name) for name in type(item).model_fields if name not in NOT_QUOTABLE]
        out[ref] = "|".join(_normal(t) for t in texts(parts))
    return out


def quote_found(pages: dict[str, str], ref: str, quote: str) -> str | None:
    """None when ``quote`` is a whole clause of page ``ref`` (``pages``: :func:`page_texts`); otherwise why not."""
    page = pages.get(ref)
    if page is None:
        return None  # the page failed validation; reported on its own
    q = _normal(quote)
    if len(q) < 4:
        return "must quote at least 4 characters of the page"
    start = page.find(q)
    if start < 0:
        return f"must be copied exactly from {ref} (not found: {quote!r})"
    while start >= 0:
        before_ok = start == 0 or page[start - 1] in PUNCT or q[0] in PUNCT
        end = start + len(q)
        after_ok = end == len(page) or page[end] in PUNCT or q[-1] in PUNCT
        if before_ok and after_ok:
            return None
        start = page.find(q, start + 1)
    return f"must be a whole clause of {ref}, from one punctuation mark to the next (got {quote!r})"


@rule
def drill_citations_resolve(course: Course) -> list[Problem]:
    """Every citation names a page, and quotes a whole clause of it."""
    refs = course.refs()
    pages = page_texts(course)
    problems = []
    for drill in course.drills:
        for loc, cite in _cites(drill):
            if not ref_exists(course, refs, cite.ref):
                problems.append(_at(course, _key(drill), loc + ("ref",), f"must cite an existing page such as lessons/303 or handbook/waiting (got {cite.ref!r})"))
                continue
            why = quote_found(pages, cite.ref, cite.quote)
            if why:
                problems.append(_at(course, _key(drill), loc + ("quote",), why))
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
def good_replies_are_not_the_longest_by_far(course: Course) -> list[Problem]:
    """No length cue: a good reply is at most 1.25× the longest other reply."""
    problems = []
    for drill in course.drills:
        for i, step in enumerate(drill.steps):
            if not isinstance(step, ChoiceStep):
                continue
            for c, choice in enumerate(step.choices):
                if choice.verdict != "good":
                    continue
                others = [reply_length(o.reply) for o in step.choices if o.verdict != "good"]
                longest = max(others, default=0)
                mine = reply_length(choice.reply)
                if others and mine > LENGTH_RATIO * longest:
                    problems.append(_at(
                        course, _key(drill), ("steps", i, "choices", c, "reply"),
                        f"a good reply may be at most {LENGTH_RATIO}× the longest other reply "
                        f"({mine} characters vs {longest}); shorten it or split it into two decisions",
                    ))
    return problems


@rule
def drill_titles_name_the_situation(course: Course) -> list[Problem]:
    """Titles and prompts don't give the diagnosis away: no skill or personality type in the title."""
    problems = []
    for drill in course.drills:
        giveaways = [s for s in drill.skills if len(s) >= 2] + ([drill.persona.type_label] if drill.persona.type_label else [])
        for word in giveaways:
            if word in drill.title:
                problems.append(_at(course, _key(drill), ("title",), f"must name the situation, not the skill or the customer's type (contains {word!r})"))
    return problems


@rule
def drill_moves_follow_the_house_rulings(course: Course) -> list[Problem]:
    """A reply that makes a ruled move gets the ruled verdict, in every drill."""
    problems = []
    rulings = {r.id: r for r in course.rulings.rulings} if course.rulings else {}
    for drill in course.drills:
        for i, step in enumerate(drill.steps):
            if not isinstance(step, ChoiceStep):
                continue
            for c, choice in enumerate(step.choices):
                if choice.move is None:
                    continue
                loc = ("steps", i, "choices", c)
                ruling = rulings.get(choice.move)
                if ruling is None:
                    problems.append(_at(course, _key(drill), loc + ("move",), f"must name a ruling in drills/rulings.yaml (got {choice.move!r})"))
                elif ruling.verdict != choice.verdict:
                    problems.append(_at(
                        course, _key(drill), loc + ("verdict",),
                        f"must be {ruling.verdict!r}, as ruled for move {ruling.id!r} in drills/rulings.yaml (got {choice.verdict!r})",
                    ))
    if course.rulings:
        pages = page_texts(course)
        refs = course.refs()
        for r, ruling in enumerate(course.rulings.rulings):
            for k, cite in enumerate(ruling.cites):
                why = (
                    quote_found(pages, cite.ref, cite.quote) if ref_exists(course, refs, cite.ref)
                    else f"must cite an existing page such as lessons/303 or handbook/waiting (got {cite.ref!r})"
                )
                if why:
                    problems.append(_at(course, "drills/rulings", ("rulings", r, "cites", k, "quote"), why))
    return problems


@rule
def drill_state_is_declared(course: Course) -> list[Problem]:
    """Effects and conditions use declared variables; effects never touch the counters."""
    problems = []
    for drill in course.drills:
        declared = set(drill.state)
        for v in drill.state:
            if v in BUILTINS or v in ("and", "or", "not"):
                problems.append(_at(course, _key(drill), ("state", v), f"{v!r} is reserved; choose another name"))
        for _, loc, text in drill_conditions(drill):
            for name in names(parse(text)):
                if name not in declared and name not in BUILTINS:
                    problems.append(_at(course, _key(drill), loc, f"unknown state variable {name!r} (declared: {', '.join(sorted(declared) + list(BUILTINS))})"))
        for i, step in enumerate(drill.steps):
            if isinstance(step, ChoiceStep):
                for c, choice in enumerate(step.choices):
                    for name in choice.effects:
                        if name not in declared:
                            problems.append(_at(course, _key(drill), ("steps", i, "choices", c, "effects", name), f"unknown state variable {name!r} (declared: {', '.join(sorted(declared)) or 'none'})"))
    return problems


def _graph_ok(course: Course, drill: Drill) -> bool:
    """The graph can be walked: targets exist and the state is declared."""
    steps = {s.id for s in drill.steps}
    endings = {e.id for e in drill.endings}
    if drill.start is not None and drill.start not in steps:
        return False
    for _, target in _step_targets(drill):
        if target != END and target not in steps and target not in endings:
            return False
    declared = set(drill.state) | set(BUILTINS)
    if any(n not in declared for _, _, t in drill_conditions(drill) for n in names(parse(t))):
        return False
    return all(
        name in drill.state for s in drill.steps if isinstance(s, ChoiceStep) for c in s.choices for name in c.effects
    )


@rule
def drill_paths_all_end(course: Course) -> list[Problem]:
    """Targets exist; every step and ending is reached; every path ends within the limit;
    every condition can hold; every state offers a fair set of replies; two poor replies
    never reach the best ending."""
    problems = []
    for drill in course.drills:
        key = _key(drill)
        steps = {s.id: i for i, s in enumerate(drill.steps)}
        endings = {e.id for e in drill.endings}
        if drill.start is not None and drill.start not in steps:
            problems.append(_at(course, key, ("start",), f"must name a step: {', '.join(steps)} (got {drill.start!r})"))
        for loc, target in _step_targets(drill):
            if target != END and target not in steps and target not in endings:
                problems.append(_at(course, key, loc, f"must name a step or ending of this drill, or end (got {target!r})"))
        if not _graph_ok(course, drill):
            continue
        graph = explore(drill)
        if graph.too_long is not None:
            path = graph.too_long
            problems.append(_at(
                course, key, ("steps", steps[path[-1]], "id"),
                f"a path loops or runs past {MAX_DECISIONS} decisions: {' → '.join(path[-8:])} (a drill must always move on to an ending)",
            ))
            continue
        met = {n.step for n in graph.nodes}
        for sid, i in steps.items():
            if sid not in met:
                problems.append(_at(course, key, ("steps", i, "id"), f"step {sid!r} can never be reached from {drill.start or drill.steps[0].id!r}"))
        for e, ending in enumerate(drill.endings):
            if ending.id not in graph.endings_reached:
                problems.append(_at(course, key, ("endings", e, "id"), f"ending {ending.id!r} is never reached"))
        for fired, loc, text in drill_conditions(drill):
            if fired not in graph.fired and (fired[0] != "ending" or fired[1] in graph.endings_reached):
                problems.append(_at(course, key, loc, f"condition can never hold on any path (got {text!r})"))
        reported: set[str] = set()
        for sid, state, why in graph.stuck:
            if sid in reported:
                continue
            reported.add(sid)
            env = ", ".join(f"{k}={v}" for k, v in graph.env(state).items())
            problems.append(_at(course, key, ("steps", steps[sid], "id"), f"in state {env}: {why}"))
        poor_i = graph.variables.index("poor")
        for e, ending in enumerate(drill.endings):
            if ending.outcome != "good":
                continue
            worst = max((s[poor_i] for s in graph.endings_reached.get(ending.id, [])), default=0)
            if worst >= 2:
                problems.append(_at(
                    course, key, ("endings", e, "when"),
                    f"the best ending must be out of reach after two poor replies (a path with {worst} bad replies reaches it); "
                    "add a condition such as `poor < 2`",
                ))
    return problems


@rule
def write_steps_have_distinct_models(course: Course) -> list[Problem]:
    """A write step's model replies and checklist items are not repeated."""
    problems = []
    for drill in course.drills:
        for i, step in enumerate(drill.steps):
            if isinstance(step, WriteStep):
                for field in ("models", "checklist"):
                    items = getattr(step, field)
                    for k, text in enumerate(items):
                        if text in items[:k]:
                            problems.append(_at(course, _key(drill), ("steps", i, field, k), "repeats an earlier item"))
    return problems
