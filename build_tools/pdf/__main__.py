"""``python -m build_tools.pdf [OUT_DIR] [--bench] [--html]``: build the PDFs (or time them) without the main CLI."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m build_tools.pdf", description=__doc__)
    p.add_argument("out", nargs="?", type=Path, default=ROOT / "site" / "pdf", help="output folder (default: site/pdf)")
    p.add_argument("--root", type=Path, default=ROOT, help="project folder")
    p.add_argument("--bench", action="store_true", help="time the real course and a ×10 synthetic course")
    p.add_argument("--scale", type=int, default=10, help="size of the synthetic course for --bench")
    p.add_argument("--html", action="store_true", help="also write the HTML given to WeasyPrint")
    p.add_argument("--jobs", type=int, default=None, help="documents built at once (default: one per CPU, at most 3)")
    args = p.parse_args(argv)
    if args.bench:
        from .bench import bench_pdf

        print(bench_pdf(args.root, scale=args.scale, jobs=args.jobs))
        return 0
    from ..content import load_course
    from ..errors import ContentError
    from . import DocStats, PdfError, build_pdfs

    course, problems = load_course(args.root)
    if course is None:
        print(ContentError(problems).report(), file=sys.stderr)
        return 1
    timings: dict[str, DocStats] = {}
    try:
        written = build_pdfs(course, args.out, timings=timings, keep_html=args.html, jobs=args.jobs)
    except PdfError as exc:
        print(f"pdf build failed: {exc}", file=sys.stderr)
        return 1
    for name, path in written.items():
        print(f"wrote {path} ({timings[name].summary()})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
