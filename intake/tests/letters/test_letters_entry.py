"""Entering a letter or visit: the same checks as the web, the officer recorded and audited."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from audit.models import AuditEvent
from intake import storage, vault
from intake.models import Attachment, Report
from intake.tests.letters.letters_pages import MARKER, enter, scanned_pdf
from tipline.test import login_staff
from tipline.testing.builders import png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client, intake_officer, category, regions):
    login_staff(client, intake_officer)
    return intake_officer


def test_a_letter_with_a_scanned_pdf_is_filed_with_a_clean_copy(client, officer):
    response = enter(client, "letter", files=[scanned_pdf()])
    assert response.status_code == 200
    report = Report.objects.get()
    assert report.channel == "letter"
    assert report.taken_by == officer
    assert report.receipt_declined is False
    attachment = report.attachments.get()
    assert attachment.clean_mime == "application/pdf"
    dek = vault.report_key(report)
    clean = storage.read(dek, attachment.id, "clean")
    assert clean.startswith(b"%PDF")
    assert MARKER.encode() not in clean, "the author's name is stripped from the copy staff open"
    assert MARKER.encode() in storage.read(dek, attachment.id, "orig"), "the original is kept"
    assert vault.open_attachment_name(dek, attachment) == "letter.pdf"


def test_saving_is_audited_as_taken_by_the_officer(client, officer):
    enter(client, "letter")
    report = Report.objects.get()
    event = AuditEvent.objects.get(action="report.take")
    assert event.actor_id == officer.id
    assert event.target_id == str(report.id)
    assert event.details == {"channel": "letter"}


def test_the_date_received_is_kept_with_the_answers(client, officer):
    enter(client, "visit", {"received-received_on": "2024-04-30", "received-language": "en"})
    report = Report.objects.get()
    answers = vault.open_answers(report)
    assert answers["received_on"] == "2024-04-30"
    assert answers["what"] == "A stranger asked me about the base."
    assert report.language == "en"
    assert report.region_id == "110000"


def test_a_disguised_file_is_a_form_error_and_nothing_is_stored(client, officer):
    disguised = SimpleUploadedFile("scan.pdf", png_bytes(), content_type="application/pdf")
    files_before = storage.stored_ids()
    response = enter(client, "letter", files=[disguised], HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "does not match its content" in html
    assert 'href="#attachments"' in html
    assert not Report.objects.exists()
    assert not Attachment.objects.exists()
    assert storage.stored_ids() == files_before


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"a-what": ""}, "a-what"),
        ({"received-received_on": "2999-01-01"}, "received-received_on"),
        ({"received-received_on": None}, "received-received_on"),
        ({"received-receipt": None}, "received-receipt"),
        ({"region": "999999"}, "region"),
    ],
)
def test_bad_or_missing_details_are_form_errors(client, officer, data, field):
    response = enter(client, "letter", data)
    assert response.status_code == 200
    assert response.context["summary"], f"{field} should be reported"
    assert 'name="entry"' in response.content.decode()
    assert not Report.objects.exists()


def test_the_form_keeps_what_was_typed_after_an_error(client, officer):
    response = enter(client, "letter", {"a-what": "", "a-name": "Mr Li", "contact-phone": "123"})
    html = response.content.decode()
    assert 'value="Mr Li"' in html
    assert 'value="123"' in html


def test_sending_the_form_again_files_nothing_new(client, officer):
    first = enter(client, "letter")
    assert first.status_code == 200
    page = client.get("/staff/letters/new/letter/espionage/")
    assert page.status_code == 200
    again = client.post("/staff/letters/new/letter/espionage/", first.wsgi_request.POST)
    assert again.status_code == 409
    assert Report.objects.count() == 1


def test_a_forged_entry_token_saves_nothing(client, officer):
    response = enter(client, "letter", {"entry": "forged"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "nothing was saved" in response.content.decode()
    assert not Report.objects.exists()


def test_an_anonymous_letter_has_no_identity(client, officer):
    enter(client, "letter")
    report = Report.objects.get()
    assert report.has_identity is False
    assert report.reporter_kind == "person"


def test_a_letter_from_an_organisation_seals_its_details(client, officer):
    enter(
        client,
        "letter",
        {
            "contact-on_behalf": "on",
            "contact-organisation": "Harbour Logistics Ltd",
            "contact-organisation_type": "company",
            "contact-name": "Ms Chen",
            "contact-address": "1 Quay Road",
        },
    )
    report = Report.objects.get()
    assert report.reporter_kind == "organisation"
    assert vault.open_identity(report.identity) == {
        "name": "Ms Chen",
        "address": "1 Quay Road",
        "organisation": "Harbour Logistics Ltd",
        "organisation_type": "company",
    }
