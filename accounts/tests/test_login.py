import pytest

from accounts.actions import do_create_service_account
from accounts.lockout import username_key
from accounts.models import Role
from audit.models import AuditEvent
from tipline.test import PASSWORD, login_staff, totp_code

pytestmark = pytest.mark.django_db


def post_password(client, username, password=PASSWORD, **extra):
    return client.post("/staff/login/", {"username": username, "password": password, **extra})


def post_code(client, code, **extra):
    return client.post("/staff/login/otp/", {"code": code, **extra})


def actions() -> list[str]:
    return list(
        AuditEvent.objects.filter(action__startswith="auth.").values_list("action", flat=True)
    )


def test_the_login_page_renders(client):
    response = client.get("/staff/login/")
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


def test_a_password_leads_to_the_code_step_and_the_code_lets_in(client, analyst_a):
    response = post_password(client, "analyst_a", next="/staff/audit/")
    assert response.status_code == 302
    assert response["Location"] == "/staff/login/otp/?next=%2Fstaff%2Faudit%2F"
    assert client.get("/staff/").status_code == 302  # not yet: one factor only
    response = post_code(client, totp_code(analyst_a), next="/staff/")
    assert response.status_code == 302
    assert response["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200
    assert actions() == ["auth.login", "auth.otp"]


def test_it_refuses_a_wrong_password_and_audits_it(client, analyst_a):
    response = post_password(client, "analyst_a", "not the password")
    assert response.status_code == 200
    assert client.get("/staff/").status_code == 302
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert event.actor_label == "anonymous"
    assert event.details == {"username_hash": username_key("analyst_a")}
    assert "analyst_a" not in str(event.details)


def test_a_service_account_cannot_log_in_even_with_a_password(client, unit_a):
    account = do_create_service_account(
        "svc-case-system", unit=unit_a, roles=[Role.ANALYST], actor="system"
    )
    account.set_password(PASSWORD)  # as an administrator could in the Django admin
    account.save()
    response = post_password(client, "svc-case-system")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert actions() == ["auth.login_failed"]


def test_a_service_account_session_is_no_way_into_the_console(client, unit_a):
    account = do_create_service_account(
        "svc-case-system", unit=unit_a, roles=[Role.ANALYST], actor="system"
    )
    client.force_login(account)
    assert client.get("/staff/").status_code == 302


def test_it_refuses_a_wrong_code_and_audits_it(client, analyst_a):
    post_password(client, "analyst_a")
    good = totp_code(analyst_a)
    bad = str((int(good) + 1) % 1_000_000).zfill(6)
    response = post_code(client, bad)
    assert response.status_code == 200
    assert client.get("/staff/").status_code == 302
    assert AuditEvent.objects.filter(action="auth.otp_failed", actor=analyst_a).count() == 1


def test_a_code_cannot_be_used_twice(client, analyst_a):
    post_password(client, "analyst_a")
    code = totp_code(analyst_a)
    post_code(client, code)
    client.post("/staff/logout/")
    post_password(client, "analyst_a")
    post_code(client, code)
    assert client.get("/staff/").status_code == 302


def test_the_code_step_needs_the_password_step_first(client, analyst_a):
    response = post_code(client, totp_code(analyst_a))
    assert response.status_code == 302
    assert response["Location"] == "/staff/login/"


def test_a_user_without_a_device_is_told_to_enrol(client, analyst_a):
    analyst_a.totpdevice_set.all().delete()
    response = post_password(client, "analyst_a")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.get(action="auth.login_failed").details["reason"] == "not enrolled"


def test_it_ignores_a_next_pointing_elsewhere(client, analyst_a):
    post_password(client, "analyst_a")
    response = post_code(client, totp_code(analyst_a), next="https://evil.example/")
    assert response["Location"] == "/staff/"


def test_logout_needs_a_post_and_is_audited(client, analyst_a):
    login_staff(client, analyst_a)
    assert client.get("/staff/logout/").status_code == 405
    response = client.post("/staff/logout/")
    assert response["Location"] == "/staff/login/"
    assert client.get("/staff/").status_code == 302
    assert AuditEvent.objects.filter(action="auth.logout", actor=analyst_a).exists()


def test_an_inactive_user_cannot_log_in(client, analyst_a):
    analyst_a.is_active = False
    analyst_a.save()
    post_password(client, "analyst_a")
    assert "_auth_user_id" not in client.session


def test_after_logout_the_login_page_confirms_it(client, analyst_a):
    login_staff(client, analyst_a)
    response = client.post("/staff/logout/", follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "You have signed out." in response.content.decode()
