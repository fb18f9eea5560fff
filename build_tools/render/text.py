"""The one way content text reaches a page: :func:`plain_text`.

Every text field of the content models is plain text (see
:data:`build_tools.models.base.Text`): whatever an editor writes, a reader
sees those characters and nothing else.  Text passes through three readers
on its way to the browser, and each could find syntax in it: Python-Markdown
(emphasis, links, attribute lists, headings and lists at the start of a
line, indented code, admonitions and tabs), the HTML parser (tags, comments,
attributes) and, for the front matter, YAML.  :func:`plain_text` writes every
character that any of them treats as syntax as an HTML character reference,
which none of the Markdown extensions reads but the browser shows as the
character itself; a line break becomes ``<br>`` (or a space where markup
cannot go), so it never starts a Markdown block.  The result is safe in
element content, in a quoted attribute, in Markdown inline text or at the
start of a Markdown line.

Templates get it through Jinja's ``finalize`` (every ``{{ value }}`` that is
not already markup) and as the ``md``/``h`` filters; the navigation, the
front matter, the SVG charts and the print HTML use the same function.
"""

from __future__ import annotations

import re

from markupsafe import Markup

# HTML syntax, and what Python-Markdown and the enabled extensions read as
# syntax anywhere in a line: \ ` * _ { } [ ] ( ) # + ! | ~ ^ and : (emoji, definitions).
_ANYWHERE = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+!|~^:$"}
_ANYWHERE.update({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})
_TABLE = str.maketrans(_ANYWHERE)

# What starts a block only at the beginning of a line: lists (-, +, 1.),
# setext underlines and tabs (=), admonitions (?), indented code (spaces).
_LINE_START = re.compile(r"^(?:[-=?\s]|\d+(?=[.)]))")
_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x85\u2028\u2029]")


def plain_text(text: object, *, breaks: bool = True) -> Markup:
    """``text`` as HTML that shows exactly its characters, in any page context.

    With ``breaks`` a line break is kept as ``<br>``; without (titles,
    attributes, front matter) it becomes a space.  Markup passes unchanged:
    it was made by a template or by this function.
    """
    if isinstance(text, Markup):
        return text
    text = "" if text is None else str(text)
    out = []
    for line in _LINE_BREAK.split(text):
        escaped = line.translate(_TABLE)
        # Every line of the text may come first on a line of Markdown.
        escaped = _LINE_START.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group(0)), escaped)
        out.append(escaped)
    return Markup(("<br>" if breaks else " ").join(out))


def plain_line(text: object) -> Markup:
    """:func:`plain_text` for one-line places: titles, attributes, front matter."""
    return plain_text(text, breaks=False)


def finalize(value: object) -> object:
    """Jinja's ``finalize`` for every template: text is made plain unless it is already markup."""
    return value if isinstance(value, Markup) else plain_text(value)
