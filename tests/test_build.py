"""The real site: strict build, safe replacement, no noise, nothing external."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Noise the sources carry (see the seeds' README); none of it may be shown.
NOISE = [
    "首页 上一章", "上一章", "下一章", "书架", "聚合中文网", "juhezwn", "小提示", "漏章",
    "着名的销售", "着名的推销", "着名的营销", "从新建立", "达到时间", "jdb", "电子游戏平台", "\ufffd", "??", "HEIGHT:", "POSITION:", "ITION",
    "coordsize", "26.JPG", "顾客的.批评", "利润 >利润", "懈?", "_第1页", "下载本文档", "版权说明", "继续免费阅读",
    "人气:", "人气：", "l、",
]
# Pinyin left behind after characters, e.g. 营业(yè)厅.
PINYIN = re.compile(r"[\u4e00-\u9fff]\((?:[a-z]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü][a-z]*)+\)")


def visible_text(page: str) -> str:
    """The text a reader sees as course text (the editorial note quotes the source on purpose)."""
    page = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'<details class="editorial-note".*?</details>', " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_strict_build_has_every_page(site_dir: Path, course) -> None:
    assert (site_dir / "index.html").is_file()
    assert (site_dir / "topics" / "index.html").is_file()
    for topic in course.topics:
        assert (site_dir / "topics" / topic.id / "index.html").is_file()
    for lesson in course.lessons:
        page = (site_dir / "lessons" / f"{lesson.id}.html").read_text(encoding="utf-8")
        assert lesson.title in visible_text(page)
    assert not list(site_dir.rglob("*.yaml")), "content sources must not be published"


def test_site_is_chinese_and_uses_no_web_fonts(site_dir: Path) -> None:
    page = (site_dir / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hans"' in page
    assert "fonts.googleapis" not in page and "fonts.gstatic" not in page


def test_noise_never_reaches_the_site(site_dir: Path) -> None:
    pages = list(site_dir.rglob("*.html"))
    assert len(pages) > 30
    for path in pages:
        text = visible_text(path.read_text(encoding="utf-8"))
        for noise in NOISE:
            assert noise not in text, f"{path.relative_to(site_dir)} shows {noise!r}"
        assert not PINYIN.search(text), f"{path.relative_to(site_dir)} shows pinyin: {PINYIN.search(text).group(0)}"
        raw = path.read_text(encoding="utf-8")
        assert "jdb" not in raw and "电子游戏平台" not in raw, f"{path.relative_to(site_dir)} carries the spam, even if hidden"
    from build_tools.search.index import INDEX_FILE

    index = (site_dir / INDEX_FILE).read_text(encoding="utf-8")
    for noise in NOISE:
        assert noise not in index, f"the search index carries {noise!r}"


def test_pages_load_nothing_from_outside(site_dir: Path) -> None:
    external = re.compile(r"""<(?:script|link|img|iframe|source)\b[^>]*\b(?:src|href)=["']?(?:https?:)?//""", re.I)
    for path in site_dir.rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        assert not external.search(page), f"{path.relative_to(site_dir)} loads an external resource"
    for css in site_dir.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", css.read_text(encoding="utf-8")), css.name


def test_offline_search_index_and_shim_are_local(site_dir: Path) -> None:
    assert (site_dir / "search" / "search_index.js").read_text(encoding="utf-8").startswith("var __index")
    page = (site_dir / "index.html").read_text(encoding="utf-8")
    assert 'src="assets/javascripts/iframe-worker-shim.js"' in page
    assert (site_dir / "assets" / "javascripts" / "iframe-worker-shim.js").stat().st_size > 500


