"""How well the drills measure judgement: guessers, print letters and hard decisions.

A drill is broken if a learner who never reads the customer beats chance.
Each *guesser* picks a reply by a surface feature alone (the longest, the
politest, the one that promises the most, the one in the course's words);
its hit rate is the share of choice decisions where that pick is a good
reply (ties split evenly).  Random guessing scores the share of good replies.
The print letters are the letters the good replies get in the workbook.
"""

from __future__ import annotations

import random
import re
from collections import Counter

from .content import Course
from .drill_checks import reply_length
from .models.drill import ChoiceStep, Drill

TARGETS = {
    "longest": 0.40, "politest": 0.45, "never the longest": 0.40, "never the politest": 0.45,
    "never the shortest": 0.40, "never the most promising": 0.40, "names a time": 0.40, "letter": 0.35,
}
"""A guesser must not beat these shares.  The "never the …" guessers catch the opposite cue:
a good reply that is never the longest (or politest) gives itself away as surely as one that always is."""
HARD_SHARE = 0.30
"""At least this share of decisions has two defensible (good or acceptable) replies."""

POLITE = ("您", "请", "抱歉", "对不起", "谢谢", "感谢", "麻烦", "不好意思", "辛苦", "劳驾", "打扰")
TIME = re.compile(r"\d+|[一二三四五六七八九十两半]+(?:分钟|小时|天|周|点|个工作日)|今天|明天|后天|下周|周[一二三四五六日]|马上|立刻|当天|上午|下午|晚上")
PROMISE = re.compile(r"\d|[一二三四五六七八九十两半]+(?:分钟|小时|天|周|元|块)|马上|立刻|免费|保证|一定|今天|明天|全额|赔")
LETTERS = "ABCDEFGH"


def politeness(text: str) -> int:
    return sum(text.count(word) for word in POLITE)


def promises(text: str) -> int:
    return len(PROMISE.findall(text))


def print_order(drill: Drill, step: ChoiceStep) -> list[int]:
    """The order the workbook and the answer key letter a step's replies in: a fixed shuffle.

    ``order[k]`` is the index (in the YAML) of the reply printed as letter k.
    """
    order = list(range(len(step.choices)))
    random.Random(f"print:{drill.id}/{step.id}").shuffle(order)
    return order


def _guess(step: ChoiceStep, score) -> float:
    """Expected hit rate of a guesser that picks the highest ``score`` (ties at random)."""
    values = [score(c.reply) for c in step.choices]
    top = max(values)
    picks = [c for c, v in zip(step.choices, values) if v == top]
    return sum(c.verdict == "good" for c in picks) / len(picks)


def _avoid(step: ChoiceStep, score) -> float:
    """Expected hit rate of a guesser that picks at random among the replies NOT scoring highest."""
    values = [score(c.reply) for c in step.choices]
    top = max(values)
    rest = [c for c, v in zip(step.choices, values) if v != top] or list(step.choices)
    return sum(c.verdict == "good" for c in rest) / len(rest)


def choice_steps(course: Course) -> list[tuple[Drill, ChoiceStep]]:
    return [(d, s) for d in course.drills for s in d.steps if isinstance(s, ChoiceStep)]


def guessers(course: Course, terms: set[str] | None = None) -> dict[str, float]:
    steps = [s for _, s in choice_steps(course)]
    if not steps:
        return {}
    vocab = sorted(terms or set(), key=len, reverse=True)

    def course_words(text: str) -> int:
        return sum(1 for t in vocab if t in text)

    out = {
        "random": sum(sum(c.verdict == "good" for c in s.choices) / len(s.choices) for s in steps) / len(steps),
        "longest": sum(_guess(s, reply_length) for s in steps) / len(steps),
        "politest": sum(_guess(s, politeness) for s in steps) / len(steps),
        "most promises": sum(_guess(s, promises) for s in steps) / len(steps),
        "shortest": sum(_guess(s, lambda t: -reply_length(t)) for s in steps) / len(steps),
        "never the longest": sum(_avoid(s, reply_length) for s in steps) / len(steps),
        "never the politest": sum(_avoid(s, politeness) for s in steps) / len(steps),
        "never the shortest": sum(_avoid(s, lambda t: -reply_length(t)) for s in steps) / len(steps),
        "never the most promising": sum(_avoid(s, promises) for s in steps) / len(steps),
        "names a time": sum(_guess(s, lambda t: bool(TIME.search(t))) for s in steps) / len(steps),
    }
    if vocab:
        out["course words"] = sum(_guess(s, course_words) for s in steps) / len(steps)
    return out


