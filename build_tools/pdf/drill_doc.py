"""The drills as paper exercises (workbook) and as an answer key.

The two documents get different data on purpose: :func:`workbook_view`
carries no verdict, feedback, solution, condition or ending, so the workbook
template cannot print an answer even by mistake.  Both number the drills and
the questions the same way (drills in the site's order, questions as listed
in the drill) and letter the replies in the same fixed shuffled order
(:func:`build_tools.drill_stats.print_order`), so the key matches the
workbook line by line and the good reply is not always "A".  Order and match
exercises are shuffled with a fixed seed per step too: the same workbook
every build, never already solved.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ..content import Course
from ..drill_logic import explore, parse, play
from ..drill_stats import print_order
from ..models.drill import ChoiceStep, Drill, MatchStep, OrderStep, SpotStep, WriteStep
from ..render.drills import DIFFICULTY, SETTINGS, VERDICTS

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MOODS = {"calm": "平静", "worried": "担心", "annoyed": "不满", "angry": "生气", "pleased": "满意"}
OUTCOMES = {"good": "理想的结局", "mixed": "有遗憾的结局", "bad": "不理想的结局"}
KINDS = {"choice": "选择回应", "order": "排序", "spot": "找问题", "match": "配对", "write": "自己写"}
COUNTERS = {"poor": "不好的回应次数", "good": "好的回应次数", "decisions": "已作的选择数"}
OPS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "==": "=", "!=": "≠"}


@dataclass
class Question:
    """One step of a drill as printed: number, kind and what the learner sees."""

    number: int
    kind: str
    kind_name: str
    branch: bool  # not on the path of good replies: reached only through some replies
    prompt: str
    customer: str = ""
    action: str | None = None
    mood: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)  # choice: (letter, reply); order/match right side
    lines: list[tuple[int, str, str]] = field(default_factory=list)  # spot: (number, speaker, line)
    left: list[tuple[int, str]] = field(default_factory=list)  # match: (number, text)
    write_lines: int = 0  # write: ruled lines, sized to the model answer (without printing it)


@dataclass
class Answer:
    """The key to one question."""

    number: int
    kind: str
    kind_name: str
    prompt: str
    customer: str = ""
    variants: list[tuple[str, str]] = field(default_factory=list)  # (condition in words, other customer line)
    choices: list[dict] = field(default_factory=list)  # letter, reply, strategy, verdict, reaction, feedback, cites, next
    routes: list[str] = field(default_factory=list)  # "若…，转到第N题"
    solution: list[str] = field(default_factory=list)
    solution_lines: list[dict] = field(default_factory=list)
    ordered: list[tuple[str, str]] = field(default_factory=list)
    models: list[str] = field(default_factory=list)
    checklist: list[str] = field(default_factory=list)
    feedback: str = ""
    cites: list[dict] = field(default_factory=list)
    next: str = ""
    grid: str = ""  # what the answer grid shows: the good letters, or the solution


def letter(i: int) -> str:
    return LETTERS[i] if i < len(LETTERS) else str(i + 1)


def shuffled(seed: str, n: int) -> list[int]:
    """A fixed permutation of ``range(n)`` for ``seed`` that never leaves every item in place."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    if n > 1 and order == sorted(order):
        order = order[1:] + order[:1]
    return order


def good_path(drill: Drill) -> set[str]:
    """Steps met when every reply is a good one (the drill's main line)."""

    def pick(node, edges):
        return next((e for e in edges if e.verdict == "good"), edges[0])

    return set(play(explore(drill), pick).steps)


def condition_text(drill: Drill, text: str) -> str:
    """A condition in words: ``poor < 2 and trust >= 3`` → ``不好的回应次数 < 2，且 信任 ≥ 3``."""

    def words(node) -> str:
        op = node[0]
        if op in ("and", "or"):
            return f"{words(node[1])}{'，且' if op == 'and' else '，或'} {words(node[2])}"
        if op == "not":
            return f"并非（{words(node[1])}）"
        name, bound = node[1], node[2]
        var = drill.state.get(name)
        label = var.label if var else COUNTERS.get(name, name)
        if var and var.min == 0 and var.max == 1 and (op, bound) in (("!=", 0), ("==", 1), (">=", 1), (">", 0)):
            return f"“{label}”"
        if var and var.min == 0 and var.max == 1 and (op, bound) in (("==", 0), ("<", 1), ("<=", 0)):
            return f"没有“{label}”"
        return f"{label} {OPS[op]} {bound}"

    return words(parse(text))


