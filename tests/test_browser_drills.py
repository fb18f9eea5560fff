"""The drill player in Debian's Chromium: practice and test modes, memory,
"try again", the write step, keyboard, phone, saved progress, corrupt
storage, accessibility, instant navigation and file://."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import pytest

from build_tools.drill_logic import Graph, Play, explore, play
from build_tools.models.drill import ChoiceStep, Drill, WriteStep

pytestmark = pytest.mark.browser

POINTS = {"good": 2, "acceptable": 1, "bad": 0}
WRITTEN = "先跟您道个歉，您以后哪里不舒服随时来，我们免费帮您调。"


def walk(drill: Drill, pick: str) -> tuple[Graph, Play]:
    """The path taken when always picking a reply with verdict ``pick`` where one is offered."""
    graph = explore(drill)

    def chooser(node, edges):
        return next((e for e in edges if e.verdict == pick), edges[0])

    return graph, play(graph, chooser)


def stateful_drill(course) -> Drill:
    """The drill whose state graph is largest (the most memory to get wrong)."""
    return max(course.drills, key=lambda d: (len(explore(d).nodes), d.id))


def drill_with(course, kind: str) -> Drill:
    """A drill whose path of good replies meets a step of ``kind``."""
    for drill in sorted(course.drills, key=lambda d: d.id):
        steps = {s.id: s for s in drill.steps}
        if any(steps[sid].kind == kind for sid in walk(drill, "good")[1].steps):
            return drill
    pytest.fail(f"no drill meets a {kind} step on its good path")


def solve(page, step) -> None:
    """Answer an order/spot/match step correctly, or write a reply."""
    box = page.locator(".drill__panel")
    if step.kind == "order":
        for want_index, item in enumerate(step.items):
            ids = box.locator(".drill__order-item").evaluate_all("els => els.map(e => e.dataset.item)")
            for _ in range(ids.index(item.id) - want_index):
                box.locator(f'.drill__order-item[data-item="{item.id}"] .drill__move').first.click()
    elif step.kind == "spot":
        for line in step.lines:
            if line.faulty:
                box.locator(f'.drill__spot-line[data-line="{line.id}"]').click()
    elif step.kind == "match":
        for pair in step.pairs:
            box.locator(f'[data-pair="{pair.id}"] input[value="{pair.id}"]').check()
    elif step.kind == "write":
        box.locator("textarea").fill(WRITTEN)
    box.locator(".drill__submit").click()


def customer_line(page) -> str:
    return page.locator(".drill__turn--customer:not(.drill__turn--reaction) .drill__line").last.inner_text()


def follow(page, drill: Drill, path: Play) -> None:
    """Play ``path`` in the page, checking that each step shows the line the graph says."""
    steps = {s.id: s for s in drill.steps}
    graph = explore(drill)
    for sid, choice, n in zip(path.steps, path.choices, path.nodes):
        step = steps[sid]
        node = graph.nodes[n]
        if isinstance(step, (ChoiceStep, WriteStep)):
            said = step.variants[node.variant].customer if node.variant is not None else step.customer
            assert customer_line(page).startswith(said)
        if choice is not None:
            page.locator(f'.drill__choice[data-choice="{choice}"]').click()
        else:
            solve(page, step)
        page.locator(".drill__continue").click()


def open_drill(page, server: str, drill: Drill, mode: str = "practice") -> None:
    page.goto(f"{server}/drills/{drill.id}.html")
    page.evaluate("localStorage.clear()")
    page.goto(f"{server}/drills/{drill.id}.html?mode={mode}")
    page.locator(".drill__panel fieldset").wait_for()


def test_every_drill_plays_its_good_path_to_the_best_ending(page, server, course, site_dir: Path) -> None:
    page.on("dialog", lambda d: d.accept())
    for drill in course.drills:
        open_drill(page, server, drill)
        graph, path = walk(drill, "good")
        follow(page, drill, path)
        score = page.locator(".drill__score")
        kinds = {s.id: s.kind for s in drill.steps}
        scored = sum(1 for sid in path.steps if kinds[sid] != "write")  # choices and exercises, solved right
        assert score.get_attribute("data-score") == score.get_attribute("data-max") == str(2 * scored), drill.id
        ending = next(e for e in drill.endings if e.id == path.ending)
        assert ending.outcome == "good", f"{drill.id}: the good path ends at {ending.id}"
        assert page.locator(".drill__end-title").inner_text() == f"结局：{ending.title}"


def test_practice_mode_shows_the_reaction_then_the_verdict(page, server, course, site_dir: Path) -> None:
    drill = stateful_drill(course)
    open_drill(page, server, drill)
    _, path = walk(drill, "bad")
    step = next(s for s in drill.steps if s.id == path.steps[0])
    choice = next(c for c in step.choices if c.id == path.choices[0])
    page.locator(f'.drill__choice[data-choice="{choice.id}"]').click()
    log = page.locator(".drill__log > li")
    kinds = log.evaluate_all("els => els.map(e => e.className)")
    # staff reply, then the customer's reaction, then the verdict
    assert "drill__turn--staff" in kinds[-3] and "drill__turn--reaction" in kinds[-2] and "drill__feedback" in kinds[-1]
    reaction = log.nth(len(kinds) - 2).inner_text()
    assert all(part in reaction for part in (choice.reaction.line, choice.reaction.action) if part)
    feedback = log.last
    assert feedback.get_attribute("data-verdict") == choice.verdict
    assert choice.feedback in feedback.inner_text()
    links = feedback.locator(".drill__passage a")
    assert links.count() == len({(c.ref, c.quote) for c in choice.cites})
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    for href in hrefs:
        page_part, _, fragment = href.partition("#:~:text=")
        assert (site_dir / "drills" / page_part).resolve().is_file(), href
        quote = unquote(fragment)
        page.goto(f"{server}/drills/{href}")
        text = page.evaluate("document.querySelector('.md-content').innerText.replace(/\\s+/g, '')")
        assert quote.replace(" ", "") in text, "the quoted passage is on the linked page"


def test_test_mode_judges_nothing_until_the_debrief(page, server, course) -> None:
    drill = stateful_drill(course)
    open_drill(page, server, drill, mode="test")
    _, path = walk(drill, "bad")
    assert page.locator(".drill").get_attribute("data-mode") == "test"
    steps = {s.id: s for s in drill.steps}
    for sid, choice in zip(path.steps, path.choices):
        if choice is not None:
            page.locator(f'.drill__choice[data-choice="{choice}"]').click()
        else:
            solve(page, steps[sid])
        text = page.locator(".drill__stage").inner_text()
        assert page.locator(".drill__feedback, .drill__retry").count() == 0
        for verdict in ("好的服务", "不好的服务", "还可以"):
            assert verdict not in text, f"test mode showed a verdict after {sid}"
        page.locator(".drill__continue").click()
    review = page.locator(".drill__review-item")
    assert review.count() == len(path.steps)
    verdicts = [v for v in path.verdicts if v]
    assert sorted(review.evaluate_all("els => els.map(e => e.className.split('--')[1])")) == sorted(
        [v or "write" for v in path.verdicts]
    )
    score = page.locator(".drill__score")
    assert int(score.get_attribute("data-score")) == sum(POINTS[v] for v in verdicts)
    ending = next(e for e in drill.endings if e.id == path.ending)
    assert ending.outcome != "good"
    assert page.locator(".drill__end-title").inner_text() == f"结局：{ending.title}"
    # the debrief reveals what was hidden while playing
    reveal = page.locator(".drill__reveal").inner_text()
    assert all(skill in reveal for skill in drill.skills)
    if drill.persona.type_label:
        assert drill.persona.type_label in reveal
    assert page.locator(".drill__path-node").count() == len(path.steps) + 1


def test_a_poor_reply_changes_what_the_customer_says_later(page, server, course) -> None:
    """Somewhere in the set, a bad reply leads to a step met in a state that picks another line."""
    found = None
    for drill in sorted(course.drills, key=lambda d: d.id):
        graph = explore(drill)
        good_nodes = set(walk(drill, "good")[1].nodes)
        for n in walk(drill, "good")[1].nodes:
            for edge in graph.nodes[n].edges:
                target = edge.target
                if edge.verdict == "bad" and target is not None and graph.nodes[target].variant is not None and target not in good_nodes:
                    found = (drill, graph, n, edge)
                    break
            if found:
                break
        if found:
            break
    assert found, "no drill changes a later customer line after a poor reply"
    drill, graph, n, edge = found
    open_drill(page, server, drill)
    good = walk(drill, "good")[1]
    upto = good.nodes.index(n)
    follow(page, drill, Play(good.steps[:upto], good.choices[:upto], good.verdicts[:upto], None, good.nodes[:upto]))
    page.locator(f'.drill__choice[data-choice="{edge.choice}"]').click()
    page.locator(".drill__continue").click()
    node = graph.nodes[edge.target]
    step = next(s for s in drill.steps if s.id == node.step)
    variant = step.variants[node.variant]
    assert customer_line(page).startswith(variant.customer)
    assert variant.customer != step.customer


def test_try_again_returns_to_the_chosen_decision(page, server, course) -> None:
    page.on("dialog", lambda d: d.accept())
    drill = stateful_drill(course)
    open_drill(page, server, drill)
    _, good = walk(drill, "good")
    _, bad = walk(drill, "bad")
    first = good.steps[0]
    page.locator(f'.drill__choice[data-choice="{bad.choices[0]}"]').click()
    page.locator(".drill__retry").click()
    assert page.locator(f'.drill__panel fieldset[data-step="{first}"]').count() == 1
    assert page.locator(".drill__turn--staff").count() == 0, "the undone reply is gone from the log"
    assert page.locator(".drill__feedback").count() == 0
    follow(page, drill, good)
    # from the debrief: go back to the second decision, the first one stays
    review = page.locator(".drill__review-item").nth(1)
    review.locator(".drill__retry").click()
    assert page.locator(f'.drill__panel fieldset[data-step="{good.steps[1]}"]').count() == 1
    assert page.locator(".drill__turn--staff").count() == 1
    saved = json.loads(page.evaluate(f"localStorage.getItem('asa.drill.{drill.id}')"))
    assert saved["answers"] == [good.choices[0]] and saved["retries"] == 2 and not saved["done"]


def test_the_write_step_works_by_keyboard_on_a_phone(browser, server, course) -> None:
    drill = drill_with(course, "write")
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        open_drill(page, server, drill)
        _, path = walk(drill, "good")
        k = next(i for i, sid in enumerate(path.steps) if next(s for s in drill.steps if s.id == sid).kind == "write")
        follow(page, drill, Play(path.steps[:k], path.choices[:k], path.verdicts[:k], None, path.nodes[:k]))
        step = next(s for s in drill.steps if s.id == path.steps[k])
        assert page.evaluate("document.activeElement.tagName") == "TEXTAREA", "the text box has the focus"
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # submitting an empty reply is refused with a hint
        assert "先写下" in page.locator(".drill__hint").inner_text()
        page.locator("textarea").focus()
        page.keyboard.type(WRITTEN)
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        card = page.locator(".drill__compare")
        assert all(m in card.inner_text() for m in step.models)
        assert card.locator("input[type=checkbox]").count() == len(step.checklist)
        card.locator("input[type=checkbox]").first.focus()
        page.keyboard.press("Space")
        assert WRITTEN in page.locator(".drill__turn--staff").last.inner_text()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"page scrolls sideways by {overflow}px"
        page.reload()
        page.locator(".drill__compare").wait_for()
        assert page.locator(".drill__compare input[type=checkbox]").first.is_checked(), "the self-check is kept"
    finally:
        context.close()


def test_the_drill_can_be_played_by_keyboard_alone(page, server, course) -> None:
    drill = stateful_drill(course)
    open_drill(page, server, drill)
    page.keyboard.press("Tab")  # the skip link leads to the drill, and the first reply is the next stop
    assert "md-skip" in page.evaluate("document.activeElement.className")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert "drill__choice" in page.evaluate("document.activeElement.className")
    page.keyboard.press("Enter")
    assert "drill__continue" in page.evaluate("document.activeElement.className")
    page.keyboard.press("Enter")
    if page.locator(".drill__choice").count():
        page.keyboard.press("2")
        assert page.locator(".drill__turn--staff").count() == 2
    assert page.locator(".drill__log").get_attribute("aria-live") == "polite"


def test_the_first_reply_fits_a_375px_phone(browser, server, course) -> None:
    drill = stateful_drill(course)
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        open_drill(page, server, drill)
        _, path = walk(drill, "good")
        steps = {s.id: s for s in drill.steps}
        for sid, choice in list(zip(path.steps, path.choices))[:2]:
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"page scrolls sideways by {overflow}px"
            if choice is not None:
                button = page.locator(f'.drill__choice[data-choice="{choice}"]')
                box = button.bounding_box()
                assert box["width"] <= 375 and box["height"] >= 32
                button.tap()
            else:
                solve(page, steps[sid])
            page.locator(".drill__continue").tap()
    finally:
        context.close()


def test_progress_survives_a_reload(page, server, course) -> None:
    drill = stateful_drill(course)
    open_drill(page, server, drill)
    _, path = walk(drill, "bad")
    page.locator(f'.drill__choice[data-choice="{path.choices[0]}"]').click()
    page.reload()
    page.locator(".drill__log").wait_for()
    assert page.locator(".drill__turn--staff").count() == 1
    saved = json.loads(page.evaluate(f"localStorage.getItem('asa.drill.{drill.id}')"))
    assert saved["v"] == 2 and saved["answers"] == [path.choices[0]] and saved["mode"] == "practice"
    page.locator(".drill__panel fieldset").wait_for()
    order = page.locator(".drill__panel .drill__choice").evaluate_all("els => els.map(e => e.dataset.choice)")
    page.reload()
    page.locator(".drill__panel fieldset").wait_for()
    again = page.locator(".drill__panel .drill__choice").evaluate_all("els => els.map(e => e.dataset.choice)")
    assert order == again, "the shuffle is reproducible from the saved seed"


@pytest.mark.parametrize(
    "stored",
    [
        "{not json", '{"v":1,"seed":5,"answers":[{"step":"s1","answer":"a"}]}', '{"v":2,"seed":"x","answers":[]}',
        '{"v":2,"seed":5,"mode":"practice","answers":["zz",7,null]}', "null", '{"v":99}',
        '{"v":2,"seed":5,"mode":"practice","answers":[],"notes":"x"}',
    ],
)
def test_corrupt_or_old_saved_progress_is_ignored(page, server, course, stored: str) -> None:
    drill = stateful_drill(course)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server}/drills/{drill.id}.html")
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [f"asa.drill.{drill.id}", stored])
    page.reload()
    page.locator(".drill__panel fieldset").wait_for()
    assert page.locator(".drill__turn--staff").count() == 0
    _, path = walk(drill, "good")
    page.locator(f'.drill__choice[data-choice="{path.choices[0]}"]').click()
    assert page.locator(".drill__feedback").last.get_attribute("data-verdict") == "good"
    assert errors == []


def test_no_accessibility_violations_mid_play_and_in_the_debrief(page, server, course) -> None:
    from axe_playwright_python.sync_playwright import Axe

    drill = stateful_drill(course)
    open_drill(page, server, drill)
    _, path = walk(drill, "bad")
    page.locator(f'.drill__choice[data-choice="{path.choices[0]}"]').click()
    results = Axe().run(page, context=".md-content")
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]] == []
    page.locator(".drill__continue").click()
    follow(page, drill, Play(path.steps[1:], path.choices[1:], path.verdicts[1:], path.ending, path.nodes[1:]))
    page.locator(".drill__debrief").wait_for()
    results = Axe().run(page, context=".md-content")
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]] == []


def test_the_drill_page_gives_nothing_away_before_the_debrief(page, server, course) -> None:
    for drill in course.drills:
        page.goto(f"{server}/drills/{drill.id}.html")
        visible = page.locator(".md-content").inner_text()
        for skill in drill.skills:
            assert skill not in visible, f"{drill.id}: skill {skill!r} shown before the debrief"
        if drill.persona.type_label:
            assert drill.persona.type_label not in visible, f"{drill.id}: the customer's type is shown"


def test_the_drill_list_filters_and_links_every_drill(page, server, course) -> None:
    page.goto(f"{server}/drills/index.html")
    cards = page.locator(".drill-card")
    assert cards.count() == len(course.drills)
    for setting in ("phone", "online"):
        page.locator('select[data-filter="setting"]').select_option(setting)
        n = sum(1 for d in course.drills if d.setting == setting)
        assert page.locator(".drill-card:not([hidden])").count() == n > 0
        assert f"{n} / {len(course.drills)}" in page.locator(".drill-filters__count").inner_text()
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
        drill = stateful_drill(course)
        page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/drills/index.html")
        page.evaluate("window.__stayed = true")
        # (instant navigation rewrites hrefs to absolute URLs, so find the card by its title)
        page.locator(".drill-card__link", has_text=drill.title).click()
        page.locator(".drill__panel fieldset").wait_for()
        assert page.evaluate("window.__stayed === true"), "instant navigation did not keep the page alive"
        _, path = walk(drill, "good")
        page.locator(f'.drill__choice[data-choice="{path.choices[0]}"]').click()
        assert page.locator(".drill__feedback").last.get_attribute("data-verdict") == "good"
    finally:
        context.close()
        httpd.shutdown()
        httpd.server_close()


def test_a_drill_plays_from_a_file_url(page, site_dir: Path, course) -> None:
    drill = stateful_drill(course)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto((site_dir / "drills" / f"{drill.id}.html").as_uri())
    _, path = walk(drill, "good")
    page.locator(f'.drill__choice[data-choice="{path.choices[0]}"]').click()
    assert page.locator(".drill__feedback").last.get_attribute("data-verdict") == "good"
    href = page.locator(".drill__feedback").last.locator(".drill__passage a").first.get_attribute("href")
    assert (site_dir / "drills" / href.partition("#")[0]).resolve().is_file()
    page.reload()
    assert page.locator(".drill__turn--staff").count() == 1, "progress is kept under file:// too"
    assert errors == []
