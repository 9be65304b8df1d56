"""Every public page passes axe-core with no serious or critical violation, in both languages.

The pages are the demo questionnaires as an operator would first run them, reached the way a
reporter reaches them: each page by its address, and the pages that only exist inside a journey
(errors, review, receipt, the report's status) by filling the form.
"""

import io

import pytest
from django.core.management import call_command

from intake.models import Category
from tipline.browser import in_browser
from tipline.tests.accessibility import check_each, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The 404 page is left to intake/tests/web/test_site_aria.py: a 404 is a console error here.
PAGES = ["/", "/report/", "/followup/", "/embed/", "/transparency/"]


@pytest.fixture
def demo(settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    call_command("load_demo_data", stdout=io.StringIO())
    return [f"/report/{slug}/" for slug in Category.objects.values_list("slug", flat=True)]


def journey(page, base, found):
    """Errors, review, receipt, then the report's own page: each checked where it appears."""
    page.goto(base + "/report/espionage/")
    page.locator("#id_contact-email").fill("not an address")
    page.locator("form.report-form button[type=submit]").click()
    found += serious_violations(page)
    error = page.locator("#id_contact-email_error").inner_text()
    page.locator("textarea").first.fill("A man photographs the radar station every night.")
    page.locator("#id_contact-email").fill("")
    page.locator("form.report-form button[type=submit]").click()
    found += serious_violations(page)
    page.locator("form[action='/report/submit/'] button").click()
    found += serious_violations(page)
    code = "".join(page.locator(".receipt-code .code-block").all_inner_texts())
    page.goto(base + "/followup/")
    page.locator("input[name=code]").fill("1234")
    page.locator("main form button[type=submit]").click()
    found += serious_violations(page)
    page.locator("input[name=code]").fill(code)
    page.locator("main form button[type=submit]").click()
    assert page.url == base + "/followup/report/"
    found += serious_violations(page)
    return error


@pytest.mark.parametrize(
    ("locale", "email_error"),
    [("zh-CN", "请输入有效的电子邮箱地址。"), ("en-US", "Enter a valid email address.")],
)
def test_every_public_page_has_no_serious_accessibility_violation(
    live_server, demo, locale, email_error
):
    def steps(page):
        found: list[str] = []
        seen = check_each(page, live_server.url, PAGES + demo, found)
        return seen, journey(page, live_server.url, found), found

    seen, error, found = in_browser(steps, locale=locale)
    assert len(seen) == len(PAGES) + 6
    assert error == email_error, "Django's own messages speak the page's language"
    assert found == []
