"""The logic of drills with memory, checked two ways.

`simulate` below is a second, independent reading of the drill model (state,
effects, variants, offered replies, routes, endings), written from the
model's documentation without using :mod:`build_tools.drill_logic`.
Hypothesis plays random paths through every real drill with both and asserts
they agree, that every path ends within the limit, and that two poor replies
never reach the best ending.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools.content import load_or_raise
from build_tools.drill_logic import MAX_DECISIONS, ConditionError, explore, holds, parse, play
from build_tools.drill_stats import HARD_SHARE, TARGETS, guessers, hard_share, letters
from build_tools.models.drill import ChoiceStep, Drill
from tests.conftest import ROOT

COURSE = load_or_raise(ROOT)
DRILLS = sorted(COURSE.drills, key=lambda d: d.id)


def _test(cond: str, env: dict[str, int]) -> bool:
    """Evaluate a condition with Python's own parser (the grammar is a subset of Python's)."""
    return bool(eval(cond, {"__builtins__": {}}, dict(env)))  # noqa: S307 - content conditions, checked by parse()


def simulate(drill: Drill, picks: list[int]) -> tuple[list[str], list[str | None], list[str], str]:
    """Follow ``picks`` (indices into the offered replies, modulo their number) from the start.

    Returns the steps met, the replies chosen, the customer lines shown and the ending.
    """
    steps = {s.id: i for i, s in enumerate(drill.steps)}
    env = {name: var.start for name, var in drill.state.items()} | {"poor": 0, "good": 0, "decisions": 0}
    named = set()
    for s in drill.steps:
        named |= {t for t in [s.next, *(r.next for r in getattr(s, "routes", []))] if t}
        if isinstance(s, ChoiceStep):
            named |= {c.next for c in s.choices if c.next}
    at, met, chosen, said, k = drill.start or drill.steps[0].id, [], [], [], 0
    while True:
        assert len(met) <= 3 * MAX_DECISIONS, f"{drill.id}: the simulation does not end"
        step = drill.steps[steps[at]]
        met.append(step.id)
        line = getattr(step, "customer", None)
        for variant in getattr(step, "variants", []):
            if _test(variant.when, env):
                line = variant.customer
                break
        said.append(line)
        target = step.next or (drill.steps[steps[at] + 1].id if steps[at] + 1 < len(drill.steps) else "end")
        if isinstance(step, ChoiceStep):
            offered = [c for c in step.choices if not c.when or _test(c.when, env)]
            choice = offered[picks[k % len(picks)] % len(offered)] if picks else offered[0]
            k += 1
            chosen.append(choice.id)
            for name, delta in choice.effects.items():
                var = drill.state[name]
                env[name] = max(var.min, min(var.max, env[name] + delta))
            env["poor"] += choice.verdict == "bad"
            env["good"] += choice.verdict == "good"
            env["decisions"] += 1
            target = choice.next or target
        else:
            chosen.append(None)
        for route in getattr(step, "routes", []):
            if _test(route.when, env):
                target = route.next
                break
        if target in steps:
            at = target
            continue
        if target != "end":
            return met, chosen, said, target
        ending = next(e.id for e in drill.endings if e.id not in named and (not e.when or _test(e.when, env)))
        return met, chosen, said, ending


def graph_play(drill: Drill, picks: list[int]):
    graph = explore(drill)
    order = {s.id: [c.id for c in s.choices] for s in drill.steps if isinstance(s, ChoiceStep)}
    k = 0

    def pick(node, edges):
        nonlocal k
        if edges[0].choice is None:
            return edges[0]
        offered = sorted(edges, key=lambda e: order[node.step].index(e.choice))
        edge = offered[picks[k % len(picks)] % len(offered)] if picks else offered[0]
        k += 1
        return edge

    return graph, play(graph, pick)


@pytest.mark.parametrize("drill", DRILLS, ids=[d.id for d in DRILLS])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(picks=st.lists(st.integers(min_value=0, max_value=5), max_size=MAX_DECISIONS + 2))
def test_random_play_throughs_end_and_agree_with_the_graph(drill: Drill, picks: list[int]) -> None:
    met, chosen, said, ending = simulate(drill, picks)
    graph, path = graph_play(drill, picks)
    assert path.steps == met
    assert path.choices == chosen
    assert path.ending == ending
    shown = []
    for n in path.nodes:
        node = graph.nodes[n]
        step = next(s for s in drill.steps if s.id == node.step)
        shown.append(step.variants[node.variant].customer if node.variant is not None else getattr(step, "customer", None))
    assert shown == said
    assert sum(1 for c in chosen if c) <= MAX_DECISIONS
    outcome = next(e.outcome for e in drill.endings if e.id == ending)
    verdicts = [v for v in path.verdicts if v]
    if verdicts.count("bad") >= 2:
        assert outcome != "good", f"{drill.id}: two poor replies reached the best ending {ending}"


@pytest.mark.parametrize("drill", DRILLS, ids=[d.id for d in DRILLS])
def test_every_drill_has_memory_that_matters(drill: Drill) -> None:
    """State is declared, something later depends on it, and the ending is more than the last reply."""
    assert drill.state, f"{drill.id} declares no state"
    depends = any(getattr(s, "variants", []) or getattr(s, "routes", []) for s in drill.steps) or any(
        c.when for s in drill.steps if isinstance(s, ChoiceStep) for c in s.choices
    )
    assert depends, f"{drill.id}: no customer line, reply or route depends on the state"
    assert any(e.when for e in drill.endings), f"{drill.id}: no ending is chosen by the whole path"
    # Two paths that end with the same last reply can reach different endings.
    graph = explore(drill)
    by_last: dict[tuple, set] = {}
    for node in graph.nodes:
        for edge in node.edges:
            if edge.target is None:
                by_last.setdefault((node.step, edge.choice), set()).add(edge.ending)
    assert any(len(e) > 1 for e in by_last.values()), f"{drill.id}: the ending depends only on the last reply"


def test_the_drills_resist_guessing() -> None:
    g = guessers(COURSE)
    for name in [n for n in TARGETS if n != "letter"]:
        assert g[name] <= TARGETS[name], f"the {name!r} guesser scores {g[name]:.0%} (random: {g['random']:.0%})"
    assert max(letters(COURSE).values()) <= TARGETS["letter"]
    assert hard_share(COURSE) >= HARD_SHARE


def test_the_set_is_large_and_varied() -> None:
    decisions = sum(1 for d in COURSE.drills for s in d.steps if isinstance(s, ChoiceStep))
    assert len(COURSE.drills) >= 50 and decisions >= 250
    assert {d.setting for d in COURSE.drills} == {"counter", "phone", "hall", "home-visit", "online"}
    assert sum(1 for d in COURSE.drills for s in d.steps if s.kind == "write") >= 10


@pytest.mark.parametrize(
    "text, env, expected",
    [
        ("patience <= 1", {"patience": 1}, True),
        ("patience <= 1", {"patience": 2}, False),
        ("apologised", {"apologised": 1}, True),
        ("not apologised", {"apologised": 1}, False),
        ("poor < 2 and trust >= 3", {"poor": 1, "trust": 3}, True),
        ("poor < 2 and trust >= 3", {"poor": 2, "trust": 3}, False),
        ("a == 0 or b != 0 and c > 1", {"a": 1, "b": 1, "c": 2}, True),
        ("(a == 0 or b != 0) and c > 1", {"a": 1, "b": 1, "c": 1}, False),
        ("not (a > 0 and b > 0)", {"a": 1, "b": 0}, True),
        ("x == -1", {"x": -1}, True),
    ],
)
def test_conditions_mean_what_python_would_read(text: str, env: dict, expected: bool) -> None:
    assert holds(parse(text), env) is expected == _test(text, env)


@pytest.mark.parametrize("text", ["", "patience =< 1", "patience <=", "and x", "(x > 1", "x > 1)", "x > y", "x 3", "Patience > 1"])
def test_unreadable_conditions_are_refused(text: str) -> None:
    with pytest.raises(ConditionError):
        parse(text)
