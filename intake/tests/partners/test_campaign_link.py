"""A campaign's short link /c/<tag>/ starts a report that carries the campaign and nothing else
about where it came from: no cookie beyond the form's own, no referrer, address or browser."""

import re

import pytest

from audit.models import AuditEvent
from intake import vault
from intake.actions.partners import do_register_partner
from intake.models import Campaign, Report
from intake.tests.web.site_pages import VALID_ANSWERS, hidden, receipt_in

pytestmark = pytest.mark.django_db

TRACES = {
    "HTTP_REFERER": "https://news.example.com/article/4711",
    "HTTP_USER_AGENT": "TraceableBrowser/9.9",
    "REMOTE_ADDR": "203.0.113.77",
}


@pytest.fixture
def campaign(db):
    partner = do_register_partner(slug="news-site", name="A news site", actor="system")
    return Campaign.objects.create(tag="spring-news", name_zh="春季宣传", partner=partner)


def journey(client, start: str):
    """From `start` to the receipt, as a browser follows links: every response on the way."""
    responses = [client.get(start, **TRACES)]
    while responses[-1].status_code == 302:
        responses.append(client.get(responses[-1]["Location"], **TRACES))
    categories = responses[-1].content.decode()
    form_url = re.search(r'href="(/report/espionage/[^"]*)"', categories)[1].replace("&amp;", "&")
    page = client.get(form_url, **TRACES)
    body = {**VALID_ANSWERS, "form_token": hidden(page, "form_token")}
    if 'name="campaign"' in page.content.decode():
        body["campaign"] = hidden(page, "campaign")
    review = client.post("/report/espionage/", body, **TRACES)
    receipt = client.post("/report/submit/", {"draft": hidden(review, "draft")}, **TRACES)
    receipt_in(receipt)
    return [*responses, page, review, receipt]


def cookies_set(responses) -> set[str]:
    return {name for response in responses for name in response.cookies}


def test_the_short_link_leads_to_the_form_with_the_tag(client, category, campaign):
    response = client.get("/c/spring-news/")
    assert response.status_code == 302
    assert response["Location"] == "/report/?campaign=spring-news"
    assert not response.cookies
    categories = client.get(response["Location"]).content.decode()
    assert 'href="/report/espionage/?campaign=spring-news"' in categories
    form = client.get("/report/espionage/?campaign=spring-news")
    assert hidden(form, "campaign") == "spring-news"


def test_a_campaign_links_report_carries_the_tag_and_no_other_trace(
    client, category, regions, campaign
):
    responses = journey(client, "/c/spring-news/")
    report = Report.objects.get()
    assert report.campaign == campaign
    assert report.channel == "web"
    row = str(Report.objects.filter(pk=report.pk).values().get())
    answers = str(vault.open_answers(report))
    events = str(list(AuditEvent.objects.values()))
    for trace in ("news.example.com", "4711", "TraceableBrowser", "203.0.113.77"):
        assert trace not in row + answers + events
    # The same cookies as a report started without the link: the form's own (CSRF), no more.
    plain = journey(type(client)(), "/report/")
    assert cookies_set(responses) == cookies_set(plain)
    assert Report.objects.exclude(pk=report.pk).get().campaign is None


@pytest.mark.parametrize(
    "tag", ["no-such-tag", "old-campaign", "x" * 300, "%E2%80%AE", "%F0%9F%98%80"]
)
def test_an_unknown_or_inactive_tag_starts_an_ordinary_report(client, category, regions, tag):
    Campaign.objects.create(tag="old-campaign", name_zh="旧", active=False)
    response = client.get(f"/c/{tag}/")
    assert response.status_code == 302
    assert response["Location"] == "/report/"
    journey(client, f"/c/{tag}/")
    assert Report.objects.get().campaign is None


def test_a_nul_byte_in_the_link_is_refused_like_anywhere_else(client):
    assert client.get("/c/bad%00tag/").status_code == 400  # core.inputguard, not a 500


def test_a_forged_tag_in_the_form_is_dropped(client, category, regions, campaign):
    page = client.get("/report/espionage/?campaign=invented")
    assert 'name="campaign"' not in page.content.decode()
    body = {**VALID_ANSWERS, "form_token": hidden(page, "form_token"), "campaign": "invented"}
    review = client.post("/report/espionage/", body)
    client.post("/report/submit/", {"draft": hidden(review, "draft")})
    assert Report.objects.get().campaign is None


def test_the_tag_survives_a_validation_error_and_change_answers(
    client, category, regions, campaign
):
    page = client.get("/report/espionage/?campaign=spring-news")
    body = {**VALID_ANSWERS, "a-what": "", "form_token": hidden(page, "form_token")}
    again = client.post("/report/espionage/", {**body, "campaign": "spring-news"})
    assert hidden(again, "campaign") == "spring-news"
    body = {**VALID_ANSWERS, "form_token": hidden(again, "form_token"), "campaign": "spring-news"}
    review = client.post("/report/espionage/", body)
    edit = client.post("/report/espionage/", {"draft": hidden(review, "draft"), "edit": "1"})
    assert hidden(edit, "campaign") == "spring-news"
    client.post("/report/submit/", {"draft": hidden(review, "draft")})
    assert Report.objects.get().campaign == campaign
