"""The Content-Security-Policy of the built pages: Material works under it, injected script does not."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from .test_hostile_content import play_drill

RECORD = """window.__csp = [];
document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""


def _policy(page_html: str) -> str:
    m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', page_html)
    assert m, "no policy"
    return m.group(1)


def test_every_page_carries_a_policy_without_inline_script(site_dir: Path) -> None:
    pages = list(site_dir.rglob("*.html"))
    assert len(pages) > 30
    for path in pages:
        page = path.read_text(encoding="utf-8")
        policy = _policy(page)
        scripts = re.search(r"script-src ([^;]+)", policy).group(1).split()
        assert scripts[0] == "'self'" and all(s.startswith("'sha256-") for s in scripts[1:]), path.name
        assert "default-src 'self'" in policy and "object-src 'none'" in policy
        assert page.index("Content-Security-Policy") < page.index("<script"), "the policy must come before any script"


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_search_and_drills_work_under_the_policy(browser, server: str, site_dir: Path, course, scheme: str) -> None:
    base = server if scheme == "http" else site_dir.as_uri()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    context.add_init_script(RECORD)
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        page.goto(f"{base}/index.html")
        box = page.locator("input.md-search__input")
        box.click()
        box.fill("投诉")
        box.press("End")
        page.locator(".md-search-result__item").first.wait_for(state="attached")
        assert page.evaluate("window.__csp") == []
        drill = course.drills[0]
        page.goto(f"{base}/drills/{drill.id}.html")
        assert play_drill(page) > 1
        assert page.evaluate("window.__csp") == []
        for rel in ("drills/assign.html", "drills/index.html", "lessons/303.html", "handbook/waiting.html"):
            page.goto(f"{base}/{rel}")
            page.wait_for_load_state("load")
            assert page.evaluate("window.__csp") == [], rel
        assert errors == []
    finally:
        context.close()


def test_the_policy_stops_script_that_got_into_a_page(browser, site_dir: Path, tmp_path: Path) -> None:
    """Defence in depth: were escaping ever to fail, handlers and javascript: links still do not run."""
    site = tmp_path / "site"
    shutil.copytree(site_dir, site)
    path = site / "lessons" / "303.html"
    page_html = path.read_text(encoding="utf-8")
    hole = (
        '<img src="x" onerror="alert(1)"><a id="probe" href="javascript:alert(2)">点我</a>'
        '<script>alert(3)</script><div onmouseover="alert(4)" id="hover">悬停</div>'
    )
    path.write_text(page_html.replace("<article", hole + "<article", 1), encoding="utf-8")
    context = browser.new_context()
    context.add_init_script(RECORD)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(path.as_uri())
        page.locator("#probe").click()
        page.locator("#hover").hover()
        page.wait_for_timeout(300)
        assert dialogs == []
        blocked = page.evaluate("window.__csp")
        assert len(blocked) >= 4 and all(v.startswith("script-src") for v in blocked), blocked
    finally:
        context.close()
