"""A new hire on a phone (375×812): drills at a glance, legible pictures,
Chinese typography, and the exercises by touch and by keyboard."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from build_tools.drill_logic import Play
from build_tools.models.drill import MatchStep, SpotStep

from .test_browser_drills import drill_with, follow, open_drill, walk
from .test_browser_site import search

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
CJK = re.compile(r"[\u3400-\u9fff]")

# One page of each type.
PAGE_TYPES = [
    "index.html", "lessons/303.html", "causes/index.html", "causes/slow-response.html", "handbook/customer-flow.html",
    "handbook/complaint-stats.html", "articles/complaints/tarp.html", "drills/index.html", "drills/assign.html",
    "topics/index.html", "progress.html",
]

SMALLEST_LABEL = """() => {
  const sizes = [];
  document.querySelectorAll('svg.chart, svg.diagram').forEach(svg => {
    const box = svg.getBoundingClientRect();
    if (!box.width || getComputedStyle(svg).display === 'none') return;
    const scale = box.width / svg.viewBox.baseVal.width;
    svg.querySelectorAll('text').forEach(t => sizes.push(parseFloat(getComputedStyle(t).fontSize) * scale));
  });
  return sizes;
}"""

ITALIC_CJK = r"""() => {
  const bad = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!/[\u3400-\u9fff]/.test(node.textContent)) continue;
    const el = node.parentElement;
    if (!el || !el.getClientRects().length) continue;
    const style = getComputedStyle(el).fontStyle;
    if (style !== 'normal') bad.push(el.tagName + '.' + el.className + ': ' + node.textContent.trim().slice(0, 20));
  }
  return bad;
}"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(**PHONE, locale="zh-CN", service_workers="block")
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def chart_pages(site_dir: Path) -> list[str]:
    return sorted(
        p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")
        if 'class="chart ' in (text := p.read_text(encoding="utf-8")) or 'class="diagram ' in text
    )


def test_every_drill_shows_the_first_line_and_reply_on_the_first_screen(phone, server, course) -> None:
    for drill in course.drills:
        open_drill(phone, server, drill)
        # the customer's first line, or the task of a drill that opens with an exercise
        line = phone.locator(".drill__log .drill__turn, .drill__panel .drill__prompt").first.bounding_box()
        reply = phone.locator(".drill__panel").locator(".drill__choice, .drill__order-item, .drill__spot-line, .drill__match-option, textarea").first
        box = reply.bounding_box()
        assert line and line["y"] >= 0 and line["y"] + line["height"] <= 812, f"{drill.id}: the first line is off screen"
        assert box["y"] + box["height"] <= 812, f"{drill.id}: the first reply ends at {box['y'] + box['height']:.0f}px"
        # the persona's details fold away but stay one tap away
        assert not phone.locator(".drill__persona").is_visible()
        phone.locator("details.drill-brief > summary").tap()
        assert phone.locator(".drill__persona").is_visible()


def test_the_drill_is_the_first_stop_after_the_skip_link(page, server, course) -> None:
    drill = drill_with(course, "choice")
    open_drill(page, server, drill)
    page.keyboard.press("Tab")
    assert "md-skip" in page.evaluate("document.activeElement.className")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.drill') !== null")
    assert "drill__choice" in page.evaluate("document.activeElement.className")


@pytest.mark.parametrize("width", [375, 1280])
def test_no_chart_or_diagram_label_is_drawn_below_12px(browser, server, site_dir: Path, width: int) -> None:
    pages = chart_pages(site_dir)
    assert len(pages) >= 5
    context = browser.new_context(viewport={"width": width, "height": 812}, service_workers="block")
    page = context.new_page()
    try:
        for path in pages:
            page.goto(f"{server}/{path}")
            sizes = page.evaluate(SMALLEST_LABEL)
            assert sizes, f"{path}: no chart drawn at {width}px"
            assert min(sizes) >= 12, f"{path}: a label is drawn at {min(sizes):.1f}px on a {width}px screen"
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
    finally:
        context.close()


def test_every_diagram_has_its_steps_as_text(site_dir: Path) -> None:
    for path in chart_pages(site_dir):
        html = (site_dir / path).read_text(encoding="utf-8")
        for svg in re.findall(r'<svg class="diagram diagram--flow".*?</svg>', html, re.S):
            drawn = [t for t in re.findall(r'class="diagram__text[^"]*"[^>]*>([^<]+)<', svg)]
            body = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
            text = re.sub(r"<[^>]+>", "", body)
            assert "".join(drawn) and all(part in text for part in drawn), f"{path}: a diagram step is only in the picture"


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_no_chinese_is_set_in_italics(phone, server, path: str) -> None:
    phone.goto(f"{server}/{path}")
    assert phone.evaluate("document.documentElement.lang") == "zh-Hans"
    assert phone.evaluate(ITALIC_CJK) == []


def test_no_italics_in_a_played_drill_nor_in_search(page, server, course) -> None:
    page.on("dialog", lambda d: d.accept())
    drill = drill_with(course, "spot")
    open_drill(page, server, drill)
    follow(page, drill, walk(drill, "bad")[1])
    assert page.locator(".drill__end").is_visible()
    assert page.evaluate(ITALIC_CJK) == []
    found = search(page, "禁用语 邮递员")  # one word of the course, one not in it
    assert found, "the course's word still finds its pages"
    assert page.locator(".md-search-result__terms").count() == 0, "no struck-through 缺少 line"
    assert page.evaluate(ITALIC_CJK) == []


def test_every_built_page_declares_simplified_chinese(site_dir: Path) -> None:
    pages = list(site_dir.rglob("*.html"))
    wrong = [p.name for p in pages if '<html lang="zh-Hans"' not in p.read_text(encoding="utf-8")[:500]]
    assert pages and wrong == []