def _project_copy(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    for name in ("docs", "build_tools", "drills"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    for package in ("iframe-worker", "qrcode-generator", "fflate"):  # what the hook copies into the site
        shutil.copytree(ROOT / "node_modules" / package, root / "node_modules" / package)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("last good site", encoding="utf-8")
    return root


def _build(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "build_tools", "--root", str(root), "build", "--quiet"],
        capture_output=True, text=True,
    )


@pytest.mark.parametrize("breakage", ["bad-content", "missing-shim"])
def test_a_failed_build_keeps_the_last_good_site(tmp_path: Path, breakage: str) -> None:
    root = _project_copy(tmp_path)
    if breakage == "bad-content":
        lesson = root / "docs" / "lessons" / "303.yaml"
        lesson.write_text(lesson.read_text(encoding="utf-8").replace("speaker: 客户", "speaker: 售货员", 1), encoding="utf-8")
    else:
        shutil.rmtree(root / "node_modules")
    result = _build(root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (root / "site" / "index.html").read_text(encoding="utf-8") == "last good site"
    assert not list(root.glob(".site-*")), "temporary build folders must be cleaned up"
    if breakage == "bad-content":
        assert "docs/lessons/303.yaml:" in result.stderr and "售货员" in result.stderr
    else:
        assert "make deps" in result.stderr


def test_every_chart_shows_the_numbers_of_its_yaml(site_dir: Path, course) -> None:
    """Bars, labels and the table beside each chart carry exactly the YAML's figures."""
    from build_tools.render.pages import relative  # noqa: F401

    refs = course.refs()
    checked = 0
    for key, item in course.items():
        for block in getattr(item, "body", []):
            if getattr(block, "type", None) != "stats":
                continue
            path = refs[key.removesuffix("/index")].path if key.endswith("/index") else refs[key].path
            page = (site_dir / path.replace(".md", ".html")).read_text(encoding="utf-8")
            want = [f"{f.value:g}" for f in block.figures]
            table = re.search(rf'data-chart-table="{block.id}">(.*?)</table>', page, re.S)
            assert table, f"no table for chart {block.id} on {path}"
            assert re.findall(r'<td data-value="([^"]+)"', table.group(1)) == want
            if block.chart == "bar":
                svg = re.search(rf'<svg[^>]*data-chart="{block.id}".*?</svg>', page, re.S)
                assert svg, f"no chart {block.id} on {path}"
                assert re.findall(r'class="chart__bar"[^>]*data-value="([^"]+)"', svg.group(0)) == want
                assert "<title" in svg.group(0) and "<desc" in svg.group(0) and 'role="img"' in svg.group(0)
            checked += 1
    assert checked >= 5


def test_diagrams_are_accessible_svg_beside_their_steps(site_dir: Path) -> None:
    page = (site_dir / "articles" / "complaints" / "five-steps.html").read_text(encoding="utf-8")
    svg = re.search(r'<svg class="diagram diagram--flow".*?</svg>', page, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    drawn = "".join(re.findall(r'class="diagram__text"[^>]*>([^<]+)<', svg))
    steps_list = re.search(r'<ol class="steps__list">(.*?)</ol>', page, re.S).group(1)
    names = re.findall(r"<li><strong>([^<]+)</strong>", steps_list)
    assert len(names) == 5
    assert drawn == "".join(names)
    assert "<script" not in svg


def test_serve_rebuilds_when_a_yaml_file_changes(tmp_path: Path) -> None:
    """`python -m build_tools serve` serves on the given address and picks up YAML edits."""
    import socket
    import time
    import urllib.request

    root = _project_copy(tmp_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "build_tools", "--root", str(root), "serve", "--addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )

    def page_title(deadline: float) -> str:
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/lessons/295.html", timeout=2) as response:
                    return re.search(r"<h1[^>]*>(.*?)</h1>", response.read().decode("utf-8")).group(1)
            except OSError:
                time.sleep(0.5)
        raise AssertionError("the server did not answer in time")

    try:
        assert page_title(time.monotonic() + 240) == "第295课 成交之后不要快速离开"  # a first build on a busy machine
        lesson = root / "docs" / "lessons" / "295.yaml"
        lesson.write_text(lesson.read_text(encoding="utf-8").replace("title: 成交之后不要快速离开", "title: 成交之后请多留一会儿"), encoding="utf-8")
        deadline = time.monotonic() + 240
        while page_title(deadline) != "第295课 成交之后请多留一会儿":
            time.sleep(0.5)
            assert time.monotonic() < deadline, "the edit did not reach the served page"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
