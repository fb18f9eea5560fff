"""The built site in Debian's Chromium: dialogues, Chinese search, offline use."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

# Natural queries a new hire types, and the lesson that must come first.
QUERIES = [
    ("禁用语", 307),
    ("客户档案", 315),
    ("二五十二法则", 299),
    ("乔·吉拉德 贺卡", 298),
    ("让客户坐下", 317),
    ("投诉 礼物", 316),
    ("发泄不满", 321),
    ("联系方式贴在机器上", 314),
    ("坎多尔弗", 313),
    ("录音机", 304),
]

# Terms of the loss causes, the handbook and the articles, and the page they must find first.
PAGE_QUERIES = [
    ("反应慢", "causes/slow-response.html"),
    ("迎三送七", "handbook/welcome-farewell.html"),
    ("隐藏的异议", "handbook/objections.html"),
    ("情感账户", "handbook/relationship.html"),
    ("4R", "articles/complaints/four-r.html"),
    ("重购率", "articles/complaints/tarp.html"),
]


def search(page, query: str) -> list[str]:
    """Type a query into Material's search box; return result links in order."""
    page.locator("label.md-header__button[for=__search]").first.click() if page.viewport_size["width"] < 960 else None
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # Material searches on keyup
    items = page.locator(".md-search-result__list > li.md-search-result__item > a.md-search-result__link")
    items.first.wait_for(state="attached")
    return [urlparse(items.nth(i).get_attribute("href")).path for i in range(items.count())]


def test_lesson_page_shows_its_dialogue_as_a_conversation(page, server, course) -> None:
    page.goto(f"{server}/lessons/303.html")
    bad = page.locator("figure.dialogue--bad")
    good = page.locator("figure.dialogue--good")
    assert bad.locator(".dialogue__verdict").inner_text().strip() == "✗ 错误的态度"
    assert good.locator(".dialogue__verdict").inner_text().strip() == "✓ 正确的态度"
    scenes = [b for b in course.lesson(303).body if b.type == "dialogue"]
    for figure, scene in ((bad, scenes[0]), (good, scenes[1])):
        speakers = figure.locator(".turn__speaker").all_inner_texts()
        assert speakers == [t.speaker for t in scene.turns if t.speaker]
        assert figure.locator(".turn__line").first.inner_text() == scene.turns[0].line
    # side by side on a desktop: the two scenes share a row
    assert abs(bad.bounding_box()["y"] - good.bounding_box()["y"]) < 2
    assert page.locator(".admonition.success .admonition-title").inner_text() == "行动总结"


@pytest.mark.parametrize("query, lesson_id", QUERIES, ids=[q for q, _ in QUERIES])
def test_search_finds_the_lesson_first(page, server, query: str, lesson_id: int) -> None:
    page.goto(f"{server}/index.html")
    results = search(page, query)
    assert results, f"no results for {query}"
    assert results[0].endswith(f"lessons/{lesson_id}.html"), f"{query}: {results[:3]}"


@pytest.mark.parametrize("query, target", PAGE_QUERIES, ids=[q for q, _ in PAGE_QUERIES])
def test_search_finds_causes_handbook_and_articles(page, server, query: str, target: str) -> None:
    page.goto(f"{server}/index.html")
    results = search(page, query)
    assert results and results[0].endswith(target), f"{query}: {results[:3]}"


# The same needs typed in Traditional script (the site itself is Simplified).
TRADITIONAL_QUERIES = [
    ("禁用語", "lessons/307.html"),
    ("客戶檔案", "lessons/315.html"),
    ("隱藏的異議", "handbook/objections.html"),
    ("反應慢", "causes/slow-response.html"),
    ("情感賬戶", "handbook/relationship.html"),
]


@pytest.mark.parametrize("query, target", TRADITIONAL_QUERIES, ids=[q for q, _ in TRADITIONAL_QUERIES])
def test_search_in_traditional_script_finds_the_page(page, server, query: str, target: str) -> None:
    page.goto(f"{server}/index.html")
    results = search(page, query)
    assert results and results[0].endswith(target), f"{query}: {results[:3]}"


def test_no_request_leaves_the_site(page, server) -> None:
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url))
    for path in ("index.html", "lessons/303.html", "topics/index.html", "topics/complaints/index.html"):
        page.goto(f"{server}/{path}")
        page.wait_for_load_state("networkidle")
    search(page, "投诉")
    page.wait_for_load_state("networkidle")
    hosts = {urlparse(url).hostname for url in seen if urlparse(url).scheme in ("http", "https", "ws", "wss")}
    assert hosts == {"127.0.0.1"}, sorted(set(seen))
    assert len(seen) > 10


def test_the_site_searches_from_file_urls(page, site_dir: Path) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto((site_dir / "index.html").as_uri())
    results = search(page, "禁用语")
    assert results[0].endswith("lessons/307.html")
    page.locator(".md-search-result__link").first.click()
    page.wait_for_url("**/lessons/307.html*")
    assert "售后服务用语中的禁用语" in page.locator("h1").inner_text()
    assert errors == []


def test_lesson_page_fits_a_375px_phone(browser, server) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    try:
        for path in ("lessons/303.html", "lessons/309.html", "lessons/313.html", "index.html"):
            page.goto(f"{server}/{path}")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
        page.goto(f"{server}/lessons/303.html")
        bad, good = page.locator("figure.dialogue--bad"), page.locator("figure.dialogue--good")
        assert good.bounding_box()["y"] > bad.bounding_box()["y"] + bad.bounding_box()["height"] - 1
        assert search(page, "客户档案")[0].endswith("lessons/315.html")
    finally:
        context.close()


def test_pages_print_without_navigation(page, server) -> None:
    page.goto(f"{server}/lessons/303.html")
    page.emulate_media(media="print")
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert not page.locator(".md-header").is_visible()
    assert page.locator("figure.dialogue--bad").is_visible()
    assert page.locator(".admonition.success").is_visible()
    page.goto(f"{server}/drills/index.html")
    page.emulate_media(media="print")
    after = page.evaluate("getComputedStyle(document.querySelector('.drill-card__link'), '::after').content")
    assert ".html" in after, "drill links print their target"
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize(
    "path",
    [
        "index.html", "lessons/303.html", "lessons/309.html", "causes/index.html", "causes/slow-response.html",
        "handbook/relationship.html", "handbook/customer-flow.html", "articles/complaints/tarp.html",
        "drills/index.html", "drills/assign.html", "topics/index.html",
    ],
)
def test_pages_have_no_accessibility_violations(page, server, path: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{server}/{path}")
    results = Axe().run(page, context=".md-content")
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    assert violations == []
