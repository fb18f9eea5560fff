"""Site pages: the course rendered to Markdown for MkDocs + Material.

``render_site`` returns every generated page and the navigation; it knows
nothing about MkDocs itself, so moving to another generator means replacing
only the thin hook in :mod:`build_tools.mkdocs_hook`.
"""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from dataclasses import dataclass, field

from markupsafe import Markup

from ..content import Course, PageRef
from ..crossrefs import CrossRefs, cited
from ..models import Dialogue, Lesson
from . import drills as drill_render
from . import progress
from .assign import catalogue as assign_catalogue
from .env import render, yaml_value
from .script import to_hans
from .text import plain_line


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


@dataclass(frozen=True)
class Link:
    ref: str
    title: str
    link: str
    teaser: str = ""


def lesson_path(lesson: Lesson) -> str:
    return f"lessons/{lesson.id}.md"


def topic_path(topic_id: str) -> str:
    return f"topics/{topic_id}/index.md"


def nav_title(lesson: Lesson) -> str:
    return f"{lesson.id} {lesson.title}"


def relative(from_path: str, to_path: str) -> Markup:
    """A Markdown link from one generated page to another (MkDocs checks it).

    Paths are made of validated ids, so the link is markup, not text to escape.
    """
    return Markup(posixpath.relpath(to_path, posixpath.dirname(from_path) or "."))


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


def tag_index(course: Course) -> dict[str, list[PageRef]]:
    """Every tag on any page, with the pages that carry it."""
    refs = course.refs()
    index: dict[str, list[PageRef]] = defaultdict(list)
    for key, item in course.items():
        if key.endswith("/index"):
            continue
        for tag in getattr(item, "tags", []):
            index[tag].append(refs[key])
    return dict(sorted(index.items(), key=lambda kv: (-len(kv[1]), kv[0])))


def related_links(xrefs: CrossRefs, key: str, from_path: str) -> list[Link]:
    """A page's 相关内容, linked from ``from_path``."""
    return [Link(r, xrefs.refs[r].title, relative(from_path, xrefs.refs[r].path)) for r in xrefs.related(key)]


def practice_links(xrefs: CrossRefs, key: str, from_path: str) -> list[Link]:
    """The drills that practise a page ("练一练")."""
    return [
        Link(
            f"drills/{d.id}", d.title, relative(from_path, drill_render.drill_path(d)),
            f"{drill_render.SETTINGS[d.setting]} · {drill_render.DIFFICULTY[d.difficulty]}",
        )
        for d in xrefs.practising(key)
    ]


def _first_text(item) -> str:
    for block in getattr(item, "body", []):
        text = getattr(block, "text", None)
        if block.type == "paragraph" and text:
            return text if len(text) <= 60 else text[:59] + "…"
    return ""


def _lessons(course: Course, xrefs: CrossRefs, site: Site) -> None:
    for topic in course.topics:
        lessons = course.lessons_in(topic.id)
        site.pages.append(Page(topic_path(topic.id), topic.name, render("topic.md.j2", course=course, topic=topic, lessons=lessons)))
        section: list = [topic_path(topic.id)]
        for lesson in lessons:
            path = lesson_path(lesson)
            markdown = render(
                "lesson.md.j2",
                course=course,
                lesson=lesson,
                topic=topic,
                source=course.source(lesson.source.document),
                groups=group_blocks(lesson),
                related=related_links(xrefs, f"lessons/{lesson.id}", path),
                practice=practice_links(xrefs, f"lessons/{lesson.id}", path),
            )
            site.pages.append(Page(path, nav_title(lesson), markdown))
            section.append({nav_title(lesson): path})
        site.nav.append({topic.name: section})


