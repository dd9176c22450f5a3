"""Fixtures for browser tests: a live server and a real Chromium driven by Playwright."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from e2e_support import CHROMIUM, CHROMIUM_ARGS, LiveServer
from helpers import need


@pytest.fixture
def live_server(sqlite_app):
    server = LiveServer(sqlite_app)
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


@pytest.fixture
def phone(browser, playwright_instance):
    """A Pixel 7 sized, touch-enabled page that records every request and console message."""
    context = browser.new_context(**playwright_instance.devices["Pixel 7"])
    page = context.new_page()
    page.requests = []
    page.console = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("console", lambda m: page.console.append(m.text))
    yield page
    context.close()
