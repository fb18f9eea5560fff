"""The search index, the thesaurus and the evaluation set (no browser)."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from build_tools import search
from build_tools.errors import ContentError
from build_tools.render.script import to_hans
from build_tools.search import evaluate
from build_tools.search.index import INDEX_FILE, INDEX_GLOBAL, MATERIAL_INDEX, SKIP_SECTIONS, content_words

INDEX_BUDGET = 90 * 1024


def _index(site_dir: Path) -> dict:
    text = (site_dir / INDEX_FILE).read_text(encoding="utf-8")
    prefix = f"self.{INDEX_GLOBAL}="
    assert text.startswith(prefix)
    return json.loads(text[len(prefix) :].rstrip().rstrip(";"))


def test_index_is_within_budget_and_page_views_do_not_load_it(site_dir: Path) -> None:
    raw = (site_dir / INDEX_FILE).read_bytes()
    assert len(gzip.compress(raw, compresslevel=9)) <= INDEX_BUDGET
    material = json.loads((site_dir / MATERIAL_INDEX).read_text(encoding="utf-8"))
    assert material["docs"] == [], "the index every page view fetches is Material's, now empty"
    assert "\u200b" not in raw.decode("utf-8"), "no zero-width spaces"


def test_index_has_one_script_and_no_empty_or_navigation_sections(site_dir: Path) -> None:
    data = _index(site_dir)
    texts = []
    for page in data["pages"]:
        assert page["t"], page["u"]
        assert "alt" not in page
        for anchor, heading, text in page.get("c", []):
            assert text.strip(), f"{page['u']}#{anchor} is empty"
            assert heading not in SKIP_SECTIONS
        texts += [page["t"], page.get("x", ""), *(c[2] for c in page.get("c", []))]
    text = "".join(texts)
    assert to_hans(text) == text, "the index holds Simplified text only"
    assert "编者注" not in text, "editor's notes are not searched"
    assert "哈维·麦凯66法则" in text, "the text around an editor's note stays"


def test_every_declared_question_is_indexed(site_dir: Path, course) -> None:
    data = _index(site_dir)
    by_url = {p["u"]: p for p in data["pages"]}
    asked = [(key, item) for key, item in course.items() if getattr(item, "questions", [])]
    assert len(asked) >= 40
    function_words = set(course.thesaurus.function_words)
    for key, item in asked:
        indexed = by_url[f"{key}.html"].get("q", "").split("\n")
        assert len(indexed) == len(item.questions), key
        for question, words in zip(item.questions, indexed):
            # the content words, in order, without the function words a query drops anyway
            kept = words.split(" ")
            assert not function_words & set(kept), (key, words)
            assert not any(w in words for w in ("怎么办", "为什么")), (key, words)
            assert all(w in to_hans(question) for w in kept), (key, question, words)
    assert content_words("客户发火了怎么办？", {"了", "怎么办"}) == "客户 发火"


def test_traditional_table_is_opencc_character_by_character(site_dir: Path) -> None:
    trad, simp = _index(site_dir)["t2s"]
    assert len(trad) == len(simp) > 500
    for t, s in zip(trad, simp):
        assert to_hans(t) == s
    table = dict(zip(trad, simp))
    for t, s in (("語", "语"), ("戶", "户"), ("檔", "档"), ("應", "应"), ("賬", "账")):
        assert table[t] == s


def test_vocabulary_and_thesaurus_come_from_the_course(site_dir: Path, course) -> None:
    data = _index(site_dir)
    vocab = {w for bucket in data["vocab"] for w in bucket.split()}
    for term in ("客户档案", "二五十二法则", "迎三送七", "禁用语", "情感账户"):
        assert term in vocab
    assert data["stop"].split() == list(course.thesaurus.function_words)
    assert [g[0] for g in data["syn"]] == [list(g.words) for g in course.thesaurus.groups]


def test_patches_refuse_an_unknown_theme(tmp_path: Path, site_dir: Path) -> None:
    site = tmp_path / "site"
    workers = site / "assets" / "javascripts" / "workers"
    workers.mkdir(parents=True)
    (workers / "search.1234.min.js").write_text("self.onmessage = () => {}", encoding="utf-8")
    (site / "assets" / "javascripts" / "bundle.1234.min.js").write_text("h(e,'keyup')", encoding="utf-8")
    with pytest.raises(search.SearchPatchError, match="not Material's Lunr search worker"):
        search.install_worker(site)
    with pytest.raises(search.SearchPatchError, match="search query code changed"):
        search.patch_bundle(site)
    # the built site carries the course's worker and the patched search box
    worker = next((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    assert worker.read_text(encoding="utf-8") == search.patch.WORKER_SOURCE.read_text(encoding="utf-8")
    bundle = next((site_dir / "assets" / "javascripts").glob("bundle.*.min.js")).read_text(encoding="utf-8")
    assert 'h(e,"input")' in bundle


def test_index_builder_needs_material_index(tmp_path: Path, course) -> None:
    with pytest.raises(search.SearchIndexError, match="search plugin must run"):
        search.build_index(tmp_path, course)


def test_evaluation_set_is_large_balanced_and_covers_the_course(root: Path, course) -> None:
    evalset = evaluate.load_questions(root, course)
    assert len(evalset.tuning) + len(evalset.held_out) >= 80
    sizes = (len(evalset.tuning), len(evalset.held_out))
    assert min(sizes) >= 0.45 * sum(sizes), f"halves of about equal size (tuning, held out) = {sizes}"
    for half in (evalset.tuning, evalset.held_out):
        parts = {ref.split("/")[0] for q in half for ref in q.pages}
        assert {"lessons", "causes", "handbook", "articles", "drills"} <= parts


def test_evaluation_set_problems_are_located(tmp_path: Path, root: Path, course) -> None:
    (tmp_path / "eval").mkdir()
    shutil.copy(root / evaluate.QUESTIONS, tmp_path / evaluate.QUESTIONS)
    text = (tmp_path / evaluate.QUESTIONS).read_text(encoding="utf-8")
    text = text.replace("pages: [lessons/296]}", "pages: [lessons/999]}", 1)
    (tmp_path / evaluate.QUESTIONS).write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as info:
        evaluate.load_questions(tmp_path, course)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "lessons/999" in row)
    assert f"eval/search-questions.yaml:{line}:" in str(info.value)
    assert "must be a page of the course (got 'lessons/999')" in str(info.value)


def test_result_links_map_to_pages() -> None:
    assert evaluate.page_ref("http://x/lessons/303.html#a?b") == "lessons/303"
    assert evaluate.page_ref("file:///tmp/site/causes/index.html", "/tmp/site/") == "causes"
    assert evaluate.page_ref("http://x/handbook/waiting.html?h=%E7%AD%89") == "handbook/waiting"
