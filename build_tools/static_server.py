"""What the benchmarks and the browser tests run the site in: a static file server on
127.0.0.1 and Debian's Chromium driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, no log, and no traceback when the browser drops a connection."""

    def log_message(self, *args: object) -> None:
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass


@contextmanager
def serve(directory: Path, handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler) -> Iterator[str]:
    """Serve ``directory`` on a free port; yield its base URL (no trailing slash)."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    """Debian's Chromium (the `chromium` package), or None when it is not installed."""
    return shutil.which("chromium")


def launch_chromium(playwright):  # noqa: ANN001, ANN201 (Playwright's types are imported lazily)
    """Launch Debian's Chromium headless with ``playwright`` (a started sync_playwright())."""
    executable = chromium_path()
    if executable is None:
        raise RuntimeError("chromium is not installed: run `make sysdeps` (Debian package chromium)")
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
