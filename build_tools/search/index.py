"""The search index the browser loads when a reader first searches.

Material's search plugin writes ``search/search_index.json``: one entry per
page and per section, text segmented with jieba and marked with zero-width
spaces, HTML included.  ``build_index`` reads it once and writes, instead:

* ``search/academy-index.js``: per page its title, headings, tags and terms,
  summary and declared questions (indexed, never shown), and its sections'
  plain text; the vocabulary the browser segments with (the words jieba found
  in the pages, the course terms and the thesaurus); the thesaurus; and a
  Traditional→Simplified character table made with OpenCC for the characters
  the index uses.  The search worker loads it on the first query.
* ``search/search_index.json``: Material's configuration with no documents, so
  a page view no longer downloads the index.
"""

from __future__ import annotations

import html
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..content import Course

INDEX_FILE = "search/academy-index.js"
INDEX_GLOBAL = "__academySearch"
MATERIAL_INDEX = "search/search_index.json"

# Sections that are navigation or editorial apparatus rather than teaching.
SKIP_SECTIONS = {"相关内容", "编辑说明", "目录", "课程地图", "练一练"}
NOTE_LABEL = "编者注"  # the title of an editor's note (templates/blocks.j2)

_BLOCK_END = re.compile(r"</(p|li|h[1-6]|td|th|tr|dd|dt|blockquote|figcaption|div)>|<br\s*/?>", re.I)
_TAG = re.compile(r"<[^>]+>")
_TAG_LINE = re.compile(r"^[^。，！？]*?(?:\s#\S+)+$")
_HAN = re.compile(r"[\u3400-\u9fff]")
MAX_COST = 20
DRILL_TEXT = 160  # characters of a drill page's opening that are indexed
RARE = 1e4  # a word rarer than this in jieba's dictionary (1 in RARE) must occur twice to be listed
MAX_CHAR_COST = 9  # single characters listed with their own cost: only the common ones
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


class SearchIndexError(RuntimeError):
    """Material's index is missing or not in the shape this module reads."""


def plain(text: str) -> str:
    """Material's index text → plain text: no markup, no zero-width spaces, one line per block."""
    text = text.replace("\u200b", "")
    text = _BLOCK_END.sub("\n", text)
    text = html.unescape(_TAG.sub("", text))
    lines = (re.sub(r"[ \t\u00a0\u3000]+", " ", line).strip() for line in text.split("\n"))
    # The chips line under a lesson title (topic #tag #tag) is navigation, not text.
    return "\n".join(line for line in lines if line and not _TAG_LINE.match(line))


def _drop_notes(text: str) -> str:
    """The text without its editor's notes (a 编者注 line and the paragraph after it): they tell
    what the source lacks or where it continues, which no reader searches for."""
    return re.sub(rf"(?m)(?:^|(?<=\s)){NOTE_LABEL}\n[^\n]*(?:\n|$)", "", text).strip()


@dataclass
class _Page:
    url: str
    title: str
    intro: str
    sections: list[list[str]]


def _is_navigation(line: str, titles: set[str]) -> bool:
    """A line that lists other pages (three titles or more), or the notice shown without JavaScript."""
    return "JavaScript" in line or sum(1 for t in titles if t in line) >= 3


def _pages(material: dict, titles: set[str]) -> list[_Page]:
    pages: dict[str, _Page] = {}
    for doc in material["docs"]:
        url, _, anchor = doc["location"].partition("#")
        title = plain(doc.get("title", "")).replace("\n", " ")
        text = _drop_notes("\n".join(line for line in plain(doc.get("text", "")).split("\n") if not _is_navigation(line, titles)))
        if not anchor:
            pages[url] = _Page(url, title, text, [])
        elif url in pages and title not in SKIP_SECTIONS and text:
            pages[url].sections.append([anchor, title, text])
    return list(pages.values())


def content_words(question: str, function_words: set[str]) -> str:
    """A declared question as the search uses it: its words without the function words, space-separated.

    The questions are never shown, and a query's function words are dropped before it is
    matched, so the index keeps only the words that can match (and their boundaries)."""
    import jieba

    words = (w.strip() for w in jieba.cut(question, HMM=False))
    return " ".join(w for w in words if w and w not in function_words and not re.fullmatch(r"[\W_]+", w)) or question


def _meta(course: Course, function_words: set[str]) -> dict[str, dict[str, str]]:
    """Per page URL: the fields the model adds to the page's text (questions, tags, summary)."""
    from ..render.script import to_hans

    out: dict[str, dict[str, str]] = {}
    for key, item in course.items():
        words = [*getattr(item, "tags", []), *getattr(item, "terms", [])]
        summary = getattr(item, "summary", None)
        summary = summary if isinstance(summary, list) else [summary] if summary else []
        fields = {
            "q": "\n".join(content_words(to_hans(q), function_words) for q in getattr(item, "questions", [])),
            "m": " ".join(words),
            "s": "\n".join(summary),
        }
        out[f"{key}.html"] = {k: to_hans(v) for k, v in fields.items() if v}
    return out


def _opening(text: str, limit: int) -> str:
    """The text's first sentences, up to about ``limit`` characters, ending at a sentence end."""
    if len(text) <= limit:
        return text
    cut = max(text.rfind(mark, 0, limit) for mark in "。！？\n")
    return text[: cut + 1].rstrip() if cut > limit // 3 else text[:limit]


def _titles(course: Course) -> set[str]:
    """Every page title as a link to it reads (lesson titles also without their number)."""
    from ..render.script import to_hans

    titles = {to_hans(ref.title) for ref in course.refs().values()}
    titles |= {lesson.title for lesson in course.lessons}
    return {t for t in titles if len(t) >= 4}


