"""A Content-Security-Policy for every built page (defence in depth).

Content text is escaped (see :mod:`build_tools.render.text`); should a hole
ever open, the policy still keeps the browser from running what got through:
scripts run only from the site's own files and from the inline scripts that
the theme writes, each allowed by its SHA-256 hash, so an inline event
handler (``onerror=…``) or a ``javascript:`` URL never runs.  Nothing is
loaded from outside the site.

The policy goes into each page as a ``<meta http-equiv>`` element (a static
site sets no headers), computed after the build from the page as written.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)
_TYPE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.I)
_HEAD = re.compile(r"<head(\s[^>]*)?>", re.I)
_JS_TYPES = {"", "text/javascript", "application/javascript", "module"}

_CONFIG_SEARCH = re.compile(r'<script id="__config" type="application/json">.*?"search":\s*"([^"]+)"', re.S)
_SHIM_TEMPLATE = re.compile(r"document\.write\(`<html><body><script>(?P<code>.*?)<\\/script>")
_PLACEHOLDER = re.compile(r"\$\{(\w+)\}")


class PolicyError(RuntimeError):
    """The policy cannot be computed (the offline-search shim is not the code this module knows)."""


def _function_source(code: str, name: str) -> str:
    """The source of ``function name(…){…}`` in minified code, as ``String(fn)`` gives it."""
    start = code.find(f"function {name}(")
    if start < 0:
        raise PolicyError(f"function {name} not found")
    depth, i = 0, code.index("{", start)
    while i < len(code):
        depth += {"{": 1, "}": -1}.get(code[i], 0)
        if depth == 0:
            return code[start : i + 1]
        i += 1
    raise PolicyError(f"function {name} does not end")


def shim_script(shim: str, worker_url: str) -> str:
    """The inline script the iframe-worker shim writes into its frame for ``worker_url``.

    Under ``file://`` the offline-search shim runs Material's search worker in
    a hidden frame, written with ``document.write``; the frame inherits the
    page's policy, so that script needs its hash too.  It is rebuilt here from
    the shim's own code: the template, with the shim's two functions and the
    worker URL put in.
    """
    m = _SHIM_TEMPLATE.search(shim)
    if m is None:
        raise PolicyError("the iframe-worker shim no longer writes its frame as this module expects")
    names = {"e": worker_url}

    def fill(p: re.Match) -> str:
        name = p.group(1)
        return names[name] if name in names else _function_source(shim, name)

    return _PLACEHOLDER.sub(fill, m.group("code"))


def _hash(code: str) -> str:
    digest = hashlib.sha256(code.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def inline_script_hashes(html: str) -> list[str]:
    """The hash of every inline script the browser would run, in page order."""
    out = []
    for m in _INLINE_SCRIPT.finditer(html):
        attrs = m.group("attrs") or ""
        if re.search(r"\ssrc\s*=", attrs, re.I):
            continue
        kind = _TYPE.search(attrs)
        if kind and kind.group(1).lower() not in _JS_TYPES:
            continue  # data (e.g. Material's JSON configuration), never run
        out.append(_hash(m.group("body")))
    return list(dict.fromkeys(out))


def policy(html: str, shim: str | None = None) -> str:
    """The policy for one page (``shim``: the iframe-worker shim's code, when the site has it)."""
    hashes = inline_script_hashes(html)
    search = _CONFIG_SEARCH.search(html)
    if shim is not None and search is not None:
        hashes.append(_hash(shim_script(shim, search.group(1))))
    scripts = " ".join(["'self'", *hashes])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "frame-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def add_policy(html: str, shim: str | None = None) -> str:
    """The page with its policy as the first element of `<head>`."""
    m = _HEAD.search(html)
    if m is None:
        raise PolicyError("page has no <head>")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, shim)}">'
    return html[: m.end()] + "\n    " + meta + html[m.end() :]


def protect_site(site_dir: Path, shim: Path | None = None) -> int:
    """Add the policy to every HTML page of a built site; return the number of pages.

    ``shim`` is the site's copy of the iframe-worker shim (offline search).
    """
    shim_code = shim.read_text(encoding="utf-8") if shim is not None and shim.is_file() else None
    pages = sorted(Path(site_dir).rglob("*.html"))
    for path in pages:
        html = path.read_text(encoding="utf-8")
        if 'http-equiv="Content-Security-Policy"' in html:
            continue  # already protected (a live-reload rebuild)
        path.write_text(add_policy(html, shim_code), encoding="utf-8")
    return len(pages)
