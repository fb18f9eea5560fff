"""Safe site builds: build into a temporary folder, swap into place on success.

A failed build (bad content, a broken link in strict mode, a missing shim)
leaves the previous ``site/`` exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


PDF_ENV = "ACADEMY_BUILD_PDF"
"""Set for the MkDocs run when PDFs are part of the build: the names of the PDFs made, comma-separated
(the home page links the course and the workbook, the trainer page the answer key)."""
PDF_FILES = {"course": "pdf/course.pdf", "workbook": "pdf/workbook.pdf", "answers": "pdf/answers.pdf"}


def pdf_links(value: str | None) -> dict[str, str] | None:
    """The PDF links for the pages, from the value of :data:`PDF_ENV` (None: no PDFs built)."""
    if not value:
        return None
    names = [n for n in value.split(",") if n in PDF_FILES] if value != "1" else list(PDF_FILES)
    return {n: PDF_FILES[n] for n in names}


class BuildError(RuntimeError):
    """The site could not be built; the previous site is untouched."""


def _build_pdfs(root: Path, out: Path, documents: list[str], *, quiet: bool) -> None:
    from .content import load_or_raise
    from .pdf import DocStats, PdfError, build_pdfs

    timings: dict[str, DocStats] = {}
    try:
        written = build_pdfs(load_or_raise(root), out, documents=documents, timings=timings, jobs=None)
    except PdfError as exc:
        raise BuildError(f"the PDFs could not be made: {exc}") from exc
    if not quiet:
        for name, path in written.items():
            print(f"wrote {path.name} ({timings[name].summary()})")


def mkdocs_env() -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("NO_MKDOCS_2_WARNING", "1")
    return env


def build_site(
    root: Path, out: Path | None = None, *, quiet: bool = False, config_file: Path | None = None, pdf: bool = False,
    answer_key: bool = True,
) -> Path:
    """Build the complete site into ``out`` (default ``root/site``) atomically.

    With ``pdf`` the course, workbook and answer-key PDFs are made into
    ``pdf/`` of the same temporary folder and linked from the home page (the
    answer key from the trainer page only), so the site and its PDFs are
    replaced together or not at all.  ``answer_key=False`` leaves the answer
    key out, for a site published where learners can reach it.
    """
    documents = [n for n in PDF_FILES if answer_key or n != "answers"]
    root = Path(root).resolve()
    out = Path(out) if out else root / "site"
    out = out if out.is_absolute() else root / out
    tmp = out.parent / f".site-build-{os.getpid()}"
    old = out.parent / f".site-old-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config_file or root / "mkdocs.yml"), "--site-dir", str(tmp)]
    if quiet:
        cmd.append("--quiet")
    env = mkdocs_env()
    if pdf:
        env[PDF_ENV] = ",".join(documents)
    try:
        result = subprocess.run(cmd, cwd=root, env=env)
        if result.returncode != 0:
            raise BuildError(f"mkdocs build failed (exit {result.returncode}); {out} was left unchanged")
        if not (tmp / "index.html").is_file():
            raise BuildError(f"the build produced no index.html; {out} was left unchanged")
        if pdf:
            _build_pdfs(root, tmp / "pdf", documents, quiet=quiet)
        if out.exists():
            out.rename(old)
        try:
            tmp.rename(out)
        except OSError:
            if old.exists():
                old.rename(out)
            raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(old, ignore_errors=True)
    return out
