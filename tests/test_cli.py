"""The command line and generated artefacts that must not drift."""

from __future__ import annotations

import re
import subprocess
import sys

from build_tools.schema import expected_files
from build_tools.stats import course_stats


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "build_tools", *args], capture_output=True, text=True)


def test_json_schemas_are_up_to_date() -> None:
    for path, text in expected_files().items():
        assert path.exists(), f"{path.name} missing: run `make schema`"
        assert path.read_text(encoding="utf-8") == text, f"{path.name} is stale: run `make schema`"


def test_check_passes_on_the_course() -> None:
    result = run("check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: 29 lessons")


def test_stats_prints_the_counts(course) -> None:
    result = run("stats")
    assert result.returncode == 0, result.stderr
    counts, _, rest = result.stdout.partition("\n\n")
    practised, _, quality = rest.partition("\n\n")
    rows = {k.strip(): int(v) for k, v in (line.rsplit(None, 1) for line in counts.splitlines())}
    assert rows["lessons"] == 29
    turns = sum(1 for lesson in course.lessons for b in lesson.body if b.type == "dialogue" for t in b.turns if t.speaker)
    assert rows["dialogue turns"] == turns > 30
    assert rows["repairs"] == sum(len(getattr(item, "edits", [])) for _, item in course.items()) >= 6
    assert rows["paragraphs"] > 100
    assert rows == course_stats(course)
    assert rows["loss causes"] == 14 and rows["handbook sections"] >= 11 and rows["figures"] >= 10
    assert rows["drills"] >= 50 and rows["decisions"] >= 250
    assert re.search(r"lessons +29 / 29", practised)
    assert re.search(r"loss causes +14 / 14", practised)
    assert re.search(r"handbook sections +11 / 11", practised)
    assert "longest" in quality and "OVER" not in quality


def test_unknown_command_is_a_usage_error() -> None:
    result = run("publish")
    assert result.returncode == 2 and "invalid choice" in result.stderr
