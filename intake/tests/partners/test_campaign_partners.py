"""Partners and their campaigns: the embed page and the partner API take a campaign tag (a
partner's own only), and a partner reads its own campaign's figures, small cells hidden."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from intake.actions.partners import do_issue_partner_key, do_register_partner
from intake.followup import find_report
from intake.models import Campaign, Report
from intake.partners.figures import campaign_figures
from tipline.test import submission
from tipline.testing.builders import report_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def news(db):
    return do_register_partner(slug="news-site", name="A news site", actor="system")


@pytest.fixture
def isp(db):
    return do_register_partner(slug="isp", name="An internet provider", actor="system")


@pytest.fixture
def news_key(news) -> str:
    return do_issue_partner_key(news, actor="system")[1]


@pytest.fixture
def isp_key(isp) -> str:
    return do_issue_partner_key(isp, actor="system")[1]


@pytest.fixture
def news_campaign(news):
    return Campaign.objects.create(tag="news-spring", name_zh="春季", partner=news)


@pytest.fixture
def isp_campaign(isp):
    return Campaign.objects.create(tag="isp-autumn", name_zh="秋季", partner=isp)


def post(client, key=None, **body):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    return client.post(
        "/api/v1/reports", report_json(**body), content_type="application/json", **headers
    )


# The embed page ---------------------------------------------------------------------------------


def test_the_partners_embed_page_carries_its_own_campaign(client, category, news_campaign):
    page = client.get("/embed/news-site/?campaign=news-spring").content.decode()
    assert 'href="/report/espionage/?campaign=news-spring"' in page


def test_the_embed_page_drops_another_partners_campaign(
    client, category, news_campaign, isp_campaign
):
    page = client.get("/embed/news-site/?campaign=isp-autumn").content.decode()
    assert "campaign=" not in page
    assert "campaign=" not in client.get("/embed/?campaign=news-spring").content.decode()


def test_the_plain_embed_page_carries_a_campaign_of_no_partner(client, category):
    Campaign.objects.create(tag="agency-own", name_zh="本机关")
    page = client.get("/embed/?campaign=agency-own")
    assert 'href="/report/espionage/?campaign=agency-own"' in page.content.decode()
    assert not page.cookies


# The partner API --------------------------------------------------------------------------------


def test_a_partners_report_carries_its_campaign(client, category, news_key, news_campaign):
    response = post(client, news_key, campaign="news-spring")
    assert response.status_code == 201
    assert find_report(response.json()["receipt"]).campaign == news_campaign


def test_a_partner_cannot_use_another_partners_campaign(client, category, news_key, isp_campaign):
    response = post(client, news_key, campaign="isp-autumn")
    unknown = post(client, news_key, campaign="never-made")
    assert response.status_code == unknown.status_code == 422
    assert response.json() == unknown.json()  # not theirs looks like not there
    for odd in ("bad\x00tag", 42, ["news-spring"], {"tag": "x"}):
        assert post(client, news_key, campaign=odd).status_code == 422
    assert not Report.objects.exists()


def test_an_anonymous_call_cannot_use_a_partners_campaign(client, category, news_campaign):
    assert post(client, campaign="news-spring").status_code == 422
    assert post(client).status_code == 201  # untagged is fine


# Figures ----------------------------------------------------------------------------------------


def file_reports(campaign, category, count: int, *, months_ago: int = 0):
    from intake.actions.reports import do_submit_report

    when = timezone.now() - timedelta(days=31 * months_ago)
    for _ in range(count):
        report, _receipt = do_submit_report(
            submission(category_id=category.pk, campaign_id=campaign.pk)
        )
        Report.objects.filter(pk=report.pk).update(created_at=when)


def figures(client, key, tag):
    return client.get(
        f"/api/v1/partner/campaigns/{tag}/figures", HTTP_AUTHORIZATION=f"Bearer {key}"
    )


def test_a_partner_reads_its_campaigns_figures_by_month(client, category, news_key, news_campaign):
    Campaign.objects.filter(pk=news_campaign.pk).update(
        created_at=timezone.now() - timedelta(days=70)
    )
    file_reports(news_campaign, category, 12)
    file_reports(news_campaign, category, 15, months_ago=1)
    response = figures(client, news_key, "news-spring")
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == {"reports": 27, "shown": "27"}
    shown = [month["reports"] for month in body["months"]]
    assert shown[-2:] == [15, 12]
    assert all(value is None for value in shown[:-2])  # the empty month is hidden, not 0


def test_small_figures_are_suppressed_and_not_derivable_from_the_total(news_campaign, category):
    Campaign.objects.filter(pk=news_campaign.pk).update(
        created_at=timezone.now() - timedelta(days=40)
    )
    news_campaign.refresh_from_db()
    file_reports(news_campaign, category, 3)
    file_reports(news_campaign, category, 20, months_ago=1)
    with translation.override("en"):
        body = campaign_figures(news_campaign)
    assert body["total"]["reports"] == 23
    months = [month["reports"] for month in body["months"]]
    # 3 is hidden; 23 - 20 would give it back by subtraction, so 20 is hidden too.
    assert [value for value in months if value is not None] == []
    assert body["months"][-1]["shown"] == "fewer than 10"


def test_the_hidden_months_never_add_up_to_a_small_figure(news_campaign, category):
    Campaign.objects.filter(pk=news_campaign.pk).update(
        created_at=timezone.now() - timedelta(days=70)
    )
    news_campaign.refresh_from_db()
    file_reports(news_campaign, category, 2, months_ago=2)
    file_reports(news_campaign, category, 30, months_ago=1)
    file_reports(news_campaign, category, 3)
    body = campaign_figures(news_campaign)
    shown = sum(month["reports"] or 0 for month in body["months"])
    remainder = body["total"]["reports"] - shown
    assert remainder == 0 or remainder >= 10


def test_a_small_total_is_hidden(client, category, news_key, news_campaign):
    file_reports(news_campaign, category, 4)
    body = figures(client, news_key, "news-spring").json()
    assert body["total"]["reports"] is None
    assert all(month["reports"] is None for month in body["months"])


def test_a_partner_sees_only_its_own_campaigns_figures(client, category, isp_key, news_campaign):
    file_reports(news_campaign, category, 30)
    assert figures(client, isp_key, "news-spring").status_code == 404
    assert figures(client, isp_key, "never-made").status_code == 404
    assert figures(client, isp_key, "bad%00tag").status_code == 400  # core.inputguard
    assert figures(client, isp_key, "x" * 300).status_code == 404
    anonymous = client.get("/api/v1/partner/campaigns/news-spring/figures")
    assert anonymous.status_code == 401
