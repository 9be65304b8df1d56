"""One served form can mint only a bounded number of drafts (issue 8: a script re-posting one
form token must not stage files or drafts without end)."""

from intake.models import Attachment
from intake.tests.web.site_pages import VALID_ANSWERS, hidden
from intake.web.draft import DRAFTS_PER_FORM
from tipline.testing.builders import png_upload


def test_one_form_token_mints_a_bounded_number_of_drafts(client, category, regions):
    page = client.get("/report/espionage/")
    body = {**VALID_ANSWERS, "form_token": hidden(page, "form_token")}
    for _ in range(DRAFTS_PER_FORM):
        review = client.post("/report/espionage/", body, HTTP_ACCEPT_LANGUAGE="en")
        assert "Check your report" in review.content.decode()
    refused = client.post(
        "/report/espionage/", {**body, "attachments": [png_upload()]}, HTTP_ACCEPT_LANGUAGE="en"
    )
    html = refused.content.decode()
    assert "nothing was sent" in html
    assert "A stranger asked me about the base." in html  # what they typed is kept
    assert not Attachment.objects.exists()


def test_a_fresh_form_can_be_sent_again_after_the_bound(client, category, regions):
    page = client.get("/report/espionage/")
    body = {**VALID_ANSWERS, "form_token": hidden(page, "form_token")}
    for _ in range(DRAFTS_PER_FORM + 1):
        last = client.post("/report/espionage/", body, HTTP_ACCEPT_LANGUAGE="en")
    again = {**VALID_ANSWERS, "form_token": hidden(last, "form_token")}
    review = client.post("/report/espionage/", again, HTTP_ACCEPT_LANGUAGE="en")
    assert "Check your report" in review.content.decode()
