"""A campaign page made in the CMS is linked to its campaign record: whoever arrives by the
campaign's short link sees it above the report choices; the campaign's admin page links to it."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from awareness.models import CampaignPage
from intake.models import Campaign
from tipline.test import login_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(db):
    return Campaign.objects.create(tag="spring-news", name_zh="春季宣传", name_en="Spring drive")


def live_campaign_page(home, campaign, *, title="春季国家安全宣传"):
    page = home.add_child(
        instance=CampaignPage(
            title=title,
            slug="spring-campaign",
            summary="发现可疑情况，请告诉我们。",
            body="<p>正文</p>",
            campaign=campaign,
        )
    )
    page.save_revision().publish()
    return page


def landing(tag: str) -> str:
    response = Client(HTTP_ACCEPT_LANGUAGE="zh-CN").get(f"/c/{tag}/", follow=True)
    assert response.status_code == 200  # its cookies: intake/tests/partners/test_campaign_link.py
    return response.content.decode()


def test_the_short_link_shows_its_campaign_page_above_the_choices(guide_home, campaign):
    page = live_campaign_page(guide_home, campaign)
    html = landing("spring-news")
    assert "春季国家安全宣传" in html
    assert "发现可疑情况，请告诉我们。" in html
    assert f'href="{page.url}"' in html
    assert html.index("<h1>") < html.index("春季国家安全宣传") < html.index("</main>")


def test_no_page_shows_for_another_campaign_a_withdrawn_page_or_an_ended_campaign(
    guide_home, campaign
):
    page = live_campaign_page(guide_home, campaign)
    Campaign.objects.create(tag="other-tag", name_zh="其他", name_en="Other")
    assert "春季国家安全宣传" not in landing("other-tag")
    page.unpublish()
    assert "春季国家安全宣传" not in landing("spring-news")
    page.save_revision().publish()
    Campaign.objects.filter(pk=campaign.pk).update(active=False)
    assert "春季国家安全宣传" not in landing("spring-news")


def test_the_campaign_page_starts_a_report_that_keeps_the_campaign(guide_home, campaign):
    """Short link -> "read about this campaign" -> "make a report" must not drop the tag."""
    page = live_campaign_page(guide_home, campaign)
    reader = Client(HTTP_ACCEPT_LANGUAGE="zh-CN")
    html = reader.get(page.url).content.decode()
    assert 'href="/report/?campaign=spring-news"' in html
    assert "spring-news" in reader.get("/report/?campaign=spring-news").content.decode()
    Campaign.objects.filter(pk=campaign.pk).update(active=False)
    assert "campaign=" not in reader.get(page.url).content.decode()


def test_the_campaign_admin_links_to_its_live_page(client, admin_user, guide_home, campaign):
    admin = login_staff(client, admin_user)
    change = f"/admin/intake/campaign/{campaign.pk}/change/"
    assert "None live" in admin.get(change, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    page = live_campaign_page(guide_home, campaign)
    html = admin.get(change, HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert f'href="{page.url}"' in html
    assert "春季国家安全宣传" in html


@pytest.mark.parametrize(
    ("language", "title"),
    [("zh-CN", "全民国家安全教育日"), ("en", "National Security Education Day")],
)
def test_the_demo_campaign_link_shows_its_page_in_the_readers_language(language, title):
    call_command("load_demo_data", stdout=io.StringIO())
    call_command("load_demo_pages", stdout=io.StringIO())
    response = Client(HTTP_ACCEPT_LANGUAGE=language).get("/c/spring-2026/", follow=True)
    assert title in response.content.decode()
