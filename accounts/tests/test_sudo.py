import time

import pytest
from django.test import RequestFactory

from accounts import sudo
from audit.models import AuditEvent
from tipline.test import api_token_for, login_staff, make_sudo, totp_code

pytestmark = pytest.mark.django_db

SUDO_PAGE = "/staff/tokens/"  # issuing an API token is a sudo act


def issue(client, user):
    return client.post(SUDO_PAGE, {"user": user.pk, "name": "crm", "days": 30})


def test_a_sudo_act_without_a_fresh_code_goes_to_the_sudo_page(client, admin_user):
    login_staff(client, admin_user)
    response = issue(client, admin_user)
    assert response.status_code == 302
    assert response["Location"] == "/staff/sudo/?next=/staff/tokens/"


def test_the_sudo_page_needs_a_staff_login(client):
    response = client.get("/staff/sudo/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/login/")


def test_a_right_code_makes_the_session_fresh_and_is_audited(client, admin_user):
    login_staff(client, admin_user)
    response = client.post(
        "/staff/sudo/", {"code": totp_code(admin_user), "next": "/staff/tokens/"}
    )
    assert response["Location"] == "/staff/tokens/"
    assert issue(client, admin_user).status_code == 200
    assert AuditEvent.objects.filter(action="auth.sudo", actor=admin_user).exists()


def test_a_wrong_code_is_refused_and_audited(client, admin_user):
    login_staff(client, admin_user)
    good = totp_code(admin_user)
    response = client.post("/staff/sudo/", {"code": str((int(good) + 1) % 1_000_000).zfill(6)})
    assert response.status_code == 200
    assert issue(client, admin_user).status_code == 302
    assert AuditEvent.objects.filter(action="auth.sudo_failed", actor=admin_user).exists()


def test_freshness_lasts_five_minutes(client, admin_user):
    login_staff(client, admin_user)
    make_sudo(client)
    session = client.session
    session[sudo.SESSION_KEY] = time.time() - 5 * 60 - 1
    session.save()
    assert issue(client, admin_user).status_code == 302


def test_an_api_token_is_never_fresh(analyst_a):
    request = RequestFactory().get("/")
    request.session = {sudo.SESSION_KEY: time.time()}
    assert sudo.is_fresh(request)
    request.staff_api_token = api_token_for(analyst_a)
    assert not sudo.is_fresh(request)
