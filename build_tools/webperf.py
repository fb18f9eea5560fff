"""First-load weight and Lighthouse scores of the built site, served as a real host would (`make bench`).

The site is served with gzip for text (as any web server in front of it
would), a fresh mobile browser opens one page, and the bytes the server
sent until the network is quiet are counted: that is the page's first-visit
weight on a phone.  The service worker is blocked for this count; what it
precaches in the background afterwards is reported on its own.  Lighthouse
is the npm package pinned in package.json (12.2.3, the last that runs on
Debian's Node), driving Debian's Chromium.
"""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import tempfile
import threading
from contextlib import contextmanager
from pathlib import Path

from . import static_server
from .static_server import chromium_path, launch_chromium
from .search.index import INDEX_FILE

PAGES = {"home": "index.html", "lesson": "lessons/303.html", "drill": "drills/counter-broken-glasses.html"}
FIRST_LOAD_BUDGET = 160 * 1024
_TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml", ".webmanifest", ".txt")


class _Handler(static_server.QuietHandler):
    """Static files with gzip for text, counting the bytes sent."""

    sent = 0
    lock = threading.Lock()

    def send_head(self):  # noqa: ANN201 (the base class's signature)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (path.is_file() and path.suffix in _TEXT and wants_gzip):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        return io.BytesIO(body)

    def copyfile(self, source, outputfile) -> None:  # noqa: ANN001
        data = source.read()
        outputfile.write(data)
        with self.lock:
            type(self).sent += len(data)


@contextmanager
def serve(site: Path):
    handler = type("Counting", (_Handler,), {"sent": 0})
    with static_server.serve(site, handler) as base:
        yield base, handler


def first_load(site: Path, pages: dict[str, str] = PAGES) -> dict[str, dict[str, int]]:
    """Bytes sent (body, compressed) for each page's first visit on a phone, and the background precache."""
    from playwright.sync_api import sync_playwright

    out: dict[str, dict[str, int]] = {}
    with sync_playwright() as p, serve(site) as (base, handler):
        browser = launch_chromium(p)
        try:
            for name, path in pages.items():
                context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True, service_workers="block")
                page = context.new_page()
                handler.sent = 0
                page.goto(f"{base}/{path}", wait_until="networkidle")
                page.wait_for_timeout(1500)
                first = handler.sent
                context.close()
                out[name] = {"first": first}
            context = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True)
            page = context.new_page()
            handler.sent = 0
            page.goto(f"{base}/{pages['lesson']}", wait_until="networkidle")
            page.evaluate("navigator.serviceWorker.ready")
            page.wait_for_timeout(500)
            out["_precache"] = {"first": handler.sent}
            context.close()
        finally:
            browser.close()
    return out


def lighthouse(site: Path, root: Path, pages: dict[str, str] = PAGES) -> dict[str, dict[str, int]]:
    """Lighthouse mobile scores (0–100) for performance, accessibility and best practices."""
    binary = root / "node_modules" / ".bin" / "lighthouse"
    if not binary.is_file():
        raise RuntimeError("node_modules/.bin/lighthouse is missing: run `make deps` (npm ci)")
    flags = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-dev-shm-usage"
    scores: dict[str, dict[str, int]] = {}
    with serve(site) as (base, _), tempfile.TemporaryDirectory() as tmp:
        for name, path in pages.items():
            report = Path(tmp) / f"{name}.json"
            cmd = [
                str(binary), f"{base}/{path}", f"--chrome-path={chromium_path()}", f"--chrome-flags={flags}",
                "--only-categories=performance,accessibility,best-practices", "--output=json",
                f"--output-path={report}", "--quiet", "--max-wait-for-load=60000",
            ]
            result = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
            if result.returncode != 0 or not report.is_file():
                raise RuntimeError(f"lighthouse failed on {path}: {result.stderr[-800:]}")
            data = json.loads(report.read_text(encoding="utf-8"))
            scores[name] = {k: round(100 * (v["score"] or 0)) for k, v in data["categories"].items()}
            failed = [
                a for ref in data["categories"]["accessibility"]["auditRefs"] + data["categories"]["best-practices"]["auditRefs"]
                if (a := data["audits"][ref["id"]]).get("score") is not None and a["score"] < 1 and ref["weight"] > 0
            ]
            scores[name]["_misses"] = ", ".join(sorted({a["id"] for a in failed}))  # type: ignore[assignment]
    return scores


def report(site: Path, root: Path) -> list[str]:
    lines = ["== first load on a phone (gzip, as served) =="]
    weights = first_load(site)
    for name, path in PAGES.items():
        n = weights[name]["first"]
        verdict = "within" if n <= FIRST_LOAD_BUDGET else "OVER"
        lines.append(f"{name:7} {path}: {n / 1024:.1f} KB ({verdict} the {FIRST_LOAD_BUDGET // 1024} KB budget)")
    idx = len(gzip.compress((site / INDEX_FILE).read_bytes(), compresslevel=6))
    lines.append(f"search index, fetched only when search is first opened: {idx / 1024:.1f} KB")
    lines.append(f"service worker precache, in the background after the first page: {weights['_precache']['first'] / 1024:.0f} KB")
    lines.append("")
    lines.append("== Lighthouse 12.2.3, mobile (performance / accessibility / best practices) ==")
    for name, s in lighthouse(site, root).items():
        misses = s.pop("_misses")
        lines.append(f"{name:7} {s['performance']:3} / {s['accessibility']:3} / {s['best-practices']:3}" + (f"   misses: {misses}" if misses else ""))
    return lines
