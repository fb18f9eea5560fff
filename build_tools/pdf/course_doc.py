"""What the course PDF shows, in reading order: parts, their pages, the outline.

Everything here is plain data for ``templates/print/course.html.j2``:
which pages make up each part, their anchors (for the table of contents,
bookmarks and cross-references with page numbers), the pages a page links
to, the drills that practise it, and every editorial repair for the appendix.

The course comes in two editions (:data:`EDITIONS`). The trainee's edition,
the one the site offers, is a book for new hires: it leaves out the editorial
apparatus (editor's notes about the sources, the appendix of repairs). The
editor's edition keeps both, for whoever maintains the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..content import Course
from ..crossrefs import CrossRefs

PART_NUMBERS = "一二三四五六七八九十"
EDITIONS = ("trainee", "editor")
"""``trainee``: the course for learners; ``editor``: with editor's notes and the appendix of repairs."""


def anchor(ref: str) -> str:
    """The HTML id of the page a content reference such as `lessons/303` points at."""
    return "p-" + ref.replace("/", "--")


@dataclass(frozen=True)
class CrossRef:
    """A link to another page of the PDF, printed with its page number."""

    anchor: str
    title: str


@dataclass
class PageView:
    """One page unit of the course (a lesson, a cause, a section, an overview)."""

    ref: str
    kind: str  # lesson | cause | section | overview
    title: str  # heading as printed (also the bookmark and TOC entry)
    item: object  # the model: Lesson, Cause, SectionPage or Collection
    source: str = ""  # "出处" line
    related: list[CrossRef] = field(default_factory=list)
    practice: list[tuple[int, str, int | None]] = field(default_factory=list)  # (workbook number, title, workbook page) of drills that practise this page
    label: str = ""  # small label above the title, e.g. 第295课
    group: str = ""  # a topic heading to print before this page (first lesson of a topic)
    group_summary: str = ""
    body: list = field(default_factory=list)  # the blocks printed (editor's notes only in the editor's edition)
    note: str | None = None  # an overview's editor's note (editor's edition only)

    @property
    def anchor(self) -> str:
        return anchor(self.ref)

    @property
    def uid(self) -> str:
        """A prefix for ids inside the page (SVG markers must be unique in the document)."""
        return self.anchor


@dataclass
class PartView:
    """A part of the book: a divider page, then its pages."""

    key: str
    number: str  # 第一部分
    title: str
    source: str
    note: str | None
    pages: list[PageView]
    groups: list[tuple[str, str]] = field(default_factory=list)  # (name, summary) listed on the divider

    @property
    def anchor(self) -> str:
        return "part-" + self.key.replace("/", "--")


@dataclass
class EditGroup:
    """The editorial repairs of one page, for the appendix."""

    anchor: str
    title: str
    edits: list


class Links:
    """The site's 相关内容 and 练一练 of every page (:class:`CrossRefs`), as the PDF shows them."""

    def __init__(self, course: Course, workbook_pages: dict[str, int] | None = None) -> None:
        from .drill_doc import ordered_drills

        self.xrefs = CrossRefs(course)
        self.numbers = {drill.id: n for n, drill in enumerate(ordered_drills(course), start=1)}
        self.pages = workbook_pages or {}

    def related(self, key: str) -> list[CrossRef]:
        return [CrossRef(anchor(r), self.xrefs.refs[r].title) for r in self.xrefs.related(key)]

    def practice(self, key: str) -> list[tuple[int, str, int | None]]:
        """The drills practising ``key``, in workbook order: number (练习 N), title and workbook page when known."""
        return sorted((self.numbers[d.id], d.title, self.pages.get(d.id)) for d in self.xrefs.practising(key))


def _source(course: Course, document: str, where: str = "") -> str:
    return f"{course.source(document).title} {where}".strip()


