"""`python -m build_tools export --format moodle-xml|gift|scorm12 [--drills ID …] -o FILE`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

FORMATS = ("moodle-xml", "gift", "scorm12")


def add_parser(sub) -> None:
    e = sub.add_parser("export", help="export drills for a learning system (Moodle XML, GIFT, SCORM 1.2)")
    e.add_argument("--format", required=True, choices=FORMATS, help="moodle-xml or gift (question banks), scorm12 (a package)")
    e.add_argument("--drills", nargs="+", default=[], metavar="ID", help="drill ids (default: every drill)")
    e.add_argument("--title", default=None, help="the package's title in the learning system (SCORM)")
    e.add_argument("--pass-mark", type=int, default=60, metavar="PERCENT", help="SCORM: the share of the points that passes (default 60)")
    e.add_argument("-o", "--output", type=Path, required=True, help="file to write")
    e.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ..content import load_course
    from ..errors import ContentError

    course, problems = load_course(args.root)
    if course is None:
        print(ContentError(problems).report(), file=sys.stderr)
        return 1
    by_id = {d.id: d for d in course.drills}
    unknown = [i for i in args.drills if i not in by_id]
    if unknown:
        print(f"unknown drill: {', '.join(unknown)} (see drills/*.yaml for the ids)", file=sys.stderr)
        return 2
    if not 0 <= args.pass_mark <= 100:
        print(f"--pass-mark: must be between 0 and 100 (got {args.pass_mark})", file=sys.stderr)
        return 2
    ids = list(dict.fromkeys(args.drills)) or sorted(by_id)
    drills = [by_id[i] for i in ids]
    if args.format in ("moodle-xml", "gift"):
        from . import gift, moodle
        from .questions import questions

        qs = questions(drills)
        text = (moodle if args.format == "moodle-xml" else gift).render(qs)
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}: {len(qs)} questions from {len(drills)} drills")
        return 0
    from .scorm import write_package

    size = write_package(course, drills, args.output, title=args.title, pass_mark=args.pass_mark)
    print(f"wrote {args.output}: SCORM 1.2 package of {len(drills)} drills ({size // 1024} KB)")
    return 0
