"""A reply typed while the follow-up session ran out is not lost: the receipt form comes back
carrying it sealed, and once the code is accepted the reply box shows it again. The words are
never at rest on the server in the clear."""

import pytest
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from intake.models import Message
from intake.tests.web.site_pages import hidden, log_in, report_and_get_receipt

pytestmark = pytest.mark.django_db

REPLY = "The car was a grey van, plate starting 京A-7."


@pytest.fixture
def receipt(category, regions):
    return report_and_get_receipt(Client())


@pytest.fixture
def expired(client, receipt):
    """A browser that logged in, then left the page until the session ended."""
    assert log_in(client, receipt).status_code == 303
    Session.objects.all().delete()  # what the idle timeout and the scheduled sweep leave
    return client


EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def send_reply(client):
    return client.post("/followup/report/message/", {"body": REPLY}, **EN)


def test_a_reply_after_the_session_ended_asks_for_the_code_and_keeps_the_words(expired):
    page = send_reply(expired)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="code"' in html
    assert "your message has not been sent yet" in html
    assert REPLY not in html  # sealed in the page, not shown in the clear
    assert hidden(page, "reply")
    assert not Message.objects.exists()
    assert not Session.objects.exists()


def test_after_the_code_the_reply_box_shows_the_words_once(expired, receipt):
    sealed = hidden(send_reply(expired), "reply")
    response = expired.post("/followup/", {"code": receipt, "reply": sealed})
    assert response.status_code == 303
    stored = Session.objects.get().get_decoded()
    assert "grey van" not in str(stored)  # the session holds the sealed token only
    page = expired.get("/followup/report/", **EN).content.decode()
    assert REPLY in page
    assert "the message you were writing" in page
    assert REPLY not in expired.get("/followup/report/").content.decode()
    assert not Message.objects.exists()  # nothing is sent until the reporter presses Send


def test_a_mistyped_code_keeps_the_reply_in_the_form(expired, receipt, settings):
    settings.RECEIPT_DELAY_BASE_SECONDS = 0.0001
    sealed = hidden(send_reply(expired), "reply")
    again = expired.post("/followup/", {"code": "1234", "reply": sealed})
    assert hidden(again, "reply") == sealed
    expired.post("/followup/", {"code": "1" * 20, "reply": sealed})
    expired.post("/followup/", {"code": receipt, "reply": sealed})
    assert REPLY in expired.get("/followup/report/").content.decode()


def test_files_of_a_lost_reply_must_be_chosen_again(expired):
    photo = SimpleUploadedFile("gate.txt", b"plate number", content_type="text/plain")
    page = expired.post("/followup/report/message/", {"body": REPLY, "attachments": [photo]}, **EN)
    assert "choose them again" in page.content.decode()


def test_a_forged_reply_is_dropped(client, receipt):
    response = client.post("/followup/", {"code": receipt, "reply": "forged"})
    assert response.status_code == 303
    page = client.get("/followup/report/").content.decode()
    assert "the message you were writing" not in page
