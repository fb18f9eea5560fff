"""Chinese search in Chromium: query understanding, the held-out questions, the search box."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools.search import evaluate
from build_tools.search.index import INDEX_FILE
from build_tools.search.patch import WORKER_SOURCE

pytestmark = pytest.mark.browser

# The held-out half (324 questions in three sets) was written from the pages' text by readers who
# had not seen the thesaurus, the declared questions or any ranking, and nobody tunes on it: the
# test reports the figure only, never which questions were missed.
HELD_OUT_RECALL_AT_5 = 0.90


@pytest.fixture
def engine(browser, server):
    """A page with the search worker's code and the built index loaded (no worker thread).

    The test injects the worker's code into a page, which the site's Content-Security-Policy
    rightly forbids; this context alone bypasses the policy (tests/test_csp.py checks it).
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{server}/index.html")
    page.add_script_tag(url=f"{server}/{INDEX_FILE}")
    page.add_script_tag(content=WORKER_SOURCE.read_text(encoding="utf-8"))
    page.evaluate("window.__engine = new AcademySearch.Index(window.__academySearch)")
    yield page
    context.close()


def analyse(page, query: str) -> dict:
    return page.evaluate("q => __engine.analyzer.analyse(q)", query)


def test_question_and_function_words_are_dropped(engine, course) -> None:
    q = analyse(engine, "客人发脾气了怎么办")
    assert [c["word"] for c in q["concepts"]] == ["客人", "发脾气"]
    assert set(q["dropped"]) == {"了", "怎么办"}
    stop = set(course.thesaurus.function_words)
    # everyday and Cantonese question words too: the query keeps only what it is about
    assert [c["word"] for c in analyse(engine, "客人发火了咋办")["concepts"]] == ["客人", "发火"]
    assert [c["word"] for c in analyse(engine, "為啥客人有啲唔開心")["concepts"]][:1] == ["客人"]
    for query in ("为什么要建立客户档案呢", "哪些话是禁用语", "什么是二五十二法则", "售后禁用语有啥", "客户档案咋整"):
        kept = [c["word"] for c in analyse(engine, query)["concepts"]]
        assert kept and not stop & set(kept), (query, kept)


def test_words_are_expanded_with_their_thesaurus_group(engine, course) -> None:
    group = next(g for g in course.thesaurus.groups if "熟客" in g.words)
    concept = analyse(engine, "熟客")["concepts"][0]
    alts = {a["word"]: a["weight"] for a in concept["alts"]}
    assert alts["熟客"] == 1
    assert set(group.words) <= set(alts)
    assert all(0 < alts[w] < 1 for w in group.words if w != "熟客")


def test_traditional_queries_are_converted_before_segmenting(engine) -> None:
    trad = analyse(engine, "客人發脾氣了怎麼辦")
    simp = analyse(engine, "客人发脾气了怎么办")
    assert trad == simp
    assert engine.evaluate("__engine.analyzer.normalize('禁用語：客戶檔案')") == "禁用语:客户档案"


def test_segmentation_keeps_course_terms_whole(engine) -> None:
    for term in ("客户档案", "二五十二法则", "迎三送七", "情感账户"):
        assert analyse(engine, f"什么是{term}")["words"][-1] == term


def test_held_out_questions_find_their_page_in_the_first_five(page, server, root, course) -> None:
    evalset = evaluate.load_questions(root, course)
    answers = evaluate.run(page, server, evalset.held_out)
    recall5 = evaluate.figures(evalset.held_out, answers).recall5
    # The questions missed are deliberately not shown: nobody tunes on the held-out half.
    assert recall5 >= HELD_OUT_RECALL_AT_5, f"held-out recall@5 {recall5:.1%}"


QUERIES = ["禁用语", "客户档案", "迎三送七", "投诉", "客户发火了怎么办", "情感账户"]


def test_results_show_sentences_and_never_a_missing_terms_line(page, server) -> None:
    page.goto(f"{server}/index.html")
    evaluate.open_search(page)
    for query in QUERIES:
        pages = evaluate.ask(page, query)  # an input event alone starts the search
        assert pages, query
        assert page.locator(".md-search-result__terms").count() == 0, "no 缺少 line"
        assert "缺少" not in page.locator(".md-search-result").inner_text()
        teasers = page.locator(".md-search-result__list > li > a.md-search-result__link:first-child article")
        for i in range(min(5, teasers.count())):
            text = teasers.nth(i).evaluate("el => [...el.querySelectorAll('p')].map(p => p.textContent).join('')")
            assert text.strip(), f"{query}: result {i} shows no text"
            assert not re.match(r"^[\s。，、；：！？”’」』）)…]", text), f"{query}: snippet starts mid-sentence: {text[:20]}"


def test_every_result_section_has_text(page, server) -> None:
    page.goto(f"{server}/index.html")
    evaluate.open_search(page)
    evaluate.ask(page, "客户档案")
    sections = page.locator(".md-search-result__link[href*='#'] article")
    assert sections.count() > 0
    for i in range(sections.count()):
        assert sections.nth(i).evaluate("el => [...el.querySelectorAll('p')].map(p => p.textContent).join('').trim().length") > 0


def test_pasted_text_searches_without_a_key_press(page, server) -> None:
    page.goto(f"{server}/index.html")
    evaluate.open_search(page)
    page.keyboard.insert_text("客户档案")  # as a paste, an input method or a dictation delivers it
    first = page.locator(".md-search-result__list > li > a.md-search-result__link").first
    first.wait_for()
    assert evaluate.page_ref(first.get_attribute("href")) == "lessons/315"


def test_nothing_found_suggests_course_words_and_the_topic_index(page, server) -> None:
    page.goto(f"{server}/lessons/303.html")
    evaluate.open_search(page)
    assert evaluate.ask(page, "qwxz") == []
    help_box = page.locator("#search-help")
    help_box.wait_for()
    assert help_box.locator("a").get_attribute("href").endswith("/topics/index.html")
    terms = help_box.locator("button.search-help__term")
    assert terms.count() >= 3
    word = terms.first.inner_text()
    terms.first.click()
    page.locator(".md-search-result__list > li").first.wait_for()
    assert page.locator("input.md-search__input").input_value() == word
    assert page.locator("#search-help").count() == 0


def test_search_loads_its_index_only_when_used(page, server) -> None:
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    page.goto(f"{server}/lessons/303.html")
    page.wait_for_load_state("networkidle")
    assert not any(url.endswith(INDEX_FILE) for url in seen)
    evaluate.open_search(page)
    evaluate.ask(page, "投诉")
    assert any(url.endswith(INDEX_FILE) for url in seen)


def test_search_works_from_a_file_url_with_a_traditional_question(page, site_dir: Path) -> None:
    page.goto((site_dir / "index.html").as_uri())
    evaluate.open_search(page)
    assert evaluate.ask(page, "客戶檔案")[0] == "lessons/315"
