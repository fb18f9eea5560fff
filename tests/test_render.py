"""Rendering: snapshot of generated pages, escaping, and structure of lesson pages.

Run `pytest tests/test_render.py --update-snapshots` after an intended change
to the templates, then review the diff of tests/snapshots/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.render import render_site
from build_tools.render.env import md_text, point_label

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"


@pytest.fixture(scope="module")
def site(course):
    return render_site(course)


def _page(site, path: str) -> str:
    return next(p.markdown for p in site.pages if p.path == path)


@pytest.mark.parametrize(
    "path, snapshot",
    [
        ("lessons/303.md", "lesson-303.md"),
        ("lessons/309.md", "lesson-309.md"),
        ("topics/complaints/index.md", "topic-complaints.md"),
        ("causes/bad-mouthing-competitors.md", "cause-bad-mouthing-competitors.md"),
        ("handbook/relationship.md", "handbook-relationship.md"),
        ("handbook/waiting.md", "handbook-waiting.md"),
    ],
)
def test_page_matches_snapshot(site, path: str, snapshot: str, request: pytest.FixtureRequest) -> None:
    text = _page(site, path)
    target = SNAPSHOTS / snapshot
    if request.config.getoption("--update-snapshots"):
        target.write_text(text, encoding="utf-8")
    assert target.exists(), f"no snapshot yet: run pytest {__file__} --update-snapshots"
    assert text == target.read_text(encoding="utf-8"), f"{path} changed; review and run with --update-snapshots"


def test_every_lesson_has_a_page_and_a_nav_entry(site, course) -> None:
    paths = {p.path for p in site.pages}
    nav_text = repr(site.nav)
    for lesson in course.lessons:
        assert f"lessons/{lesson.id}.md" in paths
        assert f"lessons/{lesson.id}.md" in nav_text


def test_summary_is_an_admonition_on_every_lesson(site, course) -> None:
    for lesson in course.lessons:
        assert '!!! success "行动总结"' in _page(site, f"lessons/{lesson.id}.md")


def test_wrong_and_right_scenes_are_shown_side_by_side_and_marked(site) -> None:
    page = _page(site, "lessons/303.md")
    assert page.count('<div class="dialogue-compare">') == 1
    assert "dialogue--bad" in page and "dialogue--good" in page
    assert page.index("✗ 错误的态度") < page.index("✓ 正确的态度")


@pytest.mark.parametrize(
    "text",
    ["*强调* 与 _下划线_", "<script>alert(1)</script>", "[链接](http://x)", "1. 不是列表", "# 不是标题", "a\\b `code`"],
)
def test_markdown_escaping_keeps_text_literal(text: str) -> None:
    import markdown

    html = markdown.markdown(md_text(text))
    assert "<em>" not in html and "<script>" not in html and "<a " not in html
    assert "<ol>" not in html and "<h1>" not in html and "<code>" not in html
    assert html.startswith("<p>")


def test_point_labels_get_their_comma_back() -> None:
    assert point_label("第一") == "第一，"
    assert point_label("第三步") == "第三步，"
    assert point_label("（2）") == "（2）"


def test_simplified_edition_converts_traditional_sources(site) -> None:
    page = _page(site, "handbook/relationship.md")
    assert "情感账户" in page and "情感賬戶" not in page
    assert "从满意到忠诚" in page


def test_cross_links_go_both_ways(site, course) -> None:
    """A page's `related` links appear on it, and the target links back under 相关内容."""
    from build_tools.render.pages import relative

    refs = course.refs()
    for key, item in course.items():
        for ref in getattr(item, "related", []):
            here, there = refs[key].path, refs[ref].path
            assert f"]({relative(here, there)})" in _page(site, here), (key, ref)
            assert f"]({relative(there, here)})" in _page(site, there), (ref, "does not link back to", key)


def test_every_lesson_related_to_another_page_shows_related_content(site, course) -> None:
    linked = {ref for _, item in course.items() for ref in getattr(item, "related", []) if ref.startswith("lessons/")}
    assert len(linked) >= 20
    for ref in linked:
        assert "## 相关内容" in _page(site, f"{ref}.md")


def test_topic_index_covers_every_page_with_tags(site, course) -> None:
    index = _page(site, "topics/index.md")
    for part in course.parts:
        assert f"(../{part.key}/index.md)" in index
    assert "(../causes/index.md)" in index
    for cause in course.causes:
        assert f"(../causes/{cause.id}.md)" in index, cause.id


def test_drill_json_cannot_break_out_of_its_element() -> None:
    import json

    from build_tools.render.drills import script_json

    hostile = {"line": "</template><script>alert('x')</script> & \u2028 \u00a0"}
    text = script_json(hostile)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == hostile


@pytest.mark.parametrize("built", ["course,workbook,answers", "1", "course,workbook", ""])
def test_the_answer_key_is_linked_from_the_trainer_page_only(course, built: str) -> None:
    """Learners' pages never link the answer key; `build --no-answer-key` leaves it out entirely."""
    from build_tools.build import pdf_links

    links = pdf_links(built)
    site = render_site(course, pdf_links=links)
    has_key = bool(links and "answers" in links)
    assert ("answers.pdf" in _page(site, "drills/assign.md")) is has_key
    for page in site.pages:
        if page.path != "drills/assign.md":
            assert "answers.pdf" not in page.markdown, page.path
    assert ("workbook.pdf" in _page(site, "index.md")) is bool(links)
