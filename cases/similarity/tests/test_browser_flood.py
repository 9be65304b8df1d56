"""A flood in real browsers: near-duplicate reports arrive, the analyst closes them all as
duplicates in one action, and each reporter, with their own receipt, reads the reply."""

import pytest

from cases.actions.routing import do_route_report
from cases.similarity.tasks import index_pending
from cases.similarity.tests.helpers import ZH
from cases.tests.helpers import category
from cases.tests.test_browser_casework import enter_code, enter_password, read_the_mailbox
from intake.actions.reports import do_submit_report
from intake.models import ReportStatus, TriageState
from tipline.browser import browsers
from tipline.test import submission, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
REPLY = "您反映的情况已有其他群众举报，我们已受理并合并研判，感谢您的支持。"


def a_flood_arrives(count: int) -> list[tuple]:
    filed = []
    for i in range(count):
        report, receipt = do_submit_report(
            submission(
                category_id=category().pk,
                region_code="110000",
                answers={"what": ("再次举报：" if i % 2 else "") + ZH + "谢谢" * i},
                language="zh-hans",
                channel=("web", "api", "hotline")[i % 3],
            )
        )
        do_route_report(report.id)  # the routing sweep
        filed.append((report, receipt))
    index_pending()  # the indexing sweep, seconds later
    return filed


def close_the_flood_as_duplicates(base):
    def steps(page):
        page.goto(base + "/staff/triage/")
        page.locator("section:has(#floods-heading) a").click()
        form = page.locator("section:has(#close-heading) form")
        form.locator("[name=reply]").fill(REPLY)
        form.get_by_role("button", name="Close all and send the reply").click()
        assert page.url == base + "/staff/triage/"

    return steps


def test_the_analyst_closes_a_flood_in_one_action_and_every_reporter_reads_the_reply(
    live_server, settings, analyst_a
):
    settings.TIPLINE_FLOOD_SIZE = 3
    base = live_server.url
    filed = a_flood_arrives(3)
    with browsers() as start:
        analyst = start(locale="en-GB")
        analyst.do(enter_password(base, analyst_a))
        analyst.do(enter_code(base, totp_code(analyst_a)))
        analyst.do(close_the_flood_as_duplicates(base))
        for report, receipt in filed:
            report.refresh_from_db()
            assert (report.triage_state, report.status) == (
                TriageState.DUPLICATE,
                ReportStatus.CLOSED,
            )
            reader = start(locale="zh-CN")  # each reporter on their own, with their receipt
            _heading, thread = reader.do(read_the_mailbox(base, receipt))
            assert REPLY in thread
