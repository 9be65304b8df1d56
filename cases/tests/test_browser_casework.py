"""A report worked from start to finish in real browsers, by two people with their own cookies.

The reporter submits on the public site; the routing sweep runs as the scheduler would; an analyst
of the unit it reached logs in with password and TOTP, triages it into a case and writes to the
reporter; the reporter reads the message with the receipt alone; the analyst closes the case with a
public outcome, and the reporter, reloading, sees it.
"""

import re

import pytest

from audit.actions import verify_chain
from audit.models import AuditEvent
from cases.models import Case
from cases.standard_messages import template_text
from cases.tasks import route_unrouted
from intake.models import Report, TriageState
from tipline import browser
from tipline.browser import browsers
from tipline.test import totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WHAT = "A man photographs the radar station fence every night from a grey van."
OUTCOME = "Thank you. What you reported was passed on and dealt with."


@pytest.fixture
def espionage(unit_a, category):
    """The shared questionnaire and regions (tipline/testing/builders.py): the reporter picks
    the city under Beijing, the region unit A is bound to."""
    return category


def submit_a_report(base):
    def steps(page):
        page.goto(base + "/")
        page.get_by_role("link", name="我要举报").first.click()
        page.get_by_role("link", name="间谍行为").click()
        page.locator("textarea[name='a-what']").fill(WHAT)
        page.select_option("#region", "110100")
        page.get_by_role("button", name="下一步：核对举报内容").click()
        page.get_by_role("button", name="提交举报").click()
        return "".join(page.locator(".receipt-code .code-block").all_inner_texts())

    return steps


def enter_password(base, user):
    return lambda page: browser.enter_password(page, base, user)


def enter_code(base, code):
    return lambda page: browser.enter_code(page, base, code)


def assert_every_label_finds_its_field(page):
    """Several forms share the report and case pages; a repeated id sends a label astray."""
    ids = page.locator("[id]").evaluate_all("elements => elements.map(e => e.id)")
    assert sorted(ids) == sorted(set(ids))


def triage_into_a_case(page):
    page.get_by_role("navigation").get_by_role("link", name="Triage").click()
    row = page.get_by_role("row").filter(has_text="Espionage")
    assert "Beijing Bureau" in row.inner_text()
    row.locator("a code.ref").click()  # the report's reference is its link
    assert WHAT in page.locator(".answers").inner_text()
    assert_every_label_finds_its_field(page)

    triage = page.locator("section:has(#triage-heading) form")
    # From the keyboard: Tab reaches each radio group, arrows choose, Enter records.
    triage.get_by_label("Accept into a new case").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert triage.locator("[name=case]").evaluate("e => e === document.activeElement")
    triage.get_by_label("P3 – normal").focus()
    page.keyboard.press("ArrowUp")
    assert triage.get_by_label("P2 – urgent").is_checked()
    triage.locator("[name=reason]").press("Enter")
    assert "/staff/cases/" in page.url
    return page.locator("h1 code").inner_text()


def open_the_case_and_write(number):
    def steps(page):
        page.get_by_role("navigation").get_by_role("link", name="Cases").click()
        page.get_by_role("link", name=number).click()
        assert page.locator("h1 code").inner_text() == number
        assert_every_label_finds_its_field(page)

        page.get_by_role("link", name="Acknowledgement").click()
        message = page.locator("section:has(#message-heading) form")
        body = message.locator("[name=body]").input_value()
        message.locator("[name=body]").fill(body + "\n请问那辆车的车牌号码是多少？")
        message.get_by_role("button", name="Send").click()
        assert "车牌号码" in page.locator(".mailbox").inner_text()

    return steps


def read_the_mailbox(base, receipt):
    def steps(page):
        page.goto(base + "/followup/")
        page.locator("input[name='code']").fill(receipt)
        page.get_by_role("button", name="打开我的举报").click()
        assert page.url == base + "/followup/report/"
        return page.locator("#status-heading").inner_text(), page.locator(".thread").inner_text()

    return steps


def close_the_case(page):
    status = page.locator("section:has(#status-heading) form")
    status.locator("[name=status]").select_option("closed")
    status.locator("[name=outcome]").select_option("substantiated")
    status.locator("[name=public_outcome]").fill(OUTCOME)
    status.get_by_role("button", name="Change status").click()
    return page.locator(".facts").inner_text()


def reload_and_read_the_outcome(page):
    page.reload()
    return page.locator("#status-heading").inner_text(), page.locator(".outcome").inner_text()


def test_a_report_is_triaged_worked_and_closed_and_the_reporter_hears_back(
    live_server, espionage, analyst_a
):
    base = live_server.url
    with browsers() as start:
        reporter = start(locale="zh-CN")
        receipt = reporter.do(submit_a_report(base))
        assert re.fullmatch(r"\d{20}", receipt)

        assert route_unrouted() == 1  # the scheduler's sweep, every few seconds in production
        report = Report.objects.get()
        assert report.unit_id == analyst_a.unit_id

        analyst = start(locale="en-GB")
        analyst.do(enter_password(base, analyst_a))
        analyst.do(enter_code(base, totp_code(analyst_a)))  # read off the analyst's phone
        number = analyst.do(triage_into_a_case)
        report.refresh_from_db()
        assert (report.priority, report.triage_state) == (2, TriageState.ACCEPTED)
        assert Case.objects.get(number=number).unit_id == analyst_a.unit_id
        analyst.do(open_the_case_and_write(number))

        reader = start(locale="zh-CN")  # a fresh browser: the receipt is all the reporter has
        heading, thread = reader.do(read_the_mailbox(base, receipt))
        assert "核查中" in heading  # under review
        assert template_text("acknowledgement", "zh-hans") in thread
        assert "车牌号码" in thread

        facts = analyst.do(close_the_case)
        assert "Closed" in facts
        assert "Substantiated" in facts

        heading, outcome = reader.do(reload_and_read_the_outcome)
        assert "已办结" in heading  # closed
        assert outcome.strip() == OUTCOME

    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"auth.otp", "report.view", "report.triage", "message.send", "case.status"} <= actions
    assert verify_chain()[1:] == (None, "")
