"""GIFT, Moodle's plain-text question format: one multiple-choice question per decision.

Moodle's GIFT reader treats `~ = # { } :` and the backslash as markup, so
every piece of course text is escaped; line breaks inside a text become `\\n`
(a blank line would end the question).  Each drill gets its own
`$CATEGORY:` line, nested under its setting.
"""

from __future__ import annotations

from .questions import Question

_SPECIAL = "\\~=#{}:"


def escape(text: str) -> str:
    out = "".join("\\" + ch if ch in _SPECIAL else ch for ch in text)
    return out.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")


def category_path(parts: tuple[str, ...]) -> str:
    """Moodle category path: `/` separates levels, so a `/` inside a name is doubled."""
    return "$course$/" + "/".join(p.replace("/", "//") for p in parts)


HEADER = "// 售后服务训练营：情景演练题库（GIFT）。每道单选题来自一个练习中的一次决定。\n\n"


def render(questions: list[Question]) -> str:
    """A complete GIFT file."""
    return HEADER + fragment(questions)


def fragment(questions: list[Question]) -> str:
    """The questions only (the trainer page joins the ticked drills' fragments)."""
    lines: list[str] = []
    category = None
    for q in questions:
        if q.category != category:
            category = q.category
            lines += [f"$CATEGORY: {category_path(category)}", ""]
        lines.append(f"// {q.ident}")
        lines.append(f"::{escape(q.name)}::[plain]{escape(q.stem)} {{")
        for a in q.answers:
            mark = "=" if a.fraction == 100 else f"~%{a.fraction}%" if a.fraction else "~"
            lines.append(f"\t{mark}{escape(a.text)}#{escape(a.feedback)}")
        lines += ["}", ""]
    return "\n".join(lines) + "\n"
