import pytest

from audit.models import AuditEvent
from intake.models import Message, TriageState
from tipline.test import login_staff
from tipline.testing.builders import text_file

from .helpers import submit

pytestmark = pytest.mark.django_db


def url(report, tail=""):
    return f"/staff/reports/{report.pk}/{tail}"


def test_it_shows_the_decrypted_report_and_audits_the_view(client, intake_officer):
    report = submit(answers={"what": "a drone over the harbour"}, files=[text_file()])
    page = login_staff(client, intake_officer).get(url(report)).content.decode()
    assert "a drone over the harbour" in page
    assert "note.txt" in page
    assert AuditEvent.objects.filter(action="report.view", actor=intake_officer).count() == 1


def test_it_never_shows_the_identity(client, intake_officer):
    report = submit(contact={"name": "Li Lei"})
    assert "Li Lei" not in login_staff(client, intake_officer).get(url(report)).content.decode()


def test_a_user_of_another_unit_gets_404(client, unit_a, analyst_b):
    assert login_staff(client, analyst_b).get(url(submit())).status_code == 404


def test_a_user_without_a_content_role_gets_403(client, unit_a, auditor):
    assert login_staff(client, auditor).get(url(submit())).status_code == 403


def test_triage_from_the_page_opens_a_case(client, intake_officer):
    report = submit()
    body = {"category": report.category_id, "region": "110000", "priority": "1"}
    response = login_staff(client, intake_officer).post(
        url(report, "triage/"), {**body, "decision": "new_case"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.triage_state == TriageState.ACCEPTED
    assert response["Location"] == f"/staff/cases/{report.case_link.case.number}/"


def test_triage_with_errors_shows_them(client, intake_officer):
    report = submit()
    body = {"category": report.category_id, "priority": "3", "decision": "false"}
    response = login_staff(client, intake_officer).post(url(report, "triage/"), body)
    assert response.status_code == 422
    assert response.context["triage_form"].errors


def test_triage_posts_are_scoped_and_role_checked(client, unit_a, analyst_b, auditor):
    report = submit()
    body = {"category": report.category_id, "priority": "3", "decision": "spam"}
    assert login_staff(client, analyst_b).post(url(report, "triage/"), body).status_code == 404
    assert login_staff(client, auditor).post(url(report, "triage/"), body).status_code == 403


def test_a_report_is_transferred_from_the_page(client, intake_officer, unit_b):
    report = submit()
    body = {"unit": unit_b.pk, "reason": "happened in Shanghai"}
    response = login_staff(client, intake_officer).post(url(report, "transfer/"), body)
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.unit == unit_b


def test_transfer_posts_are_scoped_and_role_checked(client, unit_a, analyst_b, auditor, unit_b):
    body = {"unit": unit_b.pk, "reason": "x"}
    report = submit()
    assert login_staff(client, analyst_b).post(url(report, "transfer/"), body).status_code == 404
    assert login_staff(client, auditor).post(url(report, "transfer/"), body).status_code == 403


def test_a_message_is_sent_from_the_page(client, intake_officer):
    report = submit()
    body = {"report": report.pk, "body": "We received your report."}
    response = login_staff(client, intake_officer).post(url(report, "message/"), body)
    assert response.status_code == 302
    assert Message.objects.filter(report=report, author="agency").count() == 1


def test_message_posts_are_scoped_and_role_checked(client, unit_a, analyst_b, auditor):
    report = submit()
    body = {"report": report.pk, "body": "hi"}
    assert login_staff(client, analyst_b).post(url(report, "message/"), body).status_code == 404
    assert login_staff(client, auditor).post(url(report, "message/"), body).status_code == 403


def test_the_mailbox_keeps_line_breaks_and_escapes_markup(client, intake_officer):
    report = submit()
    login_staff(client, intake_officer).post(
        url(report, "message/"), {"report": report.pk, "body": "line one\nline <b>two</b>"}
    )
    page = client.get(url(report)).content.decode()
    assert "line one<br>line &lt;b&gt;two&lt;/b&gt;" in page
