"""Assign drills, take them, collect the results: trainer and learner, no server.

The end-to-end test plays three assigned drills as a learner would (test mode,
the finish screen leading back to the assignment), pastes the result code the
way a chat app delivers it and checks the gradebook row, the item analysis
and the CSV against the drills' own model.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from build_tools.models.drill import ChoiceStep
from build_tools.render.assign import good_path_points
from tests.test_browser_drills import POINTS, follow, walk

pytestmark = pytest.mark.browser


def choice_only(course, n: int):
    """n drills whose paths meet only choice steps (their scores follow from the verdicts alone)."""
    out = []
    for d in sorted(course.drills, key=lambda d: (len(walk(d, "good")[1].steps), d.id)):
        if all(isinstance(s, ChoiceStep) for s in d.steps):
            out.append(d)
    assert len(out) >= n
    return out[:n]


def points(path) -> tuple[int, int]:
    scored = [v for v in path.verdicts if v]
    return sum(POINTS[v] for v in scored), 2 * len(scored)


def blob_text(page, selector: str) -> bytes:
    """The file behind a download link, as the trainer's browser saves it."""
    assert page.locator(selector).get_attribute("href").startswith("blob:")
    with page.expect_download() as download:
        page.click(selector)
    return Path(download.value.path()).read_bytes()


def make_assignment(page, server: str, ids: list[str], title: str = "第一周作业", pass_mark: int = 60) -> str:
    page.goto(f"{server}/drills/assign.html")
    page.fill("#assign-title", title)
    page.fill("#assign-pass", str(pass_mark))
    for i in ids:
        page.check(f'input[name=drill][value="{i}"]')
    page.click(".assign__form button[type=submit]")
    return page.locator(".assign__url").first.input_value()


