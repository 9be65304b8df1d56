"""Letters and visits, step one: who may enter them, and choosing the channel and category."""

import pytest

from tipline.test import login_staff

pytestmark = pytest.mark.django_db
URL = "/staff/letters/"


def test_an_intake_officer_chooses_a_channel_and_a_category(client, intake_officer, category):
    login_staff(client, intake_officer)
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert 'name="channel"' in page.content.decode()
    chosen = client.get(URL, {"channel": "visit", "category": "espionage"})
    assert chosen.status_code == 302
    assert chosen["Location"] == "/staff/letters/new/visit/espionage/"


def test_a_bad_choice_shows_the_form_again(client, intake_officer, category):
    response = login_staff(client, intake_officer).get(URL, {"channel": "fax", "category": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"channel", "category"}


def test_the_nav_shows_letters_to_intake_officers_only(client, intake_officer, analyst_a):
    home = login_staff(client, intake_officer).get("/staff/", HTTP_ACCEPT_LANGUAGE="en")
    assert 'href="/staff/letters/"' in home.content.decode()
    other = login_staff(client, analyst_a).get("/staff/", HTTP_ACCEPT_LANGUAGE="en")
    assert 'href="/staff/letters/"' not in other.content.decode()


@pytest.mark.parametrize("url", [URL, "/staff/letters/new/letter/espionage/"])
def test_staff_without_the_intake_role_get_403(client, analyst_a, category, url):
    assert login_staff(client, analyst_a).get(url).status_code == 403


@pytest.mark.parametrize("url", [URL, "/staff/letters/new/letter/espionage/"])
def test_anonymous_visitors_are_sent_to_the_login(client, category, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")


@pytest.mark.parametrize(
    "url", ["/staff/letters/new/fax/espionage/", "/staff/letters/new/letter/no-such-category/"]
)
def test_an_unknown_channel_or_category_is_404(client, intake_officer, category, url):
    assert login_staff(client, intake_officer).get(url).status_code == 404
