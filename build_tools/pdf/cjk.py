"""Inter-character justification for Chinese in WeasyPrint.

WeasyPrint justifies a line by widening its spaces only
(``weasyprint.layout.inline.justify_line`` counts U+0020 and U+00A0). Chinese
has no spaces, so a justified Chinese line is left short by whatever did not
fit (measured on the course before this module: about a third of the
paragraph lines ended up to two characters short of the column edge).

clreq (W3C *Requirements for Chinese Text Layout*, 3.8) spreads the missing
width over the gaps between characters. :func:`install` teaches WeasyPrint
to do that: a gap after an ideograph, a kana or a full-width mark that is
followed by another character of the same text box counts as an expandable
place, like a space, and when the justified line is drawn each such
character gets that share of Pango letter spacing. Line breaking is
untouched (it happens before justification), so the line-start and line-end
prohibitions that Pango applies stay as they are. The text stays free of
inserted characters: copying or searching the PDF finds the words.

A line that starts with an opening bracket (“ （ 《 …) is moved left by
the bracket's blank half (clreq 3.1.6: 行首的开始标点 set half-width), so
its ink starts flush with the lines above and below; a justified line then
gets that half em back at its end.

The patch replaces three internals of WeasyPrint, so it checks the exact
version (requirements.txt pins it) and refuses to run on another one.
"""

from __future__ import annotations

import re
from itertools import accumulate

WEASYPRINT_VERSION = "70.0"

CJK = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u2014\u2026\u2018-\u201d"
"""Characters set on the em square: ideographs, kana, CJK and full-width marks (and the marks shared with them)."""

OPENING = "“‘（《「『【〔〖〈"
_GAP = re.compile(f"[{CJK}](?=.)", re.S)
_installed = False


class UnsupportedWeasyPrint(RuntimeError):
    """The installed WeasyPrint is not the version this patch was written for."""


def cjk_gaps(text: str) -> list[int]:
    """Indexes of the characters of ``text`` after which a justified line may add space."""
    return [m.start() for m in _GAP.finditer(text)]


def _first_text(box):
    """The first text box of a line, or None."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        return box if box.text else None
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        for child in box.children:
            if not child.is_in_normal_flow():
                continue
            found = _first_text(child)
            if found is not None:
                return found
            if not isinstance(child, boxes.InlineBox) or child.width:
                return None  # something else starts the line
    return None


def line_start_trim(line) -> float:
    """How far a line is moved left: half an em if it starts with a full-width opening bracket."""
    first = _first_text(line)
    if first is None or first.text[0] not in OPENING:
        return 0.0
    features = first.style["font_feature_settings"]
    if features != "normal" and any(tag == "halt" for tag, _ in features):
        return 0.0  # already set half-width
    return first.style["font_size"] / 2


def install() -> None:
    """Make WeasyPrint's ``text-align: justify`` stretch Chinese text between characters."""
    global _installed
    if _installed:
        return
    import weasyprint
    from weasyprint.layout import inline
    from weasyprint.text import line_break
    from weasyprint.text.ffi import TO_UNITS, ffi, pango

    if weasyprint.__version__ != WEASYPRINT_VERSION:
        raise UnsupportedWeasyPrint(
            f"build_tools/pdf/cjk.py patches WeasyPrint {WEASYPRINT_VERSION} internals, found {weasyprint.__version__}: "
            "check weasyprint/layout/inline.py (justify_line) and text/line_break.py (Layout.set_text), then update the patch"
        )
    original_count = inline.count_expandable_spaces
    original_set_text = line_break.Layout.set_text
    original_text_align = inline.text_align

    def count_expandable_spaces(box):
        from weasyprint.formatting_structure import boxes

        if isinstance(box, boxes.TextBox):
            return original_count(box) + len(cjk_gaps(box.text))
        if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
            return sum(count_expandable_spaces(child) for child in box.children)
        return 0

    def set_text(self, text, justify=False):
        original_set_text(self, text, justify)
        spacing = self.justification_spacing if justify else 0
        if not spacing or not self.text:
            return
        gaps = cjk_gaps(self.text)
        if not gaps:
            return
        offsets = [0, *accumulate(len(c.encode()) for c in self.text)] if not self.text.isascii() else None  # byte offsets
        attr_list = pango.pango_layout_get_attributes(self.layout)
        if attr_list == ffi.NULL:
            attr_list = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
        letter = self.style["letter_spacing"]
        base = 0 if letter == "normal" else letter
        for i in gaps:
            start = offsets[i] if offsets else i
            end = offsets[i + 1] if offsets else i + 1
            # Pango splits letter spacing around a character and drops the half
            # that would fall before the text: give the first character both halves.
            factor = 2 if start == 0 else 1
            attr = pango.pango_attr_letter_spacing_new(int((factor * spacing + base) * TO_UNITS))
            attr.start_index, attr.end_index = start, end
            pango.pango_attr_list_change(attr_list, attr)
        pango.pango_layout_set_attributes(self.layout, attr_list)

    def text_align(context, line, available_width, last):
        trim = line_start_trim(line) if line.style["direction"] == "ltr" else 0.0
        if trim and line.style["text_align_all"] in ("justify", "start", "left"):
            return original_text_align(context, line, available_width + trim, last) - trim
        return original_text_align(context, line, available_width, last)

    inline.count_expandable_spaces = count_expandable_spaces
    inline.text_align = text_align
    line_break.Layout.set_text = set_text
    _installed = True