def _content_urls(course: Course) -> set[str]:
    urls = {f"{ref}.html" for ref in course.refs() if "/" in ref}
    urls |= {f"{ref}/index.html" for ref in course.refs() if "/" not in ref}
    urls |= {f"drills/{d.id}.html" for d in course.drills}
    return urls


def vocabulary(texts: list[str], extra: set[str]) -> list[str]:
    """The segmentation dictionary: every dictionary word and character jieba finds in the texts,
    plus ``extra``, grouped by cost (the word's -log frequency in jieba's dictionary, rounded).

    Item ``i`` of the result holds the words of cost ``i``, separated by spaces.  The
    browser segments with the lowest total cost, as jieba does without its HMM.
    """
    import math

    import jieba

    jieba.initialize()
    freq, total = jieba.dt.FREQ, jieba.dt.total
    extra = {w.lower() for w in extra}
    seen: Counter[str] = Counter()
    for text in texts:
        for word in jieba.cut(text, HMM=False):
            word = word.strip().lower()
            if word and _HAN.search(word) and not re.search(r"[\s\W_]", word.replace("·", "")):
                seen[word] += 1
    # A rare word met once is left out: both the page and a query then split it the same way.
    words = set(extra) | {w for w, n in seen.items() if n > 1 or (freq.get(w) or 0) * RARE > total}
    buckets: list[list[str]] = [[] for _ in range(MAX_COST + 1)]
    for word in sorted(words):
        f = freq.get(word) or 0
        cost = min(MAX_COST, round(math.log(total / f))) if f > 0 else MAX_COST
        if len(word) == 1 and cost > MAX_CHAR_COST and word not in extra:
            continue  # the browser gives other single characters one default cost
        buckets[cost].append(word)
    return [" ".join(b) for b in buckets]


def t2s_table(used: set[str]) -> list[str]:
    """Traditional characters whose Simplified form the index uses, and those forms (OpenCC t2s)."""
    from ..render.script import to_hans

    chars = [chr(cp) for lo, hi in _CJK_RANGES for cp in range(lo, hi + 1)]
    converted = to_hans("\n".join(chars)).split("\n")
    if len(converted) != len(chars):
        raise SearchIndexError("OpenCC changed the number of characters while converting the table")
    pairs = [(t, s) for t, s in zip(chars, converted) if s != t and len(s) == 1 and s in used]
    return ["".join(t for t, _ in pairs), "".join(s for _, s in pairs)]


def build_index(site_dir: Path, course: Course) -> Path:
    """Write the course's search index and empty Material's; return the index path."""
    site_dir = Path(site_dir)
    material_path = site_dir / MATERIAL_INDEX
    if not material_path.is_file():
        raise SearchIndexError(f"{material_path} is missing: the search plugin must run before this step")
    material = json.loads(material_path.read_text(encoding="utf-8"))
    if not isinstance(material.get("docs"), list) or "config" not in material:
        raise SearchIndexError(f"{material_path}: not a Material for MkDocs search index")
    th = course.thesaurus
    function_words = list(th.function_words) if th else []
    meta = _meta(course, set(function_words))
    content = _content_urls(course)
    pages = []
    for page in _pages(material, _titles(course)):
        entry: dict[str, object] = {"u": page.url, "t": page.title}
        entry.update(meta.get(page.url, {}))
        if page.url not in content:
            # overviews and indexes (home, topics): their title and opening line, found after
            # the pages that teach (the rest of their text repeats those pages' titles)
            entry["w"] = 0.5
            page.intro, page.sections = page.intro.split("\n", 1)[0], []
        summary = set(str(entry.get("s", "")).split("\n")) - {""}
        if summary:
            # the summary is its own field (searched with more weight); not twice in the text
            page.intro = "\n".join(line for line in page.intro.split("\n") if line not in summary)
            for sec in page.sections:
                sec[2] = "\n".join(line for line in sec[2].split("\n") if line not in summary)
            page.sections = [sec for sec in page.sections if sec[2]]
        if page.url.startswith("drills/"):
            # a drill is found by its title and its opening (setting, role, customer, situation);
            # the course pages hold the teaching, and the index stays small as drills are added
            page.intro, page.sections = _opening(page.intro, DRILL_TEXT), []
        if page.intro:
            entry["x"] = page.intro
        if page.sections:
            entry["c"] = page.sections
        if page.url.startswith("drills/"):
            entry["w"] = 0.8  # practice: after the page that teaches the same thing
        pages.append(entry)
    texts = [str(v) for p in pages for k, v in p.items() if k in "tqmsx"] + [s for p in pages for sec in p.get("c", []) for s in sec[1:]]
    groups = [[g.words, g.related] if g.related else [g.words] for g in th.groups] if th else []
    from .dictionary import dictionary_terms

    extra = {w.lower() for g in groups for ws in g for w in ws} | set(function_words) | set(dictionary_terms(course))
    vocab = vocabulary(texts, extra)
    data = {"v": 1, "pages": pages, "vocab": vocab, "stop": " ".join(function_words), "syn": groups}
    # the characters a query can be segmented into words with (a character found only inside a
    # rare word of the text is left out: a query holding it would not be split into that word)
    used = set("".join(vocab) + "".join(extra)) - {" "}
    data["t2s"] = t2s_table(used)
    out = site_dir / INDEX_FILE
    out.write_text(f"self.{INDEX_GLOBAL}=" + json.dumps(data, ensure_ascii=False, separators=(",", ":")) + ";\n", encoding="utf-8")
    material_path.write_text(json.dumps({"config": material["config"], "docs": []}, ensure_ascii=False), encoding="utf-8")
    return out
