"""The offline PDFs: the course, the drill workbook and its answer key.

The PDFs are built once per test run from the real course and read back
with pypdf (text, outline), pdfplumber (character positions: justification,
punctuation, page fill), pikepdf (tags, metadata), PyPI `pdfua` (PDF/UA-1
machine-checkable rules) and poppler's `pdffonts` (embedded fonts).  The
workbook and answer key come from the real drills; only while `drills/`
holds none are they built from `tests/fixtures/minimal` instead.
"""

from __future__ import annotations

import re
from html import unescape
import shutil
import subprocess
from pathlib import Path

import pytest

from build_tools.content import load_or_raise
from build_tools.drill_stats import TARGETS, print_order
from build_tools.models.drill import ChoiceStep, MatchStep, OrderStep, SpotStep, WriteStep
from build_tools.pdf import (
    MissingGlyphs,
    MissingSystemPackage,
    WeasyPrintWarnings,
    build_pdfs,
    check_system,
    render_html,
)
from build_tools.pdf import system
from build_tools.pdf.bench import scaled_course
from build_tools.pdf.drill_doc import answers_view, ordered_drills, workbook_view
from build_tools.pdf.glyphs import check_glyphs
from build_tools.pdf.writer import DocStats, write_pdf
from build_tools.render.drills import VERDICTS
from build_tools.render.script import to_hans

from .pdf_lines import mark_pairs, paragraph_lines, read_pdf

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"


def flat(text: str) -> str:
    """Text without any whitespace: PDF text breaks lines anywhere in Chinese."""
    return re.sub(r"\s+", "", text)


def hans(text: str) -> str:
    return flat(to_hans(text))


# ---------- building and reading back ----------


@pytest.fixture(scope="module")
def course():
    return load_or_raise(ROOT)


@pytest.fixture(scope="module")
def drill_course(course):
    """The course whose drills the workbook and answer key are built from."""
    return course if course.drills else load_or_raise(MINIMAL)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory, course, drill_course) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pdf")
    timings: dict[str, DocStats] = {}
    if drill_course is course:
        paths = build_pdfs(course, out, timings=timings, jobs=None)
    else:
        paths = build_pdfs(course, out, documents=["course"], timings=timings)
        paths |= build_pdfs(drill_course, out / "minimal", documents=["workbook", "answers"], timings=timings, jobs=None)
    assert set(paths) == {"course", "workbook", "answers"}
    for name, stats in timings.items():
        assert stats.pages > 0 and stats.bytes > 0, name
    return paths


