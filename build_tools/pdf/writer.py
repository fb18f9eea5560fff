"""HTML → PDF with WeasyPrint, where every WeasyPrint warning is an error.

WeasyPrint reports problems through the ``weasyprint`` logger and carries on:
a ``.notdef`` glyph for a character no font has, a font that cannot be
loaded or subset, an SVG it could not draw, a CSS declaration it ignored.
Each of those means a wrong PDF, so they are captured during the build and
raised together as :class:`WeasyPrintWarnings`.

Every PDF is written as tagged PDF/UA-1 (:data:`PDF_OPTIONS`): a structure
tree in reading order, ``/MarkInfo``, ``/Lang`` from ``<html lang>``, alt text
for charts from their SVG ``<title>``, and XMP metadata with the title,
author, subject and dates from the document's ``<head>``. Chinese lines are
justified between characters (:mod:`.cjk`).
"""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import cjk
from .accessibility import scope_table_headers
from .env import stylesheet, svg_css
from .glyphs import check_glyphs
from .layout import check_layout
from .system import PdfError, check_system, listing


PDF_OPTIONS = {"pdf_variant": "pdf/ua-1", "pdf_version": "1.7", "pdf_tags": True}
"""Tagged, accessible PDF (WeasyPrint writes the PDF/UA-1 structure and metadata)."""


class WeasyPrintWarnings(PdfError):
    """WeasyPrint logged warnings or errors while making a PDF."""

    def __init__(self, document: str, messages: list[str]) -> None:
        self.document = document
        self.messages = messages
        super().__init__(f"{document}: WeasyPrint reported {len(messages)} problem(s):\n" + listing(messages, 40))

    def __reduce__(self):  # picklable: raised in worker processes
        return (self.__class__, (self.document, self.messages))


DRILL_ANCHOR = "drill-"
"""Prefix of the id of each drill's article in the workbook and the key (``drill-<id>``)."""

@dataclass
class DocStats:
    """What building one PDF took and gave."""

    name: str
    path: Path
    html_seconds: float = 0.0  # templates + script conversion
    check_seconds: float = 0.0  # glyph coverage
    layout_seconds: float = 0.0  # WeasyPrint parse + layout
    write_seconds: float = 0.0  # WeasyPrint PDF output (font subsetting)
    pages: int = 0
    bytes: int = 0
    html_chars: int = 0
    drill_pages: dict[str, int] = field(default_factory=dict)  # drill id → page it starts on (workbook)

    @property
    def seconds(self) -> float:
        return self.html_seconds + self.check_seconds + self.layout_seconds + self.write_seconds

    def summary(self) -> str:
        return (
            f"{self.pages} pages, {self.bytes / 1024:.0f} KiB in {self.seconds:.1f} s "
            f"(html {self.html_seconds:.1f}, glyphs {self.check_seconds:.1f}, layout {self.layout_seconds:.1f}, write {self.write_seconds:.1f})"
        )


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = f"{record.levelname.lower()}: {record.getMessage()}"
        if message not in self.messages:
            self.messages.append(message)


@contextmanager
def captured_warnings():
    """Collect every warning and error of the ``weasyprint`` logger while active."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    old_level = logger.level
    logger.setLevel(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


def write_pdf(name: str, html: str, target: Path, stats: DocStats) -> DocStats:
    """Check the glyphs of ``html``, lay it out and write ``target``; fill in ``stats``."""
    check_system()
    css = stylesheet() + svg_css()
    t0 = time.perf_counter()
    check_glyphs(name, html, css)
    t1 = time.perf_counter()
    stats.check_seconds = t1 - t0
    stats.html_chars = len(html)

    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    cjk.install()
    with captured_warnings() as messages:
        document = weasyprint.HTML(string=html, base_url=str(target.parent)).render(font_config=FontConfiguration(), **PDF_OPTIONS)
        if messages:
            raise WeasyPrintWarnings(name, messages)
        check_layout(name, document)
        t2 = time.perf_counter()
        document.write_pdf(target, **PDF_OPTIONS)
        scope_table_headers(target)
        t3 = time.perf_counter()
    if messages:  # font loading and subsetting warn while writing
        target.unlink(missing_ok=True)
        raise WeasyPrintWarnings(name, messages)
    stats.layout_seconds = t2 - t1
    stats.write_seconds = t3 - t2
    stats.pages = len(document.pages)
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:  # a drill running over several pages is listed on each: keep the first
            if anchor.startswith(DRILL_ANCHOR):
                stats.drill_pages.setdefault(anchor[len(DRILL_ANCHOR):], number)
    stats.bytes = target.stat().st_size
    return stats
