"""Fixtures for the browser tests: Debian's Chromium driven by Playwright against a live server.

The tests need two things a fresh machine may lack: Chromium (``apt-get install chromium``; its
path can be changed with ``CHROMIUM_PATH``) and axe-core (``npm ci``). Without them the tests
skip with the reason, or fail in CI (see ``tests.conftest.require``). Playwright's own browser
download (``playwright install``) is never used.
"""

import os
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import connections

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.conftest import require

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
LOCALE = "nl-NL"
VIEWPORT = {"width": 1280, "height": 900}
DEFAULT_TIMEOUT_MS = 15_000


def chromium_path() -> Path:
    return Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))


def axe_path() -> Path:
    return Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session."""
    executable = chromium_path()
    require(
        executable.is_file() and os.access(executable, os.X_OK),
        f"Chromium not found at {executable} (apt-get install chromium, or set CHROMIUM_PATH)",
    )
    require(axe_path().is_file(), f"axe-core not found at {axe_path()} (run npm ci)")

    # Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse
    # the database access of the tests and live-server fixtures from that thread while it runs.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    serialized = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    try:
        with sync_playwright() as playwright:
            # With Playwright's event loop running, asgiref hands this thread new connection
            # wrappers. They lack the test database's serialized contents, so Django's
            # serialized_rollback would silently restore nothing (the role groups a data
            # migration made would be gone after the first flush). Give them the contents.
            for alias, contents in serialized.items():
                if contents is not None:
                    connections[alias]._test_serialized_contents = contents
            browser = playwright.chromium.launch(
                executable_path=str(executable), args=CHROMIUM_ARGS, headless=True
            )
            try:
                yield browser
            finally:
                browser.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    """A fresh page (own cookies) in a Dutch browser of 1280×900, next to a live server."""
    context = browser.new_context(locale=LOCALE, viewport=VIEWPORT)
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()
