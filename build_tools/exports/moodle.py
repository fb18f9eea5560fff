"""Moodle XML question bank: one multiple-choice question per decision, one category per drill."""

from __future__ import annotations

import textwrap
from xml.etree import ElementTree as ET

from .questions import Question


def _text(parent: ET.Element, tag: str, value: str, fmt: str | None = None) -> ET.Element:
    node = ET.SubElement(parent, tag, {"format": fmt} if fmt else {})
    ET.SubElement(node, "text").text = value
    return node


def _html(text: str) -> str:
    """Plain course text as the HTML Moodle shows (escaping is left to the XML writer)."""
    from html import escape

    return "<p>" + "</p><p>".join(escape(line, quote=False) for line in text.split("\n")) + "</p>"


HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n'
FOOTER = "</quiz>\n"


def render(questions: list[Question]) -> str:
    """A complete Moodle XML file."""
    return HEADER + fragment(questions) + FOOTER


def fragment(questions: list[Question]) -> str:
    """The `<question>` elements only (the trainer page joins the ticked drills' fragments)."""
    quiz = ET.Element("quiz")
    category = None
    for q in questions:
        if q.category != category:
            category = q.category
            cat = ET.SubElement(quiz, "question", {"type": "category"})
            _text(cat, "category", "$course$/" + "/".join(p.replace("/", "//") for p in category))
        node = ET.SubElement(quiz, "question", {"type": "multichoice"})
        _text(node, "name", q.name)
        _text(node, "questiontext", _html(q.stem), "html")
        _text(node, "generalfeedback", "", "html")
        ET.SubElement(node, "idnumber").text = q.ident
        ET.SubElement(node, "defaultgrade").text = "1"
        ET.SubElement(node, "penalty").text = "0"
        ET.SubElement(node, "hidden").text = "0"
        ET.SubElement(node, "single").text = "true"
        ET.SubElement(node, "shuffleanswers").text = "1"
        ET.SubElement(node, "answernumbering").text = "abc"
        for a in q.answers:
            answer = _text(node, "answer", _html(a.text), "html")
            answer.set("fraction", str(a.fraction))
            _text(answer, "feedback", _html(a.feedback), "html")
    out = []
    for q in quiz:
        ET.indent(q)
        out.append(textwrap.indent(ET.tostring(q, encoding="unicode").rstrip(), "  ") + "\n")
    return "".join(out)
