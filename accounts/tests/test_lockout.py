import io

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from accounts.lockout import username_key
from audit.models import AuditEvent
from core import keyring
from tipline.test import PASSWORD, totp_code

pytestmark = pytest.mark.django_db

DEVICE = {"HTTP_USER_AGENT": "Mozilla/5.0 (X11) Firefox/128", "HTTP_ACCEPT": "text/html"}


def post_password(client, username, password):
    return client.post("/staff/login/", {"username": username, "password": password}, **DEVICE)


def fail_five_times(client, username="analyst_a"):
    return [post_password(client, username, f"wrong {i}").status_code for i in range(5)]


def test_five_failures_lock_the_username_even_against_the_right_password(client, analyst_a):
    assert fail_five_times(client) == [200, 200, 200, 200, 429]
    response = post_password(client, "analyst_a", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="auth.login_failed").count() == 6


def test_the_lockout_is_per_username_not_per_client(client, analyst_a, analyst_b):
    fail_five_times(client)
    response = post_password(client, "analyst_b", PASSWORD)
    assert response.status_code == 302


def test_it_stores_no_address_or_user_agent(client, analyst_a):
    fail_five_times(client)
    attempt = AccessAttempt.objects.get()
    assert attempt.username == username_key("analyst_a")
    assert attempt.ip_address is None
    assert attempt.user_agent == ""
    assert attempt.http_accept == ""
    assert PASSWORD not in attempt.post_data
    assert not AccessLog.objects.exists()
    assert not AccessFailureLog.objects.exists()


def test_a_successful_login_stores_no_access_log(client, analyst_a):
    post_password(client, "analyst_a", PASSWORD)
    client.post("/staff/login/otp/", {"code": totp_code(analyst_a)}, **DEVICE)
    assert not AccessLog.objects.exists()


def test_wrong_codes_count_towards_the_same_lockout(client, analyst_a):
    post_password(client, "analyst_a", PASSWORD)
    for _ in range(5):
        good = totp_code(analyst_a)  # also lifts django-otp's own growing delay
        client.post("/staff/login/otp/", {"code": str((int(good) + 1) % 1_000_000).zfill(6)})
    assert "_auth_user_id" not in client.session
    assert post_password(client, "analyst_a", PASSWORD).status_code == 429


def test_passing_both_factors_forgets_earlier_failures(client, analyst_a):
    for i in range(4):
        post_password(client, "analyst_a", f"wrong {i}")
    post_password(client, "analyst_a", PASSWORD)
    client.post("/staff/login/otp/", {"code": totp_code(analyst_a)})
    assert not AccessAttempt.objects.exists()


def test_it_stores_the_username_only_as_a_keyed_hash(client, analyst_a):
    post_password(client, "anlayst_a", "wrong")  # a typo: nobody's name, yet it is kept
    attempt = AccessAttempt.objects.get()
    assert attempt.username == username_key("anlayst_a") != username_key("analyst_a")
    assert "anlayst_a" not in f"{attempt.username} {attempt.post_data} {attempt.get_data}"
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert "anlayst_a" not in str(event.details)


def test_the_hash_is_keyed_by_the_keyring(settings, tmp_path):
    before = username_key("analyst_a")
    assert username_key("analyst_a") == before  # stable, so axes can count per username
    keyring.save(keyring.generate(), tmp_path / "other-keyring.json")
    settings.KEYRING_PATH = tmp_path / "other-keyring.json"
    assert username_key("analyst_a") != before  # a dump without the keyring confirms no name


def test_an_operator_can_lift_a_lockout_by_name(client, analyst_a):
    from django.core.management import call_command

    fail_five_times(client)
    call_command("unlock_staff", "analyst_a", stdout=io.StringIO())
    assert not AccessAttempt.objects.exists()
    assert post_password(client, "analyst_a", PASSWORD).status_code == 302
    assert AuditEvent.objects.filter(action="auth.unlocked").exists()
