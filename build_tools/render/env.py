"""The Jinja2 environment shared by every renderer, and its text filters."""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache
from pathlib import Path

import jinja2

from . import charts

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

# Characters that Python-Markdown treats as syntax inside a paragraph.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|~])")


def md_text(text: str) -> str:
    """Escape reader text so Markdown shows it literally (HTML-escaped too)."""
    escaped = html.escape(text, quote=False)
    escaped = _MD_SPECIAL.sub(r"\\\1", escaped)
    # A leading "1." or "-" would start a list; a leading ">" is already &gt;.
    escaped = re.sub(r"^(\d+)\.", r"\1\\.", escaped)
    escaped = re.sub(r"^([-=])", r"\\\1", escaped)
    return escaped


def html_text(text: str) -> str:
    """Escape reader text for an HTML element or attribute."""
    return html.escape(text, quote=True)


def attr_slug(text: str) -> str:
    """An anchor id for free text (tags), stable and readable."""
    return re.sub(r"[\s\"'<>&]+", "-", text.strip()).lower()


def yaml_value(value: object) -> str:
    """A value for YAML front matter (JSON is valid YAML), readable Chinese kept."""
    if isinstance(value, (list, tuple)):
        value = list(dict.fromkeys(value))  # drop repeats, keep order
    return json.dumps(value, ensure_ascii=False)


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
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_text
    env.filters["h"] = html_text
    env.filters["slug"] = attr_slug
    env.filters["point_label"] = point_label
    env.filters["reading"] = source_reading
    env.filters["yaml"] = yaml_value
    env.filters["number"] = number
    env.globals["bar_chart"] = charts.bar_chart
    env.globals["flow_diagram"] = charts.flow_diagram
    env.globals["raise_unknown_block"] = _unknown_block
    return env


def render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)
