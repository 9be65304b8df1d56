"""Every public page and every receipt slip says who runs the site and how else to reach them."""

import pytest

from intake.tests.web.site_pages import fill_form, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def agency(settings):
    settings.AGENCY_NAME_ZH = "某市国家安全局"
    settings.AGENCY_NAME_EN = "City State Security Bureau"
    settings.SITE_URL = "https://tips.example.gov.cn"
    settings.HOTLINE_NUMBER = "12339"


def test_the_header_and_footer_name_the_agency_site_and_hotline(client, category, agency):
    html = client.get("/").content.decode()
    header, footer = html.split("</header>")[0], html.split("<footer")[1]
    assert "某市国家安全局" in header
    assert 'href="tel:12339"' in header
    assert "某市国家安全局" in footer
    assert "https://tips.example.gov.cn" in footer
    assert "12339" in footer


def test_english_pages_name_the_agency_in_english(client, category, agency):
    html = client.get("/report/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "City State Security Bureau" in html
    assert "某市国家安全局" not in html


def test_without_a_configured_address_the_footer_gives_the_one_visited(client, category, settings):
    settings.SITE_URL = ""
    assert "http://testserver" in client.get("/").content.decode()


def test_the_printed_receipt_says_who_where_how_and_when(client, category, regions, agency):
    receipt = submit(client, fill_form(client), HTTP_ACCEPT_LANGUAGE="en")
    slip = receipt.content.decode().split('class="receipt-slip"')[1].split('class="no-print"')[0]
    assert "City State Security Bureau" in slip
    assert "Online: go to https://tips.example.gov.cn" in slip
    assert "call the reporting hotline 12339" in slip
    assert "When to check back" in slip


def test_the_hotline_number_can_be_changed(client, category, agency, settings):
    settings.HOTLINE_NUMBER = "010-12345678"
    assert 'href="tel:010-12345678"' in client.get("/").content.decode()


def test_a_request_for_an_unknown_host_still_gets_the_friendly_400(client, category, settings):
    settings.SITE_URL = ""
    response = client.get("/", HTTP_HOST="elsewhere.example", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "We could not read what was sent" in response.content.decode()
    assert "elsewhere.example" not in response.content.decode()