def parts(course: Course, workbook_pages: dict[str, int] | None = None) -> list[PartView]:
    """The parts of the course PDF in order: lessons, causes, the handbook, the articles.

    ``workbook_pages`` (drill id → page of the workbook where it starts) adds page
    references to each page's 练一练.
    """
    links = Links(course, workbook_pages)
    out: list[PartView] = []

    pages: list[PageView] = []
    for topic in course.topics:
        for i, lesson in enumerate(course.lessons_in(topic.id)):
            key = f"lessons/{lesson.id}"
            pages.append(
                PageView(
                    key, "lesson", lesson.title, lesson,
                    source=_source(course, lesson.source.document, lesson.source.ref),
                    related=links.related(key),
                    practice=links.practice(key),
                    label=f"第{lesson.id}课",
                    group=topic.name if i == 0 else "",
                    group_summary=topic.summary if i == 0 else "",
                )
            )
    if pages:
        lesson_source = course.source(course.lessons[0].source.document)
        out.append(
            PartView("lessons", "", "每天一堂销售课：售后服务篇", lesson_source.title, None, pages, [(t.name, t.summary) for t in course.topics])
        )

    if course.causes_index is not None:
        index = course.causes_index
        pages = [PageView("causes", "overview", "概述", index, source=_source(course, index.source))]
        for cause in course.causes:
            key = f"causes/{cause.id}"
            pages.append(
                PageView(
                    key, "cause", cause.name, cause,
                    source=_source(course, cause.source.document, cause.source.ref),
                    related=links.related(key),
                    practice=links.practice(key),
                    label=f"原因{cause.order}",
                )
            )
        out.append(PartView("causes", "", index.title, course.source(index.source).title, index.note, pages))

    for part in course.parts:
        index = part.index
        pages = [PageView(part.key, "overview", "概述", index, source=_source(course, index.source))] if (index.intro or index.body) else []
        for section in part.sections:
            key = f"{part.key}/{section.id}"
            pages.append(
                PageView(
                    key, "section", section.title, section,
                    source=_source(course, section.source.document, section.source.ref),
                    related=links.related(key),
                    practice=links.practice(key),
                )
            )
        out.append(PartView(part.key, "", index.title, course.source(index.source).title, index.note, pages))

    for i, part_view in enumerate(out):
        part_view.number = f"第{PART_NUMBERS[i] if i < len(PART_NUMBERS) else i + 1}部分"
    return out


def edit_groups(parts_: list[PartView]) -> list[EditGroup]:
    """Every page with editorial repairs, in book order (overview pages carry their collection's)."""
    out = []
    for part in parts_:
        for page in part.pages:
            edits = list(getattr(page.item, "edits", []))
            if edits:
                title = f"{page.label} {page.title}".strip() if page.kind != "overview" else f"{part.title}：概述"
                out.append(EditGroup(page.anchor, title, edits))
    return out


def for_edition(parts_: list[PartView], edition: str) -> list[PartView]:
    """Fill in what each page prints in ``edition``: the trainee's leaves out every editor's note."""
    if edition not in EDITIONS:
        raise ValueError(f"unknown edition {edition!r}: choose from {', '.join(EDITIONS)}")
    editor = edition == "editor"
    for part in parts_:
        for page in part.pages:
            body = list(getattr(page.item, "body", []) or [])
            page.body = body if editor else [b for b in body if b.type != "note"]
            page.note = getattr(page.item, "note", None) if editor and page.kind == "overview" else None
        # An overview that held only an editor's note has nothing to say to a trainee.
        part.pages = [p for p in part.pages if p.kind != "overview" or p.note or p.body or getattr(p.item, "intro", None)]
    return parts_


def course_context(course: Course, edition: str = "trainee", workbook_pages: dict[str, int] | None = None) -> dict:
    """Everything ``course.html.j2`` needs, for the trainee's or the editor's ``edition``."""
    parts_ = for_edition(parts(course, workbook_pages), edition)
    editor = edition == "editor"
    return {
        "title": "售后服务训练营：课程全本" + ("（编辑版）" if editor else ""),
        "edition": edition,
        "subtitle": "课程、客户流失原因、营业厅手册与投诉处理文章 · 打印版",
        "parts": parts_,
        "edits": edit_groups(parts_) if editor else [],
        "counts": {
            "lessons": len(course.lessons),
            "topics": len(course.topics),
            "causes": len(course.causes),
            "sections": sum(len(p.sections) for p in course.parts),
            "drills": len(course.drills),
        },
    }
