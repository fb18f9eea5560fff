"""The installable, offline course: page head fixes, web app manifest, icons and service worker.

Everything here runs at build time on the finished site folder:

* :func:`patch_page` sets ``lang="zh-Hans"`` (Material writes ``zh``) and, on a
  drill page, points the skip link at the drill itself;
* :func:`write_webapp` draws the icons (PNG, pure Python), writes
  ``manifest.webmanifest`` and ``sw.js``: a small service worker that
  precaches the site so that, served over http(s), it installs and opens
  offline.  Its precache list carries a content hash per file, so a rebuilt
  site changes ``sw.js`` and the browser updates exactly the files that
  changed, then drops the old cache.  Pages register it only over http(s);
  the ``file://`` copy never sees it.

No npm generator is needed for a list of files and their hashes; the worker
itself is a template (``templates/sw.js.j2``) with no dependencies.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import zlib
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

APP_NAME = "售后服务训练营"
SHORT_NAME = "售后训练营"
THEME = "#00796b"  # Material teal 700 (the header's primary colour)
ICON_SIZES = (192, 512)

# Not precached: source maps, PDFs (large, fetched on demand and cached then),
# the sitemap, the inlined copy of the search index used only from file://, and
# lunr's stemmers and segmenters for languages the site does not use.
_SKIP = re.compile(
    r"(\.map$|^pdf/|^sitemap\.xml|^search/search_index\.js$|^sw\.js$|"
    r"^assets/javascripts/lunr/(tinyseg|wordcut)\.js$|"
    r"^assets/javascripts/lunr/min/lunr\.(?!stemmer|multi|zh)[a-z]+\.min\.js$)"
)


class WebAppError(RuntimeError):
    """The site's offline files could not be written."""


def patch_page(html: str, url: str) -> str:
    """Fix what Material writes: the language tag, the search dialog's name, the drill page's skip link."""
    patched, n = re.subn(r'<html lang="zh"', '<html lang="zh-Hans"', html, count=1)
    if n != 1:
        raise WebAppError(f"{url}: no <html lang=\"zh\"> to set to zh-Hans (did the theme change?)")
    # Material's search dialog has no name (axe: aria-dialog-name)
    patched = patched.replace('<div class="md-search" data-md-component="search" role="dialog">',
                              '<div class="md-search" data-md-component="search" role="dialog" aria-label="搜索">', 1)
    if 'id="drill"' in patched:
        patched = re.sub(r'(<a href=")#[^"]*(" class="md-skip")', r"\1#drill\2", patched, count=1)
    return patched


def _png(size: int) -> bytes:
    """The app icon: a white speech bubble with three dots on the course's teal (maskable-safe)."""
    teal = bytes.fromhex(THEME[1:])
    white = b"\xff\xff\xff"
    s = size / 512
    cx, cy, rx, ry = 256 * s, 236 * s, 150 * s, 112 * s
    tail = ((180 * s, 320 * s), (150 * s, 400 * s), (250 * s, 340 * s))
    dots = [(196 * s, 236 * s), (256 * s, 236 * s), (316 * s, 236 * s)]
    dot_r2 = (22 * s) ** 2

    def in_tail(x: float, y: float) -> bool:
        (x1, y1), (x2, y2), (x3, y3) = tail
        d = (y2 - y3) * (x1 - x3) + (x3 - x2) * (y1 - y3)
        a = ((y2 - y3) * (x - x3) + (x3 - x2) * (y - y3)) / d
        b = ((y3 - y1) * (x - x3) + (x1 - x3) * (y - y3)) / d
        return a >= 0 and b >= 0 and a + b <= 1

    rows = []
    for y in range(size):
        row = bytearray(b"\x00")
        for x in range(size):
            px, py = x + 0.5, y + 0.5
            inside = ((px - cx) / rx) ** 2 + ((py - cy) / ry) ** 2 <= 1 or in_tail(px, py)
            dot = any((px - dx) ** 2 + (py - dy) ** 2 <= dot_r2 for dx, dy in dots)
            row += teal if (dot or not inside) else white
        rows.append(bytes(row))
    raw = zlib.compress(b"".join(rows), 9)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


def manifest() -> dict:
    return {
        "name": APP_NAME,
        "short_name": SHORT_NAME,
        "description": "零售与服务人员的售后服务课程与情景演练",
        "lang": "zh-Hans",
        "start_url": "./index.html",
        "scope": "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME,
        "icons": [
            {"src": f"assets/images/icon-{n}.png", "sizes": f"{n}x{n}", "type": "image/png", "purpose": "any maskable"}
            for n in ICON_SIZES
        ],
    }


def precache_list(site: Path) -> list[dict]:
    """Every file a learner may open offline, with a hash of its content (sorted, stable)."""
    out = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if _SKIP.search(rel):
            continue
        out.append({"url": rel, "rev": hashlib.sha256(path.read_bytes()).hexdigest()[:12]})
    return out


def write_webapp(site: Path, templates: Path) -> dict:
    """Write icons, the manifest and the service worker into a built ``site``; returns what was written."""
    site = Path(site)
    if not (site / "index.html").is_file():
        raise WebAppError(f"{site} has no index.html: nothing to make installable")
    images = site / "assets" / "images"
    images.mkdir(parents=True, exist_ok=True)
    for n in ICON_SIZES:
        (images / f"icon-{n}.png").write_bytes(_png(n))
    (site / "manifest.webmanifest").write_text(json.dumps(manifest(), ensure_ascii=False, indent=1), encoding="utf-8")
    files = precache_list(site)
    version = hashlib.sha256(json.dumps(files).encode()).hexdigest()[:16]
    env = Environment(loader=FileSystemLoader(str(templates)), undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
    worker = env.get_template("sw.js.j2").render(version=version, files=json.dumps(files, separators=(",", ":")))
    (site / "sw.js").write_text(worker, encoding="utf-8")
    return {"version": version, "files": len(files), "bytes": sum((site / f["url"]).stat().st_size for f in files)}
