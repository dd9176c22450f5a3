"""Fixtures for browser tests: a live server and a real Chromium driven by Playwright."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from e2e_support import CHROMIUM, CHROMIUM_ARGS, LiveServer, TileServer
from helpers import need


@pytest.fixture
def live_server(sqlite_app):
    server = LiveServer(sqlite_app)
    yield server
    server.stop()


@pytest.fixture
def site(databases):
    """A live server on SQLite with Louisville's demo: 60 ideas and the five example
    questions (one per voting method). ``site.app`` gives database access."""

    app = databases.app("sqlite", seed=(60, 11))
    server = LiveServer(app)
    server.app = app
    yield server
    server.stop()


@pytest.fixture
def tile_server():
    server = TileServer()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def playwright_instance():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        need("Playwright is not installed (pip install playwright)")
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        need("Chromium is not installed; install the Debian packages chromium and "
             "chromium-driver (as .ci/run does)")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


def _page(browser, **options):
    context = browser.new_context(**options)
    page = context.new_page()
    page.requests = []
    page.console = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("console", lambda m: page.console.append(m.text))
    page.on("pageerror", lambda e: page.console.append(f"page error: {e}"))
    return context, page


@pytest.fixture
def phone(browser, playwright_instance):
    """A Pixel 7 sized, touch-enabled page that records every request and console message."""
    context, page = _page(browser, **playwright_instance.devices["Pixel 7"])
    yield page
    context.close()


@pytest.fixture
def desktop(browser):
    """A desktop-sized page, for keyboard-only use."""
    context, page = _page(browser, viewport={"width": 1280, "height": 900})
    yield page
    context.close()
