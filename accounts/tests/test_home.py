import pytest

from tipline.test import login_staff, make_staff

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"] == "/staff/login/?next=%2Fstaff%2F"


def test_a_password_alone_is_not_enough(client, analyst_a):
    client.force_login(analyst_a)
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/otp/")


def test_it_greets_the_user_with_unit_and_roles(client, analyst_a):
    login_staff(client, analyst_a)
    response = client.get("/staff/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    assert "analyst_a" in body
    assert analyst_a.unit.name_zh in body or analyst_a.unit.name_en in body
    assert "Analyst" in body or "分析" in body
    assert 'action="/staff/logout/"' in body


def test_the_nav_shows_only_what_the_roles_open(client, analyst_a, auditor, unit_a):
    login_staff(client, analyst_a)
    assert "/staff/audit/" not in client.get("/staff/").content.decode()
    assert "/staff/tokens/" in client.get("/staff/").content.decode()  # their own tokens
    login_staff(client, auditor)
    assert "/staff/audit/" in client.get("/staff/").content.decode()
    login_staff(client, make_staff("no_roles_yet", unit_a))
    assert "/staff/tokens/" not in client.get("/staff/").content.decode()
