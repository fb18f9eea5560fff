"""The Jinja2 environment for the print templates (`build_tools/templates/print/`).

Templates hold the markup; this module gives them their filters and the
inline SVG charts of :mod:`build_tools.render.charts`, restyled for paper.
WeasyPrint draws an inline ``<svg>`` as a separate image, so the page's
stylesheet does not reach inside it: each chart gets its own ``<style>``
(``svg.css``) with the CJK font named explicitly.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from ..render import charts
from ..render.env import number, point_label, source_reading
from ..render.text import finalize

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "print"


@lru_cache(maxsize=4)
def asset(name: str) -> str:
    """A file of the print templates folder (stylesheets), as text."""
    return (TEMPLATES / name).read_text(encoding="utf-8")


STYLESHEETS = ("print.css", "print-drills.css")
"""The print stylesheets, in cascade order (pages and course, then drills)."""


def stylesheet() -> str:
    """The whole print stylesheet, as given to every document."""
    return "\n".join(asset(name) for name in STYLESHEETS)


@lru_cache(maxsize=1)
def svg_css() -> str:
    """``svg.css`` without comments, as one line.

    Inside ``<svg>`` the HTML parser reads ``<style>`` as markup, not raw
    text: a ``<`` or ``&`` (even in a comment) would break the stylesheet.
    """
    css = " ".join(re.sub(r"/\*.*?\*/", "", asset("svg.css"), flags=re.S).split())
    if "<" in css or "&" in css:
        raise ValueError("svg.css must not contain '<' or '&' outside comments")
    return css


def styled_svg(svg: str) -> Markup:
    """Insert the print SVG stylesheet right after the opening ``<svg …>`` tag."""
    end = svg.index(">") + 1
    return Markup(svg[:end] + "<style>" + svg_css() + "</style>" + svg[end:])


def word_wrap(text: str, per_line: int) -> list[str]:
    """``text`` in lines of at most ``per_line`` characters, broken between words (jieba), as even as possible."""
    if len(text) <= per_line:
        return [text]
    import jieba

    jieba.setLogLevel(60)  # no "Building prefix dict" chatter
    cuts, pos = [], 0
    for word in jieba.lcut(text):
        pos += len(word)
        cuts.append(pos)
    fits = [c for c in cuts[:-1] if c <= per_line and len(text) - c <= per_line]
    if not fits:  # more than two lines: fill each line up to the last word that fits
        lines, start = [], 0
        while start < len(text):
            end = max((c for c in cuts if start < c <= start + per_line), default=min(start + per_line, len(text)))
            lines.append(text[start:end])
            start = end
        return lines
    cut = min(fits, key=lambda c: abs(len(text) - 2 * c))
    return [text[:cut], text[cut:]]


def bar_chart(chart_id: str, title: str, figures: list) -> Markup:
    """The bar chart for paper: labels broken between words, and alt text that gives every number.

    WeasyPrint takes a chart's alt text (tagged PDF) from its SVG ``<title>``,
    so the title is followed by the figures, as the site's ``<desc>`` has them.
    """
    svg = charts.bar_chart(chart_id, title, figures, wrap=word_wrap)
    svg = re.sub(
        r'(<title id="[^"]*">)([^<]*)(</title>)<desc id="[^"]*">([^<]*)</desc>',
        lambda m: f"{m.group(1)}{m.group(2)}：{m.group(4)}{m.group(3)}", svg, count=1,
    )
    return styled_svg(svg)


def _drawn_text(svg: str) -> str:
    return "".join(html.unescape(t) for t in re.findall(r'class="diagram__text"[^>]*>([^<]*)<', svg))


def short_name(name: str) -> str:
    """A step name without a trailing parenthetical, e.g. 当客户进入服务厅时（客户进场阶段） → 当客户进入服务厅时."""
    return re.sub(r"[（(][^（）()]*[）)]$", "", name).strip() or name


def flow_diagram(diagram_id: str, title: str, names: list[str]) -> Markup:
    """The flow diagram, only if every name fits in its box (the chart cuts long names after two lines).

    Long names are tried without their trailing parenthetical; if one still
    does not fit, no diagram is drawn: the list or table beside it has the
    full text, and paper must not show cut-off words.
    """
    for attempt in (list(names), [short_name(n) for n in names]):
        svg = charts.flow_diagram(diagram_id, title, attempt)
        if _drawn_text(svg) == "".join(attempt):
            return styled_svg(svg)
    return Markup("")


def _unknown_block(kind: str) -> str:
    raise ValueError(f"no print template for block type {kind!r}: add a macro to templates/print/blocks.html.j2")


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        finalize=finalize,  # the site's escaping: content text is plain text on paper too
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["point_label"] = point_label
    env.filters["reading"] = source_reading
    env.filters["number"] = number
    env.globals["bar_chart"] = bar_chart
    env.globals["flow_diagram"] = flow_diagram
    env.globals["raise_unknown_block"] = _unknown_block
    return env


def render(template: str, **context: object) -> str:
    """Render one print template to an HTML string."""
    return environment().get_template(template).render(**context)