def _causes(course: Course, xrefs: CrossRefs, site: Site) -> None:
    if course.causes_index is None:
        return
    index = course.causes_index
    entries = [Link(f"causes/{c.id}", f"{c.order}. {c.name}", relative("causes/index.md", f"causes/{c.id}.md"), c.summary) for c in course.causes]
    site.pages.append(
        Page(
            "causes/index.md",
            index.title,
            render(
                "part.md.j2", index=index, uid="causes", entries=entries, entries_title="十四种让客户离开的原因",
                source=course.source(index.source),
            ),
        )
    )
    section: list = ["causes/index.md"]
    for cause in course.causes:
        path = f"causes/{cause.id}.md"
        markdown = render(
            "cause.md.j2",
            cause=cause,
            index_title=index.title,
            source=course.source(cause.source.document),
            related=related_links(xrefs, f"causes/{cause.id}", path),
            practice=practice_links(xrefs, f"causes/{cause.id}", path),
        )
        site.pages.append(Page(path, f"{cause.order}. {cause.name}", markdown))
        section.append({f"{cause.order}. {cause.name}": path})
    site.nav.append({index.title: section})


def _parts(course: Course, xrefs: CrossRefs, site: Site) -> None:
    articles: list = []
    for part in course.parts:
        index_path = f"{part.key}/index.md"
        entries = [Link(f"{part.key}/{s.id}", s.title, relative(index_path, f"{part.key}/{s.id}.md"), _first_text(s)) for s in part.sections]
        site.pages.append(
            Page(
                index_path,
                part.index.title,
                render(
                    "part.md.j2", index=part.index, uid=part.key.replace("/", "-"), entries=entries,
                    entries_title="目录", source=course.source(part.index.source),
                ),
            )
        )
        section: list = [index_path]
        for s in part.sections:
            path = f"{part.key}/{s.id}.md"
            markdown = render(
                "section.md.j2",
                section=s,
                part=part,
                uid=f"{part.key.replace('/', '-')}-{s.id}",
                index_link=relative(path, "topics/index.md"),
                source=course.source(s.source.document),
                related=related_links(xrefs, f"{part.key}/{s.id}", path),
                practice=practice_links(xrefs, f"{part.key}/{s.id}", path),
            )
            site.pages.append(Page(path, s.title, markdown))
            section.append({s.title: path})
        if part.key.startswith("articles/"):
            articles.append({part.index.title: section})
        else:
            site.nav.append({part.index.title: section})
    if articles:
        site.nav.append({"投诉处理文章": articles})


def _drills(course: Course, xrefs: CrossRefs, site: Site, answers: str | None = None) -> None:
    if not course.drills:
        return
    topics_of = {lesson.id: lesson.topic for lesson in course.lessons}
    cards = []
    for d in course.drills:
        refs = cited(d)
        lessons = sorted({int(r.split("/")[1]) for r in refs if r.startswith("lessons/")})
        topics = sorted({topics_of[n] for n in lessons} | {r.split("/")[0] for r in refs if not r.startswith("lessons/")})
        cards.append(
            dict(
                id=d.id, title=d.title, setting=d.setting, setting_name=drill_render.SETTINGS[d.setting],
                difficulty=d.difficulty, difficulty_name=drill_render.DIFFICULTY[d.difficulty],
                decisions=drill_render.decisions(d), skills=d.skills, lessons=lessons, topics=topics,
            )
        )
    filter_topics = [{"key": t.id, "name": t.name} for t in course.topics]
    if course.causes:
        filter_topics.append({"key": "causes", "name": "客户流失原因"})
    if any(p.key == "handbook" for p in course.parts):
        filter_topics.append({"key": "handbook", "name": "营业厅手册"})
    if any(p.key.startswith("articles/") for p in course.parts):
        filter_topics.append({"key": "articles", "name": "投诉处理文章"})
    used_lessons = sorted({n for c in cards for n in c["lessons"]})
    site.pages.append(
        Page(
            "drills/index.md", "情景演练",
            render(
                "drills_index.md.j2", drills=cards, settings=drill_render.SETTINGS, difficulties=drill_render.DIFFICULTY,
                topics=filter_topics, lessons=[course.lesson(n) for n in used_lessons],
            ),
        )
    )
    catalogue = drill_render.script_json(assign_catalogue(course, [c["id"] for c in cards]))
    by_setting: dict[str, list] = {}
    for c in sorted(cards, key=lambda c: (list(drill_render.SETTINGS).index(c["setting"]), c["difficulty"], c["id"])):
        by_setting.setdefault(c["setting_name"], []).append(dict(c, difficulty=c["difficulty_name"]))
    site.pages.append(Page("drills/assign.md", "培训师：布置与收集", render("assign.md.j2", groups=by_setting, catalogue=catalogue, exports_dir="exports", answers=relative("drills/assign.md", answers) if answers else None)))
    site.pages.append(Page("drills/assignment.md", "我的作业", render("assignment.md.j2", catalogue=catalogue)))
    groups: dict[str, list] = {}
    for d in sorted(course.drills, key=lambda d: (list(drill_render.SETTINGS).index(d.setting), d.difficulty, d.id)):
        path = drill_render.drill_path(d)
        markdown = render(
            "drill.md.j2",
            drill=d,
            setting=drill_render.SETTINGS[d.setting],
            difficulty=drill_render.DIFFICULTY[d.difficulty],
            data=drill_render.script_json(drill_render.drill_data(course, d)),
        )
        site.pages.append(Page(path, d.title, markdown))
        groups.setdefault(drill_render.SETTINGS[d.setting], []).append({d.title: path})
    site.nav.append(
        {"情景演练": ["drills/index.md", {"培训师：布置与收集": "drills/assign.md"}] + [{name: items} for name, items in groups.items()]}
    )


