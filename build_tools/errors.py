"""Located content problems.

Every check in the project reports a :class:`Problem`: a file, a line, the
field inside the file and a rule-like message.  Problems are collected, never
raised one at a time, so an editor sees every mistake in one run.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One rule broken at one place in one content file."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        message = " ".join(self.message.split("\n"))  # one problem, one line
        return f"{where}: {self.field}: {message}" if self.field else f"{where}: {message}"


@dataclass
class ContentError(Exception):
    """Raised when content does not validate; carries every problem found."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.report())

    def report(self) -> str:
        lines = [str(p) for p in sorted(self.problems)]
        n = len(self.problems)
        lines.append(f"{n} problem{'s' if n != 1 else ''} found")
        return "\n".join(lines)


def format_loc(loc: tuple) -> str:
    """Turn ``('body', 3, 'turns', 1, 'speaker')`` into ``body[3].turns[1].speaker``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def show(value: object, limit: int = 40) -> str:
    """A short, readable rendering of a bad value for an error message."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return repr(text)
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, int):
        return f"integer {value}"
    if isinstance(value, float):
        return f"number {value}"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__
