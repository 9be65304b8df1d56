"""The public guide pages pass axe-core with no serious or critical violation, in both
languages, as every other public page does (tipline/tests/test_accessibility_public.py); the
browser also sees that their CSP blocks nothing, because they run and load nothing but our own."""

import io

import pytest
from django.core.management import call_command

from tipline.browser import in_browser
from tipline.tests.accessibility import check_each

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/guide/",
    "/guide/your-rights/",
    "/guide/how-rewards-work/",
    "/guide/legal-basis/",
    "/guide/what-to-report-espionage/",
    "/guide/faq/",
]


@pytest.fixture
def demo(db):
    call_command("load_demo_data", stdout=io.StringIO())
    call_command("load_demo_pages", stdout=io.StringIO())


@pytest.mark.parametrize(
    ("locale", "heading"), [("zh-CN", "常见问题"), ("en-US", "Frequently asked questions")]
)
def test_every_guide_page_has_no_serious_accessibility_violation(
    live_server, demo, locale, heading
):
    def steps(page):
        found: list[str] = []
        blocked: list[str] = []
        page.on("console", lambda msg: blocked.append(msg.text) if msg.type == "error" else None)
        seen = check_each(page, live_server.url, PAGES, found)
        return seen, page.locator("h1").inner_text(), found, blocked

    seen, last_heading, found, blocked = in_browser(steps, locale=locale)
    assert seen == PAGES
    assert last_heading == heading
    assert found == []
    assert blocked == [], "no CSP violation or failed load on any guide page"