class Pdf:
    """Text per page and the outline of one PDF."""

    def __init__(self, path: Path) -> None:
        from pypdf import PdfReader

        self.reader = PdfReader(path)
        self.pages = [page.extract_text() or "" for page in self.reader.pages]
        self.flat = flat("".join(self.pages))
        self.bookmarks: list[tuple[int, str]] = []
        self._walk(self.reader.outline, 0)

    def _walk(self, items: list, depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                self._walk(item, depth + 1)
            else:
                self.bookmarks.append((depth, item.title))

    def bookmark_depth(self, text: str, *, exact: bool = False) -> int | None:
        """Depth (0 = top) of the first bookmark whose title contains (or is) ``text``."""
        wanted = hans(text)
        return next((d for d, title in self.bookmarks if (wanted == flat(title) if exact else wanted in flat(title))), None)


@pytest.fixture(scope="module")
def course_pdf(pdfs) -> Pdf:
    return Pdf(pdfs["course"])


@pytest.fixture(scope="module")
def workbook_pdf(pdfs) -> Pdf:
    return Pdf(pdfs["workbook"])


@pytest.fixture(scope="module")
def answers_pdf(pdfs) -> Pdf:
    return Pdf(pdfs["answers"])


def pdffonts(path: Path) -> list[dict[str, str]]:
    exe = shutil.which("pdffonts")
    if exe is None:
        pytest.fail("pdffonts is not installed: apt-get install poppler-utils")
    lines = subprocess.run([exe, str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    header, rule, rows = lines[0], lines[1], lines[2:]
    cols = [(m.start(), m.end()) for m in re.finditer(r"-+", rule)]
    names = [header[a:b].strip() or header[a:].split()[0] for a, b in cols]
    return [{name: row[a:b if i + 1 < len(cols) else None].strip() for i, (name, (a, b)) in enumerate(zip(names, cols))} for row in rows if row.strip()]


# ---------- the course ----------


def test_every_lesson_is_in_the_text_and_the_outline(course, course_pdf):
    for lesson in course.lessons:
        assert hans(lesson.title) in course_pdf.flat, lesson.id
        assert hans(f"第{lesson.id}课") in course_pdf.flat, lesson.id
        assert course_pdf.bookmark_depth(lesson.title) == 2, f"lesson {lesson.id} is not a bookmark under its topic"
    for topic in course.topics:
        assert course_pdf.bookmark_depth(topic.name, exact=True) == 1, topic.id


def test_every_cause_is_in_the_text_and_the_outline_in_simplified_script(course, course_pdf):
    assert len(course.causes) == 14
    for cause in course.causes:
        assert hans(cause.name) in course_pdf.flat, cause.id
        assert hans(cause.summary) in course_pdf.flat, cause.id
        assert course_pdf.bookmark_depth(cause.name) == 1, cause.id
        if to_hans(cause.name) != cause.name:  # Traditional in the YAML: never printed as such
            assert flat(cause.name) not in course_pdf.flat, cause.id
    assert course_pdf.bookmark_depth(course.causes_index.title, exact=True) == 0


def test_handbook_and_article_sections_are_in_the_text_and_the_outline(course, course_pdf):
    keys = [part.key for part in course.parts]
    assert {"handbook", "articles/complaints", "articles/after-sales"} <= set(keys)
    for part in course.parts:
        assert course_pdf.bookmark_depth(part.index.title, exact=True) == 0, part.key
        for section in part.sections:
            assert hans(section.title) in course_pdf.flat, f"{part.key}/{section.id}"
            assert course_pdf.bookmark_depth(section.title) == 1, f"{part.key}/{section.id}"


def editor_notes(course) -> list[str]:
    notes = [p.index.note for p in course.parts if p.index.note] + ([course.causes_index.note] if course.causes_index.note else [])
    return notes + [b.text for _, item in course.items() for b in getattr(item, "body", []) if b.type == "note"]


def test_summaries_are_printed(course, course_pdf):
    for lesson in course.lessons:
        for paragraph in lesson.summary:
            assert hans(paragraph)[:30] in course_pdf.flat, lesson.id
    assert course_pdf.flat.count("行动总结") >= len(course.lessons)


def test_trainee_course_carries_no_editorial_apparatus(course, course_pdf):
    notes = editor_notes(course)
    assert notes
    for note in notes:
        assert hans(note)[:30] not in course_pdf.flat
    assert "编者注" not in course_pdf.flat
    assert course_pdf.bookmark_depth("编辑说明") is None and "编辑说明" not in course_pdf.flat
    edits = [e for _, item in course.items() for e in getattr(item, "edits", [])]
    assert edits
    for e in edits:
        if len(e.reason) >= 8:
            assert hans(e.reason) not in course_pdf.flat
        if e.hidden and len(e.before) >= 4:
            assert hans(e.before) not in course_pdf.flat


def test_editor_edition_keeps_notes_and_repairs(course):
    html = flat(unescape(re.sub(r"<[^>]+>", "", render_html(course, "course", edition="editor"))))
    for note in editor_notes(course):
        assert hans(note)[:30] in html
    assert "附录编辑说明" in html.replace("\u3000", "")
    reasons = [e.reason for _, item in course.items() for e in getattr(item, "edits", [])]
    assert reasons and all(hans(r)[:20] in html for r in reasons)
    with pytest.raises(ValueError, match="unknown edition"):
        render_html(course, "course", edition="draft")
    with pytest.raises(ValueError, match="unknown edition"):
        build_pdfs(course, Path("/nonexistent"), edition="draft")


def test_charts_and_diagrams_are_drawn_as_vector_graphics(course):
    html = render_html(course, "course")
    charts = [b for _, item in course.items() for b in getattr(item, "body", []) if b.type == "stats" and b.chart == "bar"]
    assert charts and html.count('class="chart chart--bar"') == len(charts)
    assert html.count('class="diagram diagram--flow"') >= 1
    assert '<style>text { font-family: "Noto Sans CJK SC"' in html  # charts carry the CJK font inside the SVG
    assert html.count('class="grid-table stats__table"') == sum(
        1 for _, item in course.items() for b in getattr(item, "body", []) if b.type == "stats" and b.chart != "bar"
    ), "a bar chart's figures are printed twice (bars and a table)"


def test_chart_labels_break_between_words(course):
    import jieba

    html = render_html(course, "course")
    charts = re.findall(r'<svg class="chart chart--bar".*?</svg>', html, flags=re.S)
    assert charts
    broken = 0
    for chart in charts:
        for group in re.findall(r'((?:<text class="chart__label"[^>]*>[^<]*</text>)+)', chart):
            lines = re.findall(r">([^<]+)<", group)
            if len(lines) < 2:
                continue
            broken += 1
            text, cut = "".join(lines), len(lines[0])
            bounds, pos = {0}, 0
            for word in jieba.lcut(text):
                pos += len(word)
                bounds.add(pos)
            assert cut in bounds, f"chart label broken inside a word: {lines}"
    assert broken, "no chart label needs two lines: the test proves nothing"


def test_charts_have_alt_text_with_their_numbers(course, pdfs):
    import pikepdf

    figures = [b for _, item in course.items() for b in getattr(item, "body", []) if b.type == "stats" and b.chart == "bar"]
    with pikepdf.open(pdfs["course"]) as pdf:
        alts = [str(e.Alt) for e in struct_elements(pdf) if e.get("/S") == pikepdf.Name.Figure and "/Alt" in e]
    for block in figures:
        alt = next((a for a in alts if a.startswith(to_hans(block.title))), None)
        assert alt is not None, block.id
        for f in block.figures:
            assert to_hans(f.label) in alt and f"{f.value:g}" in alt, f"{block.id}: {f.label}"


def struct_elements(pdf) -> list:
    """Every structure element of a tagged PDF (pikepdf)."""
    import pikepdf

    out, stack = [], [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        out.append(node)
        kid = node.get("/K")
        kids = list(kid) if isinstance(kid, pikepdf.Array) else [kid]
        stack.extend(k for k in kids if isinstance(k, pikepdf.Dictionary) and "/S" in k)
    return out


def test_table_of_contents_has_the_right_page_numbers(course, course_pdf):
    toc = "\n".join(page for page in course_pdf.pages[1:6] if "目录" in page or "......" in page)
    entries = {}
    for line in toc.splitlines():
        m = re.match(r"^(.*?)\s*\.{4,}\s*(\d+)\s*$", line)
        if m:
            entries[flat(m.group(1))] = int(m.group(2))
    assert len(entries) >= len(course.lessons) + len(course.causes)
    for lesson in course.lessons:
        key = hans(f"第{lesson.id}课{lesson.title}")
        assert key in entries, f"lesson {lesson.id} missing from the table of contents"
        page = course_pdf.pages[entries[key] - 1]
        assert hans(lesson.title) in flat(page), f"TOC says lesson {lesson.id} is on page {entries[key]}"
    for cause in course.causes:
        key = next((k for k in entries if k.endswith(hans(cause.name))), None)
        assert key is not None, cause.id
        assert hans(cause.summary) in flat(course_pdf.pages[entries[key] - 1]), cause.id


def test_pages_have_running_headers_and_numbers(course, course_pdf):
    lesson = course.lessons_in(course.topics[0].id)[1]  # not the first: no topic banner on its page
    number = next(i for i, page in enumerate(course_pdf.pages) if hans(f"第{lesson.id}课{lesson.title}") in flat(page) and i > 5) + 1
    page = course_pdf.pages[number - 1]
    assert "每天一堂销售课：售后服务篇" in flat(page)  # the part, in the header
    assert flat(page).count(hans(f"第{lesson.id}课{lesson.title}")) == 2  # heading and header
    assert str(number) in [line.strip() for line in page.splitlines()]  # the page number, on a line of its own
    cause = course.causes[-1]
    page = next(p for p in course_pdf.pages if hans(cause.summary) in flat(p))
    assert hans(course.causes_index.title) in flat(page)


def test_all_fonts_are_embedded_noto_cjk_sc(pdfs):
    for name, path in pdfs.items():
        fonts = pdffonts(path)
        assert fonts, name
        for font in fonts:
            assert font["emb"] == "yes", f"{name}: {font['name']} is not embedded"
            assert re.search(r"Noto-?(Sans|Serif)-?CJK-?SC", font["name"]), f"{name}: unexpected font {font['name']}"
        assert any("Sans" in f["name"] for f in fonts) and any("Serif" in f["name"] for f in fonts), name


# ---------- typesetting, read back from the PDFs ----------

BODY_PT = 10.5


@pytest.fixture(scope="module")
def readback(pdfs) -> dict:
    return {name: read_pdf(path) for name, path in pdfs.items()}


@pytest.fixture(scope="module")
def lines(readback) -> dict[str, list]:
    return {name: r.pages for name, r in readback.items()}


def test_text_column_is_a_whole_number_of_characters(lines):
    import statistics

    body = [ln for page in lines["course"] for ln in page if ln.size == BODY_PT and "Serif" in ln.font]
    left = statistics.mode(round(ln.x0, 1) for ln in body)
    right = statistics.mode(round(ln.x1, 1) for ln in body)
    chars = (right - left) / BODY_PT
    assert abs(chars - round(chars)) < 0.05, f"the column is {chars:.2f} characters wide"


def test_paragraph_lines_reach_the_column_edge(lines, readback):
    """Within paragraphs at most 2% of lines stop more than half a character short (clreq: justify between characters)."""
    body = [ln for page in lines["course"] for ln in page if ln.size == BODY_PT and "Serif" in ln.font]
    left = min(round(ln.x0, 1) for ln in body)
    main = paragraph_lines(lines["course"], left, 595.28 - left, BODY_PT, BODY_PT * 1.7, 2 * BODY_PT)
    assert main.lines >= 200, main.lines
    assert main.share <= 0.02, f"course: {len(main.short)} of {main.lines} body lines stop short, e.g. {[ln.text[-12:] for ln in main.short[:5]]}"
    for name, r in readback.items():  # every tagged paragraph, in boxes, lists and tables too
        every = r.paragraphs
        assert every.lines >= 30, (name, every.lines)
        examples = [f"p{ln.page}: {ln.text[-12:]}" for ln in every.short[:5]]
        assert every.share <= 0.02, f"{name}: {len(every.short)} of {every.lines} paragraph lines stop short: {examples}"


def test_adjacent_punctuation_is_compressed(lines):
    for name, pages in lines.items():
        pairs, loose = mark_pairs(pages)
        assert pairs >= 50, (name, pairs)
        assert not loose, f"{name}: {len(loose)} of {pairs} adjacent marks set full width:\n" + "\n".join(loose[:10])


def test_no_page_is_left_nearly_empty(lines):
    """Fewer than five lines only on the cover and a part's divider page (a deliberate part end)."""
    for name, pages in lines.items():
        for number, page in enumerate(pages[1:], start=2):
            if any(re.fullmatch(r"第[一二三四五六七八九十]+部分", ln.text) for ln in page):
                continue
            assert len(page) >= 5, f"{name} page {number} holds {len(page)} lines: {[ln.text[:20] for ln in page]}"


QUESTION_HEAD = re.compile(r"^\s*(\d+-\d+)\s*(选择回应|自己写|排序|找问题|配对)", re.M)


def test_no_choice_question_is_split_across_pages(drill_course, workbook_pdf):
    heads = [dict((m.group(1), m.group(2)) for m in QUESTION_HEAD.finditer(text)) for text in workbook_pdf.pages]
    pages = [flat(text) for text in workbook_pdf.pages]
    checked = 0
    for n, drill in enumerate(ordered_drills(drill_course), start=1):
        view = workbook_view(drill, n)
        for q in view["questions"]:
            if q.kind != "choice":
                continue
            number = f"{n}-{q.number}"
            where = [i for i, found in enumerate(heads) if found.get(number) == "选择回应"]
            assert len(where) == 1, f"question {number} head found on pages {[i + 1 for i in where]}"
            page = pages[where[0]]
            for letter, reply in q.options:
                assert hans(reply) in page, f"question {number}: reply {letter} is not on the question's page {where[0] + 1}"
            checked += 1
    for i, found in enumerate(heads):  # every choice question's "我选___，因为" is on its own page
        choices = sum(1 for kind in found.values() if kind == "选择回应")
        assert pages[i].count("我选") == choices, f"workbook page {i + 1}: {choices} choice questions, {pages[i].count('我选')} answer lines"
    assert checked


def test_question_numbers_match_between_workbook_and_key(workbook_pdf, answers_pdf):
    def numbers(pdf):
        return [m.groups() for text in pdf.pages for m in QUESTION_HEAD.finditer(text)]

    book, key = numbers(workbook_pdf), numbers(answers_pdf)
    assert book and book == key


def test_course_practice_notes_name_the_workbook_drills_and_their_pages(drill_course, course, course_pdf, workbook_pdf):
    from build_tools.pdf.course_doc import parts

    if drill_course is not course:
        return
    numbers = {d.title: n for n, d in enumerate(ordered_drills(course), start=1)}
    # where each drill starts in the workbook, read from the workbook itself: the first page
    # whose running header names the drill
    headers = {n: hans(f"练习{n}{title}") for title, n in numbers.items()}
    starts: dict[int, int] = {}
    for number, text in enumerate(workbook_pdf.pages, start=1):
        head = flat(text)[:200]
        for n, header in headers.items():
            if n not in starts and header in head:
                starts[n] = number
    assert len(starts) == len(numbers), "every drill names itself in the workbook's running header"
    practised = [(n, t) for part in parts(course) for page in part.pages for n, t, _ in page.practice]
    assert practised
    for n, title in practised:
        assert numbers[title] == n
        assert hans(f"练习{n}{title}（第{starts[n]}页）") in course_pdf.flat, f"练习 {n} {title}, workbook p. {starts[n]}"


def _lines_of(html: str, tmp_path: Path) -> list:
    import weasyprint

    from build_tools.pdf import cjk

    cjk.install()
    path = tmp_path / "t.pdf"
    weasyprint.HTML(string=html).write_pdf(path)
    return read_pdf(path, head_mm=0, foot_mm=0).pages[0]


SMALL = '<html lang="zh-Hans"><style>@page {{ size: 120mm 80mm; margin: 10mm }} body {{ margin: 0; font: 10pt "Noto Serif CJK SC" }} p {{ text-align: justify; width: 20.5em; margin: 0 }}</style><body><p>{}</p></body></html>'


def test_justified_chinese_stretches_between_characters(tmp_path):
    text = "一二三四五六七八九十" * 2 + "甲乙丙丁戊己庚辛壬癸" * 2
    first, second = _lines_of(SMALL.format(text), tmp_path)[:2]
    assert len(first.chars) == 20
    assert abs(first.x1 - (first.x0 + 20.5 * 10)) < 0.5, "the line is not stretched to the column edge"
    gaps = [b["x0"] - a["x0"] for a, b in zip(first.chars, first.chars[1:])]
    assert max(gaps) - min(gaps) < 0.3, "the extra half character is not spread evenly"
    assert second.text == "甲乙丙丁戊己庚辛壬癸" * 2  # the text itself is unchanged: no inserted characters


def test_line_start_opening_bracket_is_trimmed(tmp_path):
    text = "一二三四五六七八九十" * 2 + "（甲乙丙丁戊己庚辛壬癸）"
    first, second = _lines_of(SMALL.format(text), tmp_path)[:2]
    assert second.text.startswith("（")
    assert abs((second.chars[0]["x0"] + 5) - first.x0) < 0.3, "the bracket's blank half is not hung into the margin"


def test_cjk_patch_refuses_another_weasyprint(monkeypatch):
    import weasyprint

    from build_tools.pdf import cjk

    monkeypatch.setattr(cjk, "_installed", False)
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    with pytest.raises(cjk.UnsupportedWeasyPrint, match="70.0"):
        cjk.install()


def test_punctuation_pairs_are_marked_but_not_across_blocks_or_in_svg():
    from build_tools.pdf.typeset import compress_punctuation

    html = '<html><head><title>“书”。</title></head><body><p>他说：“好。”<a href="#x">乙</a><span>）</span>；</p><p>“丁”。</p><svg><text>（“</text></svg></body></html>'
    out = compress_punctuation(html)
    assert "<title>“书”。</title>" in out
    assert '<span class="pc">：</span>“好<span class="pc">。</span>”' in out
    assert '<span><span class="pc">）</span></span>；' in out
    assert '<p><span class="pc">“</span>丁<span class="pc">”</span>。</p>' in out
    assert "<svg><text>（“</text></svg>" in out


# ---------- accessible, well-described files ----------


def test_pdfs_are_tagged_in_chinese_with_metadata(pdfs):
    import pikepdf

    for name, path in pdfs.items():
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang) == "zh-Hans", name
            assert bool(pdf.Root.MarkInfo.Marked), name
            elements = struct_elements(pdf)
            roles = {str(e.get("/S")) for e in elements}
            assert {"/H1", "/P", "/Figure" if name == "course" else "/P"} <= roles, (name, roles)
            info = pdf.docinfo
            assert str(info.Title) and str(info.Author) == "售后服务训练营" and str(info.Subject), name
            assert str(info.CreationDate).startswith("D:") and str(info.ModDate).startswith("D:"), name
            meta = pdf.open_metadata()
            assert meta.get("dc:title") and meta.get("dc:creator") and meta.get("pdfuaid:part") == "1", (name, dict(meta))
            assert meta.get("xmp:CreateDate"), name


PDFUA_BROKEN = {"UA-14-001"}
"""Rules pdfua 0.1.3 cannot evaluate on a valid file: UA-14-001 (empty headings) raises on every
heading whose /K is an array (``getattr`` on a pikepdf Array raises ValueError, not AttributeError).
:func:`test_every_heading_has_text` checks that rule instead."""


def test_pdfs_pass_the_pdfua_checks(pdfs):
    from pdfua import validate

    for name, path in pdfs.items():
        report = validate(str(path))
        findings = [f"{f.rule_id} {f.severity.name}: {f.message[:100]}" for f in report.findings]
        assert not findings, f"{name}:\n" + "\n".join(findings[:10])
        skipped = {o.rule_id for o in report.skipped}
        assert skipped <= PDFUA_BROKEN, f"{name}: rules not evaluated: {[(o.rule_id, o.skipped_reason) for o in report.skipped]}"
        assert len(report.outcomes) - len(skipped) >= 10, name


def test_every_heading_has_text(pdfs):
    """PDF/UA-1 7.4 (UA-14-001): no heading element is empty: each reaches a marked-content id."""
    import pikepdf

    def marks_content(node) -> bool:
        kid = node.get("/K")
        kids = list(kid) if isinstance(kid, pikepdf.Array) else [kid]
        for k in kids:
            if isinstance(k, int) and not isinstance(k, bool):
                return True
            if isinstance(k, pikepdf.Dictionary) and (k.get("/Type") == pikepdf.Name.MCR or marks_content(k)):
                return True
        return False

    for name, path in pdfs.items():
        with pikepdf.open(path) as pdf:
            headings = [e for e in struct_elements(pdf) if re.fullmatch(r"/H[1-6]", str(e.get("/S")))]
            assert headings, name
            empty = [str(e.S) for e in headings if not marks_content(e)]
            assert not empty, f"{name}: {len(empty)} empty headings"


# ---------- workbook and answer key ----------


def printed_in_workbook(drill) -> list[str]:
    """Every drill text the workbook is meant to show."""
    texts = [drill.title, drill.intro, drill.persona.description, drill.reflection]
    for step in drill.steps:
        if isinstance(step, (ChoiceStep, WriteStep)):
            texts += [step.customer, step.action or "", step.prompt or ""]
        if isinstance(step, ChoiceStep):
            texts += [c.reply for c in step.choices]
        elif isinstance(step, OrderStep):
            texts += [step.prompt] + [i.text for i in step.items]
        elif isinstance(step, SpotStep):
            texts += [step.prompt] + [ln.line for ln in step.lines]
        elif isinstance(step, MatchStep):
            texts += [step.prompt] + [p.left for p in step.pairs] + [p.right for p in step.pairs]
    return texts


def hidden_from_workbook(drill) -> list[str]:
    """Every answer: feedback, strategies, reactions, model replies, per-line feedback, endings, skills."""
    texts = list(drill.skills) + ([drill.persona.type_label] if drill.persona.type_label else [])
    for step in drill.steps:
        if isinstance(step, ChoiceStep):
            texts += [c.feedback for c in step.choices] + [c.reaction.line for c in step.choices if c.reaction.line]
        elif isinstance(step, WriteStep):
            texts += list(step.models) + list(step.checklist)
        else:
            texts.append(step.feedback)
            if isinstance(step, SpotStep):
                texts += [ln.feedback for ln in step.lines if ln.feedback]
    texts += [e.text for e in drill.endings]
    return [t for t in texts if len(t) >= 4]


def test_workbook_shows_every_customer_line_and_task(drill_course, workbook_pdf):
    for n, drill in enumerate(ordered_drills(drill_course), start=1):
        assert hans(drill.title) in workbook_pdf.flat, drill.id
        assert workbook_pdf.bookmark_depth(drill.title) == 0, drill.id
        for text in printed_in_workbook(drill):
            assert hans(text) in workbook_pdf.flat, f"{drill.id}: {text[:30]}"


def test_workbook_contains_no_answers(drill_course, workbook_pdf):
    printed = flat("".join(to_hans(t) for d in drill_course.drills for t in printed_in_workbook(d)))
    for drill in drill_course.drills:
        for text in hidden_from_workbook(drill):
            if hans(text) not in printed:  # unless the customer or a reply says the same words
                assert hans(text) not in workbook_pdf.flat, f"{drill.id}: answer printed in the workbook: {text[:30]}"
    for word in VERDICTS.values():  # 好的服务 / 还可以 / 不好的服务, unless a customer or a reply says it
        assert workbook_pdf.flat.count(word) <= printed.count(word), f"verdict word {word} in the workbook"


def test_workbook_data_carries_no_verdicts_at_all(drill_course):
    def walk(value, path="drill"):
        if isinstance(value, dict):
            for k, v in value.items():
                assert k not in ("verdict", "feedback", "faulty", "endings", "outcome", "skills", "type_label", "models"), path + "." + k
                walk(v, f"{path}.{k}")
        elif isinstance(value, (list, tuple)):
            for i, v in enumerate(value):
                walk(v, f"{path}[{i}]")
        elif hasattr(value, "__dataclass_fields__"):
            walk(vars(value), path)

    for drill in drill_course.drills:
        view = workbook_view(drill, 1)
        walk({k: v for k, v in view.items() if k != "persona"})
        assert set(type(view["persona"]).model_fields) >= {"name", "description"}


def test_workbook_and_key_letter_the_replies_alike(drill_course):
    for n, drill in enumerate(ordered_drills(drill_course), start=1):
        book, key = workbook_view(drill, n), answers_view(drill_course, drill, n)
        for step, q, a in zip(drill.steps, book["questions"], key["answers"], strict=True):
            assert q.number == a.number and q.kind == a.kind == step.kind
            if isinstance(step, ChoiceStep):
                assert q.options == [(c["letter"], c["reply"]) for c in a.choices]
                assert [c["verdict"] for c in a.choices] == [step.choices[i].verdict for i in print_order(drill, step)]
            if isinstance(step, OrderStep):  # the key's order, read through the workbook's letters, is the drill's order
                shown = dict(q.options)
                assert [shown[letter] for letter in a.solution] == [i.text for i in step.items]
                assert [t for _, t in q.options] != [i.text for i in step.items], "printed already solved"
            if isinstance(step, MatchStep):
                shown = dict(q.options)
                for pair, solution in zip(step.pairs, a.solution, strict=True):
                    assert shown[solution[-1]] == pair.right


def test_answer_key_has_every_decision_with_its_passage(drill_course, answers_pdf):
    refs = drill_course.refs()
    for drill in drill_course.drills:
        assert hans(drill.title) in answers_pdf.flat, drill.id
        for step in drill.steps:
            if isinstance(step, ChoiceStep):
                for choice in step.choices:
                    for text in (choice.feedback, choice.strategy, choice.reply):
                        assert hans(text) in answers_pdf.flat, f"{drill.id}/{step.id}/{choice.id}"
                    for cite in choice.cites:
                        assert hans(refs[cite.ref].title) in answers_pdf.flat
                        assert hans(cite.quote) in answers_pdf.flat, f"{drill.id}/{step.id}/{choice.id}"
            elif isinstance(step, WriteStep):
                assert all(hans(m) in answers_pdf.flat for m in step.models)
            else:
                assert hans(step.feedback) in answers_pdf.flat, f"{drill.id}/{step.id}"
    for word in VERDICTS.values():
        assert word in answers_pdf.flat


def test_answer_key_read_back_spreads_the_good_letter(drill_course, answers_pdf):
    """In the printed key, the good reply's letter is not predictable: no letter above the target share."""
    rows = re.findall(r"([A-H])(好的服务|还可以|不好的服务)", answers_pdf.flat)
    good = [letter for letter, verdict in rows if verdict == "好的服务"]
    expected = sum(1 for d in drill_course.drills for s in d.steps if isinstance(s, ChoiceStep) for c in s.choices if c.verdict == "good")
    assert len(good) == expected > 0
    if expected >= 50:  # a share means something only over a real set
        for letter in "ABCD":
            assert good.count(letter) / len(good) <= TARGETS["letter"], f"good replies printed as {letter}: {good.count(letter)} of {len(good)}"


def test_every_drill_page_names_its_drill_and_every_drill_has_an_answer_grid(drill_course, workbook_pdf, answers_pdf):
    drills = ordered_drills(drill_course)
    for pdf in (workbook_pdf, answers_pdf):
        first = next(i for i, text in enumerate(pdf.pages) if hans(drills[0].title) in flat(text) and "目录" not in text)
        for i, text in enumerate(pdf.pages[first:], start=first):
            assert re.search(r"练习\s*\d+", text), f"page {i + 1} does not name its drill"
    for n, drill in enumerate(drills, start=1):
        assert f"答案表·练习{n}" in answers_pdf.flat
        assert f"{n}-1" in workbook_pdf.flat and f"{n}-1" in answers_pdf.flat


# ---------- failures are clear ----------


def test_missing_cjk_font_names_the_debian_package(monkeypatch, tmp_path, course):
    monkeypatch.setattr(system, "fc_list", lambda family: [])
    with pytest.raises(MissingSystemPackage) as err:
        check_system(cached=False)
    assert "fonts-noto-cjk" in str(err.value) and "Noto Sans CJK SC" in str(err.value)
    with pytest.raises(MissingSystemPackage, match="fonts-noto-cjk"):
        build_pdfs(course, tmp_path / "pdf")
    assert not (tmp_path / "pdf").exists()
    monkeypatch.undo()
    check_system(cached=False)


def test_missing_pango_names_the_debian_package(monkeypatch):
    def no_pango(name):
        raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file")

    monkeypatch.setattr(system, "_import_module", no_pango)
    with pytest.raises(MissingSystemPackage) as err:
        check_system(cached=False)
    assert "libpango-1.0-0" in str(err.value) and "apt-get install" in str(err.value)
    monkeypatch.undo()
    check_system(cached=False)


def test_missing_glyphs_fail_the_build():
    with pytest.raises(MissingGlyphs) as err:
        check_glyphs("test", "<p>正确 ✗ 错误</p>")
    assert "U+2717" in str(err.value)
    check_glyphs("test", "<p>正确 ✓ 错误 ×</p>")


def test_weasyprint_warnings_fail_the_build(tmp_path):
    html = '<html lang="zh-Hans"><body><p style="font-family: &quot;Noto Sans CJK SC&quot;; colour: red">你好</p></body></html>'
    with pytest.raises(WeasyPrintWarnings, match="colour"):
        write_pdf("test", html, tmp_path / "t.pdf", DocStats("test", tmp_path / "t.pdf"))
    assert not (tmp_path / "t.pdf").exists()


def test_layout_check_finds_cut_text_and_split_turns():
    import weasyprint

    from build_tools.pdf.layout import layout_problems

    html = (
        '<html><head><style>@page { size: A4; margin: 20mm } p { font-family: "Noto Sans CJK SC"; margin: 0 }</style></head><body>'
        '<p style="white-space: nowrap">' + "不会换行的一句话" * 12 + "</p>"
        '<div style="height: 228mm"></div><div class="turn">' + "".join(f"<p>{c}</p>" for c in "甲乙丙丁戊己") + "</div></body></html>"
    )
    problems = layout_problems(weasyprint.HTML(string=html).render())
    assert any("past the text area" in p for p in problems)
    assert any("turn is split across pages" in p for p in problems)


def test_scaled_course_for_the_benchmark_is_consistent(course):
    big = scaled_course(course, 3)
    assert len(big.lessons) == 3 * len(course.lessons)
    assert len(big.causes) == 3 * len(course.causes)
    assert len(big.drills) == 3 * len(course.drills)
    assert len({lesson.id for lesson in big.lessons}) == len(big.lessons)
    refs = big.refs()
    for drill in big.drills:
        for step in drill.steps:
            cites = [r for c in step.choices for r in c.cites] if isinstance(step, ChoiceStep) else step.cites
            assert all(c.ref in refs for c in cites)
    stats_ids = [b.id for _, item in big.items() for b in getattr(item, "body", []) if b.type == "stats"]
    assert len(stats_ids) == len(set(stats_ids))
