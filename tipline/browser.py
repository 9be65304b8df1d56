"""Playwright support for browser journeys, in Debian's chromium (no browser download here).

Journeys are marked `browser` and use pytest-django's `live_server`, which serves the app from a
thread on a real, committed test database. `in_browser(steps, js=..., locale=...)` runs
`steps(page)` in a fresh browser with no cookies, like a new visitor, and fails the test on any
console error (a CSP violation or a failed request shows up there).

A journey with several people in it (a reporter and an analyst, each with their own cookies) uses
`browsers()`: `with browsers() as start: reporter = start(locale="zh-CN")`, then
`reporter.do(steps)` runs `steps(page)` in that person's page. Between steps the test itself may
use the ORM (route reports, read TOTP codes), as the scheduler or the staff member's phone would.
"""

import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

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


class Actor:
    """One person's browser context and page; their steps run on the browser's own thread."""

    def __init__(self, pool: ThreadPoolExecutor, page, problems: list[str]):
        self._pool, self.page, self.problems = pool, page, problems

    def do(self, steps):
        """Run `steps(page)` and return what it returns; a console error fails the journey."""
        result = self._pool.submit(steps, self.page).result()
        assert self.problems == [], f"browser console errors: {self.problems}"
        return result


@contextmanager
def browsers():
    """One chromium for a whole journey; `start(js=..., locale=...)` opens a fresh context.

    Playwright's sync API must be driven from the thread that started it, so a single-thread pool
    owns it, and every `Actor.do` is submitted there while the test thread keeps the ORM.
    """
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")

    def launch():
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        try:
            return playwright, playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS
            )
        except BaseException:
            playwright.stop()
            raise

    def open_page(browser, js, locale, user_agent):
        context = browser.new_context(java_script_enabled=js, locale=locale, user_agent=user_agent)
        context.set_default_timeout(15_000)
        page, problems = context.new_page(), []
        page.on(
            "console",
            lambda message: problems.append(message.text) if message.type == "error" else None,
        )
        return page, problems

    def stop(playwright, browser):
        try:
            browser.close()
        finally:
            playwright.stop()

    with ThreadPoolExecutor(max_workers=1) as pool:
        playwright, browser = pool.submit(launch).result()
        try:

            def start(*, js: bool = True, locale: str = "zh-CN", user_agent: str | None = None):
                return Actor(
                    pool, *pool.submit(open_page, browser, js, locale, user_agent).result()
                )

            yield start
        finally:
            pool.submit(stop, playwright, browser).result()


# Staff login, as a person does it: password first, then the code their phone shows.
def enter_password(page, base: str, user) -> None:
    from tipline.test import PASSWORD

    page.goto(base + "/staff/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(re.compile(re.escape(base) + r"/staff/login/otp/.*"))


def enter_code(page, base: str, code: str) -> None:
    page.fill("#id_code", code)
    page.press("#id_code", "Enter")
    page.wait_for_url(base + "/staff/")


def log_in(page, base: str, user, code: str) -> None:
    enter_password(page, base, user)
    enter_code(page, base, code)
