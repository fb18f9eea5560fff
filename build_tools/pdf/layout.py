"""Checks on the laid-out pages: nothing cut at the edges, nothing split that must stay whole.

CSS asks for it (``overflow-wrap``, fixed tables, ``break-inside: avoid``),
this module verifies it on WeasyPrint's boxes after layout:

* every line of text lies inside the text area (text in the page margins,
  the running headers and page numbers, inside the page);
* a dialogue turn, a customer's line, a lettered reply and an answer-key
  entry never start on one page and end on the next.

It reads WeasyPrint's page boxes (``Page._page_box``), which is why
requirements.txt pins WeasyPrint exactly.
"""

from __future__ import annotations

from collections import defaultdict

from .cjk import OPENING
from .system import PdfError, listing

KEEP_WHOLE = ("turn", "say", "option", "key__choice", "ending")
"""Classes of elements that must sit on one page."""

TOLERANCE = 1.0  # CSS px: rounding, and the advance of a trailing space


class LayoutProblems(PdfError):
    """Text past the page edges, or elements split across pages."""

    def __init__(self, document: str, problems: list[str]) -> None:
        self.document = document
        self.problems = problems
        super().__init__(f"{document}: {len(problems)} layout problem(s):\n" + listing(problems, 30))

    def __reduce__(self):  # picklable: raised in worker processes
        return (self.__class__, (self.document, self.problems))


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())[:40]


def layout_problems(document) -> list[str]:
    """What is wrong with the layout of a rendered WeasyPrint ``document``."""
    from weasyprint.formatting_structure.boxes import MarginBox, TextBox

    problems: list[str] = []
    pages_of: dict[object, list[int]] = defaultdict(list)
    for number, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        text_left = page_box.content_box_x()
        text_right = text_left + page_box.width
        page_right = page_box.margin_width()
        for area in page_box.children:
            left, right = (0, page_right) if isinstance(area, MarginBox) else (text_left, text_right)
            for box in area.descendants():
                if isinstance(box, TextBox) and box.text.strip():
                    # A line-start opening bracket hangs its blank half into the margin (cjk.py).
                    hang = box.style["font_size"] / 2 if box.text[0] in OPENING else 0
                    if box.position_x < left - hang - TOLERANCE or box.position_x + box.width > right + TOLERANCE:
                        where = "page" if isinstance(area, MarginBox) else "text area"
                        problems.append(f"page {number}: text runs past the {where}'s edge: {box.text.strip()[:40]!r}")
                element = box.element
                if element is not None and not isinstance(box, TextBox):
                    classes = (element.get("class") or "").split()
                    if any(c in KEEP_WHOLE for c in classes) and number not in pages_of[element]:
                        pages_of[element].append(number)
    for element, pages in pages_of.items():
        if len(pages) > 1:
            kind = next(c for c in (element.get("class") or "").split() if c in KEEP_WHOLE)
            problems.append(f"pages {pages[0]}–{pages[-1]}: a {kind} is split across pages: {_text(element)!r}")
    return problems


def check_layout(name: str, document) -> None:
    """Raise :class:`LayoutProblems` if :func:`layout_problems` finds anything."""
    problems = layout_problems(document)
    if problems:
        raise LayoutProblems(name, problems)