def test_assign_three_drills_play_them_and_grade_a_code_pasted_from_a_chat(browser, server, course) -> None:
    drills = choice_only(course, 3)
    trainer = browser.new_context().new_page()
    errors: list[str] = []
    trainer.on("pageerror", lambda exc: errors.append(str(exc)))
    link = make_assignment(trainer, server, [d.id for d in drills])
    assert link.startswith(f"{server}/drills/assignment.html#ASA2.")
    qr = trainer.locator(".assign__qr img")
    assert qr.evaluate("img => img.complete && img.naturalWidth > 100"), "the QR code of the link is drawn"
    assert trainer.locator(".assign__warning").count() == 0, "no file:// warning on a web server"

    learner = browser.new_context().new_page()
    learner.on("pageerror", lambda exc: errors.append(str(exc)))
    learner.goto(link)
    assert learner.locator(".assignment h2").inner_text() == "第一周作业"
    assert learner.locator(".assignment__list li").count() == 3
    plays = {drills[0].id: walk(drills[0], "good")[1], drills[1].id: walk(drills[1], "bad")[1]}
    for d in drills[:2]:
        learner.locator(f'.assignment__list li[data-drill="{d.id}"] a').click()
        learner.locator(".drill__panel fieldset").wait_for()
        assert learner.locator(".drill").get_attribute("data-mode") == "test", "assigned drills open in test mode"
        follow(learner, d, plays[d.id])
        assert learner.locator(".drill__score").get_attribute("data-score") == str(points(plays[d.id])[0])
        back = learner.locator(".drill__back")
        assert back.inner_text() == "返回作业：第一周作业"
        back.click()
        learner.locator(".assignment__list").wait_for()
    status = learner.locator(f'.assignment__list li[data-drill="{drills[0].id}"] .assignment__status')
    full = points(plays[drills[0].id])
    assert status.inner_text() == f"已完成，得分 {full[0]} / {full[1]}"
    learner.click(".assignment__form button[type=submit]")
    assert "请先填写姓名" in learner.locator(".assignment__result").inner_text()
    learner.fill("#learner-name", "张小丽")
    learner.click(".assignment__form button[type=submit]")
    assert "已完成 2 / 3 个练习" in learner.locator(".assignment__result").inner_text()
    code = learner.locator(".assign__code").input_value()
    assert code.startswith("ASA2.")

    # as it arrives from a chat app: a name before it, wrapped, a full stop after it, sent twice
    half = len(code) // 2
    pasted = f"张小丽：{code[:half]}\n{code[half:]}。\n\n[张小丽] 再发一遍：{code}"
    trainer.fill("#assign-codes", pasted)
    trainer.click(".assign__collect button[type=submit]")
    rows = trainer.locator(".assign__table tbody tr")
    assert rows.count() == 1, "the same code twice makes one row"
    assert "与第 1 个完全相同" in trainer.locator(".assign__problems").inner_text()
    row = rows.first
    score = sum(points(p)[0] for p in plays.values())
    max_ = sum(points(p)[1] for p in plays.values()) + good_path_points(drills[2])
    pct = round(score / max_ * 1000) / 10
    assert row.locator("th").inner_text() == "张小丽"
    assert row.locator('[data-col="completed"]').inner_text() == "2 / 3"
    assert row.locator('[data-col="score"]').inner_text() == str(score)
    assert row.locator('[data-col="max"]').inner_text() == str(max_)
    assert row.locator('[data-col="percent"]').inner_text() == f"{pct:g}%"
    assert row.locator('[data-col="result"]').inner_text() == "不合格（未做完）"
    assert row.locator('[data-col="at"]').inner_text().startswith("20")
    assert row.locator(f'td[data-drill="{drills[2].id}"]').inner_text() == "未完成"

    # item analysis: every decision met, hardest first (the drill played with bad replies leads)
    items = trainer.locator(".assign__item")
    met = sum(1 for p in plays.values() for v in p.verdicts if v)
    assert items.count() == met
    goods = [int(x) for x in items.evaluate_all("els => els.map(e => e.dataset.good)")]
    assert goods == sorted(goods)
    bad_path = plays[drills[1].id]
    first = items.first
    assert first.get_attribute("data-drill") == drills[1].id
    step = first.get_attribute("data-step")
    chosen = bad_path.choices[bad_path.steps.index(step)]
    assert first.locator(f'[data-choice="{chosen}"]').get_attribute("data-share") == "100"

    raw = bytes(blob_text(trainer, ".assign__csv"))
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte-order mark, for Excel"
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith('"学员","作业","完成练习数","练习总数","得分","满分","百分比","结果","生成时间"')
    assert lines[1].startswith(f'"张小丽","第一周作业",2,3,{score},{max_},{pct:g},"不合格（未做完）",'), "numbers are numbers"
    assert lines[1].endswith(f',{points(plays[drills[0].id])[0]},{points(plays[drills[1].id])[0]},"未完成"')
    items_csv = bytes(blob_text(trainer, ".assign__items-csv")).decode("utf-8-sig").splitlines()
    assert len(items_csv) == 1 + sum(len(s.choices) for d in drills[:2] for s in d.steps if s.id in plays[d.id].steps)
    assert errors == []
    trainer.context.close()
    learner.context.close()


def test_the_print_view_shows_the_gradebook_only(page, server, course) -> None:
    drills = choice_only(course, 1)
    link = make_assignment(page, server, [drills[0].id])
    page.goto(link)
    page.fill("#learner-name", "王五")
    page.click(".assignment__form button[type=submit]")
    code = page.locator(".assign__code").input_value()
    page.goto(f"{server}/drills/assign.html")
    page.fill("#assign-codes", code)
    page.click(".assign__collect button[type=submit]")
    page.evaluate("document.documentElement.classList.add('asa-print')")
    page.emulate_media(media="print")
    assert page.locator(".assign__table").is_visible()
    assert page.locator(".assign__items").is_visible()
    assert not page.locator(".assign__form").is_visible()
    assert not page.locator(".assign__collect").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()


def test_a_link_made_from_a_file_url_warns_the_trainer(page, site_dir) -> None:
    page.goto((site_dir / "drills" / "assign.html").as_uri())
    assert "学员在自己的手机或电脑上打不开" in page.locator(".assign__warning").first.inner_text()


