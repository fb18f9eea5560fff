"""Deliberately broken content: each fixture's exact, located error report.

A fixture is a folder in tests/fixtures/broken/ whose files are laid over the
valid tree in tests/fixtures/minimal/; expected.txt holds what
`python -m build_tools check` must print.  What git cannot hold (symbolic
links out of the project, named pipes, empty folders, huge files) is listed
in the fixture's special.txt and made by the test:

    symlink <path> <target>     mkdir <path>
    fifo <path>                 pad <path> <bytes>
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools.content import load_course
from build_tools.errors import ContentError

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CASES = sorted(p for p in (FIXTURES / "broken").iterdir() if p.is_dir())


def _tree(case: Path, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", root)
    for sub in ("docs", "drills"):
        if (case / sub).is_dir():
            shutil.copytree(case / sub, root / sub, dirs_exist_ok=True)
    special = case / "special.txt"
    lines = special.read_text(encoding="utf-8").splitlines() if special.is_file() else []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        kind, rel, *rest = line.split()
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if kind == "symlink":
            path.unlink(missing_ok=True)
            path.symlink_to(rest[0])
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "mkdir":
            path.mkdir()
        elif kind == "pad":
            text = path.read_text(encoding="utf-8")
            path.write_text(text + "#" * (int(rest[0]) - len(text.encode("utf-8")) - 1) + "\n", encoding="utf-8")
        else:
            raise ValueError(f"{special}: unknown entry {kind!r}")
    return root


def test_the_minimal_fixture_is_valid() -> None:
    course, problems = load_course(FIXTURES / "minimal")
    assert problems == [] and course is not None


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_broken_fixture_reports_exact_problems(case: Path, tmp_path: Path) -> None:
    course, problems = load_course(_tree(case, tmp_path))
    assert course is None
    expected = (case / "expected.txt").read_text(encoding="utf-8")
    assert ContentError(problems).report() + "\n" == expected


@pytest.mark.parametrize(
    "case",
    [
        c for c in CASES
        if c.name in (
            "syntax-error", "non-utf8", "cross-file", "drill-loop", "alias-bomb", "deep-nesting", "long-number",
            "python-tag", "named-pipe", "symlink-to-device", "symlink-loop", "folder-named-yaml", "control-raw",
        )
    ],
    ids=lambda c: c.name,
)
def test_check_command_prints_report_without_traceback(case: Path, tmp_path: Path) -> None:
    root = _tree(case, tmp_path)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    # Hostile files are refused, not read: no pipe blocks (the timeout), no bomb
    # expands (the CPU time, which a busy machine does not inflate as it does
    # the wall clock; most of it is Python and pydantic starting up).
    result = subprocess.run(
        [sys.executable, "-m", "build_tools", "--root", str(root), "check"], capture_output=True, text=True, timeout=300
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime) < 10
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout + result.stderr == (case / "expected.txt").read_text(encoding="utf-8")


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    """Problems from several files and several rules arrive in one report."""
    root = _tree(FIXTURES / "broken" / "syntax-error", tmp_path)
    shutil.copy(FIXTURES / "broken" / "duplicate-id" / "docs" / "topics.yaml", root / "docs" / "topics.yaml")
    (root / "docs" / "lessons" / "2.yaml").write_text("id: 2\ntitle: x\n", encoding="utf-8")
    _, problems = load_course(root)
    paths = {p.path for p in problems}
    assert {"docs/topics.yaml", "docs/lessons/1.yaml", "docs/lessons/2.yaml"} <= paths
    assert len(problems) >= 5
