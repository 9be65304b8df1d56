"""Administrators create campaigns in the admin (audited) and download each one's poster."""

import subprocess

import pytest

from audit.models import AuditEvent
from intake.models import Campaign
from tipline.test import login_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    return login_staff(client, admin_user)


@pytest.fixture
def campaign(db):
    return Campaign.objects.create(tag="spring-news", name_zh="春季宣传", name_en="Spring drive")


def pdf_text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "poster.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(  # noqa: S603 - a fixed program on our own file
        ["pdftotext", "-enc", "UTF-8", str(path), "-"],  # noqa: S607 - poppler-utils, on PATH
        capture_output=True,
        check=True,
    )
    return done.stdout.decode()


def test_an_admin_creates_a_campaign_and_it_is_audited(admin_client):
    response = admin_client.post(
        "/admin/intake/campaign/add/",
        {"tag": "employer-2026", "name_zh": "企业宣传", "name_en": "", "active": "on"},
    )
    assert response.status_code == 302, response.content
    campaign = Campaign.objects.get(tag="employer-2026")
    event = AuditEvent.objects.get(action="admin.campaign.add")
    assert event.target_id == str(campaign.pk)


def test_the_tag_cannot_change_once_made(admin_client, campaign):
    admin_client.post(
        f"/admin/intake/campaign/{campaign.pk}/change/",
        {"tag": "renamed", "name_zh": "春季宣传", "name_en": "Spring drive", "active": ""},
    )
    campaign.refresh_from_db()
    assert campaign.tag == "spring-news"
    assert not campaign.active
    assert AuditEvent.objects.filter(action="admin.campaign.change").exists()


def test_the_change_page_links_both_posters(admin_client, campaign):
    page = admin_client.get(f"/admin/intake/campaign/{campaign.pk}/change/").content.decode()
    assert f"/admin/intake/campaign/{campaign.pk}/poster/zh-hans/" in page
    assert f"/admin/intake/campaign/{campaign.pk}/poster/en/" in page


@pytest.mark.parametrize(
    ("language", "words"),
    [("zh-hans", ["春季宣传", "12339"]), ("en", ["Spring drive", "hotline 12339"])],
)
def test_the_poster_pdf_carries_the_campaign_link(
    admin_client, campaign, settings, tmp_path, language, words
):
    settings.SITE_URL, settings.HOTLINE_NUMBER = "https://tips.example.gov.cn", "12339"
    response = admin_client.get(f"/admin/intake/campaign/{campaign.pk}/poster/{language}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content, tmp_path)
    assert "https://tips.example.gov.cn/c/spring-news/" in text
    for word in words:
        assert word in text


def test_the_poster_link_falls_back_to_this_sites_address(admin_client, campaign, tmp_path):
    response = admin_client.get(f"/admin/intake/campaign/{campaign.pk}/poster/en/")
    assert "http://testserver/c/spring-news/" in pdf_text(response.content, tmp_path)


def test_only_administrators_get_posters(client, campaign, analyst_a):
    response = login_staff(client, analyst_a).get(
        f"/admin/intake/campaign/{campaign.pk}/poster/en/"
    )
    assert response.status_code in (302, 403)
    assert response.get("Content-Type") != "application/pdf"


def test_an_unknown_poster_is_a_404(admin_client, campaign):
    assert admin_client.get("/admin/intake/campaign/999999/poster/en/").status_code == 404
    assert admin_client.get(f"/admin/intake/campaign/{campaign.pk}/poster/fr/").status_code == 404
