"""Command line: ``python -m build_tools check | build | serve | stats | schema | export``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .build import BuildError, build_site, mkdocs_env
from .content import load_course
from .errors import ContentError

ROOT = Path(__file__).resolve().parent.parent


def _load(root: Path):
    course, problems = load_course(root)
    if course is None:
        print(ContentError(problems).report(), file=sys.stderr)
    return course


def cmd_check(args: argparse.Namespace) -> int:
    course = _load(args.root)
    if course is None:
        return 1
    print(f"ok: {len(course.lessons)} lessons in {len(course.topics)} topics, no problems found")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    if _load(args.root) is None:
        print("build stopped: fix the problems above; the previous site was left unchanged", file=sys.stderr)
        return 1
    try:
        out = build_site(args.root, args.site_dir, quiet=args.quiet, pdf=not args.no_pdf, answer_key=not args.no_answer_key)
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    print(f"site built into {out}")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    if _load(args.root) is None:
        return 1
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", args.addr, "--config-file", str(args.root / "mkdocs.yml")]
    # Become the MkDocs server (no child process left behind when stopped).
    os.chdir(args.root)
    os.execve(sys.executable, cmd, mkdocs_env())
    return 0  # not reached


def cmd_stats(args: argparse.Namespace) -> int:
    from .stats import course_stats, coverage, format_coverage, format_stats

    course = _load(args.root)
    if course is None:
        return 1
    from dataclasses import replace

    from .drill_stats import drill_report, step_table

    if args.drill:
        unknown = sorted(set(args.drill) - {d.id for d in course.drills})
        if unknown:
            print(f"unknown drill: {', '.join(unknown)}", file=sys.stderr)
            return 1
        course = replace(course, drills=tuple(d for d in course.drills if d.id in args.drill))
        print(step_table(course))
        print(drill_report(course))
        return 0
    print(format_stats(course_stats(course)))
    print(format_coverage(coverage(course)))
    print(drill_report(course))
    return 0


def cmd_passages(args: argparse.Namespace) -> int:
    """Print a page's text as quotable clauses (what a drill's `cites[].quote` may copy)."""
    import re

    from .checks import texts
    from .render.script import to_hans

    course, problems = load_course(args.root, drills=False)
    if course is None:
        print(ContentError(problems).report(), file=sys.stderr)
        return 1
    items = {k[: -len("/index")] if k.endswith("/index") else k: v for k, v in course.items()}
    if args.ref not in items:
        print(f"unknown page {args.ref!r}; pages: {', '.join(sorted(items))}", file=sys.stderr)
        return 1
    from .drill_checks import NOT_QUOTABLE

    item = items[args.ref]
    n = 0
    for text in texts([getattr(item, f) for f in type(item).model_fields if f not in NOT_QUOTABLE]):
        for clause in re.findall(r"[^。！？；\n]+[。！？；]?[”」]?", to_hans(text)):
            clause = clause.strip()
            if clause and (not args.grep or args.grep in clause):
                n += 1
                print(f"{n:>3}  {clause}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import write_all

    written = write_all()
    for path in written:
        print(f"wrote {path.relative_to(ROOT)}")
    if not written:
        print("schemas are up to date")
    return 0


def cmd_pdf(args: argparse.Namespace) -> int:
    from .pdf import DocStats, PdfError, build_pdfs

    course = _load(args.root)
    if course is None:
        return 1
    timings: dict[str, DocStats] = {}
    try:
        written = build_pdfs(
            course, args.out_dir or args.root / "site" / "pdf", timings=timings, jobs=args.jobs, keep_html=args.html
        )
    except PdfError as exc:
        print(f"pdf build failed: {exc}", file=sys.stderr)
        return 1
    for name, path in written.items():
        print(f"wrote {path} ({timings[name].summary()})")
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from .bench import bench_site

    print(bench_site(args.root))
    try:
        from .pdf.bench import bench_pdf
    except ImportError:
        return 0
    print()
    print(bench_pdf(args.root))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m build_tools", description="Build and check the 售后服务训练营 course site.")
    p.add_argument("--root", type=Path, default=ROOT, help="project folder holding docs/ and mkdocs.yml")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate every content file and report all problems").set_defaults(func=cmd_check)
    b = sub.add_parser("build", help="build the complete site (replaces site/ only on success)")
    b.add_argument("--site-dir", type=Path, default=None, help="output folder (default: site/)")
    b.add_argument("--quiet", action="store_true", help="print only warnings and errors")
    b.add_argument("--no-pdf", action="store_true", help="skip the PDFs (faster; the home page then does not offer them)")
    b.add_argument("--no-answer-key", action="store_true", help="leave the drills' answer key out (for a site learners can reach)")
    b.set_defaults(func=cmd_build)
    s = sub.add_parser("serve", help="serve the site with live reload")
    s.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on")
    s.set_defaults(func=cmd_serve)
    st = sub.add_parser("stats", help="print counts over the course and how well the drills resist guessing")
    st.add_argument("--drill", action="append", default=[], help="only this drill, with a table of every decision (repeatable)")
    st.set_defaults(func=cmd_stats)
    q = sub.add_parser("passages", help="print a page's text as quotable clauses, for drill citations")
    q.add_argument("ref", help="a page such as lessons/321 or causes/slow-response")
    q.add_argument("--grep", default="", help="only clauses containing this text")
    q.set_defaults(func=cmd_passages)
    sub.add_parser("schema", help="regenerate the JSON Schemas in build_tools/schema/").set_defaults(func=cmd_schema)
    d = sub.add_parser("pdf", help="write the course, drill workbook and answer key PDFs into site/pdf/")
    d.add_argument("--out-dir", type=Path, default=None, help="output folder (default: site/pdf)")
    d.add_argument("--jobs", type=int, default=None, help="documents built at once (default: one per CPU)")
    d.add_argument("--html", action="store_true", help="also write the HTML given to WeasyPrint (for debugging the layout)")
    d.set_defaults(func=cmd_pdf)
    sub.add_parser("bench", help="measure build time, page weight and drill responsiveness").set_defaults(func=cmd_bench)
    from .exports.cli import add_parser as add_export

    add_export(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.root = args.root.resolve()
    return args.func(args)
