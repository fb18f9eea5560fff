"""Benchmarks: build speed, page weight, drill responsiveness and search quality (`make bench`).

Numbers are printed, never asserted: they are for people comparing changes.
Budgets are shown next to the numbers they apply to.
"""

from __future__ import annotations

import gzip
import statistics
import tempfile
import time
from pathlib import Path

from .build import build_site
from . import webperf
from .content import load_or_raise

PLAYER_BUDGET = 24 * 1024  # gzipped bytes for the player JS + CSS + one drill (reactions, passages, state graph)


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9))


def _kb(n: float) -> str:
    return f"{n / 1024:.1f} KB"


def _drill_data_sizes(site: Path) -> list[int]:
    import re

    sizes = []
    for page in sorted((site / "drills").glob("*.html")):
        m = re.search(r'<template class="drill__data"[^>]*>(.*?)</template>', page.read_text(encoding="utf-8"), re.S)
        if m:
            sizes.append(gz(m.group(1).encode("utf-8")))
    return sizes


def _click_to_feedback(site: Path, rounds: int = 30) -> list[float]:
    """Milliseconds from a reply's click to its feedback being in the page (Chromium)."""
    from playwright.sync_api import sync_playwright

    from .static_server import launch_chromium, serve

    times: list[float] = []
    pages = sorted((site / "drills").glob("*.html"))
    pages = [p for p in pages if p.name != "index.html"]
    with serve(site) as base, sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page()
        for i in range(rounds):
            target = pages[i % len(pages)]
            page.goto(f"{base}/drills/{target.name}")
            page.evaluate("localStorage.clear()")
            page.reload()
            if page.locator(".drill__choice").count() == 0:
                continue
            ms = page.evaluate(
                """() => new Promise(resolve => {
                    const log = document.querySelector('.drill__log');
                    const t0 = performance.now();
                    const seen = new MutationObserver(() => {
                      if (log.querySelector('.drill__feedback')) {
                        seen.disconnect();
                        requestAnimationFrame(() => resolve(performance.now() - t0));
                      }
                    });
                    seen.observe(log, {childList: true});
                    document.querySelector('.drill__choice').click();
                })"""
            )
            times.append(ms)
        browser.close()
    return times


def bench_site(root: Path) -> str:
    root = Path(root)
    course = load_or_raise(root)
    lines = ["== site =="]
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        site = build_site(root, Path(tmp) / "site", quiet=True)
        build_s = time.perf_counter() - t0
        pages = list(site.rglob("*.html"))
        total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
        lines.append(f"build (mkdocs --strict, {len(pages)} pages): {build_s:.1f} s")
        lines.append(f"site size: {total / 1024 / 1024:.1f} MB on disk")

        js = gz((site / "assets" / "javascripts" / "drill-player.js").read_bytes())
        css = gz((site / "assets" / "stylesheets" / "drill.css").read_bytes())
        data = _drill_data_sizes(site)
        lesson_html = gz((site / "lessons" / "303.html").read_bytes())
        course_css = gz((site / "assets" / "stylesheets" / "course.css").read_bytes())
        drill_page = max((site / "drills").glob("*.html"), key=lambda p: p.stat().st_size)
        lines.append("")
        lines.append("== drill page weight (gzipped) ==")
        lines.append(f"player JS: {_kb(js)}   player CSS: {_kb(css)}")
        lines.append(f"drill data: median {_kb(statistics.median(data))}, largest {_kb(max(data))} ({len(data)} drills)")
        player = js + css + max(data)
        verdict = "within" if player <= PLAYER_BUDGET else "OVER"
        lines.append(f"player + largest drill: {_kb(player)} ({verdict} the {_kb(PLAYER_BUDGET)} budget)")
        lines.append(
            f"plain lesson page (303.html + course.css): {_kb(lesson_html + course_css)}; "
            f"largest drill page HTML: {_kb(gz(drill_page.read_bytes()))}"
        )
        lines.append(f"added weight of a drill page over a lesson page: x{(player) / (lesson_html + course_css):.2f} of the lesson's own weight")
        lines.append("")
        lines.append("== drill responsiveness (Chromium, headless) ==")
        times = _click_to_feedback(site)
        if times:
            lines.append(
                f"click → feedback shown: median {statistics.median(times):.1f} ms, "
                f"p90 {sorted(times)[int(len(times) * 0.9) - 1]:.1f} ms over {len(times)} clicks"
            )
        lines.append("")
        from .search.bench import bench_search

        lines.append(bench_search(site, root, course))
        lines.append("")
        lines.extend(webperf.report(site, root))
    lines.append("")
    lines.append(f"course: {len(course.lessons)} lessons, {len(course.causes)} causes, {len(course.drills)} drills")
    return "\n".join(lines)
