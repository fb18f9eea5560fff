"""The Jinja2 environment shared by every renderer, and its text filters."""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import charts
from .text import finalize, plain_line, plain_text

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def md_text(text: str) -> Markup:
    """Reader text in Markdown: :func:`plain_text` (kept as a filter name for the templates)."""
    return plain_text(text)


def html_text(text: str) -> Markup:
    """Reader text in HTML: :func:`plain_text` too; one function serves both."""
    return plain_text(text)


def attr_slug(text: str) -> Markup:
    """An anchor id for free text (tags): letters, digits and `-` only, stable and readable.

    Text with no letter or digit at all gets a short hash, so that two such
    tags still get different anchors.
    """
    slug = re.sub(r"[\W_]+", "-", text).strip("-").lower()
    if not slug:
        slug = "t-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return Markup(slug)


def yaml_value(value: object) -> Markup:
    """A value for YAML front matter (JSON is valid YAML), readable Chinese kept.

    MkDocs and Material put front-matter text into HTML unescaped (the page
    description into an attribute, tags into search results), so every string
    is :func:`plain_line` text before it is written as JSON.
    """
    if isinstance(value, (list, tuple)):
        value = [str(plain_line(v)) for v in dict.fromkeys(value)]  # drop repeats, keep order
    elif isinstance(value, str):
        value = str(plain_line(value))
    text = json.dumps(value, ensure_ascii=False)
    # Characters YAML reads as line breaks even inside a quoted string.
    return Markup(text.replace("\u0085", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def source_reading(text: str) -> str:
    """A recorded source reading for display: private-use characters (which no font
    draws) are shown by their code point, e.g. 〔U+E368〕, so the reading stays exact."""
    return _PRIVATE_USE.sub(lambda m: f"〔U+{ord(m.group(0)):04X}〕", text)


def point_label(label: str) -> str:
    """A point's label as printed: 第一 is followed by a comma, （1） is not."""
    return label if label.endswith(("）", ")", "、", "，", "：")) else label + "，"


def number(value: float) -> str:
    """A figure as the source writes it: 91, not 91.0."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _unknown_block(kind: str) -> str:
    raise ValueError(f"no template for block type {kind!r}: add a macro to templates/blocks.j2")


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_text
    env.filters["h"] = html_text
    env.filters["line"] = plain_line
    env.filters["slug"] = attr_slug
    env.filters["point_label"] = point_label
    env.filters["reading"] = source_reading
    env.filters["yaml"] = yaml_value
    env.filters["number"] = number
    # SVG (its text is plain_line text): the wide drawing and the narrow one for phones
    env.globals["bar_chart"] = lambda *a: Markup(charts.bar_chart_responsive(*a))
    env.globals["flow_diagram"] = lambda *a: Markup(charts.flow_diagram_responsive(*a))
    env.globals["raise_unknown_block"] = _unknown_block
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
