"""The drill player in Debian's Chromium: good and bad paths, keyboard, phone,
saved progress, corrupt storage, accessibility and instant navigation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from build_tools.drill_checks import successors
from build_tools.models.drill import ChoiceStep, Drill

pytestmark = pytest.mark.browser

POINTS = {"good": 2, "acceptable": 1, "bad": 0}


def branching_drill(course) -> Drill:
    """The drill with the most places where a poor reply leads somewhere else."""

    def branches(drill: Drill) -> int:
        n = 0
        for step in drill.steps:
            if isinstance(step, ChoiceStep):
                good = {c.next for c in step.choices if c.verdict == "good"}
                n += sum(1 for c in step.choices if c.verdict == "bad" and c.next not in good)
        return n

    assert course.drills, "the course has no drills"
    return max(course.drills, key=lambda d: (branches(d), -len(d.id), d.id))


def walk(drill: Drill, pick: str) -> list[tuple]:
    """The path taken when always picking a reply with verdict `pick` (choice steps)."""
    graph = successors(drill)
    steps = {s.id: s for s in drill.steps}
    path, current = [], drill.start or drill.steps[0].id
    while current in steps:
        step = steps[current]
        if isinstance(step, ChoiceStep):
            i, choice = next((i, c) for i, c in enumerate(step.choices) if c.verdict == pick)
            target = graph[step.id][i][1]
            path.append((step, choice, target))
        else:
            target = graph[step.id][0][1]
            path.append((step, None, target))
        current = target
    return path


def solve(page, step) -> None:
    """Answer an order/spot/match step correctly."""
    box = page.locator(".drill__panel")
    if step.kind == "order":
        for want_index, item in enumerate(step.items):
            ids = box.locator(".drill__order-item").evaluate_all("els => els.map(e => e.dataset.item)")
            for _ in range(ids.index(item.id) - want_index):
                box.locator(f'.drill__order-item[data-item="{item.id}"] .drill__move').first.click()
        box.locator(".drill__submit").click()
    elif step.kind == "spot":
        for line in step.lines:
            if line.faulty:
                box.locator(f'.drill__spot-line[data-line="{line.id}"]').click()
        box.locator(".drill__submit").click()
    else:
        for pair in step.pairs:
            box.locator(f'select[data-pair="{pair.id}"]').select_option(pair.id)
        box.locator(".drill__submit").click()


def choose(page, step, choice) -> None:
    page.locator(f'.drill__choice[data-choice="{choice.id}"]').click()


def last_feedback(page):
    return page.locator(".drill__feedback").last


def open_drill(page, server: str, drill: Drill) -> None:
    page.goto(f"{server}/drills/{drill.id}.html")
    page.evaluate("localStorage.clear()")
    page.reload()
    page.locator(".drill__panel fieldset").wait_for()


def test_good_path_scores_full_marks(page, server, course, site_dir: Path) -> None:
    drill = branching_drill(course)
    open_drill(page, server, drill)
    path = walk(drill, "good")
    for step, choice, _ in path:
        if choice:
            assert page.locator(".drill__turn--customer .drill__line").last.inner_text().startswith(step.customer)
            choose(page, step, choice)
            assert page.locator(".drill__turn--staff .drill__line").last.inner_text() == choice.reply
            feedback = last_feedback(page)
            assert feedback.get_attribute("data-verdict") == "good"
            assert choice.feedback in feedback.inner_text()
            links = feedback.locator(".drill__cites a")
            assert links.count() == len(choice.cites)
            for i in range(links.count()):
                href = links.nth(i).get_attribute("href")
                assert (site_dir / "drills" / href).resolve().is_file(), href
        else:
            solve(page, step)
            assert last_feedback(page).get_attribute("data-verdict") == "good"
        page.locator(".drill__continue").click()
    score = page.locator(".drill__score")
    assert score.get_attribute("data-score") == score.get_attribute("data-max") == str(2 * len(path))
    assert page.locator(".drill__review").count() == 0
    assert page.locator(".drill__good li").count() == len(path)


def test_bad_path_branches_and_reviews_each_poor_choice(page, server, course) -> None:
    drill = branching_drill(course)
    open_drill(page, server, drill)
    path = walk(drill, "bad")
    steps = {s.id: s for s in drill.steps}
    earned = 0
    branched = False
    for step, choice, target in path:
        if choice:
            choose(page, step, choice)
            assert last_feedback(page).get_attribute("data-verdict") == "bad"
            good_targets = {t for (_, t), c in zip(successors(drill)[step.id], step.choices) if c.verdict == "good"}
            branched |= target not in good_targets
        else:
            page.locator(".drill__submit").click()  # submit untouched: a poor answer
            earned += POINTS[last_feedback(page).get_attribute("data-verdict")]
        page.locator(".drill__continue").click()
        if target in steps and isinstance(steps[target], ChoiceStep):
            # the branch was followed: the customer now says the target step's line
            assert page.locator(".drill__turn--customer .drill__line").last.inner_text().startswith(steps[target].customer)
    assert branched, "the bad path should take a different branch somewhere"
    score = page.locator(".drill__score")
    assert int(score.get_attribute("data-score")) == earned
    assert int(score.get_attribute("data-max")) == 2 * len(path)
    review = page.locator(".drill__review-item")
    assert review.count() == sum(1 for _, c, _ in path if c) + sum(1 for _, c, _ in path if not c and earned < 2 * len(path))
    first_bad = next(c for _, c, _ in path if c)
    assert first_bad.reply in review.first.inner_text()
    assert review.first.locator(".drill__review-better").count() >= 1
    end_ids = {e.id for e in drill.endings}
    if path[-1][2] in end_ids:
        ending = next(e for e in drill.endings if e.id == path[-1][2])
        assert page.locator(".drill__end-title").inner_text() == ending.title


def test_the_drill_can_be_played_by_keyboard_alone(page, server, course) -> None:
    drill = branching_drill(course)
    open_drill(page, server, drill)
    first = drill.steps[0]
    assert isinstance(first, ChoiceStep)
    # Tab into the first reply, Enter picks it; focus moves to 继续, Enter continues.
    page.locator(".drill__restart--top").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "drill__choice" in focused
    page.keyboard.press("Enter")
    assert "drill__continue" in page.evaluate("document.activeElement.className")
    page.keyboard.press("Enter")
    # the number keys pick replies too
    if page.locator(".drill__choice").count():
        page.keyboard.press("2")
        assert page.locator(".drill__feedback").count() == 2
    log = page.locator(".drill__log")
    assert log.get_attribute("aria-live") == "polite"


def test_the_drill_works_on_a_375px_phone(browser, server, course) -> None:
    drill = branching_drill(course)
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        open_drill(page, server, drill)
        for step, choice, _ in walk(drill, "good")[:2]:
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"page scrolls sideways by {overflow}px"
            if choice:
                button = page.locator(f'.drill__choice[data-choice="{choice.id}"]')
                box = button.bounding_box()
                assert box["width"] <= 375 and box["height"] >= 32
                button.tap()
            else:
                solve(page, step)
            page.locator(".drill__continue").tap()
    finally:
        context.close()


def test_progress_survives_a_reload(page, server, course) -> None:
    drill = branching_drill(course)
    open_drill(page, server, drill)
    step, choice, _ = walk(drill, "bad")[0]
    choose(page, step, choice)
    order_before = page.locator(".drill__choice").count()
    page.reload()
    page.locator(".drill__log").wait_for()
    assert page.locator(".drill__turn--staff .drill__line").first.inner_text() == choice.reply
    assert page.locator(".drill__feedback").count() == 1
    saved = json.loads(page.evaluate(f"localStorage.getItem('asa.drill.{drill.id}')"))
    assert saved["answers"] == [{"step": step.id, "answer": choice.id}]
    assert order_before == 0
    # the shuffle is reproducible: same seed, same order after a reload
    page.locator(".drill__panel fieldset").wait_for()
    first_order = page.locator(".drill__panel .drill__choice, .drill__panel .drill__order-item, .drill__panel select").evaluate_all(
        "els => els.map(e => e.dataset.choice || e.dataset.item || e.dataset.pair)"
    )
    page.reload()
    page.locator(".drill__panel fieldset").wait_for()
    again = page.locator(".drill__panel .drill__choice, .drill__panel .drill__order-item, .drill__panel select").evaluate_all(
        "els => els.map(e => e.dataset.choice || e.dataset.item || e.dataset.pair)"
    )
    assert first_order == again


@pytest.mark.parametrize(
    "stored",
    ["{not json", '{"v":1,"seed":"x","answers":[]}', '{"v":1,"seed":5,"answers":[{"step":"nope","answer":"z"}]}', "null", '{"v":99}'],
)
def test_corrupt_saved_progress_is_ignored(page, server, course, stored: str) -> None:
    drill = branching_drill(course)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server}/drills/{drill.id}.html")
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [f"asa.drill.{drill.id}", stored])
    page.reload()
    page.locator(".drill__panel fieldset").wait_for()
    assert page.locator(".drill__feedback").count() == 0
    step, choice, _ = walk(drill, "good")[0]
    choose(page, step, choice)
    assert last_feedback(page).get_attribute("data-verdict") == "good"
    assert errors == []


def test_no_accessibility_violations_mid_play(page, server, course) -> None:
    from axe_playwright_python.sync_playwright import Axe

    drill = branching_drill(course)
    open_drill(page, server, drill)
    step, choice, _ = walk(drill, "bad")[0]
    choose(page, step, choice)
    results = Axe().run(page, context=".md-content")
    violations = [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    assert violations == []
    page.locator(".drill__continue").click()
    results = Axe().run(page, context=".md-content")
    assert [v["id"] for v in results.response["violations"]] == []


def test_the_drill_list_filters_and_links_every_drill(page, server, course) -> None:
    page.goto(f"{server}/drills/index.html")
    cards = page.locator(".drill-card")
    assert cards.count() == len(course.drills)
    page.locator('select[data-filter="setting"]').select_option("phone")
    phone = sum(1 for d in course.drills if d.setting == "phone")
    assert page.locator(".drill-card:not([hidden])").count() == phone
    assert f"{phone} / {len(course.drills)}" in page.locator(".drill-filters__count").inner_text()
    page.locator('select[data-filter="setting"]').select_option("")
    page.locator('select[data-filter="lesson"]').select_option("307")
    from build_tools.crossrefs import cited

    expected = sum(1 for d in course.drills if "lessons/307" in cited(d))
    assert page.locator(".drill-card:not([hidden])").count() == expected > 0


def test_lesson_pages_list_the_drills_that_practise_them(page, server, course) -> None:
    from build_tools.crossrefs import CrossRefs

    xrefs = CrossRefs(course)
    for lesson_id in (303, 307, 322):
        drills = xrefs.practising(f"lessons/{lesson_id}")
        page.goto(f"{server}/lessons/{lesson_id}.html")
        box = page.locator(".admonition.question")
        assert box.locator(".admonition-title").inner_text() == "练一练"
        assert box.locator("a").count() == len(drills) > 0


def test_the_player_works_with_instant_navigation(browser, tmp_path: Path, root: Path, course) -> None:
    """Build with navigation.instant on, arrive at a drill by a click, and play."""
    import functools
    import http.server
    import threading

    import yaml

    from build_tools.build import build_site

    site = tmp_path / "site"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python/object/apply:pymdownx.slugs.slugify", ""))
    features = config["theme"]["features"] + ["navigation.instant"]
    child = tmp_path / "instant.yml"
    # Instant navigation needs site_url (it follows the sitemap's URLs).
    child.write_text(
        f"INHERIT: {root / 'mkdocs.yml'}\nsite_url: {base}\ndocs_dir: {root / 'docs'}\nhooks: [{root / 'build_tools' / 'mkdocs_hook.py'}]\n"
        f"watch: []\ntheme:\n  name: material\n  features: {json.dumps(features)}\nplugins:\n  - search:\n      lang: zh\n      fields:\n        alt:\n          boost: 1\n",
        encoding="utf-8",
    )
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    context = browser.new_context()
    page = context.new_page()
    try:
        build_site(root, site, quiet=True, config_file=child)
        drill = branching_drill(course)
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/drills/index.html")
        page.evaluate("window.__stayed = true")
        # (instant navigation rewrites hrefs to absolute URLs, so find the card by its title)
        page.locator(".drill-card__link", has_text=drill.title).click()
        page.locator(".drill__panel fieldset").wait_for()
        assert page.evaluate("window.__stayed === true"), "instant navigation did not keep the page alive"
        step, choice, _ = walk(drill, "good")[0]
        choose(page, step, choice)
        assert last_feedback(page).get_attribute("data-verdict") == "good"
    finally:
        context.close()
        httpd.shutdown()
        httpd.server_close()


def test_a_drill_plays_from_a_file_url(page, site_dir: Path, course) -> None:
    drill = branching_drill(course)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto((site_dir / "drills" / f"{drill.id}.html").as_uri())
    step, choice, _ = walk(drill, "good")[0]
    choose(page, step, choice)
    assert last_feedback(page).get_attribute("data-verdict") == "good"
    href = last_feedback(page).locator(".drill__cites a").first.get_attribute("href")
    assert (site_dir / "drills" / href).resolve().is_file()
    page.reload()
    assert page.locator(".drill__feedback").count() == 1, "progress is kept under file:// too"
    assert errors == []
