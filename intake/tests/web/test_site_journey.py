"""A reporter's whole journey on the public site, with JavaScript off (plain form posts)."""

import pytest

from intake import vault
from intake.models import Attachment, Report
from intake.tests.web.site_pages import fill_form, hidden, log_in, receipt_in, submit
from tipline.testing.builders import png_upload

pytestmark = pytest.mark.django_db


def test_a_reporter_reports_with_a_file_and_follows_up(client, category, regions):
    choose = client.get("/report/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Espionage" in choose.content.decode()

    review = fill_form(client, files=[png_upload("scene.png")], HTTP_ACCEPT_LANGUAGE="en")
    page = review.content.decode()
    assert "Check your report" in page
    assert "A person" in page
    assert "Online, Money" in page
    assert "Beijing · Beijing City" in page  # region names, not codes
    assert "scene.png" in page
    assert not Report.objects.exists(), "nothing is a report before Submit"
    assert Attachment.objects.filter(report__isnull=True).count() == 1, "the file is staged"

    receipt_page = submit(client, review, HTTP_ACCEPT_LANGUAGE="en")
    assert receipt_page.status_code == 200
    assert "no-store" in receipt_page["Cache-Control"]
    code = receipt_in(receipt_page)
    report = Report.objects.get()
    assert report.channel == "web"
    assert report.language == "en"
    assert report.region_id == "110000"
    assert vault.open_answers(report)["methods"] == ["money", "online"]
    assert report.attachments.count() == 1

    login = log_in(client, f"{code[:4]} {code[4:10]}-{code[10:]}")
    assert login.status_code == 303
    assert login["Location"] == "/followup/report/"
    status = client.get("/followup/report/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Received" in status.content.decode()
    assert "scene.png" in status.content.decode()

    reply = client.post(
        "/followup/report/message/",
        {"body": "He came back today.", "attachments": [png_upload("second.png")]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert reply.status_code == 303
    thread = client.get("/followup/report/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "He came back today." in thread
    assert "second.png" in thread
    assert "Your message was sent." in thread

    identity = client.post("/followup/report/identity/", {"contact-phone": "13800000000"})
    assert identity.status_code == 303
    report.refresh_from_db()
    assert report.has_identity
    assert vault.open_identity(report.identity) == {"phone": "13800000000"}

    logout = client.post("/followup/logout/")
    assert logout.status_code == 303
    assert logout["Location"] == "/"
    assert client.get("/followup/report/")["Location"] == "/followup/"


def test_the_reporter_can_change_answers_and_keep_the_files(client, category, regions):
    review = fill_form(client, files=[png_upload("one.png")])
    edit = client.post("/report/espionage/", {"draft": hidden(review, "draft"), "edit": "1"})
    page = edit.content.decode()
    assert "A stranger asked me about the base." in page
    assert "one.png" in page
    assert 'name="keep" value="0" checked' in page

    again = client.post(
        "/report/espionage/",
        {
            "a-what": "Changed my mind about the wording.",
            "form_token": hidden(edit, "form_token"),
            "draft": hidden(edit, "draft"),
            "keep": ["0"],
            "attachments": [png_upload("two.png")],
        },
    )
    assert "Changed my mind" in again.content.decode()
    assert "one.png" in again.content.decode()
    assert "two.png" in again.content.decode()
    submit(client, again)
    report = Report.objects.get()
    assert report.attachments.count() == 2
    assert vault.open_answers(report) == {"what": "Changed my mind about the wording."}


def test_a_mangled_keep_value_drops_the_file_instead_of_failing(client, category, regions):
    review = fill_form(client, files=[png_upload("one.png")])
    edit = client.post("/report/espionage/", {"draft": hidden(review, "draft"), "edit": "1"})
    again = client.post(
        "/report/espionage/",
        {
            "a-what": "Still the same story.",
            "form_token": hidden(edit, "form_token"),
            "draft": hidden(edit, "draft"),
            "keep": ["²"],  # isdigit() but not int()-able
        },
    )
    assert again.status_code == 200
    assert "one.png" not in again.content.decode()
