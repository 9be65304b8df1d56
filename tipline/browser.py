"""Playwright support for browser journeys, in Debian's chromium (no browser download here).

Journeys are marked `browser` and use pytest-django's `live_server`, which serves the app from a
thread on a real, committed test database. `in_browser(steps, js=..., locale=...)` runs
`steps(page)` in a fresh browser with no cookies, like a new visitor, and fails the test on any
console error (a CSP violation or a failed request shows up there).
"""

import os
import shutil
from concurrent.futures import ThreadPoolExecutor

import pytest

CHROMIUM = os.environ.get("TIPLINE_CHROMIUM", "/usr/bin/chromium")
# Flags that keep chromium off the network and quiet on a closed machine.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def in_browser(steps, *, js: bool = True, locale: str = "zh-CN", user_agent: str | None = None):
    """Run `steps(page)` in chromium and return what it returns.

    In a thread of its own: Playwright's sync API refuses a thread where an asyncio loop is
    running, and its loop must not make Django treat this thread's ORM calls as async.
    """
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")

    def run():
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                context = browser.new_context(
                    java_script_enabled=js, locale=locale, user_agent=user_agent
                )
                context.set_default_timeout(15_000)
                page = context.new_page()
                problems: list[str] = []
                page.on(
                    "console",
                    lambda message: (
                        problems.append(message.text) if message.type == "error" else None
                    ),
                )
                result = steps(page)
            finally:
                browser.close()
        assert problems == [], f"browser console errors: {problems}"
        return result

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()
