"""Fuzzing the loader with mutated real content files (hypothesis).

Each example takes a real YAML file of the course, damages it the way a
careless editor, a chat app or an attacker would (structure, anchors and
aliases, tags, encodings, control characters, sizes) and puts it into the
small valid project of tests/fixtures/minimal.  Loading must end within a
limit of CPU time with either a course or a list of located problems: never an
exception, never a problem without a file and a line.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools.content import load_course
from build_tools.errors import ContentError

from .conftest import ROOT

MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
REAL = sorted(p.relative_to(ROOT).as_posix() for p in [*ROOT.glob("docs/**/*.yaml"), *ROOT.glob("drills/*.yaml")])
TIME_LIMIT = 2.0  # CPU seconds for loading the whole (small) project (a busy machine stretches only the wall clock)
LOCATED = re.compile(r"^(?P<path>[^:\n]+):(?P<line>[1-9]\d*): \S")

FORBIDDEN = st.one_of(
    st.integers(0x00, 0x08), st.integers(0x0B, 0x1F), st.integers(0x7F, 0x9F),
    st.sampled_from([0x2028, 0x2029, 0xFFFE, 0xFFFF, 0xFDD0, 0x1FFFF, 0xD800]),
).map(chr)
TAGS = st.sampled_from([
    "!!python/name:os.system", "!!python/object/apply:os.system ['true']", "!!binary aGk=", "!!set {a, b}",
    "!!omap [a: 1]", "!!timestamp 2001-13-45", "!!float .nan", "!!int 0x1F", "!custom x", "! x", "!!str", "!!null",
])
YAML_BITS = st.sampled_from([
    "&a x", "*a", "&a [1, 2]", "<<: *a", "<<: {a: 1}", "? [a]\n: b", "{a: 1, a: 2}", "[", "]", "{", "'", '"',
    "- ", ": ", "#", "|", ">", "---", "...", "%YAML 1.1", "@", "`", "\t", "\\", "\n", "  ", "- -", ": :",
    "2001-12-14", "1e999", "-.inf", "0o777", "190:20:30", "~", "null", "yes", "=",
])


@st.composite
def mutated(draw) -> tuple[str, bytes]:
    """A real file's path and its damaged bytes."""
    rel = draw(st.sampled_from(REAL))
    text = (ROOT / rel).read_text(encoding="utf-8")
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from([
            "delete-line", "duplicate-line", "indent", "insert-yaml", "insert-char", "escape-char", "tag",
            "alias-bomb", "nesting", "long-number", "truncate", "random-text",
        ]))
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        line = lines[i] if lines else ""
        at = draw(st.integers(0, len(line)))
        if kind == "delete-line" and lines:
            del lines[i]
        elif kind == "duplicate-line" and lines:
            lines.insert(i, line)
        elif kind == "indent":
            lines[i] = " " * draw(st.integers(0, 9)) + line.lstrip(" ")
        elif kind == "insert-yaml":
            lines[i] = line[:at] + draw(YAML_BITS) + line[at:]
        elif kind == "insert-char":
            lines[i] = line[:at] + draw(FORBIDDEN) + line[at:]
        elif kind == "escape-char":
            lines[i] = f'{line.split(":")[0]}: "x\\u{ord(draw(FORBIDDEN)) & 0xFFFF:04x}"' if ":" in line else line
        elif kind == "tag":
            lines[i] = line[:at] + " " + draw(TAGS) + " " + line[at:]
        elif kind == "alias-bomb":
            bomb = ["bomb0: &a0 [x, x, x, x, x, x, x, x, x]"]
            bomb += [f"bomb{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, draw(st.integers(2, 12)))]
            lines[i:i] = bomb
        elif kind == "nesting":
            depth = draw(st.integers(10, 5000))
            lines[i:i] = ["deep: " + "[" * depth + "]" * draw(st.sampled_from([depth, depth - 1, 0]))]
        elif kind == "long-number":
            lines[i] = f"{line.split(':')[0]}: {'9' * draw(st.integers(15, 6000))}" if ":" in line else line
        elif kind == "truncate":
            lines = lines[:i] + [line[:at]]
        elif kind == "random-text":
            lines[i] = line[:at] + draw(st.text(min_size=1, max_size=20)) + line[at:]
    out = "\n".join(lines)
    encoding = draw(st.sampled_from(["utf-8"] * 8 + ["utf-8-sig", "utf-16", "gb18030", "latin-1"]))
    raw = out.encode(encoding, errors="surrogatepass" if encoding.startswith("utf") else "replace")
    if draw(st.integers(0, 7)) == 0 and raw:
        cut = draw(st.integers(0, len(raw)))
        raw = raw[:cut] + draw(st.binary(min_size=1, max_size=4)) + raw[cut:]
    return rel, raw


@settings(max_examples=120, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(mutated())
def test_damaged_files_give_located_problems_quickly(case: tuple[str, bytes]) -> None:
    rel, raw = case
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "project"
        shutil.copytree(MINIMAL, root)
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(raw)
        started = time.process_time()
        course, problems = load_course(root)
        elapsed = time.process_time() - started
    assert elapsed < TIME_LIMIT, f"loading took {elapsed:.2f} s of CPU time"
    if course is not None:
        return
    report = ContentError(problems).report().split("\n")
    assert report[-1].endswith("found") and len(report) >= 2
    for line in report[:-1]:
        m = LOCATED.match(line)
        assert m, f"not a located message: {line!r}"
        assert m.group("path").startswith(("docs/", "drills/")), line
