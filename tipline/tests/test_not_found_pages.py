"""A 404 looks like the side it happened on: the console's page for staff paths."""

import pytest

from tipline.test import login_staff

pytestmark = pytest.mark.django_db


def test_a_staff_404_is_a_console_page(client, analyst_a):
    response = login_staff(client, analyst_a).get("/staff/cases/TL-0000-NOTHERE/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Nothing here for you" in page or "此处没有" in page
    assert 'href="/staff/' in page  # the console's navigation, not the public site's


def test_a_public_404_stays_the_public_page(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