def test_an_older_tab_cannot_overwrite_a_newer_record(browser, server, course) -> None:
    drill = choice_only(course, 1)[0]
    path = walk(drill, "good")[1]
    context = browser.new_context()
    old, new = context.new_page(), context.new_page()
    old.goto(f"{server}/drills/{drill.id}.html?mode=test")
    old.locator(".drill__panel fieldset").wait_for()
    new.goto(f"{server}/drills/{drill.id}.html?mode=test")
    new.locator(".drill__panel fieldset").wait_for()
    follow(new, drill, path)
    assert new.locator(".drill__score").count() == 1
    before = new.evaluate(f"localStorage.getItem('asa.drill.{drill.id}')")
    old.locator(f'.drill__choice[data-choice="{path.choices[0]}"]').click()
    assert "有更新的进度" in old.locator(".drill__conflict").inner_text()
    assert old.evaluate(f"localStorage.getItem('asa.drill.{drill.id}')") == before
    old.click("text=载入最新的进度")
    assert old.locator(".drill__score").get_attribute("data-score") == str(points(path)[0])
    context.close()


def test_practice_asks_before_replacing_a_finished_test_result(page, server, course) -> None:
    drill = choice_only(course, 1)[0]
    path = walk(drill, "good")[1]
    page.goto(f"{server}/drills/{drill.id}.html?mode=test")
    page.locator(".drill__panel fieldset").wait_for()
    follow(page, drill, path)
    page.goto(f"{server}/drills/{drill.id}.html?mode=practice")
    page.locator(".drill__panel fieldset").wait_for()
    asked: list[str] = []

    def dismiss(dialog) -> None:
        asked.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", dismiss)
    page.locator(f'.drill__choice[data-choice="{path.choices[0]}"]').click()
    assert asked and "测验模式结果" in asked[0]
    saved = json.loads(page.evaluate(f"localStorage.getItem('asa.drill.{drill.id}')"))
    assert saved["mode"] == "test" and saved["done"] is True
    assert page.locator(".drill").get_attribute("data-mode") == "test"
    assert page.locator(".drill__score").count() == 1


def test_change_of_learner_clears_name_and_progress_after_confirmation(page, server, course) -> None:
    drill = choice_only(course, 1)[0]
    link = make_assignment(page, server, [drill.id])
    page.goto(link)
    page.locator(f'.assignment__list li[data-drill="{drill.id}"] a').click()
    page.locator(".drill__panel fieldset").wait_for()
    follow(page, drill, walk(drill, "good")[1])
    page.locator(".drill__back").click()
    page.fill("#learner-name", "前一位学员")
    page.click(".assignment__form button[type=submit]")
    # what else the previous learner left on this device: lessons read, the last page, another drill
    page.goto(f"{server}/lessons/303.html")
    page.wait_for_function("localStorage.getItem('asa.last') !== null")
    page.evaluate(
        "localStorage.setItem('asa.read', JSON.stringify({v: 1, lessons: {'303': Date.now()}}));"
        "localStorage.setItem('asa.drill.some-other-drill', '{}'); localStorage.setItem('asa.trainer.link', 'kept')"
    )
    page.goto(f"{server}/index.html")
    assert page.locator(".continue-box__link").count() == 1, "the home page offers to continue the previous learner's lesson"
    page.goto(link)
    page.locator(".assignment__swap").wait_for()
    page.once("dialog", lambda d: d.dismiss())
    page.click(".assignment__swap")
    assert page.locator("#learner-name").input_value() == "前一位学员", "nothing is cleared without confirmation"
    page.once("dialog", lambda d: d.accept())
    page.click(".assignment__swap")
    assert page.locator("#learner-name").input_value() == ""
    assert page.locator(".assignment__status").first.inner_text() == "未开始"
    assert page.evaluate(f"localStorage.getItem('asa.drill.{drill.id}')") is None
    assert page.evaluate("localStorage.getItem('asa.learner')") is None
    for key in ("asa.read", "asa.last", "asa.drill.some-other-drill"):
        assert page.evaluate(f"localStorage.getItem('{key}')") is None, f"{key} is the previous learner's"
    assert page.evaluate("localStorage.getItem('asa.trainer.link')") == "kept", "the trainer's settings stay"
    page.goto(f"{server}/index.html")
    page.locator("article").first.wait_for()
    assert page.locator(".continue-box__link").count() == 0, "nothing of the previous learner's is offered to continue"


def test_a_broken_assignment_link_explains_itself(page, server) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server}/drills/assignment.html#ASA2.nonsense.x")
    assert "无法打开" in page.locator(".assignment__body").inner_text()
    assert errors == []