def test_instructions_are_body_size_and_scenes_keep_their_labels(phone, server) -> None:
    phone.goto(f"{server}/index.html")
    body = phone.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset p')).fontSize)")
    tip = phone.evaluate("parseFloat(getComputedStyle(document.querySelector('.admonition.tip p:not(.admonition-title)')).fontSize)")
    assert tip >= body >= 16
    phone.goto(f"{server}/lessons/303.html")
    for kind in ("bad", "good"):
        scene = phone.locator(f"figure.dialogue--{kind}").first
        box = scene.bounding_box()
        phone.evaluate(f"window.scrollBy(0, {box['y'] + box['height'] / 2})")
        label = phone.locator(f"figure.dialogue--{kind} .dialogue__caption").first.bounding_box()
        assert 0 <= label["y"] <= 120, f"the {kind} scene's label scrolled away ({label['y']:.0f}px)"
    styles = phone.evaluate("""() => ['bad', 'good'].map(k => {
        const s = getComputedStyle(document.querySelector('figure.dialogue--' + k));
        return [s.borderLeftStyle, s.backgroundColor, document.querySelector('figure.dialogue--' + k + ' .dialogue__verdict').textContent];
    })""")
    assert styles[0][0] != styles[1][0], "wrong and right scenes differ by more than colour (the frame)"
    assert styles[0][1] != styles[1][1] and styles[0][2] != styles[1][2]


def _open_exercise(page, server, course, kind: str):
    drill = drill_with(course, kind)
    _, path = walk(drill, "good")
    steps = {s.id: s for s in drill.steps}
    open_drill(page, server, drill)
    k = next(i for i, sid in enumerate(path.steps) if steps[sid].kind == kind)
    prefix = Play(steps=path.steps[:k], choices=path.choices[:k], verdicts=path.verdicts[:k], ending=None, nodes=path.nodes[:k])
    follow(page, drill, prefix)
    return drill, steps[path.steps[k]]


@pytest.mark.parametrize("how", ["touch", "keyboard"])
def test_matching_shows_whole_answers_by_touch_and_keyboard(phone, server, course, how: str) -> None:
    drill, step = _open_exercise(phone, server, course, "match")
    assert isinstance(step, MatchStep)
    assert phone.locator(".drill__panel select").count() == 0
    for pair in step.pairs:
        label = phone.locator(f'[data-pair="{pair.id}"] label').filter(has_text=pair.right).first
        assert label.inner_text() == pair.right, "the answer is shown whole"
        box = label.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    for pair in reversed(step.pairs):
        group = phone.locator(f'[data-pair="{pair.id}"]')
        if how == "touch":
            group.locator("label").filter(has_text=pair.right).first.tap()
        else:
            group.locator("input").first.focus()
            phone.keyboard.press("Space")
            for _ in range(len(step.pairs)):
                if group.locator(f'input[value="{pair.id}"]').is_checked():
                    break
                phone.keyboard.press("ArrowDown")
        assert group.locator(f'input[value="{pair.id}"]').is_checked()
    phone.locator(".drill__panel .drill__submit").focus()
    phone.keyboard.press("Enter")
    assert phone.locator(".drill__feedback").last.get_attribute("data-verdict") == "good"


@pytest.mark.parametrize("how", ["touch", "keyboard"])
def test_spot_the_fault_flags_only_staff_lines_and_says_what_was_marked(phone, server, course, how: str) -> None:
    drill, step = _open_exercise(phone, server, course, "spot")
    assert isinstance(step, SpotStep)
    customer = [ln for ln in step.lines if ln.speaker == drill.persona.name]
    staff = [ln for ln in step.lines if ln.speaker != drill.persona.name]
    assert customer and staff
    for ln in customer:
        assert phone.locator(f'.drill__spot-line[data-line="{ln.id}"]').count() == 0, "a customer line can be flagged"
    assert phone.locator(".drill__spot-line").count() == len(staff)
    # flag one faulty line and one sound line (if any), miss the rest
    faulty = [ln for ln in staff if ln.faulty]
    sound = [ln for ln in staff if not ln.faulty]
    marked = [faulty[0]] + sound[:1]
    for ln in marked:
        button = phone.locator(f'.drill__spot-line[data-line="{ln.id}"]')
        if how == "touch":
            button.tap()
        else:
            button.focus()
            phone.keyboard.press("Enter")
        assert button.get_attribute("aria-pressed") == "true"
    phone.locator(".drill__panel .drill__submit").tap()
    feedback = phone.locator(".drill__feedback").last
    for ln in staff:
        item = feedback.locator(f'.drill__solution li[data-line="{ln.id}"]')
        text = item.inner_text()
        assert ("你标出的：是" if ln in marked else "你标出的：否") in text
        assert ("应该标出的：是" if ln.faulty else "应该标出的：否") in text
        assert ("判断正确" if (ln in marked) == ln.faulty else "判断有误") in text
    for ln in customer:
        assert feedback.locator(f'.drill__solution li[data-line="{ln.id}"]').count() == 0


def test_focus_goes_to_the_first_line_after_a_replay(page, server, course) -> None:
    page.on("dialog", lambda d: d.accept())
    drill = drill_with(course, "choice")
    open_drill(page, server, drill)
    follow(page, drill, walk(drill, "good")[1])
    page.locator(".drill__end .drill__restart").click()
    first_line = "document.activeElement === document.querySelector('.drill__log .drill__turn')"
    assert page.evaluate(first_line)
    page.locator(".drill__continue, .drill__choice").first.wait_for()
    page.locator(".drill__choice").first.click()
    page.locator(".drill__restart--top").click()
    assert page.evaluate(first_line)
