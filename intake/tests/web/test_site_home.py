"""The home page and category list: languages, protections and security headers."""

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_home_speaks_chinese_by_default(client, category):
    page = client.get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="zh-Hans">' in html
    assert "间谍行为" in html  # the active category, in Chinese
    assert 'href="/report/"' in html
    assert 'href="/followup/"' in html


def test_home_follows_accept_language(client, category):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="en">' in html
    assert "Make a report" in html
    assert "Check on a report" in html
    assert "Espionage" in html


def test_the_language_switch_sets_the_language(client, category):
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/report/"})
    assert switched.status_code == 302
    assert switched["Location"] == "/report/"
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
    assert '<html lang="en">' in html, "the chosen language wins over the browser's"
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert '<html lang="zh-Hans">' in client.get("/").content.decode()


def test_every_page_has_a_language_switch_form(client, category):
    html = client.get("/report/espionage/").content.decode()
    assert 'action="/i18n/setlang/" method="post"' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_home_explains_protection_and_next_steps(client, category):
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for promise in ("Anonymous by default", "Nothing about your device is kept", "Encrypted"):
        assert promise in html
    assert "commended or rewarded" in html


def test_pages_send_strict_security_headers(client, category):
    page = client.get("/")
    assert "default-src 'self'" in page["Content-Security-Policy"]
    assert page["Referrer-Policy"] == "no-referrer"
    assert page["X-Frame-Options"] == "DENY"


def test_pages_carry_no_inline_script_or_style(client, category, regions):
    for url in ("/", "/report/", "/report/espionage/", "/followup/"):
        html = client.get(url).content.decode()
        for inline in ("<script", "<style", "style="):
            assert inline not in html, url


def test_categories_list_names_and_descriptions(client, category):
    html = client.get("/report/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Espionage" in html
    assert "Someone stealing or seeking state secrets." in html
    assert 'href="/report/espionage/"' in html


def test_inactive_categories_are_hidden(client, category):
    category.active = False
    category.save()
    assert "Espionage" not in client.get("/report/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_unknown_pages_get_the_friendly_404(client):
    page = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 404
    assert "Page not found" in page.content.decode()


def test_collected_static_files_are_served_compressed(tmp_path):
    with override_settings(STATIC_ROOT=tmp_path):
        call_command("collectstatic", interactive=False, verbosity=0)
        assert (tmp_path / "css" / "site.css.gz").exists()
        page = Client().get("/static/css/site.css", HTTP_ACCEPT_ENCODING="gzip")
    assert page.status_code == 200
    assert page["Content-Encoding"] == "gzip"


@pytest.mark.parametrize("template", ["500.html", "400.html", "403_csrf.html"])
def test_error_pages_render_without_a_request(template):
    with translation.override("zh-hans"):
        html = render_to_string(template)
    assert '<html lang="zh-Hans">' in html
    assert 'href="/"' in html
