"""The logic of a drill with memory: conditions, effects and the state graph.

A drill declares integer state variables (e.g. the customer's ``patience``
and ``trust``, or a flag such as ``apologised`` that runs from 0 to 1).  A
reply changes them (``effects``, clamped to each variable's range); a step's
customer line, the replies offered, the routes out of a step and the ending
depend on them through small conditions such as ``patience <= 1`` or
``apologised and not poor``.

Besides the declared variables every condition can read three counters the
player keeps: ``poor`` (bad replies so far), ``good`` (good replies so far)
and ``decisions`` (choices made so far).

Everything is decided here, in Python, once: :func:`explore` walks every
reachable (step, state) pair and returns the drill as a finite graph.  The
checks read the graph (endings reachable, paths finite, conditions that can
never hold, the best ending out of reach after two poor replies), and the
browser player gets the same graph as data, so the rules are never written
twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Union

if TYPE_CHECKING:  # pragma: no cover
    from .models.drill import Drill

BUILTINS = ("poor", "good", "decisions")
MAX_DECISIONS = 12
"""No path through a drill may ask for more decisions than this."""

# ---------------------------------------------------------------- conditions

Cond = Union[tuple, str, int]
_TOKEN = re.compile(r"\s*(?:(<=|>=|==|!=|<|>|\(|\))|(-?\d+)|([a-z][a-z0-9_]*))")
_OPS = ("<=", ">=", "==", "!=", "<", ">")


class ConditionError(ValueError):
    """A condition that cannot be read."""


def _tokens(text: str) -> list[str]:
    out, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ConditionError(f"cannot read {text[pos:].strip()!r} in condition {text!r}")
        out.append(m.group(1) or m.group(2) or m.group(3))
        pos = m.end()
    return out


def parse(text: str) -> Cond:
    """``"patience <= 1 and not apologised"`` -> a small tuple tree.

    Grammar: ``or`` of ``and`` of ``[not] atom``; an atom is ``( … )``,
    ``name op number`` or a bare ``name`` (true when not 0).
    """
    tokens = _tokens(text)
    if not tokens:
        raise ConditionError("condition is empty")
    pos = 0

    def peek() -> str | None:
        return tokens[pos] if pos < len(tokens) else None

    def take() -> str:
        nonlocal pos
        if pos >= len(tokens):
            raise ConditionError(f"condition {text!r} ends too early")
        pos += 1
        return tokens[pos - 1]

    def disj() -> Cond:
        node = conj()
        while peek() == "or":
            take()
            node = ("or", node, conj())
        return node

    def conj() -> Cond:
        node = neg()
        while peek() == "and":
            take()
            node = ("and", node, neg())
        return node

    def neg() -> Cond:
        if peek() == "not":
            take()
            return ("not", neg())
        return atom()

    def atom() -> Cond:
        tok = take()
        if tok == "(":
            node = disj()
            if take() != ")":
                raise ConditionError(f"missing ')' in condition {text!r}")
            return node
        if not re.fullmatch(r"[a-z][a-z0-9_]*", tok) or tok in ("and", "or", "not"):
            raise ConditionError(f"expected a variable name in condition {text!r} (got {tok!r})")
        if peek() in _OPS:
            op = take()
            num = take()
            if not re.fullmatch(r"-?\d+", num):
                raise ConditionError(f"expected a whole number after {op!r} in condition {text!r} (got {num!r})")
            return (op, tok, int(num))
        return ("!=", tok, 0)

    node = disj()
    if pos != len(tokens):
        raise ConditionError(f"unexpected {tokens[pos]!r} in condition {text!r}")
    return node


def names(node: Cond) -> list[str]:
    """The variables a parsed condition reads."""
    if node[0] in ("and", "or"):
        return names(node[1]) + names(node[2])
    if node[0] == "not":
        return names(node[1])
    return [node[1]]


def holds(node: Cond, env: dict[str, int]) -> bool:
    op = node[0]
    if op == "and":
        return holds(node[1], env) and holds(node[2], env)
    if op == "or":
        return holds(node[1], env) or holds(node[2], env)
    if op == "not":
        return not holds(node[1], env)
    value, bound = env[node[1]], node[2]
    return {
        "<": value < bound, "<=": value <= bound, ">": value > bound,
        ">=": value >= bound, "==": value == bound, "!=": value != bound,
    }[op]


# ---------------------------------------------------------------- the graph

State = tuple[int, ...]


@dataclass
class Edge:
    """One reply (or, for other step kinds, the one way on) out of a node."""

    choice: str | None  # choice id; None for order/spot/match/write steps
    verdict: str | None
    target: int | None  # node index, or None when the drill ends here
    ending: str | None  # ending id when target is None
    state: State = ()  # the state after this edge was taken


@dataclass
class Node:
    """A step as met in one state: which customer line, which replies."""

    step: str
    state: State
    variant: int | None  # index into step.variants, None for the default line
    edges: list[Edge] = field(default_factory=list)
    depth: int = 0  # decisions made before this node (on the first path found)


@dataclass
class Graph:
    nodes: list[Node]
    start: int
    variables: list[str]  # order of the state tuple (declared variables, then BUILTINS)
    # what was ever true, for the "condition can never hold" rule
    fired: set[tuple] = field(default_factory=set)
    endings_reached: dict[str, list[State]] = field(default_factory=dict)
    too_long: list[str] | None = None  # a path longer than MAX_DECISIONS, as step ids
    stuck: list[tuple[str, State, str]] = field(default_factory=list)  # (step, state, why)

    def env(self, state: State) -> dict[str, int]:
        return dict(zip(self.variables, state))


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def explore(drill: Drill, limit: int = MAX_DECISIONS, max_nodes: int = 5000) -> Graph:
    """Every (step, state) the drill can reach from its start, as a graph.

    ``fired`` records which conditional things were ever true, as
    ``("variant", step, i)``, ``("choice", step, choice)``,
    ``("route", step, i)`` and ``("ending", id)``.
    """
    from .models.drill import ChoiceStep

    steps = {s.id: s for s in drill.steps}
    order = [s.id for s in drill.steps]
    var_names = list(drill.state)
    variables = var_names + list(BUILTINS)
    lows = [drill.state[v].min for v in var_names] + [0, 0, 0]
    highs = [drill.state[v].max for v in var_names] + [10**6, 10**6, 10**6]
    endings = {e.id: e for e in drill.endings}
    parsed = _parsed_conditions(drill)
    read = {"poor"} | {name for cond in parsed.values() for name in names(cond)}  # poor: the two-poor rule reads it

    graph = Graph(nodes=[], start=0, variables=variables)
    index: dict[tuple[str, State], int] = {}
    active: set[tuple[str, State]] = set()

    def env_of(state: State) -> dict[str, int]:
        return dict(zip(variables, state))

    def default_next(sid: str) -> str:
        step = steps[sid]
        if step.next is not None:
            return step.next
        i = order.index(sid)
        return order[i + 1] if i + 1 < len(order) else "end"

    named = explicit_endings(drill)

    def finish(state: State) -> str | None:
        env = env_of(state)
        for e in drill.endings:
            if e.id in named:
                continue
            cond = parsed.get(("ending", e.id))
            if cond is None or holds(cond, env):
                graph.fired.add(("ending", e.id))
                return e.id
        return None

    def node_for(sid: str, state: State, depth: int, path: list[str]) -> int | None:
        key = (sid, state)
        if key in active:  # back to a step already on this path, in the same state: a loop
            if graph.too_long is None:
                graph.too_long = path + [sid]
            return None
        if key in index:
            return index[key]
        if depth > limit:
            if graph.too_long is None:
                graph.too_long = path + [sid]
            return None
        if len(graph.nodes) >= max_nodes:
            if graph.too_long is None:
                graph.too_long = path + [sid]
            return None
        step = steps[sid]
        env = env_of(state)
        variant = None
        for i, v in enumerate(getattr(step, "variants", [])):
            if holds(parsed[("variant", sid, i)], env):
                variant = i
                graph.fired.add(("variant", sid, i))
                break
        node = Node(sid, state, variant, depth=depth)
        index[key] = len(graph.nodes)
        graph.nodes.append(node)
        me = index[key]
        path = path + [sid]
        active.add(key)

        def go(target: str, new_state: State, choice: str | None, verdict: str | None) -> Edge:
            env2 = env_of(new_state)
            for i, route in enumerate(getattr(step, "routes", [])):
                if holds(parsed[("route", sid, i)], env2):
                    graph.fired.add(("route", sid, i))
                    target = route.next
                    break
            if target == "end":
                ending = finish(new_state)
                if ending is None:
                    graph.stuck.append((sid, new_state, "no ending's condition holds when the conversation ends"))
                else:
                    graph.endings_reached.setdefault(ending, []).append(new_state)
                return Edge(choice, verdict, None, ending, new_state)
            if target in endings:
                graph.fired.add(("ending", target))
                graph.endings_reached.setdefault(target, []).append(new_state)
                return Edge(choice, verdict, None, target, new_state)
            return Edge(choice, verdict, node_for(target, new_state, depth + 1, path), None, new_state)

        if isinstance(step, ChoiceStep):
            shown = []
            for c in step.choices:
                cond = parsed.get(("choice", sid, c.id))
                if cond is None or holds(cond, env):
                    shown.append(c)
                    if cond is not None:
                        graph.fired.add(("choice", sid, c.id))
            verdicts = {c.verdict for c in shown}
            if not 3 <= len(shown) <= 4 or "good" not in verdicts or "bad" not in verdicts:
                graph.stuck.append((sid, state, f"offers {len(shown)} replies ({', '.join(c.id for c in shown) or 'none'}); "
                                    "every state must offer 3–4 with a good and a bad one"))
            for c in shown:
                values = list(state)
                for name, delta in c.effects.items():
                    k = var_names.index(name)
                    values[k] = _clamp(values[k] + delta, lows[k], highs[k])
                n = len(var_names)
                # a counter no condition reads stays 0, so it does not multiply the states
                values[n] += c.verdict == "bad" and "poor" in read
                values[n + 1] += c.verdict == "good" and "good" in read
                values[n + 2] += "decisions" in read
                new_state = tuple(values)
                node.edges.append(go(c.next or default_next(sid), new_state, c.id, c.verdict))
        else:
            node.edges.append(go(default_next(sid), state, None, None))
        active.discard(key)
        return me

    initial = tuple(drill.state[v].start for v in var_names) + (0, 0, 0)
    start = drill.start or drill.steps[0].id
    graph.start = node_for(start, initial, 0, []) or 0
    return graph


def explicit_endings(drill: Drill) -> set[str]:
    """Endings a `next` or a route names directly; `end` never picks them."""
    from .models.drill import ChoiceStep

    ids = {e.id for e in drill.endings}
    out = set()
    for step in drill.steps:
        targets = [step.next] + [r.next for r in getattr(step, "routes", [])]
        if isinstance(step, ChoiceStep):
            targets += [c.next for c in step.choices]
        out |= {t for t in targets if t in ids}
    return out


def _parsed_conditions(drill: Drill) -> dict[tuple, Cond]:
    """Every condition of a drill, parsed (the model has already checked they parse)."""
    from .models.drill import ChoiceStep

    out: dict[tuple, Cond] = {}
    for step in drill.steps:
        for i, v in enumerate(getattr(step, "variants", [])):
            out[("variant", step.id, i)] = parse(v.when)
        for i, r in enumerate(getattr(step, "routes", [])):
            out[("route", step.id, i)] = parse(r.when)
        if isinstance(step, ChoiceStep):
            for c in step.choices:
                if c.when:
                    out[("choice", step.id, c.id)] = parse(c.when)
    for e in drill.endings:
        if e.when:
            out[("ending", e.id)] = parse(e.when)
    return out


def conditions(drill: Drill) -> list[tuple[tuple, tuple, str]]:
    """(fired key, location in the file, condition text) of every condition."""
    from .models.drill import ChoiceStep

    out = []
    for i, step in enumerate(drill.steps):
        for k, v in enumerate(getattr(step, "variants", [])):
            out.append((("variant", step.id, k), ("steps", i, "variants", k, "when"), v.when))
        for k, r in enumerate(getattr(step, "routes", [])):
            out.append((("route", step.id, k), ("steps", i, "routes", k, "when"), r.when))
        if isinstance(step, ChoiceStep):
            for c, choice in enumerate(step.choices):
                if choice.when:
                    out.append((("choice", step.id, choice.id), ("steps", i, "choices", c, "when"), choice.when))
    for e, ending in enumerate(drill.endings):
        if ending.when:
            out.append((("ending", ending.id), ("endings", e, "when"), ending.when))
    return out


# ---------------------------------------------------------------- play-throughs


@dataclass
class Play:
    """One path through a drill: the choices made and where it ended."""

    steps: list[str]
    choices: list[str | None]
    verdicts: list[str | None]
    ending: str | None
    nodes: list[int]


def play(graph: Graph, pick) -> Play:
    """Follow the graph from the start; ``pick(node, edges)`` returns the edge to take."""
    at: int | None = graph.start
    out = Play([], [], [], None, [])
    guard = 0
    while at is not None:
        guard += 1
        if guard > 10 * MAX_DECISIONS:
            raise RuntimeError("play-through does not end")
        node = graph.nodes[at]
        edge = pick(node, node.edges)
        out.steps.append(node.step)
        out.nodes.append(at)
        out.choices.append(edge.choice)
        out.verdicts.append(edge.verdict)
        if edge.target is None:
            out.ending = edge.ending
        at = edge.target
    return out
