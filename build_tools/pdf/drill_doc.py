"""The drills as paper exercises (workbook) and as an answer key.

The two documents get different data on purpose: :func:`workbook_view`
carries no verdict, feedback, solution or ending, so the workbook template
cannot print an answer even by mistake.  Both number the questions the same
way (the steps as listed in the drill) and letter the replies the same way
(A, B, C, D in the order the drill lists them), so the key matches the
workbook line by line.  Order and match exercises are shuffled with a fixed
seed per step: the same workbook every build, never already solved.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from ..content import Course
from ..models.drill import ChoiceStep, Drill, MatchStep, OrderStep, SpotStep
from ..render.drills import DIFFICULTY, SETTINGS, VERDICTS

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
MOODS = {"calm": "平静", "worried": "担心", "annoyed": "不满", "angry": "生气", "pleased": "满意"}
OUTCOMES = {"good": "理想的结局", "mixed": "有遗憾的结局", "bad": "不理想的结局"}
KINDS = {"choice": "选择回应", "order": "排序", "spot": "找问题", "match": "配对"}


@dataclass
class Question:
    """One step of a drill as printed: number, kind and what the learner sees."""

    number: int
    kind: str
    kind_name: str
    branch: bool  # not on the drill's default path: reached only through some replies
    prompt: str
    customer: str = ""
    action: str | None = None
    mood: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)  # choice: (letter, reply); order/match right side: (letter, text)
    lines: list[tuple[int, str, str]] = field(default_factory=list)  # spot: (number, speaker, line)
    left: list[tuple[int, str]] = field(default_factory=list)  # match: (number, text)


@dataclass
class Answer:
    """The key to one question."""

    number: int
    kind: str
    kind_name: str
    prompt: str
    customer: str = ""
    choices: list[dict] = field(default_factory=list)  # letter, reply, verdict, verdict_name, feedback, cites, next
    solution: list[str] = field(default_factory=list)  # order: letters in order; match: "1—C"; spot: faulty line numbers
    solution_lines: list[dict] = field(default_factory=list)  # spot: number, speaker, line, faulty, feedback
    ordered: list[tuple[str, str]] = field(default_factory=list)  # order: (letter, text) in the right order; match: pairs
    feedback: str = ""
    cites: list[str] = field(default_factory=list)
    next: str = ""


def letter(i: int) -> str:
    return LETTERS[i] if i < len(LETTERS) else str(i + 1)


def shuffled(seed: str, n: int) -> list[int]:
    """A fixed permutation of ``range(n)`` for ``seed`` that never leaves every item in place."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    if n > 1 and order == sorted(order):
        order = order[1:] + order[:1]
    return order


def default_path(drill: Drill) -> set[str]:
    """Steps met when every step goes on to its default next step."""
    index = {s.id: i for i, s in enumerate(drill.steps)}
    seen: set[str] = set()
    current = drill.start or drill.steps[0].id
    while current in index and current not in seen:
        seen.add(current)
        i = index[current]
        step = drill.steps[i]
        current = step.next if step.next is not None else (drill.steps[i + 1].id if i + 1 < len(drill.steps) else "")
    return seen


def _order_letters(drill: Drill, step: OrderStep) -> list[int]:
    return shuffled(f"{drill.id}/{step.id}", len(step.items))


def _match_letters(drill: Drill, step: MatchStep) -> list[int]:
    return shuffled(f"{drill.id}/{step.id}", len(step.pairs))


def workbook_view(drill: Drill) -> dict:
    """A drill as an exercise: no verdicts, no feedback, no solutions, no endings."""
    main = default_path(drill)
    questions = []
    for n, step in enumerate(drill.steps, start=1):
        q = Question(n, step.kind, KINDS[step.kind], step.id not in main, step.prompt or "你怎么回应？")
        if isinstance(step, ChoiceStep):
            q.customer, q.action, q.mood = step.customer, step.action, MOODS[step.mood]
            q.options = [(letter(i), c.reply) for i, c in enumerate(step.choices)]
        elif isinstance(step, OrderStep):
            q.options = [(letter(k), step.items[i].text) for k, i in enumerate(_order_letters(drill, step))]
        elif isinstance(step, SpotStep):
            q.lines = [(i, ln.speaker, ln.line) for i, ln in enumerate(step.lines, start=1)]
        elif isinstance(step, MatchStep):
            q.left = [(i, p.left) for i, p in enumerate(step.pairs, start=1)]
            q.options = [(letter(k), step.pairs[i].right) for k, i in enumerate(_match_letters(drill, step))]
        questions.append(q)
    return {**_heading(drill), "questions": questions}