def render_site(course: Course, pdf_links: dict[str, str] | None = None) -> Site:
    """Render every page of the course site (Simplified Chinese edition).

    ``pdf_links`` maps course/workbook/answers to URLs of the PDF files when
    the build makes them; the home page then offers them for download.
    """
    site = Site()
    site.pages.append(Page("index.md", "首页", render("home.md.j2", course=course, lesson_path=lesson_path, topic_path=topic_path, pdf=pdf_links if pdf_links and "course" in pdf_links else None)))
    site.nav.append({"首页": "index.md"})
    xrefs = CrossRefs(course)
    _lessons(course, xrefs, site)
    _causes(course, xrefs, site)
    _parts(course, xrefs, site)
    _drills(course, xrefs, site, (pdf_links or {}).get("answers"))
    site.pages.append(Page("topics/index.md", "主题与标签索引", render("index.md.j2", course=course, tags=tag_index(course), relative=relative)))
    site.nav.append({"主题与标签索引": "topics/index.md"})
    order = sorted(course.drills, key=lambda d: (list(drill_render.SETTINGS).index(d.setting), d.difficulty, d.id))
    site.pages.append(Page(progress.PATH, "我的进度", progress.progress_page(course, lesson_path, order)))
    site.nav.append({"我的进度": progress.PATH})
    return to_edition(site)


def to_edition(site: Site) -> Site:
    """Convert every page and nav title to Simplified script (sources may be Traditional)."""

    def nav(items: list) -> list:
        out: list = []
        for entry in items:
            if isinstance(entry, dict):
                out.append({to_hans(k): (nav(v) if isinstance(v, list) else v) for k, v in entry.items()})
            else:
                out.append(entry)
        return out

    return Site(
        pages=[Page(p.path, to_hans(p.title), to_hans(p.markdown)) for p in site.pages],
        nav=nav(site.nav),
    )


_FRONT_MATTER = re.compile(r"\A---\n")


def with_title(page: Page) -> str:
    """The page's Markdown with its title in the front matter, as plain text.

    Material writes the front-matter title into `<title>` and the header as
    it is; without it, it would use the navigation title through `striptags`,
    which turns escaped text back into markup.
    """
    line = f"title: {yaml_value(page.title)}\n"
    if _FRONT_MATTER.match(page.markdown):
        return "---\n" + line + page.markdown[4:]
    return f"---\n{line}---\n\n" + page.markdown


def html_nav(items: list) -> list:
    """The navigation for MkDocs: titles are plain text, and MkDocs' themes take them as HTML."""
    out: list = []
    for entry in items:
        if isinstance(entry, dict):
            out.append({str(plain_line(k)): (html_nav(v) if isinstance(v, list) else v) for k, v in entry.items()})
        else:
            out.append(entry)
    return out
