"""What the PDF build needs from the operating system, checked before building.

WeasyPrint draws text with Pango (shared libraries from Debian) and finds
fonts through fontconfig.  When a piece is missing, WeasyPrint either fails
with an obscure ``OSError`` or, worse, quietly writes a PDF with the wrong
glyphs.  :func:`check_system` looks first and raises
:class:`MissingSystemPackage` naming the Debian package to install.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache


class PdfError(RuntimeError):
    """The PDFs could not be built; nothing was written to the output folder."""


def listing(items: list[str], limit: int) -> str:
    """Items one per indented line, at most ``limit`` of them, then how many were left out."""
    shown = items[:limit]
    more = f"\n  … and {len(items) - len(shown)} more" if len(items) > len(shown) else ""
    return "\n".join(f"  {item}" for item in shown) + more


class MissingSystemPackage(PdfError):
    """A system library or font the PDF build needs is not installed."""

    def __init__(self, what: str, packages: list[str]) -> None:
        self.what = what
        self.packages = packages
        install = "apt-get install -y " + " ".join(packages)
        super().__init__(f"{what}: install the Debian package{'s' if len(packages) > 1 else ''} {', '.join(packages)} (`{install}`)")

    def __reduce__(self):  # picklable: raised in worker processes
        return (self.__class__, (self.what, self.packages))


SANS = "Noto Sans CJK SC"
SERIF = "Noto Serif CJK SC"
FONT_FAMILIES = (SANS, SERIF)
"""The font families the print stylesheet names; both come with ``fonts-noto-cjk``."""

FONT_PACKAGE = "fonts-noto-cjk"
PANGO_PACKAGES = ["libpango-1.0-0", "libpangoft2-1.0-0"]


_import_module = importlib.import_module  # replaced in tests to simulate a missing Pango


@dataclass(frozen=True)
class FontFace:
    """One installed face of a family: its file and index inside a collection (.ttc)."""

    family: str
    style: str
    file: str
    index: int


def fc_list(family: str) -> list[FontFace]:
    """The installed faces of ``family`` (exact family name), as fontconfig reports them."""
    exe = shutil.which("fc-list")
    if exe is None:
        raise MissingSystemPackage("fontconfig's fc-list was not found (WeasyPrint finds fonts through fontconfig)", ["fontconfig"])
    out = subprocess.run(
        [exe, f"{family}", "family", "style", "file", "index", "--format", "%{family}\t%{style}\t%{file}\t%{index}\n"],
        capture_output=True, text=True, check=False,
    ).stdout
    faces = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 4:
            continue
        families = [f.strip() for f in parts[0].split(",")]
        if family not in families:
            continue
        faces.append(FontFace(family, parts[1].split(",")[0], parts[2], int(parts[3] or 0)))
    return sorted(faces, key=lambda f: (f.style != "Regular", f.style, f.file))


def missing_fonts() -> list[str]:
    """The families of :data:`FONT_FAMILIES` that fontconfig does not know."""
    return [family for family in FONT_FAMILIES if not fc_list(family)]


def check_fonts() -> None:
    """Raise :class:`MissingSystemPackage` unless both Noto CJK SC families are installed."""
    missing = missing_fonts()
    if missing:
        raise MissingSystemPackage(
            f"the CJK font{'s' if len(missing) > 1 else ''} {', '.join(repr(m) for m in missing)} "
            f"needed for the PDFs (Simplified Chinese glyphs) {'are' if len(missing) > 1 else 'is'} not installed",
            [FONT_PACKAGE],
        )


def check_pango() -> None:
    """Import WeasyPrint, turning a missing Pango library into :class:`MissingSystemPackage`."""
    try:
        _import_module("weasyprint")
    except OSError as exc:  # cffi could not load libpango / libpangoft2 / libgobject
        raise MissingSystemPackage(
            f"WeasyPrint cannot load the Pango text library ({exc})", PANGO_PACKAGES
        ) from exc
    except ImportError as exc:
        raise PdfError(
            f"the Python package weasyprint is missing ({exc}): run `make deps` (requirements.txt pins it)"
        ) from exc


@lru_cache(maxsize=1)
def _checked() -> bool:
    check_pango()
    check_fonts()
    return True


def check_system(*, cached: bool = True) -> None:
    """Check Pango and the CJK fonts; raise :class:`MissingSystemPackage` naming what to install."""
    if not cached:
        _checked.cache_clear()
    _checked()
