"""The rest of a call after saving: the caller confirms the code and the record, corrects it,
and the call ends. Only the call-taker who took the report, and only during the call."""

import pytest
from django.test import Client

from audit.models import AuditEvent
from intake.hotline.call import CURRENT
from intake.models import Message, Report
from intake.tests.hotline.hotline_calls import CALL_ANSWERS, take_call, text
from tipline.test import login_staff, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def console(client, call_taker, category, regions):
    client.cookies["django_language"] = "en"  # assertions below read the English texts
    login_staff(client, call_taker)
    assert take_call(client).status_code == 200
    return client


@pytest.fixture
def report(console) -> Report:
    return Report.objects.get()


def test_the_call_page_reads_the_saved_record_back_and_audits_it(console, report, call_taker):
    page = console.get("/staff/hotline/call/")
    assert page.status_code == 200
    assert CALL_ANSWERS["a-what"] in text(page)
    assert "no-store" in page["Cache-Control"]
    assert AuditEvent.objects.filter(action="report.view", actor=call_taker).count() == 1


def test_the_call_page_never_shows_the_receipt(console, report):
    assert 'class="code-block"' not in console.get("/staff/hotline/call/").content.decode()


def test_confirming_the_record_sets_the_time_and_is_audited(console, report, call_taker):
    response = console.post("/staff/hotline/call/confirm/")
    assert response.status_code == 303
    report.refresh_from_db()
    assert report.read_back_confirmed_at is not None
    event = AuditEvent.objects.get(action="report.read_back_confirmed")
    assert event.actor == call_taker
    assert event.target_id == str(report.pk)
    assert 'id="read-back-confirmed"' in console.get("/staff/hotline/call/").content.decode()


def test_the_caller_confirming_the_code_is_audited_without_the_code(console, report, call_taker):
    response = console.post("/staff/hotline/call/code/", {"confirmed": "on"})
    assert response.status_code == 303
    event = AuditEvent.objects.get(action="receipt.read_back")
    assert (event.actor, event.target_id, event.details) == (call_taker, str(report.pk), {})
    assert (
        "read the receipt code back correctly"
        in console.get("/staff/hotline/call/").content.decode()
    )


def test_an_unticked_code_box_records_nothing(console, report):
    console.post("/staff/hotline/call/code/", {})
    assert not AuditEvent.objects.filter(action="receipt.read_back").exists()


def test_a_correction_is_added_as_the_callers_relayed_words(console, report, call_taker):
    response = console.post(
        "/staff/hotline/call/correction/", {"body": "It was Tuesday, not Monday."}
    )
    assert response.status_code == 303
    message = Message.objects.get(report=report)
    assert (message.author, message.relayed_by) == ("reporter", call_taker)
    assert AuditEvent.objects.filter(action="message.relay", actor=call_taker).exists()


def test_ending_the_call_forgets_the_report(console, report):
    assert console.post("/staff/hotline/end/").status_code == 303
    assert CURRENT not in console.session
    assert console.post("/staff/hotline/call/confirm/").status_code == 404
    assert console.get("/staff/hotline/call/").status_code == 302


def test_another_call_taker_cannot_confirm_the_report_even_with_its_id(report, unit_a):
    other = Client()
    login_staff(other, make_staff("other_call_taker", unit_a, "call_taker"))
    session = other.session
    session[CURRENT] = str(report.pk)  # as if they had learned the id
    session.save()
    assert other.post("/staff/hotline/call/confirm/").status_code == 404
    assert other.get("/staff/hotline/call/").status_code == 404
    assert other.post("/staff/hotline/call/code/", {"confirmed": "on"}).status_code == 404
    report.refresh_from_db()
    assert report.read_back_confirmed_at is None


def test_without_a_call_there_is_nothing_to_confirm(client, call_taker):
    login_staff(client, call_taker)
    assert client.post("/staff/hotline/call/confirm/").status_code == 404


def test_a_forged_report_id_is_a_404_not_an_error(client, call_taker):
    login_staff(client, call_taker)
    session = client.session
    session[CURRENT] = "not-a-uuid"
    session.save()
    assert client.post("/staff/hotline/call/confirm/").status_code == 404


def test_an_analyst_cannot_use_the_call_pages(client, analyst_a, report):
    login_staff(client, analyst_a)
    assert client.get("/staff/hotline/call/").status_code == 403
    assert client.post("/staff/hotline/call/confirm/").status_code == 403
