"""Chinese punctuation compression for the print HTML (clreq 3.1.6).

Full-width marks carry half an em of blank on one side: a closing mark
(，。、；：！？ ” ’ ） 》 …) on its right, an opening mark (“ ‘ （ 《 …) on its
left. Two marks in a row therefore leave a hole of up to one em between
them. clreq sets such pairs closer: here the blank between them is removed
by setting one mark of the pair half-width with the font's ``halt``
(alternate half widths) feature, which Noto CJK has. Noto CJK 2022 has no
``chws`` (contextual half-width spacing) that would do this by itself.

An opening mark that starts a block of text without indent (a reply, a
customer's line, a table cell) loses its leading blank too, so the line
starts flush with the column like the lines below it.

:func:`compress_punctuation` marks the characters to set half-width with
``<span class="pc">``; the print stylesheet gives that class the feature.
Only text between tags in ``<body>`` is touched, never attribute values, the
document head or an inline SVG.
"""

from __future__ import annotations

import re

OPENING = "“‘（《「『【〔〖〈"
CLOSING = "”’）》」』】〕〗〉"
STOPS = "，。、；：！？"
TRAILING = CLOSING + STOPS  # blank on the right
MARKS = OPENING + TRAILING

_PAIR = re.compile(f"([{TRAILING}])(?=[{MARKS}])|(?<=[{OPENING}])([{OPENING}])")
_START = re.compile(rf'(<(?:p|li|td|th|dd|figcaption)\b(?![^>]*class="[^"]*\b(?:para|point__more|letter__para|drill__intro)\b)[^>]*>)([{OPENING}])')
_SKIP = re.compile(r"<svg\b.*?</svg>|<[^>]*>", re.S)

SPAN = '<span class="pc">{}</span>'


_INLINE = re.compile(r"</?(?:span|a|strong|em|b|i)\b[^>]*>")


def _text(segment: str, following: str) -> str:
    """Mark the pairs in ``segment``; ``following`` is the next character after it in the same line of text."""
    out = _PAIR.sub(lambda m: SPAN.format(m.group(0)), segment)
    if segment and segment[-1] in TRAILING and following and following in MARKS and not out.endswith("</span>"):
        out = out[:-1] + SPAN.format(segment[-1])
    return out


def compress_punctuation(html: str) -> str:
    """``html`` with every mark that should be set half-width wrapped in ``<span class="pc">``.

    Pairs are found inside a run of text and across inline tags (``</a>；``),
    never across a block boundary (``。</p><p>“``).
    """
    head, sep, body = html.partition("<body")
    if not sep:
        raise ValueError("compress_punctuation expects a whole HTML document with a <body>")
    body = _START.sub(lambda m: m.group(1) + SPAN.format(m.group(2)), body)
    parts: list[tuple[bool, str]] = []  # (is text, piece)
    pos = 0
    for m in _SKIP.finditer(body):
        parts.append((True, body[pos : m.start()]))
        parts.append((False, m.group(0)))
        pos = m.end()
    parts.append((True, body[pos:]))
    following = [""] * len(parts)  # the next character in the same run of text, found from the end
    nxt = ""
    for i in range(len(parts) - 1, -1, -1):
        is_text, piece = parts[i]
        following[i] = nxt
        if is_text:
            nxt = piece[0] if piece else nxt
        elif not _INLINE.fullmatch(piece):
            nxt = ""
    out = [_text(piece, following[i]) if is_text else piece for i, (is_text, piece) in enumerate(parts)]
    return head + sep + "".join(out)


def adjacent_marks(text: str) -> int:
    """How many pairs of adjacent marks ``text`` holds (each pair is one compression)."""
    return sum(1 for _ in _PAIR.finditer(text))
