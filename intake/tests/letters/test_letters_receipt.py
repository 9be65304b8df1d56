"""After saving: a printable receipt slip in the report's language, or a note that none was."""

import pytest

from intake.models import Report
from intake.tests.letters.letters_pages import code_on, enter
from intake.tests.web.site_pages import log_in
from tipline.test import login_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client, intake_officer, category, regions):
    login_staff(client, intake_officer)
    return intake_officer


def test_the_slip_shows_the_code_in_fours_and_is_never_cached(client, officer):
    slip = enter(client, "letter")
    assert slip.status_code == 200
    code = code_on(slip)
    assert len(code) == 20
    assert code[:4] + "</span> <span" in slip.content.decode()
    assert "no-store" in slip["Cache-Control"]
    assert "letters.css" in slip.content.decode(), "the print style that prints only the slip"


def test_the_slip_speaks_the_reports_language_not_the_officers(client, officer):
    english = enter(client, "letter", {"received-language": "en"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    slip = english.content.decode().split('class="receipt-slip"')[1]
    assert 'lang="en"' in slip
    assert "Your receipt code:" in slip
    assert "cannot be recovered" in slip
    assert "Check on a report" in slip
    assert "hotline" in slip
    chinese = enter(client, "visit", {"received-language": "zh-hans"}, HTTP_ACCEPT_LANGUAGE="en")
    page = chinese.content.decode()
    officer_part, slip = page.split('class="receipt-slip"')
    assert "print the receipt slip" in officer_part, "the officer's instructions stay in English"
    assert "您的回执码：" in slip
    assert "无法找回" in slip
    assert "Your receipt code:" not in slip


def test_the_code_on_the_slip_opens_the_report_on_the_public_site(client, officer):
    code = code_on(enter(client, "letter"))
    client.logout()
    response = log_in(client, code)
    assert response.status_code == 303
    assert response["Location"] == "/followup/report/"


def test_a_visit_without_a_receipt_says_so_and_shows_no_code(client, officer):
    page = enter(client, "visit", {"received-receipt": "no"}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert code_on(page) == ""
    assert "no receipt was issued" in page.content.decode()
    report = Report.objects.get()
    assert report.channel == "visit"
    assert report.receipt_declined is True
    assert report.taken_by == officer


def test_the_slip_cannot_be_shown_again(client, officer):
    slip = enter(client, "letter")
    again = client.post("/staff/letters/new/letter/espionage/", slip.wsgi_request.POST)
    assert again.status_code == 409
    assert code_on(again) == ""


def test_the_slip_names_the_agency_site_and_hotline_in_the_reports_language(
    client, officer, settings
):
    settings.AGENCY_NAME_ZH, settings.AGENCY_NAME_EN = "某市国家安全局", "City Bureau"
    settings.SITE_URL, settings.HOTLINE_NUMBER = "https://tips.example.gov.cn", "12339"
    english = enter(client, "letter", {"received-language": "en"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    slip = english.content.decode().split('class="receipt-slip"')[1]
    assert "City Bureau" in slip
    assert "某市国家安全局" not in slip
    assert "https://tips.example.gov.cn" in slip
    assert "12339" in slip
    assert "When to check back" in slip
