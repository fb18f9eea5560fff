"""Site pages: the course rendered to Markdown for MkDocs + Material.

``render_site`` returns every generated page and the navigation; it knows
nothing about MkDocs itself, so moving to another generator means replacing
only the thin hook in :mod:`build_tools.mkdocs_hook`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from ..content import Course
from ..models import Dialogue, Lesson
from .env import render


@dataclass(frozen=True)
class Page:
    """One generated page: its path below the site root, nav title and Markdown."""

    path: str
    title: str
    markdown: str


@dataclass
class Site:
    pages: list[Page] = field(default_factory=list)
    nav: list = field(default_factory=list)
    """MkDocs-style nav: a list of ``{title: path}`` or ``{title: [ ... ]}``."""


def lesson_path(lesson: Lesson) -> str:
    return f"lessons/{lesson.id}.md"


def topic_path(topic_id: str) -> str:
    return f"topics/{topic_id}/index.md"


def nav_title(lesson: Lesson) -> str:
    return f"{lesson.id} {lesson.title}"


def group_blocks(lesson: Lesson) -> list[tuple[str, list]]:
    """Group body blocks for display: consecutive judged dialogues become one comparison."""
    groups: list[tuple[str, list]] = []
    for block in lesson.body:
        judged = isinstance(block, Dialogue) and block.verdict is not None
        if judged and groups and groups[-1][0] == "compare":
            groups[-1][1].append(block)
        else:
            groups.append(("compare" if judged else block.type, [block]))
    return groups


def tag_index(course: Course) -> dict[str, list[Lesson]]:
    index: dict[str, list[Lesson]] = defaultdict(list)
    for lesson in course.reading_order():
        for tag in lesson.tags:
            index[tag].append(lesson)
    return dict(sorted(index.items(), key=lambda kv: (-len(kv[1]), kv[0])))


def render_site(course: Course) -> Site:
    """Render every page of the course site."""
    site = Site()
    site.pages.append(Page("index.md", "首页", render("home.md.j2", course=course, lesson_path=lesson_path, topic_path=topic_path)))
    site.nav.append({"首页": "index.md"})

    for topic in course.topics:
        lessons = course.lessons_in(topic.id)
        site.pages.append(Page(topic_path(topic.id), topic.name, render("topic.md.j2", course=course, topic=topic, lessons=lessons)))
        section: list = [topic_path(topic.id)]
        for lesson in lessons:
            markdown = render(
                "lesson.md.j2",
                course=course,
                lesson=lesson,
                topic=course.topic(topic.id),
                source=course.source(lesson.source.document),
                groups=group_blocks(lesson),
            )
            site.pages.append(Page(lesson_path(lesson), nav_title(lesson), markdown))
            section.append({nav_title(lesson): lesson_path(lesson)})
        site.nav.append({topic.name: section})

    site.pages.append(Page("topics/index.md", "主题与标签索引", render("index.md.j2", course=course, tags=tag_index(course))))
    site.nav.append({"主题与标签索引": "topics/index.md"})
    return site
