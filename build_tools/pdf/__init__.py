"""Offline PDFs of the course: the whole course, a drill workbook and its answer key.

Print-specific HTML is rendered from the validated model with the Jinja2
templates in ``build_tools/templates/print/`` and turned into A4 PDFs by
WeasyPrint, with the Noto CJK SC fonts named explicitly and embedded::

    from build_tools.pdf import build_pdfs
    paths = build_pdfs(course, root / "site" / "pdf")   # {"course": …, "workbook": …, "answers": …}

Missing system pieces (Pango, the CJK fonts) raise :class:`MissingSystemPackage`
naming the Debian package; missing glyphs and WeasyPrint warnings fail the build.
"""

from .build import DOCUMENTS, build_pdfs, render_html
from .glyphs import MissingGlyphs
from .system import MissingSystemPackage, PdfError, check_system
from .writer import DocStats, WeasyPrintWarnings

__all__ = [
    "DOCUMENTS",
    "DocStats",
    "MissingGlyphs",
    "MissingSystemPackage",
    "PdfError",
    "WeasyPrintWarnings",
    "build_pdfs",
    "check_system",
    "render_html",
]