def _order_letters(drill: Drill, step: OrderStep) -> list[int]:
    return shuffled(f"{drill.id}/{step.id}", len(step.items))


def _match_letters(drill: Drill, step: MatchStep) -> list[int]:
    return shuffled(f"{drill.id}/{step.id}", len(step.pairs))


def _prompt(step) -> str:
    if step.prompt:
        return step.prompt
    return "用你自己的话回应客户。" if isinstance(step, WriteStep) else "你怎么回应？"


HAND_CHARS_PER_LINE = 24
"""Characters a learner writes by hand on one ruled line of the column (8 mm line, about 7 mm characters)."""


def write_lines(step: WriteStep) -> int:
    """Ruled lines for a write step: room for the longest model answer in handwriting, and one more."""
    longest = max((len(m) for m in step.models), default=0)
    return max(2, -(-longest // HAND_CHARS_PER_LINE) + 1)


def workbook_view(drill: Drill, number: int) -> dict:
    """A drill as an exercise: no verdicts, no feedback, no solutions, no conditions, no endings."""
    main = good_path(drill)
    questions = []
    for n, step in enumerate(drill.steps, start=1):
        q = Question(n, step.kind, KINDS[step.kind], step.id not in main, _prompt(step))
        if isinstance(step, (ChoiceStep, WriteStep)):
            q.customer, q.action, q.mood = step.customer, step.action, MOODS[step.mood]
        if isinstance(step, ChoiceStep):
            q.options = [(letter(k), step.choices[i].reply) for k, i in enumerate(print_order(drill, step))]
        elif isinstance(step, WriteStep):
            q.write_lines = write_lines(step)
        elif isinstance(step, OrderStep):
            q.options = [(letter(k), step.items[i].text) for k, i in enumerate(_order_letters(drill, step))]
        elif isinstance(step, SpotStep):
            q.lines = [(i, ln.speaker, ln.line) for i, ln in enumerate(step.lines, start=1)]
        elif isinstance(step, MatchStep):
            q.left = [(i, p.left) for i, p in enumerate(step.pairs, start=1)]
            q.options = [(letter(k), step.pairs[i].right) for k, i in enumerate(_match_letters(drill, step))]
        questions.append(q)
    return {**_heading(drill, number), "questions": questions}


def _heading(drill: Drill, number: int) -> dict:
    return {
        "id": drill.id,
        "number": number,
        "title": drill.title,
        "setting": SETTINGS[drill.setting],
        "difficulty": DIFFICULTY[drill.difficulty],
        "role": drill.role,
        "persona": drill.persona,
        "intro": drill.intro,
        "reflection": drill.reflection,
    }


def answers_view(course: Course, drill: Drill, number: int) -> dict:
    """The key to a drill: every reply's verdict, reaction, feedback, citations and where it leads."""
    refs = course.refs()
    numbers = {s.id: n for n, s in enumerate(drill.steps, start=1)}
    endings = {e.id: e for e in drill.endings}

    def goes_to(target: str | None, i: int) -> str:
        if target is None:
            target = drill.steps[i + 1].id if i + 1 < len(drill.steps) else "end"
        if target in numbers:
            return f"转到第{numbers[target]}题"
        if target in endings:
            return f"结束：{endings[target].title}"
        return "对话结束，按结局条件定结局"

    def cites(items) -> list[dict]:
        return [{"title": refs[c.ref].title if c.ref in refs else c.ref, "quote": c.quote} for c in items]

    def effects(choice) -> str:
        parts = []
        for name, delta in choice.effects.items():
            label = drill.state[name].label if name in drill.state else name
            parts.append(f"{label}{'+' if delta > 0 else '−'}{abs(delta)}")
        return "，".join(parts)

    answers = []
    for i, step in enumerate(drill.steps):
        n = i + 1
        a = Answer(n, step.kind, KINDS[step.kind], _prompt(step))
        if isinstance(step, (ChoiceStep, WriteStep)):
            a.customer = step.customer
            a.variants = [(condition_text(drill, v.when), v.customer) for v in step.variants]
            a.routes = [f"若{condition_text(drill, r.when)}：{goes_to(r.next, i)}" for r in step.routes]
        if isinstance(step, ChoiceStep):
            order = print_order(drill, step)
            for k, c_i in enumerate(order):
                c = step.choices[c_i]
                reaction = "，".join(x for x in (c.reaction.action, f"“{c.reaction.line}”" if c.reaction.line else None) if x)
                a.choices.append({
                    "letter": letter(k), "reply": c.reply, "strategy": c.strategy, "verdict": c.verdict,
                    "verdict_name": VERDICTS[c.verdict], "reaction": reaction, "effects": effects(c),
                    "feedback": c.feedback, "cites": cites(c.cites), "next": goes_to(c.next or step.next, i),
                    "when": condition_text(drill, c.when) if c.when else "",
                })
            good = [ch["letter"] for ch in a.choices if ch["verdict"] == "good"]
            fair = [ch["letter"] for ch in a.choices if ch["verdict"] == "acceptable"]
            a.grid = "、".join(good) + (f"（{'、'.join(fair)} 尚可）" if fair else "")
        elif isinstance(step, WriteStep):
            a.models, a.checklist, a.cites = list(step.models), list(step.checklist), cites(step.cites)
            a.next = goes_to(step.next, i)
            a.grid = "自评"
        else:
            a.feedback, a.cites, a.next = step.feedback, cites(step.cites), goes_to(step.next, i)
            if isinstance(step, OrderStep):
                shown = _order_letters(drill, step)
                letter_of = {item: letter(k) for k, item in enumerate(shown)}
                a.solution = [letter_of[j] for j in range(len(step.items))]
                a.ordered = [(letter_of[j], item.text) for j, item in enumerate(step.items)]
                a.grid = "".join(a.solution)
            elif isinstance(step, SpotStep):
                a.solution = [str(k) for k, ln in enumerate(step.lines, start=1) if ln.faulty]
                a.solution_lines = [
                    {"number": k, "speaker": ln.speaker, "line": ln.line, "faulty": ln.faulty, "feedback": ln.feedback}
                    for k, ln in enumerate(step.lines, start=1)
                ]
                a.grid = "第" + "、".join(a.solution) + "句"
            elif isinstance(step, MatchStep):
                shown = _match_letters(drill, step)
                letter_of = {pair: letter(k) for k, pair in enumerate(shown)}
                a.solution = [f"{k}{letter_of[k - 1]}" for k in range(1, len(step.pairs) + 1)]
                a.ordered = [(f"{k}—{letter_of[k - 1]}", f"{p.left} → {p.right}") for k, p in enumerate(step.pairs, start=1)]
                a.grid = " ".join(a.solution)
        answers.append(a)
    return {
        **_heading(drill, number),
        "skills": list(drill.skills),
        "type_label": drill.persona.type_label,
        "state": [f"{v.label}（起始 {v.start}，{v.min}–{v.max}）" for v in drill.state.values()],
        "answers": answers,
        "endings": [
            {
                "title": e.title, "text": e.text, "outcome": e.outcome, "outcome_name": OUTCOMES[e.outcome],
                "when": condition_text(drill, e.when) if e.when else "",
            }
            for e in drill.endings
        ],
    }


def ordered_drills(course: Course) -> list[Drill]:
    """Drills in the order the site lists them: by setting, then difficulty, then id."""
    settings = list(SETTINGS)
    return sorted(course.drills, key=lambda d: (settings.index(d.setting), d.difficulty, d.id))


def workbook_context(course: Course) -> dict:
    return {"title": "情景演练练习册", "drills": [workbook_view(d, n) for n, d in enumerate(ordered_drills(course), start=1)]}


def answers_context(course: Course) -> dict:
    return {
        "title": "情景演练答案",
        "drills": [answers_view(course, d, n) for n, d in enumerate(ordered_drills(course), start=1)],
        "verdicts": VERDICTS,
    }
