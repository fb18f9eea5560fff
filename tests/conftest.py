"""Shared fixtures: the project, a built site, a local web server and Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from build_tools.build import build_site
from build_tools.content import load_or_raise
from build_tools.static_server import chromium_path, launch_chromium, serve

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snapshots", action="store_true", help="rewrite tests/snapshots/ from the current output"
    )


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def course():
    return load_or_raise(ROOT)


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test run with `mkdocs build --strict`."""
    out = tmp_path_factory.mktemp("site") / "site"
    return build_site(ROOT, out, quiet=True)


@pytest.fixture(scope="session")
def server(site_dir: Path):
    """Serve the built site on 127.0.0.1 (a random free port)."""
    with serve(site_dir) as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright (no downloaded browser)."""
    from playwright.sync_api import sync_playwright

    if chromium_path() is None:
        pytest.fail("chromium is not installed: run `make sysdeps` (Debian package chromium)")
    with sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    # The service worker has tests of its own (test_browser_offline.py); elsewhere it
    # would only precache the site in the background of every test.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", service_workers="block")
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    yield pg
    context.close()
