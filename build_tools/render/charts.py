"""Inline, accessible SVG: bar charts of statistics and flow diagrams of steps.

Drawn at build time from the model, with no JavaScript and nothing fetched.
Every SVG carries a <title> and <desc>, and the page shows the same numbers
or steps as text beside it, so nothing depends on seeing the picture.
Colours come from CSS custom properties (``currentColor`` and classes) so the
dark scheme and print work without extra drawings.
"""

from __future__ import annotations

import math

from ..models.rich import Figure
from .text import plain_line

_W = 640  # viewBox width; the SVG scales to its container


def _e(text: str) -> str:
    return str(plain_line(text))


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _wrap(text: str, per_line: int) -> list[str]:
    """Break CJK text every ``per_line`` characters (no word spaces to break at)."""
    return [text[i : i + per_line] for i in range(0, len(text), per_line)] or [""]


def _svg_open(classes: str, svg_id: str, width: object, height: object, title: str, desc: str, attrs: str = "") -> list[str]:
    """The opening of an SVG read as one image, named by its title and described by ``desc``.

    ``svg_id`` is already escaped.
    """
    return [
        f'<svg class="{classes}" id="{svg_id}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{svg_id}-title {svg_id}-desc"{attrs}>',
        f'<title id="{svg_id}-title">{_e(title)}</title>',
        f'<desc id="{svg_id}-desc">{_e(desc)}</desc>',
    ]


def _bar_scale(figures: list[Figure]) -> float:
    """The value a full bar stands for: 100 when every figure is a percentage up to 100, else the largest."""
    all_percent = all(f.unit == "%" for f in figures)
    return 100.0 if all_percent and max(f.value for f in figures) <= 100 else max(f.value for f in figures) or 1


def _bar_desc(figures: list[Figure]) -> str:
    return "；".join(f"{f.label}：{_fmt(f.value)}{f.unit}" for f in figures)


def _flow_desc(names: list[str]) -> str:
    return " → ".join(f"{i + 1}. {name}" for i, name in enumerate(names))


def bar_chart(chart_id: str, title: str, figures: list[Figure], wrap=None) -> str:
    """A horizontal bar chart; bars share one scale (the largest value, or 100 for %).

    ``wrap(label, per_line)`` breaks a label into lines (default: every ``per_line`` characters).
    """
    wrap = wrap or _wrap
    label_w, bar_x, row_h, top = 230, 240, 40, 14
    scale_max = _bar_scale(figures)
    bar_room = _W - bar_x - 70
    height = top + row_h * len(figures) + 6
    out = _svg_open(
        "chart chart--bar", f"chart-{_e(chart_id)}", _W, height, title, _bar_desc(figures), f' data-chart="{_e(chart_id)}"'
    )
    for i, f in enumerate(figures):
        y = top + i * row_h
        w = max(2.0, bar_room * f.value / scale_max)
        lines = wrap(f.label, 13)[:2]
        for j, line in enumerate(lines):
            dy = 14 + j * 15 - (7 if len(lines) == 2 else 0)
            out.append(f'<text class="chart__label" x="{label_w}" y="{y + dy + 4}" text-anchor="end">{_e(line)}</text>')
        out.append(
            f'<rect class="chart__bar" x="{bar_x}" y="{y + 4}" width="{w:.1f}" height="{row_h - 14}" rx="3" '
            f'data-value="{_fmt(f.value)}"/>'
        )
        out.append(f'<text class="chart__value" x="{bar_x + w + 6:.1f}" y="{y + row_h / 2 + 3}">{_e(_fmt(f.value) + f.unit)}</text>')
    out.append("</svg>")
    return "".join(out)


