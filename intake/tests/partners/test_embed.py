"""The embeddable entry point: frameable by partner sites, cookie-free, nothing from elsewhere."""

import re

import pytest

from intake.actions.partners import do_register_partner

pytestmark = pytest.mark.django_db


def csp(response) -> dict[str, str]:
    directives = (part.strip() for part in response["Content-Security-Policy"].split(";"))
    return {d.split(" ", 1)[0]: d.partition(" ")[2] for d in directives if d}


def test_the_page_sets_no_cookie(client, category):
    response = client.get("/embed/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert not response.cookies
    assert "Set-Cookie" not in response
    assert b"csrfmiddlewaretoken" not in response.content


def test_the_page_may_be_framed_by_the_configured_partner_origins(client, category, settings):
    settings.TIPLINE_EMBED_FRAME_ANCESTORS = ["https://news.example", "https://isp.example"]
    response = client.get("/embed/")
    assert "X-Frame-Options" not in response
    assert csp(response)["frame-ancestors"] == "https://news.example https://isp.example"


def test_by_default_only_our_own_pages_may_frame_it(client, category):
    assert csp(client.get("/embed/"))["frame-ancestors"] == "'self'"


def test_every_other_page_still_refuses_framing(client, category):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"
    assert csp(response)["frame-ancestors"] == "'none'"


def test_it_links_each_category_into_the_reporting_flow_at_the_top_level(client, category):
    page = client.get("/embed/").content.decode()
    assert re.search(r'href="/report/espionage/"\s+target="_top"', page)
    assert re.search(r'href="/followup/"\s+target="_top"', page)


def test_it_loads_nothing_from_other_sites(client, category):
    page = client.get("/embed/").content.decode()
    urls = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert urls
    assert all(url.startswith("/") or url == "data:," for url in urls)
    assert "default-src 'self'" in client.get("/embed/")["Content-Security-Policy"]


def test_a_partners_page_names_the_partner_and_says_it_sees_nothing(client, category):
    do_register_partner(slug="isp", name="Example ISP", actor="system")
    response = client.get("/embed/isp/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert b"Example ISP cannot see what you report" in response.content
    assert not response.cookies


def test_an_unknown_or_inactive_partner_gets_404(client, category):
    partner = do_register_partner(slug="gone", name="Gone", actor="system")
    partner.active = False
    partner.save()
    assert client.get("/embed/gone/").status_code == 404
    assert client.get("/embed/nobody/").status_code == 404
