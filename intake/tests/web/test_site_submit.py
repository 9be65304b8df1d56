"""Submitting a reviewed draft: once only, within the budget, and the receipt only in the page."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from core import ratelimit
from intake.models import Attachment, Field, Report
from intake.questionnaire import catalog
from intake.tests.web.site_pages import fill_form, hidden, log_in, receipt_in, submit
from tipline.testing.builders import png_upload

pytestmark = pytest.mark.django_db


def test_the_receipt_page_shows_the_code_in_blocks_and_warns(client, category, regions):
    page = submit(client, fill_form(client), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200
    assert len(receipt_in(page)) == 20
    assert "cannot be recovered" in html
    assert "only way to follow up" in html
    assert "Print" in html
    assert 'href="/followup/"' in html


def test_the_receipt_never_appears_in_a_url(client, category, regions):
    review = fill_form(client)
    page = submit(client, review)
    code = receipt_in(page)
    html = page.content.decode()
    assert 'href="/followup/?' not in html
    for attribute in ("href=", "action=", "src="):
        for chunk in html.split(attribute)[1:]:
            assert code[:8] not in chunk.split(">")[0], "no link or form carries the code"
    assert code not in log_in(client, code)["Location"]


def test_the_same_draft_is_never_submitted_twice(client, category, regions):
    review = fill_form(client)
    assert submit(client, review).status_code == 200
    again = submit(client, review, HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 409
    assert "already submitted" in again.content.decode()
    assert Report.objects.count() == 1


def test_a_draft_whose_files_were_claimed_is_refused_even_if_the_cache_forgot(
    client, category, regions
):
    review = fill_form(client, files=[png_upload()])
    submit(client, review)
    cache.clear()  # a restarted cache or another worker's local cache
    again = submit(client, review)
    assert again.status_code == 409
    assert Report.objects.count() == 1


def test_edited_drafts_share_one_submission(client, category, regions):
    review = fill_form(client)
    edit = client.post("/report/espionage/", {"draft": hidden(review, "draft"), "edit": "1"})
    second = client.post(
        "/report/espionage/",
        {
            "a-what": "again",
            "form_token": hidden(edit, "form_token"),
            "draft": hidden(edit, "draft"),
        },
    )
    submit(client, review)
    assert submit(client, second).status_code == 409
    assert Report.objects.count() == 1


class FrozenClock:
    """The submission budget counts per wall-clock second; freeze it so the test cannot straddle
    two seconds."""

    @staticmethod
    def time() -> float:
        return 1_700_000_000.0


def test_over_budget_submissions_get_429_and_can_be_retried(client, category, regions, monkeypatch):
    monkeypatch.setattr(ratelimit, "time", FrozenClock)
    with override_settings(SUBMISSION_BUDGET_PER_SECOND=1):
        cache.clear()
        submit(client, fill_form(client))
        review = fill_form(client)
        refused = submit(client, review, HTTP_ACCEPT_LANGUAGE="en")
        assert refused.status_code == 429
        assert refused["Retry-After"] == "1"
        assert "has not been sent yet" in refused.content.decode()
        assert hidden(refused, "draft") == hidden(review, "draft"), "a button to try again"
        assert Report.objects.count() == 1
        cache.clear()  # the next second
        assert submit(client, review).status_code == 200
    assert Report.objects.count() == 2


def test_a_forged_or_expired_draft_gets_a_friendly_400(client, category, regions):
    forged = client.post("/report/submit/", {"draft": "nonsense"}, HTTP_ACCEPT_LANGUAGE="en")
    assert forged.status_code == 400
    assert "Please start again" in forged.content.decode()
    review = fill_form(client)
    with override_settings(FORM_MAX_AGE_SECONDS=-1):
        assert submit(client, review).status_code == 400
    assert not Report.objects.exists()


def test_a_questionnaire_changed_since_review_shows_the_form_again(client, category, regions):
    review = fill_form(client, {"a-what": "only this", "region": ""})
    Field.objects.filter(category=category, key="name").update(required=True)
    catalog.invalidate()
    page = submit(client, review, HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'href="#q-name"' in html
    assert "only this" in html
    assert not Report.objects.exists()
    Field.objects.filter(category=category, key="name").update(required=False)
    catalog.invalidate()
    assert submit(client, review).status_code == 200, "the draft was not used up"


def test_getting_the_submit_address_goes_to_the_categories(client):
    assert client.get("/report/submit/")["Location"] == "/report/"


def test_submitted_reports_carry_the_contact_given(client, category, regions):
    review = fill_form(
        client, {"a-what": "x", "contact-name": "Wang", "contact-email": "w@example.cn"}
    )
    assert "Wang" in review.content.decode()
    submit(client, review)
    report = Report.objects.get()
    assert report.has_identity
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    "url", ["/", "/report/", "/report/espionage/", "/followup/", "/followup/report/"]
)
def test_reporter_pages_are_never_stored(client, category, regions, url):
    assert "no-store" in client.get(url)["Cache-Control"]


def test_review_and_form_posts_are_never_stored(client, category, regions):
    review = fill_form(client)
    assert "no-store" in review["Cache-Control"]
    assert "no-store" in submit(client, review)["Cache-Control"]