def flow_diagram(diagram_id: str, title: str, names: list[str]) -> str:
    """Steps as numbered boxes joined by arrows, in rows that wrap (up to 3 a row)."""
    n = len(names)
    per_row = 3 if n > 4 else n
    if max(len(name) for name in names) > 8:
        per_row = min(per_row, 2)  # long stage names need wider boxes
    rows = math.ceil(n / per_row)
    gap, row_gap = 34, 30
    box_w = (_W - gap * (per_row - 1) - 8) / per_row
    per_line = max(4, int((box_w - 40) / 17))
    wrapped = [_wrap(name, per_line) for name in names]
    box_h = 26 + 19 * max(len(lines) for lines in wrapped) + 12
    height = rows * box_h + (rows - 1) * row_gap + 8
    out = _svg_open("diagram diagram--flow", f"diagram-{_e(diagram_id)}", _W, f"{height:.0f}", title, _flow_desc(names)) + [
        '<defs><marker id="arrow-' + _e(diagram_id) + '" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="diagram__arrowhead"/></marker></defs>',
    ]
    for i, name in enumerate(names):
        row, col = divmod(i, per_row)
        x = 4 + col * (box_w + gap)
        y = 4 + row * (box_h + row_gap)
        out.append(f'<rect class="diagram__box" x="{x:.1f}" y="{y}" width="{box_w:.1f}" height="{box_h}" rx="8"/>')
        out.append(f'<circle class="diagram__num-bg" cx="{x + 18:.1f}" cy="{y + 18}" r="12"/>')
        out.append(f'<text class="diagram__num" x="{x + 18:.1f}" y="{y + 23}" text-anchor="middle">{i + 1}</text>')
        lines = wrapped[i]
        for j, line in enumerate(lines):
            ty = y + box_h / 2 + 6 + (j - (len(lines) - 1) / 2) * 19
            out.append(f'<text class="diagram__text" x="{x + box_w / 2 + 12:.1f}" y="{ty:.1f}" text-anchor="middle">{_e(line)}</text>')
        if i + 1 < n:
            if col + 1 < per_row:
                ax = x + box_w + 3
                out.append(
                    f'<line class="diagram__arrow" x1="{ax:.1f}" y1="{y + box_h / 2}" x2="{ax + gap - 8:.1f}" y2="{y + box_h / 2}" '
                    f'marker-end="url(#arrow-{_e(diagram_id)})"/>'
                )
            else:  # wrap to the next row: down from this box, then to the first column
                x0 = 4 + box_w / 2
                out.append(
                    f'<path class="diagram__arrow" d="M{x + box_w / 2:.1f},{y + box_h + 2} V{y + box_h + row_gap / 2} '
                    f'H{x0:.1f} V{y + box_h + row_gap - 4}" fill="none" marker-end="url(#arrow-{_e(diagram_id)})"/>'
                )
    out.append("</svg>")
    return "".join(out)


# ---- Narrow drawings for phones -------------------------------------------------
# Shown instead of the wide ones below 600 px (see course.css): drawn in a
# 340-unit viewBox, which a phone shows at about its own size, so no text is
# scaled below the 14 px it is set in.  Labels sit above their bars and flows
# run downwards, one step a row.

_NW = 340


def bar_chart_narrow(chart_id: str, title: str, figures: list[Figure]) -> str:
    scale_max = _bar_scale(figures)
    bar_room = _NW - 8 - 64
    per_line = 22
    rows = []
    y = 4
    for f in figures:
        lines = _wrap(f.label, per_line)
        rows.append((f, lines, y))
        y += 19 * len(lines) + 30
    height = y + 4
    cid = f"chart-{_e(chart_id)}-narrow"
    out = _svg_open("chart chart--bar chart--narrow", cid, _NW, height, title, _bar_desc(figures))
    for f, lines, top in rows:
        for j, line in enumerate(lines):
            out.append(f'<text class="chart__label" x="4" y="{top + 15 + j * 19}">{_e(line)}</text>')
        by = top + 19 * len(lines) + 4
        w = max(2.0, bar_room * f.value / scale_max)
        out.append(f'<rect class="chart__bar" x="4" y="{by}" width="{w:.1f}" height="18" rx="3"/>')
        out.append(f'<text class="chart__value" x="{4 + w + 6:.1f}" y="{by + 14}">{_e(_fmt(f.value) + f.unit)}</text>')
    out.append("</svg>")
    return "".join(out)


def flow_diagram_narrow(diagram_id: str, title: str, names: list[str]) -> str:
    box_w, gap = _NW - 8, 26
    per_line = int((box_w - 50) / 15)
    wrapped = [_wrap(name, per_line) for name in names]
    did = f"diagram-{_e(diagram_id)}-narrow"
    out = []
    y = 4
    for i, lines in enumerate(wrapped):
        h = 20 + 20 * len(lines)
        out.append(f'<rect class="diagram__box" x="4" y="{y}" width="{box_w}" height="{h}" rx="8"/>')
        out.append(f'<circle class="diagram__num-bg" cx="24" cy="{y + h / 2:.1f}" r="12"/>')
        out.append(f'<text class="diagram__num" x="24" y="{y + h / 2 + 5:.1f}" text-anchor="middle">{i + 1}</text>')
        for j, line in enumerate(lines):
            out.append(f'<text class="diagram__text diagram__text--narrow" x="46" y="{y + 26 + j * 20}">{_e(line)}</text>')
        y += h
        if i + 1 < len(names):
            out.append(
                f'<line class="diagram__arrow" x1="{_NW / 2}" y1="{y + 2}" x2="{_NW / 2}" y2="{y + gap - 4}" '
                f'marker-end="url(#{did}-arrow)"/>'
            )
            y += gap
    height = y + 4
    head = _svg_open("diagram diagram--flow diagram--narrow", did, _NW, height, title, _flow_desc(names)) + [
        f'<defs><marker id="{did}-arrow" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="diagram__arrowhead"/></marker></defs>',
    ]
    return "".join(head + out + ["</svg>"])


def bar_chart_responsive(chart_id: str, title: str, figures: list[Figure]) -> str:
    """The wide chart and its narrow version; CSS shows the one that fits."""
    return bar_chart(chart_id, title, figures) + bar_chart_narrow(chart_id, title, figures)


def flow_diagram_responsive(diagram_id: str, title: str, names: list[str]) -> str:
    return flow_diagram(diagram_id, title, names) + flow_diagram_narrow(diagram_id, title, names)
