"""Taking a report on the hotline: the call form, saving it, and the receipt shown once."""

import pytest

from audit.models import AuditEvent
from intake import vault
from intake.hotline.call import CURRENT
from intake.models import Report, ReporterIdentity
from intake.tests.hotline.hotline_calls import CALL_ANSWERS, receipt_of, take_call, text
from tipline.test import login_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def console(client, call_taker, category, regions):
    return login_staff(client, call_taker)


def test_the_form_shows_the_questions_with_the_call_script_beside_them(console):
    page = console.get("/staff/hotline/new/espionage/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="a-what"' in html
    assert 'list="region-list"' in html
    assert '<option value="110100 北京市 · 北京城区">' in html
    script = html[html.index('class="call-script"') :]
    assert script.index("发生了什么？") < script.index("什么时候？") < script.index("对方姓名")


def test_the_first_field_has_the_focus_and_save_has_an_access_key(console):
    html = console.get("/staff/hotline/new/espionage/").content.decode()
    assert 'name="call_reference"' in html.split("autofocus")[0][-300:]
    assert 'accesskey="s"' in html


def test_a_call_taker_takes_a_report_end_to_end(console, call_taker):
    response = take_call(console)
    assert response.status_code == 200
    code = receipt_of(response)
    report = Report.objects.get()
    assert report.channel == "hotline"
    assert report.taken_by == call_taker
    assert report.region_id == "110100"
    assert report.reporter_kind == "person"
    assert not report.has_identity
    assert AuditEvent.objects.filter(
        action="report.take", actor=call_taker, target_id=str(report.pk)
    ).exists()
    assert console.session[CURRENT] == str(report.pk)
    assert code not in str(dict(console.session.items()))


def test_the_receipt_page_is_never_stored_and_spells_the_code(console):
    response = take_call(console)
    code = receipt_of(response)
    assert "no-store" in response["Cache-Control"]
    spelled = " ".join(code[:4])
    assert spelled in response.content.decode()
    digits = "零幺二三四五六七八九"
    assert " ".join(digits[int(d)] for d in code[:4]) in response.content.decode()


def test_an_english_call_spells_the_code_without_chinese_digits(console):
    response = take_call(console, {**CALL_ANSWERS, "language": "en"})
    assert Report.objects.get().language == "en"
    assert 'class="words"' not in response.content.decode()


def test_call_notes_and_reference_are_sealed(console):
    take_call(console)
    report = Report.objects.get()
    assert b"bus stop" not in bytes(report.answers_sealed)
    assert b"PBX-2024" not in bytes(report.call_reference_sealed)
    answers = vault.open_answers(report)
    assert answers["call_notes"] == CALL_ANSWERS["notes"]
    assert answers["what"] == CALL_ANSWERS["a-what"]


def test_the_receipt_page_reads_the_record_back(console):
    response = take_call(console)
    page = text(response)
    assert CALL_ANSWERS["a-what"] in page
    assert "北京市 · 北京城区" in page
    assert "bus stop opposite" in page


def test_an_organisation_caller_is_recorded_as_such_with_its_identity_sealed(console):
    data = {
        **CALL_ANSWERS,
        "contact-phone": "13800000000",
        "contact-on_behalf": "on",
        "contact-organisation": "Harbour Logistics Ltd",
        "contact-organisation_type": "company",
    }
    take_call(console, data)
    report = Report.objects.get()
    assert report.reporter_kind == "organisation"
    assert report.has_identity
    identity = ReporterIdentity.objects.get(report=report)
    assert b"Harbour" not in bytes(identity.sealed)
    assert vault.open_identity(identity)["organisation"] == "Harbour Logistics Ltd"


def test_a_region_can_be_typed_as_a_name(console):
    take_call(console, {**CALL_ANSWERS, "region": "上海市"})
    assert Report.objects.get().region_id == "310000"


def test_an_unknown_region_is_refused_and_nothing_is_stored(console):
    response = take_call(console, {**CALL_ANSWERS, "region": "999999 Atlantis"})
    assert response.status_code == 200
    assert 'href="#region"' in response.content.decode()
    assert not Report.objects.exists()


def test_a_missing_required_answer_keeps_what_was_typed(console):
    response = take_call(console, {**CALL_ANSWERS, "a-what": ""})
    html = response.content.decode()
    assert 'href="#q-what"' in html
    assert "bus stop opposite" in html
    assert not Report.objects.exists()
    assert take_call(console).status_code == 200  # and it can be saved once corrected


def test_saving_twice_creates_one_report(console):
    page = console.get("/staff/hotline/new/espionage/")
    token = page.content.decode().split('name="call_token" value="')[1].split('"')[0]
    body = {**CALL_ANSWERS, "call_token": token}
    assert console.post("/staff/hotline/new/espionage/", body).status_code == 200
    again = console.post("/staff/hotline/new/espionage/", body)
    assert again.status_code == 409
    assert 'class="code-block"' not in again.content.decode()
    assert Report.objects.count() == 1


def test_an_intake_officer_may_take_calls(client, intake_officer, category, regions):
    login_staff(client, intake_officer)
    assert take_call(client).status_code == 200


def test_an_analyst_without_a_call_role_is_refused(client, analyst_a, category, regions):
    login_staff(client, analyst_a)
    assert client.get("/staff/hotline/new/espionage/").status_code == 403
    assert client.post("/staff/hotline/new/espionage/", CALL_ANSWERS).status_code == 403
    assert not Report.objects.exists()


def test_an_anonymous_visitor_is_sent_to_the_login(client, category):
    response = client.get("/staff/hotline/new/espionage/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")


def test_an_unknown_category_is_a_404(console):
    assert console.get("/staff/hotline/new/nothing/").status_code == 404


def test_a_bad_caller_email_is_refused_and_nothing_is_stored(console):
    response = take_call(console, {**CALL_ANSWERS, "contact-email": "not an email"})
    assert 'href="#id_contact-email"' in response.content.decode()
    assert CALL_ANSWERS["a-what"] in response.content.decode()
    assert not Report.objects.exists()
