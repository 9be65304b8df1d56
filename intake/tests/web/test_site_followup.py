"""Following up with a receipt code: login, status, thread, replies, identity and logout."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from intake import vault
from intake.actions.mailbox import do_post_message
from intake.followup import SESSION_KEY
from intake.models import Message, Report, ReportStatus
from intake.tests.web.site_pages import log_in, report_and_get_receipt

pytestmark = pytest.mark.django_db

NO_MATCH = "No report matches this code. Check the digits and try again."


@pytest.fixture
def receipt(client, category, regions):
    code = report_and_get_receipt(client)
    client.cookies.clear()  # a new visit, later
    return code


@pytest.fixture
def logged_in(client, receipt):
    assert log_in(client, receipt).status_code == 303
    return Report.objects.get()


def test_the_login_page_asks_for_the_code(client):
    html = client.get("/followup/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'name="code"' in html
    assert 'inputmode="numeric"' in html
    assert 'autocomplete="off"' in html


def test_any_wrong_code_gets_the_same_error(client, receipt, settings):
    settings.RECEIPT_DELAY_BASE_SECONDS = 0.0001
    wrong = str((int(receipt) + 1) % 10**20).zfill(20)
    for code in (wrong, "0" * 20):
        page = client.post("/followup/", {"code": code}, HTTP_ACCEPT_LANGUAGE="en")
        assert page.status_code == 200
        assert NO_MATCH in page.content.decode()
    assert SESSION_KEY not in client.session


def test_repeated_wrong_codes_are_throttled(client, receipt):
    client.post("/followup/", {"code": "1" * 20})
    throttled = client.post("/followup/", {"code": "2" * 20}, HTTP_ACCEPT_LANGUAGE="en")
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) >= 1
    assert "too many wrong codes" in throttled.content.decode().lower()
    assert "no-store" in throttled["Cache-Control"]


def test_a_right_code_logs_in_with_a_new_session(client, receipt):
    client.post("/followup/", {"code": "9" * 20})  # a failure first: the throttle now applies
    client.cookies.clear()  # and then a fresh browser, holding a session someone planted
    before = client.session.session_key
    page = log_in(client, receipt)
    assert page.status_code == 303
    assert page["Location"] == "/followup/report/"
    assert client.session.session_key != before
    assert client.session[SESSION_KEY] == str(Report.objects.get().id)


def test_the_follow_up_form_works_with_csrf_enforced(category, regions, receipt):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/followup/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    assert browser.post("/followup/", {"code": receipt}).status_code == 403
    logged = browser.post(
        "/followup/", {"code": receipt, "csrfmiddlewaretoken": token}, HTTP_ORIGIN="null"
    )
    assert logged.status_code == 303


def test_the_csrf_failure_page_is_friendly(category):
    browser = Client(enforce_csrf_checks=True)
    page = browser.post("/followup/", {"code": "1"}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 403
    assert "Please try again" in page.content.decode()


def test_the_report_page_needs_a_login(client):
    assert client.get("/followup/report/")["Location"] == "/followup/"
    assert client.post("/followup/report/message/", {"body": ""})["Location"] == "/followup/"
    assert 'name="code"' in client.post("/followup/report/message/", {"body": "x"}).content.decode()
    assert client.post("/followup/report/identity/", {"contact-name": "x"}).status_code == 303
    assert not Message.objects.exists()


def test_it_shows_status_outcome_and_agency_messages(client, logged_in):
    report = logged_in
    Report.objects.filter(id=report.id).update(
        status=ReportStatus.CLOSED,
        outcome_sealed=vault.seal_outcome(vault.report_key(report), report.id, "Case solved."),
    )
    do_post_message(report, "Thank you. Can you describe him?", author="agency")
    html = client.get("/followup/report/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Closed" in html
    assert "Work on your report has finished" in html
    assert "Case solved." in html
    assert "The agency" in html
    assert "Can you describe him?" in html


def test_an_empty_reply_is_refused(client, logged_in):
    page = client.post("/followup/report/message/", {"body": "  "}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "Write a message or attach a file." in page.content.decode()
    assert not Message.objects.exists()


def test_a_reply_with_a_bad_file_keeps_the_text_and_stores_nothing(client, logged_in):
    bad = SimpleUploadedFile("evil.exe", b"MZ\x90\x00" + b"\x00" * 200)
    page = client.post(
        "/followup/report/message/",
        {"body": "see attached", "attachments": [bad]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    html = page.content.decode()
    assert "evil.exe: This kind of file is not accepted." in html
    assert "see attached" in html
    assert "choose them again" in html
    assert not Message.objects.exists()


def test_adding_identity_needs_at_least_one_detail(client, logged_in):
    page = client.post("/followup/report/identity/", {}, HTTP_ACCEPT_LANGUAGE="en")
    assert "Fill in at least one way" in page.content.decode()
    logged_in.refresh_from_db()
    assert not logged_in.has_identity


def test_identity_is_never_shown_back(client, logged_in):
    client.post("/followup/report/identity/", {"contact-name": "Zhang Wei"})
    html = client.get("/followup/report/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Zhang Wei" not in html
    assert "already given contact details" in html


def test_logout_forgets_the_report(client, logged_in):
    assert client.post("/followup/logout/")["Location"] == "/"
    assert SESSION_KEY not in client.session
    assert client.get("/followup/logout/").status_code == 405
