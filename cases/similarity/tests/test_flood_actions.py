"""Handling a flood in one action: every report triaged on its own, every reporter replied to."""

from datetime import timedelta

import pytest

from audit.models import AuditEvent
from cases.actions.retention import do_purge_expired as purge
from cases.similarity.actions import do_close_flood
from cases.similarity.models import FloodMember
from cases.similarity.tests.helpers import ZH, file_report
from cases.tests.helpers import accept
from intake import vault
from intake.models import MessageAuthor, Report, ReportStatus, TriageState
from tipline.test import login_staff

pytestmark = pytest.mark.django_db
REPLY = "您反映的情况我们已经受理，将并案研判，感谢您的举报。"


@pytest.fixture(autouse=True)
def _small_floods(settings):
    settings.TIPLINE_FLOOD_SIZE = 3


def flood_of(count=3):
    reports = [file_report(ZH + "谢谢" * i) for i in range(count)]
    return FloodMember.objects.get(report=reports[0]).flood, reports


def replies(report) -> list[str]:
    dek = vault.report_key(report)
    return [vault.open_message(dek, m) for m in report.messages.filter(author=MessageAuthor.AGENCY)]


def test_closing_a_flood_replies_to_every_reporter_and_closes_each_report(client, analyst_a):
    flood, reports = flood_of(3)
    response = login_staff(client, analyst_a).post(
        f"/staff/floods/{flood.pk}/close/", {"reply": REPLY}
    )
    assert response.status_code == 302
    for report in reports:
        report.refresh_from_db()
        assert (report.triage_state, report.status) == (TriageState.DUPLICATE, ReportStatus.CLOSED)
        assert replies(report) == [REPLY]
        assert report.feedback_at is not None
    assert AuditEvent.objects.filter(action="report.triage").count() == 3
    assert AuditEvent.objects.filter(action="flood.close", actor=analyst_a).count() == 1


def test_closing_a_flood_as_duplicates_of_a_case(client, analyst_a):
    earlier = file_report("与本案无关的另一份举报，内容完全不同，只是为了先建立一个案件。")
    case = accept(earlier, analyst_a)
    flood, reports = flood_of(3)
    login_staff(client, analyst_a).post(
        f"/staff/floods/{flood.pk}/close/", {"reply": REPLY, "case": case.number}
    )
    assert {d.case_id for r in reports for d in r.triage_decisions.all()} == {case.pk}


def test_closing_needs_a_reply(client, analyst_a):
    flood, reports = flood_of(3)
    response = login_staff(client, analyst_a).post(f"/staff/floods/{flood.pk}/close/", {})
    assert response.status_code == 422
    assert Report.objects.filter(triage_state=TriageState.NEW).count() == 3


def test_accepting_a_flood_puts_every_report_into_one_case(client, analyst_a):
    flood, reports = flood_of(3)
    response = login_staff(client, analyst_a).post(f"/staff/floods/{flood.pk}/accept/")
    assert response.status_code == 302
    cases = {Report.objects.get(pk=r.pk).case_link.case.number for r in reports}
    assert len(cases) == 1
    assert response["Location"] == f"/staff/cases/{cases.pop()}/"


def test_an_analyst_of_another_unit_cannot_handle_it(client, analyst_b):
    flood, reports = flood_of(3)
    response = login_staff(client, analyst_b).post(f"/staff/floods/{flood.pk}/accept/")
    assert response.status_code == 404
    assert Report.objects.filter(triage_state=TriageState.NEW).count() == 3


def test_duplicates_of_a_case_are_kept_as_long_as_the_case(analyst_a, settings):
    case = accept(
        file_report("先建立一个案件：另一份内容完全不同的举报，与后面的重复举报无关。"), analyst_a
    )
    flood, reports = flood_of(3)
    do_close_flood(flood, actor=analyst_a, reply=REPLY, case=case)
    later = reports[0].triage_decisions.get().decided_at + timedelta(days=400)
    purge(now=later)
    assert Report.objects.filter(pk__in=[r.pk for r in reports]).count() == 3
