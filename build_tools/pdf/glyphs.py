"""Missing glyphs are errors: every character printed must be in the named CJK fonts.

Pango never complains about a character the chosen font lacks: it quietly
takes the glyph from another installed font (a different design, maybe the
Japanese shape) or draws an empty box.  So the text of each document is
checked against the character maps of the Noto CJK SC faces before
WeasyPrint runs, and anything missing fails the build with its code point
and where it occurs.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from html.parser import HTMLParser

from .system import FONT_FAMILIES, FontFace, PdfError, check_fonts, fc_list


class MissingGlyphs(PdfError):
    """Characters in a document that the CJK fonts cannot draw."""

    def __init__(self, document: str, missing: dict[str, str]) -> None:
        self.document = document
        self.missing = missing
        lines = [f"  U+{ord(ch):04X} {ch!r} ({unicodedata.name(ch, 'unnamed')}) in: {where}" for ch, where in sorted(missing.items())]
        super().__init__(f"{document}: {len(missing)} character(s) have no glyph in {' / '.join(FONT_FAMILIES)}:\n" + "\n".join(lines))

    def __reduce__(self):  # picklable: raised in worker processes
        return (self.__class__, (self.document, self.missing))


# Characters that are laid out but never drawn as glyphs.
_INVISIBLE = {"Cc", "Cf", "Zl", "Zp"}


class _TextCollector(HTMLParser):
    """Collect the characters of every text node (and quoted CSS strings) with some context."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.where: dict[str, str] = {}
        self._skip = 0  # inside <title>/<desc> of an SVG: never drawn
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("title", "desc", "script"):
            self._skip += 1
        elif tag == "style":
            self._in_style = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("title", "desc", "script") and self._skip:
            self._skip -= 1
        elif tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._in_style:
            for s in re.findall(r'"([^"]*)"|\'([^\']*)\'', data):
                self.add("".join(s), "stylesheet")
            return
        self.add(data)

    def add(self, text: str, context: str = "") -> None:
        for i, ch in enumerate(text):
            if ch in self.where or ch.isspace() or unicodedata.category(ch) in _INVISIBLE:
                continue
            self.where[ch] = context or " ".join(text[max(0, i - 15) : i + 15].split())


def characters(html: str, css: str = "") -> dict[str, str]:
    """Every drawn character of ``html`` (and ``css`` content strings) → a snippet where it occurs."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    for s in re.findall(r'"([^"]*)"', css):
        collector.add(s, "print stylesheet")
    return collector.where


@lru_cache(maxsize=8)
def _cmap(face: FontFace) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    font = TTFont(face.file, fontNumber=face.index, lazy=True)
    try:
        return frozenset(font["cmap"].getBestCmap())
    finally:
        font.close()


@lru_cache(maxsize=1)
def faces() -> tuple[FontFace, ...]:
    """Every installed face of the print fonts (regular and bold of sans and serif)."""
    check_fonts()
    return tuple(face for family in FONT_FAMILIES for face in fc_list(family))


def missing(chars: dict[str, str]) -> dict[str, str]:
    """The characters some face of the print fonts lacks."""
    maps = [_cmap(face) for face in faces()]
    return {ch: where for ch, where in chars.items() if any(ord(ch) not in cmap for cmap in maps)}


def check_glyphs(document: str, html: str, css: str = "") -> None:
    """Raise :class:`MissingGlyphs` if ``html`` uses a character the fonts cannot draw."""
    lacking = missing(characters(html, css))
    if lacking:
        raise MissingGlyphs(document, lacking)
