"""Every staff page passes axe-core with no serious or critical violation, in both languages.

One officer holding every role sees every page and every control on it; the console is checked
with a routed report awaiting triage and a case holding another, as on a working day.
"""

import pytest

from accounts.actions import do_create_staff
from accounts.models import Role
from cases.tests.helpers import accept, submit
from intake.models import Category, Field
from intake.questionnaire import catalog
from tipline.browser import browsers
from tipline.test import PASSWORD, make_staff, totp_code
from tipline.tests.accessibility import check_each, serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EVERY_ROLE = [
    Role.INTAKE_OFFICER,
    Role.CALL_TAKER,
    Role.ANALYST,
    Role.SUPERVISOR,
    Role.CUSTODIAN,
    Role.AUDITOR,
    Role.ADMIN,
]
PAGES = [
    "/staff/",
    "/staff/sudo/",
    "/staff/tokens/",
    "/staff/triage/",
    "/staff/cases/",
    "/staff/overdue/",
    "/staff/custody/",
    "/staff/audit/",
    "/staff/letters/",
    "/staff/letters/new/letter/espionage/",
    "/staff/letters/new/visit/espionage/",
    "/staff/hotline/",
    "/staff/hotline/new/",
    "/staff/hotline/followup/",
    "/staff/insights/",
]


@pytest.fixture
def console(unit_a):
    """The officer, a report awaiting triage, a case, and a newcomer's enrolment link."""
    category = Category.objects.create(slug="espionage", name_zh="间谍行为", name_en="Espionage")
    Field.objects.create(
        category=category, key="what", type="long_text", required=True,
        label_zh="发生了什么？", label_en="What happened?",
    )  # fmt: skip
    catalog.invalidate()
    officer = make_staff("officer", unit_a, *EVERY_ROLE)
    waiting = submit(category)
    accepted = submit(category)
    case = accept(accepted, officer)
    _newcomer, enrolment = do_create_staff(
        "newcomer", unit=unit_a, roles=[Role.ANALYST], actor="system"
    )
    return (
        officer,
        [
            f"/staff/reports/{waiting.id}/",
            f"/staff/reports/{accepted.id}/",
            f"/staff/cases/{case.number}/",
        ],
        f"/staff/enrol/{enrolment}/",
    )


def log_in_steps(base, officer, found):
    def password(page):
        page.goto(base + "/staff/login/")
        found.extend(serious_violations(page))
        page.fill("#id_username", officer.username)
        page.fill("#id_password", PASSWORD)
        page.locator("main form button[type=submit]").click()
        assert page.url.startswith(base + "/staff/login/otp/")
        found.extend(serious_violations(page))

    def code(value):
        def steps(page):
            page.fill("#id_code", value)
            page.locator("main form button[type=submit]").click()
            assert page.url == base + "/staff/"

        return steps

    return password, code


@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_every_staff_page_has_no_serious_accessibility_violation(live_server, console, locale):
    officer, object_pages, enrolment = console
    base, found = live_server.url, []
    with browsers() as start:
        newcomer = start(locale=locale)
        newcomer.do(lambda page: check_each(page, base, [enrolment], found))
        browser = start(locale=locale)
        password, code = log_in_steps(base, officer, found)
        browser.do(password)
        browser.do(code(totp_code(officer)))
        seen = browser.do(lambda page: check_each(page, base, PAGES + object_pages, found))
    assert len(seen) == len(PAGES) + 3
    assert found == []
