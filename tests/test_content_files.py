"""Per-file data tests: every content file validates against its schema."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.models import Lesson, Sources, Topics
from build_tools.models.drill import Drill, Retired, Rulings
from build_tools.models.house import Conversion, Terminology
from build_tools.models.pages import Cause, Collection, SectionPage
from build_tools.models.thesaurus import Thesaurus
from build_tools.validate import validate
from build_tools.yamlload import load

ROOT = Path(__file__).resolve().parent.parent
LESSON_FILES = sorted((ROOT / "docs" / "lessons").glob("*.yaml"))


def _model_for(path: Path):
    rel = path.relative_to(ROOT).as_posix()
    if rel == "docs/topics.yaml":
        return Topics
    if rel == "docs/sources.yaml":
        return Sources
    if rel == "docs/terminology.yaml":
        return Terminology
    if rel == "docs/conversion.yaml":
        return Conversion
    if rel == "drills/retired.yaml":
        return Retired
    if rel == "drills/rulings.yaml":
        return Rulings
    if rel == "docs/thesaurus.yaml":
        return Thesaurus
    if rel.startswith("drills/"):
        return Drill
    if path.name == "index.yaml":
        return Collection
    if rel.startswith("docs/causes/"):
        return Cause
    return SectionPage


OTHER_FILES = {
    path: _model_for(path)
    for path in sorted([*(ROOT / "docs").rglob("*.yaml"), *(ROOT / "drills").glob("*.yaml")])
    if "lessons" not in path.parts
}


def _ids(paths):
    return [p.relative_to(ROOT).as_posix() for p in paths]


@pytest.mark.parametrize("path", LESSON_FILES, ids=_ids(LESSON_FILES))
def test_lesson_file_matches_schema(path: Path) -> None:
    doc, problems = load(path, ROOT)
    assert doc is not None, "\n".join(map(str, problems))
    lesson, found = validate(doc, Lesson)
    assert problems + found == [], "\n".join(map(str, problems + found))
    assert path.stem == str(lesson.id)


@pytest.mark.parametrize("path", list(OTHER_FILES), ids=_ids(OTHER_FILES))
def test_course_file_matches_schema(path: Path) -> None:
    doc, problems = load(path, ROOT)
    assert doc is not None, "\n".join(map(str, problems))
    _, found = validate(doc, OTHER_FILES[path])
    assert problems + found == [], "\n".join(map(str, problems + found))


def test_the_course_has_lessons_295_to_323(course) -> None:
    assert [lesson.id for lesson in course.lessons] == list(range(295, 324))


def test_every_content_file_names_its_schema_for_editors() -> None:
    import posixpath

    from build_tools.schema import SCHEMAS

    names = {model: name for name, model in SCHEMAS.items()}
    for path in [*LESSON_FILES, *OTHER_FILES]:
        model = Lesson if path in LESSON_FILES else OTHER_FILES[path]
        first = path.read_text(encoding="utf-8").splitlines()[0]
        schema = posixpath.relpath(f"build_tools/schema/{names[model]}.schema.json", path.parent.relative_to(ROOT).as_posix())
        assert first == f"# yaml-language-server: $schema={schema}", path.relative_to(ROOT)


def test_lesson_303_marks_its_wrong_and_right_scenes(course) -> None:
    scenes = [b for b in course.lesson(303).body if b.type == "dialogue"]
    assert [(s.verdict, s.label) for s in scenes] == [("bad", "错误的态度"), ("good", "正确的态度")]
    for scene in scenes:
        assert {t.speaker for t in scene.turns} == {"客户", "销售人员"}


@pytest.mark.parametrize("lesson_id", [302, 303, 305, 318, 320, 321])
def test_lessons_with_exchanges_keep_them_as_turns(course, lesson_id: int) -> None:
    dialogues = [b for b in course.lesson(lesson_id).body if b.type == "dialogue"]
    assert dialogues, f"lesson {lesson_id} lost its dialogue"
    assert sum(1 for d in dialogues for t in d.turns if t.speaker) >= 1


def test_lesson_313_keeps_its_letter(course) -> None:
    letters = [b for b in course.lesson(313).body if b.type == "letter"]
    assert len(letters) == 1 and letters[0].salutation.startswith("亲爱的约翰")


def test_no_ascii_punctuation_inside_chinese_text(course) -> None:
    import re

    from build_tools.checks import texts

    bad = re.compile(r"[\u4e00-\u9fff][,:;?!]|[,:;?!][\u4e00-\u9fff]")
    for lesson in course.lessons:
        for text in texts(lesson):
            assert not bad.search(text), f"lesson {lesson.id}: {text[:40]}"
