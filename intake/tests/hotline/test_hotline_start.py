"""The hotline start page: pick a category by number for a new call, or start a follow-up."""

import pytest

from intake.models import Category
from tipline.test import login_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def console(client, call_taker, category):
    Category.objects.create(slug="sabotage", name_zh="破坏", name_en="Sabotage", position=5)
    return login_staff(client, call_taker)


def test_it_lists_the_categories_numbered_with_access_keys(console):
    html = console.get("/staff/hotline/").content.decode()
    assert 'accesskey="1"' in html
    assert html.index("间谍行为") < html.index("破坏")
    assert 'id="pick-category"' in html.split("autofocus")[0][-200:]


def test_a_number_starts_a_new_call_in_that_category(console):
    response = console.get("/staff/hotline/new/", {"category": "2"})
    assert response["Location"] == "/staff/hotline/new/sabotage/"


def test_a_slug_works_too(console):
    assert console.get("/staff/hotline/new/", {"category": "espionage"})["Location"] == (
        "/staff/hotline/new/espionage/"
    )


def test_an_unknown_number_comes_back_with_an_error(console):
    response = console.get("/staff/hotline/new/", {"category": "9"}, follow=True)
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_a_superscript_digit_is_an_unknown_category_not_an_error(console):
    response = console.get("/staff/hotline/new/", {"category": "²"}, follow=True)
    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()


def test_the_staff_menu_offers_the_hotline_to_call_roles_only(console, client, analyst_a):
    assert 'href="/staff/hotline/"' in console.get("/staff/").content.decode()
    login_staff(client, analyst_a)
    assert 'href="/staff/hotline/"' not in client.get("/staff/").content.decode()


def test_an_analyst_is_refused(client, analyst_a):
    login_staff(client, analyst_a)
    assert client.get("/staff/hotline/").status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login(client):
    assert client.get("/staff/hotline/")["Location"].startswith("/staff/login/")


def test_the_console_keeps_a_long_call_alive(console, settings):
    console.get("/staff/hotline/")
    assert console.session.get_expiry_age() == settings.CALL_SESSION_IDLE_SECONDS
