"""`make bench`, search part: the evaluation set's figures and the index weight."""

from __future__ import annotations

import gzip
from pathlib import Path

from ..content import Course
from ..static_server import launch_chromium, serve
from . import evaluate
from .index import INDEX_FILE, MATERIAL_INDEX

INDEX_BUDGET = 90 * 1024  # gzipped bytes


def _gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def bench_search(site: Path, root: Path, course: Course, *, show_misses: bool = True) -> str:
    from playwright.sync_api import sync_playwright

    evalset = evaluate.load_questions(root, course)
    index = site / INDEX_FILE
    worker = next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    size = _gz(index)
    lines = ["== search =="]
    lines.append(
        f"index ({INDEX_FILE}, loaded on the first search): {index.stat().st_size / 1024:.1f} KB, "
        f"{size / 1024:.1f} KB gzipped ({'within' if size <= INDEX_BUDGET else 'OVER'} the {INDEX_BUDGET // 1024} KB budget)"
    )
    lines.append(
        f"on every first page view: {MATERIAL_INDEX} {_gz(site / MATERIAL_INDEX) / 1024:.1f} KB + worker "
        f"{_gz(worker) / 1024:.1f} KB gzipped"
    )
    with serve(site) as base, sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.set_default_timeout(15_000)
        for name, questions in (("tuning", evalset.tuning), ("held out", evalset.held_out)):
            figs = evaluate.figures(questions, evaluate.run(page, base, questions))
            lines.append(figs.line(name))
            if show_misses and name == "tuning":
                for q, got in figs.misses:
                    lines.append(f"    not in the first five: {q} → {', '.join(got) or 'nothing'}")
        browser.close()
    return "\n".join(lines)


def main() -> None:
    """Build into a temporary folder and print the search figures (python -m build_tools.search.bench)."""
    import sys
    import tempfile

    from ..build import build_site
    from ..content import load_or_raise

    root = Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve()
    with tempfile.TemporaryDirectory() as tmp:
        site = build_site(root, Path(tmp) / "site", quiet=True)
        print(bench_search(site, root, load_or_raise(root)))


if __name__ == "__main__":
    main()
