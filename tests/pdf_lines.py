"""Reading typeset lines back from a PDF (pdfplumber character positions).

Used by the print tests to measure what a print designer would look at:
lines that stop short of the column edge, adjacent punctuation marks that
were not compressed, pages left nearly empty. Everything is measured on the
PDF as written, not on the HTML that went in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from build_tools.pdf.typeset import MARKS, OPENING, TRAILING

PT_PER_MM = 72 / 25.4


@dataclass
class Line:
    """One line of text: its characters left to right."""

    page: int
    top: float
    chars: list[dict] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(c["text"] for c in self.chars)

    @property
    def x0(self) -> float:
        return self.chars[0]["x0"]

    @property
    def x1(self) -> float:
        return max(c["x1"] for c in self.chars if c["text"].strip())

    @property
    def size(self) -> float:
        return round(self.chars[0]["size"], 1)

    @property
    def font(self) -> str:
        return self.chars[0]["fontname"]


@dataclass
class Justification:
    """Inner lines of body paragraphs, and those that stop short of the column's right edge."""

    lines: int
    short: list[Line]

    @property
    def share(self) -> float:
        return len(self.short) / self.lines if self.lines else 0.0


@dataclass
class ReadBack:
    """One PDF read back: the text lines of each page and the inner lines of its paragraphs."""

    pages: list[list[Line]]
    paragraphs: Justification


def read_pdf(path: Path, *, head_mm: float = 22, foot_mm: float = 20) -> ReadBack:
    """Read ``path`` once with pdfplumber: lines per page (no running header, no folio) and tagged paragraphs."""
    import pdfplumber

    pages: list[list[Line]] = []
    paragraphs = Justification(0, [])
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            chars = page.chars
            _paragraph_lines(number, page.structure_tree, chars, paragraphs)
            top_limit, bottom_limit = head_mm * PT_PER_MM - 1, page.height - foot_mm * PT_PER_MM + 1
            lines: list[Line] = []
            for ch in sorted(chars, key=lambda c: (round(c["top"], 0), c["x0"])):
                if not ch["text"].strip() or ch["top"] < top_limit or ch["bottom"] > bottom_limit:
                    continue
                if lines and abs(lines[-1].top - ch["top"]) < 1.5 and abs(lines[-1].chars[-1]["size"] - ch["size"]) < 0.2:
                    lines[-1].chars.append(ch)
                else:
                    lines.append(Line(number, ch["top"], [ch]))
            for line in lines:
                line.chars.sort(key=lambda c: c["x0"])
            pages.append(sorted(lines, key=lambda ln: ln.top))
    return ReadBack(pages, paragraphs)


def paragraph_lines(pages: list[list[Line]], left: float, right: float, size: float, leading: float, indent: float) -> Justification:
    """Body paragraph lines of the main column that are followed by another line of the same paragraph.

    A paragraph line starts at the column's left edge (or one indent in, for a
    first line) in the body size; the next line of the same paragraph follows
    at exactly one ``leading`` and starts at the left edge. Such a line is not
    the paragraph's last, so it must reach ``right`` within half a character.
    """
    inner = 0
    short: list[Line] = []
    for lines in pages:
        body = [ln for ln in lines if ln.size == size and "Serif" in ln.font]
        for a, b in zip(body, body[1:]):
            starts = abs(a.x0 - left) < 1 or abs(a.x0 - left - indent) < 1
            continues = abs(b.top - a.top - leading) < 0.6 and abs(b.x0 - left) < 1
            if starts and continues:
                inner += 1
                if right - a.x1 > size / 2:
                    short.append(a)
    return Justification(inner, short)


def mark_pairs(pages: list[list[Line]]) -> tuple[int, list[str]]:
    """Adjacent punctuation pairs on one line: (how many, those set a whole em or more apart)."""
    pairs = 0
    loose: list[str] = []
    for lines in pages:
        for line in lines:
            chars = line.chars
            for a, b in zip(chars, chars[1:]):
                first, second = a["text"], b["text"]
                if first not in MARKS or second not in MARKS:
                    continue
                if not (first in TRAILING or (first in OPENING and second in OPENING)):
                    continue
                pairs += 1
                if b["x0"] - a["x0"] > 0.75 * a["size"]:
                    context = line.text
                    loose.append(f"page {line.page}: {first}{second} in {context[:30]!r}")
    return pairs, loose




def _paragraph_lines(number: int, tree: list[dict], chars: list[dict], out: Justification) -> None:
    """Add the inner lines of every tagged paragraph (``/P``) of one page to ``out``.

    The structure tree says which characters belong to which paragraph
    (marked-content ids), so paragraph ends are known, not guessed. A line is
    inner when a later line of the same paragraph follows on the same page; its
    right edge is the furthest any line of that paragraph reaches there.
    """
    owner: dict[int, int] = {}

    def walk(element: dict, paragraph: int | None) -> None:
        if element.get("type") == "P":
            paragraph = id(element)
        for mcid in element.get("mcids") or []:
            if paragraph is not None:
                owner[mcid] = paragraph
        for child in element.get("children", []):
            walk(child, paragraph)

    for element in tree:
        walk(element, None)
    groups: dict[int, list[dict]] = {}
    for ch in chars:
        if ch["text"].strip() and ch.get("mcid") in owner:
            groups.setdefault(owner[ch["mcid"]], []).append(ch)
    for members in groups.values():
        lines: list[Line] = []
        for ch in sorted(members, key=lambda c: (round(c["top"]), c["x0"])):
            if lines and abs(lines[-1].top - ch["top"]) < 3:
                lines[-1].chars.append(ch)
            else:
                lines.append(Line(number, ch["top"], [ch]))
        if len(lines) < 2:
            continue
        right = max(ln.x1 for ln in lines)
        for ln in lines[:-1]:
            ln.chars.sort(key=lambda c: c["x0"])
            out.lines += 1
            if right - ln.x1 > ln.size / 2:
                out.short.append(ln)
