"""Follow-up calls: the caller reads out their receipt, the call-taker relays status and the
agency's messages and takes down the reply. The reporter's side never names the call-taker."""

import pytest
from django.test import Client

from audit.models import AuditEvent
from intake.actions.mailbox import do_post_message
from intake.actions.reports import do_submit_report
from intake.hotline.call import FOLLOWUP
from intake.models import Message, Report
from intake.tests.hotline.hotline_calls import receipt_of, take_call, text
from intake.tests.web.site_pages import log_in, report_and_get_receipt
from tipline.test import login_staff, submission

pytestmark = pytest.mark.django_db

NO_MATCH = "No report matches this code. Check the digits with the caller."


@pytest.fixture
def receipt(category, regions):
    """A report made on the website, with a question from the agency waiting."""
    code = report_and_get_receipt(Client())
    do_post_message(Report.objects.get(), "Which bus stop was it?", author="agency", actor="system")
    return code


@pytest.fixture
def console(client, call_taker):
    client.cookies["django_language"] = "en"  # assertions below read the English texts
    return login_staff(client, call_taker)


def followup(client, code: str):
    return client.post("/staff/hotline/followup/", {"code": code})


def test_a_wrong_code_gets_the_generic_error_and_is_audited(console, receipt, call_taker):
    wrong = str((int(receipt) + 1) % 10**20).zfill(20)
    response = followup(console, wrong)
    assert response.status_code == 200
    assert NO_MATCH in text(response)
    assert FOLLOWUP not in console.session
    event = AuditEvent.objects.get(action="receipt.followup_failed")
    assert event.actor == call_taker
    assert wrong not in str(event.details)


def test_wrong_codes_are_throttled_per_staff_session(console, receipt):
    followup(console, "1" * 20)
    response = followup(console, receipt)  # too soon after a failure, even with the right code
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1


def test_a_flood_of_wrong_guesses_elsewhere_never_makes_a_caller_wait(console, receipt, settings):
    settings.RECEIPT_FLOOD_ALERT_PER_MINUTE = 5
    public = Client()
    for n in range(30):
        public.cookies.clear()
        public.post("/followup/", {"code": f"{n:020d}"})
        public.get("/api/v1/followup", HTTP_X_RECEIPT=f"{n + 100:020d}")
    response = followup(console, receipt)
    assert response.status_code == 303


def test_a_code_of_the_wrong_shape_is_explained_and_not_counted(console, receipt):
    response = followup(console, "1234 5678 9012 3456")
    assert "A receipt code has 20 digits; you typed 16." in text(response)
    assert followup(console, receipt).status_code == 303
    assert not AuditEvent.objects.filter(action="receipt.followup_failed").exists()


def test_the_throttle_gives_the_real_wait_and_keeps_the_code(console, receipt, settings):
    settings.RECEIPT_MAX_ATTEMPTS = 1
    followup(console, "1" * 20)
    response = followup(console, receipt)
    assert response.status_code == 429
    assert "Wait 1 hour before trying again." in text(response)
    assert f'value="{receipt}"' in response.content.decode()


def test_the_right_code_shows_status_and_agency_messages_and_audits_the_relay(
    console, receipt, call_taker
):
    response = followup(console, " ".join(receipt[i : i + 4] for i in range(0, 20, 4)))
    assert response.status_code == 303
    assert response["Location"] == "/staff/hotline/followup/call/"
    page = console.get("/staff/hotline/followup/call/")
    assert "Which bus stop was it?" in text(page)
    assert "no-store" in page["Cache-Control"]
    report = Report.objects.get()
    assert (
        AuditEvent.objects.filter(
            action="report.followup_relayed", actor=call_taker, target_id=str(report.pk)
        ).count()
        == 1
    )


def test_the_relay_page_never_shows_identity_or_the_answers(console, category, regions):
    _report, code = do_submit_report(
        submission(
            category_id=category.pk,
            region_code=None,
            answers={"what": "a secret answer"},
            language="zh-hans",
            channel="web",
            contact={"name": "Wang Fang", "phone": "13900000000"},
        )
    )
    followup(console, code)
    page = text(console.get("/staff/hotline/followup/call/"))
    assert "Wang Fang" not in page
    assert "13900000000" not in page
    assert "a secret answer" not in page


def test_the_callers_reply_is_recorded_as_relayed(console, receipt, call_taker):
    followup(console, receipt)
    response = console.post("/staff/hotline/followup/call/relay/", {"body": "The one by the gate."})
    assert response.status_code == 303
    message = Message.objects.get(author="reporter")
    assert message.relayed_by == call_taker
    assert AuditEvent.objects.filter(action="message.relay", actor=call_taker).exists()
    assert "The one by the gate." in text(console.get("/staff/hotline/followup/call/"))


def test_an_empty_reply_is_refused(console, receipt):
    followup(console, receipt)
    response = console.post("/staff/hotline/followup/call/relay/", {"body": "  "})
    assert response.status_code == 422
    assert not Message.objects.filter(author="reporter").exists()


def test_ending_the_call_forgets_the_report(console, receipt):
    followup(console, receipt)
    console.post("/staff/hotline/end/")
    assert console.get("/staff/hotline/followup/call/")["Location"] == "/staff/hotline/followup/"
    assert console.post("/staff/hotline/followup/call/relay/", {"body": "x"}).status_code == 303
    assert not Message.objects.filter(author="reporter").exists()


def test_the_reporter_side_never_names_the_call_taker(console, call_taker, category, regions):
    code = receipt_of(take_call(console))
    followup(console, code)
    console.post("/staff/hotline/followup/call/relay/", {"body": "Relayed words."})
    reporter = Client()
    assert log_in(reporter, code).status_code == 303
    page = reporter.get("/followup/report/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Relayed words." in page
    assert "call_taker" not in page
    assert "PBX-2024" not in page


def test_an_analyst_cannot_relay(client, analyst_a, receipt):
    login_staff(client, analyst_a)
    assert followup(client, receipt).status_code == 403
    assert client.get("/staff/hotline/followup/call/").status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login(client):
    assert client.get("/staff/hotline/followup/")["Location"].startswith("/staff/login/")
