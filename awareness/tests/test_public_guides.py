"""Public guide pages: our templates, the site's CSP, no script, both languages; the reporting
pages link to them."""

import io
import re

import pytest
from django.core.management import call_command
from django.test import Client

from awareness.models import ArticlePage
from awareness.tests.conftest import draft_article

pytestmark = pytest.mark.django_db

DEMO_PATHS = [
    "/guide/",
    "/guide/your-rights/",
    "/guide/how-rewards-work/",
    "/guide/legal-basis/",
    "/guide/what-to-report-espionage/",
    "/guide/what-to-report-cyber-attack/",
    "/guide/faq/",
]


@pytest.fixture
def demo_pages(db):
    call_command("load_demo_data", stdout=io.StringIO())
    call_command("load_demo_pages", stdout=io.StringIO())


def in_language(language: str) -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.parametrize("path", DEMO_PATHS)
def test_each_guide_has_the_sites_policy_and_no_script(demo_pages, path):
    site_policy = Client().get("/")["Content-Security-Policy"]
    response = Client().get(path)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == site_policy
    html = response.content.decode()
    assert "<script" not in html
    other_hosts = set(re.findall(r"""(?:src|href)=["']?(?:https?:)?//([^/"']+)""", html))
    assert other_hosts <= {"testserver"}, "nothing from or to another site"
    assert "css/site.css" in html, "our own base template"


@pytest.mark.parametrize(
    ("language", "title", "claim"),
    [
        ("zh-CN", "举报奖励怎样发放", "凭回执码"),
        ("en", "How rewards work", "receipt code alone"),
    ],
)
def test_the_rewards_guide_renders_in_each_language(demo_pages, language, title, claim):
    html = in_language(language).get("/guide/how-rewards-work/").content.decode()
    assert f"<h1>{title}</h1>" in html
    assert claim in html, "anonymous reporters claim with the receipt alone"


def test_the_loader_is_safe_to_repeat(demo_pages):
    out = io.StringIO()
    call_command("load_demo_pages", stdout=out)
    assert "0 new, 7 already present" in out.getvalue()


@pytest.mark.parametrize(
    ("language", "title"), [("zh-CN", "举报人的权利和保护"), ("en", "Your rights and protections")]
)
def test_the_home_page_links_the_general_guides(demo_pages, language, title):
    html = in_language(language).get("/").content.decode()
    assert f'<a href="/guide/your-rights/">{title}</a>' in html
    assert 'href="/guide/your-rights/"' in html
    assert 'href="/guide/how-rewards-work/"' in html
    assert 'href="/guide/what-to-report-espionage/"' in html


@pytest.mark.parametrize(
    ("language", "title"),
    [("zh-CN", "间谍行为：报告哪些情况"), ("en", "Espionage: what to tell us")],
)
def test_a_categorys_report_form_links_its_guide(demo_pages, language, title):
    html = in_language(language).get("/report/espionage/").content.decode()
    assert f'<a href="/guide/what-to-report-espionage/">{title}</a>' in html


def test_a_category_without_a_guide_links_none(demo_pages):
    assert "/guide/" not in Client().get("/report/sabotage/").content.decode()


def test_a_draft_is_not_public(guide_home, editor):
    page = draft_article(guide_home, editor, slug="draft-only")
    assert not ArticlePage.objects.get(pk=page.pk).live
    assert Client().get("/guide/draft-only/").status_code == 404


def test_nothing_is_posted_to_a_guide(demo_pages):
    assert Client().post("/guide/faq/").status_code == 405


def test_wagtails_front_end_login_and_password_views_are_not_mounted(demo_pages):
    assert Client().get("/guide/_util/login/").status_code == 404
    assert Client().get("/_util/login/").status_code == 404
