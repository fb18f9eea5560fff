"""Assign drills, take them, collect the results: trainer and learner, no server."""

from __future__ import annotations

import pytest

from tests.test_browser_drills import follow, walk

pytestmark = pytest.mark.browser


def test_trainer_assigns_learner_plays_trainer_collects(browser, server, course) -> None:
    drills = sorted(course.drills, key=lambda d: (len(walk(d, "good")[1].steps), d.id))[:2]
    trainer = browser.new_context().new_page()
    trainer.goto(f"{server}/drills/assign.html")
    trainer.fill("#assign-title", "第一周作业")
    for d in drills:
        trainer.check(f'input[name=drill][value="{d.id}"]')
    trainer.click(".assign__form button[type=submit]")
    link = trainer.locator(".assign__url").input_value()
    assert link.startswith(f"{server}/drills/assignment.html#ASA1.")

    learner = browser.new_context().new_page()
    learner.goto(link)
    assert learner.locator(".assignment h2").inner_text() == "第一周作业"
    items = learner.locator(".assignment__list li")
    assert items.count() == 2 and "未开始" in items.first.inner_text()
    # play the first assigned drill to its end along the good path
    first = drills[0]
    learner.locator(f'.assignment__list li[data-drill="{first.id}"] a').click()
    learner.locator(".drill__panel fieldset").wait_for()  # the player has started
    assert learner.locator(".drill").get_attribute("data-mode") == "test", "assigned drills open in test mode"
    _, path = walk(first, "good")
    follow(learner, first, path)
    full = 2 * sum(1 for v in path.verdicts if v)
    assert learner.locator(".drill__score").get_attribute("data-score") == str(full)
    learner.goto(link)
    status = learner.locator(f'.assignment__list li[data-drill="{first.id}"] .assignment__status')
    assert status.inner_text() == f"已完成，得分 {full} / {full}"
    learner.click(".assignment__form button[type=submit]")
    assert "请先填写姓名" in learner.locator(".assignment__result").inner_text()
    learner.fill("#learner-name", "李明")
    learner.click(".assignment__form button[type=submit]")
    code = learner.locator(".assign__code").input_value()
    assert code.startswith("ASA1.")

    trainer.fill("#assign-codes", f"{code}\nASA1.broken.code")
    trainer.click(".assign__collect button[type=submit]")
    row = trainer.locator(".assign__table tbody tr").first
    assert row.locator("th").inner_text() == "李明"
    assert row.locator(f'td[data-drill="{first.id}"]').inner_text() == f"{full} / {full}"
    assert row.locator(f'td[data-drill="{drills[1].id}"]').inner_text() == "未完成"
    assert "第 2 个代码无法读取" in trainer.locator(".assign__report").inner_text()
    csv_href = trainer.locator(".assign__csv").get_attribute("href")
    assert csv_href.startswith("blob:")
    trainer.context.close()
    learner.context.close()


def test_a_broken_assignment_link_explains_itself(page, server) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server}/drills/assignment.html#ASA1.nonsense.x")
    assert "无法打开" in page.locator(".assignment__body").inner_text()
    assert errors == []
