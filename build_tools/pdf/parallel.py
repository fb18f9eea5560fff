"""Build several PDFs at once, each in a fresh ``python`` subprocess.

WeasyPrint is single-threaded, so the three documents are laid out in
separate processes when there are CPUs to spare.  Plain subprocesses rather
than :mod:`multiprocessing`: "spawn" would re-run the caller's main module
(``python -m build_tools`` runs its CLI at import) and "fork" is unsafe in a
threaded parent.  The course goes to the workers as a pickle; each worker
sends back its :class:`~build_tools.pdf.writer.DocStats` or its exception the
same way.
"""

from __future__ import annotations

import json
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

from ..content import Course
from .system import PdfError
from .writer import DocStats

_PACKAGE_PARENT = Path(__file__).resolve().parent.parent.parent
_WORKER = "import sys; from build_tools.pdf.parallel import worker; sys.exit(worker(*sys.argv[1:]))"


def worker(
    course_pickle: str, name: str, tmp: str, out_dir: str, keep_html: str, edition: str = "trainee", pages_json: str = ""
) -> int:
    """Run in the subprocess: build one document, write ``<name>.result`` (stats or exception).

    ``pages_json``: a file with the workbook's drill pages, for the course's page references.
    """
    from .build import build_one

    result = Path(tmp) / f"{name}.result"
    try:
        course = pickle.loads(Path(course_pickle).read_bytes())
        pages = json.loads(Path(pages_json).read_text(encoding="utf-8")) if pages_json else None
        outcome: tuple = ("ok", build_one(course, name, Path(tmp), Path(out_dir), bool(keep_html), edition, pages))
    except Exception as exc:  # sent back to the parent and raised there
        try:
            pickle.dumps(exc)
            outcome = ("error", exc)
        except Exception:
            outcome = ("error", PdfError(f"{name}: {type(exc).__name__}: {exc}"))
    result.write_bytes(pickle.dumps(outcome))
    return 0 if outcome[0] == "ok" else 1


def build_parallel(
    course: Course, names: list[str], tmp: Path, out_dir: Path, keep_html: bool, jobs: int, edition: str = "trainee"
) -> dict[str, DocStats]:
    """Build ``names`` with at most ``jobs`` worker processes; raise the first failure.

    The course waits for the workbook when both are built, to cite its pages.
    """
    from .build import built_before

    work = tmp / "work"
    work.mkdir()
    course_pickle = work / "course.pickle"
    course_pickle.write_bytes(pickle.dumps(course))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_PACKAGE_PARENT), env.get("PYTHONPATH", "")) if p)
    queue = sorted(names, key=built_before)
    pages_json = work / "workbook-pages.json"
    running: dict[str, subprocess.Popen] = {}
    finished: dict[str, int] = {}
    try:
        while queue or running:
            while queue and len(running) < jobs:
                # the course waits for the workbook's page numbers
                ready = [n for n in queue if n != "course" or "workbook" not in names or "workbook" in finished]
                if not ready:
                    break
                name = ready[0]
                queue.remove(name)
                pages = ""
                if name == "course" and _workbook_pages(tmp, pages_json):
                    pages = str(pages_json)
                cmd = [sys.executable, "-c", _WORKER, str(course_pickle), name, str(tmp), str(out_dir), "1" if keep_html else "", edition, pages]
                running[name] = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL)
            for name, proc in list(running.items()):
                if proc.poll() is not None:
                    finished[name] = proc.returncode
                    del running[name]
            time.sleep(0.05)
    finally:
        for proc in running.values():
            proc.kill()
            proc.wait()
    stats: dict[str, DocStats] = {}
    for name in names:
        result = tmp / f"{name}.result"
        if not result.is_file():
            raise PdfError(f"{name}: the PDF worker process died (exit code {finished.get(name)})")
        kind, value = pickle.loads(result.read_bytes())
        result.unlink()
        if kind == "error":
            raise value
        stats[name] = value
    course_pickle.unlink()
    pages_json.unlink(missing_ok=True)
    work.rmdir()
    return stats


def _workbook_pages(tmp: Path, target: Path) -> bool:
    """Write the finished workbook's drill pages to ``target``; False when it failed (reported later)."""
    result = tmp / "workbook.result"
    if not result.is_file():
        return False
    kind, value = pickle.loads(result.read_bytes())
    if kind != "ok":
        return False
    target.write_text(json.dumps(value.drill_pages), encoding="utf-8")
    return True
