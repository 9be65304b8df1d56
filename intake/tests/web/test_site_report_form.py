"""The questionnaire page: drawing every kind of question, and refusing bad input kindly."""

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from intake.models import Attachment, Report
from intake.tests.web.site_pages import VALID_ANSWERS, fill_form, hidden, submit
from tipline.testing.builders import png_upload

pytestmark = pytest.mark.django_db


def test_it_draws_every_kind_of_question(client, category, regions):
    html = client.get("/report/espionage/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<textarea id="q-what" name="a-what"' in html
    assert 'type="date" id="q-when" name="a-when"' in html
    assert '<select id="q-where" name="a-where"' in html
    assert '<optgroup label="Beijing">' in html
    assert 'value="110100"' in html
    assert 'type="radio" id="q-kind-0" name="a-kind" value="person"' in html
    assert 'type="checkbox" id="q-methods-2" name="a-methods" value="threats"' in html
    assert 'name="a-contact_made" value="yes"' in html
    assert 'name="a-contact_made" value="no"' in html
    assert 'type="text" id="q-name" name="a-name"' in html
    assert "(required)" in html  # "what" is required
    assert '<select id="region" name="region"' in html
    assert 'type="file" id="attachments" name="attachments" multiple' in html
    assert 'enctype="multipart/form-data"' in html
    assert 'name="form_token"' in html


def test_it_explains_the_optional_identity_section(client, category, regions):
    html = client.get("/report/espionage/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Optional: tell us who you are" in html
    assert "your report stays anonymous" in html
    assert "only an officer approved by a custodian can open it" in html
    assert "commend or reward" in html
    for name in ("name", "phone", "email", "address", "other"):
        assert f'name="contact-{name}"' in html


def test_it_states_the_file_limits(client, category, regions, settings):
    settings.ATTACHMENT_MAX_COUNT = 4
    html = client.get("/report/espionage/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Up to 4 files" in html
    assert "20 MB" in html


def test_unknown_or_inactive_categories_are_not_found(client, category):
    assert client.get("/report/no-such-thing/").status_code == 404
    category.active = False
    category.save()
    assert client.get("/report/espionage/").status_code == 404


def test_errors_keep_what_was_typed(client, category, regions):
    data = {**VALID_ANSWERS, "a-what": "", "a-when": "not a date", "contact-email": "bad"}
    page = fill_form(client, data, files=[png_upload()], HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'class="error-summary"' in html
    assert 'href="#q-what"' in html
    assert "What happened: This field is required." in html  # no "?:" pile-up
    assert 'href="#q-when"' in html
    assert "This field is required." in html
    assert "Enter a date as YYYY-MM-DD." in html
    assert "Enter a valid email address." in html
    assert 'value="not a date"' in html
    assert 'value="Mr Li"' in html
    assert 'name="a-kind" value="person" checked' in html
    assert 'name="a-methods" value="online" checked' in html
    assert 'name="a-methods" value="threats">' in html  # not ticked
    assert 'name="a-contact_made" value="yes" checked' in html
    assert '<option value="110100" selected>' in html
    assert 'value="bad"' in html  # the email as typed
    # The file is not dropped by errors elsewhere on the page: it is sealed and staged, listed
    # with a tick to keep it, and carried by the draft to the next try.
    assert "Please choose them again" not in html
    assert 'name="keep" value="0" checked' in html
    assert "photo.png" in html
    assert Attachment.objects.filter(report__isnull=True).count() == 1


def test_a_file_kept_through_an_error_is_filed_with_the_report(client, category, regions):
    broken = fill_form(client, {**VALID_ANSWERS, "a-what": ""}, files=[png_upload("kept.png")])
    body = {**VALID_ANSWERS, "keep": "0"}
    body |= {"form_token": hidden(broken, "form_token"), "draft": hidden(broken, "draft")}
    review = client.post("/report/espionage/", body, HTTP_ACCEPT_LANGUAGE="en")
    assert "kept.png" in review.content.decode()
    receipt_page = submit(client, review)
    assert receipt_page.status_code == 200
    (attachment,) = Attachment.objects.all()
    assert attachment.report is not None


def test_more_files_than_allowed_is_a_form_error_that_keeps_the_answers(client, category, regions):
    files = [png_upload(f"p{i}.png") for i in range(settings.ATTACHMENT_MAX_COUNT + 1)]
    page = fill_form(client, files=files, HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200
    assert f"Attach at most {settings.ATTACHMENT_MAX_COUNT} files." in html
    assert 'href="#attachments"' in html
    assert "A stranger asked me about the base." in html
    assert not Attachment.objects.exists()


def test_a_form_sent_too_soon_is_refused_gently(client, category, regions):
    with override_settings(FORM_MIN_FILL_SECONDS=60):
        page = fill_form(client, HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "quicker than we expected" in html
    assert "Check your report" not in html
    assert "A stranger asked me about the base." in html  # answers kept


def test_a_missing_or_forged_form_token_asks_to_submit_again(client, category, regions):
    for token in ("", "forged"):
        page = client.post(
            "/report/espionage/", {**VALID_ANSWERS, "form_token": token}, HTTP_ACCEPT_LANGUAGE="en"
        )
        html = page.content.decode()
        assert "nothing was sent" in html
        assert "submit again" in html
        assert "A stranger asked me about the base." in html


def test_an_expired_form_token_asks_to_submit_again(client, category, regions):
    page = client.get("/report/espionage/")
    with override_settings(FORM_MAX_AGE_SECONDS=-1):
        again = client.post(
            "/report/espionage/",
            {**VALID_ANSWERS, "form_token": hidden(page, "form_token")},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert "submit again" in again.content.decode()


def test_a_token_for_another_category_is_refused(client, category, regions):
    page = client.get("/report/espionage/")
    category.pk, category.slug = None, "sabotage"
    category.save()
    other = client.post(
        "/report/sabotage/",
        {"a-what": "x", "form_token": hidden(page, "form_token")},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "submit again" in other.content.decode()


def test_a_disguised_file_is_a_form_error_and_nothing_is_stored(client, category, regions):
    disguised = SimpleUploadedFile("notes.pdf", png_upload().read(), content_type="application/pdf")
    page = fill_form(client, files=[disguised], HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert "notes.pdf: This file&#x27;s name does not match its content." in html
    assert not Report.objects.exists()
    assert not Attachment.objects.exists()


def test_a_corrupt_file_is_a_form_error_and_nothing_is_stored(client, category, regions):
    corrupt = SimpleUploadedFile("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    page = fill_form(client, files=[corrupt], HTTP_ACCEPT_LANGUAGE="en")
    assert "broken.png:" in page.content.decode()
    assert 'href="#attachments"' in page.content.decode()
    assert not Report.objects.exists()
    assert not Attachment.objects.exists()


def test_too_many_files_are_refused(client, category, regions, settings):
    settings.ATTACHMENT_MAX_COUNT = 1
    page = fill_form(
        client, files=[png_upload("a.png"), png_upload("b.png")], HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Attach at most 1 files." in page.content.decode()
    assert not Attachment.objects.exists()


def test_an_unknown_region_is_a_form_error(client, category, regions):
    page = fill_form(client, {**VALID_ANSWERS, "region": "999999"}, HTTP_ACCEPT_LANGUAGE="en")
    assert 'href="#region"' in page.content.decode()


def test_the_form_is_translated(client, category, regions):
    html = client.get("/report/espionage/").content.decode()
    assert "发生了什么？" in html
    assert "必填" in html


def test_a_text_file_is_accepted(client, category, regions):
    note = SimpleUploadedFile("note.txt", io.BytesIO(b"plain words\n").read())
    page = fill_form(client, files=[note], HTTP_ACCEPT_LANGUAGE="en")
    assert "Check your report" in page.content.decode()
    assert Attachment.objects.filter(report__isnull=True).count() == 1


def test_more_files_than_a_request_may_carry_get_the_friendly_400(
    client, category, regions, settings
):
    files = [png_upload(f"{i}.png") for i in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)]
    page = fill_form(client, files=files, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 400
    assert "choose fewer files" in page.content.decode()
    assert not Attachment.objects.exists()


def test_an_expired_draft_behind_the_form_keeps_what_was_typed(client, category, regions):
    page = client.get("/report/espionage/")
    again = client.post(
        "/report/espionage/",
        {**VALID_ANSWERS, "form_token": hidden(page, "form_token"), "draft": "expired"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    html = again.content.decode()
    assert "submit again" in html
    assert "A stranger asked me about the base." in html
    assert 'name="draft"' not in html