def letters(course: Course) -> dict[str, float]:
    """Share of good replies printed under each letter."""
    counts: Counter[str] = Counter()
    for drill, step in choice_steps(course):
        order = print_order(drill, step)
        for k, i in enumerate(order):
            if step.choices[i].verdict == "good":
                counts[LETTERS[k]] += 1
    total = sum(counts.values()) or 1
    return {letter: counts[letter] / total for letter in sorted(counts)}


def hard_share(course: Course) -> float:
    """Share of choice decisions with at least two defensible (good or acceptable) replies."""
    steps = [s for _, s in choice_steps(course)]
    if not steps:
        return 0.0
    return sum(sum(c.verdict != "bad" for c in s.choices) >= 2 for s in steps) / len(steps)


def course_terms(course: Course) -> set[str]:
    """The course's own vocabulary: lesson tags and search terms."""
    words: set[str] = set()
    for _, item in course.items():
        words |= {w for w in getattr(item, "tags", []) + getattr(item, "terms", []) if len(w) >= 2}
    return words


def drill_report(course: Course) -> str:
    g = guessers(course, course_terms(course))
    steps = choice_steps(course)
    lines = ["", "drills as a test (share of choice decisions a guesser gets right):"]
    for name, value in g.items():
        target = TARGETS.get(name)
        mark = f"  (target ≤ {target:.0%}: {'ok' if value <= target else 'OVER'})" if target else ""
        lines.append(f"  {name:<24} {value:6.1%}{mark}")
    share = letters(course)
    worst = max(share.values(), default=0)
    lines.append(
        "  good reply's letter in print: "
        + ", ".join(f"{k} {v:.0%}" for k, v in share.items())
        + f"  (target: none above {TARGETS['letter']:.0%}: {'ok' if worst <= TARGETS['letter'] else 'OVER'})"
    )
    hard = hard_share(course)
    lines.append(f"  decisions with two defensible (good or acceptable) replies: {hard:.0%} of {len(steps)}  (target ≥ {HARD_SHARE:.0%})")
    settings = Counter(d.setting for d in course.drills)
    lines.append("  drills by setting: " + ", ".join(f"{k} {v}" for k, v in sorted(settings.items())))
    kinds = Counter(s.kind for d in course.drills for s in d.steps)
    lines.append("  steps by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())))
    stateful = sum(bool(d.state) for d in course.drills)
    lines.append(f"  drills with state: {stateful} / {len(course.drills)}")
    moves = Counter(c.move for _, s in steps for c in s.choices if c.move)
    lines.append(f"  replies under a house ruling: {sum(moves.values())} ({len(moves)} rulings used)")
    return "\n".join(lines)


def step_table(course: Course) -> str:
    """Every choice decision: each reply's verdict, length, politeness and print letter (for authors)."""
    lines = []
    for drill, step in choice_steps(course):
        order = print_order(drill, step)
        letter_of = {i: LETTERS[k] for k, i in enumerate(order)}
        cells = []
        for i, c in enumerate(step.choices):
            cells.append(f"{letter_of[i]}:{c.id}={c.verdict[:4]} len {reply_length(c.reply)} pol {politeness(c.reply)}")
        flags = []
        if _guess(step, reply_length) >= 0.5:
            flags.append("LONGEST-IS-GOOD")
        if _guess(step, politeness) >= 0.5:
            flags.append("POLITEST-IS-GOOD")
        if _guess(step, lambda t: -reply_length(t)) >= 0.5:
            flags.append("SHORTEST-IS-GOOD")
        lines.append(f"{drill.id}/{step.id}: " + " | ".join(cells) + (f"   <- {', '.join(flags)}" if flags else ""))
    return "\n".join(lines)
