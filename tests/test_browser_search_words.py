"""The search worker's word handling, on small indexes made for each test (in Chromium)."""

from __future__ import annotations

import pytest

from build_tools.search.patch import WORKER_SOURCE

pytestmark = pytest.mark.browser


def index_data(vocab: list[str], pages: list[dict]) -> dict:
    """An index in the shape build_tools/search/index.py writes: every word of ``vocab`` at one cost."""
    return {"v": 1, "pages": pages, "vocab": ["", " ".join(vocab)], "stop": "的 了 怎么办", "syn": [], "t2s": ["", ""]}


@pytest.fixture
def engine(page):
    page.set_content("<!doctype html><html><body></body></html>")
    page.add_script_tag(content=WORKER_SOURCE.read_text(encoding="utf-8"))
    return page


def search(page, data: dict, query: str) -> list[str]:
    return page.evaluate(
        """([data, q]) => { const ix = new AcademySearch.Index(data);
                            return ix.search(q).hits.map(h => ix.pages[h.page].u); }""",
        [data, query],
    )


def words(page, data: dict, text: str) -> list[str]:
    return page.evaluate("([data, t]) => new AcademySearch.Analyzer(data).words(t)", [data, text])


FILLER = [{"u": f"other{i}.html", "t": "客户", "x": "客户说明"} for i in range(8)]


def test_characters_the_vocabulary_does_not_list_are_one_word(engine) -> None:
    data = index_data(["客户", "礼貌", "拜访", "回访", "每个", "退"], [
        {"u": "polite.html", "t": "礼貌", "x": "拜访客户要有礼貌"},
        {"u": "weekly.html", "t": "回访", "x": "每个礼拜回访客户"},
        *FILLER,
    ])
    # 礼 and 拜 are not listed: together they are one word, in a query as on a page
    assert words(engine, data, "每个礼拜回访") == ["每个", "礼拜", "回访"]
    # a listed character stays a word of its own
    assert words(engine, data, "退礼拜") == ["退", "礼拜"]
    # so the query finds the page that says 礼拜, not the one whose words hold 礼 and 拜
    assert search(engine, data, "礼拜") == ["weekly.html"]


def test_a_one_character_word_is_found_inside_longer_words(engine) -> None:
    data = index_data(["客户", "送客", "档案", "迎三送七", "走", "送", "到", "哪", "时"], [
        {"u": "farewell.html", "t": "迎三送七", "x": "客户走时送客七步"},
        {"u": "records.html", "t": "客户档案", "x": "客户档案记下客户的需要，客户的生日，客户的家人"},
        *FILLER,
    ])
    # 送 is a word of neither page, but the words 迎三送七 and 送客 hold it: that page comes
    # before the one that only says 客户, the word on every page, more often
    assert search(engine, data, "客户走了送到哪")[0] == "farewell.html"


def test_a_declared_question_with_only_a_loose_synonym_does_not_outrank_the_page(engine) -> None:
    data = index_data(["客户", "反应慢", "慢", "说话", "语速", "离开", "客人", "等"], [
        {"u": "slow.html", "t": "反应慢", "x": "客户等了很久没人理，反应慢的店留不住客户"},
        {"u": "tempo.html", "t": "说话的语速", "q": "客人 说话 慢", "x": "跟着客户的语速说话，客户慢你也慢"},
        *FILLER,
    ])
    data["syn"] = [[["反应慢", "慢"]]]
    # 慢 is in 反应慢's group, but a one-character word is a loose match, and a declared
    # question that holds only a synonym of the query is not the query itself
    assert search(engine, data, "反应慢")[0] == "slow.html"
    # the question still helps the page it belongs to when it holds the reader's own word
    assert search(engine, data, "客人说话慢")[0] == "tempo.html"
