"""Install and offline over http, file:// untouched, and "my progress" in the browser."""

from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path

import pytest

from build_tools import webapp
from build_tools.static_server import serve

from .test_browser_drills import follow, open_drill, stateful_drill, walk

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def own_site(site_dir: Path, tmp_path: Path):
    """A private copy of the built site on its own server (tests here rebuild it)."""
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    with serve(copy) as base:
        yield copy, base


def installed(page) -> str:
    """Wait until the service worker has precached the site and controls the page; its version."""
    return page.evaluate(
        """async () => {
            const reg = await navigator.serviceWorker.ready;
            if (!navigator.serviceWorker.controller) {
              await new Promise(r => navigator.serviceWorker.addEventListener('controllerchange', r, {once: true}));
            }
            const keys = await caches.keys();
            return keys.filter(k => k.startsWith('asa-site-')).join(',');
        }"""
    )


def rebuild(site: Path, marker: str) -> None:
    """What a rebuilt site looks like to the browser: a changed page and a new sw.js."""
    lesson = site / "lessons" / "303.html"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("</h1>", f"</h1><p id='rebuilt'>{marker}</p>", 1), encoding="utf-8")
    webapp.write_webapp(site, ROOT / "build_tools" / "templates")


# ---------- build output ----------


def test_the_site_has_a_manifest_with_generated_icons(site_dir: Path) -> None:
    manifest = json.loads((site_dir / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["lang"] == "zh-Hans" and manifest["display"] == "standalone" and manifest["start_url"] == "./index.html"
    sizes = set()
    for icon in manifest["icons"]:
        data = (site_dir / icon["src"]).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        w, h = struct.unpack(">II", data[16:24])
        assert f"{w}x{h}" == icon["sizes"]
        sizes.add(w)
    assert {192, 512} <= sizes


def test_the_service_worker_precaches_every_page_with_a_content_hash(site_dir: Path) -> None:
    files = webapp.precache_list(site_dir)
    listed = {f["url"] for f in files}
    pages = {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")}
    assert pages <= listed
    assert "search/search_index.json" in listed and "manifest.webmanifest" in listed
    assert not any(u.endswith(".map") or u.startswith("pdf/") or u == "sw.js" for u in listed)
    worker = (site_dir / "sw.js").read_text(encoding="utf-8")
    assert json.dumps(files, separators=(",", ":")) in worker


def test_a_changed_file_changes_the_service_worker(site_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    before = webapp.write_webapp(copy, ROOT / "build_tools" / "templates")
    again = webapp.write_webapp(copy, ROOT / "build_tools" / "templates")
    assert before["version"] == again["version"], "an unchanged site keeps its worker"
    rebuild(copy, "new")
    after = webapp.write_webapp(copy, ROOT / "build_tools" / "templates")
    assert after["version"] != before["version"]


def test_a_page_without_the_theme_language_fails_loudly() -> None:
    with pytest.raises(webapp.WebAppError, match="zh-Hans"):
        webapp.patch_page("<html lang='en'><body></body></html>", "x.html")


# ---------- in the browser ----------


def test_served_over_http_it_installs_then_opens_unvisited_pages_offline(browser, own_site) -> None:
    site, base = own_site
    context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{base}/index.html")
        assert page.locator('link[rel="manifest"]').count() == 1
        assert installed(page).startswith("asa-site-")
        context.set_offline(True)
        for path in ("lessons/317.html", "handbook/customer-flow.html", "drills/index.html", "progress.html"):
            page.goto(f"{base}/{path}")
            assert page.locator(".md-content h1").count() == 1, f"{path} did not open offline"
        page.goto(f"{base}/drills/counter-broken-glasses.html?mode=test")
        page.locator(".drill__choice").first.wait_for()
        page.goto(f"{base}/")
        assert "售后服务训练营" in page.locator("h1").inner_text()
    finally:
        context.close()


def test_a_rebuilt_site_updates_cleanly_and_keeps_progress(browser, own_site) -> None:
    site, base = own_site
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(60_000)
    try:
        page.goto(f"{base}/lessons/303.html")
        first = installed(page)
        page.locator(".read-mark__button").click()
        rebuild(site, "第二版")
        second = page.evaluate(
            """async () => {
                const reg = await navigator.serviceWorker.getRegistration();
                const changed = new Promise(r => navigator.serviceWorker.addEventListener('controllerchange', r, {once: true}));
                await reg.update();
                await changed;
                const worker = navigator.serviceWorker.controller;
                if (worker.state !== 'activated') {
                  await new Promise(r => worker.addEventListener('statechange', () => worker.state === 'activated' && r()));
                }
                return (await caches.keys()).filter(k => k.startsWith('asa-site-')).join(',');
            }"""
        )
        assert second != first and "," not in second, "exactly one site cache: the new one"
        context.set_offline(True)
        page.goto(f"{base}/lessons/303.html")
        assert page.locator("#rebuilt").inner_text() == "第二版"
        assert page.locator(".read-mark__button").get_attribute("aria-pressed") == "true"
        page.goto(f"{base}/progress.html")
        assert page.locator('[data-lesson="303"] .progress-state').get_attribute("data-state") == "read"
    finally:
        context.close()


def test_the_file_copy_registers_no_worker(page, site_dir: Path) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto((site_dir / "lessons" / "303.html").as_uri())
    page.wait_for_timeout(1500)
    assert page.locator('link[rel="manifest"]').count() == 0
    assert page.evaluate("navigator.serviceWorker ? navigator.serviceWorker.controller : null") is None
    page.locator(".read-mark__button").click()
    assert page.locator(".read-mark__button").get_attribute("aria-pressed") == "true"
    assert errors == []


def test_progress_marks_continue_and_the_progress_page_survive_a_reload(page, server, course) -> None:
    page.on("dialog", lambda d: d.accept())
    drill = stateful_drill(course)
    page.goto(f"{server}/index.html")
    page.evaluate("localStorage.clear()")
    page.reload()
    assert page.locator(".continue-box").is_hidden()
    page.goto(f"{server}/lessons/309.html")
    page.locator(".read-mark__button").click()
    page.reload()
    assert page.locator(".read-mark__button").get_attribute("aria-pressed") == "true"
    page.goto(f"{server}/drills/{drill.id}.html?mode=practice")
    page.locator(".drill__panel fieldset").wait_for()
    _, bad = walk(drill, "bad")
    follow(page, drill, bad)
    score = page.locator(".drill__score")
    got = f'得分 {score.get_attribute("data-score")} / {score.get_attribute("data-max")}'
    page.goto(f"{server}/index.html")
    link = page.locator(".continue-box__link")
    assert "继续上次的学习" in page.locator(".continue-box").inner_text()
    assert link.inner_text() == drill.title
    page.goto(f"{server}/progress.html")
    page.reload()
    assert page.locator('[data-lesson="309"] .progress-state').inner_text() == "✓ 已读"
    assert page.locator('[data-lesson="303"] .progress-state').inner_text() == "未读"
    row = page.locator(f'li[data-drill="{drill.id}"]').first
    assert got in row.inner_text()
    weak = [v for v in bad.verdicts if v in ("bad", "acceptable")]
    retry = page.locator(f'.progress-retry li[data-drill="{drill.id}"]')
    assert retry.count() == len(weak) > 0
    assert page.locator(".progress-retry li").count() == len(weak)


@pytest.mark.parametrize(
    "key, stored",
    [
        ("asa.read", "{not json"), ("asa.read", '{"v":1,"lessons":[1,2]}'), ("asa.read", '{"v":7,"lessons":{"303":1}}'),
        ("asa.last", '{"v":1,"path":"javascript:alert(1)","title":"x"}'), ("asa.last", "null"),
        ("asa.drill.counter-broken-glasses", '{"v":2,"seed":1,"answers":["zz",7,null],"done":true,"score":"x"}'),
    ],
)
def test_corrupt_or_old_progress_is_ignored(page, server, key: str, stored: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server}/index.html")
    page.evaluate("localStorage.clear()")
    page.evaluate("([k, v]) => localStorage.setItem(k, v)", [key, stored])
    for path in ("index.html", "progress.html", "lessons/303.html"):
        page.goto(f"{server}/{path}")
    assert page.locator(".read-mark__button").get_attribute("aria-pressed") == "false"
    page.goto(f"{server}/index.html")
    assert page.locator(".continue-box").is_hidden() or "javascript" not in (page.locator(".continue-box__link").get_attribute("href") or "")
    assert errors == []


def test_progress_exports_and_imports_as_a_file(page, server, tmp_path: Path) -> None:
    page.goto(f"{server}/lessons/303.html")
    page.evaluate("localStorage.clear()")
    page.reload()
    page.locator(".read-mark__button").click()
    page.goto(f"{server}/progress.html")
    with page.expect_download() as download:
        page.locator(".progress-export").click()
    saved = tmp_path / "progress.json"
    download.value.save_as(saved)
    data = json.loads(saved.read_text(encoding="utf-8"))
    assert data["format"] == "asa-progress" and "asa.read" in data["items"]
    page.evaluate("localStorage.clear()")
    page.reload()
    assert page.locator('[data-lesson="303"] .progress-state').get_attribute("data-state") == "unread"
    page.locator(".progress-import").set_input_files(str(saved))
    page.locator(".progress-status").filter(has_text="已导入").wait_for()
    assert page.locator('[data-lesson="303"] .progress-state').get_attribute("data-state") == "read"
    page.reload()
    assert page.locator('[data-lesson="303"] .progress-state').get_attribute("data-state") == "read"
    # a file that is not ours changes nothing
    junk = tmp_path / "junk.json"
    junk.write_text('{"items": {"asa.read": "{}"}}', encoding="utf-8")
    page.locator(".progress-import").set_input_files(str(junk))
    page.locator(".progress-status").filter(has_text="不是本课程").wait_for()
    assert page.locator('[data-lesson="303"] .progress-state').get_attribute("data-state") == "read"