def _heading(drill: Drill) -> dict:
    return {
        "id": drill.id,
        "title": drill.title,
        "setting": SETTINGS[drill.setting],
        "difficulty": DIFFICULTY[drill.difficulty],
        "role": drill.role,
        "skills": drill.skills,
        "persona": drill.persona,
        "intro": drill.intro,
    }


def answers_view(course: Course, drill: Drill) -> dict:
    """The key to a drill: every reply's verdict, feedback, citations and where it leads."""
    refs = course.refs()
    numbers = {s.id: n for n, s in enumerate(drill.steps, start=1)}
    endings = {e.id: e for e in drill.endings}

    def goes_to(target: str | None, i: int) -> str:
        if target is None:
            target = drill.steps[i + 1].id if i + 1 < len(drill.steps) else ""
        if target in numbers:
            return f"转到第{numbers[target]}题"
        if target in endings:
            return f"结束：{endings[target].title}"
        return "演练结束"

    def titles(cites: list[str]) -> list[str]:
        return [refs[r].title if r in refs else r for r in cites]

    answers = []
    for i, step in enumerate(drill.steps):
        n = i + 1
        a = Answer(n, step.kind, KINDS[step.kind], step.prompt or "你怎么回应？")
        if isinstance(step, ChoiceStep):
            a.customer = step.customer
            a.choices = [
                {
                    "letter": letter(k), "reply": c.reply, "verdict": c.verdict, "verdict_name": VERDICTS[c.verdict],
                    "feedback": c.feedback, "cites": titles(c.cites), "next": goes_to(c.next or step.next, i),
                }
                for k, c in enumerate(step.choices)
            ]
        else:
            a.feedback, a.cites, a.next = step.feedback, titles(step.cites), goes_to(step.next, i)
            if isinstance(step, OrderStep):
                shown = _order_letters(drill, step)  # shown[k] = index of the item printed as letter k
                letter_of = {item: letter(k) for k, item in enumerate(shown)}
                a.solution = [letter_of[i] for i in range(len(step.items))]
                a.ordered = [(letter_of[i], item.text) for i, item in enumerate(step.items)]
            elif isinstance(step, SpotStep):
                a.solution = [str(k) for k, ln in enumerate(step.lines, start=1) if ln.faulty]
                a.solution_lines = [
                    {"number": k, "speaker": ln.speaker, "line": ln.line, "faulty": ln.faulty, "feedback": ln.feedback}
                    for k, ln in enumerate(step.lines, start=1)
                ]
            elif isinstance(step, MatchStep):
                shown = _match_letters(drill, step)
                letter_of = {pair: letter(k) for k, pair in enumerate(shown)}
                a.solution = [f"{k}—{letter_of[k - 1]}" for k in range(1, len(step.pairs) + 1)]
                a.ordered = [(f"{k}—{letter_of[k - 1]}", f"{p.left} → {p.right}") for k, p in enumerate(step.pairs, start=1)]
        answers.append(a)
    return {
        **_heading(drill),
        "answers": answers,
        "endings": [{"title": e.title, "text": e.text, "outcome": e.outcome, "outcome_name": OUTCOMES[e.outcome]} for e in drill.endings],
    }


def ordered_drills(course: Course) -> list[Drill]:
    """Drills in the order the site lists them: by setting, then difficulty, then id."""
    settings = list(SETTINGS)
    return sorted(course.drills, key=lambda d: (settings.index(d.setting), d.difficulty, d.id))


def workbook_context(course: Course) -> dict:
    return {"title": "情景演练练习册", "drills": [workbook_view(d) for d in ordered_drills(course)]}


def answers_context(course: Course) -> dict:
    return {"title": "情景演练答案", "drills": [answers_view(course, d) for d in ordered_drills(course)], "verdicts": VERDICTS}
